// Loads examples/web/ in headless Chromium, types into it as a person would, and reads what the
// page shows; also runs the shared conformance cases inside the browser's WASM engine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, normalize, extname } from "node:path";
import { tmpdir } from "node:os";
import { chromium } from "playwright-core";

const repo = new URL("../../", import.meta.url).pathname;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const types = { ".html": "text/html", ".css": "text/css", ".svg": "image/svg+xml", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

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

/** Screenshots of each view go here, at each width, for people to look at. */
const shots = process.env.IMAGECURATOR_SCREENSHOTS ?? join(tmpdir(), "imagecurator-console");
mkdirSync(shots, { recursive: true });
const WIDTHS = { laptop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

async function openConsole(viewport = WIDTHS.laptop) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  return { page, errors, close: () => context.close() };
}

async function auditExample(page) {
  await page.click("#use-example");
  await page.waitForSelector("#audit:not([hidden]) details.group", { timeout: 20000 });
}

/** Fails when the page scrolls sideways: nothing may be wider than the window. */
async function assertNoOverflow(page, what) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `${what}: the page is ${scroll} px wide in a ${client} px window`);
}

test("names: a person types and reads each reading, refusals in plain words", async () => {
  const { page, errors, close } = await openConsole();
  await page.click("#tab-names");
  await page.fill("#name-input", "a1b2c3-prod");
  assert.match(await page.textContent("#readings"), /licence plate a1b2c3, environment prod; \*-prod matches/);
  await page.fill("#name-input", "17.0.1_12-jre-alpine");
  assert.match(await page.textContent("#readings"), /variant, scheme N\.N\.N-jre-alpine, release 17\.0\.1, revision 12/);
  await page.click("text=registry.example.com@evil.io/x");
  const reference = page.locator("#readings dd").first();
  assert.match(await reference.textContent(), /^not a reference: /);
  // A reading that does not apply is grey, not an alarm.
  assert.equal(await reference.getAttribute("class"), "not");
  assert.equal(await page.locator("#readings .problem, #readings .no").count(), 0);
  assert.deepEqual(errors, []);
  await close();
});

test("audit: the example cluster, summarized, grouped, filtered, with fixes, decisions and commands", async () => {
  const { page, errors, close } = await openConsole();
  await auditExample(page);
  const cards = await page.textContent("#summary");
  assert.match(cards, /4errors/);
  assert.match(cards, /159warnings/);
  assert.match(cards, /2tags to prune/);
  assert.match(await page.textContent("#data-status"), /The example cluster, audited against the strategy as of 2022-01-27T19:15:38Z/);
  // Grouped by code, each group with its fix; the big groups start closed.
  const broken = page.locator('details.group[data-code="catalog.template_broken"]');
  assert.match(await broken.locator("summary").textContent(), /catalog\.template_broken\s*74/);
  assert.equal(await broken.getAttribute("open"), null);
  assert.match(await page.locator('details.group[data-code="curated.owner_missing"] .fix').textContent(), /name one in the policy/);
  // Filters: severity, then a namespace, then text.
  await page.selectOption("#filter-severity", "error");
  assert.equal(await page.locator("details.group").count(), 4);
  assert.match(await page.textContent("#findings-count"), /^4 of 165 findings match\.$/);
  await page.selectOption("#filter-severity", "");
  await page.selectOption("#filter-namespace", "bcgov");
  const codes = await page.locator("details.group").evaluateAll((gs) => gs.map((g) => g.dataset.code));
  assert.ok(codes.includes("curated.owner_missing") && !codes.some((c) => c.startsWith("catalog.")), codes.join());
  await page.selectOption("#filter-namespace", "");
  await page.fill("#filter-text", "backup");
  assert.match(await page.textContent("#findings"), /suggest backup-container/);
  await page.fill("#filter-text", "");
  // Retention: each pruned tag and each tag kept because something uses it, with why.
  const decisions = await page.textContent("#decisions");
  assert.match(decisions, /prune\s*0\.9\.0\s*3 newer versions of its group \(scheme N\.N\.N\) are kept/);
  assert.match(decisions, /in use by cronjob\/a1b2c3-prod\/nightly-report/);
  // The commands in the safe order, copied and downloaded.
  const commands = await page.textContent("#commands");
  assert.match(commands, /^oc patch configs\.samples\.operator\.openshift\.io cluster/);
  await page.click('[data-copy="commands"]');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), commands + "\n");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-download="commands"]')]);
  assert.equal(download.suggestedFilename(), "imagecurator-commands.sh");
  assert.equal(readFileSync(await download.path(), "utf8"), commands + "\n");
  const [markdown] = await Promise.all([page.waitForEvent("download"), page.click('[data-download="markdown"]')]);
  assert.match(readFileSync(await markdown.path(), "utf8"), /^## imagecurator audit: 4 errors, 159 warnings, 2 info\n/);
  const config = JSON.parse(await page.textContent("#config"));
  assert.ok(config.spec.skippedImagestreams.includes("php"));
  assert.deepEqual(errors, []);
  await close();
});

