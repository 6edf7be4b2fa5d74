import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Period filters and key sets on a data set large enough to span many row blocks, checked
/// against answers counted row by row here.
///
/// The first rows come in date order, a block of rows (4096) spanning about 56 days, so whole
/// blocks lie inside or outside a quarter and are taken or skipped without reading their rows;
/// the rest come in no order, and some have no date.
@Suite("Engine: period filters and key sets over many blocks")
struct EnginePeriodFilterTests {
    struct Row {
        var day: Int?
        var account: String
        var manager: String
        var value: Int
    }

    static let rows: [Row] = {
        var numbers = SeededNumbers(seed: 0x9E37_79B9_7F4A_7C15)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let first = CivilDate.daysUnchecked(year: 2023, month: 7, day: 1)
        let last = CivilDate.daysUnchecked(year: 2024, month: 12, day: 31)
        var rows: [Row] = []
        for index in 0..<48_000 {
            let day: Int?
            if index < 40_000 {
                day = first + (last - first) * index / 40_000 + next(3)
            } else {
                day = next(20) == 0 ? nil : first + next(last - first + 1)
            }
            rows.append(Row(day: day.map { min($0, last) }, account: "a\(next(700))", manager: "m\(next(12))", value: next(100)))
        }
        // The data ends on the last day of a quarter, so no period is partial.
        rows.append(Row(day: last, account: "a0", manager: "m0", value: 1))
        return rows
    }()

    static let model: EngineModel = {
        var csv = "day,account,manager,value\n"
        for row in rows {
            csv += "\(row.day.map { CivilDate.isoString(days: $0) } ?? ""),\(row.account),\(row.manager),\(row.value)\n"
        }
        return EngineModel(files: ["deals.csv": csv], script: "load \"deals.csv\" as deals time day")
    }()

    static func quarter(of day: Int) -> Int {
        let (year, month, _) = CivilDate.civil(fromDays: day)
        return year * 4 + (month - 1) / 3
    }

    static func month(of day: Int) -> Int {
        let (year, month, _) = CivilDate.civil(fromDays: day)
        return year * 12 + month - 1
    }

    func count(_ query: String) -> Int64? {
        let table = Self.model.run(query)
        guard table.rowCount == 1, case .integer(let value) = table.columns.last!.vector.value(at: 0) else { return nil }
        return value
    }

    static let q3 = 2024 * 4 + 2

    /// Each condition with how the quarter of a row compares with 2024-Q3 when it holds.
    @Test(arguments: [
        ("quarter = 2024-Q3", "="), ("2024-Q3 = quarter", "="), ("quarter != 2024-Q3", "!="),
        ("quarter < 2024-Q3", "<"), ("quarter <= 2024-Q3", "<="), ("quarter > 2024-Q3", ">"),
        ("quarter >= 2024-Q3", ">="), ("2024-Q3 > quarter", "<"),
    ])
    func quarterFilters(_ condition: String, _ comparison: String) {
        func holds(_ quarter: Int) -> Bool {
            switch comparison {
            case "=": return quarter == Self.q3
            case "!=": return quarter != Self.q3
            case "<": return quarter < Self.q3
            case "<=": return quarter <= Self.q3
            case ">": return quarter > Self.q3
            default: return quarter >= Self.q3
            }
        }
        let expected = Self.rows.filter { $0.day.map { holds(Self.quarter(of: $0)) } ?? false }.count
        #expect(count("kpi count() where \(condition)") == Int64(expected))
    }

    @Test func groupsByQuarterWithTheUndatedAsOneGroup() {
        var expected: [Value: Int64] = [:]
        for row in Self.rows {
            expected[row.day.map { Value.period(.quarter, Int32(Self.quarter(of: $0))) } ?? .null, default: 0] += 1
        }
        let table = Self.model.run("kpi count() as n by quarter")
        var counted: [Value: Int64] = [:]
        for row in table.rows {
            if case .integer(let n) = row[1] { counted[row[0]] = n }
        }
        #expect(counted == expected)
        #expect(expected[.null] ?? 0 > 0)
    }

