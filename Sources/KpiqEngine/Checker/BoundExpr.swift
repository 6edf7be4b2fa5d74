import KpiqLanguage

/// Where a row-level value comes from, relative to the dataset a query runs on: a column of
/// that dataset or of one reached through `links` (indexes into `Catalog.links`, in order).
public struct ColumnPath: Hashable, Sendable {
    public var links: [Int]
    public var dataset: String
    public var column: Int
}

/// A checked expression: every name resolved, every type known.
public indirect enum BoundExpr: Sendable {
    /// A column, possibly reached through links.
    case column(ColumnPath, DataType)
    /// The period of `grain` containing each row's time value.
    case period(ColumnPath, PeriodGrain)
    /// The value of aggregate `index` for each group (measure level).
    case aggregate(Int, DataType)
    /// Result column `index` (ordering level: aliases and KPI names in `order by`).
    case output(Int, DataType)
    case literal(Value, DataType)
    case unary(UnaryOperator, BoundExpr, DataType)
    case binary(BinaryOperator, BoundExpr, BoundExpr, DataType)
    case function(ScalarFunction, [BoundExpr], DataType)
    case inList(BoundExpr, [BoundExpr], negated: Bool)
    case between(BoundExpr, low: BoundExpr, high: BoundExpr, negated: Bool)
    case like(BoundExpr, pattern: String, negated: Bool)
    case isNull(BoundExpr, negated: Bool)
    /// The first period of `grain` in which the row's key has any row of the dataset.
    case cohort(key: BoundExpr, time: ColumnPath, PeriodGrain)
    /// Periods of `grain` from the key's cohort to the row's own period (0 in the first).
    case periodsSince(key: BoundExpr, time: ColumnPath, PeriodGrain)
    /// The number `values` holds for each group's key (by `TargetKey.text`); null where it
    /// holds none. The targets of `target k from ds by key`.
    case lookup(key: BoundExpr, values: [String: Double])
    /// `on_track`, `at_risk` or `off_track` for `value` against `target` and `warn` (text;
    /// null where the value or the target is null). See `TargetStatus.of`.
    case status(value: BoundExpr, target: BoundExpr, warn: BoundExpr?, comparison: BinaryOperator)

    public var type: DataType {
        switch self {
        case .column(_, let type), .aggregate(_, let type), .output(_, let type), .literal(_, let type),
             .unary(_, _, let type), .binary(_, _, _, let type), .function(_, _, let type):
            return type
        case .period(_, let grain): return .period(grain)
        case .inList, .between, .like, .isNull: return .boolean
        case .cohort(_, _, let grain): return .period(grain)
        case .periodsSince: return .integer
        case .lookup: return .decimal
        case .status: return .text
        }
    }

    /// Every column path the expression reads (for planning which links a query uses).
    public var columnPaths: [ColumnPath] {
        switch self {
        case .column(let path, _), .period(let path, _): [path]
        case .cohort(let key, let time, _), .periodsSince(let key, let time, _): key.columnPaths + [time]
        default: children.flatMap(\.columnPaths)
        }
    }
}

extension BoundExpr {
    /// The expressions this one is made of, one level down.
    public var children: [BoundExpr] {
        switch self {
        case .column, .period, .aggregate, .output, .literal: []
        case .unary(_, let operand, _): [operand]
        case .binary(_, let left, let right, _): [left, right]
        case .function(_, let arguments, _): arguments
        case .inList(let value, let list, _): [value] + list
        case .between(let value, let low, let high, _): [value, low, high]
        case .like(let value, _, _), .isNull(let value, _): [value]
        case .cohort(let key, _, _), .periodsSince(let key, _, _), .lookup(let key, _): [key]
        case .status(let value, let target, let warn, _): [value, target] + (warn.map { [$0] } ?? [])
        }
    }

    /// Whether the expression reads a result column (`.output`) anywhere in it.
    public var readsOutputs: Bool {
        if case .output = self { return true }
        return children.contains { $0.readsOutputs }
    }

    /// Whether the value is a number of the calendar (`year(d)`, `quarter(d)`, `month(d)`,
    /// `week(d)`, `day(d)`, or one of them plus or minus a whole number): a label such as
    /// 2018, not an amount, so it is shown without thousands separators.
    public var isCalendarNumber: Bool {
        switch self {
        case .function(let function, _, _):
            return [.year, .quarter, .month, .week, .day].contains(function)
        case .binary(let op, let left, .literal(.integer, _), _) where op == .add || op == .subtract:
            return left.isCalendarNumber
        case .binary(.add, .literal(.integer, _), let right, _):
            return right.isCalendarNumber
        default:
            return false
        }
    }
}

/// Row-level functions.
public enum ScalarFunction: String, CaseIterable, Sendable {
    case `if`, coalesce, days_between, hours_between, minutes_between, year, quarter, month, week, day, lower, upper, trim, round, abs

    /// How many arguments it takes (min...max).
    var arity: ClosedRange<Int> {
        switch self {
        case .if: return 3...3
        case .coalesce: return 1...64
        case .days_between, .hours_between, .minutes_between: return 2...2
        case .round: return 1...2
        default: return 1...1
        }
    }

    var usage: String {
        switch self {
        case .if: return "if(condition, then, else)"
        case .coalesce: return "coalesce(value, fallback, ...)"
        case .days_between: return "days_between(start_date, end_date)"
        case .hours_between, .minutes_between: return "\(rawValue)(start_time, end_time)"
        case .round: return "round(number, digits)"
        case .year, .quarter, .month, .week, .day: return "\(rawValue)(date)"
        case .lower, .upper, .trim: return "\(rawValue)(text)"
        case .abs: return "abs(number)"
        }
    }
}

/// The aggregates, each with its update / finalize in `Aggregates.swift`.
public enum AggregateKind: Hashable, Sendable {
    case count            // count(), count(where p)
    case countValues      // count(x): non-null values
    case countDistinct
    case sum, avg, min, max, median
    case percentile(Double)
    case stddev

    static let names = ["count", "count_distinct", "sum", "avg", "min", "max", "median", "percentile", "stddev"]
}

/// One aggregate computed on one dataset, with its optional inner filter.
public struct AggregateSpec: Sendable {
    public var kind: AggregateKind
    public var argument: BoundExpr?
    public var filter: BoundExpr?
    /// The dataset whose rows it aggregates.
    public var dataset: String
    public var type: DataType
    /// As written, for `explain` and for recognising the same aggregate used twice.
    public var text: String
    /// Which periods' rows it reads (the current ones, unless `previous`, `ytd`, ...).
    public var window: PeriodWindow = PeriodWindow()
}
