#!/usr/bin/env python3
"""Seeded generator of the differential suite's CSV files.

    generate.py --out DIR [--seed N] [--rows N]

Writes six files into DIR, with the traps real exports have:

    deals.csv      the facts: ~N rows
    accounts.csv   deals.account -> accounts.account (some deal accounts are missing here, some are null)
    agents.csv     deals.agent   -> agents.agent     (some agents have no team, or a team missing from teams)
    teams.csv      agents.team   -> teams.team       (manager, region: reached from deals through two links)
    orders.csv     ~6,400 orders of customers who come, order, leave and sometimes come back, from
                   2021-03 to 2025-02-12 (mid-month, mid-quarter): retention, new and lost over years
    customers.csv  orders.customer -> customers.customer (segment; some order customers are missing)

Traps: empty cells (nulls) in text, numeric, date and boolean columns; text with quoted commas,
doubled quotes and significant leading/trailing spaces; skewed keys (a few accounts own a large
share of the rows); dates from 2022-11 to 2025-01 so quarters, months and ISO weeks cross year
ends (2023-01-01 is ISO week 2022-W52, 2024-12-30 is 2025-W01); a leap day; negative and zero
amounts and quantities; an integer dimension whose text order differs from its numeric order;
accounts planted with exactly 1, 2, 3 and 4 deals for median/percentile/stddev edge cases.

Orders come from their own random generator (seed + 1), so the deals of a seed never change when
the orders do. Orders have timestamps (placed_at, shipped_at: across midnight, a few shipped
before they were placed, some never) for hours_between and minutes_between.

Every decimal is written plainly with two decimals (`123.45`, `-7.50`), so kpiq and DuckDB parse
the same numbers. Headers are snake_case, so both sides use the same column names.
"""

import argparse
import datetime as dt
import os
import random

FIRST_DAY = dt.date(2022, 11, 1)
LAST_DAY = dt.date(2025, 1, 10)
SPAN_DAYS = (LAST_DAY - FIRST_DAY).days
# Days every run must contain, whatever the seed: year ends, ISO-week edges, a leap day.
PINNED_CLOSE_DAYS = [
    dt.date(2022, 12, 31), dt.date(2023, 1, 1), dt.date(2023, 1, 2), dt.date(2024, 2, 29),
    dt.date(2024, 12, 29), dt.date(2024, 12, 30), dt.date(2024, 12, 31), dt.date(2025, 1, 1),
]

STAGES = ["Won", "Lost", "Engaging", "Prospecting"]
STAGE_WEIGHTS = [40, 30, 18, 12]
PRODUCTS = [
    "Widget", 'Widget, "Large"', "Widget Pro", "widget mini", "Gadget A", "Gadget B",
    "GTX Basic", "GTX Pro", "GTX, Plus", "Gizmo 100%", 'Sprocket "Deluxe"',
]
SOURCES = ["Web", " web ", "Referral ", "referral", "PARTNER", "Partner", "  Event", "event  "]
PRIORITIES = [1, 2, 3, 5, 8, 13]
SECTORS = ["Retail", "Software", "Finance", "Health, Care", "Energy", 'Media "Digital"']
COUNTRIES = ["United States", "Germany", "Japan", "Brazil", "Kenya", "France"]
REGIONS = ["East", "West", "Central", "North, Outer"]
FIRST_NAMES = ["Ada", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun",
               "Kai", "Lea", "Max", "Nia", "Oto", "Pia", "Raj", "Sol", "Tia", "Uma"]
LAST_NAMES = ["Moss", "Quinn", "Reyes", "Stone", "Tran", "Vale", "Wolfe", "Young", "Zhou", "O'Neil"]

# Accounts with an exact number of deals: edge cases for median, percentile and stddev.
PLANTED_ACCOUNTS = {"Solo Ltd": 1, "Pair Co": 2, "Trio Inc": 3, "Quad LLC": 4}
# Accounts that own a large share of the deals.
HEAVY_ACCOUNTS = ["Mega Corp", "Giant Holdings", 'Smith, Jones & "Partners"']
# Accounts that deals name but accounts.csv lacks: the unmatched side of a link.
ORPHAN_ACCOUNTS = ["Ghost Ventures", "Missing Co", "Nowhere, Inc"]
# Agents that deals name but agents.csv lacks, and teams that agents name but teams.csv lacks.
ORPHAN_AGENTS = ["Zed Phantom", "Yara Unknown"]
ORPHAN_TEAM = "Team Omega"


