import KpiqLanguage

/// Period indexes computed from a date or timestamp column in one pass.
enum PeriodVectors {
    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// The day number of `row` of a date or timestamp vector (the caller checks validity).
    @inline(__always)
    static func days(_ vector: ColumnVector, _ row: Int) -> Int {
        switch vector.data {
        case .date(let values): return Int(values[row])
        case .timestamp(let values): return Int(floorDays(values[row]))
        default: return 0
        }
    }

    /// The latest day of a date or timestamp vector; nil when every value is null.
    static func lastDay(of vector: ColumnVector) -> Int? {
        var last: Int? = nil
        for row in 0..<vector.count where vector.isValid(row) {
            let day = days(vector, row)
            if last.map({ day > $0 }) ?? true { last = day }
        }
        return last
    }

    @inline(__always)
    static func floorDays(_ micros: Int64) -> Int64 {
        let quotient = micros / microsecondsPerDay
        return (micros % microsecondsPerDay < 0) ? quotient - 1 : quotient
    }

    /// The period of `grain` of each row's time value moved forward by `shift`.
    static func periods(of vector: ColumnVector, grain: PeriodGrain, shift: TimeShift, calendar: FiscalCalendar) -> ColumnVector {
        guard !shift.isZero else { return periods(of: vector, grain: grain, calendar: calendar) }
        var result = [Int32](repeating: 0, count: vector.count)
        for row in 0..<vector.count where vector.isValid(row) {
            result[row] = calendar.index(days: shift.apply(toDay: days(vector, row)), grain: grain)
        }
        return ColumnVector(.period(grain, result), validity: vector.validity)
    }

    /// The period of `grain` of each row.
    static func periods(of vector: ColumnVector, grain: PeriodGrain, calendar: FiscalCalendar = FiscalCalendar()) -> ColumnVector {
        var result = [Int32](repeating: 0, count: vector.count)
        switch vector.data {
        case .date(let values):
            if grain == .day {
                result = values
            } else {
                // Dates repeat a lot: cache the last conversion.
                var lastDay: Int32 = .min
                var lastIndex: Int32 = 0
                for row in 0..<values.count {
                    let day = values[row]
                    if day != lastDay { lastDay = day; lastIndex = calendar.index(days: Int(day), grain: grain) }
                    result[row] = lastIndex
                }
            }
        case .timestamp(let values):
            for row in 0..<values.count { result[row] = calendar.index(days: Int(floorDays(values[row])), grain: grain) }
        default:
            break
        }
        return ColumnVector(.period(grain, result), validity: vector.validity)
    }
}
