"""sort_tags of a million mixed tags from Python, set against `packaging.version` parsing and
sorting the same list in the same run (issue 13's figures: under 0.3 s, and at least 10x).

    python scripts/bench/sort_tags.py [COUNT]

The tags are the shapes real registries hold: releases of two and three parts, pre-releases
(semver and PEP 440), rebuilds, Temurin updates, Bitnami and CI build counters, variant lines,
dates, commit ids and floating words. `packaging` rejects many of them; those are left out of
its sort (it is given only what it can read), which flatters it. A second list of as many tags,
all different, shows the cost without repeats.
"""

from __future__ import annotations

import random
import sys
import time
from typing import Callable

import imagecurator as ic

try:
    from packaging.version import InvalidVersion, Version
except ImportError:  # pragma: no cover - the comparison is skipped without packaging
    Version = None  # type: ignore[assignment,misc]


def tags(count: int) -> list[str]:
    rng = random.Random(13)
    shapes = [
        lambda: f"{rng.randrange(30)}.{rng.randrange(30)}",
        lambda: f"{rng.randrange(30)}.{rng.randrange(30)}.{rng.randrange(30)}",
        lambda: f"v{rng.randrange(9)}.{rng.randrange(30)}.{rng.randrange(30)}",
        lambda: f"{rng.randrange(9)}.{rng.randrange(30)}.{rng.randrange(9)}-rc.{rng.randrange(9)}",
        lambda: f"3.{rng.randrange(13)}.0{rng.choice('ab')}{rng.randrange(9)}",
        lambda: f"8.{rng.randrange(10)}-{rng.randrange(400)}",
        lambda: f"17.0.{rng.randrange(12)}_{rng.randrange(30)}-jre-alpine",
        lambda: f"1.{rng.randrange(30)}.{rng.randrange(9)}-debian-12-r{rng.randrange(90)}",
        lambda: f"3.10-master-{rng.randrange(100, 5000)}",
        lambda: f"{rng.randrange(9, 22)}-el{rng.randrange(7, 10)}",
        lambda: f"20{rng.randrange(10, 26)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}",
        lambda: f"{rng.getrandbits(28):07x}",
        lambda: rng.choice(["latest", "stable", "edge", "nightly"]),
    ]
    return [rng.choice(shapes)() for _ in range(count)]


def best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    data = tags(count)
    ours = best_of(3, lambda: ic.sort_tags(data))
    print(f"imagecurator sort_tags: {count} tags ({len(set(data))} distinct) in {ours * 1e3:.0f} ms")
    # Every tag different: no repeats to read once, the slowest case for the same count.
    distinct = [f"{i // 1000 % 100}.{i % 1000}.{i // 100_000}" if i % 3 else f"{i:07x}a" for i in range(count)]
    apart = best_of(3, lambda: ic.sort_tags(distinct))
    print(f"imagecurator sort_tags: {count} distinct tags in {apart * 1e3:.0f} ms")
    if Version is None:
        print("packaging is not installed: no comparison")
        return

    def packaging_sort() -> None:
        parsed = []
        for t in data:
            try:
                parsed.append(Version(t))
            except InvalidVersion:
                pass
        parsed.sort()

    theirs = best_of(3, packaging_sort)
    readable = sum(1 for t in data[:100_000] if _reads(t)) / min(count, 100_000)
    print(
        f"packaging.version parse and sort: {theirs * 1e3:.0f} ms (it reads {readable:.0%} of the tags); "
        f"imagecurator is {theirs / ours:.1f}x faster"
    )


def _reads(tag: str) -> bool:
    try:
        Version(tag)
        return True
    except InvalidVersion:
        return False


if __name__ == "__main__":
    main()
