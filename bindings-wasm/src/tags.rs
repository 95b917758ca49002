//! Tags read as versions, and Red Hat style packed names.

use crate::convert::{error, text_arg, texts_arg, to_js};
use imagecurator::bindings::{PackedNameView, TagView};
use imagecurator::{PackedName, Tag};
use wasm_bindgen::prelude::*;

/// Reads a tag: its kind, release numbers, pre-release, variant line and build.
#[wasm_bindgen(js_name = parseTag, unchecked_return_type = "TagInfo")]
pub fn parse_tag(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, JsValue> {
    let tag = Tag::parse(&text_arg(&text, "parseTag", "text")?).map_err(|e| error(&e))?;
    Ok(to_js(&TagView::from(&tag)))
}

/// Sorts tags: ascending versions per line, then build ids, floating words, unparseable tags.
#[wasm_bindgen(js_name = sortTags)]
pub fn sort_tags(#[wasm_bindgen(unchecked_param_type = "string[]")] texts: JsValue) -> Result<Vec<String>, JsValue> {
    imagecurator::sort_tags(texts_arg(&texts, "sortTags", "texts")?).map_err(|e| error(&e))
}

/// Compares version precedence: -1, 0 or 1 within one line; null across lines or for tags that
/// are not versions.
#[wasm_bindgen(js_name = compareTags, unchecked_return_type = "-1 | 0 | 1 | null")]
pub fn compare_tags(
    #[wasm_bindgen(unchecked_param_type = "string")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] b: JsValue,
) -> Result<JsValue, JsValue> {
    let (a, b) = (text_arg(&a, "compareTags", "a")?, text_arg(&b, "compareTags", "b")?);
    let a = Tag::parse(&a).map_err(|e| error(&e))?;
    let b = Tag::parse(&b).map_err(|e| error(&e))?;
    Ok(a.cmp_precedence(&b).map_or(JsValue::NULL, |o| JsValue::from(o as i8)))
}

/// Splits a Red Hat style name (`postgresql-96`); null when it carries no packed version.
#[wasm_bindgen(js_name = splitPackedName, unchecked_return_type = "PackedNameInfo | null")]
pub fn split_packed_name(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<JsValue, JsValue> {
    let packed = PackedName::parse(&text_arg(&name, "splitPackedName", "name")?).map_err(|e| error(&e))?;
    Ok(packed.as_ref().map_or(JsValue::NULL, |p| to_js(&PackedNameView::from(p))))
}
