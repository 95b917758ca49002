//! Core values and errors to JavaScript values.

use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;

/// A core view as a plain object, through JSON: one boundary crossing however many keys, and
/// `null` for every absent value.
pub fn to_js<T: serde::Serialize>(view: &T) -> JsValue {
    let text = serde_json::to_string(view).expect("core views always serialize");
    JSON::parse(&text).expect("serde_json writes valid JSON")
}

/// The `Error` object thrown for a core error.
pub fn error(e: &imagecurator::Error) -> JsValue {
    let offset = e.offset().map_or(JsValue::NULL, |o| JsValue::from(o as u32));
    let path = e.path().map_or(JsValue::NULL, JsValue::from);
    library_error(e.code().area().class_name(), e.code().as_str(), e.message(), offset, path)
}

/// An `Error` of one of the library's classes, with its `code`, `offset` and `path`.
fn library_error(class: &str, code: &str, message: &str, offset: JsValue, path: JsValue) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name(class);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&err, &"code".into(), &code.into());
    let _ = Reflect::set(&err, &"offset".into(), &offset);
    let _ = Reflect::set(&err, &"path".into(), &path);
    err.into()
}

/// The `TypeError` for an argument of the wrong type: `{what} must be {expected}, not number`.
pub fn wrong_type(what: &str, expected: &str, value: &JsValue) -> JsValue {
    js_sys::TypeError::new(&format!("{what} must be {expected}, not {}", type_of(value))).into()
}

/// JavaScript data to the JSON the core reads (`undefined` and `null` are absent). Documents
/// are objects or arrays: a number, a boolean or NaN given as the whole argument is a
/// `TypeError`, never "absent" (`JSON.stringify(NaN)` is `null`).
pub fn read(value: &JsValue, what: &str) -> Result<Option<serde_json::Value>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !value.is_object() {
        return Err(wrong_type(what, "an object or an array", value));
    }
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|_| js_sys::TypeError::new(&format!("{what} cannot be written as JSON")))?
        .into();
    serde_json::from_str(&text).map(Some).map_err(|e| match e.to_string().contains("escape") {
        // JSON.stringify writes every other escape well; a lone surrogate it writes as `\\uD800`,
        // which no UTF-8 text can hold and serde_json refuses.
        true => invalid_input(&format!("{what} holds a string with a lone surrogate; text must be valid Unicode")),
        false => js_sys::TypeError::new(&format!("{what}: {e}")).into(),
    })
}

/// The longest single text a function takes (a name, a reference, a tag, a pattern), in
/// UTF-16 units, checked before the text is copied into the module: the core's own limits are
/// far smaller, and a 100 MB string would otherwise exhaust the module's memory.
pub const TEXT_MAX: u32 = 64 * 1024;

/// The longest document text a function takes (an inventory as `oc` printed it, YAML), in
/// UTF-16 units: within what the module's 32-bit memory holds with the reading of it.
pub const DOCUMENT_MAX: u32 = 256 << 20;

/// The most items one call takes (`sortTags`, `filter`, `allowsAll`, the batches).
pub const BATCH_MAX: u32 = 10_000_000;

/// What JavaScript's `typeof` says of a value, for a `TypeError`'s message.
fn type_of(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_owned();
    }
    if js_sys::Array::is_array(value) {
        return "an array".to_owned();
    }
    value.js_typeof().as_string().unwrap_or_else(|| "?".to_owned())
}

/// A text argument: a `TypeError` for anything that is not a string (a number, `undefined`,
/// an object), and the library's `InvalidInput` for one past [`TEXT_MAX`].
pub fn text_arg(value: &JsValue, function: &str, name: &str) -> Result<String, JsValue> {
    string_arg(value, function, name, TEXT_MAX, "a text")
}

/// A document's text (JSON or YAML), up to [`DOCUMENT_MAX`].
pub fn document_text_arg(value: &JsValue, function: &str, name: &str) -> Result<String, JsValue> {
    string_arg(value, function, name, DOCUMENT_MAX, "a document")
}

