import KpiqLanguage

/// Running totals (`ytd`, `qtd`, `mtd`, `rolling`) from one reading of the rows.
///
/// The pass-per-step method reads the rows once for each period a running total adds up (366
/// times for `ytd(x) by day`). Here the rows are read once, unshifted: each aggregate's state is
/// computed per *cell*, a group without its period (`g`) and the row's own period (`q`). A
/// running total in the group `g` and the period `P` then folds the states of the cells of `g`
/// whose periods its window covers: `q` in `P - w - n + 1 ... P - w` (`w` the window's own shift,
/// as in `vs previous`, `n` the steps), and for `ytd`, `qtd`, `mtd` only those in the same
/// enclosing period as `P - w`. Additive states (counts, sums, an average's sum and count) add
/// up; minimum and maximum keep the best. Per-block running states of the cells answer each
/// window with two binary searches, however many periods it spans (`windowStates`).
///
/// Which groups exist is decided as the passes would: a group `(g, P)` exists when a step of a
/// window moves some row of `g` into `P` and `P` passes the filter. That needs the filter and
/// the keys to read a row's (shifted) time only through periods that a whole period of the
/// query's grain decides (`where month = 2024-03` by day, `by year, month`); the parts that do
/// not read the shifted time hold for a row whatever the shift. Queries that read time
/// otherwise, and aggregates that do not combine (`count_distinct`, `median`, ...), keep the
/// passes (`runsInOnePass`).
extension WindowedAggregation {
    /// How a query's keys and filter read the time, when running totals can read the rows once.
    struct RunningPlan {
        var grain: PeriodGrain
        var timePath: ColumnPath
        /// The conjuncts of the filter that read no shifted period: true of a row or not, whatever the shift.
        var rowFilter: BoundExpr?
        /// The conjuncts that read the time only through its periods, written over `.output(i)`
        /// (the destination's period of `periodGrains[i]`).
        var periodFilter: [BoundExpr]
        var periodGrains: [PeriodGrain]
        /// For each key, nil when it reads no shifted period, else the grain of the time
        /// column's period that it is.
        var keyGrains: [PeriodGrain?]
        /// The first and last day of the periods `periodFilter` can keep, where its terms say.
        var bounds: (lower: Int?, upper: Int?)
    }

    /// A running total read in one pass: its steps, in periods of the query's grain.
    struct RunningSpec {
        var index: Int
        var spec: AggregateSpec
        /// The window's own shift, in periods.
        var shift: Int
        var steps: Int
        /// `ytd`, `qtd`, `mtd`: the enclosing period.
        var enclosing: PeriodGrain?
        /// The first step reads the partial latest period like with like.
        var likeForLike: Bool
    }

    // MARK: Which queries and aggregates

    func runningPlan() -> RunningPlan? {
        guard let periods, periods.unit == TimeShift.unit(periods.grain), let time = dataset.timeColumnIndex else { return nil }
        let grain = periods.grain
        let timePath = ColumnPath(links: [], dataset: dataset.name, column: time)
        var keyGrains: [PeriodGrain?] = []
        for (position, key) in keys.enumerated() {
            guard WindowedAggregation.readsShiftedTime(key) else {
                if position == periods.keyIndex { return nil }
                keyGrains.append(nil)
                continue
            }
            guard case .period(let path, let keyGrain) = key, path == timePath, WindowedAggregation.aligned(keyGrain, grain),
                  position != periods.keyIndex || keyGrain == grain else { return nil }
            keyGrains.append(keyGrain)
        }
        var rowTerms: [BoundExpr] = [], periodTerms: [BoundExpr] = [], grains: [PeriodGrain] = []
        var bounds: (lower: Int?, upper: Int?) = (nil, nil)
        for term in WindowedAggregation.conjuncts(filter) {
            guard WindowedAggregation.readsShiftedTime(term) else {
                rowTerms.append(term)
                continue
            }
            guard let destination = WindowedAggregation.destinationForm(term, timePath: timePath, grain: grain, grains: &grains) else { return nil }
            periodTerms.append(destination)
            // The term reads only periods of the time column: the days it bounds bound the periods it keeps.
            let (lower, upper) = PeriodBounds.days(of: term, calendar: calendar)
            if let lower { bounds.lower = max(bounds.lower ?? lower, lower) }
            if let upper { bounds.upper = min(bounds.upper ?? upper, upper) }
        }
        return RunningPlan(grain: grain, timePath: timePath, rowFilter: WindowedAggregation.conjunction(rowTerms), periodFilter: periodTerms,
                           periodGrains: grains, keyGrains: keyGrains, bounds: bounds)
    }

    static func conjunction(_ terms: [BoundExpr]) -> BoundExpr? {
        terms.dropFirst().reduce(terms.first) { combined, term in combined.map { BoundExpr.binary(.and, $0, term, .boolean) } }
    }

