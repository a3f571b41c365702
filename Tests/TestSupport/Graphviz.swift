import Foundation

/// Runs Graphviz's `dot` for the tests that check our DOT output with the real tool.
public enum Graphviz {
  /// The `dot` executable, or nil when Graphviz is not installed
  /// (`apt-get install -y graphviz fonts-noto-cjk`; `.ci/run` installs it).
  public static var dotPath: String? {
    ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// What `dot -Tsvg` made of a DOT text.
  public struct Rendering: Sendable {
    public var status: Int32
    /// Everything `dot` printed on standard error: warnings and errors.
    public var messages: String
    public var svg: String
  }

  /// Renders `dot` text to SVG with the real tool.
  ///
  /// - Throws: `GraphvizMissing` when Graphviz is not installed, saying how to install it.
  public static func renderSVG(_ text: String) throws -> Rendering {
    guard let path = dotPath else { throw GraphvizMissing() }
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("guanxi-dot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("in.dot")
    let output = directory.appendingPathComponent("out.svg")
    try Data(text.utf8).write(to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["-Tsvg", input.path, "-o", output.path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let messages = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let svg = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    return Rendering(
      status: process.terminationStatus, messages: String(decoding: messages, as: UTF8.self),
      svg: svg)
  }
}

/// Graphviz is needed by a test and is not installed.
public struct GraphvizMissing: Error, CustomStringConvertible {
  public init() {}
  public var description: String {
    "Graphviz 'dot' is not installed: apt-get install -y graphviz fonts-noto-cjk"
  }
}
