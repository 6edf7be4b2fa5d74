import KpiqEngine
import KpiqLanguage

/// The text of one value: raw for machine formats, formatted for people.
public enum ValueText {
    /// What a human format prints for null.
    public static let nullText = "-"

    /// The value as machine text, exact enough to read back the same value; nil for null.
    ///
    /// Integers plain; decimals as Swift's shortest round-trip text (`0.6443`, `2360.912222`,
    /// `10005534.0`, `1e-05`), `-0.0` as `0`; dates `2017-07-15`; timestamps
    /// `2017-07-15T09:30:00` with `.ffffff` only when there is a fraction; periods by label
    /// (`2017-Q3`); booleans `true`/`false`; text as is. A NaN or infinity, which the engine
    /// should have made null, is null here too rather than text no reader accepts.
    public static func raw(_ value: Value) -> String? {
        switch value {
        case .null: return nil
        case .integer(let integer): return String(integer)
        case .decimal(let decimal):
            guard decimal.isFinite else { return nil }
            return decimal == 0 && decimal.sign == .minus ? "0" : decimal.description
        case .boolean(let boolean): return boolean ? "true" : "false"
        case .date(let days): return CivilDate.isoString(days: Int(days))
        case .timestamp(let microseconds): return timestamp(microseconds, separator: "T")
        case .text(let text): return text
        case .period(let grain, let index): return PeriodIndex.label(index, grain: grain)
        }
    }

    /// The value as the table and markdown formats show it, `format` applied; `-` for null.
    ///
    /// | format | shows | example |
    /// |---|---|---|
    /// | `percent` | the fraction × 100, one decimal, `%` | `0.6443` → `64.4%` |
    /// | `money` | two decimals, thousands separators | `10,005,534.00` |
    /// | `number` | `decimals` decimals, separators | `2,360.91` |
    /// | `integer` | rounded half away from zero, separators | `2,361` |
    /// | `days` | one decimal and ` days` | `51.8 days` |
    /// | `automatic` | integers with separators, decimals with `decimals` places | `4,238` · `0.64` |
    ///
    /// A number format on a value that is not a number shows the value `automatic`ally.
    /// Dates, periods, booleans and timestamps (`2017-07-15 09:30:00`) read as in `raw`.
    public static func formatted(_ value: Value, _ format: ValueFormat, decimals: Int) -> String {
        if let number = value.doubleValue {
            guard number.isFinite else { return nullText }
            switch format {
            case .percent: return NumberText.fixed(number * 100, decimals: 1) + "%"
            case .money: return NumberText.fixed(number, decimals: 2)
            case .number: return NumberText.fixed(number, decimals: decimals)
            case .integer: return NumberText.fixed(number, decimals: 0)
            case .days: return NumberText.fixed(number, decimals: 1) + " days"
            case .automatic: break
            }
        }
        switch value {
        case .null: return nullText
        case .integer(let integer): return NumberText.grouped(integer)
        case .decimal(let decimal): return NumberText.fixed(decimal, decimals: decimals)
        case .timestamp(let microseconds): return timestamp(microseconds, separator: " ")
        case .boolean, .date, .text, .period: return raw(value) ?? nullText
        }
    }

    /// `YYYY-MM-DD<separator>HH:MM:SS`, then `.ffffff` when the microseconds are not zero.
    static func timestamp(_ microseconds: Int64, separator: String) -> String {
        let perDay: Int64 = 86_400_000_000
        let (days, inDay) = floorDivision(microseconds, perDay)
        let (seconds, fraction) = (inDay / 1_000_000, Int(inDay % 1_000_000))
        let time = CivilDate.pad(Int(seconds / 3600), 2) + ":" + CivilDate.pad(Int(seconds / 60 % 60), 2)
            + ":" + CivilDate.pad(Int(seconds % 60), 2)
        let text = CivilDate.isoString(days: Int(days)) + separator + time
        return fraction == 0 ? text : text + "." + CivilDate.pad(fraction, 6)
    }

    /// Quotient rounded toward minus infinity and a remainder in `0..<divisor`, so that times
    /// before 1970 fall on the right day.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}
