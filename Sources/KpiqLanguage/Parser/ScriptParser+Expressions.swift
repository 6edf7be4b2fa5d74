/// Expressions, from the loosest-binding rule to the tightest:
/// `or` < `and` < `not` < comparison < `+ -` < `* /` < unary `-` < primary.
extension ScriptParser {
    mutating func parseExpression() throws -> Expr {
        nestingDepth += 1
        defer { nestingDepth -= 1 }
        try checkNesting()
        return try parseOr()
    }

    private mutating func parseOr() throws -> Expr {
        try parseLeftAssociative({ $0.isKeyword("or") ? .or : nil }, operand: { try $0.parseAnd() })
    }

    private mutating func parseAnd() throws -> Expr {
        try parseLeftAssociative({ $0.isKeyword("and") ? .and : nil }, operand: { try $0.parseNot() })
    }

    /// `operand { operator operand }`, grouping to the left: `a - b - c` is `(a - b) - c`.
    private mutating func parseLeftAssociative(
        _ operatorOf: (Token) -> BinaryOperator?,
        operand: (inout ScriptParser) throws -> Expr
    ) throws -> Expr {
        var left = try operand(&self)
        while let binary = operatorOf(current) {
            advance()
            try countOperator()
            let right = try operand(&self)
            left = .binary(binary, left, right, left.span.merged(with: right.span))
        }
        return left
    }

    private mutating func parseNot() throws -> Expr {
        guard let keyword = matchKeyword("not") else { return try parseComparison() }
        return try parsePrefixed(.not, at: keyword, operand: { try $0.parseNot() })
    }

    /// A prefix operator's operand. Each prefix counts as a level of nesting, so that a long
    /// run of `- - - x` or `not not ...` is bounded like brackets are.
    private mutating func parsePrefixed(
        _ prefix: UnaryOperator,
        at token: Token,
        operand: (inout ScriptParser) throws -> Expr
    ) throws -> Expr {
        nestingDepth += 1
        defer { nestingDepth -= 1 }
        try checkNesting()
        try countOperator()
        let operand = try operand(&self)
        return .unary(prefix, operand, token.span.merged(with: operand.span))
    }

    // MARK: - Comparisons

    /// Comparisons do not associate: `a < b < c` is an error, not `(a < b) < c`.
    private mutating func parseComparison() throws -> Expr {
        let left = try parseAdditive()
        guard let comparison = try parseComparisonTail(of: left) else { return left }
        if startsComparison() {
            report(ParserDiagnostics.chainedComparison(at: current.span))
            throw ParseAbort()
        }
        return comparison
    }

    private func startsComparison() -> Bool {
        if Self.comparisonOperator(current.kind) != nil { return true }
        if checkKeyword("not") { return Self.isNegatableComparison(peek(1)) }
        return Self.isNegatableComparison(current) || checkKeyword("is")
    }

    private static func isNegatableComparison(_ token: Token) -> Bool {
        token.isKeyword("in") || token.isKeyword("between") || token.isKeyword("like")
    }

    static func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        default: return nil
        }
    }

    /// The comparison that follows `left`, or nil when none does.
    private mutating func parseComparisonTail(of left: Expr) throws -> Expr? {
        if let comparison = Self.comparisonOperator(current.kind) {
            advance()
            try countOperator()
            let right = try parseAdditive()
            return .binary(comparison, left, right, left.span.merged(with: right.span))
        }
        var negated = false
        if checkKeyword("not"), Self.isNegatableComparison(peek(1)) {
            advance()
            negated = true
        }
        if let keyword = matchKeyword("in") {
            let values = try parseInList(after: keyword.span)
            return .inList(left, values, negated: negated, span(from: left.span))
        }
        if let keyword = matchKeyword("between") {
            try countOperator()
            let low = try parseAdditive()
            _ = try expectKeyword("and", after: span(from: keyword.span))
            let high = try parseAdditive()
            return .between(left, low: low, high: high, negated: negated, span(from: left.span))
        }
        if matchKeyword("like") != nil {
            try countOperator()
            let pattern = try parseAdditive()
            return .like(left, pattern: pattern, negated: negated, span(from: left.span))
        }
        if let keyword = matchKeyword("is") {
            let isNegated = matchKeyword("not") != nil
            _ = try expectKeyword("null", after: span(from: keyword.span))
            return .isNull(left, negated: isNegated, span(from: left.span))
        }
        return nil
    }

    /// `( value, ... )` after `in`.
    private mutating func parseInList(after keyword: Span) throws -> [Expr] {
        guard match(.leftParen) != nil else {
            try fail(expected: "`(`", after: keyword, hints: ["write the values in brackets, as in `in (\"Won\", \"Lost\")`"])
        }
        var values: [Expr] = []
        repeat {
            values.append(try parseExpression())
        } while match(.comma) != nil
        _ = try expect(.rightParen, "`,` or `)`")
        return values
    }

    // MARK: - Arithmetic

    private mutating func parseAdditive() throws -> Expr {
        try parseLeftAssociative({ $0.kind == .plus ? .add : $0.kind == .minus ? .subtract : nil }, operand: {
            try $0.parseMultiplicative()
        })
    }

    private mutating func parseMultiplicative() throws -> Expr {
        try parseLeftAssociative({ $0.kind == .star ? .multiply : $0.kind == .slash ? .divide : nil }, operand: {
            try $0.parseUnary()
        })
    }

    private mutating func parseUnary() throws -> Expr {
        guard let minus = match(.minus) else { return try parsePrimary() }
        return try parsePrefixed(.negate, at: minus, operand: { try $0.parseUnary() })
    }

    // MARK: - Limits

    private mutating func checkNesting() throws {
        guard nestingDepth <= Self.maximumNesting else {
            report(ParserDiagnostics.nestedTooDeeply(at: current.span))
            throw ParseAbort()
        }
    }

    private mutating func countOperator() throws {
        operatorCount += 1
        guard operatorCount <= Self.maximumOperators else {
            report(ParserDiagnostics.tooManyOperators(at: previous.span))
            throw ParseAbort()
        }
    }
}
