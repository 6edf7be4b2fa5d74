/// An expression: in KPI definitions, filters, group keys and ordering.
public indirect enum Expr: Sendable {
    case literal(Literal, Span)
    /// A column, dimension, KPI, period name (`quarter`) or bare quarter (`Q3`); resolved by the checker.
    case name(QualifiedName)
    case unary(UnaryOperator, Expr, Span)
    case binary(BinaryOperator, Expr, Expr, Span)
    /// A function or aggregate call. `filter` is the `where` inside an aggregate's parentheses:
    /// `sum(close_value where deal_stage = "Won")`, `count(where won)`.
    case call(Call)
    /// `x [not] in (a, b, ...)`
    case inList(Expr, [Expr], negated: Bool, Span)
    /// `x [not] between low and high`
    case between(Expr, low: Expr, high: Expr, negated: Bool, Span)
    /// `x [not] like pattern`
    case like(Expr, pattern: Expr, negated: Bool, Span)
    /// `x is [not] null`
    case isNull(Expr, negated: Bool, Span)

    public var span: Span {
        switch self {
        case .literal(_, let span), .unary(_, _, let span), .binary(_, _, _, let span),
             .inList(_, _, _, let span), .between(_, _, _, _, let span), .like(_, _, _, let span),
             .isNull(_, _, let span):
            return span
        case .name(let name): return name.span
        case .call(let call): return call.span
        }
    }
}

public struct Call: Sendable {
    public var name: Identifier
    public var arguments: [Expr]
    public var filter: Expr?
    public var span: Span

    public init(name: Identifier, arguments: [Expr], filter: Expr?, span: Span) {
        self.name = name
        self.arguments = arguments
        self.filter = filter
        self.span = span
    }
}

public enum Literal: Hashable, Sendable {
    case integer(Int64)
    case decimal(Double)
    /// `60%`, stored as the fraction 0.6.
    case percent(Double)
    case string(String)
    case boolean(Bool)
    case null
    /// Days since 1970-01-01.
    case date(Int32)
    /// `2017-Q3`, `2017-07`, `2017-W05`.
    case period(PeriodLiteral)
    /// `4h`, `30m`, `2d`, in seconds.
    case duration(Double)
}

/// A period written in full. A bare year (`2017`) is an integer literal that the checker reads
/// as a year where a period is expected; a bare quarter (`Q3`) is a name.
public struct PeriodLiteral: Hashable, Sendable, CustomStringConvertible {
    public var grain: PeriodGrain
    public var year: Int
    /// Quarter 1...4, month 1...12 or ISO week 1...53; unused for `.year`.
    public var number: Int

    public init(grain: PeriodGrain, year: Int, number: Int) {
        self.grain = grain
        self.year = year
        self.number = number
    }

    public var description: String {
        switch grain {
        case .year: return String(year)
        case .quarter: return "\(year)-Q\(number)"
        case .month: return "\(year)-\(CivilDate.pad(number, 2))"
        case .week: return "\(year)-W\(CivilDate.pad(number, 2))"
        case .day: return "\(year)-\(number)"
        }
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "and", or = "or"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }

    public var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: return true
        default: return false
        }
    }
}
