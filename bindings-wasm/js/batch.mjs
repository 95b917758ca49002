// Batch functions over the batch tables that src/batch_tables.rs writes: one joined UTF-8 buffer in,
// small numeric tables out. Each result is a read-only view that reads its fields from those
// tables and from the caller's own input strings when a field is asked for, so a batch of a
// million costs a million small objects, not eleven million strings. `toJSON()` gives the same
// plain object the single-item function returns (tests/api.test.mjs checks it, key for key).

const FAILED = 0xffffffff;
const FAILED_U8 = 0xff;
const NO_PORT = 0xffffffff;
// The names tag kind and environment bytes index: the core's own lists, read by batchApi.
let TAG_KINDS = [];
let ENVIRONMENTS = [null];
const encoder = new TextEncoder();
const inspect = Symbol.for("nodejs.util.inspect.custom");

/** The part of `text` between `start` and `end`, or null when the span is empty. */
const part = (text, start, end) => (end > start ? text.slice(start, end) : null);

/**
 * Shared by the views of one reference batch: the inputs, the table (nine numbers per item, see
 * src/batch_tables.rs) and the prefixes that canonical forms start with.
 */
class ReferenceTable {
  constructor(inputs, table, prefixes) {
    this.inputs = inputs;
    this.table = table;
    this.prefixes = prefixes;
  }

  canonical(i) {
    const t = this.table, m = i * 9;
    const prefix = this.prefixes[t[m]], input = this.inputs[i];
    return prefix + (t[m + 1] === 0 ? input : input.slice(t[m + 1]));
  }
}

/** One parsed reference of a batch; fields are read on demand. */
class ReferenceView {
  #table;
  #i;
  #canonical;

  constructor(table, i) {
    this.#table = table;
    this.#i = i;
  }

