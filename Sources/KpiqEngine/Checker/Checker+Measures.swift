import KpiqLanguage

extension Checker {
    /// Binds an expression at the level of groups: KPIs, aggregates and arithmetic on them.
    mutating func bindMeasure(_ expression: Expr, context: inout QueryContext, source: SourceFile) -> BoundExpr {
        switch expression {
        case .literal(let literal, let span):
            return bindLiteral(literal, span: span, source: source)
        case .name(let name):
            return bindKPIName(name, context: &context, source: source)
        case .unary(let op, let operand, let span):
            return bindUnary(op, bindMeasure(operand, context: &context, source: source), span: span, source: source)
        case .binary(let op, let left, let right, let span):
            let boundLeft = bindMeasure(left, context: &context, source: source)
            let boundRight = bindMeasure(right, context: &context, source: source)
            return bindBinary(op, boundLeft, boundRight, span: span, operandSpans: (left.span, right.span), source: source)
        case .call(let call):
            if call.name.name.lowercased() == "cohort_size" {
                return bindCohortSize(call, context: &context, source: source)
            }
            if let windowed = bindWindowFunction(call, context: &context, source: source) {
                return windowed
            }
            if AggregateKind.names.contains(call.name.name.lowercased()) {
                return bindAggregate(call, context: &context, source: source)
            }
            let arguments = call.arguments.map { bindMeasure($0, context: &context, source: source) }
            return bindFunction(call, arguments: arguments, source: source)
        case .inList(let value, let list, let negated, _):
            let boundValue = bindMeasure(value, context: &context, source: source)
            let boundList = list.map { bindMeasure($0, context: &context, source: source) }
            for (item, bound) in zip(list, boundList) { checkComparable(boundValue.type, bound.type, span: item.span, source: source) }
            return .inList(boundValue, boundList, negated: negated)
        case .between(let value, let low, let high, let negated, _):
            let boundValue = bindMeasure(value, context: &context, source: source)
            let boundLow = bindMeasure(low, context: &context, source: source)
            let boundHigh = bindMeasure(high, context: &context, source: source)
            checkComparable(boundValue.type, boundLow.type, span: low.span, source: source)
            checkComparable(boundValue.type, boundHigh.type, span: high.span, source: source)
            return .between(boundValue, low: boundLow, high: boundHigh, negated: negated)
        case .like(_, _, _, let span):
            error("`like` compares the text of single rows; use it inside an aggregate's filter", at: span, in: source,
                  hints: ["e.g. `count(where product like \"GTX%\")`"])
            return .literal(.null, .null)
        case .isNull(let value, let negated, _):
            return .isNull(bindMeasure(value, context: &context, source: source), negated: negated)
        }
    }

    /// Where a KPI whose definition holds a mistake was used: `in KPI `won`, used at f:1:5`.
    static func usedAt(_ kpi: String, _ span: Span, _ source: SourceFile) -> String {
        let (line, column) = source.location(of: span.lower)
        return "in KPI `\(kpi)`, used at \(source.name):\(line):\(column)"
    }

    /// A name in a KPI expression is another KPI, expanded in place.
    mutating func bindKPIName(_ name: QualifiedName, context: inout QueryContext, source: SourceFile) -> BoundExpr {
        if name.qualifier == nil, let kpi = catalog.kpi(name.name.name) {
            if let start = kpiStack.firstIndex(of: kpi.name) {
                let cycle = (kpiStack[start...] + [kpi.name]).joined(separator: " -> ")
                // Point at the name in the statement being checked, not deep inside another KPI.
                let (span, file) = cycleAnchor ?? (name.span, source)
                error("KPI definitions form a cycle: \(cycle)", at: span, in: file,
                      hints: ["define one of them from aggregates instead of the others"])
                return .literal(.null, .null)
            }
            let isOutermost = cycleAnchor == nil
            if isOutermost { cycleAnchor = (name.span, source) }
            kpiStack.append(kpi.name)
            defer {
                kpiStack.removeLast()
                if isOutermost { cycleAnchor = nil }
            }
            let diagnosticsBefore = diagnostics.count
            let bound = bindMeasure(kpi.expression, context: &context, source: kpi.source)
            // A mistake found inside the definition (say, a column that `from` does not
            // reach) points into the file that defined it: say which use led there.
            if isOutermost {
                for index in diagnosticsBefore..<diagnostics.count
                where !(diagnostics[index].source === source && diagnostics[index].span == name.span) {
                    diagnostics[index].hints.append(Self.usedAt(kpi.name, name.span, source))
                }
            }
            return bound
        }
        if let resolution = rowResolutionAnywhere(name) {
            if case .period = resolution {
                error("`\(name.description)` is a period, not a KPI", at: name.span, in: source,
                      hints: ["group by it: `by \(name.name.name)`"])
                return .literal(.null, .null)
            }
            // As written, so that the hint can be copied (`sum(`Order Date`)`).
            let column = source.text(of: name.span)
            error("`\(name.description)` is a column, not a KPI", at: name.span, in: source,
                  hints: ["aggregate it: `sum(\(column))`, `avg(\(column))` or `count_distinct(\(column))`"])
            return .literal(.null, .null)
        }
        let known = catalog.kpis.map(\.name)
        error("unknown KPI `\(name.description)`", at: name.span, in: source,
              hints: [Suggestions.hint(for: name.name.name, in: known),
                      known.isEmpty ? "no KPI is defined yet: `define kpi name = expression`" : nil])
        return .literal(.null, .null)
    }

