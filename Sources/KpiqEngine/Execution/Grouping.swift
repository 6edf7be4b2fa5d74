/// Assigns each row a dense group number from its key values.
///
/// Each key becomes a small integer per row (a dictionary code for text, the offset from the
/// smallest value for integer-like keys of a narrow range, a dense number otherwise, with null as
/// its own value); several keys are combined arithmetically and looked up in a direct table when
/// the combinations are few, in a hash table otherwise. Group numbers follow the first row of
/// each group.
struct Grouping {
    var groupIds: [Int32]
    var groupCount: Int
    /// The first row of each group, to read its key values from.
    var representatives: [Int]

    /// Combinations up to this many (or twice the rows) are numbered through a direct table.
    static let directLimit = 1 << 16

    /// `directLimit` overrides the most combinations numbered through a direct table (tests
    /// set it to 0 to number through the hash table).
    init(keys: [ColumnVector], count: Int, directLimit: Int? = nil) {
        guard !keys.isEmpty else {
            // No keys: one group, even over no rows (an aggregate over nothing).
            groupIds = [Int32](repeating: 0, count: count)
            groupCount = 1
            representatives = [0]
            return
        }
        let encoded = keys.map(Grouping.keyCodes)
        var cardinality = 1
        var overflow = false
        for key in encoded {
            let (product, overflowed) = cardinality.multipliedReportingOverflow(by: key.cardinality)
            overflow = overflow || overflowed
            cardinality = product
        }
        let limit = directLimit ?? Swift.max(Grouping.directLimit, count * 2)
        if !overflow, cardinality <= limit, encoded.count <= 2 {
            (groupIds, representatives) = encoded.count == 1
                ? Grouping.numberDirect(count: count, cardinality: cardinality) { encoded[0].codes[$0] }
                : Grouping.numberDirect(count: count, cardinality: cardinality, encoded[0].codes, encoded[1].codes, encoded[1].cardinality)
        } else {
            let (combined, combinedCardinality) = Grouping.combine(encoded, count: count)
            (groupIds, representatives) = combinedCardinality <= limit
                ? Grouping.numberDirect(count: count, cardinality: combinedCardinality) { combined[$0] }
                : combinedCardinality <= NarrowKeyNumbering.keyLimit
                ? Grouping.numberHashed(combined, NarrowKeyNumbering(), { $0.number($1) }, { $0.deallocate() })
                : Grouping.numberHashed(combined, KeyNumbering(), { $0.number($1) }, { $0.deallocate() })
        }
        groupCount = representatives.count
    }

    /// A number per row in 0..<cardinality, equal exactly when the key values are equal.
    struct KeyCodes {
        var codes: CodeList
        var cardinality: Int
    }

    /// Per-row codes, read without copying a dictionary-coded column that has no nulls.
    struct CodeList {
        let storage: [UInt32]

        @inline(__always)
        subscript(row: Int) -> Int { Int(storage.withUnsafeBufferPointer { $0[row] }) }
    }

    static func keyCodes(_ key: ColumnVector) -> KeyCodes {
        let count = key.count
        if case .text(let textCodes, let dictionary) = key.data {
            guard let validity = key.validity else {
                return KeyCodes(codes: CodeList(storage: textCodes), cardinality: Swift.max(dictionary.count, 1))
            }
            let nullCode = UInt32(dictionary.count)
            let codes = [UInt32](unsafeUninitializedCapacity: count) { output, initialized in
                textCodes.withUnsafeBufferPointer { input in
                    validity.words.withUnsafeBufferPointer { words in
                        for row in 0..<count { output[row] = Bitmap.test(words.baseAddress!, row) ? input[row] : nullCode }
                    }
                }
                initialized = count
            }
            return KeyCodes(codes: CodeList(storage: codes), cardinality: dictionary.count + 1)
        }
        if let codes = narrowRangeCodes(key) { return codes }
        // Code 0 is null.
        var codes = [UInt32](repeating: 0, count: count)
        let cardinality = codes.withUnsafeMutableBufferPointer { codes in
            numberValues(key, rows: key.validity?.words) { row, number in codes[row] = UInt32(number + 1) }
        }
        return KeyCodes(codes: CodeList(storage: codes), cardinality: cardinality + 1)
    }

