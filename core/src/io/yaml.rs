//! YAML as the cluster's tools write it (`oc get -o yaml`, policies kept in Git), read into
//! the same JSON values the rest of the crate reads. Behind the `yaml` feature: the command and
//! the WASM build use it; the library's own inputs are JSON.

use crate::error::{Error, ErrorCode};

/// Every document of YAML text (one, or several separated by `---`), as JSON values.
///
/// YAML 1.2's booleans only (`true`, `false`): YAML 1.1 would read a stream called `no`, `y` or
/// `off` as a boolean (the "Norway problem"). Anchors and aliases are read within limits, so
/// that an alias bomb is refused rather than expanded.
///
/// # Errors
/// `invalid_input`, naming the line and column, for text that is not YAML.
///
/// # Example
/// ```
/// let documents = imagecurator::yaml_documents("approved: [no, python]\n---\nkeep: 2\n")?;
/// assert_eq!(documents[0]["approved"], serde_json::json!(["no", "python"]));
/// assert_eq!(documents[1]["keep"], 2);
/// let err = imagecurator::yaml_documents("a: [1\n").unwrap_err();
/// assert_eq!(err.to_string(), "not YAML: line 1 column 4: unclosed bracket '['");
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn yaml_documents(text: &str) -> Result<Vec<serde_json::Value>, Error> {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_multiple_with_options(text, options).map_err(|e| {
        // The first line says what and where; the rest is a drawing of the place.
        let said = e.to_string();
        let first = said.lines().next().unwrap_or_default();
        Error::new(ErrorCode::InvalidInput, format!("not YAML: {}", first.trim_start_matches("error: ")))
    })
}

/// `value` written as YAML (a policy document, for people to edit).
///
/// # Errors
/// `invalid_input` when the value cannot be written as YAML (a map with keys that are not
/// strings).
///
/// # Example
/// ```
/// let yaml = imagecurator::to_yaml(&serde_json::json!({"retention": {"keep": 3}}))?;
/// assert_eq!(yaml, "retention:\n  keep: 3\n");
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn to_yaml(value: &impl serde::Serialize) -> Result<String, Error> {
    serde_saphyr::to_string(value).map_err(|e| Error::new(ErrorCode::InvalidInput, format!("cannot write YAML: {e}")))
}
