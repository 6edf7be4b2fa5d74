import KpiqLanguage
import Testing

/// When the REPL asks for another line (`...>`) and when it runs what it has.
struct InputCompletenessTests {
    @Test(arguments: [
        // finished statements
        ("", false),
        ("   ", false),
        ("-- just a comment", false),
        ("kpi win_rate by manager", false),
        ("quit", false),
        ("kpi x;", false),
        ("kpi sum(x)", false),
        ("kpi a)", false),
        (#"load "a.csv""#, false),
        ("kpi x -- by", false),
        ("kpi a,\n  b", false),
        ("kpi a by\nmanager\n", false),
        ("show deals `Order Date", false),
        (#"kpi x where s = "a\"b""#, false),
        // a help topic is one word, even a word that would ask for more
        ("help where", false),
        ("help and", false),
        ("HELP by", false),
        ("help\nwhere", true),
        // unfinished: open bracket
        ("kpi sum(", true),
        ("kpi sum(x where (a", true),
        ("define kpi x = count(\n  where s = 1", true),
        // unfinished: trailing comma or operator
        ("kpi revenue,", true),
        ("kpi a +", true),
        ("kpi a -", true),
        ("kpi a *", true),
        ("kpi a /", true),
        ("kpi a where b =", true),
        ("kpi a where b !=", true),
        ("kpi a where b <>", true),
        ("kpi a where b <", true),
        ("kpi a where b <=", true),
        ("kpi a where b >", true),
        ("kpi a where b >=", true),
        ("link deals.agent ->", true),
        ("kpi revenue, -- more below", true),
        // unfinished: continuing word, in any case
        ("kpi revenue by", true),
        ("kpi revenue BY", true),
        ("kpi revenue where", true),
        ("kpi revenue where a and", true),
        ("kpi revenue where a or", true),
        ("kpi revenue where not", true),
        ("kpi revenue from", true),
        ("kpi revenue order", true),
        ("kpi revenue as", true),
        ("kpi revenue where s in", true),
        ("kpi revenue where v between", true),
        ("kpi revenue where p like", true),
        ("kpi revenue where x is", true),
        (#"load "a.csv" with"#, true),
        ("export kpi revenue to", true),
        // unfinished: trailing backslash, unclosed string
        ("kpi revenue \\", true),
        ("kpi revenue \\\n", true),
        ("kpi revenue \\  ", true),
        (#"kpi x where s = "Won"#, true),
        (#"define kpi x = 1 'a description"#, true),
        ("kpi x where s = \"multi\nline", true),
    ])
    func needsContinuation(_ text: String, _ expected: Bool) {
        #expect(InputCompleteness.needsContinuation(text) == expected)
    }
}
