import KpiqLanguage

/// The type of a column or of an expression's value.
public enum DataType: Hashable, Sendable, CustomStringConvertible {
    case integer
    case decimal
    case boolean
    /// Days since 1970-01-01.
    case date
    /// Microseconds since 1970-01-01T00:00:00.
    case timestamp
    case text
    /// A calendar period of one grain (`2017-Q3`).
    case period(PeriodGrain)
    /// The type of a bare `null`: fits anywhere.
    case null

    public var description: String {
        switch self {
        case .integer: return "integer"
        case .decimal: return "decimal"
        case .boolean: return "boolean"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .text: return "text"
        case .period(let grain): return grain.rawValue
        case .null: return "null"
        }
    }

    public var isNumeric: Bool { self == .integer || self == .decimal || self == .null }
    public var isTemporal: Bool { self == .date || self == .timestamp }

    /// The type names accepted in `with (types = (col = TYPE))`.
    public static func named(_ name: String) -> DataType? {
        switch name.lowercased() {
        case "integer", "int", "bigint": return .integer
        case "decimal", "double", "number", "float", "numeric": return .decimal
        case "boolean", "bool": return .boolean
        case "date": return .date
        case "timestamp", "datetime": return .timestamp
        case "text", "string", "varchar": return .text
        default: return nil
        }
    }
}
