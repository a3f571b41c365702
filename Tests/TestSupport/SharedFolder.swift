import Foundation

/// `../shared` beside the repository: the extraction corpus and its gold facts, the
/// openCypher TCK, the benchmark harness. A fresh clone has nothing beside it, so the
/// suites that need it skip, saying why; under CI (`.ci/run` sets
/// `GUANXI_REQUIRE_SHARED=1`) they run and fail instead, so nothing is skipped there.
///
/// ```swift
/// @Suite(.enabled(if: SharedFolder.isUsable, "needs ../shared, which is absent"))
/// struct CorpusTests { … }
/// ```
public enum SharedFolder {
  /// The folder: `$GUANXI_SHARED`, else `shared/` beside the repository, else one level
  /// further up (a worktree kept in a subfolder); nil when none exists.
  public static let url: URL? = {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["GUANXI_SHARED"] { return URL(fileURLWithPath: path) }
    // Tests/TestSupport/SharedFolder.swift → the repository.
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let candidates = ["../shared", "../../shared"].map {
      repository.appendingPathComponent($0).standardized
    }
    return candidates.first { isFolder($0) }
  }()

  /// Whether the suites that need the folder must run even when it is absent (and fail).
  public static var isRequired: Bool {
    ProcessInfo.processInfo.environment["GUANXI_REQUIRE_SHARED"] == "1"
  }

  /// For `.enabled(if:)`: true when the folder is there, or when it is required.
  public static var isUsable: Bool { url != nil || isRequired }

  /// A path inside the folder (`corpus/docs`), or nil when the folder is absent.
  public static func path(_ relative: String) -> String? {
    url?.appendingPathComponent(relative).path
  }

  private static func isFolder(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }
}
