import Testing

@testable import KpiqEngine

/// How the checker resolves names, pinned as (statement, plan or diagnostics) tables over
/// `Fixtures.crm`: deals → teams → offices, deals → accounts, deals → products, and `orders`
/// unlinked with header-style column names.
@Suite("Checker: names")
struct CheckerNameTests {
    @Test(arguments: linkedNames)
    func columnsOfLinkedDatasets(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: headerNames)
    func headerTextSnakeCaseAndCase(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: ambiguousNames)
    func ambiguousNamesAskToQualify(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: unknownNames)
    func unknownNamesWithHints(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: launchNames)
    func periodsAndHeadersAgainstLinkedColumns(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.launches.check(statement) == expected)
    }

    static let linkedNames: [(String, EngineModel.Outcome)] = [
        // A column of the query's dataset, or of one its links reach; a chain of links is followed.
        (#"kpi won by manager"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by manager
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi won by Manager"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by Manager
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi won by teams.manager"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by manager
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi won by regional_office"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by regional_office
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi won by head"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by head
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent, teams.regional_office -> offices.office
            """)),
        (#"kpi won by offices.country"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by country
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent, teams.regional_office -> offices.office
            """)),
        // Two result columns of one name would make ambiguous JSON keys.
        (#"kpi won by accounts.country, products.country"#, .errors("""
            q:1:30: error: two result columns are named `country`
             1 | kpi won by accounts.country, products.country
               |                              ^^^^^^^^^^^^^^^^
               = help: group by it once
            """)),
        // The query's own column first: `sales_agent` is also in teams, `product` in products;
        // `revenue` is a KPI in the KPI list and a column of accounts in `by`.
        (#"kpi won by sales_agent"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by sales_agent
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
            """)),
        (#"kpi won by teams.sales_agent"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by sales_agent
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi won by revenue"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by revenue
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.account -> accounts.account
            """)),
        (#"kpi revenue by product"#, .plan("""
            Sort group keys
              Project revenue = sum(close_value where deal_stage = "Won")
                Aggregate deals by product
                  #0 sum(close_value where deal_stage = "Won")
                  Scan deals (7 rows)
            """)),
        // Derived dimensions: on the query's dataset, and on a linked one (itself reading through a link).
        (#"kpi won by size"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by size
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
            """)),
        (#"kpi won by office_country"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by office_country
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent, teams.regional_office -> offices.office
            """)),
        (#"show deals opportunity_id, accounts.country as account_country order by account_country desc limit 3"#, .plan("""
            Limit 3
              Sort account_country desc
                Project opportunity_id, account_country
                  Scan deals (7 rows)
                    Link deals.account -> accounts.account
            """)),
        (#"kpi count() from Deals by deal_stage"#, .plan("""
            Sort group keys
              Project count()
                Aggregate deals by deal_stage
                  #0 count()
                  Scan deals (7 rows)
            """)),
    ]

    static let headerNames: [(String, EngineModel.Outcome)] = [
        // Header text in backquotes, its snake_case form, either one case-insensitively.
        (#"kpi count() from orders by `Order Date`"#, .plan("""
            Sort group keys
              Project count()
                Aggregate orders by Order Date
                  #0 count()
                  Scan orders (3 rows)
            """)),
        (#"kpi count() from orders by order_date"#, .plan("""
            Sort group keys
              Project count()
                Aggregate orders by order_date
                  #0 count()
                  Scan orders (3 rows)
            """)),
        (#"kpi count() from orders by ORDER_DATE"#, .plan("""
            Sort group keys
              Project count()
                Aggregate orders by ORDER_DATE
                  #0 count()
                  Scan orders (3 rows)
            """)),
        (#"kpi count() from orders by `order date`"#, .plan("""
            Sort group keys
              Project count()
                Aggregate orders by order date
                  #0 count()
                  Scan orders (3 rows)
            """)),
        (#"kpi count() from orders by customerid, total_charges > 10"#, .plan("""
            Sort group keys
              Project count()
                Aggregate orders by customerid, total_charges > 10
                  #0 count()
                  Scan orders (3 rows)
            """)),
        (#"kpi `Order Date`"#, .errors("""
            q:1:5: error: `Order Date` is a column, not a KPI
             1 | kpi `Order Date`
               |     ^^^^^^^^^^^^
               = help: aggregate it: `sum(`Order Date`)`, `avg(`Order Date`)` or `count_distinct(`Order Date`)`
            """)),
    ]

    static let ambiguousNames: [(String, EngineModel.Outcome)] = [
        // The same column in two datasets at the same distance: qualify it.
        (#"kpi won by country"#, .errors("""
            q:1:12: error: `country` is ambiguous: it could be `accounts.country` or `products.country`
             1 | kpi won by country
               |            ^^^^^^^
               = help: qualify it with its dataset, e.g. `accounts.country`
            """)),
        (#"kpi count() by country"#, .errors("""
            q:1:16: error: `country` is ambiguous: it could be `accounts.country` or `products.country`
             1 | kpi count() by country
               |                ^^^^^^^
               = help: qualify it with its dataset, e.g. `accounts.country`
            """)),
        (#"show deals opportunity_id, sales_agent, manager where country = "Kenya""#, .errors("""
            q:1:55: error: `country` is ambiguous: it could be `accounts.country` or `products.country`
             1 | show deals opportunity_id, sales_agent, manager where country = "Kenya"
               |                                                       ^^^^^^^
               = help: qualify it with its dataset, e.g. `accounts.country`
            """)),
    ]

    static let unknownNames: [(String, EngineModel.Outcome)] = [
        (#"kpi won by mnager"#, .errors("""
            q:1:12: error: unknown column `mnager` in `deals` or the datasets it links to
             1 | kpi won by mnager
               |            ^^^^^^
               = help: did you mean `manager`?
            """)),
        (#"kpi won by teams.mgr"#, .errors("""
            q:1:18: error: unknown column `mgr` in `teams`
             1 | kpi won by teams.mgr
               |                  ^^^
            """)),
        (#"kpi won by deals.manager"#, .errors("""
            q:1:18: error: unknown column `manager` in `deals`
             1 | kpi won by deals.manager
               |                  ^^^^^^^
               = help: `teams` has a column `manager`: write `teams.manager`
            """)),
        (#"kpi won by dealz.manager"#, .errors("""
            q:1:12: error: unknown dataset `dealz`
             1 | kpi won by dealz.manager
               |            ^^^^^
               = help: did you mean `deals`?
            """)),
        (#"kpi count() from dealz"#, .errors("""
            q:1:18: error: unknown dataset `dealz`
             1 | kpi count() from dealz
               |                  ^^^^^
               = help: did you mean `deals`?
               = help: loaded: `deals`, `teams`, `offices`, `accounts`, `products`, `orders`
            """)),
        // A dataset the query's dataset does not link to.
        (#"kpi won by orders.sales_region"#, .errors("""
            q:1:12: error: `orders` is not linked from `deals`
             1 | kpi won by orders.sales_region
               |            ^^^^^^^^^^^^^^^^^^^
               = help: link them: `link deals.<column> -> orders.<column>`
            """)),
        (#"kpi won by sales_region"#, .errors("""
            q:1:12: error: unknown column `sales_region` in `deals` or the datasets it links to
             1 | kpi won by sales_region
               |            ^^^^^^^^^^^^
               = help: `orders` has a column `Sales Region`, but it is not linked from `deals`: `link deals.<column> -> orders.<column>`
            """)),
        (#"show teams where deal_stage = "Won""#, .errors("""
            q:1:18: error: unknown column `deal_stage` in `teams` or the datasets it links to
             1 | show teams where deal_stage = "Won"
               |                  ^^^^^^^^^^
               = help: `deals` has a column `deal_stage`, but it is not linked from `teams`: `link teams.<column> -> deals.<column>`
            """)),
        (#"kpi sum(close_value) from accounts"#, .errors("""
            q:1:9: error: unknown column `close_value` in `accounts` or the datasets it links to
             1 | kpi sum(close_value) from accounts
               |         ^^^^^^^^^^^
               = help: `deals` has a column `close_value`, but it is not linked from `accounts`: `link accounts.<column> -> deals.<column>`
            """)),
    ]

    static let launchNames: [(String, EngineModel.Outcome)] = [
        // `sales` has periods from `sold`; the linked `launches` has a column `year`, and `Region`
        // and `REGION`, both `region` in snake_case.
        (#"kpi count() by year"#, .plan("""
            Sort group keys
              Project count()
                Aggregate sales by year
                  #0 count()
                  Scan sales (3 rows)
            """)),
        (#"kpi sum(amount) by launches.year"#, .plan("""
            Sort group keys
              Project sum(amount)
                Aggregate sales by year
                  #0 sum(amount)
                  Scan sales (3 rows)
                    Link sales.launch -> launches.launch
            """)),
        (#"kpi count() from launches by year"#, .plan("""
            Sort group keys
              Project count()
                Aggregate launches by year
                  #0 count()
                  Scan launches (2 rows)
            """)),
        (#"kpi count() by region"#, .errors("""
            q:1:16: error: `region` is ambiguous: it could be `Region` or `REGION`
             1 | kpi count() by region
               |                ^^^^^^
               = help: write the header exactly as it is: `Region` or `REGION`
            """)),
        (#"kpi count() by `Region`"#, .plan("""
            Sort group keys
              Project count()
                Aggregate sales by Region
                  #0 count()
                  Scan sales (3 rows)
                    Link sales.launch -> launches.launch
            """)),
        (#"kpi count() by `REGION`"#, .plan("""
            Sort group keys
              Project count()
                Aggregate sales by REGION
                  #0 count()
                  Scan sales (3 rows)
                    Link sales.launch -> launches.launch
            """)),
        (#"kpi count() by launches.region"#, .errors("""
            q:1:16: error: `launches.region` is ambiguous: it could be `Region` or `REGION`
             1 | kpi count() by launches.region
               |                ^^^^^^^^^^^^^^^
               = help: write the header exactly as it is: `Region` or `REGION`
            """)),
    ]
}
