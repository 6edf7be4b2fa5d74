import Foundation
import Testing

/// The real `kpiq` binary: exit statuses, what goes to stdout and what to stderr, formats,
/// flags, and the reference values of the bundled examples.
///
/// Exit status: 0 when every statement ran, 1 when one failed, 2 for a wrong command line.
/// Results go to stdout; notes, warnings and diagnostics to stderr.
@Suite struct CommandLineTests {
    static let model = "examples/crm/model.kpiq"
    static let churn = "examples/churn/churn.kpiq"

    /// A small dataset most tests load: `load "sales.csv"` (from the script's folder, or from
    /// the working directory for -c and standard input).
    static let salesCSV = "region,amount\nNorth,10\nSouth,20\nNorth,5\n"

    static func folderWithSales() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("sales.csv", salesCSV)
        return folder
    }

    /// Rows of a CSV result (the tests' values hold no quotes or commas), header first.
    static func csvRows(_ text: String, separator: Character = ",") -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// `key -> value` of a two-column CSV result, with the header checked.
    static func pairs(_ text: String, header: [String]) -> [String: Double] {
        let rows = csvRows(text)
        #expect(rows.first == header)
        var result: [String: Double] = [:]
        for row in rows.dropFirst() where row.count == 2 { result[row[0]] = Double(row[1]) }
        return result
    }

    /// Each key's value equals the fraction (to the last bit but a few).
    static func expectFractions(_ actual: [String: Double], _ expected: [(String, Double, Double)],
                                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(actual)", sourceLocation: sourceLocation)
        for (key, numerator, denominator) in expected {
            let value = actual[key]
            let close = value.map { abs($0 - numerator / denominator) < 1e-12 } ?? false
            let shown = value.map { String($0) } ?? "missing"
            #expect(close, "\(key): \(shown) is not \(Int(numerator))/\(Int(denominator))", sourceLocation: sourceLocation)
        }
    }

    // MARK: reference values of the bundled examples (examples/crm/SOURCE.md, examples/churn)

    static let q3WinRates: [(String, Double, Double)] = [
        ("Cara Losch", 147, 221), ("Celia Rouche", 174, 289), ("Dustin Brinkmann", 206, 356),
        ("Melvin Marxen", 288, 449), ("Rocco Neubert", 220, 364), ("Summer Sewald", 222, 368),
    ]

    @Test func crmWinRateByManagerInQ3() throws {
        let run = try KpiqBinary.run(["--format", "csv", Self.model, "-c", "kpi win_rate by manager where quarter = Q3"])
        #expect(run.status == 0, "\(run)")
        Self.expectFractions(Self.pairs(run.stdout, header: ["manager", "win_rate"]), Self.q3WinRates)
        #expect(run.stderr.contains("Q3 is 2017-Q3"), "\(run)")
        #expect(!run.stdout.contains("2017-Q3"), "the note is not a result: \(run)")
    }

    @Test("CRM win rates by manager, quarter and office", arguments: [
        ("kpi win_rate by manager", "manager", [
            ("Cara Losch", 480.0, 745.0), ("Celia Rouche", 610, 962), ("Dustin Brinkmann", 747, 1186),
            ("Melvin Marxen", 882, 1418), ("Rocco Neubert", 691, 1113), ("Summer Sewald", 828, 1287),
        ]),
        ("kpi win_rate by quarter where quarter is not null", "quarter", [
            ("2017-Q1", 531, 647), ("2017-Q2", 1254, 2032), ("2017-Q3", 1257, 2047), ("2017-Q4", 1196, 1985),
        ]),
        ("kpi win_rate by regional_office", "regional_office", [
            ("Central", 1629, 2604), ("East", 1171, 1858), ("West", 1438, 2249),
        ]),
    ])
    func crmWinRates(_ query: String, _ key: String, _ expected: [(String, Double, Double)]) throws {
        let run = try KpiqBinary.run(["--format", "csv", Self.model, "-c", query])
        #expect(run.status == 0, "\(run)")
        Self.expectFractions(Self.pairs(run.stdout, header: [key, "win_rate"]), expected)
    }

    @Test func crmTotals() throws {
        let run = try KpiqBinary.run(["--format", "csv", Self.model, "-c",
                                      "kpi win_rate, won, revenue, avg_deal_size, sales_cycle_days"])
        #expect(run.status == 0, "\(run)")
        let rows = Self.csvRows(run.stdout)
        #expect(rows.first == ["win_rate", "won", "revenue", "avg_deal_size", "sales_cycle_days"])
        let values = rows.count == 2 ? rows[1].compactMap(Double.init) : []
        try #require(values.count == 5, "\(run)")
        #expect(abs(values[0] - 4238.0 / 6711) < 1e-12)
        #expect(rows[1][1] == "4238")
        #expect(rows[1][2] == "10005534")
        #expect((values[3] * 100).rounded() / 100 == 2360.91)
        #expect(abs(values[3] - 10_005_534.0 / 4238) < 1e-9)
        #expect((values[4] * 100).rounded() / 100 == 51.78)
    }

    @Test func churnRateByContract() throws {
        let run = try KpiqBinary.run(["--format", "csv", Self.churn, "-c", "kpi churn_rate by contract", "-c", "kpi churn_rate as overall"])
        #expect(run.status == 0, "\(run)")
        let parts = run.stdout.components(separatedBy: "overall\n")
        try #require(parts.count == 2, "\(run)")
        Self.expectFractions(Self.pairs(parts[0], header: ["contract", "churn_rate"]), [
            ("Month-to-month", 1655, 3875), ("One year", 166, 1473), ("Two year", 48, 1695),
        ])
        #expect(abs((Double(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) - 1869.0 / 7043) < 1e-12, "\(run)")
    }

    /// Both examples in one session: `customers_total = count()` could count deals or
    /// customers, which do not link; kpiq warns, and `from` settles it.
    @Test func twoExamplesInOneSession() throws {
        let run = try KpiqBinary.run(["--format", "csv", Self.model, Self.churn,
                                      "-c", "kpi customers_total from customers", "-c", "kpi churn_rate", "-c", "kpi customers_total"])
        #expect(run.status == 0, "\(run)")
        let values = run.stdout.split(separator: "\n").map(String.init)
        #expect(values.count == 6, "\(run)")
        #expect(Array(values.prefix(2)) == ["customers_total", "7043"], "\(run)")
        #expect(values.count == 6 && abs((Double(values[3]) ?? 0) - 1869.0 / 7043) < 1e-12, "churn_rate names churn, so it runs on customers: \(run)")
        #expect(run.stderr.contains("warning: `count()` runs on `deals`, but could as well run on `customers`"), "\(run)")
        #expect(run.stderr.contains("in KPI `customers_total`, used at <command line 3>:1:5"), "\(run)")
    }

    /// Every script in examples/ runs cleanly on its own.
    static var exampleScripts: [String] {
        let examples = KpiqBinary.repository.appendingPathComponent("examples")
        let found = FileManager.default.enumerator(atPath: examples.path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".kpiq") }.map { "examples/" + $0 }.sorted()
    }

    @Test func examplesAreFound() {
        #expect(Set(Self.exampleScripts).isSuperset(of: ["examples/tour.kpiq", Self.model, Self.churn]))
    }

    @Test("every example script runs", arguments: exampleScripts)
    func exampleRuns(_ script: String) throws {
        let run = try KpiqBinary.run([script])
        #expect(run.status == 0, "\(run)")
        #expect(!run.stderr.contains("error"), "\(run)")
    }

    /// The tour prints on the command line what its golden file pins (the golden test runs it
    /// in-process; this is the same through the binary).
    @Test func tourThroughTheBinaryMatchesItsGolden() throws {
        let run = try KpiqBinary.run(["examples/tour.kpiq"])
        let expected = try String(contentsOf: KpiqBinary.repository.appendingPathComponent("examples/tour.expected"), encoding: .utf8)
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "\(run)")
        #expect(run.stdout + "---- ok ----\n" == expected, "\(run)")
    }

    // MARK: mistakes in scripts

    @Test func mistypedQueryInBatchMode() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = KpiqBinary.repository.appendingPathComponent(Self.model).path
        try folder.write("typo.kpiq", "run \"\(model)\"\nkpi win_rat by manager\n")
        let run = try KpiqBinary.run(["typo.kpiq"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty, "\(run)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "typo.kpiq:2:5: error: unknown KPI `win_rat`", "\(run)")
        #expect(lines.contains(" 2 | kpi win_rat by manager"), "\(run)")
        #expect(lines.contains("   |     ^^^^^^^"), "\(run)")
        #expect(run.stderr.contains("did you mean `win_rate`?"), "\(run)")
    }

    @Test func everyMistakeOfAScriptIsReported() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("two.kpiq", "load \"sales.csv\"\nkpi sum(amont)\nkpi sum(amount) by regoin\n")
        let run = try KpiqBinary.run(["two.kpiq"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("two.kpiq:2:9: error: unknown column `amont`"), "\(run)")
        #expect(run.stderr.contains("two.kpiq:3:20: error: unknown column `regoin`"), "\(run)")
    }

    @Test func syntaxErrorStopsResultsButNotTheOtherDiagnostics() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("syntax.kpiq", "load \"sales.csv\"\nkpi count() as n\nkpi sum(amount) by by region\nkpi nope\n")
        let run = try KpiqBinary.run(["--format", "csv", "syntax.kpiq"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty, "a script that does not parse runs nothing: \(run)")
        #expect(run.stderr.contains("syntax.kpiq:3:"), "\(run)")
        #expect(run.stderr.contains("syntax.kpiq:4:5: error: unknown KPI `nope`"), "\(run)")
    }

    @Test func malformedCSVNamesTheLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("bad.csv", "id,amount\n1,2\n2,3,4\n3,5\n4,6,7,8\n")
        try folder.write("strict.kpiq", "load \"bad.csv\"\nkpi count()\n")
        let strict = try KpiqBinary.run(["strict.kpiq"], in: folder.url)
        #expect(strict.status == 1)
        #expect(strict.stdout.isEmpty)
        #expect(strict.stderr.contains("strict.kpiq:1:6: error: cannot load \"bad.csv\": line 3: expected 2 fields, found 3"), "\(strict)")
        #expect(strict.stderr.contains("on_error = skip"), "the error suggests skipping: \(strict)")

        try folder.write("skip.kpiq", "load \"bad.csv\" with (on_error = skip)\nkpi count(), sum(amount)\n")
        let skipping = try KpiqBinary.run(["--format", "csv", "skip.kpiq"], in: folder.url)
        #expect(skipping.status == 0, "\(skipping)")
        #expect(skipping.stdout == "count(),sum(amount)\n2,7\n")
        #expect(skipping.stderr.contains("note: skipped 2 malformed rows of bad.csv (line 3: expected 2 fields, found 3; line 5: expected 2 fields, found 4)"),
                "\(skipping)")
    }

    @Test func missingScriptFile() throws {
        let run = try KpiqBinary.run(["no/such/script.kpiq"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "kpiq: 'no/such/script.kpiq': no such file\n")
    }

    @Test func directoryGivenAsScript() throws {
        let run = try KpiqBinary.run(["examples"])
        #expect(run.status == 1)
        #expect(run.stderr == "kpiq: 'examples': is not a readable file\n")
    }

    @Test func missingCSVFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("scripts/load.kpiq", "load \"nowhere.csv\"\n")
        let run = try KpiqBinary.run(["scripts/load.kpiq"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("scripts/load.kpiq:1:6: error: no such file \"nowhere.csv\""), "\(run)")
        #expect(run.stderr.contains("a relative path is read from the script's folder (scripts)"), "\(run)")
    }

    // MARK: the command line itself

    @Test("a wrong command line exits 2 with usage on stderr", arguments: [
        ["--bogus"],
        ["--format", "xml", "-c", "kpi count()"],
        ["--format"],
        ["-c"],
        ["--output"],
        ["check"],
        ["check", "examples/crm/model.kpiq", "-c", "kpi won"],
        ["check", "-o", "/dev/null", "examples/crm/model.kpiq"],
        ["check", "-i", "examples/crm/model.kpiq"],
        ["-x", "examples/crm/model.kpiq"],
    ])
    func wrongCommandLine(_ arguments: [String]) throws {
        let run = try KpiqBinary.run(arguments)
        #expect(run.status == 2, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(run.stderr.contains("Error: "), "\(run)")
        #expect(run.stderr.contains("Usage:"), "\(run)")
    }

    @Test func unwritableOutputFileIsACommandLineMistake() throws {
        let run = try KpiqBinary.run(["--output", "/nonexistent-folder/out.csv", Self.model, "-c", "kpi won"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("kpiq: cannot write '/nonexistent-folder/out.csv'"), "\(run)")
    }

    @Test func help() throws {
        let run = try KpiqBinary.run(["--help"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        for text in ["kpiq FILE...", "kpiq check FILE...", "--format", "--output", "--continue-on-error", "-c", "-i", "Exit status"] {
            #expect(run.stdout.contains(text), "help mentions \(text): \(run)")
        }
    }

    @Test func version() throws {
        let run = try KpiqBinary.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "0.1.0\n")
    }

    @Test("format names ignore case", arguments: ["csv", "CSV", "Csv"])
    func formatNameCase(_ name: String) throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["--format", name, "-c", "load \"sales.csv\"", "-c", "kpi count() as n"], in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "n\n3\n")
    }

    // MARK: where statements come from

    @Test func statementsFromStandardInput() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["--format", "csv"], input: "load \"sales.csv\"\nkpi sum(amount) as total by region\n", in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "region,total\nNorth,15\nSouth,20\n")
        #expect(run.stderr.isEmpty, "\(run)")
    }

    @Test func mistakeOnStandardInput() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["--format", "csv"], input: "load \"sales.csv\"\nkpi sum(amount) by regin\nkpi count() as n\n", in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(run.stderr.hasPrefix("<stdin>:2:20: error: unknown column `regin`"), "\(run)")
    }

    @Test func emptyStandardInput() throws {
        let run = try KpiqBinary.run([], input: "")
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.isEmpty)
    }

    @Test func severalCommandsRunInOrder() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["--format", "csv", "-c", "load \"sales.csv\"", "-c", "kpi count() as n", "-c", "kpi sum(amount) as total; kpi max(amount) as top"],
                                     in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "n\n3\ntotal\n35\ntop\n20\n")
    }

    @Test func commandsAreNamedByTheirPlace() throws {
        let run = try KpiqBinary.run(["-c", "datasets", "-c", "kpi nope"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("<command line 2>:1:5: error: unknown KPI `nope`"), "\(run)")
        let single = try KpiqBinary.run(["-c", "kpi nope"])
        #expect(single.stderr.hasPrefix("<command line>:1:5: error: unknown KPI `nope`"), "\(single)")
    }

    @Test func scriptsAndCommandsShareOneSession() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("data.kpiq", "load \"sales.csv\"\n")
        try folder.write("kpis.kpiq", "define kpi total = sum(amount)\n")
        let run = try KpiqBinary.run(["--format", "csv", "data.kpiq", "kpis.kpiq", "-c", "kpi total by region", "-c", "kpi total"], in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "region,total\nNorth,15\nSouth,20\ntotal\n35\n")
    }

    @Test func relativePathsInAScriptAreReadFromItsFolder() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("nested/deeper/script.kpiq", "load \"../../sales.csv\"\nexport kpi count() as n to \"n.csv\"\n")
        let run = try KpiqBinary.run([folder.url.appendingPathComponent("nested/deeper/script.kpiq").path])
        #expect(run.status == 0, "\(run)")
        #expect(try folder.read("nested/deeper/n.csv") == "n\n3\n")
    }

    @Test("scripts saved with a byte-order mark or CRLF line ends", arguments: [
        "\u{FEFF}load \"sales.csv\"\nkpi count() as n\nkpi nope\n",
        "load \"sales.csv\"\r\nkpi count() as n\r\nkpi nope\r\n",
        "\u{FEFF}load \"sales.csv\"\r\nkpi count() as n\r\nkpi nope\r\n",
    ])
    func scriptsFromOtherEditors(_ text: String) throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("script.kpiq", text)
        let run = try KpiqBinary.run(["--format", "csv", "--continue-on-error", "script.kpiq"], in: folder.url)
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout == "n\n3\n", "\(run)")
        #expect(run.stderr.hasPrefix("script.kpiq:3:5: error: unknown KPI `nope`\n 3 | kpi nope\n   |     ^^^^\n"), "\(run)")
    }

    @Test func interactiveFlagWithPipedInputRunsTheScriptsThenTheInput() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("data.kpiq", "load \"sales.csv\"\n")
        let run = try KpiqBinary.run(["-i", "--format", "csv", "data.kpiq"], input: "kpi count() as n\n", in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "n\n3\n")
    }

    @Test func quitStopsTheRun() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("first.kpiq", "load \"sales.csv\"\nkpi count() as n\nquit\nkpi nope\n")
        try folder.write("second.kpiq", "kpi sum(amount) as total\n")
        let run = try KpiqBinary.run(["--format", "csv", "first.kpiq", "second.kpiq", "-c", "kpi max(amount) as top"], in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "n\n3\n")
        #expect(run.stderr.isEmpty)
    }

    /// After a failure the rest of a script is only checked; `quit` still ends it there, and
    /// what follows it (even text that does not parse) is neither checked nor reported.
    @Test func quitAfterAFailureEndsTheChecking() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("first.kpiq", "load \"sales.csv\"\nkpi nope\nquit\nkpi nope_either\nkpi count(\n")
        try folder.write("second.kpiq", "show salez\n")
        for arguments in [["first.kpiq", "second.kpiq", "-c", "kpi nor_this"], ["--continue-on-error", "first.kpiq", "second.kpiq"]] {
            let run = try KpiqBinary.run(arguments, in: folder.url)
            #expect(run.status == 1, "\(arguments): \(run)")
            #expect(run.stderr.contains("first.kpiq:2:5: error: unknown KPI `nope`"), "\(arguments): \(run)")
            #expect(!run.stderr.contains("nope_either") && !run.stderr.contains("first.kpiq:5")
                    && !run.stderr.contains("salez") && !run.stderr.contains("nor_this"), "\(arguments): \(run)")
        }
    }

    /// `check` stops where a run would: at `quit`, and says which scripts it left out.
    @Test func checkStopsAtQuit() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("first.kpiq", "load \"sales.csv\"\nkpi count()\nexit\nkpi nope\nkpi count(\n")
        try folder.write("second.kpiq", "show salez\n")
        let alone = try KpiqBinary.run(["check", "first.kpiq"], in: folder.url)
        #expect(alone.status == 0, "\(alone)")
        #expect(alone.stderr == "ok: 1 script checked\n")
        let both = try KpiqBinary.run(["check", "first.kpiq", "second.kpiq"], in: folder.url)
        #expect(both.status == 0, "\(both)")
        #expect(both.stderr == "note: 'first.kpiq' quits, so 'second.kpiq' would not run and was not checked\nok: 1 script checked\n")
        try folder.write("broken.kpiq", "load \"sales.csv\"\nkpi nope\nquit\nkpi nope_either\n")
        let broken = try KpiqBinary.run(["check", "broken.kpiq", "second.kpiq"], in: folder.url)
        #expect(broken.status == 1, "\(broken)")
        #expect(broken.stderr.contains("broken.kpiq:2:5: error: unknown KPI `nope`"), "\(broken)")
        #expect(!broken.stderr.contains("nope_either") && !broken.stderr.contains("salez") && !broken.stderr.contains("ok:"), "\(broken)")
    }

    /// A pseudo-terminal through util-linux `script`: the prompt, line continuation, and a
    /// clean exit after a mistake at the prompt.
    @Test func interactiveOnATerminal() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else { return }
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let kpiq = try KpiqBinary.locate().path
        let run = try KpiqBinary.run(executable: script, ["-qec", "\(kpiq) --format csv", "/dev/null"],
                                     input: "load \"sales.csv\"\nkpi sum(amount) as total by\n  region\nkpi nope\nquit\n", in: folder.url, timeout: 60)
        let screen = run.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(run.status == 0, "\(run)")
        #expect(screen.contains("kpiq> "), "\(screen)")
        #expect(screen.contains("region,total\nNorth,15\nSouth,20\n"), "\(screen)")
        #expect(screen.contains("unknown KPI `nope`"), "\(screen)")
    }

    // MARK: failures and --continue-on-error

    static let failingScript = "load \"sales.csv\"\nkpi count() as a\nkpi nope\nkpi sum(amount) as b\nkpi alsonope\nkpi max(amount) as c\n"

    @Test("results after a failure", arguments: [
        (["--format", "csv", "failing.kpiq"], "a\n3\n"),
        (["--format", "csv", "--continue-on-error", "failing.kpiq"], "a\n3\nb\n35\nc\n20\n"),
        (["--continue-on-error", "--format", "csv", "failing.kpiq", "-c", "kpi min(amount) as d"], "a\n3\nb\n35\nc\n20\nd\n5\n"),
        (["--format", "csv", "failing.kpiq", "-c", "kpi min(amount) as d"], "a\n3\n"),
        (["--format", "csv", "failing.kpiq", "later.kpiq"], "a\n3\n"),
    ])
    func resultsAfterAFailure(_ arguments: [String], _ expected: String) throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("failing.kpiq", Self.failingScript)
        try folder.write("later.kpiq", "kpi min(amount) as d\nkpi stillnope\n")
        let run = try KpiqBinary.run(arguments, in: folder.url)
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout == expected, "\(run)")
        // Both mistakes are reported either way, and so are mistakes in later sources.
        #expect(run.stderr.contains("failing.kpiq:3:5: error: unknown KPI `nope`"), "\(run)")
        #expect(run.stderr.contains("failing.kpiq:5:5: error: unknown KPI `alsonope`"), "\(run)")
        if arguments.contains("later.kpiq") {
            #expect(run.stderr.contains("later.kpiq:2:5: error: unknown KPI `stillnope`"), "\(run)")
        }
    }

    @Test func aFailedScriptStopsTheResultsOfStandardInput() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("failing.kpiq", "load \"sales.csv\"\nkpi nope\n")
        let run = try KpiqBinary.run(["-i", "--format", "csv", "failing.kpiq"], input: "kpi count() as n\nkpi nope2\n", in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(run.stderr.contains("<stdin>:2:5: error: unknown KPI `nope2`"), "\(run)")
    }

    // MARK: output

    @Test func outputFileTakesTheResults() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let output = folder.url.appendingPathComponent("out.csv").path
        let run = try KpiqBinary.run(["--format", "csv", "--output", output, Self.model, "-c", "kpi win_rate by manager where quarter = Q3"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(run.stderr.contains("Q3 is 2017-Q3"), "notes still go to stderr: \(run)")
        Self.expectFractions(Self.pairs(try folder.read("out.csv"), header: ["manager", "win_rate"]), Self.q3WinRates)
    }

    @Test func shortOutputOptionAndTableFormat() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["-o", "out.txt", "-c", "load \"sales.csv\"", "-c", "kpi sum(amount) as total by region"], in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(try folder.read("out.txt") == """
            region │ total
            ───────┼──────
            North  │    15
            South  │    20
            2 rows · 3 rows of sales

            """)
    }

    static let q3Query = "kpi win_rate, won by manager where quarter = Q3 order by won desc limit 2"

    @Test func everyFormatOnOneQuery() throws {
        func run(_ format: String) throws -> KpiqBinary.Run {
            let run = try KpiqBinary.run(["--format", format, Self.model, "-c", Self.q3Query])
            #expect(run.status == 0, "\(run)")
            return run
        }
        // Raw values at full precision; a percent is the fraction.
        #expect(try run("csv").stdout == "manager,win_rate,won\nMelvin Marxen,\(288.0 / 449),288\nSummer Sewald,\(222.0 / 368),222\n")
        #expect(try run("tsv").stdout == "manager\twin_rate\twon\nMelvin Marxen\t\(288.0 / 449)\t288\nSummer Sewald\t\(222.0 / 368)\t222\n")

        // JSONDecoder reads numbers exactly (JSONSerialization on Linux can be a bit off).
        struct Row: Decodable, Equatable {
            var manager: String
            var win_rate: Double
            var won: Int
        }
        let rows = [Row(manager: "Melvin Marxen", win_rate: 288.0 / 449, won: 288), Row(manager: "Summer Sewald", win_rate: 222.0 / 368, won: 222)]
        let json = try run("json").stdout
        #expect(try JSONDecoder().decode([Row].self, from: Data(json.utf8)) == rows, "\(json)")
        #expect(json.contains("\"win_rate\":\(288.0 / 449)"), "the shortest text that reads back the same double: \(json)")
        let jsonl = try run("jsonl").stdout
        let lines = jsonl.split(separator: "\n")
        #expect(try lines.map { try JSONDecoder().decode(Row.self, from: Data($0.utf8)) } == rows, "\(jsonl)")

        #expect(try run("markdown").stdout.hasPrefix("""
            | manager       | win_rate | won |
            | ------------- | -------: | --: |
            | Melvin Marxen |    64.1% | 288 |
            | Summer Sewald |    60.3% | 222 |

            """))
        #expect(try run("table").stdout.hasPrefix("""
            manager       │ win_rate │ won
            ──────────────┼──────────┼────
            Melvin Marxen │    64.1% │ 288
            Summer Sewald │    60.3% │ 222
            Q3 is 2017-Q3, the latest Q3 in deals

            """))
    }

    @Test("machine formats send captions to stderr", arguments: ["csv", "tsv", "json", "jsonl"])
    func machineFormatsKeepStdoutClean(_ format: String) throws {
        let run = try KpiqBinary.run(["--format", format, Self.model, "-c", Self.q3Query])
        #expect(!run.stdout.contains("rows"), "\(run)")
        #expect(!run.stdout.contains("Q3 is"), "\(run)")
        #expect(run.stderr == "note: Q3 is 2017-Q3, the latest Q3 in deals\n", "\(run)")
    }

    @Test func nullsInEachFormat() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("n.csv", "k,v\na,1\nb,\n")
        func run(_ format: String) throws -> String {
            try KpiqBinary.run(["--format", format, "-c", "load \"n.csv\"", "-c", "kpi sum(v) as s by k"], in: folder.url).stdout
        }
        #expect(try run("csv") == "k,s\na,1\nb,\n")
        #expect(try run("tsv") == "k\ts\na\t1\nb\t\n")
        #expect(try run("json") == "[\n  {\"k\":\"a\",\"s\":1},\n  {\"k\":\"b\",\"s\":null}\n]\n")
        #expect(try run("jsonl") == "{\"k\":\"a\",\"s\":1}\n{\"k\":\"b\",\"s\":null}\n")
        #expect(try run("table").contains("b │ -"))
    }

    // MARK: statements that write files or change settings

    @Test("export writes the format of the file's extension", arguments: [
        ("x.csv", "region,total\nNorth,15\nSouth,20\n"),
        ("x.tsv", "region\ttotal\nNorth\t15\nSouth\t20\n"),
        ("x.json", "[\n  {\"region\":\"North\",\"total\":15},\n  {\"region\":\"South\",\"total\":20}\n]\n"),
        ("x.jsonl", "{\"region\":\"North\",\"total\":15}\n{\"region\":\"South\",\"total\":20}\n"),
        // A markdown report: the statement, the table, the data it read.
        ("x.md", "# `kpi sum(amount) as total by region`\n\n| region | total |\n| ------ | ----: |\n| North  |    15 |\n| South  |    20 |\n\n2 rows · 3 rows of sales\n\n## Data\n\n- `sales`: sales.csv, 3 rows\n"),
        ("x.txt", "region │ total\n───────┼──────\nNorth  │    15\nSouth  │    20\n2 rows · 3 rows of sales\n"),
    ])
    func export(_ name: String, _ expected: String) throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["--format", "json", "-c", "load \"sales.csv\"",
                                      "-c", "export kpi sum(amount) as total by region to \"\(name)\""], in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.isEmpty, "export prints no result: \(run)")
        #expect(run.stderr == "note: wrote 2 rows to \(name)\n")
        #expect(try folder.read(name) == expected)
    }

    @Test func exportOfShowAndItsMistakes() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["--continue-on-error", "-c", "load \"sales.csv\"",
                                      "-c", "export show sales where amount > 6 order by amount to \"big.csv\"",
                                      "-c", "export kpi count() to \"x.xlsx\"",
                                      "-c", "export kpi count() to \"missing-folder/x.csv\""], in: folder.url)
        #expect(run.status == 1)
        #expect(try folder.read("big.csv") == "region,amount\nNorth,10\nSouth,20\n")
        #expect(run.stderr.contains("<command line 3>:1:23: error: cannot tell the format of \"x.xlsx\" from its extension"), "\(run)")
        #expect(run.stderr.contains("<command line 4>:1:23: error: cannot write \"missing-folder/x.csv\""), "\(run)")
        #expect(!folder.exists("x.xlsx"))
    }

    /// A year, quarter or month number in `show` is a label, printed as DuckDB's shell would
    /// (`2018`), while an amount keeps its thousands separators (`12,500`).
    @Test func calendarNumbersInShowHaveNoThousandsSeparators() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("orders.csv", "joined,amount\n2018-11-05,12500\n2019-02-01,1500\n")
        let run = try KpiqBinary.run(["-c", "load \"orders.csv\"",
                                      "-c", "show orders year(joined), year(joined) - 1 as before, quarter(joined) as q, month(joined) as m, amount order by joined"],
                                     in: folder.url)
        #expect(run.status == 0, "\(run)")
        let rows = run.stdout.split(separator: "\n").map { $0.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(rows.count >= 4, "\(run)")
        guard rows.count >= 4 else { return }
        #expect(rows[0] == ["year(joined)", "before", "q", "m", "amount"])
        #expect(rows[2] == ["2018", "2017", "4", "11", "12,500"])
        #expect(rows[3] == ["2019", "2018", "1", "2", "1,500"])
    }

    /// `describe` shows a timestamp's fraction of a second when it has one, as tables do.
    @Test func describeKeepsFractionsOfSeconds() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("events.csv", "at,n\n2017-07-15 09:30:00.25,1\n2017-07-16 10:00:00,2\n2017-07-14 08:00:00.000001,3\n")
        let run = try KpiqBinary.run(["--format", "csv", "-c", "load \"events.csv\"", "-c", "describe events"], in: folder.url)
        #expect(run.status == 0, "\(run)")
        let rows = Self.csvRows(run.stdout)
        #expect(rows.first == ["column", "type", "nulls", "distinct", "min", "max"], "\(run)")
        #expect(rows.count > 1 && rows[1] == ["at", "timestamp (time)", "0", "3", "2017-07-14 08:00:00.000001", "2017-07-16 10:00:00"], "\(run)")
    }

    @Test func setFormatChangesTheOutput() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["--format", "csv", "-c", "load \"sales.csv\"", "-c", "kpi count() as n",
                                      "-c", "set format = json", "-c", "kpi count() as n", "-c", "set format jsonl", "-c", "kpi count() as n"],
                                     in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "n\n3\n[\n  {\"n\":3}\n]\n{\"n\":3}\n")
    }

    @Test func setDecimals() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("d.csv", "x\n1.23456\n")
        let run = try KpiqBinary.run(["-c", "load \"d.csv\"", "-c", "kpi sum(x) as s", "-c", "set decimals = 4", "-c", "kpi sum(x) as s",
                                      "-c", "set decimals 0", "-c", "kpi sum(x) as s", "-c", "set format = csv", "-c", "kpi sum(x) as s"], in: folder.url)
        #expect(run.status == 0, "\(run)")
        // Three tables, then csv, whose raw value decimals do not touch.
        #expect(run.stdout == """
               s
            ────
            1.23
            1 row · 1 row of d

                 s
            ──────
            1.2346
            1 row · 1 row of d

            s
            ─
            1
            1 row · 1 row of d
            s
            1.23456

            """, "\(run)")
    }

    @Test func timerReportsOnStderr() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        let run = try KpiqBinary.run(["--format", "csv", "-c", "load \"sales.csv\"", "-c", "set timer on", "-c", "kpi count() as n",
                                      "-c", "set timer off", "-c", "kpi count() as n"], in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "n\n3\nn\n3\n")
        let timings = run.stderr.split(separator: "\n").filter { $0.hasPrefix("time: ") && ($0.hasSuffix(" s") || $0.hasSuffix(" ms")) }
        #expect(timings.count == 2, "`set timer on` itself and the query: \(run)")
    }

    @Test("wrong settings fail", arguments: [
        ("set format = xml", "`format` takes"),
        ("set decimals = 13", "`decimals` takes a whole number from 0 to 12"),
        ("set timer = maybe", "`timer` takes `on` or `off`"),
        ("set formt = csv", "did you mean `format`?"),
    ])
    func wrongSetting(_ statement: String, _ message: String) throws {
        let run = try KpiqBinary.run(["-c", statement])
        #expect(run.status == 1)
        #expect(run.stderr.contains(message), "\(run)")
    }

    // MARK: kpiq check

    @Test func checkAGoodScript() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("good.kpiq", "load \"sales.csv\"\nkpi sum(amount) by region\nshow sales\nexport kpi count() to \"out.csv\"\nhelp\ndatasets\n")
        let run = try KpiqBinary.run(["check", "good.kpiq"], in: folder.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.isEmpty, "check prints no result: \(run)")
        #expect(run.stderr == "ok: 1 script checked\n")
        #expect(!folder.exists("out.csv"), "check runs no export")
    }

    @Test func checkTheExamples() throws {
        let run = try KpiqBinary.run(["check"] + Self.exampleScripts)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasSuffix("ok: \(Self.exampleScripts.count) scripts checked\n"), "\(run)")
    }

    @Test func checkReportsEveryMistake() throws {
        let folder = try Self.folderWithSales()
        defer { folder.remove() }
        try folder.write("one.kpiq", "load \"sales.csv\"\nkpi sum(amont)\nkpi count() by regoin\n")
        try folder.write("two.kpiq", "show salez\n")
        let run = try KpiqBinary.run(["check", "one.kpiq", "two.kpiq"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("one.kpiq:2:9: error: unknown column `amont`"), "\(run)")
        #expect(run.stderr.contains("one.kpiq:3:16: error: unknown column `regoin`"), "\(run)")
        #expect(run.stderr.contains("two.kpiq:1:6: error: unknown dataset `salez`"), "\(run)")
        #expect(!run.stderr.contains("ok:"), "\(run)")
    }

    @Test func checkAMissingScript() throws {
        let run = try KpiqBinary.run(["check", "nowhere.kpiq"])
        #expect(run.status == 1)
        #expect(run.stderr == "kpiq: 'nowhere.kpiq': no such file\n")
    }
}
