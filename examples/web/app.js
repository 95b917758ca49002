// The imagecurator console: audit a cluster's data, try retention rules, edit the policy, and
// read names, all in the page with the WASM build. Audits run in a worker (worker.js), so a
// large cluster never freezes the page; the names view reads on this thread, as you type.
// Serve the repository root (`python3 -m http.server`) and open /examples/web/.
import init, * as ic from "../../bindings-wasm/js/web.mjs";

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
/** The library's sentences quote names in backticks: shown as code. */
const prose = (s) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>");
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
/** At most this many rows of one group or stream go into the page; the rest are counted. */
const ROWS = 200;

// ---------------------------------------------------------------- the worker
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const pending = new Map();
let nextId = 0;
worker.onmessage = ({ data }) => {
  const { resolve, reject } = pending.get(data.id);
  pending.delete(data.id);
  if (data.error) reject(Object.assign(new Error(data.error.message), data.error));
  else resolve(data.result);
};
const call = (op, args) => new Promise((resolve, reject) => {
  const id = nextId++;
  pending.set(id, { resolve, reject });
  worker.postMessage({ id, op, args });
});
/** What an error from the library says: its code, the path of the bad value, its message. */
const said = (err) => `<code>${esc(err.code ?? "error")}</code>${err.path ? ` at <code>${esc(err.path)}</code>` : ""}: ${esc(err.message)}`;

// ---------------------------------------------------------------- state
const state = {
  files: null, // [{name, text}]: the files as given
  label: "",
  policy: null, // the policy document in use; null is the strategy
  report: null,
};

// ---------------------------------------------------------------- tabs
const tabs = [...document.querySelectorAll("[role=tab]")];
function selectTab(tab) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  $("data").hidden = tab.id === "tab-names" || tab.id === "tab-policy";
  if (tab.id === "tab-retention") simulate();
}
for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!step) return;
    const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
    next.focus();
    selectTab(next);
  });
}

// ---------------------------------------------------------------- data
const EXAMPLE = "The example cluster";
async function setData(files, label) {
  if ($("use-now").checked && label !== EXAMPLE) {
    files = [...files, { name: "now.json", text: JSON.stringify({ now: new Date().toISOString() }) }];
  }
  state.files = files;
  state.label = label;
  await runAudit();
}

async function readFiles(list) {
  if (!list.length) return;
  const files = await Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text() })));
  await setData(files, list.length === 1 ? list[0].name : `${list.length} files`);
}

$("use-example").addEventListener("click", async () => {
  const response = await fetch(new URL("../inventory/cluster.json", import.meta.url));
  await setData([{ name: "cluster.json", text: await response.text() }], EXAMPLE);
});
$("files").addEventListener("change", () => readFiles($("files").files));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  readFiles(e.dataTransfer.files);
});

// ---------------------------------------------------------------- audit
async function runAudit() {
  $("data-status").textContent = `Auditing ${state.label}…`;
  try {
    state.report = await call("audit", { policy: state.policy, files: state.files });
  } catch (err) {
    state.report = null;
    $("audit").hidden = true;
    $("audit-empty").hidden = false;
    $("data-status").innerHTML = `${esc(state.label)} is not an inventory the audit can read: ${said(err)}`;
    return;
  }
  const r = state.report;
  const policy = state.policy ? "your policy" : "the strategy";
  $("data-status").textContent = `${state.label}, audited against ${policy}${r.now ? ` as of ${r.now}` : ", with no time"}.`;
  renderAudit(r);
  if (!$("view-retention").hidden) simulate();
}

