import Testing

@testable import KpiqEngine

/// Periods in queries, pinned as (statement, plan or diagnostics) tables over `Fixtures.crm`,
/// whose deals take their periods from `close_date`: Q1 2017 (03-01), Q2 2017 (05-02), Q3 2017
/// (07-15, 08-20, 09-30) and Q3 2016 (08-10); none in a fourth quarter.
@Suite("Checker: periods")
struct CheckerPeriodTests {
    @Test(arguments: periodKeys)
    func periodNamesAsGroupKeys(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: bareQuarters)
    func bareQuarterIsTheLatestSuchQuarter(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: periodLiterals)
    func periodLiteralsMatchTheGrain(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: dateComparisons)
    func datesCompareWithDates(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: noTimeColumn)
    func periodsNeedOneTimeColumn(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    static let periodKeys: [(String, EngineModel.Outcome)] = [
        // Period names come from the time column (`deals.close_date`).
        (#"kpi won by quarter"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by quarter
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
            """)),
        (#"kpi won by year, month"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by year, month
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
            """)),
        (#"kpi won by week where year = 2017"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by week
                  #0 count(where deal_stage = "Won")
                  Filter year = 2017
                    Scan deals (7 rows)
            """)),
        (#"kpi won by deals.quarter"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by quarter
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
            """)),
        (#"kpi won by year(close_date), quarter"#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by year(close_date), quarter
                  #0 count(where deal_stage = "Won")
                  Scan deals (7 rows)
            """)),
    ]

    static let bareQuarters: [(String, EngineModel.Outcome)] = [
        // A bare quarter is the latest such quarter in the time column, and the plan notes which.
        (#"kpi won where quarter = Q3"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter quarter = Q3
                  Scan deals (7 rows)
            note: Q3 is 2017-Q3, the latest Q3 in deals
            """)),
        (#"kpi won where quarter = q3"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter quarter = q3
                  Scan deals (7 rows)
            note: Q3 is 2017-Q3, the latest Q3 in deals
            """)),
        (#"kpi won where Q3 = quarter"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter Q3 = quarter
                  Scan deals (7 rows)
            note: Q3 is 2017-Q3, the latest Q3 in deals
            """)),
        (#"kpi won where quarter = Q2"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter quarter = Q2
                  Scan deals (7 rows)
            note: Q2 is 2017-Q2, the latest Q2 in deals
            """)),
        (#"kpi won by manager where quarter = Q3 and deal_stage != "Lost""#, .plan("""
            Sort group keys
              Project won = count(where deal_stage = "Won")
                Aggregate deals by manager
                  #0 count(where deal_stage = "Won")
                  Filter quarter = Q3 and deal_stage != "Lost"
                    Scan deals (7 rows)
                      Link deals.sales_agent -> teams.sales_agent
            note: Q3 is 2017-Q3, the latest Q3 in deals
            """)),
        (#"kpi count(where quarter in (Q1, Q3))"#, .plan("""
            Project count(where quarter in (Q1, Q3))
              Aggregate deals
                #0 count(where quarter in (Q1, Q3))
                Scan deals (7 rows)
            note: Q1 is 2017-Q1, the latest Q1 in deals
            note: Q3 is 2017-Q3, the latest Q3 in deals
            """)),
        (#"kpi sum(abs(close_value) where quarter = Q3)"#, .plan("""
            Project sum(abs(close_value) where quarter = Q3)
              Aggregate deals
                #0 sum(abs(close_value) where quarter = Q3)
                Scan deals (7 rows)
            note: Q3 is 2017-Q3, the latest Q3 in deals
            """)),
        (#"kpi won where quarter = Q4"#, .errors("""
            q:1:25: error: there is no Q4 in `deals.close_date`
             1 | kpi won where quarter = Q4
               |                         ^^
            """)),
        // Counting periods since a cohort needs a cohort of that grain in `by`.
        (#"kpi count() by cohort(account, quarter), months_since"#, .errors("""
            q:1:42: error: `months_since` counts months since a cohort, and this query's cohort is by quarter
             1 | kpi count() by cohort(account, quarter), months_since
               |                                          ^^^^^^^^^^^^
               = help: use `quarters_since`, or group by `cohort(account, month)`
            """)),
        (#"kpi count() by months_since"#, .errors("""
            q:1:16: error: `months_since` counts months since a cohort, and this query groups by none
             1 | kpi count() by months_since
               |                ^^^^^^^^^^^^
               = help: add the cohort to `by`, e.g. `by cohort(account, month), months_since`
            """)),
        (#"kpi won where month = Q3"#, .errors("""
            q:1:23: error: `Q3` is a quarter, but it is compared with a month
             1 | kpi won where month = Q3
               |                       ^^
               = help: write `quarter = Q3`
            """)),
        (#"kpi won where Q3"#, .errors("""
            q:1:15: error: `Q3` is a quarter of the year; compare the quarter with it
             1 | kpi won where Q3
               |               ^^
               = help: write `where quarter = Q3` (the most recent Q3 in the data)
            """)),
        (#"kpi won by Q3"#, .errors("""
            q:1:12: error: `Q3` is a quarter of the year; compare the quarter with it
             1 | kpi won by Q3
               |            ^^
               = help: write `where quarter = Q3` (the most recent Q3 in the data)
            """)),
    ]

    static let periodLiterals: [(String, EngineModel.Outcome)] = [
        (#"kpi won where quarter = 2017-Q3"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter quarter = 2017-Q3
                  Scan deals (7 rows)
            """)),
        (#"kpi won where year = 2017"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter year = 2017
                  Scan deals (7 rows)
            """)),
        (#"kpi won where 2017 = year"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter 2017 = year
                  Scan deals (7 rows)
            """)),
        (#"kpi won where year between 2016 and 2017"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter year between 2016 and 2017
                  Scan deals (7 rows)
            """)),
        (#"kpi won where day = 2017-03-01"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter day = 2017-03-01
                  Scan deals (7 rows)
            """)),
        (#"kpi won where week = 2017-W09"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter week = 2017-W09
                  Scan deals (7 rows)
            """)),
        (#"kpi won where quarter = 2017-07"#, .errors("""
            q:1:25: error: `2017-07` is a month, but it is compared with a quarter
             1 | kpi won where quarter = 2017-07
               |                         ^^^^^^^
               = help: compare month with it (`where month = 2017-07`), or write a quarter such as `2017-Q3`
            """)),
        (#"kpi won where month = 2017-Q3"#, .errors("""
            q:1:23: error: `2017-Q3` is a quarter, but it is compared with a month
             1 | kpi won where month = 2017-Q3
               |                       ^^^^^^^
               = help: compare quarter with it (`where quarter = 2017-Q3`), or write a month such as `2017-07`
            """)),
        (#"kpi won where month = 2017-07-15"#, .errors("""
            q:1:15: error: cannot compare month with date
             1 | kpi won where month = 2017-07-15
               |               ^^^^^^^^^^^^^^^^^^
               = help: write a month such as `2017-07`
            """)),
        (#"kpi won where year = 2017.5"#, .errors("""
            q:1:15: error: cannot compare year with decimal
             1 | kpi won where year = 2017.5
               |               ^^^^^^^^^^^^^
               = help: write a year such as `2017`
            """)),
        (#"kpi won where quarter = 2017"#, .errors("""
            q:1:15: error: cannot compare quarter with integer
             1 | kpi won where quarter = 2017
               |               ^^^^^^^^^^^^^^
               = help: write a quarter such as `2017-Q3`
            """)),
        (#"kpi won where week = 2017-W54"#, .errors("""
            q:1:22: error: no such week `2017-W54`
             1 | kpi won where week = 2017-W54
               |                      ^^^^^^^^
               = help: 2017 has 52 ISO weeks, W01 to W52
            """)),
    ]

    static let dateComparisons: [(String, EngineModel.Outcome)] = [
        (#"kpi won where close_date >= 2017-01-01 and engage_date < 2017-01-01"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter close_date >= 2017-01-01 and engage_date < 2017-01-01
                  Scan deals (7 rows)
            """)),
        (#"kpi won where close_date between 2017-01-01 and 2017-06-30"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter close_date between 2017-01-01 and 2017-06-30
                  Scan deals (7 rows)
            """)),
        (#"kpi won where close_date > "2017-01-01""#, .errors("""
            q:1:15: error: cannot compare date with text
             1 | kpi won where close_date > "2017-01-01"
               |               ^^^^^^^^^^^^^^^^^^^^^^^^^
               = help: write a date as `2017-07-15`
            """)),
        (#"kpi won where close_date = 2017"#, .errors("""
            q:1:15: error: cannot compare date with integer
             1 | kpi won where close_date = 2017
               |               ^^^^^^^^^^^^^^^^^
               = help: write a date as `2017-07-15`
            """)),
        (#"kpi count() from orders where `Order Date` >= 2020-02-01 by customerid"#, .plan("""
            Sort group keys
              Project count()
                Aggregate orders by customerid
                  #0 count()
                  Filter `Order Date` >= 2020-02-01
                    Scan orders (3 rows)
            """)),
    ]

    static let noTimeColumn: [(String, EngineModel.Outcome)] = [
        // `orders` has two date columns and no `time`; `teams` has none.
        (#"kpi count() from orders by month"#, .errors("""
            q:1:28: error: `month` needs a time column, and `orders` has several date columns: `Order Date`, `Ship Date`
             1 | kpi count() from orders by month
               |                            ^^^^^
               = help: choose one with `time orders.order_date`, or `load ... time <column>`
            """)),
        (#"kpi count() from teams by year"#, .errors("""
            q:1:27: error: `year` needs a date column, and `teams` has none
             1 | kpi count() from teams by year
               |                           ^^^^
            """)),
        (#"kpi won by teams.quarter"#, .errors("""
            q:1:12: error: `quarter` needs a date column, and `teams` has none
             1 | kpi won by teams.quarter
               |            ^^^^^^^^^^^^^
            """)),
    ]
}
