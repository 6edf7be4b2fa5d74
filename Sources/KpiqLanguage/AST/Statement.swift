/// One kpiq statement. `span` covers the statement's whole text.
public enum Statement: Sendable {
    case load(LoadStatement)
    case link(LinkStatement)
    case time(TimeStatement)
    case defineKPI(DefineKPIStatement)
    case defineDimension(DefineDimensionStatement)
    case query(QueryStatement)
    case show(ShowStatement)
    case describe(DescribeStatement)
    case datasets(Span)
    case kpis(Span)
    case set(SetStatement)
    case run(RunStatement)
    case export(ExportStatement)
    case explain(ExplainStatement)
    case help(HelpStatement)
    case quit(Span)

    public var span: Span {
        switch self {
        case .load(let s): return s.span
        case .link(let s): return s.span
        case .time(let s): return s.span
        case .defineKPI(let s): return s.span
        case .defineDimension(let s): return s.span
        case .query(let s): return s.span
        case .show(let s): return s.span
        case .describe(let s): return s.span
        case .datasets(let span), .kpis(let span), .quit(let span): return span
        case .set(let s): return s.span
        case .run(let s): return s.span
        case .export(let s): return s.span
        case .explain(let s): return s.span
        case .help(let s): return s.span
        }
    }
}

/// `load "path" [as name] [time column] [with (option = value, ...)]`
public struct LoadStatement: Sendable {
    public var path: StringLiteral
    public var alias: Identifier?
    public var timeColumn: Identifier?
    public var options: [Option]
    public var span: Span

    public init(path: StringLiteral, alias: Identifier?, timeColumn: Identifier?, options: [Option], span: Span) {
        self.path = path
        self.alias = alias
        self.timeColumn = timeColumn
        self.options = options
        self.span = span
    }
}

/// `name = value` inside `with (...)`. The value is a literal, a name or a list of literals
/// (`nulls = ("-", "n/a")`, `types = (id = text, amount = decimal)`).
public struct Option: Sendable {
    public var name: Identifier
    public var value: OptionValue
    public var span: Span

    public init(name: Identifier, value: OptionValue, span: Span) {
        self.name = name
        self.value = value
        self.span = span
    }
}

public indirect enum OptionValue: Sendable {
    /// A literal: string, number, boolean, percent.
    case literal(Literal, Span)
    /// A bare word: `skip`, `off`, `vi`, `text`.
    case word(Identifier)
    /// `(a, b, c)`
    case list([OptionValue], Span)
    /// `(name = value, ...)`
    case options([Option], Span)

    public var span: Span {
        switch self {
        case .literal(_, let span), .list(_, let span), .options(_, let span): return span
        case .word(let identifier): return identifier.span
        }
    }
}

/// `link a.col -> b.col`: each row of `a` finds at most one row of `b`.
public struct LinkStatement: Sendable {
    public var from: QualifiedName
    public var to: QualifiedName
    public var span: Span

    public init(from: QualifiedName, to: QualifiedName, span: Span) {
        self.from = from
        self.to = to
        self.span = span
    }
}

/// `time ds.col`
public struct TimeStatement: Sendable {
    public var column: QualifiedName
    public var span: Span

    public init(column: QualifiedName, span: Span) {
        self.column = column
        self.span = span
    }
}

/// `define kpi name = expr [format f] [target op value [warn value]] ["description"]`
public struct DefineKPIStatement: Sendable {
    public var name: Identifier
    public var expression: Expr
    public var format: Identifier?
    public var target: TargetClause?
    public var description: StringLiteral?
    public var span: Span

    public init(name: Identifier, expression: Expr, format: Identifier?, target: TargetClause?, description: StringLiteral?, span: Span) {
        self.name = name
        self.expression = expression
        self.format = format
        self.target = target
        self.description = description
        self.span = span
    }
}

/// `target >= 63% [warn 60%]`: parsed and kept with the KPI.
public struct TargetClause: Sendable {
    public var comparison: BinaryOperator
    public var value: Expr
    public var warn: Expr?
    public var span: Span

    public init(comparison: BinaryOperator, value: Expr, warn: Expr?, span: Span) {
        self.comparison = comparison
        self.value = value
        self.warn = warn
        self.span = span
    }
}

/// `define dimension ds.name = expr`
public struct DefineDimensionStatement: Sendable {
    public var dataset: Identifier
    public var name: Identifier
    public var expression: Expr
    public var span: Span

    public init(dataset: Identifier, name: Identifier, expression: Expr, span: Span) {
        self.dataset = dataset
        self.name = name
        self.expression = expression
        self.span = span
    }
}

