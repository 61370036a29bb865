"""Throughput and latency of the due-date parser (dialogues.dates).

Run from the repository root:  python -m benchmarks.bench_dates [--rounds N]

First-load costs (importing the module, building the grammar, loading dateparser and its language
data) are measured once and reported separately; the table rows measure steady state.  "cold
cache" rows clear the grammar's syntax cache before every call, which is the honest figure for
phrases never seen before; "warm" rows let the cache work, as it does for a running bot.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from datetime import datetime
from time import perf_counter_ns
from zoneinfo import ZoneInfo

# Quick mode for `make bench` (benchmarks/run.py): the same measurement on a smaller workload.
QUICK = ["--rounds", "20"]

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=TZ)

PHRASES = [
    ("nl", "vrijdag"), ("nl", "op vrijdag"), ("nl", "volgende week dinsdag"),
    ("nl", "dinsdag over een week"), ("nl", "vandaag"), ("nl", "morgen"), ("nl", "overmorgen"),
    ("nl", "over 2 weken"), ("nl", "over drie dagen"), ("nl", "binnen een week"),
    ("nl", "15 december"), ("nl", "15-12"), ("nl", "15/12"), ("nl", "15-12-2026"),
    ("nl", "2026-12-15"), ("nl", "15 dec"), ("nl", "morgen 9:00"), ("nl", "vrijdag 14.30"),
    ("nl", "vrijdag om 14 uur"), ("nl", "eind van de week"), ("nl", "31 februari"),
    ("nl", "morgen om half 3"), ("en", "friday"), ("en", "next Tuesday"), ("en", "on monday"),
    ("en", "tomorrow"), ("en", "in 2 weeks"), ("en", "in three days"), ("en", "december 15"),
    ("en", "tomorrow 9am"), ("en", "friday at 2pm"), ("en", "end of the week"), ("en", "12/03"),
]

COMMANDS = [
    ("nl", "@anna huisbezoek plannen Z-17 vrijdag"),
    ("nl", "@me bel ouders over 2 weken"),
    ("nl", "@piet gesprek met mentor en ouders volgende week dinsdag om 14.30"),
    ("nl", "@anna zorgplan bijwerken Z-17 15-12"),
    ("nl", "@me verslag schrijven voor het ZAT"),  # no date
    ("nl", "@anna gesprek groep 7/8"),  # no date (a class)
    ("nl", "@me bel moeder morgen 9:00"),
    ("en", "@me call parents next Tuesday 9:00"),
    ("en", "@anna home visit Z-17 tomorrow 9am"),
    ("en", "@me send the report to the GP"),  # no date
]

# Phrases only dateparser understands (the fallback of parse_when) and plain non-dates.
FALLBACK = [("nl", "december 2026"), ("en", "next month"), ("nl", "bel ouders"),
            ("en", "call parents")]


def _measure(fn, items, rounds: int, before_each=None) -> list[int]:
    samples: list[int] = []
    for _ in range(rounds):
        for item in items:
            if before_each is not None:
                before_each()
            t0 = perf_counter_ns()
            fn(item)
            samples.append(perf_counter_ns() - t0)
    return samples


def _row(name: str, samples: list[int]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) / 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] / 1000
    per_sec = len(samples) / (sum(samples) / 1e9)
    return f"| {name} | {len(samples)} | {per_sec:,.0f} | {p50:.1f} | {p99:.1f} |"


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=200, help="passes over each phrase list")
    rounds = args.parse_args(argv).rounds

    t0 = perf_counter_ns()
    from dialogues import dates  # noqa: PLC0415 - the import is what is being timed
    t_import = perf_counter_ns() - t0
    t0 = perf_counter_ns()
    dates.parse_when("morgen", now=NOW, tz=TZ, lang="nl")
    dates.parse_when("tomorrow", now=NOW, tz=TZ, lang="en")
    t_grammar = perf_counter_ns() - t0
    dateparser_loaded = "dateparser" in sys.modules
    t0 = perf_counter_ns()
    dates.warm_up(["nl", "en"])
    t_dateparser = perf_counter_ns() - t0

    parse = lambda item: dates.parse_when(item[1], now=NOW, tz=TZ, lang=item[0])  # noqa: E731
    split = lambda item: dates.split_trailing_when(  # noqa: E731
        item[1], now=NOW, tz=TZ, lang=item[0])
    clear = dates._parse_phrase.cache_clear

    # one untimed pass so that caches of Python itself (regex, zoneinfo) are warm
    for item in PHRASES:
        parse(item)
    for item in COMMANDS:
        split(item)

    rows = [
        _row("parse_when, grammar phrases, warm cache", _measure(parse, PHRASES, rounds)),
        _row("parse_when, grammar phrases, cold cache", _measure(parse, PHRASES, rounds, clear)),
        _row("split_trailing_when, command lines, warm cache", _measure(split, COMMANDS, rounds)),
        _row("split_trailing_when, command lines, cold cache",
             _measure(split, COMMANDS, rounds, clear)),
        _row("parse_when, dateparser fallback / non-dates",
             _measure(parse, FALLBACK, max(1, rounds // 4))),
    ]

    print(f"First load: import dialogues.dates {t_import / 1e6:.1f} ms; "
          f"grammar build + first nl/en parse {t_grammar / 1e6:.1f} ms; "
          f"dateparser import + nl/en language data {t_dateparser / 1e6:.1f} ms"
          f"{' (dateparser was already imported)' if dateparser_loaded else ''}")
    print()
    print("| workload | calls | per second | p50 µs | p99 µs |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
