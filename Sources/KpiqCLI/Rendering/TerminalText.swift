/// Text as a terminal lays it out: how many columns it takes, how to cut it to fit, and how to
/// keep control characters in data from breaking the layout or driving the terminal.
enum TerminalText {
    /// Columns `text` takes on a terminal: 2 for East Asian wide characters and emoji, 0 for
    /// combining marks and format characters, 1 otherwise. Close enough to `wcwidth` for
    /// aligning tables; text is expected to have gone through `escapingControls` first.
    static func width(_ text: String) -> Int {
        // Printable ASCII, most cells: a column per byte, without walking characters.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for character in text { total += width(of: character) }
        return total
    }

    /// `text` cut to at most `limit` columns, ending in `…` when anything was cut.
    static func truncated(_ text: String, toWidth limit: Int) -> String {
        guard width(text) > limit else { return text }
        guard limit > 0 else { return "" }
        var kept = ""
        var used = 0
        for character in text {
            let characterWidth = width(of: character)
            if used + characterWidth > limit - 1 { break }
            kept.append(character)
            used += characterWidth
        }
        return kept + "…"
    }

    /// `text` with line breaks, tabs and other control characters written as visible escapes
    /// (`\n`, `\t`, `\r`, `\u{1B}`) and backslashes left alone, so that a cell stays on one line.
    static func escapingControls(_ text: String) -> String {
        text.escapingScalars { scalar in
            switch scalar {
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case _ where isControl(scalar): return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: return nil
            }
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if first.properties.isEmojiPresentation || character.unicodeScalars.contains("\u{FE0F}") { return 2 }
        return isWide(first.value) ? 2 : 1
    }

    /// The East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F, in outline).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
