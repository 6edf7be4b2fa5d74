/// Strings and names written back as kpiq source, so that the lexer reads them as they were.
public enum SourceText {
    /// `text` in double quotes, with the lexer's escapes: `say "hi"` → `"say \"hi\""`.
    public static func string(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"", "\\": result += "\\\(character)"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// `name` in backquotes, a backquote inside doubled: `Order Date` → `` `Order Date` ``.
    public static func backquoted(_ name: String) -> String {
        "`" + name.split(separator: "`", omittingEmptySubsequences: false).joined(separator: "``") + "`"
    }

    /// `name` bare when the lexer reads it as one plain name, otherwise backquoted.
    public static func name(_ name: String) -> String {
        let isWord = name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } ?? false
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return isWord && !reservedWords.contains(name.lowercased()) ? name : backquoted(name)
    }
}
