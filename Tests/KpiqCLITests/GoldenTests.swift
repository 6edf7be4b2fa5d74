import Foundation
import KpiqCLI
import KpiqLanguage
import Testing

/// Golden scripts: each `.kpiq` under `Tests/Golden` (and `examples/tour.kpiq`) runs in a fresh
/// session; what it prints must equal the `.expected` file beside it. Run with
/// `KPIQ_RECORD=1` to write the expected files anew after a deliberate change.
struct GoldenTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var scripts: [String] {
        let golden = repositoryRoot.appendingPathComponent("Tests/Golden")
        let found = (FileManager.default.enumerator(atPath: golden.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".kpiq") }
            .map { "Tests/Golden/" + $0 }
        return (found + ["examples/tour.kpiq"]).sorted()
    }

    /// Runs a script the way `kpiq --continue-on-error FILE` would, capturing both streams.
    static func transcript(of relativePath: String) throws -> String {
        let path = repositoryRoot.appendingPathComponent(relativePath).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let results = TextSink(), messages = TextSink()
        let session = Session(results: results, messages: messages)
        session.continueOnError = true
        session.terminalWidth = 100
        let outcome = session.run(SourceFile(name: relativePath, text: text), directory: (path as NSString).deletingLastPathComponent)
        var transcript = results.text
        if !messages.text.isEmpty { transcript += "---- messages ----\n" + messages.text }
        transcript += "---- \(outcome.failed ? "failed" : "ok") ----\n"
        // Paths in messages are absolute (the script's folder); keep them relative to the
        // repository so that the expected files hold in any checkout.
        return transcript.replacingOccurrences(of: repositoryRoot.path + "/", with: "")
    }

    @Test("golden script", arguments: scripts)
    func golden(_ script: String) throws {
        let actual = try Self.transcript(of: script)
        let expectedPath = Self.repositoryRoot.appendingPathComponent(script).deletingPathExtension().appendingPathExtension("expected").path
        if ProcessInfo.processInfo.environment["KPIQ_RECORD"] != nil {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8) else {
            Issue.record("no \(expectedPath): run the tests with KPIQ_RECORD=1 to record it")
            return
        }
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actualLines.count, expectedLines.count)
            let got = first < actualLines.count ? String(actualLines[first]) : "<end>"
            let wanted = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
            Issue.record("\(script) differs at line \(first + 1):\n  expected: \(wanted)\n  actual:   \(got)\n\nwhole output:\n\(actual)")
        }
    }
}
