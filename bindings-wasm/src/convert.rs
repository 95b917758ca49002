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
    let err = js_sys::Error::new(e.message());
    err.set_name(e.code().area().class_name());
    let offset = e.offset().map_or(JsValue::NULL, |o| JsValue::from(o as u32));
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&err, &"code".into(), &e.code().as_str().into());
    let _ = Reflect::set(&err, &"offset".into(), &offset);
    let path = e.path().map_or(JsValue::NULL, JsValue::from);
    let _ = Reflect::set(&err, &"path".into(), &path);
    err.into()
}

/// JavaScript data to the JSON the core reads (`undefined` and `null` are absent).
pub fn read(value: &JsValue, what: &str) -> Result<Option<serde_json::Value>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|_| js_sys::TypeError::new(&format!("{what} cannot be written as JSON")))?
        .into();
    serde_json::from_str(&text).map(Some).map_err(|e| js_sys::TypeError::new(&format!("{what}: {e}")).into())
}
