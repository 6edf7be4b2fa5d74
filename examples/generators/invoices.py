#!/usr/bin/env python3
"""Seeded receivables and payables: the invoices a company sends and the ones it receives.

    python3 examples/generators/invoices.py --seed 1 --out examples/library/data

Writes two files, from 2023-01-02 to 2025-03-31 (the books are closed on 2025-03-31: a payment
after that day is not known yet, so that invoice is still open):

customer_invoices.csv (receivables), one row per invoice sent:
    invoice_id, customer, segment, region, issued, due, paid, amount, disputed
  Customers arrive over the two years and some leave. Each pays in its own way (early, on
  time, a little or very late); a disputed invoice is paid weeks later; a few are never paid.
  Terms are 30 days for small businesses, 45 for the mid-market, 60 for enterprises.

supplier_invoices.csv (payables), one row per invoice received:
    invoice_id, supplier, category, supplier_ref, received, approved, due, paid, amount,
    touches, processing_cost, duplicate_of, status
  `touches` is how many times a person handled the invoice: 0 is straight-through (matched to
  its purchase order and approved without anyone), more when prices, quantities or orders do
  not match; each touch delays approval and costs. `processing_cost` is what handling the
  invoice cost. Some suppliers send an invoice twice: the copy (same supplier_ref and amount,
  received days or weeks later) has `duplicate_of` set to the first one's id, as the audit
  found it; most copies are caught (status `rejected`), some are paid twice. Payments run on
  Tuesdays and Fridays. status: paid, open (approved or waiting, not paid by 2025-03-31),
  rejected.

Both have the months' seasonality of common.py (quarter ends and year ends are busy, August
quiet) and grow about 15% a year. Weekends have no invoices.
"""

import datetime as dt
import random

from common import arguments, company_names, days, money, poisson, season, write_csv

FIRST_DAY = dt.date(2023, 1, 2)
BOOKS_CLOSED = dt.date(2025, 3, 31)

SEGMENTS = {  # terms in days, invoices per customer per working day, median amount
    "SMB": (30, 0.035, 900),
    "Mid-market": (45, 0.05, 4200),
    "Enterprise": (60, 0.06, 18000),
}
REGIONS = ["North", "South", "East", "West"]
# How a customer pays, in days after the due date: (mean, spread, share of customers).
PAYERS = [(-8, 4, 0.25), (-2, 2, 0.4), (7, 5, 0.22), (28, 12, 0.13)]

CATEGORIES = {  # median amount, share of suppliers
    "Raw materials": (6500, 0.25), "Logistics": (1800, 0.2), "IT": (3200, 0.15),
    "Facilities": (900, 0.15), "Marketing": (2600, 0.1), "Professional services": (7500, 0.15),
}


def working_days():
    return [day for day in days(FIRST_DAY, BOOKS_CLOSED) if day.weekday() < 5]


def receivables(rng):
    customers = []
    for name in company_names(rng, 140, ["Ltd", "Inc", "GmbH", "Co", "Group"]):
        segment = rng.choices(list(SEGMENTS), weights=[6, 3, 1])[0]
        mean, spread, _ = rng.choices(PAYERS, weights=[p[2] for p in PAYERS])[0]
        # A third are customers from the start; the rest arrive over the two years.
        start = FIRST_DAY if rng.random() < 0.35 else FIRST_DAY + dt.timedelta(days=rng.randint(0, 760))
        # About one in four leaves at some point.
        end = start + dt.timedelta(days=rng.randint(90, 700)) if rng.random() < 0.27 else None
        customers.append({"name": name, "segment": segment, "region": rng.choice(REGIONS),
                          "mean": mean, "spread": spread, "start": start, "end": end,
                          "disputes": rng.choice([0.01, 0.03, 0.08])})
    invoices = []
    for day in working_days():
        for customer in customers:
            if day < customer["start"] or (customer["end"] and day > customer["end"]):
                continue
            terms, rate, median = SEGMENTS[customer["segment"]]
            for _ in range(poisson(rng, rate * season(day, 0.15, FIRST_DAY))):
                amount = round(median * rng.lognormvariate(0, 0.6), 2)
                disputed = rng.random() < customer["disputes"]
                due = day + dt.timedelta(days=terms)
                delay = rng.gauss(customer["mean"], customer["spread"])
                if disputed:
                    delay += rng.randint(20, 60)
                paid = due + dt.timedelta(days=round(delay))
                paid = max(paid, day + dt.timedelta(days=1))
                if rng.random() < 0.01 or paid > BOOKS_CLOSED:
                    paid = None
                invoices.append({"customer": customer["name"], "segment": customer["segment"],
                                 "region": customer["region"], "issued": day, "due": due, "paid": paid,
                                 "amount": money(amount), "disputed": disputed})
    for number, invoice in enumerate(invoices, start=1):
        invoice["invoice_id"] = f"AR-{number:05d}"
    return invoices


