/// Thrown to abandon the statement being parsed. The diagnostic is recorded before it is
/// thrown (or was already reported by the lexer, for an `.error` token).
struct ParseAbort: Error {}

/// The recursive-descent parser: a cursor over the tokens, one method per grammar rule.
///
/// Each statement is parsed on its own. When a rule meets a token it cannot use, it records a
/// diagnostic and throws `ParseAbort`; `parseScript` then skips to the end of the statement
/// and goes on, so every mistake in a script is reported in one run.
struct ScriptParser {
    let source: SourceFile
    let tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    /// How many expressions are open around the cursor (brackets, calls, unary operators).
    var nestingDepth = 0
    /// Operators in the statement so far; bounds how deep a chain like `a + b + c ...` gets.
    var operatorCount = 0

    static let maximumNesting = 200
    static let maximumOperators = 1_000

    init(source: SourceFile, tokens: [Token]) {
        precondition(tokens.last?.kind == .endOfFile, "the lexer ends every token list with .endOfFile")
        self.source = source
        self.tokens = tokens
    }

    // MARK: - Script

    mutating func parseScript() -> [Statement] {
        var statements: [Statement] = []
        while true {
            skipStatementSeparators()
            if current.kind == .endOfFile { return statements }
            let diagnosticsBefore = diagnostics.count
            let statementStart = index
            operatorCount = 0
            do {
                let statement = try parseStatement()
                // A statement with a reported problem (a duplicate clause) is not kept.
                if diagnostics.count == diagnosticsBefore { statements.append(statement) }
            } catch {
                synchronize(after: statementStart)
            }
        }
    }

    /// One expression and nothing after it (separators aside).
    mutating func parseStandaloneExpression() -> Expr? {
        skipStatementSeparators()
        do {
            let expression = try parseExpression()
            skipStatementSeparators()
            if current.kind != .endOfFile {
                try fail(expected: "end of expression", mentionAfter: false)
            }
            return expression
        } catch {
            return nil
        }
    }

    // MARK: - Cursor

    var current: Token { tokens[index] }

    /// The token before the cursor (the first token when nothing was read yet).
    var previous: Token { tokens[Swift.max(0, index - 1)] }

    func peek(_ offset: Int) -> Token {
        tokens[Swift.min(index + offset, tokens.count - 1)]
    }

    /// True at a `.newline`, `;` or the end of input.
    var isAtStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .endOfFile: return true
        default: return false
        }
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if token.kind != .endOfFile { index += 1 }
        return token
    }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    func checkKeyword(_ word: String) -> Bool { current.isKeyword(word) }

    mutating func match(_ kind: TokenKind) -> Token? {
        check(kind) ? advance() : nil
    }

    mutating func matchKeyword(_ word: String) -> Token? {
        checkKeyword(word) ? advance() : nil
    }

    /// The token of `kind`, or a diagnostic "expected `what` after ..., found ...".
    mutating func expect(_ kind: TokenKind, _ what: String, after: Span? = nil) throws -> Token {
        if let token = match(kind) { return token }
        try fail(expected: what, after: after)
    }

    mutating func expectKeyword(_ word: String, after: Span? = nil) throws -> Token {
        if let token = matchKeyword(word) { return token }
        try fail(expected: "`\(word)`", after: after)
    }

    /// The span from `start` to the end of the last token read.
    func span(from start: Span) -> Span {
        start.merged(with: previous.span)
    }

    /// Moves past statement separators (line breaks and `;`).
    mutating func skipStatementSeparators() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    /// Skips to the end of the statement that began at `start`, after an error.
    ///
    /// It also stops at a line that seems to begin a new statement (see
    /// `beginsStatementOnNewLine`): an unclosed `(` or a trailing operator hides the line
    /// break from the parser, and without this one slip would swallow the following lines.
    mutating func synchronize(after start: Int) {
        if index == start { advance() }
        while !isAtStatementEnd && !beginsStatementOnNewLine { advance() }
    }

    /// True when the current token is a statement word (`kpi`, `load`, ...) at the start of a
    /// line that a line break did not end, because a bracket was open or the line before
    /// ended in an operator or a continuing word. Used only once something has gone wrong.
    var beginsStatementOnNewLine: Bool {
        guard index > 0, current.kind == .identifier,
              ParserDiagnostics.statementWords.contains(current.text.lowercased()) else { return false }
        return source.bytes[previous.span.upper..<current.span.lower].contains(UInt8(ascii: "\n"))
    }

    // MARK: - Reporting

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic.located(in: source))
    }

    /// Reports "expected `what` after `x`, found `y`" at the current token and abandons the
    /// statement; `x` is the text of `after`, or of the previous token when `after` is nil,
    /// and is left out when `mentionAfter` is false. At an `.error` token it only abandons:
    /// the lexer has reported that text.
    mutating func fail(
        expected what: String,
        after: Span? = nil,
        mentionAfter: Bool = true,
        hints: [String] = []
    ) throws -> Never {
        if current.kind == .error { throw ParseAbort() }
        let afterSpan = mentionAfter ? after ?? (index > 0 ? previous.span : nil) : nil
        report(ParserDiagnostics.expected(
            what,
            after: afterSpan.map { snippet($0) },
            found: describeCurrent(),
            at: offendingSpan(),
            hints: hints
        ))
        throw ParseAbort()
    }

    /// The current token's span, or just after the previous token when the line has ended
    /// (so the caret stands where the missing text belongs).
    func offendingSpan() -> Span {
        if isAtLineEnd { return Span.at(index > 0 ? previous.span.upper : current.span.lower) }
        return current.span
    }

    /// True at the end of a statement's line, or where a new statement seems to begin.
    private var isAtLineEnd: Bool {
        switch current.kind {
        case .newline, .endOfFile: return true
        default: return beginsStatementOnNewLine
        }
    }

    /// How the current token is named in "found ..." messages.
    func describeCurrent() -> String {
        isAtLineEnd ? "end of line" : "`\(snippet(current.span))`"
    }

    /// The source text of `span` on one line, shortened when long.
    func snippet(_ span: Span) -> String {
        let words = source.text(of: span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let text = words.joined(separator: " ")
        return text.count > 32 ? String(text.prefix(29)) + "..." : text
    }
}
