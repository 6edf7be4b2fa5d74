/// Primary expressions: literals, names, calls and brackets.
extension ScriptParser {
    mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .integer, .decimal, .percent, .string, .date, .period, .duration:
            advance()
            return .literal(try literal(from: token), token.span)
        case .identifier:
            if let constant = Self.constants[token.text.lowercased()] {
                advance()
                return .literal(constant, token.span)
            }
            guard !reservedWords.contains(token.text.lowercased()) else {
                try fail(expected: "an expression")
            }
            let name = Identifier(token.text, span: token.span)
            advance()
            if check(.leftParen) { return .call(try parseCall(name)) }
            return .name(try parseQualification(of: name))
        case .quotedIdentifier:
            advance()
            return .name(try parseQualification(of: Identifier(token.text, span: token.span, quoted: true)))
        case .leftParen:
            advance()
            let inner = try parseExpression()
            _ = try expect(.rightParen, "`)`", after: inner.span)
            return inner
        default:
            try fail(expected: "an expression")
        }
    }

    /// The words that are literals.
    static let constants: [String: Literal] = [
        "true": .boolean(true), "false": .boolean(false), "null": .null,
    ]

    /// True when the current token can begin an expression.
    var canStartExpression: Bool {
        switch current.kind {
        case .integer, .decimal, .percent, .string, .date, .period, .duration, .quotedIdentifier,
             .leftParen, .minus:
            return true
        case .identifier:
            let word = current.text.lowercased()
            return !reservedWords.contains(word) || Self.constants[word] != nil || word == "not"
        default:
            return false
        }
    }

    /// `name` alone, or `name.column` when a `.` follows.
    private mutating func parseQualification(of first: Identifier) throws -> QualifiedName {
        guard let dot = match(.dot) else { return QualifiedName(name: first) }
        let column = try parseIdentifier("a column name", after: first.span.merged(with: dot.span))
        return QualifiedName(qualifier: first, name: column)
    }

    /// After the name of a call: `(args [where filter])`, `(where filter)`, `()` or `(*)`.
    private mutating func parseCall(_ name: Identifier) throws -> Call {
        advance()
        var arguments: [Expr] = []
        var filter: Expr?
        var expected = "`)`"
        if match(.star) != nil {
            // `count(*)` is `count()`.
            expected = "`where` or `)`"
        } else if !check(.rightParen) && !checkKeyword("where") {
            repeat {
                arguments.append(try parseExpression())
            } while match(.comma) != nil
            expected = "`,`, `where` or `)`"
        }
        if matchKeyword("where") != nil {
            filter = try parseExpression()
            expected = "`)`"
        }
        _ = try expect(.rightParen, expected, after: name.span.merged(with: previous.span))
        return Call(name: name, arguments: arguments, filter: filter, span: span(from: name.span))
    }

    // MARK: - Literals

    /// The value of a literal token. The lexer has checked its shape, so only the size of a
    /// whole number can still be wrong.
    mutating func literal(from token: Token) throws -> Literal {
        switch token.kind {
        case .integer:
            guard let value = Int64(token.text.filter { $0 != "_" }) else {
                report(ParserDiagnostics.numberTooLarge(token.text, at: token.span))
                throw ParseAbort()
            }
            return .integer(value)
        case .decimal:
            return .decimal(try decimalValue(token.text, token))
        case .percent:
            // Shifting the decimal point in the text keeps `0.1%` exact to the last digit.
            let hasExponent = token.text.contains { $0 == "e" || $0 == "E" }
            return .percent(hasExponent
                ? try decimalValue(token.text, token) / 100
                : try decimalValue(token.text + "e-2", token))
        case .duration:
            let unit = token.text.utf8.last!
            return .duration(try decimalValue(String(token.text.dropLast()), token) * Lexer.durationUnits[unit]!)
        case .string:
            return .string(token.text)
        case .date:
            let parts = token.text.split(separator: "-").map { Int($0)! }
            return .date(Int32(CivilDate.days(year: parts[0], month: parts[1], day: parts[2])!))
        case .period(let grain):
            let year = Int(token.text.prefix(4))!
            let number = Int(token.text.dropFirst(5).drop { !$0.isNumber })!
            return .period(PeriodLiteral(grain: grain, year: year, number: number))
        default:
            preconditionFailure("literal(from:) called with a \(token.kind) token")
        }
    }

    private mutating func decimalValue(_ text: String, _ token: Token) throws -> Double {
        guard let value = Double(text.filter { $0 != "_" }), value.isFinite else {
            report(ParserDiagnostics.numberTooLarge(token.text, at: token.span))
            throw ParseAbort()
        }
        return value
    }
}
