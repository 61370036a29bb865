"""Time of the understanding layer per question (p50, p99) and the build time of its index.

Run from the repository root:  python -m benchmarks.bench_understanding [--rounds N]

The index is built lazily on the first question; its build (reading the topic TOML files, stemming,
n-grams, TF-IDF and the topic centroids) is timed once and reported apart. The rows time
`understand()` as a caller sees it: safety rules, fact rules and retrieval over every topic, on the
held-out question set of the tests (nl and en). The machine's other load shows in p99; the
"fastest of N" row takes each question's best time, which shows the matcher's own cost.
"""
from __future__ import annotations

import argparse
from time import perf_counter, perf_counter_ns

from benchmarks.common import TABLE_HEADER, summary_row

# Quick mode for `make bench` (benchmarks/run.py): the same measurement on a smaller workload.
QUICK = ["--rounds", "1"]


def _samples(understand, questions, rounds: int) -> tuple[list[float], float]:
    samples_ms: list[float] = []
    started = perf_counter()
    for _ in range(rounds):
        for lang, text, _expected in questions:
            t0 = perf_counter_ns()
            understand(text, lang)
            samples_ms.append((perf_counter_ns() - t0) / 1e6)
    return samples_ms, perf_counter() - started


def _cold(understand):
    """understand() with the stemmer cache emptied first, as for a question with unseen words."""
    from dialogues.understanding import text  # noqa: PLC0415

    def call(message, lang):
        text.stem.cache_clear()
        return understand(message, lang)
    return call


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=5, help="passes over the question set")
    rounds = args.parse_args(argv).rounds

    t0 = perf_counter_ns()
    import dialogues.understanding as understanding  # noqa: PLC0415 - the import is what is being timed
    t_import = perf_counter_ns() - t0
    t0 = perf_counter_ns()
    understanding.warm_up()
    t_build = perf_counter_ns() - t0
    index = understanding._index()

    from tests.understanding.heldout import LANGS, SETS, heldout_questions, set_questions  # noqa: PLC0415
    questions = heldout_questions()
    correct = sum(understanding.understand(text, lang).topic == expected for lang, text, expected in questions)
    per_set = []
    for name in SETS:
        for lang in LANGS:
            subset = set_questions(name, lang)
            right = sum(understanding.understand(text, lang).topic == expected for _, text, expected in subset)
            per_set.append(f"{name}.{lang} {right}/{len(subset)} = {right / len(subset):.1%}")
    dangers = [(lang, text) for lang, text, expected in questions if expected == "safety.acute"]
    caught = sum(understanding.understand(text, lang).safety for lang, text in dangers)

    by_lang = {lang: [q for q in questions if q[0] == lang] for lang in ("nl", "en")}
    unknown = [(None, text, expected) for _, text, expected in questions]
    rows = [summary_row("understand(), all questions", *_samples(understanding.understand, questions, rounds))]
    for lang, subset in by_lang.items():
        rows.append(summary_row(f"understand(), {lang}", *_samples(understanding.understand, subset, rounds)))
    rows.append(summary_row("understand(), language unknown", *_samples(understanding.understand, unknown, rounds)))
    rows.append(summary_row("understand(), cold stem cache (new words)",
                            *_samples(_cold(understanding.understand), questions, 1)))
    fastest = [min(s) for s in zip(*[_samples(understanding.understand, questions, 1)[0] for _ in range(rounds)])]
    rows.append(summary_row(f"understand(), fastest of {rounds} per question (less machine noise)",
                            fastest, sum(fastest) / 1000))

    print(f"Index: {len(index.phrasings)} phrasings, {len(understanding.topic_ids())} topics; "
          f"import {t_import / 1e6:.1f} ms, index build {t_build / 1e6:.1f} ms")
    print(f"Held-out top-1: {correct}/{len(questions)} = {correct / len(questions):.1%}")
    print("Per set: " + "; ".join(per_set))
    print(f"Children in danger in the sets answered safety first: {caught}/{len(dangers)}")
    print()
    print(TABLE_HEADER)
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
