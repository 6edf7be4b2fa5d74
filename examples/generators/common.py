"""What the library's generators share: seeded choices, seasonality, plain CSV.

Every generator takes `--seed N` (default 1) and `--out DIR`; the same seed writes the same
bytes, so the files in examples/library/data can be checked by running the generator again.
"""

import argparse
import csv
import datetime as dt
import math
import os

# How busy each month is, January first: a slow August, a busy March, June and September (the
# quarter ends) and a busy November and December.
MONTH_SEASON = [0.95, 0.9, 1.15, 0.95, 1.0, 1.1, 0.85, 0.7, 1.1, 1.0, 1.15, 1.25]


def arguments(description, default_out="examples/library/data"):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", default=default_out, help=f"folder to write into (default {default_out})")
    return parser.parse_args()


def days(first, last):
    """Every day from first to last, inclusive."""
    return [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


def season(day, growth_per_year=0.0, start=None):
    """How busy a day is: the month's season, times growth since `start`."""
    factor = MONTH_SEASON[day.month - 1]
    if start is not None and growth_per_year:
        factor *= (1 + growth_per_year) ** ((day - start).days / 365.25)
    return factor


def poisson(rng, mean):
    """A Poisson count (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def money(value):
    """An amount with two decimals, as text."""
    return f"{value:.2f}"


def write_csv(out_dir, name, header, rows):
    """rows: dicts; None is an empty cell, True/False are true/false, dates ISO 8601."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, name)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(row[column]) for column in header])
    print(f"{path}: {len(rows):,} rows")


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def company_names(rng, count, suffixes):
    """`count` distinct made-up company names."""
    first = ["Alder", "Birch", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris", "Juniper",
             "Kestrel", "Lumen", "Maple", "Nimbus", "Orbit", "Pioneer", "Quarry", "Redwood", "Summit", "Tidal",
             "Umber", "Vertex", "Willow", "Yarrow", "Zephyr"]
    second = ["Foods", "Logistics", "Health", "Systems", "Retail", "Labs", "Motors", "Media", "Energy",
              "Textiles", "Robotics", "Pharma", "Outdoor", "Print", "Analytics"]
    names = set()
    while len(names) < count:
        names.add(f"{rng.choice(first)} {rng.choice(second)} {rng.choice(suffixes)}")
    return sorted(names)
