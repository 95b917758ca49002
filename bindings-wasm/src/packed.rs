//! The fast path behind `parseReferences`, `parseTags` and `parseNamespaces`: inputs arrive as
//! one newline-joined UTF-8 buffer, results leave as one string of every parsed value plus a table of
//! offsets, and `js/batch.mjs` slices the plain objects out of them. Two boundary crossings per
//! batch instead of several per item. Failed items travel as `[index, Error]` pairs.

use crate::convert::error;
use imagecurator::{Namespace, Reference, Tag};
use js_sys::{Array, Float64Array, JsString, Uint32Array};
use wasm_bindgen::prelude::*;

/// Marks a failed item in the offset table.
const FAILED: u32 = u32::MAX;
/// Marks an absent port.
const NO_PORT: u32 = u32::MAX;

/// Offset of `part` inside `whole` (a subslice of it), plus `base`.
fn at(base: usize, whole: &str, part: &str) -> u32 {
    (base + (part.as_ptr() as usize - whole.as_ptr() as usize)) as u32
}

/// Collects parse results, writing each success into one text and an offset table.
struct Packer {
    text: String,
    meta: Vec<u32>,
    numbers: Vec<f64>,
    failures: Array,
}

impl Packer {
    fn new(input_len: usize, count: usize, width: usize) -> Packer {
        // References grow by at most `docker.io/library/` when normalized; sizing the buffers
        // up front spares wasm memory from growing step by step.
        let text = String::with_capacity(input_len + count * 20);
        Packer { text, meta: Vec::with_capacity(count * width), numbers: Vec::new(), failures: Array::new() }
    }

    fn fail(&mut self, index: usize, width: usize, e: &imagecurator::Error) {
        self.meta.push(FAILED);
        self.meta.extend(std::iter::repeat_n(0, width - 1));
        self.failures.push(&Array::of2(&JsValue::from(index as u32), &error(e)));
    }

    fn finish(self) -> Array {
        let out = Array::new();
        out.push(&JsString::from(self.text));
        out.push(&Uint32Array::from(&self.meta[..]));
        out.push(&Float64Array::from(&self.numbers[..]));
        out.push(&self.failures);
        out
    }
}

/// The joined input as text. It arrives as UTF-8 bytes from `TextEncoder`: wasm-bindgen's own
/// string passing copies ASCII one character at a time in JavaScript, which for a batch of a
/// million references cost more than parsing them.
fn joined_text(bytes: &[u8]) -> Result<&str, JsValue> {
    std::str::from_utf8(bytes).map_err(|e| JsValue::from(js_sys::Error::new(&format!("batch input is not UTF-8: {e}"))))
}

fn items(joined: &str, count: u32) -> impl Iterator<Item = &str> {
    // An empty batch arrives as "" with count 0, which `split` would read as one empty item.
    joined.split('\n').take(count as usize)
}

/// Per reference: start, domain end, name end, tag end, end, host end, port, familiar-name
/// start, internal-namespace end (0 when not internal).
#[wasm_bindgen(js_name = __packReferences, skip_typescript)]
pub fn pack_references(joined: &[u8], count: u32) -> Result<Array, JsValue> {
    let joined = joined_text(joined)?;
    const WIDTH: usize = 9;
    let mut p = Packer::new(joined.len(), count as usize, WIDTH);
    for (i, text) in items(joined, count).enumerate() {
        match Reference::parse(text) {
            Ok(r) => {
                let (base, s) = (p.text.len(), r.as_str());
                p.text.push_str(s);
                let internal_end =
                    r.internal_image().map_or(0, |i| at(base, s, i.namespace()) + i.namespace().len() as u32);
                p.meta.extend([
                    base as u32,
                    at(base, s, r.domain()) + r.domain().len() as u32,
                    at(base, s, r.name()) + r.name().len() as u32,
                    at(base, s, r.name()) + (r.name().len() + r.tag().map_or(0, |t| t.len() + 1)) as u32,
                    (base + s.len()) as u32,
                    at(base, s, r.host()) + r.host().len() as u32,
                    r.port().map_or(NO_PORT, u32::from),
                    at(base, s, r.familiar_name()),
                    internal_end,
                ]);
            }
            Err(e) => p.fail(i, WIDTH, &e),
        }
    }
    Ok(p.finish())
}

/// Per tag: start, end, kind index, v prefix, release count, then start and end of pre-release,
/// revision, qualifier, variant and build (equal when absent); the release numbers go to the
/// number table, eight per tag.
#[wasm_bindgen(js_name = __packTags, skip_typescript)]
pub fn pack_tags(joined: &[u8], count: u32) -> Result<Array, JsValue> {
    let joined = joined_text(joined)?;
    const WIDTH: usize = 15;
    const KINDS: [&str; 6] = ["semver", "loose", "variant", "floating", "build_id", "unparseable"];
    let mut p = Packer::new(joined.len(), count as usize, WIDTH);
    p.numbers.reserve(count as usize * 8);
    for (i, text) in items(joined, count).enumerate() {
        match Tag::parse(text) {
            Ok(t) => {
                let (base, s) = (p.text.len(), t.as_str());
                p.text.push_str(s);
                let span = |part: Option<&str>| match part {
                    Some(part) => [at(base, s, part), at(base, s, part) + part.len() as u32],
                    None => [0, 0],
                };
                let kind = KINDS.iter().position(|k| *k == t.kind().as_str()).unwrap_or(KINDS.len() - 1);
                p.meta.extend([base as u32, (base + s.len()) as u32, kind as u32, t.has_v_prefix() as u32]);
                p.meta.push(t.release().len() as u32);
                for part in [t.prerelease(), t.revision(), t.qualifier(), t.variant(), t.build()] {
                    p.meta.extend(span(part));
                }
                let mut release = [0f64; 8];
                t.release().iter().zip(release.iter_mut()).for_each(|(n, slot)| *slot = *n as f64);
                p.numbers.extend(release);
            }
            Err(e) => {
                p.fail(i, WIDTH, &e);
                p.numbers.extend([0f64; 8]);
            }
        }
    }
    Ok(p.finish())
}

/// Per namespace: start, end, environment index + 1 (0 when not a licence plate).
#[wasm_bindgen(js_name = __packNamespaces, skip_typescript)]
pub fn pack_namespaces(joined: &[u8], count: u32) -> Result<Array, JsValue> {
    let joined = joined_text(joined)?;
    const WIDTH: usize = 3;
    let mut p = Packer::new(joined.len(), count as usize, WIDTH);
    for (i, text) in items(joined, count).enumerate() {
        match Namespace::parse(text) {
            Ok(ns) => {
                let base = p.text.len();
                p.text.push_str(ns.as_str());
                let env = ns
                    .environment()
                    .map_or(0, |e| 1 + imagecurator::Environment::ALL.iter().position(|x| *x == e).unwrap_or(0) as u32);
                p.meta.extend([base as u32, (base + ns.as_str().len()) as u32, env]);
            }
            Err(e) => p.fail(i, WIDTH, &e),
        }
    }
    Ok(p.finish())
}
