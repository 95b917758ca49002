//! The fast path behind `parseReferences`, `parseTags` and `parseNamespaces`. Inputs arrive as
//! one UTF-8 buffer, written one after another, which JavaScript encodes straight into this
//! module's memory (see [`input_buffer`]), with each input's length beside it. Results leave as
//! small numeric tables, and `js/batch.mjs` hands out read-only views that read a field from
//! the tables, and from the caller's own input strings, only when it is asked for. No result
//! text crosses the boundary: a tag or namespace is its input, and a canonical reference is its
//! input with a prefix (`docker.io/library/`) put in front and perhaps a legacy domain taken
//! off. Failed items travel as `[index, Error]` pairs.

use crate::convert::error;
use imagecurator::bindings::{environment_index, tag_kind_index, ReferenceLayout, TagLayout};
use imagecurator::{Namespace, TagKind};
use js_sys::{Array, Float64Array, Uint32Array, Uint8Array};
use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use wasm_bindgen::prelude::*;

/// Marks a failed item in a `u32` table.
const FAILED: u32 = u32::MAX;
/// Marks a failed item in a `u8` table.
const FAILED_U8: u8 = u8::MAX;
/// Marks an absent port.
const NO_PORT: u32 = u32::MAX;

/// A buffer kept above this size between batches is given back, so that one huge batch does not
/// hold its memory for the life of the page.
const KEPT_INPUT_BYTES: usize = 4 << 20;

thread_local! {
    /// Where JavaScript writes a batch's joined input: `TextEncoder.encodeInto` fills it in
    /// place, where passing a `Uint8Array` would have wasm-bindgen allocate and copy it again.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes the input buffer at least `capacity` bytes long and returns its address in this
/// module's memory, which [`memory`] gives. The address holds until the buffer is made again:
/// by the next call of this function, or when a batch call gives a large buffer back.
/// A buffer the memory cannot hold is an error, not an abort of the module.
#[wasm_bindgen(js_name = __inputBuffer, skip_typescript)]
pub fn input_buffer(capacity: u32) -> Result<u32, JsValue> {
    INPUT.with_borrow_mut(|buffer| {
        let more = (capacity as usize).saturating_sub(buffer.len());
        if more > 0 {
            buffer.try_reserve_exact(more).map_err(|_| {
                batch_error(&format!("a batch input of {capacity} bytes does not fit in the module's memory"))
            })?;
            buffer.resize(capacity as usize, 0);
        }
        // Addresses in a wasm32 memory are 32 bits wide.
        Ok(buffer.as_mut_ptr() as usize as u32)
    })
}

/// This module's `WebAssembly.Memory`, for JavaScript to encode into at [`input_buffer`]'s address.
#[wasm_bindgen(js_name = __memory, skip_typescript)]
pub fn memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The items of a batch: its text cut at the items' byte lengths.
struct Items<'a> {
    text: &'a str,
    at: usize,
    lengths: std::slice::Iter<'a, u32>,
}

impl<'a> Iterator for Items<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.at;
        self.at += *self.lengths.next()? as usize;
        // `byte_lengths` cut the text at character boundaries and made the lengths add up to it.
        self.text.get(start..self.at)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.lengths.size_hint()
    }
}

impl ExactSizeIterator for Items<'_> {}

/// Each item's length in bytes, from its length in UTF-16 units (JavaScript's `length`). When
/// the two totals agree, the text is ASCII and the lengths are already bytes. `None` when the
/// lengths do not cut the text at character boundaries: a lone surrogate ending one input and
/// another starting the next are encoded together as one character.
fn byte_lengths<'a>(text: &str, units: &'a [u32]) -> Option<Cow<'a, [u32]>> {
    if units.iter().map(|&n| n as usize).sum::<usize>() == text.len() {
        return Some(Cow::Borrowed(units));
    }
    let mut chars = text.chars();
    let mut bytes = Vec::with_capacity(units.len());
    for &want in units {
        let (mut seen, mut len) = (0, 0);
        while seen < want as usize {
            let c = chars.next()?;
            seen += c.len_utf16();
            len += c.len_utf8();
        }
        if seen != want as usize {
            return None;
        }
        bytes.push(len as u32);
    }
    chars.next().is_none().then_some(Cow::Owned(bytes))
}

