//! Image references and registry scopes.

use crate::convert::{error, text_arg, texts_arg, to_js};
use imagecurator::{bindings::ReferenceView, Reference};
use wasm_bindgen::prelude::*;

/// Parses and normalizes an image reference (`nginx` is `docker.io/library/nginx`).
#[wasm_bindgen(js_name = parseReference, unchecked_return_type = "ReferenceInfo")]
pub fn parse_reference(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, JsValue> {
    let r = Reference::parse(&text_arg(&text, "parseReference", "text")?).map_err(|e| error(&e))?;
    Ok(to_js(&ReferenceView::from(&r)))
}

/// Whether `text`, as written, names its registry (`docker.io/library/nginx`, not `nginx`,
/// which CRI-O resolves through the node's search registries).
#[wasm_bindgen(js_name = namesRegistry)]
pub fn names_registry(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<bool, JsValue> {
    Ok(Reference::names_registry(&text_arg(&text, "namesRegistry", "text")?))
}

/// A registry, with an optional `*.` wildcard, port and repository prefix, that an allow-list admits.
#[wasm_bindgen]
pub struct RegistryScope(imagecurator::RegistryScope);

#[wasm_bindgen]
impl RegistryScope {
    /// Parses a scope such as `registry.example.com/team` or `*.example.com:5000`.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<RegistryScope, JsValue> {
        let text = text_arg(&text, "RegistryScope", "text")?;
        imagecurator::RegistryScope::parse(&text).map(RegistryScope).map_err(|e| error(&e))
    }

    /// Whether the scope admits a reference; throws when the reference is invalid.
    pub fn allows(&self, #[wasm_bindgen(unchecked_param_type = "string")] reference: JsValue) -> Result<bool, JsValue> {
        self.0.allows_str(&text_arg(&reference, "allows", "reference")?).map_err(|e| error(&e))
    }

    /// Whether the scope admits each reference; throws on the first invalid one.
    #[wasm_bindgen(js_name = allowsAll, unchecked_return_type = "boolean[]")]
    pub fn allows_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] references: JsValue,
    ) -> Result<js_sys::Array, JsValue> {
        let references = texts_arg(&references, "allowsAll", "references")?;
        references.iter().map(|r| self.0.allows_str(r).map(JsValue::from_bool).map_err(|e| error(&e))).collect()
    }

    /// The scope in its normalized written form.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.0.to_string()
    }
}
