/// The calendar grains a period can have, from coarse to fine.
public enum PeriodGrain: String, CaseIterable, Hashable, Sendable, Comparable {
    case year, quarter, month, week, day

    public static func < (lhs: PeriodGrain, rhs: PeriodGrain) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
