import KpiqLanguage

extension Checker {
    /// Binds a `where` clause: it must be a condition.
    mutating func bindPredicate(_ expression: Expr, scope: RowScope, source: SourceFile) -> BoundExpr {
        let bound = bindRow(expression, scope: scope, source: source)
        if bound.type != .boolean, bound.type != .null {
            error("a filter must be a condition, but this is \(bound.type)", at: expression.span, in: source,
                  hints: ["compare it with something, e.g. `\(source.text(of: expression.span)) = ...`"])
        }
        return bound
    }

    /// Binds a row-level expression (group keys, filters, aggregate arguments).
    mutating func bindRow(_ expression: Expr, scope: RowScope, source: SourceFile) -> BoundExpr {
        switch expression {
        case .literal(let literal, let span):
            return bindLiteral(literal, span: span, source: source)
        case .name(let name):
            return bindRowName(name, scope: scope, source: source)
        case .unary(let op, let operand, _):
            let bound = bindRow(operand, scope: scope, source: source)
            return bindUnary(op, bound, span: expression.span, source: source)
        case .binary(let op, let left, let right, let span):
            if op.isComparison {
                let (boundLeft, boundRight) = bindComparands(left, right, scope: scope, source: source)
                if op == .equal || op == .notEqual {
                    warnIfAbsent(boundRight, in: boundLeft, span: right.span, source: source)
                    warnIfAbsent(boundLeft, in: boundRight, span: left.span, source: source)
                }
                return bindBinary(op, boundLeft, boundRight, span: span, operandSpans: (left.span, right.span), source: source)
            }
            let boundLeft = bindRow(left, scope: scope, source: source)
            let boundRight = bindRow(right, scope: scope, source: source)
            return bindBinary(op, boundLeft, boundRight, span: span, operandSpans: (left.span, right.span), source: source)
        case .call(let call):
            if call.name.name.lowercased() == "cohort" {
                return bindCohort(call, scope: scope, source: source)
            }
            if AggregateKind.names.contains(call.name.name.lowercased()) {
                error("`\(call.name.name)` is an aggregate and cannot be used on single rows here", at: call.span, in: source,
                      hints: ["aggregates belong in the KPI list: `kpi \(source.text(of: call.span)) by ...`"])
                return .literal(.null, .null)
            }
            let arguments = call.arguments.map { bindRow($0, scope: scope, source: source) }
            return bindFunction(call, arguments: arguments, source: source)
        case .inList(let value, let list, let negated, _):
            let boundValue = bindRow(value, scope: scope, source: source)
            let boundList = list.map { item in
                bindComparand(item, against: boundValue, scope: scope, source: source)
            }
            for (item, bound) in zip(list, boundList) {
                checkComparable(boundValue.type, bound.type, span: item.span, source: source)
                warnIfAbsent(bound, in: boundValue, span: item.span, source: source)
            }
            return .inList(boundValue, boundList, negated: negated)
        case .between(let value, let low, let high, let negated, _):
            let boundValue = bindRow(value, scope: scope, source: source)
            let boundLow = bindComparand(low, against: boundValue, scope: scope, source: source)
            let boundHigh = bindComparand(high, against: boundValue, scope: scope, source: source)
            checkComparable(boundValue.type, boundLow.type, span: low.span, source: source)
            checkComparable(boundValue.type, boundHigh.type, span: high.span, source: source)
            return .between(boundValue, low: boundLow, high: boundHigh, negated: negated)
        case .like(let value, let pattern, let negated, _):
            let boundValue = bindRow(value, scope: scope, source: source)
            if boundValue.type != .text, boundValue.type != .null {
                error("`like` matches text, but this is \(boundValue.type)", at: value.span, in: source)
            }
            guard case .literal(.string(let text), _) = pattern else {
                error("the pattern of `like` must be a string such as \"GTX%\"", at: pattern.span, in: source)
                return .literal(.null, .null)
            }
            return .like(boundValue, pattern: text, negated: negated)
        case .isNull(let value, let negated, _):
            return .isNull(bindRow(value, scope: scope, source: source), negated: negated)
        }
    }

    mutating func bindLiteral(_ literal: Literal, span: Span, source: SourceFile) -> BoundExpr {
        switch literal {
        case .integer(let value): return .literal(.integer(value), .integer)
        case .decimal(let value), .percent(let value): return .literal(.decimal(value), .decimal)
        case .string(let value): return .literal(.text(value), .text)
        case .boolean(let value): return .literal(.boolean(value), .boolean)
        case .null: return .literal(.null, .null)
        case .date(let days): return .literal(.date(days), .date)
        case .duration(let seconds): return .literal(.decimal(seconds / 86_400), .decimal)
        case .period(let period):
            guard let index = PeriodIndex.of(period) else {
                error("no such period `\(period)`", at: span, in: source)
                return .literal(.null, .null)
            }
            return .literal(.period(period.grain, index), .period(period.grain))
        }
    }

