// WASM batch calls under Node over the benchmark inputs: per-item cost of parseReferences /
// parseTags.   node scripts/bench/batch.mjs INPUT_DIR
import { readFileSync } from "node:fs";
import ic from "../../bindings-wasm/js/node.mjs";

const dir = process.argv[2] ?? "target/bench-inputs";
const references = readFileSync(`${dir}/references.txt`, "utf8").split("\n");
const tags = readFileSync(`${dir}/tags.txt`, "utf8").split("\n");

function bestNsPerItem(fn, items) {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    const out = fn(items);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / items.length);
    if (out.length !== items.length) throw new Error("lost items");
  }
  return best;
}

const r = bestNsPerItem(ic.parseReferences, references);
const t = bestNsPerItem(ic.parseTags, tags);
console.log(`wasm batch (node): references ${r.toFixed(0)} ns/item, tags ${t.toFixed(0)} ns/item (${references.length} each)`);
