import KpiqEngine
import Testing
@testable import KpiqCLI

/// The table format's layout: fitting a terminal, wide characters, colors.
@Suite struct RenderTableTests {
    static func table(width: Int?, color: Bool = false, _ result: ResultTable) -> String {
        Renderer.render(result, RenderSpec(format: .table, color: color, maxWidth: width))
    }

    /// A `show deals` result: text fields, one of them long, and a number.
    static let deals = ResultTable(
        columns: [
            RenderFixtures.column("opportunity_id", .field, .automatic, [.text("1C1I7A6R"), .text("Z063OYW0")]),
            RenderFixtures.column("account", .field, .automatic, [
                .text("Cancity International Holdings Limited"), .text("Isdom"),
            ]),
            RenderFixtures.column("sales_agent", .field, .automatic, [.text("Moses Frase"), .text("Darcel Schlecht")]),
            RenderFixtures.column("close_value", .field, .automatic, [.integer(1054), .integer(4514)]),
        ],
        rowCount: 2
    )

    @Test func fitsAsItIsWhenThereIsRoom() {
        let expected = """
            opportunity_id │ account                                │ sales_agent     │ close_value
            ───────────────┼────────────────────────────────────────┼─────────────────┼────────────
            1C1I7A6R       │ Cancity International Holdings Limited │ Moses Frase     │       1,054
            Z063OYW0       │ Isdom                                  │ Darcel Schlecht │       4,514

            """
        #expect(Self.table(width: nil, Self.deals) == expected)
        #expect(Self.table(width: 87, Self.deals) == expected)
    }

    @Test func cutsTheWidestTextFirst() {
        #expect(Self.table(width: 60, Self.deals) == """
            opportunity_id │ account       │ sales_agent   │ close_value
            ───────────────┼───────────────┼───────────────┼────────────
            1C1I7A6R       │ Cancity Inte… │ Moses Frase   │       1,054
            Z063OYW0       │ Isdom         │ Darcel Schle… │       4,514

            """)
    }

    @Test func cutsHeadersTooAndStopsAtTheFloor() {
        #expect(Self.table(width: 10, Self.deals) == """
            opportu… │ account  │ sales_a… │ close_value
            ─────────┼──────────┼──────────┼────────────
            1C1I7A6R │ Cancity… │ Moses F… │       1,054
            Z063OYW0 │ Isdom    │ Darcel … │       4,514

            """)
    }

    @Test(arguments: [20, 40, 60, 64, 80, 87, 200])
    func neverWiderThanTheTerminalWhenItCanFit(width: Int) {
        for line in Self.table(width: width, Self.deals).split(separator: "\n") {
            #expect(TerminalText.width(String(line)) <= max(width, 45))
        }
    }

    /// Group keys give way only after every other text column is at its floor, and not below
    /// their own, larger floor.
    @Test func keysAreCutLastAndLeast() {
        let long = String(repeating: "k", count: 30)
        let result = ResultTable(
            columns: [
                RenderFixtures.column("office", .key, .automatic, [.text(long)]),
                RenderFixtures.column("note", .field, .automatic, [.text(String(repeating: "n", count: 30))]),
                RenderFixtures.column("revenue", .measure, .money, [.integer(5)]),
            ],
            rowCount: 1
        )
        #expect(Self.table(width: 51, result) == """
            office                         │ note     │ revenue
            ───────────────────────────────┼──────────┼────────
            kkkkkkkkkkkkkkkkkkkkkkkkkkkkkk │ nnnnnnn… │    5.00

            """)
        #expect(Self.table(width: 45, result) == """
            office                   │ note     │ revenue
            ─────────────────────────┼──────────┼────────
            kkkkkkkkkkkkkkkkkkkkkkk… │ nnnnnnn… │    5.00

            """)
        #expect(Self.table(width: 10, result) == """
            office               │ note     │ revenue
            ─────────────────────┼──────────┼────────
            kkkkkkkkkkkkkkkkkkk… │ nnnnnnn… │    5.00

            """)
    }

    @Test func datesPeriodsAndNumbersAreNeverCut() {
        let result = ResultTable(
            columns: [
                RenderFixtures.column("closed", .field, .automatic, [RenderFixtures.date(2017, 7, 15)]),
                RenderFixtures.column("quarter", .key, .automatic, [RenderFixtures.quarter(2017, 3)]),
                RenderFixtures.column("note", .field, .automatic, [.text("a long note about the deal")]),
                RenderFixtures.column("product", .measure, .automatic, [.text("GTX Plus Basic")]),
                RenderFixtures.column("value", .field, .automatic, [.decimal(123_456_789.5)]),
            ],
            rowCount: 1
        )
        #expect(Self.table(width: 20, result) == """
            closed     │ quarter │ note     │ product  │          value
            ───────────┼─────────┼──────────┼──────────┼───────────────
            2017-07-15 │ 2017-Q3 │ a long … │ GTX Plu… │ 123,456,789.50

            """)
    }

    @Test func wideAndCombiningCharactersAlign() {
        let result = ResultTable(
            columns: [
                RenderFixtures.column("city", .key, .automatic, [.text("東京"), .text("Zu\u{308}rich"), .text("Zürich")]),
                RenderFixtures.column("deals", .measure, .automatic, [.integer(1), .integer(12), .integer(3)]),
            ],
            rowCount: 3
        )
        #expect(Self.table(width: nil, result) == """
            city   │ deals
            ───────┼──────
            東京   │     1
            Zu\u{308}rich │    12
            Zürich │     3

            """)
    }

    @Test func controlCharactersInDataCannotReachTheTerminal() {
        let result = ResultTable(
            columns: [RenderFixtures.column("note", .field, .automatic, [.text("red \u{1B}[31m\u{7F}\u{9B}")])],
            rowCount: 1
        )
        #expect(Self.table(width: nil, result) == """
            note
            ──────────────────────────
            red \\u{1B}[31m\\u{7F}\\u{9B}

            """)
    }

    @Test func colorsHeadersNullsNegativeMeasuresAndCaption() {
        let result = ResultTable(
            columns: [
                RenderFixtures.column("office", .key, .automatic, [.text("East"), .null]),
                RenderFixtures.column("change", .measure, .percent, [.decimal(-0.125), .decimal(-0.0001)]),
                RenderFixtures.column("delta", .field, .automatic, [.integer(-3), .null]),
            ],
            rowCount: 2,
            caption: ["vs 2017-Q2"]
        )
        let bold = { (text: String) in "\u{1B}[1m\(text)\u{1B}[0m" }
        let dim = { (text: String) in "\u{1B}[2m\(text)\u{1B}[0m" }
        let red = { (text: String) in "\u{1B}[31m\(text)\u{1B}[0m" }
        #expect(Self.table(width: nil, color: true, result) == """
            \(bold("office")) │ \(bold("change")) │ \(bold("delta"))
            ───────┼────────┼──────
            East   │ \(red("-12.5%")) │    -3
            \(dim("-"))      │   0.0% │     \(dim("-"))
            \(dim("vs 2017-Q2"))

            """)
    }

    @Test func noColumns() {
        #expect(Self.table(width: nil, ResultTable(columns: [], rowCount: 0, caption: ["nothing"])) == """
            (no columns)
            nothing

            """)
    }

    @Test func noLineEndsInSpaces() {
        for width in [nil, 40] as [Int?] {
            let text = Self.table(width: width, RenderFixtures.managers) + Self.table(width: width, Self.deals)
            for line in text.split(separator: "\n") {
                #expect(line.last != " ")
            }
        }
    }
}
