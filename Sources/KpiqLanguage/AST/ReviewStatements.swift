/// The statements of KPI reviews: per-group targets, scorecards and `explain change`.

/// `target k [>= | <= | > | < | =] from ds by key`: the targets of KPI `k` per value of `key`,
/// read from dataset `ds` (its column `key`, and the column `k` or `target`, with an optional
/// `warn` column). The comparison defaults to the KPI's own, else `>=`.
public struct GroupTargetStatement: Sendable {
    public var kpi: Identifier
    public var comparison: BinaryOperator?
    public var dataset: Identifier
    public var key: Identifier
    public var span: Span

    public init(kpi: Identifier, comparison: BinaryOperator?, dataset: Identifier, key: Identifier, span: Span) {
        self.kpi = kpi
        self.comparison = comparison
        self.dataset = dataset
        self.key = key
        self.span = span
    }
}

/// `scorecard name = k, k, ...`: a named list of KPIs to review together.
public struct DefineScorecardStatement: Sendable {
    public var name: Identifier
    public var kpis: [Identifier]
    public var span: Span

    public init(name: Identifier, kpis: [Identifier], span: Span) {
        self.name = name
        self.kpis = kpis
        self.span = span
    }
}

/// `scorecard name [by d, ...] [where p] [vs previous|year_ago|period] [order by ...] [limit n]`:
/// per group, each KPI of the scorecard with its target, change and status, and a score.
public struct ScorecardStatement: Sendable {
    public var name: Identifier
    public var groupBy: [Expr]
    public var filter: Expr?
    /// Without one, a scorecard with a period compares with the previous period.
    public var comparison: ComparisonClause?
    /// By result columns (`score`, `win_rate`, `manager`).
    public var orderBy: [OrderItem]
    public var limit: LimitClause?
    public var span: Span

    public init(name: Identifier, groupBy: [Expr], filter: Expr?, comparison: ComparisonClause?, orderBy: [OrderItem],
                limit: LimitClause?, span: Span) {
        self.name = name
        self.groupBy = groupBy
        self.filter = filter
        self.comparison = comparison
        self.orderBy = orderBy
        self.limit = limit
        self.span = span
    }
}

/// `explain change k [by g, ...] [where p] [vs previous|year_ago|period] [limit n]`: which
/// groups moved KPI `k` between two periods, and for a ratio, how much mix and rates did.
public struct ExplainChangeStatement: Sendable {
    public var kpi: Identifier
    public var groupBy: [Expr]
    public var filter: Expr?
    /// Without one, the previous period.
    public var comparison: ComparisonClause?
    public var limit: LimitClause?
    public var span: Span

    public init(kpi: Identifier, groupBy: [Expr], filter: Expr?, comparison: ComparisonClause?, limit: LimitClause?, span: Span) {
        self.kpi = kpi
        self.groupBy = groupBy
        self.filter = filter
        self.comparison = comparison
        self.limit = limit
        self.span = span
    }
}
