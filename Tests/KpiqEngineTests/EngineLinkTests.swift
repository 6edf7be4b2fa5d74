import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Links: the row mapping made once, what finds no match, and the chains a query follows.
@Suite("Engine: links")
struct EngineLinkTests {
    func mapping(_ from: ColumnVector, _ to: ColumnVector) -> (mapping: [Int32], unmatched: Int)? {
        guard case .success(let built) = LinkBuilder.mapping(from: from, to: to) else { return nil }
        return built
    }

    @Test func unmatchedAndNullKeysMapToMinusOneAndAreCounted() {
        let built = mapping(texts(["Anna", "Zed", nil, "Cecil", "Anna"]), texts(["Cecil", "Anna", "Dora"]))
        #expect(built?.mapping == [1, -1, -1, 0, 1])
        #expect(built?.unmatched == 2)
        let numbers = mapping(integers([3, nil, 9, 1]), integers([1, 2, 3]))
        #expect(numbers?.mapping == [2, -1, -1, 0])
        #expect(numbers?.unmatched == 2)
    }

    @Test func nullKeysOnTheRightAreNotDuplicates() {
        let built = mapping(texts(["a", "b"]), texts([nil, "a", nil]))
        #expect(built?.mapping == [1, -1])
    }

    @Test func aDuplicateRightKeyIsAnError() {
        let result = LinkBuilder.mapping(from: texts(["a"]), to: texts(["a", "b", "a", "a"]))
        guard case .failure(let error) = result else {
            Issue.record("linked to duplicate keys: \(result)")
            return
        }
        #expect(error == .duplicateKey(value: "\"a\"", count: 3))
        let numbers = LinkBuilder.mapping(from: integers([1]), to: integers([7, 7]))
        guard case .failure(let numberError) = numbers else {
            Issue.record("linked to duplicate keys: \(numbers)")
            return
        }
        // Known to be poor: an integer key is quoted like text in the message.
        #expect(numberError == .duplicateKey(value: "\"7\"", count: 2))
    }

    /// An id read as integers in one file and as text in another still links, by value.
    @Test func integerAndTextKeysLinkByValue() {
        #expect(mapping(integers([1, 2, 3]), texts(["2", "1"]))?.mapping == [1, 0, -1])
        #expect(mapping(texts(["2", "01", "1"]), integers([1, 2]))?.mapping == [1, -1, 0])
        #expect(mapping(decimals([1.0, 2.5]), integers([1, 2]))?.mapping == [0, -1])
        #expect(mapping(decimals([2.5]), texts(["2.5"]))?.mapping == [0])
    }

    @Test func dateKeysLink() {
        #expect(mapping(dates(["2017-01-02", "2017-01-01", nil]), dates(["2017-01-01", "2017-01-02"]))?.mapping == [1, 0, -1])
    }

    @Test func catalogReachesDatasetsNearestFirst() {
        let model = Fixtures.crm
        let reached = model.catalog.reachable(from: "deals").map { ($0.dataset.name, $0.path.count) }
        #expect(reached.map(\.0) == ["deals", "teams", "accounts", "products", "offices"])
        #expect(reached.map(\.1) == [0, 1, 1, 1, 2])
        #expect(model.catalog.reachable(from: "offices").map(\.dataset.name) == ["offices"])
        let link = model.catalog.links(from: "deals").first { $0.toDataset == "teams" }
        #expect(link?.unmatchedRows == 1)
        #expect(link?.description == "deals.sales_agent -> teams.sales_agent")
    }

    @Test func aLinkBetweenTheSameDatasetsReplacesTheEarlierOne() {
        let catalog = Catalog()
        let left = Dataset(name: "a", origin: "a.csv", columns: [
            Column(name: "x", vector: integers([1, 2])), Column(name: "y", vector: integers([10, 20])),
        ], rowCount: 2)
        let right = Dataset(name: "b", origin: "b.csv", columns: [
            Column(name: "id", vector: integers([2, 10])),
        ], rowCount: 2)
        catalog.add(left)
        catalog.add(right)
        _ = catalog.addLink(from: left, fromColumn: 0, to: right, toColumn: 0)
        _ = catalog.addLink(from: left, fromColumn: 1, to: right, toColumn: 0)
        #expect(catalog.links.count == 1)
        #expect(catalog.links.first?.mapping == [1, -1])
    }

