// The package entry for Node: the wasm-bindgen build, with the fast batch functions, ready on
// import. After a trap, the guard loads the glue again (a fresh CommonJS module, so a fresh
// instance) in place of the old one.
import { createRequire } from "node:module";
import * as api from "./api.mjs";
import { guard } from "./guard.mjs";

const require = createRequire(import.meta.url);
const gluePath = require.resolve("../pkg/node/imagecurator.js");

function freshGlue() {
  delete require.cache[gluePath];
  return require(gluePath);
}

guard.install(freshGlue());
guard.replace = freshGlue;

export * from "./api.mjs";
export default api;
