// guanxi-tck: runs openCypher TCK feature files against the query engine.
//
//   swift run -c release guanxi-tck [--verbose] [FOLDER_OR_FILE…]
//
// Without arguments it runs `<package>/../shared/tck/features`. Prints passed, failed
// and unsupported scenarios per folder, then `N passed, N failed, N unsupported`.
import Foundation
import GuanxiTCK

var arguments = Array(CommandLine.arguments.dropFirst())
let verbose = arguments.contains("--verbose")
arguments.removeAll { $0 == "--verbose" }

/// The package root: the directory holding Package.swift, from this file's location.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()
/// `<package>/../shared/tck`, or the nearest `shared/tck` further up (for worktrees).
func findTCK() -> URL {
  var dir = packageRoot.deletingLastPathComponent()
  while dir.path != "/" {
    let candidate = dir.appendingPathComponent("shared/tck")
    if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("features").path) {
      return candidate
    }
    dir = dir.deletingLastPathComponent()
  }
  return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/tck")
}
let tckRoot = findTCK()
let folders = arguments.isEmpty ? [tckRoot.appendingPathComponent("features").path] : arguments
let runner = TCKRunner(graphsFolder: tckRoot.appendingPathComponent("graphs").path)
let report = runner.run(folders: folders)
if verbose {
  for r in report.results where r.outcome != .passed {
    print(
      "\(r.outcome.rawValue.uppercased()) \(r.folder) | \(r.feature) | \(r.scenario)\n    \(r.reason.prefix(600))"
    )
  }
}
for row in report.byFolder {
  let total = row.passed + row.failed + row.unsupported
  print(
    "\(row.folder): \(row.passed)/\(total) passed, \(row.failed) failed, \(row.unsupported) unsupported"
  )
}
print(report.summary)
