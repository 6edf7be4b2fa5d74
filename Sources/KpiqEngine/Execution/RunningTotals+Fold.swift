import KpiqLanguage

extension WindowedAggregation {
    // MARK: States and the fold

    /// An aggregate's state per cell; with like with like, the trimmed cells follow (cell + count).
    enum CellStates {
        case counts([Int64])
        case integerSums([Int64], counts: [Int64])
        case decimalSums([Double], counts: [Int64])
        /// The best value of each cell and its rank among all (equal values, equal ranks; -1: none).
        case extremes(ColumnVector, ranks: [Int])
    }

    func cellStates(_ running: RunningSpec, _ cells: RunningCells, trimmed: [Bool]?) -> CellStates? {
        let spec = running.spec
        let evaluator = cells.evaluator
        let argument = spec.argument.map(evaluator.evaluate)
        let mask = truth(spec.filter.map(evaluator.evaluate), count: evaluator.count)
        var masks = [ColumnVector(.boolean(mask))]
        if let trimmed { masks.append(ColumnVector(.boolean(zip(mask, trimmed).map { $0 && $1 }))) }
        func each(_ kind: AggregateKind, _ type: DataType) -> [ColumnVector] {
            masks.map { Aggregates.compute(kind, type: type, argument: argument, mask: $0, groupIds: cells.cellIds, groupCount: cells.cellCount) }
        }
        func integers(_ vectors: [ColumnVector]) -> [Int64]? {
            var result: [Int64] = []
            for vector in vectors {
                guard case .integer(let values) = vector.data else { return nil }
                result += values
            }
            return result
        }
        switch spec.kind {
        case .count, .countValues:
            return integers(each(spec.kind, .integer)).map(CellStates.counts)
        case .sum, .avg:
            guard let counts = integers(each(.countValues, .integer)) else { return nil }
            switch argument?.type {
            case .integer?:
                // An overflowing sum comes back in doubles: the passes handle that.
                guard let sums = integers(each(.sum, .integer)) else { return nil }
                return .integerSums(sums, counts: counts)
            case .decimal?:
                var sums: [Double] = []
                for vector in each(.sum, .decimal) {
                    guard case .decimal(let values) = vector.data else { return nil }
                    sums += values.indices.map { vector.isValid($0) ? values[$0] : 0 }
                }
                return .decimalSums(sums, counts: counts)
            default:
                return nil
            }
        case .min, .max:
            let values = ColumnVector.concatenate(each(spec.kind, spec.type))
            let order = Sorting.comparator(values)
            let valid = (0..<values.count).filter { !order.isNull($0) }
            let sorted = valid.sorted { order.comparator($0, $1) < 0 }
            var ranks = [Int](repeating: -1, count: values.count)
            var rank = 0
            for (position, cell) in sorted.enumerated() {
                if position > 0, order.comparator(sorted[position - 1], cell) != 0 { rank += 1 }
                ranks[cell] = rank
            }
            return .extremes(values, ranks: ranks)
        default:
            return nil
        }
    }

