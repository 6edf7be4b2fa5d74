/// String literals and backquoted names.
extension Lexer {
    /// After the opening `"` or `'`. Escapes: `\\ \" \' \n \t`, and a doubled quote character.
    /// A string may span lines. One with no closing quote is reported at its opening quote,
    /// and only the rest of that line is taken as its text, so the lines after it still lex.
    mutating func scanString(quote: UInt8, from start: Int) -> Token {
        var value: [UInt8] = []
        var badEscape: Span?
        while let byte = peek() {
            position += 1
            if byte == quote {
                guard peek() == quote else {
                    if let badEscape {
                        let escape = text(badEscape.lower, badEscape.upper)
                        return errorToken(from: start, LexerDiagnostics.unknownEscape(escape, at: badEscape))
                    }
                    return Token(.string, String(decoding: value, as: UTF8.self), Span(start, position))
                }
                position += 1
                value.append(quote)
            } else if byte == .backslash, let escaped = peek() {
                let escapeStart = position - 1
                skipScalar()
                switch escaped {
                case .backslash, .doubleQuote, .singleQuote: value.append(escaped)
                case .lowerN: value.append(.lineFeed)
                case .lowerT: value.append(.tab)
                default:
                    // Scan on to the closing quote, so that the string is one error, not several.
                    if badEscape == nil { badEscape = Span(escapeStart, position) }
                }
            } else {
                value.append(byte)
            }
        }
        endedInsideString = true
        position = start + 1
        while let byte = peek(), byte != .lineFeed { position += 1 }
        return errorToken(from: start, LexerDiagnostics.unterminatedString(quote: quote, at: Span(start, start + 1)))
    }

    /// After the opening backquote: a name that may hold any character but a line break;
    /// a doubled backquote stands for one.
    mutating func scanQuotedIdentifier(from start: Int) -> Token {
        var value: [UInt8] = []
        while let byte = peek(), byte != .lineFeed {
            position += 1
            if byte == .backquote {
                guard peek() == .backquote else {
                    if value.isEmpty {
                        return errorToken(from: start, LexerDiagnostics.emptyQuotedName(at: Span(start, position)))
                    }
                    return Token(.quotedIdentifier, String(decoding: value, as: UTF8.self), Span(start, position))
                }
                position += 1
            }
            value.append(byte)
        }
        return errorToken(from: start, LexerDiagnostics.unterminatedQuotedName(at: Span(start, start + 1)))
    }
}
