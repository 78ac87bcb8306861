#!/usr/bin/env python3
"""Measure the REST API's latency on loopback: p50, p95 and p99 per endpoint and overall.

    .venv/bin/sitrep serve --port 8000 &            # over the demo store (make demo)
    .venv/bin/python scripts/api-latency.py --url http://127.0.0.1:8000 --requests 3000

A bounded load: at most --requests requests and --seconds of wall time, from --concurrency
threads with keep-alive connections, to a loopback address only. Each request is one of the
read endpoints the dashboard calls, in turn.
"""

from __future__ import annotations

import argparse
import ipaddress
import statistics
import sys
import threading
import time
from collections import defaultdict
from urllib.parse import urlsplit

import httpx

PATHS = [
    "/articles?limit=50",
    "/events?limit=1000",
    "/events?actor=PRK&date_from=2024-10-01&date_to=2025-03-31",
    "/figures?limit=1000",
    "/figures?category=killed&actor=PRK",
    "/claims?limit=100",
    "/actors?limit=50",
    "/places?limit=1000",
    "/stories?limit=200",
    "/stories?kind=figure&conflicting=true",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    host = urlsplit(args.url).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        parser.error("--url must be a loopback address (127.0.0.1, ::1 or localhost)")
    total = max(1, min(args.requests, 100_000))

    # Warm up: the first call of each endpoint builds caches (stories) and connections.
    with httpx.Client(base_url=args.url, timeout=30) as client:
        for path in PATHS:
            client.get(path).raise_for_status()
        article = client.get("/articles?limit=1").json()["items"][0]["id"]
        story = client.get("/stories?limit=1").json()["items"][0]["id"]
    paths = [*PATHS, f"/articles/{article}", f"/stories/{story}"]

    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    counter = iter(range(total))
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def worker() -> None:
        with httpx.Client(base_url=args.url, timeout=30) as client:
            while time.monotonic() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                path = paths[n % len(paths)]
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings[path].append(elapsed)
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code}")

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(max(1, args.concurrency))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started

    everything = [t for values in timings.values() for t in values]
    print(
        f"{len(everything)} requests in {wall:.1f} s ({len(everything) / wall:.0f}/s), "
        f"concurrency {args.concurrency}, {len(failures)} non-200"
    )
    print(f"{'endpoint':58} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for path in paths:
        values = timings.get(path, [])
        if values:
            print(
                f"{path[:58]:58} {len(values):5d} {statistics.median(values):8.1f} "
                f"{percentile(values, 0.95):8.1f} {percentile(values, 0.99):8.1f}"
            )
    print(
        f"{'all':58} {len(everything):5d} {statistics.median(everything):8.1f} "
        f"{percentile(everything, 0.95):8.1f} {percentile(everything, 0.99):8.1f}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
