/// How users may spell the name of a column: its header text exactly, its snake_case form,
/// or either one case-insensitively when that picks out a single column.
public enum NameMatching {
    /// `Order Date` → `order_date`, `customerID` → `customer_id`, `TotalCharges` → `total_charges`.
    public static func snakeCase(_ name: String) -> String {
        var result = ""
        var previous: Character? = nil
        var pendingSeparator = false
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                pendingSeparator = !result.isEmpty
                previous = nil
                continue
            }
            if let before = previous, character.isUppercase {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // aB → a_b; ABc → a_bc (an acronym followed by a word)
                if before.isLowercase || before.isNumber || (before.isUppercase && next?.isLowercase == true) {
                    pendingSeparator = true
                }
            }
            if pendingSeparator { result.append("_"); pendingSeparator = false }
            result += character.lowercased()
            previous = character
        }
        return result.isEmpty ? "column" : result
    }

    /// The index of the name in `names` that `written` refers to, or why none does.
    public static func match(_ written: String, in names: [String], snakeNames: [String]) -> MatchResult {
        if let exact = names.firstIndex(of: written) { return .found(exact) }
        // `Region` and `REGION` both read as `region`: that spelling picks out neither.
        let snakeHits = snakeNames.indices.filter { snakeNames[$0] == written }
        if snakeHits.count == 1 { return .found(snakeHits[0]) }
        if snakeHits.count > 1 { return .ambiguous(snakeHits.map { names[$0] }) }
        let lowered = written.lowercased()
        var hits = Set<Int>()
        for (index, name) in names.enumerated() where name.lowercased() == lowered { hits.insert(index) }
        for (index, name) in snakeNames.enumerated() where name == lowered { hits.insert(index) }
        if hits.count == 1 { return .found(hits.first!) }
        if hits.count > 1 { return .ambiguous(hits.sorted().map { names[$0] }) }
        return .missing
    }

    public enum MatchResult: Equatable {
        case found(Int)
        case ambiguous([String])
        case missing
    }
}
