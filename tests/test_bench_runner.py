"""`make bench` finds every benchmark, reads its quick mode and needs, and gathers its tables."""
from pathlib import Path

from benchmarks.run import discover, tables

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_every_benchmark_is_found_with_a_quick_mode():
    found = {b.name: b for b in discover()}
    assert set(found) == {p.stem for p in BENCHMARKS.glob("bench_*.py")}
    assert all(b.quick for b in found.values()), [n for n, b in found.items() if not b.quick]
    assert found["bench_matrix"].needs == "synapse"


def test_rows_of_every_table_are_kept_and_notes_between_rows_do_not_end_a_table():
    output = ("| what | n | p99 |\n|---|---:|---:|\n(27 agenda items)\n| agenda (SQLite) | 20 | 26 ms |\n\n"
              "| database | processes | lost |\n|---|---:|---:|\n| SQLite | 2 | 0 |\n")
    rows, notes = tables(output)
    assert rows == [("agenda (SQLite)", "n 20; p99 26 ms"), ("SQLite", "processes 2; lost 0")]
    assert notes == ["(27 agenda items)"]
