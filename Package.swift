// swift-tools-version: 6.0
// Guanxi: Chinese government news into a queryable knowledge graph.
// Toolchain only: no package dependencies (see ../shared/DESIGN.md, "Constraints").
import PackageDescription

let package = Package(
  name: "Guanxi",
  products: [
    .executable(name: "guanxi", targets: ["guanxi"]),
    .executable(name: "guanxi-bench-peer", targets: ["GuanxiBenchPeer"]),
    .executable(name: "guanxi-tck", targets: ["guanxi-tck"]),
  ],
  dependencies: [],
  targets: [
    .target(name: "GuanxiGraph"),
    .target(name: "GuanxiQuery", dependencies: ["GuanxiGraph"]),
    .target(name: "GuanxiExtract", dependencies: ["GuanxiGraph"], exclude: ["README.md", "ACCURACY.md"]),
    .target(name: "GuanxiExport", dependencies: ["GuanxiGraph"]),
    .target(
      name: "GuanxiShell",
      dependencies: ["GuanxiGraph", "GuanxiQuery", "GuanxiExtract", "GuanxiExport"]),
    .executableTarget(name: "guanxi", dependencies: ["GuanxiShell"]),
    // The openCypher TCK runner, shared by the test suite and the `guanxi-tck` command.
    .target(name: "GuanxiTCK", dependencies: ["GuanxiGraph", "GuanxiQuery"]),
    .executableTarget(name: "guanxi-tck", dependencies: ["GuanxiTCK"]),
    .executableTarget(
      name: "GuanxiBenchPeer",
      dependencies: ["GuanxiGraph", "GuanxiQuery", "GuanxiExport"],
      path: "Benchmarks/GuanxiBenchPeer"),
    .executableTarget(
      name: "guanxi-extract-bench", dependencies: ["GuanxiExtract"],
      path: "Benchmarks/GuanxiExtractBench"),
    .executableTarget(
      name: "guanxi-export-bench", dependencies: ["GuanxiGraph", "GuanxiExport"],
      path: "Benchmarks/GuanxiExportBench"),
    .executableTarget(
      name: "guanxi-html-bench", dependencies: ["GuanxiExtract"], path: "Benchmarks/GuanxiHTMLBench"
    ),
    .target(name: "TestSupport", dependencies: ["GuanxiGraph"], path: "Tests/TestSupport"),
    .testTarget(name: "GuanxiGraphTests", dependencies: ["GuanxiGraph", "TestSupport"]),
    .testTarget(
      name: "GuanxiQueryTests", dependencies: ["GuanxiQuery", "GuanxiTCK", "TestSupport"],
      exclude: ["Cases", "Golden"]),
    .testTarget(
      name: "GuanxiExtractTests", dependencies: ["GuanxiExtract", "TestSupport"],
      exclude: ["Pages", "Linking"]),
    .testTarget(
      name: "GuanxiExportTests", dependencies: ["GuanxiExport", "TestSupport"], exclude: ["Golden"]),
    .testTarget(name: "GuanxiShellTests", dependencies: ["GuanxiShell", "TestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
