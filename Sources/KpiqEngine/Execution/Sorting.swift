/// Row order for `order by` and for the default order by group keys: nulls last either way.
enum Sorting {
    typealias Comparator = (Int, Int) -> Int
    /// How to order rows by one column: a comparator, and integers per row that order them the
    /// same way where they can be had (worked out only when asked for, as most callers compare few rows).
    typealias Key = (comparator: Comparator, isNull: (Int) -> Bool, digits: () -> Digits?)

    /// Per row, an integer that orders the rows as the comparator does (null rows aside).
    enum Digits {
        /// Each row's place among the column's values, from 0 up to `distinct` (exclusive); a
        /// null row has `distinct`. Ranks are narrow, so several keys pack into one word.
        case ranks([Int32], distinct: Int)
        /// An order-preserving 64-bit image of each valid row's value: one pass, where ranks of
        /// decimals or wide integers would need their distinct values sorted. `validity` is the
        /// column's (nil: no null row).
        case images([UInt64], validity: Bitmap?)
    }

    /// Compares two rows of a vector by value; nulls compare greater than any value.
    static func comparator(_ vector: ColumnVector) -> Key {
        let isNull: (Int) -> Bool = { !vector.isValid($0) }
        switch vector.data {
        case .text(let codes, let dictionary):
            let rank = dictionary.ranks
            let digits = {
                Digits.ranks(codes.indices.map { vector.isValid($0) ? rank[Int(codes[$0])] : Int32(dictionary.count) },
                             distinct: dictionary.count)
            }
            return ({ Int(rank[Int(codes[$0])]) - Int(rank[Int(codes[$1])]) }, isNull, digits)
        case .decimal(let values):
            // NaN is neither below nor above anything, which no integer can say.
            return ({ values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }, isNull,
                    { values.contains(where: \.isNaN) ? nil : .images(values.map(image), validity: vector.validity) })
        default:
            let values = Kernels.integers(vector) ?? []
            return ({ values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }, isNull,
                    { narrowRanks(values, vector) ?? .images(values.map { UInt64(bitPattern: $0) ^ 1 << 63 }, validity: vector.validity) })
        }
    }

    /// A double's bits as an integer in the double's order: negatives have all their bits
    /// flipped (larger magnitudes lower), the rest only the sign bit; -0.0 is 0.0.
    static func image(_ value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits >> 63 == 1 ? ~bits : bits | 1 << 63
    }

