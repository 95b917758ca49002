//! `audit`, `defaultPolicy`, `checkPolicy` and the naming checks.

use crate::convert::{document_text_arg, error, flag_arg, read, text_arg, to_js, wrong_type};
use wasm_bindgen::prelude::*;

fn policy_of(document: Option<JsValue>) -> Result<imagecurator::Policy, JsValue> {
    match read(document.as_ref().unwrap_or(&JsValue::UNDEFINED), "policy")? {
        None => Ok(imagecurator::Policy::default()),
        Some(value) => imagecurator::Policy::from_json(&value).map_err(|e| error(&e)),
    }
}

fn run_audit(policy: Option<JsValue>, inventory: &JsValue) -> Result<imagecurator::AuditReport, JsValue> {
    let policy = policy_of(policy)?;
    let inventory = inventory_of(inventory, "audit")?;
    // No `now`: no rule that needs the time applies, as in Rust and Python; the report says so.
    imagecurator::audit(&policy, &inventory).map_err(|e| error(&e))
}

/// The inventory argument of `function`: objects, an array, or JSON text.
fn inventory_of(inventory: &JsValue, function: &str) -> Result<imagecurator::Inventory, JsValue> {
    if inventory.is_undefined() || inventory.is_null() {
        return Err(js_sys::TypeError::new("inventory is required").into());
    }
    // One JSON text across the boundary, read in one pass without a Value tree: the text as
    // given (files as `oc` wrote them, several documents one after another), or the objects
    // written out.
    if !inventory.is_object() && !inventory.is_string() {
        return Err(wrong_type("inventory", "an object, an array or JSON text", inventory));
    }
    let text: String = match inventory.is_string() {
        true => document_text_arg(inventory, function, "inventory")?,
        false => js_sys::JSON::stringify(inventory)
            .map_err(|_| js_sys::TypeError::new("inventory cannot be written as JSON"))?
            .into(),
    };
    imagecurator::Inventory::from_json_str(&text).map_err(|e| error(&e))
}

/// Audits a cluster's data against a policy (the strategy when `null`). `inventory` is a keyed
/// inventory (any of `imagestreams`, `templates`, `pods`, `workloads`, `scans`,
/// `samples_config`, `namespaces`, `now`, `peers`), documents as `oc get -o json` prints them,
/// or an array mixing both; without `now`, no rule that needs the time applies (the report
/// says so).
#[wasm_bindgen(unchecked_return_type = "AuditReport")]
pub fn audit(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument | null")] policy: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "InventoryInput")] inventory: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&run_audit(policy, &inventory)?))
}

/// The same audit as a table a person reads.
#[wasm_bindgen(js_name = auditTable)]
pub fn audit_table(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument | null")] policy: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "InventoryInput")] inventory: JsValue,
) -> Result<String, JsValue> {
    Ok(run_audit(policy, &inventory)?.to_table())
}

/// The same audit as markdown, for a merge-request comment.
#[wasm_bindgen(js_name = auditMarkdown)]
pub fn audit_markdown(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument | null")] policy: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "InventoryInput")] inventory: JsValue,
) -> Result<String, JsValue> {
    Ok(run_audit(policy, &inventory)?.to_markdown())
}

/// The strategy as a policy document, every section written out.
#[wasm_bindgen(js_name = defaultPolicy, unchecked_return_type = "Policy")]
pub fn default_policy() -> JsValue {
    to_js(&imagecurator::Policy::default())
}

