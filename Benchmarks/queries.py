"""The benchmark's workload: Q0 (load) and Q1..Q7, each in kpiq, DuckDB SQL and Polars.

Every query answers the same question in the three engines, with the same rows in the same order
(groups by their keys ascending, nulls last, unless the query orders otherwise), so the runner can
check kpiq's and Polars' answers against DuckDB's.

Periods come from `closed` (the model's time column): `quarter = 2024-Q3` is written in SQL and
Polars as a date range on `closed`, and a quarter group as the label `2024-Q3` (null for open deals).
Q4 is kpiq's retention (README): of the accounts a manager's deals had in 2024-Q2, the share
that have a deal anywhere in 2024-Q3.
"""

from collections import namedtuple

Query = namedtuple("Query", "name title kpiq sql polars")

# The kpiq model: run once, before the queries. Q0 times its two loads; the link is timed apart.
KPIQ_LOADS = [
    'load "{data}/deals.csv" as deals time closed',
    'load "{data}/accounts.csv" as accounts',
]
KPIQ_LINK = "link deals.account_id -> accounts.account_id"
KPIQ_DEFINITIONS = [
    'define kpi won_revenue = sum(amount where stage = "Won") format money',
    'define kpi win_rate = count(where stage = "Won") / count(where stage in ("Won", "Lost")) format percent',
]
# Q4 needs the period functions `retained` and `previous`; its definition is run only where this
# kpiq has them (the runner probes first).
KPIQ_RETENTION = "define kpi retention = retained(account_id) / previous(count_distinct(account_id)) format percent"

DUCKDB_LOADS = [
    "CREATE TABLE deals AS SELECT * FROM read_csv('{data}/deals.csv')",
    "CREATE TABLE accounts AS SELECT * FROM read_csv('{data}/accounts.csv')",
]

Q3_START, Q3_END = "2024-07-01", "2024-10-01"
Q2_START = "2024-04-01"


# ---- Polars ------------------------------------------------------------------------------------
# Each function takes (pl, deals, accounts) and returns a DataFrame, so this module imports
# without Polars installed.

def _polars_won_revenue(pl):
    return pl.col("amount").filter(pl.col("stage") == "Won").sum()


def _polars_in_quarter(pl, start, end):
    import datetime as dt
    return (pl.col("closed") >= dt.date.fromisoformat(start)) & (pl.col("closed") < dt.date.fromisoformat(end))


def polars_q1(pl, deals, accounts):
    return deals.group_by("manager").agg(_polars_won_revenue(pl).alias("won_revenue")).sort("manager", nulls_last=True)


def polars_q2(pl, deals, accounts):
    quarter = (pl.col("closed").dt.year().cast(pl.String) + "-Q" + pl.col("closed").dt.quarter().cast(pl.String))
    won = (pl.col("stage") == "Won").sum()
    closed = pl.col("stage").is_in(["Won", "Lost"]).sum()
    return (deals.group_by("manager", quarter.alias("quarter"))
            .agg(pl.when(closed > 0).then(won / closed).otherwise(None).alias("win_rate"))
            .sort("manager", "quarter", nulls_last=True))


def polars_q3(pl, deals, accounts):
    return (deals.filter(_polars_in_quarter(pl, Q3_START, Q3_END))
            .group_by("region").agg(pl.col("account_id").n_unique().alias("accounts"))
            .sort("region", nulls_last=True))


def polars_q4(pl, deals, accounts):
    previous = deals.filter(_polars_in_quarter(pl, Q2_START, Q3_START)).select("manager", "account_id").unique()
    current = deals.filter(_polars_in_quarter(pl, Q3_START, Q3_END))
    active = current.select("account_id").unique()
    retained = (previous.join(active, on="account_id", how="inner")
                .group_by("manager").agg(pl.len().alias("retained")))
    before = previous.group_by("manager").agg(pl.len().alias("previous"))
    return (current.select("manager").unique()
            .join(before, on="manager", how="left").join(retained, on="manager", how="left")
            .select("manager", (pl.col("retained").fill_null(0) / pl.col("previous")).alias("retention"))
            .sort("manager", nulls_last=True))


