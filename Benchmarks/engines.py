#!/usr/bin/env python3
"""Runs the workload in one peer engine, in this process, and writes its timings and answers.

    engines.py duckdb|polars --data DIR --threads N --repeat N --out FILE.json

The runner starts one such process per engine run, so that its peak memory is that engine's
alone. Q0 loads both CSV files into memory (a DuckDB table, a Polars DataFrame); each query then
runs --repeat times on the loaded data, and its answer the first time is kept for the runner's
correctness check. Times are wall clock, in milliseconds, around the query and the fetch of
its (small) result.
"""

import argparse
import datetime as dt
import decimal
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import queries as workload  # noqa: E402


def plain(value):
    """A result value as JSON: numbers stay numbers, dates become ISO text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def timed(function):
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def run_duckdb(data, threads, repeat, names):
    import duckdb
    connection = duckdb.connect(":memory:")
    connection.execute(f"SET threads = {threads}")
    times, answers = {}, {}
    elapsed = 0.0
    for statement in workload.DUCKDB_LOADS:
        elapsed += timed(lambda: connection.execute(statement.format(data=data)))[0]
    times["Q0"] = [elapsed]
    for query in workload.QUERIES:
        if query.name not in names:
            continue
        samples = []
        for _ in range(repeat):
            milliseconds, rows = timed(lambda: connection.execute(query.sql).fetchall())
            samples.append(milliseconds)
            if query.name not in answers:
                header = [column[0] for column in connection.description]
                answers[query.name] = [header, [[plain(value) for value in row] for row in rows]]
        times[query.name] = samples
    return times, answers


def run_polars(data, threads, repeat, names):
    # POLARS_MAX_THREADS must be set before Polars is imported (the runner sets it too).
    os.environ["POLARS_MAX_THREADS"] = str(threads)
    import polars as pl
    frames = {}

    def load():
        frames["deals"] = pl.read_csv(f"{data}/deals.csv", try_parse_dates=True)
        frames["accounts"] = pl.read_csv(f"{data}/accounts.csv", try_parse_dates=True)

    times, answers = {"Q0": [timed(load)[0]]}, {}
    deals, accounts = frames["deals"], frames["accounts"]
    for query in workload.QUERIES:
        if query.name not in names:
            continue
        samples = []
        for _ in range(repeat):
            milliseconds, frame = timed(lambda: query.polars(pl, deals, accounts))
            samples.append(milliseconds)
            if query.name not in answers:
                answers[query.name] = [frame.columns, [[plain(value) for value in row] for row in frame.rows()]]
        times[query.name] = samples
    return times, answers


def main():
    parser = argparse.ArgumentParser(description="Run the benchmark workload in DuckDB or Polars.")
    parser.add_argument("engine", choices=["duckdb", "polars"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queries", default=",".join(query.name for query in workload.QUERIES))
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    run = run_duckdb if args.engine == "duckdb" else run_polars
    times, answers = run(os.path.abspath(args.data), args.threads, args.repeat, set(args.queries.split(",")))
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump({"times": times, "answers": answers}, handle)


if __name__ == "__main__":
    main()
