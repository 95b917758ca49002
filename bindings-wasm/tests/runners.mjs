// The one map from a conformance topic to the call it exercises, shared by the Node suite
// (conformance.test.mjs) and the browser suite (browser.test.mjs, which imports this file into
// the page), so the two can never run different calls.

const order = { "-1": "less", 0: "equal", 1: "greater", null: null };

export function runners(ic) {
  return {
    "references/parse": (i) => ic.parseReference(i),
    "references/names_registry": (i) => ic.namesRegistry(i),
    "references/scope": (i) => new ic.RegistryScope(i.scope).allows(i.reference),
    "tags/parse": (i) => ic.parseTag(i),
    "tags/sort": (i) => ic.sortTags(i),
    "tags/compare": (i) => order[ic.compareTags(i.a, i.b)],
    "tags/packed": (i) => ic.splitPackedName(i),
    "namespaces/parse": (i) => ic.parseNamespace(i),
    "namespaces/pattern": (i) => new ic.NamespacePattern(i.pattern).matches(i.name),
    "namespaces/selector": (i) => new ic.NamespaceSelector(i.include, i.exclude).matches(i.name),
    "retention/plan": (i) => ic.planRetention(i.streams, i.policy, i.in_use, i.templates, i.now),
    "policy/load": (i) => ic.checkPolicy(i),
    "naming/stream": (i) => ic.checkStreamName(i.namespace, i.name),
    "naming/namespace": (i) => ic.checkNamespace(i.name, i.needs_plate),
    "naming/tag": (i) => ic.checkTag(i.namespace, i.stream, i.tag, i.versioned),
    "audit/run": (i) => ic.audit(i.policy, i.inventory),
    "audit/scans": (i) => ic.audit(i.policy, i.inventory),
    "policy/export": (i) => ic.exportAdmission(i.policy, i.target),
    "policy/scan_gate": (i) => ic.exportScanGate(i.policy, i.inventory),
  };
}

/**
 * The input with each `{"$fixture": path}` replaced by the JSON of that file under
 * ../shared/fixtures, which `read(path)` gives as text (in Node, before a case goes to a page).
 */
export function withFixtures(value, read) {
  if (Array.isArray(value)) return value.map((v) => withFixtures(v, read));
  if (value === null || typeof value !== "object") return value;
  if (typeof value.$fixture === "string") return JSON.parse(read(value.$fixture));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withFixtures(v, read)]));
}

/** Whether `actual` has every key `expected` lists, with equal values: as Rust and Python
 *  match, objects by key at the top of each level, anything else (arrays) whole. */
export function subset(expected, actual) {
  if (isObject(expected)) {
    return isObject(actual) && Object.entries(expected).every(([k, v]) => k in actual && subset(v, actual[k]));
  }
  return equal(expected, actual);
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Equality of JSON values, objects by key whatever their key order (as serde_json and
 *  Python compare them). */
export function equal(a, b) {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isObject(a)) {
    const keys = Object.keys(a);
    return isObject(b) && keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }
  return a === b;
}

/** Runs one case; returns null when it passes, else what happened. */
export function check(run, c) {
  let outcome;
  try {
    outcome = { ok: run(c.input) };
  } catch (err) {
    if (!(err instanceof Error)) return `threw a non-Error ${JSON.stringify(err)}`;
    outcome = { error: { code: err.code, path: err.path } };
  }
  const pass = c.expect.error
    ? outcome.error?.code === c.expect.error.code && (!("path" in c.expect.error) || outcome.error.path === c.expect.error.path)
    : "ok" in outcome && subset(c.expect.ok, outcome.ok);
  return pass ? null : `expected ${JSON.stringify(c.expect)}, got ${JSON.stringify(outcome)}`;
}
