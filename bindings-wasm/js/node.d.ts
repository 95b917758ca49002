export * from "../pkg/node/imagecurator.js";
export * from "./batch.mjs";
import * as raw from "../pkg/node/imagecurator.js";
import * as batch from "./batch.mjs";
declare const api: typeof raw & typeof batch;
export default api;