function renderAudit(r) {
  $("audit-empty").hidden = true;
  $("audit").hidden = false;
  const t = r.retention.totals;
  const cards = [
    ["error", r.summary.errors, "errors"], ["warning", r.summary.warnings, "warnings"], ["info", r.summary.infos, "info"],
    ["", t.pruned, "tags to prune"], ["", t.kept, "tags kept"], ["", r.commands.length, "commands"],
  ];
  $("summary").innerHTML = cards.map(([cls, n, what]) => `<div class="card ${cls}"><b>${n}</b>${what}</div>`).join("");
  const ran = r.families.filter((f) => f.evaluated).map((f) => `${f.family}${f.namespace ? ` ${f.namespace}` : ""} (${f.objects})`);
  const skipped = r.families.filter((f) => !f.evaluated).map((f) => `${f.family}: ${f.not_evaluated_because}`);
  const unused = Object.entries(r.unused_input).map(([kind, n]) => `${n} ${kind}`);
  $("families").innerHTML = [
    `Ran: ${esc(ran.join(", ") || "nothing")}.`,
    skipped.length ? `Not evaluated: ${esc(skipped.join("; "))}.` : "",
    unused.length ? `Read but not used: ${esc(unused.join(", "))}.` : "",
  ].filter(Boolean).join(" ");
  fillOptions($("filter-code"), [...new Set(r.findings.map((f) => f.code))]);
  fillOptions($("filter-namespace"), [...new Set(r.findings.map(namespaceOf).filter(Boolean))].sort());
  renderFindings();
  renderDecisions($("decisions"), r.retention, $("retention-all").checked ? "all" : "reviewed", "");
  $("retention-summary").textContent =
    `${plural(t.tags, "tag")} in ${plural(t.streams, "stream")}: keep ${t.kept}, prune ${t.pruned}.`;
  $("retention-notes").innerHTML = r.retention.notes.map((n) => `<p class="problem">${esc(n)}</p>`).join("");
  $("commands").textContent = r.commands.join("\n") || "(no commands: nothing to change)";
  const config = r.catalog[0]?.samples_config;
  $("config-section").hidden = !config;
  $("config").textContent = config ? JSON.stringify(config, null, 2) : "";
}

function fillOptions(select, values) {
  const keep = select.value;
  select.replaceChildren(new Option("all", ""), ...values.map((v) => new Option(v, v)));
  select.value = values.includes(keep) ? keep : "";
}

/** A finding's namespace, from its subject: `imagestream/<ns>/<name>`, `namespace/<ns>`, ... */
function namespaceOf(f) {
  const [kind, first] = f.subject.split("/");
  return kind === "namespace" ? first : f.subject.split("/").length > 2 ? first : null;
}

function renderFindings() {
  const r = state.report;
  const severity = $("filter-severity").value;
  const code = $("filter-code").value;
  const namespace = $("filter-namespace").value;
  const text = $("filter-text").value.trim().toLowerCase();
  const shown = r.findings.filter((f) =>
    (!severity || f.severity === severity) && (!code || f.code === code) &&
    (!namespace || namespaceOf(f) === namespace) &&
    (!text || f.subject.toLowerCase().includes(text) || f.message.toLowerCase().includes(text)));
  $("findings-count").textContent = shown.length === r.findings.length
    ? `${plural(r.findings.length, "finding")}, grouped by code.`
    : `${shown.length} of ${plural(r.findings.length, "finding")} match.`;
  const groups = new Map();
  for (const f of shown) (groups.get(f.code) ?? groups.set(f.code, []).get(f.code)).push(f);
  const filtered = Boolean(severity || code || namespace || text);
  $("findings").innerHTML = [...groups.values()].map((group) => {
    const first = group[0];
    const shared = group.every((f) => f.remediation === first.remediation) ? first.remediation : null;
    const rows = group.slice(0, ROWS).map((f) => `<div class="finding"><div class="subject">${esc(f.subject)}</div>` +
      `<div class="message">${prose(f.message)}${f.suggestion ? ` (suggest <code>${esc(f.suggestion)}</code>)` : ""}</div>` +
      (shared ? "" : `<div class="fix">${prose(f.remediation)}</div>`) + "</div>").join("");
    const more = group.length > ROWS ? `<p class="small finding">and ${group.length - ROWS} more</p>` : "";
    const open = filtered || group.length <= 3 ? " open" : "";
    return `<details class="group" data-code="${esc(first.code)}"${open}><summary><span class="sev ${first.severity}">${first.severity}</span>` +
      `<code>${esc(first.code)}</code><span class="small">${group.length}</span></summary>` +
      (shared ? `<p class="fix">${prose(shared)}</p>` : "") + rows + more + "</details>";
  }).join("");
}
for (const id of ["filter-severity", "filter-code", "filter-namespace", "filter-text"]) {
  $(id).addEventListener("input", renderFindings);
}
$("retention-all").addEventListener("change", () => state.report && renderAudit(state.report));

