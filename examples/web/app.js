// Reads the input as a reference, a tag and a namespace with the WASM build of imagecurator.
// Serve the repository root (e.g. `python3 -m http.server`) and open /examples/web/.
import init, * as ic from "../../bindings-wasm/js/web.mjs";

const EXAMPLES = [
  "nginx:1.25-alpine",
  "image-registry.openshift-image-registry.svc:5000/openshift/python:3.9-ubi8",
  "registry.example.com@evil.io/x",
  "13-el8",
  "1.0.0-rc10",
  "a1b2c3-prod",
  "a1b2c3-production",
];

const prod = () => ic.NamespacePattern.glob("*-prod");

function cell(id, ok, html) {
  const td = document.getElementById(id);
  td.className = ok ? "ok" : "no";
  td.innerHTML = html;
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const failure = (err) => `not valid: <code>${esc(err.code)}</code> ${esc(err.message)}`;

function attempt(id, read) {
  try {
    cell(id, true, read());
  } catch (err) {
    if (!err.code) throw err;
    cell(id, false, failure(err));
  }
}

function show(text) {
  attempt("reference", () => {
    const r = ic.parseReference(text);
    const internal = r.internal ? `; image stream <code>${esc(r.internal.namespace)}/${esc(r.internal.stream)}</code>` : "";
    return `<code>${esc(r.canonical)}</code> (familiar <code>${esc(r.familiar)}</code>)${internal}`;
  });
  attempt("tag", () => {
    const t = ic.parseTag(text);
    const parts = [t.kind];
    if (t.release.length) parts.push(`release ${t.release.join(".")}`);
    if (t.prerelease) parts.push(`pre-release ${esc(t.prerelease)}`);
    if (t.variant) parts.push(`variant line ${esc(t.variant)}`);
    if (t.qualifier) parts.push(`qualifier ${esc(t.qualifier)}`);
    return parts.join(", ");
  });
  attempt("namespace", () => {
    const ns = ic.parseNamespace(text);
    const plate = ns.plate ? `licence plate <code>${esc(ns.plate)}</code>, environment ${ns.environment}` : "no licence plate";
    return `${plate}; <code>*-prod</code> ${prod().matches(text) ? "matches" : "does not match"}`;
  });
}

await init();
const input = document.getElementById("input");
const examples = document.getElementById("examples");
for (const text of EXAMPLES) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = text;
  button.addEventListener("click", () => { input.value = text; show(text); });
  examples.append(button);
}
input.addEventListener("input", () => show(input.value));

// The audit: the strategy as the default policy, applied to an inventory in the page.
function showAudit(inventory) {
  const summary = document.getElementById("audit-summary");
  const rows = document.querySelector("#findings tbody");
  const pre = document.getElementById("config");
  const heading = document.getElementById("config-heading");
  rows.replaceChildren();
  pre.hidden = heading.hidden = true;
  let report;
  try {
    report = ic.audit(null, inventory);
  } catch (err) {
    if (!err.code) throw err;
    summary.innerHTML = `not an inventory: <code>${esc(err.code)}</code>${err.path ? ` at <code>${esc(err.path)}</code>` : ""} ${esc(err.message)}`;
    return;
  }
  const { errors, warnings, infos } = report.summary;
  const pruned = report.retention.totals.pruned;
  // The plan's notes say when it lacked evidence of what runs, or the time, and so pruned nothing.
  const notes = report.retention.notes.length ? ` ${report.retention.notes.join(" ")}` : "";
  summary.textContent = `${errors} errors, ${warnings} warnings, ${infos} info; retention prunes ${pruned} tags.${notes}`;
  for (const f of report.findings.filter((f) => f.severity !== "info").slice(0, 200)) {
    const tr = document.createElement("tr");
    const fix = f.suggestion ? ` (suggest <code>${esc(f.suggestion)}</code>)` : "";
    tr.innerHTML = `<td class="${f.severity}">${f.severity}</td><td><code>${esc(f.code)}</code><br>${esc(f.subject)}</td><td>${esc(f.message)}${fix}</td>`;
    rows.append(tr);
  }
  const config = report.catalog[0]?.samples_config;
  pre.hidden = heading.hidden = !config;
  pre.textContent = config ? JSON.stringify(config, null, 2) : "";
}

const auditExample = document.getElementById("audit-example");
auditExample.addEventListener("click", async () => {
  const response = await fetch(new URL("../inventory/cluster.json", import.meta.url));
  showAudit(await response.json());
});
const auditFile = document.getElementById("audit-file");
auditFile.addEventListener("change", async () => {
  const [file] = auditFile.files;
  if (!file) return;
  try {
    showAudit(JSON.parse(await file.text()));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    document.getElementById("audit-summary").textContent = `not JSON: ${err.message}`;
  }
});
auditExample.disabled = false;
auditFile.disabled = false;
input.disabled = false;
show(input.value);
document.getElementById("status").textContent = "Ready.";
document.body.dataset.ready = "true";
