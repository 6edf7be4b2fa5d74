/// Turns kpiq source text into tokens.
///
/// The lexer is a cursor over the source's UTF-8 bytes. It never throws: text it cannot read
/// becomes an `.error` token plus a diagnostic, and it always moves forward, so it ends on any
/// input. It also decides where statements end, so the parser sees a `.newline` token only
/// where a line break really closes a statement (see `Lexer+Layout.swift`).
public struct Lexer {
    let source: SourceFile
    let bytes: [UInt8]
    /// Offset of the next unread byte.
    var position = 0
    /// How many `(` are open in the current statement.
    var parenDepth = 0
    /// True until the current statement has a token, so blank lines and repeated line breaks
    /// produce no `.newline` tokens.
    var statementIsEmpty = true
    /// True when the last token asks for more (a comma, an operator, a word such as `by`),
    /// so the next line break does not end the statement.
    var lastTokenContinues = false
    /// True when the text ended inside a string that has no closing quote.
    var endedInsideString = false
    /// True when the last thing read was a `\` line continuation (the text ends mid-statement).
    var endedWithContinuation = false
    /// True right after a `help` that opens a statement: the next word is a topic, and a
    /// line break after it ends the statement even for `help where` or `help and`.
    var afterLeadingHelp = false

    /// Problems found so far, each located in `source`.
    public private(set) var diagnostics: [Diagnostic] = []

    public init(source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
    }

    /// All tokens of `source`, ending with `.endOfFile`, and the diagnostics for the text that
    /// could not be read.
    public static func tokenize(_ source: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source: source)
        let tokens = lexer.tokenizeAll()
        return (tokens, lexer.diagnostics)
    }

    /// Reads every remaining token, up to and including `.endOfFile`.
    public mutating func tokenizeAll() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = nextToken()
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    /// The next token that matters to the parser; `.endOfFile` (repeatedly) at the end.
    public mutating func nextToken() -> Token {
        while true {
            skipSpacesAndComments()
            guard let byte = peek() else {
                return Token(.endOfFile, "", Span.at(bytes.count))
            }
            if byte == .lineFeed {
                let span = Span(position, position + 1)
                position += 1
                if endsStatementHere() {
                    statementIsEmpty = true
                    afterLeadingHelp = false
                    return Token(.newline, "\n", span)
                }
                continue
            }
            if byte == .backslash, skipLineContinuation() {
                continue
            }
            let token = scanToken()
            record(token)
            return token
        }
    }

    // MARK: - Cursor

    func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    @discardableResult
    mutating func advance() -> UInt8 {
        let byte = bytes[position]
        position += 1
        return byte
    }

    mutating func match(_ expected: UInt8) -> Bool {
        guard peek() == expected else { return false }
        position += 1
        return true
    }

    func text(_ lower: Int, _ upper: Int) -> String {
        String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    func makeToken(_ kind: TokenKind, from start: Int) -> Token {
        Token(kind, text(start, position), Span(start, position))
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic.located(in: source))
    }

    /// An `.error` token covering `start..<position`, reported with `diagnostic`.
    mutating func errorToken(from start: Int, _ diagnostic: Diagnostic) -> Token {
        report(diagnostic)
        return makeToken(.error, from: start)
    }

    // MARK: - Tokens

    private mutating func scanToken() -> Token {
        let start = position
        let byte = advance()
        switch byte {
        case .leftParen:
            parenDepth += 1
            return makeToken(.leftParen, from: start)
        case .rightParen:
            parenDepth = Swift.max(0, parenDepth - 1)
            return makeToken(.rightParen, from: start)
        case .comma: return makeToken(.comma, from: start)
        case .semicolon: return makeToken(.semicolon, from: start)
        case .plus: return makeToken(.plus, from: start)
        case .star: return makeToken(.star, from: start)
        case .slash: return makeToken(.slash, from: start)
        case .minus:
            let kind: TokenKind = match(.greater) ? .arrow : .minus
            return makeToken(kind, from: start)
        case .equal:
            _ = match(.equal)
            return makeToken(.equal, from: start)
        case .less:
            if match(.equal) { return makeToken(.lessEqual, from: start) }
            if match(.greater) { return makeToken(.notEqual, from: start) }
            return makeToken(.less, from: start)
        case .greater:
            let kind: TokenKind = match(.equal) ? .greaterEqual : .greater
            return makeToken(kind, from: start)
        case .bang where peek() == .equal:
            position += 1
            return makeToken(.notEqual, from: start)
        case .dot:
            if let next = peek(), next.isDigit {
                position = start
                return scanNumber()
            }
            return makeToken(.dot, from: start)
        case .doubleQuote, .singleQuote:
            return scanString(quote: byte, from: start)
        case .backquote:
            return scanQuotedIdentifier(from: start)
        case _ where byte.isDigit:
            position = start
            return scanNumber()
        case _ where byte.isWordStart || isAlphabeticScalar(at: start):
            position = start
            return scanWord()
        default:
            position = start
            return scanUnexpectedCharacters()
        }
    }

    /// A word: `[A-Za-z_][A-Za-z0-9_]*`. Letters outside ASCII are read into the same word, so
    /// that `café` is reported once, as a name that needs backquotes.
    private mutating func scanWord() -> Token {
        let start = position
        var isASCII = true
        while let next = peek() {
            if next.isWordPart {
                position += 1
            } else if isAlphabeticScalar(at: position) {
                isASCII = false
                skipScalar()
            } else {
                break
            }
        }
        guard isASCII else {
            return errorToken(from: start, LexerDiagnostics.nonASCIIName(text(start, position), at: Span(start, position)))
        }
        return makeToken(.identifier, from: start)
    }

    /// True when a letter outside ASCII (`é`, `ü`, `名`) starts at `offset`.
    private func isAlphabeticScalar(at offset: Int) -> Bool {
        guard offset < bytes.count, bytes[offset] >= 0x80 else { return false }
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0b1100_0000 == 0b1000_0000 { end += 1 }
        return text(offset, end).unicodeScalars.first?.properties.isAlphabetic ?? false
    }

    /// A run of characters that start no token, reported once.
    private mutating func scanUnexpectedCharacters() -> Token {
        let start = position
        repeat {
            skipScalar()
        } while peek().map(startsNoToken) ?? false
        let found = text(start, position)
        return errorToken(from: start, LexerDiagnostics.unexpectedCharacters(found, at: Span(start, position)))
    }

    /// Moves past one Unicode scalar (its lead byte and continuation bytes).
    mutating func skipScalar() {
        position += 1
        while let next = peek(), next & 0b1100_0000 == 0b1000_0000 { position += 1 }
    }

    /// True for a byte that cannot begin any token, whitespace or comment.
    private func startsNoToken(_ byte: UInt8) -> Bool {
        if byte.isWordStart || byte.isDigit || byte.isBlank || byte == .lineFeed { return false }
        if isAlphabeticScalar(at: position) { return false }
        switch byte {
        case .leftParen, .rightParen, .comma, .semicolon, .plus, .minus, .star, .slash, .equal,
             .less, .greater, .dot, .doubleQuote, .singleQuote, .backquote, .hash, .backslash:
            return false
        case .bang:
            return peek(1) != .equal
        default:
            return true
        }
    }
}
