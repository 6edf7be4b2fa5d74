/// Numbers, percents, durations, dates and periods.
///
/// A date or period is recognised before a number: four digits, a dash and then `MM-DD`, `MM`,
/// `Qn` or `Wnn`, with no spaces. So `2017-07` is July 2017, while `2017 - 7` is a subtraction.
extension Lexer {
    /// Letters that turn a number into a duration, with their length in seconds.
    static let durationUnits: [UInt8: Double] = [
        UInt8(ascii: "s"): 1, UInt8(ascii: "m"): 60, UInt8(ascii: "h"): 3_600,
        UInt8(ascii: "d"): 86_400, UInt8(ascii: "w"): 604_800,
    ]

    /// At a digit, or at a `.` followed by a digit.
    mutating func scanNumber() -> Token {
        let start = position
        if let period = scanDateOrPeriod() { return period }
        var isDecimal = false
        skipDigits()
        if peek() == .dot, let next = peek(1), next.isDigit {
            isDecimal = true
            position += 1
            skipDigits()
        }
        if peek() == .lowerE || peek() == .upperE {
            let signLength = (peek(1) == .plus || peek(1) == .minus) ? 1 : 0
            if let digit = peek(1 + signLength), digit.isDigit {
                isDecimal = true
                position += 1 + signLength
                skipDigits()
            }
        }
        let numberEnd = position
        var kind: TokenKind = isDecimal ? .decimal : .integer
        if peek() == .percent {
            position += 1
            kind = .percent
        } else if let unit = peek(), Self.durationUnits[unit] != nil, !(peek(1)?.isWordPart ?? false) {
            position += 1
            kind = .duration
        }
        if let next = peek(), next.isWordPart {
            while let next = peek(), next.isWordPart { position += 1 }
            return errorToken(from: start, LexerDiagnostics.invalidNumber(text(start, position), at: Span(start, position)))
        }
        // A percent's text is the number alone; the parser divides it by 100.
        let tokenText = kind == .percent ? text(start, numberEnd) : text(start, position)
        return Token(kind, tokenText, Span(start, position))
    }

    /// Digits, with single underscores allowed between two digits (`1_000`).
    private mutating func skipDigits() {
        while let byte = peek() {
            if byte.isDigit {
                position += 1
            } else if byte == .underscore, position > 0, bytes[position - 1].isDigit,
                      let next = peek(1), next.isDigit {
                position += 1
            } else {
                return
            }
        }
    }

    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY-Wnn` at the cursor; nil (cursor unmoved)
    /// when the text is not shaped like one.
    private mutating func scanDateOrPeriod() -> Token? {
        let start = position
        guard (0..<4).allSatisfy({ peek($0)?.isDigit ?? false }), peek(4) == .minus,
              let marker = peek(5) else { return nil }
        let year = digitValue(start, start + 4)
        let end: Int
        let check: (String, Span) -> Diagnostic?
        let kind: TokenKind
        if marker.isDigit {
            guard peek(6)?.isDigit ?? false else { return nil }
            let month = digitValue(start + 5, start + 7)
            if peek(7) == .minus, peek(8)?.isDigit ?? false, peek(9)?.isDigit ?? false {
                end = start + 10
                kind = .date
                let day = digitValue(start + 8, start + 10)
                check = { LexerDiagnostics.checkDate(year: year, month: month, day: day, text: $0, at: $1) }
            } else {
                end = start + 7
                kind = .period(.month)
                check = { LexerDiagnostics.checkMonth(month, text: $0, at: $1) }
            }
        } else if marker == .upperQ || marker == .lowerQ || marker == .upperW || marker == .lowerW {
            var digitsEnd = start + 6
            while digitsEnd < bytes.count, bytes[digitsEnd].isDigit { digitsEnd += 1 }
            guard digitsEnd > start + 6 else { return nil }
            end = digitsEnd
            let number = end - start - 6 > 2 ? Int.max : digitValue(start + 6, end)
            if marker == .upperQ || marker == .lowerQ {
                kind = .period(.quarter)
                check = { LexerDiagnostics.checkQuarter(number, text: $0, at: $1) }
            } else {
                kind = .period(.week)
                check = { LexerDiagnostics.checkWeek(year: year, week: number, text: $0, at: $1) }
            }
        } else {
            return nil
        }
        if end < bytes.count, bytes[end].isWordPart { return nil }
        position = end
        let span = Span(start, end)
        if let problem = check(text(start, end), span) {
            return errorToken(from: start, problem)
        }
        return makeToken(kind, from: start)
    }

    /// The decimal value of the ASCII digits in `lower..<upper` (at most a few digits).
    private func digitValue(_ lower: Int, _ upper: Int) -> Int {
        bytes[lower..<upper].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
