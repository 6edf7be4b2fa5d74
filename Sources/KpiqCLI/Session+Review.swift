import KpiqEngine
import KpiqLanguage

/// What targets, scorecards and charts add to running a query: lower-is-better changes,
/// `chart` and `trend` checked, scorecards defined and run.
extension Session {
    /// Flags the change columns of KPIs whose target says lower is better, so that a fall
    /// shows as good news.
    func markLowerIsBetter(_ table: inout ResultTable) {
        for index in table.columns.indices where table.columns[index].role == .change {
            let name = table.columns[index].name
            let kpiName = name.hasSuffix("_change_pct") ? String(name.dropLast("_change_pct".count))
                : name.hasSuffix("_change") ? String(name.dropLast("_change".count)) : name
            guard let kpi = catalog.kpi(kpiName) else { continue }
            let comparison = catalog.groupTarget(of: kpi.name)?.comparison ?? kpi.target?.comparison
            table.columns[index].lowerIsBetter = comparison == .less || comparison == .lessEqual
        }
    }

    /// `chart` draws one dimension (or none); `trend` runs over a period.
    func checkDisplay(_ query: QueryStatement, source: SourceFile) throws {
        if let chart = query.chart, query.groupBy.count > 1 {
            throw Diagnostic(.error, "a chart draws one dimension, and this query has \(query.groupBy.count)", at: chart, in: source,
                             hints: ["group by one: `kpi revenue by month chart`, or `by manager trend month` for a sparkline per manager"])
        }
        if let trend = query.trend, !Trend.isPeriod(trend) {
            throw Diagnostic(.error, "a trend runs over a period", at: trend.span, in: source,
                             hints: ["write `trend month` (or year, quarter, week, day)"])
        }
    }

    func scorecardDefinition(_ name: Identifier, source: SourceFile) throws -> ScorecardDefinition {
        if let definition = catalog.scorecard(name.name) { return definition }
        throw Diagnostic(.error, "unknown scorecard `\(name.name)`", at: name.span, in: source,
                         hints: [Suggestions.hint(for: name.name, in: catalog.scorecardOrder)
                             ?? "define one first: `scorecard \(name.name) = win_rate, revenue`"])
    }

    func runScorecard(_ scorecard: ScorecardStatement, source: SourceFile, checkOnly: Bool) throws {
        if checkOnly {
            _ = try plan(.scorecard(scorecard), source: source)
            return
        }
        emit(try result(of: .scorecard(scorecard), source: source))
    }

    /// `scorecard name = k, ...`: every KPI must be defined.
    func runDefineScorecard(_ define: DefineScorecardStatement, source: SourceFile) throws {
        var problems: [Diagnostic] = []
        var names: [String] = []
        for kpi in define.kpis {
            guard let found = catalog.kpi(kpi.name) else {
                problems.append(Diagnostic(.error, "unknown KPI `\(kpi.name)`", at: kpi.span, in: source,
                                           hints: [Suggestions.hint(for: kpi.name, in: catalog.kpiOrder) ?? "a scorecard lists defined KPIs"]))
                continue
            }
            if names.contains(found.name) {
                problems.append(Diagnostic(.error, "`\(found.name)` is listed twice", at: kpi.span, in: source, hints: ["list each KPI once"]))
            }
            names.append(found.name)
        }
        if catalog.dataset(define.name.name) != nil || catalog.kpi(define.name.name) != nil {
            problems.append(Diagnostic(.error, "`\(define.name.name)` is already the name of a dataset or a KPI", at: define.name.span, in: source))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        if catalog.define(ScorecardDefinition(name: define.name.name, kpis: names)) {
            notice("replaced scorecard `\(define.name.name)`")
        } else {
            info("defined scorecard \(define.name.name): \(names.joined(separator: ", "))")
        }
    }
}
