import Testing

@testable import KpiqEngine
import KpiqLanguage

@Suite("Periods: civil dates")
struct PeriodCivilDateTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("1969-12-31", -1), ("2000-02-29", 11_016), ("2017-07-15", 17_362),
        ("1900-03-01", -25_508), ("0000-03-01", -719_468), ("2400-02-29", 157_113),
    ])
    func knownDays(_ date: String, _ days: Int) {
        #expect(day(date) == days)
        #expect(CivilDate.isoString(days: days) == date)
    }

    @Test func leapYears() {
        #expect(CivilDate.isLeapYear(2000))
        #expect(CivilDate.isLeapYear(2016))
        #expect(!CivilDate.isLeapYear(1900))
        #expect(!CivilDate.isLeapYear(2017))
        #expect(CivilDate.days(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate.days(year: 2017, month: 4, day: 31) == nil)
        #expect(CivilDate.days(year: 2017, month: 13, day: 1) == nil)
        #expect(CivilDate.days(year: 2017, month: 0, day: 1) == nil)
    }

    /// Days to (year, month, day) and back, over about ±2,700 years around 1970, and the
    /// next day is always the next calendar day.
    @Test func daysRoundTripOverAWideRange() {
        var previous = CivilDate.civil(fromDays: -1_000_001)
        for days in -1_000_000...1_000_000 {
            let (year, month, dayOfMonth) = CivilDate.civil(fromDays: days)
            guard CivilDate.days(year: year, month: month, day: dayOfMonth) == days else {
                Issue.record("\(days) → \(year)-\(month)-\(dayOfMonth) does not round-trip")
                return
            }
            let isNextDay = (year, month, dayOfMonth - 1) == previous
                || (dayOfMonth == 1 && (month == previous.month + 1 && year == previous.year || month == 1 && previous.month == 12 && year == previous.year + 1))
            guard isNextDay else {
                Issue.record("\(days): \(year)-\(month)-\(dayOfMonth) does not follow \(previous)")
                return
            }
            previous = (year, month, dayOfMonth)
        }
    }

    @Test func isoWeekdaysAndWeeks() {
        #expect(CivilDate.isoWeekday(days: day("1970-01-01")) == 4)
        #expect(CivilDate.isoWeekday(days: day("1969-12-28")) == 7)
        #expect(CivilDate.isoWeekday(days: day("1969-12-29")) == 1)
        #expect(CivilDate.isoWeek(days: day("2021-01-03")) == (year: 2020, week: 53))
        #expect(CivilDate.isoWeek(days: day("2021-01-04")) == (year: 2021, week: 1))
        #expect(CivilDate.mondayOfISOWeek(year: 2020, week: 53) == day("2020-12-28"))
        #expect(CivilDate.mondayOfISOWeek(year: 2021, week: 53) == nil)
        #expect(CivilDate.mondayOfISOWeek(year: 2019, week: 1) == day("2018-12-31"))
    }
}