test("audit: dropped oc output, several files at once; a bad file names the problem", async () => {
  const { page, errors, close } = await openConsole();
  const fixtures = join(repo, "../shared/fixtures/workloads/processed");
  const streams = readFileSync(join(repo, "../shared/fixtures/openshift-namespace-imagestreams.json"));
  const workloads = readFileSync(join(fixtures, "bcgov-quickstart-openshift.json"));
  // Dropped as a person drags files onto the page.
  const dataTransfer = await page.evaluateHandle(([a, b]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([a], "is.json", { type: "application/json" }));
    dt.items.add(new File([b], "workloads.json", { type: "application/json" }));
    return dt;
  }, [streams.toString(), workloads.toString()]);
  await page.dispatchEvent("#drop", "drop", { dataTransfer });
  await page.waitForFunction(() => document.getElementById("data-status").textContent.startsWith("2 files, audited"));
  assert.match(await page.textContent("#data-status"), /^2 files, audited against the strategy as of \d{4}-/);
  assert.match(await page.textContent("#families"), /Ran: catalog openshift/);
  // YAML as `oc get -o yaml` prints it reads as its JSON does.
  const yamlFixture = join(repo, "../shared/fixtures/oc-get-is/hongkailiu_openshift-ansible-runner");
  await page.uncheck("#use-now");
  await page.setInputFiles("#files", join(`${yamlFixture}.converted.json`));
  await page.waitForFunction(() => document.getElementById("data-status").textContent.startsWith("hongkailiu_openshift-ansible-runner.converted.json, audited"));
  const fromJson = await page.textContent("#audit");
  await page.setInputFiles("#files", join(`${yamlFixture}.yaml`));
  await page.waitForFunction(() => document.getElementById("data-status").textContent.startsWith("hongkailiu_openshift-ansible-runner.yaml, audited"));
  assert.equal(await page.textContent("#audit"), fromJson);
  await page.check("#use-now");
  // A file that is no inventory says where.
  await page.setInputFiles("#files", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"imagestreams": {"metadata": {"name": 5}}}') });
  await page.waitForFunction(() => document.getElementById("data-status").textContent.includes("is not an inventory"));
  assert.match(await page.textContent("#data-status"), /bad\.json is not an inventory the audit can read: invalid_input at \[0\]\.imagestreams\.metadata\.name/);
  assert.equal(await page.isVisible("#audit"), false, "no stale report after a failed audit");
  assert.deepEqual(errors, []);
  await close();
});

test("retention: each tag's decision changes as a person changes the rules", async () => {
  const { page, errors, close } = await openConsole();
  await auditExample(page);
  await page.click("#tab-retention");
  await page.waitForFunction(() => /prune 2\./.test(document.getElementById("sim-summary").textContent));
  const app = page.locator('#sim-decisions .stream:has(h3:text("a1b2c3-tools/app"))');
  assert.equal(await app.locator('.decision[data-tag="1.0.0"] .keep').count(), 1);
  await page.fill("#sim-keep", "1");
  await page.waitForFunction(() => !/prune 2\./.test(document.getElementById("sim-summary").textContent));
  assert.match(await page.textContent("#sim-summary"), /keep \d+, prune [3-9]/);
  // A tag something uses stays whatever the rules say, and says why.
  assert.match(await app.locator('.decision[data-tag="1.1.0"]').textContent(), /keep\s*1\.1\.0\s*in use by cronjob/);
  // An override for the tools namespace keeps more there, whatever `keep` says elsewhere.
  await page.fill("#sim-override-namespaces", "*-tools");
  await page.fill("#sim-override-keep", "5");
  await page.waitForFunction(() => /newest 5 versions/.test(document.getElementById("sim-decisions").textContent));
  assert.match(await app.locator('.decision[data-tag="1.3.0"]').textContent(), /keep\s*1\.3\.0\s*it is among the newest 5 versions/);
  assert.match(await app.locator('.decision[data-tag="0.9.0"]').textContent(), /prune\s*0\.9\.0\s*5 newer versions/);
  await page.fill("#sim-override-namespaces", "regex:(");
  await page.waitForFunction(() => document.getElementById("sim-error").textContent !== "");
  assert.match(await page.textContent("#sim-error"), /retention\.overrides\[0\]\.namespaces/);
  await page.fill("#sim-override-namespaces", "");
  await page.fill("#sim-keep", "0");
  await page.waitForFunction(() => document.getElementById("sim-error").textContent !== "");
  assert.match(await page.textContent("#sim-error"), /retention\.keep/);
  assert.deepEqual(errors, []);
  await close();
});

