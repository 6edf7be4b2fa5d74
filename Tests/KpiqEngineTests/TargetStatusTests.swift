import Testing

@testable import KpiqEngine
import KpiqLanguage

/// `TargetStatus.of`: where a value stands against a target and a warning level, for each
/// comparison, at the edges.
struct TargetStatusTests {
    @Test(arguments: [
        // Higher is better: at risk from the warning level up to the target.
        (0.63, 0.63, 0.60, BinaryOperator.greaterEqual, TargetStatus.onTrack),
        (0.70, 0.63, 0.60, .greaterEqual, .onTrack),
        (0.62, 0.63, 0.60, .greaterEqual, .atRisk),
        (0.60, 0.63, 0.60, .greaterEqual, .atRisk),
        (0.59, 0.63, 0.60, .greaterEqual, .offTrack),
        (0.63, 0.63, 0.60, .greater, .atRisk),
        // Lower is better: at risk from the target up to the warning level.
        (4.0, 4.0, 6.0, .lessEqual, .onTrack),
        (5.0, 4.0, 6.0, .lessEqual, .atRisk),
        (6.0, 4.0, 6.0, .lessEqual, .atRisk),
        (6.5, 4.0, 6.0, .lessEqual, .offTrack),
        (4.0, 4.0, 6.0, .less, .atRisk),
        // Equal: at risk no further from the target than the warning level is, on either side.
        (100.0, 100.0, 90.0, .equal, .onTrack),
        (108.0, 100.0, 90.0, .equal, .atRisk),
        (92.0, 100.0, 90.0, .equal, .atRisk),
        (111.0, 100.0, 90.0, .equal, .offTrack),
    ])
    func status(value: Double, target: Double, warn: Double, comparison: BinaryOperator, expected: TargetStatus) {
        #expect(TargetStatus.of(value, target: target, warn: warn, comparison: comparison) == expected)
    }

    @Test func withoutAWarningLevelAMissIsOffTrack() {
        #expect(TargetStatus.of(0.62, target: 0.63, warn: nil, comparison: .greaterEqual) == .offTrack)
        #expect(TargetStatus.of(0.64, target: 0.63, warn: nil, comparison: .greaterEqual) == .onTrack)
    }

    @Test func aMissingValueOrTargetHasNoStatus() {
        #expect(TargetStatus.of(nil, target: 0.63, warn: 0.6, comparison: .greaterEqual) == nil)
        #expect(TargetStatus.of(0.5, target: nil, warn: 0.6, comparison: .greaterEqual) == nil)
        #expect(TargetStatus.of(.nan, target: 1, warn: nil, comparison: .greaterEqual) == nil)
    }

    /// A sum of decimals that lands a hair off the target still meets it.
    @Test func valuesWithinRoundingOfTheTargetMeetIt() {
        #expect(TargetStatus.of(0.1 + 0.2, target: 0.3, warn: nil, comparison: .lessEqual) == .onTrack)
        #expect(TargetStatus.of(0.1 + 0.2, target: 0.3, warn: nil, comparison: .equal) == .onTrack)
    }

    @Test func severityOrder() {
        #expect(TargetStatus.onTrack < .atRisk)
        #expect(TargetStatus.atRisk < .offTrack)
    }

    @Test(arguments: [
        (Value.text("63%"), 0.63), (.text("1,200.5"), 1200.5), (.integer(12), 12.0), (.decimal(0.5), 0.5),
    ])
    func targetFileNumbers(value: Value, expected: Double) {
        #expect(GroupTargetTable.number(value) == expected)
    }
}
