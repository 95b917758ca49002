// The JavaScript API as a user meets it: plain objects, thrown Error objects, batches, classes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import ic from "../js/node.mjs";

test("references are plain objects with snake_case keys and nulls", () => {
  const r = ic.parseReference("nginx:1.25");
  assert.deepEqual(r, {
    canonical: "docker.io/library/nginx:1.25",
    name: "docker.io/library/nginx",
    domain: "docker.io",
    host: "docker.io",
    port: null,
    path: "library/nginx",
    tag: "1.25",
    digest: null,
    familiar: "nginx:1.25",
    familiar_name: "nginx",
    internal: null,
  });
  assert.deepEqual(
    ic.parseReference("image-registry.openshift-image-registry.svc:5000/openshift/cli:latest").internal,
    { namespace: "openshift", stream: "cli" },
  );
});

test("errors are Error objects with name, code and offset", () => {
  assert.throws(() => ic.parseReference("quay.io/Team/app"), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.name, "InvalidReference");
    assert.equal(err.code, "uppercase_repository");
    assert.equal(err.offset, 8);
    assert.match(err.message, /quay\.io\/Team\/app/);
    return true;
  });
  assert.throws(() => ic.parseNamespace(""), { name: "InvalidNamespace", code: "empty_namespace", offset: null });
  assert.throws(() => ic.NamespacePattern.regex("("), { name: "InvalidPattern", code: "invalid_regex" });
  assert.throws(() => new ic.RegistryScope("nginx"), { name: "InvalidScope", code: "invalid_scope" });
});

test("wrong argument types throw instead of crashing", () => {
  assert.throws(() => ic.parseReference(5));
  assert.throws(() => ic.sortTags("1.0"));
  // The module still works afterwards.
  assert.equal(ic.parseTag("1.0").kind, "loose");
});

test("batches keep order and put errors in place", () => {
  const out = ic.parseReferences(["nginx", "Bad", "quay.io/a/b"]);
  assert.equal(out[0].canonical, "docker.io/library/nginx");
  assert.ok(out[1] instanceof Error);
  assert.equal(out[1].code, "uppercase_repository");
  assert.equal(out[2].domain, "quay.io");
  const tags = ic.parseTags(["13-el8", ""]);
  assert.equal(tags[0].variant, "el8");
  assert.equal(tags[1].code, "invalid_tag");
  assert.equal(ic.parseNamespaces(["a1b2c3-prod"])[0].plate, "a1b2c3");
  assert.deepEqual(new ic.RegistryScope("docker.io").allowsAll(["nginx", "quay.io/a/b"]), [true, false]);
});

test("tags sort and compare", () => {
  assert.deepEqual(ic.sortTags(["1.10", "latest", "1.9", "13-el8"]), ["1.9", "1.10", "13-el8", "latest"]);
  assert.equal(ic.compareTags("1.0.0-rc10", "1.0.0-rc9"), 1);
  assert.equal(ic.compareTags("1.2", "1.2.0"), 0);
  assert.equal(ic.compareTags("13-el8", "13"), null);
  assert.deepEqual(ic.parseTag("v3.12.1-rc.2-ubi8").release, [3, 12, 1]);
});

test("patterns, selectors and scopes", () => {
  const prod = ic.NamespacePattern.glob("*-prod");
  assert.equal(prod.matches("a1b2c3-prod"), true);
  assert.equal(prod.matches("a1b2c3-production"), false);
  assert.deepEqual(prod.filter(["a-prod", "b-dev"]), ["a-prod"]);
  assert.equal(prod.toString(), "glob:*-prod");
  assert.equal(prod.kind, "glob");
  assert.equal(ic.NamespacePattern.environment("prod").matches("abc123-prod"), true);
  const selector = new ic.NamespaceSelector(["*-prod"], ["legacy-*"]);
  assert.deepEqual(selector.filter(["a-prod", "legacy-prod"]), ["a-prod"]);
  assert.equal(new ic.NamespaceSelector(["*"]).matches("x"), true);
  const scope = new ic.RegistryScope("registry.example.com/team");
  assert.equal(scope.allows("registry.example.com/team/app:1"), true);
  assert.equal(scope.allows("registry.example.com.evil.io/team/app"), false);
  assert.throws(() => scope.allows("registry.example.com@evil.io/x"), { code: "invalid_digest" });
});

