/// Row order for `order by` and for the default order by group keys: nulls last either way.
enum Sorting {
    typealias Comparator = (Int, Int) -> Int
    /// How to order rows by one column: a comparator, and each row's rank where it can be had
    /// (worked out only when asked for, as most callers compare few rows).
    typealias Key = (comparator: Comparator, isNull: (Int) -> Bool, ranks: () -> Ranks?)

    /// Each row's place among the column's values, so that rows compare as `Int32`s: equal
    /// values have equal ranks, from 0 up to `distinct` (exclusive); a null row has `distinct`.
    struct Ranks {
        var values: [Int32]
        var distinct: Int
    }

    /// Compares two rows of a vector by value; nulls compare greater than any value.
    static func comparator(_ vector: ColumnVector) -> Key {
        let isNull: (Int) -> Bool = { !vector.isValid($0) }
        switch vector.data {
        case .text(let codes, let dictionary):
            let order = dictionary.values.indices.sorted { Kernels.compareText(dictionary.values[$0], dictionary.values[$1]) < 0 }
            var rank = [Int](repeating: 0, count: dictionary.count)
            for (position, code) in order.enumerated() { rank[code] = position }
            let ranks = {
                Ranks(values: codes.indices.map { vector.isValid($0) ? Int32(rank[Int(codes[$0])]) : Int32(dictionary.count) },
                      distinct: dictionary.count)
            }
            return ({ rank[Int(codes[$0])] - rank[Int(codes[$1])] }, isNull, ranks)
        case .decimal(let values):
            // NaN is neither below nor above anything, which ranks cannot say.
            return ({ values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }, isNull,
                    { values.contains(where: \.isNaN) ? nil : ranks(values, vector) })
        default:
            let values = Kernels.integers(vector) ?? []
            return ({ values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }, isNull, { ranks(values, vector) })
        }
    }

    /// Ranks of the valid rows' values, through their sorted distinct values.
    private static func ranks<T: Comparable>(_ values: [T], _ vector: ColumnVector) -> Ranks {
        var distinct = values.indices.filter { vector.isValid($0) }.map { values[$0] }
        distinct.sort()
        var write = 0
        for value in distinct where write == 0 || distinct[write - 1] != value {
            distinct[write] = value
            write += 1
        }
        distinct.removeLast(distinct.count - write)
        let ranks = values.indices.map { row -> Int32 in
            guard vector.isValid(row) else { return Int32(write) }
            var low = 0, high = write
            while low < high {
                let middle = (low + high) / 2
                if distinct[middle] < values[row] { low = middle + 1 } else { high = middle }
            }
            return Int32(low)
        }
        return Ranks(values: ranks, distinct: write)
    }

    /// Compares two rows of a result column: statuses by severity, anything else by value.
    static func comparator(_ column: ResultTable.Column) -> Key {
        guard column.role == .status else { return comparator(column.vector) }
        let vector = column.vector
        let severity: [Int] = (0..<vector.count).map { row in
            if case .text(let raw) = vector.value(at: row), let status = TargetStatus(rawValue: raw) { return status.severity }
            return 0
        }
        return ({ severity[$0] - severity[$1] }, { !vector.isValid($0) }, { nil })
    }

    /// A stable ordering of `count` rows by the keys in turn.
    static func order(count: Int, keys: [(comparator: Key, descending: Bool)]) -> [Int32] {
        if let order = rankedOrder(count: count, keys: keys) { return order }
        let rows = Array(0..<count)
        let sorted = rows.sorted { a, b in
            for key in keys {
                let aNull = key.comparator.isNull(a), bNull = key.comparator.isNull(b)
                if aNull != bNull { return bNull }
                if aNull { continue }
                let order = key.comparator.comparator(a, b)
                if order != 0 { return key.descending ? order > 0 : order < 0 }
            }
            return a < b
        }
        return sorted.map(Int32.init)
    }

    /// The same order when every key has ranks and they fit, with the row, in 64 bits: each
    /// row's ranks (reversed for descending keys, nulls still last) and then its number make one
    /// integer, and sorting those needs no comparator calls.
    private static func rankedOrder(count: Int, keys: [(comparator: Key, descending: Bool)]) -> [Int32]? {
        guard count > 1 else { return nil }
        var ranks: [(Ranks, descending: Bool)] = []
        var bits = UInt64.bitWidth - UInt64(count - 1).leadingZeroBitCount
        for key in keys {
            guard let keyRanks = key.comparator.ranks() else { return nil }
            bits += UInt64.bitWidth - UInt64(keyRanks.distinct).leadingZeroBitCount
            ranks.append((keyRanks, key.descending))
        }
        guard bits <= UInt64.bitWidth else { return nil }
        let rowBits = UInt64(UInt64.bitWidth - UInt64(count - 1).leadingZeroBitCount)
        var packed = [UInt64](repeating: 0, count: count)
        for (key, descending) in ranks {
            let width = UInt64(UInt64.bitWidth - UInt64(key.distinct).leadingZeroBitCount)
            let distinct = Int32(key.distinct)
            key.values.withUnsafeBufferPointer { values in
                for row in 0..<count {
                    let rank = values[row]
                    let digit = descending && rank != distinct ? distinct - 1 - rank : rank
                    packed[row] = packed[row] << width | UInt64(digit)
                }
            }
        }
        for row in 0..<count { packed[row] = packed[row] << rowBits | UInt64(row) }
        packed.sort()
        let mask: UInt64 = (1 << rowBits) - 1
        return packed.map { Int32(truncatingIfNeeded: $0 & mask) }
    }
}
