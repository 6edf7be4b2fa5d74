// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "kpiq",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpiq", targets: ["kpiq"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The language: source text, spans, diagnostics, tokens, lexer, AST, parser.
        .target(name: "KpiqLanguage"),
        // The engine: storage, readers, catalog, checker, planner, executor.
        .target(name: "KpiqEngine", dependencies: ["KpiqLanguage", "CMalloc"]),
        // glibc's malloc.h; part of the C library, so nothing to link.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // libedit, for line editing in the interactive session.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The session, statement runner, renderers and line input.
        .target(name: "KpiqCLI", dependencies: ["KpiqLanguage", "KpiqEngine", "CEditLine"]),
        .executableTarget(
            name: "kpiq",
            dependencies: [
                "KpiqCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KpiqLanguageTests", dependencies: ["KpiqLanguage"]),
        .testTarget(name: "KpiqEngineTests", dependencies: ["KpiqEngine", "KpiqLanguage"]),
        .testTarget(
            name: "KpiqCLITests",
            dependencies: ["KpiqCLI", "KpiqEngine", "KpiqLanguage"],
            resources: []
        ),
    ]
)
