import KpiqLanguage

/// With a period among the group keys, the result shows every period of its range: the range
/// the filter bounds, else the first to the last period with data. Missing periods get
/// counts of 0 and null for other aggregates; groups that only earlier periods produced (rows
/// shifted forward by `previous`) are kept only inside that range.
///
/// A result can have hundreds of thousands of groups (`by agent, day`), so the work is done on
/// columns: the other keys' combinations are numbered densely, the periods they have are marked
/// in a flat array, and added rows copy their keys from one group of their combination.
enum PeriodGaps {
    /// Periods filled in at most, so that a wide range cannot exhaust memory.
    static let limit = 1_000_000

    static func fill(_ groups: Executor.GroupSet, keyIndex: Int, periods: QueryPeriods) -> Executor.GroupSet {
        let calendar = periods.calendar
        let periodKey = groups.keys[keyIndex]
        guard case .period(let grain, let values) = periodKey.data else { return groups }
        var low: Int32? = nil, high: Int32? = nil
        for group in 0..<groups.count where groups.current[group] && periodKey.isValid(group) {
            low = Swift.min(low ?? values[group], values[group])
            high = Swift.max(high ?? values[group], values[group])
        }
        if let day = periods.lowerDay { low = calendar.index(days: day, grain: grain) }
        if let day = periods.upperDay { high = calendar.index(days: day, grain: grain) }

        var kept: [Int32] = []
        for group in 0..<groups.count {
            if periodKey.isValid(group) {
                if let low, let high, values[group] >= low, values[group] <= high { kept.append(Int32(group)) }
            } else if groups.current[group] {
                kept.append(Int32(group))
            }
        }
        // Every period of the range that the filter allows, for each combination of the other
        // keys; coarser periods among the keys (`by year, quarter`) follow from the period.
        var added = Added()
        guard let low, let high, high >= low else { return rebuild(groups, keeping: kept, adding: added) }
        let derived = groups.keys.indices.filter { position in
            guard position != keyIndex, case .period(let other, _) = groups.keys[position].data else { return false }
            return other < grain
        }
        let others = groups.keys.indices.filter { $0 != keyIndex && !derived.contains($0) }
        let dated = kept.filter { periodKey.isValid(Int($0)) }
        let (combination, firsts) = combinations(others.map { groups.keys[$0] }, of: dated)
        // With no dated group, the periods are added once, with null for the other keys.
        let representatives = firsts.isEmpty ? [Int32(-1)] : firsts
        let allowed = (low...high).filter { PeriodBounds.allows(periods.filter, $0, grain: grain, calendar: calendar) }
        guard allowed.count * representatives.count <= limit else { return rebuild(groups, keeping: kept, adding: added) }

        var slot = [Int32](repeating: -1, count: Int(high) - Int(low) + 1)
        for (index, period) in allowed.enumerated() { slot[Int(period) - Int(low)] = Int32(index) }
        // Each allowed period's coarser periods, worked out once from its first day.
        let coarser = derived.map { position -> (grain: PeriodGrain, values: [Int32]) in
            guard case .period(let coarser, _) = groups.keys[position].data else { preconditionFailure("a derived key is a period") }
            return (coarser, allowed.map { calendar.index(days: calendar.firstDay(of: $0, grain: grain), grain: coarser) })
        }
        // A period is there for a combination when any of its groups has it, whatever the
        // coarser periods say: the days of a week that straddles New Year fall in two years
        // (`2024, 2025-W01` and `2025, 2025-W01`), and either is the week's row.
        var present = [Bool](repeating: false, count: representatives.count * allowed.count)
        for (row, group) in dated.enumerated() {
            let index = Int(slot[Int(values[Int(group)]) - Int(low)])
            if index >= 0 { present[Int(combination[row]) * allowed.count + index] = true }
        }
        for (other, representative) in representatives.enumerated() {
            for index in allowed.indices where !present[other * allowed.count + index] {
                added.representatives.append(representative)
                added.slots.append(Int32(index))
            }
        }
        added.periods[keyIndex] = (grain, added.slots.map { allowed[Int($0)] })
        for (position, coarser) in zip(derived, coarser) {
            added.periods[position] = (coarser.grain, added.slots.map { coarser.values[Int($0)] })
        }
        return rebuild(groups, keeping: kept, adding: added)
    }

    /// The rows filled in: for each, a group to copy the other keys from (-1 for nulls) and the
    /// values of the period keys by position.
    private struct Added {
        var representatives: [Int32] = []
        var slots: [Int32] = []
        var periods: [Int: (grain: PeriodGrain, values: [Int32])] = [:]
    }

    /// A dense number for each row's combination of `vectors`, numbered in order of first
    /// appearance (null is a value of its own), and the first row of each: `Grouping` over the
    /// rows' keys.
    private static func combinations(_ vectors: [ColumnVector], of rows: [Int32]) -> (numbers: [Int32], firsts: [Int32]) {
        guard !rows.isEmpty else { return ([], []) }
        let grouping = Grouping(keys: vectors.map { $0.gather(rows) }, count: rows.count)
        return (grouping.groupIds, grouping.representatives.map { rows[$0] })
    }

    private static func rebuild(_ groups: Executor.GroupSet, keeping kept: [Int32], adding added: Added) -> Executor.GroupSet {
        let addedCount = added.representatives.count
        let keys = groups.keys.enumerated().map { position, vector -> ColumnVector in
            guard let (grain, values) = added.periods[position] else { return vector.gather(kept + added.representatives) }
            return .concatenate([vector.gather(kept), ColumnVector(.period(grain, values))])
        }
        var aggregates: [Int: ColumnVector] = [:]
        for (index, vector) in groups.aggregates {
            let empty: Value = groups.countIndexes.contains(index) ? .integer(0) : .null
            aggregates[index] = .concatenate([vector.gather(kept), .constant(empty, type: vector.type, count: addedCount)])
        }
        let current = kept.map { groups.current[Int($0)] } + [Bool](repeating: true, count: addedCount)
        return Executor.GroupSet(count: kept.count + addedCount, keys: keys, aggregates: aggregates,
                                 countIndexes: groups.countIndexes, current: current)
    }
}
