import Foundation

/// The real `kpiq` executable, run as a child process for the command-line tests.
///
/// Which file: `KPIQ_BINARY` when it is set; otherwise `kpiq` in the folder of the test
/// binary, where SwiftPM builds it (`.build/<triple>/debug/kpiq` beside
/// `kpiqPackageTests.xctest` on Linux, beside the `.xctest` bundle on macOS).
enum KpiqBinary {
    /// What one run printed and how it ended.
    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "exit \(status)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)" }
    }

    struct NotFound: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository checkout these tests belong to.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func locate() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["KPIQ_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw NotFound(description: "KPIQ_BINARY=\(path) is not an executable file")
            }
            return URL(fileURLWithPath: path)
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let folders = [Bundle.main.bundleURL, testBinary.deletingLastPathComponent()]
            + Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }.map { $0.deletingLastPathComponent() }
        for folder in folders {
            let candidate = folder.appendingPathComponent("kpiq")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw NotFound(description: "kpiq is not built beside the tests (looked in "
            + folders.map(\.path).joined(separator: ", ") + "): run `swift build`, or set KPIQ_BINARY")
    }

    /// Runs `kpiq arguments` in `directory` (the repository by default), with `input` on its
    /// standard input (empty when nil). Both output streams go through files, so a large
    /// output cannot block the child; a run that takes longer than `timeout` is killed.
    static func run(_ arguments: [String], input: String? = nil, in directory: URL? = nil,
                    timeout: TimeInterval = 120) throws -> Run {
        try run(executable: locate(), arguments, input: input, in: directory, timeout: timeout)
    }

    /// Runs any program the same way (used to put kpiq behind a pseudo-terminal).
    static func run(executable: URL, _ arguments: [String], input: String? = nil, in directory: URL? = nil,
                    timeout: TimeInterval = 120) throws -> Run {
        let scratch = try TemporaryFolder()
        defer { scratch.remove() }
        let inputFile = scratch.url.appendingPathComponent("stdin")
        let outputFile = scratch.url.appendingPathComponent("stdout")
        let errorFile = scratch.url.appendingPathComponent("stderr")
        try Data((input ?? "").utf8).write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repository
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "COLUMNS")
        process.environment = environment
        let stdin = try FileHandle(forReadingFrom: inputFile)
        let stdout = try FileHandle(forWritingTo: outputFile)
        let stderr = try FileHandle(forWritingTo: errorFile)
        defer { try? stdin.close(); try? stdout.close(); try? stderr.close() }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw NotFound(description: "\(executable.lastPathComponent) \(arguments) ran for more than \(Int(timeout)) s")
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   stdout: try String(contentsOf: outputFile, encoding: .utf8),
                   stderr: try String(contentsOf: errorFile, encoding: .utf8))
    }
}

/// A fresh folder under the system's temporary folder, for scripts, CSV files and exports.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kpiq-cli-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
