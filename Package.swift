// swift-tools-version:6.1
import PackageDescription

/// One set of Swift settings for every target, as in Hummingbird's manifest.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "claimtrace",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "claimtrace", targets: ["claimtrace"]),
        .library(name: "ClaimTrace", targets: ["ClaimTrace"]),
        .library(name: "ClaimTraceStore", targets: ["ClaimTraceStore"]),
        .library(name: "ClaimTraceReport", targets: ["ClaimTraceReport"]),
        .library(name: "ClaimTraceEncoder", targets: ["ClaimTraceEncoder"]),
        .library(name: "ClaimTraceServer", targets: ["ClaimTraceServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Without its default ConfigurationSupport trait: we configure from the command line.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        // Hummingbird's own service runner; the server tests stop a live server through it, gracefully.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C shims over system libraries.
        .target(
            name: "CICUShim",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // libxml2 itself: only the C shim below includes its headers (they pull in ICU's,
        // which would clash with Foundation's ICU module in Swift).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CHTMLShim", dependencies: ["CLibXML2"]),
        // zlib (gzip members of .warc.gz, deflate entries of .wacz, HTTP content encodings); its
        // init functions are macros, which the shim wraps.
        .target(name: "CZlibShim", linkerSettings: [.linkedLibrary("z")]),
        // OpenBLAS, opened at run time (see the header for why).
        .target(name: "CBLASShim", linkerSettings: [.linkedLibrary("dl")]),

        // The pure library: model, reading, text, stages, pipeline. No DB, no HTTP.
        .target(
            name: "ClaimTrace",
            dependencies: ["CICUShim", "CHTMLShim", "CZlibShim"],
            resources: [.process("Resources")],
            swiftSettings: swiftSettings
        ),
        // The sentence encoder (all-MiniLM-L6-v2), independent of the rest of the library.
        .target(name: "ClaimTraceEncoder", dependencies: ["CBLASShim"], swiftSettings: swiftSettings),
        .target(
            name: "ClaimTraceStore",
            dependencies: [
                "ClaimTrace", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the progress handler that stops a search over its time budget.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ClaimTraceReport",
            dependencies: ["ClaimTrace"],
            swiftSettings: swiftSettings
        ),
        // The local web app and JSON API over a store.
        .target(
            name: "ClaimTraceServer",
            dependencies: [
                "ClaimTrace", "ClaimTraceStore", "ClaimTraceReport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "claimtrace",
            dependencies: [
                "ClaimTrace", "ClaimTraceStore", "ClaimTraceReport", "ClaimTraceEncoder", "ClaimTraceServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "ClaimTraceTests", dependencies: ["ClaimTrace"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ClaimTraceStoreTests",
            dependencies: ["ClaimTraceStore", "ClaimTrace"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClaimTraceEncoderTests",
            dependencies: ["ClaimTraceEncoder", "CBLASShim"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClaimTraceReportTests",
            dependencies: ["ClaimTraceReport", "ClaimTrace"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClaimTraceServerTests",
            dependencies: [
                "ClaimTraceServer", "ClaimTraceStore", "ClaimTrace",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "claimtraceTests",
            dependencies: [
                "claimtrace", "ClaimTrace", "ClaimTraceStore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