    @Test func previousQuarterAndMonthReadTheShiftedDays() {
        let q2 = Self.rows.filter { $0.day.map { Self.quarter(of: $0) == Self.q3 - 1 } ?? false }.count
        #expect(count("kpi previous(count()) where quarter = 2024-Q3") == Int64(q2))
        // March follows February, which has 29 days in 2024: the shift clamps at the month end.
        let february = Self.rows.filter { $0.day.map { Self.month(of: $0) == 2024 * 12 + 1 } ?? false }.count
        #expect(count("kpi previous(count()) where month = 2024-03") == Int64(february))
        let yearAgo = Self.rows.filter { $0.day.map { Self.quarter(of: $0) == Self.q3 - 4 } ?? false }.count
        let table = Self.model.run("kpi count() as n where quarter = 2024-Q3 vs year_ago")
        #expect(table.names.contains("n_prev"))
        if let column = table.columns.first(where: { $0.name == "n_prev" }) {
            #expect(column.vector.value(at: 0) == .integer(Int64(yearAgo)))
        }
    }

    /// Per manager: the distinct accounts of a quarter, and which were active anywhere.
    static func accounts(in quarter: Int) -> (byManager: [String: Set<String>], anywhere: Set<String>) {
        var byManager: [String: Set<String>] = [:]
        var anywhere: Set<String> = []
        for row in rows where row.day.map({ Self.quarter(of: $0) == quarter }) ?? false {
            byManager[row.manager, default: []].insert(row.account)
            anywhere.insert(row.account)
        }
        return (byManager, anywhere)
    }

    func byManager(_ query: String) -> [String: Value] {
        let table = Self.model.run(query)
        var result: [String: Value] = [:]
        for row in table.rows {
            if case .text(let manager) = row[0] { result[manager] = row.last! }
        }
        return result
    }

    @Test func retainedLostAndNewByManager() {
        let now = Self.accounts(in: Self.q3), before = Self.accounts(in: Self.q3 - 1)
        let retained = byManager("kpi retained(account) by manager where quarter = 2024-Q3")
        let lost = byManager("kpi lost(account) by manager where quarter = 2024-Q3")
        let new = byManager("kpi new(account) by manager where quarter = 2024-Q3")
        let managers = Set(now.byManager.keys).union(before.byManager.keys)
        #expect(!managers.isEmpty)
        for manager in managers {
            let had = before.byManager[manager] ?? []
            let has = now.byManager[manager] ?? []
            #expect(retained[manager] == .integer(Int64(had.intersection(now.anywhere).count)), "retained, \(manager)")
            #expect(lost[manager] == .integer(Int64(had.subtracting(now.anywhere).count)), "lost, \(manager)")
            #expect(new[manager] == .integer(Int64(has.subtracting(before.anywhere).count)), "new, \(manager)")
        }
    }

    @Test func retainedValueCountsEveryCurrentRowOfARetainedKey() {
        let now = Self.accounts(in: Self.q3), before = Self.accounts(in: Self.q3 - 1)
        let sums = byManager("kpi retained(account, sum(value)) by manager where quarter = 2024-Q3")
        for (manager, had) in before.byManager {
            let kept = had.intersection(now.anywhere)
            let expected = Self.rows.filter { row in
                row.day.map { Self.quarter(of: $0) == Self.q3 } ?? false && kept.contains(row.account)
            }.reduce(0) { $0 + $1.value }
            #expect(sums[manager] == .integer(Int64(expected)), "\(manager)")
        }
    }

    @Test func retainedByQuarterTellsPeriodsApart() {
        let table = Self.model.run("kpi retained(account) by manager, quarter")
        var checked = 0
        for row in table.rows {
            guard case .text(let manager) = row[0], case .period(.quarter, let index) = row[1] else { continue }
            let quarter = Int(index)
            let had = Self.accounts(in: quarter - 1).byManager[manager] ?? []
            let expected = had.intersection(Self.accounts(in: quarter).anywhere).count
            #expect(row[2] == .integer(Int64(expected)), "\(manager) \(quarter)")
            checked += 1
        }
        #expect(checked >= 12 * 6)
    }
}
