import KpiqEngine

/// JSON: an array with one object a line (`[]` when there are no rows); jsonl: one object a
/// line and nothing else. Keys are the column names in column order.
///
/// Numbers are JSON numbers at full precision, booleans JSON booleans, null `null`, and
/// dates, timestamps and periods strings as `ValueText.raw` writes them.
enum JSONRenderer {
    static func render(_ table: ResultTable, lines: Bool) -> String {
        let keys = table.columns.map { string($0.name) + ":" }
        let objects = (0..<table.rowCount).map { row in
            "{" + table.columns.indices.map { keys[$0] + value(table.columns[$0].vector.value(at: row)) }
                .joined(separator: ",") + "}"
        }
        if lines { return objects.map { $0 + "\n" }.joined() }
        if objects.isEmpty { return "[]\n" }
        return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
    }

    static func value(_ value: Value) -> String {
        guard let raw = ValueText.raw(value) else { return "null" }
        switch value {
        case .integer, .decimal, .boolean: return raw
        case .null, .date, .timestamp, .text, .period: return string(raw)
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest
    /// as UTF-8.
    static func string(_ text: String) -> String {
        let escaped = text.escapingScalars { scalar in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case "\u{08}": return "\\b"
            case "\u{0C}": return "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: return nil
            }
        }
        return "\"" + escaped + "\""
    }
}
