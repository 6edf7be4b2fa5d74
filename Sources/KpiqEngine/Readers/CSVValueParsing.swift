#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KpiqLanguage

/// The date orders a value can be read in, as a bit set: a column keeps the intersection of its
/// values' sets, so `3/4/2020` (either order) narrows nothing and `13/4/2020` narrows to dmy.
struct DateOrders: OptionSet, Sendable {
    let rawValue: UInt8
    static let ymd = DateOrders(rawValue: 1)
    static let mdy = DateOrders(rawValue: 2)
    static let dmy = DateOrders(rawValue: 4)
    static let all: DateOrders = [.ymd, .mdy, .dmy]

    /// The orders a file may use under a `date_format` option: ISO dates are always read.
    init(allowing format: DateFormat?) {
        switch format {
        case nil: self = .all
        case .ymd: self = .ymd
        case .mdy: self = [.ymd, .mdy]
        case .dmy: self = [.ymd, .dmy]
        }
    }

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The order a column settles on: ambiguous slash dates are read month first.
    var chosen: DateFormat {
        if contains(.ymd) { return .ymd }
        if contains(.mdy) { return .mdy }
        return .dmy
    }
}

/// A date or timestamp as written, before the column's date order is known.
///
/// `packed` is `year * 10000 + first * 100 + second`, where first and second are the month and
/// day in the order written (month first for ISO dates).
struct TemporalValue {
    var packed: Int32
    /// Microseconds since midnight; 0 for a date.
    var micros: Int64
    var orders: DateOrders
    var hasTime: Bool
}

/// Parsers from raw bytes to values, allocation-free. A field is `(pointer, count)`.
enum CSVScalar {
    static let space: UInt8 = 0x20

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// The field without leading and trailing ASCII spaces.
    @inline(__always)
    static func trimmed(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UnsafePointer<UInt8>, Int) {
        var start = 0
        var end = n
        while start < end, p[start] == space { start += 1 }
        while end > start, p[end - 1] == space { end -= 1 }
        return (p + start, end - start)
    }

    // MARK: Integers

    enum IntegerResult {
        case value(Int64)
        /// Digits only, but too many for an Int64: a decimal.
        case overflow
        case invalid
    }

    /// `[+-]digits`; with `strict`, a leading zero (`007`) is not an integer.
    @inline(__always)
    static func parseInteger(_ p: UnsafePointer<UInt8>, _ n: Int, strict: Bool) -> IntegerResult {
        guard n > 0 else { return .invalid }
        var i = 0
        var negative = false
        if p[0] == 0x2D || p[0] == 0x2B {
            negative = p[0] == 0x2D
            i = 1
            guard n > 1 else { return .invalid }
        }
        if strict, p[i] == 0x30, n - i > 1 { return .invalid }
        if n - i <= 18 {
            // Up to 18 digits never overflow.
            var value: Int64 = 0
            while i < n {
                let digit = p[i] &- 0x30
                guard digit < 10 else { return .invalid }
                value = value &* 10 &+ Int64(digit)
                i += 1
            }
            return .value(negative ? -value : value)
        }
        // Accumulate as a negative number so that Int64.min parses.
        var value: Int64 = 0
        var overflow = false
        while i < n {
            let digit = p[i] &- 0x30
            guard digit < 10 else { return .invalid }
            if !overflow {
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.subtractingReportingOverflow(Int64(digit))
                if o1 || o2 { overflow = true } else { value = next }
            }
            i += 1
        }
        if overflow { return .overflow }
        if negative { return .value(value) }
        if value == .min { return .overflow }
        return .value(-value)
    }

    // MARK: Decimals

    private static let exactPowersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// `[+-](digits[.digits*]|.digits)[(e|E)[+-]digits]`, correctly rounded; nil when the syntax
    /// does not match or the value is not finite. With `strict`, `007.5` (leading zero) is refused.
    static func parseDecimal(_ p: UnsafePointer<UInt8>, _ n: Int, strict: Bool) -> Double? {
        if let value = parsePlainDecimal(p, n) { return value }
        return parseAnyDecimal(p, n, strict: strict)
    }

