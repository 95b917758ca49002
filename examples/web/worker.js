// The console's work, off the page's thread: audits of large clusters take seconds, and the
// page must answer the keyboard meanwhile. One request at a time, in order; each answer carries
// its request's id.
import init, * as ic from "../../bindings-wasm/js/web.mjs";

const ready = init();

/** Files as one inventory: JSON text as `oc` wrote it, joined and read in one pass; when any
 *  file is YAML (`oc get -o yaml`), every file's documents as objects. */
function inventoryOf(files) {
  const yaml = (f) => /\.ya?ml$/i.test(f.name) || !/^\s*[[{]/.test(f.text);
  if (!files.some(yaml)) return files.map((f) => f.text).join("\n");
  return files.flatMap((f) => (yaml(f) ? ic.readYaml(f.text) : [JSON.parse(f.text)]));
}

const ops = {
  audit: ({ policy, files }) => ic.audit(policy, inventoryOf(files)),
  markdown: ({ policy, files }) => ic.auditMarkdown(policy, inventoryOf(files)),
  readYaml: ({ text }) => ic.readYaml(text),
  checkPolicy: ({ document }) => ic.checkPolicy(document),
  conflicts: ({ document }) => ic.policyConflicts(document),
  exportAdmission: ({ document, target }) => ic.exportAdmission(document, target),
};

self.onmessage = async ({ data: { id, op, args } }) => {
  await ready;
  try {
    self.postMessage({ id, result: ops[op](args) });
  } catch (err) {
    // The library's errors carry a code and, for documents, the path of what is wrong.
    self.postMessage({ id, error: { code: err.code ?? "internal", message: err.message, path: err.path ?? null } });
  }
};
