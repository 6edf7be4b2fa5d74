import KpiqLanguage

/// The period semantics of a query: what "the current period" is, how far back "previous"
/// is, and the window functions (`previous`, `ytd`, `rolling`, `retained`, ...).
extension Checker {
    /// The grain and step of "one period back" for a query: the period in `by` if there is
    /// one (each row is its own current period), else the period the filter picks, stepped by
    /// the length of the range it picks (`month between 2017-03 and 2017-05` steps 3 months).
    static func periodUnit(groupBy: [Expr], filter: Expr?) -> (grain: PeriodGrain, unit: TimeShift)? {
        if let grain = groupBy.compactMap(periodGrain(of:)).max() {
            return (grain, .unit(grain))
        }
        guard let filter else { return nil }
        var best: (grain: PeriodGrain, span: Int)?
        for conjunct in conjuncts(filter) {
            guard let found = filterPeriod(conjunct) else { continue }
            if best == nil || found.grain > best!.grain { best = found }
        }
        return best.map { ($0.grain, TimeShift.unit($0.grain) * $0.span) }
    }

    /// `quarter` (a period name) as a grain.
    static func periodGrain(of expression: Expr) -> PeriodGrain? {
        guard case .name(let name) = expression, name.qualifier == nil, !name.name.quoted else { return nil }
        return RowScope.periodNames[name.name.name.lowercased()]
    }

    static func conjuncts(_ expression: Expr) -> [Expr] {
        if case .binary(.and, let left, let right, _) = expression { return conjuncts(left) + conjuncts(right) }
        return [expression]
    }

    /// The grain a filter conjunct picks periods of, and how many periods it spans.
    private static func filterPeriod(_ conjunct: Expr) -> (grain: PeriodGrain, span: Int)? {
        switch conjunct {
        case .binary(let op, let left, let right, _) where op.isComparison:
            if let grain = periodGrain(of: left) ?? periodGrain(of: right) { return (grain, 1) }
        case .inList(let value, _, false, _):
            if let grain = periodGrain(of: value) { return (grain, 1) }
        case .between(let value, let low, let high, false, _):
            guard let grain = periodGrain(of: value) else { return nil }
            if let lowIndex = literalIndex(low, grain), let highIndex = literalIndex(high, grain), highIndex >= lowIndex {
                return (grain, Int(highIndex - lowIndex) + 1)
            }
            return (grain, 1)
        default:
            break
        }
        return nil
    }

    /// The index of a period literal (or a bare year) of `grain`.
    static func literalIndex(_ expression: Expr, _ grain: PeriodGrain) -> Int32? {
        switch expression {
        case .literal(.period(let period), _) where period.grain == grain: return PeriodIndex.of(period)
        case .literal(.integer(let year), _) where grain == .year: return Int32(clamping: year)
        case .literal(.date(let days), _) where grain == .day: return days
        default: return nil
        }
    }

    /// How far back `vs` looks.
    mutating func comparisonShift(_ comparison: ComparisonClause, query: QueryStatement, source: SourceFile) -> TimeShift? {
        guard let (grain, unit) = Checker.periodUnit(groupBy: query.groupBy, filter: query.filter) else {
            error("`vs` compares periods, and this query has none", at: comparison.span, in: source,
                  hints: ["group by a period (`by quarter`) or filter one (`where quarter = 2017-Q3`)"])
            return nil
        }
        switch comparison.kind {
        case .previous:
            return unit
        case .yearAgo:
            return .yearAgo(grain)
        case .period(let expression):
            let byPeriod = query.groupBy.contains { Checker.periodGrain(of: $0) != nil }
            let current = query.filter.map(Checker.conjuncts)?.compactMap { conjunct -> Int32? in
                guard case .binary(.equal, let left, let right, _) = conjunct else { return nil }
                if Checker.periodGrain(of: left) == grain { return Checker.literalIndex(right, grain) }
                if Checker.periodGrain(of: right) == grain { return Checker.literalIndex(left, grain) }
                return nil
            }.first
            guard !byPeriod, let current else {
                error("`vs \(source.text(of: expression.span))` compares one period with another", at: comparison.span, in: source,
                      hints: ["filter one period written in full, e.g. `where \(grain.rawValue) = \(PeriodExamples.example(grain)) vs ...`, or use `vs previous`"])
                return nil
            }
            guard let other = Checker.literalIndex(expression, grain) else {
                error("`vs` needs a \(grain.rawValue) here, such as `\(PeriodExamples.example(grain))`", at: expression.span, in: source)
                return nil
            }
            return TimeShift.unit(grain) * Int(current - other)
        }
    }