    /// The running total as read in one pass, or nil when it keeps its passes.
    func runningSpec(_ index: Int, _ spec: AggregateSpec, _ plan: RunningPlan, partial: Bool) -> RunningSpec? {
        let window = spec.window
        guard let accumulation = window.accumulation, window.keySet == nil, window.ignoredKeys.isEmpty,
              let shift = WindowedAggregation.periods(in: window.shift, of: plan.grain) else { return nil }
        switch spec.kind {
        case .count, .countValues: break
        case .sum, .avg, .min, .max: guard spec.argument != nil else { return nil }
        default: return nil
        }
        if let argument = spec.argument, WindowedAggregation.readsShiftedTime(argument) { return nil }
        if let condition = spec.filter, WindowedAggregation.readsShiftedTime(condition) { return nil }
        switch accumulation {
        case .rolling(let count):
            guard count >= 1 else { return nil }
            return RunningSpec(index: index, spec: spec, shift: shift, steps: count, enclosing: nil,
                               likeForLike: partial && shift != 0)
        case .toDate(let enclosing):
            return RunningSpec(index: index, spec: spec, shift: shift, steps: WindowedAggregation.periods(of: plan.grain, in: enclosing),
                               enclosing: enclosing, likeForLike: partial && shift != 0)
        }
    }

    /// A shift as a whole number of periods of `grain`; nil when it is not one (a year ago by day).
    static func periods(in shift: TimeShift, of grain: PeriodGrain) -> Int? {
        let unit = TimeShift.unit(grain)
        if unit.months > 0 {
            return shift.days == 0 && shift.months % unit.months == 0 ? shift.months / unit.months : nil
        }
        return shift.months == 0 && shift.days % unit.days == 0 ? shift.days / unit.days : nil
    }

    /// Whether a period of `grain` lies wholly in one period of `coarse`, so that the period of
    /// `coarse` of a shifted time follows from the period of `grain` it lands in. (An ISO week
    /// can straddle months and years.)
    static func aligned(_ coarse: PeriodGrain, _ grain: PeriodGrain) -> Bool {
        if coarse == grain || grain == .day { return true }
        return grain != .week && coarse != .week && coarse < grain
    }

    static func conjuncts(_ expression: BoundExpr?) -> [BoundExpr] {
        guard let expression else { return [] }
        if case .binary(.and, let left, let right, _) = expression { return conjuncts(left) + conjuncts(right) }
        return [expression]
    }

    /// Whether an expression reads a period of the dataset's own time values, which a pass shifts.
    static func readsShiftedTime(_ expression: BoundExpr) -> Bool {
        switch expression {
        case .period(let path, _): return path.links.isEmpty
        case .cohort, .periodsSince: return true
        case .column, .aggregate, .output, .literal: return false
        case .unary(_, let operand, _): return readsShiftedTime(operand)
        case .binary(_, let left, let right, _): return readsShiftedTime(left) || readsShiftedTime(right)
        case .function(_, let arguments, _): return arguments.contains(where: readsShiftedTime)
        case .inList(let value, let list, _): return readsShiftedTime(value) || list.contains(where: readsShiftedTime)
        case .between(let value, let low, let high, _): return readsShiftedTime(value) || readsShiftedTime(low) || readsShiftedTime(high)
        case .like(let value, _, _), .isNull(let value, _): return readsShiftedTime(value)
        case .lookup(let key, _): return readsShiftedTime(key)
        case .status: return true
        }
    }

    /// A filter term that reads only periods of the time column (aligned with `grain`), with
    /// each period replaced by `.output(i)`, the destination's period of `grains[i]`; nil when the
    /// term reads anything else of the row.
    static func destinationForm(_ expression: BoundExpr, timePath: ColumnPath, grain: PeriodGrain, grains: inout [PeriodGrain]) -> BoundExpr? {
        func form(_ expression: BoundExpr) -> BoundExpr? {
            switch expression {
            case .period(let path, let periodGrain):
                guard path == timePath, aligned(periodGrain, grain) else { return nil }
                if let index = grains.firstIndex(of: periodGrain) { return .output(index, .period(periodGrain)) }
                grains.append(periodGrain)
                return .output(grains.count - 1, .period(periodGrain))
            case .literal: return expression
            case .column, .aggregate, .output, .cohort, .periodsSince, .lookup, .status: return nil
            case .unary(let op, let operand, let type): return form(operand).map { .unary(op, $0, type) }
            case .binary(let op, let left, let right, let type):
                guard let left = form(left), let right = form(right) else { return nil }
                return .binary(op, left, right, type)
            case .function(let function, let arguments, let type):
                let formed = arguments.compactMap(form)
                return formed.count == arguments.count ? .function(function, formed, type) : nil
            case .inList(let value, let list, let negated):
                let formed = list.compactMap(form)
                guard let value = form(value), formed.count == list.count else { return nil }
                return .inList(value, formed, negated: negated)
            case .between(let value, let low, let high, let negated):
                guard let value = form(value), let low = form(low), let high = form(high) else { return nil }
                return .between(value, low: low, high: high, negated: negated)
            case .like(let value, let pattern, let negated): return form(value).map { .like($0, pattern: pattern, negated: negated) }
            case .isNull(let value, let negated): return form(value).map { .isNull($0, negated: negated) }
            }
        }
        return form(expression)
    }
}
