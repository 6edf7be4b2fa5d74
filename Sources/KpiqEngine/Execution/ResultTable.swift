/// How a value is shown in the table format. Machine formats ignore it and print raw values.
public enum ValueFormat: String, Sendable, CaseIterable {
    /// By type: integers with thousands separators, decimals with the session's decimals.
    case automatic
    /// A fraction shown as a percentage (`0.644` → `64.4%`).
    case percent
    /// Two decimals with thousands separators.
    case money
    /// Thousands separators and the session's decimals.
    case number
    /// Rounded to a whole number.
    case integer
    /// A number of days, one decimal.
    case days
}

/// The rows a statement produced, column by column.
public struct ResultTable: Sendable {
    public enum Role: Sendable {
        /// A group key (`manager`, `quarter`).
        case key
        /// A KPI or ad hoc aggregate.
        case measure
        /// The change of a KPI against an earlier period (`vs`): shown with arrows and colour.
        case change
        /// A raw column of `show`, or a line of `describe`.
        case field
    }

    public struct Column: Sendable {
        public var name: String
        public var vector: ColumnVector
        public var role: Role
        public var format: ValueFormat

        public init(name: String, vector: ColumnVector, role: Role, format: ValueFormat = .automatic) {
            self.name = name
            self.vector = vector
            self.role = role
            self.format = format
        }
    }

    public var columns: [Column]
    public var rowCount: Int
    /// Lines shown under the table: how a period resolved, how many rows matched.
    public var caption: [String]

    public init(columns: [Column], rowCount: Int, caption: [String] = []) {
        self.columns = columns
        self.rowCount = rowCount
        self.caption = caption
    }
}
