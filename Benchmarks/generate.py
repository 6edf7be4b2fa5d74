#!/usr/bin/env python3
"""Seeded generator of the benchmark's sales pipeline: deals.csv (the facts) and accounts.csv.

    generate.py --out DIR [--rows N] [--seed N]

numpy draws every random number from one seeded generator, and DuckDB formats and writes the
CSV files from those arrays (one pass, no per-row Python), so a given --rows and --seed always
give the same bytes. 1M rows take a few seconds, 10M about a minute.

deals.csv, ~N rows, ordered by `created` (as a CRM export by opportunity id is):
    opportunity_id  1..N
    account_id      ACC-00000001.., about N/20 accounts, skewed: the first 1% own about a fifth of the deals
    account_name    the account's name; about 1 in 8 holds a comma and 1 in 50 a double quote,
                    so they need CSV quoting
    agent           400 names, each with one manager
    manager         40 names, each in one region
    region          R1..R8
    product         P1..P20
    stage           Won 40%, Lost 30%, Open 30%, and open as well when the close would come after
                    the export (2025-06-30), so the last quarter of the data is complete
    created         2022-01-01 .. 2025-06-30
    closed          created + a sales cycle of 1..365 days; empty when the deal is open
    amount          two decimals, log-normal around 3,000; empty in 3% of the rows
accounts.csv, one row per account (every account_id of deals is here):
    account_id, account_name, sector (12), employees, manager (an account manager: the same
    40 names as deals.manager, so `manager` is ambiguous between the two datasets)
"""

import argparse
import os
import sys

import duckdb
import numpy as np

FIRST_DAY = "2022-01-01"
SPAN_DAYS = 1277  # to 2025-06-30
AGENTS = 400
MANAGERS = 40
REGIONS = 8
PRODUCTS = 20

FIRST_NAMES = ["Ada", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun",
               "Kai", "Lea", "Max", "Nia", "Oto", "Pia", "Raj", "Sol", "Tia", "Uma"]
LAST_NAMES = ["Moss", "Quinn", "Reyes", "Stone", "Tran", "Vale", "Wolfe", "Young", "Zhou", "O'Neil",
              "Abbot", "Brandt", "Castro", "Dunn", "Ebert", "Fuchs", "Gallo", "Hayes", "Ito", "Jensen"]
MANAGER_FIRST = ["Rocco", "Celia", "Summer", "Melvin", "Cara", "Dustin", "Irene", "Jonas"]
MANAGER_LAST = ["Neubert", "Rouche", "Sewald", "Marxen", "Losch"]
NAME_WORDS_A = ["Blue", "North", "Silver", "Bright", "Cedar", "Iron", "Summit", "Golden", "River", "Oak",
                "Stone", "Harbor", "Prime", "Vertex", "Falcon", "Apex"]
NAME_WORDS_B = ["Systems", "Logistics", "Foods", "Partners", "Labs", "Retail", "Energy", "Media",
                "Health", "Capital", "Works", "Motors"]
NAME_WORDS_C = ["International", "Global", "Industries", "Solutions", "Holdings", "Services",
                "Technologies", "Trading", "Enterprises", "Ventures"]
# Half the names have no suffix; ", Inc." and ", Ltd" need quoting for the comma, the quoted
# nickname for its doubled quotes.
NAME_SUFFIXES = ["", " Corp", " GmbH", " LLC", " Group", " & Sons", ", Inc.", ", Ltd", ' "The Best"', " Co"]
SUFFIX_WEIGHTS = [0.50, 0.05, 0.08, 0.08, 0.06, 0.055, 0.07, 0.055, 0.02, 0.03]
SECTORS = ["Retail", "Software", "Finance", "Health", "Energy", "Media", "Logistics", "Education",
           "Manufacturing", "Telecom", "Agriculture", "Public"]


def sql_list(items):
    return "[" + ", ".join("'" + item.replace("'", "''") + "'" for item in items) + "]"


def agent_names():
    return [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES][:AGENTS]


def manager_names():
    return [f"{first} {last}" for first in MANAGER_FIRST for last in MANAGER_LAST][:MANAGERS]


