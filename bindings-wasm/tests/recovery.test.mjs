// The package survives a trap of its WebAssembly instance (issue 15). The test traps it on
// purpose the way a real one most likely happens: the instance's memory runs out. It takes all
// 4 GiB of the instance's address space first (pages the engine reserves, not touches), so the
// next large allocation fails and Rust aborts, which WebAssembly reports as `unreachable`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { readFileSync } from "node:fs";
import ic from "../js/node.mjs";
import { guard } from "../js/guard.mjs";

const cluster = readFileSync(new URL("../../examples/inventory/cluster.json", import.meta.url), "utf8");
const PAGE = 65536;
const MAX_PAGES = 65536;

/** Makes the current instance trap in `audit`, and returns the error the call threw. */
function trap() {
  const memory = guard.glue.__memory();
  memory.grow(MAX_PAGES - memory.buffer.byteLength / PAGE);
  const big = JSON.stringify({ pods: ["x".repeat(64 << 20)] });
  return assert.throws(() => ic.audit(null, big), (error) => {
    assert.ok(error instanceof WebAssembly.RuntimeError, `${error}`);
    assert.match(error.message, /^imagecurator: the WebAssembly instance trapped \(unreachable\); a fresh instance has replaced it, so the next call works$/);
    assert.equal(error.cause.message, "unreachable");
    return true;
  });
}

test("after a trap, the next call works on a fresh instance", () => {
  const before = guard.glue;
  const report = JSON.stringify(ic.audit(null, cluster));
  trap();
  assert.notEqual(guard.glue, before, "the instance was replaced");
  assert.ok(guard.glue.__memory().buffer.byteLength < 256 * PAGE, "the fresh instance starts small");
  assert.equal(ic.parseReference("nginx").canonical, "docker.io/library/nginx");
  assert.deepEqual(ic.sortTags(["1.10", "1.9", "1.2"]), ["1.2", "1.9", "1.10"]);
  assert.deepEqual([...ic.parseTags(["1.2.3", "latest"])].map((t) => t.kind), ["semver", "floating"]);
  assert.equal(JSON.stringify(ic.audit(null, cluster)), report, "the fresh instance audits as the first did");
});

test("objects made before a trap are made again and keep their meaning", () => {
  const include = ["*-prod", "env:test"];
  const selector = new ic.NamespaceSelector(include, ["team-prod"]);
  const glob = ic.NamespacePattern.glob("*-prod");
  const scope = new ic.RegistryScope("registry.example.com/team");
  include.push("*"); // a remade selector is made from what was given, not from the array now
  trap();
  assert.deepEqual(selector.filter(["a-prod", "team-prod", "a1b2c3-test", "a1b2c3-dev", "x"]), ["a-prod", "a1b2c3-test"]);
  assert.equal(glob.matches("a1b2c3-production"), false);
  assert.equal(glob.toString(), "glob:*-prod");
  assert.equal(glob.kind, "glob");
  assert.equal(scope.allows("registry.example.com/team/app:1"), true);
  assert.equal(scope.allows("registry.example.com.evil.io/team/app:1"), false);
  assert.ok(selector instanceof ic.NamespaceSelector);
});

test("the package recovers from trap after trap", () => {
  for (let i = 0; i < 3; i += 1) {
    trap();
    assert.equal(ic.parseTag("v1.2.3").kind, "semver");
  }
});

test("objects of a trapped instance are let go without their finalizers ending the process", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  let patterns = Array.from({ length: 200 }, (_, i) => new ic.NamespacePattern(`team-${i}-*`));
  assert.equal(patterns[7].matches("team-7-prod"), true);
  trap();
  patterns = null;
  for (let i = 0; i < 5; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(new ic.NamespacePattern("team-*").matches("team-a"), true);
});

test("a freed object says so, and freeing twice is harmless", () => {
  const pattern = new ic.NamespacePattern("a*");
  pattern.free();
  pattern.free();
  assert.throws(() => pattern.matches("ab"), { name: "TypeError", message: /this NamespacePattern was freed/ });
});

test("library errors and type errors pass through the guard unchanged", () => {
  assert.throws(() => ic.parseReference("a/B"), { name: "InvalidReference", code: "uppercase_repository" });
  assert.throws(() => ic.parseReference(1), { name: "TypeError" });
  assert.throws(() => new ic.RegistryScope("https://x"), { name: "InvalidScope", code: "invalid_scope" });
});
