#!/usr/bin/env python3
"""The benchmark suite: kpiq against DuckDB (and Polars where installed) on the sales pipeline.

    run.py [--rows 1M,10M] [--runs N] [--repeat N] [--threads N] [--engines kpiq,duckdb,polars]
           [--kpiq PATH] [--data-dir DIR] [--seed N] [--queries Q1,Q2] [--json FILE]

For each size: generates the data once (generate.py, cached under --data-dir by rows and seed),
then runs each engine --runs times, each run in its own process: Q0 loads both files, then every
query runs --repeat times on the loaded data. Prints one Markdown table per size: the median
time of each query in milliseconds (Q0 over the runs, Q1..Q7 over runs x repeats), the peak
memory of each engine (the largest max RSS of its processes), and how many times faster kpiq
is than each peer (peer's time / kpiq's; below 1 means kpiq is slower).

kpiq runs a script with `set timer = on` and reports each statement's time on stderr; its Q0 is
the two loads plus the link (which kpiq resolves once, and the peers join in Q6 every time).

Correctness gate: kpiq's answer to every query (its first run) must equal DuckDB's, compared as
the differential tests compare (numbers to 1e-9 relative); Polars' answers are checked too. A
mismatch is printed and makes the exit status 1. Timings never fail the run.
"""

import argparse
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import queries as workload  # noqa: E402


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def differential():
    """The differential suite's comparison: the same rule for "equal answers" everywhere.

    Imported only once every engine has run: it imports DuckDB, and a process started from a
    large runner would report the runner's peak memory as its own (Linux keeps the high-water
    mark across fork and exec).
    """
    return load_module("differential_run", os.path.join(REPO_ROOT, "Tests", "Differential", "run.py"))


def parse_rows(text):
    text = text.strip().upper()
    factor = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KM")) * factor)


def size_label(rows):
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}K"
    return str(rows)


def ensure_data(data_dir, rows, seed):
    folder = os.path.join(data_dir, f"{size_label(rows)}-seed{seed}")
    done = os.path.join(folder, ".complete")
    if not os.path.exists(done):
        print(f"bench: generating {rows:,} rows into {folder}", file=sys.stderr)
        # In its own process, so that the runner stays small (see `differential`).
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--out", folder, "--rows", str(rows),
                        "--seed", str(seed)], check=True)
        open(done, "w").close()
    return os.path.abspath(folder)


def run_measured(command, stdout_path, stderr_path, env=None):
    """Runs a command; returns (exit status, peak RSS in bytes) of that process alone."""
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss * 1024


# ---- kpiq ---------------------------------------------------------------------------------------

def kpiq_supports_retention(kpiq, data_dir, seed):
    """Whether this kpiq has `retained` and `previous` (Q4): tried on a tiny data set."""
    probe = ensure_data(data_dir, 2_000, seed)
    statements = [s.format(data=probe) for s in workload.KPIQ_LOADS] + [
        workload.KPIQ_RETENTION, next(q.kpiq for q in workload.QUERIES if q.name == "Q4")]
    completed = subprocess.run([kpiq, "--format", "json", "-c", "\n".join(statements)], capture_output=True)
    return completed.returncode == 0


