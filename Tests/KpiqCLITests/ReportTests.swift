import Foundation
import Testing

/// `export ... to "report.html"` and `to "report.md"`: what the files hold, and the HTML page
/// opened in headless Chromium, which must draw one mark per period. The screenshot is kept
/// in `.test-output/` as an artefact.
///
/// Chromium is a test dependency (`make test-deps` installs Debian's `chromium`): a machine
/// without it fails these tests, it does not skip them. `KPIQ_CHROMIUM` names another binary.
@Suite(.serialized) struct ReportTests {
    static let model = "examples/crm/model.kpiq"
    static let goal = "define kpi win_rate_goal = won / closed format percent target >= 63% warn 60%"
    static let months = ["2017-03", "2017-04", "2017-05", "2017-06", "2017-07", "2017-08"]

    /// Exports `statement` to `name` in a fresh folder and returns the file's text and its path.
    static func export(_ statement: String, to name: String, in folder: TemporaryFolder) throws -> (text: String, path: String) {
        let path = folder.url.appendingPathComponent(name).path
        let run = try KpiqBinary.run([Self.model, "-c", Self.goal, "-c", "export \(statement) to \"\(path)\""])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        return (try folder.read(name), path)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    // MARK: the files

    @Test func htmlIsOnePageWithNothingFromElsewhere() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (html, _) = try Self.export("kpi revenue, win_rate_goal by month where month between 2017-03 and 2017-08", to: "r.html", in: folder)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.hasSuffix("</html>\n"))
        for reference in ["http:", "https:", "src=", "<link", "@import", "url("] {
            #expect(!html.contains(reference), "the page refers to something outside it: \(reference)")
        }
        // Two charts, a bar per month each; the table; the definitions; period and source.
        #expect(Self.count("<svg class=\"chart columns\"", in: html) == 2)
        #expect(Self.count("<rect class=\"bar", in: html) == 12)
        for month in Self.months { #expect(Self.count("data-label=\"\(month)\"", in: html) == 2) }
        #expect(Self.count("<tr>", in: html) == 7)
        #expect(html.contains("<dt>revenue</dt>\n<dd><code>sum(close_value where deal_stage = &quot;Won&quot;)</code> · format money"))
        #expect(html.contains("<code>target &gt;= 63% warn 60%</code>"))
        #expect(html.contains("6 rows · 4,091 of 8,800 rows of deals matched"))
        #expect(html.contains("<li><code>deals</code>: sales_pipeline.csv, 8,800 rows</li>"))
        #expect(html.contains("class=\"number off-track\"") || html.contains("class=\"off-track\""))
    }

