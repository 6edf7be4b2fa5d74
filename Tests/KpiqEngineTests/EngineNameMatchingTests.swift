import Testing

@testable import KpiqEngine

@Suite("Engine: name matching")
struct EngineNameMatchingTests {
    @Test(arguments: [
        ("Order Date", "order_date"),
        ("customerID", "customer_id"),
        ("TotalCharges", "total_charges"),
        ("SeniorCitizen", "senior_citizen"),
        ("already_snake", "already_snake"),
        ("HTTPServer", "http_server"),
        ("a-b c", "a_b_c"),
        ("ID", "id"),
        ("PaymentMethod", "payment_method"),
        ("Q3Revenue", "q3_revenue"),
        ("revenue2017", "revenue2017"),
        ("  padded  ", "padded"),
        ("a__b", "a_b"),
        ("__x__", "x"),
        ("Région Été", "région_été"),
        ("", "column"),
        ("%", "column"),
    ])
    func snakeCase(_ name: String, _ expected: String) {
        #expect(NameMatching.snakeCase(name) == expected)
    }

    func match(_ written: String, _ names: [String]) -> NameMatching.MatchResult {
        NameMatching.match(written, in: names, snakeNames: names.map(NameMatching.snakeCase))
    }

    @Test(arguments: [
        // Header text exactly, then its snake_case form.
        ("Order Date", ["Order ID", "Order Date"], NameMatching.MatchResult.found(1)),
        ("order_date", ["Order ID", "Order Date"], .found(1)),
        // Case-insensitively, when that picks out one column.
        ("ORDER_DATE", ["Order ID", "Order Date"], .found(1)),
        ("order date", ["Order ID", "Order Date"], .found(1)),
        ("customerid", ["customerID", "gender"], .found(0)),
        // An exact spelling wins over a case-insensitive one.
        ("order_date", ["Order Date", "order_date"], .found(1)),
        ("Order Date", ["Order Date", "order_date"], .found(0)),
        // Ambiguous: several columns answer to the same spelling.
        ("Order_Date", ["Order Date", "order_date"], .ambiguous(["Order Date", "order_date"])),
        ("region", ["Region", "REGION"], .ambiguous(["Region", "REGION"])),
        ("Region", ["Region", "REGION"], .found(0)),
        ("missing", ["Region"], .missing),
        ("reg", ["Region"], .missing),
    ])
    func matchByHeaderSnakeCaseAndCase(_ written: String, _ names: [String], _ expected: NameMatching.MatchResult) {
        #expect(match(written, names) == expected)
    }
}

// Cases only (strings and integers): safe to hand to parameterised tests.
extension NameMatching.MatchResult: @unchecked Sendable {}