  #at(k) {
    return this.#table.table[this.#i * 9 + k];
  }

  get canonical() {
    return (this.#canonical ??= this.#table.canonical(this.#i));
  }
  get name() {
    return this.canonical.slice(0, this.#at(3));
  }
  get domain() {
    return this.canonical.slice(0, this.#at(2));
  }
  get host() {
    return this.canonical.slice(0, this.#at(5));
  }
  get port() {
    const port = this.#at(6);
    return port === NO_PORT ? null : port;
  }
  get path() {
    return this.canonical.slice(this.#at(2) + 1, this.#at(3));
  }
  get tag() {
    return part(this.canonical, this.#at(3) + 1, this.#at(4));
  }
  get digest() {
    return part(this.canonical, this.#at(4) + 1, this.canonical.length);
  }
  get familiar() {
    return this.canonical.slice(this.#at(7));
  }
  get familiar_name() {
    return this.canonical.slice(this.#at(7), this.#at(3));
  }
  get internal() {
    const end = this.#at(8);
    if (end === 0) return null;
    return { namespace: this.canonical.slice(this.#at(2) + 1, end), stream: this.canonical.slice(end + 1, this.#at(3)) };
  }

  toJSON() {
    const { canonical, name, domain, host, port, path, tag, digest, familiar, familiar_name, internal } = this;
    return { canonical, name, domain, host, port, path, tag, digest, familiar, familiar_name, internal };
  }
  [inspect]() {
    return this.toJSON();
  }
}

/** Shared by the views of one tag batch: inputs, table (thirteen bytes per item) and numbers. */
class TagTable {
  constructor(inputs, table, numbers, single) {
    this.inputs = inputs;
    this.table = table;
    this.numbers = numbers;
    // The one-tag reader, for what the table does not carry (the scheme): read on demand, by
    // the library, so that no rule is written here.
    this.single = single;
    // Where each tag's release numbers start; they follow one another in `numbers`.
    this.starts = new Uint32Array(inputs.length);
  }
}

/** One tag of a batch: its text is the input; fields are read on demand. */
class TagView {
  #table;
  #i;

  constructor(table, i) {
    this.#table = table;
    this.#i = i;
  }

  #at(k) {
    return this.#table.table[this.#i * 13 + k];
  }
  #span(k) {
    return part(this.tag, this.#at(k), this.#at(k + 1));
  }

  get tag() {
    return this.#table.inputs[this.#i];
  }
  get kind() {
    return TAG_KINDS[this.#at(0)];
  }
  get release() {
    const start = this.#table.starts[this.#i];
    return Array.from(this.#table.numbers.subarray(start, start + this.#at(2)));
  }
  get v_prefix() {
    return this.#at(1) === 1;
  }
  get prerelease() {
    return this.#span(3);
  }
  get revision() {
    return this.#span(5);
  }
  get qualifier() {
    return this.#span(7);
  }
  get variant() {
    return this.#span(9);
  }
  get build() {
    return this.#span(11);
  }
  get scheme() {
    return this.#table.single(this.tag).scheme;
  }

  toJSON() {
    const { tag, kind, release, v_prefix, prerelease, revision, qualifier, variant, build, scheme } = this;
    return { tag, kind, release, v_prefix, prerelease, revision, qualifier, variant, build, scheme };
  }
  [inspect]() {
    return this.toJSON();
  }
}

/** One namespace of a batch: its name is the input; its environment and plate length a byte each. */
class NamespaceView {
  #name;
  #environment;
  #plateLength;

  constructor(name, environment, plateLength) {
    this.#name = name;
    this.#environment = environment;
    this.#plateLength = plateLength;
  }

  get name() {
    return this.#name;
  }
  get plate() {
    return this.#plateLength ? this.#name.slice(0, this.#plateLength) : null;
  }
  get environment() {
    return ENVIRONMENTS[this.#environment];
  }

  toJSON() {
    const { name, plate, environment } = this;
    return { name, plate, environment };
  }
  [inspect]() {
    return this.toJSON();
  }
}

/** Each text's length, after checking that `texts` is an array of strings. */
function lengthsOf(texts, what) {
  if (!Array.isArray(texts)) throw new TypeError(`${what} takes an array of strings`);
  const lengths = new Uint32Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (typeof t !== "string") throw new TypeError(`${what} takes an array of strings`);
    lengths[i] = t.length;
  }
  return lengths;
}

/**
 * How many inputs are joined into one string to encode. V8 joins a thousand short strings
 * into a young string quickly; a million makes one of many megabytes, which cost more than twice
 * as much per input to build and encode.
 */
const ENCODE_CHUNK = 1000;

/** The module's memory is addressed in 32 bits: no input buffer can be larger. */
const MAX_INPUT_BYTES = 0xffffffff;

/**
 * Encodes the inputs, one after another, straight into the module's input buffer (see
 * src/batch_tables.rs), and returns how many bytes that took; `lengths` are their JavaScript lengths,
 * by which the module tells them apart. Most batches are ASCII, one byte per UTF-16 unit, so
 * the buffer is first sized to the text; when that is too small it is sized for the worst
 * case, three bytes per unit, and the text is encoded again. Exported for the benchmark, which
 * times encoding apart from the call; not part of the package's API.
 */
export function encodeInputs(raw, inputs, lengths) {
  const units = lengths.reduce((sum, n) => sum + n, 0);
  for (const capacity of [units, units * 3]) {
    if (capacity > MAX_INPUT_BYTES) throw new RangeError(`a batch of ${units} UTF-16 units is too large for one call`);
    // The buffer first: making it may grow the memory, which detaches the old ArrayBuffer.
    const address = raw.__inputBuffer(capacity);
    const buffer = new Uint8Array(raw.__memory().buffer, address, capacity);
    let written = 0;
    let complete = true;
    for (let i = 0; i < inputs.length && complete; i += ENCODE_CHUNK) {
      const text = inputs.slice(i, i + ENCODE_CHUNK).join("");
      const encoded = encoder.encodeInto(text, buffer.subarray(written));
      written += encoded.written;
      complete = encoded.read === text.length;
    }
    if (complete) return written;
  }
  // UTF-8 takes at most three bytes for a UTF-16 unit, so the second buffer always suffices.
  throw new Error("batch input did not fit in three bytes per UTF-16 unit");
}

/**
 * Runs `pack` over the texts, or item by item in the rare case the module cannot tell them
 * apart (a lone surrogate ending one text and another starting the next), when it answers
 * nothing. The inputs are copied first: the views read them later, and the caller may change
 * the array.
 */
function run(raw, texts, what, pack, single, views) {
  // Read once, on the first batch: a web build's module is not instantiated before `init()`.
  if (TAG_KINDS.length === 0) {
    const [kinds, environments] = raw.__batchNames();
    TAG_KINDS = kinds;
    ENVIRONMENTS = [null, ...environments];
  }
  const lengths = lengthsOf(texts, what);
  const inputs = texts.slice();
  const tables = pack(encodeInputs(raw, inputs, lengths), lengths);
  if (tables === undefined) return inputs.map((t) => settle(single, t));
  const out = new Array(inputs.length);
  views(out, inputs, ...tables.slice(0, -1), single);
  for (const [index, err] of tables[tables.length - 1]) out[index] = err;
  // The encoder wrote a lone surrogate as U+FFFD; the single call refuses the text for what it is.
  for (let i = 0; i < inputs.length; i++) if (inputs[i].isWellFormed?.() === false) out[i] = settle(single, inputs[i]);
  return out;
}

/** One item's answer: its value, or the library's error in its place (not thrown). */
function settle(single, text) {
  try {
    return single(text);
  } catch (err) {
    if (err?.code) return err;
    throw err;
  }
}

function referenceViews(out, inputs, table, prefixes) {
  const shared = new ReferenceTable(inputs, table, prefixes);
  for (let i = 0; i < out.length; i++) if (table[i * 9] !== FAILED) out[i] = new ReferenceView(shared, i);
}

function tagViews(out, inputs, table, numbers, single) {
  const shared = new TagTable(inputs, table, numbers, single);
  for (let i = 0, m = 0, n = 0; i < out.length; i++, m += 13) {
    if (table[m] === FAILED_U8) continue;
    shared.starts[i] = n;
    n += table[m + 2];
    out[i] = new TagView(shared, i);
  }
}

function namespaceViews(out, inputs, table) {
  for (let i = 0, m = 0; i < out.length; i++, m += 2) {
    if (table[m] !== FAILED_U8) out[i] = new NamespaceView(inputs[i], table[m], table[m + 1]);
  }
}

/** The batch functions, built over a raw wasm-bindgen module (Node or web build). */
export function batchApi(raw) {
  return {
    parseReferences: (texts) => run(raw, texts, "parseReferences", raw.__packReferences, raw.parseReference, referenceViews),
    parseTags: (texts) => run(raw, texts, "parseTags", raw.__packTags, raw.parseTag, tagViews),
    parseNamespaces: (texts) => run(raw, texts, "parseNamespaces", raw.__packNamespaces, raw.parseNamespace, namespaceViews),
  };
}