    /// The running total of each group of the result (`destinationGroup` maps each destination
    /// to it); nil when an integer sum could overflow (the passes then compute it).
    func fold(_ running: RunningSpec, _ states: CellStates, _ cells: RunningCells, destinations: (groups: [Int32], periods: [Int32?]),
              destinationGroup: ArraySlice<Int32>, groupCount: Int, partial: PartialPeriod?) -> ColumnVector? {
        func perGroup<State: RunState>(_ cellStates: [State]) -> [State]? {
            let windows = windowStates(running, cells, cellStates, destinations: destinations, partial: partial)
            var result = [State](repeating: .none, count: groupCount)
            var filled = [Bool](repeating: false, count: groupCount)
            for (position, window) in windows.enumerated() {
                let group = Int(destinationGroup[destinationGroup.startIndex + position])
                // A destination's keys hold its period at the query's grain, so no two share a group.
                guard !filled[group] else { return nil }
                filled[group] = true
                result[group] = window
            }
            return result
        }
        let spec = running.spec
        switch states {
        case .counts(let values):
            return perGroup(values.map { RunTotal(sum: Int64(0), count: $0) }).map { ColumnVector(.integer($0.map(\.count))) }
        case .integerSums(let sums, let counts):
            // The current code adds a window's sums one by one and reports any overflow on the
            // way; here sums are formed in other orders (per block, forward and backward). Where
            // the magnitudes of all of a group's states add up without overflow, no sum of any of
            // them overflows, whatever the order; elsewhere the passes compute it (more often
            // than strictly needed, never less).
            guard cells.groupCells.allSatisfy({ sumsFit($0, sums, cellCount: cells.cellCount) }) else { return nil }
            guard let totals = perGroup(zip(sums, counts).map { RunTotal(sum: $0, count: $1) }) else { return nil }
            let seen = Bitmap(totals.map { $0.count > 0 })
            if spec.kind == .avg {
                return ColumnVector(.decimal(totals.map { $0.count == 0 ? 0 : Double($0.sum) / Double($0.count) }), validity: seen)
            }
            return spec.type == .integer ? ColumnVector(.integer(totals.map(\.sum)), validity: seen)
                : ColumnVector(.decimal(totals.map { Double($0.sum) }), validity: seen)
        case .decimalSums(let sums, let counts):
            guard spec.type != .integer, let totals = perGroup(zip(sums, counts).map { RunTotal(sum: $0, count: $1) }) else { return nil }
            let seen = Bitmap(totals.map { $0.count > 0 })
            if spec.kind == .avg {
                return ColumnVector(.decimal(totals.map { $0.count == 0 ? 0 : $0.sum / Double($0.count) }), validity: seen)
            }
            return ColumnVector(.decimal(totals.map(\.sum)), validity: seen)
        case .extremes(let values, let ranks):
            // Oriented so that higher is better.
            let isMax = spec.kind == .max
            let bests = ranks.enumerated().map { cell, rank in
                rank < 0 ? RunBest.none : RunBest(key: isMax ? rank : -rank, cell: Int32(cell))
            }
            return perGroup(bests).map { values.gather($0.map(\.cell)) }
        }
    }

    /// Whether the magnitudes of a group's sums (its cells' and their trimmed ones') add up
    /// without overflow.
    private func sumsFit(_ list: [Int32], _ sums: [Int64], cellCount: Int) -> Bool {
        var total: UInt64 = 0
        for cell in list {
            for state in stride(from: Int(cell), to: sums.count, by: cellCount) {
                let (sum, overflow) = total.addingReportingOverflow(sums[state].magnitude)
                guard !overflow, sum <= UInt64(Int64.max) else { return false }
                total = sum
            }
        }
        return true
    }