/** The codes a shared list under tests/ holds, and the string members of a `.d.ts` union. */
const listedCodes = (file) => JSON.parse(readFileSync(new URL(`../../tests/${file}`, import.meta.url), "utf8")).codes;
const unionMembers = (name) => {
  const dts = readFileSync(new URL("../pkg/node/imagecurator.d.ts", import.meta.url), "utf8");
  return [...dts.split(`export type ${name} =`)[1].split(";")[0].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
};

test("error codes match the shared list and the TypeScript union", () => {
  const listed = listedCodes("error-codes.json");
  assert.deepEqual(ic.errorCodes(), listed);
  assert.deepEqual(unionMembers("ErrorCode"), listed);
});

test("each error area's name is in the TypeScript union, and errors carry it", () => {
  const dts = readFileSync(new URL("../pkg/node/imagecurator.d.ts", import.meta.url), "utf8");
  const union = dts.split("interface ImageCuratorError extends Error {")[1].split(";")[0];
  assert.deepEqual([...union.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]), ic.errorClasses());
  assert.throws(() => ic.parseTag(""), { name: "InvalidTag", code: "invalid_tag" });
});

test("finding codes match the shared list and the TypeScript union", () => {
  const listed = listedCodes("finding-codes.json");
  assert.deepEqual(ic.findingCodes(), listed);
  assert.deepEqual(unionMembers("FindingCode"), listed);
});

test("batch views keep their own copy of the inputs and print as plain objects", async () => {
  const texts = ["index.docker.io/nginx:1", "localhost:5000/a/b", "1.2.3-rc.1", "a1b2c3-dev"];
  const [legacy, local] = ic.parseReferences(texts.slice(0, 2));
  const [tag] = ic.parseTags([texts[2]]);
  const input = [texts[3]];
  const [ns] = ic.parseNamespaces(input);
  input[0] = "changed";
  assert.equal(legacy.canonical, "docker.io/library/nginx:1");
  assert.equal(legacy.familiar, "nginx:1");
  assert.equal(local.port, 5000);
  assert.deepEqual(tag.release, [1, 2, 3]);
  assert.equal(ns.name, "a1b2c3-dev");
  const { inspect } = await import("node:util");
  assert.equal(inspect(ns), inspect({ name: "a1b2c3-dev", plate: "a1b2c3", environment: "dev" }));
  assert.throws(() => { legacy.canonical = "x"; }, TypeError);
});

