// The package's exports, shared by both entries (node.mjs, web.mjs): every function and class
// runs through one Guard (guard.mjs), which the entry gives its glue.
import * as webGlue from "../pkg/web/imagecurator.js";
import { guard } from "./guard.mjs";

// Both builds' glues export the same classes; the web glue is read for their shape, as it can
// be imported before any instance exists.
export const {
  parseReference, namesRegistry, parseTag, parseNamespace, sortTags, compareTags, splitPackedName, errorCodes, errorClasses, findingCodes,
  planRetention, defaultRetentionPolicy, audit, auditTable, auditMarkdown, defaultPolicy, policySchema, readYaml,
  checkPolicy, policyConflicts, checkStreamName, checkNamespace, checkTag, exportAdmission, exportScanGate, parseReferences, parseTags, parseNamespaces,
} = guard.functions();
export const { NamespacePattern, NamespaceSelector, RegistryScope } = guard.classes(webGlue);
