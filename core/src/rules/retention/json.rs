//! Retention from JSON-shaped input, as the bindings receive it.

use super::{plan_retention, RetentionContext, RetentionPlan, RetentionPolicy};
use crate::error::{Error, ErrorCode};
use crate::io::json::each;
use crate::io::{Evidence, ImageStream};
use serde::Deserialize;

/// Plans retention from JSON-shaped input, as the Python and JavaScript bindings receive it:
/// `streams` is what `oc get is -o json` prints (or an array of such); `policy` a policy
/// document (the default when absent); `in_use` a `PodList`/`Pod` or an array of image
/// references; `templates` a `Template`, `TemplateList`, `List` or an array of them; `now` an
/// RFC 3339 time.
///
/// # Errors
/// `invalid_input` for input of the wrong shape (naming its path) or a bad `now`;
/// `invalid_policy` for a policy document with an unknown field, a bad value or `keep: 0`.
///
/// # Example
/// ```
/// let streams = serde_json::json!({"metadata": {"name": "app", "namespace": "ns"}, "status": {"tags": [
///     {"tag": "1", "items": [{"image": "sha256:1"}]}, {"tag": "2", "items": [{"image": "sha256:2"}]}]}});
/// let policy = serde_json::json!({"keep": 1});
/// let nothing_runs = serde_json::json!([]);
/// let now = Some("2026-01-01T00:00:00Z");
/// let plan = imagecurator::bindings::plan_retention_json(&streams, Some(&policy), Some(&nothing_runs), None, now)?;
/// assert_eq!(plan.commands, ["oc tag -d ns/app:1"]);
/// // No evidence of what runs: nothing is pruned, and the plan says why.
/// let blind = imagecurator::bindings::plan_retention_json(&streams, Some(&policy), None, None, now)?;
/// assert!(blind.commands.is_empty() && !blind.notes.is_empty());
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn plan_retention_json(
    streams: &serde_json::Value,
    policy: Option<&serde_json::Value>,
    in_use: Option<&serde_json::Value>,
    templates: Option<&serde_json::Value>,
    now: Option<&str>,
) -> Result<RetentionPlan, Error> {
    let streams = each(Some(streams), "", ImageStream::from_json)?;
    plan_retention_with(&streams, policy, in_use, templates, now)
}

/// [`plan_retention_json`] for streams already read, by [`ImageStream::from_json_str`] or
/// [`crate::bindings::streams_from_deserializers`] (as the Python binding reads dicts).
///
/// # Errors
/// As [`plan_retention_json`].
///
/// # Example
/// ```
/// let streams = imagecurator::ImageStream::from_json_str(r#"{"metadata": {"name": "app", "namespace": "ns"},
///     "status": {"tags": [{"tag": "1", "items": [{"image": "sha256:1"}]}, {"tag": "2", "items": [{"image": "sha256:2"}]}]}}"#)?;
/// let (policy, nothing_runs) = (serde_json::json!({"keep": 1}), serde_json::json!([]));
/// let now = Some("2026-01-01T00:00:00Z");
/// let plan = imagecurator::bindings::plan_retention_with(&streams, Some(&policy), Some(&nothing_runs), None, now)?;
/// assert_eq!(plan.commands, ["oc tag -d ns/app:1"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn plan_retention_with(
    streams: &[ImageStream],
    policy: Option<&serde_json::Value>,
    in_use: Option<&serde_json::Value>,
    templates: Option<&serde_json::Value>,
    now: Option<&str>,
) -> Result<RetentionPlan, Error> {
    use serde_json::Value;
    let policy = match policy {
        None | Some(Value::Null) => RetentionPolicy::default(),
        // Serde would read a struct from an array of its fields in order: `[1]` as `keep: 1`.
        Some(value) if !value.is_object() => {
            let message = format!("retention policy must be an object such as {{\"keep\": 3}}, not {}", kind_of(value));
            return Err(Error::new(ErrorCode::InvalidPolicy, message));
        }
        Some(value) => RetentionPolicy::deserialize(value)
            .map_err(|e| Error::new(ErrorCode::InvalidPolicy, format!("retention policy is invalid: {e}")))?,
    };
    // Absent: no evidence, so nothing is pruned. An empty list says that nothing runs.
    let evidence = match in_use {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            Some(Evidence::from_references(items.iter().filter_map(Value::as_str)))
        }
        Some(documents) => Some(Evidence::from_json(documents)?),
    };
    let pins = each(templates, "templates", crate::io::template_pins)?;
    let now = match now {
        None => None,
        Some(text) => Some(
            crate::io::json::parse_time(text)
                .map_err(|why| Error::new(ErrorCode::InvalidInput, format!("now {why}")))?,
        ),
    };
    plan_retention(&policy, streams, &RetentionContext { evidence, pins, now })
}

/// How a JSON value that is not an object is named in an error: `an array`, `a number`.
pub(crate) fn kind_of(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
