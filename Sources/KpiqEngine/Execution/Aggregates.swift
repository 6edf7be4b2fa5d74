import KpiqLanguage

/// Computes one aggregate per group.
///
/// `mask` is the aggregate's own filter (`sum(x where p)`): a row counts only where it is true.
/// Over no rows, `count` is 0 and every other aggregate is null.
enum Aggregates {
    static func compute(_ kind: AggregateKind, type: DataType, argument: ColumnVector?, mask: ColumnVector?,
                        groupIds: [Int32], groupCount: Int) -> ColumnVector {
        let count = groupIds.count
        var include = [Bool](repeating: true, count: count)
        if let mask {
            // A filter that is not boolean is a bare `null` (`count(where null)`): no row is true.
            guard case .boolean(let flags) = mask.data else {
                return compute(kind, type: type, argument: argument, mask: ColumnVector(.boolean([Bool](repeating: false, count: count))),
                               groupIds: groupIds, groupCount: groupCount)
            }
            for row in 0..<count { include[row] = flags[row] && mask.isValid(row) }
        }
        if let argument, argument.validity != nil, kind != .count {
            for row in 0..<count where !argument.isValid(row) { include[row] = false }
        }

        switch kind {
        case .count, .countValues:
            var counts = [Int64](repeating: 0, count: groupCount)
            for row in 0..<count where include[row] { counts[Int(groupIds[row])] += 1 }
            return ColumnVector(.integer(counts))

        case .countDistinct:
            guard let argument else { return ColumnVector(.integer([Int64](repeating: 0, count: groupCount))) }
            let keys = distinctKeys(argument)
            var seen = Set<DistinctPair>()
            var counts = [Int64](repeating: 0, count: groupCount)
            for row in 0..<count where include[row] {
                if seen.insert(DistinctPair(group: groupIds[row], key: keys[row])).inserted { counts[Int(groupIds[row])] += 1 }
            }
            return ColumnVector(.integer(counts))

        case .sum where type == .integer:
            let values = Kernels.integers(argument!) ?? []
            var sums = [Int64](repeating: 0, count: groupCount)
            var seen = Bitmap(count: groupCount, value: false)
            var overflowed = false
            for row in 0..<count where include[row] {
                let group = Int(groupIds[row])
                let (sum, overflow) = sums[group].addingReportingOverflow(values[row])
                sums[group] = sum
                overflowed = overflowed || overflow
                seen[group] = true
            }
            if overflowed {
                return compute(.sum, type: .decimal, argument: ColumnVector(.decimal(values.map(Double.init)), validity: argument!.validity),
                               mask: mask, groupIds: groupIds, groupCount: groupCount)
            }
            return ColumnVector(.integer(sums), validity: seen)

        case .sum, .avg:
            var sums = [Double](repeating: 0, count: groupCount)
            var counts = [Int](repeating: 0, count: groupCount)
            var overflowed = false
            let integers = argument!.type == .decimal ? nil : Kernels.integers(argument!)
            if let integers {
                // Integers sum exactly before the one division (in doubles if they overflow).
                var exact = [Int64](repeating: 0, count: groupCount)
                for row in 0..<count where include[row] {
                    let group = Int(groupIds[row])
                    let (sum, overflow) = exact[group].addingReportingOverflow(integers[row])
                    exact[group] = sum
                    overflowed = overflowed || overflow
                    counts[group] += 1
                }
                sums = exact.map(Double.init)
            }
            if integers == nil || overflowed {
                sums = [Double](repeating: 0, count: groupCount)
                counts = [Int](repeating: 0, count: groupCount)
                let values = Kernels.doubles(argument!)
                for row in 0..<count where include[row] {
                    sums[Int(groupIds[row])] += values[row]
                    counts[Int(groupIds[row])] += 1
                }
            }
            let results = kind == .avg ? zip(sums, counts).map { $1 == 0 ? 0 : $0 / Double($1) } : sums
            return ColumnVector(.decimal(results), validity: Bitmap(counts.map { $0 > 0 }))

        case .min, .max:
            return extreme(argument!, isMax: kind == .max, include: include, groupIds: groupIds, groupCount: groupCount)

        case .median, .percentile, .stddev:
            let values = Kernels.doubles(argument!)
            var perGroup = [[Double]](repeating: [], count: groupCount)
            for row in 0..<count where include[row] { perGroup[Int(groupIds[row])].append(values[row]) }
            var results = [Double](repeating: 0, count: groupCount)
            var valid = [Bool](repeating: false, count: groupCount)
            for group in 0..<groupCount {
                let groupValues = perGroup[group]
                if case .stddev = kind {
                    guard groupValues.count >= 2 else { continue }
                    let mean = groupValues.reduce(0, +) / Double(groupValues.count)
                    let squares = groupValues.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                    results[group] = (squares / Double(groupValues.count - 1)).squareRoot()
                } else {
                    guard !groupValues.isEmpty else { continue }
                    let fraction: Double
                    if case .percentile(let p) = kind { fraction = p } else { fraction = 0.5 }
                    results[group] = interpolatedQuantile(groupValues.sorted(), fraction)
                }
                valid[group] = true
            }
            return ColumnVector(.decimal(results), validity: Bitmap(valid))
        }
    }

    /// Linear interpolation between the closest ranks, as DuckDB's `quantile_cont`.
    static func interpolatedQuantile(_ sorted: [Double], _ fraction: Double) -> Double {
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Int(position.rounded(.up))
        if lower == upper { return sorted[lower] }
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    private struct DistinctPair: Hashable {
        var group: Int32
        var key: UInt64
    }

    private static func distinctKeys(_ vector: ColumnVector) -> [UInt64] {
        switch vector.data {
        case .text(let codes, _): return codes.map(UInt64.init)
        case .decimal(let values): return values.map { $0 == 0 ? 0 : $0.bitPattern }
        default: return (Kernels.integers(vector) ?? []).map { UInt64(bitPattern: $0) }
        }
    }

    private static func extreme(_ vector: ColumnVector, isMax: Bool, include: [Bool], groupIds: [Int32], groupCount: Int) -> ColumnVector {
        var best = [Int](repeating: -1, count: groupCount)
        func better(_ order: Int) -> Bool { isMax ? order > 0 : order < 0 }
        switch vector.data {
        case .text(let codes, let dictionary):
            // Rank the distinct values once; compare ranks per row.
            let order = dictionary.values.indices.sorted { Kernels.compareText(dictionary.values[$0], dictionary.values[$1]) < 0 }
            var rank = [Int](repeating: 0, count: dictionary.count)
            for (position, code) in order.enumerated() { rank[code] = position }
            for row in 0..<groupIds.count where include[row] {
                let group = Int(groupIds[row])
                if best[group] < 0 || better(rank[Int(codes[row])] - rank[Int(codes[best[group]])]) { best[group] = row }
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