    mutating func bindRowName(_ name: QualifiedName, scope: RowScope, source: SourceFile) -> BoundExpr {
        switch scope.resolve(name) {
        case .success(.column(let path, let type)):
            return .column(path, type)
        case .success(.period(let grain, let dataset, let path)):
            guard let time = dataset.timeColumnIndex else { return .literal(.null, .null) }
            if grain == .year || grain == .quarter, let note = catalog.calendar.note, !notes.contains(note) { notes.append(note) }
            return .period(ColumnPath(links: path, dataset: dataset.name, column: time), grain)
        case .success(.dimension(let dimension, let dataset, let path)):
            let key = "\(dataset.name).\(dimension.name)"
            if let start = dimensionStack.firstIndex(of: key) {
                let cycle = dimensionStack[start...] + [key]
                error("dimension `\(key)` is defined through itself" + (cycle.count > 2 ? ": " + cycle.joined(separator: " -> ") : ""),
                      at: name.span, in: source)
                return .literal(.null, .null)
            }
            dimensionStack.append(key)
            defer { dimensionStack.removeLast() }
            let inner = bindRow(dimension.expression, scope: RowScope(catalog: catalog, base: dataset), source: dimension.source)
            return inner.reached(through: path)
        case .failure(let failure):
            if name.qualifier == nil, let grain = Checker.sinceNames[name.name.name.lowercased()] {
                return bindSince(name, grain: grain, scope: scope, source: source)
            }
            if RowNames.isBareQuarter(name) {
                error("`\(name.name.name)` is a quarter of the year; compare the quarter with it", at: name.span, in: source,
                      hints: ["write `where quarter = \(name.name.name.uppercased())` (the most recent \(name.name.name.uppercased()) in the data)"])
                return .literal(.null, .null)
            }
            reportNameFailure(failure, name: name, scope: scope, source: source)
            return .literal(.null, .null)
        }
    }

    mutating func reportNameFailure(_ failure: RowScope.Failure, name: QualifiedName, scope: RowScope, source: SourceFile) {
        switch failure {
        case .unknownDataset(let qualifier):
            error("unknown dataset `\(qualifier)`", at: name.qualifier?.span ?? name.span, in: source,
                  hints: [Suggestions.hint(for: qualifier, in: catalog.datasetOrder)])
        case .notReachable(let dataset):
            error("`\(dataset.name)` is not linked from `\(scope.base.name)`", at: name.span, in: source,
                  hints: ["link them: `link \(scope.base.name).<column> -> \(dataset.name).<column>`"])
        case .ambiguous(let candidates):
            error("`\(name.description)` is ambiguous: it could be \(candidates.map { "`\($0)`" }.joined(separator: " or "))", at: name.span, in: source,
                  hints: ["qualify it with its dataset, e.g. `\(candidates[0])`"])
        case .ambiguousHeader(let headers):
            // Qualifying does not help: the headers are in one dataset. Spelling one exactly does.
            let spellings = headers.map { header in
                let isWord = header.first.map { $0.isLetter || $0 == "_" } == true && header.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                return isWord ? "`\(header)`" : "`` `\(header)` ``"
            }
            error("`\(name.description)` is ambiguous: it could be \(headers.map { "`\($0)`" }.joined(separator: " or "))", at: name.span, in: source,
                  hints: ["write the header exactly as it is: \(spellings.joined(separator: " or "))"])
        case .noTimeColumn(let dataset):
            let dates = dataset.temporalColumns.map { dataset.columns[$0].name }
            if dates.isEmpty {
                error("`\(name.name.name)` needs a date column, and `\(dataset.name)` has none", at: name.span, in: source)
            } else {
                error("`\(name.name.name)` needs a time column, and `\(dataset.name)` has several date columns: \(dates.map { "`\($0)`" }.joined(separator: ", "))",
                      at: name.span, in: source,
                      hints: ["choose one with `time \(dataset.name).\(NameMatching.snakeCase(dates[0]))`, or `load ... time <column>`"])
            }
        case .missing(let dataset):
            let candidates = dataset?.knownNames ?? scope.knownNames
            let kpiHint = catalog.kpi(name.name.name) != nil
                ? "`\(name.name.name)` is a KPI: KPIs go in the KPI list, filters and groups work on columns" : nil
            let place = dataset.map { "in `\($0.name)`" } ?? "in `\(scope.base.name)` or the datasets it links to"
            error("unknown column `\(name.name.name)` \(place)", at: name.name.span, in: source,
                  hints: [kpiHint ?? Suggestions.hint(for: name.name.name, in: candidates),
                          elsewhereHint(name.name.name, scope: scope, searched: dataset)])
        }
    }