def run_kpiq(kpiq, data, repeat, names, scratch):
    """One kpiq process: (times by query, answers by query, peak RSS)."""
    statements = ["set timer = on"]
    labels = [None]
    for load in workload.KPIQ_LOADS:
        statements.append(load.format(data=data))
        labels.append("Q0")
    statements.append(workload.KPIQ_LINK)
    labels.append("Q0")
    definitions = workload.KPIQ_DEFINITIONS + ([workload.KPIQ_RETENTION] if "Q4" in names else [])
    statements += definitions
    labels += [None] * len(definitions)
    for query in workload.QUERIES:
        if query.name in names:
            statements += [query.kpiq] * repeat
            labels += [query.name] * repeat
    script = os.path.join(scratch, "bench.kpiq")
    with open(script, "w", encoding="utf-8") as handle:
        handle.write("\n".join(statements) + "\n")
    results = os.path.join(scratch, "kpiq-results.json")
    stderr_path = os.path.join(scratch, "kpiq-stderr.txt")
    status, peak = run_measured([kpiq, "--format", "json", "--output", results, script],
                                os.path.join(scratch, "kpiq-stdout.txt"), stderr_path)
    stderr = open(stderr_path, encoding="utf-8", errors="replace").read()
    # `set timer` prints seconds from one second up, else milliseconds.
    seconds = [float(value) / (1000 if unit == "ms" else 1)
               for value, unit in re.findall(r"^time: ([0-9.]+) (s|ms)$", stderr, re.MULTILINE)]
    if status != 0 or len(seconds) != len(statements):
        raise RuntimeError(f"kpiq exited {status} after {len(seconds)} of {len(statements)} statements:\n{stderr[-3000:]}")
    times = {}
    for label, value in zip(labels, seconds):
        if label == "Q0":
            times.setdefault("Q0", [0.0])[0] += value * 1000
        elif label:
            times.setdefault(label, []).append(value * 1000)
    # One JSON array of row objects per query run, in order.
    text = open(results, encoding="utf-8").read()
    decoder = json.JSONDecoder()
    position, answers = 0, {}
    for label in (label for label in labels if label and label != "Q0"):
        while text[position:position + 1].isspace():
            position += 1
        objects, position = decoder.raw_decode(text, position)
        if label not in answers:
            header = list(objects[0].keys()) if objects else []
            answers[label] = [header, [list(row.values()) for row in objects]]
    return times, answers, peak


# ---- peers --------------------------------------------------------------------------------------

def run_peer(engine, data, threads, repeat, names, scratch):
    out = os.path.join(scratch, f"{engine}.json")
    env = dict(os.environ, POLARS_MAX_THREADS=str(threads))
    command = [sys.executable, os.path.join(HERE, "engines.py"), engine, "--data", data, "--threads", str(threads),
               "--repeat", str(repeat), "--queries", ",".join(sorted(names)), "--out", out]
    stderr_path = os.path.join(scratch, f"{engine}-stderr.txt")
    status, peak = run_measured(command, os.path.join(scratch, f"{engine}-stdout.txt"), stderr_path, env=env)
    if status != 0:
        raise RuntimeError(f"{engine} exited {status}:\n{open(stderr_path).read()[-3000:]}")
    with open(out, encoding="utf-8") as handle:
        result = json.load(handle)
    return result["times"], result["answers"], peak


def polars_installed():
    return importlib.util.find_spec("polars") is not None


# ---- checking and reporting ---------------------------------------------------------------------

def check_answers(comparison, engine, answers, reference):
    """Mismatch descriptions of `engine`'s answers against DuckDB's."""
    problems = []
    for name, (expected_header, expected_rows) in sorted(reference.items()):
        if name not in answers:
            continue
        header, rows = answers[name]
        rows = [[comparison.expected_text(value) for value in row] for row in rows]
        problem = comparison.compare(expected_header, expected_rows, header, rows)
        if problem:
            problems.append(f"{engine} {name}: {problem}")
    return problems


def median(values):
    return statistics.median(values) if values else None


def format_ms(value):
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def format_ratio(peer, ours):
    if peer is None or ours is None or ours == 0:
        return "n/a"
    ratio = peer / ours
    return f"{ratio:.1f}×" if ratio >= 1 else f"{ratio:.2f}×"


def format_bytes(value):
    return "n/a" if value is None else f"{value / 1e9:.2f} GB" if value >= 1e9 else f"{value / 1e6:.0f} MB"


ENGINE_TITLES = {"kpiq": "kpiq", "duckdb": "DuckDB, {threads} threads", "polars": "Polars, {threads} threads"}


