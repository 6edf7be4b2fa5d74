import KpiqLanguage

/// A `kpi` statement with every name resolved: what the planner turns into a plan.
public struct CheckedQuery: Sendable {
    /// One per dataset the query's aggregates run on.
    public var bases: [BaseQuery]
    public var aggregates: [AggregateSpec]
    public var keys: [KeyColumn]
    public var measures: [MeasureColumn]
    /// Expressions over the result (`.output`) or aggregates; empty means "by the group keys".
    public var ordering: [SortKey]
    public var limit: Int?
    /// How periods resolved (`quarter = Q3 resolved to 2017-Q3`).
    public var notes: [String]
    /// The `where` clause as written, for captions and plans.
    public var filterText: String?
    /// Row-level keys of `retained`, `lost` and `new`, referred to by `KeySetRule.keyIndex`.
    public var keySetKeys: [BoundExpr] = []
    /// The query's period: its grain, one step back, and which group key (if any) is a period.
    public var periods: QueryPeriods?
}

/// What the query's period is, for windows, gap filling and like-for-like comparisons.
public struct QueryPeriods: Sendable {
    public var grain: PeriodGrain
    public var unit: TimeShift
    /// The group key that is the query's period (`by month`), if any.
    public var keyIndex: Int?
    /// Days the filter bounds the current periods to, when it does.
    public var lowerDay: Int?
    public var upperDay: Int?
    /// The query's filter (on its first dataset), whose period conditions decide which
    /// missing periods are filled in.
    public var filter: BoundExpr?
    public var calendar: FiscalCalendar
}

/// The part of a query that runs on one dataset: its rows, filtered and grouped.
public struct BaseQuery: Sendable {
    public var dataset: String
    public var filter: BoundExpr?
    /// The group keys, bound for this dataset (index-aligned with `CheckedQuery.keys`).
    public var keys: [BoundExpr]
    /// Indexes into `CheckedQuery.aggregates`.
    public var aggregateIndexes: [Int]
}

public struct KeyColumn: Sendable {
    public var name: String
    public var type: DataType
    /// As written in `by`, for plans.
    public var text: String
}

public struct MeasureColumn: Sendable {
    public var name: String
    public var expression: BoundExpr
    public var format: ValueFormat
    /// As written (or the KPI's definition), for plans.
    public var text: String
    /// `.change` for the change columns of `vs`, shown with arrows.
    public var role: ResultTable.Role = .measure
}

public struct SortKey: Sendable {
    public var expression: BoundExpr
    public var descending: Bool
    public var text: String
}

/// A `show` statement with its names resolved.
public struct CheckedShow: Sendable {
    public var dataset: String
    public var filter: BoundExpr?
    public var filterText: String?
    public var columns: [(name: String, expression: BoundExpr)]
    public var ordering: [SortKey]
    public var limit: Int?
    public var notes: [String]
}
