import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Running totals read in one pass (`RunningTotals.swift`) against the same queries read one
/// pass per step, on seeded rows with gaps, nulls and a partial latest period.
@Suite("Engine: running totals in one pass")
struct EngineRunningTotalTests {
    static let model: EngineModel = {
        var numbers = SeededNumbers(seed: 0x2545_F491_4F6C_DD1D)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let first = CivilDate.daysUnchecked(year: 2023, month: 1, day: 1)
        // Ends on a Monday mid-month: the latest week, month, quarter and year are partial.
        let last = CivilDate.daysUnchecked(year: 2025, month: 2, day: 10)
        let regions = ["North", "South", "East", "West", ""]
        let stages = ["Won", "Lost", "Open"]
        var csv = "closed,region,stage,units,amount\n"
        for _ in 0..<4_000 {
            var day = first + next(last - first + 1)
            // No rows at all in March and April 2024, nor in September 2023.
            let (year, month, _) = CivilDate.civil(fromDays: day)
            if (year == 2024 && (month == 3 || month == 4)) || (year == 2023 && month == 9) { day = first + next(60) }
            let dayText = next(25) == 0 ? "" : CivilDate.isoString(days: day)
            let region = next(4) == 0 && dayText.hasPrefix("2023") ? "Far" : regions[next(regions.count)]
            let units = next(30) == 0 ? "" : "\(next(200) - 20)"
            let amount = next(30) == 0 ? "" : "\(next(100_000)).\(next(100))"
            csv += "\(dayText),\(region),\(stages[next(3)]),\(units),\(amount)\n"
        }
        csv += "\(CivilDate.isoString(days: last)),North,Won,1,1.5\n"
        return EngineModel(files: ["deals.csv": csv], script: """
            load "deals.csv" as deals time closed
            define kpi revenue = sum(amount where stage = "Won")
            define kpi wins = count(where stage = "Won")
            """)
    }()

    static let queries = [
        "kpi ytd(sum(amount)), qtd(count()), mtd(avg(units)) by day",
        "kpi ytd(sum(amount)), qtd(count()), rolling(avg(units), 5) by month",
        "kpi ytd(sum(units)), ytd(revenue), ytd(wins) by day",
        "kpi qtd(sum(units)), mtd(min(amount)), rolling(max(stage), 10) by region, day where quarter = 2024-Q2",
        "kpi ytd(sum(amount)), rolling(count(units), 3), rolling(avg(amount), 2) by month, region",
        "kpi rolling(min(units), 3), rolling(max(amount), 4), ytd(min(region)), ytd(max(closed)) by week",
        "kpi ytd(revenue), qtd(wins) by week where week between 2023-W51 and 2024-W03",
        "kpi ytd(sum(units)), rolling(sum(amount), 3) where month = 2024-05",
        "kpi ytd(sum(units)), rolling(sum(amount), 3) by region where month = 2024-04",
        "kpi ytd(sum(units)) by year, month",
        "kpi ytd(sum(units)), qtd(sum(units)) by month",
        "kpi ytd(sum(units)), rolling(sum(units), 2) by quarter",
        "kpi ytd(revenue), rolling(revenue, 2) by month vs previous",
        "kpi ytd(revenue), rolling(max(amount), 2) by month vs year_ago",
        "kpi qtd(sum(units)), rolling(count(), 3) by week vs previous",
        "kpi ytd(sum(units)) by day where day >= latest - 40 vs previous",
        "kpi ytd(sum(units)), previous(sum(units)), sum(units) vs year_ago by month",
        "kpi ytd(sum(units)), ytd(count_distinct(region)) by quarter",
        "kpi ytd(sum(units)) by month where month(closed) <> 6 and region <> \"East\"",
        "kpi ytd(count()) by month where month is null or region = \"South\"",
        "kpi rolling(sum(units), 3) by month where not (month = 2024-02)",
        "kpi rolling(sum(units), 3), ytd(count()) by region, stage where quarter between 2024-Q1 and 2024-Q3",
        "kpi ytd(sum(units)) by region, quarter where year = 2024",
        "kpi ytd(sum(units)) by month where year = 2023 and stage = \"Won\"",
        "kpi ytd(sum(units)), rolling(min(amount), 3) by region, month where region = \"Nowhere\"",
        "kpi ytd(sum(units)) where month = 2024-06 and region = \"Nowhere\"",
        "kpi rolling(sum(amount), 3) by week where month = 2024-06",
        "kpi ytd(sum(units)), rolling(count(), 4) by month where month >= 2024-11",
        "kpi ytd(sum(units)), rolling(count(), 4) by day where day <= 2023-01-20",
        // Windows over many blocks of periods, in groups with long gaps (Far: 2023 only).
        "kpi rolling(sum(amount), 45), rolling(count(), 400), rolling(avg(units), 1) by day",
        "kpi rolling(min(units), 17), rolling(max(amount), 60), rolling(sum(units), 31) by region, day",
        "kpi mtd(sum(units)), qtd(avg(amount)), ytd(max(units)), ytd(count(amount)) by region, day",
        "kpi mtd(min(amount)), qtd(sum(units)), ytd(avg(units)) by region, week",
        "kpi qtd(max(stage)), ytd(min(closed)), rolling(sum(amount), 7) by region, month",
        "kpi rolling(sum(units), 30), rolling(max(amount), 90), mtd(count()) by day vs previous",
        "kpi rolling(min(amount), 20), qtd(sum(amount)), ytd(count(units)) by region, day vs previous",
        // Like with like: the latest week, month and quarter are partial.
        "kpi rolling(sum(amount), 5), rolling(max(units), 3), qtd(min(amount)) by week vs previous",
        "kpi rolling(avg(amount), 4), rolling(min(units), 7), ytd(max(amount)) by region, month vs previous",
        "kpi rolling(sum(units), 5), rolling(count(), 13), ytd(avg(units)) by month vs year_ago",
        "kpi rolling(sum(amount), 3), rolling(max(closed), 2), ytd(sum(units)) by region, quarter vs year_ago",
        "kpi rolling(revenue, 6), mtd(wins), ytd(revenue) by week vs previous",
    ]

