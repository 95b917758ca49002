// Hostile input from JavaScript (issue 15): a wrong type is a TypeError thrown before any work, bad
// content the library's error class, limits say themselves; the module keeps working after each.
import { test } from "node:test";
import assert from "node:assert/strict";
import ic from "../js/node.mjs";

const WRONG = [1, 1.5, NaN, Infinity, true, 10n, {}, { length: 1e8 }, Symbol("s"), () => "nginx"];
const stillWorks = () => assert.equal(ic.parseReference("nginx").canonical, "docker.io/library/nginx");

const TEXT_FUNCTIONS = {
  parseReference: (x) => ic.parseReference(x),
  namesRegistry: (x) => ic.namesRegistry(x),
  parseTag: (x) => ic.parseTag(x),
  parseNamespace: (x) => ic.parseNamespace(x),
  splitPackedName: (x) => ic.splitPackedName(x),
  compareTags: (x) => ic.compareTags("1.0", x),
  "NamespacePattern.glob": (x) => ic.NamespacePattern.glob(x),
  "NamespacePattern.regex": (x) => ic.NamespacePattern.regex(x),
  "NamespacePattern.exact": (x) => ic.NamespacePattern.exact(x),
  "NamespacePattern.environment": (x) => ic.NamespacePattern.environment(x),
  "new NamespacePattern": (x) => new ic.NamespacePattern(x),
  "NamespacePattern#matches": (x) => ic.NamespacePattern.glob("*-prod").matches(x),
  "new RegistryScope": (x) => new ic.RegistryScope(x),
  "RegistryScope#allows": (x) => new ic.RegistryScope("quay.io").allows(x),
  checkStreamName: (x) => ic.checkStreamName("ns", x),
  checkNamespace: (x) => ic.checkNamespace(x),
  checkTag: (x) => ic.checkTag("ns", "app", x),
  readYaml: (x) => ic.readYaml(x),
  exportAdmission: (x) => ic.exportAdmission(null, x),
};

const LIST_FUNCTIONS = {
  sortTags: (x) => ic.sortTags(x),
  "NamespacePattern#filter": (x) => ic.NamespacePattern.glob("*").filter(x),
  "new NamespaceSelector": (x) => new ic.NamespaceSelector(x),
  "NamespaceSelector#filter": (x) => new ic.NamespaceSelector(["*"]).filter(x),
  "RegistryScope#allowsAll": (x) => new ic.RegistryScope("quay.io").allowsAll(x),
};

for (const [name, call] of Object.entries(TEXT_FUNCTIONS)) {
  test(`${name}: anything but a string is a TypeError, and the module keeps working`, () => {
    for (const value of [...WRONG, undefined, null]) {
      assert.throws(() => call(value), TypeError, `${name}(${String(typeof value)})`);
      stillWorks();
    }
  });
}

for (const [name, call] of Object.entries(LIST_FUNCTIONS)) {
  test(`${name}: anything but an array of strings is a TypeError, not an empty list`, () => {
    for (const value of [...WRONG, "nginx", [1], ["a", null], undefined, null]) {
      assert.throws(() => call(value), TypeError, `${name}(${JSON.stringify(String(value))})`);
      stillWorks();
    }
  });
}

test("a 100 MB string is refused before it is copied into the module, with the limit", () => {
  const huge = "a".repeat(100 << 20);
  for (const call of [() => ic.parseReference(huge), () => ic.sortTags([huge]), () => new ic.NamespaceSelector([huge]),
    () => new ic.RegistryScope("quay.io").allowsAll([huge]), () => ic.NamespacePattern.regex(huge)]) {
    assert.throws(call, (e) => e.name === "InvalidInput" && /is 104857600 characters long; a text is at most 65536/.test(e.message)
      && e.message.length < 200);
    stillWorks();
  }
});