    /// The state of each destination's window, folded without walking the window.
    ///
    /// Walking back through every cell of every window costs destinations × window length
    /// (366 cells for `ytd(x) by day`). Instead each group's cells, in period order, are cut
    /// into blocks (van Herk / Gil-Werman): for `ytd`, `qtd`, `mtd` the enclosing periods; for
    /// `rolling(x, n)` runs of `n` periods aligned at multiples of `n`. Each cell keeps the
    /// state of its block up to it (prefix) and from it on (suffix). A to-date window is the
    /// prefix of its anchor's block; a rolling window of `n` periods that does not start a block
    /// ends in the next one: the suffix of its first cell, then the prefix of its last. With
    /// like with like, the window without the anchor (still at most two blocks) is followed by
    /// the anchor cell's trimmed state. So a destination costs two binary searches. States
    /// combine in period order with no subtraction, so minimum and maximum fold too and decimal
    /// sums cancel nothing; the later state wins a tie of extremes, as the walk back from the
    /// anchor kept the first it met.
    private func windowStates<State: RunState>(_ running: RunningSpec, _ cells: RunningCells, _ states: [State],
                                               destinations: (groups: [Int32], periods: [Int32?]), partial: PartialPeriod?) -> [State] {
        let grain = periods!.grain
        var enclosingCache: [Int32: Int32] = [:]
        func block(_ period: Int32) -> Int32 {
            guard let enclosingGrain = running.enclosing else {
                let (quotient, remainder) = period.quotientAndRemainder(dividingBy: Int32(running.steps))
                return remainder < 0 ? quotient - 1 : quotient
            }
            if let known = enclosingCache[period] { return known }
            let value = enclosing(ofPeriod: period, grain, enclosingGrain)
            enclosingCache[period] = value
            return value
        }

        // The groups' cells laid end to end, each with its period, block and block's first and
        // last position (32 bits: by account and day the cells can number millions).
        var start = [Int](repeating: 0, count: cells.groupCount + 1)
        for group in 0..<cells.groupCount { start[group + 1] = start[group] + cells.groupCells[group].count }
        let total = start[cells.groupCount]
        let flatCells = cells.groupCells.flatMap { $0 }
        let periodAt = flatCells.map { cells.cellPeriod[Int($0)] }
        let blockAt = periodAt.map(block)
        var blockFirst = [Int32](repeating: 0, count: total), blockLast = [Int32](repeating: 0, count: total)
        var prefix = [State](repeating: .none, count: total), suffix = [State](repeating: .none, count: total)
        for group in 0..<cells.groupCount where start[group] < start[group + 1] {
            let range = start[group]..<start[group + 1]
            for position in range {
                let state = states[Int(flatCells[position])]
                let continues = position > range.lowerBound && blockAt[position - 1] == blockAt[position]
                blockFirst[position] = continues ? blockFirst[position - 1] : Int32(position)
                prefix[position] = continues ? prefix[position - 1].then(state) : state
            }
            for position in range.reversed() {
                let state = states[Int(flatCells[position])]
                let continues = position + 1 < range.upperBound && blockAt[position + 1] == blockAt[position]
                blockLast[position] = continues ? blockLast[position + 1] : Int32(position)
                suffix[position] = continues ? state.then(suffix[position + 1]) : state
            }
        }
        /// The state of the cells at positions `low ... high` (of one group).
        func run(_ low: Int, _ high: Int) -> State {
            guard low <= high else { return .none }
            if blockFirst[low] == blockFirst[high] {
                if low == Int(blockFirst[low]) { return prefix[high] }
                if high == Int(blockLast[high]) { return suffix[low] }
            } else if blockLast[low] + 1 == blockFirst[high] {
                return suffix[low].then(prefix[high])
            }
            // Not a window that one or two blocks answer (none of those built here): cell by cell.
            return (low...high).reduce(State.none) { $0.then(states[Int(flatCells[$1])]) }
        }
        /// The first position in `range` whose period is at least `period`.
        func firstAtOrAfter(_ period: Int32, in range: Range<Int>) -> Int {
            var low = range.lowerBound, high = range.upperBound
            while low < high {
                let middle = (low + high) / 2
                if periodAt[middle] < period { low = middle + 1 } else { high = middle }
            }
            return low
        }

        let trimmedPeriod: Int32? = running.likeForLike ? partial.map { $0.index } : nil
        var windows: [State] = []
        windows.reserveCapacity(destinations.periods.count)
        for (position, destinationPeriod) in destinations.periods.enumerated() {
            let group = Int(destinations.groups[position])
            guard let destinationPeriod else {
                let nullCell = Int(cells.nullCell[group])
                windows.append(running.shift == 0 && nullCell >= 0 ? states[nullCell] : .none)
                continue
            }
            let anchor = destinationPeriod - Int32(running.shift)
            let trimmed = trimmedPeriod == destinationPeriod
            // Without the anchor when its trimmed state stands for it.
            let latest = trimmed ? anchor - 1 : anchor
            let cellsOfGroup = start[group]..<start[group + 1]
            let next = firstAtOrAfter(latest + 1, in: cellsOfGroup)
            var low = firstAtOrAfter(anchor - Int32(running.steps - 1), in: cellsOfGroup), high = next - 1
            if running.enclosing != nil {
                // Only the anchor's enclosing period; blocks follow the periods' order.
                if high >= low, blockAt[high] == block(anchor) { low = max(low, Int(blockFirst[high])) } else { high = low - 1 }
            }
            var window = run(low, high)
            if trimmed, next < cellsOfGroup.upperBound, periodAt[next] == anchor {
                window = window.then(states[cells.cellCount + Int(flatCells[next])])
            }
            windows.append(window)
        }
        return windows
    }
}

/// The state of a run of cells, which combines with the state of the run right after it.
protocol RunState {
    static var none: Self { get }
    /// This run, then `later`.
    func then(_ later: Self) -> Self
}

/// A sum and how many values it adds (for counts, just the count).
struct RunTotal<Sum: AdditiveArithmetic>: RunState {
    var sum: Sum
    var count: Int64
    static var none: RunTotal { RunTotal(sum: .zero, count: 0) }
    func then(_ later: RunTotal) -> RunTotal { RunTotal(sum: sum + later.sum, count: count + later.count) }
}

/// The best value of a run: its rank, higher better (`Int.min`: none), and its cell.
struct RunBest: RunState {
    var key: Int
    var cell: Int32
    static var none: RunBest { RunBest(key: .min, cell: -1) }
    /// On a tie the later cell wins.
    func then(_ later: RunBest) -> RunBest { later.key >= key ? later : self }
}
