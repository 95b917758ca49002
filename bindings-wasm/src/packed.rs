//! The fast path behind `parseReferences`, `parseTags` and `parseNamespaces`. Inputs arrive as
//! one newline-joined UTF-8 buffer; results leave as small numeric tables, and `js/batch.mjs`
//! hands out read-only views that read a field from the tables, and from the caller's own input
//! strings, only when it is asked for. No result text crosses the boundary: a tag or namespace
//! is its input, and a canonical reference is its input with a prefix (`docker.io/library/`)
//! put in front and perhaps a legacy domain taken off. Failed items travel as `[index, Error]`
//! pairs.

use crate::convert::error;
use imagecurator::{Namespace, ReferenceLayout, TagLayout};
use js_sys::{Array, Float64Array, Uint32Array, Uint8Array};
use std::ops::Range;
use wasm_bindgen::prelude::*;

/// Marks a failed item in a `u32` table.
const FAILED: u32 = u32::MAX;
/// Marks a failed item in a `u8` table.
const FAILED_U8: u8 = u8::MAX;
/// Marks an absent port.
const NO_PORT: u32 = u32::MAX;

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

/// Failed items as `[index, Error]` pairs.
fn failure(failures: &Array, index: usize, e: &imagecurator::Error) {
    failures.push(&Array::of2(&JsValue::from(index as u32), &error(e)));
}

/// Per reference, nine numbers read from its [`ReferenceLayout`]: prefix id (an index into
/// [`ReferenceLayout::PREFIXES`]), bytes of input skipped, then in the canonical form
/// (`prefix + input[skip..]`) the ends of domain, name, tag, host, the port, the familiar
/// name's start and the internal namespace's end (0 when not internal). Returns
/// `[table, prefixes, failures]`.
#[wasm_bindgen(js_name = __packReferences, skip_typescript)]
pub fn pack_references(joined: &[u8], count: u32) -> Result<Array, JsValue> {
    let joined = joined_text(joined)?;
    let mut table = Vec::with_capacity(count as usize * 9);
    let failures = Array::new();
    for (i, input) in items(joined, count).enumerate() {
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
    Ok(Array::of3(&Uint32Array::from(&table[..]), &prefixes, &failures))
}

/// Per tag, thirteen bytes: kind index, `v` prefix, release count, then start and end of
/// pre-release, revision, qualifier, variant and build (equal when absent); tags are at most 128
/// bytes. The release numbers follow one another in a number table. Returns
/// `[table, numbers, failures]`.
#[wasm_bindgen(js_name = __packTags, skip_typescript)]
pub fn pack_tags(joined: &[u8], count: u32) -> Result<Array, JsValue> {
    let joined = joined_text(joined)?;
    const KINDS: [&str; 6] = ["semver", "loose", "variant", "floating", "build_id", "unparseable"];
    let mut table = Vec::with_capacity(count as usize * 13);
    let mut numbers = Vec::with_capacity(count as usize * 2);
    let failures = Array::new();
    for (i, input) in items(joined, count).enumerate() {
        match TagLayout::parse(input) {
            Ok(t) => {
                let span = |part: Option<Range<usize>>| part.map_or([0, 0], |r| [r.start as u8, r.end as u8]);
                let kind = KINDS.iter().position(|k| *k == t.kind().as_str()).unwrap_or(KINDS.len() - 1);
                table.extend([kind as u8, t.has_v_prefix() as u8, t.release().len() as u8]);
                for part in [t.prerelease(), t.revision(), t.qualifier(), t.variant(), t.build()] {
                    table.extend(span(part));
                }
                numbers.extend(t.release().iter().map(|&n| n as f64));
            }
            Err(e) => {
                table.extend([FAILED_U8; 13]);
                failure(&failures, i, &e);
            }
        }
    }
    Ok(Array::of3(&Uint8Array::from(&table[..]), &Float64Array::from(&numbers[..]), &failures))
}

/// Per namespace, one byte: environment index + 1, 0 when not a licence plate. Returns
/// `[table, failures]`.
#[wasm_bindgen(js_name = __packNamespaces, skip_typescript)]
pub fn pack_namespaces(joined: &[u8], count: u32) -> Result<Array, JsValue> {
    let joined = joined_text(joined)?;
    let mut table = Vec::with_capacity(count as usize);
    let failures = Array::new();
    for (i, input) in items(joined, count).enumerate() {
        match Namespace::parse(input) {
            Ok(ns) => table.push(
                ns.environment()
                    .map_or(0, |e| 1 + imagecurator::Environment::ALL.iter().position(|x| *x == e).unwrap_or(0) as u8),
            ),
            Err(e) => {
                table.push(FAILED_U8);
                failure(&failures, i, &e);
            }
        }
    }
    Ok(Array::of2(&Uint8Array::from(&table[..]), &failures))
}
