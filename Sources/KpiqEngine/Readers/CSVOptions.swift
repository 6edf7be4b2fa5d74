/// How `CSVReader` reads a file: every field left nil or at its default is detected.
public struct CSVOptions: Sendable {
    /// The field separator; nil detects one of `,` `;` tab `|`.
    public var delimiter: UInt8?
    /// Whether the first record names the columns; nil detects it.
    public var header: Bool?
    /// Column name (as in the header, after renaming of empty and duplicate names) → forced type.
    public var types: [String: DataType]
    /// How slash and dot dates are read; nil detects it per column. ISO dates are always read.
    public var dateFormat: DateFormat?
    /// Cells equal to one of these are null (for typed columns, after trimming spaces).
    public var nullMarkers: [String]
    /// Skip malformed rows (wrong field count, unclosed quote, a cell not of its forced type)
    /// instead of failing; they are listed in `LoadedTable.skippedRows`.
    public var skipMalformedRows: Bool

    public init() {
        delimiter = nil
        header = nil
        types = [:]
        dateFormat = nil
        nullMarkers = ["", "NA", "N/A", "null", "NULL"]
        skipMalformedRows = false
    }
}

/// The order of day, month and year in dates written with slashes or dots.
public enum DateFormat: String, Sendable {
    /// `YYYY-MM-DD` (also `YYYY/MM/DD`).
    case ymd
    /// `M/D/YYYY`.
    case mdy
    /// `D.M.YYYY` and `D/M/YYYY`.
    case dmy

    /// Accepts the case names and patterns such as `YYYY-MM-DD`, `MM/DD/YYYY`, `M/D/YYYY`,
    /// `DD.MM.YYYY`, `D/M/YYYY` (case-insensitive).
    public init?(pattern: String) {
        let lowered = pattern.lowercased()
        if lowered == "iso" {
            self = .ymd
            return
        }
        if let format = DateFormat(rawValue: lowered) {
            self = format
            return
        }
        // Reduce a pattern to the order of its y, m and d runs: "dd.mm.yyyy" → "dmy".
        var order = ""
        var separators = Set<Character>()
        for character in lowered {
            switch character {
            case "y", "m", "d":
                if order.last != character { order.append(character) }
            case "-", "/", ".":
                separators.insert(character)
            default:
                return nil
            }
        }
        guard separators.count == 1, order.count == 3, let format = DateFormat(rawValue: order) else { return nil }
        self = format
    }

    /// The format as a pattern, for messages.
    public var pattern: String {
        switch self {
        case .ymd: return "YYYY-MM-DD"
        case .mdy: return "M/D/YYYY"
        case .dmy: return "D/M/YYYY"
        }
    }
}

/// A CSV file read into columns.
public struct LoadedTable: Sendable {
    /// Names exactly as in the header (BOM stripped); without a header `column1`, `column2`, ...;
    /// an empty header cell becomes `columnN`, a repeated name `name_2`, `name_3`.
    public var columns: [Column]
    public var rowCount: Int
    /// Every row that was skipped, in file order.
    public var skippedRows: [SkippedRow]
    public var delimiter: UInt8
    public var hasHeader: Bool

    public init(columns: [Column], rowCount: Int, skippedRows: [SkippedRow], delimiter: UInt8, hasHeader: Bool) {
        self.columns = columns
        self.rowCount = rowCount
        self.skippedRows = skippedRows
        self.delimiter = delimiter
        self.hasHeader = hasHeader
    }
}

/// A row left out under `skipMalformedRows`.
public struct SkippedRow: Sendable, Equatable {
    /// The physical line (1-based) where the record starts.
    public var line: Int
    /// Why it was skipped (`expected 8 fields, found 9`).
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// Why a CSV file could not be read.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole message, with `line N: ` in front when it is about one line.
    public var message: String
    public var line: Int?
    public var hint: String?

    public init(message: String, line: Int? = nil, hint: String? = nil) {
        self.message = message
        self.line = line
        self.hint = hint
    }

    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}
