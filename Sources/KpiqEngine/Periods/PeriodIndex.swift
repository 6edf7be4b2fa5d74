import KpiqLanguage

/// A period as one integer per grain, so that "the previous period" is `index - 1` and
/// grouping by period is grouping by a small integer.
///
/// | grain   | index                                   | label        |
/// |---------|-----------------------------------------|--------------|
/// | year    | the year                                | `2017`       |
/// | quarter | year * 4 + quarter - 1                  | `2017-Q3`    |
/// | month   | year * 12 + month - 1                   | `2017-07`    |
/// | week    | weeks since the Monday 1970-01-05       | `2017-W05`   |
/// | day     | days since 1970-01-01                   | `2017-07-15` |
public enum PeriodIndex {
    /// The index of the period of `grain` that contains the day `days`.
    @inline(__always)
    public static func of(days: Int, grain: PeriodGrain) -> Int32 {
        switch grain {
        case .day: return Int32(days)
        case .week: return Int32(floorDivide(days - 4, 7))
        case .year, .quarter, .month:
            let (year, month, _) = CivilDate.civil(fromDays: days)
            switch grain {
            case .year: return Int32(year)
            case .quarter: return Int32(year * 4 + (month - 1) / 3)
            default: return Int32(year * 12 + month - 1)
            }
        }
    }

    /// The index of a period literal; nil when it names no real period (`2017-W54`).
    public static func of(_ literal: PeriodLiteral) -> Int32? {
        switch literal.grain {
        case .year: return Int32(literal.year)
        case .quarter:
            guard (1...4).contains(literal.number) else { return nil }
            return Int32(literal.year * 4 + literal.number - 1)
        case .month:
            guard (1...12).contains(literal.number) else { return nil }
            return Int32(literal.year * 12 + literal.number - 1)
        case .week:
            guard let monday = CivilDate.mondayOfISOWeek(year: literal.year, week: literal.number) else { return nil }
            return of(days: monday, grain: .week)
        case .day:
            return nil
        }
    }

    /// The first day of a period.
    public static func firstDay(of index: Int32, grain: PeriodGrain) -> Int {
        let index = Int(index)
        switch grain {
        case .day: return index
        case .week: return index * 7 + 4
        case .year: return CivilDate.daysUnchecked(year: index, month: 1, day: 1)
        case .quarter:
            return CivilDate.daysUnchecked(year: floorDivide(index, 4), month: floorModulo(index, 4) * 3 + 1, day: 1)
        case .month:
            return CivilDate.daysUnchecked(year: floorDivide(index, 12), month: floorModulo(index, 12) + 1, day: 1)
        }
    }

    /// The label users read and write: `2017`, `2017-Q3`, `2017-07`, `2017-W05`, `2017-07-15`.
    public static func label(_ index: Int32, grain: PeriodGrain) -> String {
        let value = Int(index)
        switch grain {
        case .year: return String(value)
        case .quarter: return "\(floorDivide(value, 4))-Q\(floorModulo(value, 4) + 1)"
        case .month: return "\(floorDivide(value, 12))-\(CivilDate.pad(floorModulo(value, 12) + 1, 2))"
        case .week:
            let (year, week) = CivilDate.isoWeek(days: value * 7 + 4)
            return "\(year)-W\(CivilDate.pad(week, 2))"
        case .day: return CivilDate.isoString(days: value)
        }
    }

    /// The quarter of the year (1...4) of a quarter index.
    public static func quarterOfYear(_ index: Int32) -> Int { floorModulo(Int(index), 4) + 1 }

    @inline(__always)
    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    @inline(__always)
    static func floorModulo(_ a: Int, _ b: Int) -> Int {
        let remainder = a % b
        return remainder < 0 ? remainder + b : remainder
    }
}