/// Every document of YAML text (several when separated by `---`), as plain objects: YAML 1.2
/// booleans only, so a stream called `no` stays a name. Throws `InvalidInput` naming the line
/// and column of text that is not YAML.
#[wasm_bindgen(js_name = readYaml, unchecked_return_type = "unknown[]")]
pub fn read_yaml(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, JsValue> {
    let text = document_text_arg(&text, "readYaml", "text")?;
    Ok(to_js(&imagecurator::yaml_documents(&text).map_err(|e| error(&e))?))
}

/// The policy document's JSON Schema (draft 7): for editors and validators.
#[wasm_bindgen(js_name = policySchema)]
pub fn policy_schema() -> Result<JsValue, JsValue> {
    let schema: serde_json::Value =
        serde_json::from_str(imagecurator::POLICY_SCHEMA).map_err(|e| js_sys::Error::new(&e.to_string()))?;
    Ok(to_js(&schema))
}

/// Reads a policy document strictly and returns it with every default filled in; throws
/// `InvalidPolicy` whose `path` names the bad value.
#[wasm_bindgen(js_name = checkPolicy, unchecked_return_type = "Policy")]
pub fn check_policy(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument")] document: JsValue,
) -> Result<JsValue, JsValue> {
    let value = read(&document, "policy")?.ok_or_else(|| js_sys::TypeError::new("policy is required"))?;
    let policy = imagecurator::Policy::from_json(&value).map_err(|e| error(&e))?;
    Ok(to_js(&policy))
}

/// Statements of a policy that another overrides.
#[wasm_bindgen(js_name = policyConflicts, unchecked_return_type = "PolicyConflict[]")]
pub fn policy_conflicts(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument | null")] document: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&policy_of(document)?.conflicts()))
}

/// The policy's prod gates as admission objects for `target` (`"vap"`: a
/// ValidatingAdmissionPolicy and its binding; `"kyverno"`: a Kyverno ClusterPolicy;
/// `"gatekeeper"`: a K8sAllowedReposv2 constraint; `"image-config"`: OpenShift's Image
/// config, the cluster-wide registry floor). Throws
/// `InvalidPolicy` (code `not_exportable` when the gates enforce nothing).
#[wasm_bindgen(js_name = exportAdmission, unchecked_return_type = "AdmissionObject[]")]
pub fn export_admission(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument | null")] document: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "ExportTarget")] target: JsValue,
) -> Result<JsValue, JsValue> {
    let target: imagecurator::ExportTarget =
        text_arg(&target, "exportAdmission", "target")?.parse().map_err(|e| error(&e))?;
    let objects = imagecurator::export_admission(&policy_of(document)?, target).map_err(|e| error(&e))?;
    Ok(to_js(&objects))
}

/// The gates' scan rule for the API server, from an audit's data (`gates.admission.require_scan_passed`):
/// a ConfigMap of the digests whose scan passed, a ValidatingAdmissionPolicy reading it, and its
/// binding to the gated namespaces the data holds. Throws `InvalidPolicy` (`not_exportable` when
/// the rule is off or no namespace of the data is gated) or `InvalidInput`.
#[wasm_bindgen(js_name = exportScanGate, unchecked_return_type = "AdmissionObject[]")]
pub fn export_scan_gate(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument | null")] document: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "InventoryInput")] inventory: JsValue,
) -> Result<JsValue, JsValue> {
    let policy = policy_of(document)?;
    let inventory = inventory_of(&inventory, "exportScanGate")?;
    Ok(to_js(&imagecurator::export_scan_gate(&policy, &inventory).map_err(|e| error(&e))?))
}

/// Naming check of an image stream name; empty when it is fine.
#[wasm_bindgen(js_name = checkStreamName, unchecked_return_type = "Finding[]")]
pub fn check_stream_name(
    #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
) -> Result<JsValue, JsValue> {
    let (namespace, name) =
        (text_arg(&namespace, "checkStreamName", "namespace")?, text_arg(&name, "checkStreamName", "name")?);
    Ok(to_js(&imagecurator::check_stream_name(&namespace, &name)))
}

/// Naming check of a namespace name, and of its licence plate when `needsPlate`.
#[wasm_bindgen(js_name = checkNamespace, unchecked_return_type = "Finding[]")]
pub fn check_namespace(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "boolean | null")] needs_plate: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let name = text_arg(&name, "checkNamespace", "name")?;
    let needs_plate = flag_arg(&needs_plate.unwrap_or(JsValue::UNDEFINED), "checkNamespace", "needsPlate")?;
    Ok(to_js(&imagecurator::check_namespace(&name, needs_plate)))
}

/// Naming check of a tag, and of the versioning guideline when `versioned`.
#[wasm_bindgen(js_name = checkTag, unchecked_return_type = "Finding[]")]
pub fn check_tag(
    #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] stream: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] tag: JsValue,
    #[wasm_bindgen(unchecked_param_type = "boolean | null")] versioned: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let namespace = text_arg(&namespace, "checkTag", "namespace")?;
    let (stream, tag) = (text_arg(&stream, "checkTag", "stream")?, text_arg(&tag, "checkTag", "tag")?);
    let versioned = flag_arg(&versioned.unwrap_or(JsValue::UNDEFINED), "checkTag", "versioned")?;
    Ok(to_js(&imagecurator::check_tag(&namespace, &stream, &tag, versioned)))
}