/** The decisions of a plan, by stream: `which` is "reviewed" (the tags that go and those kept
 *  because something uses them) or "all". */
function renderDecisions(target, plan, which, namespace) {
  const streams = new Map();
  for (const d of plan.decisions) {
    if (which === "reviewed" && d.action !== "prune" && d.reason !== "in_use") continue;
    if (namespace && d.namespace !== namespace) continue;
    const key = `${d.namespace ?? "-"}/${d.stream}`;
    (streams.get(key) ?? streams.set(key, []).get(key)).push(d);
  }
  const entries = [...streams.entries()];
  target.innerHTML = entries.slice(0, ROWS).map(([key, ds]) => `<div class="stream"><h3>${esc(key)}</h3>` +
    ds.map((d) => `<div class="decision" data-tag="${esc(d.tag)}"><span class="${d.action}">${d.action}</span>` +
      `<span class="tag">${esc(d.tag)}</span><span class="why">${prose(why(d))}</span></div>`).join("") + "</div>").join("") +
    (entries.length > ROWS ? `<p class="small">and ${entries.length - ROWS} more streams</p>` : "") +
    (entries.length ? "" : `<p class="small">No decisions to show.</p>`);
}

/** A decision's reason: the library's own sentence (`prune app:1.0 (sha256:…): why`), after
 *  the tag it names. */
const why = (d) => d.message.slice(d.message.indexOf(": ") + 2);

// ---------------------------------------------------------------- copy and download
const texts = {
  commands: () => [state.report?.commands.join("\n") + "\n", "imagecurator-commands.sh", "text/x-shellscript"],
  config: () => [$("config").textContent + "\n", "samples-config.json", "application/json"],
  report: () => [JSON.stringify(state.report, null, 2) + "\n", "imagecurator-report.json", "application/json"],
  export: () => [$("export").textContent + "\n", `imagecurator-${$("export-target").value}.json`, "application/json"],
  policy: () => {
    const text = $("policy-text").value;
    return /^\s*\{/.test(text) ? [text, "policy.json", "application/json"] : [text, "policy.yaml", "application/yaml"];
  },
};
for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const [text] = texts[button.dataset.copy]();
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = "Copy"; }, 1500);
  });
}
for (const button of document.querySelectorAll("[data-download]")) {
  button.addEventListener("click", async () => {
    const what = button.dataset.download;
    const [text, name, type] = what === "markdown"
      ? [await call("markdown", { policy: state.policy, files: state.files }), "imagecurator-report.md", "text/markdown"]
      : texts[what]();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 0);
  });
}

// ---------------------------------------------------------------- retention simulator
let simulation = 0;
function simulatedPolicy() {
  const base = state.policy ?? {};
  const retention = { ...(base.retention ?? {}) };
  const keep = Number($("sim-keep").value);
  if (Number.isInteger(keep)) retention.keep = keep;
  const pre = $("sim-prereleases").value;
  if (pre === "keep_newest") retention.prereleases = { keep_newest: 1 };
  else if (pre) retention.prereleases = pre;
  const protect = $("sim-protect").value.split(",").map((s) => s.trim()).filter(Boolean);
  if (protect.length) retention.protect = { ...(retention.protect ?? {}), include: protect };
  // One override, first of the list: for the namespaces it matches, its `keep` wins.
  const namespaces = $("sim-override-namespaces").value.trim();
  const overrideKeep = $("sim-override-keep").value;
  if (namespaces && overrideKeep !== "") {
    retention.overrides = [{ namespaces, keep: Number(overrideKeep) }, ...(retention.overrides ?? [])];
  }
  return { ...base, retention };
}

