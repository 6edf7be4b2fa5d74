import KpiqLanguage

/// Computes one aggregate per group.
///
/// `mask` is the aggregate's own filter (`sum(x where p)`): a row counts only where it is true.
/// Over no rows, `count` is 0 and every other aggregate is null.
enum Aggregates {
    /// A bit per (group, distinct value) for `count_distinct` up to this many bits (512 KB,
    /// within the L2 cache); beyond, the values are bucketed by group and marked group by
    /// group, which is faster than setting bits at random in a larger bitmap (count_distinct of
    /// 500k accounts by 400 agents over 10M rows: 70 ms rather than 170 ms with a 25 MB one).
    static let distinctBitmapLimit = 1 << 22

    /// `distinctBitmapLimit` overrides the limit above (tests lower it to take the bucketed path).
    static func compute(_ kind: AggregateKind, type: DataType, argument: ColumnVector?, mask: ColumnVector?,
                        groupIds: [Int32], groupCount: Int, distinctBitmapLimit: Int = Aggregates.distinctBitmapLimit) -> ColumnVector {
        let count = groupIds.count
        if let mask {
            // A filter that is not boolean is a bare `null` (`count(where null)`): no row is true.
            guard case .boolean = mask.data else {
                return compute(kind, type: type, argument: argument, mask: ColumnVector(.boolean([Bool](repeating: false, count: count))),
                               groupIds: groupIds, groupCount: groupCount, distinctBitmapLimit: distinctBitmapLimit)
            }
        }
        let included = includedRows(count: count, mask: mask, argumentValidity: kind == .count ? nil : argument?.validity)

        switch kind {
        case .count, .countValues:
            var counts = [Int64](repeating: 0, count: groupCount)
            counts.withUnsafeMutableBufferPointer { counts in
                forEachIncludedRow(included, groupIds) { group, _ in counts[group] += 1 }
            }
            return ColumnVector(.integer(counts))

        case .countDistinct:
            guard let argument else { return ColumnVector(.integer([Int64](repeating: 0, count: groupCount))) }
            return ColumnVector(.integer(countDistinct(argument, included: included, groupIds: groupIds, groupCount: groupCount,
                                                       bitmapLimit: distinctBitmapLimit)))

        case .sum where type == .integer:
            let values = Kernels.integers(argument!) ?? []
            var sums = [Int64](repeating: 0, count: groupCount)
            var seen = [Bool](repeating: false, count: groupCount)
            var overflowed = false
            sums.withUnsafeMutableBufferPointer { sums in
                seen.withUnsafeMutableBufferPointer { seen in
                    values.withUnsafeBufferPointer { values in
                        forEachIncludedRow(included, groupIds) { group, row in
                            let (sum, overflow) = sums[group].addingReportingOverflow(values[row])
                            sums[group] = sum
                            overflowed = overflowed || overflow
                            seen[group] = true
                        }
                    }
                }
            }
            if overflowed {
                return compute(.sum, type: .decimal, argument: ColumnVector(.decimal(values.map(Double.init)), validity: argument!.validity),
                               mask: mask, groupIds: groupIds, groupCount: groupCount)
            }
            return ColumnVector(.integer(sums), validity: Bitmap(seen))

        case .sum, .avg:
            var sums = [Double](repeating: 0, count: groupCount)
            var counts = [Int](repeating: 0, count: groupCount)
            var overflowed = false
            let integers = argument!.type == .decimal ? nil : Kernels.integers(argument!)
            if let integers {
                // Integers sum exactly before the one division (in doubles if they overflow).
                var exact = [Int64](repeating: 0, count: groupCount)
                exact.withUnsafeMutableBufferPointer { exact in
                    counts.withUnsafeMutableBufferPointer { counts in
                        integers.withUnsafeBufferPointer { values in
                            forEachIncludedRow(included, groupIds) { group, row in
                                let (sum, overflow) = exact[group].addingReportingOverflow(values[row])
                                exact[group] = sum
                                overflowed = overflowed || overflow
                                counts[group] += 1
                            }
                        }
                    }
                }
                sums = exact.map(Double.init)
            }
            if integers == nil || overflowed {
                sums = [Double](repeating: 0, count: groupCount)
                counts = [Int](repeating: 0, count: groupCount)
                let values = Kernels.doubles(argument!)
                sums.withUnsafeMutableBufferPointer { sums in
                    counts.withUnsafeMutableBufferPointer { counts in
                        values.withUnsafeBufferPointer { values in
                            forEachIncludedRow(included, groupIds) { group, row in
                                sums[group] += values[row]
                                counts[group] += 1
                            }
                        }
                    }
                }
            }
            let results = kind == .avg ? zip(sums, counts).map { $1 == 0 ? 0 : $0 / Double($1) } : sums
            return ColumnVector(.decimal(results), validity: Bitmap(counts.map { $0 > 0 }))

        case .min, .max:
            return extreme(argument!, isMax: kind == .max, include: flags(included, count: count), groupIds: groupIds, groupCount: groupCount)

        case .median, .percentile, .stddev:
            let bucketed = Kernels.doubles(argument!).withUnsafeBufferPointer { values in
                bucketByGroup(included, groupIds, groupCount: groupCount) { values[$0] }
            }
            let starts = bucketed.starts
            var grouped = bucketed.values
            var results = [Double](repeating: 0, count: groupCount)
            var valid = [Bool](repeating: false, count: groupCount)
            grouped.withUnsafeMutableBufferPointer { grouped in
                for group in 0..<groupCount {
                    let groupValues = UnsafeMutableBufferPointer(rebasing: grouped[starts[group]..<starts[group + 1]])
                    if case .stddev = kind {
                        guard groupValues.count >= 2 else { continue }
                        let mean = groupValues.reduce(0, +) / Double(groupValues.count)
                        let squares = groupValues.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                        results[group] = (squares / Double(groupValues.count - 1)).squareRoot()
                    } else {
                        guard !groupValues.isEmpty else { continue }
                        let fraction: Double
                        if case .percentile(let p) = kind { fraction = p } else { fraction = 0.5 }
                        results[group] = selectedQuantile(groupValues, fraction)
                    }
                    valid[group] = true
                }
            }
            return ColumnVector(.decimal(results), validity: Bitmap(valid))
        }
    }

