/// `kpi` and `show` queries, and `export` / `explain`, which wrap one.
extension ScriptParser {
    /// What follows a query: the end of the statement, or `to "path"` inside `export`.
    enum QueryEnd {
        case statementEnd
        case exportPath
    }

    /// The clauses a query may have, each at most once, in any order.
    struct QueryClauses {
        var from: Identifier?
        var groupBy: [Expr] = []
        var filter: Expr?
        var orderBy: [OrderItem] = []
        var limit: LimitClause?
        var comparison: ComparisonClause?
    }

    private static let kpiClauses = ["from", "by", "where", "vs", "order", "limit"]
    private static let showClauses = ["where", "order", "limit"]

    /// `kpi item, ... [from ds] [by expr, ...] [where expr] [order by ...] [limit n]`
    mutating func parseQuery(endingAt end: QueryEnd) throws -> QueryStatement {
        let keyword = advance()
        let items = try parseSelectItems()
        let clauses = try parseClauses(Self.kpiClauses)
        try expectQueryEnd(end, clauses: Self.kpiClauses)
        return QueryStatement(
            items: items, from: clauses.from, groupBy: clauses.groupBy, filter: clauses.filter,
            orderBy: clauses.orderBy, limit: clauses.limit, comparison: clauses.comparison,
            span: span(from: keyword.span)
        )
    }

    /// `show ds [item, ...] [where expr] [order by ...] [limit n]`
    mutating func parseShow(endingAt end: QueryEnd) throws -> ShowStatement {
        let keyword = advance()
        let dataset = try parseIdentifier("a dataset name", after: keyword.span)
        var columns: [SelectItem] = []
        if canStartExpression && !(end == .exportPath && checkKeyword("to")) {
            columns = try parseSelectItems()
        }
        let clauses = try parseClauses(Self.showClauses)
        try expectQueryEnd(end, clauses: Self.showClauses, columnsAllowed: columns.isEmpty)
        return ShowStatement(
            dataset: dataset, columns: columns, filter: clauses.filter, orderBy: clauses.orderBy,
            limit: clauses.limit, span: span(from: keyword.span)
        )
    }

    /// `export <kpi or show query> to "path"`
    mutating func parseExport() throws -> ExportStatement {
        let keyword = advance()
        let statement = try parseResultStatement(after: keyword.span, endingAt: .exportPath)
        let to = try expectKeyword("to")
        let path = try parseStringLiteral("a file path in quotes", after: to.span)
        try expectStatementEnd()
        return ExportStatement(statement: statement, path: path, span: span(from: keyword.span))
    }

    /// `explain <kpi or show query>`
    mutating func parseExplain() throws -> ExplainStatement {
        let keyword = advance()
        let statement = try parseResultStatement(after: keyword.span, endingAt: .statementEnd)
        return ExplainStatement(statement: statement, span: span(from: keyword.span))
    }

    private mutating func parseResultStatement(after keyword: Span, endingAt end: QueryEnd) throws -> ResultStatement {
        if checkKeyword("kpi") { return .query(try parseQuery(endingAt: end)) }
        if checkKeyword("show") { return .show(try parseShow(endingAt: end)) }
        try fail(expected: "`kpi` or `show`", after: keyword, hints: ParserDiagnostics.keywordHint(for: current, in: ["kpi", "show"]))
    }

    // MARK: - Parts

    /// `vs previous`, `vs year_ago` or `vs <period>` (`vs 2016-Q3`, `vs 2016`).
    private mutating func parseComparison(after keyword: Span) throws -> ComparisonClause {
        if let word = matchKeyword("previous") {
            return ComparisonClause(kind: .previous, span: keyword.merged(with: word.span))
        }
        if let word = matchKeyword("year_ago") {
            return ComparisonClause(kind: .yearAgo, span: keyword.merged(with: word.span))
        }
        guard canStartExpression else {
            try fail(expected: "`previous`, `year_ago` or a period such as `2017-Q2`", after: keyword)
        }
        let period = try parseExpression()
        return ComparisonClause(kind: .period(period), span: keyword.merged(with: period.span))
    }

    /// `expr [as name], ...`
    private mutating func parseSelectItems() throws -> [SelectItem] {
        var items: [SelectItem] = []
        repeat {
            let expression = try parseExpression()
            var alias: Identifier?
            if let keyword = matchKeyword("as") {
                alias = try parseIdentifier("a name for the column", after: keyword.span)
            }
            items.append(SelectItem(expression: expression, alias: alias, span: span(from: expression.span)))
        } while match(.comma) != nil
        return items
    }

    private mutating func parseClauses(_ allowed: [String]) throws -> QueryClauses {
        var clauses = QueryClauses()
        var seen = ClauseTracker()
        while let word = current.kind == .identifier ? current.text.lowercased() : nil, allowed.contains(word) {
            let keyword = advance()
            switch word {
            case "from":
                seen.note(word, at: keyword.span, in: &self)
                clauses.from = try parseIdentifier("a dataset name", after: keyword.span)
            case "by":
                seen.note(word, at: keyword.span, in: &self)
                clauses.groupBy = try parseExpressionList()
            case "where":
                seen.note(word, at: keyword.span, in: &self)
                clauses.filter = try parseExpression()
            case "vs":
                seen.note(word, at: keyword.span, in: &self)
                clauses.comparison = try parseComparison(after: keyword.span)
            case "order":
                let by = try expectKeyword("by", after: keyword.span)
                seen.note("order by", at: keyword.span.merged(with: by.span), in: &self)
                clauses.orderBy = try parseOrderItems()
            default:
                seen.note(word, at: keyword.span, in: &self)
                clauses.limit = try parseLimit(after: keyword.span)
            }
        }
        return clauses
    }

    private mutating func expectQueryEnd(_ end: QueryEnd, clauses: [String], columnsAllowed: Bool = false) throws {
        var alternatives = clauses.map { $0 == "order" ? "`order by`" : "`\($0)`" }
        if columnsAllowed { alternatives.insert("columns", at: 0) }
        switch end {
        case .statementEnd:
            try expectStatementEnd(alternatives: alternatives, keywords: clauses)
        case .exportPath:
            guard !checkKeyword("to") else { return }
            try fail(
                expected: ParserDiagnostics.alternatives(alternatives + ["`to`"]),
                mentionAfter: false,
                hints: ParserDiagnostics.keywordHint(for: current, in: clauses + ["to"])
            )
        }
    }

    private mutating func parseExpressionList() throws -> [Expr] {
        var expressions: [Expr] = []
        repeat {
            expressions.append(try parseExpression())
        } while match(.comma) != nil
        return expressions
    }

    /// `expr [asc|desc], ...`
    private mutating func parseOrderItems() throws -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            let expression = try parseExpression()
            var descending = false
            if matchKeyword("desc") != nil {
                descending = true
            } else {
                _ = matchKeyword("asc")
            }
            items.append(OrderItem(expression: expression, descending: descending, span: span(from: expression.span)))
        } while match(.comma) != nil
        return items
    }

    private mutating func parseLimit(after keyword: Span) throws -> LimitClause {
        guard let token = match(.integer) else {
            try fail(expected: "a whole number", after: keyword)
        }
        guard let count = Int(token.text.filter { $0 != "_" }) else {
            report(ParserDiagnostics.numberTooLarge(token.text, at: token.span))
            throw ParseAbort()
        }
        return LimitClause(count: count, span: keyword.merged(with: token.span))
    }
}
