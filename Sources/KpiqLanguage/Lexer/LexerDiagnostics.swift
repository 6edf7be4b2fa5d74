/// The wording of every problem the lexer reports, kept in one place.
enum LexerDiagnostics {
    static func unexpectedCharacters(_ text: String, at span: Span) -> Diagnostic {
        let shown = text.unicodeScalars.map(visible).joined()
        let noun = text.unicodeScalars.count == 1 ? "character" : "characters"
        var hints: [String] = []
        switch text {
        case "!": hints = ["did you mean `!=`?"]
        case "&", "&&": hints = ["write `and` to combine conditions"]
        case "|", "||": hints = ["write `or` for either condition"]
        case "\\": hints = ["a `\\` continues a statement only at the end of a line"]
        default:
            if text.unicodeScalars.contains(where: { "\u{201C}\u{201D}\u{2018}\u{2019}".unicodeScalars.contains($0) }) {
                hints = ["write strings with straight quotes, `\"` or `'`"]
            }
        }
        return .error("unexpected \(noun) `\(shown)`", at: span, hints: hints)
    }

    static func nonASCIIName(_ text: String, at span: Span) -> Diagnostic {
        .error("`\(text)` is not a plain name", at: span, hints: [
            "bare names use ASCII letters, digits and `_`; write `` `\(text)` `` for any other name",
        ])
    }

    static func invalidNumber(_ text: String, at span: Span) -> Diagnostic {
        .error("invalid number `\(text)`", at: span, hints: [
            "a name cannot start with a digit; write `` `\(text)` `` to use it as a name",
        ])
    }

    static func unterminatedString(quote: UInt8, at span: Span) -> Diagnostic {
        let mark = String(decoding: [quote], as: UTF8.self)
        return .error("unterminated string", at: span, hints: ["close it with `\(mark)`"])
    }

    static func unknownEscape(_ escape: String, at span: Span) -> Diagnostic {
        .error("unknown escape `\(escape)` in string", at: span, hints: [
            "the escapes are `\\\\`, `\\\"`, `\\'`, `\\n` and `\\t`; write `\\\\` for a backslash",
        ])
    }

    static func unterminatedQuotedName(at span: Span) -> Diagnostic {
        .error("unterminated quoted name", at: span, hints: ["close it with `` ` `` on the same line"])
    }

    static func emptyQuotedName(at span: Span) -> Diagnostic {
        .error("empty quoted name", at: span)
    }

    // MARK: - Dates and periods

    static func checkDate(year: Int, month: Int, day: Int, text: String, at span: Span) -> Diagnostic? {
        if CivilDate.days(year: year, month: month, day: day) != nil { return nil }
        let hint = (1...12).contains(month)
            ? "\(CivilDate.pad(year, 4))-\(CivilDate.pad(month, 2)) has \(CivilDate.daysInMonth(year: year, month: month)) days"
            : "months are 01 to 12"
        return .error("no such date `\(text)`", at: span, hints: [hint])
    }

    static func checkMonth(_ month: Int, text: String, at span: Span) -> Diagnostic? {
        (1...12).contains(month) ? nil : .error("no such month `\(text)`", at: span, hints: ["months are 01 to 12"])
    }

    static func checkQuarter(_ quarter: Int, text: String, at span: Span) -> Diagnostic? {
        (1...4).contains(quarter) ? nil : .error("no such quarter `\(text)`", at: span, hints: ["quarters are Q1 to Q4"])
    }

    static func checkWeek(year: Int, week: Int, text: String, at span: Span) -> Diagnostic? {
        if CivilDate.mondayOfISOWeek(year: year, week: week) != nil { return nil }
        let weeks = CivilDate.mondayOfISOWeek(year: year, week: 53) == nil ? 52 : 53
        return .error("no such week `\(text)`", at: span, hints: ["\(year) has \(weeks) ISO weeks, W01 to W\(weeks)"])
    }

    /// A scalar as it can be shown in a message: control characters as `U+0000`.
    private static func visible(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        }
        return String(scalar)
    }
}
