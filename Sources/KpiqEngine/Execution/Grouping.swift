/// Assigns each row a dense group number from its key values.
///
/// Each key becomes a small integer per row (a dictionary code for text, a dense number for
/// other types, with null as its own value); several keys are combined arithmetically and
/// looked up in a direct table when the combinations are few, in a hash table otherwise.
struct Grouping {
    var groupIds: [Int32]
    var groupCount: Int
    /// The first row of each group, to read its key values from.
    var representatives: [Int]

    init(keys: [ColumnVector], count: Int) {
        guard !keys.isEmpty else {
            // No keys: one group, even over no rows (an aggregate over nothing).
            groupIds = [Int32](repeating: 0, count: count)
            groupCount = 1
            representatives = [0]
            return
        }
        var combined = [Int](repeating: 0, count: count)
        var cardinality = 1
        var overflow = false
        for key in keys {
            let (codes, keyCardinality) = Grouping.denseCodes(key)
            let (product, overflowed) = cardinality.multipliedReportingOverflow(by: keyCardinality)
            if overflowed || overflow {
                overflow = true
                // Too many combinations for arithmetic: renumber the pairs (so far, this key)
                // densely. The pair itself is the key: folding it into one integer could
                // make two different pairs collide and merge their groups.
                var renumber: [CodePair: Int] = [:]
                for row in 0..<count {
                    let pair = CodePair(combined: combined[row], code: codes[row])
                    if let existing = renumber[pair] { combined[row] = existing } else {
                        renumber[pair] = renumber.count
                        combined[row] = renumber.count - 1
                    }
                }
                cardinality = Swift.max(renumber.count, 1)
                continue
            }
            for row in 0..<count { combined[row] = combined[row] * keyCardinality + codes[row] }
            cardinality = product
        }
        var ids = [Int32](repeating: 0, count: count)
        var representatives: [Int] = []
        if cardinality <= Swift.max(1 << 16, count * 2) {
            var table = [Int32](repeating: -1, count: cardinality)
            for row in 0..<count {
                let slot = combined[row]
                var id = table[slot]
                if id < 0 {
                    id = Int32(representatives.count)
                    table[slot] = id
                    representatives.append(row)
                }
                ids[row] = id
            }
        } else {
            var table: [Int: Int32] = [:]
            for row in 0..<count {
                let slot = combined[row]
                if let id = table[slot] { ids[row] = id } else {
                    let id = Int32(representatives.count)
                    table[slot] = id
                    representatives.append(row)
                    ids[row] = id
                }
            }
        }
        groupIds = ids
        groupCount = representatives.count
        self.representatives = representatives
    }

    private struct CodePair: Hashable {
        var combined: Int
        var code: Int
    }

    /// A number per row in 0..<cardinality, equal exactly when the key values are equal.
    static func denseCodes(_ key: ColumnVector) -> (codes: [Int], cardinality: Int) {
        let count = key.count
        var codes = [Int](repeating: 0, count: count)
        if case .text(let textCodes, let dictionary) = key.data {
            let nullCode = dictionary.count
            for row in 0..<count { codes[row] = key.isValid(row) ? Int(textCodes[row]) : nullCode }
            return (codes, dictionary.count + 1)
        }
        var numbering: [UInt64: Int] = [:]
        let bits: [UInt64]
        switch key.data {
        case .decimal(let values): bits = values.map { $0 == 0 ? 0 : $0.bitPattern }
        default: bits = (Kernels.integers(key) ?? []).map { UInt64(bitPattern: $0) }
        }
        // Code 0 is null.
        for row in 0..<count where key.isValid(row) {
            if let code = numbering[bits[row]] { codes[row] = code } else {
                numbering[bits[row]] = numbering.count + 1
                codes[row] = numbering.count
            }
        }
        return (codes, numbering.count + 1)
    }
}
