import KpiqLanguage

/// Helpers shared by the language tests.
enum TestSupport {
    static func source(_ text: String, name: String = "test.kpiq") -> SourceFile {
        SourceFile(name: name, text: text)
    }

    /// Tokens in a compact form: `id(kpi) int(12) , NL`; the final end of file is left out.
    static func tokenSummary(_ text: String) -> String {
        let (tokens, _) = Lexer.tokenize(source(text))
        return tokens.filter { $0.kind != .endOfFile }.map(summary).joined(separator: " ")
    }

    static func summary(_ token: Token) -> String {
        switch token.kind {
        case .identifier: return "id(\(token.text))"
        case .quotedIdentifier: return "quoted(\(token.text))"
        case .string: return "string(\(token.text))"
        case .integer: return "int(\(token.text))"
        case .decimal: return "dec(\(token.text))"
        case .percent: return "pct(\(token.text))"
        case .date: return "date(\(token.text))"
        case .period(let grain): return "\(grain.rawValue)(\(token.text))"
        case .duration: return "dur(\(token.text))"
        case .newline: return "NL"
        case .endOfFile: return "EOF"
        case .error: return "error(\(token.text))"
        default: return token.text
        }
    }

    /// Every diagnostic of `text`, rendered without color.
    static func renderedDiagnostics(_ text: String) -> String {
        let script = Parser.parse(source(text))
        return DiagnosticRenderer(color: false).render(script.diagnostics)
    }

    /// Each parsed statement printed by `ASTPrinter`, one a line.
    static func printedStatements(_ text: String) -> String {
        Parser.parse(source(text)).statements.map { ASTPrinter.print($0) }.joined(separator: "\n")
    }
}

/// A small seeded generator (SplitMix64), so that random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
