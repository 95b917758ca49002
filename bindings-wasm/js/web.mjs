// The package entry for browsers: the wasm-bindgen web build, with the fast batch functions.
// Call the default export, `init()`, once and wait for it before anything else.
//
// After a trap the guard needs a fresh instance at once, inside the call that trapped, so init
// keeps the compiled module and a second copy of the glue (the same file under another URL is
// another module, with its own state) ready to instantiate synchronously.
import * as glue from "../pkg/web/imagecurator.js";
import { guard } from "./guard.mjs";

export * from "./api.mjs";

const glueUrl = new URL("../pkg/web/imagecurator.js", import.meta.url);
let copies = 0;
let ready;
let initialized;

/**
 * Loads and instantiates the module. `input` is what wasm-bindgen's init takes: nothing (the
 * `.wasm` file beside the glue), a URL, a `Request` or `Response`, bytes, a
 * `WebAssembly.Module`, or `{ module_or_path }` holding one of them. Calling it again does
 * nothing more.
 */
export default function init(input) {
  ready ??= start(input).catch((error) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

/** Like `init()`, from bytes or a `WebAssembly.Module`, without waiting (for workers). */
export function initSync(input) {
  if (initialized) return initialized;
  const module = input?.module ?? input;
  const compiled = module instanceof WebAssembly.Module ? module : new WebAssembly.Module(module);
  initialized = glue.initSync({ module: compiled });
  guard.install(glue);
  keepSpare(compiled);
  return initialized;
}

async function start(input) {
  const module = await compile(input?.module_or_path ?? input);
  if (initialized) return initialized;
  initialized = await glue.default({ module_or_path: module });
  guard.install(glue);
  await keepSpare(module);
  return initialized;
}

/** Readies a copy of the glue for the guard to instantiate after a trap. */
function keepSpare(module) {
  copies += 1;
  return import(`${glueUrl.href}?copy=${copies}`).then(
    (spare) => {
      guard.replace = () => {
        guard.replace = null;
        spare.initSync({ module });
        keepSpare(module);
        return spare;
      };
    },
    () => {
      // Some bundlers cannot import a module under a second URL; without the spare, a trap
      // leaves the package unusable and its errors say to load it again.
      guard.replace = null;
    },
  );
}

async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source === undefined) source = new URL("../pkg/web/imagecurator_bg.wasm", import.meta.url);
  if (typeof source === "string" || source instanceof URL || (typeof Request === "function" && source instanceof Request)) {
    source = fetch(source);
  }
  source = await source;
  if (typeof Response === "function" && source instanceof Response) {
    if (!source.ok) throw new Error(`imagecurator: failed to fetch the WebAssembly module: ${source.status} ${source.statusText} (${source.url})`);
    try {
      return await WebAssembly.compileStreaming(source.clone());
    } catch {
      // Served without the application/wasm type: compile from the bytes instead.
      return WebAssembly.compile(await source.arrayBuffer());
    }
  }
  return WebAssembly.compile(source);
}
