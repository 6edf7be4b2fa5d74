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
        /// A KPI's target (`k_target`), in the KPI's format.
        case target
        /// Where a KPI stands against its target (`k_status`): `on_track`, `at_risk`,
        /// `off_track`, or null; shown as coloured symbols on a terminal.
        case status
        /// A KPI's values over periods (`trend month`), as numbers separated by spaces (`-` for
        /// none); shown as a sparkline on a terminal.
        case trend
        /// A raw column of `show`, or a line of `describe`.
        case field
    }

    public struct Column: Sendable {
        public var name: String
        public var vector: ColumnVector
        public var role: Role
        public var format: ValueFormat
        /// For a change column of a KPI whose target says lower is better (`target <= 4h`):
        /// a fall is good news, coloured as a rise is for other KPIs.
        public var lowerIsBetter = false
        /// Whole numbers that name something rather than count it (a year from `year(d)`, a
        /// month's number): shown without thousands separators, as group keys are.
        public var isLabel = false

        /// Whether a column's name says its whole numbers name something: a word of its
        /// snake_case form is `year`, `id`, `code` or `zip` (`year_established`, `customerId`,
        /// `zip code`), not `years` or `identity`.
        public static func nameReadsAsLabel(_ name: String) -> Bool {
            NameMatching.snakeCase(name).split(separator: "_").contains { ["year", "id", "code", "zip"].contains($0) }
        }

        public init(name: String, vector: ColumnVector, role: Role, format: ValueFormat = .automatic) {
            self.name = name
            self.vector = vector
            self.role = role
            self.format = format
        }
    }

    /// How a person-facing renderer may lay the result out; machine formats ignore it.
    public enum Presentation: Sendable {
        /// One column per result column.
        case table
        /// A scorecard of these KPIs: each KPI's value, target, change and status may share a cell.
        case scorecard(kpis: [String])
        /// A chart of the measures over the one group key (`kpi revenue by month chart`).
        case chart
    }

    public var columns: [Column]
    public var rowCount: Int
    /// Lines shown under the table: how a period resolved, how many rows matched.
    public var caption: [String]
    public var presentation: Presentation = .table

    public init(columns: [Column], rowCount: Int, caption: [String] = []) {
        self.columns = columns
        self.rowCount = rowCount
        self.caption = caption
    }
}

extension ResultTable {
    /// The first `count` rows; the table itself when it has no more. The caption's last line,
    /// `N rows · ...`, says how many of how many are shown.
    public func limited(to count: Int) -> ResultTable {
        guard count < rowCount else { return self }
        let kept = (0..<Int32(count)).map { $0 }
        var cut = self
        cut.columns = columns.map { column in
            var shortened = column
            shortened.vector = column.vector.gather(kept)
            return shortened
        }
        cut.rowCount = count
        if let last = caption.indices.last, let separator = caption[last].range(of: " · ") {
            cut.caption[last] = "\(Formatting.thousands(count)) of \(Formatting.count(rowCount, "row"))" + caption[last][separator.lowerBound...]
        }
        return cut
    }
}