    /// Numbers the distinct values of a non-text column densely from 0, in order of first
    /// appearance, over the rows set in `rows` (every row when nil); calls `body(row, number)`
    /// for each and returns how many numbers it gave. Doubles are compared by bit pattern, with
    /// -0 as 0.
    @inline(__always)
    static func numberValues(_ vector: ColumnVector, rows: [UInt64]?, _ body: (Int, Int) -> Void) -> Int {
        var table = KeyNumbering()
        defer { table.deallocate() }
        switch vector.data {
        case .decimal(let values):
            values.withUnsafeBufferPointer { values in
                Aggregates.forEachIncluded(rows, values.count) { row in
                    let value = values[row]
                    body(row, table.number(value == 0 ? 0 : value.bitPattern).number)
                }
            }
        default:
            let integers = Kernels.integers(vector) ?? []
            integers.withUnsafeBufferPointer { values in
                Aggregates.forEachIncluded(rows, values.count) { row in
                    body(row, table.number(UInt64(bitPattern: values[row])).number)
                }
            }
        }
        return table.count
    }

    /// Codes of an integer-like key (dates, periods, integers) whose values span a narrow range:
    /// the offset from the smallest value, plus one; null is 0. One pass for the range, one for
    /// the codes, no hashing.
    static func narrowRangeCodes(_ key: ColumnVector) -> KeyCodes? {
        switch key.data {
        case .date(let values), .period(_, let values):
            return values.withUnsafeBufferPointer { narrowRangeCodes($0, validity: key.validity) }
        case .integer(let values):
            return values.withUnsafeBufferPointer { narrowRangeCodes($0, validity: key.validity) }
        default:
            return nil
        }
    }

    @inline(__always)
    private static func narrowRangeCodes<Number: FixedWidthInteger>(_ values: UnsafeBufferPointer<Number>, validity: Bitmap?) -> KeyCodes? {
        let count = values.count
        var low = Number.max, high = Number.min
        let limit = Int64(Swift.max(directLimit, count))
        return withValidityWords(validity) { words in
            (low, high) = range(values, words)
            guard low <= high else {
                // Every row null (or none): one code.
                return KeyCodes(codes: CodeList(storage: [UInt32](repeating: 0, count: count)), cardinality: 1)
            }
            let (span, overflow) = Int64(high).subtractingReportingOverflow(Int64(low))
            guard !overflow, span < limit else { return nil }
            // The span is below `limit`, so wrapping arithmetic gives each valid value its offset.
            let base = low &- 1
            let codes = [UInt32](unsafeUninitializedCapacity: count) { output, initialized in
                for row in 0..<count { output[row] = UInt32(truncatingIfNeeded: values[row] &- base) }
                if let words {
                    // Nulls to 0, a word of rows at a time; most words have no null.
                    for word in 0..<((count + 63) >> 6) where words[word] != ~0 {
                        var nulls = ~words[word]
                        while nulls != 0 {
                            let row = word << 6 + nulls.trailingZeroBitCount
                            if row < count { output[row] = 0 }
                            nulls &= nulls &- 1
                        }
                    }
                }
                initialized = count
            }
            return KeyCodes(codes: CodeList(storage: codes), cardinality: Int(span) + 2)
        }
    }

