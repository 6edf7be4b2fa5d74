/// How wide each column of the table format is drawn, narrowing text columns when the table
/// would be wider than the terminal.
enum TableWidths {
    /// Text columns other than group keys are cut down to this many columns at the narrowest.
    static let fieldFloor = 8
    /// Group keys are cut last and to no fewer columns than this, so that rows stay tellable apart.
    static let keyFloor = 20

    /// Each column's natural width (its widest cell or header) when the table fits in
    /// `maxWidth`. Otherwise long text columns are narrowed, the widest first: first text that is
    /// not a group key, then group keys. Numbers, dates and measures are never narrowed; if the
    /// table is still too wide it is drawn as narrow as the floors allow and the terminal wraps it.
    static func fit(_ columns: [FormattedColumn], maxWidth: Int?) -> [Int] {
        var widths = columns.map(\.naturalWidth)
        guard let maxWidth else { return widths }
        let budget = maxWidth - TableRenderer.separator.count * (columns.count - 1)
        let tiers: [(floor: Int, isMember: (FormattedColumn) -> Bool)] = [
            (fieldFloor, { $0.holdsText && $0.role != .key }),
            (keyFloor, { $0.holdsText && $0.role == .key }),
        ]
        for tier in tiers {
            let excess = widths.reduce(0, +) - budget
            if excess <= 0 { break }
            let members = columns.indices.filter { tier.isMember(columns[$0]) && widths[$0] > tier.floor }
            narrow(&widths, members, by: excess, floor: tier.floor)
        }
        return widths
    }

    /// Takes up to `excess` columns from `members`, never below `floor`, by capping them all at
    /// one level (so the widest give up the most) and spreading what rounding leaves over.
    private static func narrow(_ widths: inout [Int], _ members: [Int], by excess: Int, floor: Int) {
        guard !members.isEmpty else { return }
        let target = members.reduce(0) { $0 + widths[$1] } - excess
        func total(cappedAt cap: Int) -> Int {
            members.reduce(0) { $0 + max(floor, min(widths[$1], cap)) }
        }
        // The highest cap whose total fits; the floor when even that does not fit.
        var low = floor
        var high = members.map { widths[$0] }.max()!
        while low < high {
            let middle = (low + high + 1) / 2
            if total(cappedAt: middle) <= target { low = middle } else { high = middle - 1 }
        }
        var spare = target - total(cappedAt: low)
        for index in members {
            var width = max(floor, min(widths[index], low))
            if spare > 0, width < widths[index] {
                width += 1
                spare -= 1
            }
            widths[index] = width
        }
    }
}
