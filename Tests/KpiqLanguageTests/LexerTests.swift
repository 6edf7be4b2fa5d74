import Testing
@testable import KpiqLanguage

/// Lexer behaviour as a table: source text beside the tokens it becomes (end of file omitted).
struct LexerTests {
    @Test(arguments: [
        // Words, names and punctuation
        ("kpi win_rate by manager", "id(kpi) id(win_rate) id(by) id(manager)"),
        ("KPI _x1 Q3", "id(KPI) id(_x1) id(Q3)"),
        ("`Order Date`", "quoted(Order Date)"),
        ("`a``b`", "quoted(a`b)"),
        ("deals.close_value", "id(deals) . id(close_value)"),
        ("( ) , . ; + - * / = == != <> < <= > >= ->",
         "( ) , . ; + - * / = == != <> < <= > >= ->"),
        ("a->b", "id(a) -> id(b)"),
        ("x<>y", "id(x) <> id(y)"),

        // Strings
        (#""Won""#, "string(Won)"),
        ("'Won'", "string(Won)"),
        (#""say \"hi\"""#, #"string(say "hi")"#),
        (#"'it''s'"#, "string(it's)"),
        (#""a""b""#, #"string(a"b)"#),
        (#""tab\there""#, "string(tab\there)"),
        (#""back\\slash""#, #"string(back\slash)"#),
        (#"'\''"#, "string(')"),
        (#""""#, "string()"),

        // Numbers
        ("12 1_000 1.5 .5 1e3 2.5E-3 7e+2", "int(12) int(1_000) dec(1.5) dec(.5) dec(1e3) dec(2.5E-3) dec(7e+2)"),
        ("60% 12.5%", "pct(60) pct(12.5)"),
        ("4h 30m 2d 1w 15s 1.5h", "dur(4h) dur(30m) dur(2d) dur(1w) dur(15s) dur(1.5h)"),
        ("1.", "int(1) ."),
        ("x.5", "id(x) dec(.5)"),

        // Dates and periods
        ("2017-03-01", "date(2017-03-01)"),
        ("2016-02-29", "date(2016-02-29)"),
        ("2017-Q3 2017-q4", "quarter(2017-Q3) quarter(2017-q4)"),
        ("2017-07", "month(2017-07)"),
        ("2017-W05 2017-w5 2020-W53", "week(2017-W05) week(2017-w5) week(2020-W53)"),
        ("2017 - 7", "int(2017) - int(7)"),
        ("2017-7", "int(2017) - int(7)"),
        ("12017-07", "int(12017) - int(07)"),
        ("2017-Q3x", "int(2017) - id(Q3x)"),
        ("2017", "int(2017)"),
        ("2017-03-01-1", "date(2017-03-01) - int(1)"),

        // Comments
        ("kpi x -- the rest is ignored", "id(kpi) id(x)"),
        ("kpi x # so is this", "id(kpi) id(x)"),
        ("# only a comment", ""),

        // Statement ends
        ("kpi a\nkpi b", "id(kpi) id(a) NL id(kpi) id(b)"),
        ("kpi a;kpi b", "id(kpi) id(a) ; id(kpi) id(b)"),
        ("kpi a;\nkpi b", "id(kpi) id(a) ; id(kpi) id(b)"),
        ("\n\n  kpi a\n\n\n-- note\n\nkpi b\n\n", "id(kpi) id(a) NL id(kpi) id(b) NL"),
        ("kpi a\r\nkpi b", "id(kpi) id(a) NL id(kpi) id(b)"),

        // Continuation: brackets, trailing comma, operator or word, backslash
        ("kpi sum(\n x\n)", "id(kpi) id(sum) ( id(x) )"),
        ("kpi a,\n b", "id(kpi) id(a) , id(b)"),
        ("kpi a /\n b", "id(kpi) id(a) / id(b)"),
        ("kpi a by\n manager", "id(kpi) id(a) id(by) id(manager)"),
        ("kpi a WHERE\n x = 1", "id(kpi) id(a) id(WHERE) id(x) = int(1)"),
        ("link a.b ->\n c.d", "id(link) id(a) . id(b) -> id(c) . id(d)"),
        ("kpi a \\\n by b", "id(kpi) id(a) id(by) id(b)"),
        ("kpi a \\   -- why\n by b", "id(kpi) id(a) id(by) id(b)"),
        ("kpi a,\n-- comment line\n\n b", "id(kpi) id(a) , id(b)"),
        ("export kpi a to\n \"x.csv\"", "id(export) id(kpi) id(a) id(to) string(x.csv)"),
        ("kpi a)\nkpi b", "id(kpi) id(a) ) NL id(kpi) id(b)"),
        ("kpi (a;\nkpi b", "id(kpi) ( id(a) ; id(kpi) id(b)"),
        ("kpi `by`\nkpi b", "id(kpi) quoted(by) NL id(kpi) id(b)"),

        // Errors
        ("kpi @", "id(kpi) error(@)"),
        ("a @$ b", "id(a) error(@$) id(b)"),
        ("a ! b", "id(a) error(!) id(b)"),
        ("a \\ b", "id(a) error(\\) id(b)"),
        ("\"abc", "error(\"abc)"),
        ("load \"abc\nkpi x", "id(load) error(\"abc) NL id(kpi) id(x)"),
        ("`abc\nkpi x", "error(`abc) NL id(kpi) id(x)"),
        ("``", "error(``)"),
        ("12abc", "error(12abc)"),
        ("1_", "error(1_)"),
        ("1__0", "error(1__0)"),
        ("2017-02-30", "error(2017-02-30)"),
        ("2017-Q5", "error(2017-Q5)"),
        ("2017-13", "error(2017-13)"),
        ("2017-W53", "error(2017-W53)"),
        ("café", "error(café)"),
        ("\u{201C}Won\u{201D}", "error(\u{201C}) id(Won) error(\u{201D})"),
        (#""bad \q escape""#, #"error("bad \q escape")"#),
    ])
    func tokens(_ input: String, _ expected: String) {
        #expect(TestSupport.tokenSummary(input) == expected)
    }

    @Test(arguments: [
        ("kpi @", ["unexpected character `@`"]),
        ("\u{0}", ["unexpected character `U+0000`"]),
        ("\"abc", ["unterminated string"]),
        ("2017-02-30 2017-Q0 2017-00 2017-W54", ["no such date `2017-02-30`", "no such quarter `2017-Q0`", "no such month `2017-00`", "no such week `2017-W54`"]),
        ("12abc", ["invalid number `12abc`"]),
        (#""\x""#, [#"unknown escape `\x` in string"#]),
        ("`x", ["unterminated quoted name"]),
    ])
    func diagnosticMessages(_ input: String, _ messages: [String]) {
        let (_, diagnostics) = Lexer.tokenize(TestSupport.source(input))
        #expect(diagnostics.map(\.message) == messages)
        #expect(diagnostics.allSatisfy { $0.source != nil && $0.span != nil })
    }

    @Test func spansAreByteOffsets() {
        let (tokens, _) = Lexer.tokenize(TestSupport.source("kpi é_x `ü` 60%"))
        #expect(tokens.map(\.span) == [Span(0, 3), Span(4, 8), Span(9, 13), Span(14, 17), Span(17, 17)])
    }

    @Test func percentTextIsTheNumber() {
        let (tokens, _) = Lexer.tokenize(TestSupport.source("12.5%"))
        #expect(tokens[0].kind == .percent && tokens[0].text == "12.5" && tokens[0].span == Span(0, 5))
    }
}