def csv_field(value):
    """One CSV field, RFC 4180: None is an empty cell; quoted when it has a comma, a quote,
    a line break or leading/trailing spaces (quoting keeps those spaces in every reader)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if isinstance(value, str) else str(value)
    if text == "":
        raise ValueError("an empty string would read back as null")
    if any(ch in text for ch in ',"\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(header) + "\n")
        for row in rows:
            handle.write(",".join(csv_field(row[column]) for column in header) + "\n")


def money(rng, low, high):
    """A plain two-decimal amount as text: `123.45`, `-7.50`."""
    cents = rng.randint(round(low * 100), round(high * 100))
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def maybe(rng, probability, value):
    """`value`, or None with the given probability."""
    return None if rng.random() < probability else value


def make_people(rng, count):
    names = set()
    while len(names) < count:
        names.add(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
    return sorted(names)


def make_teams(rng):
    teams = []
    managers = make_people(rng, 6)
    for index, name in enumerate(["Team Alpha", "Team Beta", "Team Gamma", "Team Delta", "Team Epsilon"]):
        teams.append({
            "team": name,
            "manager": managers[index],
            "region": None if name == "Team Epsilon" else REGIONS[index % len(REGIONS)],
        })
    return teams


def make_agents(rng, teams):
    agents = []
    team_names = [team["team"] for team in teams]
    # A fixed name with an apostrophe, whatever the seed, for string literals that hold one.
    people = make_people(rng, 24)
    if "Ann O'Neil" not in people:
        people.append("Ann O'Neil")
    for index, name in enumerate(people):
        if index == 0:
            team = None
        elif index == 1:
            team = ORPHAN_TEAM
        else:
            team = team_names[index % len(team_names)]
        agents.append({
            "agent": name,
            "team": team,
            "hire_date": maybe(rng, 0.1, (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))).isoformat()),
        })
    return agents


def make_accounts(rng):
    names = list(HEAVY_ACCOUNTS) + list(PLANTED_ACCOUNTS)
    stems = ["Acme", "Blue Fin", "Cobalt", "Delta Tools", "Evergreen", "Fox & Hound", "Granite",
             "Harbor", "Iris", "Juniper", "Kestrel", "Lumen", "Maple", "Nimbus", "Orbit", "Pine"]
    suffixes = ["Ltd", "GmbH", "Inc", "Co", "Group", "LLC", "Partners, LLP", '"Intl"']
    for stem in stems:
        for suffix in rng.sample(suffixes, 3):
            names.append(f"{stem} {suffix}")
    accounts = []
    for name in names:
        accounts.append({
            "account": name,
            "sector": maybe(rng, 0.08, rng.choice(SECTORS)),
            "country": rng.choice(COUNTRIES),
            "employees": maybe(rng, 0.1, rng.choice([rng.randint(1, 50), rng.randint(50, 5000), rng.randint(5000, 90000)])),
        })
    return accounts


def pick_account(rng, accounts):
    """Skewed: the heavy accounts take ~40% of the deals; some deals name an orphan or none."""
    roll = rng.random()
    if roll < 0.03:
        return None
    if roll < 0.06:
        return rng.choice(ORPHAN_ACCOUNTS)
    if roll < 0.46:
        return rng.choices(HEAVY_ACCOUNTS, weights=[6, 3, 1])[0]
    ordinary = [a["account"] for a in accounts if a["account"] not in PLANTED_ACCOUNTS and a["account"] not in HEAVY_ACCOUNTS]
    return rng.choice(ordinary)


def pick_agent(rng, agents):
    roll = rng.random()
    if roll < 0.02:
        return None
    if roll < 0.04:
        return rng.choice(ORPHAN_AGENTS)
    return rng.choice(agents)["agent"]


def make_deal(rng, account, agent, close_day=None, force_values=False):
    """One deal. Closed deals (Won/Lost) have a close date; open ones have none; a deal without a
    stage has one half the time. `close_day` pins the close date; `force_values` leaves no
    value null (planted accounts)."""
    if close_day is not None or force_values:
        stage = rng.choice(["Won", "Lost"])
    else:
        stage = None if rng.random() < 0.02 else rng.choices(STAGES, weights=STAGE_WEIGHTS)[0]
    if close_day is None and (stage in ("Won", "Lost") or (stage is None and rng.random() < 0.5)):
        close_day = FIRST_DAY + dt.timedelta(days=rng.randint(0, SPAN_DAYS))
    # Engaged some days before closing; a few data-entry errors engage after closing.
    if close_day is not None:
        cycle = rng.randint(-5, -1) if rng.random() < 0.02 else int(rng.expovariate(1 / 45))
        engage_day = close_day - dt.timedelta(days=cycle)
    else:
        engage_day = FIRST_DAY + dt.timedelta(days=rng.randint(0, SPAN_DAYS))
    amount_roll = rng.random()
    if amount_roll < 0.04:
        amount = money(rng, -2500, -0.01)
    elif amount_roll < 0.05:
        amount = "0.00"
    else:
        amount = money(rng, 0.01, 25000) if rng.random() < 0.9 else money(rng, 25000, 250000)
    quantity_roll = rng.random()
    if quantity_roll < 0.05:
        quantity = rng.randint(-9, -1)
    elif quantity_roll < 0.08:
        quantity = 0
    else:
        quantity = rng.randint(1, 60)
    return {
        "deal_id": None,  # assigned after shuffling
        "account": account,
        "agent": agent,
        "product": rng.choice(PRODUCTS) if force_values else maybe(rng, 0.03, rng.choice(PRODUCTS)),
        "stage": stage,
        "source": maybe(rng, 0.05, rng.choice(SOURCES)),
        "priority": maybe(rng, 0.06, rng.choice(PRIORITIES)),
        "amount": amount if force_values else maybe(rng, 0.05, amount),
        "quantity": quantity if force_values else maybe(rng, 0.04, quantity),
        "discount": maybe(rng, 0.1, f"0.{rng.randint(0, 30):02d}"),
        "is_renewal": maybe(rng, 0.07, rng.random() < 0.3),
        "engage_date": engage_day.isoformat() if force_values else maybe(rng, 0.03, engage_day.isoformat()),
        "close_date": None if close_day is None else close_day.isoformat(),
    }


DEAL_COLUMNS = ["deal_id", "account", "agent", "product", "stage", "source", "priority", "amount",
                "quantity", "discount", "is_renewal", "engage_date", "close_date"]


# ---- orders: customers who come, order, leave and sometimes come back ---------------------------

ORDERS_FIRST_DAY = dt.date(2021, 3, 1)
# Mid-month, mid-quarter: the latest month, quarter, year and ISO week are all partial.
ORDERS_LAST_DAY = dt.date(2025, 2, 12)
CHANNELS = ["Web", "Store", "Phone"]
SEGMENTS = ["SMB", "Mid-market", "Enterprise"]
CUSTOMERS = 420
# Customers that orders name but customers.csv lacks.
ORPHAN_CUSTOMERS = ["C9001", "C9002"]


def month_start(day):
    return dt.date(day.year, day.month, 1)


def next_month(day):
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def make_customers_and_orders(rng):
    """Customers with a signup day, a monthly order rate and a monthly chance of leaving (a few
    come back months later), and their orders from 2021-03-01 to 2025-02-12. Orders name
    customers missing from customers.csv, no customer, or no date; some values are null,
    zero or negative (refunds)."""
    span = (ORDERS_LAST_DAY - ORDERS_FIRST_DAY).days
    customers, orders = [], []
    for number in range(1, CUSTOMERS + 1):
        signup = ORDERS_FIRST_DAY + dt.timedelta(days=int(span * rng.random() ** 1.3))
        customer = f"C{number:04d}"
        customers.append({
            "customer": customer,
            "segment": maybe(rng, 0.05, rng.choices(SEGMENTS, weights=[6, 3, 1])[0]),
            "signup_date": signup.isoformat(),
        })
        rate = rng.choice([0.4, 0.8, 1.2, 2.5])
        hazard = rng.uniform(0.04, 0.18)
        preferred = rng.choice(CHANNELS)
        month, active = month_start(signup), True
        while month <= ORDERS_LAST_DAY:
            if active:
                for _ in range(8):
                    if rng.random() < rate / 8:
                        first = max(month, signup)
                        last = min(next_month(month) - dt.timedelta(days=1), ORDERS_LAST_DAY)
                        if first > last:
                            continue
                        day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
                        orders.append(make_order(rng, customer, preferred, day))
                if rng.random() < hazard:
                    active = False
            elif rng.random() < 0.04:
                active = True
            month = next_month(month)
    for customer in ORPHAN_CUSTOMERS:
        for _ in range(6):
            day = ORDERS_FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
            orders.append(make_order(rng, customer, rng.choice(CHANNELS), day))
    for _ in range(12):
        day = ORDERS_FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        orders.append(make_order(rng, None, rng.choice(CHANNELS), day))
    for _ in range(9):
        orders.append(make_order(rng, rng.choice(customers)["customer"], rng.choice(CHANNELS), None))
    # The last day has orders whatever the seed, so the data ends exactly there.
    orders.append(make_order(rng, rng.choice(customers)["customer"], "Web", ORDERS_LAST_DAY))
    rng.shuffle(orders)
    for number, order in enumerate(orders, start=1):
        order["order_id"] = number
    return customers, orders


def make_order(rng, customer, preferred, day):
    roll = rng.random()
    if roll < 0.03:
        value = money(rng, -400, -1)
    elif roll < 0.04:
        value = "0.00"
    else:
        value = money(rng, 5, 900) if rng.random() < 0.9 else money(rng, 900, 6000)
    # Placed on the order day; shipped hours later, across midnight and month ends, a few
    # before they were placed (data-entry errors), some never.
    placed = shipped = None
    if day is not None:
        placed = dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=rng.randint(0, 86399))
        if rng.random() < 0.9:
            hours = -rng.uniform(0.1, 5) if rng.random() < 0.03 else rng.expovariate(1 / 30)
            shipped = placed + dt.timedelta(seconds=round(hours * 3600))
    return {
        "order_id": None,
        "customer": customer,
        "channel": maybe(rng, 0.03, preferred if rng.random() < 0.7 else rng.choice(CHANNELS)),
        "order_date": None if day is None else day.isoformat(),
        "order_value": maybe(rng, 0.02, value),
        "placed_at": None if placed is None else placed.strftime("%Y-%m-%d %H:%M:%S"),
        "shipped_at": None if shipped is None else shipped.strftime("%Y-%m-%d %H:%M:%S"),
    }


ORDER_COLUMNS = ["order_id", "customer", "channel", "order_date", "order_value", "placed_at", "shipped_at"]


def generate(out_dir, seed, rows):
    rng = random.Random(seed)
    teams = make_teams(rng)
    agents = make_agents(rng, teams)
    accounts = make_accounts(rng)

    deals = []
    for day in PINNED_CLOSE_DAYS:
        deals.append(make_deal(rng, pick_account(rng, accounts), pick_agent(rng, agents), close_day=day))
    for account, count in PLANTED_ACCOUNTS.items():
        for _ in range(count):
            deals.append(make_deal(rng, account, pick_agent(rng, agents), force_values=True))
    while len(deals) < rows:
        deals.append(make_deal(rng, pick_account(rng, accounts), pick_agent(rng, agents)))
    rng.shuffle(deals)
    # Ids are unique but not in file order.
    ids = rng.sample(range(100_000, 100_000 + 10 * len(deals)), len(deals))
    for deal, deal_id in zip(deals, ids):
        deal["deal_id"] = deal_id

    os.makedirs(out_dir, exist_ok=True)
    write_csv(os.path.join(out_dir, "deals.csv"), DEAL_COLUMNS, deals)
    write_csv(os.path.join(out_dir, "accounts.csv"), ["account", "sector", "country", "employees"], accounts)
    write_csv(os.path.join(out_dir, "agents.csv"), ["agent", "team", "hire_date"], agents)
    write_csv(os.path.join(out_dir, "teams.csv"), ["team", "manager", "region"], teams)
    # Orders come from a generator of their own, so that deals stay the same for a seed.
    customers, orders = make_customers_and_orders(random.Random(seed + 1))
    write_csv(os.path.join(out_dir, "orders.csv"), ORDER_COLUMNS, orders)
    write_csv(os.path.join(out_dir, "customers.csv"), ["customer", "segment", "signup_date"], customers)
    return {"deals": len(deals), "accounts": len(accounts), "agents": len(agents), "teams": len(teams),
            "orders": len(orders), "customers": len(customers)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="directory to write the CSV files into")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--rows", type=int, default=20_000, help="fact rows in deals.csv")
    args = parser.parse_args()
    counts = generate(args.out, args.seed, args.rows)
    print(", ".join(f"{name}: {count} rows" for name, count in counts.items()))


if __name__ == "__main__":
    main()
