"""Small helpers shared by the benchmarks: percentiles and a Markdown table row."""
from __future__ import annotations

import statistics


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_row(label: str, samples_ms: list[float], total_seconds: float) -> str:
    rate = len(samples_ms) / total_seconds if total_seconds else 0.0
    return (f"| {label} | {len(samples_ms)} | {rate:,.0f}/s | {statistics.median(samples_ms):.2f} ms | "
            f"{percentile(samples_ms, 0.99):.2f} ms |")


TABLE_HEADER = "| what | n | throughput | p50 | p99 |\n|---|---:|---:|---:|---:|"
