//! Namespace names, patterns and selectors.

use crate::convert::{error, text_arg, texts_arg, to_js};
use imagecurator::{bindings::NamespaceView, Namespace};
use wasm_bindgen::prelude::*;

/// Validates a namespace name and reads its licence plate.
#[wasm_bindgen(js_name = parseNamespace, unchecked_return_type = "NamespaceInfo")]
pub fn parse_namespace(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<JsValue, JsValue> {
    let ns = Namespace::parse(&text_arg(&name, "parseNamespace", "name")?).map_err(|e| error(&e))?;
    Ok(to_js(&NamespaceView::from(&ns)))
}

/// A pattern matched against whole namespace names: exact, glob, anchored regex or environment.
#[wasm_bindgen]
pub struct NamespacePattern(imagecurator::NamespacePattern);

#[wasm_bindgen]
impl NamespacePattern {
    /// Parses the text form: `exact:`, `glob:`, `regex:` or `env:` prefix, or a bare glob/name.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<NamespacePattern, JsValue> {
        NamespacePattern::read(&text, "NamespacePattern", "text", imagecurator::NamespacePattern::parse)
    }

    /// A glob: `*` any run, `?` one character, every other character literal, anchored.
    pub fn glob(
        #[wasm_bindgen(unchecked_param_type = "string")] pattern: JsValue,
    ) -> Result<NamespacePattern, JsValue> {
        NamespacePattern::read(&pattern, "NamespacePattern.glob", "pattern", imagecurator::NamespacePattern::glob)
    }

    /// A regular expression anchored at both ends.
    pub fn regex(
        #[wasm_bindgen(unchecked_param_type = "string")] pattern: JsValue,
    ) -> Result<NamespacePattern, JsValue> {
        NamespacePattern::read(&pattern, "NamespacePattern.regex", "pattern", imagecurator::NamespacePattern::regex)
    }

    /// Exactly one name.
    pub fn exact(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<NamespacePattern, JsValue> {
        NamespacePattern::read(&name, "NamespacePattern.exact", "name", imagecurator::NamespacePattern::exact)
    }

    /// Licence-plate namespaces of one environment: tools, dev, test or prod.
    pub fn environment(
        #[wasm_bindgen(unchecked_param_type = "string")] environment: JsValue,
    ) -> Result<NamespacePattern, JsValue> {
        let environment = text_arg(&environment, "NamespacePattern.environment", "environment")?;
        let environment: imagecurator::Environment = environment.parse().map_err(|e| error(&e))?;
        Ok(NamespacePattern(imagecurator::NamespacePattern::environment(environment)))
    }

    /// Whether the whole name matches.
    pub fn matches(&self, #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<bool, JsValue> {
        Ok(self.0.matches(&text_arg(&name, "matches", "name")?))
    }

    /// The names that match, in the order given.
    pub fn filter(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] names: JsValue,
    ) -> Result<Vec<String>, JsValue> {
        matching(&names, |n| self.0.matches(n))
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

/// The names of a `filter` argument that `keep` keeps, in the order given.
fn matching(names: &JsValue, keep: impl Fn(&str) -> bool) -> Result<Vec<String>, JsValue> {
    Ok(texts_arg(names, "filter", "names")?.into_iter().filter(|n| keep(n)).collect())
}

impl NamespacePattern {
    /// A pattern from a text argument, checked as a text, then read by `make`.
    fn read(
        text: &JsValue,
        function: &str,
        name: &str,
        make: fn(&str) -> Result<imagecurator::NamespacePattern, imagecurator::Error>,
    ) -> Result<NamespacePattern, JsValue> {
        make(&text_arg(text, function, name)?).map(NamespacePattern).map_err(|e| error(&e))
    }
}

/// Include and exclude lists of patterns; an empty include list selects nothing.
#[wasm_bindgen]
pub struct NamespaceSelector(imagecurator::NamespaceSelector);

#[wasm_bindgen]
impl NamespaceSelector {
    /// Builds a selector from pattern texts.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string[]")] include: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[] | null")] exclude: Option<JsValue>,
    ) -> Result<NamespaceSelector, JsValue> {
        let include = texts_arg(&include, "NamespaceSelector", "include")?;
        let exclude = match exclude.filter(|e| !e.is_undefined() && !e.is_null()) {
            None => Vec::new(),
            Some(exclude) => texts_arg(&exclude, "NamespaceSelector", "exclude")?,
        };
        imagecurator::NamespaceSelector::new(include, exclude).map(NamespaceSelector).map_err(|e| error(&e))
    }

    /// Whether the selector selects a name.
    pub fn matches(&self, #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<bool, JsValue> {
        Ok(self.0.matches(&text_arg(&name, "matches", "name")?))
    }

    /// The names selected, in the order given.
    pub fn filter(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] names: JsValue,
    ) -> Result<Vec<String>, JsValue> {
        matching(&names, |n| self.0.matches(n))
    }
}
