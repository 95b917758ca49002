// The shared conformance cases under tests/conformance, run through the WASM build in Node.
// The same files run in Rust (core/tests/conformance.rs), Python
// (bindings-python/tests/test_conformance.py) and Chromium (browser.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ic from "../js/node.mjs";
import { runners, check, withFixtures } from "./runners.mjs";

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
