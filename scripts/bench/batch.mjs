// WASM batch calls under Node over the benchmark inputs: per-item cost of parseReferences and
// parseTags, for the whole million in one call and in calls of 100,000, 10,000 (a cluster's
// worth of pods) and 1,000, where fewer results must outlive V8's young generation. Then, for
// calls of 10,000, the two parts of that cost: joining and encoding the inputs in JavaScript,
// and the call into the module alone (the parse in WASM).
//   node --expose-gc scripts/bench/batch.mjs INPUT_DIR
import { readFileSync } from "node:fs";
import ic from "../../bindings-wasm/js/node.mjs";
import raw from "../../bindings-wasm/pkg/node/imagecurator.js";
import { encodeInputs } from "../../bindings-wasm/js/batch.mjs";

const dir = process.argv[2] ?? "target/bench-inputs";
const references = readFileSync(`${dir}/references.txt`, "utf8").split("\n");
const tags = readFileSync(`${dir}/tags.txt`, "utf8").split("\n");

/** The fastest of five runs of `run`, in ns per item of `count`. */
function bestNs(run, count) {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    // Collect the previous run's objects first, so a run pays only for its own.
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / count);
  }
  return best;
}

function bestNsPerItem(fn, items, chunk) {
  let seen = 0;
  const best = bestNs(() => {
    for (let i = 0; i < items.length; i += chunk) seen += fn(items.slice(i, i + chunk)).length;
  }, items.length);
  if (seen !== 5 * items.length) throw new Error("lost items");
  return best;
}

for (const chunk of [references.length, 100_000, 10_000, 1_000]) {
  const r = bestNsPerItem(ic.parseReferences, references, chunk);
  const t = bestNsPerItem(ic.parseTags, tags, chunk);
  console.log(`wasm batch (node), ${chunk} per call: references ${r.toFixed(0)} ns/item, tags ${t.toFixed(0)} ns/item`);
}

// The module's input buffer is one, so each chunk is encoded into it just before its call: the
// WASM call alone is the difference between encoding and calling, and encoding alone.
for (const [what, items, pack] of [["references", references, raw.__packReferences], ["tags", tags, raw.__packTags]]) {
  const chunks = [];
  for (let i = 0; i < items.length; i += 10_000) chunks.push(items.slice(i, i + 10_000));
  const lengths = chunks.map((c) => Uint32Array.from(c, (t) => t.length));
  const encode = (c, k) => encodeInputs(raw, c, lengths[k]);
  const encoded = bestNs(() => chunks.forEach(encode), items.length);
  const called = bestNs(() => chunks.forEach((c, k) => pack(encode(c, k), lengths[k])), items.length);
  console.log(`  of which, ${what}: join and encode ${encoded.toFixed(0)} ns/item, the WASM call alone ${(called - encoded).toFixed(0)} ns/item`);
}

// What any list-returning call of a million pays in V8 before it parses anything: a million
// small objects (here with two private fields, as a view has) that outlive the call.
class TwoFields {
  #table;
  #i;
  constructor(table, i) {
    this.#table = table;
    this.#i = i;
  }
}
const million = references.length;
const objects = bestNs(() => {
  const out = new Array(million);
  for (let i = 0; i < million; i++) out[i] = new TwoFields(out, i);
}, million);
console.log(`  for scale: a million two-field objects kept in one array cost ${objects.toFixed(0)} ns each to make`);
