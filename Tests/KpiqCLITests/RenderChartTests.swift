import KpiqEngine
import KpiqLanguage
import Testing

@testable import KpiqCLI

/// Charts, sparklines and the scorecard cells, drawn from small tables.
struct RenderChartTests {
    static func chart(_ columns: [ResultTable.Column], rows: Int, width: Int = 40) -> String {
        var table = ResultTable(columns: columns, rowCount: rows)
        table.presentation = .chart
        return Renderer.render(table, RenderSpec(format: .table, maxWidth: width))
    }

    @Test(arguments: [
        ([1.0, 2, 3, 4, 5, 6, 7, 8], "▁▂▃▄▅▆▇█"),
        ([5.0, 5, 5], "▄▄▄"),
        ([0.0, nil, 10], "▁ █"),
        ([Double?](), ""),
    ])
    func sparkline(_ values: [Double?], _ expected: String) {
        #expect(Sparkline.text(values) == expected)
    }

    @Test func trendCellsReadTheirNumbers() {
        #expect(Sparkline.values("1 - 2.5") == [1, nil, 2.5])
        let column = RenderFixtures.column("won_trend", .trend, .automatic, [.text("1 2 3"), .null], sample: .text(""))
        let cells = FormattedColumn(column, rowCount: 2, decimals: 2).cells.map(\.text)
        #expect(cells == ["▁▅█", "-"])
    }

    @Test func barsAreScaledToTheLargestMagnitude() {
        let text = Self.chart([
            RenderFixtures.column("team", .key, .automatic, [.text("a"), .text("bb"), .text("c")]),
            RenderFixtures.column("won", .measure, .automatic, [.integer(10), .integer(5), .integer(-10)]),
        ], rows: 3, width: 40)
        // 31 cells of bar: 10 fills them, 5 half of them (fifteen and a half: ▌), -10 is shaded.
        #expect(text == """
        won by team
        a  │\(String(repeating: "█", count: 31))  10
        bb │\(String(repeating: "█", count: 15))▌\(String(repeating: " ", count: 15))   5
        c  │\(String(repeating: "░", count: 31)) -10

        """)
    }

    @Test func columnsOverPeriodsCarryTheirValues() {
        let text = Self.chart([
            RenderFixtures.column("quarter", .key, .automatic, [RenderFixtures.quarter(2017, 1), RenderFixtures.quarter(2017, 2), .null]),
            RenderFixtures.column("won", .measure, .automatic, [.integer(4), .integer(8), .integer(99)]),
        ], rows: 3, width: 40)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "won by quarter")
        // The row without a period is left out: 99 is nowhere.
        #expect(!text.contains("99"))
        #expect(lines[1].contains("4") && lines[1].contains("8"))
        #expect(lines[2].hasPrefix("8 ┤"))
        #expect(lines[11].hasPrefix("0 ┤"))
        #expect(lines[13].contains("2017-Q1") && lines[13].contains("2017-Q2"))
        // Every column is as tall as its value: 8 fills all ten rows, 4 half of them.
        let grid = lines[2...11].map { Array($0.dropFirst(3)) }
        #expect(grid.allSatisfy { $0.count > 10 && $0[10] == "█" })
        #expect(grid.filter { $0.first == "█" }.count == 5)
    }

    @Test func manyPeriodsMakeABrailleLine() {
        let days = (0..<200).map { Value.period(.day, Int32(17_000 + $0)) }
        let values = (0..<200).map { Value.integer(Int64($0 % 20)) }
        let text = Self.chart([RenderFixtures.column("day", .key, .automatic, days), RenderFixtures.column("won", .measure, .automatic, values)],
                              rows: 200, width: 60)
        #expect(text.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
        #expect(text.contains("lowest 0 (2016-07-18), highest 19 (2016-08-06)"))
        #expect(text.split(separator: "\n").allSatisfy { TerminalText.width(String($0)) <= 60 })
    }

    /// At a terminal a long table shows a screenful of rows; a chart is drawn whole.
    @Test func chartsAreNotPaged() {
        let names = (1...12).map { Value.text("group \($0)") }
        var table = ResultTable(columns: [RenderFixtures.column("team", .key, .automatic, names),
                                          RenderFixtures.column("won", .measure, .automatic, (1...12).map { .integer(Int64($0)) })],
                                rowCount: 12)
        table.presentation = .chart
        let text = ResultPaging.render(table, RenderSpec(format: .table, maxWidth: 40), maxRows: 3)
        #expect(text.contains("group 12 │"))
        #expect(!text.contains("more row"))
    }

    @Test(arguments: [
        (1_134_672.0, ValueFormat.money, "1.13M"), (722_000, .money, "722K"), (42.5, .automatic, "42.5"),
        (0.617, .percent, "61.7%"), (12, .integer, "12"), (-80_233, .money, "-80.2K"),
    ])
    func compactValues(_ value: Double, _ format: ValueFormat, _ expected: String) {
        let series = ChartSeries(title: "", labels: [], values: [], format: format, overTime: false)
        #expect(series.compact(value) == expected)
    }
}
