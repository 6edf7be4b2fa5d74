import KpiqEngine
import KpiqLanguage

/// Session settings changed with `set name = value`.
public struct Settings: Sendable {
    public var format: OutputFormat = .table
    public var decimals: Int = 2
    /// Colour on a terminal; `auto` honours NO_COLOR and whether output is a terminal.
    public var color: ColorMode = .auto
    public var timer = false
    /// The month fiscal years and quarters start in (1: calendar years).
    public var fiscalYearStart = 1

    public enum ColorMode: String, Sendable { case auto, on, off }

    public init() {}

    /// Every setting with the values it takes, for `help set` and hints.
    public static let descriptions: [(name: String, values: String, meaning: String)] = [
        ("format", OutputFormat.allCases.map(\.rawValue).joined(separator: "|"), "how results are printed"),
        ("decimals", "0..12", "decimal places of numbers in the table format"),
        ("color", "auto|on|off", "colour in the table format and diagnostics"),
        ("timer", "on|off", "print each statement's elapsed time"),
        ("fiscal_year_start", "1..12", "the month years and quarters start in; fiscal years are named by the year they end in"),
    ]

    /// Applies `set name = value`, or says what is wrong.
    mutating func apply(_ statement: SetStatement, source: SourceFile) -> Result<String, Diagnostic> {
        let name = statement.name.name.lowercased()
        let text = Settings.text(of: statement.value)
        func wrong(_ expected: String) -> Result<String, Diagnostic> {
            .failure(Diagnostic(.error, "`\(name)` takes \(expected)", at: statement.value.span, in: source))
        }
        switch name {
        case "format":
            guard let format = text.flatMap({ OutputFormat(rawValue: $0.lowercased()) }) else {
                return wrong(OutputFormat.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "))
            }
            self.format = format
        case "decimals":
            guard let value = text.flatMap({ Int($0) }), (0...12).contains(value) else { return wrong("a whole number from 0 to 12") }
            decimals = value
        case "color", "colour":
            guard let value = text.flatMap(Settings.switchValue) else { return wrong("`on`, `off` or `auto`") }
            color = value == "auto" ? .auto : (value == "on" ? .on : .off)
        case "fiscal_year_start":
            guard let value = text.flatMap({ Int($0) }), (1...12).contains(value) else { return wrong("a month number from 1 (January) to 12") }
            fiscalYearStart = value
        case "timer":
            guard let value = text.flatMap(Settings.switchValue), value != "auto" else { return wrong("`on` or `off`") }
            timer = value == "on"
        default:
            let names = Settings.descriptions.map(\.name)
            return .failure(Diagnostic(.error, "unknown setting `\(statement.name.name)`", at: statement.name.span, in: source,
                                       hints: [Suggestions.hint(for: name, in: names) ?? "settings: \(names.map { "`\($0)`" }.joined(separator: ", "))"]))
        }
        return .success("\(name) = \(text ?? "")")
    }

    private static func switchValue(_ text: String) -> String? {
        switch text.lowercased() {
        case "on", "true", "yes", "1": return "on"
        case "off", "false", "no", "0": return "off"
        case "auto": return "auto"
        default: return nil
        }
    }

    static func text(of value: OptionValue) -> String? {
        switch value {
        case .word(let identifier): return identifier.name
        case .literal(.string(let text), _): return text
        case .literal(.integer(let number), _): return String(number)
        case .literal(.boolean(let flag), _): return flag ? "on" : "off"
        case .literal(.decimal(let number), _): return String(number)
        default: return nil
        }
    }
}
