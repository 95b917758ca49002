// The shared conformance cases under tests/conformance, run through the WASM build in Node.
// The same files run in Rust (core/tests/conformance.rs), Python
// (bindings-python/tests/test_conformance.py) and Chromium (browser.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ic from "../js/node.mjs";
import { runners, check, withFixtures, subset } from "./runners.mjs";

const root = new URL("../../tests/conformance/", import.meta.url).pathname;
const fixtures = new URL("../../../shared/fixtures/", import.meta.url).pathname;
const readFixture = (path) => readFileSync(join(fixtures, path), "utf8");
const run = runners(ic);

const topics = [];
for (const area of readdirSync(root).sort()) {
  for (const file of readdirSync(join(root, area)).sort()) {
    topics.push([`${area}/${file.replace(/\.json$/, "")}`, JSON.parse(readFileSync(join(root, area, file), "utf8"))]);
  }
}

test("every topic has a runner", () => {
  assert.deepEqual(topics.map(([t]) => t).sort(), Object.keys(run).sort());
});

for (const [topic, doc] of topics) {
  for (const c of doc.cases) {
    test(`${topic}:${c.id}`, () => {
      assert.equal(check(run[topic], { ...c, input: withFixtures(c.input, readFixture) }), null);
    });
  }
}

test("the matcher reads objects by key, inside arrays too, as Rust and Python do", () => {
  assert.equal(subset({ a: [{ x: 1, y: 2 }] }, { a: [{ y: 2, x: 1 }], b: 3 }), true);
  assert.equal(subset({ a: [{ x: 1 }] }, { a: [{ x: 1, y: 2 }] }), false, "inside an array, the whole element");
  assert.equal(subset({ a: [1, 2] }, { a: [2, 1] }), false, "arrays in order");
  assert.equal(subset({ a: null }, { a: 0 }), false);
});
