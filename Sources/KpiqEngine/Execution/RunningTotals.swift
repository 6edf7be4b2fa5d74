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

    // MARK: The cells

    /// The rows that pass the row filter, read once: their cell (group without the period, own
    /// period) and, per group, its cells in period order.
    struct RunningCells {
        var evaluator: Evaluator
        var cellIds: [Int32]
        var cellCount: Int
        /// The period of each cell (meaningless where `cellTimed` is false).
        var cellPeriod: [Int32]
        var cellTimed: [Bool]
        var groupCount: Int
        /// The key values of each group (the keys that read no shifted period).
        var groupKeys: [ColumnVector]
        /// Per group: its cells with a time value, by period.
        var groupCells: [[Int32]]
        /// Per group: its cell of rows with no time value, or -1.
        var nullCell: [Int32]
        /// Each row's own period (for like with like).
        var periods: ColumnVector
    }

    func runningCells(_ plan: RunningPlan, _ running: [RunningSpec]) -> RunningCells {
        // Where the filter bounds the periods kept, only rows that some step moves inside the
        // bounds are read (a row with no time value is in no bounded period).
        var terms: [BoundExpr] = []
        let period = BoundExpr.period(plan.timePath, plan.grain)
        if let lower = plan.bounds.lower, let shift = running.map({ $0.shift + $0.steps - 1 }).max() {
            let index = Int(calendar.index(days: lower, grain: plan.grain)) - shift
            terms.append(.binary(.greaterEqual, period, .literal(.period(plan.grain, Int32(index)), .period(plan.grain)), .boolean))
        }
        if let upper = plan.bounds.upper, let shift = running.map(\.shift).min() {
            let index = Int(calendar.index(days: upper, grain: plan.grain)) - shift
            terms.append(.binary(.lessEqual, period, .literal(.period(plan.grain, Int32(index)), .period(plan.grain)), .boolean))
        }
        let filter = WindowedAggregation.conjunction(terms + (plan.rowFilter.map { [$0] } ?? []))
        let all = Evaluator(catalog: catalog, base: dataset, rows: nil)
        let rows: [Int32]? = filter.map { all.truePositions($0) }
        let evaluator = Evaluator(catalog: catalog, base: dataset, rows: rows)
        let count = evaluator.count
        let periodVector = evaluator.evaluate(period)
        let free = keys.indices.filter { plan.keyGrains[$0] == nil }.map { evaluator.evaluate(keys[$0]) }
        guard count > 0, case .period(_, let periodValues) = periodVector.data else {
            return RunningCells(evaluator: evaluator, cellIds: [], cellCount: 0, cellPeriod: [], cellTimed: [], groupCount: 0,
                                groupKeys: free, groupCells: [], nullCell: [], periods: periodVector)
        }
        let groups = Grouping(keys: free, count: count)
        let groupCount = free.isEmpty ? 1 : groups.groupCount
        let groupKeys = free.map { $0.gather(groups.representatives.map(Int32.init)) }
        let cells = Grouping(keys: [ColumnVector(.integer(groups.groupIds.map(Int64.init))), periodVector], count: count)
        var cellPeriod = [Int32](repeating: 0, count: cells.groupCount)
        var cellTimed = [Bool](repeating: false, count: cells.groupCount)
        var groupCells = [[Int32]](repeating: [], count: groupCount)
        var nullCell = [Int32](repeating: -1, count: groupCount)
        for (cell, row) in cells.representatives.enumerated() {
            let group = Int(groups.groupIds[row])
            if periodVector.isValid(row) {
                cellPeriod[cell] = periodValues[row]
                cellTimed[cell] = true
                groupCells[group].append(Int32(cell))
            } else {
                nullCell[group] = Int32(cell)
            }
        }
        for group in 0..<groupCount { groupCells[group].sort { cellPeriod[Int($0)] < cellPeriod[Int($1)] } }
        return RunningCells(evaluator: evaluator, cellIds: cells.groupIds, cellCount: cells.groupCount, cellPeriod: cellPeriod,
                            cellTimed: cellTimed, groupCount: groupCount, groupKeys: groupKeys, groupCells: groupCells,
                            nullCell: nullCell, periods: periodVector)
    }

    /// Which rows of the cells a like-with-like first step keeps: those of the period it moves
    /// into the partial latest one only through the day the data reaches there.
    func likeForLikeRows(_ cells: RunningCells, shift: Int, partial: PartialPeriod) -> [Bool] {
        guard let time = dataset.timeColumnIndex, case .period(_, let periodValues) = cells.periods.data else {
            return [Bool](repeating: true, count: cells.cellIds.count)
        }
        let source = partial.index - Int32(shift)
        let first = calendar.firstDay(of: source, grain: partial.grain)
        let vector = cells.evaluator.column(ColumnPath(links: [], dataset: dataset.name, column: time))
        return (0..<cells.cellIds.count).map { row in
            guard cells.periods.isValid(row), periodValues[row] == source else { return true }
            return PeriodVectors.days(vector, row) - first <= partial.elapsed
        }
    }

    // MARK: The groups the steps create

    /// The (group, period) pairs that the steps of the running totals move rows into and the
    /// filter keeps (period nil: rows with no time value, which only an unshifted first step reads).
    func runningDestinations(_ cells: RunningCells, _ plan: RunningPlan, _ running: [RunningSpec],
                             partial: PartialPeriod?, trimmedExists: [Bool]?) -> (groups: [Int32], periods: [Int32?]) {
        var low = Int32.max, high = Int32.min
        for cell in 0..<cells.cellCount where cells.cellTimed[cell] {
            low = min(low, cells.cellPeriod[cell])
            high = max(high, cells.cellPeriod[cell])
        }
        let lowShift = running.map(\.shift).min() ?? 0
        let highShift = running.map { $0.shift + $0.steps - 1 }.max() ?? 0
        let range: ClosedRange<Int>? = low <= high ? (Int(low) + lowShift)...(Int(high) + highShift) : nil
        let allowed = periodsAllowed(range, plan)

        // The last period of the query's grain in the enclosing period of each cell's period.
        var lastKnown: [PeriodGrain: [Int32: Int]] = [:]
        func lastInEnclosing(_ period: Int32, _ enclosingGrain: PeriodGrain) -> Int {
            if let known = lastKnown[enclosingGrain]?[period] { return known }
            let grain = plan.grain
            let own = enclosing(calendar.firstDay(of: period, grain: grain), grain, enclosingGrain)
            var last = period
            while enclosing(calendar.firstDay(of: last + 1, grain: grain), grain, enclosingGrain) == own { last += 1 }
            lastKnown[enclosingGrain, default: [:]][period] = Int(last)
            return Int(last)
        }
        var groups: [Int32] = [], periods: [Int32?] = []
        let nullAllowed = allowed.last!
        for group in 0..<cells.groupCount {
            if cells.nullCell[group] >= 0, nullAllowed, running.contains(where: { $0.shift == 0 }) {
                groups.append(Int32(group))
                periods.append(nil)
            }
            guard let range else { continue }
            // Each cell reaches periods q + shift ... q + shift + steps - 1 (for `ytd`, `qtd`,
            // `mtd`, no further than the end of q's enclosing period): merged intervals.
            var intervals: [(Int, Int)] = []
            for spec in running {
                for cell in cells.groupCells[group] {
                    let period = cells.cellPeriod[Int(cell)]
                    let start = Int(period) + spec.shift
                    var end = start + spec.steps - 1
                    if let enclosing = spec.enclosing { end = min(end, lastInEnclosing(period, enclosing) + spec.shift) }
                    intervals.append((start, end))
                }
            }
            intervals.sort { $0.0 < $1.0 }
            var next = Int.min
            for (start, end) in intervals {
                let from = max(start, next)
                guard from <= end else { continue }
                for period in from...end {
                    guard allowed[period - range.lowerBound] else { continue }
                    if let partial, Int(partial.index) == period,
                       !reaches(cells, group: group, period: period, running, trimmedExists: trimmedExists) { continue }
                    groups.append(Int32(group))
                    periods.append(Int32(period))
                }
                next = max(next, end + 1)
            }
        }
        return (groups, periods)
    }

    /// Whether a step moves a row of `group` into `period`, where a like-with-like first step
    /// keeps only some of its rows.
    private func reaches(_ cells: RunningCells, group: Int, period: Int, _ running: [RunningSpec], trimmedExists: [Bool]?) -> Bool {
        for spec in running {
            for cell in cells.groupCells[group] {
                let step = period - spec.shift - Int(cells.cellPeriod[Int(cell)])
                guard step >= 0, step < spec.steps else { continue }
                if step > 0 || !spec.likeForLike || (trimmedExists?[Int(cell)] ?? true) { return true }
            }
        }
        return false
    }

    /// Whether the filter keeps each period of `range` (by offset), then rows with no time (last).
    private func periodsAllowed(_ range: ClosedRange<Int>?, _ plan: RunningPlan) -> [Bool] {
        let indexes = range.map { Array($0) } ?? []
        let count = indexes.count + 1
        guard !plan.periodFilter.isEmpty else { return [Bool](repeating: true, count: count) }
        let grain = plan.grain
        let outputs = plan.periodGrains.map { periodGrain -> ColumnVector in
            let values = indexes.map { index -> Int32 in
                periodGrain == grain ? Int32(index) : calendar.index(days: calendar.firstDay(of: Int32(index), grain: grain), grain: periodGrain)
            }
            return ColumnVector(.period(periodGrain, values + [0]), validity: Bitmap([Bool](repeating: true, count: indexes.count) + [false]))
        }
        let evaluator = Evaluator(catalog: catalog, groups: count, aggregates: [], outputs: outputs)
        var allowed = [Bool](repeating: true, count: count)
        for term in plan.periodFilter {
            let holds = truth(evaluator.evaluate(term), count: count)
            for index in 0..<count where !holds[index] { allowed[index] = false }
        }
        return allowed
    }

    /// The key vectors of the destinations.
    func destinationKeys(_ cells: RunningCells, _ plan: RunningPlan, groups: [Int32], periods: [Int32?]) -> [ColumnVector] {
        var free = 0
        return keys.indices.map { position in
            guard let keyGrain = plan.keyGrains[position] else {
                defer { free += 1 }
                return cells.groupKeys[free].gather(groups)
            }
            let values = periods.map { period -> Int32 in
                guard let period else { return 0 }
                return keyGrain == plan.grain ? period
                    : calendar.index(days: calendar.firstDay(of: period, grain: plan.grain), grain: keyGrain)
            }
            return ColumnVector(.period(keyGrain, values), validity: Bitmap(periods.map { $0 != nil }))
        }
    }

    // MARK: States and the fold

    /// An aggregate's state per cell; with like with like, the trimmed cells follow (cell + count).
    enum CellStates {
        case counts([Int64])
        case integerSums([Int64], counts: [Int64])
        case decimalSums([Double], counts: [Int64])
        /// The best value of each cell and its rank among all (equal values, equal ranks; -1: none).
        case extremes(ColumnVector, ranks: [Int])
    }

    func cellStates(_ running: RunningSpec, _ cells: RunningCells, trimmed: [Bool]?) -> CellStates? {
        let spec = running.spec
        let evaluator = cells.evaluator
        let argument = spec.argument.map(evaluator.evaluate)
        let mask = truth(spec.filter.map(evaluator.evaluate), count: evaluator.count)
        var masks = [ColumnVector(.boolean(mask))]
        if let trimmed { masks.append(ColumnVector(.boolean(zip(mask, trimmed).map { $0 && $1 }))) }
        func each(_ kind: AggregateKind, _ type: DataType) -> [ColumnVector] {
            masks.map { Aggregates.compute(kind, type: type, argument: argument, mask: $0, groupIds: cells.cellIds, groupCount: cells.cellCount) }
        }
        func integers(_ vectors: [ColumnVector]) -> [Int64]? {
            var result: [Int64] = []
            for vector in vectors {
                guard case .integer(let values) = vector.data else { return nil }
                result += values
            }
            return result
        }
        switch spec.kind {
        case .count, .countValues:
            return integers(each(spec.kind, .integer)).map(CellStates.counts)
        case .sum, .avg:
            guard let counts = integers(each(.countValues, .integer)) else { return nil }
            switch argument?.type {
            case .integer?:
                // An overflowing sum comes back in doubles: the passes handle that.
                guard let sums = integers(each(.sum, .integer)) else { return nil }
                return .integerSums(sums, counts: counts)
            case .decimal?:
                var sums: [Double] = []
                for vector in each(.sum, .decimal) {
                    guard case .decimal(let values) = vector.data else { return nil }
                    sums += values.indices.map { vector.isValid($0) ? values[$0] : 0 }
                }
                return .decimalSums(sums, counts: counts)
            default:
                return nil
            }
        case .min, .max:
            let values = ColumnVector.concatenate(each(spec.kind, spec.type))
            let order = Sorting.comparator(values)
            let valid = (0..<values.count).filter { !order.isNull($0) }
            let sorted = valid.sorted { order.comparator($0, $1) < 0 }
            var ranks = [Int](repeating: -1, count: values.count)
            var rank = 0
            for (position, cell) in sorted.enumerated() {
                if position > 0, order.comparator(sorted[position - 1], cell) != 0 { rank += 1 }
                ranks[cell] = rank
            }
            return .extremes(values, ranks: ranks)
        default:
            return nil
        }
    }

    /// The running total of each group of the result (`destinationGroup` maps each destination
    /// to it); nil when an integer sum could overflow (the passes then compute it).
    func fold(_ running: RunningSpec, _ states: CellStates, _ cells: RunningCells, destinations: (groups: [Int32], periods: [Int32?]),
              destinationGroup: ArraySlice<Int32>, groupCount: Int, partial: PartialPeriod?) -> ColumnVector? {
        func perGroup<State: RunState>(_ cellStates: [State]) -> [State]? {
            let windows = windowStates(running, cells, cellStates, destinations: destinations, partial: partial)
            var result = [State](repeating: .none, count: groupCount)
            var filled = [Bool](repeating: false, count: groupCount)
            for (position, window) in windows.enumerated() {
                let group = Int(destinationGroup[destinationGroup.startIndex + position])
                // A destination's keys hold its period at the query's grain, so no two share a group.
                guard !filled[group] else { return nil }
                filled[group] = true
                result[group] = window
            }
            return result
        }
        let spec = running.spec
        switch states {
        case .counts(let values):
            return perGroup(values.map { RunTotal(sum: Int64(0), count: $0) }).map { ColumnVector(.integer($0.map(\.count))) }
        case .integerSums(let sums, let counts):
            // The current code adds a window's sums one by one and reports any overflow on the
            // way; here sums are formed in other orders (per block, forward and backward). Where
            // the magnitudes of all of a group's states add up without overflow, no sum of any of
            // them overflows, whatever the order; elsewhere the passes compute it (more often
            // than strictly needed, never less).
            guard cells.groupCells.allSatisfy({ sumsFit($0, sums, cellCount: cells.cellCount) }) else { return nil }
            guard let totals = perGroup(zip(sums, counts).map { RunTotal(sum: $0, count: $1) }) else { return nil }
            let seen = Bitmap(totals.map { $0.count > 0 })
            if spec.kind == .avg {
                return ColumnVector(.decimal(totals.map { $0.count == 0 ? 0 : Double($0.sum) / Double($0.count) }), validity: seen)
            }
            return spec.type == .integer ? ColumnVector(.integer(totals.map(\.sum)), validity: seen)
                : ColumnVector(.decimal(totals.map { Double($0.sum) }), validity: seen)
        case .decimalSums(let sums, let counts):
            guard spec.type != .integer, let totals = perGroup(zip(sums, counts).map { RunTotal(sum: $0, count: $1) }) else { return nil }
            let seen = Bitmap(totals.map { $0.count > 0 })
            if spec.kind == .avg {
                return ColumnVector(.decimal(totals.map { $0.count == 0 ? 0 : $0.sum / Double($0.count) }), validity: seen)
            }
            return ColumnVector(.decimal(totals.map(\.sum)), validity: seen)
        case .extremes(let values, let ranks):
            // Oriented so that higher is better.
            let isMax = spec.kind == .max
            let bests = ranks.enumerated().map { cell, rank in
                rank < 0 ? RunBest.none : RunBest(key: isMax ? rank : -rank, cell: Int32(cell))
            }
            return perGroup(bests).map { values.gather($0.map(\.cell)) }
        }
    }

    /// Whether the magnitudes of a group's sums (its cells' and their trimmed ones') add up
    /// without overflow.
    private func sumsFit(_ list: [Int32], _ sums: [Int64], cellCount: Int) -> Bool {
        var total: UInt64 = 0
        for cell in list {
            for state in stride(from: Int(cell), to: sums.count, by: cellCount) {
                let (sum, overflow) = total.addingReportingOverflow(sums[state].magnitude)
                guard !overflow, sum <= UInt64(Int64.max) else { return false }
                total = sum
            }
        }
        return true
    }

    /// The state of each destination's window, folded without walking the window.
    ///
    /// Walking back through every cell of every window costs destinations × window length
    /// (366 cells for `ytd(x) by day`). Instead each group's cells, in period order, are cut
    /// into blocks (van Herk / Gil-Werman): for `ytd`, `qtd`, `mtd` the enclosing periods; for
    /// `rolling(x, n)` runs of `n` periods aligned at multiples of `n`. Each cell keeps the
    /// state of its block up to it (prefix) and from it on (suffix). A to-date window is the
    /// prefix of its anchor's block; a rolling window of `n` periods that does not start a block
    /// ends in the next one: the suffix of its first cell, then the prefix of its last. With
    /// like with like, the window without the anchor (still at most two blocks) is followed by
    /// the anchor cell's trimmed state. So a destination costs two binary searches. States
    /// combine in period order with no subtraction, so minimum and maximum fold too and decimal
    /// sums cancel nothing; the later state wins a tie of extremes, as the walk back from the
    /// anchor kept the first it met.
    private func windowStates<State: RunState>(_ running: RunningSpec, _ cells: RunningCells, _ states: [State],
                                               destinations: (groups: [Int32], periods: [Int32?]), partial: PartialPeriod?) -> [State] {
        let grain = periods!.grain
        var enclosingCache: [Int32: Int32] = [:]
        func block(_ period: Int32) -> Int32 {
            guard let enclosingGrain = running.enclosing else {
                let (quotient, remainder) = period.quotientAndRemainder(dividingBy: Int32(running.steps))
                return remainder < 0 ? quotient - 1 : quotient
            }
            if let known = enclosingCache[period] { return known }
            let value = enclosing(calendar.firstDay(of: period, grain: grain), grain, enclosingGrain)
            enclosingCache[period] = value
            return value
        }

        // The groups' cells laid end to end, each with its period, block and block's first and
        // last position (32 bits: by account and day the cells can number millions).
        var start = [Int](repeating: 0, count: cells.groupCount + 1)
        for group in 0..<cells.groupCount { start[group + 1] = start[group] + cells.groupCells[group].count }
        let total = start[cells.groupCount]
        let flatCells = cells.groupCells.flatMap { $0 }
        let periodAt = flatCells.map { cells.cellPeriod[Int($0)] }
        let blockAt = periodAt.map(block)
        var blockFirst = [Int32](repeating: 0, count: total), blockLast = [Int32](repeating: 0, count: total)
        var prefix = [State](repeating: .none, count: total), suffix = [State](repeating: .none, count: total)
        for group in 0..<cells.groupCount where start[group] < start[group + 1] {
            let range = start[group]..<start[group + 1]
            for position in range {
                let state = states[Int(flatCells[position])]
                let continues = position > range.lowerBound && blockAt[position - 1] == blockAt[position]
                blockFirst[position] = continues ? blockFirst[position - 1] : Int32(position)
                prefix[position] = continues ? prefix[position - 1].then(state) : state
            }
            for position in range.reversed() {
                let state = states[Int(flatCells[position])]
                let continues = position + 1 < range.upperBound && blockAt[position + 1] == blockAt[position]
                blockLast[position] = continues ? blockLast[position + 1] : Int32(position)
                suffix[position] = continues ? state.then(suffix[position + 1]) : state
            }
        }
        /// The state of the cells at positions `low ... high` (of one group).
        func run(_ low: Int, _ high: Int) -> State {
            guard low <= high else { return .none }
            if blockFirst[low] == blockFirst[high] {
                if low == Int(blockFirst[low]) { return prefix[high] }
                if high == Int(blockLast[high]) { return suffix[low] }
            } else if blockLast[low] + 1 == blockFirst[high] {
                return suffix[low].then(prefix[high])
            }
            // Not a window that one or two blocks answer (none of those built here): cell by cell.
            return (low...high).reduce(State.none) { $0.then(states[Int(flatCells[$1])]) }
        }
        /// The first position in `range` whose period is at least `period`.
        func firstAtOrAfter(_ period: Int32, in range: Range<Int>) -> Int {
            var low = range.lowerBound, high = range.upperBound
            while low < high {
                let middle = (low + high) / 2
                if periodAt[middle] < period { low = middle + 1 } else { high = middle }
            }
            return low
        }

        let trimmedPeriod: Int32? = running.likeForLike ? partial.map { $0.index } : nil
        var windows: [State] = []
        windows.reserveCapacity(destinations.periods.count)
        for (position, destinationPeriod) in destinations.periods.enumerated() {
            let group = Int(destinations.groups[position])
            guard let destinationPeriod else {
                let nullCell = Int(cells.nullCell[group])
                windows.append(running.shift == 0 && nullCell >= 0 ? states[nullCell] : .none)
                continue
            }
            let anchor = destinationPeriod - Int32(running.shift)
            let trimmed = trimmedPeriod == destinationPeriod
            // Without the anchor when its trimmed state stands for it.
            let latest = trimmed ? anchor - 1 : anchor
            let cellsOfGroup = start[group]..<start[group + 1]
            let next = firstAtOrAfter(latest + 1, in: cellsOfGroup)
            var low = firstAtOrAfter(anchor - Int32(running.steps - 1), in: cellsOfGroup), high = next - 1
            if running.enclosing != nil {
                // Only the anchor's enclosing period; blocks follow the periods' order.
                if high >= low, blockAt[high] == block(anchor) { low = max(low, Int(blockFirst[high])) } else { high = low - 1 }
            }
            var window = run(low, high)
            if trimmed, next < cellsOfGroup.upperBound, periodAt[next] == anchor {
                window = window.then(states[cells.cellCount + Int(flatCells[next])])
            }
            windows.append(window)
        }
        return windows
    }
}

/// The state of a run of cells, which combines with the state of the run right after it.
protocol RunState {
    static var none: Self { get }
    /// This run, then `later`.
    func then(_ later: Self) -> Self
}

/// A sum and how many values it adds (for counts, just the count).
struct RunTotal<Sum: AdditiveArithmetic>: RunState {
    var sum: Sum
    var count: Int64
    static var none: RunTotal { RunTotal(sum: .zero, count: 0) }
    func then(_ later: RunTotal) -> RunTotal { RunTotal(sum: sum + later.sum, count: count + later.count) }
}

/// The best value of a run: its rank, higher better (`Int.min`: none), and its cell.
struct RunBest: RunState {
    var key: Int
    var cell: Int32
    static var none: RunBest { RunBest(key: .min, cell: -1) }
    /// On a tie the later cell wins.
    func then(_ later: RunBest) -> RunBest { later.key >= key ? later : self }
}
