#!/usr/bin/env python3
"""A stand-in for kpiq that answers the suite's own statements from DuckDB, to test the harness.

    run.py --kpiq Tests/Differential/fake_kpiq.py

It accepts only what run.py passes (`--format csv MODEL -c STATEMENT`), looks the statement up in
cases.py, runs that case's SQL over the CSV files beside MODEL and prints the result the way kpiq
prints CSV (integers plain, decimals as shortest round-trip, booleans true/false, ISO dates, null
as an empty field, RFC 4180 quoting). So every case should pass against it. FAKE_KPIQ_BREAK=NAME
makes it change one value of case NAME, and then exactly that case should fail.
"""

import csv
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import duckdb  # noqa: E402

import cases as case_table  # noqa: E402


def field(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def broken(text):
    """A value just outside the tolerance, or a changed text, or a value for a null."""
    if not text:
        return "0"
    try:
        return repr(float(text) * (1 + 1e-8) + 1e-8)
    except ValueError:
        return text + "!"


def main(argv):
    if len(argv) != 5 or argv[0] != "--format" or argv[1] != "csv" or argv[3] != "-c":
        print("fake_kpiq: usage: fake_kpiq.py --format csv MODEL -c STATEMENT", file=sys.stderr)
        return 2
    model_path, statement = argv[2], argv[4]
    case = next((case for case in case_table.CASES if case.kpiq == statement), None)
    if case is None:
        print(f"fake_kpiq: not a statement of the suite: {statement}", file=sys.stderr)
        return 1
    connection = duckdb.connect(":memory:")
    for sql in case_table.setup_sql(os.path.dirname(os.path.abspath(model_path))):
        connection.execute(sql)
    cursor = connection.execute(case.sql)
    header = [column[0] for column in cursor.description]
    rows = [[field(value) for value in row] for row in cursor.fetchall()]
    if os.environ.get("FAKE_KPIQ_BREAK") == case.name and rows:
        rows[0][-1] = broken(rows[0][-1])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