/// A string argument of at most `max` UTF-16 units, measured before it is copied.
fn string_arg(value: &JsValue, function: &str, name: &str, max: u32, what: &str) -> Result<String, JsValue> {
    let Some(text) = value.dyn_ref::<js_sys::JsString>() else {
        return Err(wrong_type(&format!("{function}: {name}"), "a string", value));
    };
    if text.length() > max {
        let message = format!("{function}: {name} is {} characters long; {what} is at most {max}", text.length());
        return Err(invalid_input(&message));
    }
    let owned = String::from(text);
    // wasm-bindgen writes a lone surrogate as U+FFFD, so only a text holding U+FFFD is looked at.
    match owned.contains('\u{FFFD}').then(|| lone_surrogate(text)).flatten() {
        Some((at, unit)) => Err(invalid_input(&lone_surrogate_message(unit, at))),
        None => Ok(owned),
    }
}

#[wasm_bindgen]
extern "C" {
    /// A string, for the one method js-sys does not bind.
    #[wasm_bindgen(js_name = String)]
    type WellFormed;
    /// `String.prototype.isWellFormed` (ES2024); absent in older engines.
    #[wasm_bindgen(method, catch, js_name = isWellFormed)]
    fn is_well_formed(this: &WellFormed) -> Result<bool, JsValue>;
}

/// The first lone surrogate of a text (its UTF-16 index and unit), if it holds one: no UTF-8
/// text can, and the copy into the module would silently read it as U+FFFD.
fn lone_surrogate(text: &js_sys::JsString) -> Option<(u32, u16)> {
    if text.unchecked_ref::<WellFormed>().is_well_formed() == Ok(true) {
        return None;
    }
    let units: Vec<u16> = text.iter().collect();
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        match unit {
            0xD800..=0xDBFF if units.get(i + 1).is_some_and(|next| (0xDC00..=0xDFFF).contains(next)) => i += 2,
            0xD800..=0xDFFF => return Some((i as u32, unit)),
            _ => i += 1,
        }
    }
    None
}

/// The message Python gives too (with its own string's index).
fn lone_surrogate_message(unit: u16, at: u32) -> String {
    format!("text holds a lone surrogate (U+{unit:04X}) at index {at}; text must be valid Unicode")
}

/// An optional text: `undefined` or `null` is absent.
pub fn optional_text_arg(value: &JsValue, function: &str, name: &str) -> Result<Option<String>, JsValue> {
    match value.is_undefined() || value.is_null() {
        true => Ok(None),
        false => text_arg(value, function, name).map(Some),
    }
}

/// An array of texts: a `TypeError` for anything that is not an array of strings, and
/// `InvalidInput` past [`BATCH_MAX`] items or [`TEXT_MAX`] in one item.
pub fn texts_arg(value: &JsValue, function: &str, name: &str) -> Result<Vec<String>, JsValue> {
    let Some(array) = value.dyn_ref::<js_sys::Array>().filter(|_| js_sys::Array::is_array(value)) else {
        return Err(wrong_type(&format!("{function}: {name}"), "an array of strings", value));
    };
    if array.length() > BATCH_MAX {
        let message = format!("{function}: {name} holds {} items; one call takes at most {BATCH_MAX}", array.length());
        return Err(invalid_input(&message));
    }
    array.iter().enumerate().map(|(i, item)| text_arg(&item, function, &format!("{name}[{i}]"))).collect()
}

/// An optional flag: `undefined` or `null` is absent, a boolean is itself, anything else is a
/// `TypeError` (not `false`).
pub fn flag_arg(value: &JsValue, function: &str, name: &str) -> Result<bool, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value.as_bool().ok_or_else(|| wrong_type(&format!("{function}: {name}"), "a boolean", value))
}

/// The library's `InvalidInput` for a binding's own check.
fn invalid_input(message: &str) -> JsValue {
    library_error("InvalidInput", "invalid_input", message, JsValue::NULL, JsValue::NULL)
}