test("batch results equal single-item results, key for key", () => {
  const load = (file) => JSON.parse(readFileSync(new URL(`../../tests/conformance/${file}`, import.meta.url), "utf8")).cases.map((c) => c.input);
  const sets = [
    [ic.parseReferences, ic.parseReference, [...load("references/parse.json"), "quay.io/a/b:1@sha256:" + "0".repeat(64), "[::1]:5000/x"]],
    [ic.parseTags, ic.parseTag, [...load("tags/parse.json"), "v1.2.3-rc.1+b5", "8.4-203", "2.0.0.Beta1-ubi8"]],
    [ic.parseNamespaces, ic.parseNamespace, [...load("namespaces/parse.json"), "abc123-tools", "ffffff-dev"]],
  ];
  for (const [batch, single, inputs] of sets) {
    // A newline is just a bad character. A lone surrogate ending one text and another starting
    // the next would encode as one character, so that batch goes item by item.
    const split = [...inputs, "x\uD83D", "\uDE00y"];
    for (const list of [inputs, [...inputs, "a\nb", "\n", "ü\u{1F600}"], split]) {
      const out = batch(list);
      assert.equal(out.length, list.length);
      assert.equal(out.some((r) => typeof r.toJSON === "function"), list !== split, "views unless item by item");
      list.forEach((input, i) => {
        let expected;
        try { expected = single(input); } catch (err) { expected = err; }
        if (expected instanceof Error) {
          assert.ok(out[i] instanceof Error, `${JSON.stringify(input)} should fail`);
          assert.equal(out[i].code, expected.code);
          assert.equal(out[i].message, expected.message);
        } else if (out[i].toJSON) {
          // A view: every field read through its getter, and the plain object from toJSON.
          for (const key of Object.keys(expected)) assert.deepEqual(out[i][key], expected[key], `${JSON.stringify(input)}.${key}`);
          assert.deepEqual(out[i].toJSON(), expected, JSON.stringify(input));
          assert.deepEqual(Object.keys(out[i].toJSON()), Object.keys(expected));
          assert.equal(JSON.stringify(out[i]), JSON.stringify(expected));
        } else {
          // The item-by-item path returns the single-item function's plain object.
          assert.deepEqual(out[i], expected, JSON.stringify(input));
        }
      });
    }
  }
  assert.deepEqual(ic.parseReferences([]), []);
  assert.deepEqual(ic.parseReferences([""])[0].code, "empty_reference");
  assert.throws(() => ic.parseTags("1.0"), TypeError);
  assert.throws(() => ic.parseTags([1]), TypeError);
});

test("batches of non-ASCII text and of many megabytes read every item in its place", () => {
  // Non-ASCII text takes more UTF-8 bytes than UTF-16 units: the input buffer is sized again.
  const texts = ["nginx:1", "ngïnx", "quay.io/a/b:☃", "x", "naïve-tools", "quay.io/é/b"];
  const out = ic.parseReferences(texts);
  assert.deepEqual(out.map((r) => r.code ?? r.canonical),
    ["docker.io/library/nginx:1", "invalid_reference_format", "invalid_tag", "docker.io/library/x", "invalid_reference_format", "invalid_reference_format"]);
  assert.deepEqual(ic.parseNamespaces(["naïve", "a1b2c3-prod"]).map((n) => n.code ?? n.environment), ["namespace_invalid_character", "prod"]);
  // A batch of 7 MB, past the size the module keeps its input buffer at, then small ones.
  const many = Array.from({ length: 100_000 }, (_, i) => `registry.example.com/team/app${i}:1.${i}.0-ubi8`);
  const big = ic.parseReferences(many);
  assert.equal(big.length, many.length);
  assert.equal(big[99_999].tag, "1.99999.0-ubi8");
  assert.equal(big[12_345].path, "team/app12345");
  assert.equal(ic.parseTags(["1.10", "ü"])[0].release.join("."), "1.10");
  assert.equal(ic.parseReferences(many.slice(0, 3))[2].canonical, many[2]);
});

