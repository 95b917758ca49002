// WASM batch calls under Node over the benchmark inputs: per-item cost of parseReferences and
// parseTags, for the whole million in one call and in calls of 10,000 (a cluster's worth of
// pods), where the million results no longer outlive V8's young generation.
//   node --expose-gc scripts/bench/batch.mjs INPUT_DIR
import { readFileSync } from "node:fs";
import ic from "../../bindings-wasm/js/node.mjs";

const dir = process.argv[2] ?? "target/bench-inputs";
const references = readFileSync(`${dir}/references.txt`, "utf8").split("\n");
const tags = readFileSync(`${dir}/tags.txt`, "utf8").split("\n");

function bestNsPerItem(fn, items, chunk) {
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    // Collect the previous run's objects first, so a run pays only for its own.
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    let seen = 0;
    for (let i = 0; i < items.length; i += chunk) seen += fn(items.slice(i, i + chunk)).length;
    best = Math.min(best, Number(process.hrtime.bigint() - start) / items.length);
    if (seen !== items.length) throw new Error("lost items");
  }
  return best;
}

for (const chunk of [references.length, 10_000]) {
  const r = bestNsPerItem(ic.parseReferences, references, chunk);
  const t = bestNsPerItem(ic.parseTags, tags, chunk);
  console.log(`wasm batch (node), ${chunk} per call: references ${r.toFixed(0)} ns/item, tags ${t.toFixed(0)} ns/item`);
}