async function simulate() {
  if (!state.files) {
    $("sim-summary").textContent = "Load data above to see each tag's decision.";
    return;
  }
  const mine = ++simulation;
  let report;
  try {
    report = await call("audit", { policy: simulatedPolicy(), files: state.files });
  } catch (err) {
    if (mine !== simulation) return;
    $("sim-error").innerHTML = `These rules are not a policy: ${said(err)}`;
    return;
  }
  if (mine !== simulation) return; // a newer keystroke's answer is on its way
  $("sim-error").textContent = "";
  const plan = report.retention;
  const t = plan.totals;
  fillOptions($("sim-namespace"), [...new Set(plan.decisions.map((d) => d.namespace).filter(Boolean))].sort());
  $("sim-summary").textContent = `${plural(t.tags, "tag")} in ${plural(t.streams, "stream")}: keep ${t.kept}, prune ${t.pruned}.` +
    (plan.notes.length ? ` ${plan.notes.join(" ")}` : "");
  renderDecisions($("sim-decisions"), plan, "all", $("sim-namespace").value);
}
for (const id of ["sim-keep", "sim-prereleases", "sim-protect", "sim-override-namespaces", "sim-override-keep", "sim-namespace"]) {
  $(id).addEventListener("input", simulate);
}

// ---------------------------------------------------------------- policy editor
let checking = 0;
/** The policy document in the editor: JSON when it opens as JSON does, otherwise YAML. */
async function documentOf(text) {
  if (/^\s*\{/.test(text)) return JSON.parse(text);
  const documents = await call("readYaml", { text });
  if (documents.length !== 1) throw Object.assign(new Error(`a policy is one YAML document, not ${documents.length}`), { code: "invalid_input" });
  return documents[0];
}
async function checkPolicyText() {
  const mine = ++checking;
  const status = $("policy-status");
  const text = $("policy-text").value;
  let document;
  try {
    document = await documentOf(text);
  } catch (err) {
    if (mine !== checking) return null;
    status.className = "problem";
    status.innerHTML = err.code ? prose(err.message[0].toUpperCase() + err.message.slice(1)) : `Not JSON: ${esc(err.message)}`;
    $("policy-apply").disabled = true;
    showExport(null, "Fix the policy first.");
    return null;
  }
  try {
    await call("checkPolicy", { document });
    const conflicts = await call("conflicts", { document });
    if (mine !== checking) return null;
    status.className = "ok";
    status.textContent = "A valid policy document.";
    $("policy-conflicts").innerHTML = conflicts.map((c) =>
      `<li><code>${esc(c.path)}</code> is overridden: ${esc(c.message)}</li>`).join("");
    $("policy-apply").disabled = false;
    await exportPolicy(document, mine);
    return document;
  } catch (err) {
    if (mine !== checking) return null;
    status.className = "problem";
    status.innerHTML = `Not a valid policy: ${said(err)}`;
    $("policy-conflicts").replaceChildren();
    $("policy-apply").disabled = true;
    showExport(null, "Fix the policy first.");
    return null;
  }
}

/** The valid policy in the editor, exported for the chosen admission system. */
async function exportPolicy(document, mine) {
  try {
    const objects = await call("exportAdmission", { document, target: $("export-target").value });
    if (mine !== checking) return;
    showExport(objects, null);
  } catch (err) {
    if (mine !== checking) return;
    showExport(null, `Nothing to export: ${said(err)}`);
  }
}
function showExport(objects, problem) {
  const status = $("export-status");
  status.className = problem ? "problem" : "ok";
  status.innerHTML = problem ?? `${objects.length} object${objects.length === 1 ? "" : "s"}: ${objects.map((o) => esc(o.kind)).join(", ")}.`;
  // What to know before applying it: the library puts it in an annotation.
  const warnings = (objects ?? []).flatMap((o) =>
    ["imagecurator.io/warning", "imagecurator.io/import-omitted"].map((key) => o.metadata.annotations[key]).filter(Boolean));
  $("export-warnings").innerHTML = warnings.map((w) => `<li>${prose(w)}</li>`).join("");
  $("export").hidden = !objects;
  $("export").textContent = objects ? JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }, null, 2) : "";
  $("export-copy").disabled = $("export-download").disabled = !objects;
}
$("export-target").addEventListener("change", checkPolicyText);
$("policy-text").addEventListener("input", checkPolicyText);
$("policy-apply").addEventListener("click", async () => {
  const document = await checkPolicyText();
  if (!document) return;
  state.policy = document;
  selectTab($("tab-audit"));
  if (state.files) await runAudit();
});
$("policy-reset").addEventListener("click", async () => {
  $("policy-text").value = JSON.stringify(ic.defaultPolicy(), null, 2);
  state.policy = null;
  await checkPolicyText();
  if (state.files) await runAudit();
});

