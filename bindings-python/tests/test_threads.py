"""Long calls release the GIL while Rust works, so automation's thread pools run them in parallel.

Deterministic, not timed: with the switch interval set very long, a thread holding the GIL keeps
it until it blocks or lets go. The main thread starts a worker that calls into imagecurator and
waits for it to begin. If the call releases the GIL, the main thread runs while the worker is
still inside Rust and finds no result yet; if it held the GIL, the main thread could only run
once the worker had finished. A call that holds the GIL can never pass; a short call that
releases it may lose the race for the GIL to its own worker (the main thread must first be
woken), so each call gets a few tries.
"""

import json
import sys
import threading
from typing import Any, Callable, List

import pytest

import imagecurator as ic
from conftest import ROOT

CLUSTER = (ROOT / "examples" / "inventory" / "cluster.json").read_text()
STREAMS = json.loads(CLUSTER)["imagestreams"]
TAGS = [f"{i % 97}.{i % 13}.{i}" for i in range(200_000)]
POLICY = {"version": 1, "retention": {"keep": 5}}

CALLS = {
    "sort_tags": lambda: ic.sort_tags(TAGS),
    "parse_tags": lambda: ic.parse_tags(TAGS),
    "parse_references": lambda: ic.parse_references(TAGS),
    "parse_namespaces": lambda: ic.parse_namespaces(TAGS),
    "plan_retention": lambda: ic.plan_retention(STREAMS, now="2026-01-01T00:00:00Z"),
    "plan_retention from text": lambda: ic.plan_retention(json.dumps(STREAMS), now="2026-01-01T00:00:00Z"),
    "audit": lambda: ic.audit(None, CLUSTER),
    "Policy": lambda: ic.Policy(POLICY),
}


def runs_while_the_main_thread_runs(call: Callable[[], Any]) -> bool:
    result: List[Any] = []
    begun = threading.Event()

    def work() -> None:
        begun.set()
        result.append(call())

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        begun.wait()
        overlapped = not result  # the worker has not finished, yet this thread runs
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    assert result, "the call returned nothing"
    return overlapped


@pytest.mark.parametrize("name", sorted(CALLS))
def test_long_calls_release_the_gil(name: str) -> None:
    tries = (runs_while_the_main_thread_runs(CALLS[name]) for _ in range(20))
    assert any(tries), f"{name} held the GIL throughout"


def test_the_check_notices_a_call_that_holds_the_gil() -> None:
    # A pure-Python call never lets go under a long switch interval: the check must say so.
    assert not any(runs_while_the_main_thread_runs(lambda: sum(range(200_000))) for _ in range(5))
