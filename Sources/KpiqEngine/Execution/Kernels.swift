#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KpiqLanguage

/// Element-wise operations on whole vectors. Every loop here runs over contiguous typed
/// arrays; values are boxed only for rare functions (see `Evaluator+Functions`).
enum Kernels {
    /// Both operands' validity: a row is valid only when it is valid in each.
    static func bothValid(_ a: Bitmap?, _ b: Bitmap?) -> Bitmap? {
        guard let a else { return b }
        guard let b else { return a }
        return a & b
    }

    /// The values of dates (days) and periods (indexes), which are 32-bit.
    static func narrowIntegers(_ vector: ColumnVector) -> [Int32]? {
        switch vector.data {
        case .date(let values), .period(_, let values): return values
        default: return nil
        }
    }

    /// Integer view of integer-like data: integers, dates (days), timestamps, periods, booleans.
    static func integers(_ vector: ColumnVector) -> [Int64]? {
        switch vector.data {
        case .integer(let values), .timestamp(let values): return values
        case .date(let values), .period(_, let values): return values.map(Int64.init)
        case .boolean(let values): return values.map { $0 ? 1 : 0 }
        case .decimal, .text: return nil
        }
    }

    static func doubles(_ vector: ColumnVector) -> [Double] {
        switch vector.data {
        case .decimal(let values): return values
        case .integer(let values), .timestamp(let values): return values.map(Double.init)
        case .date(let values), .period(_, let values): return values.map(Double.init)
        case .boolean(let values): return values.map { $0 ? 1 : 0 }
        case .text(let codes, _): return [Double](repeating: 0, count: codes.count)
        }
    }

