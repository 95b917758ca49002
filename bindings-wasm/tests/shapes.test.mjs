// The TypeScript declarations describe what the module really returns: every output of every
// shared conformance case (and the bundled cluster's audit) is written into a TypeScript file
// as an object literal assigned to the declared type, and tsc checks it. Object literals get
// excess-property checks, so a key the declaration lacks fails as surely as a missing one or a
// value of the wrong type.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ic from "../js/node.mjs";
import { runners, withFixtures } from "./runners.mjs";

const here = new URL("..", import.meta.url).pathname;
const root = new URL("../../tests/conformance/", import.meta.url).pathname;
const readFixture = (path) => readFileSync(new URL(`../../../shared/fixtures/${path}`, import.meta.url), "utf8");
const run = runners(ic);

// The declared type of each topic's output.
const declared = {
  "references/parse": "ReferenceInfo",
  "references/names_registry": "boolean",
  "references/scope": "boolean",
  "tags/parse": "TagInfo",
  "tags/sort": "string[]",
  "tags/compare": '"less" | "equal" | "greater" | null',
  "tags/packed": "PackedNameInfo | null",
  "namespaces/parse": "NamespaceInfo",
  "namespaces/pattern": "boolean",
  "namespaces/selector": "boolean",
  "retention/plan": "RetentionPlan",
  "policy/load": "Policy",
  "naming/stream": "Finding[]",
  "naming/namespace": "Finding[]",
  "naming/tag": "Finding[]",
  "audit/run": "AuditReport",
  "audit/scans": "AuditReport",
  "policy/export": "AdmissionObject[]",
  "policy/scan_gate": "AdmissionObject[]",
};

/** `[type, value]` for every output a person can get back from the module. */
function outputs() {
  const out = [];
  for (const area of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, area)).sort()) {
      const topic = `${area}/${file.replace(/\.json$/, "")}`;
      for (const c of JSON.parse(readFileSync(join(root, area, file), "utf8")).cases) {
        if ("ok" in c.expect) out.push([declared[topic], run[topic](withFixtures(c.input, readFixture)), `${topic}:${c.id}`]);
      }
    }
  }
  const cluster = JSON.parse(readFileSync(new URL("../../examples/inventory/cluster.json", import.meta.url), "utf8"));
  out.push(["AuditReport", ic.audit(null, cluster), "the bundled cluster"]);
  out.push(["Policy", ic.defaultPolicy(), "defaultPolicy()"]);
  out.push(["RetentionPolicy", ic.defaultRetentionPolicy(), "defaultRetentionPolicy()"]);
  const conflicting = { catalog: { openshift: { remove: ["php", "cli"] } } };
  out.push(["PolicyConflict[]", ic.policyConflicts(conflicting), "policyConflicts()"]);
  out.push(["ErrorCode[]", ic.errorCodes(), "errorCodes()"]);
  out.push(["FindingCode[]", ic.findingCodes(), "findingCodes()"]);
  return out;
}

test("every declared output shape matches what the module returns", () => {
  const missing = Object.keys(run).filter((topic) => !(topic in declared));
  assert.deepEqual(missing, [], "a conformance topic without a declared type");
  const cases = outputs();
  assert.ok(cases.length > 100, `only ${cases.length} outputs`);
  const lines = [
    "import type * as ic from \"../pkg/node/imagecurator.js\";",
    "type AuditReport = ic.AuditReport; type RetentionPlan = ic.RetentionPlan; type Policy = ic.Policy;",
    "type RetentionPolicy = ic.RetentionPolicy; type Finding = ic.Finding; type PolicyConflict = ic.PolicyConflict;",
    "type ReferenceInfo = ic.ReferenceInfo; type TagInfo = ic.TagInfo; type NamespaceInfo = ic.NamespaceInfo;",
    "type PackedNameInfo = ic.PackedNameInfo; type ErrorCode = ic.ErrorCode; type FindingCode = ic.FindingCode;",
    "type AdmissionObject = ic.AdmissionObject;",
  ];
  for (const [i, [type, value, id]] of cases.entries()) {
    lines.push(`// ${id}`, `export const v${i}: ${type} = ${JSON.stringify(value)};`);
  }
  const dir = mkdtempSync(join(here, ".shapes-"));
  try {
    writeFileSync(join(dir, "outputs.ts"), lines.join("\n") + "\n");
    const tsc = join(here, "node_modules", "typescript", "bin", "tsc");
    const args = [tsc, "--noEmit", "--strict", "--exactOptionalPropertyTypes", "--target", "ES2022",
      "--module", "NodeNext", "--moduleResolution", "NodeNext", "--lib", "ES2022",
      join(dir, "outputs.ts")];
    let report = "";
    try {
      execFileSync(process.execPath, args, { cwd: here, encoding: "utf8", stdio: "pipe" });
    } catch (err) {
      report = `${err.stdout}${err.stderr}`;
    }
    assert.equal(report, "", "the declarations disagree with the module's output");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
