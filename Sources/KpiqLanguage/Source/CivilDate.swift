/// Proleptic Gregorian calendar arithmetic on days since 1970-01-01.
///
/// Shared by the lexer (date literals), the CSV reader and period computations, so that every
/// stage agrees on what a date is.
public enum CivilDate {
    /// Days since 1970-01-01 for a valid year, month, day; nil when the date does not exist.
    public static func days(year: Int, month: Int, day: Int) -> Int? {
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month) else {
            return nil
        }
        return daysUnchecked(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 (H. Hinnant's days_from_civil); the caller ensures validity.
    /// Inlinable, so that the CSV reader's date parsing inlines it.
    @inlinable @inline(__always)
    public static func daysUnchecked(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month, day of a day number.
    @inline(__always)
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO weekday, Monday = 1 ... Sunday = 7.
    @inline(__always)
    public static func isoWeekday(days: Int) -> Int {
        // 1970-01-01 was a Thursday (4).
        let weekday = (days + 3) % 7
        return (weekday < 0 ? weekday + 7 : weekday) + 1
    }

    /// The ISO week-numbering year and week (1...53) of a day.
    public static func isoWeek(days: Int) -> (year: Int, week: Int) {
        let thursday = days - isoWeekday(days: days) + 4
        let year = civil(fromDays: thursday).year
        let firstDay = daysUnchecked(year: year, month: 1, day: 1)
        return (year, (thursday - firstDay) / 7 + 1)
    }

    /// The Monday that starts ISO week `week` of ISO year `year`; nil when the week does not exist.
    public static func mondayOfISOWeek(year: Int, week: Int) -> Int? {
        guard week >= 1, week <= 53 else { return nil }
        let january4 = daysUnchecked(year: year, month: 1, day: 4)
        let monday = january4 - (isoWeekday(days: january4) - 1) + (week - 1) * 7
        return isoWeek(days: monday).year == year ? monday : nil
    }

    /// `YYYY-MM-DD`.
    public static func isoString(days: Int) -> String {
        let (year, month, day) = civil(fromDays: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Zero-padded decimal, keeping a minus sign in front.
    public static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }
}
