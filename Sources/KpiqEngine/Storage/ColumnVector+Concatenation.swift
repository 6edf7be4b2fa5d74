extension ColumnVector {
    /// The vectors one after another. All must have the same type; text from different
    /// dictionaries is re-encoded into one.
    static func concatenate(_ parts: [ColumnVector]) -> ColumnVector {
        guard let first = parts.first else { return ColumnVector(.integer([])) }
        if parts.count == 1 { return first }
        let count = parts.reduce(0) { $0 + $1.count }
        var validity: Bitmap? = nil
        if parts.contains(where: { $0.validity != nil }) {
            var bits = Bitmap(count: count, value: true)
            var offset = 0
            for part in parts {
                if let partValidity = part.validity {
                    for row in 0..<part.count where !partValidity[row] { bits[offset + row] = false }
                }
                offset += part.count
            }
            validity = bits
        }
        let data = combinedData(parts, Joined(count: count))
        return ColumnVector(data, validity: validity)
    }

    /// How `combinedData` makes one array of values out of the parts' arrays of one kind.
    protocol StorageCombination {
        func combine<T>(_ arrays: [[T]]) -> [T]
    }

    /// The parts' values one after another.
    private struct Joined: StorageCombination {
        var count: Int
        func combine<T>(_ arrays: [[T]]) -> [T] {
            var result: [T] = []
            result.reserveCapacity(count)
            for array in arrays { result += array }
            return result
        }
    }

    /// The parts' storage (all of the first part's kind; text in one dictionary) combined into
    /// one by `combination`.
    static func combinedData(_ parts: [ColumnVector], _ combination: some StorageCombination) -> ColumnData {
        func each<T>(_ extract: (ColumnData) -> [T]?) -> [T] { combination.combine(parts.map { extract($0.data) ?? [] }) }
        switch parts[0].data {
        case .integer: return .integer(each { if case .integer(let v) = $0 { v } else { nil } })
        case .decimal: return .decimal(each { if case .decimal(let v) = $0 { v } else { nil } })
        case .boolean: return .boolean(each { if case .boolean(let v) = $0 { v } else { nil } })
        case .date: return .date(each { if case .date(let v) = $0 { v } else { nil } })
        case .timestamp: return .timestamp(each { if case .timestamp(let v) = $0 { v } else { nil } })
        case .period(let grain, _): return .period(grain, each { if case .period(_, let v) = $0 { v } else { nil } })
        case .text:
            let (codes, dictionary) = textCodesInOneDictionary(parts)
            return .text(combination.combine(codes), dictionary)
        }
    }

    /// Text parts' codes, each written in one dictionary: the parts' own when they all share it,
    /// else a merged one (each part's distinct values interned once, its codes remapped). A part
    /// with no values (all null, as a null constant) has codes into nothing, and gets 0 for its
    /// rows. Parts that are not text are left out.
    static func textCodesInOneDictionary(_ parts: [ColumnVector]) -> (codes: [[UInt32]], dictionary: TextDictionary) {
        let texts = parts.compactMap { part -> ([UInt32], TextDictionary)? in
            if case .text(let codes, let dictionary) = part.data { (codes, dictionary) } else { nil }
        }
        guard let first = texts.first?.1 else { return ([], TextDictionary()) }
        if texts.allSatisfy({ $0.1 === first }) { return (texts.map(\.0), first) }
        let merged = TextDictionary()
        let codes = texts.map { codes, own -> [UInt32] in
            guard own.count > 0 else { return [UInt32](repeating: 0, count: codes.count) }
            let remap = own.values.map { merged.intern($0) }
            return codes.map { remap[Int($0)] }
        }
        return (codes, merged)
    }
}
