import KpiqLanguage

extension ColumnVector {
    /// The rows at `indexes`, in that order; an index of -1 gives a null (an unmatched link).
    public func gather(_ indexes: [Int32]) -> ColumnVector {
        let count = indexes.count
        let unmatched = indexes.withUnsafeBufferPointer { indexes in
            var lowest: Int32 = 0
            for position in 0..<count { lowest = Swift.min(lowest, indexes[position]) }
            return lowest < 0
        }
        @inline(__always) func pick<T>(_ values: [T], _ zero: T) -> [T] {
            [T](unsafeUninitializedCapacity: count) { output, initialized in
                values.withUnsafeBufferPointer { input in
                    indexes.withUnsafeBufferPointer { indexes in
                        if unmatched {
                            for position in 0..<count {
                                let row = Int(indexes[position])
                                output.initializeElement(at: position, to: row >= 0 ? input[row] : zero)
                            }
                        } else {
                            for position in 0..<count { output.initializeElement(at: position, to: input[Int(indexes[position])]) }
                        }
                    }
                }
                initialized = count
            }
        }
        let data: ColumnData
        switch self.data {
        case .integer(let values): data = .integer(pick(values, 0))
        case .decimal(let values): data = .decimal(pick(values, 0))
        case .boolean(let values): data = .boolean(pick(values, false))
        case .date(let values): data = .date(pick(values, 0))
        case .timestamp(let values): data = .timestamp(pick(values, 0))
        case .text(let codes, let dictionary): data = .text(pick(codes, 0), dictionary)
        case .period(let grain, let values): data = .period(grain, pick(values, 0))
        }
        guard unmatched || self.validity != nil else { return ColumnVector(data) }
        // A row is valid where the index matched and the source row is valid; built a word at a time.
        var words = [UInt64](repeating: 0, count: (count + 63) >> 6)
        var anyNull = false
        indexes.withUnsafeBufferPointer { indexes in
            withValidityWords(self.validity) { source in
                words.withUnsafeMutableBufferPointer { words in
                    for word in 0..<words.count {
                        let start = word << 6, end = Swift.min(start + 64, count)
                        var bits: UInt64 = 0
                        for position in start..<end {
                            let row = Int(indexes[position])
                            let valid = row >= 0 && (source == nil || Bitmap.test(source!, row))
                            bits |= UInt64(valid ? 1 : 0) << UInt64(position - start)
                        }
                        let full: UInt64 = end - start == 64 ? ~0 : (1 << UInt64(end - start)) - 1
                        anyNull = anyNull || bits != full
                        words[word] = bits
                    }
                }
            }
        }
        return ColumnVector(data, validity: anyNull ? Bitmap(words: words, count: count) : nil)
    }

    /// A vector of `count` copies of `value`, typed `type`.
    public static func constant(_ value: Value, type: DataType, count: Int) -> ColumnVector {
        // One value converted as VectorBuilder converts it, then repeated without boxing.
        var builder = VectorBuilder(type: type, capacity: 1)
        builder.append(value)
        let one = builder.finish()
        let validity = value.isNull ? Bitmap(count: count, value: false) : nil
        switch one.data {
        case .integer(let values): return ColumnVector(.integer([Int64](repeating: values[0], count: count)), validity: validity)
        case .timestamp(let values): return ColumnVector(.timestamp([Int64](repeating: values[0], count: count)), validity: validity)
        case .decimal(let values): return ColumnVector(.decimal([Double](repeating: values[0], count: count)), validity: validity)
        case .boolean(let values): return ColumnVector(.boolean([Bool](repeating: values[0], count: count)), validity: validity)
        case .date(let values): return ColumnVector(.date([Int32](repeating: values[0], count: count)), validity: validity)
        case .period(let grain, let values):
            return ColumnVector(.period(grain, [Int32](repeating: values[0], count: count)), validity: validity)
        case .text(let codes, let dictionary):
            return ColumnVector(.text([UInt32](repeating: codes[0], count: count), dictionary), validity: validity)
        }
    }
}

/// Builds a vector value by value: for small results and rarely used functions.
public struct VectorBuilder {
    public let type: DataType
    private var integers: [Int64] = []
    private var decimals: [Double] = []
    private var booleans: [Bool] = []
    private var days: [Int32] = []
    private var codes: [UInt32] = []
    private let dictionary = TextDictionary()
    private var validity: Bitmap
    private var count = 0

    public init(type: DataType, capacity: Int = 0) {
        self.type = type == .null ? .integer : type
        validity = Bitmap(count: 0, value: true)
    }

    public mutating func append(_ value: Value) {
        count += 1
        let valid = !value.isNull
        validity.append(valid)
        switch type {
        case .integer, .timestamp, .null:
            switch value {
            case .integer(let number), .timestamp(let number): integers.append(number)
            case .decimal(let number): integers.append(Int64(exactly: number.rounded()) ?? 0)
            case .date(let day): integers.append(Int64(day) * PeriodVectors.microsecondsPerDay)
            case .boolean(let flag): integers.append(flag ? 1 : 0)
            default: integers.append(0)
            }
        case .decimal:
            decimals.append(value.doubleValue ?? 0)
        case .boolean:
            if case .boolean(let flag) = value { booleans.append(flag) } else { booleans.append(false) }
        case .date, .period:
            switch value {
            case .date(let day), .period(_, let day): days.append(day)
            default: days.append(0)
            }
        case .text:
            if case .text(let text) = value { codes.append(dictionary.intern(text)) } else { codes.append(0) }
        }
    }

    public func finish() -> ColumnVector {
        let data: ColumnData
        switch type {
        case .integer, .null: data = .integer(integers)
        case .timestamp: data = .timestamp(integers)
        case .decimal: data = .decimal(decimals)
        case .boolean: data = .boolean(booleans)
        case .date: data = .date(days)
        case .period(let grain): data = .period(grain, days)
        case .text: data = .text(codes, dictionary)
        }
        return ColumnVector(data, validity: validity)
    }
}
