import KpiqEngine
import KpiqLanguage

/// `--fail-on at_risk|off_track`: a result row whose status is at or below that level is an
/// alert, listed on stderr as it comes; the command line exits with status 3 when there was one.
extension Session {
    /// Whether `text` names a level for `--fail-on`: `at_risk` or `off_track` (a dash works
    /// as the underscore).
    public static func isFailOnLevel(_ text: String) -> Bool { failOnLevel(text) != nil }

    static func failOnLevel(_ text: String) -> TargetStatus? {
        guard let status = TargetStatus(rawValue: text.lowercased().replacingAll("-", with: "_")), status != .onTrack else { return nil }
        return status
    }

    /// Sets the `--fail-on` level; false when `text` names none.
    @discardableResult
    public func setFailOn(_ text: String) -> Bool {
        failOn = Self.failOnLevel(text)
        return failOn != nil
    }

    /// What the alerts came to, for the last line on stderr; nil when there were none.
    public var alertSummary: String? {
        guard alertCount > 0, let failOn else { return nil }
        let rows = alertCount == 1 ? "1 result row is" : "\(alertCount) result rows are"
        return "\(rows) \(failOn == .offTrack ? "off track" : "at risk or off track") (--fail-on \(failOn.rawValue))"
    }

    /// Lists the rows of `table` whose status is at or below `failOn` and counts them.
    func raiseAlerts(_ table: ResultTable) {
        guard let failOn else { return }
        let formatted = table.columns.map { FormattedColumn($0, rowCount: table.rowCount, decimals: settings.decimals) }
        let keys = table.columns.indices.filter { table.columns[$0].role == .key }
        for column in table.columns where column.role == .status {
            let kpiName = column.name.hasSuffix("_status") ? String(column.name.dropLast("_status".count)) : column.name
            let valueIndex = table.columns.firstIndex { $0.name == kpiName && $0.role == .measure }
            let targetIndex = table.columns.firstIndex { $0.name == kpiName + "_target" && $0.role == .target }
            for row in 0..<table.rowCount {
                guard case .text(let raw) = column.vector.value(at: row), let status = TargetStatus(rawValue: raw),
                      status >= failOn else { continue }
                alertCount += 1
                var line = "\(kpiName) is \(status.rawValue.replacingAll("_", with: " "))"
                if !keys.isEmpty {
                    line += " for " + keys.map { "\(table.columns[$0].name) = \(formatted[$0].cells[row].text)" }.joined(separator: ", ")
                }
                var numbers: [String] = []
                if let valueIndex { numbers.append(formatted[valueIndex].cells[row].text) }
                if let targetIndex { numbers.append("target \(formatted[targetIndex].cells[row].text)") }
                if !numbers.isEmpty { line += ": " + numbers.joined(separator: ", ") }
                let label = colorMessages ? (status == .offTrack ? "\u{1B}[1;31malert:\u{1B}[0m " : "\u{1B}[1;33malert:\u{1B}[0m ") : "alert: "
                messages.write(label + line + "\n")
            }
        }
    }
}
