import KpiqLanguage

/// How far back a window looks: a number of months and a number of days.
///
/// A row of an earlier period contributes to the current one by moving its time value
/// forward by the shift: a quarter is three months, a week seven days. Months are added with
/// the day clamped to the month's end, so month, quarter and year indexes move exactly.
public struct TimeShift: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var months: Int
    public var days: Int

    public init(months: Int = 0, days: Int = 0) {
        self.months = months
        self.days = days
    }

    public static let zero = TimeShift()

    /// One period of `grain`.
    public static func unit(_ grain: PeriodGrain) -> TimeShift {
        switch grain {
        case .year: return TimeShift(months: 12)
        case .quarter: return TimeShift(months: 3)
        case .month: return TimeShift(months: 1)
        case .week: return TimeShift(days: 7)
        case .day: return TimeShift(days: 1)
        }
    }

    /// The same period a year earlier, for `vs year_ago`: weeks keep their weekday (52 weeks).
    public static func yearAgo(_ grain: PeriodGrain) -> TimeShift {
        grain == .week ? TimeShift(days: 364) : TimeShift(months: 12)
    }

    public static func + (lhs: TimeShift, rhs: TimeShift) -> TimeShift {
        TimeShift(months: lhs.months + rhs.months, days: lhs.days + rhs.days)
    }

    public static func * (lhs: TimeShift, rhs: Int) -> TimeShift {
        TimeShift(months: lhs.months * rhs, days: lhs.days * rhs)
    }

    public static func < (lhs: TimeShift, rhs: TimeShift) -> Bool {
        (lhs.months, lhs.days) < (rhs.months, rhs.days)
    }

    public var isZero: Bool { months == 0 && days == 0 }

    /// The day `days` moved forward by this shift.
    @inline(__always)
    public func apply(toDay day: Int) -> Int {
        var result = day
        if months != 0 {
            let (year, month, dayOfMonth) = CivilDate.civil(fromDays: day)
            let total = year * 12 + (month - 1) + months
            let newYear = PeriodIndex.floorDivide(total, 12)
            let newMonth = PeriodIndex.floorModulo(total, 12) + 1
            let clamped = Swift.min(dayOfMonth, CivilDate.daysInMonth(year: newYear, month: newMonth))
            result = CivilDate.daysUnchecked(year: newYear, month: newMonth, day: clamped)
        }
        return result + days
    }

    public var description: String {
        var parts: [String] = []
        if months != 0 { parts.append("\(months) month\(abs(months) == 1 ? "" : "s")") }
        if days != 0 { parts.append("\(days) day\(abs(days) == 1 ? "" : "s")") }
        return parts.isEmpty ? "none" : parts.joined(separator: " ")
    }
}

/// Which rows of which periods an aggregate reads, relative to the current period.
public struct PeriodWindow: Hashable, Sendable {
    /// How far back (`previous` is one period, `vs year_ago` a year).
    public var shift: TimeShift = .zero
    public var accumulation: Accumulation?
    public var keySet: KeySetRule?
    /// Group keys (positions in `by`) the aggregate ignores: `cohort_size` is the same at
    /// every age of a cohort.
    public var ignoredKeys: [Int] = []

    public init(shift: TimeShift = .zero, accumulation: Accumulation? = nil, keySet: KeySetRule? = nil) {
        self.shift = shift
        self.accumulation = accumulation
        self.keySet = keySet
    }

    public var isCurrent: Bool { shift.isZero && accumulation == nil && keySet == nil && ignoredKeys.isEmpty }

    public enum Accumulation: Hashable, Sendable {
        /// `ytd`, `qtd`, `mtd`: from the start of the enclosing period through the current one.
        case toDate(PeriodGrain)
        /// `rolling(x, n)`: the current period and the n - 1 before it.
        case rolling(Int)
    }

    /// For text in plans.
    public var description: String {
        var parts: [String] = []
        if !shift.isZero { parts.append("shifted \(shift)") }
        switch accumulation {
        case .toDate(let grain)?: parts.append("\(grain.rawValue) to date")
        case .rolling(let count)?: parts.append("rolling \(count)")
        case nil: break
        }
        if let keySet { parts.append("\(keySet.kind.rawValue) \(keySet.keyText)") }
        if !ignoredKeys.isEmpty { parts.append("whole cohort") }
        return parts.joined(separator: ", ")
    }
}

/// `retained(key)`, `lost(key)`, `new(key)`: which rows count, by whether their key was
/// active in the previous period and in the current one.
public struct KeySetRule: Hashable, Sendable {
    public enum Kind: String, Sendable { case retained, lost, new }

    public var kind: Kind
    /// Row-level expression of the key, as an index into `CheckedQuery.keySetKeys`.
    public var keyIndex: Int
    public var keyText: String
    /// How far the previous period is from the current one.
    public var previous: TimeShift
}
