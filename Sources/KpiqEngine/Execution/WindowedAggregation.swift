import KpiqLanguage

/// Computes one dataset's aggregates per group, including those that read other periods than
/// the current one (`previous`, `vs`, `ytd`, `rolling`, `retained`, ...).
///
/// Each distinct time shift is a *pass*: the rows are filtered and grouped as if each row's
/// time were that much later, so rows of the previous quarter land in the current quarter's
/// groups. Keys of all passes are grouped together, so a group that exists only in an earlier
/// period (a manager who lost every account) still gets its row.
struct WindowedAggregation {
    let catalog: Catalog
    let dataset: Dataset
    let filter: BoundExpr?
    let keys: [BoundExpr]
    let specs: [(index: Int, spec: AggregateSpec)]
    let keySetKeys: [BoundExpr]
    let periods: QueryPeriods?
    var calendar: FiscalCalendar { catalog.calendar }

    struct Pass {
        let evaluator: Evaluator
        let offset: Int
        var count: Int { evaluator.count }
    }

    struct Output {
        var groups: Executor.GroupSet
        /// Rows of the dataset that the filter kept, in the current period.
        var matched: Int
        var notes: [String]
    }

    func run() -> Output {
        var shifts: Set<TimeShift> = [.zero]
        for (_, spec) in specs {
            shifts.formUnion(passShifts(spec.window).map(\.shift))
            if let keySet = spec.window.keySet { shifts.insert(spec.window.shift + keySet.previous) }
        }
        let comparesBack = specs.contains { !$0.spec.window.shift.isZero && $0.spec.window.accumulation == nil }
        let partial = comparesBack ? partialLatestPeriod() : nil
        var notes: [String] = []
        if let partial {
            let label = PeriodIndex.label(partial.index, grain: partial.grain)
            notes.append("\(label) has data through \(CivilDate.isoString(days: partial.lastDay)) (day \(partial.elapsed + 1) of \(partial.length)): earlier periods are compared through their day \(partial.elapsed + 1)")
        }

        var passes: [TimeShift: Pass] = [:]
        var keyParts = [[ColumnVector]](repeating: [], count: keys.count)
        var offset = 0
        for shift in shifts.sorted() {
            let everything = Evaluator(catalog: catalog, base: dataset, rows: nil)
            everything.timeShift = shift
            var rows: [Int32]? = filter.map { everything.truePositions($0) }
            if !shift.isZero {
                // A row with no time belongs to no period, so to no earlier one either.
                rows = timed(rows)
                if let partial { rows = likeForLike(rows, shift: shift, partial: partial) }
            }
            let evaluator = Evaluator(catalog: catalog, base: dataset, rows: rows)
            evaluator.timeShift = shift
            for (index, key) in keys.enumerated() { keyParts[index].append(evaluator.evaluate(key)) }
            passes[shift] = Pass(evaluator: evaluator, offset: offset)
            offset += evaluator.count
        }
        let keyVectors = keyParts.map(ColumnVector.concatenate)
        let grouping = Grouping(keys: keyVectors, count: offset)
        let groupCount = keys.isEmpty ? 1 : grouping.groupCount
        let current = passes[.zero]!
        var inCurrent = [Bool](repeating: keys.isEmpty, count: groupCount)
        for row in current.offset..<(current.offset + current.count) { inCurrent[Int(grouping.groupIds[row])] = true }

        var results: [Int: ColumnVector] = [:]
        var counts: Set<Int> = []
        for (index, spec) in specs {
            let input = spec.window.keySet.map { keySetInput(spec, $0, passes: passes, grouping: grouping) }
                ?? windowInput(spec, passes: passes, grouping: grouping)
            if !spec.window.ignoredKeys.isEmpty {
                results[index] = wholeCohort(spec, input: input, keyVectors: keyVectors, grouping: grouping, groupCount: groupCount)
            } else {
                results[index] = Aggregates.compute(spec.kind, type: spec.type, argument: input.argument, mask: input.mask,
                                                    groupIds: input.groupIds, groupCount: groupCount)
            }
            if [.count, .countValues, .countDistinct].contains(spec.kind) { counts.insert(index) }
        }
        let representatives = grouping.representatives.map(Int32.init)
        let groups = Executor.GroupSet(count: groupCount, keys: keyVectors.map { $0.gather(representatives) },
                                       aggregates: results, countIndexes: counts, current: inCurrent)
        return Output(groups: groups, matched: current.count, notes: notes)
    }