    /// `[+-]digits[.digits]` with at most 15 digits and no leading zero, the common case of
    /// `parseDecimal`, which reads it the same way (Clinger's fast path: the digits are exact in
    /// a Double, and so is the power of ten); nil for anything else.
    @inline(__always)
    static func parsePlainDecimal(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n > 0, n <= 17 else { return nil }
        var i = 0
        let negative = p[0] == 0x2D
        if negative || p[0] == 0x2B { i = 1 }
        let integerStart = i
        var mantissa: UInt64 = 0
        while i < n, p[i] &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
            i += 1
        }
        let integerDigits = i - integerStart
        // A leading zero (`007`, `01.5`) is for the general parser to judge.
        guard integerDigits <= 1 || p[integerStart] != 0x30 else { return nil }
        var fractionDigits = 0
        if i < n, p[i] == 0x2E {
            i += 1
            let fractionStart = i
            while i < n, p[i] &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
                i += 1
            }
            fractionDigits = i - fractionStart
        }
        guard i == n, integerDigits + fractionDigits > 0, integerDigits + fractionDigits <= 15 else { return nil }
        let value = Double(mantissa) / exactPowersOf10[fractionDigits]
        return negative ? -value : value
    }

    private static func parseAnyDecimal(_ p: UnsafePointer<UInt8>, _ n: Int, strict: Bool) -> Double? {
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == 0x2D || p[0] == 0x2B {
            negative = p[0] == 0x2D
            i = 1
        }
        var digits = DecimalDigits()
        let integerStart = i
        digits.read(p, n, &i, fraction: false)
        let integerDigits = i - integerStart
        if strict, integerDigits > 1, p[integerStart] == 0x30 { return nil }
        var fractionDigits = 0
        if i < n, p[i] == 0x2E {
            i += 1
            let fractionStart = i
            digits.read(p, n, &i, fraction: true)
            fractionDigits = i - fractionStart
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if i < n, p[i] | 0x20 == 0x65 {
            i += 1
            var exponentNegative = false
            if i < n, p[i] == 0x2D || p[i] == 0x2B {
                exponentNegative = p[i] == 0x2D
                i += 1
            }
            let exponentStart = i
            var written = 0
            while i < n, isDigit(p[i]) {
                if written < 100_000 { written = written * 10 + Int(p[i] &- 0x30) }
                i += 1
            }
            guard i > exponentStart else { return nil }
            digits.exponent += exponentNegative ? -written : written
        }
        guard i == n else { return nil }
        let (mantissa, exponent, truncated) = (digits.mantissa, digits.exponent, digits.truncated)
        if mantissa == 0 && !truncated { return negative ? -0.0 : 0.0 }
        // Clinger's fast path: an exact mantissa and an exact power of ten round once.
        if !truncated, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / exactPowersOf10[-exponent] : value * exactPowersOf10[exponent]
            return negative ? -value : value
        }
        let value = slowParseDouble(p, n)
        return value.isFinite ? value : nil
    }

    /// The first 19 significant digits of a decimal and the power of ten they are scaled by.
    private struct DecimalDigits {
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        /// A nonzero digit past the 19th was dropped.
        var truncated = false

        @inline(__always)
        mutating func read(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, fraction: Bool) {
            while i < n, isDigit(p[i]) {
                let digit = UInt64(p[i] &- 0x30)
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    if mantissa != 0 { significant += 1 }
                    if fraction { exponent -= 1 }
                } else {
                    if !fraction { exponent += 1 }
                    if digit != 0 { truncated = true }
                }
                i += 1
            }
        }
    }

    /// strtod on a NUL-terminated copy (glibc's strtod rounds correctly).
    private static func slowParseDouble(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer in
            for index in 0..<n { buffer[index] = CChar(bitPattern: p[index]) }
            buffer[n] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    // MARK: Booleans

    /// `true` / `false`, case-insensitive; with `lenient` (a forced boolean column) also
    /// `t`/`f`, `yes`/`no`, `y`/`n`, `1`/`0`.
    @inline(__always)
    static func parseBoolean(_ p: UnsafePointer<UInt8>, _ n: Int, lenient: Bool = false) -> Bool? {
        if n == 4, p[0] | 0x20 == 0x74, p[1] | 0x20 == 0x72, p[2] | 0x20 == 0x75, p[3] | 0x20 == 0x65 { return true }
        if n == 5, p[0] | 0x20 == 0x66, p[1] | 0x20 == 0x61, p[2] | 0x20 == 0x6C, p[3] | 0x20 == 0x73,
            p[4] | 0x20 == 0x65
        {
            return false
        }
        guard lenient else { return nil }
        switch lowercasedASCII(p, n) {
        case "t", "yes", "y", "1": return true
        case "f", "no", "n", "0": return false
        default: return nil
        }
    }

    private static func lowercasedASCII(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        guard n <= 3 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self).lowercased()
    }

    // MARK: Dates and timestamps

    /// Reads 1...`maximum` digits at `i`; nil when there are none or more than `maximum`.
    @inline(__always)
    private static func digits(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, maximum: Int) -> (Int, Int)? {
        let start = i
        var value = 0
        while i < n, isDigit(p[i]) {
            value = value * 10 + Int(p[i] &- 0x30)
            i += 1
            if i - start > maximum { return nil }
        }
        return i > start ? (value, i - start) : nil
    }

    @inline(__always)
    private static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= CivilDate.daysInMonth(year: year, month: month)
    }

    /// A date (`YYYY-MM-DD`, `YYYY/MM/DD`, `M/D/YYYY`, `D/M/YYYY`, `M-D-YYYY`, `D.M.YYYY`),
    /// optionally followed by ` ` or `T`, `H:MM[:SS[.ffffff]]` and `Z`.
    static func parseTemporal(_ p: UnsafePointer<UInt8>, _ n: Int) -> TemporalValue? {
        guard n >= 8, isDigit(p[0]) else { return nil }
        var i = 0
        guard let (first, firstCount) = digits(p, n, &i, maximum: 4), i < n else { return nil }
        let separator = p[i]
        guard separator == 0x2D || separator == 0x2F || separator == 0x2E else { return nil }
        i += 1
        guard let (second, _) = digits(p, n, &i, maximum: 2), i < n, p[i] == separator else { return nil }
        i += 1
        guard let (third, thirdCount) = digits(p, n, &i, maximum: 4) else { return nil }
        var orders: DateOrders = []
        let packed: Int
        if firstCount == 4 {
            guard separator != 0x2E, thirdCount <= 2, isValidDate(year: first, month: second, day: third) else {
                return nil
            }
            orders = .ymd
            packed = first * 10_000 + second * 100 + third
        } else {
            guard firstCount <= 2, thirdCount == 4 else { return nil }
            if separator != 0x2E, isValidDate(year: third, month: first, day: second) { orders.insert(.mdy) }
            if isValidDate(year: third, month: second, day: first) { orders.insert(.dmy) }
            guard !orders.isEmpty else { return nil }
            packed = third * 10_000 + first * 100 + second
        }
        if i == n { return TemporalValue(packed: Int32(packed), micros: 0, orders: orders, hasTime: false) }
        guard p[i] == 0x20 || p[i] == 0x54 else { return nil }
        i += 1
        guard let (hour, _) = digits(p, n, &i, maximum: 2), hour <= 23, i < n, p[i] == 0x3A else { return nil }
        i += 1
        guard let (minute, minuteCount) = digits(p, n, &i, maximum: 2), minuteCount == 2, minute <= 59 else {
            return nil
        }
        var micros = Int64(hour * 3600 + minute * 60) * 1_000_000
        if i < n, p[i] == 0x3A {
            i += 1
            guard let (second, secondCount) = digits(p, n, &i, maximum: 2), secondCount == 2, second <= 59 else {
                return nil
            }
            micros += Int64(second) * 1_000_000
            if i < n, p[i] == 0x2E {
                i += 1
                let start = i
                var fraction: Int64 = 0
                while i < n, isDigit(p[i]) {
                    if i - start < 6 { fraction = fraction * 10 + Int64(p[i] &- 0x30) }
                    i += 1
                }
                let count = i - start
                guard count >= 1, count <= 9 else { return nil }
                for _ in min(count, 6)..<6 { fraction *= 10 }
                micros += fraction
            }
        }
        if i < n, p[i] == 0x5A { i += 1 }
        guard i == n else { return nil }
        return TemporalValue(packed: Int32(packed), micros: micros, orders: orders, hasTime: true)
    }

    /// `YYYY-MM-DD` exactly, as days since 1970-01-01; nil for anything else (which may still be a
    /// date: see `parseTemporal`, which reads the same dates the same way).
    @inline(__always)
    static func parseISODate(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        guard n == 10 else { return nil }
        // Eight bytes `YYYY-MM-` and two `DD`, a byte's digit in its low bits once xored with '0'.
        let raw = UnsafeRawPointer(p)
        let head = raw.loadUnaligned(as: UInt64.self) ^ 0x3030_3030_3030_3030
        let tail = UInt64(raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)) ^ 0x3030
        // The dashes, and every other byte below 10 (adding 0x76 sets the top bit of a byte of
        // 10 or more; one of 0x80 or more has it already).
        guard head & 0xFF00_00FF_0000_0000 == 0x1D00_001D_0000_0000,
              ((head &+ 0x7676_7676_7676_7676) | head) & 0x0080_8000_8080_8080 == 0,
              ((tail &+ 0x7676) | tail) & 0x8080 == 0
        else { return nil }
        let pairs = ((head & 0x0F0F_0F0F) &* 10 &+ ((head & 0x0F0F_0F0F) >> 8)) & 0x00FF_00FF
        let year = Int((pairs & 0xFF) * 100 + (pairs >> 16))
        let month = Int(((head >> 40) & 0xFF) * 10 + ((head >> 48) & 0xFF))
        let day = Int((tail & 0xFF) * 10 + (tail >> 8))
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return Int32(truncatingIfNeeded: CivilDate.daysUnchecked(year: year, month: month, day: day))
    }

    /// `CivilDate.daysInMonth`, inlined.
    @inline(__always)
    static func daysInMonth(year: Int, month: Int) -> Int {
        if month == 2 { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28 }
        // 31 for January to July when odd and for August to December when even.
        return 30 + ((month ^ (month >> 3)) & 1)
    }

    /// Days since 1970-01-01 of a packed date read in `format`.
    @inline(__always)
    static func days(packed: Int32, format: DateFormat) -> Int32 {
        let year = Int(packed / 10_000)
        let first = Int(packed / 100 % 100)
        let second = Int(packed % 100)
        let (month, day) = format == .dmy ? (second, first) : (first, second)
        return Int32(truncatingIfNeeded: CivilDate.daysUnchecked(year: year, month: month, day: day))
    }

    static let microsPerDay: Int64 = 86_400_000_000
}
