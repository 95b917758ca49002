export * from "../pkg/web/imagecurator.js";
export { default } from "../pkg/web/imagecurator.js";
