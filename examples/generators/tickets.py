#!/usr/bin/env python3
"""Seeded service desk tickets.

    python3 examples/generators/tickets.py --seed 1 --out examples/library/data

Writes tickets.csv, one row per ticket opened from 2023-01-02 to 2025-03-18 (the export was
taken that evening, so March 2025 and 2025-Q1 are partial, and the last tickets are still
waiting for an answer or a fix):

    ticket_id, customer, priority, channel, team, agent, opened, first_response, resolved,
    response_sla_hours, resolution_sla_hours

opened, first_response and resolved are timestamps (`2024-03-05 14:23:10`); first_response is
empty for a ticket nobody has answered yet, resolved for one still open. The targets depend on
the priority: P1 an answer within 1 hour and a fix within 8, P2 4 and 24, P3 8 and 72, P4 24
and 120 hours.

Tickets come mostly on working days and in office hours, more in January (after the holidays)
and around releases, and grow about 20% a year. Chat and phone are answered in minutes, email
and the portal in hours; nights, weekends and busy months are slower. Tier 1 takes P3 and P4,
Tier 2 P1 and P2.
"""

import datetime as dt
import random

from common import arguments, company_names, days, season, write_csv

FIRST_DAY = dt.date(2023, 1, 2)
EXPORTED = dt.datetime(2025, 3, 18, 18, 30)

PRIORITIES = {  # share, response target, resolution target (hours), median hours to fix
    "P1": (0.05, 1, 8, 5),
    "P2": (0.2, 4, 24, 14),
    "P3": (0.45, 8, 72, 30),
    "P4": (0.3, 24, 120, 50),
}
CHANNELS = {  # share, median minutes to a first answer in office hours
    "chat": (0.25, 6), "phone": (0.15, 3), "email": (0.4, 150), "portal": (0.2, 240),
}
AGENTS = {
    "Tier 1": ["Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Emma Weber", "Finn Larsen", "Grace Kim"],
    "Tier 2": ["Hugo Rossi", "Ines Costa", "Jonas Berg", "Kira Novak"],
}
# Release months: more tickets for a few weeks after each.
RELEASES = [dt.date(2023, 5, 8), dt.date(2023, 10, 16), dt.date(2024, 4, 22), dt.date(2024, 11, 4), dt.date(2025, 2, 24)]


def daily_mean(day):
    mean = 5.2 * season(day, 0.2, FIRST_DAY)
    if day.month == 1:
        mean *= 1.3
    if any(0 <= (day - release).days < 21 for release in RELEASES):
        mean *= 1.4
    if day.weekday() >= 5:
        mean *= 0.25
    return mean


def office_hours(moment):
    return moment.weekday() < 5 and 8 <= moment.hour < 18


def main():
    args = arguments(__doc__.splitlines()[0])
    rng = random.Random(args.seed)
    customers = company_names(rng, 260, ["Ltd", "Inc", "GmbH", "Co", "Group", "BV"])
    weights = [rng.paretovariate(1.5) for _ in customers]
    tickets = []
    for day in days(FIRST_DAY, EXPORTED.date()):
        busy = season(day)
        for _ in range(max(0, round(rng.gauss(daily_mean(day), daily_mean(day) ** 0.5)))):
            hour = rng.choice(range(8, 18)) if rng.random() < 0.85 else rng.randint(0, 23)
            opened = dt.datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), rng.randint(0, 59))
            if opened > EXPORTED:
                continue
            priority = rng.choices(list(PRIORITIES), weights=[p[0] for p in PRIORITIES.values()])[0]
            channel = rng.choices(list(CHANNELS), weights=[c[0] for c in CHANNELS.values()])[0]
            _, response_target, resolution_target, fix_hours = PRIORITIES[priority]
            team = "Tier 2" if priority in ("P1", "P2") else "Tier 1"
            minutes = CHANNELS[channel][1] * rng.lognormvariate(0, 0.8) * busy ** 2
            if priority == "P1":
                minutes *= 0.3
            if not office_hours(opened):
                # Out of hours, the answer waits for the next morning (P1 has an on-call).
                minutes += rng.uniform(60, 600) if priority == "P1" else rng.uniform(300, 2400)
            first_response = opened + dt.timedelta(minutes=minutes)
            resolved = first_response + dt.timedelta(hours=fix_hours * rng.lognormvariate(0, 0.9) * busy)
            if first_response > EXPORTED:
                first_response, resolved = None, None
            elif resolved > EXPORTED or rng.random() < 0.004:
                resolved = None  # still open (a few stay open for good)
            tickets.append({
                "customer": rng.choices(customers, weights=weights)[0], "priority": priority,
                "channel": channel, "team": team, "agent": rng.choice(AGENTS[team]),
                "opened": opened,
                "first_response": first_response.replace(microsecond=0) if first_response else None,
                "resolved": resolved.replace(microsecond=0) if resolved else None,
                "response_sla_hours": response_target, "resolution_sla_hours": resolution_target,
            })
    for number, ticket in enumerate(tickets, start=1):
        ticket["ticket_id"] = f"T-{number:05d}"
    write_csv(args.out, "tickets.csv",
              ["ticket_id", "customer", "priority", "channel", "team", "agent", "opened", "first_response",
               "resolved", "response_sla_hours", "resolution_sla_hours"], tickets)


if __name__ == "__main__":
    main()