def generate(out_dir, rows, seed):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    account_count = max(1, rows // 20)

    # Per account.
    word_a = rng.integers(0, len(NAME_WORDS_A), account_count, dtype=np.int32)
    word_b = rng.integers(0, len(NAME_WORDS_B), account_count, dtype=np.int32)
    word_c = rng.integers(0, len(NAME_WORDS_C), account_count, dtype=np.int32)
    suffix = rng.choice(len(NAME_SUFFIXES), account_count, p=SUFFIX_WEIGHTS).astype(np.int32)
    sector = rng.integers(0, len(SECTORS), account_count, dtype=np.int32)
    employees = np.round(np.exp(rng.normal(5.0, 1.5, account_count))).astype(np.int64) + 1
    account_manager = rng.integers(0, MANAGERS, account_count, dtype=np.int32)

    # Per deal.
    created = np.sort(rng.integers(0, SPAN_DAYS, rows, dtype=np.int32))
    account = np.minimum((account_count * rng.random(rows) ** 3).astype(np.int32), account_count - 1)
    agent = rng.integers(0, AGENTS, rows, dtype=np.int32)
    product = rng.integers(0, PRODUCTS, rows, dtype=np.int32)
    stage = rng.choice(3, rows, p=[0.4, 0.3, 0.3]).astype(np.int32)
    cycle = np.minimum(1 + rng.gamma(2.0, 30.0, rows).astype(np.int32), 365)
    closed = created + cycle
    # The export is taken on the last day: a deal that would close later is still open.
    stage = np.where(closed >= SPAN_DAYS, 2, stage).astype(np.int32)
    closed = np.where(stage == 2, -1, closed).astype(np.int32)
    cents = np.round(np.exp(rng.normal(8.0, 1.0, rows)) * 100).astype(np.int64)
    cents = np.where(rng.random(rows) < 0.03, -1, cents)

    connection = duckdb.connect(":memory:")
    connection.execute("SET preserve_insertion_order = true")
    account_arrays = {"word_a": word_a, "word_b": word_b, "word_c": word_c, "suffix": suffix, "sector": sector,
                      "employees": employees, "manager": account_manager}
    deal_arrays = {"created": created, "account": account, "agent": agent, "product": product,
                   "stage": stage, "closed": closed, "cents": cents}
    connection.register("account_arrays", account_arrays)
    connection.register("deal_arrays", deal_arrays)

    account_id = "'ACC-' || lpad(CAST({} + 1 AS VARCHAR), 8, '0')"
    account_name = (f"list_extract({sql_list(NAME_WORDS_A)}, a.word_a + 1) || ' ' || "
                    f"list_extract({sql_list(NAME_WORDS_B)}, a.word_b + 1) || ' ' || "
                    f"list_extract({sql_list(NAME_WORDS_C)}, a.word_c + 1) || ' ' || CAST({{}} + 1 AS VARCHAR) || "
                    f"list_extract({sql_list(NAME_SUFFIXES)}, a.suffix + 1)")
    managers = sql_list(manager_names())

    accounts_path = os.path.join(out_dir, "accounts.csv")
    connection.execute(f"""
        COPY (
            SELECT {account_id.format('a.row')} AS account_id,
                   {account_name.format('a.row')} AS account_name,
                   list_extract({sql_list(SECTORS)}, a.sector + 1) AS sector,
                   a.employees AS employees,
                   list_extract({managers}, a.manager + 1) AS manager
            FROM (SELECT row_number() OVER () - 1 AS row, * FROM account_arrays) a
            ORDER BY a.row
        ) TO '{accounts_path}' (HEADER, DELIMITER ',')""")

    # The account's name per deal: the same words as accounts.csv, looked up by account index.
    deals_path = os.path.join(out_dir, "deals.csv")
    connection.execute(f"""
        CREATE TABLE names AS
        SELECT row_number() OVER () - 1 AS row, * FROM account_arrays""")
    connection.execute(f"""
        COPY (
            SELECT d.row + 1 AS opportunity_id,
                   {account_id.format('d.account')} AS account_id,
                   {account_name.format('d.account')} AS account_name,
                   list_extract({sql_list(agent_names())}, d.agent + 1) AS agent,
                   list_extract({managers}, d.agent // 10 + 1) AS manager,
                   'R' || CAST(d.agent // 50 + 1 AS VARCHAR) AS region,
                   'P' || CAST(d.product + 1 AS VARCHAR) AS product,
                   list_extract(['Won', 'Lost', 'Open'], d.stage + 1) AS stage,
                   DATE '{FIRST_DAY}' + d.created AS created,
                   CASE WHEN d.closed < 0 THEN NULL ELSE DATE '{FIRST_DAY}' + d.closed END AS closed,
                   CASE WHEN d.cents < 0 THEN NULL
                        ELSE printf('%d.%02d', d.cents // 100, d.cents % 100) END AS amount
            FROM (SELECT row_number() OVER () - 1 AS row, * FROM deal_arrays) d
            JOIN names a ON a.row = d.account
            ORDER BY d.row
        ) TO '{deals_path}' (HEADER, DELIMITER ',')""")
    return deals_path, accounts_path


def main():
    parser = argparse.ArgumentParser(description="Write the benchmark's deals.csv and accounts.csv.")
    parser.add_argument("--out", required=True, help="directory to write into")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()
    for path in generate(args.out, args.rows, args.seed):
        print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
