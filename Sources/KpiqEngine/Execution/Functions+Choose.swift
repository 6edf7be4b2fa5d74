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
        return ColumnVector(ColumnVector.combinedData(sources, Picked(pick: pick)), validity: validity)
    }

    /// Each row from the source `pick` names: the first source's values, with the rows picked
    /// from the others written over them.
    private struct Picked: ColumnVector.StorageCombination {
        var pick: [Int8]
        func combine<T>(_ arrays: [[T]]) -> [T] {
            var result = arrays[0]
            for source in arrays.indices.dropFirst() {
                arrays[source].withUnsafeBufferPointer { values in
                    result.withUnsafeMutableBufferPointer { result in
                        for row in result.indices where Int(pick[row]) == source { result[row] = values[row] }
                    }
                }
            }
            return result
        }
    }
}
