/// One lexical unit of kpiq source.
///
/// Keywords are not token kinds: kpiq has many contextual words (`time`, `format`, `quarter`)
/// that are also plausible column names, so words are `.identifier` tokens and the parser
/// recognises keywords by their lowercased text (`Token.isKeyword(_:)`).
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    public var span: Span
    /// The token's source text (for strings: the text between the quotes, unescaped;
    /// for quoted identifiers: the text between the backquotes).
    public var text: String

    public init(_ kind: TokenKind, _ text: String, _ span: Span) {
        self.kind = kind
        self.text = text
        self.span = span
    }

    /// True for an identifier whose lowercased text is `word` (keywords are case-insensitive).
    public func isKeyword(_ word: String) -> Bool {
        kind == .identifier && text.lowercased() == word
    }
}

public enum TokenKind: Hashable, Sendable {
    // Words and literals
    case identifier          // manager, kpi, Q3
    case quotedIdentifier    // `Order Date`
    case string              // "Won" or 'Won'
    case integer             // 42, 1_000
    case decimal             // 1.5, .5, 1e3
    case percent             // 60%, 12.5%
    case date                // 2017-03-01
    case period(PeriodGrain) // 2017-Q3 (.quarter), 2017-07 (.month), 2017-W05 (.week)
    case duration            // 4h, 30m, 2d

    // Punctuation and operators
    case leftParen, rightParen, comma, dot, semicolon
    case plus, minus, star, slash
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case arrow               // ->

    // Structure
    /// Ends a statement: a line break outside brackets that does not continue the statement.
    case newline
    case endOfFile
    /// Text the lexer could not read; the lexer also reports a diagnostic for it.
    case error
}

/// Words the language reserves: they cannot be used as bare names (quote them with
/// backquotes to use a column of that name).
public let reservedWords: Set<String> = [
    "and", "or", "not", "in", "is", "null", "true", "false", "between", "like",
    "where", "by", "from", "order", "limit", "as", "asc", "desc",
]
