// swift-tools-version:6.0
import PackageDescription

// No package dependencies by design: Foundation, Dispatch and the system libcurl only.
// Linux only: the HTTP server is built on epoll and eventfd, and the signal handling on glibc (HTTPServer says so
// with an #error elsewhere).
let package = Package(
    name: "cancelbench",
    products: [
        .executable(name: "cancelbench", targets: ["cancelbench"]),
    ],
    targets: [
        // libcurl through typed `static inline` wrappers (shim.h); see .ci/run for the clang -Wall check.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Pure model: no I/O, no clock reads.
        .target(name: "LoadModel"),
        // HdrHistogram and its codecs (encoding, zlib, percentile text, .hlog lines): Foundation only.
        .target(name: "HdrHistogram"),
        // Results files (Reports/Results) and their HTML, SVG and JUnit rendering (Reports/Rendering).
        .target(name: "Reports", dependencies: ["HdrHistogram", "LoadModel"]),
        .target(name: "Transport", dependencies: ["CCurl", "CEpoll"]),
        // epoll and eventfd, which Swift's Glibc module does not export (header-only, no library).
        .systemLibrary(name: "CEpoll"),
        .target(name: "HTTPServer", dependencies: ["CEpoll"]),
        // The system under test in the self-test: it must never use the checker's code.
        .target(name: "ReferenceTarget", dependencies: ["HTTPServer"]),
        // The engine: a typed plan in, an outcome out. Everything that sends, records and judges a run.
        .target(name: "Harness", dependencies: ["HdrHistogram", "LoadModel", "Reports", "Transport", "HTTPServer", "ReferenceTarget", "FaultProxy"]),
        // Flags, printing and exit codes only: nothing here touches libcurl or the transport.
        // A loopback TCP proxy that adds latency, resets and partitions (`cancelbench proxy`): Foundation and Glibc only.
        .target(name: "FaultProxy"),
        .target(name: "CancelbenchCLI", dependencies: ["Harness", "LoadModel", "Reports", "HTTPServer", "ReferenceTarget", "FaultProxy"]),
        .executableTarget(name: "cancelbench", dependencies: ["CancelbenchCLI"]),
        .testTarget(name: "LoadModelTests", dependencies: ["LoadModel"]),
        .testTarget(name: "HdrHistogramTests", dependencies: ["HdrHistogram"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "HdrHistogram", "LoadModel"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "HTTPServer"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        .testTarget(name: "ReferenceTargetTests", dependencies: ["ReferenceTarget", "HTTPServer"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "LoadModel", "Reports", "ReferenceTarget"]),
        .testTarget(name: "CancelbenchCLITests", dependencies: ["CancelbenchCLI", "Harness", "Reports", "LoadModel", "ReferenceTarget", "HTTPServer", "FaultProxy"]),
        .testTarget(name: "FaultProxyTests", dependencies: ["FaultProxy", "Harness", "ReferenceTarget"]),
        // Seeded mutation loops over the parsers that read hostile input; corpus in fuzz/corpus (see scripts/fuzz).
        .testTarget(name: "FuzzTests", dependencies: ["LoadModel", "HTTPServer", "ReferenceTarget"]),
    ],
    swiftLanguageModes: [.v6]
)