    /// Temporal values on one scale: microseconds when either side is a timestamp, else days.
    static func temporalIntegers(_ vector: ColumnVector, asMicroseconds: Bool) -> [Int64] {
        switch vector.data {
        case .date(let values):
            return asMicroseconds ? values.map { Int64($0) * PeriodVectors.microsecondsPerDay } : values.map(Int64.init)
        case .timestamp(let values):
            return asMicroseconds ? values : values.map(PeriodVectors.floorDays)
        default:
            return integers(vector) ?? []
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ left: ColumnVector, _ right: ColumnVector, type: DataType) -> ColumnVector {
        let count = left.count
        var validity = bothValid(left.validity, right.validity)
        switch type {
        case .decimal:
            let a = doubles(left), b = doubles(right)
            var result = [Double](repeating: 0, count: count)
            switch op {
            case .add: for i in 0..<count { result[i] = a[i] + b[i] }
            case .subtract: for i in 0..<count { result[i] = a[i] - b[i] }
            case .multiply: for i in 0..<count { result[i] = a[i] * b[i] }
            default:
                // Division by zero is null, never infinity or NaN.
                var mask = validity ?? Bitmap(count: count, value: true)
                for i in 0..<count {
                    if b[i] == 0 { mask[i] = false } else { result[i] = a[i] / b[i] }
                }
                validity = mask
            }
            return ColumnVector(.decimal(result), validity: validity)
        case .date:
            let a = integers(left) ?? [], b = integers(right) ?? []
            var result = [Int32](repeating: 0, count: count)
            for i in 0..<count {
                let value = op == .subtract ? a[i] &- b[i] : a[i] &+ b[i]
                result[i] = Int32(truncatingIfNeeded: value)
            }
            return ColumnVector(.date(result), validity: validity)
        default:
            // An integer sum that overflowed comes back as decimals (see `Aggregates`): read as
            // integers it would be zeros, so the arithmetic on it is done in decimals instead.
            if left.type == .decimal || right.type == .decimal { return arithmetic(op, left, right, type: .decimal) }
            if op == .add || op == .subtract, let a = narrowIntegers(left), let b = narrowIntegers(right) {
                // Periods and days (`quarters_since` is one period minus another): 32 bits each,
                // so the sum fits without overflow checks or widening copies.
                let result = [Int64](unsafeUninitializedCapacity: count) { output, initialized in
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            if op == .subtract {
                                for i in 0..<count { output[i] = Int64(a[i]) - Int64(b[i]) }
                            } else {
                                for i in 0..<count { output[i] = Int64(a[i]) + Int64(b[i]) }
                            }
                        }
                    }
                    initialized = count
                }
                return ColumnVector(.integer(result), validity: validity)
            }
            let a = integers(left) ?? [Int64](repeating: 0, count: count)
            let b = integers(right) ?? [Int64](repeating: 0, count: count)
            var result = [Int64](repeating: 0, count: count)
            var overflowed: [Int] = []
            for i in 0..<count {
                let (value, overflow): (Int64, Bool)
                switch op {
                case .add: (value, overflow) = a[i].addingReportingOverflow(b[i])
                case .subtract: (value, overflow) = a[i].subtractingReportingOverflow(b[i])
                default: (value, overflow) = a[i].multipliedReportingOverflow(by: b[i])
                }
                result[i] = value
                if overflow { overflowed.append(i) }
            }
            // A result beyond 64 bits is null rather than a wrapped-around wrong number.
            if !overflowed.isEmpty {
                var mask = validity ?? Bitmap(count: count, value: true)
                for i in overflowed { mask[i] = false }
                validity = mask
            }
            return ColumnVector(.integer(result), validity: validity)
        }
    }

    /// The sign of `left` compared with `right` per row (-1, 0, 1), for non-text operands.
    static func compareNumbers(_ left: ColumnVector, _ right: ColumnVector, _ test: (Int) -> Bool) -> [Bool] {
        let count = left.count
        var result = [Bool](repeating: false, count: count)
        if left.type.isTemporal || right.type.isTemporal {
            let micros = left.type == .timestamp || right.type == .timestamp
            let a = temporalIntegers(left, asMicroseconds: micros), b = temporalIntegers(right, asMicroseconds: micros)
            for i in 0..<count { result[i] = test(a[i] < b[i] ? -1 : (a[i] == b[i] ? 0 : 1)) }
        } else if left.type != .decimal, right.type != .decimal, let a = integers(left), let b = integers(right) {
            for i in 0..<count { result[i] = test(a[i] < b[i] ? -1 : (a[i] == b[i] ? 0 : 1)) }
        } else {
            let a = doubles(left), b = doubles(right)
            for i in 0..<count { result[i] = test(a[i] < b[i] ? -1 : (a[i] == b[i] ? 0 : 1)) }
        }
        return result
    }

    /// Byte-wise order of UTF-8 text, as DuckDB orders strings.
    @inline(__always)
    static func compareText(_ a: String, _ b: String) -> Int {
        // Bytes first: `==` on `String` tests canonical equivalence, which looks up Unicode
        // properties per character, and ordering through the UTF-8 views goes byte by byte.
        // (Nil: a string not stored contiguously, or the slow path.)
        let bytewise: Int?? = a.utf8.withContiguousStorageIfAvailable { left -> Int? in
            let inner: Int?? = b.utf8.withContiguousStorageIfAvailable { right -> Int? in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                if order == 0, left.count == right.count { return 0 }
                // Strings of different bytes are canonically equivalent only through a non-ASCII
                // character ("K" and the Kelvin sign): those take the slow path.
                guard isASCII(left), isASCII(right) else { return nil }
                if order != 0 { return order < 0 ? -1 : 1 }
                return left.count < right.count ? -1 : 1
            }
            return inner ?? nil
        }
        if let order = bytewise ?? nil { return order }
        if a == b { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// Whether every byte is below 0x80, eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var combined: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            combined |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            combined |= UInt64(base[index])
            index += 1
        }
        return combined & 0x8080_8080_8080_8080 == 0
    }

    static func compareTexts(_ left: ColumnVector, _ right: ColumnVector, _ test: (Int) -> Bool) -> [Bool] {
        guard case .text(let leftCodes, let leftDictionary) = left.data,
              case .text(let rightCodes, let rightDictionary) = right.data else {
            return [Bool](repeating: false, count: left.count)
        }
        var result = [Bool](repeating: false, count: left.count)
        // A side whose dictionary is empty is null on every row (an empty CSV column, an
        // `if` that never yields text): there is no code to look up, and validity masks it all.
        guard leftDictionary.count > 0, rightDictionary.count > 0 else { return result }
        if rightDictionary.count == 1 {
            // A constant: decide once per distinct value on the left.
            let constant = rightDictionary[0]
            let table = leftDictionary.values.map { test(compareText($0, constant)) }
            for i in 0..<left.count { result[i] = table[Int(leftCodes[i])] }
        } else if leftDictionary.count == 1 {
            let constant = leftDictionary[0]
            let table = rightDictionary.values.map { test(compareText(constant, $0)) }
            for i in 0..<left.count { result[i] = table[Int(rightCodes[i])] }
        } else if leftDictionary === rightDictionary {
            for i in 0..<left.count { result[i] = test(leftCodes[i] == rightCodes[i] ? 0 : compareText(leftDictionary[leftCodes[i]], rightDictionary[rightCodes[i]])) }
        } else {
            for i in 0..<left.count { result[i] = test(compareText(leftDictionary[leftCodes[i]], rightDictionary[rightCodes[i]])) }
        }
        return result
    }

    /// SQL `LIKE`: `%` any run of characters, `_` one character, everything else literal.
    static func like(_ text: String, _ pattern: [Unicode.Scalar]) -> Bool {
        let value = Array(text.unicodeScalars)
        var textIndex = 0, patternIndex = 0
        var starPattern = -1, starText = 0
        while textIndex < value.count {
            if patternIndex < pattern.count, pattern[patternIndex] == "_" || (pattern[patternIndex] != "%" && pattern[patternIndex] == value[textIndex]) {
                textIndex += 1
                patternIndex += 1
            } else if patternIndex < pattern.count, pattern[patternIndex] == "%" {
                starPattern = patternIndex
                starText = textIndex
                patternIndex += 1
            } else if starPattern >= 0 {
                patternIndex = starPattern + 1
                starText += 1
                textIndex = starText
            } else {
                return false
            }
        }
        while patternIndex < pattern.count, pattern[patternIndex] == "%" { patternIndex += 1 }
        return patternIndex == pattern.count
    }
}
