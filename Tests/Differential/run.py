#!/usr/bin/env python3
"""Differential test: kpiq's query results against DuckDB's on seeded generated data.

    run.py [--kpiq PATH] [--seed N] [--rows N] [--keep DIR] [-k NAME] [--duckdb-only] [--jobs N]

Generates the data (generate.py) into a temporary directory (or --keep DIR, left in place),
writes the model script there, then runs every case of cases.py once in kpiq
(`kpiq --format csv model.kpiq -c STATEMENT`) and once in DuckDB, and compares the two results
row by row in order: numbers to 1e-9 relative (1e-9 absolute near zero), everything else exactly,
null as an empty CSV field. Ends with `differential: N passed, M failed`; exits 1 when a case
failed, 2 when the run could not start (no duckdb, no kpiq binary).

--duckdb-only runs only the SQL side: every query must run and return at least one row.
"""

import argparse
import concurrent.futures
import csv
import datetime as dt
import decimal
import io
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

try:
    import duckdb
except ImportError:
    print("differential: duckdb is not installed: run `make test` or `python3 -m pip install duckdb`",
          file=sys.stderr)
    sys.exit(2)

import cases as case_table  # noqa: E402
import generate  # noqa: E402

TIMEOUT_SECONDS = 60
RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-9


# ---- the DuckDB side ----------------------------------------------------------------------------

def open_duckdb(data_dir):
    connection = duckdb.connect(":memory:")
    for statement in case_table.setup_sql(data_dir):
        connection.execute(statement)
    return connection


def run_sql(connection, sql):
    """(header, rows) of a query."""
    cursor = connection.cursor()
    cursor.execute(sql)
    header = [column[0] for column in cursor.description]
    return header, cursor.fetchall()


# ---- the kpiq side ------------------------------------------------------------------------------

class KpiqFailure(Exception):
    pass


