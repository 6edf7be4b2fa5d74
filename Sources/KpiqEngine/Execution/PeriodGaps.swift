import KpiqLanguage

/// With a period among the group keys, the result shows every period of its range: the range
/// the filter bounds, else the first to the last period with data. Missing periods get
/// counts of 0 and null for other aggregates; groups that only earlier periods produced (rows
/// shifted forward by `previous`) are kept only inside that range.
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

        var kept: [Int] = []
        for group in 0..<groups.count {
            if periodKey.isValid(group) {
                if let low, let high, values[group] >= low, values[group] <= high { kept.append(group) }
            } else if groups.current[group] {
                kept.append(group)
            }
        }
        // Every period of the range that the filter allows, for each combination of the other
        // keys; coarser periods among the keys (`by year, quarter`) follow from the period.
        var added: [[Value]] = []
        if let low, let high, high >= low {
            let derived = groups.keys.indices.filter { position in
                guard position != keyIndex, case .period(let other, _) = groups.keys[position].data else { return false }
                return other < grain
            }
            var present = Set<[Value]>()
            var others: [[Value]] = []
            var seenOthers = Set<[Value]>()
            for group in kept {
                let key = groups.keys.map { $0.value(at: group) }
                present.insert(key)
                var other = key
                for position in derived { other[position] = .null }
                other[keyIndex] = .null
                if periodKey.isValid(group), seenOthers.insert(other).inserted { others.append(other) }
            }
            if others.isEmpty { others = [Array(repeating: Value.null, count: groups.keys.count)] }
            let allowed = (low...high).filter { PeriodBounds.allows(periods.filter, $0, grain: grain, calendar: calendar) }
            if allowed.count * others.count <= limit {
                for other in others {
                    for index in allowed {
                        var key = other
                        key[keyIndex] = .period(grain, index)
                        let day = calendar.firstDay(of: index, grain: grain)
                        for position in derived {
                            if case .period(let coarser, _) = groups.keys[position].data {
                                key[position] = .period(coarser, calendar.index(days: day, grain: coarser))
                            }
                        }
                        if !present.contains(key) { added.append(key) }
                    }
                }
            }
        }
        return rebuild(groups, keeping: kept, adding: added)
    }

    private static func rebuild(_ groups: Executor.GroupSet, keeping kept: [Int], adding added: [[Value]]) -> Executor.GroupSet {
        let count = kept.count + added.count
        let keys = groups.keys.enumerated().map { position, vector -> ColumnVector in
            var builder = VectorBuilder(type: vector.type, capacity: count)
            for group in kept { builder.append(vector.value(at: group)) }
            for key in added { builder.append(key[position]) }
            return builder.finish()
        }
        var aggregates: [Int: ColumnVector] = [:]
        for (index, vector) in groups.aggregates {
            var builder = VectorBuilder(type: vector.type, capacity: count)
            for group in kept { builder.append(vector.value(at: group)) }
            let empty: Value = groups.countIndexes.contains(index) ? .integer(0) : .null
            for _ in added { builder.append(empty) }
            aggregates[index] = builder.finish()
        }
        let current = kept.map { groups.current[$0] } + added.map { _ in true }
        return Executor.GroupSet(count: count, keys: keys, aggregates: aggregates, countIndexes: groups.countIndexes, current: current)
    }
}