    /// An aggregate over coarser groups (some keys ignored), repeated in each finer group.
    private func wholeCohort(_ spec: AggregateSpec, input: Input, keyVectors: [ColumnVector], grouping: Grouping, groupCount: Int) -> ColumnVector {
        let kept = keyVectors.indices.filter { !spec.window.ignoredKeys.contains($0) }.map { keyVectors[$0] }
        let coarse = Grouping(keys: kept, count: grouping.groupIds.count)
        let coarseCount = kept.isEmpty ? 1 : coarse.groupCount
        // Only the current pass feeds this aggregate (its rows come first in the input).
        let coarseIds = Array(coarse.groupIds.prefix(input.groupIds.count))
        let values = Aggregates.compute(spec.kind, type: spec.type, argument: input.argument, mask: input.mask,
                                        groupIds: coarseIds, groupCount: coarseCount)
        let fine = (0..<groupCount).map { group -> Int32 in
            let row = grouping.representatives.indices.contains(group) ? grouping.representatives[group] : 0
            return coarse.groupIds.indices.contains(row) ? coarse.groupIds[row] : -1
        }
        return values.gather(fine)
    }

    // MARK: Inputs of one aggregate

    struct Input {
        var groupIds: [Int32]
        var argument: ColumnVector?
        var mask: ColumnVector
    }

    /// The shifts an aggregate reads, each with whether a row must stay in its enclosing period.
    private func passShifts(_ window: PeriodWindow) -> [(shift: TimeShift, step: Int)] {
        guard let accumulation = window.accumulation, let periods else { return [(window.shift, 0)] }
        let steps: Int
        switch accumulation {
        case .rolling(let count): steps = count
        case .toDate(let enclosing): steps = WindowedAggregation.periods(of: periods.grain, in: enclosing)
        }
        return (0..<steps).map { (window.shift + periods.unit * $0, $0) }
    }

    /// How many periods of `grain` an `enclosing` period can hold.
    static func periods(of grain: PeriodGrain, in enclosing: PeriodGrain) -> Int {
        switch (enclosing, grain) {
        case (.year, .quarter): return 4
        case (.year, .month): return 12
        case (.year, .week): return 53
        case (.year, .day): return 366
        case (.quarter, .month): return 3
        case (.quarter, .week): return 14
        case (.quarter, .day): return 92
        case (.month, .week): return 6
        case (.month, .day): return 31
        default: return 1
        }
    }

    private func windowInput(_ spec: AggregateSpec, passes: [TimeShift: Pass], grouping: Grouping) -> Input {
        var ids: [Int32] = []
        var arguments: [ColumnVector] = []
        var masks: [Bool] = []
        for (shift, step) in passShifts(spec.window) {
            guard let pass = passes[shift] else { continue }
            ids += grouping.groupIds[pass.offset..<(pass.offset + pass.count)]
            if let argument = spec.argument { arguments.append(pass.evaluator.evaluate(argument)) }
            var mask = truth(spec.filter.map(pass.evaluator.evaluate), count: pass.count)
            if step > 0, case .toDate(let enclosing)? = spec.window.accumulation, let time = timeColumn(of: pass) {
                // A running total adds earlier periods of the same year (quarter, month) only.
                for row in 0..<pass.count where mask[row] && time.isValid(row) {
                    let day = PeriodVectors.days(time, row)
                    let own = calendar.index(days: spec.window.shift.apply(toDay: day), grain: enclosing)
                    mask[row] = calendar.index(days: shift.apply(toDay: day), grain: enclosing) == own
                }
            }
            masks += mask
        }
        return Input(groupIds: ids, argument: arguments.isEmpty ? nil : ColumnVector.concatenate(arguments),
                     mask: ColumnVector(.boolean(masks)))
    }