def polars_q5(pl, deals, accounts):
    cycle = (pl.col("closed") - pl.col("created")).dt.total_days().filter(pl.col("stage") == "Won").mean()
    return (deals.group_by("agent").agg(cycle.alias("cycle"))
            .sort(["cycle", "agent"], descending=[True, False], nulls_last=True).head(10))


def polars_q6(pl, deals, accounts):
    return (deals.join(accounts.select("account_id", "sector"), on="account_id", how="left")
            .group_by("sector").agg(_polars_won_revenue(pl).alias("won_revenue"))
            .sort("sector", nulls_last=True))


def polars_q7(pl, deals, accounts):
    matched = deals.filter(pl.col("region").is_in(["R1", "R2"]) & pl.col("product").str.starts_with("P1")
                           & pl.col("amount").is_between(100, 5000))
    return matched.select(pl.len().alias("count"), pl.col("amount").sum().alias("sum"))


QUERIES = [
    Query("Q1", "won revenue by manager",
          "kpi won_revenue by manager",
          """SELECT manager, sum(amount) FILTER (WHERE stage = 'Won') AS won_revenue
             FROM deals GROUP BY manager ORDER BY manager NULLS LAST""",
          polars_q1),
    Query("Q2", "win rate by manager and quarter",
          "kpi win_rate by manager, quarter",
          """SELECT manager, strftime(closed, '%Y') || '-Q' || quarter(closed) AS quarter,
                    count(*) FILTER (WHERE stage = 'Won')
                      / NULLIF(count(*) FILTER (WHERE stage IN ('Won', 'Lost')), 0) AS win_rate
             FROM deals GROUP BY ALL ORDER BY manager NULLS LAST, quarter NULLS LAST""",
          polars_q2),
    Query("Q3", "distinct accounts by region in 2024-Q3",
          "kpi count_distinct(account_id) by region where quarter = 2024-Q3",
          f"""SELECT region, count(DISTINCT account_id) AS accounts FROM deals
             WHERE closed >= DATE '{Q3_START}' AND closed < DATE '{Q3_END}'
             GROUP BY region ORDER BY region NULLS LAST""",
          polars_q3),
    Query("Q4", "retention by manager, 2024-Q3 over 2024-Q2",
          "kpi retention by manager where quarter = 2024-Q3",
          f"""WITH previous AS (SELECT DISTINCT manager, account_id FROM deals
                                WHERE closed >= DATE '{Q2_START}' AND closed < DATE '{Q3_START}'),
                  current AS (SELECT manager, account_id FROM deals
                              WHERE closed >= DATE '{Q3_START}' AND closed < DATE '{Q3_END}'),
                  counts AS (SELECT p.manager, count(*) AS previous,
                                    count(*) FILTER (WHERE p.account_id IN (SELECT account_id FROM current)) AS retained
                             FROM previous p GROUP BY p.manager)
             SELECT m.manager, coalesce(counts.retained, 0) / NULLIF(counts.previous, 0) AS retention
             FROM (SELECT DISTINCT manager FROM current) m LEFT JOIN counts USING (manager)
             ORDER BY m.manager NULLS LAST""",
          polars_q4),
    Query("Q5", "10 agents with the longest average sales cycle on won deals",
          'kpi avg(days_between(created, closed) where stage = "Won") as cycle by agent order by cycle desc limit 10',
          """SELECT agent, avg(closed - created) FILTER (WHERE stage = 'Won') AS cycle
             FROM deals GROUP BY agent ORDER BY cycle DESC NULLS LAST, agent LIMIT 10""",
          polars_q5),
    Query("Q6", "won revenue by account sector, through the link",
          "kpi won_revenue by sector",
          """SELECT a.sector, sum(d.amount) FILTER (WHERE d.stage = 'Won') AS won_revenue
             FROM deals d LEFT JOIN accounts a ON d.account_id = a.account_id
             GROUP BY a.sector ORDER BY a.sector NULLS LAST""",
          polars_q6),
    Query("Q7", "count and sum of amount under three filters",
          'kpi count(), sum(amount) where region in ("R1", "R2") and product like "P1%" and amount between 100 and 5000',
          """SELECT count(*) AS count, sum(amount) AS sum FROM deals
             WHERE region IN ('R1', 'R2') AND product LIKE 'P1%' AND amount BETWEEN 100 AND 5000""",
          polars_q7),
]

NAMES = ["Q0"] + [query.name for query in QUERIES]
