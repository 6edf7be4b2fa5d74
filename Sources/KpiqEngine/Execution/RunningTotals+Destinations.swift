import KpiqLanguage

extension WindowedAggregation {
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
                    let reached = reach(of: cells.cellPeriod[Int(cell)], spec, plan.grain)
                    intervals.append((reached.lowerBound, reached.upperBound))
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
                       !reaches(cells, group: group, period: period, running, plan.grain, trimmedExists: trimmedExists) { continue }
                    groups.append(Int32(group))
                    periods.append(Int32(period))
                }
                next = max(next, end + 1)
            }
        }
        return (groups, periods)
    }

    /// The periods a cell of `period` moves its rows into: `period + shift` and the `steps - 1`
    /// after it, for `ytd`, `qtd`, `mtd` no further than the end of the enclosing period.
    private func reach(of period: Int32, _ spec: RunningSpec, _ grain: PeriodGrain) -> ClosedRange<Int> {
        let start = Int(period) + spec.shift
        var end = start + spec.steps - 1
        if let enclosing = spec.enclosing { end = min(end, Int(lastPeriod(inEnclosingOf: period, grain, enclosing)) + spec.shift) }
        return start...end  // steps >= 1, and the enclosing period ends at or after `period`
    }

    /// Whether a step moves a row of `group` into `period`, where a like-with-like first step
    /// keeps only some of its rows.
    private func reaches(_ cells: RunningCells, group: Int, period: Int, _ running: [RunningSpec], _ grain: PeriodGrain,
                         trimmedExists: [Bool]?) -> Bool {
        for spec in running {
            for cell in cells.groupCells[group] {
                let cellPeriod = cells.cellPeriod[Int(cell)]
                guard reach(of: cellPeriod, spec, grain).contains(period) else { continue }
                let step = period - spec.shift - Int(cellPeriod)
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
}
