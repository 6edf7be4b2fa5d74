import KpiqLanguage

/// A contiguous typed buffer of values; nulls are kept apart in a validity `Bitmap`.
///
/// Slots of null rows hold a placeholder (0, false, code 0) that no kernel may read as a value.
public enum ColumnData: Sendable {
    case integer([Int64])
    case decimal([Double])
    case boolean([Bool])
    /// Days since 1970-01-01.
    case date([Int32])
    /// Microseconds since 1970-01-01T00:00:00.
    case timestamp([Int64])
    /// Dictionary codes per row.
    case text([UInt32], TextDictionary)
    /// Period indexes (see `PeriodIndex`).
    case period(PeriodGrain, [Int32])

    public var count: Int {
        switch self {
        case .integer(let values), .timestamp(let values): return values.count
        case .decimal(let values): return values.count
        case .boolean(let values): return values.count
        case .date(let values), .period(_, let values): return values.count
        case .text(let codes, _): return codes.count
        }
    }

    public var type: DataType {
        switch self {
        case .integer: return .integer
        case .decimal: return .decimal
        case .boolean: return .boolean
        case .date: return .date
        case .timestamp: return .timestamp
        case .text: return .text
        case .period(let grain, _): return .period(grain)
        }
    }
}

/// A column of values with its validity: the unit every reader produces and every kernel consumes.
public struct ColumnVector: Sendable {
    public var data: ColumnData
    /// nil means every row is valid.
    public var validity: Bitmap?

    public init(_ data: ColumnData, validity: Bitmap? = nil) {
        self.data = data
        self.validity = validity.flatMap { $0.allSet ? nil : $0 }
    }

    public var count: Int { data.count }
    public var type: DataType { data.type }

    @inline(__always)
    public func isValid(_ row: Int) -> Bool { validity?[row] ?? true }

    public var nullCount: Int { validity.map { $0.count - $0.setCount } ?? 0 }

    /// The value at `row` as a `Value` (slow path: rendering, tests, small results).
    public func value(at row: Int) -> Value {
        guard isValid(row) else { return .null }
        switch data {
        case .integer(let values): return .integer(values[row])
        case .decimal(let values): return .decimal(values[row])
        case .boolean(let values): return .boolean(values[row])
        case .date(let values): return .date(values[row])
        case .timestamp(let values): return .timestamp(values[row])
        case .text(let codes, let dictionary): return .text(dictionary[codes[row]])
        case .period(let grain, let values): return .period(grain, values[row])
        }
    }
}

/// A named column of a dataset.
public struct Column: Sendable {
    public var name: String
    public var vector: ColumnVector

    public init(name: String, vector: ColumnVector) {
        self.name = name
        self.vector = vector
    }

    public var type: DataType { vector.type }
    public var count: Int { vector.count }
}
