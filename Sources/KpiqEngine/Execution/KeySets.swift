/// The keys of `retained`, `lost` and `new` in the current and the previous pass, numbered
/// densely by (period, key): the same number in both passes is the same key in the same period.
///
/// Numbers index plain arrays (which keys are active, which groups a key was in), so a key set
/// costs a few passes over the rows of two periods and no hashing of pairs.
struct KeySetKeys {
    /// Per row of the current pass, the key's number; -1 for a null key.
    let current: [Int32]
    /// Per row of the previous pass, likewise.
    let previous: [Int32]
    /// How many numbers were given out.
    let count: Int

    /// Numbers above this many (period, key) cells go through a hash table instead of a table
    /// with a slot per cell.
    static let directLimit = 1 << 24

    /// `buckets` are the rows' periods when the query groups by one (keys in different periods
    /// are different keys); nil puts every row in one period.
    init(current: ColumnVector, previous: ColumnVector, currentBuckets: ColumnVector?, previousBuckets: ColumnVector?) {
        let both = ColumnVector.concatenate([current, previous])
        let (codes, cardinality) = Grouping.denseCodes(both)
        let bucketIds = KeySetKeys.bucketIds(currentBuckets, previousBuckets, currentCount: current.count, previousCount: previous.count)
        let total = both.count
        var numbers = [Int32](repeating: -1, count: total)
        var given = 0
        let (cells, overflow) = bucketIds.count.multipliedReportingOverflow(by: cardinality)
        if !overflow && cells <= KeySetKeys.directLimit {
            var slots = [Int32](repeating: -1, count: cells)
            for row in 0..<total where both.isValid(row) {
                let cell = Int(bucketIds.ids[row]) * cardinality + codes[row]
                if slots[cell] < 0 {
                    slots[cell] = Int32(given)
                    given += 1
                }
                numbers[row] = slots[cell]
            }
        } else {
            var slots: [Int: Int32] = [:]
            for row in 0..<total where both.isValid(row) {
                let cell = Int(bucketIds.ids[row]) &* cardinality &+ codes[row]
                if let number = slots[cell] {
                    numbers[row] = number
                } else {
                    slots[cell] = Int32(given)
                    numbers[row] = Int32(given)
                    given += 1
                }
            }
        }
        self.current = Array(numbers[0..<current.count])
        self.previous = Array(numbers[current.count...])
        self.count = given
    }

    /// Which numbers occur among `rows` (the current or the previous pass).
    func active(_ rows: [Int32]) -> [Bool] {
        var active = [Bool](repeating: false, count: count)
        for number in rows where number >= 0 { active[Int(number)] = true }
        return active
    }

    /// Each row's period as a small number (periods from the earliest; a null period last), and
    /// how many there are.
    private static func bucketIds(_ current: ColumnVector?, _ previous: ColumnVector?,
                                  currentCount: Int, previousCount: Int) -> (ids: [Int32], count: Int) {
        guard let current, let previous,
              case .period(_, let now) = current.data, case .period(_, let before) = previous.data else {
            return ([Int32](repeating: 0, count: currentCount + previousCount), 1)
        }
        var low = Int32.max, high = Int32.min
        for (values, vector) in [(now, current), (before, previous)] {
            for row in 0..<values.count where vector.isValid(row) {
                low = min(low, values[row])
                high = max(high, values[row])
            }
        }
        guard low <= high else { return ([Int32](repeating: 0, count: currentCount + previousCount), 1) }
        let null = Int32(Int(high) - Int(low) + 1)
        var ids: [Int32] = []
        ids.reserveCapacity(currentCount + previousCount)
        for (values, vector) in [(now, current), (before, previous)] {
            for row in 0..<values.count { ids.append(vector.isValid(row) ? values[row] - low : null) }
        }
        return (ids, Int(null) + 1)
    }
}

/// The distinct groups each key number had rows in, as one array cut into runs per key.
struct GroupsOfKey {
    private var starts: [Int32]
    private var groups: [Int32]

    init(keys: [Int32], groupIds: ArraySlice<Int32>, keyCount: Int, groupCount: Int) {
        var starts = [Int32](repeating: 0, count: keyCount + 1)
        for key in keys where key >= 0 { starts[Int(key) + 1] += 1 }
        for key in 0..<keyCount { starts[key + 1] += starts[key] }
        var groups = [Int32](repeating: 0, count: Int(starts[keyCount]))
        var next = starts
        let base = groupIds.startIndex
        for row in 0..<keys.count where keys[row] >= 0 {
            let key = Int(keys[row])
            groups[Int(next[key])] = groupIds[base + row]
            next[key] += 1
        }
        // Each group once per key, in the order first seen.
        var lastKey = [Int32](repeating: -1, count: max(groupCount, 1))
        var write = 0
        var read = 0
        for key in 0..<keyCount {
            let end = Int(starts[key + 1])
            starts[key] = Int32(write)
            while read < end {
                let group = Int(groups[read])
                if lastKey[group] != Int32(key) {
                    lastKey[group] = Int32(key)
                    groups[write] = Int32(group)
                    write += 1
                }
                read += 1
            }
        }
        starts[keyCount] = Int32(write)
        groups.removeLast(groups.count - write)
        self.starts = starts
        self.groups = groups
    }

    func groups(of key: Int) -> ArraySlice<Int32> {
        groups[Int(starts[key])..<Int(starts[key + 1])]
    }
}
