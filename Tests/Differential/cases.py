"""The differential cases: each a kpiq statement and the DuckDB SQL that must give the same rows.

MODEL is the kpiq script every case runs after (loads, links, time column, KPI definitions);
SETUP is the DuckDB side of the same model: typed tables, and the view `dx` that joins the links
(LEFT JOINs, so unmatched and null keys give null dimensions) and adds the period labels.

Conventions of the SQL, so that it states kpiq's semantics rather than DuckDB's defaults:
- groups sorted by their keys ascending, NULLS LAST, unless the query orders otherwise;
- `/` on a zero divisor is null: NULLIF on every divisor (DuckDB gives inf otherwise);
- median and percentile are quantile_cont, stddev is stddev_samp;
- periods print as labels: 2023, 2023-Q3, 2023-07, 2023-W05 (ISO, `%G-W%V`), 2023-07-15;
- a period filter in kpiq is written here as a plain date range on close_date, so a label bug and
  a filter bug show up separately.
"""

from collections import namedtuple

Case = namedtuple("Case", "name kpiq sql")

# The model script. {data} is replaced by the directory that holds the generated CSV files.
MODEL = """\
load "{data}/deals.csv" as deals time close_date
load "{data}/accounts.csv" as accounts
load "{data}/agents.csv" as agents
load "{data}/teams.csv" as teams
link deals.account -> accounts.account
link deals.agent -> agents.agent
link agents.team -> teams.team

define kpi deal_count = count()
define kpi won = count(where stage = "Won")
define kpi lost = count(where stage = "Lost")
define kpi closed = count(where stage in ("Won", "Lost"))
define kpi win_rate = won / closed format percent
define kpi revenue = sum(amount where stage = "Won") format money
define kpi avg_deal_size = revenue / won format money
define kpi cycle_days = avg(days_between(engage_date, close_date) where stage in ("Won", "Lost")) format days
define kpi units = sum(quantity) format integer
define kpi renewal_rate = count(where is_renewal) / count(is_renewal) format percent
define kpi refunds = -sum(amount where amount < 0) format money
define kpi net_revenue = revenue - refunds format money
define kpi revenue_per_unit = revenue / sum(quantity where stage = "Won") format number

load "{data}/orders.csv" as orders time order_date
load "{data}/customers.csv" as customers
link orders.customer -> customers.customer

define kpi sales = sum(order_value) format money
define kpi order_count = count(order_id) format integer
define kpi buyers = count_distinct(customer) format integer
define kpi sales_prev = previous(sales) format money
define kpi sales_growth = sales / previous(sales) - 1 format percent
define kpi nrr = retained(customer, sales) / previous(sales) format percent
define kpi customer_retention = retained(customer) / previous(buyers) format percent
define kpi customer_churn = lost(customer) / previous(buyers) format percent
define kpi previous_won = previous(won) format integer
"""

_DEAL_TYPES = {
    "deal_id": "BIGINT", "account": "VARCHAR", "agent": "VARCHAR", "product": "VARCHAR",
    "stage": "VARCHAR", "source": "VARCHAR", "priority": "BIGINT", "amount": "DOUBLE",
    "quantity": "BIGINT", "discount": "DOUBLE", "is_renewal": "BOOLEAN", "engage_date": "DATE",
    "close_date": "DATE",
}
_ACCOUNT_TYPES = {"account": "VARCHAR", "sector": "VARCHAR", "country": "VARCHAR", "employees": "BIGINT"}
_AGENT_TYPES = {"agent": "VARCHAR", "team": "VARCHAR", "hire_date": "DATE"}
_TEAM_TYPES = {"team": "VARCHAR", "manager": "VARCHAR", "region": "VARCHAR"}
_ORDER_TYPES = {"order_id": "BIGINT", "customer": "VARCHAR", "channel": "VARCHAR", "order_date": "DATE",
                "order_value": "DOUBLE", "placed_at": "TIMESTAMP", "shipped_at": "TIMESTAMP"}
_CUSTOMER_TYPES = {"customer": "VARCHAR", "segment": "VARCHAR", "signup_date": "DATE"}


def _read_csv(path, types):
    columns = ", ".join(f"'{name}': '{sql_type}'" for name, sql_type in types.items())
    return (f"read_csv('{path}', header = true, delim = ',', quote = '\"', escape = '\"', "
            f"auto_detect = false, columns = {{{columns}}})")


def setup_sql(data_dir):
    """The DuckDB statements that build the model over the CSV files in data_dir."""
    return [
        f"CREATE TABLE deals AS SELECT * FROM {_read_csv(data_dir + '/deals.csv', _DEAL_TYPES)}",
        f"CREATE TABLE accounts AS SELECT * FROM {_read_csv(data_dir + '/accounts.csv', _ACCOUNT_TYPES)}",
        f"CREATE TABLE agents AS SELECT * FROM {_read_csv(data_dir + '/agents.csv', _AGENT_TYPES)}",
        f"CREATE TABLE teams AS SELECT * FROM {_read_csv(data_dir + '/teams.csv', _TEAM_TYPES)}",
        # agents -> teams, as kpiq's chained link does for `from agents`.
        """CREATE VIEW ax AS
           SELECT g.*, t.manager, t.region FROM agents g LEFT JOIN teams t ON t.team = g.team""",
        """CREATE VIEW dx AS
           SELECT d.*, a.sector, a.country, a.employees, g.team, g.hire_date, t.manager, t.region,
                  CAST(year(d.close_date) AS VARCHAR) AS p_year,
                  strftime(d.close_date, '%Y') || '-Q' || quarter(d.close_date) AS p_quarter,
                  strftime(d.close_date, '%Y-%m') AS p_month,
                  strftime(d.close_date, '%G-W%V') AS p_week,
                  d.close_date AS p_day
           FROM deals d
           LEFT JOIN accounts a ON a.account = d.account
           LEFT JOIN agents g ON g.agent = d.agent
           LEFT JOIN teams t ON t.team = g.team""",
        f"CREATE TABLE orders AS SELECT * FROM {_read_csv(data_dir + '/orders.csv', _ORDER_TYPES)}",
        f"CREATE TABLE customers AS SELECT * FROM {_read_csv(data_dir + '/customers.csv', _CUSTOMER_TYPES)}",
        # The orders with their customer's segment, and each period as an index (a quarter is
        # year * 4 + quarter - 1, as in kpiq), so that "the period before" is the index minus one.
        """CREATE VIEW ox AS
           SELECT o.*, c.segment, c.signup_date,
                  year(o.order_date) AS i_year,
                  year(o.order_date) * 4 + quarter(o.order_date) - 1 AS i_quarter,
                  year(o.order_date) * 12 + month(o.order_date) - 1 AS i_month,
                  date_diff('day', DATE '1970-01-01', o.order_date) AS i_day
           FROM orders o LEFT JOIN customers c ON c.customer = o.customer""",
    ]


# SQL for the model's KPIs, to build the expected queries from.
WON = "count(*) FILTER (WHERE stage = 'Won')"
LOST = "count(*) FILTER (WHERE stage = 'Lost')"
CLOSED = "count(*) FILTER (WHERE stage IN ('Won', 'Lost'))"
REVENUE = "sum(amount) FILTER (WHERE stage = 'Won')"
WIN_RATE = f"CAST({WON} AS DOUBLE) / NULLIF({CLOSED}, 0)"
AVG_DEAL_SIZE = f"{REVENUE} / NULLIF({WON}, 0)"
CYCLE_DAYS = "avg(date_diff('day', engage_date, close_date)) FILTER (WHERE stage IN ('Won', 'Lost'))"
RENEWAL_RATE = "CAST(count(*) FILTER (WHERE is_renewal) AS DOUBLE) / NULLIF(count(is_renewal), 0)"
REFUNDS = "-(sum(amount) FILTER (WHERE amount < 0))"
NET_REVENUE = f"{REVENUE} - {REFUNDS}"
REVENUE_PER_UNIT = f"{REVENUE} / NULLIF(sum(quantity) FILTER (WHERE stage = 'Won'), 0)"
# The most recent Q<n> that has rows: what a bare `Q3` means.
LATEST_Q3 = "(SELECT max(year(close_date)) FROM deals WHERE quarter(close_date) = 3)"
LATEST_Q1 = "(SELECT max(year(close_date)) FROM deals WHERE quarter(close_date) = 1)"

PERIOD_KEYS = {
    "year": "p_year", "quarter": "p_quarter", "month": "p_month", "week": "p_week", "day": "p_day",
}


def grouped(keys, values, where=None, table="dx", order=None, limit=None):
    """SELECT keys, values FROM table [WHERE] GROUP BY keys ORDER BY keys NULLS LAST [LIMIT].

    keys: dimension names as kpiq writes them (period names map to their label columns, `a.b`
    to column b); values: SQL expressions with their aliases."""
    key_sql = []
    for key in keys:
        column = PERIOD_KEYS.get(key, key.split(".")[-1])
        key_sql.append(f"{column} AS {key.split('.')[-1]}")
    select = ", ".join(key_sql + list(values))
    sql = f"SELECT {select} FROM {table}"
    if where:
        sql += f" WHERE {where}"
    if keys:
        sql += " GROUP BY " + ", ".join(str(i + 1) for i in range(len(keys)))
    if order is None:
        order = ", ".join(f"{i + 1} ASC NULLS LAST" for i in range(len(keys)))
    if order:
        sql += f" ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {limit}"
    return sql


PERIOD_LABELS = {
    "quarter": "strftime(p, '%Y') || '-Q' || quarter(p)",
    "month": "strftime(p, '%Y-%m')",
}


def gap_filled(period, step, aggregate, alias, where, start=None, stop=None):
    """One count per period from `start` to `stop` (by default the first and last period with
    rows), 0 where no row is left, then the group of rows with no period."""
    unit = period
    start = start or f"(SELECT date_trunc('{unit}', min(close_date)) FROM f)"
    stop = stop or f"(SELECT date_trunc('{unit}', max(close_date)) FROM f)"
    label = PERIOD_LABELS[period]
    return (f"WITH f AS (SELECT * FROM dx WHERE {where}), "
            f"s AS (SELECT {label} AS {period} FROM (SELECT unnest(generate_series({start}::TIMESTAMP, {stop}::TIMESTAMP, INTERVAL {step})) AS p)), "
            f"g AS (SELECT {PERIOD_KEYS[period]} AS {period}, {aggregate} AS {alias} FROM f GROUP BY 1) "
            f"SELECT s.{period}, coalesce(g.{alias}, 0) AS {alias} FROM s LEFT JOIN g USING ({period}) "
            f"UNION ALL SELECT NULL, {alias} FROM g WHERE {period} IS NULL "
            f"ORDER BY 1 NULLS LAST")


