/// `define kpi`, `define dimension`, and the option values of `load ... with (...)` and `set`.
extension ScriptParser {
    mutating func parseDefine() throws -> Statement {
        let keyword = advance()
        if let kpiKeyword = matchKeyword("kpi") {
            return .defineKPI(try parseDefineKPI(start: keyword.span, after: kpiKeyword.span))
        }
        if matchKeyword("dimension") != nil {
            return .defineDimension(try parseDefineDimension(start: keyword.span))
        }
        try fail(
            expected: "`kpi` or `dimension`",
            after: keyword.span,
            hints: ParserDiagnostics.keywordHint(for: current, in: ["kpi", "dimension"])
        )
    }

    /// `define kpi name = expr`, then `format f`, `target op value [warn value]` and a
    /// description string, in any order.
    private mutating func parseDefineKPI(start: Span, after kpiKeyword: Span) throws -> DefineKPIStatement {
        let name = try parseIdentifier("a KPI name", after: kpiKeyword)
        _ = try expect(.equal, "`=`", after: name.span)
        let expression = try parseExpression()
        var format: Identifier?
        var target: TargetClause?
        var description: StringLiteral?
        var seen = ClauseTracker()
        while true {
            if let keyword = matchKeyword("format") {
                seen.note("format", at: keyword.span, in: &self)
                format = try parseIdentifier("a format such as `percent` or `money`", after: keyword.span)
            } else if let keyword = matchKeyword("target") {
                seen.note("target", at: keyword.span, in: &self)
                target = try parseTarget(keyword: keyword)
            } else if let text = match(.string) {
                seen.note("description", at: text.span, in: &self)
                description = StringLiteral(text.text, span: text.span)
            } else {
                break
            }
        }
        try expectStatementEnd(
            alternatives: ["`format`", "`target`", "a description in quotes"],
            keywords: ["format", "target"]
        )
        return DefineKPIStatement(
            name: name, expression: expression, format: format, target: target,
            description: description, span: span(from: start)
        )
    }

    /// After `target`: `op value [warn value]`.
    private mutating func parseTarget(keyword: Token) throws -> TargetClause {
        guard let comparison = Self.comparisonOperator(current.kind), comparison != .notEqual else {
            try fail(expected: "`>=`, `<=`, `>`, `<` or `=`", after: keyword.span)
        }
        advance()
        let value = try parseExpression()
        var warn: Expr?
        if matchKeyword("warn") != nil {
            warn = try parseExpression()
        }
        return TargetClause(comparison: comparison, value: value, warn: warn, span: span(from: keyword.span))
    }

    /// `target k [op] from dataset by key`. A `target` followed by a comparison is the clause of
    /// a `define kpi` that a line break cut off, and is reported as such.
    mutating func parseGroupTarget() throws -> GroupTargetStatement {
        let keyword = advance()
        if Self.comparisonOperator(current.kind) != nil {
            report(ParserDiagnostics.unknownStatement(keyword.text, at: keyword.span))
            throw ParseAbort()
        }
        let kpi = try parseIdentifier("a KPI name", after: keyword.span)
        var comparison: BinaryOperator?
        if let op = Self.comparisonOperator(current.kind) {
            guard op != .notEqual else { try fail(expected: "`>=`, `<=`, `>`, `<`, `=` or `from`", after: kpi.span) }
            comparison = op
            advance()
        }
        let from = try expectKeyword("from", after: previous.span)
        let dataset = try parseIdentifier("a dataset name", after: from.span)
        let by = try expectKeyword("by", after: dataset.span)
        let key = try parseIdentifier("the column that names the groups", after: by.span)
        try expectStatementEnd()
        return GroupTargetStatement(kpi: kpi, comparison: comparison, dataset: dataset, key: key, span: span(from: keyword.span))
    }

    /// `define dimension dataset.name = expr`
    private mutating func parseDefineDimension(start: Span) throws -> DefineDimensionStatement {
        let target = try parseColumnReference(after: previous.span)
        _ = try expect(.equal, "`=`", after: target.span)
        let expression = try parseExpression()
        try expectStatementEnd()
        return DefineDimensionStatement(
            dataset: target.qualifier!, name: target.name, expression: expression, span: span(from: start)
        )
    }

    // MARK: - Option values

    /// `( name = value, ... )` after `with`.
    mutating func parseOptionList(after keyword: Span) throws -> [Option] {
        guard match(.leftParen) != nil else {
            try fail(expected: "`(`", after: keyword, hints: ["write options in brackets, as in `with (delimiter = \";\")`"])
        }
        return try parseOptionsInBrackets()
    }

    /// After `(`: `name = value, ...` and the closing `)`.
    private mutating func parseOptionsInBrackets() throws -> [Option] {
        var options: [Option] = []
        if !check(.rightParen) {
            repeat {
                let name = try parseIdentifier("an option name")
                let equal = try expect(.equal, "`=`", after: name.span)
                let value = try parseOptionValue(after: equal.span)
                options.append(Option(name: name, value: value, span: name.span.merged(with: value.span)))
            } while match(.comma) != nil
        }
        _ = try expect(.rightParen, options.isEmpty ? "an option name or `)`" : "`,` or `)`")
        return options
    }

    /// A literal, a word, `(value, ...)` or `(name = value, ...)`.
    mutating func parseOptionValue(after: Span) throws -> OptionValue {
        let token = current
        switch token.kind {
        case .leftParen:
            nestingDepth += 1
            defer { nestingDepth -= 1 }
            if nestingDepth > Self.maximumNesting {
                report(ParserDiagnostics.nestedTooDeeply(at: token.span))
                throw ParseAbort()
            }
            advance()
            let startsWithName = check(.identifier) || check(.quotedIdentifier)
            if startsWithName && peek(1).kind == .equal {
                let options = try parseOptionsInBrackets()
                return .options(options, span(from: token.span))
            }
            var values: [OptionValue] = []
            if !check(.rightParen) {
                repeat {
                    values.append(try parseOptionValue(after: previous.span))
                } while match(.comma) != nil
            }
            _ = try expect(.rightParen, values.isEmpty ? "a value or `)`" : "`,` or `)`")
            return .list(values, span(from: token.span))
        case .identifier:
            if let constant = Self.constants[token.text.lowercased()] {
                advance()
                return .literal(constant, token.span)
            }
            return .word(try parseIdentifier("a value", after: after))
        case .quotedIdentifier:
            return .word(try parseIdentifier("a value", after: after))
        case .integer, .decimal, .percent, .string, .date, .period, .duration:
            advance()
            return .literal(try literal(from: token), token.span)
        case .minus where [.integer, .decimal, .percent, .duration].contains(peek(1).kind):
            advance()
            let number = advance()
            return .literal(Self.negated(try literal(from: number)), token.span.merged(with: number.span))
        default:
            try fail(expected: "a value", after: after)
        }
    }

    private static func negated(_ literal: Literal) -> Literal {
        switch literal {
        case .integer(let value): return .integer(-value)
        case .decimal(let value): return .decimal(-value)
        case .percent(let value): return .percent(-value)
        case .duration(let value): return .duration(-value)
        default: return literal
        }
    }
}
