import KpiqEngine
import KpiqLanguage

/// `explain change k by g where ... vs previous`: the query of `k` by the groups with its
/// comparison, the same query without groups for the totals, and for a ratio KPI the query of
/// its numerator and denominator; `ChangeExplanation` does the arithmetic.
extension Session {
    func runExplainChange(_ statement: ExplainChangeStatement, source: SourceFile, checkOnly: Bool) throws {
        guard let kpi = catalog.kpi(statement.kpi.name) else {
            throw Diagnostic(.error, "unknown KPI `\(statement.kpi.name)`", at: statement.kpi.span, in: source,
                             hints: [Suggestions.hint(for: statement.kpi.name, in: catalog.kpiOrder) ?? "`explain change` takes a defined KPI"])
        }
        if statement.groupBy.isEmpty {
            throw Diagnostic(.error, "`explain change` needs groups to share the change among", at: statement.span, in: source,
                             hints: ["add `by`, as in `explain change \(kpi.name) by manager where quarter = Q3`"])
        }
        let comparison = statement.comparison ?? ComparisonClause(kind: .previous, span: statement.kpi.span)
        let item = SelectItem(expression: .name(QualifiedName(name: statement.kpi)), alias: nil, span: statement.kpi.span)
        let grouped = QueryStatement(items: [item], from: nil, groupBy: statement.groupBy, filter: statement.filter, orderBy: [],
                                     limit: nil, comparison: comparison, span: statement.span)
        let whole = QueryStatement(items: [item], from: nil, groupBy: [], filter: statement.filter, orderBy: [],
                                   limit: nil, comparison: comparison, span: statement.span)
        if checkOnly {
            _ = try plan(.query(grouped), source: source)
            return
        }
        let groups = try result(of: .query(grouped), source: source)
        let total = try result(of: .query(whole), source: source)
        var totals = ChangeExplanation.Totals(current: total.columns.first { $0.name == kpi.name }?.vector.value(at: 0).doubleValue,
                                              previous: total.columns.first { $0.name == kpi.name + "_prev" }?.vector.value(at: 0).doubleValue)
        let shape = ChangeExplanation.shape(of: kpi, catalog: catalog)
        var table: ResultTable
        switch shape {
        case .ratio(let numerator, let denominator):
            // Run from text, so that the parts of the definition and the statement's clauses
            // are read from one source; the grouped query above has checked the clauses already.
            let keys = statement.groupBy.map { source.text(of: $0.span) }.joined(separator: ", ")
            var text = "kpi (\(numerator)) as numerator, (\(denominator)) as denominator by \(keys)"
            if let filter = statement.filter { text += " where " + source.text(of: filter.span) }
            text += " " + (statement.comparison.map { source.text(of: $0.span) } ?? "vs previous")
            let partsSource = SourceFile(name: source.name, text: text)
            guard case .query(let parts)? = Parser.parse(partsSource).statements.first else {
                throw Diagnostic(.error, "cannot split `\(kpi.name)` into its numerator and denominator", at: statement.kpi.span, in: source)
            }
            let split = ChangeExplanation.ratio(try result(of: .query(parts), source: partsSource), kpi: kpi.name, format: kpi.format)
            table = split.table
            totals.mix = split.totals.mix
            totals.rate = split.totals.rate
        case .additive, .other:
            table = ChangeExplanation.additive(groups, kpi: kpi.name, format: kpi.format, totals: totals)
        }
        table.caption = Array(groups.caption.dropLast()) + captionLines(kpi: kpi, shape: shape, totals: totals) + [groups.caption.last ?? ""]
        if let limit = statement.limit?.count { table = table.limited(to: limit) }
        emit(table)
    }

    /// `revenue: 2,982,255.00 against 3,086,111.00, ▼ 103,856.00`, then how it splits.
    private func captionLines(kpi: KPIDefinition, shape: ChangeExplanation.Shape, totals: ChangeExplanation.Totals) -> [String] {
        func text(_ value: Double?) -> String { ValueText.formatted(value.map(Value.decimal) ?? .null, kpi.format, decimals: settings.decimals) }
        func change(_ value: Double?) -> String {
            guard let value else { return ValueText.nullText }
            return (value > 0 ? "▲ " : value < 0 ? "▼ " : "= ") + text(abs(value))
        }
        var lines = ["\(kpi.name): \(text(totals.current)) against \(text(totals.previous)), \(change(totals.change))"]
        switch shape {
        case .additive:
            lines.append("the groups' contributions add up to the change")
        case .ratio(let numerator, let denominator):
            lines.append("\(kpi.name) = (\(numerator)) / (\(denominator)): mix \(change(totals.mix)), rates \(change(totals.rate)); "
                         + "mix is each group's share of \(denominator) moving, rate its own \(kpi.name) moving")
        case .other:
            lines.append("\(kpi.name) is not a sum or a ratio of sums: each group's own change is shown, and they need not add up to the change")
        }
        return lines
    }
}
