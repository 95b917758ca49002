//! Namespace names, patterns and selectors.

use crate::convert::{error, to_js};
use imagecurator::{bindings::NamespaceView, Namespace};
use wasm_bindgen::prelude::*;

/// Validates a namespace name and reads its licence plate.
#[wasm_bindgen(js_name = parseNamespace, unchecked_return_type = "NamespaceInfo")]
pub fn parse_namespace(name: &str) -> Result<JsValue, JsValue> {
    let ns = Namespace::parse(name).map_err(|e| error(&e))?;
    Ok(to_js(&NamespaceView::from(&ns)))
}

/// A pattern matched against whole namespace names: exact, glob, anchored regex or environment.
#[wasm_bindgen]
pub struct NamespacePattern(imagecurator::NamespacePattern);

#[wasm_bindgen]
impl NamespacePattern {
    /// Parses the text form: `exact:`, `glob:`, `regex:` or `env:` prefix, or a bare glob/name.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Result<NamespacePattern, JsValue> {
        imagecurator::NamespacePattern::parse(text).map(NamespacePattern).map_err(|e| error(&e))
    }

    /// A glob: `*` any run, `?` one character, every other character literal, anchored.
    pub fn glob(pattern: &str) -> Result<NamespacePattern, JsValue> {
        imagecurator::NamespacePattern::glob(pattern).map(NamespacePattern).map_err(|e| error(&e))
    }

    /// A regular expression anchored at both ends.
    pub fn regex(pattern: &str) -> Result<NamespacePattern, JsValue> {
        imagecurator::NamespacePattern::regex(pattern).map(NamespacePattern).map_err(|e| error(&e))
    }

    /// Exactly one name.
    pub fn exact(name: &str) -> Result<NamespacePattern, JsValue> {
        imagecurator::NamespacePattern::exact(name).map(NamespacePattern).map_err(|e| error(&e))
    }

    /// Licence-plate namespaces of one environment: tools, dev, test or prod.
    pub fn environment(environment: &str) -> Result<NamespacePattern, JsValue> {
        let environment: imagecurator::Environment = environment.parse().map_err(|e| error(&e))?;
        Ok(NamespacePattern(imagecurator::NamespacePattern::environment(environment)))
    }

    /// Whether the whole name matches.
    pub fn matches(&self, name: &str) -> bool {
        self.0.matches(name)
    }

    /// The names that match, in the order given.
    pub fn filter(&self, names: Vec<String>) -> Vec<String> {
        names.into_iter().filter(|n| self.0.matches(n)).collect()
    }

    /// The kind: exact, glob, regex or env.
    #[wasm_bindgen(getter, unchecked_return_type = "\"exact\" | \"glob\" | \"regex\" | \"env\"")]
    pub fn kind(&self) -> String {
        self.0.kind().as_str().to_owned()
    }

    /// The pattern without its kind prefix.
    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        self.0.source().to_owned()
    }

    /// The text form with its kind prefix, e.g. `glob:*-prod`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.0.to_string()
    }
}

/// Include and exclude lists of patterns; an empty include list selects nothing.
#[wasm_bindgen]
pub struct NamespaceSelector(imagecurator::NamespaceSelector);

#[wasm_bindgen]
impl NamespaceSelector {
    /// Builds a selector from pattern texts.
    #[wasm_bindgen(constructor)]
    pub fn new(include: Vec<String>, exclude: Option<Vec<String>>) -> Result<NamespaceSelector, JsValue> {
        imagecurator::NamespaceSelector::new(include, exclude.unwrap_or_default())
            .map(NamespaceSelector)
            .map_err(|e| error(&e))
    }

    /// Whether the selector selects a name.
    pub fn matches(&self, name: &str) -> bool {
        self.0.matches(name)
    }

    /// The names selected, in the order given.
    pub fn filter(&self, names: Vec<String>) -> Vec<String> {
        names.into_iter().filter(|n| self.0.matches(n)).collect()
    }
}
