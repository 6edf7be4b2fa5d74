import KpiqLanguage

/// One value, boxed: for results, constants and tests, never for hot loops.
public enum Value: Hashable, Sendable {
    case null
    case integer(Int64)
    case decimal(Double)
    case boolean(Bool)
    case date(Int32)
    case timestamp(Int64)
    case text(String)
    case period(PeriodGrain, Int32)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The value as a Double when it is numeric.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .decimal(let value): return value
        default: return nil
        }
    }
}
