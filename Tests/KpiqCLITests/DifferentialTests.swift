import Foundation
import Testing

/// The differential suite (`Tests/Differential/run.py`) run against the kpiq this `swift test` built:
/// on seeded generated data, every case's kpiq result must equal DuckDB's.
///
/// It needs `python3` with the `duckdb` package; without them the test fails and says so, because a
/// skipped differential suite looks the same as a passing one.
@Suite struct DifferentialTests {
    /// `Tests/KpiqCLITests/DifferentialTests.swift` → the repository root.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func kpiqAgreesWithDuckDB() throws {
        let kpiq = try Self.kpiqBinary()
        let runner = Self.repositoryRoot.appendingPathComponent("Tests/Differential/run.py")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", runner.path, "--kpiq", kpiq.path]
        process.currentDirectoryURL = Self.repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a full pipe would block the runner forever.
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        let status = process.terminationStatus
        switch status {
        case 0:
            // Not the runner's bare `differential: N passed, 0 failed`: a log reader could take that
            // for the closing line of the whole `swift test`.
            print("DifferentialTests: " + (output.split(separator: "\n").last.map(String.init) ?? ""))
        case 127:
            Issue.record("python3 is not on PATH: install Python 3, then `python3 -m pip install duckdb`\n\(output)")
        default:
            Issue.record("the differential suite exited \(status) (kpiq: \(kpiq.path)):\n\(output)")
        }
    }

    /// The kpiq executable to test: `KPIQ_BINARY` when set, else the one beside the test bundle,
    /// which is where `swift test` puts the executable it has just built.
    static func kpiqBinary() throws -> URL {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["KPIQ_BINARY"], !override.isEmpty {
            let url = URL(fileURLWithPath: override)
            guard fileManager.isExecutableFile(atPath: url.path) else {
                throw DifferentialSetupError("KPIQ_BINARY=\(override) is not an executable file")
            }
            return url
        }
        // Linux: the test binary is `.build/<triple>/debug/kpiqPackageTests.xctest`, and
        // Bundle.main is its directory. macOS: the `.xctest` bundle sits in that directory.
        var directories = [
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        directories += Bundle.allBundles
            .filter { $0.bundleURL.pathExtension == "xctest" }
            .map { $0.bundleURL.deletingLastPathComponent() }
        for directory in directories {
            let candidate = directory.appendingPathComponent("kpiq")
            if fileManager.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw DifferentialSetupError(
            "no kpiq executable beside the test bundle (looked in \(directories.map(\.path).joined(separator: ", "))); "
                + "run `swift build` first or set KPIQ_BINARY")
    }
}

struct DifferentialSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