    /// What a name means at row level in the first dataset where it means anything.
    private func rowResolutionAnywhere(_ name: QualifiedName) -> RowScope.Resolution? {
        for dataset in catalog.datasets {
            if case .success(let resolution) = RowScope(catalog: catalog, base: dataset).resolve(name) { return resolution }
        }
        return nil
    }

    mutating func bindAggregate(_ call: Call, context: inout QueryContext, source: SourceFile) -> BoundExpr {
        let name = call.name.name.lowercased()
        let arguments = call.arguments
        func wrongArguments(_ usage: String) -> BoundExpr {
            error("`\(name)` takes \(usage)", at: call.span, in: source, hints: ["e.g. `\(example(name))`"])
            return .literal(.null, .null)
        }
        var kind: AggregateKind
        switch name {
        case "count": kind = arguments.isEmpty ? .count : .countValues
            if arguments.count > 1 { return wrongArguments("at most one argument") }
        case "count_distinct": kind = .countDistinct
        case "sum": kind = .sum
        case "avg": kind = .avg
        case "min": kind = .min
        case "max": kind = .max
        case "median": kind = .median
        case "stddev": kind = .stddev
        default:
            guard arguments.count == 2 else { return wrongArguments("a column and a fraction") }
            let fraction: Double?
            switch arguments[1] {
            case .literal(.decimal(let value), _), .literal(.percent(let value), _): fraction = value
            case .literal(.integer(let value), _): fraction = Double(value)
            default: fraction = nil
            }
            guard let p = fraction, p >= 0, p <= 1 else {
                error("the fraction of `percentile` must be a number from 0 to 1 (or a percent)", at: arguments[1].span, in: source,
                      hints: ["e.g. `percentile(close_value, 0.9)` or `percentile(close_value, 90%)`"])
                return .literal(.null, .null)
            }
            kind = .percentile(p)
        }
        switch kind {
        case .count, .countValues, .percentile: break
        default: if arguments.count != 1 { return wrongArguments("one argument") }
        }

        // Which dataset's rows this aggregate counts.
        var names = RowNames.collect(.call(call))
        if let pending = context.pendingKeySet { names += RowNames.collect(pending.key) }
        let guess = context.from == nil && !checkingDefinition ? ambiguousDataset(for: names, required: context.requiredNames) : nil
        guard let dataset = context.from ?? chooseDataset(for: names, required: context.requiredNames) else {
            if catalog.datasets.isEmpty {
                error("no dataset is loaded", at: call.span, in: source, hints: ["load one first: `load \"file.csv\"`"])
            } else {
                // Bind against the first dataset to report the unknown names with hints.
                let scope = RowScope(catalog: catalog, base: catalog.datasets[0])
                for argument in arguments.prefix(1) { _ = bindRow(argument, scope: scope, source: source) }
                if let filter = call.filter { _ = bindPredicate(filter, scope: scope, source: source) }
            }
            return .literal(.null, .null)
        }
        let scope = RowScope(catalog: catalog, base: dataset)
        let argument = arguments.first.map { bindRow($0, scope: scope, source: source) }
        let filter = call.filter.map { bindPredicate($0, scope: scope, source: source) }
        let argumentType = argument?.type ?? .null
        let type: DataType
        switch kind {
        case .count, .countValues, .countDistinct:
            type = .integer
        case .sum:
            guard argumentType.isNumeric else { return numericNeeded(name, argumentType, arguments[0].span, source) }
            type = argumentType == .decimal ? .decimal : .integer
        case .avg, .median, .percentile, .stddev:
            guard argumentType.isNumeric else { return numericNeeded(name, argumentType, arguments[0].span, source) }
            type = .decimal
        case .min, .max:
            type = argumentType
        }
        let text = source.text(of: call.span)
        var window = context.window
        if let pending = context.pendingKeySet {
            let key = bindRow(pending.key, scope: scope, source: pending.source)
            let keyText = pending.source.text(of: pending.key.span)
            context.keySetKeys.append(key)
            let keyIndex = context.keySetKeys.count - 1
            window.keySet = KeySetRule(kind: pending.kind, keyIndex: keyIndex, keyText: keyText, previous: pending.previous)
        }
        let identity = text + "|" + window.description
        if let existing = context.aggregates.firstIndex(where: { $0.text + "|" + $0.window.description == identity && $0.dataset == dataset.name }) {
            return .aggregate(existing, type)
        }
        context.aggregates.append(AggregateSpec(kind: kind, argument: argument, filter: filter, dataset: dataset.name, type: type, text: text, window: window))
        if let guess {
            // Inside a KPI's definition, say where the KPI was used (warned after expansion).
            var use: String?
            if let kpi = kpiStack.first, let (span, file) = cycleAnchor { use = Self.usedAt(kpi, span, file) }
            context.guesses.append(QueryContext.Guess(aggregate: context.aggregates.count - 1, others: guess.1.map(\.name),
                                                      span: call.span, source: source, use: use))
        }
        return .aggregate(context.aggregates.count - 1, type)
    }

