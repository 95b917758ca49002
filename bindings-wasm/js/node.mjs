// The package entry for Node: the wasm-bindgen build, with the fast batch functions.
import raw from "../pkg/node/imagecurator.js";
import { batchApi } from "./batch.mjs";

const batch = batchApi(raw);

export const {
  parseReference, parseTag, parseNamespace, sortTags, compareTags, splitPackedName, errorCodes, errorClasses, findingCodes,
  planRetention, defaultRetentionPolicy, NamespacePattern, NamespaceSelector, RegistryScope,
  audit, auditTable, auditMarkdown, defaultPolicy, policySchema, readYaml, checkPolicy, policyConflicts, checkStreamName, checkNamespace, checkTag,
} = raw;
export const { parseReferences, parseTags, parseNamespaces } = batch;

const api = {
  parseReference, parseTag, parseNamespace, sortTags, compareTags, splitPackedName, errorCodes, errorClasses, findingCodes,
  planRetention, defaultRetentionPolicy, NamespacePattern, NamespaceSelector, RegistryScope,
  audit, auditTable, auditMarkdown, defaultPolicy, policySchema, readYaml, checkPolicy, policyConflicts, checkStreamName, checkNamespace, checkTag, ...batch,
};
export default api;
