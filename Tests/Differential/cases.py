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