    /// `retained`, `lost`, `new`: which rows count depends on whether their key was active in
    /// the previous period (in this group) and in the current one (in any group).
    private func keySetInput(_ spec: AggregateSpec, _ rule: KeySetRule, passes: [TimeShift: Pass], grouping: Grouping) -> Input {
        let current = passes[spec.window.shift]!
        let previous = passes[spec.window.shift + rule.previous]!
        let keyExpression = keySetKeys[rule.keyIndex]
        let keyVectors = [current.evaluator.evaluate(keyExpression), previous.evaluator.evaluate(keyExpression)]
        let (codes, _) = Grouping.denseCodes(ColumnVector.concatenate(keyVectors))
        // "Active anywhere" means in any group of the same period: with a period in `by`, keys
        // are told apart per period, so last quarter's activity is not this quarter's.
        func buckets(_ pass: Pass) -> [Int32] {
            guard let index = periods?.keyIndex, case .period(_, let values) = pass.evaluator.evaluate(keys[index]).data else {
                return [Int32](repeating: 0, count: pass.count)
            }
            return values
        }
        let currentCodes = zip(buckets(current), codes[0..<current.count]).map { BucketKey(bucket: $0, key: $1) }
        let previousCodes = zip(buckets(previous), codes[current.count...]).map { BucketKey(bucket: $0, key: $1) }
        // Code 0 is a null key (for non-text keys); a null key is never active.
        let nullCode: Int? = keyVectors[0].type == .text ? nil : 0
        func isKey(_ code: BucketKey, _ vector: ColumnVector, _ row: Int) -> Bool { vector.isValid(row) && code.key != nullCode }
        var activeNow = Set<BucketKey>(), activeBefore = Set<BucketKey>()
        for row in 0..<current.count where isKey(currentCodes[row], keyVectors[0], row) { activeNow.insert(currentCodes[row]) }
        for row in 0..<previous.count where isKey(previousCodes[row], keyVectors[1], row) { activeBefore.insert(previousCodes[row]) }

        func slice(_ pass: Pass) -> ArraySlice<Int32> { grouping.groupIds[pass.offset..<(pass.offset + pass.count)] }
        switch rule.kind {
        case .retained:
            // Each current row counts for every group its key was in last period.
            var groupsBefore: [BucketKey: Set<Int32>] = [:]
            let previousIds = slice(previous)
            for row in 0..<previous.count where isKey(previousCodes[row], keyVectors[1], row) {
                groupsBefore[previousCodes[row], default: []].insert(previousIds[previousIds.startIndex + row])
            }
            let filter = truth(spec.filter.map(current.evaluator.evaluate), count: current.count)
            var rows: [Int32] = [], ids: [Int32] = []
            for row in 0..<current.count where filter[row] && isKey(currentCodes[row], keyVectors[0], row) {
                for group in groupsBefore[currentCodes[row]] ?? [] {
                    rows.append(Int32(row))
                    ids.append(group)
                }
            }
            let argument = spec.argument.map { current.evaluator.evaluate($0).gather(rows) }
            return Input(groupIds: ids, argument: argument, mask: ColumnVector(.boolean([Bool](repeating: true, count: ids.count))))
        case .lost:
            var mask = truth(spec.filter.map(previous.evaluator.evaluate), count: previous.count)
            for row in 0..<previous.count { mask[row] = mask[row] && isKey(previousCodes[row], keyVectors[1], row) && !activeNow.contains(previousCodes[row]) }
            return Input(groupIds: Array(slice(previous)), argument: spec.argument.map(previous.evaluator.evaluate), mask: ColumnVector(.boolean(mask)))
        case .new:
            var mask = truth(spec.filter.map(current.evaluator.evaluate), count: current.count)
            for row in 0..<current.count { mask[row] = mask[row] && isKey(currentCodes[row], keyVectors[0], row) && !activeBefore.contains(currentCodes[row]) }
            return Input(groupIds: Array(slice(current)), argument: spec.argument.map(current.evaluator.evaluate), mask: ColumnVector(.boolean(mask)))
        }
    }