/// Runs `pack` over the first `len` bytes of the input buffer: the inputs written one after
/// another, `units` giving each one's JavaScript length. `Ok(None)` when they cannot be told
/// apart (see [`byte_lengths`]): the caller then goes item by item.
fn with_items<T>(len: u32, units: &[u32], pack: impl FnOnce(Items<'_>) -> T) -> Result<Option<T>, JsValue> {
    INPUT.with_borrow_mut(|buffer| {
        let bytes = buffer.get(..len as usize).ok_or_else(|| batch_error("batch input is longer than its buffer"))?;
        let text = std::str::from_utf8(bytes).map_err(|e| batch_error(&format!("batch input is not UTF-8: {e}")))?;
        let tables = byte_lengths(text, units).map(|lengths| pack(Items { text, at: 0, lengths: lengths.iter() }));
        if buffer.len() > KEPT_INPUT_BYTES {
            *buffer = Vec::new();
        }
        Ok(tables)
    })
}

fn batch_error(message: &str) -> JsValue {
    JsValue::from(js_sys::Error::new(message))
}

/// Failed items as `[index, Error]` pairs.
fn failure(failures: &Array, index: usize, e: &imagecurator::Error) {
    failures.push(&Array::of2(&JsValue::from(index as u32), &error(e)));
}

/// Per reference, nine numbers read from its [`ReferenceLayout`]: prefix id (an index into
/// [`ReferenceLayout::PREFIXES`]), bytes of input skipped, then in the canonical form
/// (`prefix + input[skip..]`) the ends of domain, name, tag, host, the port, the familiar
/// name's start and the internal namespace's end (0 when not internal). Returns
/// `[table, prefixes, failures]`, or nothing when the inputs cannot be told apart.
#[wasm_bindgen(js_name = __packReferences, skip_typescript)]
pub fn pack_references(len: u32, units: &[u32]) -> Result<Option<Array>, JsValue> {
    with_items(len, units, pack_reference_items)
}

fn pack_reference_items(items: Items<'_>) -> Array {
    let count = items.len();
    let mut table = Vec::with_capacity(count * 9);
    let failures = Array::new();
    for (i, input) in items.enumerate() {
        match ReferenceLayout::parse(input) {
            Ok(l) => {
                let prefix = ReferenceLayout::PREFIXES.iter().position(|p| *p == l.prefix()).unwrap_or(0);
                table.extend([
                    prefix as u32,
                    l.skip() as u32,
                    l.domain_end() as u32,
                    l.name_end() as u32,
                    l.tag_end() as u32,
                    l.host_end() as u32,
                    l.port().map_or(NO_PORT, u32::from),
                    l.familiar_start() as u32,
                    l.internal_namespace_end().unwrap_or(0) as u32,
                ]);
            }
            Err(e) => {
                table.extend([FAILED; 9]);
                failure(&failures, i, &e);
            }
        }
    }
    let prefixes: Array = ReferenceLayout::PREFIXES.iter().map(|p| JsValue::from_str(p)).collect();
    Array::of3(&Uint32Array::from(&table[..]), &prefixes, &failures)
}

/// Per tag, thirteen bytes: kind index, `v` prefix, release count, then start and end of
/// pre-release, revision, qualifier, variant and build (equal when absent); tags are at most 128
/// bytes. The release numbers follow one another in a number table. Returns
/// `[table, numbers, failures]`, or nothing when the inputs cannot be told apart.
#[wasm_bindgen(js_name = __packTags, skip_typescript)]
pub fn pack_tags(len: u32, units: &[u32]) -> Result<Option<Array>, JsValue> {
    with_items(len, units, pack_tag_items)
}

fn pack_tag_items(items: Items<'_>) -> Array {
    let count = items.len();
    let mut table = Vec::with_capacity(count * 13);
    let mut numbers = Vec::with_capacity(count * 2);
    let failures = Array::new();
    for (i, input) in items.enumerate() {
        match TagLayout::parse(input) {
            Ok(t) => {
                let span = |part: Option<Range<usize>>| part.map_or([0, 0], |r| [r.start as u8, r.end as u8]);
                let mut row = [
                    tag_kind_index(t.kind()),
                    t.has_v_prefix() as u8,
                    t.release().len() as u8,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                ];
                for (k, part) in
                    [t.prerelease(), t.revision(), t.qualifier(), t.variant(), t.build()].into_iter().enumerate()
                {
                    row[3 + 2 * k..5 + 2 * k].copy_from_slice(&span(part));
                }
                table.extend_from_slice(&row);
                numbers.extend(t.release().iter().map(|&n| n as f64));
            }
            Err(e) => {
                table.extend([FAILED_U8; 13]);
                failure(&failures, i, &e);
            }
        }
    }
    Array::of3(&Uint8Array::from(&table[..]), &Float64Array::from(&numbers[..]), &failures)
}

/// A tag kind's place in `TAG_KINDS` of `js/batch.mjs`.
/// The names that tag kind and environment bytes index, from the core's own lists, so that the
/// JavaScript side holds no copy: `[tag kinds, environments]`.
#[wasm_bindgen(js_name = __batchNames, skip_typescript)]
pub fn batch_names() -> Array {
    let names = |all: &mut dyn Iterator<Item = &'static str>| all.map(JsValue::from).collect::<Array>();
    Array::of2(
        &names(&mut TagKind::ALL.iter().map(|k| k.as_str())),
        &names(&mut imagecurator::Environment::ALL.iter().map(|e| e.as_str())),
    )
}

/// Per namespace, two bytes: environment index + 1 (0 when not a licence plate), and the
/// licence plate's length (0 when none). Returns
/// `[table, failures]`, or nothing when the inputs cannot be told apart.
#[wasm_bindgen(js_name = __packNamespaces, skip_typescript)]
pub fn pack_namespaces(len: u32, units: &[u32]) -> Result<Option<Array>, JsValue> {
    with_items(len, units, pack_namespace_items)
}

fn pack_namespace_items(items: Items<'_>) -> Array {
    let count = items.len();
    let mut table = Vec::with_capacity(2 * count);
    let failures = Array::new();
    for (i, input) in items.enumerate() {
        match Namespace::parse(input) {
            Ok(ns) => {
                table.push(ns.environment().map_or(0, |e| 1 + environment_index(e)));
                // A plate is six characters; the byte holds any length a rule may give it.
                table.push(ns.plate().map_or(0, |p| p.len() as u8));
            }
            Err(e) => {
                table.extend([FAILED_U8, 0]);
                failure(&failures, i, &e);
            }
        }
    }
    Array::of2(&Uint8Array::from(&table[..]), &failures)
}
