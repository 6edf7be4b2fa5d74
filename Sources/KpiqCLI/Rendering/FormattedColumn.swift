import KpiqEngine

/// One column of a result as the human formats (table, markdown) show it: formatted cell text
/// with what the layout and the colors need to know about each cell.
struct FormattedColumn {
    enum Alignment { case left, right }

    struct Cell {
        var text: String
        var isNull: Bool
        /// A negative measure, shown in red on a color terminal.
        var isNegativeMeasure: Bool
        /// A rise against an earlier period, shown in green on a color terminal.
        var isPositiveChange = false
        /// A KPI's status against its target, shown as a coloured symbol.
        var status: TargetStatus? = nil
    }

    var header: String
    var alignment: Alignment
    var role: ResultTable.Role
    /// Whether the column holds text, which may be cut to fit a narrow terminal (numbers,
    /// dates and periods never are).
    var holdsText: Bool
    var cells: [Cell]

    /// Numbers and measures are right-aligned, everything else left-aligned; a measure that
    /// holds text (`max(deal_stage)`) reads as a label, left-aligned. Text has its control
    /// characters escaped so that every cell stays on one line.
    init(_ column: ResultTable.Column, rowCount: Int, decimals: Int) {
        header = TerminalText.escapingControls(column.name)
        role = column.role
        holdsText = column.vector.type == .text
        let isNumeric = column.vector.type == .integer || column.vector.type == .decimal
        let isMeasure = column.role == .measure || column.role == .change || column.role == .target
        alignment = isNumeric || (isMeasure && !holdsText) ? .right : .left
        cells = (0..<rowCount).map { row in
            let value = column.vector.value(at: row)
            // Whole-number group keys and calendar numbers (`year(d)`) are labels (a year, a
            // code), not amounts: no separators.
            let isLabel = (column.role == .key || column.isLabel) && column.vector.type == .integer && column.format == .automatic
            var text = isLabel ? (ValueText.raw(value) ?? ValueText.nullText) : ValueText.formatted(value, column.format, decimals: decimals)
            let number = value.doubleValue
            if column.role == .change, let number {
                // The arrow carries the direction; the number its size.
                let size = ValueText.formatted(number < 0 ? Self.negated(value) : value, column.format, decimals: decimals)
                text = (number > 0 ? "▲ " : number < 0 ? "▼ " : "= ") + size
            }
            if column.role == .trend {
                let series: [Double?] = if case .text(let raw) = value { Sparkline.values(raw) } else { [] }
                return Cell(text: series.isEmpty ? ValueText.nullText : Sparkline.text(series), isNull: series.isEmpty, isNegativeMeasure: false)
            }
            if column.role == .status {
                let status: TargetStatus? = if case .text(let raw) = value { TargetStatus(rawValue: raw) } else { nil }
                return Cell(text: status.map(Self.statusText) ?? ValueText.nullText, isNull: value.isNull,
                            isNegativeMeasure: false, status: status)
            }
            return Cell(
                text: TerminalText.escapingControls(text),
                isNull: value.isNull,
                // A change is good news when it goes the way the KPI's target wants: up, unless lower is better.
                isNegativeMeasure: (column.role == .measure && number != nil && text.hasPrefix("-"))
                    || (column.role == .change && text.hasPrefix(column.lowerIsBetter ? "▲" : "▼")),
                isPositiveChange: column.role == .change && text.hasPrefix(column.lowerIsBetter ? "▼" : "▲")
            )
        }
    }

    /// `✓ on track`, `! at risk`, `✗ off track`: a symbol that reads without colour too.
    static func statusText(_ status: TargetStatus) -> String {
        switch status {
        case .onTrack: return "✓ on track"
        case .atRisk: return "! at risk"
        case .offTrack: return "✗ off track"
        }
    }

    private static func negated(_ value: Value) -> Value {
        switch value {
        case .integer(let number): return .integer(number == .min ? number : -number)
        case .decimal(let number): return .decimal(-number)
        default: return value
        }
    }

    /// The widest cell or the header, in terminal columns.
    var naturalWidth: Int {
        cells.reduce(TerminalText.width(header)) { max($0, TerminalText.width($1.text)) }
    }

    /// `text` padded with spaces to `width` columns on the side the alignment asks for.
    func padded(_ text: String, to width: Int) -> String {
        let padding = String(repeating: " ", count: max(0, width - TerminalText.width(text)))
        return alignment == .left ? text + padding : padding + text
    }
}