    private mutating func numericNeeded(_ name: String, _ type: DataType, _ span: Span, _ source: SourceFile) -> BoundExpr {
        error("`\(name)` needs numbers, but this is \(type)", at: span, in: source,
              hints: [type == .text ? "`count_distinct` and `count` work on text" : nil])
        return .literal(.null, .null)
    }

    private func example(_ aggregate: String) -> String {
        switch aggregate {
        case "count": return "count(where deal_stage = \"Won\")"
        case "percentile": return "percentile(close_value, 0.9)"
        default: return "\(aggregate)(close_value)"
        }
    }

    /// Settles the aggregates whose dataset was a guess among datasets that do not reach each
    /// other. One that reads no column (`count()`) runs where the query's other aggregates
    /// run when they all run on one dataset: `sum(amount) / count()` counts the rows that
    /// were summed, whichever file was loaded first. The others are warned about.
    mutating func settleGuessedDatasets(_ context: inout QueryContext) {
        let guessed = Set(context.guesses.map(\.aggregate))
        let known = Set(context.aggregates.indices.filter { !guessed.contains($0) }.map { context.aggregates[$0].dataset })
        for guess in context.guesses {
            var aggregate = context.aggregates[guess.aggregate]
            if known.count == 1, let dataset = known.first, aggregate.argument == nil, aggregate.filter == nil,
               aggregate.window.keySet == nil {
                aggregate.dataset = dataset
                context.aggregates[guess.aggregate] = aggregate
                continue
            }
            if known == [aggregate.dataset] { continue }
            let others = guess.others.map { "`\($0)`" }.joined(separator: " or ")
            deferredWarnings.append(Diagnostic(.warning, "`\(aggregate.text)` runs on `\(aggregate.dataset)`, but could as well run on \(others)",
                                          at: guess.span, in: guess.source,
                                          hints: ["name the dataset with `from`, e.g. `from \(guess.others[0])`", guess.use].compactMap { $0 }))
        }
        context.guesses = []
    }

    /// The chosen dataset and the others that fit an aggregate just as well, when the choice
    /// fell to the number of links or to load order between datasets that do not reach each
    /// other (so `count()` with `deals` and `events` loaded is a guess; with `deals` and the
    /// `teams` it links to, it is not). Nil when the choice is clear.
    func ambiguousDataset(for names: [QualifiedName], required: [QualifiedName]) -> (Dataset, [Dataset])? {
        var fitting: [(dataset: Dataset, score: [Int])] = []
        for dataset in catalog.datasets {
            let scope = RowScope(catalog: catalog, base: dataset)
            let depths = names.map { scope.depth(of: $0) }
            if depths.contains(where: { $0 == nil }) { continue }
            let reachesRequired = required.allSatisfy { scope.depth(of: $0) != nil }
            fitting.append((dataset, [reachesRequired ? 1 : 0, depths.filter { $0 == 0 }.count]))
        }
        guard let chosen = chooseDataset(for: names, required: required),
              let score = fitting.first(where: { $0.dataset === chosen })?.score else { return nil }
        let reachedFromChosen = catalog.reachable(from: chosen.name).map(\.dataset)
        let others = fitting.filter { candidate in
            candidate.score == score && candidate.dataset !== chosen
                && !reachedFromChosen.contains { $0 === candidate.dataset }
                && !catalog.reachable(from: candidate.dataset.name).contains { $0.dataset === chosen }
        }.map(\.dataset)
        return others.isEmpty ? nil : (chosen, others)
    }

    /// The dataset an aggregate runs on: one where every name it uses resolves, preferring one
    /// that also reaches the query's groups and filters, then the one holding most names
    /// directly, then the one that reaches the most datasets (the fact table), then load order.
    func chooseDataset(for names: [QualifiedName], required: [QualifiedName]) -> Dataset? {
        var best: (dataset: Dataset, score: [Int])?
        for dataset in catalog.datasets {
            let scope = RowScope(catalog: catalog, base: dataset)
            let depths = names.map { scope.depth(of: $0) }
            if depths.contains(where: { $0 == nil }) { continue }
            let reachesRequired = required.allSatisfy { scope.reaches($0) }
            let direct = depths.filter { $0 == 0 }.count
            let score = [reachesRequired ? 1 : 0, direct, scope.reachable.count]
            if best == nil || score.lexicographicallyPrecedes(best!.score) == false && score != best!.score {
                best = (dataset, score)
            }
        }
        return best?.dataset
    }
}
