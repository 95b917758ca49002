"""Describe what imagecurator makes of each argument: as an image reference, a tag and a
namespace name.

    python examples/python/describe.py nginx:1.25 13-el8 a1b2c3-prod

With no arguments it describes a built-in list.
"""

from __future__ import annotations

import sys
from typing import List

import imagecurator as ic

DEFAULTS = [
    "nginx:1.25-alpine",
    "image-registry.openshift-image-registry.svc:5000/openshift/python:3.9-ubi8",
    "registry.example.com@evil.io/x",
    "13-el8",
    "2.9.0.GA",
    "a1b2c3-prod",
    "a1b2c3-production",
]


def as_reference(text: str) -> str:
    try:
        ref = ic.parse_reference(text)
    except ic.Error as err:
        return f"not a reference [{err.code}]"
    internal = f", image stream {ref.internal[0]}/{ref.internal[1]}" if ref.internal else ""
    return f"{ref} (familiar {ref.familiar}{internal})"


def as_tag(text: str) -> str:
    try:
        tag = ic.parse_tag(text)
    except ic.Error as err:
        return f"not a tag [{err.code}]"
    parts: List[str] = [tag.kind]
    if tag.release:
        parts.append("release " + ".".join(map(str, tag.release)))
    for label, value in (("pre-release", tag.prerelease), ("variant", tag.variant), ("qualifier", tag.qualifier)):
        if value is not None:
            parts.append(f"{label} {value}")
    return ", ".join(parts)


def as_namespace(text: str) -> str:
    try:
        ns = ic.parse_namespace(text)
    except ic.Error as err:
        return f"not a namespace [{err.code}]"
    plate = f"plate {ns.plate}, {ns.environment}" if ns.plate else "no licence plate"
    return f"{plate}; *-prod matches: {ic.NamespacePattern.glob('*-prod').matches(text)}"


def main(argv: List[str]) -> int:
    for text in argv or DEFAULTS:
        print(text)
        print(f"  reference: {as_reference(text)}")
        print(f"  tag:       {as_tag(text)}")
        print(f"  namespace: {as_namespace(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
