import KpiqLanguage

extension WindowedAggregation {
    // MARK: The cells

    /// The rows that pass the row filter, read once: their cell (group without the period, own
    /// period) and, per group, its cells in period order.
    struct RunningCells {
        var evaluator: Evaluator
        var cellIds: [Int32]
        var cellCount: Int
        /// The period of each cell (meaningless where `cellTimed` is false).
        var cellPeriod: [Int32]
        var cellTimed: [Bool]
        var groupCount: Int
        /// The key values of each group (the keys that read no shifted period).
        var groupKeys: [ColumnVector]
        /// Per group: its cells with a time value, by period.
        var groupCells: [[Int32]]
        /// Per group: its cell of rows with no time value, or -1.
        var nullCell: [Int32]
        /// Each row's own period (for like with like).
        var periods: ColumnVector
    }

    func runningCells(_ plan: RunningPlan, _ running: [RunningSpec]) -> RunningCells {
        // Where the filter bounds the periods kept, only rows that some step moves inside the
        // bounds are read (a row with no time value is in no bounded period).
        var terms: [BoundExpr] = []
        let period = BoundExpr.period(plan.timePath, plan.grain)
        // `period op (the bound's period - shift)`: the earliest step reaching the lower bound
        // starts furthest back, the latest reaching the upper one nearest.
        for (day, shift, op) in [(plan.bounds.lower, running.map { $0.shift + $0.steps - 1 }.max(), BinaryOperator.greaterEqual),
                                 (plan.bounds.upper, running.map(\.shift).min(), .lessEqual)] {
            guard let day, let shift else { continue }
            let index = Int(calendar.index(days: day, grain: plan.grain)) - shift
            terms.append(.binary(op, period, .literal(.period(plan.grain, Int32(index)), .period(plan.grain)), .boolean))
        }
        let filter = WindowedAggregation.conjunction(terms + (plan.rowFilter.map { [$0] } ?? []))
        let all = Evaluator(catalog: catalog, base: dataset, rows: nil)
        let rows: [Int32]? = filter.map { all.truePositions($0) }
        let evaluator = Evaluator(catalog: catalog, base: dataset, rows: rows)
        let count = evaluator.count
        let periodVector = evaluator.evaluate(period)
        let free = keys.indices.filter { plan.keyGrains[$0] == nil }.map { evaluator.evaluate(keys[$0]) }
        guard count > 0, case .period(_, let periodValues) = periodVector.data else {
            return RunningCells(evaluator: evaluator, cellIds: [], cellCount: 0, cellPeriod: [], cellTimed: [], groupCount: 0,
                                groupKeys: free, groupCells: [], nullCell: [], periods: periodVector)
        }
        let groups = Grouping(keys: free, count: count)
        let groupCount = free.isEmpty ? 1 : groups.groupCount
        let groupKeys = free.map { $0.gather(groups.representatives.map(Int32.init)) }
        let cells = Grouping(keys: [ColumnVector(.integer(groups.groupIds.map(Int64.init))), periodVector], count: count)
        var cellPeriod = [Int32](repeating: 0, count: cells.groupCount)
        var cellTimed = [Bool](repeating: false, count: cells.groupCount)
        var groupCells = [[Int32]](repeating: [], count: groupCount)
        var nullCell = [Int32](repeating: -1, count: groupCount)
        for (cell, row) in cells.representatives.enumerated() {
            let group = Int(groups.groupIds[row])
            if periodVector.isValid(row) {
                cellPeriod[cell] = periodValues[row]
                cellTimed[cell] = true
                groupCells[group].append(Int32(cell))
            } else {
                nullCell[group] = Int32(cell)
            }
        }
        for group in 0..<groupCount { groupCells[group].sort { cellPeriod[Int($0)] < cellPeriod[Int($1)] } }
        return RunningCells(evaluator: evaluator, cellIds: cells.groupIds, cellCount: cells.groupCount, cellPeriod: cellPeriod,
                            cellTimed: cellTimed, groupCount: groupCount, groupKeys: groupKeys, groupCells: groupCells,
                            nullCell: nullCell, periods: periodVector)
    }

    /// Which rows of the cells a like-with-like first step keeps: those of the period it moves
    /// into the partial latest one only through the day the data reaches there.
    func likeForLikeRows(_ cells: RunningCells, shift: Int, partial: PartialPeriod) -> [Bool] {
        guard let time = dataset.timeColumnIndex, case .period(_, let periodValues) = cells.periods.data else {
            return [Bool](repeating: true, count: cells.cellIds.count)
        }
        let source = partial.index - Int32(shift)
        let first = calendar.firstDay(of: source, grain: partial.grain)
        let vector = cells.evaluator.column(ColumnPath(links: [], dataset: dataset.name, column: time))
        return (0..<cells.cellIds.count).map { row in
            guard cells.periods.isValid(row), periodValues[row] == source else { return true }
            return PeriodVectors.days(vector, row) - first <= partial.elapsed
        }
    }
}
