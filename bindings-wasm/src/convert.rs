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

/// JavaScript data to the JSON the core reads (`undefined` and `null` are absent). Documents
/// are objects or arrays: a number, a boolean or NaN given as the whole argument is a
/// `TypeError`, never "absent" (`JSON.stringify(NaN)` is `null`).
pub fn read(value: &JsValue, what: &str) -> Result<Option<serde_json::Value>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !value.is_object() {
        let message = format!("{what} must be an object or an array, not {}", type_of(value));
        return Err(js_sys::TypeError::new(&message).into());
    }
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|_| js_sys::TypeError::new(&format!("{what} cannot be written as JSON")))?
        .into();
    serde_json::from_str(&text).map(Some).map_err(|e| js_sys::TypeError::new(&format!("{what}: {e}")).into())
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
    let Some(text) = value.dyn_ref::<js_sys::JsString>() else {
        let message = format!("{function}: {name} must be a string, not {}", type_of(value));
        return Err(js_sys::TypeError::new(&message).into());
    };
    if text.length() > TEXT_MAX {
        return Err(too_long(function, name, text.length()));
    }
    Ok(String::from(text))
}

/// A document's text (JSON or YAML), up to [`DOCUMENT_MAX`].
pub fn document_text_arg(value: &JsValue, function: &str, name: &str) -> Result<String, JsValue> {
    let Some(text) = value.dyn_ref::<js_sys::JsString>() else {
        let message = format!("{function}: {name} must be a string, not {}", type_of(value));
        return Err(js_sys::TypeError::new(&message).into());
    };
    if text.length() > DOCUMENT_MAX {
        let message =
            format!("{function}: {name} is {} characters long; a document is at most {DOCUMENT_MAX}", text.length());
        return Err(invalid_input(&message));
    }
    Ok(String::from(text))
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
        let message = format!("{function}: {name} must be an array of strings, not {}", type_of(value));
        return Err(js_sys::TypeError::new(&message).into());
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
    value.as_bool().ok_or_else(|| {
        js_sys::TypeError::new(&format!("{function}: {name} must be a boolean, not {}", type_of(value))).into()
    })
}

fn too_long(function: &str, name: &str, length: u32) -> JsValue {
    invalid_input(&format!("{function}: {name} is {length} characters long; a text is at most {TEXT_MAX}"))
}

/// The library's `InvalidInput` for a binding's own check.
fn invalid_input(message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("InvalidInput");
    let _ = Reflect::set(&err, &"code".into(), &"invalid_input".into());
    let _ = Reflect::set(&err, &"offset".into(), &JsValue::NULL);
    let _ = Reflect::set(&err, &"path".into(), &JsValue::NULL);
    err.into()
}