// ---------------------------------------------------------------- names
const NAME_EXAMPLES = [
  "nginx:1.25-alpine",
  "image-registry.openshift-image-registry.svc:5000/openshift/python:3.9-ubi8",
  "registry.example.com@evil.io/x",
  "17.0.1_12-jre-alpine",
  "1.0.0-rc10",
  "a1b2c3-prod",
  "a1b2c3-production",
];

/** One reading: what the text is, or, in plain words, why it is not that. */
function reading(label, read) {
  try {
    return `<dt>${label}</dt><dd>${read()}</dd>`;
  } catch (err) {
    if (!err.code) throw err;
    return `<dt>${label}</dt><dd class="not">not a ${label.toLowerCase()}: ${prose(err.message)}</dd>`;
  }
}

function showNames(text) {
  $("readings").innerHTML = [
    reading("Reference", () => {
      const r = ic.parseReference(text);
      const internal = r.internal ? `; image stream <code>${esc(r.internal.namespace)}/${esc(r.internal.stream)}</code>` : "";
      return `<code>${esc(r.canonical)}</code> (familiar <code>${esc(r.familiar)}</code>)${internal}`;
    }),
    reading("Tag", () => {
      const t = ic.parseTag(text);
      const parts = [t.kind];
      if (t.scheme) parts.push(`scheme ${esc(t.scheme)}`);
      if (t.release.length) parts.push(`release ${t.release.join(".")}`);
      if (t.prerelease) parts.push(`pre-release ${esc(t.prerelease)}`);
      if (t.revision) parts.push(`revision ${esc(t.revision)}`);
      if (t.variant) parts.push(`variant line ${esc(t.variant)}`);
      if (t.qualifier) parts.push(`qualifier ${esc(t.qualifier)}`);
      return parts.join(", ");
    }),
    reading("Namespace", () => {
      const ns = ic.parseNamespace(text);
      const plate = ns.plate ? `licence plate <code>${esc(ns.plate)}</code>, environment ${ns.environment}` : "no licence plate";
      const prod = ic.NamespacePattern.glob("*-prod").matches(text);
      return `${plate}; <code>*-prod</code> ${prod ? "matches" : "does not match"}`;
    }),
  ].join("");
}

// ---------------------------------------------------------------- start
await init();
const nameInput = $("name-input");
for (const text of NAME_EXAMPLES) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = text;
  button.addEventListener("click", () => { nameInput.value = text; showNames(text); });
  $("name-examples").append(button);
}
nameInput.addEventListener("input", () => showNames(nameInput.value));
showNames(nameInput.value);
$("policy-text").value = JSON.stringify(ic.defaultPolicy(), null, 2);
await checkPolicyText();
for (const id of ["name-input", "use-example", "files"]) $(id).disabled = false;
$("status").textContent = "Ready.";
document.body.dataset.ready = "true";
