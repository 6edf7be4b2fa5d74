/// Number text for captions and notices (renderers have their own, richer formatting).
public enum Formatting {
    /// `count(1, "row")` → `1 row`, `count(8800, "row")` → `8,800 rows`.
    public static func count(_ value: Int, _ noun: String) -> String {
        "\(thousands(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// `8800` → `8,800`.
    public static func thousands(_ value: Int) -> String {
        let digits = String(Swift.abs(value))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }
}
