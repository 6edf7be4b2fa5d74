import Foundation
import Testing

/// `kpiq --fail-on at_risk|off_track`: exit status 3 when a result row's status is at or below
/// the level, with those rows listed on stderr; a failed statement (1) and a wrong command
/// line (2) come first.
///
/// Q3 win rates per manager against `target >= 63% warn 60%`: Cara 66.5% and Melvin 64.1% on
/// track; Celia 60.2%, Rocco 60.4% and Summer 60.3% at risk; Dustin 57.9% off track.
@Suite struct FailOnTests {
    static let model = "examples/crm/model.kpiq"
    static let goal = "define kpi goal = won / closed format percent target >= 63% warn 60%"
    static let query = "kpi goal by manager where quarter = Q3"

    static func alerts(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("alert: ") }
    }

    @Test func offTrackRowsExitWithThree() throws {
        let run = try KpiqBinary.run(["--fail-on", "off_track", Self.model, "-c", Self.goal, "-c", Self.query])
        #expect(run.status == 3, "\(run)")
        #expect(Self.alerts(run.stderr) == ["alert: goal is off track for manager = Dustin Brinkmann: 57.9%, target 63.0%"], "\(run)")
        #expect(run.stderr.contains("kpiq: 1 result row is off track (--fail-on off_track)"), "\(run)")
        // The result itself is printed as usual.
        #expect(run.stdout.contains("Dustin Brinkmann"), "\(run)")
    }

    @Test func atRiskCountsTheRowsOffTrackToo() throws {
        let run = try KpiqBinary.run(["--fail-on", "at-risk", "--format", "csv", Self.model, "-c", Self.goal, "-c", Self.query])
        #expect(run.status == 3, "\(run)")
        let alerts = Self.alerts(run.stderr)
        #expect(alerts.count == 4, "\(run)")
        #expect(alerts.contains("alert: goal is at risk for manager = Celia Rouche: 60.2%, target 63.0%"), "\(run)")
        #expect(alerts.contains { $0.contains("Dustin Brinkmann") }, "\(run)")
        #expect(!alerts.contains { $0.contains("Cara Losch") || $0.contains("Melvin Marxen") }, "\(run)")
        #expect(run.stderr.contains("4 result rows are at risk or off track (--fail-on at_risk)"), "\(run)")
    }

    @Test func noAlertExitsWithZero() throws {
        let run = try KpiqBinary.run(["--fail-on", "off_track", Self.model, "-c", Self.goal,
                                      "-c", "kpi goal by manager where quarter = Q3 and manager = \"Cara Losch\""])
        #expect(run.status == 0, "\(run)")
        #expect(Self.alerts(run.stderr).isEmpty, "\(run)")
    }

    @Test func kpisWithoutATargetNeverAlert() throws {
        let run = try KpiqBinary.run(["--fail-on", "at_risk", Self.model, "-c", "kpi win_rate by manager"])
        #expect(run.status == 0, "\(run)")
    }

    @Test func exportedResultsAlertToo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("goal.csv").path
        let run = try KpiqBinary.run(["--fail-on", "off_track", Self.model, "-c", Self.goal, "-c", "export \(Self.query) to \"\(path)\""])
        #expect(run.status == 3, "\(run)")
        #expect(Self.alerts(run.stderr).count == 1, "\(run)")
    }

    @Test func aFailedStatementWinsOverAlerts() throws {
        let run = try KpiqBinary.run(["--fail-on", "off_track", "--continue-on-error", Self.model,
                                      "-c", Self.goal, "-c", Self.query, "-c", "kpi nonsense"])
        #expect(run.status == 1, "\(run)")
    }

    @Test func anUnknownLevelIsACommandLineMistake() throws {
        let run = try KpiqBinary.run(["--fail-on", "on_track", Self.model])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("use at_risk or off_track"), "\(run)")
    }
}
