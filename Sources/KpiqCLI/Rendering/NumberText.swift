/// Fixed-point text for numbers: rounding to a number of decimals and grouping thousands.
///
/// Rounding works on the shortest decimal text that reads back as the same Double (Swift's
/// `description`), half away from zero, so `2.675` shows as `2.68` the way a spreadsheet
/// shows it, not `2.67` as printf would from the binary value 2.67499999….
enum NumberText {
    /// `value` with exactly `decimals` decimals, `,` between groups of three integer digits
    /// when `grouping` is on, and a `-` only when the rounded text is not zero.
    static func fixed(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
        precondition(value.isFinite, "non-finite numbers are rendered as null before this")
        let decimals = max(0, decimals)
        var (integerDigits, fractionDigits) = digits(of: value.magnitude)
        if fractionDigits.count > decimals {
            let roundsUp = fractionDigits[decimals] >= 5
            fractionDigits.removeLast(fractionDigits.count - decimals)
            if roundsUp { increment(&integerDigits, &fractionDigits) }
        }
        fractionDigits += repeatElement(0, count: decimals - fractionDigits.count)
        let isZero = integerDigits.allSatisfy { $0 == 0 } && fractionDigits.allSatisfy { $0 == 0 }
        var text = value < 0 && !isZero ? "-" : ""
        text += group(integerDigits.map { Character(String($0)) }, grouping: grouping)
        if decimals > 0 {
            text += "." + String(fractionDigits.map { Character(String($0)) })
        }
        return text
    }

    /// An integer with `,` between groups of three digits.
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + group(Array(digits), grouping: true)
    }

    /// The integer and fraction digits of a finite, non-negative Double, from its shortest
    /// round-trip description (`2360.9093912222747`, `1e-05`, `1.2345678901234568e+17`).
    /// The integer digits are never empty and have no leading zeros beyond a single `0`.
    static func digits(of magnitude: Double) -> (integer: [UInt8], fraction: [UInt8]) {
        let text = magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1])! : 0
        let mantissa = parts[0]
        let pointOffset = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
            ?? mantissa.count
        let allDigits = mantissa.compactMap { $0.wholeNumberValue.map(UInt8.init) }
        // The decimal point sits after `point` digits of `allDigits` (before them when negative).
        let point = pointOffset + exponent
        var integer: [UInt8]
        var fraction: [UInt8]
        if point <= 0 {
            integer = []
            fraction = Array(repeating: 0, count: -point) + allDigits
        } else if point >= allDigits.count {
            integer = allDigits + Array(repeating: 0, count: point - allDigits.count)
            fraction = []
        } else {
            integer = Array(allDigits[..<point])
            fraction = Array(allDigits[point...])
        }
        if let firstNonZero = integer.firstIndex(where: { $0 != 0 }) {
            integer.removeFirst(firstNonZero)
        } else {
            integer = [0]
        }
        while fraction.last == 0 { fraction.removeLast() }
        return (integer, fraction)
    }

    /// Adds one unit in the last place of `fraction` (or of `integer` when there is no
    /// fraction), carrying as far as needed.
    private static func increment(_ integer: inout [UInt8], _ fraction: inout [UInt8]) {
        for index in fraction.indices.reversed() {
            if fraction[index] < 9 { fraction[index] += 1; return }
            fraction[index] = 0
        }
        for index in integer.indices.reversed() {
            if integer[index] < 9 { integer[index] += 1; return }
            integer[index] = 0
        }
        integer.insert(1, at: 0)
    }

    private static func group(_ digits: [Character], grouping: Bool) -> String {
        guard grouping, digits.count > 3 else { return String(digits) }
        var text = ""
        text.reserveCapacity(digits.count + digits.count / 3)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
