import Testing

@testable import KpiqEngine

/// A small CRM, shaped like `examples/crm`, small enough to work results out by hand.
///
/// ```
/// deals ──sales_agent──▶ teams ──regional_office──▶ offices
///   ├──account──▶ accounts        (country)
///   └──product──▶ products        (country)          orders: not linked, two date columns
/// ```
/// `country` is in `accounts` and `products` (one link away from `deals`) and in `offices`
/// (two links away). Agent `Zed` has no row in `teams`; deal `D4` has no account; product
/// `Unknown` has no row in `products`.
enum Fixtures {
    static let files: [String: String] = [
        "deals.csv": """
            opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
            D1,Anna,GTX Basic,Acme,Won,2016-10-20,2017-03-01,1000
            D2,Anna,GTX Pro,Beta,Lost,2016-11-01,2017-07-15,0
            D3,Cecil,GTX Basic,Acme,Won,2017-01-05,2017-08-20,2000
            D4,Cecil,MG Special,,Engaging,2017-06-01,,
            D5,Dora,GTX Pro,Beta,Won,2016-06-01,2016-08-10,5000
            D6,Dora,Unknown,Gamma,Lost,2017-02-01,2017-09-30,0
            D7,Zed,GTX Basic,Acme,Won,2017-04-01,2017-05-02,1500

            """,
        "teams.csv": """
            sales_agent,manager,regional_office
            Anna,Melvin,Central
            Cecil,Melvin,Central
            Dora,Summer,West

            """,
        "offices.csv": """
            office,country,head
            Central,United States,Ann
            West,Canada,Bob

            """,
        "accounts.csv": """
            account,sector,revenue,country
            Acme,technology,1100.5,United States
            Beta,medical,250.25,Kenya
            Gamma,retail,700,United States

            """,
        "products.csv": """
            product,series,sales_price,country
            GTX Basic,GTX,550,Taiwan
            GTX Pro,GTX,4821,Taiwan
            MG Special,MG,55,Korea

            """,
        "orders.csv": """
            Order ID,Order Date,Ship Date,customerID,TotalCharges,Sales Region
            1,2020-01-05,2020-01-07,C1,10.5,North
            2,2020-02-10,2020-02-11,C2,20,South
            3,2020-02-15,,C1,5.25,North

            """,
    ]

    static let script = """
        load "deals.csv" time close_date
        load "teams.csv"
        load "offices.csv"
        load "accounts.csv"
        load "products.csv"
        load "orders.csv"
        link deals.sales_agent -> teams.sales_agent
        link deals.account -> accounts.account
        link deals.product -> products.product
        link teams.regional_office -> offices.office
        define kpi won = count(where deal_stage = "Won") format integer
        define kpi lost = count(where deal_stage = "Lost") format integer
        define kpi closed = count(where deal_stage in ("Won", "Lost")) format integer
        define kpi win_rate = won / closed format percent
        define kpi revenue = sum(close_value where deal_stage = "Won") format money
        define kpi first = count()
        define kpi second = first + 1
        define dimension deals.size = if(close_value >= 2000, "large", "small")
        define dimension teams.office_country = country
        """

    /// Built once; tests only read it.
    static let crm = EngineModel(files: files, script: script)

    /// Sales whose periods come from `sold`, linked to launches that have a column `year` and
    /// two columns whose snake_case names are both `region`.
    static let launches = EngineModel(files: [
        "sales.csv": """
            id,sold,amount,launch
            1,2020-01-05,10,A
            2,2021-03-01,20,B
            3,2021-07-01,5,A

            """,
        "launches.csv": """
            launch,year,Region,REGION
            A,1999,North,N
            B,2005,South,S

            """,
    ], script: """
        load "sales.csv" time sold
        load "launches.csv"
        link sales.launch -> launches.launch
        """)
}

/// Reproducible pseudo-random numbers for tests: a 64-bit linear congruential generator whose
/// high bits are used.
struct SeededNumbers {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
