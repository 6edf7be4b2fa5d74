/// Names for the bytes the lexer looks at, and the character classes it uses.
extension UInt8 {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let bang = UInt8(ascii: "!")
    static let doubleQuote = UInt8(ascii: "\"")
    static let hash = UInt8(ascii: "#")
    static let percent = UInt8(ascii: "%")
    static let singleQuote = UInt8(ascii: "'")
    static let leftParen = UInt8(ascii: "(")
    static let rightParen = UInt8(ascii: ")")
    static let star = UInt8(ascii: "*")
    static let plus = UInt8(ascii: "+")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let semicolon = UInt8(ascii: ";")
    static let less = UInt8(ascii: "<")
    static let equal = UInt8(ascii: "=")
    static let greater = UInt8(ascii: ">")
    static let backslash = UInt8(ascii: "\\")
    static let underscore = UInt8(ascii: "_")
    static let backquote = UInt8(ascii: "`")
    static let upperE = UInt8(ascii: "E")
    static let lowerE = UInt8(ascii: "e")
    static let lowerN = UInt8(ascii: "n")
    static let lowerT = UInt8(ascii: "t")
    static let upperQ = UInt8(ascii: "Q")
    static let lowerQ = UInt8(ascii: "q")
    static let upperW = UInt8(ascii: "W")
    static let lowerW = UInt8(ascii: "w")

    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    var isLetter: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
    }

    /// A byte that may begin a word: a letter or `_`.
    var isWordStart: Bool { isLetter || self == .underscore }

    /// A byte that may continue a word: a letter, a digit or `_`.
    var isWordPart: Bool { isWordStart || isDigit }

    /// Whitespace inside a line.
    var isBlank: Bool { self == .space || self == .tab || self == .carriageReturn }
}
