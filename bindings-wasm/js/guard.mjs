// Keeps the package working after its WebAssembly instance traps.
//
// The Rust side is written not to panic, and every argument is checked before any work, but a
// trap can still happen: the instance's memory can run out (wasm32 has 4 GiB), and a bug may
// yet be found. After a trap the instance's state is unknown (its shadow stack and heap may be
// mid-change), so the guard drops it and builds a fresh one from a second copy of the
// wasm-bindgen glue. Every function and class the package exports goes through the guard:
//
// - the call that trapped throws a `WebAssembly.RuntimeError` that says so; the next call runs
//   on the fresh instance;
// - an object (`NamespacePattern`, `NamespaceSelector`, `RegistryScope`) remembers how it was
//   made, and is made again in the fresh instance on its next use, so objects made before the
//   trap keep working;
// - the old instance's objects are detached from its glue's finalizers first: a finalizer that
//   called into a broken instance and threw would end a Node process.
import { batchApi } from "./batch.mjs";

/** The package's functions, as the glue names them. */
export const FUNCTIONS = [
  "parseReference", "namesRegistry", "parseTag", "parseNamespace", "sortTags", "compareTags", "splitPackedName",
  "errorCodes", "errorClasses", "findingCodes", "planRetention", "defaultRetentionPolicy",
  "audit", "auditTable", "auditMarkdown", "defaultPolicy", "policySchema", "readYaml",
  "checkPolicy", "policyConflicts", "checkStreamName", "checkNamespace", "checkTag", "exportAdmission", "exportScanGate",
];
/** The batch functions of batch.mjs. */
export const BATCH_FUNCTIONS = ["parseReferences", "parseTags", "parseNamespaces"];
/** The package's classes, as the glue names them. */
export const CLASSES = ["NamespacePattern", "NamespaceSelector", "RegistryScope"];

export class Guard {
  /** The glue in use, or null before `install` and after a failed replacement. */
  glue = null;
  /** The batch functions over `glue`. */
  batch = null;
  /** Counts instances; an object made in an older one is made again before use. */
  generation = 0;
  /** Makes a fresh glue synchronously, or null where that cannot be done (yet). */
  replace = null;
  /** Why the package cannot be used, when it cannot. */
  unusable = "call the default export, init(), and wait for it before anything else";
  #makeBatch;
  /** Weak references to this instance's objects, to detach them from a trapped instance. */
  #live = [];
  #pruneAt = 64;

  /** `makeBatch(glue)` gives the batch functions over one glue. */
  constructor(makeBatch) {
    this.#makeBatch = makeBatch;
  }

  /** Puts a glue, already initialized, in use. */
  install(glue) {
    this.glue = glue;
    this.batch = this.#makeBatch(glue);
    this.generation += 1;
    this.#live = [];
  }

  /** Runs `work(glue, batch)`; after a trap, replaces the instance and throws what happened. */
  call(work) {
    const glue = this.glue;
    if (glue === null) throw new Error(`imagecurator: ${this.unusable}`);
    try {
      return work(glue, this.batch);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      throw this.#recover(glue, error);
    }
  }

  /** Keeps a weak reference to an object of the current instance. */
  track(object) {
    this.#live.push(new WeakRef(object));
    if (this.#live.length > this.#pruneAt) {
      this.#live = this.#live.filter((ref) => ref.deref() !== undefined);
      this.#pruneAt = 2 * this.#live.length + 64;
    }
  }

  #recover(trapped, error) {
    if (this.glue === trapped) {
      for (const ref of this.#live) ref.deref()?.__destroy_into_raw();
      this.glue = null;
      this.batch = null;
      try {
        const fresh = this.replace?.();
        if (fresh) this.install(fresh);
        else this.unusable = "the WebAssembly instance trapped and no fresh one could be made; load the package again";
      } catch (cause) {
        this.unusable = `the WebAssembly instance trapped and making a fresh one failed (${cause})`;
      }
    }
    const next = this.glue ? "a fresh instance has replaced it, so the next call works" : this.unusable;
    return new WebAssembly.RuntimeError(`imagecurator: the WebAssembly instance trapped (${error.message}); ${next}`, { cause: error });
  }

  /** The package's functions, each running through `call`. */
  functions() {
    const api = {};
    for (const name of FUNCTIONS) api[name] = named(name, (...args) => this.call((glue) => glue[name](...args)));
    for (const name of BATCH_FUNCTIONS) api[name] = named(name, (...args) => this.call((_, batch) => batch[name](...args)));
    return api;
  }

  /** The package's classes, each object remade in a fresh instance when it is used after a trap. */
  classes(glue) {
    return Object.fromEntries(CLASSES.map((name) => [name, guardedClass(this, name, glue[name])]));
  }
}

const named = (name, f) => Object.defineProperty(f, "name", { value: name });

/** Copies array arguments, so that a remade object is made from what was given, not from what the array later became. */
const snapshot = (args) => args.map((arg) => (Array.isArray(arg) ? arg.slice() : arg));

/**
 * A class with the methods, getters and static constructors of the glue's class `name`
 * (`shape`, read once), whose objects keep the recipe that made them.
 */
function guardedClass(guard, name, shape) {
  const states = new WeakMap();
  const make = (self, recipe) => {
    states.set(self, { recipe, raw: build(recipe), generation: guard.generation });
    return self;
  };
  const build = (recipe) =>
    guard.call((glue) => {
      const raw = recipe(glue);
      guard.track(raw);
      return raw;
    });
  const use = (self, work) => {
    const state = states.get(self);
    if (state === undefined) throw new TypeError(`imagecurator: this ${name} was freed, or was not made by ${name}'s constructor`);
    if (state.generation !== guard.generation) {
      state.raw = build(state.recipe);
      state.generation = guard.generation;
    }
    return guard.call(() => work(state.raw));
  };

  const Guarded = {
    [name]: class {
      constructor(...args) {
        const given = snapshot(args);
        make(this, (glue) => new glue[name](...given));
      }
    },
  }[name];
  const proto = shape.prototype;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === "constructor" || key === "free" || key.startsWith("__")) continue;
    const { get, value } = Object.getOwnPropertyDescriptor(proto, key);
    if (get) Object.defineProperty(Guarded.prototype, key, { get() { return use(this, (raw) => raw[key]); }, configurable: true });
    else if (typeof value === "function") Guarded.prototype[key] = named(key, function (...args) { return use(this, (raw) => raw[key](...args)); });
  }
  for (const key of Object.getOwnPropertyNames(shape)) {
    if (typeof shape[key] !== "function" || key.startsWith("__")) continue;
    Guarded[key] = named(key, (...args) => {
      const given = snapshot(args);
      return make(Object.create(Guarded.prototype), (glue) => glue[name][key](...given));
    });
  }
  Guarded.prototype.free = function free() {
    const state = states.get(this);
    states.delete(this);
    if (state !== undefined && state.generation === guard.generation) state.raw.free();
  };
  if (Symbol.dispose) Guarded.prototype[Symbol.dispose] = Guarded.prototype.free;
  return Guarded;
}

/** The one guard of the package; the entry (node.mjs or web.mjs) installs its glue. */
export const guard = new Guard(batchApi);
