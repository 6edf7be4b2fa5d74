import KpiqLanguage

/// Evaluation of periods: the period of each row, filters on a period decided on the days
/// themselves (block by block where they can be), and cohorts.
extension Evaluator {
    /// The period of `grain` of each row, as `PeriodVectors.periods`; for dates through a table of
    /// the days from the earliest to the latest, so that the calendar (and the shift) is worked
    /// out once per day.
    static func periods(of vector: ColumnVector, grain: PeriodGrain, shift: TimeShift, calendar: FiscalCalendar) -> ColumnVector {
        guard case .date(let days) = vector.data, grain != .day || !shift.isZero, !days.isEmpty else {
            return PeriodVectors.periods(of: vector, grain: grain, shift: shift, calendar: calendar)
        }
        let (low, high) = days.withUnsafeBufferPointer { days in
            withValidityWords(vector.validity) { words in Grouping.range(days, words) }
        }
        guard low <= high, Int(high) - Int(low) < max(1 << 16, days.count) else {
            return PeriodVectors.periods(of: vector, grain: grain, shift: shift, calendar: calendar)
        }
        let table = (Int(low)...Int(high)).map { calendar.index(days: shift.apply(toDay: $0), grain: grain) }
        let result = [Int32](unsafeUninitializedCapacity: days.count) { output, initialized in
            days.withUnsafeBufferPointer { days in
                table.withUnsafeBufferPointer { table in
                    withValidityWords(vector.validity) { words in
                        let last = table.count - 1
                        if let words {
                            for row in 0..<days.count {
                                // A null row's placeholder day may lie outside the table.
                                let offset = Swift.min(Swift.max(Int(days[row]) - Int(low), 0), last)
                                output[row] = Bitmap.test(words, row) ? table[offset] : 0
                            }
                        } else {
                            for row in 0..<days.count { output[row] = table[Int(days[row]) - Int(low)] }
                        }
                    }
                }
            }
            initialized = days.count
        }
        return ColumnVector(.period(grain, result), validity: vector.validity)
    }

    /// `period op index` on a date column, decided on the days themselves: a period is the run of
    /// days from its first day to the next period's, and periods grow with days, so no period
    /// need be computed per row.
    ///
    /// Rows read as if shifted in time (previous periods) work the same way: a shift never moves
    /// a later day before an earlier one, so the days that land in a period are again a run, from
    /// the first day that lands at or after its first day to the first that lands at or after
    /// the next period's.
    func periodAsDayRange(_ path: ColumnPath, _ grain: PeriodGrain, _ op: BinaryOperator, _ index: Int32) -> ColumnVector? {
        let vector = column(path)
        guard case .date(let days) = vector.data, let (first, next) = dayBounds(path, grain, index) else { return nil }
        let values = days.withUnsafeBufferPointer { days -> [Bool] in
            @inline(__always) func map(_ test: (Int64) -> Bool) -> [Bool] {
                [Bool](unsafeUninitializedCapacity: days.count) { output, initialized in
                    for row in 0..<days.count { output[row] = test(Int64(days[row])) }
                    initialized = days.count
                }
            }
            switch op {
            case .equal: return map { $0 >= first && $0 < next }
            case .notEqual: return map { $0 < first || $0 >= next }
            case .less: return map { $0 < first }
            case .lessEqual: return map { $0 < next }
            case .greater: return map { $0 >= next }
            default: return map { $0 >= first }
            }
        }
        return ColumnVector(.boolean(values), validity: vector.validity)
    }

    /// The days (as if shifted, for this evaluator's time shift) from which rows are in period
    /// `index` and from which they are past it.
    private func dayBounds(_ path: ColumnPath, _ grain: PeriodGrain, _ index: Int32) -> (first: Int64, next: Int64)? {
        guard index < Int32.max else { return nil }
        let shift = path.links.isEmpty ? timeShift : .zero
        let calendar = catalog.calendar
        guard let first = Evaluator.firstDay(landingAtOrAfter: calendar.firstDay(of: index, grain: grain), shift: shift),
              let next = Evaluator.firstDay(landingAtOrAfter: calendar.firstDay(of: index + 1, grain: grain), shift: shift)
        else { return nil }
        return (Int64(first), Int64(next))
    }

    /// `period op index` (or `index op period`, turned around), other than `!=`.
    func periodComparison(_ condition: BoundExpr) -> (ColumnPath, PeriodGrain, BinaryOperator, Int32)? {
        guard case .binary(let op, let left, let right, _) = condition, op.isComparison, op != .notEqual else { return nil }
        if case .period(let path, let grain) = left, case .literal(.period(grain, let index), _) = right {
            return (path, grain, op, index)
        }
        if case .period(let path, let grain) = right, case .literal(.period(grain, let index), _) = left {
            return (path, grain, op.mirrored, index)
        }
        return nil
    }

