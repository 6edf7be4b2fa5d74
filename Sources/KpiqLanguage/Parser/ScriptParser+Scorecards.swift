/// `scorecard name = k, ...`, `scorecard name [by ...] [where ...] ...` and `explain change`.
extension ScriptParser {
    private static let scorecardClauses = ["by", "where", "vs", "order", "limit"]
    private static let changeClauses = ["by", "where", "vs", "limit"]

    /// `explain change k [by ...] [where ...] [vs ...] [limit n]`
    mutating func parseExplainChange() throws -> ExplainChangeStatement {
        let keyword = advance()
        let change = advance()
        let kpi = try parseIdentifier("a KPI name", after: change.span)
        let clauses = try parseClauses(Self.changeClauses)
        try expectQueryEnd(.statementEnd, clauses: Self.changeClauses)
        return ExplainChangeStatement(kpi: kpi, groupBy: clauses.groupBy, filter: clauses.filter, comparison: clauses.comparison,
                                      limit: clauses.limit, span: span(from: keyword.span))
    }

    /// A definition when the name is followed by `=`, else a scorecard query.
    mutating func parseScorecardStatement() throws -> Statement {
        if peek(1).kind == .identifier || peek(1).kind == .quotedIdentifier, peek(2).kind == .equal {
            let keyword = advance()
            let name = try parseIdentifier("a scorecard name", after: keyword.span)
            let equal = advance()
            var kpis: [Identifier] = []
            repeat {
                kpis.append(try parseIdentifier("a KPI name", after: previous.span.merged(with: equal.span)))
            } while match(.comma) != nil
            try expectStatementEnd(alternatives: ["`,`"])
            return .defineScorecard(DefineScorecardStatement(name: name, kpis: kpis, span: span(from: keyword.span)))
        }
        return .scorecard(try parseScorecard(endingAt: .statementEnd))
    }

    /// `scorecard name [by ...] [where ...] [vs ...] [order by ...] [limit n]`
    mutating func parseScorecard(endingAt end: QueryEnd) throws -> ScorecardStatement {
        let keyword = advance()
        let name = try parseIdentifier("a scorecard name", after: keyword.span)
        let clauses = try parseClauses(Self.scorecardClauses)
        try expectQueryEnd(end, clauses: Self.scorecardClauses)
        return ScorecardStatement(name: name, groupBy: clauses.groupBy, filter: clauses.filter, comparison: clauses.comparison,
                                  orderBy: clauses.orderBy, limit: clauses.limit, span: span(from: keyword.span))
    }
}
