export * from "../pkg/web/imagecurator.js";
export * from "./batch.mjs";
export { default } from "../pkg/web/imagecurator.js";