test("whole-argument NaN and other non-documents are TypeErrors, never absent", () => {
  const stream = { metadata: { name: "app", namespace: "ns" }, status: { tags: [
    { tag: "1.0", items: [{ image: "sha256:1", created: "2020-01-01T00:00:00Z" }] },
    { tag: "2.0", items: [{ image: "sha256:2", created: "2020-01-01T00:00:00Z" }] }] } };
  const now = "2026-01-01T00:00:00Z";
  for (const value of [NaN, Infinity, 5, true, "text"]) {
    assert.throws(() => ic.planRetention(stream, { keep: 1 }, value, null, now), TypeError);
    assert.throws(() => ic.planRetention(stream, value), TypeError);
    assert.throws(() => ic.checkPolicy(value), TypeError);
  }
  assert.throws(() => ic.audit(null, NaN), TypeError);
  assert.throws(() => ic.audit(null, 5), TypeError);
  assert.throws(() => ic.planRetention(stream, null, [], null, 5), { name: "TypeError", message: "planRetention: now must be a string, not number" });
  assert.throws(() => ic.checkNamespace("a1b2c3-dev", "yes"), TypeError);
  // The same plan with "nothing runs" said plainly prunes the old tag; NaN never got that far.
  assert.equal(ic.planRetention(stream, { keep: 1 }, [], null, now).totals.pruned, 1);
  stillWorks();
});

test("the core's reproducers, as JavaScript sees them", () => {
  assert.ok(ic.NamespacePattern.glob("a?").matches("aé"));
  const glob = ic.NamespacePattern.glob("*" + "a".repeat(4000) + "b");
  assert.equal(glob.matches("a".repeat(60_000)), false);
  assert.equal(glob.matches("a".repeat(60_000) + "b"), true);
  assert.throws(() => ic.NamespacePattern.glob("a".repeat(5000)), { name: "InvalidPattern", code: "invalid_pattern" });
  assert.throws(() => ic.parseReference("registry.example.com:99999/app"), /its port 99999 is past 65535/);
  assert.throws(() => ic.audit(null, "null"), { name: "InvalidInput", message: /^input starts with `null`/ });
});

test("cycles and deep nesting in a document are errors, and the module keeps working", () => {
  const cycle = { kind: "List" };
  cycle.items = [cycle];
  assert.throws(() => ic.audit(null, cycle), { name: "TypeError", message: "inventory cannot be written as JSON" });
  assert.throws(() => ic.planRetention([], null, [cycle]), TypeError);
  let deep = [];
  for (let i = 0; i < 10_000; i++) deep = [deep];
  assert.throws(() => ic.audit(null, { kind: "List", items: deep }), (e) => e.name === "InvalidInput" || e.name === "TypeError");
  assert.throws(() => ic.checkPolicy({ retention: { overrides: deep } }), (e) => e.name === "InvalidPolicy" || e.name === "TypeError");
  stillWorks();
});

test("a lone surrogate is the library's InvalidInput, as in Python, never read as U+FFFD", () => {
  // wasm-bindgen would copy "a\uD800" into the module as "a\uFFFD", so a pattern and a name with
  // different lone surrogates would match; the text is refused instead (test_hostile.py agrees).
  const message = "text holds a lone surrogate (U+D800) at index 1; text must be valid Unicode";
  for (const [name, call] of Object.entries({ ...TEXT_FUNCTIONS, ...LIST_FUNCTIONS })) {
    const list = name in LIST_FUNCTIONS;
    assert.throws(() => call(list ? ["a\uD800"] : "a\uD800"), { name: "InvalidInput", code: "invalid_input", message }, name);
    stillWorks();
  }
  // A batch keeps going: the refused text's error takes its place.
  const tags = ic.parseTags(["1.0.0", "x\uDC00y", "2.0.0"]);
  assert.deepEqual([tags[0].kind, tags[1].name, tags[2].kind], ["semver", "InvalidInput", "semver"]);
  assert.equal(tags[1].message, "text holds a lone surrogate (U+DC00) at index 1; text must be valid Unicode");
  assert.throws(() => ic.planRetention({ metadata: { name: "a\uD800" } }, null, null, null, null), { name: "InvalidInput", message: /lone surrogate/ });
});
