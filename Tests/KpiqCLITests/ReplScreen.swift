/// A small terminal emulator for the pseudo-terminal tests: it applies what kpiq and libedit
/// write (text, line breaks, cursor movements, erasures) to a grid of characters, so that a
/// test asserts what a person would see rather than the bytes that drew it.
///
/// It knows the sequences libedit sends for `TERM=xterm` (cursor moves, erase line and
/// display, insert and delete characters) and ignores colours and modes. Lines that scroll off
/// the top are kept, so `text` is the whole session.
struct ReplScreen {
    let columns: Int
    let rows: Int
    private(set) var lines: [[Character]]
    /// Cursor position; `row` counts from the top of the visible screen.
    private(set) var row = 0
    private(set) var column = 0
    private var wrapPending = false
    private var savedCursor = (0, 0)
    private var pending: [UInt8] = []

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        lines = Array(repeating: [], count: rows)
    }

    /// The first line of the visible screen in `lines`.
    private var top: Int { lines.count - rows }

    /// Every line, scrollback included, without trailing blanks or trailing empty lines.
    var text: String {
        var all = lines.map { String($0).trimmingTrailingSpaces() }
        while all.last?.isEmpty == true { all.removeLast() }
        return all.joined(separator: "\n")
    }

    /// The visible lines, without trailing blanks.
    var visibleLines: [String] {
        lines[top...].map { String($0).trimmingTrailingSpaces() }
    }

    /// The line the cursor is on.
    var cursorLine: String { String(lines[top + row]).trimmingTrailingSpaces() }

    mutating func feed(_ bytes: [UInt8]) {
        pending += bytes
        var index = 0
        while index < pending.count {
            guard let used = consume(pending[index...]) else { break }
            index += used
        }
        pending.removeFirst(index)
    }

    /// Applies one character or control sequence at the start of `bytes`; returns how many
    /// bytes it took, or nil when the sequence is not complete yet.
    private mutating func consume(_ bytes: ArraySlice<UInt8>) -> Int? {
        let first = bytes[bytes.startIndex]
        switch first {
        case 0x1B:
            return escape(bytes)
        case 0x0D:
            column = 0
            wrapPending = false
        case 0x0A:
            lineFeed()
        case 0x08:
            column = max(0, column - 1)
            wrapPending = false
        case 0x09:
            column = min(columns - 1, (column / 8 + 1) * 8)
        case 0x07, 0x00:
            break
        case 0x01...0x1F, 0x7F:
            break
        default:
            let length = first < 0x80 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
            guard bytes.count >= length else { return nil }
            let scalarText = String(decoding: bytes.prefix(length), as: UTF8.self)
            put(scalarText.first ?? "?")
            return length
        }
        return 1
    }

    private mutating func put(_ character: Character) {
        if wrapPending {
            column = 0
            lineFeed()
            wrapPending = false
        }
        var line = lines[top + row]
        if line.count <= column { line += Array(repeating: " ", count: column - line.count + 1) }
        line[column] = character
        lines[top + row] = line
        if column == columns - 1 { wrapPending = true } else { column += 1 }
    }

    private mutating func lineFeed() {
        wrapPending = false
        if row == rows - 1 { lines.append([]) } else { row += 1 }
    }

    private mutating func escape(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= 2 else { return nil }
        let start = bytes.startIndex
        switch bytes[start + 1] {
        case UInt8(ascii: "["):
            var end = start + 2
            while end < bytes.endIndex, !(0x40...0x7E).contains(bytes[end]) { end += 1 }
            guard end < bytes.endIndex else { return nil }
            let parameters = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
            control(final: bytes[end], parameters: parameters)
            return end - start + 1
        case UInt8(ascii: "]"):
            // Operating system command: up to BEL or ESC \.
            var end = start + 2
            while end < bytes.endIndex, bytes[end] != 0x07, bytes[end] != 0x1B { end += 1 }
            guard end < bytes.endIndex else { return nil }
            return end - start + (bytes[end] == 0x07 ? 1 : 2)
        case UInt8(ascii: "("), UInt8(ascii: ")"):
            return bytes.count >= 3 ? 3 : nil
        case UInt8(ascii: "7"):
            savedCursor = (row, column)
            return 2
        case UInt8(ascii: "8"):
            (row, column) = savedCursor
            return 2
        default:
            return 2
        }
    }

    private mutating func control(final: UInt8, parameters: String) {
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0.filter(\.isNumber)) }
        func number(_ index: Int, _ otherwise: Int) -> Int {
            index < numbers.count ? numbers[index] ?? otherwise : otherwise
        }
        let count = max(1, number(0, 1))
        wrapPending = false
        switch Character(UnicodeScalar(final)) {
        case "A": row = max(0, row - count)
        case "B": row = min(rows - 1, row + count)
        case "C": column = min(columns - 1, column + count)
        case "D": column = max(0, column - count)
        case "G": column = min(columns - 1, max(0, number(0, 1) - 1))
        case "d": row = min(rows - 1, max(0, number(0, 1) - 1))
        case "H", "f":
            row = min(rows - 1, max(0, number(0, 1) - 1))
            column = min(columns - 1, max(0, number(1, 1) - 1))
        case "K":
            var line = lines[top + row]
            switch number(0, 0) {
            case 1: for index in 0..<min(column + 1, line.count) { line[index] = " " }
            case 2: line = []
            default: if line.count > column { line.removeLast(line.count - column) }
            }
            lines[top + row] = line
        case "J":
            switch number(0, 0) {
            case 2, 3: for index in top..<lines.count { lines[index] = [] }
            default:
                if lines[top + row].count > column { lines[top + row].removeLast(lines[top + row].count - column) }
                for index in (top + row + 1)..<lines.count { lines[index] = [] }
            }
        case "P":
            var line = lines[top + row]
            if column < line.count { line.removeSubrange(column..<min(line.count, column + count)) }
            lines[top + row] = line
        case "@":
            var line = lines[top + row]
            if column < line.count { line.insert(contentsOf: Array(repeating: " ", count: count), at: column) }
            if line.count > columns { line.removeLast(line.count - columns) }
            lines[top + row] = line
        case "X":
            var line = lines[top + row]
            for index in column..<min(line.count, column + count) { line[index] = " " }
            lines[top + row] = line
        default:
            // Colours (m), modes (h, l), scroll regions (r) and the rest change no text.
            break
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
