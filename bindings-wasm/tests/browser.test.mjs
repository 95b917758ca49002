// Loads examples/web/ in headless Chromium, types into it as a person would, and reads what the
// page shows; also runs the shared conformance cases inside the browser's WASM engine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, normalize, extname } from "node:path";
import { tmpdir } from "node:os";
import { chromium } from "playwright-core";

const repo = new URL("../../", import.meta.url).pathname;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

let server;
let browser;
let base;

before(async () => {
  assert.ok(existsSync(executablePath), `no Chromium at ${executablePath}: the test command installs it`);
  server = createServer(async (req, res) => {
    const path = normalize(join(repo, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (!path.startsWith(repo)) return res.writeHead(403).end();
    try {
      const body = await readFile(path.endsWith("/") ? join(path, "index.html") : path);
      res.writeHead(200, { "content-type": types[extname(path) || ".html"] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath,
    headless: true,
    // Playwright gives each launch a fresh, empty profile of its own.
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function openPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  return { page, errors };
}

test("a person types a namespace and sees its licence plate", async () => {
  const { page, errors } = await openPage();
  await page.fill("#input", "");
  await page.type("#input", "a1b2c3-prod");
  assert.match(await page.textContent("#namespace"), /licence plate a1b2c3, environment prod; \*-prod matches/);
  assert.match(await page.textContent("#reference"), /docker\.io\/library\/a1b2c3-prod/);
  await page.fill("#input", "a1b2c3-production");
  assert.match(await page.textContent("#namespace"), /no licence plate; \*-prod does not match/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a person types a tag and a bad reference and sees why", async () => {
  const { page, errors } = await openPage();
  await page.fill("#input", "13-el8");
  assert.match(await page.textContent("#tag"), /variant, release 13, variant line el8/);
  await page.click("text=registry.example.com@evil.io/x");
  assert.equal(await page.inputValue("#input"), "registry.example.com@evil.io/x");
  assert.match(await page.textContent("#reference"), /not valid: invalid_digest/);
  assert.equal(await page.getAttribute("#reference", "class"), "no");
  await page.screenshot({ path: join(tmpdir(), "imagecurator-web-example.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a person audits the example cluster and reads the plan", async () => {
  const { page, errors } = await openPage();
  await page.click("#audit-example");
  await page.waitForSelector("#findings tr", { timeout: 20000 });
  assert.match(await page.textContent("#audit-summary"), /^4 errors, 159 warnings, 2 info; retention prunes 2 tags\.$/);
  assert.match(await page.textContent("#findings"), /naming\.stream_invalid/);
  assert.match(await page.textContent("#findings"), /suggest backup-container/);
  const config = JSON.parse(await page.textContent("#config"));
  assert.equal(config.kind, "Config");
  assert.ok(config.spec.skippedImagestreams.includes("php"));
  // A file of the wrong shape names the path of the problem.
  await page.setInputFiles("#audit-file", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"imagestreams": {"metadata": {"name": 5}}}') });
  await page.waitForFunction(() => document.getElementById("audit-summary").textContent.startsWith("not an inventory"));
  assert.match(await page.textContent("#audit-summary"), /invalid_input at imagestreams\.metadata\.name/);
  assert.equal(await page.isVisible("#config"), false, "no stale Config after a failed audit");
  await page.screenshot({ path: join(tmpdir(), "imagecurator-web-audit.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the shared conformance cases give the same answers in the browser", async () => {
  const { page } = await openPage();
  const root = join(repo, "tests/conformance");
  const files = readdirSync(root).flatMap((area) =>
    readdirSync(join(root, area)).map((f) => [`${area}/${f.replace(/\.json$/, "")}`, JSON.parse(readFileSync(join(root, area, f), "utf8"))]));
  const failures = await page.evaluate(async (files) => {
    const ic = await import("/bindings-wasm/js/web.mjs");
    const { runners, check } = await import("/bindings-wasm/tests/runners.mjs");
    const run = runners(ic);
    const failed = [];
    let count = 0;
    for (const [topic, doc] of files) {
      for (const c of doc.cases) {
        count++;
        const problem = check(run[topic], c);
        if (problem) failed.push(`${topic}:${c.id} ${problem}`);
      }
    }
    // The batch path (views over batch tables) agrees with single calls here too.
    const batch = ic.parseReferences(["nginx:1", "Bad", "quay.io/a/b@sha256:" + "0".repeat(64)]);
    if (JSON.stringify(batch[0]) !== JSON.stringify(ic.parseReference("nginx:1"))) failed.push("batch[0]");
    if (batch[1].code !== "uppercase_repository") failed.push("batch[1]");
    if (batch[2].digest !== "sha256:" + "0".repeat(64)) failed.push("batch[2]");
    return { failed, count };
  }, files);
  assert.ok(failures.count > 150, `only ${failures.count} cases ran`);
  assert.deepEqual(failures.failed, []);
  await page.close();
});
