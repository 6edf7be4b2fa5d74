/// The entry points for parsing kpiq source.
///
/// Parsing never throws and never stops at the first mistake: each statement that fails is
/// reported and skipped, and the parser goes on with the next one, so a script shows all its
/// problems in one run.
public enum Parser {
    /// Every statement of `source` that parsed, and every diagnostic the lexer and parser
    /// raised, in source order, each attached to `source`.
    public static func parse(_ source: SourceFile) -> Script {
        let (tokens, lexerDiagnostics) = Lexer.tokenize(source)
        var parser = ScriptParser(source: source, tokens: tokens)
        let statements = parser.parseScript()
        return Script(
            source: source,
            statements: statements,
            diagnostics: merge(lexerDiagnostics, parser.diagnostics)
        )
    }

    /// One expression filling the whole of `source`; nil when there are errors.
    public static func parseExpression(_ source: SourceFile) -> (Expr?, [Diagnostic]) {
        let (tokens, lexerDiagnostics) = Lexer.tokenize(source)
        var parser = ScriptParser(source: source, tokens: tokens)
        let expression = parser.parseStandaloneExpression()
        let diagnostics = merge(lexerDiagnostics, parser.diagnostics)
        let failed = diagnostics.contains { $0.severity == .error }
        return (failed ? nil : expression, diagnostics)
    }

    /// Lexer and parser diagnostics interleaved by position (the sort is stable, so two at the
    /// same place keep the lexer's first).
    private static func merge(_ lexer: [Diagnostic], _ parser: [Diagnostic]) -> [Diagnostic] {
        (lexer + parser).enumerated()
            .sorted { ($0.element.span?.lower ?? 0, $0.offset) < ($1.element.span?.lower ?? 0, $1.offset) }
            .map(\.element)
    }
}