CASES = [
    # ---- aggregates ---------------------------------------------------------------------------
    Case("totals_without_by",
         "kpi deal_count, won, lost, closed, revenue, win_rate",
         grouped([], ["count(*) AS deal_count", f"{WON} AS won", f"{LOST} AS lost", f"{CLOSED} AS closed",
                      f"{REVENUE} AS revenue", f"{WIN_RATE} AS win_rate"])),
    Case("totals_over_no_rows_is_one_row",
         "kpi deal_count, revenue, win_rate where stage = \"Nope\"",
         grouped([], ["count(*) AS deal_count", f"{REVENUE} AS revenue", f"{WIN_RATE} AS win_rate"],
                 where="stage = 'Nope'")),
    Case("count_star_vs_count_column",
         "kpi count() as all_rows, count(amount) as with_amount, count(close_date) as with_close, "
         "count(stage) as with_stage, count(is_renewal) as with_flag by region",
         grouped(["region"], ["count(*) AS all_rows", "count(amount) AS with_amount",
                              "count(close_date) AS with_close", "count(stage) AS with_stage",
                              "count(is_renewal) AS with_flag"])),
    Case("count_distinct_skips_nulls",
         "kpi count_distinct(account) as accounts, count_distinct(product) as products, "
         "count_distinct(is_renewal) as flags, count_distinct(deal_id) as deals by region",
         grouped(["region"], ["count(DISTINCT account) AS accounts", "count(DISTINCT product) AS products",
                              "count(DISTINCT is_renewal) AS flags", "count(DISTINCT deal_id) AS deals"])),
    Case("count_distinct_filtered",
         "kpi count_distinct(account where stage = \"Won\") as won_accounts, "
         "count_distinct(agent where amount > 10000) as big_agents by year",
         grouped(["year"], ["count(DISTINCT account) FILTER (WHERE stage = 'Won') AS won_accounts",
                            "count(DISTINCT agent) FILTER (WHERE amount > 10000) AS big_agents"])),
    Case("sum_avg_min_max_decimal",
         "kpi sum(amount) as total, avg(amount) as mean, min(amount) as low, max(amount) as high by stage",
         grouped(["stage"], ["sum(amount) AS total", "avg(amount) AS mean", "min(amount) AS low",
                             "max(amount) AS high"])),
    Case("sum_avg_min_max_integer",
         "kpi sum(quantity) as qty, avg(quantity) as avg_qty, min(quantity) as min_qty, "
         "max(quantity) as max_qty by product",
         grouped(["product"], ["sum(quantity) AS qty", "avg(quantity) AS avg_qty", "min(quantity) AS min_qty",
                               "max(quantity) AS max_qty"])),
    Case("min_max_dates_and_text",
         "kpi min(close_date) as first_close, max(close_date) as last_close, min(product) as first_product, "
         "max(account) as last_account by region",
         grouped(["region"], ["min(close_date) AS first_close", "max(close_date) AS last_close",
                              "min(product) AS first_product", "max(account) AS last_account"])),
    Case("median_percentile_stddev_tiny_groups",
         "kpi count(amount) as n, median(amount) as med, percentile(amount, 0.9) as p90, "
         "percentile(quantity, 0.25) as q25, stddev(amount) as sd by account "
         "where account in (\"Solo Ltd\", \"Pair Co\", \"Trio Inc\", \"Quad LLC\")",
         grouped(["account"], ["count(amount) AS n", "quantile_cont(amount, 0.5) AS med",
                               "quantile_cont(amount, 0.9) AS p90", "quantile_cont(quantity, 0.25) AS q25",
                               "stddev_samp(amount) AS sd"],
                 where="account IN ('Solo Ltd', 'Pair Co', 'Trio Inc', 'Quad LLC')")),
    Case("median_percentile_large_groups",
         "kpi median(amount) as med, percentile(amount, 0.1) as p10, percentile(amount, 0.75) as p75, "
         "median(quantity) as med_qty by stage",
         grouped(["stage"], ["quantile_cont(amount, 0.5) AS med", "quantile_cont(amount, 0.1) AS p10",
                             "quantile_cont(amount, 0.75) AS p75", "quantile_cont(quantity, 0.5) AS med_qty"])),
    Case("stddev_by_linked_dimension",
         "kpi stddev(amount) as sd, stddev(quantity) as sd_qty by sector",
         grouped(["sector"], ["stddev_samp(amount) AS sd", "stddev_samp(quantity) AS sd_qty"])),
    Case("filtered_aggregates_every_kind",
         "kpi sum(amount where stage = \"Won\") as won_sum, avg(amount where stage = \"Lost\") as lost_avg, "
         "min(amount where is_renewal) as renewal_min, max(quantity where priority >= 5) as urgent_max, "
         "median(amount where product like \"GTX%\") as gtx_median, stddev(quantity where stage = \"Won\") as won_sd, "
         "count(amount where stage = \"Won\") as won_with_amount by region",
         grouped(["region"], ["sum(amount) FILTER (WHERE stage = 'Won') AS won_sum",
                              "avg(amount) FILTER (WHERE stage = 'Lost') AS lost_avg",
                              "min(amount) FILTER (WHERE is_renewal) AS renewal_min",
                              "max(quantity) FILTER (WHERE priority >= 5) AS urgent_max",
                              "quantile_cont(amount, 0.5) FILTER (WHERE product LIKE 'GTX%') AS gtx_median",
                              "stddev_samp(quantity) FILTER (WHERE stage = 'Won') AS won_sd",
                              "count(amount) FILTER (WHERE stage = 'Won') AS won_with_amount"])),
    Case("percentile_filtered",
         "kpi percentile(amount, 0.9 where stage = \"Won\") as won_p90 by region",
         grouped(["region"], ["quantile_cont(amount, 0.9) FILTER (WHERE stage = 'Won') AS won_p90"])),
    Case("aggregates_over_no_rows",
         "kpi count(where stage = \"Nope\") as n, sum(amount where stage = \"Nope\") as s, "
         "avg(amount where stage = \"Nope\") as a, min(close_date where stage = \"Nope\") as lo, "
         "median(amount where stage = \"Nope\") as med, stddev(amount where stage = \"Nope\") as sd, "
         "count_distinct(account where stage = \"Nope\") as accounts by region",
         grouped(["region"], ["count(*) FILTER (WHERE stage = 'Nope') AS n",
                              "sum(amount) FILTER (WHERE stage = 'Nope') AS s",
                              "avg(amount) FILTER (WHERE stage = 'Nope') AS a",
                              "min(close_date) FILTER (WHERE stage = 'Nope') AS lo",
                              "quantile_cont(amount, 0.5) FILTER (WHERE stage = 'Nope') AS med",
                              "stddev_samp(amount) FILTER (WHERE stage = 'Nope') AS sd",
                              "count(DISTINCT account) FILTER (WHERE stage = 'Nope') AS accounts"])),

    # ---- filters -------------------------------------------------------------------------------
    Case("filter_not_equal_drops_nulls",
         "kpi deal_count, revenue by region where stage != \"Lost\"",
         grouped(["region"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"], where="stage != 'Lost'")),
    Case("filter_greater_and_less_equal",
         "kpi deal_count, units by stage where amount > 1000 and quantity <= 10",
         grouped(["stage"], ["count(*) AS deal_count", "sum(quantity) AS units"],
                 where="amount > 1000 AND quantity <= 10")),
    Case("filter_date_ge_and_lt",
         "kpi deal_count by year where engage_date >= 2023-06-01 and engage_date < 2024-06-01",
         grouped(["year"], ["count(*) AS deal_count"],
                 where="engage_date >= DATE '2023-06-01' AND engage_date < DATE '2024-06-01'")),
    Case("filter_in_and_not_in",
         "kpi deal_count, revenue by product where stage in (\"Won\", \"Lost\") and source not in (\"Web\", \"PARTNER\")",
         grouped(["product"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"],
                 where="stage IN ('Won', 'Lost') AND source NOT IN ('Web', 'PARTNER')")),
    Case("filter_between_and_not_between",
         "kpi deal_count by stage where amount between 100 and 5000.5 and quantity not between 1 and 10",
         grouped(["stage"], ["count(*) AS deal_count"],
                 where="amount BETWEEN 100 AND 5000.5 AND quantity NOT BETWEEN 1 AND 10")),
    Case("filter_like_commas_quotes_underscore",
         "kpi deal_count by product where product like \"%,%\" or product like 'Sprocket _Deluxe_'",
         grouped(["product"], ["count(*) AS deal_count"],
                 where="product LIKE '%,%' OR product LIKE 'Sprocket _Deluxe_'")),
    Case("filter_not_like",
         "kpi deal_count, revenue by product where product not like \"%e%\"",
         grouped(["product"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"], where="product NOT LIKE '%e%'")),
    Case("like_is_case_sensitive",
         "kpi count(where product like \"widget%\") as lower_w, count(where product like \"Widget%\") as upper_w, "
         "count(where product like \"%100%\") as hundred, count(where product like 'Widget, \"%') as quoted by stage",
         grouped(["stage"], ["count(*) FILTER (WHERE product LIKE 'widget%') AS lower_w",
                             "count(*) FILTER (WHERE product LIKE 'Widget%') AS upper_w",
                             "count(*) FILTER (WHERE product LIKE '%100%') AS hundred",
                             "count(*) FILTER (WHERE product LIKE 'Widget, \"%') AS quoted"])),
    Case("filter_is_null",
         "kpi deal_count, revenue by stage where close_date is null",
         grouped(["stage"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"], where="close_date IS NULL")),
    Case("filter_is_not_null_on_linked_column",
         "kpi deal_count by sector where amount is not null and sector is not null",
         grouped(["sector"], ["count(*) AS deal_count"], where="amount IS NOT NULL AND sector IS NOT NULL")),
    Case("filter_not_with_nulls",
         "kpi deal_count by region where not (amount > 1000)",
         grouped(["region"], ["count(*) AS deal_count"], where="NOT (amount > 1000)")),
    Case("three_valued_and_or_not",
         "kpi count(where amount > 20000 or stage = \"Won\") as a_or, "
         "count(where amount > 20000 and stage = \"Won\") as a_and, "
         "count(where not (amount > 20000 or is_renewal)) as not_or, "
         "count(where not (amount <= 20000 and stage = \"Won\")) as not_and by region",
         grouped(["region"], ["count(*) FILTER (WHERE amount > 20000 OR stage = 'Won') AS a_or",
                              "count(*) FILTER (WHERE amount > 20000 AND stage = 'Won') AS a_and",
                              "count(*) FILTER (WHERE NOT (amount > 20000 OR is_renewal)) AS not_or",
                              "count(*) FILTER (WHERE NOT (amount <= 20000 AND stage = 'Won')) AS not_and"])),
    Case("in_list_with_null",
         "kpi count(where stage in (\"Won\", null)) as in_null, count(where stage not in (\"Won\", null)) as not_in_null "
         "by region",
         grouped(["region"], ["count(*) FILTER (WHERE stage IN ('Won', NULL)) AS in_null",
                              "count(*) FILTER (WHERE stage NOT IN ('Won', NULL)) AS not_in_null"])),
    Case("filter_percent_literal",
         "kpi deal_count, avg(discount) as avg_discount by region where discount >= 15%",
         grouped(["region"], ["count(*) AS deal_count", "avg(discount) AS avg_discount"], where="discount >= 0.15")),
    Case("filter_linked_text_with_commas",
         "kpi deal_count, revenue by sector where region in (\"East\", \"North, Outer\") and sector != 'Media \"Digital\"'",
         grouped(["sector"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"],
                 where="region IN ('East', 'North, Outer') AND sector != 'Media \"Digital\"'")),
    Case("filter_boolean_column",
         "kpi deal_count, revenue by stage where is_renewal = false or is_renewal is null",
         grouped(["stage"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"],
                 where="is_renewal = false OR is_renewal IS NULL")),
    Case("filter_bare_boolean_column",
         "kpi deal_count by region where is_renewal",
         grouped(["region"], ["count(*) AS deal_count"], where="is_renewal")),
    Case("filter_column_against_column",
         "kpi deal_count by stage where close_date < engage_date",
         grouped(["stage"], ["count(*) AS deal_count"], where="close_date < engage_date")),

    Case("filter_text_order_comparisons",
         "kpi deal_count by product where product >= \"Gadget\" and product < \"Widget\"",
         grouped(["product"], ["count(*) AS deal_count"], where="product >= 'Gadget' AND product < 'Widget'")),
    Case("filter_numeric_in_and_not_in",
         "kpi deal_count, units by priority where priority in (1, 13) or priority not in (2, 3, 5)",
         grouped(["priority"], ["count(*) AS deal_count", "sum(quantity) AS units"],
                 where="priority IN (1, 13) OR priority NOT IN (2, 3, 5)")),
    Case("filter_string_with_apostrophe",
         "kpi deal_count, revenue by agent where agent like \"%O'Neil\"",
         grouped(["agent"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"], where="agent LIKE '%O''Neil'")),
    Case("filter_decimal_equals_integer_literal",
         "kpi count(where amount = 0) as zero, count(where amount != 0) as nonzero, "
         "count(where discount = 0.1) as ten_percent by stage",
         grouped(["stage"], ["count(*) FILTER (WHERE amount = 0) AS zero",
                             "count(*) FILTER (WHERE amount != 0) AS nonzero",
                             "count(*) FILTER (WHERE discount = 0.1) AS ten_percent"])),
    Case("filter_boolean_not_equal_true",
         "kpi deal_count by region where is_renewal != true",
         grouped(["region"], ["count(*) AS deal_count"], where="is_renewal != true")),
    # With a period in `by`, every period from the first to the last with data appears: the
    # quarter the date filter empties (2023-Q2) is a row with a count of 0.
    Case("filter_date_between_literals",
         "kpi deal_count by quarter where engage_date between 2023-01-01 and 2023-12-31 "
         "and close_date not between 2023-04-01 and 2023-06-30",
         gap_filled("quarter", "3 MONTH", "count(*)", "deal_count",
                    where="engage_date BETWEEN DATE '2023-01-01' AND DATE '2023-12-31' "
                          "AND close_date NOT BETWEEN DATE '2023-04-01' AND DATE '2023-06-30'")),
    Case("linked_columns_inside_aggregate_filters",
         "kpi count(where region = \"East\") as east, sum(amount where manager is null) as unmanaged, "
         "count(where coalesce(sector, \"none\") = \"none\") as no_sector by stage",
         grouped(["stage"], ["count(*) FILTER (WHERE region = 'East') AS east",
                             "sum(amount) FILTER (WHERE manager IS NULL) AS unmanaged",
                             "count(*) FILTER (WHERE coalesce(sector, 'none') = 'none') AS no_sector"])),
    Case("filter_function_year_of_column",
         "kpi deal_count by stage where year(engage_date) = 2023 and month(engage_date) >= 10",
         grouped(["stage"], ["count(*) AS deal_count"],
                 where="year(engage_date) = 2023 AND month(engage_date) >= 10")),

    # ---- functions -----------------------------------------------------------------------------
    Case("fn_if_null_condition_takes_else",
         "kpi sum(if(stage = \"Won\", amount, 0)) as won_amount, count(where if(is_renewal, 1, 0) = 0) as not_renewal, "
         "sum(if(amount > 1000, 1, 0)) as big by region",
         grouped(["region"], ["sum(CASE WHEN stage = 'Won' THEN amount ELSE 0 END) AS won_amount",
                              "count(*) FILTER (WHERE (CASE WHEN is_renewal THEN 1 ELSE 0 END) = 0) AS not_renewal",
                              "sum(CASE WHEN amount > 1000 THEN 1 ELSE 0 END) AS big"])),
    Case("fn_coalesce",
         "kpi avg(coalesce(quantity, 0)) as avg_qty0, count(where coalesce(stage, \"Unknown\") = \"Unknown\") as unknown, "
         "sum(coalesce(amount, quantity, 0)) as filled by region",
         grouped(["region"], ["avg(coalesce(quantity, 0)) AS avg_qty0",
                              "count(*) FILTER (WHERE coalesce(stage, 'Unknown') = 'Unknown') AS unknown",
                              "sum(coalesce(amount, CAST(quantity AS DOUBLE), 0)) AS filled"])),
    # A show with a limit projects only the rows it keeps: computed columns, a sort key that is
    # not a column, and the first rows in file order.
    Case("show_computed_columns_top_rows",
         "show deals deal_id, if(amount > 1000, \"big\", \"small\") as size, coalesce(quantity, 0) as qty, "
         "upper(product) as p where stage = \"Won\" order by close_date desc, deal_id limit 7",
         "SELECT deal_id, CASE WHEN amount > 1000 THEN 'big' ELSE 'small' END AS size, coalesce(quantity, 0) AS qty, "
         "upper(product) AS p FROM deals WHERE stage = 'Won' ORDER BY close_date DESC NULLS LAST, deal_id LIMIT 7"),
    Case("show_first_rows_in_file_order",
         "show deals deal_id, coalesce(amount, quantity, 0) as filled, if(is_renewal, \"renewal\", \"new\") as kind limit 6",
         "SELECT deal_id, coalesce(amount, CAST(quantity AS DOUBLE), 0) AS filled, "
         "CASE WHEN is_renewal THEN 'renewal' ELSE 'new' END AS kind FROM deals ORDER BY rowid LIMIT 6"),
    Case("show_sorted_by_a_coalesced_column",
         "show deals deal_id, coalesce(discount, 0.0) as d where amount > 0 order by d desc, deal_id limit 5",
         "SELECT deal_id, coalesce(discount, 0.0) AS d FROM deals WHERE amount > 0 "
         "ORDER BY 2 DESC NULLS LAST, deal_id LIMIT 5"),
    Case("fn_days_between",
         "kpi avg(days_between(engage_date, close_date)) as avg_days, min(days_between(engage_date, close_date)) as min_days, "
         "max(days_between(engage_date, close_date)) as max_days, "
         "count(where days_between(engage_date, close_date) < 0) as negative by year",
         grouped(["year"], ["avg(date_diff('day', engage_date, close_date)) AS avg_days",
                            "min(date_diff('day', engage_date, close_date)) AS min_days",
                            "max(date_diff('day', engage_date, close_date)) AS max_days",
                            "count(*) FILTER (WHERE date_diff('day', engage_date, close_date) < 0) AS negative"])),
    Case("fn_date_parts",
         "kpi count(where month(engage_date) = 12) as december, sum(quarter(close_date)) as quarter_sum, "
         "avg(day(close_date)) as avg_day, count_distinct(year(engage_date)) as years by region",
         grouped(["region"], ["count(*) FILTER (WHERE month(engage_date) = 12) AS december",
                              "sum(quarter(close_date)) AS quarter_sum",
                              "avg(day(close_date)) AS avg_day",
                              "count(DISTINCT year(engage_date)) AS years"])),
    Case("fn_lower_upper_trim",
         "kpi count(where lower(source) = \"web\") as lower_web, count(where trim(lower(source)) = \"web\") as trimmed_web, "
         "count(where upper(trim(source)) = \"PARTNER\") as partner, count_distinct(trim(source)) as trimmed, "
         "count_distinct(lower(trim(source))) as normalized by stage",
         grouped(["stage"], ["count(*) FILTER (WHERE lower(source) = 'web') AS lower_web",
                             "count(*) FILTER (WHERE trim(lower(source)) = 'web') AS trimmed_web",
                             "count(*) FILTER (WHERE upper(trim(source)) = 'PARTNER') AS partner",
                             "count(DISTINCT trim(source)) AS trimmed",
                             "count(DISTINCT lower(trim(source))) AS normalized"])),
    # quantity / 4 and quantity / 8 are exact binary fractions, so the halves really are halves:
    # half away from zero gives 2.5 -> 3, -2.5 -> -3, 0.125 -> 0.13.
    Case("fn_round_half_away_and_abs",
         "kpi sum(round(quantity / 4, 0)) as r0, sum(round(quantity / 8, 2)) as r2, sum(abs(amount)) as abs_total, "
         "round(avg(amount), 2) as avg_rounded, abs(sum(amount where amount < 0)) as refund_abs by stage",
         grouped(["stage"], ["sum(round(quantity / 4, 0)) AS r0", "sum(round(quantity / 8, 2)) AS r2",
                             "sum(abs(amount)) AS abs_total", "round(avg(amount), 2) AS avg_rounded",
                             "abs(sum(amount) FILTER (WHERE amount < 0)) AS refund_abs"])),
    Case("fn_days_between_date_literal_and_if_text",
         "kpi avg(days_between(2023-01-01, close_date)) as since_2023, "
         "count_distinct(if(amount > 10000, \"big\", \"small\")) as sizes, "
         "count(where if(amount > 10000, \"big\", \"small\") = \"small\") as small by region",
         grouped(["region"], ["avg(date_diff('day', DATE '2023-01-01', close_date)) AS since_2023",
                              "count(DISTINCT CASE WHEN amount > 10000 THEN 'big' ELSE 'small' END) AS sizes",
                              "count(*) FILTER (WHERE (CASE WHEN amount > 10000 THEN 'big' ELSE 'small' END) = 'small') AS small"])),
    Case("arithmetic_precedence_and_unary_minus",
         "kpi sum(-amount) as negated, sum(amount - quantity * 2) / (count() - 1) as mixed, "
         "1 - won / closed as loss_rate, (revenue - refunds) / -2 as halved by region",
         grouped(["region"], ["sum(-amount) AS negated",
                              "sum(amount - quantity * 2) / NULLIF(count(*) - 1, 0) AS mixed",
                              f"1 - {WIN_RATE} AS loss_rate", f"({REVENUE} - {REFUNDS}) / -2 AS halved"])),
    Case("arithmetic_integer_and_float_division",
         "kpi sum(quantity * 2 + 1) as q, sum(quantity / 2) as half, avg(amount * discount) as discounted, "
         "sum(amount) / count() as mean_over_all_rows by region",
         grouped(["region"], ["sum(quantity * 2 + 1) AS q", "sum(CAST(quantity AS DOUBLE) / 2) AS half",
                              "avg(amount * discount) AS discounted",
                              "sum(amount) / NULLIF(count(*), 0) AS mean_over_all_rows"])),
    Case("division_by_zero_is_null",
         "kpi sum(amount) / count(where stage = \"Nope\") as never, avg(amount / quantity) as per_unit, "
         "sum(amount / (quantity - quantity)) as all_null by stage",
         grouped(["stage"], ["sum(amount) / NULLIF(count(*) FILTER (WHERE stage = 'Nope'), 0) AS never",
                             "avg(amount / NULLIF(quantity, 0)) AS per_unit",
                             "sum(amount / NULLIF(quantity - quantity, 0)) AS all_null"])),
    Case("win_rate_null_where_nothing_closed",
         "kpi won, closed, win_rate by stage",
         grouped(["stage"], [f"{WON} AS won", f"{CLOSED} AS closed", f"{WIN_RATE} AS win_rate"])),

    # ---- KPIs built from KPIs, ad hoc expressions, ordering -----------------------------------
    Case("kpis_from_kpis",
         "kpi revenue, won, avg_deal_size, refunds, net_revenue by manager",
         grouped(["manager"], [f"{REVENUE} AS revenue", f"{WON} AS won", f"{AVG_DEAL_SIZE} AS avg_deal_size",
                               f"{REFUNDS} AS refunds", f"{NET_REVENUE} AS net_revenue"])),
    Case("adhoc_expressions_over_kpis",
         "kpi won / deal_count as won_share, revenue / 1000 as revenue_k, win_rate * 100 as win_pct by region",
         grouped(["region"], [f"CAST({WON} AS DOUBLE) / NULLIF(count(*), 0) AS won_share",
                              f"{REVENUE} / 1000 AS revenue_k", f"{WIN_RATE} * 100 AS win_pct"])),
    Case("cycle_renewal_and_unit_kpis",
         "kpi cycle_days, renewal_rate, revenue_per_unit, units by country",
         grouped(["country"], [f"{CYCLE_DAYS} AS cycle_days", f"{RENEWAL_RATE} AS renewal_rate",
                               f"{REVENUE_PER_UNIT} AS revenue_per_unit", "sum(quantity) AS units"])),
    Case("order_by_alias_desc_limit",
         "kpi sum(amount) as total by account order by total desc limit 5",
         grouped(["account"], ["sum(amount) AS total"], order="total DESC NULLS LAST", limit=5)),
    Case("order_by_kpi_then_key",
         "kpi won, revenue by product order by won desc, product limit 6",
         grouped(["product"], [f"{WON} AS won", f"{REVENUE} AS revenue"],
                 order="won DESC, product ASC NULLS LAST", limit=6)),
    Case("order_by_key_desc",
         "kpi deal_count by region where region is not null order by region desc",
         grouped(["region"], ["count(*) AS deal_count"], where="region IS NOT NULL", order="region DESC")),
    Case("order_by_named_kpi_asc",
         "kpi avg_deal_size by sector order by avg_deal_size",
         grouped(["sector"], [f"{AVG_DEAL_SIZE} AS avg_deal_size"], order="avg_deal_size ASC NULLS LAST")),
    Case("limit_without_order_takes_first_keys",
         "kpi revenue by agent limit 4",
         grouped(["agent"], [f"{REVENUE} AS revenue"], limit=4)),

    # ---- group keys ----------------------------------------------------------------------------
    Case("by_text_column_byte_order",
         "kpi deal_count, revenue by source",
         grouped(["source"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"])),
    Case("by_direct_column_with_quotes_and_orphans",
         "kpi deal_count, revenue by account",
         grouped(["account"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"])),
    Case("by_linked_column_null_group",
         "kpi deal_count, win_rate by sector",
         grouped(["sector"], ["count(*) AS deal_count", f"{WIN_RATE} AS win_rate"])),
    Case("by_qualified_linked_column",
         "kpi revenue by accounts.country",
         grouped(["accounts.country"], [f"{REVENUE} AS revenue"])),
    Case("by_chained_link",
         "kpi won, revenue by manager",
         grouped(["manager"], [f"{WON} AS won", f"{REVENUE} AS revenue"])),
    Case("by_chained_link_region",
         "kpi deal_count by region",
         grouped(["region"], ["count(*) AS deal_count"])),
    Case("by_two_dimensions",
         "kpi deal_count, revenue by region, stage",
         grouped(["region", "stage"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"])),
    Case("by_chained_and_direct_with_linked_filter",
         "kpi won by manager, product where region = \"East\"",
         grouped(["manager", "product"], [f"{WON} AS won"], where="region = 'East'")),
    Case("by_boolean_dimension",
         "kpi deal_count, revenue by is_renewal",
         grouped(["is_renewal"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"])),
    Case("by_integer_dimension_numeric_order",
         "kpi deal_count, units by priority",
         grouped(["priority"], ["count(*) AS deal_count", "sum(quantity) AS units"])),
    Case("by_expression_group_key",
         "kpi deal_count, won by year(engage_date)",
         "SELECT year(engage_date) AS engage_year, count(*) AS deal_count, " + WON + " AS won "
         "FROM dx GROUP BY 1 ORDER BY 1 ASC NULLS LAST"),
    Case("backquoted_and_qualified_names",
         "kpi sum(`amount`) as total, sum(deals.quantity) as qty by `stage`",
         grouped(["stage"], ["sum(amount) AS total", "sum(quantity) AS qty"])),

    # ---- periods -------------------------------------------------------------------------------
    Case("by_year_with_null_group",
         "kpi deal_count, revenue by year",
         grouped(["year"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"])),
    Case("by_quarter",
         "kpi won, win_rate by quarter",
         grouped(["quarter"], [f"{WON} AS won", f"{WIN_RATE} AS win_rate"])),
    Case("by_month_where_year",
         "kpi revenue by month where year = 2023",
         grouped(["month"], [f"{REVENUE} AS revenue"],
                 where="close_date >= DATE '2023-01-01' AND close_date < DATE '2024-01-01'")),
    Case("by_iso_week_across_year_end",
         "kpi deal_count by week where day between 2024-12-20 and 2025-01-10",
         grouped(["week"], ["count(*) AS deal_count"],
                 where="close_date BETWEEN DATE '2024-12-20' AND DATE '2025-01-10'")),
    Case("by_iso_week_first_days_of_2023",
         "kpi deal_count by week, day where day between 2022-12-30 and 2023-01-03",
         grouped(["week", "day"], ["count(*) AS deal_count"],
                 where="close_date BETWEEN DATE '2022-12-30' AND DATE '2023-01-03'")),
    Case("by_day_where_month",
         "kpi deal_count, revenue by day where month = 2024-12",
         grouped(["day"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"],
                 where="close_date >= DATE '2024-12-01' AND close_date < DATE '2025-01-01'")),
    Case("where_quarter_equals",
         "kpi won, revenue by manager where quarter = 2023-Q3",
         grouped(["manager"], [f"{WON} AS won", f"{REVENUE} AS revenue"],
                 where="close_date >= DATE '2023-07-01' AND close_date < DATE '2023-10-01'")),
    Case("where_quarter_in",
         "kpi deal_count by quarter where quarter in (2023-Q1, 2024-Q1)",
         grouped(["quarter"], ["count(*) AS deal_count"],
                 where="(close_date >= DATE '2023-01-01' AND close_date < DATE '2023-04-01') "
                       "OR (close_date >= DATE '2024-01-01' AND close_date < DATE '2024-04-01')")),
    Case("where_month_between",
         "kpi revenue by month where month between 2023-03 and 2023-06",
         grouped(["month"], [f"{REVENUE} AS revenue"],
                 where="close_date >= DATE '2023-03-01' AND close_date < DATE '2023-07-01'")),
    Case("where_year_equals_bare_year",
         "kpi won by region where year = 2024",
         grouped(["region"], [f"{WON} AS won"],
                 where="close_date >= DATE '2024-01-01' AND close_date < DATE '2025-01-01'")),
    Case("where_month_less_than",
         "kpi deal_count by year where month < 2023-02",
         grouped(["year"], ["count(*) AS deal_count"], where="close_date < DATE '2023-02-01'")),
    Case("where_day_greater_equal",
         "kpi deal_count by quarter where day >= 2024-07-01",
         grouped(["quarter"], ["count(*) AS deal_count"], where="close_date >= DATE '2024-07-01'")),
    Case("where_week_equals_2025_w01",
         "kpi deal_count, revenue by day where week = 2025-W01",
         grouped(["day"], ["count(*) AS deal_count", f"{REVENUE} AS revenue"],
                 where="close_date BETWEEN DATE '2024-12-30' AND DATE '2025-01-05'")),
    Case("where_week_between_across_year_end",
         "kpi deal_count by week where week between 2022-W52 and 2023-W02",
         grouped(["week"], ["count(*) AS deal_count"],
                 where="close_date BETWEEN DATE '2022-12-26' AND DATE '2023-01-15'")),
    Case("where_quarter_greater_equal",
         "kpi deal_count by quarter where quarter >= 2024-Q3",
         grouped(["quarter"], ["count(*) AS deal_count"], where="close_date >= DATE '2024-07-01'")),
    Case("where_year_not_equal_drops_null_dates",
         "kpi deal_count by year where year != 2023",
         grouped(["year"], ["count(*) AS deal_count"], where="year(close_date) != 2023")),
    Case("period_filter_or_text_filter",
         "kpi deal_count by stage where quarter = 2024-Q2 or stage = \"Engaging\"",
         grouped(["stage"], ["count(*) AS deal_count"],
                 where="(close_date >= DATE '2024-04-01' AND close_date < DATE '2024-07-01') OR stage = 'Engaging'")),
    Case("where_week_in_across_years",
         "kpi deal_count by day where week in (2024-W01, 2025-W01)",
         grouped(["day"], ["count(*) AS deal_count"],
                 where="close_date BETWEEN DATE '2024-01-01' AND DATE '2024-01-07' "
                       "OR close_date BETWEEN DATE '2024-12-30' AND DATE '2025-01-05'")),
    Case("where_quarter_between_across_years",
         "kpi revenue by month where quarter between 2023-Q4 and 2024-Q1",
         grouped(["month"], [f"{REVENUE} AS revenue"],
                 where="close_date >= DATE '2023-10-01' AND close_date < DATE '2024-04-01'")),
    Case("where_month_in",
         "kpi deal_count by week where month in (2023-12, 2024-01)",
         grouped(["week"], ["count(*) AS deal_count"],
                 where="close_date >= DATE '2023-12-01' AND close_date < DATE '2024-02-01'")),
    Case("by_year_and_quarter",
         "kpi won, revenue by year, quarter",
         grouped(["year", "quarter"], [f"{WON} AS won", f"{REVENUE} AS revenue"])),
    Case("order_by_period_desc_limit",
         "kpi revenue by month where year >= 2024 order by month desc limit 3",
         grouped(["month"], [f"{REVENUE} AS revenue"], where="close_date >= DATE '2024-01-01'",
                 order="month DESC", limit=3)),
    Case("bare_q3_is_latest_q3",
         "kpi won, revenue by manager where quarter = Q3",
         grouped(["manager"], [f"{WON} AS won", f"{REVENUE} AS revenue"],
                 where=f"quarter(close_date) = 3 AND year(close_date) = {LATEST_Q3}")),
    # The filter bounds the range: all three months of the latest Q1 appear, even those after
    # the data ends.
    Case("bare_q1_is_latest_q1_even_if_short",
         "kpi deal_count by month where quarter = Q1",
         gap_filled("month", "1 MONTH", "count(*)", "deal_count",
                    where=f"quarter(close_date) = 1 AND year(close_date) = {LATEST_Q1}",
                    start=f"make_date({LATEST_Q1}, 1, 1)", stop=f"make_date({LATEST_Q1}, 3, 1)")),
    Case("period_and_text_dimensions",
         "kpi revenue, win_rate by quarter, region where year = 2023",
         grouped(["quarter", "region"], [f"{REVENUE} AS revenue", f"{WIN_RATE} AS win_rate"],
                 where="close_date >= DATE '2023-01-01' AND close_date < DATE '2024-01-01'")),
    Case("text_then_period_dimensions_with_nulls",
         "kpi deal_count by stage, year",
         grouped(["stage", "year"], ["count(*) AS deal_count"])),

    # ---- from a dimension table ----------------------------------------------------------------
    Case("from_accounts",
         "kpi count() as accounts, avg(employees) as avg_employees, count(employees) as with_employees "
         "from accounts by sector",
         grouped(["sector"], ["count(*) AS accounts", "avg(employees) AS avg_employees",
                              "count(employees) AS with_employees"], table="accounts")),
    Case("from_accounts_with_filter",
         "kpi count() as accounts, sum(employees) as staff from accounts by country where employees > 100",
         grouped(["country"], ["count(*) AS accounts", "sum(employees) AS staff"], table="accounts",
                 where="employees > 100")),
    Case("from_agents_through_chained_link",
         "kpi count() as agents, count_distinct(team) as teams from agents by region",
         grouped(["region"], ["count(*) AS agents", "count(DISTINCT team) AS teams"], table="ax")),
    Case("from_teams_without_by",
         "kpi count() as n, count(region) as with_region from teams",
         grouped([], ["count(*) AS n", "count(region) AS with_region"], table="teams")),
]


# ---- period semantics: previous, vs, key sets, running totals, gaps, like with like -------------
#
# These cases run on the orders (customers who come, order, leave and sometimes come back, from
# 2021-03 to 2025-02-12) and on the deals. The SQL states the semantics directly: a period is an
# index (`i_quarter` is year * 4 + quarter - 1), "the period before" is the index minus one, every
# period of the range is a row (a series of indexes, LEFT JOINed), and the latest period of the
# data, which ends before the period does, is compared with earlier periods through the same day
# of theirs.

LAST_ORDER = "(SELECT max(order_date) FROM orders)"
LAST_CLOSE = "(SELECT max(close_date) FROM deals)"
GRAIN_MONTHS = {"year": 12, "quarter": 3, "month": 1}


def period_index(grain, date):
    """The SQL index of the period of `grain` that holds `date`, as kpiq numbers periods."""
    return {"year": f"year({date})",
            "quarter": f"(year({date}) * 4 + quarter({date}) - 1)",
            "month": f"(year({date}) * 12 + month({date}) - 1)"}[grain]


def period_label(grain, index):
    """The label of the period `index` of `grain`: 2024, 2024-Q3, 2024-07."""
    return {"year": f"CAST({index} AS VARCHAR)",
            "quarter": f"CAST({index} // 4 AS VARCHAR) || '-Q' || CAST({index} % 4 + 1 AS VARCHAR)",
            "month": f"printf('%04d-%02d', {index} // 12, {index} % 12 + 1)"}[grain]


def same_day_or_earlier(grain, shift, date="order_date", last=LAST_ORDER):
    """For rows shifted `shift` periods forward: those that land in the latest period of the data,
    when the data ends before that period does, count only through the day of their own period
    that the data reaches in the latest one."""
    months = GRAIN_MONTHS[grain]
    return (f"({period_index(grain, date)} + {shift} <> {period_index(grain, last)} "
            f"OR date_trunc('{grain}', {last}) + INTERVAL {months} MONTH - INTERVAL 1 DAY = {last} "
            f"OR date_diff('day', date_trunc('{grain}', {date}), {date}) "
            f"<= date_diff('day', date_trunc('{grain}', {last}), {last}))")


def week_index(day):
    """kpiq's index of the ISO week of a date literal: weeks since Monday 1970-01-05."""
    return f"date_diff('day', DATE '1970-01-05', DATE '{day}') // 7"


def day_index(day):
    """kpiq's index of a day: days since 1970-01-01."""
    return f"date_diff('day', DATE '1970-01-01', DATE '{day}')"


def series(low, high):
    """The period indexes from low to high, as rows of `p`."""
    return f"SELECT unnest(generate_series({low}, {high})) AS p"


def change_columns(name, current, previous):
    """k, k_prev, k_change, k_change_pct as kpiq's `vs` gives them."""
    return [f"{current} AS {name}", f"{previous} AS {name}_prev", f"{current} - {previous} AS {name}_change",
            f"CAST({current} - {previous} AS DOUBLE) / NULLIF(abs({previous}), 0) AS {name}_change_pct"]


def two_periods(key, measures, current, previous, table="ox"):
    """`kpi ... by key where <current> vs <previous>`: the groups of either period (a full outer
    join), each measure as k, k_prev, k_change, k_change_pct. measures: (name, SQL aggregate,
    whether it is a count, which is 0 rather than null over no rows)."""
    aggregates = ", ".join(f"{sql} AS m{i}" for i, (_, sql, _) in enumerate(measures))
    columns = []
    for i, (name, _, is_count) in enumerate(measures):
        now, before = (f"coalesce(c.m{i}, 0)", f"coalesce(v.m{i}, 0)") if is_count else (f"c.m{i}", f"v.m{i}")
        columns += change_columns(name, now, before)
    return (f"WITH cur AS (SELECT {key}, {aggregates} FROM {table} WHERE {current} GROUP BY 1), "
            f"prev AS (SELECT {key}, {aggregates} FROM {table} WHERE {previous} GROUP BY 1) "
            f"SELECT coalesce(c.{key}, v.{key}) AS {key}, {', '.join(columns)} "
            f"FROM cur c FULL OUTER JOIN prev v ON c.{key} IS NOT DISTINCT FROM v.{key} ORDER BY 1 NULLS LAST")


CASES += [
    # ---- vs previous / year_ago / a period -------------------------------------------------------
    # Every quarter from the first to the last with orders; the latest (2025-Q1, through Feb 12)
    # against 2024-Q4 through Nov 12; rows with no date form their own group, with no previous.
    Case("vs_previous_by_quarter_several_kpis_partial_latest",
         "kpi sales, order_count, buyers by quarter vs previous",
         "WITH cur AS (SELECT i_quarter AS p, sum(order_value) AS s, count(*) AS n, count(DISTINCT customer) AS b "
         "FROM ox GROUP BY 1), "
         "prev AS (SELECT i_quarter + 1 AS p, sum(order_value) AS s, count(*) AS n, count(DISTINCT customer) AS b "
         f"FROM ox WHERE order_date IS NOT NULL AND {same_day_or_earlier('quarter', 1)} GROUP BY 1), "
         f"spine AS ({series('(SELECT min(p) FROM cur)', '(SELECT max(p) FROM cur)')}) "
         f"SELECT {period_label('quarter', 'spine.p')} AS quarter, "
         + ", ".join(change_columns("sales", "c.s", "v.s") + change_columns("order_count", "coalesce(c.n, 0)", "coalesce(v.n, 0)")
                     + change_columns("buyers", "coalesce(c.b, 0)", "coalesce(v.b, 0)")) +
         " FROM spine LEFT JOIN cur c ON c.p = spine.p LEFT JOIN prev v ON v.p = spine.p "
         "UNION ALL SELECT NULL, "
         + ", ".join(change_columns("sales", "s", "NULL") + change_columns("order_count", "n", "0")
                     + change_columns("buyers", "b", "0")) +
         " FROM cur WHERE p IS NULL ORDER BY 1 NULLS LAST"),
    # One quarter against the one before, per channel: a full outer join of the two quarters.
    Case("vs_previous_quarter_filter_by_channel",
         "kpi sales, buyers by channel where quarter = 2024-Q3 vs previous",
         two_periods("channel", [("sales", "sum(order_value)", False), ("buyers", "count(DISTINCT customer)", True)],
                     "order_date >= DATE '2024-07-01' AND order_date < DATE '2024-10-01'",
                     "order_date >= DATE '2024-04-01' AND order_date < DATE '2024-07-01'")),
    # A range of three months steps back three months: 2024-03..05 against 2023-12..2024-02.
    Case("vs_previous_month_range_steps_by_its_length",
         "kpi sales, order_count by segment where month between 2024-03 and 2024-05 vs previous",
         two_periods("segment", [("sales", "sum(order_value)", False), ("order_count", "count(order_id)", True)],
                     "order_date >= DATE '2024-03-01' AND order_date < DATE '2024-06-01'",
                     "order_date >= DATE '2023-12-01' AND order_date < DATE '2024-03-01'")),
    Case("vs_year_ago_by_month",
         "kpi sales, order_count by month where year = 2024 vs year_ago",
         "WITH cur AS (SELECT i_month AS p, sum(order_value) AS s, count(*) AS n FROM ox GROUP BY 1), "
         "prev AS (SELECT i_month + 12 AS p, sum(order_value) AS s, count(*) AS n FROM ox GROUP BY 1), "
         f"spine AS ({series(2024 * 12, 2024 * 12 + 11)}) "
         f"SELECT {period_label('month', 'spine.p')} AS month, "
         + ", ".join(change_columns("sales", "c.s", "v.s") + change_columns("order_count", "coalesce(c.n, 0)", "coalesce(v.n, 0)")) +
         " FROM spine LEFT JOIN cur c ON c.p = spine.p LEFT JOIN prev v ON v.p = spine.p ORDER BY 1"),
    # 2025-02 ends on the 12th: 2024-02 counts through its 12th; 2025-01 is whole on both sides.
    Case("vs_year_ago_partial_latest_month",
         "kpi sales, order_count by month where month >= 2024-12 vs year_ago",
         "WITH cur AS (SELECT i_month AS p, sum(order_value) AS s, count(*) AS n FROM ox GROUP BY 1), "
         "prev AS (SELECT i_month + 12 AS p, sum(order_value) AS s, count(*) AS n FROM ox "
         f"WHERE {same_day_or_earlier('month', 12)} GROUP BY 1), "
         f"spine AS ({series(2024 * 12 + 11, '(SELECT max(p) FROM cur)')}) "
         f"SELECT {period_label('month', 'spine.p')} AS month, "
         + ", ".join(change_columns("sales", "c.s", "v.s") + change_columns("order_count", "coalesce(c.n, 0)", "coalesce(v.n, 0)")) +
         " FROM spine LEFT JOIN cur c ON c.p = spine.p LEFT JOIN prev v ON v.p = spine.p ORDER BY 1"),
    Case("vs_named_quarter_by_channel",
         "kpi sales, order_count, buyers by channel where quarter = 2024-Q3 vs 2023-Q1",
         two_periods("channel", [("sales", "sum(order_value)", False), ("order_count", "count(order_id)", True),
                                 ("buyers", "count(DISTINCT customer)", True)],
                     "order_date >= DATE '2024-07-01' AND order_date < DATE '2024-10-01'",
                     "order_date >= DATE '2023-01-01' AND order_date < DATE '2023-04-01'")),
    Case("vs_named_year_without_by",
         "kpi sales, buyers where year = 2024 vs 2022",
         "SELECT " + ", ".join(change_columns(
             "sales", "(SELECT sum(order_value) FROM ox WHERE year(order_date) = 2024)",
             "(SELECT sum(order_value) FROM ox WHERE year(order_date) = 2022)") + change_columns(
             "buyers", "(SELECT count(DISTINCT customer) FROM ox WHERE year(order_date) = 2024)",
             "(SELECT count(DISTINCT customer) FROM ox WHERE year(order_date) = 2022)"))),
    # Ratios compare as ratios: last quarter's win rate is last quarter's won over its closed.
    Case("vs_previous_ratio_kpis_on_deals",
         "kpi win_rate, avg_deal_size by region where quarter = 2024-Q2 vs previous",
         two_periods("region", [("win_rate", WIN_RATE, False), ("avg_deal_size", AVG_DEAL_SIZE, False)],
                     "close_date >= DATE '2024-04-01' AND close_date < DATE '2024-07-01'",
                     "close_date >= DATE '2024-01-01' AND close_date < DATE '2024-04-01'", table="dx")),
    # ISO weeks across the year end; 2025-W02 ends on Friday the 10th, so 2025-W01 counts
    # through its Friday (2025-01-03).
    Case("vs_previous_by_week_partial_latest_week",
         "kpi won, revenue by week where week between 2024-W50 and 2025-W02 vs previous",
         "WITH w AS (SELECT *, date_diff('day', DATE '1970-01-05', date_trunc('week', close_date)) // 7 AS p FROM dx), "
         f"cur AS (SELECT p, {WON} AS won, {REVENUE} AS r FROM w GROUP BY 1), "
         f"prev AS (SELECT p + 1 AS p, {WON} AS won, {REVENUE} AS r FROM w WHERE p + 1 <> "
         f"date_diff('day', DATE '1970-01-05', date_trunc('week', {LAST_CLOSE})) // 7 "
         f"OR isodow(close_date) <= isodow({LAST_CLOSE}) GROUP BY 1), "
         f"spine AS ({series(week_index('2024-12-09'), week_index('2025-01-06'))}) "
         "SELECT strftime(DATE '1970-01-05' + INTERVAL (spine.p * 7) DAY, '%G-W%V') AS week, "
         + ", ".join(change_columns("won", "coalesce(c.won, 0)", "coalesce(v.won, 0)") + change_columns("revenue", "c.r", "v.r")) +
         " FROM spine LEFT JOIN cur c ON c.p = spine.p LEFT JOIN prev v ON v.p = spine.p ORDER BY 1"),
]

CASES += [
    # ---- previous() in a definition --------------------------------------------------------------
    Case("previous_in_definitions_by_month",
         "kpi sales, sales_prev, sales_growth by month where year = 2023",
         "WITH cur AS (SELECT i_month AS p, sum(order_value) AS s FROM ox GROUP BY 1), "
         f"spine AS ({series(2023 * 12, 2023 * 12 + 11)}) "
         f"SELECT {period_label('month', 'spine.p')} AS month, c.s AS sales, v.s AS sales_prev, "
         "c.s / NULLIF(v.s, 0) - 1 AS sales_growth "
         "FROM spine LEFT JOIN cur c ON c.p = spine.p LEFT JOIN cur v ON v.p = spine.p - 1 ORDER BY 1"),
    # vs previous of a KPI that holds previous(): the growth of the quarter before, two back.
    Case("previous_in_definition_compared_vs_previous",
         "kpi sales_growth by quarter where year = 2024 vs previous",
         "WITH cur AS (SELECT i_quarter AS p, sum(order_value) AS s FROM ox GROUP BY 1), "
         "g AS (SELECT spine.p, c.s / NULLIF(v.s, 0) - 1 AS growth "
         f"FROM ({series(2024 * 4 - 1, 2024 * 4 + 3)}) spine LEFT JOIN cur c ON c.p = spine.p LEFT JOIN cur v ON v.p = spine.p - 1) "
         f"SELECT {period_label('quarter', 'g.p')} AS quarter, "
         + ", ".join(change_columns("sales_growth", "g.growth", "h.growth")) +
         " FROM g LEFT JOIN g h ON h.p = g.p - 1 WHERE g.p >= 2024 * 4 ORDER BY 1"),
    # previous() with the period in the filter only, and beside the KPI it shifts; a KPI of
    # another dataset (deals) shifts on its own time column.
    Case("previous_with_period_filter_by_segment",
         "kpi previous(sales) as last_quarter, sales by segment where quarter = 2024-Q1",
         "WITH cur AS (SELECT segment, sum(order_value) AS s FROM ox "
         "WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2024-04-01' GROUP BY 1), "
         "prev AS (SELECT segment, sum(order_value) AS s FROM ox "
         "WHERE order_date >= DATE '2023-10-01' AND order_date < DATE '2024-01-01' GROUP BY 1) "
         "SELECT coalesce(c.segment, v.segment) AS segment, v.s AS last_quarter, c.s AS sales "
         "FROM cur c FULL OUTER JOIN prev v ON c.segment IS NOT DISTINCT FROM v.segment ORDER BY 1 NULLS LAST"),
    Case("previous_of_a_count_kpi_on_deals_by_quarter",
         "kpi won, previous_won by quarter where year = 2024",
         f"WITH cur AS (SELECT year(close_date) * 4 + quarter(close_date) - 1 AS p, {WON} AS won FROM dx GROUP BY 1) "
         f"SELECT {period_label('quarter', 'spine.p')} AS quarter, coalesce(c.won, 0) AS won, coalesce(v.won, 0) AS previous_won "
         f"FROM ({series(2024 * 4, 2024 * 4 + 3)}) spine LEFT JOIN cur c ON c.p = spine.p LEFT JOIN cur v ON v.p = spine.p - 1 ORDER BY 1"),
]


def key_set_rows(grain, where="TRUE", group=None):
    """The CTEs `cur` and `prev` of retained/lost/new on the orders: each row's period, customer,
    value and group (NULL when there is no group), now and shifted one period forward. Rows with
    no customer are never active; the previous period compares like with like."""
    g = group or "NULL"
    return (f"cur AS (SELECT {g} AS g, i_{grain} AS p, customer, order_value AS v FROM ox "
            f"WHERE customer IS NOT NULL AND {where}), "
            f"prev AS (SELECT {g} AS g, i_{grain} + 1 AS p, customer, order_value AS v FROM ox "
            f"WHERE customer IS NOT NULL AND order_date IS NOT NULL AND {where} "
            f"AND {same_day_or_earlier(grain, 1)}), ")


def key_set(kind, value=False):
    """retained/lost/new of the customers (a count, or the sum of their order values) for the group
    `s.g` in period `s.p`: retained, the group's customers of last period active anywhere now (their
    orders now); lost, the group's customers of last period not active now (their orders then); new,
    the group's customers now not active last period (their orders now)."""
    same_group = "x.g IS NOT DISTINCT FROM s.g"
    if kind == "retained":
        if value:
            return ("(SELECT sum(x.v) FROM cur x WHERE x.p = s.p AND x.customer IN "
                    f"(SELECT customer FROM prev x WHERE x.p = s.p AND {same_group}))")
        return (f"(SELECT count(DISTINCT x.customer) FROM prev x WHERE x.p = s.p AND {same_group} "
                "AND x.customer IN (SELECT customer FROM cur WHERE p = s.p))")
    if kind == "lost":
        what = "sum(x.v)" if value else "count(DISTINCT x.customer)"
        return (f"(SELECT {what} FROM prev x WHERE x.p = s.p AND {same_group} "
                "AND x.customer NOT IN (SELECT customer FROM cur WHERE p = s.p))")
    what = "sum(x.v)" if value else "count(DISTINCT x.customer)"
    return (f"(SELECT {what} FROM cur x WHERE x.p = s.p AND {same_group} "
            "AND x.customer NOT IN (SELECT customer FROM prev WHERE p = s.p))")


CASES += [
    # ---- retained, lost, new ---------------------------------------------------------------------
    # Each quarter against the one before; the latest (through Feb 12) against 2024-Q4 through
    # Nov 12. Orders with no date form their own group: nothing before it, so nobody is retained
    # or lost there and its customers are all new.
    Case("keys_retained_lost_new_by_quarter",
         "kpi buyers, retained(customer), lost(customer), new(customer) by quarter",
         f"WITH {key_set_rows('quarter')}"
         "b AS (SELECT i_quarter AS p, count(DISTINCT customer) AS b FROM ox GROUP BY 1), "
         f"s AS (SELECT NULL AS g, p FROM ({series('(SELECT min(p) FROM b)', '(SELECT max(p) FROM b)')})) "
         f"SELECT {period_label('quarter', 's.p')} AS quarter, coalesce(b.b, 0) AS buyers, "
         f"{key_set('retained')} AS retained, {key_set('lost')} AS lost, {key_set('new')} AS new "
         "FROM s LEFT JOIN b ON b.p = s.p "
         "UNION ALL SELECT NULL, b, 0, 0, (SELECT count(DISTINCT customer) FROM cur WHERE p IS NULL) FROM b WHERE p IS NULL "
         "ORDER BY 1 NULLS LAST"),
    # Customers switch channels: retained in a channel means ordered there last quarter and
    # anywhere this quarter; new in a channel means ordered there now and nowhere last quarter.
    Case("keys_by_channel_and_quarter",
         "kpi retained(customer), lost(customer), new(customer) by channel, quarter where year = 2024",
         f"WITH {key_set_rows('quarter', group='channel')}"
         f"s AS (SELECT g, p FROM (SELECT DISTINCT channel AS g FROM ox) CROSS JOIN ({series(2024 * 4, 2024 * 4 + 3)})) "
         f"SELECT s.g AS channel, {period_label('quarter', 's.p')} AS quarter, "
         f"{key_set('retained')} AS retained, {key_set('lost')} AS lost, {key_set('new')} AS new "
         "FROM s ORDER BY 1 NULLS LAST, 2"),
    Case("keys_with_an_aggregate_by_quarter",
         "kpi retained(customer, sales), lost(customer, sales), new(customer, sales) by quarter where year >= 2023",
         f"WITH {key_set_rows('quarter')}"
         f"s AS (SELECT NULL AS g, p FROM ({series(2023 * 4, '(SELECT max(i_quarter) FROM ox)')})) "
         f"SELECT {period_label('quarter', 's.p')} AS quarter, {key_set('retained', True)} AS retained, "
         f"{key_set('lost', True)} AS lost, {key_set('new', True)} AS new FROM s ORDER BY 1"),
    # Net revenue retention: this quarter's sales from the segment's customers of last quarter,
    # over last quarter's sales of the segment.
    Case("keys_nrr_by_segment",
         "kpi nrr, sales, sales_prev by segment where quarter = 2024-Q4",
         f"WITH {key_set_rows('quarter', group='segment')}"
         "cur_s AS (SELECT segment, sum(order_value) AS s FROM ox WHERE i_quarter = 2024 * 4 + 3 GROUP BY 1), "
         "prev_s AS (SELECT segment, sum(order_value) AS s FROM ox WHERE i_quarter = 2024 * 4 + 2 GROUP BY 1), "
         "s AS (SELECT coalesce(c.segment, v.segment) AS g, 2024 * 4 + 3 AS p, c.s AS sales, v.s AS sales_prev "
         "FROM cur_s c FULL OUTER JOIN prev_s v ON c.segment IS NOT DISTINCT FROM v.segment) "
         f"SELECT s.g AS segment, {key_set('retained', True)} / NULLIF(s.sales_prev, 0) AS nrr, s.sales, s.sales_prev "
         "FROM s ORDER BY 1 NULLS LAST"),
    Case("keys_retention_and_churn_rates_by_quarter",
         "kpi customer_retention, customer_churn, buyers by quarter where year = 2023",
         f"WITH {key_set_rows('quarter')}"
         "b AS (SELECT i_quarter AS p, count(DISTINCT customer) AS b FROM ox GROUP BY 1), "
         f"s AS (SELECT NULL AS g, p FROM ({series(2023 * 4, 2023 * 4 + 3)})) "
         f"SELECT {period_label('quarter', 's.p')} AS quarter, {key_set('retained')} / NULLIF(v.b, 0) AS customer_retention, "
         f"{key_set('lost')} / NULLIF(v.b, 0) AS customer_churn, coalesce(c.b, 0) AS buyers "
         "FROM s LEFT JOIN b c ON c.p = s.p LEFT JOIN b v ON v.p = s.p - 1 ORDER BY 1"),
    # The period in the filter only: 2024 against 2023, as one row.
    Case("keys_year_over_year_without_by",
         "kpi retained(customer), lost(customer), new(customer), buyers where year = 2024",
         f"WITH {key_set_rows('year')}s AS (SELECT NULL AS g, 2024 AS p) "
         f"SELECT {key_set('retained')}, {key_set('lost')}, {key_set('new')}, "
         "(SELECT count(DISTINCT customer) FROM ox WHERE i_year = 2024) FROM s"),
    # The latest quarter ends on Feb 12: its key sets compare with 2024-Q4 through Nov 12, as
    # previous(sales) does, so that nrr's two sides count the same customers.
    Case("keys_partial_latest_quarter_like_for_like",
         "kpi retained(customer), lost(customer), new(customer), nrr where quarter = 2025-Q1",
         f"WITH {key_set_rows('quarter')}s AS (SELECT NULL AS g, 2025 * 4 AS p) "
         f"SELECT {key_set('retained')}, {key_set('lost')}, {key_set('new')}, "
         f"{key_set('retained', True)} / NULLIF((SELECT sum(v) FROM prev WHERE p = 2025 * 4), 0) FROM s"),
    Case("keys_by_month_within_a_range",
         "kpi retained(customer), lost(customer), new(customer, sales) by month where month between 2023-06 and 2023-09",
         f"WITH {key_set_rows('month')}s AS (SELECT NULL AS g, p FROM ({series(2023 * 12 + 5, 2023 * 12 + 8)})) "
         f"SELECT {period_label('month', 's.p')} AS month, {key_set('retained')}, {key_set('lost')}, {key_set('new', True)} "
         "FROM s ORDER BY 1"),
    # On the deals: each agent's accounts (deals of any stage), quarter on quarter.
    Case("keys_accounts_by_agent_on_deals",
         "kpi retained(account), lost(account), new(account) by agent where quarter = 2024-Q2",
         "WITH cur AS (SELECT DISTINCT agent, account FROM dx WHERE account IS NOT NULL "
         "AND close_date >= DATE '2024-04-01' AND close_date < DATE '2024-07-01'), "
         "prev AS (SELECT DISTINCT agent, account FROM dx WHERE account IS NOT NULL "
         "AND close_date >= DATE '2024-01-01' AND close_date < DATE '2024-04-01'), "
         "g AS (SELECT agent FROM dx WHERE close_date >= DATE '2024-01-01' AND close_date < DATE '2024-07-01' GROUP BY 1) "
         "SELECT g.agent, "
         "(SELECT count(*) FROM prev x WHERE x.agent IS NOT DISTINCT FROM g.agent AND x.account IN (SELECT account FROM cur)), "
         "(SELECT count(*) FROM prev x WHERE x.agent IS NOT DISTINCT FROM g.agent AND x.account NOT IN (SELECT account FROM cur)), "
         "(SELECT count(*) FROM cur x WHERE x.agent IS NOT DISTINCT FROM g.agent AND x.account NOT IN (SELECT account FROM prev)) "
         "FROM g ORDER BY 1 NULLS LAST"),
]


def running(grain, alias, aggregate, rows_of, where="TRUE", table="ox", index=None):
    """A running total per period `s.p`: `aggregate` over the rows of `table` whose period index
    satisfies `rows_of` (written with `r.i`, the row's period, and `s.p`)."""
    index = index or f"i_{grain}"
    return (f"{alias} AS (SELECT s.p, {aggregate} AS v FROM s LEFT JOIN "
            f"(SELECT *, {index} AS i FROM {table} WHERE {where}) r ON {rows_of} GROUP BY 1)")


CASES += [
    # ---- ytd, qtd, mtd, rolling ------------------------------------------------------------------
    Case("todate_ytd_qtd_by_month",
         "kpi sales, ytd(sales), qtd(sales), ytd(order_count), qtd(buyers) by month where year >= 2023",
         f"WITH s AS ({series(2023 * 12, '(SELECT max(i_month) FROM ox)')}), "
         + running("month", "cur", "sum(r.order_value)", "r.i = s.p") + ", "
         + running("month", "ytd", "sum(r.order_value)", "r.i <= s.p AND r.i // 12 = s.p // 12") + ", "
         + running("month", "qtd", "sum(r.order_value)", "r.i <= s.p AND r.i // 3 = s.p // 3") + ", "
         + running("month", "ytd_n", "count(r.order_id)", "r.i <= s.p AND r.i // 12 = s.p // 12") + ", "
         + running("month", "qtd_b", "count(DISTINCT r.customer)", "r.i <= s.p AND r.i // 3 = s.p // 3") + " "
         f"SELECT {period_label('month', 's.p')} AS month, cur.v, ytd.v, qtd.v, ytd_n.v, qtd_b.v FROM s "
         "JOIN cur USING (p) JOIN ytd USING (p) JOIN qtd USING (p) JOIN ytd_n USING (p) JOIN qtd_b USING (p) ORDER BY 1"),
    # Days of February 2024 (a leap year), each with the month so far.
    Case("todate_mtd_by_day_in_a_leap_february",
         "kpi mtd(sales), mtd(order_count) by day where month = 2024-02",
         f"WITH s AS ({series(day_index('2024-02-01'), day_index('2024-02-29'))}), "
         + running("day", "m", "sum(r.order_value)", "r.i <= s.p AND r.order_date >= DATE '2024-02-01'", index="i_day") + ", "
         + running("day", "n", "count(r.order_id)", "r.i <= s.p AND r.order_date >= DATE '2024-02-01'", index="i_day") + " "
         "SELECT DATE '1970-01-01' + CAST(s.p AS INTEGER) AS day, m.v, n.v FROM s JOIN m USING (p) JOIN n USING (p) ORDER BY 1"),
    Case("todate_ytd_by_channel_and_quarter",
         "kpi ytd(sales), ytd(buyers) by channel, quarter where year = 2024",
         f"WITH s AS (SELECT g, p FROM (SELECT DISTINCT channel AS g FROM ox) CROSS JOIN ({series(2024 * 4, 2024 * 4 + 3)})), "
         "y AS (SELECT s.g, s.p, sum(r.order_value) AS v, count(DISTINCT r.customer) AS b FROM s LEFT JOIN ox r "
         "ON r.channel IS NOT DISTINCT FROM s.g AND r.i_quarter <= s.p AND r.i_quarter // 4 = s.p // 4 GROUP BY 1, 2) "
         f"SELECT g AS channel, {period_label('quarter', 'p')} AS quarter, v, b FROM y ORDER BY 1 NULLS LAST, 2"),
    # qtd of the month before: December's qtd is October through December, whatever the quarter
    # of the month it is shown beside.
    Case("todate_qtd_vs_previous",
         "kpi qtd(sales) by month where quarter = 2024-Q4 vs previous",
         f"WITH s AS ({series(2024 * 12 + 8, 2024 * 12 + 11)}), "
         + running("month", "q", "sum(r.order_value)", "r.i <= s.p AND r.i // 3 = s.p // 3") + " "
         f"SELECT {period_label('month', 'c.p')} AS month, "
         + ", ".join(change_columns("qtd", "c.v", "v.v")) +
         " FROM q c JOIN q v ON v.p = c.p - 1 WHERE c.p >= 2024 * 12 + 9 ORDER BY 1"),
    # ytd against a year ago; the latest month (Feb 2025, through the 12th) against the year to
    # Feb 12, 2024.
    Case("todate_ytd_vs_year_ago_partial_latest",
         "kpi ytd(sales) by month where month >= 2024-11 vs year_ago",
         f"WITH s AS ({series(2023 * 12 + 10, '(SELECT max(i_month) FROM ox)')}), "
         + running("month", "y", "sum(r.order_value)", "r.i <= s.p AND r.i // 12 = s.p // 12") + ", "
         + running("month", "a", "sum(r.order_value)", "r.i <= s.p AND r.i // 12 = s.p // 12 AND (r.i < s.p OR s.p + 12 <> "
                   f"{period_index('month', LAST_ORDER)} OR day(r.order_date) <= day({LAST_ORDER}))") + " "
         f"SELECT {period_label('month', 'c.p')} AS month, "
         + ", ".join(change_columns("ytd", "c.v", "v.v")) +
         " FROM y c JOIN a v ON v.p = c.p - 12 WHERE c.p >= 2024 * 12 + 10 ORDER BY 1"),
    # ISO weeks belong to the ISO year of their label: 2025-W01 starts the year on Monday
    # 2024-12-30, and 2024-W52 ends it.
    Case("todate_ytd_by_iso_week_across_the_year_end",
         "kpi ytd(won) by week where week between 2024-W50 and 2025-W02",
         "WITH w AS (SELECT *, date_diff('day', DATE '1970-01-05', date_trunc('week', close_date)) // 7 AS i, "
         "isoyear(close_date) AS y FROM dx), "
         f"s AS ({series(week_index('2024-12-09'), week_index('2025-01-06'))}) "
         "SELECT strftime(DATE '1970-01-05' + INTERVAL (s.p * 7) DAY, '%G-W%V') AS week, "
         "count(w.i) FILTER (WHERE w.stage = 'Won') AS ytd_won FROM s LEFT JOIN w ON w.i <= s.p "
         "AND w.y = isoyear(DATE '1970-01-05' + INTERVAL (s.p * 7) DAY) GROUP BY s.p ORDER BY 1"),
    # A rolling distinct count is the distinct customers of the three months, not a sum.
    Case("rolling_three_months",
         "kpi rolling(sales, 3), rolling(order_count, 3), rolling(buyers, 3), rolling(median(order_value), 3) by month where year = 2024",
         f"WITH s AS ({series(2024 * 12, 2024 * 12 + 11)}), "
         "r AS (SELECT s.p, sum(r.order_value) AS a, count(r.order_id) AS b, count(DISTINCT r.customer) AS c, "
         "quantile_cont(r.order_value, 0.5) AS d FROM s LEFT JOIN ox r ON r.i_month BETWEEN s.p - 2 AND s.p GROUP BY 1) "
         f"SELECT {period_label('month', 'p')} AS month, a, b, c, d FROM r ORDER BY 1"),
    # A rolling ratio is the ratio of the rolling parts.
    Case("rolling_ratio_on_deals_by_quarter",
         "kpi rolling(win_rate, 4), rolling(revenue, 4) by quarter where year = 2024",
         f"WITH s AS ({series(2024 * 4, 2024 * 4 + 3)}) "
         f"SELECT {period_label('quarter', 's.p')} AS quarter, {WIN_RATE}, {REVENUE} FROM s LEFT JOIN dx "
         "ON year(close_date) * 4 + quarter(close_date) - 1 BETWEEN s.p - 3 AND s.p GROUP BY s.p ORDER BY 1"),
    # A rolling total reads whole earlier months even beside previous(), which compares the
    # partial latest month (Feb 2025, through the 12th) with January through the 12th.
    Case("rolling_beside_previous_partial_latest",
         "kpi rolling(sales, 3), previous(sales), sales by month where month >= 2024-12",
         f"WITH s AS ({series(2024 * 12 + 11, '(SELECT max(i_month) FROM ox)')}), "
         + running("month", "r", "sum(r.order_value)", "r.i BETWEEN s.p - 2 AND s.p") + ", "
         + running("month", "v", "sum(r.order_value)", f"r.i = s.p - 1 AND {same_day_or_earlier('month', 1, 'r.order_date')}") + ", "
         + running("month", "c", "sum(r.order_value)", "r.i = s.p") + " "
         f"SELECT {period_label('month', 'p')} AS month, r.v, v.v, c.v FROM r JOIN v USING (p) JOIN c USING (p) ORDER BY 1"),
    Case("rolling_by_segment_with_filter",
         "kpi rolling(sales, 2) by segment where quarter = 2024-Q2 and channel = \"Web\"",
         "SELECT segment, sum(order_value) FROM ox WHERE channel = 'Web' "
         "AND order_date >= DATE '2024-01-01' AND order_date < DATE '2024-07-01' GROUP BY 1 ORDER BY 1 NULLS LAST"),
    # Running totals read the rows once and fold each period's totals: by day, the year (and
    # quarter) so far restart on January 1, and a week rolls over seven days.
    Case("running_by_day_across_the_year_end",
         "kpi ytd(sales), qtd(order_count), rolling(sales, 7), mtd(min(order_value)) by day where day between 2024-12-26 and 2025-01-04",
         f"WITH s AS ({series(day_index('2024-12-26'), day_index('2025-01-04'))}), "
         + running("day", "y", "sum(r.order_value)", "r.i <= s.p AND r.i_year = year(DATE '1970-01-01' + CAST(s.p AS INTEGER))", index="i_day") + ", "
         + running("day", "q", "count(r.order_id)", "r.i <= s.p AND r.i_quarter = "
                   "year(DATE '1970-01-01' + CAST(s.p AS INTEGER)) * 4 + quarter(DATE '1970-01-01' + CAST(s.p AS INTEGER)) - 1", index="i_day") + ", "
         + running("day", "w", "sum(r.order_value)", "r.i BETWEEN s.p - 6 AND s.p", index="i_day") + ", "
         + running("day", "m", "min(r.order_value)", "r.i <= s.p AND r.i_month = "
                   "year(DATE '1970-01-01' + CAST(s.p AS INTEGER)) * 12 + month(DATE '1970-01-01' + CAST(s.p AS INTEGER)) - 1", index="i_day") + " "
         "SELECT DATE '1970-01-01' + CAST(s.p AS INTEGER) AS day, y.v, q.v, w.v, m.v FROM s "
         "JOIN y USING (p) JOIN q USING (p) JOIN w USING (p) JOIN m USING (p) ORDER BY 1"),
    # Each channel (and the orders with none) by day: days without orders of a channel still
    # carry its month so far.
    Case("running_by_channel_and_day",
         "kpi mtd(sales), rolling(order_count, 3) by channel, day where month = 2024-02",
         f"WITH s AS (SELECT g, p FROM (SELECT DISTINCT channel AS g FROM ox WHERE i_month BETWEEN 2024 * 12 - 1 AND 2024 * 12 + 1) "
         f"CROSS JOIN ({series(day_index('2024-02-01'), day_index('2024-02-29'))})), "
         "m AS (SELECT s.g, s.p, sum(r.order_value) AS v FROM s LEFT JOIN ox r ON r.channel IS NOT DISTINCT FROM s.g "
         "AND r.i_day <= s.p AND r.i_month = 2024 * 12 + 1 GROUP BY 1, 2), "
         "n AS (SELECT s.g, s.p, count(r.order_id) AS v FROM s LEFT JOIN ox r ON r.channel IS NOT DISTINCT FROM s.g "
         "AND r.i_day BETWEEN s.p - 2 AND s.p GROUP BY 1, 2) "
         "SELECT m.g AS channel, DATE '1970-01-01' + CAST(m.p AS INTEGER) AS day, m.v, n.v FROM m JOIN n "
         "ON n.g IS NOT DISTINCT FROM m.g AND n.p = m.p "
         "ORDER BY 1 NULLS LAST, 2"),
    # March and April have no rows at all: they still show the year so far, and a rolling sum
    # over two empty months is null (its count 0).
    Case("running_by_month_with_empty_months",
         "kpi ytd(sales), qtd(order_count), rolling(sales, 2), rolling(order_count, 2) by month "
         "where year = 2024 and month(order_date) not in (3, 4)",
         f"WITH s AS ({series(2024 * 12, 2024 * 12 + 11)}), "
         + running("month", "y", "sum(r.order_value)", "r.i <= s.p AND r.i // 12 = s.p // 12", where="month(order_date) NOT IN (3, 4)") + ", "
         + running("month", "q", "count(r.order_id)", "r.i <= s.p AND r.i // 3 = s.p // 3", where="month(order_date) NOT IN (3, 4)") + ", "
         + running("month", "a", "sum(r.order_value)", "r.i BETWEEN s.p - 1 AND s.p", where="month(order_date) NOT IN (3, 4)") + ", "
         + running("month", "b", "count(r.order_id)", "r.i BETWEEN s.p - 1 AND s.p", where="month(order_date) NOT IN (3, 4)") + " "
         f"SELECT {period_label('month', 'p')} AS month, y.v, q.v, a.v, b.v FROM y JOIN q USING (p) JOIN a USING (p) JOIN b USING (p) ORDER BY 1"),
    # Minimum and maximum roll too (text included).
    Case("running_min_max_by_segment_and_quarter",
         "kpi rolling(min(order_value), 3), rolling(max(order_value), 3), ytd(max(channel)), ytd(min(order_date)) "
         "by segment, quarter where year = 2024",
         f"WITH s AS (SELECT g, p FROM (SELECT DISTINCT segment AS g FROM ox WHERE i_year BETWEEN 2023 AND 2024) "
         f"CROSS JOIN ({series(2024 * 4, 2024 * 4 + 3)})), "
         "r AS (SELECT s.g, s.p, min(r.order_value) AS a, max(r.order_value) AS b FROM s LEFT JOIN ox r "
         "ON r.segment IS NOT DISTINCT FROM s.g AND r.i_quarter BETWEEN s.p - 2 AND s.p GROUP BY 1, 2), "
         "y AS (SELECT s.g, s.p, max(r.channel) AS c, min(r.order_date) AS d FROM s LEFT JOIN ox r "
         "ON r.segment IS NOT DISTINCT FROM s.g AND r.i_quarter <= s.p AND r.i_quarter // 4 = s.p // 4 GROUP BY 1, 2) "
         f"SELECT r.g AS segment, {period_label('quarter', 'r.p')} AS quarter, a, b, c, d FROM r JOIN y "
         "ON y.g IS NOT DISTINCT FROM r.g AND y.p = r.p "
         "ORDER BY 1 NULLS LAST, 2"),
    # The period only in the filter: May's year so far reads January through April too.
    Case("running_with_a_month_filter_and_no_period_key",
         "kpi ytd(sales), qtd(sales), rolling(order_count, 3), ytd(min(order_value)), ytd(avg(order_value)) where month = 2024-05",
         "SELECT (SELECT sum(order_value) FROM ox WHERE i_month BETWEEN 2024 * 12 AND 2024 * 12 + 4), "
         "(SELECT sum(order_value) FROM ox WHERE i_month BETWEEN 2024 * 12 + 3 AND 2024 * 12 + 4), "
         "(SELECT count(order_id) FROM ox WHERE i_month BETWEEN 2024 * 12 + 2 AND 2024 * 12 + 4), "
         "(SELECT min(order_value) FROM ox WHERE i_month BETWEEN 2024 * 12 AND 2024 * 12 + 4), "
         "(SELECT avg(order_value) FROM ox WHERE i_month BETWEEN 2024 * 12 AND 2024 * 12 + 4)"),
    # Customers who ordered in earlier months but not in June still get a row when a total adds
    # those months up: 2024's for ytd, April on for the rolling count. A customer whose orders
    # are all from 2023 has none (ytd adds no month of another year).
    Case("running_by_customer_with_a_month_filter",
         "kpi rolling(order_count, 3), ytd(sales) by customer where month = 2024-06",
         "SELECT customer, count(order_id) FILTER (WHERE i_month >= 2024 * 12 + 3), "
         "sum(order_value) FILTER (WHERE i_month >= 2024 * 12) "
         "FROM ox WHERE i_month BETWEEN 2024 * 12 AND 2024 * 12 + 5 GROUP BY 1 ORDER BY 1 NULLS LAST"),
    # The year so far of the day before: January 1st compares with all of the year before.
    Case("running_ytd_by_day_vs_previous",
         "kpi ytd(sales) by day where day between 2024-12-30 and 2025-01-02 vs previous",
         f"WITH s AS ({series(day_index('2024-12-29'), day_index('2025-01-02'))}), "
         + running("day", "y", "sum(r.order_value)", "r.i <= s.p AND r.i_year = year(DATE '1970-01-01' + CAST(s.p AS INTEGER))", index="i_day") + " "
         "SELECT DATE '1970-01-01' + CAST(c.p AS INTEGER) AS day, "
         + ", ".join(change_columns("ytd", "c.v", "v.v")) +
         f" FROM y c JOIN y v ON v.p = c.p - 1 WHERE c.p >= {day_index('2024-12-30')} ORDER BY 1"),
    # Two rolling months of the month before: the latest (Feb 2025, through the 12th) against
    # December and January through the 12th.
    Case("running_rolling_vs_previous_partial_latest",
         "kpi rolling(sales, 2), rolling(max(order_value), 2) by month where month >= 2025-01 vs previous",
         f"WITH s AS ({series(2025 * 12, '(SELECT max(i_month) FROM ox)')}), "
         + running("month", "c", "sum(r.order_value)", "r.i BETWEEN s.p - 1 AND s.p") + ", "
         + running("month", "v", "sum(r.order_value)", f"(r.i = s.p - 2 OR (r.i = s.p - 1 AND {same_day_or_earlier('month', 1, 'r.order_date')}))") + ", "
         + running("month", "d", "max(r.order_value)", "r.i BETWEEN s.p - 1 AND s.p") + ", "
         + running("month", "e", "max(r.order_value)", f"(r.i = s.p - 2 OR (r.i = s.p - 1 AND {same_day_or_earlier('month', 1, 'r.order_date')}))") + " "
         f"SELECT {period_label('month', 'p')} AS month, "
         + ", ".join(change_columns("r", "c.v", "v.v") + change_columns("m", "d.v", "e.v")) +
         " FROM c JOIN v USING (p) JOIN d USING (p) JOIN e USING (p) ORDER BY 1"),
    # Fiscal years from April: the fiscal quarter 2025-Q4 is January to March 2025; March has
    # no orders and still shows the fiscal year and quarter so far.
    Case("running_fiscal_by_month_in_the_last_quarter",
         "set fiscal_year_start = 4; kpi ytd(sales), qtd(order_count), rolling(sales, 3) by month where quarter = 2025-Q4",
         f"WITH s AS ({series(2025 * 12, 2025 * 12 + 2)}), "
         + running("month", "y", "sum(r.order_value)", "r.i <= s.p AND (r.i + 9) // 12 = (s.p + 9) // 12") + ", "
         + running("month", "q", "count(r.order_id)", "r.i <= s.p AND (r.i + 9) // 3 = (s.p + 9) // 3") + ", "
         + running("month", "w", "sum(r.order_value)", "r.i BETWEEN s.p - 2 AND s.p") + " "
         f"SELECT {period_label('month', 'p')} AS month, y.v, q.v, w.v FROM y JOIN q USING (p) JOIN w USING (p) ORDER BY 1"),
    # Integer sums stay integers; an average folds its sum and count.
    Case("running_integer_sums_on_deals_by_quarter",
         "kpi ytd(units), rolling(units, 2), rolling(avg(quantity), 2), ytd(count(quantity)) by quarter where year = 2024",
         f"WITH s AS ({series(2024 * 4, 2024 * 4 + 3)}), "
         "d AS (SELECT *, year(close_date) * 4 + quarter(close_date) - 1 AS i FROM dx) "
         f"SELECT {period_label('quarter', 's.p')} AS quarter, "
         "sum(d.quantity) FILTER (WHERE d.i <= s.p AND d.i // 4 = s.p // 4), "
         "sum(d.quantity) FILTER (WHERE d.i BETWEEN s.p - 1 AND s.p), "
         "avg(d.quantity) FILTER (WHERE d.i BETWEEN s.p - 1 AND s.p), "
         "count(d.quantity) FILTER (WHERE d.i <= s.p AND d.i // 4 = s.p // 4) "
         "FROM s LEFT JOIN d ON d.i BETWEEN s.p - 3 AND s.p GROUP BY s.p ORDER BY 1"),
]

HOURS = "(epoch(shipped_at) - epoch(placed_at)) / 3600"
MINUTES = "(epoch(shipped_at) - epoch(placed_at)) / 60"

CASES += [
    # ---- every period of the range -----------------------------------------------------------------
    # Months with no order above 4,500: counts (a distinct count too) are 0, other aggregates null.
    Case("gaps_by_month_counts_zero_others_null",
         "kpi order_count, buyers, sales, avg(order_value) as avg_value by month where order_value > 4500",
         "WITH f AS (SELECT * FROM ox WHERE order_value > 4500), "
         "g AS (SELECT i_month AS p, count(order_id) AS n, count(DISTINCT customer) AS b, sum(order_value) AS s, "
         "avg(order_value) AS a FROM f GROUP BY 1) "
         f"SELECT {period_label('month', 's.p')} AS month, coalesce(g.n, 0), coalesce(g.b, 0), g.s, g.a "
         f"FROM ({series('(SELECT min(p) FROM g)', '(SELECT max(p) FROM g)')}) s LEFT JOIN g ON g.p = s.p "
         "UNION ALL SELECT NULL, n, b, s, a FROM g WHERE p IS NULL ORDER BY 1 NULLS LAST"),
    # Every segment that has a row, in every quarter of 2024.
    Case("gaps_by_segment_and_quarter",
         "kpi order_count, sales by segment, quarter where order_value > 5500 and year = 2024",
         "WITH f AS (SELECT * FROM ox WHERE order_value > 5500 AND year(order_date) = 2024), "
         "g AS (SELECT segment, i_quarter AS p, count(order_id) AS n, sum(order_value) AS s FROM f GROUP BY 1, 2), "
         f"k AS (SELECT DISTINCT segment FROM f), s AS (SELECT * FROM k CROSS JOIN ({series(2024 * 4, 2024 * 4 + 3)})) "
         f"SELECT s.segment, {period_label('quarter', 's.p')} AS quarter, coalesce(g.n, 0), g.s FROM s "
         "LEFT JOIN g ON g.segment IS NOT DISTINCT FROM s.segment AND g.p = s.p ORDER BY 1 NULLS LAST, 2"),
    # The filter bounds the range, even before the first order (2021-03).
    Case("gaps_range_bounded_by_the_filter_before_the_data",
         "kpi order_count, sales by month where month between 2020-11 and 2021-04",
         "WITH g AS (SELECT i_month AS p, count(order_id) AS n, sum(order_value) AS s FROM ox GROUP BY 1) "
         f"SELECT {period_label('month', 's.p')} AS month, coalesce(g.n, 0), g.s "
         f"FROM ({series(2020 * 12 + 10, 2021 * 12 + 3)}) s LEFT JOIN g ON g.p = s.p ORDER BY 1"),
    # A coarser period beside the finer one follows from it.
    Case("gaps_by_year_and_quarter",
         "kpi order_count, max(order_value) as largest by year, quarter where order_value > 5900",
         "WITH f AS (SELECT * FROM ox WHERE order_value > 5900), "
         "g AS (SELECT i_quarter AS p, count(order_id) AS n, max(order_value) AS m FROM f GROUP BY 1) "
         f"SELECT CAST(s.p // 4 AS VARCHAR) AS year, {period_label('quarter', 's.p')} AS quarter, coalesce(g.n, 0), g.m "
         f"FROM ({series('(SELECT min(p) FROM g)', '(SELECT max(p) FROM g)')}) s LEFT JOIN g ON g.p = s.p "
         "UNION ALL SELECT NULL, NULL, n, m FROM g WHERE p IS NULL ORDER BY 2 NULLS LAST"),
    Case("gaps_by_week_on_deals",
         "kpi won, revenue by week where stage = \"Won\" and amount > 200000 and year = 2024",
         "WITH f AS (SELECT *, date_diff('day', DATE '1970-01-05', date_trunc('week', close_date)) // 7 AS p FROM dx "
         "WHERE stage = 'Won' AND amount > 200000 AND year(close_date) = 2024), "
         f"g AS (SELECT p, {WON} AS won, {REVENUE} AS r FROM f GROUP BY 1) "
         "SELECT strftime(DATE '1970-01-05' + INTERVAL (s.p * 7) DAY, '%G-W%V') AS week, coalesce(g.won, 0), g.r "
         f"FROM ({series(week_index('2024-01-01'), week_index('2024-12-30'))}) s LEFT JOIN g ON g.p = s.p ORDER BY 1"),
    # A month with no large order still has last month's value to compare with.
    Case("gaps_filled_months_compare_vs_previous",
         "kpi order_count, sales by month where order_value > 4500 and year = 2023 vs previous",
         "WITH g AS (SELECT i_month AS p, count(order_id) AS n, sum(order_value) AS s FROM ox WHERE order_value > 4500 GROUP BY 1), "
         f"s AS ({series(2023 * 12 - 1, 2023 * 12 + 11)}), "
         "v AS (SELECT s.p, coalesce(g.n, 0) AS n, g.s FROM s LEFT JOIN g ON g.p = s.p) "
         f"SELECT {period_label('month', 'c.p')} AS month, "
         + ", ".join(change_columns("order_count", "c.n", "w.n") + change_columns("sales", "c.s", "w.s")) +
         " FROM v c JOIN v w ON w.p = c.p - 1 ORDER BY 1"),

    # ---- the latest period is partial: like with like ------------------------------------------------
    Case("partial_latest_month_vs_previous",
         "kpi sales, order_count, buyers by month where month >= 2024-10 vs previous",
         "WITH cur AS (SELECT i_month AS p, sum(order_value) AS s, count(order_id) AS n, count(DISTINCT customer) AS b FROM ox GROUP BY 1), "
         "prev AS (SELECT i_month + 1 AS p, sum(order_value) AS s, count(order_id) AS n, count(DISTINCT customer) AS b FROM ox "
         f"WHERE {same_day_or_earlier('month', 1)} GROUP BY 1) "
         f"SELECT {period_label('month', 's.p')} AS month, "
         + ", ".join(change_columns("sales", "c.s", "v.s") + change_columns("order_count", "coalesce(c.n, 0)", "coalesce(v.n, 0)")
                     + change_columns("buyers", "coalesce(c.b, 0)", "coalesce(v.b, 0)")) +
         f" FROM ({series(2024 * 12 + 9, '(SELECT max(i_month) FROM ox)')}) s LEFT JOIN cur c ON c.p = s.p "
         "LEFT JOIN prev v ON v.p = s.p ORDER BY 1"),
    # 2025 through Feb 12 against 2024 through Feb 12 (day 43 of each).
    Case("partial_latest_year_by_segment",
         "kpi sales, buyers by segment where year = 2025 vs previous",
         two_periods("segment", [("sales", "sum(order_value)", False), ("buyers", "count(DISTINCT customer)", True)],
                     "i_year = 2025", f"i_year = 2024 AND {same_day_or_earlier('year', 1)}")),
    # Three months back from 2024-12..2025-02: 2024-09..11, where November (which lands on the
    # partial February) counts through its 12th.
    Case("partial_latest_month_in_a_range_filter",
         "kpi sales, order_count where month between 2024-12 and 2025-02 vs previous",
         "SELECT " + ", ".join(change_columns(
             "sales", "(SELECT sum(order_value) FROM ox WHERE order_date >= DATE '2024-12-01')",
             "(SELECT sum(order_value) FROM ox WHERE order_date >= DATE '2024-09-01' AND order_date < DATE '2024-11-13')")
             + change_columns(
             "order_count", "(SELECT count(order_id) FROM ox WHERE order_date >= DATE '2024-12-01')",
             "(SELECT count(order_id) FROM ox WHERE order_date >= DATE '2024-09-01' AND order_date < DATE '2024-11-13')"))),
    Case("partial_latest_quarter_vs_named_quarter",
         "kpi sales, order_count where quarter = 2025-Q1 vs 2023-Q1",
         "SELECT " + ", ".join(change_columns(
             "sales", "(SELECT sum(order_value) FROM ox WHERE order_date >= DATE '2025-01-01')",
             "(SELECT sum(order_value) FROM ox WHERE order_date BETWEEN DATE '2023-01-01' AND DATE '2023-02-12')")
             + change_columns(
             "order_count", "(SELECT count(order_id) FROM ox WHERE order_date >= DATE '2025-01-01')",
             "(SELECT count(order_id) FROM ox WHERE order_date BETWEEN DATE '2023-01-01' AND DATE '2023-02-12')"))),

    # ---- elapsed time between timestamps -----------------------------------------------------------
    Case("fn_hours_minutes_days_between_timestamps",
         "kpi avg(hours_between(placed_at, shipped_at)) as avg_hours, max(hours_between(placed_at, shipped_at)) as max_hours, "
         "sum(minutes_between(placed_at, shipped_at)) as minutes, min(minutes_between(placed_at, shipped_at)) as min_minutes, "
         "avg(days_between(placed_at, shipped_at)) as avg_days, count(where hours_between(placed_at, shipped_at) <= 24) as within_a_day "
         "by channel",
         grouped(["channel"], [f"avg({HOURS})", f"max({HOURS})", f"sum({MINUTES})", f"min({MINUTES})",
                               "avg(date_diff('day', placed_at, shipped_at))", f"count(*) FILTER (WHERE {HOURS} <= 24)"],
                 table="ox")),
    Case("fn_elapsed_time_percentiles_and_rate_by_quarter",
         "kpi median(hours_between(placed_at, shipped_at)) as median_hours, "
         "percentile(minutes_between(placed_at, shipped_at), 0.9) as p90_minutes, "
         "count(where hours_between(placed_at, shipped_at) <= 48) / count(shipped_at) as shipped_in_two_days "
         "by quarter where year = 2024",
         grouped(["quarter"], [f"quantile_cont({HOURS}, 0.5)", f"quantile_cont({MINUTES}, 0.9)",
                               f"CAST(count(*) FILTER (WHERE {HOURS} <= 48) AS DOUBLE) / NULLIF(count(shipped_at), 0)"],
                 table="(SELECT *, strftime(order_date, '%Y') || '-Q' || quarter(order_date) AS p_quarter FROM ox)",
                 where="year(order_date) = 2024")),
]

CASES += [
    # ---- fiscal years, relative periods, cohorts -----------------------------------------------------
    # With fiscal years starting in April, year 2024 is FY2024: 2023-04-01 to 2024-03-31. (The
    # cases keep fiscal periods in filters: how fiscal labels read is not settled here.)
    Case("fiscal_year_filter_by_segment",
         "set fiscal_year_start = 4; kpi sales, order_count by segment where year = 2024",
         grouped(["segment"], ["sum(order_value)", "count(order_id)"], table="ox",
                 where="order_date >= DATE '2023-04-01' AND order_date < DATE '2024-04-01'")),
    # Fiscal years from July: 2025-Q1 is July to September 2024, and the quarter before is April
    # to June 2024.
    Case("fiscal_quarter_vs_previous_by_channel",
         "set fiscal_year_start = 7; kpi sales, buyers by channel where quarter = 2025-Q1 vs previous",
         two_periods("channel", [("sales", "sum(order_value)", False), ("buyers", "count(DISTINCT customer)", True)],
                     "order_date >= DATE '2024-07-01' AND order_date < DATE '2024-10-01'",
                     "order_date >= DATE '2024-04-01' AND order_date < DATE '2024-07-01'")),
    # Months keep their names; the year to date starts again in April.
    Case("fiscal_ytd_by_month",
         "set fiscal_year_start = 4; kpi sales, ytd(sales) by month where month between 2024-02 and 2024-05",
         f"WITH s AS ({series(2024 * 12 + 1, 2024 * 12 + 4)}), "
         + running("month", "c", "sum(r.order_value)", "r.i = s.p") + ", "
         + running("month", "y", "sum(r.order_value)", "r.i <= s.p AND (r.i + 9) // 12 = (s.p + 9) // 12") + " "
         f"SELECT {period_label('month', 'p')} AS month, c.v, y.v FROM c JOIN y USING (p) ORDER BY 1"),
    # `latest` is the last period with data (2025-02, 2025-Q1, 2025-02-12).
    Case("relative_latest_months",
         "kpi sales, order_count by month where month >= latest - 2",
         "WITH g AS (SELECT i_month AS p, sum(order_value) AS s, count(order_id) AS n FROM ox GROUP BY 1) "
         f"SELECT {period_label('month', 's.p')} AS month, g.s, coalesce(g.n, 0) "
         f"FROM ({series('(SELECT max(p) - 2 FROM g)', '(SELECT max(p) FROM g)')}) s LEFT JOIN g ON g.p = s.p ORDER BY 1"),
    Case("relative_latest_quarter_vs_previous",
         "kpi order_count, buyers where quarter = latest vs previous",
         "SELECT " + ", ".join(change_columns(
             "order_count", "(SELECT count(order_id) FROM ox WHERE order_date >= DATE '2025-01-01')",
             "(SELECT count(order_id) FROM ox WHERE order_date BETWEEN DATE '2024-10-01' AND DATE '2024-11-12')")
             + change_columns(
             "buyers", "(SELECT count(DISTINCT customer) FROM ox WHERE order_date >= DATE '2025-01-01')",
             "(SELECT count(DISTINCT customer) FROM ox WHERE order_date BETWEEN DATE '2024-10-01' AND DATE '2024-11-12')"))),
    Case("relative_latest_days",
         "kpi order_count, sales by day where day >= latest - 6",
         "WITH g AS (SELECT order_date AS d, count(order_id) AS n, sum(order_value) AS s FROM ox GROUP BY 1), "
         "s AS (SELECT unnest(generate_series((SELECT max(d) FROM g) - 6, (SELECT max(d) FROM g), INTERVAL 1 DAY))::DATE AS d) "
         "SELECT s.d, coalesce(g.n, 0), g.s FROM s LEFT JOIN g ON g.d = s.d ORDER BY 1"),
    # A cohort is the quarter of a customer's first order; its size counts its customers;
    # quarters_since is each order's distance from it (empty for orders with no date).
    Case("cohorts_quarterly_retention",
         "kpi count_distinct(customer) / cohort_size(customer) as retention, cohort_size(customer) as size "
         "by cohort(customer, quarter), quarters_since where cohort(customer, quarter) >= 2024-Q2",
         "WITH f AS (SELECT customer, min(i_quarter) AS c FROM ox WHERE customer IS NOT NULL GROUP BY 1), "
         "n AS (SELECT c, count(*) AS n FROM f GROUP BY 1), "
         "r AS (SELECT o.customer, f.c, o.i_quarter - f.c AS since FROM ox o JOIN f USING (customer)) "
         f"SELECT {period_label('quarter', 'r.c')} AS cohort, since, count(DISTINCT customer) / n.n, n.n "
         "FROM r JOIN n USING (c) WHERE r.c >= 2024 * 4 + 1 GROUP BY r.c, since, n.n ORDER BY 1, 2 NULLS LAST"),
    # An aggregate's own filter that is a bare null keeps no row.
    Case("aggregate_filter_bare_null",
         "kpi count(where null) as none, sum(amount where null) as nothing, count() as all_rows by region",
         grouped(["region"], ["count(*) FILTER (WHERE NULL)", "sum(amount) FILTER (WHERE NULL)", "count(*)"])),
]