def payment_run(day):
    """The first Tuesday or Friday on or after `day`."""
    while day.weekday() not in (1, 4):
        day += dt.timedelta(days=1)
    return day


def payables(rng):
    suppliers = []
    for name in company_names(rng, 70, ["Supply", "Services", "Partners", "Works", "AG"]):
        category = rng.choices(list(CATEGORIES), weights=[c[1] for c in CATEGORIES.values()])[0]
        suppliers.append({"name": name, "category": category, "terms": rng.choice([30, 30, 45, 60]),
                          # Suppliers on e-invoicing with purchase orders go straight through most often.
                          "clean": rng.choice([0.25, 0.5, 0.75, 0.9]),
                          "rate": rng.uniform(0.02, 0.12), "duplicates": rng.choice([0, 0, 0.02, 0.06]),
                          "next_ref": rng.randint(1000, 90000)})
    invoices = []
    for day in working_days():
        for supplier in suppliers:
            for _ in range(poisson(rng, supplier["rate"] * season(day, 0.15, FIRST_DAY))):
                median = CATEGORIES[supplier["category"]][0]
                supplier["next_ref"] += rng.randint(1, 7)
                invoice = {"supplier": supplier["name"], "category": supplier["category"],
                           "supplier_ref": f"{supplier['name'][:3].upper()}-{supplier['next_ref']}",
                           "received": day, "amount": money(round(median * rng.lognormvariate(0, 0.7), 2)),
                           "duplicate_of": None}
                invoices.append(invoice)
                if rng.random() < supplier["duplicates"]:
                    copy = dict(invoice, received=day + dt.timedelta(days=rng.randint(5, 40)))
                    if copy["received"].weekday() < 5 and copy["received"] <= BOOKS_CLOSED:
                        copy["duplicate_of"] = invoice
                        invoices.append(copy)
    invoices.sort(key=lambda invoice: invoice["received"])
    for number, invoice in enumerate(invoices, start=1):
        invoice["invoice_id"] = f"AP-{number:05d}"
    by_supplier = {supplier["name"]: supplier for supplier in suppliers}
    for invoice in invoices:
        supplier = by_supplier[invoice["supplier"]]
        # Busy months leave more exceptions unhandled for longer.
        busy = season(invoice["received"])
        touches = 0 if rng.random() < supplier["clean"] else min(1 + poisson(rng, 1.2 * busy), 8)
        lag = rng.randint(0, 1) if touches == 0 else sum(rng.randint(1, 4) for _ in range(touches))
        approved = invoice["received"] + dt.timedelta(days=lag)
        invoice["touches"] = touches
        invoice["processing_cost"] = money(round((2.4 if touches == 0 else 8.5 + 6.2 * touches) * rng.uniform(0.85, 1.15), 2))
        invoice["due"] = invoice["received"] + dt.timedelta(days=supplier["terms"])
        original = invoice["duplicate_of"]
        invoice["duplicate_of"] = original["invoice_id"] if original else None
        if original and rng.random() < 0.65:
            # Caught: the copy is rejected when someone looks at it.
            invoice["approved"], invoice["paid"], invoice["status"] = None, None, "rejected"
            invoice["touches"] = max(touches, 1)
            continue
        # Paid in the first payment run after approval, and not long before it is due.
        paid = payment_run(max(approved, invoice["due"] - dt.timedelta(days=5)))
        if rng.random() < 0.04:
            paid = payment_run(paid + dt.timedelta(days=rng.randint(5, 30)))  # a held payment
        if approved > BOOKS_CLOSED:
            approved = None
        invoice["approved"] = approved
        invoice["paid"] = paid if paid <= BOOKS_CLOSED else None
        invoice["status"] = "paid" if invoice["paid"] else "open"
    return invoices


def main():
    args = arguments(__doc__.splitlines()[0])
    rng = random.Random(args.seed)
    write_csv(args.out, "customer_invoices.csv",
              ["invoice_id", "customer", "segment", "region", "issued", "due", "paid", "amount", "disputed"],
              receivables(rng))
    write_csv(args.out, "supplier_invoices.csv",
              ["invoice_id", "supplier", "category", "supplier_ref", "received", "approved", "due", "paid", "amount",
               "touches", "processing_cost", "duplicate_of", "status"],
              payables(random.Random(args.seed + 1)))


if __name__ == "__main__":
    main()
