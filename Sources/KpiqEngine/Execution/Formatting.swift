/// Number text for captions and notices (renderers have their own, richer formatting).
public enum Formatting {
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
