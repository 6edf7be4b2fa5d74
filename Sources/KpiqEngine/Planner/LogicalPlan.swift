/// The steps a statement runs, from reading a dataset to the rows it returns.
///
/// `explain` prints this tree; the executor runs it bottom-up.
public indirect enum LogicalPlan: Sendable {
    case scan(Scan)
    case filter(Filter)
    case aggregate(Aggregate)
    case combine(Combine)
    case project(Project)
    case sort(Sort)
    case limit(Limit)

    /// Every row of a dataset; `links` are the link chains the plan above reads through.
    public struct Scan: Sendable {
        public var dataset: String
        public var rowCount: Int
        public var links: [String]
    }

    /// The rows where `predicate` is true.
    public struct Filter: Sendable {
        public var input: LogicalPlan
        public var predicate: BoundExpr
        public var text: String
    }

    /// One row per distinct combination of `keys`, with each aggregate computed per group.
    public struct Aggregate: Sendable {
        public var input: LogicalPlan
        public var dataset: String
        public var keys: [BoundExpr]
        public var keyNames: [String]
        /// Index (in the query's aggregate list) and definition of each aggregate.
        public var aggregates: [(index: Int, spec: AggregateSpec)]
        /// The rows that count; evaluated once per time shift the aggregates need.
        public var filter: BoundExpr?
        public var filterText: String?
        public var keySetKeys: [BoundExpr]
        public var periods: QueryPeriods?
    }

    /// Groups of several datasets joined on their keys (a full outer join).
    public struct Combine: Sendable {
        public var inputs: [LogicalPlan]
        public var keyNames: [String]
    }

    /// The result columns. For a grouped input the group keys come first, then `columns`.
    public struct Project: Sendable {
        public var input: LogicalPlan
        public var columns: [ProjectedColumn]
        /// Values to sort by that are not result columns.
        public var hidden: [BoundExpr]
        /// The query's period: groups outside its range are dropped, missing periods filled in.
        public var periods: QueryPeriods?
    }

    public struct ProjectedColumn: Sendable {
        public var name: String
        public var expression: BoundExpr
        public var format: ValueFormat
        public var text: String
        public var role: ResultTable.Role = .measure
    }

    /// Orders rows by result columns (index into visible then hidden columns); nulls last.
    public struct Sort: Sendable {
        public var input: LogicalPlan
        public var keys: [(column: Int, descending: Bool, text: String)]
        /// The columns that break ties, ascending (the group keys).
        public var tieBreakers: [Int]
    }

    public struct Limit: Sendable {
        public var input: LogicalPlan
        public var count: Int
    }
}
