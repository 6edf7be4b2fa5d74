/// Tells the REPL whether what was typed so far is a finished statement.
public enum InputCompleteness {
    /// True when `text` stops in the middle of a statement, so the REPL should read another
    /// line: a `(` is open, a string has no closing quote, the text ends with `\`, or its last
    /// token asks for more (a comma, an operator, or a word such as `by`, `where` or `and`).
    ///
    /// The answer comes from the lexer's own layout rules, so the REPL and scripts agree on
    /// where statements end.
    public static func needsContinuation(_ text: String) -> Bool {
        var lexer = Lexer(source: SourceFile(name: "<input>", text: text))
        _ = lexer.tokenizeAll()
        if lexer.endedInsideString || lexer.endedWithContinuation { return true }
        return !lexer.statementIsEmpty && (lexer.parenDepth > 0 || lexer.lastTokenContinues)
    }
}
