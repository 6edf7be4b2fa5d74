import Testing

@testable import KpiqEngine

/// KPIs in queries and definitions, and the dataset each aggregate runs on, pinned as
/// (statement, plan or diagnostics) tables over `Fixtures.crm`.
@Suite("Checker: KPIs and datasets")
struct CheckerKPITests {
    @Test(arguments: namedKPIs)
    func kpiNamesExpand(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: definitions)
    func definitionsAreCheckedBeforeTheyAreKept(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: datasetChoice)
    func eachAggregateRunsOnOneDataset(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: combinedDatasets)
    func aggregatesOnTwoDatasetsAreCombined(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    static let namedKPIs: [(String, EngineModel.Outcome)] = [
        // A KPI name expands into its definition; the plan shows each aggregate once.
        (#"kpi win_rate by manager"#, .plan("""
            Sort group keys
              Project win_rate = won / closed
                Aggregate deals by manager
                  #0 count(where deal_stage = "Won")
                  #1 count(where deal_stage in ("Won", "Lost"))
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi win_rate, revenue by regional_office, quarter"#, .plan("""
            Sort group keys
              Project win_rate = won / closed, revenue = sum(close_value where deal_stage = "Won")
                Aggregate deals by regional_office, quarter
                  #0 count(where deal_stage = "Won")
                  #1 count(where deal_stage in ("Won", "Lost"))
                  #2 sum(close_value where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi WIN_RATE"#, .plan("""
            Project WIN_RATE = won / closed
              Aggregate deals
                #0 count(where deal_stage = "Won")
                #1 count(where deal_stage in ("Won", "Lost"))
                Scan deals (7 rows)
            """)),
        (#"kpi revenue / won as avg_deal by manager"#, .plan("""
            Sort group keys
              Project avg_deal = revenue / won
                Aggregate deals by manager
                  #0 sum(close_value where deal_stage = "Won")
                  #1 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi won as wins, lost by manager order by wins desc, manager limit 2"#, .plan("""
            Limit 2
              Sort wins desc, manager
                Project wins = count(where deal_stage = "Won"), lost = count(where deal_stage = "Lost")
                  Aggregate deals by manager
                    #0 count(where deal_stage = "Won")
                    #1 count(where deal_stage = "Lost")
                    Scan deals (7 rows)
                      Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi revenue, count() by manager order by revenue desc limit 2"#, .plan("""
            Limit 2
              Sort revenue desc
                Project revenue = sum(close_value where deal_stage = "Won"), count()
                  Aggregate deals by manager
                    #0 sum(close_value where deal_stage = "Won")
                    #1 count()
                    Scan deals (7 rows)
                      Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi won by manager order by sum(close_value) desc"#, .plan("""
            Sort sum(close_value) desc
              Project won = count(where deal_stage = "Won")
                Aggregate deals by manager
                  #0 count(where deal_stage = "Won")
                  #1 sum(close_value)
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi won by manager order by manager desc"#, .plan("""
            Sort manager desc
              Project won = count(where deal_stage = "Won")
                Aggregate deals by manager
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi win_rat"#, .errors("""
            q:1:5: error: unknown KPI `win_rat`
             1 | kpi win_rat
               |     ^^^^^^^
               = help: did you mean `win_rate`?
            """)),
        // With `vs`, the previous period's column is bound from the same text: its errors are not told twice.
        (#"kpi win_rat by manager where quarter = 2017-Q3 vs previous"#, .errors("""
            q:1:5: error: unknown KPI `win_rat`
             1 | kpi win_rat by manager where quarter = 2017-Q3 vs previous
               |     ^^^^^^^
               = help: did you mean `win_rate`?
            """)),
        (#"kpi close_value by manager"#, .errors("""
            q:1:5: error: `close_value` is a column, not a KPI
             1 | kpi close_value by manager
               |     ^^^^^^^^^^^
               = help: aggregate it: `sum(close_value)`, `avg(close_value)` or `count_distinct(close_value)`
            """)),
        (#"kpi teams.manager"#, .errors("""
            q:1:5: error: `teams.manager` is a column, not a KPI
             1 | kpi teams.manager
               |     ^^^^^^^^^^^^^
               = help: aggregate it: `sum(teams.manager)`, `avg(teams.manager)` or `count_distinct(teams.manager)`
            """)),
        (#"kpi won by manager order by won desc, quarter"#, .errors("""
            q:1:39: error: `quarter` is a period, not a KPI
             1 | kpi won by manager order by won desc, quarter
               |                                       ^^^^^^^
               = help: group by it: `by quarter`
            """)),
        (#"kpi won where won > 1"#, .errors("""
            q:1:15: error: unknown column `won` in `deals` or the datasets it links to
             1 | kpi won where won > 1
               |               ^^^
               = help: `won` is a KPI: KPIs go in the KPI list, filters and groups work on columns
            """)),
        (#"kpi won by win_rate"#, .errors("""
            q:1:12: error: unknown column `win_rate` in `deals` or the datasets it links to
             1 | kpi won by win_rate
               |            ^^^^^^^^
               = help: `win_rate` is a KPI: KPIs go in the KPI list, filters and groups work on columns
            """)),
        (#"kpi 1 + 2"#, .errors("""
            q:1:5: error: a KPI query needs at least one aggregate
             1 | kpi 1 + 2
               |     ^^^^^
               = help: aggregate a column, e.g. `kpi sum(close_value) by manager`, or name a defined KPI
            """)),
        (#"kpi null"#, .errors("""
            q:1:5: error: a KPI query needs at least one aggregate
             1 | kpi null
               |     ^^^^
               = help: aggregate a column, e.g. `kpi sum(close_value) by manager`, or name a defined KPI
            """)),
    ]

    static let definitions: [(String, EngineModel.Outcome)] = [
        // `first = count()` and `second = first + 1` are defined.
        (#"define kpi fourth = won / closed"#, .accepted),
        (#"define kpi first = second * 2"#, .errors("""
            q:1:20: error: KPI definitions form a cycle: first -> second -> first
             1 | define kpi first = second * 2
               |                    ^^^^^^
               = help: define one of them from aggregates instead of the others
            """)),
        (#"define kpi won = won + 1"#, .errors("""
            q:1:18: error: KPI definitions form a cycle: won -> won
             1 | define kpi won = won + 1
               |                  ^^^
               = help: define one of them from aggregates instead of the others
            """)),
        // Known to be poor: a new KPI defined through itself is reported as unknown, not as a cycle.
        (#"define kpi third = third + 1"#, .errors("""
            q:1:20: error: unknown KPI `third`
             1 | define kpi third = third + 1
               |                    ^^^^^
            """)),
        (#"define kpi fifth = 1 + 2"#, .errors("""
            q:1:20: error: KPI `fifth` aggregates nothing
             1 | define kpi fifth = 1 + 2
               |                    ^^^^^
               = help: a KPI is built from aggregates such as `count()`, `sum(close_value)` or other KPIs
            """)),
        (#"define kpi sixth = close_value"#, .errors("""
            q:1:20: error: `close_value` is a column, not a KPI
             1 | define kpi sixth = close_value
               |                    ^^^^^^^^^^^
               = help: aggregate it: `sum(close_value)`, `avg(close_value)` or `count_distinct(close_value)`
            """)),
        (#"define kpi seventh = sum(close_value where quarter = Q3)"#, .accepted),
    ]

    static let datasetChoice: [(String, EngineModel.Outcome)] = [
        // No names: the fact table, the dataset that reaches the most others.
        (#"kpi count()"#, .plan("""
            Project count()
              Aggregate deals
                #0 count()
                Scan deals (7 rows)
            """)),
        (#"kpi count() by manager"#, .plan("""
            Sort group keys
              Project count()
                Aggregate deals by manager
                  #0 count()
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        // The dataset holding the names, unless the groups and filters need one that reaches them.
        (#"kpi count_distinct(manager)"#, .plan("""
            Project count_distinct(manager)
              Aggregate teams
                #0 count_distinct(manager)
                Scan teams (3 rows)
            """)),
        (#"kpi count_distinct(manager) by deal_stage"#, .plan("""
            Sort group keys
              Project count_distinct(manager)
                Aggregate deals by deal_stage
                  #0 count_distinct(manager)
                  Scan deals (7 rows)
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        (#"kpi sum(sales_price)"#, .plan("""
            Project sum(sales_price)
              Aggregate products
                #0 sum(sales_price)
                Scan products (3 rows)
            """)),
        (#"kpi won, sum(sales_price) by manager"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won"), sum(sales_price)
                Aggregate deals by manager
                  #0 count(where deal_stage = "Won")
                  #1 sum(sales_price)
                  Scan deals (7 rows)
                    Link deals.product -> products.product
                    Link deals.sales_agent -> teams.sales_agent
            """)),
        // Held directly by several datasets that reach no more than each other: load order.
        // Known to be questionable: `country` is in three datasets, and none is asked for.
        (#"kpi count_distinct(country)"#, .plan("""
            Project count_distinct(country)
              Aggregate offices
                #0 count_distinct(country)
                Scan offices (2 rows)
            """)),
        // `from` is honoured, for every KPI of the query.
        (#"kpi count() from teams by manager"#, .plan("""
            Sort group keys
              Project count()
                Aggregate teams by manager
                  #0 count()
                  Scan teams (3 rows)
            """)),
        // Known to be poor: the error points into the KPI's definition and does not mention
        // `from teams`, which is what sent `won` to a dataset without `deal_stage`.
        (#"kpi won from teams"#, .errors("""
            model:11:30: error: unknown column `deal_stage` in `teams` or the datasets it links to
             11 | define kpi won = count(where deal_stage = "Won") format integer
                |                              ^^^^^^^^^^
                = help: `deals` has a column `deal_stage`, but it is not linked from `teams`: `link teams.<column> -> deals.<column>`
                = help: in KPI `won`, used at q:1:5
            """)),
        (#"kpi won, count() from products"#, .errors("""
            model:11:30: error: unknown column `deal_stage` in `products` or the datasets it links to
             11 | define kpi won = count(where deal_stage = "Won") format integer
                |                              ^^^^^^^^^^
                = help: `deals` has a column `deal_stage`, but it is not linked from `products`: `link products.<column> -> deals.<column>`
                = help: in KPI `won`, used at q:1:5
            """)),
    ]

    static let combinedDatasets: [(String, EngineModel.Outcome)] = [
        // Aggregates on two datasets are grouped apart and combined on the group keys.
        (#"kpi won, sum(sales_price)"#, .plan("""
            Project won = count(where deal_stage = "Won"), sum(sales_price)
              Combine on (one group)
                Aggregate deals
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
                Aggregate products
                  #1 sum(sales_price)
                  Scan products (3 rows)
            """)),
        (#"kpi won, sum(sales_price) by series"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won"), sum(sales_price)
                Combine on series
                  Aggregate deals by series
                    #0 count(where deal_stage = "Won")
                    Scan deals (7 rows)
                      Link deals.product -> products.product
                  Aggregate products by series
                    #1 sum(sales_price)
                    Scan products (3 rows)
            """)),
        (#"kpi won, sum(sales_price) by series where series != "MG""#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won"), sum(sales_price)
                Combine on series
                  Aggregate deals by series
                    #0 count(where deal_stage = "Won")
                    Filter series != "MG"
                      Scan deals (7 rows)
                        Link deals.product -> products.product
                  Aggregate products by series
                    #1 sum(sales_price)
                    Filter series != "MG"
                      Scan products (3 rows)
            """)),
        (#"kpi won by series order by sum(sales_price)"#, .errors("""
            q:1:28: error: `sum(sales_price)` runs on `products`, which no KPI of this query uses
             1 | kpi won by series order by sum(sales_price)
               |                            ^^^^^^^^^^^^^^^^
               = help: order by one of the result columns: `series`, `won`
            """)),
    ]
}
