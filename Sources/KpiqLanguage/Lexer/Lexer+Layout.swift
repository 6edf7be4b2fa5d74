/// Whitespace, comments, and where a line break ends a statement.
///
/// A statement ends at a line break unless the statement plainly goes on: a `(` is still open,
/// the line's last token asks for more (a comma, an operator or a word such as `by`), or the
/// line ends with `\`. Deciding this here keeps the parser free of layout rules, and lets the
/// REPL ask the same question (`InputCompleteness`).
extension Lexer {
    /// Words after which a line break does not end the statement.
    static let continuingWords: Set<String> = [
        "by", "where", "and", "or", "not", "from", "order", "as", "in", "between", "like", "is",
        "with", "to", "vs",
    ]

    /// Skips spaces, tabs, carriage returns and comments (`--` or `#` to the end of the line),
    /// stopping at a line feed.
    mutating func skipSpacesAndComments() {
        while let byte = peek() {
            if byte.isBlank {
                position += 1
            } else if byte == .hash || (byte == .minus && peek(1) == .minus) {
                while let next = peek(), next != .lineFeed { position += 1 }
            } else {
                return
            }
        }
    }

    /// Whether a line break at this point closes the current statement.
    func endsStatementHere() -> Bool {
        !statementIsEmpty && parenDepth == 0 && !lastTokenContinues
    }

    /// At a `\`: when only blanks or a comment follow it on its line, skips it and the line
    /// break so that the statement goes on, and returns true.
    mutating func skipLineContinuation() -> Bool {
        let start = position
        position += 1
        skipSpacesAndComments()
        guard peek() == nil || peek() == .lineFeed else {
            position = start
            return false
        }
        if peek() == .lineFeed { position += 1 }
        endedWithContinuation = true
        return true
    }

    /// Updates the statement state after a token is produced.
    mutating func record(_ token: Token) {
        endedWithContinuation = false
        if token.kind == .semicolon {
            // `;` always ends a statement, so an unclosed `(` before it cannot swallow the rest.
            statementIsEmpty = true
            parenDepth = 0
            lastTokenContinues = false
            afterLeadingHelp = false
            return
        }
        let isHelpTopic = afterLeadingHelp
        afterLeadingHelp = statementIsEmpty && token.kind == .identifier && token.text.lowercased() == "help"
        statementIsEmpty = false
        lastTokenContinues = !isHelpTopic && Self.continuesStatement(token)
    }

    static func continuesStatement(_ token: Token) -> Bool {
        switch token.kind {
        case .comma, .plus, .minus, .star, .slash, .equal, .notEqual, .less, .lessEqual,
             .greater, .greaterEqual, .arrow:
            return true
        case .identifier:
            return continuingWords.contains(token.text.lowercased())
        default:
            return false
        }
    }
}