test("policy: checked as a person types, errors by path, then audited with", async () => {
  const { page, errors, close } = await openConsole();
  await auditExample(page);
  await page.click("#tab-policy");
  assert.equal(await page.textContent("#policy-status"), "A valid policy document.");
  await page.fill("#policy-text", '{"retention": {"keep": 1, "kep": 2}}');
  await page.waitForFunction(() => document.getElementById("policy-status").textContent.startsWith("Not a valid policy"));
  assert.match(await page.textContent("#policy-status"), /invalid_policy at retention\.kep/);
  assert.equal(await page.isDisabled("#policy-apply"), true);
  await page.fill("#policy-text", '{"retention": {"keep": 1');
  await page.waitForFunction(() => document.getElementById("policy-status").textContent.startsWith("Not JSON"));
  // YAML too, with YAML 1.2's booleans: `no` is a stream's name.
  await page.fill("#policy-text", "catalog:\n  openshift:\n    approved: [no, python]\n");
  await page.waitForFunction(() => document.getElementById("policy-status").textContent === "A valid policy document.");
  await page.fill("#policy-text", "retention:\n  keep: [1\n");
  await page.waitForFunction(() => document.getElementById("policy-status").textContent.startsWith("Not YAML"));
  assert.match(await page.textContent("#policy-status"), /^Not YAML: line 2 column 9: /);
  await page.fill("#policy-text", '{"retention": {"keep": 1}, "catalog": {}}');
  await page.waitForFunction(() => document.getElementById("policy-status").textContent === "A valid policy document.");
  await page.click("#policy-apply");
  await page.waitForFunction(() => document.getElementById("data-status").textContent.includes("against your policy"));
  assert.equal(await page.isVisible("#view-audit"), true);
  assert.equal(await page.locator('details.group[data-code^="catalog."]').count(), 0, "no catalog rules in this policy");
  assert.doesNotMatch(await page.textContent("#summary"), /2tags to prune/);
  assert.deepEqual(errors, []);
  await close();
});

test("policy: exported for admission as it is typed, with what cannot be said and what to know", async () => {
  const { page, errors, close } = await openConsole();
  await page.click("#tab-policy");
  // The strategy has no approved registry yet: nothing to enforce, and the page says what to set.
  await page.waitForFunction(() => document.getElementById("export-status").textContent.startsWith("Nothing to export"));
  assert.match(await page.textContent("#export-status"), /not_exportable at gates\.origin: .*list the approved registries/);
  assert.equal(await page.isDisabled("#export-download"), true);
  const gates = { gates: { origin: { allowed: ["artifacts.developer.gov.bc.ca/docker-remote"], require_registry: true } } };
  await page.fill("#policy-text", JSON.stringify(gates));
  await page.waitForFunction(() => document.getElementById("export-status").textContent.startsWith("2 objects"));
  const list = JSON.parse(await page.textContent("#export"));
  assert.deepEqual(list.items.map((o) => o.kind), ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]);
  assert.equal(list.items[0].spec.validations.length, 2, "the origin and registry rules");
  await page.selectOption("#export-target", "kyverno");
  await page.waitForFunction(() => document.getElementById("export-status").textContent === "1 object: ClusterPolicy.");
  // The Image config needs the platform's registries, and says what applying it does.
  await page.selectOption("#export-target", "image-config");
  await page.waitForFunction(() => document.getElementById("export-status").textContent.includes("platform_registries"));
  gates.gates.admission = { platform_registries: ["registry.redhat.io", "quay.io/openshift-release-dev"] };
  await page.fill("#policy-text", JSON.stringify(gates));
  await page.waitForFunction(() => document.getElementById("export-status").textContent === "1 object: Image.");
  const warnings = await page.locator("#export-warnings li").allTextContents();
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /roll new registry settings out to every node/);
  assert.match(warnings[1], /artifacts\.developer\.gov\.bc\.ca\/docker-remote, quay\.io\/openshift-release-dev$/);
  assert.match(await page.textContent("#export"), /"allowedRegistries": \[/);
  await page.screenshot({ path: join(shots, "policy-export.png"), fullPage: true });
  // A broken policy exports nothing.
  await page.fill("#policy-text", '{"gates": {"origin": {"allowed": ["nginx"]}}}');
  await page.waitForFunction(() => document.getElementById("export-status").textContent === "Fix the policy first.");
  assert.equal(await page.isVisible("#export"), false);
  assert.deepEqual(errors, []);
  await close();
});

test("the keyboard moves between views", async () => {
  const { page, errors, close } = await openConsole();
  await page.focus("#tab-audit");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getAttribute("#tab-retention", "aria-selected"), "true");
  assert.equal(await page.isVisible("#view-retention"), true);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.getAttribute("#tab-names", "aria-selected"), "true");
  await page.keyboard.press("Tab");
  await page.keyboard.type("13-el8");
  assert.match(await page.textContent("#readings"), /variant line el8/);
  assert.deepEqual(errors, []);
  await close();
});

