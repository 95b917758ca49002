// Batch functions over the packed form that src/packed.rs writes: one joined UTF-8 buffer in, one
// text plus offset tables out, sliced here into the same plain objects the single-item
// functions return (tests/api.test.mjs checks that they are equal, key for key).

const FAILED = 0xffffffff;
const NO_PORT = 0xffffffff;
const TAG_KINDS = ["semver", "loose", "variant", "floating", "build_id", "unparseable"];
const ENVIRONMENTS = [null, "tools", "dev", "test", "prod"];
const encoder = new TextEncoder();

function checkTexts(texts, what) {
  if (!Array.isArray(texts)) throw new TypeError(`${what} takes an array of strings`);
  for (const t of texts) if (typeof t !== "string") throw new TypeError(`${what} takes an array of strings`);
}

/** Runs `pack` over the texts, or item by item where a text holds the newline separator. */
function run(texts, what, pack, single, decode) {
  checkTexts(texts, what);
  if (texts.some((t) => t.includes("\n"))) {
    return texts.map((t) => { try { return single(t); } catch (err) { if (err?.code) return err; throw err; } });
  }
  const [text, meta, numbers, failures] = pack(encoder.encode(texts.join("\n")), texts.length);
  const out = new Array(texts.length);
  decode(out, text, meta, numbers);
  for (const [index, err] of failures) out[index] = err;
  return out;
}

function decodeReferences(out, text, meta) {
  for (let i = 0, m = 0; i < out.length; i++, m += 9) {
    const start = meta[m];
    if (start === FAILED) continue;
    const domainEnd = meta[m + 1], nameEnd = meta[m + 2], tagEnd = meta[m + 3], end = meta[m + 4];
    const hostEnd = meta[m + 5], port = meta[m + 6], familiarStart = meta[m + 7], internalEnd = meta[m + 8];
    // Equal spans share one string: fewer objects for V8 to build and collect.
    const canonical = text.slice(start, end);
    const name = nameEnd === end ? canonical : text.slice(start, nameEnd);
    const domain = text.slice(start, domainEnd);
    const path = text.slice(domainEnd + 1, nameEnd);
    const familiarName = familiarStart === start ? name : familiarStart === domainEnd + 1 ? path : text.slice(familiarStart, nameEnd);
    out[i] = {
      canonical,
      name,
      domain,
      host: hostEnd === domainEnd ? domain : text.slice(start, hostEnd),
      port: port === NO_PORT ? null : port,
      path,
      tag: tagEnd > nameEnd ? text.slice(nameEnd + 1, tagEnd) : null,
      digest: end > tagEnd ? text.slice(tagEnd + 1, end) : null,
      familiar: nameEnd === end ? familiarName : familiarName + text.slice(nameEnd, end),
      familiar_name: familiarName,
      internal: internalEnd ? { namespace: text.slice(domainEnd + 1, internalEnd), stream: text.slice(internalEnd + 1, nameEnd) } : null,
    };
  }
}

function decodeTags(out, text, meta, numbers) {
  const part = (m) => (meta[m + 1] > meta[m] ? text.slice(meta[m], meta[m + 1]) : null);
  for (let i = 0, m = 0; i < out.length; i++, m += 15) {
    if (meta[m] === FAILED) continue;
    const count = meta[m + 4];
    const release = new Array(count);
    for (let k = 0; k < count; k++) release[k] = numbers[i * 8 + k];
    out[i] = {
      tag: text.slice(meta[m], meta[m + 1]),
      kind: TAG_KINDS[meta[m + 2]],
      release,
      v_prefix: meta[m + 3] === 1,
      prerelease: part(m + 5),
      revision: part(m + 7),
      qualifier: part(m + 9),
      variant: part(m + 11),
      build: part(m + 13),
    };
  }
}

function decodeNamespaces(out, text, meta) {
  for (let i = 0, m = 0; i < out.length; i++, m += 3) {
    if (meta[m] === FAILED) continue;
    const name = text.slice(meta[m], meta[m + 1]);
    const environment = ENVIRONMENTS[meta[m + 2]];
    out[i] = { name, plate: environment ? name.slice(0, 6) : null, environment };
  }
}

/** The batch functions, built over a raw wasm-bindgen module (Node or web build). */
export function batchApi(raw) {
  return {
    parseReferences: (texts) => run(texts, "parseReferences", raw.__packReferences, raw.parseReference, decodeReferences),
    parseTags: (texts) => run(texts, "parseTags", raw.__packTags, raw.parseTag, decodeTags),
    parseNamespaces: (texts) => run(texts, "parseNamespaces", raw.__packNamespaces, raw.parseNamespace, decodeNamespaces),
  };
}