    /// The rows where `period op index` holds, for a filter on all rows of a date column of the
    /// base dataset: read block by block, skipping blocks whose days are all outside.
    func periodPositions(_ condition: BoundExpr) -> [Int32]? {
        guard rows == nil, let base, let (path, grain, op, index) = periodComparison(condition) else { return nil }
        guard path.links.isEmpty, path.dataset == base.name, let blocks = base.dayBlocks(column: path.column),
              case .date(let days) = base.columns[path.column].vector.data,
              let (first, next) = dayBounds(path, grain, index) else { return nil }
        let (low, high): (Int64, Int64)
        switch op {
        case .equal: (low, high) = (first, next)
        case .less: (low, high) = (.min, first)
        case .lessEqual: (low, high) = (.min, next)
        case .greater: (low, high) = (next, .max)
        default: (low, high) = (first, .max)
        }
        return blocks.positions(days: days, validity: base.columns[path.column].vector.validity, from: low, to: high)
    }

    /// The earliest day that `shift` moves to `target` or later; nil if the search bounds are off.
    static func firstDay(landingAtOrAfter target: Int, shift: TimeShift) -> Int? {
        guard !shift.isZero else { return target }
        // Months move a day by at most 31 days each (and the clamp to a month's end by 3 more).
        let reach = abs(shift.months) * 31 + abs(shift.days) + 31
        var low = target - reach, high = target + reach
        guard shift.apply(toDay: low) < target, shift.apply(toDay: high) >= target else { return nil }
        // apply(low) < target <= apply(high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if shift.apply(toDay: middle) >= target { high = middle } else { low = middle }
        }
        return high
    }

    /// Each row's cohort (the first period of its key over the whole dataset) and own period.
    func cohorts(key: BoundExpr, time: ColumnPath, grain: PeriodGrain) -> (cohort: ColumnVector, own: ColumnVector) {
        guard let base else { return (.constant(.null, type: .period(grain), count: count), .constant(.null, type: .period(grain), count: count)) }
        // Cohorts are fixed by all the data: a filter narrows the rows shown, not the cohorts.
        // Those of a column of the dataset itself are kept with it for the queries after.
        let whole: ColumnVector
        if case .column(let keyPath, _) = key, keyPath.links.isEmpty, keyPath.dataset == base.name,
           time.links.isEmpty, time.dataset == base.name {
            let cacheKey = Dataset.CohortKey(key: keyPath.column, time: time.column, grain: grain, calendar: catalog.calendar)
            whole = base.cohorts(cacheKey) { wholeCohorts(key: key, time: time, grain: grain) }
        } else {
            whole = wholeCohorts(key: key, time: time, grain: grain)
        }
        let own = Evaluator.periods(of: column(time), grain: grain, shift: timeShift, calendar: catalog.calendar)
        return (rows.map { whole.gather($0) } ?? whole, own)
    }

    /// The cohort of every row of the base dataset.
    private func wholeCohorts(key: BoundExpr, time: ColumnPath, grain: PeriodGrain) -> ColumnVector {
        let whole = Evaluator(catalog: catalog, base: base!, rows: nil)
        let keys = whole.evaluate(key)
        let (codes, cardinality) = Grouping.denseCodes(keys)
        let wholePeriods = Evaluator.periods(of: whole.column(time), grain: grain, shift: .zero, calendar: catalog.calendar)
        guard case .period(_, let periods) = wholePeriods.data else { return wholePeriods }
        // Each key's first period (`Int32.max`: none yet), then each row's, in flat arrays.
        var first = [Int32](repeating: .max, count: cardinality)
        first.withUnsafeMutableBufferPointer { first in
            periods.withUnsafeBufferPointer { periods in
                codes.withUnsafeBufferPointer { codes in
                    for row in 0..<codes.count where wholePeriods.isValid(row) {
                        let code = codes[row]
                        if periods[row] < first[code] { first[code] = periods[row] }
                    }
                }
            }
        }
        var values = [Int32](repeating: 0, count: codes.count)
        var valid = [Bool](repeating: false, count: codes.count)
        for row in 0..<codes.count {
            // A null key has no cohort (code 0 is null for non-text keys; text nulls are invalid rows).
            let cohort = first[codes[row]]
            if cohort != .max, keys.isValid(row) { values[row] = cohort; valid[row] = true }
        }
        return ColumnVector(.period(grain, values), validity: Bitmap(valid))
    }
}
