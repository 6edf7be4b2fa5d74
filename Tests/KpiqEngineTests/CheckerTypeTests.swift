import Testing

@testable import KpiqEngine

/// Types of expressions, pinned as (statement, plan or diagnostics) tables over `Fixtures.crm`:
/// what each operator, function and aggregate accepts, and what it says when it does not.
@Suite("Checker: types")
struct CheckerTypeTests {
    @Test(arguments: comparisons)
    func comparisonsNeedComparableTypes(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: logic)
    func logicNeedsConditions(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: arithmetic)
    func arithmeticOnNumbersAndDates(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: functions)
    func functionsCheckTheirArguments(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: aggregateArguments)
    func aggregatesCheckTheirArguments(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    @Test(arguments: misplacedAggregates)
    func aggregatesOnlyInTheKPIList(_ statement: String, _ expected: EngineModel.Outcome) {
        #expect(Fixtures.crm.check(statement) == expected)
    }

    static let comparisons: [(String, EngineModel.Outcome)] = [
        (#"kpi won where deal_stage = 5"#, .errors("""
            q:1:15: error: cannot compare text with integer
             1 | kpi won where deal_stage = 5
               |               ^^^^^^^^^^^^^^
               = help: text compares with text: put the value in quotes, or compare a numeric column
            """)),
        (#"kpi won where close_value = "1000""#, .errors("""
            q:1:15: error: cannot compare integer with text
             1 | kpi won where close_value = "1000"
               |               ^^^^^^^^^^^^^^^^^^^^
               = help: text compares with text: put the value in quotes, or compare a numeric column
            """)),
        (#"kpi won where deal_stage in ("Won", 5)"#, .errors("""
            q:1:37: error: cannot compare text with integer
             1 | kpi won where deal_stage in ("Won", 5)
               |                                     ^
               = help: text compares with text: put the value in quotes, or compare a numeric column
            """)),
        (#"kpi won where close_value between "a" and 5"#, .errors("""
            q:1:35: error: cannot compare integer with text
             1 | kpi won where close_value between "a" and 5
               |                                   ^^^
               = help: text compares with text: put the value in quotes, or compare a numeric column
            """)),
        (#"kpi won where close_value like "1%""#, .errors("""
            q:1:15: error: `like` matches text, but this is integer
             1 | kpi won where close_value like "1%"
               |               ^^^^^^^^^^^
            """)),
        (#"kpi won where product like "GTX%" and product not like "%Pro""#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter product like "GTX%" and product not like "%Pro"
                  Scan deals (7 rows)
            """)),
        (#"kpi won where product like sales_agent"#, .errors("""
            q:1:28: error: the pattern of `like` must be a string such as "GTX%"
             1 | kpi won where product like sales_agent
               |                            ^^^^^^^^^^^
            """)),
        (#"kpi won where close_value"#, .errors("""
            q:1:15: error: a filter must be a condition, but this is integer
             1 | kpi won where close_value
               |               ^^^^^^^^^^^
               = help: compare it with something, e.g. `close_value = ...`
            """)),
        (#"kpi won where account is null or close_value is not null"#, .plan("""
            Project won = count(where deal_stage = "Won")
              Aggregate deals
                #0 count(where deal_stage = "Won")
                Filter account is null or close_value is not null
                  Scan deals (7 rows)
            """)),
    ]

    static let logic: [(String, EngineModel.Outcome)] = [
        (#"kpi count(where not close_value)"#, .errors("""
            q:1:17: error: `not` needs a condition, but this is integer
             1 | kpi count(where not close_value)
               |                 ^^^^^^^^^^^^^^^
            """)),
        (#"kpi count(where not (close_value > 100))"#, .plan("""
            Project count(where not (close_value > 100))
              Aggregate deals
                #0 count(where not (close_value > 100))
                Scan deals (7 rows)
            """)),
        (#"kpi count(where close_value and deal_stage = "Won")"#, .errors("""
            q:1:17: error: `and` joins conditions, but this is integer
             1 | kpi count(where close_value and deal_stage = "Won")
               |                 ^^^^^^^^^^^
            """)),
        (#"kpi count(where deal_stage = "Won" or 1)"#, .errors("""
            q:1:39: error: `or` joins conditions, but this is integer
             1 | kpi count(where deal_stage = "Won" or 1)
               |                                       ^
            """)),
    ]

    static let arithmetic: [(String, EngineModel.Outcome)] = [
        (#"kpi won + "x""#, .errors("""
            q:1:5: error: cannot apply `+` to integer and text
             1 | kpi won + "x"
               |     ^^^^^^^^^
               = help: arithmetic works on numbers and dates
            """)),
        (#"kpi sum(-deal_stage)"#, .errors("""
            q:1:9: error: cannot negate text
             1 | kpi sum(-deal_stage)
               |         ^^^^^^^^^^^
            """)),
        (#"kpi sum(close_value + engage_date)"#, .errors("""
            q:1:9: error: `sum` needs numbers, but this is date
             1 | kpi sum(close_value + engage_date)
               |         ^^^^^^^^^^^^^^^^^^^^^^^^^
            """)),
        (#"kpi max(close_date - engage_date), max(close_date + 30), min(close_date - 7)"#, .plan("""
            Project max(close_date - engage_date), max(close_date + 30), min(close_date - 7)
              Aggregate deals
                #0 max(close_date - engage_date)
                #1 max(close_date + 30)
                #2 min(close_date - 7)
                Scan deals (7 rows)
            """)),
        (#"kpi sum(close_value where deal_stage = "Won") / count()"#, .plan("""
            Project sum(close_value where deal_stage = "Won") / count()
              Aggregate deals
                #0 sum(close_value where deal_stage = "Won")
                #1 count()
                Scan deals (7 rows)
            """)),
        (#"kpi round(sum(close_value) / count(), 2)"#, .plan("""
            Project round(sum(close_value) / count(), 2)
              Aggregate deals
                #0 sum(close_value)
                #1 count()
                Scan deals (7 rows)
            """)),
    ]

    static let functions: [(String, EngineModel.Outcome)] = [
        (#"kpi sum(if(close_value > 0, close_value, "none"))"#, .errors("""
            q:1:9: error: the two branches of `if` have different types: integer and text
             1 | kpi sum(if(close_value > 0, close_value, "none"))
               |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            """)),
        (#"kpi sum(if(close_value, 1, 0))"#, .errors("""
            q:1:12: error: `if` needs a condition first, but this is integer
             1 | kpi sum(if(close_value, 1, 0))
               |            ^^^^^^^^^^^
               = help: usage: `if(condition, then, else)`
            """)),
        (#"kpi sum(if(close_value > 1000, close_value, 0.5))"#, .plan("""
            Project sum(if(close_value > 1000, close_value, 0.5))
              Aggregate deals
                #0 sum(if(close_value > 1000, close_value, 0.5))
                Scan deals (7 rows)
            """)),
        (#"kpi sum(coalesce(close_value, "0"))"#, .errors("""
            q:1:31: error: `coalesce` needs values of one type, but this is text after integer
             1 | kpi sum(coalesce(close_value, "0"))
               |                               ^^^
            """)),
        (#"kpi sum(coalesce(close_value, 0))"#, .plan("""
            Project sum(coalesce(close_value, 0))
              Aggregate deals
                #0 sum(coalesce(close_value, 0))
                Scan deals (7 rows)
            """)),
        (#"kpi sum(abss(close_value))"#, .errors("""
            q:1:9: error: unknown function `abss`
             1 | kpi sum(abss(close_value))
               |         ^^^^
               = help: did you mean `abs`?
            """)),
        (#"kpi sum(roud(close_value))"#, .errors("""
            q:1:9: error: unknown function `roud`
             1 | kpi sum(roud(close_value))
               |         ^^^^
               = help: did you mean `round`?
            """)),
        (#"kpi sum(frobnicate(close_value))"#, .errors("""
            q:1:9: error: unknown function `frobnicate`
             1 | kpi sum(frobnicate(close_value))
               |         ^^^^^^^^^^
               = help: functions: if, coalesce, days_between, hours_between, minutes_between, year, quarter, month, week, day, lower, upper, trim, round, abs; aggregates: count, count_distinct, sum, avg, min, max, median, percentile, stddev
            """)),
        (#"kpi sum(round(close_value, 1, 2))"#, .errors("""
            q:1:9: error: `round` takes 1 to 2 arguments, not 3
             1 | kpi sum(round(close_value, 1, 2))
               |         ^^^^^^^^^^^^^^^^^^^^^^^^
               = help: usage: `round(number, digits)`
            """)),
        (#"kpi sum(round(close_value, -1))"#, .plan("""
            Project sum(round(close_value, -1))
              Aggregate deals
                #0 sum(round(close_value, -1))
                Scan deals (7 rows)
            """)),
        (#"kpi sum(round(close_value, 1.5))"#, .errors("""
            q:1:28: error: the digits of `round` must be a whole number such as 2
             1 | kpi sum(round(close_value, 1.5))
               |                            ^^^
            """)),
        (#"kpi sum(round(close_value, close_value))"#, .errors("""
            q:1:28: error: the digits of `round` must be a whole number such as 2
             1 | kpi sum(round(close_value, close_value))
               |                            ^^^^^^^^^^^
            """)),
        (#"kpi avg(days_between(close_date))"#, .errors("""
            q:1:9: error: `days_between` takes 2 arguments, not 1
             1 | kpi avg(days_between(close_date))
               |         ^^^^^^^^^^^^^^^^^^^^^^^^
               = help: usage: `days_between(start_date, end_date)`
            """)),
        (#"kpi avg(days_between(engage_date, close_date))"#, .plan("""
            Project avg(days_between(engage_date, close_date))
              Aggregate deals
                #0 avg(days_between(engage_date, close_date))
                Scan deals (7 rows)
            """)),
        (#"kpi avg(days_between(engage_date, close_value))"#, .errors("""
            q:1:35: error: `days_between` needs dates, but this is integer
             1 | kpi avg(days_between(engage_date, close_value))
               |                                   ^^^^^^^^^^^
               = help: usage: `days_between(start_date, end_date)`
            """)),
        (#"kpi sum(lower(close_value))"#, .errors("""
            q:1:15: error: `lower` needs text, but this is integer
             1 | kpi sum(lower(close_value))
               |               ^^^^^^^^^^^
               = help: usage: `lower(text)`
            """)),
        (#"kpi count_distinct(upper(trim(product)))"#, .plan("""
            Project count_distinct(upper(trim(product)))
              Aggregate deals
                #0 count_distinct(upper(trim(product)))
                Scan deals (7 rows)
            """)),
        (#"kpi sum(year(deal_stage))"#, .errors("""
            q:1:14: error: `year` needs a date, but this is text
             1 | kpi sum(year(deal_stage))
               |              ^^^^^^^^^^
               = help: usage: `year(date)`
            """)),
        (#"kpi sum(abs(deal_stage))"#, .errors("""
            q:1:13: error: `abs` needs a number, but this is text
             1 | kpi sum(abs(deal_stage))
               |             ^^^^^^^^^^
               = help: usage: `abs(number)`
            """)),
        (#"kpi lower(count())"#, .errors("""
            q:1:11: error: `lower` needs text, but this is integer
             1 | kpi lower(count())
               |           ^^^^^^^
               = help: usage: `lower(text)`
            """)),
    ]

    static let aggregateArguments: [(String, EngineModel.Outcome)] = [
        (#"kpi sum(deal_stage)"#, .errors("""
            q:1:9: error: `sum` needs numbers, but this is text
             1 | kpi sum(deal_stage)
               |         ^^^^^^^^^^
               = help: `count_distinct` and `count` work on text
            """)),
        (#"kpi avg(deal_stage)"#, .errors("""
            q:1:9: error: `avg` needs numbers, but this is text
             1 | kpi avg(deal_stage)
               |         ^^^^^^^^^^
               = help: `count_distinct` and `count` work on text
            """)),
        (#"kpi median(product), stddev(account)"#, .errors("""
            q:1:12: error: `median` needs numbers, but this is text
             1 | kpi median(product), stddev(account)
               |            ^^^^^^^
               = help: `count_distinct` and `count` work on text
            q:1:29: error: `stddev` needs numbers, but this is text
             1 | kpi median(product), stddev(account)
               |                             ^^^^^^^
               = help: `count_distinct` and `count` work on text
            """)),
        (#"kpi min(deal_stage), max(close_date), median(close_value), stddev(close_value)"#, .plan("""
            Project min(deal_stage), max(close_date), median(close_value), stddev(close_value)
              Aggregate deals
                #0 min(deal_stage)
                #1 max(close_date)
                #2 median(close_value)
                #3 stddev(close_value)
                Scan deals (7 rows)
            """)),
        (#"kpi count(*)"#, .plan("""
            Project count(*)
              Aggregate deals
                #0 count(*)
                Scan deals (7 rows)
            """)),
        (#"kpi count_distinct(account where deal_stage = "Won")"#, .plan("""
            Project count_distinct(account where deal_stage = "Won")
              Aggregate deals
                #0 count_distinct(account where deal_stage = "Won")
                Scan deals (7 rows)
            """)),
        (#"kpi count(close_value, deal_stage)"#, .errors("""
            q:1:5: error: `count` takes at most one argument
             1 | kpi count(close_value, deal_stage)
               |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
               = help: e.g. `count(where deal_stage = "Won")`
            """)),
        (#"kpi sum()"#, .errors("""
            q:1:5: error: `sum` takes one argument
             1 | kpi sum()
               |     ^^^^^
               = help: e.g. `sum(close_value)`
            """)),
        (#"kpi sum(close_value, 2)"#, .errors("""
            q:1:5: error: `sum` takes one argument
             1 | kpi sum(close_value, 2)
               |     ^^^^^^^^^^^^^^^^^^^
               = help: e.g. `sum(close_value)`
            """)),
        (#"kpi percentile(close_value, 0), percentile(close_value, 1), percentile(close_value, 90%)"#, .plan("""
            Project percentile(close_value, 0), percentile(close_value, 1), percentile(close_value, 90%)
              Aggregate deals
                #0 percentile(close_value, 0)
                #1 percentile(close_value, 1)
                #2 percentile(close_value, 90%)
                Scan deals (7 rows)
            """)),
        (#"kpi percentile(close_value, 2)"#, .errors("""
            q:1:29: error: the fraction of `percentile` must be a number from 0 to 1 (or a percent)
             1 | kpi percentile(close_value, 2)
               |                             ^
               = help: e.g. `percentile(close_value, 0.9)` or `percentile(close_value, 90%)`
            """)),
        (#"kpi percentile(close_value, 150%)"#, .errors("""
            q:1:29: error: the fraction of `percentile` must be a number from 0 to 1 (or a percent)
             1 | kpi percentile(close_value, 150%)
               |                             ^^^^
               = help: e.g. `percentile(close_value, 0.9)` or `percentile(close_value, 90%)`
            """)),
        (#"kpi percentile(close_value, -0.5)"#, .errors("""
            q:1:29: error: the fraction of `percentile` must be a number from 0 to 1 (or a percent)
             1 | kpi percentile(close_value, -0.5)
               |                             ^^^^
               = help: e.g. `percentile(close_value, 0.9)` or `percentile(close_value, 90%)`
            """)),
        (#"kpi percentile(close_value, sales_price)"#, .errors("""
            q:1:29: error: the fraction of `percentile` must be a number from 0 to 1 (or a percent)
             1 | kpi percentile(close_value, sales_price)
               |                             ^^^^^^^^^^^
               = help: e.g. `percentile(close_value, 0.9)` or `percentile(close_value, 90%)`
            """)),
        (#"kpi percentile(close_value)"#, .errors("""
            q:1:5: error: `percentile` takes a column and a fraction
             1 | kpi percentile(close_value)
               |     ^^^^^^^^^^^^^^^^^^^^^^^
               = help: e.g. `percentile(close_value, 0.9)`
            """)),
        (#"kpi percentile(close_value, 0.5, 1)"#, .errors("""
            q:1:5: error: `percentile` takes a column and a fraction
             1 | kpi percentile(close_value, 0.5, 1)
               |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
               = help: e.g. `percentile(close_value, 0.9)`
            """)),
    ]

    static let misplacedAggregates: [(String, EngineModel.Outcome)] = [
        (#"kpi won where sum(close_value) > 10"#, .errors("""
            q:1:15: error: `sum` is an aggregate and cannot be used on single rows here
             1 | kpi won where sum(close_value) > 10
               |               ^^^^^^^^^^^^^^^^
               = help: aggregates belong in the KPI list: `kpi sum(close_value) by ...`
            """)),
        (#"kpi won by count()"#, .errors("""
            q:1:12: error: `count` is an aggregate and cannot be used on single rows here
             1 | kpi won by count()
               |            ^^^^^^^
               = help: aggregates belong in the KPI list: `kpi count() by ...`
            """)),
        (#"kpi count(where count() > 1)"#, .errors("""
            q:1:17: error: `count` is an aggregate and cannot be used on single rows here
             1 | kpi count(where count() > 1)
               |                 ^^^^^^^
               = help: aggregates belong in the KPI list: `kpi count() by ...`
            """)),
        (#"kpi sum(sum(close_value))"#, .errors("""
            q:1:9: error: `sum` is an aggregate and cannot be used on single rows here
             1 | kpi sum(sum(close_value))
               |         ^^^^^^^^^^^^^^^^
               = help: aggregates belong in the KPI list: `kpi sum(close_value) by ...`
            """)),
    ]
}
