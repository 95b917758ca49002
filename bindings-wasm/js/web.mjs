// The package entry for browsers: the wasm-bindgen web build (call the default `init()` once
// before anything else), with the fast batch functions.
import init, * as raw from "../pkg/web/imagecurator.js";
import { batchApi } from "./batch.mjs";

export * from "../pkg/web/imagecurator.js";
export default init;
export const { parseReferences, parseTags, parseNamespaces } = batchApi(raw);
