// The shared conformance cases under tests/conformance, run through the WASM build in Node.
// The same files run in Rust (core/tests/conformance.rs) and Python
// (bindings-python/tests/test_conformance.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ic from "../js/node.mjs";

const root = new URL("../../tests/conformance/", import.meta.url).pathname;

const compare = { "-1": "less", 0: "equal", 1: "greater", null: null };

const runners = {
  "references/parse": (i) => ic.parseReference(i),
  "references/scope": (i) => new ic.RegistryScope(i.scope).allows(i.reference),
  "tags/parse": (i) => ic.parseTag(i),
  "tags/sort": (i) => ic.sortTags(i),
  "tags/compare": (i) => compare[ic.compareTags(i.a, i.b)],
  "tags/packed": (i) => ic.splitPackedName(i),
  "namespaces/parse": (i) => ic.parseNamespace(i),
  "namespaces/pattern": (i) => new ic.NamespacePattern(i.pattern).matches(i.name),
  "namespaces/selector": (i) => new ic.NamespaceSelector(i.include, i.exclude).matches(i.name),
  "retention/plan": (i) => ic.planRetention(i.streams, i.policy, i.in_use, i.templates, i.now),
};

function subset(expected, actual) {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    return actual !== null && typeof actual === "object" &&
      Object.entries(expected).every(([k, v]) => k in actual && subset(v, actual[k]));
  }
  return JSON.stringify(expected) === JSON.stringify(actual);
}

const topics = [];
for (const area of readdirSync(root).sort()) {
  for (const file of readdirSync(join(root, area)).sort()) {
    topics.push([`${area}/${file.replace(/\.json$/, "")}`, JSON.parse(readFileSync(join(root, area, file), "utf8"))]);
  }
}

test("every topic has a runner", () => {
  assert.deepEqual(topics.map(([t]) => t).sort(), Object.keys(runners).sort());
});

for (const [topic, doc] of topics) {
  for (const c of doc.cases) {
    test(`${topic}:${c.id}`, () => {
      const run = runners[topic];
      if (c.expect.error) {
        assert.throws(() => run(c.input), (err) => {
          assert.ok(err instanceof Error, "errors are Error objects");
          assert.equal(err.code, c.expect.error.code);
          return true;
        });
      } else {
        const actual = run(c.input);
        assert.ok(subset(c.expect.ok, actual), `expected ${JSON.stringify(c.expect.ok)}, got ${JSON.stringify(actual)}`);
      }
    });
  }
}
