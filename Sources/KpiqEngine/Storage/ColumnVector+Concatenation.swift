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
        func join<T>(_ extract: (ColumnData) -> [T]?) -> [T] {
            var result: [T] = []
            result.reserveCapacity(count)
            for part in parts { result += extract(part.data) ?? [] }
            return result
        }
        let data: ColumnData
        switch first.data {
        case .integer: data = .integer(join { if case .integer(let v) = $0 { return v } else { return nil } })
        case .decimal: data = .decimal(join { if case .decimal(let v) = $0 { return v } else { return nil } })
        case .boolean: data = .boolean(join { if case .boolean(let v) = $0 { return v } else { return nil } })
        case .date: data = .date(join { if case .date(let v) = $0 { return v } else { return nil } })
        case .timestamp: data = .timestamp(join { if case .timestamp(let v) = $0 { return v } else { return nil } })
        case .period(let grain, _): data = .period(grain, join { if case .period(_, let v) = $0 { return v } else { return nil } })
        case .text(_, let dictionary):
            let shared = parts.allSatisfy { if case .text(_, let d) = $0.data { return d === dictionary } else { return false } }
            if shared {
                data = .text(join { if case .text(let codes, _) = $0 { return codes } else { return nil } }, dictionary)
            } else {
                let merged = TextDictionary()
                var codes: [UInt32] = []
                codes.reserveCapacity(count)
                for part in parts {
                    guard case .text(let partCodes, let partDictionary) = part.data else { continue }
                    // A part with no values (all null, as a null constant) has codes into nothing.
                    guard partDictionary.count > 0 else {
                        codes += [UInt32](repeating: 0, count: partCodes.count)
                        continue
                    }
                    let remap = partDictionary.values.map { merged.intern($0) }
                    codes += partCodes.map { remap[Int($0)] }
                }
                data = .text(codes, merged)
            }
        }
        return ColumnVector(data, validity: validity)
    }
}