test("a batch too large for the module's memory is an error, and the module goes on", async () => {
  const { encodeInputs } = await import("../js/batch.mjs");
  const raw = (await import("../pkg/node/imagecurator.js")).default;
  // Past 32-bit addresses: refused before anything is encoded.
  assert.throws(() => encodeInputs(raw, [], Uint32Array.of(0xffffffff, 1)), RangeError);
  // Within them but past what the memory can grow to: the module says so instead of aborting.
  assert.throws(() => raw.__inputBuffer(0xffffffff), /does not fit in the module's memory/);
  assert.equal(ic.parseReferences(["nginx:1"])[0].tag, "1");
});

test("batches are encoded a thousand inputs at a time, and every input stays whole", () => {
  const tags = Array.from({ length: 2_500 }, (_, i) => `1.${i}`);
  // Non-ASCII only in the third thousand: the buffer, sized for ASCII, is found short there.
  tags[2_100] = "1.ü";
  // Halves of a surrogate pair either side of the first thousand's end are encoded apart.
  tags[999] = "1.0\uD83D";
  tags[1_000] = "\uDE001.0";
  const out = ic.parseTags(tags);
  assert.equal(typeof out[0].toJSON, "function");
  // Each half alone is a lone surrogate, refused for that, as a single call refuses it.
  assert.deepEqual([out[999].code, out[1_000].code, out[2_100].code], ["invalid_input", "invalid_input", "invalid_tag"]);
  assert.match(out[999].message, /lone surrogate \(U\+D83D\) at index 3/);
  assert.deepEqual([out[998].tag, out[1_001].tag, out[2_099].tag, out[2_101].tag, out[2_499].tag], ["1.998", "1.1001", "1.2099", "1.2101", "1.2499"]);
  assert.equal(out[2_499].release.join("."), "1.2499");
});

test("planRetention takes oc JSON and returns a plain plan", () => {
  const image = (n) => `sha256:${n.toString(16).padStart(64, "0")}`;
  const stream = {
    metadata: { name: "app", namespace: "ns" },
    status: { tags: ["1.9", "1.10", "1.11", "1.2"].map((tag, n) => ({ tag, items: [{ image: image(n), created: "2020-01-01T00:00:00Z" }] })) },
  };
  const now = "2026-01-01T00:00:00Z";
  const plan = ic.planRetention(stream, { keep: 2 }, [], null, now); // [] says nothing runs
  assert.deepEqual(plan.commands, ["oc tag -d ns/app:1.2", "oc tag -d ns/app:1.9"]);
  assert.equal(plan.totals.pruned, 2);
  assert.equal(plan.decisions[0].reason, "beyond_newest_n");
  assert.deepEqual(ic.planRetention([stream], { keep: 2 }, { kind: "List", items: [] }, null, now), plan);
  // Without evidence nothing is pruned; with a CronJob the tag it runs is kept, and who is said.
  const blind = ic.planRetention(stream, { keep: 2 }, null, null, now);
  assert.deepEqual([blind.commands, blind.totals.by_reason.no_evidence], [[], 2]);
  assert.match(blind.notes[0], /^no evidence of what runs/);
  const cronjob = { kind: "CronJob", metadata: { name: "nightly", namespace: "ns" }, spec: { jobTemplate: { spec: { template: { spec: {
    containers: [{ name: "job", image: "image-registry.openshift-image-registry.svc:5000/ns/app:1.2" }] } } } } } };
  const used = ic.planRetention(stream, { keep: 2 }, cronjob, null, now);
  assert.deepEqual(used.commands, ["oc tag -d ns/app:1.9"]);
  assert.equal(used.decisions[0].used_by, "cronjob/ns/nightly (container job)");
  assert.throws(() => ic.planRetention(stream, { keep: 0 }), { name: "InvalidPolicy", code: "invalid_policy" });
  assert.throws(() => ic.planRetention({ metadata: { name: 5 } }), { name: "InvalidInput", code: "invalid_input" });
  assert.throws(() => ic.planRetention(undefined), TypeError);
  assert.equal(ic.defaultRetentionPolicy().keep, 3);
});

const bundled = JSON.parse(readFileSync(new URL("../../examples/inventory/cluster.json", import.meta.url), "utf8"));

test("audit takes plain objects and returns a plain report, errors first", () => {
  const report = ic.audit(null, bundled);
  assert.equal(report.policy_version, 1);
  assert.deepEqual(report.summary, { errors: 4, warnings: 159, infos: 2 });
  assert.equal(report.findings[0].severity, "error");
  const naming = report.findings.find((f) => f.code === "naming.stream_invalid");
  assert.equal(naming.suggestion, "backup-container");
  assert.ok(report.propagation.steps.some((s) => s.cluster === "silver" && s.action === "update"));
  const [plan] = report.catalog;
  assert.equal(plan.samples_config.kind, "Config");
  assert.ok(plan.samples_config.spec.skippedImagestreams.includes("php"));
  assert.deepEqual(plan.findings, []);
  assert.equal(report.retention.totals.pruned, 2);
  // Each tag a workload keeps says which: here a CronJob, in the bundled cluster.
  assert.ok(report.retention.decisions.some((d) => d.used_by === "cronjob/a1b2c3-prod/nightly-report (container report)"));
  // Same input, same report; a policy document as an object works the same as null.
  assert.deepEqual(ic.audit(ic.defaultPolicy(), bundled), report);
  assert.ok(ic.auditTable(null, bundled).startsWith("audit: 4 errors, 159 warnings, 2 info"));
  // Every command in the order safe to run: the samples Config patch before the deletions.
  assert.ok(report.commands[0].startsWith("oc patch configs.samples.operator.openshift.io cluster"));
  assert.deepEqual(report.commands.slice(-2), ["oc tag -d a1b2c3-tools/app:0.9.0", "oc tag -d a1b2c3-tools/app:0.9.1"]);
  // The policy schema, from the module and as the package ships it: the same document.
  const shipped = JSON.parse(readFileSync(new URL("../pkg/policy.schema.json", import.meta.url), "utf8"));
  assert.deepEqual(ic.policySchema(), shipped);
  assert.equal(shipped.title, "imagecurator policy document");
  // YAML as oc and people write it: YAML 1.2 booleans, several documents.
  assert.deepEqual(ic.readYaml("approved: [no, python]\n---\nkeep: 2\n"), [{ approved: ["no", "python"] }, { keep: 2 }]);
  assert.throws(() => ic.readYaml("a: [1\n"), { name: "InvalidInput", code: "invalid_input", message: "not YAML: line 1 column 4: unclosed bracket '['" });
  const markdown = ic.auditMarkdown(null, bundled);
  assert.ok(markdown.startsWith("## imagecurator audit: 4 errors, 159 warnings, 2 info\n"));
  assert.ok(markdown.includes("```sh\n" + report.commands.join("\n") + "\n```"));
});

test("audit reads documents as oc prints them, alone or beside a keyed inventory", () => {
  const fixtures = new URL("../../../shared/fixtures/workloads/processed/", import.meta.url);
  const listing = JSON.parse(readFileSync(new URL("bcdevops-platform-services.json", fixtures), "utf8"));
  const report = ic.audit(null, [listing, { now: "2026-01-01T00:00:00Z" }]);
  assert.equal(report.now, "2026-01-01T00:00:00Z");
  assert.deepEqual(report.unused_input, { ImageStreamTag: 1, Route: 1, Service: 2 });
  assert.deepEqual(report.repeated_input, {});
  assert.deepEqual(ic.audit(null, listing).unused_input, report.unused_input);
  assert.equal(ic.audit(null, [listing, listing]).repeated_input.ImageStream, 4);
  // Two different objects under one kind, namespace and name: an error naming both.
  const pod = { kind: "Pod", metadata: { name: "web-1", namespace: "a1b2c3-prod" }, spec: { containers: [{ name: "web", image: "nginx:1" }] } };
  const other = { ...pod, spec: { containers: [{ name: "web", image: "nginx:2" }] } };
  assert.throws(() => ic.audit(null, [pod, other]), { name: "InvalidInput", path: "[1]" });
});

test("policy errors are thrown with code and path", () => {
  assert.throws(() => ic.checkPolicy({ catalog: { openshift: { approved: ["php"], remove: ["php"] } } }), {
    name: "InvalidPolicy",
    code: "invalid_policy",
    path: "catalog.openshift.remove[0]",
  });
  assert.throws(() => ic.audit({ retention: { keep: 0 } }, {}), { code: "invalid_policy", path: "retention.keep" });
  assert.throws(() => ic.audit(null, { image_streams: [] }), { name: "InvalidInput", path: "image_streams" });
  assert.throws(() => ic.audit(null, undefined), TypeError);
  // Errors about a single string have no path.
  assert.throws(() => ic.parseReference("Bad"), (err) => err.path === null);
  assert.equal(ic.checkPolicy({}).version, 1);
  assert.equal(ic.policyConflicts(null).length, 0);
  assert.equal(ic.policyConflicts({ catalog: { openshift: { remove: ["cli"] } } })[0].subject, "imagestream/openshift/cli");
  assert.deepEqual(ic.policyConflicts({ catalog: {} }), []);
});

test("naming checks return findings with suggestions", () => {
  assert.equal(ic.checkStreamName("bcgov", "Postgres_96")[0].suggestion, "postgres-96");
  assert.deepEqual(ic.checkNamespace("a1b2c3-prod", true), []);
  assert.equal(ic.checkNamespace("my-team", true)[0].code, "naming.namespace_not_plate");
  assert.deepEqual(ic.checkNamespace("my-team"), []);
  assert.equal(ic.checkTag("bcgov", "patroni-postgres-96", "1.1", true)[0].suggestion, "v1.1");
});

test("prod gates read the real Trivy reports, current and legacy", () => {
  const digest = `sha256:${"d".repeat(64)}`;
  const pod = { kind: "Pod", metadata: { name: "web-1", namespace: "a1b2c3-prod" },
    spec: { containers: [{ name: "web", image: "quay.io/team/web:1.0" }] },
    status: { containerStatuses: [{ name: "web", imageID: `quay.io/team/web@${digest}` }] } };
  const gate = (fixture, medium, trustUndated = false) => {
    const report = JSON.parse(readFileSync(new URL(`../../../shared/fixtures/trivy/${fixture}`, import.meta.url), "utf8"));
    const scan = { max: { critical: 0, high: 0, medium }, max_report_age_days: 100000, trust_undated_reports: trustUndated };
    const policy = { catalog: {}, gates: { scan } };
    const audit = ic.audit(policy, { pods: pod, scans: [{ image: digest, report }], now: "2026-01-01T00:00:00Z" });
    return audit.findings.filter((f) => f.code.startsWith("gate.")).map((f) => f.code);
  };
  assert.deepEqual(gate("alpine-310.json.golden", 0), ["gate.scan_threshold"]);
  assert.deepEqual(gate("alpine-310.json.golden", 4), []);
  assert.deepEqual(gate("alpine-310-ignore-cveids.legacy-2020-12.json.golden", 1, true), ["gate.scan_threshold"]);
  assert.deepEqual(gate("opensuse-leap-423.legacy-2020-12.json.golden", 0, true), []);
  // A legacy report has no creation time: unless the policy trusts it, the scan is unknown.
  assert.deepEqual(gate("opensuse-leap-423.legacy-2020-12.json.golden", 0), ["gate.scan_unknown"]);
  assert.deepEqual(gate("ubi-7.json.golden", 0), []);
});

test("the npm package describes what it does and ships its README and licence", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  assert.match(pkg.description, /audit/);
  for (const file of ["README.md", "LICENSE"]) {
    assert.ok(pkg.files.includes(file), file);
    assert.ok(readFileSync(new URL(`../${file}`, import.meta.url), "utf8").length > 500, file);
  }
});

test("the guard wraps every function and class the glue exports, and the package exports them all", async () => {
  const { FUNCTIONS, BATCH_FUNCTIONS, CLASSES } = await import("../js/guard.mjs");
  const glue = await import("../pkg/web/imagecurator.js");
  // The glue's own entry points (`default`, `initSync`, `start`) and its `__` internals are not the API.
  const internal = (name) => name.startsWith("__") || ["default", "initSync", "start"].includes(name);
  const public_ = Object.keys(glue).filter((name) => !internal(name)).sort();
  assert.deepEqual([...FUNCTIONS, ...CLASSES].sort(), public_);
  const api = await import("../js/api.mjs");
  assert.deepEqual(Object.keys(api).sort(), [...FUNCTIONS, ...BATCH_FUNCTIONS, ...CLASSES].sort());
});
