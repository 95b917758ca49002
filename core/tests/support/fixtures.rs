//! The conformance cases' `{"$fixture": path}`: a real report too large to copy into a case,
//! read from `../shared/fixtures`. Shared by the conformance runner and the export tests.

use serde_json::Value;
use std::path::Path;

/// The value with each `{"$fixture": path}` replaced by the JSON of that file.
pub fn with_fixtures(value: &Value) -> Value {
    match value {
        Value::Object(object) => match object.get("$fixture").and_then(Value::as_str) {
            Some(path) => {
                let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures").join(path);
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
            }
            None => Value::Object(object.iter().map(|(k, v)| (k.clone(), with_fixtures(v))).collect()),
        },
        Value::Array(items) => Value::Array(items.iter().map(with_fixtures).collect()),
        other => other.clone(),
    }
}