    /// Reloading a dataset rebuilds the links that touch it and drops those that fail.
    @Test func reloadingRebuildsOrDropsLinks() {
        let catalog = Catalog()
        let facts = Dataset(name: "facts", origin: "f.csv", columns: [Column(name: "k", vector: texts(["a", "b"]))], rowCount: 2)
        catalog.add(facts)
        catalog.add(Dataset(name: "keys", origin: "k.csv", columns: [Column(name: "k", vector: texts(["b"]))], rowCount: 1))
        _ = catalog.addLink(from: facts, fromColumn: 0, to: catalog.dataset("keys")!, toColumn: 0)
        #expect(catalog.links.first?.mapping == [-1, 0])
        let rebuilt = catalog.add(Dataset(name: "keys", origin: "k.csv", columns: [Column(name: "k", vector: texts(["a", "b"]))], rowCount: 2))
        #expect(rebuilt.isEmpty)
        #expect(catalog.links.first?.mapping == [0, 1])
        let dropped = catalog.add(Dataset(name: "keys", origin: "k.csv", columns: [Column(name: "k", vector: texts(["a", "a"]))], rowCount: 2))
        #expect(dropped == ["link facts.k -> keys.k was dropped: it no longer holds after reloading keys"])
        #expect(catalog.links.isEmpty)
    }

    /// The ASCII text path against the general one, on a link large enough to run on all cores
    /// with warmed lookups: unmatched, null and repeated source keys, keys that differ in one byte.
    @Test func largeTextLinksMatchTheGeneralPath() {
        let targetCount = 70_000
        let target = (0..<targetCount).map { "K-\(($0 * 7_919) % targetCount)" }
        var source: [String?] = []
        for row in 0..<(1 << 20) + 5 {
            switch row % 11 {
            case 0: source.append(nil)
            case 1: source.append("K-\(targetCount + row % 97)")  // no match
            case 2: source.append("k-\(row % targetCount)")  // differs in case only
            default: source.append("K-\((row * 31) % targetCount)")
            }
        }
        guard let built = mapping(texts(source), texts(target)) else {
            Issue.record("no mapping")
            return
        }
        var rowOfKey: [String: Int32] = [:]
        for (row, key) in target.enumerated() { rowOfKey[key] = Int32(row) }
        let expected = source.map { $0.flatMap { rowOfKey[$0] } ?? -1 }
        #expect(built.mapping == expected)
        #expect(built.unmatched == expected.filter { $0 < 0 }.count)
    }

    /// Long keys that differ only between their first and last eight bytes stay apart.
    @Test func longKeysDifferingInTheMiddleLink() {
        let target = (0..<80_000).map { "customer-\(String(format: "%06d", $0))-of-the-north" }
        var source: [String?] = []
        for row in 0..<(1 << 20) {
            let key = (row * 7_919) % 90_000
            source.append(row % 13 == 0 ? nil : "customer-\(String(format: "%06d", key))-of-the-north")
        }
        guard let built = mapping(texts(source), texts(target)) else {
            Issue.record("no mapping")
            return
        }
        let expected = source.map { key -> Int32 in
            guard let key, let number = Int(key.dropFirst(9).prefix(6)), number < 80_000 else { return -1 }
            return Int32(number)
        }
        #expect(built.mapping == expected)
        #expect(built.unmatched == expected.filter { $0 < 0 }.count)
    }

    /// Null target rows are skipped; a target key written twice is reported as a duplicate;
    /// non-ASCII keys link by their text.
    @Test func textLinkEdgeCases() {
        #expect(mapping(texts([nil, nil]), texts(["a"]))?.mapping == [-1, -1])
        #expect(mapping(texts([]), texts(["a", "b"]))?.mapping == [])
        #expect(mapping(texts(["b", "a"]), texts([]))?.mapping == [-1, -1])
        #expect(mapping(texts(["Zoë", "Zoe", "Åsa", "Zoë"]), texts(["Åsa", "Zoë"]))?.mapping == [1, -1, 0, 1])
        // "e" followed by a combining acute accent equals "é" as a String.
        #expect(mapping(texts(["caf\u{0065}\u{0301}", "cafe"]), texts(["café"]))?.mapping == [0, -1])
        let repeated = LinkBuilder.mapping(from: texts(["x"]), to: texts([nil, "x", "y", "x"]))
        guard case .failure(let error) = repeated else {
            Issue.record("linked to duplicate keys: \(repeated)")
            return
        }
        #expect(error == .duplicateKey(value: "\"x\"", count: 2))
    }

    /// Keys read from CSV: quoted, with doubled quotes and delimiters inside, across chunks.
    @Test func quotedKeysLoadedFromCSVLink() throws {
        let accounts = try loadCSV("id,name\n\"A,1\",x\n\"B \"\"2\"\"\",y\nC3,z\n")
        let deals = try loadCSV("deal,account\n1,\"A,1\"\n2,C3\n3,\"B \"\"2\"\"\"\n4,\n5,A\n6,\"C3\"\n", chunks: 3)
        let built = mapping(deals.column("account").vector, accounts.column("id").vector)
        #expect(built?.mapping == [0, 2, 1, -1, -1, 2])
        #expect(built?.unmatched == 2)
    }
}
