import Testing

@testable import KpiqEngine
import KpiqLanguage

@Suite("Periods: indexes and labels")
struct PeriodIndexTests {
    @Test(arguments: [
        ("2017-07-15", PeriodGrain.year, "2017"),
        ("2017-07-15", .quarter, "2017-Q3"),
        ("2017-07-15", .month, "2017-07"),
        ("2017-07-15", .week, "2017-W28"),
        ("2017-07-15", .day, "2017-07-15"),
        ("2017-01-30", .week, "2017-W05"),
        ("2017-01-01", .quarter, "2017-Q1"),
        ("2017-12-31", .quarter, "2017-Q4"),
        ("2017-12-31", .month, "2017-12"),
        // Weeks at year ends belong to the ISO year of their Thursday.
        ("2021-01-01", .week, "2020-W53"),
        ("2018-12-31", .week, "2019-W01"),
        ("2016-01-03", .week, "2015-W53"),
        ("1970-01-01", .week, "1970-W01"),
        ("1969-12-29", .week, "1970-W01"),
        ("1969-12-28", .week, "1969-W52"),
        ("1969-12-31", .quarter, "1969-Q4"),
    ])
    func labelOfTheDaysPeriod(_ date: String, _ grain: PeriodGrain, _ label: String) {
        #expect(PeriodIndex.label(PeriodIndex.of(days: day(date), grain: grain), grain: grain) == label)
    }

    @Test func indexesAreConsecutive() {
        #expect(PeriodIndex.of(days: day("2017-07-15"), grain: .quarter) == 2017 * 4 + 2)
        #expect(PeriodIndex.of(days: day("2017-07-15"), grain: .month) == 2017 * 12 + 6)
        #expect(PeriodIndex.of(days: day("2017-07-15"), grain: .year) == 2017)
        #expect(PeriodIndex.of(days: day("2017-07-15"), grain: .day) == Int32(day("2017-07-15")))
        // The previous period is the index minus one, across a year end.
        let firstQuarter = PeriodIndex.of(days: day("2018-01-01"), grain: .quarter)
        #expect(PeriodIndex.label(firstQuarter - 1, grain: .quarter) == "2017-Q4")
        let january = PeriodIndex.of(days: day("2018-01-15"), grain: .month)
        #expect(PeriodIndex.label(january - 1, grain: .month) == "2017-12")
        let firstWeek = PeriodIndex.of(days: day("2021-01-04"), grain: .week)
        #expect(PeriodIndex.label(firstWeek - 1, grain: .week) == "2020-W53")
    }

    @Test func weeksCountFromTheMondayOf1970_01_05() {
        #expect(PeriodIndex.of(days: day("1970-01-05"), grain: .week) == 0)
        #expect(PeriodIndex.of(days: day("1970-01-11"), grain: .week) == 0)
        #expect(PeriodIndex.of(days: day("1970-01-04"), grain: .week) == -1)
        #expect(PeriodIndex.of(days: day("1969-12-29"), grain: .week) == -1)
        #expect(PeriodIndex.of(days: day("1969-12-28"), grain: .week) == -2)
        #expect(PeriodIndex.firstDay(of: -1, grain: .week) == day("1969-12-29"))
    }

    /// Every period's first day lies in it, and the day before lies in the one before, for every
    /// grain over a wide range of indexes, negative years included (floor division).
    @Test(arguments: PeriodGrain.allCases)
    func indexRoundTrips(_ grain: PeriodGrain) {
        let indexes: [Int32]
        switch grain {
        case .year: indexes = Array(-500...3000)
        case .quarter: indexes = Array(-2000...12_000)
        case .month: indexes = Array(-6000...36_000)
        case .week, .day: indexes = Array(stride(from: -200_000, through: 200_000, by: 7))
        }
        for index in indexes {
            let first = PeriodIndex.firstDay(of: index, grain: grain)
            #expect(PeriodIndex.of(days: first, grain: grain) == index, "\(grain) \(index)")
            #expect(PeriodIndex.of(days: first - 1, grain: grain) == index - 1, "\(grain) \(index)")
        }
    }

    @Test func negativeYearsUseFloorDivision() {
        #expect(PeriodIndex.label(-1, grain: .quarter) == "-1-Q4")
        #expect(PeriodIndex.label(-4, grain: .quarter) == "-1-Q1")
        #expect(PeriodIndex.label(-1, grain: .month) == "-1-12")
        #expect(PeriodIndex.label(0, grain: .month) == "0-01")
        #expect(PeriodIndex.quarterOfYear(-1) == 4)
        #expect(PeriodIndex.quarterOfYear(-4) == 1)
        #expect(PeriodIndex.quarterOfYear(2017 * 4 + 2) == 3)
        #expect(PeriodIndex.firstDay(of: -1, grain: .quarter) == CivilDate.daysUnchecked(year: -1, month: 10, day: 1))
    }

    static let writtenPeriods: [(PeriodLiteral, String)] = [
        (PeriodLiteral(grain: .year, year: 2017, number: 0), "2017"),
        (PeriodLiteral(grain: .quarter, year: 2017, number: 3), "2017-Q3"),
        (PeriodLiteral(grain: .month, year: 2017, number: 7), "2017-07"),
        (PeriodLiteral(grain: .week, year: 2017, number: 5), "2017-W05"),
        (PeriodLiteral(grain: .week, year: 2020, number: 53), "2020-W53"),
        (PeriodLiteral(grain: .week, year: 2015, number: 1), "2015-W01"),
    ]

    @Test(arguments: writtenPeriods)
    func literalIndexesLabelAsWritten(_ literal: PeriodLiteral, _ label: String) {
        guard let index = PeriodIndex.of(literal) else {
            Issue.record("no index for \(literal)")
            return
        }
        #expect(PeriodIndex.label(index, grain: literal.grain) == label)
        #expect(literal.description == label)
    }

    static let impossiblePeriods: [PeriodLiteral] = [
        PeriodLiteral(grain: .quarter, year: 2017, number: 5),
        PeriodLiteral(grain: .quarter, year: 2017, number: 0),
        PeriodLiteral(grain: .month, year: 2017, number: 13),
        PeriodLiteral(grain: .week, year: 2021, number: 53),
        PeriodLiteral(grain: .week, year: 2017, number: 0),
        PeriodLiteral(grain: .day, year: 2017, number: 1),
    ]

    @Test(arguments: impossiblePeriods)
    func literalsNamingNoPeriodHaveNoIndex(_ literal: PeriodLiteral) {
        #expect(PeriodIndex.of(literal) == nil)
    }

    @Test func periodVectorsOfDatesAndTimestamps() {
        let days = dates(["2017-07-15", nil, "2017-07-15", "2016-01-03"])
        let q3: Value = .period(.quarter, 2017 * 4 + 2), q1: Value = .period(.quarter, 2016 * 4)
        #expect(PeriodVectors.periods(of: days, grain: .quarter).values == [q3, .null, q3, q1])
        // A timestamp just before midnight on 1969-12-31 is still in 1969.
        let stamps = vector(.timestamp, [.timestamp(-1), .timestamp(0)])
        #expect(PeriodVectors.periods(of: stamps, grain: .year).values == [.period(.year, 1969), .period(.year, 1970)])
        #expect(PeriodVectors.periods(of: stamps, grain: .day).values == [.period(.day, -1), .period(.day, 0)])
    }
}
