import KpiqLanguage

/// The row-level functions, on evaluated argument vectors.
enum Functions {
    static func apply(_ function: ScalarFunction, _ arguments: [ColumnVector], type: DataType, count: Int) -> ColumnVector {
        switch function {
        case .if:
            let condition = arguments[0]
            // A condition that is not boolean is a bare `null`: never true, so always `else`.
            var flags = [Bool](repeating: false, count: count)
            if case .boolean(let values) = condition.data { flags = values }
            let pick = (0..<count).map { row -> Int8 in condition.isValid(row) && flags[row] ? 0 : 1 }
            if let result = chosen([arguments[1], arguments[2]], pick: pick, type: type) { return result }
            var builder = VectorBuilder(type: type, capacity: count)
            for row in 0..<count {
                let chosen = condition.isValid(row) && flags[row] ? arguments[1] : arguments[2]
                builder.append(chosen.value(at: row))
            }
            return builder.finish()
        case .coalesce:
            if arguments.count <= Int(Int8.max) {
                let pick = (0..<count).map { row -> Int8 in Int8(arguments.firstIndex { $0.isValid(row) } ?? -1) }
                if let result = chosen(arguments, pick: pick, type: type) { return result }
            }
            var builder = VectorBuilder(type: type, capacity: count)
            for row in 0..<count {
                builder.append(arguments.first { $0.isValid(row) }?.value(at: row) ?? .null)
            }
            return builder.finish()
        case .days_between:
            if case .date(let start) = arguments[0].data, case .date(let end) = arguments[1].data {
                // Two dates: day numbers subtract as they are.
                let result = [Int64](unsafeUninitializedCapacity: count) { output, initialized in
                    start.withUnsafeBufferPointer { start in
                        end.withUnsafeBufferPointer { end in
                            for row in 0..<count { output[row] = Int64(end[row]) - Int64(start[row]) }
                        }
                    }
                    initialized = count
                }
                return ColumnVector(.integer(result), validity: Kernels.bothValid(arguments[0].validity, arguments[1].validity))
            }
            let start = Kernels.temporalIntegers(arguments[0], asMicroseconds: false)
            let end = Kernels.temporalIntegers(arguments[1], asMicroseconds: false)
            var result = [Int64](repeating: 0, count: count)
            for row in 0..<count { result[row] = end[row] &- start[row] }
            return ColumnVector(.integer(result), validity: Kernels.bothValid(arguments[0].validity, arguments[1].validity))
        case .hours_between, .minutes_between:
            // Exact elapsed time, from microseconds.
            let start = Kernels.temporalIntegers(arguments[0], asMicroseconds: true)
            let end = Kernels.temporalIntegers(arguments[1], asMicroseconds: true)
            let divisor: Double = function == .hours_between ? 3_600_000_000 : 60_000_000
            var result = [Double](repeating: 0, count: count)
            for row in 0..<count { result[row] = Double(end[row] &- start[row]) / divisor }
            return ColumnVector(.decimal(result), validity: Kernels.bothValid(arguments[0].validity, arguments[1].validity))
        case .year, .quarter, .month, .week, .day:
            let days = Kernels.temporalIntegers(arguments[0], asMicroseconds: false)
            var result = [Int64](repeating: 0, count: count)
            for row in 0..<count where arguments[0].isValid(row) {
                let day = Int(days[row])
                switch function {
                case .week: result[row] = Int64(CivilDate.isoWeek(days: day).week)
                default:
                    let (year, month, dayOfMonth) = CivilDate.civil(fromDays: day)
                    switch function {
                    case .year: result[row] = Int64(year)
                    case .quarter: result[row] = Int64((month - 1) / 3 + 1)
                    case .month: result[row] = Int64(month)
                    default: result[row] = Int64(dayOfMonth)
                    }
                }
            }
            return ColumnVector(.integer(result), validity: arguments[0].validity)
        case .lower, .upper, .trim:
            guard case .text(let codes, let dictionary) = arguments[0].data else { return .constant(.null, type: .text, count: count) }
            // An empty dictionary means every row is null: nothing to remap.
            guard dictionary.count > 0 else { return arguments[0] }
            // Once per distinct value, then the codes are remapped.
            let mapped = TextDictionary()
            let remap = dictionary.values.map { value -> UInt32 in
                switch function {
                case .lower: return mapped.intern(value.lowercased())
                case .upper: return mapped.intern(value.uppercased())
                default: return mapped.intern(trimSpaces(value))
                }
            }
            return ColumnVector(.text(codes.map { remap[Int($0)] }, mapped), validity: arguments[0].validity)
        case .abs:
            switch arguments[0].data {
            case .integer(let values): return ColumnVector(.integer(values.map { $0 == .min ? $0 : Swift.abs($0) }), validity: arguments[0].validity)
            default: return ColumnVector(.decimal(Kernels.doubles(arguments[0]).map { Swift.abs($0) }), validity: arguments[0].validity)
            }
        case .round:
            let digits: Int
            if arguments.count > 1, case .integer(let values) = arguments[1].data, let first = values.first { digits = Int(first) } else { digits = 0 }
            if case .integer = arguments[0].data, digits >= 0 { return arguments[0] }
            if case .integer(let values) = arguments[0].data {
                // Negative digits round integers to tens, hundreds, ...
                let factor = pow10(-digits)
                let rounded = values.map { Int64((Double($0) / factor).rounded(.toNearestOrAwayFromZero) * factor) }
                return ColumnVector(.integer(rounded), validity: arguments[0].validity)
            }
            let factor = pow10(digits)
            let values = Kernels.doubles(arguments[0]).map { value -> Double in
                let scaled = value * factor
                guard scaled.isFinite else { return value }
                return scaled.rounded(.toNearestOrAwayFromZero) / factor
            }
            return ColumnVector(.decimal(values), validity: arguments[0].validity)
        }
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<Swift.min(Swift.abs(exponent), 308) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    /// Removes leading and trailing spaces (only spaces, as SQL's `trim`).
    static func trimSpaces(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " })!
        return String(scalars[first...last])
    }
}
