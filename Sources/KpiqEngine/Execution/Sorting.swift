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
            let rank = dictionary.ranks
            let ranks = {
                Ranks(values: codes.indices.map { vector.isValid($0) ? rank[Int(codes[$0])] : Int32(dictionary.count) },
                      distinct: dictionary.count)
            }
            return ({ Int(rank[Int(codes[$0])]) - Int(rank[Int(codes[$1])]) }, isNull, ranks)
        case .decimal(let values):
            // NaN is neither below nor above anything, which ranks cannot say.
            return ({ values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }, isNull,
                    { values.contains(where: \.isNaN) ? nil : ranks(values, vector) })
        default:
            let values = Kernels.integers(vector) ?? []
            return ({ values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }, isNull,
                    { narrowRanks(values, vector) ?? ranks(values, vector) })
        }
    }

    /// Ranks of integers that span a range not much wider than the rows (periods, dates, small
    /// numbers), by marking the values present in a table over the range: no sorting needed.
    private static func narrowRanks(_ values: [Int64], _ vector: ColumnVector) -> Ranks? {
        var low = Int64.max, high = Int64.min
        for row in values.indices where vector.isValid(row) {
            low = Swift.min(low, values[row])
            high = Swift.max(high, values[row])
        }
        guard low <= high else { return Ranks(values: [Int32](repeating: 0, count: values.count), distinct: 0) }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < Swift.max(Int64(values.count) * 2, 1 << 16) else { return nil }
        var table = [Int32](repeating: 0, count: Int(span) + 1)
        for row in values.indices where vector.isValid(row) { table[Int(values[row] - low)] = 1 }
        var distinct: Int32 = 0
        for slot in table.indices {
            let present = table[slot]
            table[slot] = distinct
            distinct += present
        }
        return Ranks(values: values.indices.map { vector.isValid($0) ? table[Int(values[$0] - low)] : distinct },
                     distinct: Int(distinct))
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

    /// The same order when every key has ranks and together they fit in 64 bits: each row's
    /// ranks (reversed for descending keys, nulls still last) make one integer, and a stable
    /// radix sort of the rows by those needs no comparator calls and keeps ties in row order.
    private static func rankedOrder(count: Int, keys: [(comparator: Key, descending: Bool)]) -> [Int32]? {
        guard count > 1 else { return nil }
        var ranks: [(Ranks, descending: Bool)] = []
        var bits = 0
        for key in keys {
            guard let keyRanks = key.comparator.ranks() else { return nil }
            bits += UInt64.bitWidth - UInt64(keyRanks.distinct).leadingZeroBitCount
            ranks.append((keyRanks, key.descending))
        }
        guard bits <= UInt64.bitWidth else { return nil }
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
        // Least significant digit first, 11 bits a pass; each pass is stable.
        var rows = (0..<Int32(count)).map { $0 }
        var nextRows = rows, nextPacked = packed
        var shift = 0
        while shift < bits {
            let width = Swift.min(11, bits - shift)
            let mask = (UInt64(1) << UInt64(width)) - 1
            var starts = [Int](repeating: 0, count: (1 << width) + 1)
            for value in packed { starts[Int((value >> UInt64(shift)) & mask) + 1] += 1 }
            for digit in 1..<starts.count { starts[digit] += starts[digit - 1] }
            for position in 0..<count {
                let digit = Int((packed[position] >> UInt64(shift)) & mask)
                nextRows[starts[digit]] = rows[position]
                nextPacked[starts[digit]] = packed[position]
                starts[digit] += 1
            }
            swap(&rows, &nextRows)
            swap(&packed, &nextPacked)
            shift += width
        }
        return rows
    }
}
