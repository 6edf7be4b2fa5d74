/// `if` and `coalesce` a whole column at a time: each row takes the value of one of the
/// argument vectors.
extension Functions {
    /// Row `row` holds `sources[pick[row]]`'s value at `row`: null where `pick` is -1 or that
    /// source is null there. nil when a source is not stored as `type` is (an integer branch of a
    /// decimal `if`, a bare `null`), which the value-by-value path converts.
    static func chosen(_ sources: [ColumnVector], pick: [Int8], type: DataType) -> ColumnVector? {
        guard !sources.isEmpty, sources.allSatisfy({ $0.data.type == type }) else { return nil }
        let count = pick.count
        var validity: Bitmap? = nil
        for row in 0..<count {
            let source = Int(pick[row])
            if source < 0 || !sources[source].isValid(row) {
                if validity == nil { validity = Bitmap(count: count, value: true) }
                validity![row] = false
            }
        }
        /// The first source's values, with the rows picked from the others written over them.
        func picked<T>(_ arrays: [[T]]) -> [T] {
            var result = arrays[0]
            for source in arrays.indices.dropFirst() {
                arrays[source].withUnsafeBufferPointer { values in
                    result.withUnsafeMutableBufferPointer { result in
                        for row in 0..<count where Int(pick[row]) == source { result[row] = values[row] }
                    }
                }
            }
            return result
        }
        /// Every source's values; the types were checked above.
        func values<T>(_ extract: (ColumnData) -> [T]?) -> [[T]] { sources.map { extract($0.data) ?? [] } }
        let data: ColumnData
        switch sources[0].data {
        case .integer: data = .integer(picked(values { if case .integer(let v) = $0 { v } else { nil } }))
        case .decimal: data = .decimal(picked(values { if case .decimal(let v) = $0 { v } else { nil } }))
        case .boolean: data = .boolean(picked(values { if case .boolean(let v) = $0 { v } else { nil } }))
        case .date: data = .date(picked(values { if case .date(let v) = $0 { v } else { nil } }))
        case .timestamp: data = .timestamp(picked(values { if case .timestamp(let v) = $0 { v } else { nil } }))
        case .period(let grain, _): data = .period(grain, picked(values { if case .period(_, let v) = $0 { v } else { nil } }))
        case .text(_, let dictionary):
            let shared = sources.allSatisfy { if case .text(_, let other) = $0.data { other === dictionary } else { false } }
            if shared {
                data = .text(picked(values { if case .text(let codes, _) = $0 { codes } else { nil } }), dictionary)
            } else {
                // Each source's distinct values once into one dictionary, then its codes remapped.
                let merged = TextDictionary()
                let codes = sources.map { source -> [UInt32] in
                    guard case .text(let codes, let own) = source.data else { return [] }
                    // A source with no values (a null constant) has codes into nothing.
                    guard own.count > 0 else { return [UInt32](repeating: 0, count: count) }
                    let remap = own.values.map { merged.intern($0) }
                    return codes.map { remap[Int($0)] }
                }
                data = .text(picked(codes), merged)
            }
        }
        return ColumnVector(data, validity: validity)
    }
}
