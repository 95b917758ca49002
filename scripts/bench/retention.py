"""Retention over the synthetic cluster core/benches/retention.rs writes (10,000 streams, a
million tags, half of them aliases): the Python binding's end-to-end call, and a plain Python
implementation of the core rule (images ranked by `packaging.version`, newest 3 kept, aliases
and tags that are not versions kept) over the same data.

    python3 scripts/bench/retention.py INPUT_DIR
"""

import gc
import json
import resource
import sys
import time
from pathlib import Path

from packaging.version import InvalidVersion, Version

import imagecurator as ic

NOW = "2026-11-29T00:00:00Z"
FLOATING = {"latest", "stable", "dev", "test", "prod"}


def plain_python_plan(streams: list, keep: int = 3) -> int:
    """The core of the rule in plain Python; returns how many tags it prunes."""
    pruned = 0
    for stream in streams:
        image_of = {t["tag"]: t["items"][0]["image"] for t in stream["status"]["tags"] if t.get("items")}
        best: dict = {}
        held = set()
        for tag, image in image_of.items():
            try:
                version = Version(tag)
            except InvalidVersion:
                held.add(image)  # not a version: the version rule leaves it, and its image, alone
                continue
            if tag in FLOATING:
                held.add(image)
            if image not in best or version > best[image]:
                best[image] = version
        ranked = sorted(best, key=best.__getitem__, reverse=True)
        kept = set(ranked[:keep]) | held
        pruned += sum(1 for image in image_of.values() if image not in kept)
    return pruned


def touch_every_tag(streams: list) -> int:
    """The least any plan over these dicts must do: read each tag's name, image and creation
    time once, and nothing else. Its time bounds how much faster than the plain-Python rule any
    implementation taking these dicts can be."""
    seen = 0
    for stream in streams:
        for t in stream["status"]["tags"]:
            for item in t.get("items") or ():
                seen += len(t["tag"]) + len(item["image"]) + len(item.get("created") or "")
                break
    return seen


def timed(fn):
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench-inputs")
    streams = json.loads((d / "streams.json").read_text())
    tags = sum(len(s["status"]["tags"]) for s in streams)
    plan, binding = timed(lambda: ic.plan_retention(streams, in_use=[], now=NOW))  # nothing runs
    totals = plan.totals
    _, plain = timed(lambda: plain_python_plan(streams))
    _, floor = timed(lambda: touch_every_tag(streams))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"python: {tags} tags in {len(streams)} streams; plan_retention end to end {binding * 1e3:.0f} ms "
        f"({totals['pruned']} pruned); plain Python with packaging.version {plain * 1e3:.0f} ms "
        f"(imagecurator {plain / binding:.1f}x faster); peak memory {peak:.0f} MiB"
    )
    print(
        f"  reading each tag's name, image and created once, and nothing else: {floor * 1e3:.0f} ms, "
        f"so no implementation taking these dicts can be more than {plain / floor:.0f}x faster than plain Python"
    )


if __name__ == "__main__":
    main()