    /// The quantile at `fraction`, interpolated linearly between the two closest ranks as DuckDB's
    /// `quantile_cont`. The ranks are selected (`select`) in linear time rather than sorted for;
    /// `values` are left in another order.
    static func selectedQuantile(_ values: UnsafeMutableBufferPointer<Double>, _ fraction: Double) -> Double {
        let position = fraction * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Int(position.rounded(.up))
        select(values, lower)
        let low = values[lower]
        if lower == upper { return low }
        // Everything after `lower` is at least as large: the next rank is their minimum.
        var high = values[upper]
        for index in upper..<values.count where values[index] < high { high = values[index] }
        return low + (position - Double(lower)) * (high - low)
    }

    /// Puts the value of rank `k` at `k`, none larger before it and none smaller after
    /// (Hoare's selection, pivots the median of three). A range that keeps shrinking slowly,
    /// as crafted input can make it, is sorted instead, so the worst case stays n log n.
    static func select(_ values: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var low = 0, high = values.count - 1
        var budget = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
        while high - low > 16 {
            budget -= 1
            if budget == 0 {
                var rest = UnsafeMutableBufferPointer(rebasing: values[low...high])
                rest.sort()
                return
            }
            let a = values[low], b = values[low + (high - low) / 2], c = values[high]
            let pivot = max(min(a, b), min(max(a, b), c))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now low...j holds no value above the pivot, i...high none below, and between them the pivot.
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return
            }
        }
        guard high > low else { return }
        var rest = UnsafeMutableBufferPointer(rebasing: values[low...high])
        rest.sort()
    }

    /// The rows an aggregate reads, as a bitmap: its filter is true and its argument not null.
    /// nil when every row is read.
    static func includedRows(count: Int, mask: ColumnVector?, argumentValidity: Bitmap?) -> [UInt64]? {
        var words: [UInt64]?
        if let mask, case .boolean(let flags) = mask.data {
            let bitmap = flags.withUnsafeBufferPointer { Bitmap(flags: $0) }
            words = (mask.validity.map { bitmap & $0 } ?? bitmap).words
        }
        if let argumentValidity {
            words = words.map { (Bitmap(words: $0, count: count) & argumentValidity).words } ?? argumentValidity.words
        }
        return words
    }

    /// Calls `body` with each row set in `included` (every row when nil), in order.
    @inline(__always)
    static func forEachIncluded(_ included: [UInt64]?, _ count: Int, _ body: (Int) -> Void) {
        guard let included else {
            for row in 0..<count { body(row) }
            return
        }
        included.withUnsafeBufferPointer { words in
            for index in 0..<words.count {
                var word = words[index]
                while word != 0 {
                    body(index << 6 + word.trailingZeroBitCount)
                    word &= word &- 1
                }
            }
        }
    }

    /// Calls `body(group, row)` with each row set in `included` (every row when nil), in order.
    @inline(__always)
    static func forEachIncludedRow(_ included: [UInt64]?, _ groupIds: [Int32], _ body: (Int, Int) -> Void) {
        groupIds.withUnsafeBufferPointer { ids in
            forEachIncluded(included, ids.count) { row in body(Int(ids[row]), row) }
        }
    }

    /// Each group's values side by side in one array, in row order (a counting sort): group
    /// `g`'s are at `starts[g]..<starts[g + 1]`. Only the rows set in `included` (all when nil).
    @inline(__always)
    static func bucketByGroup<Value>(_ included: [UInt64]?, _ groupIds: [Int32], groupCount: Int,
                                     _ value: (Int) -> Value) -> (starts: [Int], values: [Value]) {
        var starts = [Int](repeating: 0, count: groupCount + 1)
        starts.withUnsafeMutableBufferPointer { starts in
            forEachIncludedRow(included, groupIds) { group, _ in starts[group + 1] += 1 }
            for group in 0..<groupCount { starts[group + 1] += starts[group] }
        }
        var next = Array(starts.dropLast())
        let total = starts[groupCount]
        let values = [Value](unsafeUninitializedCapacity: total) { output, initialized in
            next.withUnsafeMutableBufferPointer { next in
                forEachIncludedRow(included, groupIds) { group, row in
                    (output.baseAddress! + next[group]).initialize(to: value(row))
                    next[group] += 1
                }
            }
            initialized = total
        }
        return (starts, values)
    }

    private static func flags(_ included: [UInt64]?, count: Int) -> [Bool] {
        guard let included else { return [Bool](repeating: true, count: count) }
        let bitmap = Bitmap(words: included, count: count)
        return (0..<count).map { bitmap[$0] }
    }

    /// Distinct values per group. The values become codes below a cardinality: dictionary codes
    /// for text, offsets for a narrow integer range, dense numbers (`Grouping.numberValues`)
    /// otherwise. Then a bit per (group, code) when those bits are at most `bitmapLimit`; else
    /// the codes are bucketed by group and each group's marked in one bitmap of the codes,
    /// cleared after the group.
    private static func countDistinct(_ argument: ColumnVector, included: [UInt64]?, groupIds: [Int32], groupCount: Int,
                                      bitmapLimit: Int) -> [Int64] {
        let count = groupIds.count
        var counts = [Int64](repeating: 0, count: groupCount)
        let codes: [UInt32]
        let cardinality: Int
        if case .text(let textCodes, let dictionary) = argument.data {
            (codes, cardinality) = (textCodes, Swift.max(dictionary.count, 1))
        } else if let narrow = Grouping.narrowRangeCodes(argument) {
            (codes, cardinality) = (narrow.codes.storage, narrow.cardinality)
        } else {
            // Only the rows read are numbered; the others' codes stay 0 and are never read.
            var numbered = [UInt32](repeating: 0, count: count)
            let distinct = numbered.withUnsafeMutableBufferPointer { numbered in
                Grouping.numberValues(argument, rows: included) { row, number in numbered[row] = UInt32(number) }
            }
            (codes, cardinality) = (numbered, Swift.max(distinct, 1))
        }
        let (bits, overflow) = groupCount.multipliedReportingOverflow(by: cardinality)
        if !overflow, bits <= bitmapLimit {
            var seen = Bitmap(count: bits, value: false)
            counts.withUnsafeMutableBufferPointer { counts in
                groupIds.withUnsafeBufferPointer { ids in
                    codes.withUnsafeBufferPointer { codes in
                        forEachIncluded(included, count) { row in
                            let group = Int(ids[row])
                            let bit = group * cardinality + Int(codes[row])
                            if !seen[bit] {
                                seen[bit] = true
                                counts[group] += 1
                            }
                        }
                    }
                }
            }
            return counts
        }
        let (starts, grouped) = codes.withUnsafeBufferPointer { codes in
            bucketByGroup(included, groupIds, groupCount: groupCount) { codes[$0] }
        }
        var seen = [UInt64](repeating: 0, count: (cardinality + 63) >> 6)
        seen.withUnsafeMutableBufferPointer { seen in
            grouped.withUnsafeBufferPointer { grouped in
                for group in 0..<groupCount {
                    let range = starts[group]..<starts[group + 1]
                    var distinct: Int64 = 0
                    for index in range {
                        let code = Int(grouped[index])
                        let bit = UInt64(1) << UInt64(code & 63)
                        if seen[code >> 6] & bit == 0 {
                            seen[code >> 6] |= bit
                            distinct += 1
                        }
                    }
                    counts[group] = distinct
                    for index in range { seen[Int(grouped[index]) >> 6] = 0 }
                }
            }
        }
        return counts
    }

    private static func extreme(_ vector: ColumnVector, isMax: Bool, include: [Bool], groupIds: [Int32], groupCount: Int) -> ColumnVector {
        var best = [Int](repeating: -1, count: groupCount)
        func better(_ order: Int) -> Bool { isMax ? order > 0 : order < 0 }
        switch vector.data {
        case .text(let codes, let dictionary):
            // The dictionary's ranks of its values (made once per dictionary); compare ranks per row.
            let rank = dictionary.ranks
            for row in 0..<groupIds.count where include[row] {
                let group = Int(groupIds[row])
                if best[group] < 0 || better(Int(rank[Int(codes[row])]) - Int(rank[Int(codes[best[group]])])) { best[group] = row }
            }
        case .decimal(let values):
            for row in 0..<groupIds.count where include[row] {
                let group = Int(groupIds[row])
                if best[group] < 0 || better(values[row] < values[best[group]] ? -1 : (values[row] > values[best[group]] ? 1 : 0)) { best[group] = row }
            }
        default:
            let values = Kernels.integers(vector) ?? []
            for row in 0..<groupIds.count where include[row] {
                let group = Int(groupIds[row])
                if best[group] < 0 || better(values[row] < values[best[group]] ? -1 : (values[row] > values[best[group]] ? 1 : 0)) { best[group] = row }
            }
        }
        return vector.gather(best.map { Int32($0) })
    }
}
