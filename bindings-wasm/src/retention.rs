//! `planRetention`.

use crate::convert::{error, optional_text_arg, read, to_js};
use wasm_bindgen::prelude::*;

/// Plans retention over `oc get is -o json` data. `inUse` is the evidence of what runs or
/// builds (workload documents of any kind, or image references): without it nothing is
/// pruned, and `[]` says that nothing runs. `now` is the time of planning; without it no tag
/// is pruned on age (the plan says so), the same in every runtime.
#[wasm_bindgen(js_name = planRetention, unchecked_return_type = "RetentionPlan")]
pub fn plan_retention(
    #[wasm_bindgen(unchecked_param_type = "object | object[]")] streams: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RetentionPolicy | null")] policy: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "object | object[] | string[] | null")] in_use: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "object | object[] | null")] templates: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "string | null")] now: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let absent = JsValue::UNDEFINED;
    let now = optional_text_arg(now.as_ref().unwrap_or(&absent), "planRetention", "now")?;
    let streams = read(&streams, "streams")?.ok_or_else(|| js_sys::TypeError::new("streams is required"))?;
    let policy = read(policy.as_ref().unwrap_or(&absent), "policy")?;
    let in_use = read(in_use.as_ref().unwrap_or(&absent), "inUse")?;
    let templates = read(templates.as_ref().unwrap_or(&absent), "templates")?;
    let plan = imagecurator::bindings::plan_retention_json(
        &streams,
        policy.as_ref(),
        in_use.as_ref(),
        templates.as_ref(),
        now.as_deref(),
    )
    .map_err(|e| error(&e))?;
    Ok(to_js(&plan))
}

/// The default retention policy: keep 3 versions per image, protect floating tags, keep
/// images younger than 60 minutes.
#[wasm_bindgen(js_name = defaultRetentionPolicy, unchecked_return_type = "RetentionPolicy")]
pub fn default_retention_policy() -> JsValue {
    to_js(&imagecurator::RetentionPolicy::default())
}