    /// A key within the period it is active in.
    private struct BucketKey: Hashable {
        var bucket: Int32
        var key: Int
    }

    /// A condition vector as plain booleans (null is false); all true without a condition.
    private func truth(_ vector: ColumnVector?, count: Int) -> [Bool] {
        guard let vector else { return [Bool](repeating: true, count: count) }
        // A condition that is a bare null (`count(where null)`) is never true.
        guard case .boolean(let values) = vector.data else { return [Bool](repeating: false, count: count) }
        guard vector.validity != nil else { return values }
        return values.indices.map { values[$0] && vector.isValid($0) }
    }

    private func timeColumn(of pass: Pass) -> ColumnVector? {
        guard let time = dataset.timeColumnIndex else { return nil }
        return pass.evaluator.column(ColumnPath(links: [], dataset: dataset.name, column: time))
    }

    // MARK: Like with like

    struct PartialPeriod {
        var grain: PeriodGrain
        var index: Int32
        var lastDay: Int
        /// Days of the period present in the data, less one.
        var elapsed: Int
        var length: Int
    }

    /// The latest period of the query's grain, when the data ends before it does.
    private func partialLatestPeriod() -> PartialPeriod? {
        guard let periods, let time = dataset.timeColumnIndex else { return nil }
        let vector = dataset.columns[time].vector
        var latest: Int? = nil
        for row in 0..<vector.count where vector.isValid(row) {
            let day = PeriodVectors.days(vector, row)
            if latest.map({ day > $0 }) ?? true { latest = day }
        }
        guard let last = latest else { return nil }
        let index = calendar.index(days: last, grain: periods.grain)
        let first = calendar.firstDay(of: index, grain: periods.grain)
        let end = calendar.firstDay(of: index + 1, grain: periods.grain) - 1
        guard last < end else { return nil }
        return PartialPeriod(grain: periods.grain, index: index, lastDay: last, elapsed: last - first, length: end - first + 1)
    }

    /// The rows whose time value is not null.
    private func timed(_ rows: [Int32]?) -> [Int32]? {
        guard let time = dataset.timeColumnIndex else { return rows }
        let vector = dataset.columns[time].vector
        guard vector.validity != nil else { return rows }
        return (rows ?? (0..<Int32(dataset.rowCount)).map { $0 }).filter { vector.isValid(Int($0)) }
    }

    /// Drops rows of an earlier period that fall, once shifted, into the partial latest period
    /// but later in their own period than the data reaches in the latest one.
    private func likeForLike(_ rows: [Int32]?, shift: TimeShift, partial: PartialPeriod) -> [Int32]? {
        guard let time = dataset.timeColumnIndex else { return rows }
        let vector = dataset.columns[time].vector
        let candidates = rows ?? (0..<Int32(dataset.rowCount)).map { $0 }
        return candidates.filter { row in
            guard vector.isValid(Int(row)) else { return true }
            let day = PeriodVectors.days(vector, Int(row))
            guard calendar.index(days: shift.apply(toDay: day), grain: partial.grain) == partial.index else { return true }
            let ownStart = calendar.firstDay(of: calendar.index(days: day, grain: partial.grain), grain: partial.grain)
            return day - ownStart <= partial.elapsed
        }
    }
}
