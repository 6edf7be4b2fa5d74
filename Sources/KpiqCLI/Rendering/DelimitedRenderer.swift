import KpiqEngine

/// CSV (RFC 4180, LF line ends) and TSV: a header row of column names, then raw values.
enum DelimitedRenderer {
    enum Style {
        /// Fields with `,` `"` CR or LF are quoted, quotes doubled. An empty text is written
        /// `""` so that it reads back apart from null, which is an empty field.
        case csv
        /// Tabs, line breaks and backslashes in a field are written `\t` `\n` `\r` `\\`.
        case tsv

        var delimiter: String {
            switch self {
            case .csv: return ","
            case .tsv: return "\t"
            }
        }
    }

    static func render(_ table: ResultTable, style: Style) -> String {
        var output = table.columns.map { field($0.name, style) }.joined(separator: style.delimiter) + "\n"
        for row in 0..<table.rowCount {
            output += table.columns.map { column in
                ValueText.raw(column.vector.value(at: row)).map { field($0, style) } ?? ""
            }.joined(separator: style.delimiter)
            output += "\n"
        }
        return output
    }

    static func field(_ text: String, _ style: Style) -> String {
        switch style {
        case .csv:
            let needsQuotes = text.isEmpty || text.unicodeScalars.contains { "\",\r\n".unicodeScalars.contains($0) }
            guard needsQuotes else { return text }
            return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
        case .tsv:
            return text.escapingScalars { scalar in
                switch scalar {
                case "\t": return "\\t"
                case "\n": return "\\n"
                case "\r": return "\\r"
                case "\\": return "\\\\"
                default: return nil
                }
            }
        }
    }
}
