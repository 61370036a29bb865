"""Run every benchmark in this folder and print one Markdown table of their figures.

    python -m benchmarks.run            # quick mode: small workloads, a few minutes on 2 cores
    python -m benchmarks.run --full     # the workloads behind the README's performance table
    python -m benchmarks.run --only bench_turns

A benchmark is a module benchmarks/bench_*.py that prints Markdown tables. It may declare, at module
level, QUICK (the arguments of its quick mode) and NEEDS ("synapse" when it starts a homeserver).
They are read from the source, not imported, so a benchmark whose needs are missing is skipped with
a note instead of failing at import. Each one runs in its own process, so one cannot slow the next
(memory, garbage, threads). Benchmarks that also measure PostgreSQL say so and go on with SQLite
when the server is not reachable.
"""
from __future__ import annotations

import argparse
import ast
import importlib.util
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# What a benchmark can need beyond the bot's own packages, and how to get it.
REQUIREMENTS = {"synapse": ("synapse", "a Synapse homeserver: install the test extra (make test)")}


@dataclass
class Benchmark:
    name: str
    quick: list[str] = field(default_factory=list)
    needs: str | None = None

    def missing(self) -> str | None:
        """Why this benchmark cannot run here, or None."""
        if self.needs is None:
            return None
        module, how = REQUIREMENTS[self.needs]
        return None if importlib.util.find_spec(module) else f"needs {how}"


def declared(path: Path) -> Benchmark:
    values = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in ("QUICK", "NEEDS"):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return Benchmark(path.stem, list(values.get("QUICK", [])), values.get("NEEDS"))


def discover() -> list[Benchmark]:
    return [declared(path) for path in sorted(HERE.glob("bench_*.py"))]


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def tables(output: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(what, figures) for every row of every Markdown table in output, and the other lines (notes)."""
    rows, notes = [], []
    lines = output.splitlines()
    header: list[str] | None = None
    for index, line in enumerate(lines):
        if not line.startswith("|"):
            # A note between rows (progress, facts) does not end the table: only a new header does.
            if line.strip():
                notes.append(line.strip())
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following.startswith("|---") and not line.startswith("|---"):
            header = cells(line)
            continue
        if line.startswith("|---") or header is None:
            continue
        values = cells(line)
        figures = "; ".join(f"{name} {value}" for name, value in zip(header[1:], values[1:]))
        rows.append((values[0], figures))
    return rows, notes


def run(benchmark: Benchmark, full: bool) -> tuple[list[str], list[str]]:
    """Table rows and notes for one benchmark."""
    why_not = benchmark.missing()
    if why_not:
        return [f"| `{benchmark.name}` | skipped | {why_not} |"], []
    arguments = [] if full else benchmark.quick
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", f"benchmarks.{benchmark.name}", *arguments], cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [f"| `{benchmark.name}` | failed (exit {done.returncode}) | {last} |"], []
    rows, notes = tables(done.stdout)
    lines = [f"| `{benchmark.name}` | {what} | {figures} |" for what, figures in rows]
    return lines, [f"`{benchmark.name}` ({seconds:.0f} s): {note}" for note in notes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the full workloads instead of the quick mode")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    args = parser.parse_args(argv)
    chosen = [b for b in discover() if not args.only or b.name in args.only]
    print(f"{len(chosen)} benchmark(s), {'full' if args.full else 'quick'} mode", file=sys.stderr, flush=True)
    all_rows, all_notes, failed = [], [], 0
    for benchmark in chosen:
        print(f"running {benchmark.name} ...", file=sys.stderr, flush=True)
        rows, notes = run(benchmark, args.full)
        failed += sum("| failed (exit" in row for row in rows)
        all_rows += rows
        all_notes += notes
    print("| benchmark | what | figures |\n|---|---|---|")
    print("\n".join(all_rows))
    if all_notes:
        print()
        print("\n".join(f"- {note}" for note in all_notes))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
