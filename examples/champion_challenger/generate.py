#!/usr/bin/env python3
"""Sample debtors and events for the champion/challenger example.

Writes `debtors.csv` (profiles) and `events.jsonl` (the event stream, in time
order) for early-stage consumer debt in Chile, March and April 2026. Same
seed, same bytes: the files in `data/` are this script's output with the
defaults, and a test regenerates them to prove it.

What the stream holds, per debtor, drawn from fixed probabilities: promises
to pay (most kept by a payment before the due date, some broken), partial and
full payments, WhatsApp link clicks, calls made by agents outside the flows
(which count toward Ley 19.496's weekly cap), disputes, SMS opt-outs, and
suits served; and email opens, which no flow handles but every history keeps.

Usage: generate.py [--debtors N] [--seed S] [--out DIR]
"""

import argparse
import datetime as dt
import json
import os
import random

START = dt.datetime(2026, 3, 2, 13, 0, tzinfo=dt.timezone.utc)  # 10:00 in Santiago.
DAYS = 56


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def business_moment(rng, day_from, day_to):
    """A time between 09:00 and 19:00 Santiago (UTC-3 or -4) on a day in range."""
    day = rng.randint(day_from, day_to)
    minutes = rng.randint(12 * 60, 22 * 60 - 1)  # 12:00Z..21:59Z
    return START.replace(hour=0) + dt.timedelta(days=day, minutes=minutes)


def debtor_events(rng, debtor_id, balance_cents, optin):
    events = []

    def add(moment, event, fields=None):
        line = {"debtor": debtor_id, "at": stamp(moment), "event": event}
        if fields:
            line["fields"] = fields
        events.append((moment, debtor_id, len(events), line))

    if "whatsapp" in optin and rng.random() < 0.35:
        add(business_moment(rng, 0, 2), "contact.clicked", {"channel": "whatsapp", "template": "link_de_pago"})
    if "email" in optin and rng.random() < 0.45:
        add(business_moment(rng, 0, 4), "contact.opened", {"channel": "email", "template": "aviso_deuda"})
    if rng.random() < 0.08:
        add(business_moment(rng, 1, 40), "contact.attempt", {"channel": "voice", "template": "llamada_manual"})
    if rng.random() < 0.30:
        promised_at = business_moment(rng, 1, 30)
        full = rng.random() < 0.6
        amount = balance_cents if full else balance_cents // 2
        due = (promised_at + dt.timedelta(days=rng.randint(3, 10))).date()
        add(promised_at, "promise", {"amount": money(amount), "due": due.isoformat()})
        if rng.random() < 0.65:
            paid_at = promised_at + dt.timedelta(days=rng.randint(0, (due - promised_at.date()).days),
                                                 minutes=rng.randint(1, 240))
            late = (paid_at - START).days
            add(paid_at, "payment", {"amount": money(amount), "method": rng.choice(["webpay", "transferencia", "caja"]),
                                      "days_late": late})
    elif rng.random() < 0.12:
        paid_at = business_moment(rng, 2, 50)
        amount = balance_cents if rng.random() < 0.5 else balance_cents // 4
        add(paid_at, "payment", {"amount": money(amount), "method": "transferencia", "days_late": (paid_at - START).days})
    if rng.random() < 0.02:
        add(business_moment(rng, 1, 45), "dispute", {"reason": "monto incorrecto", "written": rng.random() < 0.5})
    if "sms" in optin and rng.random() < 0.03:
        add(business_moment(rng, 1, 30), "opt_out", {"channel": "sms"})
    if rng.random() < 0.01:
        add(business_moment(rng, 10, 50), "served_in_suit")
    return events


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debtors", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    options = parser.parse_args()

    rng = random.Random(options.seed)
    os.makedirs(options.out, exist_ok=True)
    all_events = []
    with open(os.path.join(options.out, "debtors.csv"), "w", encoding="utf-8", newline="\n") as profiles:
        profiles.write("id,balance,dpd,payment_link,tz,optin\n")
        for number in range(1, options.debtors + 1):
            debtor_id = f"CL-{number:06d}"
            balance_cents = rng.randint(50, 6000) * 10000  # 5.000 to 600.000 pesos.
            dpd = rng.choice([0, 3, 5, 8, 12, 20, 35, 60])
            optin = [channel for channel, share in
                     (("email", 0.95), ("sms", 0.8), ("whatsapp", 0.6), ("voice", 0.7), ("voicebot", 0.4))
                     if rng.random() < share]
            link = f"https://pago.example.cl/x/{number:06d}"
            profiles.write(f"{debtor_id},{money(balance_cents)},{dpd},{link},America/Santiago,{'|'.join(optin)}\n")
            all_events.extend(debtor_events(rng, debtor_id, balance_cents, optin))

    all_events.sort(key=lambda entry: (entry[0], entry[1], entry[2]))
    with open(os.path.join(options.out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as stream:
        for _, _, _, line in all_events:
            stream.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
