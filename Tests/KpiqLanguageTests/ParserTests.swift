import KpiqLanguage
import Testing

/// Parser behaviour as tables: source beside its tree, printed by `ASTPrinter`.
struct ParserTests {
    @Test(arguments: [
        // load
        (#"load "examples/crm/sales_pipeline.csv" as deals time close_date"#,
         #"(load "examples/crm/sales_pipeline.csv" (as deals) (time close_date))"#),
        (#"LOAD "teams.csv""#, #"(load "teams.csv")"#),
        (#"load 'x.csv' time day as `x y`"#, #"(load "x.csv" (as `x y`) (time day))"#),
        (#"load "x.csv" with (delimiter = ";", header = true, skip = -1, nulls = ("-", "n/a"), types = (id = text, amount = decimal), empty = ())"#,
         #"(load "x.csv" (with (delimiter ";") (header true) (skip -1) (nulls (list "-" "n/a")) (types (options (id text) (amount decimal))) (empty (list))))"#),
        // link, time
        ("link deals.sales_agent -> teams.sales_agent", "(link deals.sales_agent teams.sales_agent)"),
        ("link `my deals`.`Sales Agent` -> teams.agent", "(link `my deals`.`Sales Agent` teams.agent)"),
        ("time deals.close_date", "(time deals.close_date)"),
        // define kpi
        (#"define kpi won = count(where deal_stage = "Won")"#,
         #"(define-kpi won (call count (where (= (name deal_stage) "Won"))))"#),
        ("define kpi win_rate = won / closed format percent target >= 60%",
         "(define-kpi win_rate (/ (name won) (name closed)) (format percent) (target >= (percent 0.6)))"),
        (#"define kpi avg_deal = revenue / won "Average won deal" target > 2500 warn 2000 format money"#,
         #"(define-kpi avg_deal (/ (name revenue) (name won)) (format money) (target > 2500 (warn 2000)) (description "Average won deal"))"#),
        ("define kpi churn = lost / total target <= 5%", "(define-kpi churn (/ (name lost) (name total)) (target <= (percent 0.05)))"),
        ("define kpi x = 1 target = 1", "(define-kpi x 1 (target = 1))"),
        // per-group targets
        ("target win_rate from targets by manager", "(target win_rate (from targets) (by manager))"),
        ("target cycle <= from `Cycle Targets` by `Regional Office`", "(target cycle <= (from `Cycle Targets`) (by `Regional Office`))"),
        // charts and trends
        ("kpi revenue by month chart", "(kpi (name revenue) (by (name month)) (chart))"),
        ("kpi revenue by manager trend month", "(kpi (name revenue) (by (name manager)) (trend (name month)))"),
        // explain change
        ("explain change revenue by manager where quarter = Q3 vs previous",
         "(explain-change revenue (by (name manager)) (where (= (name quarter) (name Q3))) (vs previous))"),
        // scorecards
        ("scorecard review = win_rate, revenue, sales_cycle_days", "(define-scorecard review win_rate revenue sales_cycle_days)"),
        ("scorecard review by manager where quarter = Q3", "(scorecard review (by (name manager)) (where (= (name quarter) (name Q3))))"),
        ("scorecard review vs year_ago order by score desc limit 3", "(scorecard review (order-by (desc (name score))) (limit 3) (vs year_ago))"),
        // define dimension
        (#"define dimension deals.size = if(close_value >= 5000, "large", "small")"#,
         #"(define-dimension deals.size (call if (>= (name close_value) 5000) "large" "small"))"#),
        // kpi queries
        ("kpi win_rate by manager where quarter = Q3",
         "(kpi (name win_rate) (by (name manager)) (where (= (name quarter) (name Q3))))"),
        ("kpi revenue, win_rate by regional_office, quarter",
         "(kpi (name revenue) (name win_rate) (by (name regional_office) (name quarter)))"),
        ("kpi sum(close_value) as total by product order by total desc limit 3",
         "(kpi (as (call sum (name close_value)) total) (by (name product)) (order-by (desc (name total))) (limit 3))"),
        ("kpi won limit 1_000 order by won, manager asc from deals where x by manager",
         "(kpi (name won) (from deals) (by (name manager)) (where (name x)) (order-by (asc (name won)) (asc (name manager))) (limit 1000))"),
        ("kpi count(*), count(), count(x where y)",
         "(kpi (call count) (call count) (call count (name x) (where (name y))))"),
        // show
        ("show deals", "(show deals)"),
        ("show deals where close_value > 5000 order by close_value desc limit 10",
         "(show deals (where (> (name close_value) 5000)) (order-by (desc (name close_value))) (limit 10))"),
        ("show deals id, `Order Date` as ordered, v * 2 as doubled",
         "(show deals (name id) (as (name `Order Date`) ordered) (as (* (name v) 2) doubled))"),
        // describe, listings, quit
        ("describe deals", "(describe deals)"),
        ("describe kpi win_rate", "(describe-kpi win_rate)"),
        ("describe kpi", "(describe kpi)"),
        ("datasets", "(datasets)"),
        ("kpis", "(kpis)"),
        ("quit", "(quit)"),
        ("Exit", "(quit)"),
        // set, run, help
        ("set format = csv", "(set format csv)"),
        ("set timer on", "(set timer on)"),
        ("set decimals 2", "(set decimals 2)"),
        (#"set nulls = "-""#, #"(set nulls "-")"#),
        ("set threshold = 12.5%", "(set threshold (percent 0.125))"),
        (#"run "setup.kpiq""#, #"(run "setup.kpiq")"#),
        ("help", "(help)"),
        ("help where", "(help where)"),
        ("help `load`", "(help `load`)"),
        // export, explain
        (#"export kpi revenue by manager to "revenue.csv""#,
         #"(export (kpi (name revenue) (by (name manager))) "revenue.csv")"#),
        (#"export show deals to "rows.json""#, #"(export (show deals) "rows.json")"#),
        (#"export show deals id, v where v > 1 to "rows.json""#,
         #"(export (show deals (name id) (name v) (where (> (name v) 1))) "rows.json")"#),
        ("explain kpi win_rate by manager", "(explain (kpi (name win_rate) (by (name manager))))"),
        ("explain show deals limit 3", "(explain (show deals (limit 3)))"),
        // several statements, separators and continuation
        ("kpi a; kpi b\n\nkpi c", "(kpi (name a))\n(kpi (name b))\n(kpi (name c))"),
        ("kpi revenue,\n    win_rate by\n  manager", "(kpi (name revenue) (name win_rate) (by (name manager)))"),
        ("kpi revenue \\\n by manager -- comment\nkpis", "(kpi (name revenue) (by (name manager)))\n(kpis)"),
        ("define kpi x = sum(\n  v\n  where ok\n)", "(define-kpi x (call sum (name v) (where (name ok))))"),
    ])
    func statement(_ source: String, _ expected: String) {
        let script = Parser.parse(SourceFile(name: "test.kpiq", text: source))
        #expect(script.diagnostics.isEmpty, "\(DiagnosticRenderer().render(script.diagnostics))")
        #expect(TestSupport.printedStatements(source) == expected)
    }

    @Test(arguments: [
        // precedence: or < and < not < comparison < + - < * / < unary -
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("a - b - c", "(- (- (name a) (name b)) (name c))"),
        ("a / b * c", "(* (/ (name a) (name b)) (name c))"),
        ("-x * y", "(* (- (name x)) (name y))"),
        ("- - 5", "(- (- 5))"),
        ("a + b = c * d", "(= (+ (name a) (name b)) (* (name c) (name d)))"),
        ("a or b and c", "(or (name a) (and (name b) (name c)))"),
        ("a and b or c", "(or (and (name a) (name b)) (name c))"),
        ("not a = b", "(not (= (name a) (name b)))"),
        ("not a and b", "(and (not (name a)) (name b))"),
        ("not not a", "(not (not (name a)))"),
        ("a or b and not c = d", "(or (name a) (and (name b) (not (= (name c) (name d)))))"),
        // comparisons
        ("a = b", "(= (name a) (name b))"),
        ("a == b", "(= (name a) (name b))"),
        ("a != b", "(!= (name a) (name b))"),
        ("a <> b", "(!= (name a) (name b))"),
        ("a < b", "(< (name a) (name b))"),
        ("a <= b", "(<= (name a) (name b))"),
        ("a > b", "(> (name a) (name b))"),
        ("a >= b", "(>= (name a) (name b))"),
        (#"s in ("Won", "Lost")"#, #"(in (name s) "Won" "Lost")"#),
        ("s not in (1)", "(not-in (name s) 1)"),
        ("x between 1 and 10", "(between (name x) 1 10)"),
        ("x between 1 and 10 and y", "(and (between (name x) 1 10) (name y))"),
        ("x not between a + 1 and b * 2", "(not-between (name x) (+ (name a) 1) (* (name b) 2))"),
        (#"p like "GTX%""#, #"(like (name p) "GTX%")"#),
        (#"p not like "%Pro""#, #"(not-like (name p) "%Pro")"#),
        ("x is null", "(is-null (name x))"),
        ("x IS NOT NULL", "(is-not-null (name x))"),
        ("x is null or y", "(or (is-null (name x)) (name y))"),
        // primaries
        ("deals.close_value", "(name deals.close_value)"),
        ("`Order Date`", "(name `Order Date`)"),
        ("`d s`.`a``b`", "(name `d s`.`a``b`)"),
        ("count()", "(call count)"),
        ("count(*)", "(call count)"),
        ("count(* where won)", "(call count (where (name won)))"),
        ("count(where s = 1)", "(call count (where (= (name s) 1)))"),
        ("percentile(v, 0.9 where ok)", "(call percentile (name v) 0.9 (where (name ok)))"),
        ("f(g(x), -1)", "(call f (call g (name x)) (- 1))"),
        // literals
        ("42", "42"),
        ("1_000_000", "1000000"),
        ("1.5", "1.5"),
        (".5", "0.5"),
        ("1e3", "1000.0"),
        ("2.5E-3", "0.0025"),
        ("60%", "(percent 0.6)"),
        ("0.1%", "(percent 0.001)"),
        ("4h", "(duration 14400)"),
        ("30m", "(duration 1800)"),
        ("2d", "(duration 172800)"),
        ("1w", "(duration 604800)"),
        ("90s", "(duration 90)"),
        ("1.5h", "(duration 5400)"),
        (#""Won""#, #""Won""#),
        (#"'say "hi"\n'"#, #""say \"hi\"\n""#),
        ("true", "true"),
        ("FALSE", "false"),
        ("null", "null"),
        ("2017-03-01", "(date 2017-03-01)"),
        ("2017-Q3", "(period 2017-Q3)"),
        ("2017-q3", "(period 2017-Q3)"),
        ("2017-07", "(period 2017-07)"),
        ("2017-W05", "(period 2017-W05)"),
        ("2017-w5", "(period 2017-W05)"),
        ("2017 - 7", "(- 2017 7)"),
        ("Q3", "(name Q3)"),
    ])
    func expression(_ source: String, _ expected: String) {
        let (expression, diagnostics) = Parser.parseExpression(SourceFile(name: "expr", text: source))
        #expect(diagnostics.isEmpty, "\(DiagnosticRenderer().render(diagnostics))")
        #expect(expression.map { ASTPrinter.print($0) } == expected)
    }

    @Test func literalValues() throws {
        func literal(_ text: String) -> Literal? {
            guard case .literal(let value, _)? = Parser.parseExpression(SourceFile(name: "expr", text: text)).0 else { return nil }
            return value
        }
        #expect(literal("2017-03-01") == .date(Int32(CivilDate.days(year: 2017, month: 3, day: 1)!)))
        #expect(literal("2017-Q3") == .period(PeriodLiteral(grain: .quarter, year: 2017, number: 3)))
        #expect(literal("2017-07") == .period(PeriodLiteral(grain: .month, year: 2017, number: 7)))
        #expect(literal("2017-W05") == .period(PeriodLiteral(grain: .week, year: 2017, number: 5)))
        #expect(literal("60%") == .percent(0.6))
        #expect(literal("4h") == .duration(14_400))
        #expect(literal("9223372036854775807") == .integer(Int64.max))
    }

    @Test func spansCoverTheirSource() throws {
        let source = SourceFile(name: "t", text: "kpi sum(v where ok) as total by `Sales Agent`\nlink a.b -> c.d")
        let script = Parser.parse(source)
        #expect(script.statements.map { source.text(of: $0.span) } == [
            "kpi sum(v where ok) as total by `Sales Agent`", "link a.b -> c.d",
        ])
        guard case .query(let query) = script.statements[0] else {
            Issue.record("expected a query")
            return
        }
        #expect(source.text(of: query.items[0].span) == "sum(v where ok) as total")
        #expect(source.text(of: query.items[0].expression.span) == "sum(v where ok)")
        #expect(source.text(of: query.groupBy[0].span) == "`Sales Agent`")
    }

    @Test func parseExpressionRejectsTrailingText() {
        let (expression, diagnostics) = Parser.parseExpression(SourceFile(name: "expr", text: "a b"))
        #expect(expression == nil)
        #expect(diagnostics.map(\.message) == ["expected end of expression, found `b`"])
    }

    @Test func statementsWithErrorsAreLeftOut() {
        let script = Parser.parse(SourceFile(name: "t", text: "kpi a\nkpi b where x where y\nkpi c @\nkpi d"))
        #expect(script.statements.map { ASTPrinter.print($0) } == ["(kpi (name a))", "(kpi (name d))"])
        #expect(script.diagnostics.count == 2)
        #expect(script.diagnostics.allSatisfy { $0.source === script.source })
    }
}
