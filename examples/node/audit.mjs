// Node example: audit a cluster's image data against the image-management policy, through the
// WASM build.
//   node examples/node/audit.mjs [--policy ours.json] [FILE ...]
// Each file holds what `oc get -o json` prints, or a keyed inventory; each object goes where
// its kind belongs. With no file, the bundled examples/inventory/cluster.json is used.
import { readFileSync } from "node:fs";
import ic from "../../bindings-wasm/js/node.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--policy");
const policy = at >= 0 ? JSON.parse(readFileSync(args.splice(at, 2)[1], "utf8")) : null;
const paths = args.length ? args : [new URL("../inventory/cluster.json", import.meta.url)];
const documents = paths.map((path) => JSON.parse(readFileSync(path, "utf8")));
const inventory = documents.length === 1 ? documents[0] : documents;
try {
  const report = ic.audit(policy, inventory);
  const { errors, warnings, infos } = report.summary;
  console.log(`audit: ${errors} errors, ${warnings} warnings, ${infos} info`);
  for (const f of report.findings.filter((f) => f.severity !== "info")) {
    console.log(`  ${f.severity.padEnd(7)} ${f.code.padEnd(27)} ${f.subject}`);
  }
  for (const plan of report.catalog) {
    console.log(`samples Config for ${plan.namespace}: skips ${plan.samples_config.spec.skippedImagestreams.length} image streams`);
  }
  console.log(`retention: prune ${report.retention.totals.pruned} of ${report.retention.totals.tags} tags`);
} catch (err) {
  console.error(`audit: ${err.code}${err.path ? ` at ${err.path}` : ""}: ${err.message}`);
  process.exit(2);
}
