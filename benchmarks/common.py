"""Small helpers shared by the benchmarks: percentiles and a Markdown table row."""
from __future__ import annotations

import statistics
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_row(label: str, samples_ms: list[float], total_seconds: float) -> str:
    rate = len(samples_ms) / total_seconds if total_seconds else 0.0
    return (f"| {label} | {len(samples_ms)} | {rate:,.0f}/s | {statistics.median(samples_ms):.2f} ms | "
            f"{percentile(samples_ms, 0.99):.2f} ms |")


TABLE_HEADER = "| what | n | throughput | p50 | p99 |\n|---|---:|---:|---:|---:|"


DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def postgres_database(base: str):
    """An empty schema of its own on the PostgreSQL at `base`, as a URL; None when not reachable
    (the benchmark then reports SQLite only). The schema is dropped afterwards."""
    schema = f"zbbench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f'create schema "{schema}"'))
    except Exception as exc:   # no PostgreSQL here
        print(f"(PostgreSQL not reachable: {type(exc).__name__})")
        yield None
        return
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()
