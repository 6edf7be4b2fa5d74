import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Cohorts are kept with their dataset once made: a query after another, filtered or not, and
/// after the fiscal year moves, must answer as a model that never made them.
@Suite("Engine: cohorts kept between queries")
struct EngineCohortTests {
    static let files = [
        "orders.csv": """
            customer,day,amount
            a,2024-01-10,10
            b,2024-02-01,20
            a,2024-04-03,5
            c,2024-04-20,7
            b,2024-07-15,3
            c,2024-08-01,4
            a,2024-10-02,8
            ,2024-10-05,1
            d,,2

            """,
    ]
    static let script = "load \"orders.csv\" time day"

    static let queries = [
        "kpi count_distinct(customer) / cohort_size(customer) as retention, cohort_size(customer) as size by cohort(customer, quarter), quarters_since",
        "kpi sum(amount) by cohort(customer, month) where month between 2024-07 and 2024-08",
        "kpi count() by cohort(customer, month), months_since where cohort(customer, quarter) >= 2024-Q2",
        "kpi count_distinct(customer) / cohort_size(customer) as retention, cohort_size(customer) as size by cohort(customer, quarter), quarters_since",
    ]

    @Test func laterQueriesAgreeWithAFreshModel() {
        let kept = EngineModel(files: Self.files, script: Self.script)
        for fiscalStart in [1, 4, 1] {
            kept.catalog.calendar = FiscalCalendar(yearStart: fiscalStart)
            for query in Self.queries {
                let fresh = EngineModel(files: Self.files, script: Self.script)
                fresh.catalog.calendar = FiscalCalendar(yearStart: fiscalStart)
                let expected = fresh.run(query).rows
                #expect(!expected.isEmpty)
                #expect(kept.run(query).rows == expected, "fiscal year from month \(fiscalStart): \(query)")
            }
        }
    }
}
