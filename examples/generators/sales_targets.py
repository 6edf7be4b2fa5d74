#!/usr/bin/env python3
"""Seeded revenue targets for the CRM example's managers, for pipeline coverage.

    python3 examples/generators/sales_targets.py --seed 1 --out examples/library/data

The CRM example (examples/crm) has no quotas, and pipeline coverage needs one: how many times
the open pipeline covers the revenue still to win. This writes sales_targets.csv, one row per
manager, with the revenue target of the quarter after the data ends (2018-Q1): the manager's
revenue won in 2017-Q4 times a growth the company asks for (0% to 20%), rounded to 5,000.
The targets are made up; the managers and offices are the CRM example's.

    manager, regional_office, target_quarter, revenue_target
"""

import csv
import datetime as dt
import os
import random

from common import arguments, write_csv

CRM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crm")


def main():
    args = arguments(__doc__.splitlines()[0])
    rng = random.Random(args.seed)
    with open(os.path.join(CRM, "sales_teams.csv"), encoding="utf-8") as handle:
        teams = list(csv.DictReader(handle))
    office = {row["manager"]: row["regional_office"] for row in teams}
    manager_of = {row["sales_agent"]: row["manager"] for row in teams}
    revenue = {manager: 0 for manager in office}
    with open(os.path.join(CRM, "sales_pipeline.csv"), encoding="utf-8") as handle:
        for deal in csv.DictReader(handle):
            if deal["deal_stage"] == "Won" and dt.date.fromisoformat(deal["close_date"]) >= dt.date(2017, 10, 1):
                revenue[manager_of[deal["sales_agent"]]] += int(deal["close_value"])
    rows = []
    for manager in sorted(office):
        target = round(revenue[manager] * rng.uniform(1.0, 1.2) / 5000) * 5000
        rows.append({"manager": manager, "regional_office": office[manager], "target_quarter": "2018-Q1",
                     "revenue_target": target})
    write_csv(args.out, "sales_targets.csv", ["manager", "regional_office", "target_quarter", "revenue_target"], rows)


if __name__ == "__main__":
    main()