/// `kpi k [as alias], ... [from ds] [by d, ...] [where p] [order by x [asc|desc], ...] [limit n]`
public struct QueryStatement: Sendable {
    public var items: [SelectItem]
    public var from: Identifier?
    public var groupBy: [Expr]
    public var filter: Expr?
    public var orderBy: [OrderItem]
    public var limit: LimitClause?
    /// `vs previous`, `vs year_ago`, `vs 2016-Q3`.
    public var comparison: ComparisonClause?
    public var span: Span

    public init(items: [SelectItem], from: Identifier?, groupBy: [Expr], filter: Expr?, orderBy: [OrderItem],
                limit: LimitClause?, comparison: ComparisonClause? = nil, span: Span) {
        self.items = items
        self.from = from
        self.groupBy = groupBy
        self.filter = filter
        self.orderBy = orderBy
        self.limit = limit
        self.comparison = comparison
        self.span = span
    }
}

/// What a query's KPIs are compared with: each KPI `k` gains `k_prev`, `k_change` and
/// `k_change_pct`.
public struct ComparisonClause: Sendable {
    public enum Kind: Sendable {
        /// The period just before the current one (one grain back).
        case previous
        /// The same period a year earlier.
        case yearAgo
        /// A named period (`2016-Q3`).
        case period(Expr)
    }

    public var kind: Kind
    public var span: Span

    public init(kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

/// One KPI of a query: a KPI name or an ad hoc expression, with an optional alias.
public struct SelectItem: Sendable {
    public var expression: Expr
    public var alias: Identifier?
    public var span: Span

    public init(expression: Expr, alias: Identifier?, span: Span) {
        self.expression = expression
        self.alias = alias
        self.span = span
    }
}

public struct OrderItem: Sendable {
    public var expression: Expr
    public var descending: Bool
    public var span: Span

    public init(expression: Expr, descending: Bool, span: Span) {
        self.expression = expression
        self.descending = descending
        self.span = span
    }
}

public struct LimitClause: Sendable {
    public var count: Int
    public var span: Span

    public init(count: Int, span: Span) {
        self.count = count
        self.span = span
    }
}

/// `show ds [col, ...] [where p] [order by ...] [limit n]`
public struct ShowStatement: Sendable {
    public var dataset: Identifier
    /// Empty means every column.
    public var columns: [SelectItem]
    public var filter: Expr?
    public var orderBy: [OrderItem]
    public var limit: LimitClause?
    public var span: Span

    public init(dataset: Identifier, columns: [SelectItem], filter: Expr?, orderBy: [OrderItem], limit: LimitClause?, span: Span) {
        self.dataset = dataset
        self.columns = columns
        self.filter = filter
        self.orderBy = orderBy
        self.limit = limit
        self.span = span
    }
}

/// `describe ds` or `describe kpi name`
public struct DescribeStatement: Sendable {
    public enum Target: Sendable {
        case dataset(Identifier)
        case kpi(Identifier)
    }

    public var target: Target
    public var span: Span

    public init(target: Target, span: Span) {
        self.target = target
        self.span = span
    }
}

/// `set name = value`
public struct SetStatement: Sendable {
    public var name: Identifier
    public var value: OptionValue
    public var span: Span

    public init(name: Identifier, value: OptionValue, span: Span) {
        self.name = name
        self.value = value
        self.span = span
    }
}

/// `run "file.kpiq"`
public struct RunStatement: Sendable {
    public var path: StringLiteral
    public var span: Span

    public init(path: StringLiteral, span: Span) {
        self.path = path
        self.span = span
    }
}

/// A statement whose result can be exported or explained.
public enum ResultStatement: Sendable {
    case query(QueryStatement)
    case show(ShowStatement)

    public var span: Span {
        switch self {
        case .query(let query): return query.span
        case .show(let show): return show.span
        }
    }
}

/// `export <kpi or show statement> to "file.csv"`
public struct ExportStatement: Sendable {
    public var statement: ResultStatement
    public var path: StringLiteral
    public var span: Span

    public init(statement: ResultStatement, path: StringLiteral, span: Span) {
        self.statement = statement
        self.path = path
        self.span = span
    }
}

/// `explain <kpi or show statement>`
public struct ExplainStatement: Sendable {
    public var statement: ResultStatement
    public var span: Span

    public init(statement: ResultStatement, span: Span) {
        self.statement = statement
        self.span = span
    }
}

/// `help [topic]`
public struct HelpStatement: Sendable {
    public var topic: Identifier?
    public var span: Span

    public init(topic: Identifier?, span: Span) {
        self.topic = topic
        self.span = span
    }
}