    @Test func markdownReportHasTheTableDefinitionsAndSources() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (text, _) = try Self.export("kpi revenue by regional_office where quarter = Q3 chart", to: "r.md", in: folder)
        #expect(text.hasPrefix("# `kpi revenue by regional_office where quarter = Q3 chart`\n\n| regional_office |      revenue |\n"))
        #expect(text.contains("| Central         | 1,053,202.00 |"))
        #expect(text.contains("Q3 is 2017-Q3, the latest Q3 in deals\n"))
        #expect(text.contains("```text\nrevenue by regional_office\nCentral │"))
        #expect(text.contains("## KPIs\n\n- **revenue**: `sum(close_value where deal_stage = \"Won\")`, format money. Revenue of won deals\n"))
        #expect(text.contains("## Data\n\n- `deals`: sales_pipeline.csv, 8,800 rows\n- `teams`: sales_teams.csv, 35 rows\n"))
    }

    @Test func scorecardReportsCarryTheirKPIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("s.html").path
        let run = try KpiqBinary.run([Self.model, "-c", Self.goal, "-c", "scorecard review = win_rate_goal, revenue",
                                      "-c", "export scorecard review by manager where quarter = Q3 to \"\(path)\""])
        #expect(run.status == 0, "\(run)")
        let html = try folder.read("s.html")
        #expect(html.contains("<dt>win_rate_goal</dt>") && html.contains("<dt>revenue</dt>"))
        #expect(html.contains("<th class=\"number\">score</th>"))
        #expect(Self.count("<svg class=\"chart bars\"", in: html) == 3)
    }

    // MARK: in a browser

    /// Chromium's binary: `KPIQ_CHROMIUM`, else the first of the usual names on the PATH.
    static func chromium() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["KPIQ_CHROMIUM"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return URL(fileURLWithPath: folder + "/" + name)
            }
        }
        return nil
    }

    static let headless = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                           "--disable-extensions", "--hide-scrollbars", "--mute-audio"]

    /// A profile of its own in the test's folder: nothing read from or left in the home folder.
    static func profile(in folder: TemporaryFolder) -> [String] {
        ["--user-data-dir=" + folder.url.appendingPathComponent("chromium-profile").path]
    }

    /// Measures what the browser drew, from inside the page: each chart's marks that have a
    /// size on screen, and the table's rows. Appended to a copy of the report, never to it.
    static let probe = """
    <script>
    (function () {
      var charts = Array.prototype.map.call(document.querySelectorAll('svg.chart'), function (svg) {
        var marks = Array.prototype.slice.call(svg.querySelectorAll('.bar, .point'));
        var drawn = marks.filter(function (mark) {
          var box = mark.getBoundingClientRect();
          return box.width > 0 && box.height > 0;
        });
        return { series: svg.getAttribute('data-series'), marks: marks.length, drawn: drawn.length,
                 labels: marks.map(function (mark) { return mark.getAttribute('data-label'); }),
                 width: svg.getBoundingClientRect().width };
      });
      var probe = document.createElement('pre');
      probe.id = 'probe';
      probe.textContent = JSON.stringify({ title: document.title, rows: document.querySelectorAll('section.result tbody tr').length,
                                           charts: charts });
      document.body.appendChild(probe);
    })();
    </script>
    """

    struct Probe: Decodable {
        struct Chart: Decodable {
            var series: String
            var marks: Int
            var drawn: Int
            var labels: [String]
            var width: Double
        }

        var title: String
        var rows: Int
        var charts: [Chart]
    }

    /// The page as Chromium laid it out, measured by `probe`.
    static func render(_ html: String, in folder: TemporaryFolder, browser: URL) throws -> Probe {
        let probed = folder.url.appendingPathComponent("probed.html")
        try Data(html.replacingOccurrences(of: "</body>", with: probe + "\n</body>").utf8).write(to: probed)
        let run = try KpiqBinary.run(executable: browser, headless + profile(in: folder) + ["--dump-dom", probed.absoluteString],
                                     in: folder.url, timeout: 120)
        #expect(run.status == 0, "chromium --dump-dom failed: \(run)")
        guard let start = run.stdout.range(of: "<pre id=\"probe\">"),
              let end = run.stdout.range(of: "</pre>", range: start.upperBound..<run.stdout.endIndex) else {
            throw KpiqBinary.NotFound(description: "the page ran no probe: \(run)")
        }
        let json = String(run.stdout[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
    }

    @Test func chromiumDrawsABarPerPeriodAndAScreenshotIsKept() throws {
        guard let browser = Self.chromium() else {
            Issue.record("""
            Chromium was not found (looked for KPIQ_CHROMIUM, then chromium, chromium-browser, google-chrome on the PATH). \
            It is a test dependency: run `make test-deps`, or `apt-get install chromium`.
            """)
            return
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (html, path) = try Self.export("kpi revenue, win_rate_goal by month where month between 2017-03 and 2017-08",
                                           to: "report.html", in: folder)
        let probe = try Self.render(html, in: folder, browser: browser)
        #expect(probe.title == "kpi revenue, win_rate_goal by month where month between 2017-03 and 2017-08")
        #expect(probe.rows == 6)
        #expect(probe.charts.map(\.series) == ["revenue by month", "win_rate_goal by month"])
        for chart in probe.charts {
            #expect(chart.marks == 6, "\(chart.series): one bar per month")
            #expect(chart.drawn == 6, "\(chart.series): every bar has a size on screen")
            #expect(chart.labels == Self.months)
            #expect(chart.width > 300)
        }

        // The artefact: a screenshot of the page as it is.
        let artefacts = KpiqBinary.repository.appendingPathComponent(".test-output")
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        let screenshot = artefacts.appendingPathComponent("report.png")
        try? FileManager.default.removeItem(at: screenshot)
        let run = try KpiqBinary.run(executable: browser, Self.headless + Self.profile(in: folder) + ["--window-size=1100,1400", "--screenshot=\(screenshot.path)",
                                                                           URL(fileURLWithPath: path).absoluteString],
                                     in: folder.url, timeout: 120)
        #expect(run.status == 0, "chromium --screenshot failed: \(run)")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "the screenshot at \(screenshot.path) is \(size) bytes")
        let png = (try? Data(contentsOf: screenshot)) ?? Data()
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
    }

    @Test func chromiumDrawsAPointPerDayOnALongLine() throws {
        guard let browser = Self.chromium() else {
            Issue.record("Chromium was not found: run `make test-deps`, or `apt-get install chromium`.")
            return
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (html, _) = try Self.export("kpi won by day where quarter = 2017-Q3", to: "days.html", in: folder)
        let probe = try Self.render(html, in: folder, browser: browser)
        #expect(probe.rows == 92)
        #expect(probe.charts.count == 1)
        #expect(probe.charts.first?.marks == 92, "one point per day of the quarter")
        #expect(probe.charts.first?.drawn == 92)
        #expect(probe.charts.first?.labels.first == "2017-07-01")
        #expect(probe.charts.first?.labels.last == "2017-09-30")
    }
}