    /// Where a column not found here is: another dataset the query reaches (for `ds.col`
    /// naming the wrong one), or a dataset not linked from the query's.
    private func elsewhereHint(_ written: String, scope: RowScope, searched: Dataset?) -> String? {
        for holder in catalog.datasets where holder !== searched {
            let isReached = scope.reachable.contains { $0.dataset === holder }
            // Unqualified, every reached dataset was searched already.
            if searched == nil, isReached { continue }
            guard case .found(let index) = holder.columnIndex(written) else { continue }
            let column = holder.columns[index].name
            if isReached { return "`\(holder.name)` has a column `\(column)`: write `\(holder.name).\(written)`" }
            return "`\(holder.name)` has a column `\(column)`, but it is not linked from `\(scope.base.name)`: "
                + "`link \(scope.base.name).<column> -> \(holder.name).<column>`"
        }
        return nil
    }

    /// A text value compared with a column that never holds it is almost always a typo
    /// (`deal_stage = "Wno"`): say so, with the closest values the column does hold.
    mutating func warnIfAbsent(_ value: BoundExpr, in column: BoundExpr, span: Span, source: SourceFile) {
        guard case .literal(.text(let text), _) = value, case .column(let path, .text) = column,
              let dataset = catalog.dataset(path.dataset),
              case .text(_, let dictionary) = dataset.columns[path.column].vector.data,
              dictionary.code(of: text) == nil else { return }
        let candidates = dictionary.count <= 50_000 ? dictionary.values : []
        let name = dataset.columns[path.column].name
        diagnostics.append(Diagnostic(.warning, "no row of `\(dataset.name)` has \(name) = \"\(text)\"", at: span, in: source,
                                      hints: [Suggestions.closest(to: text, in: candidates).first.map { "did you mean \"\($0)\"?" }].compactMap { $0 }))
    }

    mutating func checkComparable(_ left: DataType, _ right: DataType, span: Span, source: SourceFile) {
        guard !TypeRules.comparable(left, right) else { return }
        error("cannot compare \(left) with \(right)", at: span, in: source, hints: [TypeRules.comparisonHint(left, right)])
    }
}


extension BoundExpr {
    /// The same expression read from a dataset reached through `path` from the query's base.
    func reached(through path: [Int]) -> BoundExpr {
        guard !path.isEmpty else { return self }
        switch self {
        case .column(var columnPath, let type):
            columnPath.links = path + columnPath.links
            return .column(columnPath, type)
        case .period(var columnPath, let grain):
            columnPath.links = path + columnPath.links
            return .period(columnPath, grain)
        case .aggregate, .output, .literal: return self
        case .unary(let op, let operand, let type): return .unary(op, operand.reached(through: path), type)
        case .binary(let op, let left, let right, let type):
            return .binary(op, left.reached(through: path), right.reached(through: path), type)
        case .function(let function, let arguments, let type):
            return .function(function, arguments.map { $0.reached(through: path) }, type)
        case .inList(let value, let list, let negated):
            return .inList(value.reached(through: path), list.map { $0.reached(through: path) }, negated: negated)
        case .between(let value, let low, let high, let negated):
            return .between(value.reached(through: path), low: low.reached(through: path), high: high.reached(through: path), negated: negated)
        case .like(let value, let pattern, let negated): return .like(value.reached(through: path), pattern: pattern, negated: negated)
        case .isNull(let value, let negated): return .isNull(value.reached(through: path), negated: negated)
        case .cohort(let key, var time, let grain):
            time.links = path + time.links
            return .cohort(key: key.reached(through: path), time: time, grain)
        case .periodsSince(let key, var time, let grain):
            time.links = path + time.links
            return .periodsSince(key: key.reached(through: path), time: time, grain)
        case .lookup(let key, let values): return .lookup(key: key.reached(through: path), values: values)
        case .status(let value, let target, let warn, let comparison):
            return .status(value: value.reached(through: path), target: target.reached(through: path),
                           warn: warn?.reached(through: path), comparison: comparison)
        }
    }
}