    /// `previous(x)`, `ytd(x)`, `qtd(x)`, `mtd(x)`, `rolling(x, n)`, `retained(key[, x])`,
    /// `lost(key[, x])`, `new(key[, x])`; nil when `call` is none of them.
    mutating func bindWindowFunction(_ call: Call, context: inout QueryContext, source: SourceFile) -> BoundExpr? {
        let name = call.name.name.lowercased()
        let windowFunctions = ["previous", "ytd", "qtd", "mtd", "rolling", "retained", "lost", "new"]
        guard windowFunctions.contains(name) else { return nil }
        guard let unit = context.unit else {
            error("`\(name)` needs a period, and this query has none", at: call.span, in: source,
                  hints: ["group by a period (`kpi ... by month`) or filter one (`where quarter = 2017-Q3`)"])
            return .literal(.null, .null)
        }
        if call.filter != nil {
            error("`\(name)` takes no `where`; put the filter inside the aggregate", at: call.filter!.span, in: source)
        }
        let saved = context.window
        defer { context.window = saved }
        switch name {
        case "previous", "ytd", "qtd", "mtd":
            guard call.arguments.count == 1 else {
                error("`\(name)` takes one KPI or aggregate", at: call.span, in: source, hints: ["e.g. `\(name)(revenue)`"])
                return .literal(.null, .null)
            }
            if name == "previous" {
                context.window.shift = context.window.shift + unit
            } else {
                let enclosing: PeriodGrain = name == "ytd" ? .year : (name == "qtd" ? .quarter : .month)
                guard let grain = context.grain, grain > enclosing else {
                    error("`\(name)` adds up periods finer than a \(enclosing.rawValue)", at: call.span, in: source,
                          hints: ["group by a finer period, e.g. `kpi \(source.text(of: call.span)) by \(enclosing == .month ? "day" : "month")`"])
                    return .literal(.null, .null)
                }
                if context.window.accumulation != nil {
                    error("`\(name)` cannot be nested in another running total", at: call.span, in: source)
                    return .literal(.null, .null)
                }
                if let keySet = keySetAround(context) {
                    error(runningTotalAndKeySet(name, keySet), at: call.span, in: source)
                    return .literal(.null, .null)
                }
                context.window.accumulation = .toDate(enclosing)
            }
            return bindMeasure(call.arguments[0], context: &context, source: source)
        case "rolling":
            guard call.arguments.count == 2, case .literal(.integer(let count), _) = call.arguments[1], count >= 1, count <= 10_000 else {
                error("`rolling` takes a KPI and a number of periods", at: call.span, in: source, hints: ["e.g. `rolling(revenue, 3)`"])
                return .literal(.null, .null)
            }
            if context.window.accumulation != nil {
                error("`rolling` cannot be nested in another running total", at: call.span, in: source)
                return .literal(.null, .null)
            }
            if let keySet = keySetAround(context) {
                error(runningTotalAndKeySet("rolling", keySet), at: call.span, in: source)
                return .literal(.null, .null)
            }
            context.window.accumulation = .rolling(Int(count))
            return bindMeasure(call.arguments[0], context: &context, source: source)
        default:
            guard (1...2).contains(call.arguments.count) else {
                error("`\(name)` takes a key and, optionally, a KPI", at: call.span, in: source,
                      hints: ["e.g. `\(name)(account)` counts the keys, `\(name)(account, revenue)` sums their revenue"])
                return .literal(.null, .null)
            }
            if context.window.keySet != nil || context.pendingKeySet != nil {
                error("`\(name)` cannot be nested in another key set", at: call.span, in: source)
                return .literal(.null, .null)
            }
            if let accumulation = context.window.accumulation {
                let total: String
                switch accumulation {
                case .rolling: total = "rolling"
                case .toDate(let grain): total = grain == .year ? "ytd" : (grain == .quarter ? "qtd" : "mtd")
                }
                error(runningTotalAndKeySet(total, name), at: call.span, in: source)
                return .literal(.null, .null)
            }
            let key = call.arguments[0]
            context.pendingKeySet = PendingKeySet(kind: KeySetRule.Kind(rawValue: name)!, key: key, source: source, previous: unit)
            defer { context.pendingKeySet = nil }
            if call.arguments.count == 2 {
                return bindMeasure(call.arguments[1], context: &context, source: source)
            }
            // The keys themselves: a distinct count.
            let count = Call(name: Identifier("count_distinct", span: call.name.span), arguments: [key], filter: nil, span: call.span)
            return bindAggregate(count, context: &context, source: source)
        }
    }
}

extension Checker {
    /// The key set (`retained`, `lost`, `new`) being bound around the current expression, if any.
    func keySetAround(_ context: QueryContext) -> String? {
        (context.pendingKeySet?.kind ?? context.window.keySet?.kind)?.rawValue
    }

    /// A running total over a key set, or a key set over a running total, has no meaning kpiq
    /// gives it (new since which period?), so it is an error rather than a silent plain value.
    func runningTotalAndKeySet(_ total: String, _ keySet: String) -> String {
        "`\(total)` and `\(keySet)` cannot be combined: a key set compares one period with the one before it"
    }
}