test("a 50,000-tag cluster is audited off the page's thread: the page answers meanwhile", async () => {
  const { page, errors, close } = await openConsole();
  const items = [];
  for (let s = 0; s < 2500; s++) {
    const tags = [];
    for (let v = 0; v < 20; v++) tags.push({ tag: `1.${v}.0`, items: [{ image: `sha256:${(s * 100 + v).toString(16).padStart(64, "0")}`, created: "2025-01-01T00:00:00Z" }] });
    items.push({ kind: "ImageStream", metadata: { name: `app${s % 10}`, namespace: `team${Math.floor(s / 10)}-dev` }, status: { tags } });
  }
  const big = JSON.stringify({ kind: "List", items }) + JSON.stringify({ kind: "PodList", items: [] });
  await page.setInputFiles("#files", { name: "big.json", mimeType: "application/json", buffer: Buffer.from(big) });
  await page.waitForFunction(() => document.getElementById("data-status").textContent.startsWith("Auditing"));
  // While the worker audits, the names view still reads as the person types.
  await page.click("#tab-names");
  await page.fill("#name-input", "a1b2c3-dev");
  const answered = await page.textContent("#readings");
  const stillAuditing = (await page.textContent("#data-status")).startsWith("Auditing");
  assert.match(answered, /environment dev/);
  await page.click("#tab-audit");
  await page.waitForFunction(() => document.getElementById("data-status").textContent.startsWith("big.json, audited"), null, { timeout: 120000 });
  assert.match(await page.textContent("#retention-summary"), /^50000 tags in 2500 streams: keep 7500, prune 42500\.$/);
  assert.ok(stillAuditing, "the audit was still running when the names view answered");
  await assertNoOverflow(page, "the audit of a large cluster");
  assert.deepEqual(errors, []);
  await close();
});

for (const [name, viewport] of Object.entries(WIDTHS)) {
  test(`every view fits a ${viewport.width} px window (${name}), screenshots taken`, async () => {
    const { page, errors, close } = await openConsole(viewport);
    await auditExample(page);
    for (const view of ["audit", "retention", "policy", "names"]) {
      await page.click(`#tab-${view}`);
      if (view === "retention") await page.waitForFunction(() => /prune/.test(document.getElementById("sim-summary").textContent));
      await assertNoOverflow(page, `${view} at ${viewport.width} px`);
      await page.screenshot({ path: join(shots, `${view}-${viewport.width}.png`), fullPage: view !== "audit" });
    }
    assert.deepEqual(errors, []);
    await close();
  });
}

test("the shared conformance cases give the same answers in the browser", async () => {
  const { page } = await openPage();
  const root = join(repo, "tests/conformance");
  const { withFixtures } = await import("./runners.mjs");
  const readFixture = (path) => readFileSync(join(repo, "../shared/fixtures", path), "utf8");
  const files = readdirSync(root).flatMap((area) =>
    readdirSync(join(root, area)).map((f) => [`${area}/${f.replace(/\.json$/, "")}`, withFixtures(JSON.parse(readFileSync(join(root, area, f), "utf8")), readFixture)]));
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

test("in the browser too, a trapped instance is replaced and the next call works", async () => {
  const { page, errors } = await openPage();
  const result = await page.evaluate(async () => {
    const ic = await import("/bindings-wasm/js/web.mjs");
    const { guard } = await import("/bindings-wasm/js/guard.mjs");
    await ic.default();
    const scope = new ic.RegistryScope("registry.example.com/team");
    const seen = [];
    for (let round = 0; round < 2; round += 1) {
      // Out of memory, as in recovery.test.mjs: take the 4 GiB, then ask for 64 MiB more.
      const memory = guard.glue.__memory();
      memory.grow(65536 - memory.buffer.byteLength / 65536);
      try {
        ic.audit(null, JSON.stringify({ pods: ["x".repeat(64 << 20)] }));
        seen.push("no trap");
      } catch (error) {
        seen.push(`${error.constructor.name}: ${error.message}`);
      }
      seen.push(ic.parseReference("nginx").canonical, scope.allows("registry.example.com.evil.io/team/x"));
      // The next spare copy of the glue is imported in the background; wait for it.
      while (guard.replace === null) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return seen;
  });
  const trapped = "RuntimeError: imagecurator: the WebAssembly instance trapped (unreachable); a fresh instance has replaced it, so the next call works";
  assert.deepEqual(result, [trapped, "docker.io/library/nginx", false, trapped, "docker.io/library/nginx", false]);
  assert.deepEqual(errors, []);
  await page.close();
});
