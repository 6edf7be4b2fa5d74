import KpiqLanguage
import Testing

/// Bad input beside the exact text a user sees (`DiagnosticRenderer`, no color).
struct DiagnosticsTests {
    @Test(arguments: [
        ("link deals.sales_agent teams.sales_agent", """
        test.kpiq:1:24: error: expected `->` after `deals.sales_agent`, found `teams`
         1 | link deals.sales_agent teams.sales_agent
           |                        ^^^^^
        """),
        ("kip win_rate by manager", """
        test.kpiq:1:1: error: unknown statement `kip`
         1 | kip win_rate by manager
           | ^^^
           = help: did you mean `kpi`?
        """),
        ("kpi revenue\n  by manager", """
        test.kpiq:2:3: error: unknown statement `by`
         2 |   by manager
           |   ^^
           = help: a line break ended the statement before `by`; move `by` to the end of the line before, or end that line with `\\`
        """),
        ("kpi win_rate by", """
        test.kpiq:1:16: error: expected an expression after `by`, found end of line
         1 | kpi win_rate by
           |                ^
        """),
        ("kpi revenue were quarter = Q3", """
        test.kpiq:1:13: error: expected `from`, `by`, `where`, `vs`, `order by`, `limit` or end of statement, found `were`
         1 | kpi revenue were quarter = Q3
           |             ^^^^
           = help: did you mean `where`?
        """),
        ("kpi revenue where a = 1 where b = 2", """
        test.kpiq:1:25: error: `where` is given twice
         1 | kpi revenue where a = 1 where b = 2
           |                         ^^^^^
           = help: combine the conditions with `and` in one `where`
        """),
        ("kpi won by a order by won by b", """
        test.kpiq:1:27: error: `by` is given twice
         1 | kpi won by a order by won by b
           |                           ^^
           = help: list every grouping in one `by`, separated by commas
        """),
        ("kpi a < b < c", """
        test.kpiq:1:11: error: comparisons cannot be chained
         1 | kpi a < b < c
           |           ^
           = help: combine two comparisons with `and`, as in `a < b and b < c`
        """),
        ("define kpi x = sum(a b)", """
        test.kpiq:1:22: error: expected `,`, `where` or `)` after `sum(a`, found `b`
         1 | define kpi x = sum(a b)
           |                      ^
        """),
        ("define kpi total = sum(a", """
        test.kpiq:1:25: error: expected `,`, `where` or `)` after `sum(a`, found end of line
         1 | define kpi total = sum(a
           |                         ^
        """),
        ("define metric x = 1", """
        test.kpiq:1:8: error: expected `kpi` or `dimension` after `define`, found `metric`
         1 | define metric x = 1
           |        ^^^^^^
        """),
        ("define kip x = 1", """
        test.kpiq:1:8: error: expected `kpi` or `dimension` after `define`, found `kip`
         1 | define kip x = 1
           |        ^^^
           = help: did you mean `kpi`?
        """),
        ("define kpi order = 1", """
        test.kpiq:1:12: error: expected a KPI name after `kpi`, found `order`
         1 | define kpi order = 1
           |            ^^^^^
           = help: `order` is a reserved word; write `` `order` `` to use it as a name
        """),
        ("load sales.csv", """
        test.kpiq:1:6: error: expected a file path in quotes after `load`, found `sales`
         1 | load sales.csv
           |      ^^^^^
           = help: put it in quotes: `"sales"`
        """),
        ("time close_date", """
        test.kpiq:1:16: error: expected `.` after `close_date`, found end of line
         1 | time close_date
           |                ^
           = help: name the column with its dataset, as in `deals.close_date`
        """),
        ("kpi x limit 2.5", """
        test.kpiq:1:13: error: expected a whole number after `limit`, found `2.5`
         1 | kpi x limit 2.5
           |             ^^^
        """),
        ("kpi x where s in 1, 2", """
        test.kpiq:1:18: error: expected `(` after `in`, found `1`
         1 | kpi x where s in 1, 2
           |                  ^
           = help: write the values in brackets, as in `in ("Won", "Lost")`
        """),
        ("kpi x where v between 1 or 2", """
        test.kpiq:1:25: error: expected `and` after `between 1`, found `or`
         1 | kpi x where v between 1 or 2
           |                         ^^
        """),
        ("define kpi x = y target != 5", """
        test.kpiq:1:25: error: expected `>=`, `<=`, `>`, `<` or `=` after `target`, found `!=`
         1 | define kpi x = y target != 5
           |                         ^^
        """),
        (#"export kpi x "a.csv""#, """
        test.kpiq:1:14: error: expected `from`, `by`, `where`, `vs`, `order by`, `limit` or `to`, found `"a.csv"`
         1 | export kpi x "a.csv"
           |              ^^^^^^^
        """),
        ("show deals by manager", """
        test.kpiq:1:12: error: expected columns, `where`, `order by`, `limit` or end of statement, found `by`
         1 | show deals by manager
           |            ^^
        """),
        ("kpi 99999999999999999999", """
        test.kpiq:1:5: error: number `99999999999999999999` is too large
         1 | kpi 99999999999999999999
           |     ^^^^^^^^^^^^^^^^^^^^
           = help: whole numbers go up to 9223372036854775807; write a decimal such as `1e19` for larger values
        """),
        // lexical errors
        ("kpi won where stage = \"Won", """
        test.kpiq:1:23: error: unterminated string
         1 | kpi won where stage = "Won
           |                       ^
           = help: close it with `"`
        """),
        ("kpi revenue where quarter = 2017-Q5", """
        test.kpiq:1:29: error: no such quarter `2017-Q5`
         1 | kpi revenue where quarter = 2017-Q5
           |                             ^^^^^^^
           = help: quarters are Q1 to Q4
        """),
        ("kpi revenue where day = 2017-02-30", """
        test.kpiq:1:25: error: no such date `2017-02-30`
         1 | kpi revenue where day = 2017-02-30
           |                         ^^^^^^^^^^
           = help: 2017-02 has 28 days
        """),
        ("kpi revenue where week = 2017-W53", """
        test.kpiq:1:26: error: no such week `2017-W53`
         1 | kpi revenue where week = 2017-W53
           |                          ^^^^^^^^
           = help: 2017 has 52 ISO weeks, W01 to W52
        """),
        ("kpi revenue where month = 2017-13", """
        test.kpiq:1:27: error: no such month `2017-13`
         1 | kpi revenue where month = 2017-13
           |                           ^^^^^^^
           = help: months are 01 to 12
        """),
        ("kpi won where a @ b", """
        test.kpiq:1:17: error: unexpected character `@`
         1 | kpi won where a @ b
           |                 ^
        """),
        ("kpi won where a ! b", """
        test.kpiq:1:17: error: unexpected character `!`
         1 | kpi won where a ! b
           |                 ^
           = help: did you mean `!=`?
        """),
        ("kpi won where a && b", """
        test.kpiq:1:17: error: unexpected characters `&&`
         1 | kpi won where a && b
           |                 ^^
           = help: write `and` to combine conditions
        """),
        ("kpi 12abc", """
        test.kpiq:1:5: error: invalid number `12abc`
         1 | kpi 12abc
           |     ^^^^^
           = help: a name cannot start with a digit; write `` `12abc` `` to use it as a name
        """),
        ("show deals `Order Date", """
        test.kpiq:1:12: error: unterminated quoted name
         1 | show deals `Order Date
           |            ^
           = help: close it with `` ` `` on the same line
        """),
        ("kpi x where s = \"a\\qb\"", """
        test.kpiq:1:19: error: unknown escape `\\q` in string
         1 | kpi x where s = "a\\qb"
           |                   ^^
           = help: the escapes are `\\\\`, `\\"`, `\\'`, `\\n` and `\\t`; write `\\\\` for a backslash
        """),
        ("kpi café", """
        test.kpiq:1:5: error: `café` is not a plain name
         1 | kpi café
           |     ^^^^
           = help: bare names use ASCII letters, digits and `_`; write `` `café` `` for any other name
        """),
    ])
    func rendered(_ source: String, _ expected: String) {
        #expect(TestSupport.renderedDiagnostics(source) == expected)
    }

    /// A script with several mistakes reports all of them in one run, in source order, and
    /// keeps the statements that were fine.
    @Test func everyMistakeInAScriptIsReported() {
        let script = """
        load "sales.csv" as deals
        kip win_rate
        link deals.sales_agent teams.sales_agent
        define kpi won = count(where stage = "Won"
        kpi won by manager; kpi won where quarter = 2017-Q7
        show deals limit x
        kpi won by manager
        """
        #expect(TestSupport.renderedDiagnostics(script) == """
        test.kpiq:2:1: error: unknown statement `kip`
         2 | kip win_rate
           | ^^^
           = help: did you mean `kpi`?
        test.kpiq:3:24: error: expected `->` after `deals.sales_agent`, found `teams`
         3 | link deals.sales_agent teams.sales_agent
           |                        ^^^^^
        test.kpiq:4:43: error: expected `)` after `count(where stage = "Won"`, found end of line
         4 | define kpi won = count(where stage = "Won"
           |                                           ^
        test.kpiq:5:45: error: no such quarter `2017-Q7`
         5 | kpi won by manager; kpi won where quarter = 2017-Q7
           |                                             ^^^^^^^
           = help: quarters are Q1 to Q4
        test.kpiq:6:18: error: expected a whole number after `limit`, found `x`
         6 | show deals limit x
           |                  ^
        """)
        #expect(TestSupport.printedStatements(script) == """
        (load "sales.csv" (as deals))
        (kpi (name won) (by (name manager)))
        (kpi (name won) (by (name manager)))
        """)
    }

    @Test func diagnosticsCarryTheirSource() {
        let source = SourceFile(name: "model.kpiq", text: "kip x\nkpi @")
        let script = Parser.parse(source)
        #expect(script.diagnostics.count == 2)
        #expect(script.diagnostics.allSatisfy { $0.source === source })
    }
}

extension DiagnosticsTests {
    /// An open bracket hides the line break from the parser; after a mistake, a statement
    /// word at the start of the next line still begins a new statement. (Where a name may
    /// stand, such a word is read as a name: `kpi` and `load` are not reserved.)
    @Test(arguments: [
        ("kpi sum(x\nshow deals", "test.kpiq:1:10: error: expected `,`, `where` or `)` after `sum(x`, found end of line"),
        ("kpi sum(x where\n  ok\nkpi lost", "test.kpiq:2:5: error: expected `)` after `sum(x where ok`, found end of line"),
        ("define kpi x = count(where s in (1, 2)\nlink a.b -> c.d", "test.kpiq:1:39: error: expected `)` after `count(where s in (1, 2)`, found end of line"),
    ])
    func nextStatementSurvivesAMistake(_ source: String, _ firstLine: String) {
        let script = Parser.parse(SourceFile(name: "test.kpiq", text: source))
        #expect(script.diagnostics.count == 1)
        #expect(TestSupport.renderedDiagnostics(source).split(separator: "\n").first.map(String.init) == firstLine)
        #expect(script.statements.count == 1)
    }
}
