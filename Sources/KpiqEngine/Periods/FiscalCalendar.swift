import KpiqLanguage

/// Which month years and quarters start in (`set fiscal_year_start = 4`).
///
/// A fiscal year is named by the calendar year it ends in: with an April start, FY2018 runs
/// from 2017-04-01 to 2018-03-31 and its first quarter, `2018-Q1`, is April to June 2017.
/// Months, weeks and days are not affected.
public struct FiscalCalendar: Hashable, Sendable {
    /// 1 (January, the calendar year) through 12.
    public var yearStart: Int

    public init(yearStart: Int = 1) {
        self.yearStart = yearStart
    }

    public var isFiscal: Bool { yearStart != 1 }

    /// Moving a date forward by this many months puts it in its fiscal year and quarter.
    private var offset: TimeShift { TimeShift(months: (13 - yearStart) % 12) }

    private func affects(_ grain: PeriodGrain) -> Bool { isFiscal && (grain == .year || grain == .quarter) }

    @inline(__always)
    public func index(days: Int, grain: PeriodGrain) -> Int32 {
        PeriodIndex.of(days: affects(grain) ? offset.apply(toDay: days) : days, grain: grain)
    }

    public func firstDay(of index: Int32, grain: PeriodGrain) -> Int {
        let first = PeriodIndex.firstDay(of: index, grain: grain)
        return affects(grain) ? TimeShift(months: -offset.months).apply(toDay: first) : first
    }

    /// The day before the next period starts.
    public func lastDay(of index: Int32, grain: PeriodGrain) -> Int {
        firstDay(of: index + 1, grain: grain) - 1
    }

    /// For captions: what `2018-Q1` means under this calendar.
    public var note: String? {
        guard isFiscal else { return nil }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "fiscal years start in \(months[yearStart - 1]) and are named by the year they end in"
    }
}