def run_kpiq(kpiq, model_path, statement, cwd):
    """(header, rows) of kpiq's CSV output, every field a string; raises KpiqFailure."""
    command = [kpiq, "--format", "csv", model_path, "-c", statement]
    try:
        completed = subprocess.run(command, cwd=cwd, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise KpiqFailure(f"kpiq timed out after {TIMEOUT_SECONDS} s")
    except OSError as error:
        raise KpiqFailure(f"kpiq could not be started: {error}")
    stdout = completed.stdout.decode("utf-8", errors="replace")
    stderr = completed.stderr.decode("utf-8", errors="replace").strip()
    if completed.returncode != 0:
        how = (f"was killed by signal {-completed.returncode}" if completed.returncode < 0
               else f"exited {completed.returncode}")
        raise KpiqFailure(f"kpiq {how}" + (f"; stderr:\n{indent(stderr)}" if stderr else "; no stderr")
                          + (f"\n  stdout:\n{indent(stdout.strip())}" if stdout.strip() else ""))
    records = [row for row in csv.reader(io.StringIO(stdout, newline="")) if row]
    if not records:
        raise KpiqFailure("kpiq printed no CSV header" + (f"; stderr:\n{indent(stderr)}" if stderr else ""))
    return records[0], records[1:]


# ---- comparison ---------------------------------------------------------------------------------

def expected_text(value):
    """A DuckDB value as kpiq's CSV prints it (for messages; numbers compare as numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def values_agree(expected, actual):
    """expected: a DuckDB value; actual: kpiq's CSV field."""
    if expected is None:
        return actual == ""
    if isinstance(expected, bool):
        return actual == ("true" if expected else "false")
    if isinstance(expected, (int, float, decimal.Decimal)):
        try:
            number = float(actual)
        except ValueError:
            return False
        wanted = float(expected)
        if math.isnan(wanted) or math.isinf(wanted) or math.isnan(number) or math.isinf(number):
            return False
        difference = abs(number - wanted)
        return (difference <= ABSOLUTE_TOLERANCE
                or difference <= RELATIVE_TOLERANCE * max(abs(number), abs(wanted)))
    return actual == expected_text(expected)


def compare(expected_header, expected_rows, actual_header, actual_rows):
    """None when the results agree, else a readable description of the first difference."""
    shape = (f"  kpiq   header: {','.join(actual_header)}\n"
             f"  duckdb header: {','.join(expected_header)}")
    if len(actual_header) != len(expected_header):
        return f"{len(actual_header)} columns from kpiq, {len(expected_header)} expected\n{shape}"
    for index in range(max(len(expected_rows), len(actual_rows))):
        wanted = expected_rows[index] if index < len(expected_rows) else None
        got = actual_rows[index] if index < len(actual_rows) else None
        if wanted is None or got is None:
            return (f"{len(actual_rows)} rows from kpiq, {len(expected_rows)} expected; first extra row {index + 1}:\n"
                    f"  kpiq:   {format_row(got)}\n  duckdb: {format_expected(wanted)}\n{shape}")
        if len(got) != len(wanted):
            return (f"row {index + 1} has {len(got)} fields, {len(wanted)} expected:\n"
                    f"  kpiq:   {format_row(got)}\n  duckdb: {format_expected(wanted)}\n{shape}")
        for column, (value, field) in enumerate(zip(wanted, got)):
            if not values_agree(value, field):
                count_note = ("" if len(actual_rows) == len(expected_rows)
                              else f" ({len(actual_rows)} rows from kpiq, {len(expected_rows)} expected)")
                return (f"row {index + 1}, column {column + 1} ({expected_header[column]}): "
                        f"kpiq {field!r}, duckdb {expected_text(value)!r}{count_note}\n"
                        f"  kpiq:   {format_row(got)}\n  duckdb: {format_expected(wanted)}\n{shape}")
    return None


def format_row(row):
    return "(none)" if row is None else ",".join(csv_quote(field) for field in row)


def format_expected(row):
    return "(none)" if row is None else ",".join(csv_quote(expected_text(value)) for value in row)


def csv_quote(text):
    if any(ch in text for ch in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def indent(text):
    return "\n".join("    " + line for line in text.splitlines())


# ---- driver -------------------------------------------------------------------------------------

def select_cases(names):
    selected = [case for case in case_table.CASES if not names or any(name in case.name for name in names)]
    if not selected:
        print(f"differential: no case matches {' '.join(names)}", file=sys.stderr)
        sys.exit(2)
    return selected


def check_case_table():
    names = [case.name for case in case_table.CASES]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        print(f"differential: duplicate case names: {', '.join(duplicates)}", file=sys.stderr)
        sys.exit(2)


def prepare(data_dir, seed, rows):
    generate.generate(data_dir, seed, rows)
    model_path = os.path.join(data_dir, "model.kpiq")
    with open(model_path, "w", encoding="utf-8") as handle:
        handle.write(case_table.MODEL.format(data=data_dir))
    return model_path


def run_duckdb_only(connection, selected):
    failed = 0
    for case in selected:
        try:
            header, rows = run_sql(connection, case.sql)
        except duckdb.Error as error:
            failed += 1
            print(f"FAIL {case.name}: the SQL does not run: {error}\n  {case.sql}")
            continue
        if not rows:
            failed += 1
            print(f"FAIL {case.name}: the SQL returns no rows\n  {case.sql}")
            continue
        print(f"ok   {case.name}: {len(rows)} rows, {len(header)} columns; first: {format_expected(rows[0])}")
    print(f"differential (duckdb only): {len(selected) - failed} passed, {failed} failed")
    return 1 if failed else 0


def run_differential(connection, selected, kpiq, model_path, data_dir, jobs):
    expected = {}
    for case in selected:
        try:
            expected[case.name] = run_sql(connection, case.sql)
        except duckdb.Error as error:
            expected[case.name] = error

    def kpiq_result(case):
        try:
            return run_kpiq(kpiq, model_path, case.kpiq, data_dir)
        except KpiqFailure as failure:
            return failure

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        actual = dict(zip((case.name for case in selected), pool.map(kpiq_result, selected)))

    failures = []
    for case in selected:
        wanted, got = expected[case.name], actual[case.name]
        if isinstance(wanted, Exception):
            problem = f"the DuckDB SQL failed (a bug in the suite): {wanted}\n  sql: {case.sql}"
        elif isinstance(got, KpiqFailure):
            problem = str(got)
        else:
            problem = compare(wanted[0], wanted[1], got[0], got[1])
        if problem:
            failures.append(case.name)
            print(f"FAIL {case.name}\n  kpiq: {case.kpiq}\n  {problem}\n")
    passed = len(selected) - len(failures)
    if failures:
        print("failed cases: " + " ".join(failures))
    print(f"differential: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description="Compare kpiq's query results with DuckDB's.")
    parser.add_argument("--kpiq", default=os.path.join(REPO_ROOT, ".build", "debug", "kpiq"),
                        help="the kpiq binary (default: .build/debug/kpiq under the repository root)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--rows", type=int, default=20_000, help="fact rows to generate")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and leave it there")
    parser.add_argument("-k", dest="names", action="append", default=[], metavar="NAME",
                        help="run only the cases whose name contains NAME (repeatable)")
    parser.add_argument("--duckdb-only", action="store_true", help="check only that every SQL runs and returns rows")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="kpiq processes at once")
    args = parser.parse_args()

    check_case_table()
    selected = select_cases(args.names)
    kpiq = os.path.abspath(args.kpiq)
    if not args.duckdb_only and not os.access(kpiq, os.X_OK):
        print(f"differential: no kpiq binary at {kpiq}: build it with `swift build` or pass --kpiq PATH",
              file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="kpiq-differential-") as scratch:
        data_dir = os.path.abspath(args.keep) if args.keep else scratch
        model_path = prepare(data_dir, args.seed, args.rows)
        connection = open_duckdb(data_dir)
        if args.duckdb_only:
            return run_duckdb_only(connection, selected)
        return run_differential(connection, selected, kpiq, model_path, data_dir, max(1, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
