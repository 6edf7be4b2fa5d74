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

    /// One pass: the rows as if each row's time were `shift` later; with `likeForLike`, rows
    /// that land in a partial latest period count only through the day the data reaches there.
    struct PassKey: Hashable, Comparable {
        var shift: TimeShift
        var likeForLike: Bool

        static let current = PassKey(shift: .zero, likeForLike: false)

        static func < (lhs: PassKey, rhs: PassKey) -> Bool {
            (lhs.shift, lhs.likeForLike ? 1 : 0) < (rhs.shift, rhs.likeForLike ? 1 : 0)
        }
    }

    /// Whether running totals read the rows once where they can (tests turn it off to compare).
    @TaskLocal static var runningTotalsInOnePass = true

    func run() -> Output {
        // A running total whose sum overflows in one pass is read again step by step.
        run(onePass: WindowedAggregation.runningTotalsInOnePass) ?? run(onePass: false)!
    }

    /// With `onePass`, running totals that can read the rows once do (`RunningTotals.swift`);
    /// nil when one of them could not after all.
    func run(onePass: Bool) -> Output? {
        // Comparisons with earlier periods (`previous`, `vs`, the key sets' last period) are
        // like with like when the latest period is partial; the earlier periods a running
        // total adds up are not: they are whole.
        let comparesBack = specs.contains { !$0.spec.window.shift.isZero || $0.spec.window.keySet != nil }
        let partial = comparesBack ? partialLatestPeriod() : nil
        let plan = onePass ? runningPlan() : nil
        var running: [RunningSpec] = []
        var needed: Set<PassKey> = [.current]
        // The passes that only `ytd`, `qtd` or `mtd` steps read, and the steps they are: such a
        // pass keeps only rows that stay in their enclosing period, so that a row no total adds
        // (last December's, for this year's) does not make a group of its own.
        var toDateSteps: [PassKey: [(enclosing: PeriodGrain, step: Int)]] = [:]
        var readWhole: Set<PassKey> = [.current]
        for (index, spec) in specs {
            if let plan, let one = runningSpec(index, spec, plan, partial: partial != nil) {
                running.append(one)
            } else {
                let pick = passKeys(spec, partial: partial != nil)
                needed.formUnion(pick.all)
                for (key, step) in pick.steps {
                    if step > 0, case .toDate(let enclosing)? = spec.window.accumulation {
                        toDateSteps[key, default: []].append((enclosing, step))
                    } else {
                        readWhole.insert(key)
                    }
                }
                if let previous = pick.previous { readWhole.insert(previous) }
            }
        }

        var passes: [PassKey: Pass] = [:]
        var keyParts = [[ColumnVector]](repeating: [], count: keys.count)
        var offset = 0
        var partialIsCurrent = false
        for key in needed.sorted() {
            let everything = Evaluator(catalog: catalog, base: dataset, rows: nil)
            everything.timeShift = key.shift
            var rows: [Int32]? = filter.map { everything.truePositions($0) }
            if !key.shift.isZero {
                // A row with no time belongs to no period, so to no earlier one either.
                rows = timed(rows)
                if key.likeForLike, let partial { rows = likeForLike(rows, shift: key.shift, partial: partial) }
                if !readWhole.contains(key), let steps = toDateSteps[key] { rows = stayingInEnclosing(rows, steps) }
            } else if let partial {
                partialIsCurrent = holdsRows(rows, in: partial)
            }
            let evaluator = Evaluator(catalog: catalog, base: dataset, rows: rows)
            evaluator.timeShift = key.shift
            for (index, groupKey) in keys.enumerated() { keyParts[index].append(evaluator.evaluate(groupKey)) }
            passes[key] = Pass(evaluator: evaluator, offset: offset)
            offset += evaluator.count
        }
        // The running totals read in one pass: their cells, and the groups their steps create
        // (after the passes' rows, so that the passes' rows keep their offsets).
        var oneRead: (cells: RunningCells, trimmed: [Bool]?, destinations: (groups: [Int32], periods: [Int32?]), offset: Int)? = nil
        if let plan, !running.isEmpty {
            let cells = runningCells(plan, running)
            let likeForLike = running.filter(\.likeForLike).map(\.shift)
            // The like-with-like first steps all have the same shift? Otherwise keep the passes.
            guard Set(likeForLike).count <= 1 else { return run(onePass: false) }
            let trimmed = likeForLike.first.flatMap { shift in partial.map { likeForLikeRows(cells, shift: shift, partial: $0) } }
            let trimmedExists = trimmed.map { rows -> [Bool] in
                var exists = [Bool](repeating: false, count: cells.cellCount)
                for row in 0..<rows.count where rows[row] { exists[Int(cells.cellIds[row])] = true }
                return exists
            }
            let destinations = runningDestinations(cells, plan, running, partial: trimmed == nil ? nil : partial, trimmedExists: trimmedExists)
            let destinationKeys = destinationKeys(cells, plan, groups: destinations.groups, periods: destinations.periods)
            for index in keys.indices { keyParts[index].append(destinationKeys[index]) }
            oneRead = (cells, trimmed, destinations, offset)
            offset += destinations.groups.count
        }
        var notes: [String] = []
        if let partial, partialIsCurrent {
            let label = PeriodIndex.label(partial.index, grain: partial.grain)
            notes.append("\(label) has data through \(CivilDate.isoString(days: partial.lastDay)) (day \(partial.elapsed + 1) of \(partial.length)): earlier periods are compared through their day \(partial.elapsed + 1)")
        }
        let keyVectors = keyParts.map(ColumnVector.concatenate)
        let grouping = Grouping(keys: keyVectors, count: offset)
        let groupCount = keys.isEmpty ? 1 : grouping.groupCount
        let current = passes[.current]!
        var inCurrent = [Bool](repeating: keys.isEmpty || current.count == offset, count: groupCount)
        if current.count < offset {
            inCurrent.withUnsafeMutableBufferPointer { inCurrent in
                grouping.groupIds.withUnsafeBufferPointer { ids in
                    for row in current.offset..<(current.offset + current.count) { inCurrent[Int(ids[row])] = true }
                }
            }
        }

        var results: [Int: ColumnVector] = [:]
        var counts: Set<Int> = []
        for one in running {
            let (cells, trimmed, destinations, start) = oneRead!
            guard let states = cellStates(one, cells, trimmed: one.likeForLike ? trimmed : nil),
                  let values = fold(one, states, cells, destinations: destinations,
                                    destinationGroup: grouping.groupIds[start..<(start + destinations.groups.count)],
                                    groupCount: groupCount, partial: partial)
            else { return nil }
            results[one.index] = values
            if [.count, .countValues].contains(one.spec.kind) { counts.insert(one.index) }
        }
        for (index, spec) in specs where !running.contains(where: { $0.index == index }) {
            let pick = passKeys(spec, partial: partial != nil)
            let input = spec.window.keySet.map { keySetInput(spec, $0, pick, passes: passes, grouping: grouping, groupCount: groupCount) }
                ?? windowInput(spec, pick, passes: passes, grouping: grouping)
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

    /// The `enclosing` period (year, quarter, month) of the period of `grain` that holds `day`.
    /// An ISO week belongs to the year, quarter and month of its Thursday, so 2025-W01 (which
    /// starts on Monday 2024-12-30) opens 2025.
    func enclosing(_ day: Int, _ grain: PeriodGrain, _ enclosing: PeriodGrain) -> Int32 {
        let anchor = grain == .week ? PeriodIndex.firstDay(of: PeriodIndex.of(days: day, grain: .week), grain: .week) + 3 : day
        return calendar.index(days: anchor, grain: enclosing)
    }

    /// The `enclosing` period of the period `period` of `grain`.
    func enclosing(ofPeriod period: Int32, _ grain: PeriodGrain, _ enclosing: PeriodGrain) -> Int32 {
        self.enclosing(calendar.firstDay(of: period, grain: grain), grain, enclosing)
    }

    /// The last period of `grain` in the `enclosing` period of the period `period` of `grain`.
    /// An ISO week belongs to the enclosing period of its Thursday: the last one is the week of
    /// the enclosing period's last day but three.
    func lastPeriod(inEnclosingOf period: Int32, _ grain: PeriodGrain, _ enclosing: PeriodGrain) -> Int32 {
        let lastDay = calendar.lastDay(of: self.enclosing(ofPeriod: period, grain, enclosing), grain: enclosing)
        return calendar.index(days: grain == .week ? lastDay - 3 : lastDay, grain: grain)
    }

    /// Whether the period of `grain` that holds `day` and the period `ahead` later share their
    /// `enclosing` period: whether a to-date step that far adds a row of that day.
    func staysInEnclosing(_ day: Int, ahead: TimeShift, _ grain: PeriodGrain, _ enclosing: PeriodGrain) -> Bool {
        self.enclosing(day, grain, enclosing) == self.enclosing(ahead.apply(toDay: day), grain, enclosing)
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

    /// The passes an aggregate reads: for a running total, one per step (the first compared
    /// like with like when the window looks back); for a key set, now and last period.
    struct PassPick {
        var steps: [(key: PassKey, step: Int)]
        var previous: PassKey?
        var all: [PassKey] { steps.map(\.key) + (previous.map { [$0] } ?? []) }
    }

    private func passKeys(_ spec: AggregateSpec, partial: Bool) -> PassPick {
        let window = spec.window
        let steps = passShifts(window).map { shift, step in
            (key: PassKey(shift: shift, likeForLike: partial && step == 0 && !window.shift.isZero), step: step)
        }
        let previous = window.keySet.map { PassKey(shift: window.shift + $0.previous, likeForLike: partial) }
        return PassPick(steps: steps, previous: previous)
    }

    private func windowInput(_ spec: AggregateSpec, _ pick: PassPick, passes: [PassKey: Pass], grouping: Grouping) -> Input {
        var ids: [Int32] = []
        var arguments: [ColumnVector] = []
        var masks: [Bool] = []
        for (key, step) in pick.steps {
            guard let pass = passes[key] else { continue }
            ids += grouping.groupIds[pass.offset..<(pass.offset + pass.count)]
            if let argument = spec.argument { arguments.append(pass.evaluator.evaluate(argument)) }
            var mask = truth(spec.filter.map(pass.evaluator.evaluate), count: pass.count)
            if step > 0, case .toDate(let enclosing)? = spec.window.accumulation, let periods, let time = timeColumn(of: pass) {
                // A running total adds earlier periods of the same year (quarter, month) only: a
                // row counts when its period and the period it is added to, `step` periods
                // later, share their enclosing period. (The window's own shift, as in `vs
                // previous`, moves both alike, so it plays no part.)
                let ahead = periods.unit * step
                for row in 0..<pass.count where mask[row] && time.isValid(row) {
                    let day = PeriodVectors.days(time, row)
                    mask[row] = staysInEnclosing(day, ahead: ahead, periods.grain, enclosing)
                }
            }
            if masks.isEmpty { masks = mask } else { masks += mask }
        }
        return Input(groupIds: ids, argument: arguments.isEmpty ? nil : ColumnVector.concatenate(arguments),
                     mask: ColumnVector(.boolean(masks)))
    }

    /// `retained`, `lost`, `new`: which rows count depends on whether their key was active in
    /// the previous period (in this group) and in the current one (in any group).
    private func keySetInput(_ spec: AggregateSpec, _ rule: KeySetRule, _ pick: PassPick, passes: [PassKey: Pass],
                             grouping: Grouping, groupCount: Int) -> Input {
        let current = passes[pick.steps[0].key]!
        let previous = passes[pick.previous!]!
        let keyExpression = keySetKeys[rule.keyIndex]
        let keys = KeySetKeys(current: current.evaluator.evaluate(keyExpression), previous: previous.evaluator.evaluate(keyExpression),
                              currentBuckets: buckets(current), previousBuckets: buckets(previous))
        func slice(_ pass: Pass) -> ArraySlice<Int32> { grouping.groupIds[pass.offset..<(pass.offset + pass.count)] }

        switch rule.kind {
        case .retained:
            let before = GroupsOfKey(keys: keys.previous, groupIds: slice(previous), keyCount: keys.count, groupCount: groupCount)
            let filter = truth(spec.filter.map(current.evaluator.evaluate), count: current.count)
            // The keys themselves (`retained(account)`) are counted distinct: one row per (key,
            // group) is enough, however many rows the key has now.
            var once: [Bool]? = nil
            if spec.kind == .countDistinct, case .column(let counted, _)? = spec.argument, case .column(let key, _) = keyExpression, counted == key {
                once = [Bool](repeating: false, count: keys.count)
            }
            // Otherwise each current row counts for every group its key was in last period.
            var rows: [Int32] = [], ids: [Int32] = []
            for row in 0..<current.count where filter[row] {
                let key = Int(keys.current[row])
                guard key >= 0 else { continue }
                if once != nil {
                    if once![key] { continue }
                    once![key] = true
                }
                for group in before.groups(of: key) {
                    rows.append(Int32(row))
                    ids.append(group)
                }
            }
            let argument = spec.argument.map { current.evaluator.evaluate($0).gather(rows) }
            return Input(groupIds: ids, argument: argument, mask: ColumnVector(.boolean([Bool](repeating: true, count: ids.count))))
        case .lost:
            let activeNow = keys.active(keys.current)
            var mask = truth(spec.filter.map(previous.evaluator.evaluate), count: previous.count)
            for row in 0..<previous.count {
                let key = Int(keys.previous[row])
                mask[row] = mask[row] && key >= 0 && !activeNow[key]
            }
            return Input(groupIds: Array(slice(previous)), argument: spec.argument.map(previous.evaluator.evaluate), mask: ColumnVector(.boolean(mask)))
        case .new:
            let activeBefore = keys.active(keys.previous)
            var mask = truth(spec.filter.map(current.evaluator.evaluate), count: current.count)
            for row in 0..<current.count {
                let key = Int(keys.current[row])
                mask[row] = mask[row] && key >= 0 && !activeBefore[key]
            }
            return Input(groupIds: Array(slice(current)), argument: spec.argument.map(current.evaluator.evaluate), mask: ColumnVector(.boolean(mask)))
        }
    }

    /// "Active anywhere" means in any group of the same period: with a period in `by`, keys are
    /// told apart per period, so last quarter's activity is not this quarter's. Without one, every
    /// row is in the one bucket.
    private func buckets(_ pass: Pass) -> ColumnVector? {
        guard let index = periods?.keyIndex else { return nil }
        let vector = pass.evaluator.evaluate(keys[index])
        guard case .period = vector.data else { return nil }
        return vector
    }

    /// A condition vector as plain booleans (null is false); all true without a condition.
    func truth(_ vector: ColumnVector?, count: Int) -> [Bool] {
        guard let vector else { return [Bool](repeating: true, count: count) }
        // A condition that is a bare null (`count(where null)`) is never true.
        guard case .boolean(let values) = vector.data else { return [Bool](repeating: false, count: count) }
        guard let validity = vector.validity else { return values }
        // Null is false: clear the rows whose validity bit is off, a word of rows at a time.
        var result = values
        result.withUnsafeMutableBufferPointer { result in
            validity.words.withUnsafeBufferPointer { words in
                for word in words.indices where words[word] != ~0 {
                    var nulls = ~words[word]
                    while nulls != 0 {
                        let row = word << 6 + nulls.trailingZeroBitCount
                        if row < result.count { result[row] = false }
                        nulls &= nulls &- 1
                    }
                }
            }
        }
        return result
    }

    /// The rows that some step of a to-date total adds: those whose period and the period
    /// `step` periods later share their enclosing period (as `windowInput`'s mask decides).
    private func stayingInEnclosing(_ rows: [Int32]?, _ steps: [(enclosing: PeriodGrain, step: Int)]) -> [Int32]? {
        guard let periods, let index = dataset.timeColumnIndex else { return rows }
        let time = dataset.columns[index].vector
        let candidates = rows ?? (0..<Int32(dataset.rowCount)).map { $0 }
        return candidates.filter { row in
            guard time.isValid(Int(row)) else { return false }
            let day = PeriodVectors.days(time, Int(row))
            return steps.contains { enclosing, step in staysInEnclosing(day, ahead: periods.unit * step, periods.grain, enclosing) }
        }
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
    func partialLatestPeriod() -> PartialPeriod? {
        guard let periods, let time = dataset.timeColumnIndex else { return nil }
        guard let last = dataset.lastDay(column: time) else { return nil }
        let index = calendar.index(days: last, grain: periods.grain)
        let first = calendar.firstDay(of: index, grain: periods.grain)
        let end = calendar.firstDay(of: index + 1, grain: periods.grain) - 1
        guard last < end else { return nil }
        return PartialPeriod(grain: periods.grain, index: index, lastDay: last, elapsed: last - first, length: end - first + 1)
    }

    /// Whether any of the rows (all rows when nil) lies in the partial period.
    private func holdsRows(_ rows: [Int32]?, in partial: PartialPeriod) -> Bool {
        guard let time = dataset.timeColumnIndex else { return false }
        let vector = dataset.columns[time].vector
        let first = calendar.firstDay(of: partial.index, grain: partial.grain)
        func inside(_ row: Int) -> Bool {
            guard vector.isValid(row) else { return false }
            let day = PeriodVectors.days(vector, row)
            return day >= first && day <= partial.lastDay
        }
        if let rows { return rows.contains { inside(Int($0)) } }
        return (0..<dataset.rowCount).contains(where: inside)
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