def table(summary, threads, notes):
    columns = workload.NAMES
    lines = ["| | " + " | ".join(["Q0 load"] + columns[1:]) + " | peak memory |",
             "|---|" + "---:|" * (len(columns) + 1)]
    for engine, result in summary.items():
        title = ENGINE_TITLES[engine].format(threads=threads)
        cells = [notes.get((engine, name)) or format_ms(result["median"].get(name)) for name in columns]
        lines.append(f"| {title} | " + " | ".join(cells) + f" | {format_bytes(result['peak'])} |")
    if "kpiq" in summary:
        ours = summary["kpiq"]
        for peer in ("duckdb", "polars"):
            if peer not in summary:
                continue
            cells = [format_ratio(summary[peer]["median"].get(name), ours["median"].get(name)) for name in columns]
            peak = format_ratio(summary[peer]["peak"], ours["peak"])
            lines.append(f"| kpiq faster than {peer.title() if peer == 'polars' else 'DuckDB'} by | "
                         + " | ".join(cells) + f" | {peak} less |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="kpiq's benchmark suite against DuckDB and Polars.")
    parser.add_argument("--rows", default="1M,10M", help="fact rows per size, comma-separated (1M, 10M, 500K)")
    parser.add_argument("--runs", type=int, default=3, help="processes per engine and size (Q0 is timed once in each)")
    parser.add_argument("--repeat", type=int, default=5, help="times each query runs in a process")
    parser.add_argument("--threads", type=int, default=2, help="threads for DuckDB and Polars")
    parser.add_argument("--engines", default="kpiq,duckdb,polars")
    parser.add_argument("--queries", default=",".join(q.name for q in workload.QUERIES))
    parser.add_argument("--kpiq", default=os.path.join(REPO_ROOT, ".build", "release", "kpiq"))
    parser.add_argument("--data-dir", default=os.path.join(REPO_ROOT, "bench-data"))
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args()

    engines = [engine.strip() for engine in args.engines.split(",") if engine.strip()]
    names = set(args.queries.split(","))
    kpiq = os.path.abspath(args.kpiq)
    notes = {}
    if "kpiq" in engines and not os.access(kpiq, os.X_OK):
        print(f"bench: no kpiq binary at {kpiq}: build it with `swift build -c release`", file=sys.stderr)
        return 2
    if "polars" in engines and not polars_installed():
        print("bench: Polars is not installed (python3 -m pip install polars): measuring without it", file=sys.stderr)
        engines.remove("polars")
    kpiq_names = set(names)
    if "kpiq" in engines and "Q4" in names and not kpiq_supports_retention(kpiq, args.data_dir, args.seed):
        kpiq_names.discard("Q4")
        notes[("kpiq", "Q4")] = "not yet supported"
        print("bench: this kpiq has no `retained`/`previous` yet: Q4 is not run in kpiq", file=sys.stderr)

    failures = []
    everything = {}
    for rows in [parse_rows(text) for text in args.rows.split(",")]:
        data = ensure_data(args.data_dir, rows, args.seed)
        sizes = {name: os.path.getsize(os.path.join(data, name)) for name in ("deals.csv", "accounts.csv")}
        summary, samples, answers = {}, {}, {}
        for engine in engines:
            times, peaks = {}, []
            for run in range(args.runs):
                print(f"bench: {size_label(rows)} {engine} run {run + 1} of {args.runs}", file=sys.stderr)
                with tempfile.TemporaryDirectory(prefix="kpiq-bench-") as scratch:
                    if engine == "kpiq":
                        result = run_kpiq(kpiq, data, args.repeat, kpiq_names, scratch)
                    else:
                        result = run_peer(engine, data, args.threads, args.repeat, names, scratch)
                run_times, run_answers, peak = result
                for name, values in run_times.items():
                    times.setdefault(name, []).extend(values)
                answers.setdefault(engine, run_answers)
                peaks.append(peak)
            summary[engine] = {"median": {name: median(values) for name, values in times.items()}, "peak": max(peaks)}
            samples[engine] = {"times": times, "peaks": peaks}
        everything[size_label(rows)] = {"rows": rows, "summary": summary, "samples": samples, "bytes": sizes,
                                         "answers": answers}
    comparison = differential()
    for label, result in everything.items():
        answers, problems = result.pop("answers"), []
        if "duckdb" in answers:
            for engine in answers:
                if engine != "duckdb":
                    problems += check_answers(comparison, engine, answers[engine], answers["duckdb"])
        checked = [engine for engine in answers if engine != "duckdb"] if "duckdb" in answers else []
        sizes = result["bytes"]
        print(f"\n### {result['rows']:,} rows (deals.csv {sizes['deals.csv'] / 1e6:,.0f} MB, accounts.csv "
              f"{sizes['accounts.csv'] / 1e6:,.1f} MB), median ms\n")
        print(table(result["summary"], args.threads, notes))
        if checked:
            print(f"\nanswers of {', '.join(checked)} checked against DuckDB's: "
                  + ("all equal" if not problems else f"{len(problems)} differ"))
        failures += problems
    for problem in failures:
        print(f"\nMISMATCH {problem}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(everything, handle, indent=1)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