    static func run(_ query: String, onePass: Bool) -> ResultTable {
        WindowedAggregation.$runningTotalsInOnePass.withValue(onePass) { model.run(query) }
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
        if a == b { return true }
        guard case .decimal(let x) = a, case .decimal(let y) = b else { return false }
        return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1)
    }

    @Test("one pass agrees with one pass per step", arguments: queries)
    func agrees(_ query: String) {
        let onePass = Self.run(query, onePass: true)
        let steps = Self.run(query, onePass: false)
        #expect(onePass.rowCount == steps.rowCount)
        #expect(onePass.columns.map(\.name) == steps.columns.map(\.name))
        #expect(onePass.caption == steps.caption)
        guard onePass.rowCount == steps.rowCount, onePass.columns.count == steps.columns.count else { return }
        #expect(onePass.rowCount > 0 || query.contains("Nowhere"))
        for (a, b) in zip(onePass.columns, steps.columns) {
            #expect(a.vector.type == b.vector.type, "\(a.name)")
            for row in 0..<steps.rowCount where !Self.same(a.vector.value(at: row), b.vector.value(at: row)) {
                Issue.record("\(a.name) row \(row): \(a.vector.value(at: row)) in one pass, \(b.vector.value(at: row)) by steps")
                return
            }
        }
    }

    @Test("an integer sum that overflows is read step by step, in doubles")
    func overflow() {
        let csv = "day,units\n2024-01-05,9000000000000000000\n2024-02-05,9000000000000000000\n2024-02-06,-5\n"
        let model = EngineModel(files: ["big.csv": csv], script: "load \"big.csv\" as big time day")
        let table = model.run("kpi ytd(sum(units)), rolling(count(), 2) by month")
        #expect(table.rowCount == 2)
        #expect(table.columns[1].vector.value(at: 1) == .decimal(18e18 - 5))
        #expect(table.columns[2].vector.value(at: 1) == .integer(3))
    }

    @Test("an integer sum whose terms could overflow in some order is read step by step")
    func cancellingOverflow() {
        let csv = "day,units\n2024-01-05,9000000000000000000\n2024-01-06,-9000000000000000000\n2024-01-07,9000000000000000000\n2024-01-08,7\n"
        let model = EngineModel(files: ["big.csv": csv], script: "load \"big.csv\" as big time day")
        let query = "kpi rolling(sum(units), 3) by day"
        let onePass = WindowedAggregation.$runningTotalsInOnePass.withValue(true) { model.run(query) }
        let steps = WindowedAggregation.$runningTotalsInOnePass.withValue(false) { model.run(query) }
        #expect(onePass.rowCount == 4)
        let values = { (table: ResultTable) in (0..<table.rowCount).map { table.columns[1].vector.value(at: $0) } }
        #expect(values(onePass) == values(steps))
    }

    /// A customer whose only orders are from last year adds nothing to this year's total, so it
    /// has no row (before, a step that moved its July orders into June made one, with no total).
    @Test("ytd makes no group of rows it does not add", arguments: [true, false])
    func toDateGroupsOnlyFromRowsAdded(_ onePass: Bool) {
        let model = EngineModel(files: ["o.csv": """
            customer,day,amount
            a,2023-07-15,5
            b,2024-03-10,10
            b,2024-06-05,20
            c,2024-06-20,1
            d,2023-12-31,4
            d,2024-01-02,3

            """], script: "load \"o.csv\" time day")
        func rows(_ query: String) -> [[Value]] {
            WindowedAggregation.$runningTotalsInOnePass.withValue(onePass) { model.run(query) }.rows
        }
        #expect(rows("kpi ytd(sum(amount)) by customer where month = 2024-06")
                == [[.text("b"), .integer(30)], [.text("c"), .integer(1)], [.text("d"), .integer(3)]])
        // By week across the new year: 2024-W01 starts on Monday 2024-01-01.
        #expect(rows("kpi ytd(sum(amount)) by customer where week = 2024-W02")
                == [[.text("d"), .integer(3)]])
        #expect(rows("kpi qtd(sum(amount)) by customer where month = 2024-06")
                == [[.text("b"), .integer(20)], [.text("c"), .integer(1)]])
    }

    /// Like-with-like drops a customer's rows after the 10th of last year's February; its
    /// December before that is another year, which `ytd` does not carry into February. So the
    /// customer has no February row, in one pass as in one pass per step.
    @Test("a year-to-date of a partial period makes no group from the year before", arguments: [true, false])
    func toDateOfAPartialPeriodStaysInItsYear(_ onePass: Bool) {
        let model = EngineModel(files: ["o.csv": """
            customer,day,amount
            x,2023-12-20,5
            x,2024-02-20,7
            y,2024-02-03,2
            y,2025-02-10,1

            """], script: "load \"o.csv\" time day")
        let rows = WindowedAggregation.$runningTotalsInOnePass.withValue(onePass) {
            model.run("kpi ytd(sum(amount)) as total by customer where month = 2025-02 vs year_ago")
        }.rows
        #expect(rows.map { $0[0] } == [.text("y")])
    }
}
