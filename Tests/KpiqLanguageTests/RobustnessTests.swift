import KpiqLanguage
import Testing

/// No input makes the lexer or parser crash, hang or run out of stack.
struct RobustnessTests {
    /// Random bytes (not necessarily UTF-8, NUL included) decoded the way a file would be.
    @Test(arguments: 0..<40)
    func randomBytesTerminate(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let length = Int.random(in: 0...2_000, using: &generator)
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let source = SourceFile(name: "random", text: String(decoding: bytes, as: UTF8.self))
        let script = Parser.parse(source)
        #expect(script.diagnostics.allSatisfy { $0.source === source && $0.span != nil })
        _ = InputCompleteness.needsContinuation(source.text)
        _ = DiagnosticRenderer().render(script.diagnostics)
    }

    /// Random sequences of kpiq's own pieces reach much deeper into the parser than bytes do.
    @Test(arguments: 0..<200)
    func randomTokenSoupTerminates(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed) &+ 1_000)
        let length = Int.random(in: 0...80, using: &generator)
        let text = (0..<length).map { _ in Self.pieces.randomElement(using: &generator)! }.joined(separator: " ")
        let source = SourceFile(name: "soup", text: text)
        let script = Parser.parse(source)
        for statement in script.statements { _ = ASTPrinter.print(statement) }
        #expect(script.diagnostics.allSatisfy { $0.source === source && $0.span != nil })
        _ = InputCompleteness.needsContinuation(text)
        _ = Parser.parseExpression(source)
    }

    static let pieces = [
        "load", "link", "time", "define", "kpi", "dimension", "show", "describe", "datasets",
        "kpis", "set", "run", "export", "explain", "help", "quit", "exit", "as", "with", "by",
        "where", "from", "order", "limit", "asc", "desc", "and", "or", "not", "in", "between",
        "like", "is", "null", "true", "false", "format", "target", "warn", "to", "deals", "x",
        "sum", "count", "`Order Date`", "\"Won\"", "'a", "\"", "12", "1.5", "60%", "4h",
        "2017-Q3", "2017-07", "2017-W05", "2017-03-01", "2017-02-30", "(", ")", ",", ".", ";",
        "+", "-", "*", "/", "=", "==", "!=", "<>", "<", "<=", ">", ">=", "->", "\n", "\\\n",
        "\\", "-- c\n", "# c\n", "@", "é", "\u{0}",
    ]

    @Test(arguments: [
        String(repeating: "(", count: 50_000) + "x",
        String(repeating: "- ", count: 50_000) + "x",
        String(repeating: "not ", count: 50_000) + "x",
        String(repeating: "f(", count: 50_000),
        "x" + String(repeating: " + x", count: 50_000),
        "x" + String(repeating: " and x", count: 50_000),
    ])
    func deepOrLongExpressionsAreRefused(_ expression: String) {
        let script = Parser.parse(SourceFile(name: "deep", text: "kpi " + expression + "\nkpi ok"))
        #expect(script.diagnostics.count == 1)
        let message = script.diagnostics.first?.message ?? ""
        #expect(message.hasPrefix("expression nested too deeply") || message.hasPrefix("statement too long"))
        #expect(script.statements.count == 1)
    }

    @Test func deeplyNestedOptionValuesAreRefused() {
        let script = Parser.parse(SourceFile(name: "deep", text: "set x = " + String(repeating: "(", count: 50_000)))
        #expect(script.diagnostics.map(\.message) == ["expression nested too deeply (more than 200 levels)"])
    }

    @Test func nestingUpToTheLimitParses() {
        let depth = 150
        let text = "kpi " + String(repeating: "f(", count: depth) + "x" + String(repeating: ")", count: depth)
        let script = Parser.parse(SourceFile(name: "nested", text: text))
        #expect(script.diagnostics.isEmpty)
        #expect(script.statements.count == 1)
    }

    @Test func largeScriptsParse() {
        let line = "kpi revenue, win_rate by manager where quarter = 2017-Q3 and s in (1, 2) order by revenue desc limit 5\n"
        let script = Parser.parse(SourceFile(name: "large", text: String(repeating: line, count: 5_000)))
        #expect(script.diagnostics.isEmpty)
        #expect(script.statements.count == 5_000)
    }
}