    /// The smallest and largest valid value (`max` and `min` when there is none).
    @inline(__always)
    static func range<Number: FixedWidthInteger>(_ values: UnsafeBufferPointer<Number>, _ words: UnsafePointer<UInt64>?) -> (Number, Number) {
        var low = Number.max, high = Number.min
        guard let words else {
            for value in values {
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
            return (low, high)
        }
        // A word of rows at a time: whole words of valid rows in a loop the compiler vectorises,
        // the rest bit by bit.
        let count = values.count
        for word in 0..<((count + 63) >> 6) {
            let start = word << 6
            let bits = words[word]
            if bits == ~0 && start + 64 <= count {
                for row in start..<(start + 64) {
                    low = Swift.min(low, values[row])
                    high = Swift.max(high, values[row])
                }
                continue
            }
            var valid = bits
            while valid != 0 {
                let row = start + valid.trailingZeroBitCount
                if row < count {
                    low = Swift.min(low, values[row])
                    high = Swift.max(high, values[row])
                }
                valid &= valid &- 1
            }
        }
        return (low, high)
    }

    /// Numbers rows by a code below `cardinality`, through a table indexed by the code.
    @inline(__always)
    private static func numberDirect(count: Int, cardinality: Int, _ code: (Int) -> Int) -> ([Int32], [Int]) {
        var representatives: [Int] = []
        var table = [Int32](repeating: -1, count: cardinality)
        let ids = [Int32](unsafeUninitializedCapacity: count) { output, initialized in
            table.withUnsafeMutableBufferPointer { table in
                for row in 0..<count {
                    let slot = code(row)
                    var id = table[slot]
                    if id < 0 {
                        id = Int32(representatives.count)
                        table[slot] = id
                        representatives.append(row)
                    }
                    output[row] = id
                }
            }
            initialized = count
        }
        return (ids, representatives)
    }

    /// Two keys: the slot is `first * secondCardinality + second`, without a combined array.
    private static func numberDirect(count: Int, cardinality: Int, _ first: CodeList, _ second: CodeList, _ secondCardinality: Int) -> ([Int32], [Int]) {
        first.storage.withUnsafeBufferPointer { first in
            second.storage.withUnsafeBufferPointer { second in
                numberDirect(count: count, cardinality: cardinality) { Int(first[$0]) * secondCardinality + Int(second[$0]) }
            }
        }
    }

    /// Numbers rows by a wide combined key, through a hash table (`number` looks a key up in
    /// `table`; `release` frees it).
    @inline(__always)
    private static func numberHashed<Table>(_ combined: [Int], _ table: Table, _ number: (inout Table, UInt64) -> (number: Int, isNew: Bool),
                                            _ release: (Table) -> Void) -> ([Int32], [Int]) {
        var representatives: [Int] = []
        var table = table
        defer { release(table) }
        let ids = [Int32](unsafeUninitializedCapacity: combined.count) { output, initialized in
            combined.withUnsafeBufferPointer { combined in
                for row in 0..<combined.count {
                    let (id, isNew) = number(&table, UInt64(bitPattern: Int64(combined[row])))
                    if isNew { representatives.append(row) }
                    output[row] = Int32(truncatingIfNeeded: id)
                }
            }
            initialized = combined.count
        }
        return (ids, representatives)
    }

    /// The keys' codes combined into one number per row; renumbered densely whenever the
    /// product of the cardinalities would overflow.
    private static func combine(_ keys: [KeyCodes], count: Int) -> (combined: [Int], cardinality: Int) {
        var combined = [Int](repeating: 0, count: count)
        var cardinality = 1
        var overflow = false
        for key in keys {
            let (product, overflowed) = cardinality.multipliedReportingOverflow(by: key.cardinality)
            if overflowed || overflow {
                overflow = true
                // Too many combinations for arithmetic: renumber the pairs (so far, this key)
                // densely. The pair itself is the key: folding it into one integer could
                // make two different pairs collide and merge their groups.
                var renumber: [CodePair: Int] = [:]
                for row in 0..<count {
                    let pair = CodePair(combined: combined[row], code: key.codes[row])
                    if let existing = renumber[pair] { combined[row] = existing } else {
                        renumber[pair] = renumber.count
                        combined[row] = renumber.count - 1
                    }
                }
                cardinality = Swift.max(renumber.count, 1)
                continue
            }
            for row in 0..<count { combined[row] = combined[row] * key.cardinality + key.codes[row] }
            cardinality = product
        }
        return (combined, cardinality)
    }

    private struct CodePair: Hashable {
        var combined: Int
        var code: Int
    }

    /// A number per row in 0..<cardinality, equal exactly when the key values are equal (for
    /// cohorts and windows; grouping itself uses `keyCodes`).
    static func denseCodes(_ key: ColumnVector) -> (codes: [Int], cardinality: Int) {
        let count = key.count
        var codes = [Int](repeating: 0, count: count)
        if case .text(let textCodes, let dictionary) = key.data {
            let nullCode = dictionary.count
            for row in 0..<count { codes[row] = key.isValid(row) ? Int(textCodes[row]) : nullCode }
            return (codes, dictionary.count + 1)
        }
        // Code 0 is null.
        let cardinality = codes.withUnsafeMutableBufferPointer { codes in
            numberValues(key, rows: key.validity?.words) { row, number in codes[row] = number + 1 }
        }
        return (codes, cardinality + 1)
    }
}