    /// Ranks of integers that span a range not much wider than the rows (periods, dates, small
    /// numbers), by marking the values present in a table over the range: no sorting needed.
    private static func narrowRanks(_ values: [Int64], _ vector: ColumnVector) -> Digits? {
        let (low, high) = values.withUnsafeBufferPointer { values in withValidityWords(vector.validity) { Grouping.range(values, $0) } }
        guard low <= high else { return .ranks([Int32](repeating: 0, count: values.count), distinct: 0) }
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
        return .ranks(values.indices.map { vector.isValid($0) ? table[Int(values[$0] - low)] : distinct },
                      distinct: Int(distinct))
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

    typealias SortKey = (comparator: Key, descending: Bool)

    /// A stable ordering of `count` rows by the keys in turn; with a `limit`, only its first rows.
    static func order(count: Int, keys: [SortKey], limit: Int? = nil) -> [Int32] {
        let words = count > 1 ? words(count: count, keys: keys) : nil
        // Ordering every row to keep a few costs more than picking them.
        if let limit, limit < count, limit <= 1 << 16, limit <= count / 16 {
            return first(limit, count: count, before: words.map(before) ?? before(keys))
        }
        let order = words.map { radixOrder(count: count, words: $0) }
            ?? (0..<count).sorted(by: before(keys)).map(Int32.init)
        return limit.map { Array(order.prefix($0)) } ?? order
    }

    /// Whether one row comes before another by the keys' comparators, then by row.
    private static func before(_ keys: [SortKey]) -> (Int, Int) -> Bool {
        { a, b in
            for key in keys {
                let aNull = key.comparator.isNull(a), bNull = key.comparator.isNull(b)
                if aNull != bNull { return bNull }
                if aNull { continue }
                let order = key.comparator.comparator(a, b)
                if order != 0 { return key.descending ? order > 0 : order < 0 }
            }
            return a < b
        }
    }

    /// Whether one row comes before another by its sort words, then by row.
    private static func before(_ words: [Word]) -> (Int, Int) -> Bool {
        if words.count == 1 {
            let values = words[0].values
            return { a, b in values[a] != values[b] ? values[a] < values[b] : a < b }
        }
        return { a, b in
            for word in words where word.values[a] != word.values[b] { return word.values[a] < word.values[b] }
            return a < b
        }
    }

    /// The first `limit` rows in the order `before` gives, without ordering the rest: a heap
    /// keeps the best rows so far with the worst on top, so most rows cost one comparison.
    private static func first(_ limit: Int, count: Int, before: (Int, Int) -> Bool) -> [Int32] {
        var heap: [Int] = []
        heap.reserveCapacity(limit)
        for row in 0..<count {
            if heap.count < limit {
                heap.append(row)
                var child = heap.count - 1
                while child > 0, before(heap[(child - 1) / 2], heap[child]) {
                    heap.swapAt(child, (child - 1) / 2)
                    child = (child - 1) / 2
                }
            } else if limit > 0, before(row, heap[0]) {
                heap[0] = row
                var parent = 0
                while true {
                    var worst = parent
                    let left = 2 * parent + 1, right = left + 1
                    if left < limit, before(heap[worst], heap[left]) { worst = left }
                    if right < limit, before(heap[worst], heap[right]) { worst = right }
                    if worst == parent { break }
                    heap.swapAt(parent, worst)
                    parent = worst
                }
            }
        }
        return heap.sorted(by: before).map(Int32.init)
    }

    /// Each row's digits of some keys packed into one integer, `width` bits wide.
    private typealias Word = (values: [UInt64], width: Int)

    /// One key's part of the rows' words: `width` bits, descending keys reversed, nulls last.
    private struct Field {
        var width: Int
        /// Shifts each row's word left by `width` and puts the row's digit in the freed bits.
        var append: (inout [UInt64]) -> Void
    }

    /// The rows' sort words, most significant first, when every key has digits: the keys'
    /// fields packed into as few words as they fit, so most orderings sort by one word.
    private static func words(count: Int, keys: [SortKey]) -> [Word]? {
        var fields: [Field] = []
        for key in keys {
            guard let digits = key.comparator.digits() else { return nil }
            fields += self.fields(digits, descending: key.descending)
        }
        var words: [Word] = []
        for field in fields {
            if words.isEmpty || words[words.count - 1].width + field.width > UInt64.bitWidth {
                words.append(([UInt64](repeating: 0, count: count), 0))
            }
            field.append(&words[words.count - 1].values)
            words[words.count - 1].width += field.width
        }
        return words
    }

    /// A key's fields: one, or two when its images span all 64 bits and leave no digit for nulls.
    private static func fields(_ digits: Digits, descending: Bool) -> [Field] {
        switch digits {
        case .ranks(let ranks, let distinct):
            let width = UInt64.bitWidth - UInt64(distinct).leadingZeroBitCount
            return [Field(width: width) { words in
                let distinct = Int32(distinct)
                ranks.withUnsafeBufferPointer { ranks in
                    for row in ranks.indices {
                        let rank = ranks[row]
                        let digit = descending && rank != distinct ? distinct - 1 - rank : rank
                        words[row] = words[row] << width | UInt64(digit)
                    }
                }
            }]
        case .images(let images, let validity):
            // Counted from the lowest value present, the digits are often narrower than 64 bits.
            let (low, high) = images.withUnsafeBufferPointer { images in withValidityWords(validity) { Grouping.range(images, $0) } }
            guard low <= high else { return [] }
            let span = high - low
            /// Each row's digit: `valid(image)` for a valid row, `null` for a null one.
            func digits(_ words: inout [UInt64], width: Int, null: UInt64, valid: (UInt64) -> UInt64) {
                images.withUnsafeBufferPointer { images in
                    withValidityWords(validity) { bits in
                        words.withUnsafeMutableBufferPointer { words in
                            for row in words.indices {
                                let digit = bits.map { Bitmap.test($0, row) } ?? true ? valid(images[row]) : null
                                // Shifting by 64 would leave the word as it was: the digit is the word.
                                words[row] = width == UInt64.bitWidth ? digit : words[row] << width | digit
                            }
                        }
                    }
                }
            }
            guard span < UInt64.max else {
                // No digit is left for nulls: a bit of its own puts them last.
                return [Field(width: 1) { digits(&$0, width: 1, null: 1) { _ in 0 } },
                        Field(width: UInt64.bitWidth) { digits(&$0, width: UInt64.bitWidth, null: 0) { descending ? ~$0 : $0 } }]
            }
            let width = UInt64.bitWidth - (span + 1).leadingZeroBitCount
            return [Field(width: width) { digits(&$0, width: width, null: span + 1) { descending ? high - $0 : $0 - low } }]
        }
    }

    /// A stable radix sort of the rows by their words, least significant first, so it needs no
    /// comparator calls and keeps ties in row order.
    private static func radixOrder(count: Int, words: [Word]) -> [Int32] {
        var rows = (0..<Int32(count)).map { $0 }
        var nextRows = rows
        for (index, word) in words.enumerated().reversed() {
            var packed = index == words.count - 1 ? word.values : rows.map { word.values[Int($0)] }
            var nextPacked = packed
            // 11 bits a pass, each pass stable; the counts of every pass are had in one read.
            let passes = (0..<(word.width + 10) / 11).map { (shift: $0 * 11, width: Swift.min(11, word.width - $0 * 11)) }
            var counts = [Int](repeating: 0, count: passes.count << 11)
            counts.withUnsafeMutableBufferPointer { counts in
                for value in packed {
                    for pass in passes.indices {
                        counts[pass << 11 | Int((value >> UInt64(pass * 11)) & 0x7FF)] += 1
                    }
                }
            }
            for (pass, digits) in passes.enumerated() {
                let counted = counts[pass << 11 ..< pass << 11 + 1 << digits.width]
                // A pass where every row has the same digit would move nothing.
                if counted.contains(count) { continue }
                var starts = [Int](repeating: 0, count: counted.count)
                for digit in 1..<starts.count { starts[digit] = starts[digit - 1] + counted[counted.startIndex + digit - 1] }
                let shift = UInt64(digits.shift), mask = (UInt64(1) << UInt64(digits.width)) - 1
                rows.withUnsafeBufferPointer { rows in
                    packed.withUnsafeBufferPointer { packed in
                        nextRows.withUnsafeMutableBufferPointer { nextRows in
                            nextPacked.withUnsafeMutableBufferPointer { nextPacked in
                                for position in 0..<count {
                                    let digit = Int((packed[position] >> shift) & mask)
                                    nextRows[starts[digit]] = rows[position]
                                    nextPacked[starts[digit]] = packed[position]
                                    starts[digit] += 1
                                }
                            }
                        }
                    }
                }
                swap(&rows, &nextRows)
                swap(&packed, &nextPacked)
            }
        }
        return rows
    }
}
