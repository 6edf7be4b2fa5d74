import KpiqLanguage

/// Where a KPI stands against its target.
public enum TargetStatus: String, Sendable, CaseIterable, Comparable {
    /// The value meets the target.
    case onTrack = "on_track"
    /// It misses the target but is within the warning level.
    case atRisk = "at_risk"
    /// It misses the warning level too (or misses the target when there is no warning level).
    case offTrack = "off_track"

    /// Worse statuses sort higher: `offTrack > atRisk > onTrack`.
    var severity: Int {
        switch self {
        case .onTrack: return 0
        case .atRisk: return 1
        case .offTrack: return 2
        }
    }

    public static func < (left: TargetStatus, right: TargetStatus) -> Bool { left.severity < right.severity }

    /// The status of `value` against `target` under `comparison` (`>=`, `>`, `<=`, `<`, `=`).
    ///
    /// Higher is better for `>=` and `>`: at risk is below the target and at or above `warn`.
    /// Lower is better for `<=` and `<`: at risk is above the target and at or below `warn`.
    /// For `=`, on track is equal to the target (to a relative 1e-9), at risk is no further from
    /// it than `warn` is. nil when the value or the target is null.
    public static func of(_ value: Double?, target: Double?, warn: Double?, comparison: BinaryOperator) -> TargetStatus? {
        guard let value, let target, value.isFinite, target.isFinite else { return nil }
        let tolerance = 1e-9 * max(1, abs(target))
        let meets: Bool
        let withinWarning: Bool
        switch comparison {
        case .greater, .greaterEqual:
            meets = comparison == .greater ? value > target : value >= target - tolerance
            withinWarning = warn.map { value >= $0 - tolerance } ?? false
        case .less, .lessEqual:
            meets = comparison == .less ? value < target : value <= target + tolerance
            withinWarning = warn.map { value <= $0 + tolerance } ?? false
        default:
            meets = abs(value - target) <= tolerance
            withinWarning = warn.map { abs(value - target) <= abs($0 - target) + tolerance } ?? false
        }
        return meets ? .onTrack : withinWarning ? .atRisk : .offTrack
    }
}

/// A KPI's own target, as numbers in the KPI's unit (`target >= 63% warn 60%`).
public struct KPITarget: Sendable {
    /// `>=`, `>`, `<=`, `<` or `=`.
    public var comparison: BinaryOperator
    public var value: Double
    public var warn: Double?

    public init(comparison: BinaryOperator, value: Double, warn: Double?) {
        self.comparison = comparison
        self.value = value
        self.warn = warn
    }

    /// Whether a higher value is better (`>=`, `>`); `=` counts as neither.
    public var higherIsBetter: Bool? {
        switch comparison {
        case .greater, .greaterEqual: return true
        case .less, .lessEqual: return false
        default: return nil
        }
    }
}

/// `target k from ds by key`: the KPI's targets per group, read from a dataset when a query
/// runs (so reloading the file updates them).
public struct GroupTarget: Sendable {
    public var kpi: String
    /// The comparison written in the statement; nil takes the KPI's own, else `>=`.
    public var comparison: BinaryOperator?
    public var dataset: String
    /// The column of `dataset` holding the group names, as written (matched like any column).
    public var keyColumn: String
    /// Where the statement was written, for messages.
    public var span: Span
    public var source: SourceFile

    public init(kpi: String, comparison: BinaryOperator?, dataset: String, keyColumn: String, span: Span, source: SourceFile) {
        self.kpi = kpi
        self.comparison = comparison
        self.dataset = dataset
        self.keyColumn = keyColumn
        self.span = span
        self.source = source
    }
}

/// The text a key value is matched by when targets are looked up per group: the same in a
/// targets file as in the query's groups (`Cara Losch`, `2017-Q3`, `12`).
public enum TargetKey {
    public static func text(_ value: Value) -> String? {
        switch value {
        case .null: return nil
        case .integer(let number): return String(number)
        case .decimal(let number):
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .boolean(let flag): return String(flag)
        case .date(let days): return CivilDate.isoString(days: Int(days))
        case .timestamp(let micros): return String(micros)
        case .text(let text): return text.lowercased()
        case .period(let grain, let index): return PeriodIndex.label(index, grain: grain).lowercased()
        }
    }
}
