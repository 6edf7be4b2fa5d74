import KpiqEngine
import Testing
@testable import KpiqCLI

/// Every format on the same small result, pinned as golden text.
@Suite struct RenderFormatTests {
    static func render(_ format: OutputFormat, _ table: ResultTable = RenderFixtures.managers) -> String {
        Renderer.render(table, RenderSpec(format: format))
    }

    static let noRows = ResultTable(
        columns: [
            RenderFixtures.column("manager", .key, .automatic, [], sample: .text("")),
            RenderFixtures.column("win_rate", .measure, .percent, [], sample: .decimal(0)),
        ],
        rowCount: 0,
        caption: ["0 rows matched"]
    )

    @Test func table() {
        #expect(Self.render(.table) == """
            manager             │ quarter │ win_rate │       revenue │ deals
            ────────────────────┼─────────┼──────────┼───────────────┼──────
            Cara Losch          │ 2017-Q3 │    66.5% │    840,242.00 │   221
            Dustin Brinkmann    │ 2017-Q3 │    57.9% │ 10,005,534.50 │ 1,186
            Smith, "Jo"\\nA|B\\tC │ 2017-Q4 │        - │     -1,234.50 │     0
            -                   │ 2017-Q4 │    -5.0% │             - │     -
            quarter = Q3 resolved to 2017-Q3
            4 groups

            """)
    }

    @Test func csv() {
        #expect(Self.render(.csv) == """
            manager,quarter,win_rate,revenue,deals
            Cara Losch,2017-Q3,0.6652,840242.0,221
            Dustin Brinkmann,2017-Q3,0.57865,10005534.5,1186
            "Smith, ""Jo""
            A|B\tC",2017-Q4,,-1234.5,0
            ,2017-Q4,-0.05,,

            """)
    }

    @Test func tsv() {
        #expect(Self.render(.tsv) == """
            manager\tquarter\twin_rate\trevenue\tdeals
            Cara Losch\t2017-Q3\t0.6652\t840242.0\t221
            Dustin Brinkmann\t2017-Q3\t0.57865\t10005534.5\t1186
            Smith, "Jo"\\nA|B\\tC\t2017-Q4\t\t-1234.5\t0
            \t2017-Q4\t-0.05\t\t

            """)
    }

    @Test func json() {
        #expect(Self.render(.json) == """
            [
              {"manager":"Cara Losch","quarter":"2017-Q3","win_rate":0.6652,"revenue":840242.0,"deals":221},
              {"manager":"Dustin Brinkmann","quarter":"2017-Q3","win_rate":0.57865,"revenue":10005534.5,"deals":1186},
              {"manager":"Smith, \\"Jo\\"\\nA|B\\tC","quarter":"2017-Q4","win_rate":null,"revenue":-1234.5,"deals":0},
              {"manager":null,"quarter":"2017-Q4","win_rate":-0.05,"revenue":null,"deals":null}
            ]

            """)
    }

    @Test func jsonl() {
        #expect(Self.render(.jsonl) == """
            {"manager":"Cara Losch","quarter":"2017-Q3","win_rate":0.6652,"revenue":840242.0,"deals":221}
            {"manager":"Dustin Brinkmann","quarter":"2017-Q3","win_rate":0.57865,"revenue":10005534.5,"deals":1186}
            {"manager":"Smith, \\"Jo\\"\\nA|B\\tC","quarter":"2017-Q4","win_rate":null,"revenue":-1234.5,"deals":0}
            {"manager":null,"quarter":"2017-Q4","win_rate":-0.05,"revenue":null,"deals":null}

            """)
    }

    @Test func markdown() {
        #expect(Self.render(.markdown) == """
            | manager              | quarter | win_rate |       revenue | deals |
            | -------------------- | ------- | -------: | ------------: | ----: |
            | Cara Losch           | 2017-Q3 |    66.5% |    840,242.00 |   221 |
            | Dustin Brinkmann     | 2017-Q3 |    57.9% | 10,005,534.50 | 1,186 |
            | Smith, "Jo"\\nA\\|B\\tC | 2017-Q4 |        - |     -1,234.50 |     0 |
            | -                    | 2017-Q4 |    -5.0% |             - |     - |

            quarter = Q3 resolved to 2017-Q3
            4 groups

            """)
    }

    @Test(arguments: [
        (OutputFormat.table, """
            manager │ win_rate
            ────────┼─────────
            (no rows)
            0 rows matched

            """),
        (.csv, "manager,win_rate\n"),
        (.tsv, "manager\twin_rate\n"),
        (.json, "[]\n"),
        (.jsonl, ""),
        (.markdown, """
            | manager | win_rate |
            | ------- | -------: |

            (no rows)
            0 rows matched

            """),
    ])
    func noRows(_ format: OutputFormat, _ expected: String) {
        #expect(Self.render(format, Self.noRows) == expected)
    }

    /// Machine formats print raw values whatever the session's decimals; people's formats
    /// use them for plain decimals and the `number` format.
    @Test func decimalsReachOnlyHumanFormats() {
        let table = ResultTable(
            columns: [
                RenderFixtures.column("ratio", .field, .automatic, [.decimal(0.123456)]),
                RenderFixtures.column("amount", .measure, .number, [.integer(1234)]),
            ],
            rowCount: 1
        )
        let spec = { (format: OutputFormat) in RenderSpec(format: format, decimals: 4) }
        #expect(Renderer.render(table, spec(.table)) == """
             ratio │     amount
            ───────┼───────────
            0.1235 │ 1,234.0000

            """)
        #expect(Renderer.render(table, spec(.csv)) == "ratio,amount\n0.123456,1234\n")
        #expect(Renderer.render(table, spec(.jsonl)) == "{\"ratio\":0.123456,\"amount\":1234}\n")
    }

    /// Every JSON value type, and the characters JSON must escape.
    @Test func jsonValueTypes() {
        let table = ResultTable(
            columns: [
                RenderFixtures.column("flag", .field, .automatic, [.boolean(true)]),
                RenderFixtures.column("day", .field, .automatic, [RenderFixtures.date(2017, 7, 15)]),
                RenderFixtures.column("at", .field, .automatic, [.timestamp(1_500_000)]),
                RenderFixtures.column("tiny", .field, .automatic, [.decimal(1e-05)]),
                RenderFixtures.column("zero", .field, .automatic, [.decimal(-0.0)]),
                RenderFixtures.column("note \"q\"", .field, .automatic, [.text("a\\b\u{01}\r\u{08}\u{0C}é")]),
            ],
            rowCount: 1
        )
        #expect(Renderer.render(table, RenderSpec(format: .jsonl)) == """
            {"flag":true,"day":"2017-07-15","at":"1970-01-01T00:00:01.500000","tiny":1e-05,"zero":0,\
            "note \\"q\\"":"a\\\\b\\u0001\\r\\b\\fé"}

            """)
    }

    /// CSV quotes only what needs it, and an empty text apart from null; TSV escapes.
    @Test(arguments: [
        (Value.text("plain"), "plain", "plain"),
        (.text("a,b"), "\"a,b\"", "a,b"),
        (.text("say \"hi\""), "\"say \"\"hi\"\"\"", "say \"hi\""),
        (.text("two\nlines"), "\"two\nlines\"", "two\\nlines"),
        (.text("cr\r"), "\"cr\r\"", "cr\\r"),
        (.text("tab\there"), "tab\there", "tab\\there"),
        (.text("back\\slash"), "back\\slash", "back\\\\slash"),
        (.text(""), "\"\"", ""),
        (.null, "", ""),
    ] as [(Value, String, String)])
    func delimitedFields(_ value: Value, _ csv: String, _ tsv: String) {
        let table = ResultTable(
            columns: [RenderFixtures.column("note", .field, .automatic, [value], sample: .text(""))], rowCount: 1
        )
        #expect(Renderer.render(table, RenderSpec(format: .csv)) == "note\n\(csv)\n")
        #expect(Renderer.render(table, RenderSpec(format: .tsv)) == "note\n\(tsv)\n")
    }
}