/// A key set being bound: its key is bound on the dataset of each aggregate inside it.
struct PendingKeySet {
    var kind: KeySetRule.Kind
    var key: Expr
    var source: SourceFile
    var previous: TimeShift
}

extension Checker {
    static let sinceNames: [String: PeriodGrain] = [
        "years_since": .year, "quarters_since": .quarter, "months_since": .month, "weeks_since": .week, "days_since": .day,
    ]

    /// `cohort(key, grain)`: the first period of `grain` in which `key` has a row.
    mutating func bindCohort(_ call: Call, scope: RowScope, source: SourceFile) -> BoundExpr {
        guard call.arguments.count == 2, let grain = Checker.periodGrain(of: call.arguments[1]) else {
            error("`cohort` takes a key and a period", at: call.span, in: source,
                  hints: ["e.g. `kpi count_distinct(account) by cohort(account, month), months_since`"])
            return .literal(.null, .null)
        }
        guard let time = scope.base.timeColumnIndex else {
            error("`cohort` needs a time column on `\(scope.base.name)`", at: call.span, in: source,
                  hints: ["choose one with `time \(scope.base.name).<column>`"])
            return .literal(.null, .null)
        }
        let key = bindRow(call.arguments[0], scope: scope, source: source)
        return .cohort(key: key, time: ColumnPath(links: [], dataset: scope.base.name, column: time), grain)
    }

    /// `months_since` and its kin: the age of each row in periods since its cohort, for the
    /// cohort in the query's `by`.
    static func cohortKey(in groupBy: [Expr]) -> (key: Expr, grain: PeriodGrain)? {
        for expression in groupBy {
            if case .call(let call) = expression, call.name.name.lowercased() == "cohort", call.arguments.count == 2,
               let grain = periodGrain(of: call.arguments[1]) {
                return (call.arguments[0], grain)
            }
        }
        return nil
    }
}

extension Checker {
    mutating func bindSince(_ name: QualifiedName, grain: PeriodGrain, scope: RowScope, source: SourceFile) -> BoundExpr {
        guard let cohort = cohortContext, cohort.grain == grain else {
            if let cohort = cohortContext {
                // A cohort of another grain: name the one that fits it, or the cohort that fits this.
                let key = cohort.source.text(of: cohort.key.span)
                let fitting = Checker.sinceNames.first { $0.value == cohort.grain }.map { "use `\($0.key)`, or " } ?? ""
                error("`\(name.name.name)` counts \(grain.rawValue)s since a cohort, and this query's cohort is by \(cohort.grain.rawValue)",
                      at: name.span, in: source, hints: ["\(fitting)group by `cohort(\(key), \(grain.rawValue))`"])
            } else {
                error("`\(name.name.name)` counts \(grain.rawValue)s since a cohort, and this query groups by none", at: name.span, in: source,
                      hints: ["add the cohort to `by`, e.g. `by cohort(account, \(grain.rawValue)), \(name.name.name)`"])
            }
            return .literal(.null, .null)
        }
        guard let time = scope.base.timeColumnIndex else { return .literal(.null, .null) }
        let key = bindRow(cohort.key, scope: scope, source: cohort.source)
        return .periodsSince(key: key, time: ColumnPath(links: [], dataset: scope.base.name, column: time), grain)
    }

    /// `cohort_size(key)`: the distinct keys of each group's cohort, whatever its age.
    mutating func bindCohortSize(_ call: Call, context: inout QueryContext, source: SourceFile) -> BoundExpr {
        guard let cohort = cohortContext else {
            error("`cohort_size` needs a cohort in `by`", at: call.span, in: source,
                  hints: ["e.g. `kpi count_distinct(account) / cohort_size(account) by cohort(account, month), months_since`"])
            return .literal(.null, .null)
        }
        guard call.arguments.count == 1 else {
            error("`cohort_size` takes the cohort's key", at: call.span, in: source)
            return .literal(.null, .null)
        }
        // The keys active in their first period are the whole cohort.
        let sinceWord = ["year": "years_since", "quarter": "quarters_since", "month": "months_since", "week": "weeks_since", "day": "days_since"][cohort.grain.rawValue]!
        let zero = Expr.binary(.equal, .name(QualifiedName(name: Identifier(sinceWord, span: call.span))), .literal(.integer(0), call.span), call.span)
        let count = Call(name: Identifier("count_distinct", span: call.name.span), arguments: call.arguments, filter: zero, span: call.span)
        let saved = context.window
        defer { context.window = saved }
        if let since = cohort.sinceKey { context.window.ignoredKeys = [since] }
        return bindAggregate(count, context: &context, source: source)
    }
}
