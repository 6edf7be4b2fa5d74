import KpiqEngine
import KpiqLanguage

/// Reads `load ... with (option = value, ...)` into reader options.
enum LoadOptions {
    static let names = ["delimiter", "header", "types", "date_format", "nulls", "on_error"]

    static func csvOptions(_ options: [Option], source: SourceFile) -> Result<CSVOptions, DiagnosticList> {
        var result = CSVOptions()
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ span: Span, _ hint: String? = nil) {
            problems.append(Diagnostic(.error, message, at: span, in: source, hints: hint.map { [$0] } ?? []))
        }
        for option in options {
            let value = option.value
            switch option.name.name.lowercased() {
            case "delimiter", "delim", "sep":
                let text = Settings.text(of: value)
                let named: [String: String] = ["tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"]
                let delimiter = text.flatMap { named[$0.lowercased()] ?? $0 }
                guard let delimiter, delimiter.utf8.count == 1 else {
                    problem("`delimiter` takes one character, such as \";\" or tab", value.span); continue
                }
                result.delimiter = delimiter.utf8.first
            case "header":
                guard let text = Settings.text(of: value), let flag = ["true": true, "on": true, "yes": true, "false": false, "off": false, "no": false][text.lowercased()] else {
                    problem("`header` takes true or false", value.span); continue
                }
                result.header = flag
            case "types":
                guard case .options(let entries, _) = value else {
                    problem("`types` takes a list such as (id = text, amount = decimal)", value.span); continue
                }
                for entry in entries {
                    guard let name = Settings.text(of: entry.value), let type = DataType.named(name) else {
                        problem("unknown type", entry.value.span, "types: integer, decimal, boolean, date, timestamp, text"); continue
                    }
                    result.types[entry.name.name] = type
                }
            case "date_format", "dateformat":
                guard let text = Settings.text(of: value), let format = DateFormat(pattern: text) else {
                    problem("unknown date format", value.span, "use \"YYYY-MM-DD\", \"MM/DD/YYYY\" or \"DD.MM.YYYY\""); continue
                }
                result.dateFormat = format
            case "nulls", "null", "null_markers":
                switch value {
                case .list(let items, _): result.nullMarkers = [""] + items.compactMap(Settings.text(of:))
                default:
                    guard let text = Settings.text(of: value) else { problem("`nulls` takes a string or a list of strings", value.span); continue }
                    result.nullMarkers = ["", text]
                }
            case "on_error":
                guard let text = Settings.text(of: value), ["skip", "fail"].contains(text.lowercased()) else {
                    problem("`on_error` takes `skip` or `fail`", value.span); continue
                }
                result.skipMalformedRows = text.lowercased() == "skip"
            default:
                problem("unknown load option `\(option.name.name)`", option.name.span,
                        Suggestions.hint(for: option.name.name, in: names) ?? "options: \(names.joined(separator: ", "))")
            }
        }
        return problems.isEmpty ? .success(result) : .failure(DiagnosticList(problems))
    }
}
