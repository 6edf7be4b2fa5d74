import Testing

@testable import KpiqEngine

@Suite("CSV reader internals")
struct CSVInternalsTests {
    @Test func byteDictionaryGivesOneCodePerDistinctValue() {
        var values: [[UInt8]] = [[], Array("a".utf8), Array("abcdefgh".utf8), Array("abcdefghi".utf8), Array("abcdefghj".utf8)]
        // Long values sharing a prefix, past the length kept in a slot.
        values.append([UInt8](repeating: 0x61, count: 70_000))
        values.append([UInt8](repeating: 0x61, count: 70_001))
        values.append([UInt8](repeating: 0x61, count: 69_999) + [0x62])
        for index in 0..<5_000 { values.append(Array("value \(index)".utf8)) }
        var dictionary = ByteDictionary()
        var codes: [UInt32] = []
        for _ in 0..<2 {
            codes = values.map { value in value.withUnsafeBufferPointer { dictionary.intern($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) } }
        }
        #expect(codes == (0..<UInt32(values.count)).map { $0 })
        #expect(dictionary.count == values.count)
        for (index, value) in values.enumerated() {
            #expect(dictionary.bytes[dictionary.range(of: UInt32(index))].elementsEqual(value))
        }
    }

    @Test(arguments: [
        ("a,b,\"c\"\"d\"\r\n", [UInt8(ascii: ",")], ["a", "b", "c\"d"]),
        ("x;\"y;z\";\n", [UInt8(ascii: ";")], ["x", "y;z", ""]),
        ("0123456789abcdef,0123456789abcdefg|h\n", [UInt8(ascii: ",")], ["0123456789abcdef", "0123456789abcdefg|h"]),
    ])
    func tokenizerSplitsFields(_ text: String, _ delimiter: [UInt8], _ expected: [String]) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = CSVTokenizer(bytes: CSVBytes(buffer), delimiter: delimiter[0], position: 0, fields: FieldBounds(capacity: 8))
            guard case .record = tokenizer.next() else {
                Issue.record("no record")
                return
            }
            var scratch = ScratchBuffer()
            defer { scratch.deallocate() }
            let fields = (0..<tokenizer.fieldCount).map { index in
                let (p, n) = tokenizer.field(index, scratch: &scratch)
                return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            }
            #expect(fields == expected)
            #expect(tokenizer.lineBreaks == 1)
            #expect(tokenizer.position == bytes.count)
        }
    }
}
