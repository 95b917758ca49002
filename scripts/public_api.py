#!/usr/bin/env python3
"""The public API of the core crate, one item a line, from rustdoc's JSON.

    python3 scripts/public_api.py            # print the API
    python3 scripts/public_api.py --check    # fail when it differs from core/public-api.txt
    python3 scripts/public_api.py --write    # accept a change on purpose: rewrite the snapshot

Every item a user can name from `imagecurator::` is listed with its signature: types, their
public fields and variants, inherent methods, the traits each type implements, functions and
constants. The hidden `bindings` module is left out: it serves the bindings and changes with
them. rustdoc's JSON output is unstable in name only; `RUSTC_BOOTSTRAP=1` lets the stable
toolchain write it, and the format version is checked so that a new toolchain's output is not
misread.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "core" / "public-api.txt"
TARGET = ROOT / "target" / "public-api"
FORMAT_VERSIONS = {57}
# Traits every type gets from the compiler or a blanket impl: listing them says nothing.
AUTO_TRAITS = {"Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe", "Freeze"}

Item = Dict[str, Any]


def rustdoc_json() -> Dict[str, Any]:
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    command = ["cargo", "rustdoc", "-q", "-p", "imagecurator", "--lib", "--target-dir", str(TARGET),
               "--", "-Z", "unstable-options", "--output-format", "json"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    doc: Dict[str, Any] = json.loads((TARGET / "doc" / "imagecurator.json").read_text())
    if doc["format_version"] not in FORMAT_VERSIONS:
        sys.exit(f"public_api: rustdoc JSON format {doc['format_version']} is new to this script; "
                 f"check its output, then add the version to FORMAT_VERSIONS")
    return doc


class Api:
    def __init__(self, doc: Dict[str, Any]) -> None:
        self.index: Dict[str, Item] = doc["index"]
        self.lines: List[str] = []
        self.seen: set[str] = set()

    def item(self, id_: Any) -> Optional[Item]:
        return self.index.get(str(id_))

    # Types, as Rust spells them.
    def ty(self, t: Any) -> str:
        if t is None:
            return "()"
        (kind, v), = t.items()
        if kind == "primitive":
            return str(v)
        if kind == "generic":
            return str(v)
        if kind == "resolved_path":
            return v["path"].split("::")[-1] + self.args(v.get("args"))
        if kind == "borrowed_ref":
            life = f"{v['lifetime']} " if v.get("lifetime") else ""
            return f"&{life}{'mut ' if v['is_mutable'] else ''}{self.ty(v['type'])}"
        if kind == "slice":
            return f"[{self.ty(v)}]"
        if kind == "array":
            return f"[{self.ty(v['type'])}; {v['len']}]"
        if kind == "tuple":
            return "(" + ", ".join(self.ty(x) for x in v) + ")"
        if kind == "impl_trait":
            return "impl " + " + ".join(self.bound(b) for b in v)
        if kind == "dyn_trait":
            return "dyn " + " + ".join(self.ty({"resolved_path": p["trait"]}) for p in v["traits"])
        if kind == "qualified_path":
            return f"<{self.ty(v['self_type'])}>::{v['name']}"
        if kind == "raw_pointer":
            return f"*{'mut' if v['is_mutable'] else 'const'} {self.ty(v['type'])}"
        if kind == "function_pointer":
            sig = v["sig"]
            return "fn(" + ", ".join(self.ty(x) for _, x in sig["inputs"]) + ")" + self.output(sig["output"])
        return kind

    def args(self, args: Any) -> str:
        if not args or "angle_bracketed" not in args:
            if args and "parenthesized" in args:
                p = args["parenthesized"]
                return "(" + ", ".join(self.ty(x) for x in p["inputs"]) + ")" + self.output(p["output"])
            return ""
        ab = args["angle_bracketed"]
        parts = []
        for a in ab["args"]:
            (kind, v), = a.items()
            parts.append(self.ty(v) if kind == "type" else str(v) if kind == "lifetime" else json.dumps(v))
        for c in ab.get("constraints", []):
            binding = c.get("binding", {})
            if "equality" in binding:
                parts.append(f"{c['name']} = {self.ty(binding['equality'].get('type'))}")
        return "<" + ", ".join(parts) + ">" if parts else ""

    def bound(self, b: Any) -> str:
        if "trait_bound" in b:
            return self.ty({"resolved_path": b["trait_bound"]["trait"]})
        if "outlives" in b:
            return str(b["outlives"])
        return json.dumps(b)

    def output(self, out: Any) -> str:
        return "" if out is None else f" -> {self.ty(out)}"

    def generics(self, g: Dict[str, Any]) -> str:
        params = []
        for p in g["params"]:
            kind = p["kind"]
            if "lifetime" in kind:
                params.append(p["name"])
            elif "type" in kind:
                if kind["type"].get("is_synthetic"):
                    continue  # `impl Trait` in argument position, shown there
                bounds = kind["type"]["bounds"]
                params.append(p["name"] + (": " + " + ".join(self.bound(b) for b in bounds) if bounds else ""))
            elif "const" in kind:
                params.append(f"const {p['name']}: {self.ty(kind['const']['type'])}")
        where = []
        for w in g.get("where_predicates", []):
            if "bound_predicate" in w:
                bp = w["bound_predicate"]
                where.append(f"{self.ty(bp['type'])}: " + " + ".join(self.bound(b) for b in bp["bounds"]))
        text = "<" + ", ".join(params) + ">" if params else ""
        return text, (" where " + ", ".join(where) if where else "")

    def fn(self, path: str, f: Dict[str, Any]) -> str:
        params, where = self.generics(f["generics"])
        inputs = ", ".join(self.param(name, t) for name, t in f["sig"]["inputs"])
        return f"pub fn {path}{params}({inputs}){self.output(f['sig']['output'])}{where}"

    def param(self, name: str, t: Any) -> str:
        spelled = self.ty(t)
        if name == "self" and spelled in ("Self", "&Self", "&mut Self"):
            return spelled.replace("Self", "self")  # `&self`, as written
        return f"{name}: {spelled}"

    def emit(self, line: str) -> None:
        if line not in self.seen:
            self.seen.add(line)
            self.lines.append(line)

    # Items.
    def module(self, prefix: str, module: Item) -> None:
        for child_id in module["inner"]["module"]["items"]:
            child = self.item(child_id)
            if child is None or child["visibility"] != "public":
                continue
            if "use" in child["inner"]:
                use = child["inner"]["use"]
                target = self.item(use["id"]) if use["id"] is not None else None
                if target is None or target["crate_id"] != 0:
                    self.emit(f"pub use {prefix}::{use['name']} = {use['source']}")
                    continue
                self.visit(f"{prefix}::{use['name']}", target)
            else:
                self.visit(f"{prefix}::{child['name']}", child)

    def visit(self, path: str, item: Item) -> None:
        (kind, inner), = item["inner"].items()
        if kind == "module":
            self.emit(f"pub mod {path}")
            self.module(path, item)
        elif kind == "function":
            self.emit(self.fn(path, inner))
        elif kind == "constant":
            self.emit(f"pub const {path}: {self.ty(inner['type'])}")
        elif kind == "static":
            self.emit(f"pub static {path}: {self.ty(inner['type'])}")
        elif kind in ("struct", "enum"):
            params, where = self.generics(inner["generics"])
            self.emit(f"pub {kind} {path}{params}{where}")
            if kind == "struct":
                fields = inner["kind"].get("plain", {}).get("fields", [])
                for fid in fields:
                    field = self.item(fid)
                    if field and field["visibility"] == "public":
                        self.emit(f"pub field {path}::{field['name']}: {self.ty(field['inner']['struct_field'])}")
            else:
                for vid in inner["variants"]:
                    variant = self.item(vid)
                    if variant:
                        self.emit(f"pub variant {path}::{variant['name']}")
            if "non_exhaustive" in json.dumps(item.get("attrs", [])):
                self.emit(f"#[non_exhaustive] {path}")
            self.impls(path, inner["impls"])
        elif kind == "type_alias":
            self.emit(f"pub type {path} = {self.ty(inner['type'])}")
        elif kind == "trait":
            self.emit(f"pub trait {path}")
        else:
            self.emit(f"pub {kind} {path}")

    def impls(self, path: str, impl_ids: List[Any]) -> None:
        for iid in impl_ids:
            impl = self.item(iid)
            if impl is None:
                continue
            i = impl["inner"]["impl"]
            if i["is_synthetic"] or i["blanket_impl"] is not None:
                continue
            if i["trait"] is not None:
                trait = self.ty({"resolved_path": i["trait"]})
                if trait.split("<")[0] not in AUTO_TRAITS:
                    self.emit(f"impl {trait} for {path}")
                continue
            for mid in i["items"]:
                m = self.item(mid)
                if m is None or m["visibility"] != "public":
                    continue
                (mkind, minner), = m["inner"].items()
                if mkind == "function":
                    self.emit(self.fn(f"{path}::{m['name']}", minner))
                elif mkind == "assoc_const":
                    self.emit(f"pub const {path}::{m['name']}: {self.ty(minner['type'])}")


def listing() -> str:
    doc = rustdoc_json()
    api = Api(doc)
    api.module("imagecurator", api.index[str(doc["root"])])
    return "\n".join(sorted(api.lines)) + "\n"


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    text = listing()
    if mode == "--write":
        SNAPSHOT.write_text(text)
        print(f"public_api: wrote {SNAPSHOT.relative_to(ROOT)} ({text.count(chr(10))} items)")
        return 0
    if mode == "--check":
        want = SNAPSHOT.read_text() if SNAPSHOT.exists() else ""
        if text == want:
            print(f"public_api: the API matches {SNAPSHOT.relative_to(ROOT)} ({text.count(chr(10))} items)")
            return 0
        diff = difflib.unified_diff(want.splitlines(), text.splitlines(), "core/public-api.txt", "the crate", lineterm="")
        print("\n".join(diff))
        print("public_api: the public API changed; if on purpose, run `python3 scripts/public_api.py --write`",
              file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
