/// The text formats a result can be rendered in.
///
/// `table` and `markdown` are for people: KPI formats applied, numbers rounded and grouped.
/// `csv`, `tsv`, `json` and `jsonl` are for programs: raw values at full precision.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json, jsonl, markdown

    /// The format a file name's extension asks for (`export ... to "wins.md"`), without the dot
    /// and in any case; nil when the extension names no format.
    ///
    /// `md` and `markdown` are markdown, `ndjson` is jsonl, `txt` is the aligned table.
    public init?(fileExtension: String) {
        let name = fileExtension.hasPrefix(".") ? String(fileExtension.dropFirst()) : fileExtension
        switch name.lowercased() {
        case "csv": self = .csv
        case "tsv": self = .tsv
        case "json": self = .json
        case "jsonl", "ndjson": self = .jsonl
        case "md", "markdown": self = .markdown
        case "txt": self = .table
        default: return nil
        }
    }

    /// Whether the format prints raw machine values rather than KPI-formatted text.
    public var isMachineReadable: Bool {
        switch self {
        case .csv, .tsv, .json, .jsonl: return true
        case .table, .markdown: return false
        }
    }
}
