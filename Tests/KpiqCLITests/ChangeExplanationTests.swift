import Foundation
import Testing

/// `explain change` against sums worked out here, straight from the CRM example's CSV files:
/// each group's contribution, the mix and rate parts of a ratio, and that they add up to the
/// total change.
@Suite struct ChangeExplanationTests {
    struct Deal {
        var agent: String
        var stage: String
        var closeDate: String
        var value: Double
    }

    /// The deals and each agent's manager and office, read with a plain split (the files
    /// hold no quotes).
    static let crm: (deals: [Deal], teams: [String: (manager: String, office: String)]) = {
        let folder = KpiqBinary.repository.appendingPathComponent("examples/crm")
        func rows(_ name: String) -> [[String]] {
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let deals = rows("sales_pipeline.csv").map { Deal(agent: $0[1], stage: $0[4], closeDate: $0[6], value: Double($0[7]) ?? 0) }
        var teams: [String: (String, String)] = [:]
        for row in rows("sales_teams.csv") { teams[row[0]] = (row[1], row[2]) }
        return (deals, teams)
    }()

    static func inQuarter(_ deal: Deal, _ months: ClosedRange<String>) -> Bool {
        !deal.closeDate.isEmpty && months.contains(String(deal.closeDate.prefix(7)))
    }

    static let q3 = "2017-07"..."2017-09"
    static let q2 = "2017-04"..."2017-06"

    /// The CSV result of `statement`, as maps from the first column to the others by name.
    static func result(_ statement: String) throws -> [String: [String: Double]] {
        let run = try KpiqBinary.run(["--format", "csv", "examples/crm/model.kpiq", "-c", statement])
        #expect(run.status == 0, "\(run)")
        let lines = run.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [:] }
        var rows: [String: [String: Double]] = [:]
        for line in lines.dropFirst() {
            var values: [String: Double] = [:]
            for (name, text) in zip(header.dropFirst(), line.dropFirst()) { values[name] = Double(text) }
            rows[line[0]] = values
        }
        return rows
    }

    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func revenueContributionsAreEachOfficesChangeAndAddUpToTheTotal() throws {
        var now: [String: Double] = [:], before: [String: Double] = [:]
        for deal in Self.crm.deals where deal.stage == "Won" {
            let office = Self.crm.teams[deal.agent]?.office ?? ""
            if Self.inQuarter(deal, Self.q3) { now[office, default: 0] += deal.value }
            if Self.inQuarter(deal, Self.q2) { before[office, default: 0] += deal.value }
        }
        let totalChange = now.values.reduce(0, +) - before.values.reduce(0, +)
        let rows = try Self.result("explain change revenue by regional_office where quarter = 2017-Q3 vs previous")
        #expect(Set(rows.keys) == Set(now.keys).union(before.keys))
        var sum = 0.0, shares = 0.0
        for (office, row) in rows {
            let expected = (now[office] ?? 0) - (before[office] ?? 0)
            #expect(Self.close(row["contribution"], expected), "\(office): \(row)")
            #expect(Self.close(row["share"], expected / totalChange), "\(office): \(row)")
            sum += row["contribution"] ?? .nan
            shares += row["share"] ?? .nan
        }
        #expect(Self.close(sum, totalChange))
        #expect(Self.close(shares, 1))
    }

    @Test func winRateSplitsIntoMixAndRatesThatAddUpToTheChange() throws {
        var won: [Int: [String: Double]] = [3: [:], 2: [:]], closed: [Int: [String: Double]] = [3: [:], 2: [:]]
        for deal in Self.crm.deals where deal.stage == "Won" || deal.stage == "Lost" {
            let manager = Self.crm.teams[deal.agent]?.manager ?? ""
            for (quarter, months) in [(3, Self.q3), (2, Self.q2)] where Self.inQuarter(deal, months) {
                closed[quarter]![manager, default: 0] += 1
                if deal.stage == "Won" { won[quarter]![manager, default: 0] += 1 }
            }
        }
        let total = { (quarter: Int) in won[quarter]!.values.reduce(0, +) / closed[quarter]!.values.reduce(0, +) }
        let (rate1, rate0) = (total(3), total(2))
        let rows = try Self.result("explain change win_rate by manager where quarter = 2017-Q3")
        #expect(rows.count == Set(closed[3]!.keys).union(closed[2]!.keys).count)
        var mixes = 0.0, rates = 0.0
        for (manager, row) in rows {
            let d1 = closed[3]![manager] ?? 0, d0 = closed[2]![manager] ?? 0
            let r1 = (won[3]![manager] ?? 0) / d1, r0 = (won[2]![manager] ?? 0) / d0
            let w1 = d1 / closed[3]!.values.reduce(0, +), w0 = d0 / closed[2]!.values.reduce(0, +)
            #expect(Self.close(row["win_rate"], r1) && Self.close(row["win_rate_prev"], r0), "\(manager): \(row)")
            #expect(Self.close(row["weight"], w1) && Self.close(row["weight_prev"], w0), "\(manager): \(row)")
            #expect(Self.close(row["mix"], (w1 - w0) * (r0 - rate0), 1e-12), "\(manager): \(row)")
            #expect(Self.close(row["rate"], w1 * (r1 - r0), 1e-12), "\(manager): \(row)")
            #expect(Self.close(row["contribution"], (row["mix"] ?? .nan) + (row["rate"] ?? .nan), 1e-12))
            mixes += row["mix"] ?? .nan
            rates += row["rate"] ?? .nan
        }
        #expect(Self.close(mixes + rates, rate1 - rate0, 1e-12), "mix \(mixes) + rate \(rates) against \(rate1 - rate0)")
    }

    /// The ratio's totals in the caption are the KPI's own, over every group.
    @Test func theCaptionStatesTheTotals() throws {
        let run = try KpiqBinary.run(["examples/crm/model.kpiq", "-c", "explain change win_rate by regional_office where quarter = 2017-Q3 limit 1"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("win_rate: 61.4% against 61.7%, ▼ 0.3%"), "\(run)")
        #expect(run.stdout.contains("win_rate = (won) / (closed): mix "), "\(run)")
        #expect(run.stdout.contains("1 of 3 rows · 2,047 of 8,800 rows of deals matched"), "\(run)")
    }
}
