// The README's JavaScript tour runs as written, against the local Node build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";

test("the README's js blocks run", async () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length > 0, "the README has a JavaScript tour");
  const pkg = new URL("../js/node.mjs", import.meta.url).href;
  const dir = mkdtempSync(join(tmpdir(), "imagecurator-readme-"));
  for (const [i, block] of blocks.entries()) {
    // console.assert only prints; here a failed assertion must fail the test.
    const strict = "const console = { ...globalThis.console, assert: (ok, ...m) => { if (!ok) throw new Error(`README assertion failed ${m}`); } };\n";
    const file = join(dir, `block${i}.mjs`);
    writeFileSync(file, strict + block.replaceAll('from "imagecurator"', `from ${JSON.stringify(pkg)}`));
    await import(pathToFileURL(file).href);
  }
});
