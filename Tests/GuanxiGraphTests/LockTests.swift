import Foundation
import Testing

@testable import GuanxiGraph

@Suite struct LockTests {
  @Test func secondWriterInTheSameProcessIsRefused() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("g.gx")
    let first = try GraphFile.open(path, mode: .readWrite, createIfMissing: true)
    let error = graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readWrite)
    }
    #expect(error?.code == .locked)
    #expect(error?.message.hasPrefix("'\(path)' is being written by process \(getpid()) (") == true)
    // Readers take no lock.
    _ = try GraphFile.open(path, mode: .readOnly)
    first.close()
    let second = try GraphFile.open(path, mode: .readWrite)
    second.close()
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
  func writerInAnotherProcessIsRefusedNamingIt() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("g.gx")
    try GraphFile.open(path, mode: .readWrite, createIfMissing: true).close()
    let lockPath = path + ".lock"
    // The child takes the lock with flock(1), writes its holder line as Guanxi does, and
    // keeps the lock until its standard input closes.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
    child.arguments = [
      "-x", lockPath, "/bin/sh", "-c", "echo \"$$ guanxi repl g.gx\" > \"$0\"; read line || true",
      lockPath,
    ]
    let input = Pipe()
    child.standardInput = input
    try child.run()
    defer {
      try? input.fileHandleForWriting.close()
      child.waitUntilExit()
    }
    var holder = ""
    for _ in 0..<1000 where holder.isEmpty {
      holder = (try? String(contentsOfFile: lockPath, encoding: .utf8)) ?? ""
      if holder.isEmpty { usleep(10_000) }
    }
    let pid = try #require(holder.split(separator: " ").first.flatMap { Int32($0) })
    #expect(pid != getpid())
    let error = graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readWrite)
    }
    #expect(error?.code == .locked)
    #expect(error?.message == "'\(path)' is being written by process \(pid) (guanxi repl g.gx)")
    try input.fileHandleForWriting.close()
    child.waitUntilExit()
    #expect(child.terminationStatus == 0)
    try GraphFile.open(path, mode: .readWrite).close()
  }
}
