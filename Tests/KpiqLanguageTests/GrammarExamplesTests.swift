import Foundation
import KpiqLanguage
import Testing

/// The grammar's embedded examples and the example scripts must parse cleanly.
struct GrammarExamplesTests {
    /// The repository root: this file is `Tests/KpiqLanguageTests/<name>.swift`.
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// Every `(* example: ... *)` line of `grammar/kpiq.ebnf`.
    static let grammarExamples: [String] = {
        let path = repositoryRoot + "/grammar/kpiq.ebnf"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("(* example:"), trimmed.hasSuffix("*)") else { return nil }
            let body = trimmed.dropFirst("(* example:".count).dropLast(2)
            return body.trimmingCharacters(in: .whitespaces)
        }
    }()

    @Test func grammarHasExamples() {
        #expect(Self.grammarExamples.count >= 40)
    }

    @Test(arguments: grammarExamples)
    func grammarExampleParses(_ example: String) {
        let script = Parser.parse(SourceFile(name: "kpiq.ebnf example", text: example))
        #expect(script.diagnostics.isEmpty, "\(DiagnosticRenderer().render(script.diagnostics))")
        #expect(script.statements.count >= 1)
    }

    /// Every `*.kpiq` under `examples/` (none yet on some branches; each one found must parse).
    @Test func exampleScriptsParse() {
        let directory = Self.repositoryRoot + "/examples"
        let scripts = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".kpiq") }
            .sorted()
            .map { directory + "/" + $0 }
        if FileManager.default.fileExists(atPath: directory), scripts.isEmpty {
            Issue.record("examples/ exists but holds no .kpiq scripts")
        }
        for path in scripts {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                Issue.record("cannot read \(path)")
                continue
            }
            let script = Parser.parse(SourceFile(name: path, text: text))
            #expect(script.diagnostics.isEmpty, "\(DiagnosticRenderer().render(script.diagnostics))")
        }
    }
}
