//! `Policy`, `audit` and the naming checks.

use crate::convert::{json_text, now_text, to_json_value, view_to_dict, Text, TextArg};
use crate::errors::to_py;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A policy document: the strategy by default, or a team's own from a dict or JSON text.
#[pyclass(frozen, module = "imagecurator", name = "Policy")]
pub struct Policy(imagecurator::Policy);

impl Policy {
    /// A document that must be given: `None` is a `TypeError` here, where `Policy()` is the
    /// strategy, rather than the strategy read from nothing.
    fn read_given(method: &str, document: &Bound<'_, PyAny>) -> PyResult<Policy> {
        if document.is_none() {
            let message = format!("Policy.{method} takes a policy document, not None; Policy() is the strategy");
            return Err(pyo3::exceptions::PyTypeError::new_err(message));
        }
        Policy::new(Some(document))
    }
}

#[pymethods]
impl Policy {
    /// `Policy()` is the strategy; `Policy(document)` reads a dict or JSON text strictly.
    #[new]
    #[pyo3(signature = (document = None))]
    fn new(document: Option<&Bound<'_, PyAny>>) -> PyResult<Policy> {
        match document.filter(|d| !d.is_none()) {
            None => Ok(Policy(imagecurator::Policy::default())),
            Some(d) => {
                crate::convert::document_arg("Policy", d, " or None")?;
                let value = to_json_value(d, Text::Policy)?;
                d.py().allow_threads(|| imagecurator::Policy::from_json(&value)).map(Policy).map_err(to_py)
            }
        }
    }
    /// The strategy itself.
    #[staticmethod]
    fn default() -> Policy {
        Policy(imagecurator::Policy::default())
    }
    /// Reads a policy from a dict.
    #[staticmethod]
    fn from_dict(document: &Bound<'_, PyAny>) -> PyResult<Policy> {
        Policy::read_given("from_dict", document)
    }
    /// Reads a policy from JSON text.
    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Policy> {
        Policy::read_given("from_json", text)
    }
    /// The policy version.
    #[getter]
    fn version(&self) -> u32 {
        self.0.version
    }
    /// Statements another overrides, each a dict with `path` and `message`.
    fn conflicts(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &self.0.conflicts())
    }
    /// Every section written out, defaults included.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &self.0)
    }
    fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.0.to_json()).unwrap_or_default()
    }
    fn __eq__(&self, other: PyRef<'_, Policy>) -> bool {
        self.0 == other.0
    }
    fn __repr__(&self) -> String {
        format!("Policy(version={}, catalog={:?})", self.0.version, self.0.catalog.keys().collect::<Vec<_>>())
    }
}

/// The audit's report: `summary`, `findings`, `catalog`, `retention`, or all of it as
/// `to_dict()` / `to_json()`; `to_table()` for people.
#[pyclass(frozen, module = "imagecurator", name = "AuditReport")]
pub struct AuditReport(imagecurator::AuditReport);

#[pymethods]
impl AuditReport {
    /// Counts by severity: errors, warnings, infos.
    #[getter]
    fn summary(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &self.0.summary)
    }
    /// One dict per finding: code, severity, subject, message, remediation, suggestion.
    #[getter]
    fn findings(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &self.0.findings)
    }
    /// One plan per catalog namespace, each with its samples `Config`.
    #[getter]
    fn catalog(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &self.0.catalog)
    }
    /// The retention plan, as a dict.
    #[getter]
    fn retention(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &self.0.retention)
    }
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &self.0)
    }
    /// The report as JSON: deterministic, so two audits can be diffed.
    fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.0).unwrap_or_default()
    }
    fn to_table(&self) -> String {
        self.0.to_table()
    }
    /// The report as markdown, for a merge-request comment.
    fn to_markdown(&self) -> String {
        self.0.to_markdown()
    }
    fn __repr__(&self) -> String {
        let s = &self.0.summary;
        format!("AuditReport(errors={}, warnings={}, infos={})", s.errors, s.warnings, s.infos)
    }
}

/// Audits a cluster's data against a policy (the strategy when `None`).
///
/// `inventory` is a keyed inventory dict (any of `imagestreams`, `templates`, `pods`,
/// `workloads`, `scans`, `samples_config`, `namespaces`, `now`, `peers`), documents as
/// `oc get -o json` prints them, a list mixing both, or JSON text of any of these; `now` here,
/// when given, replaces the inventory's. Without either, no rule that needs the time applies (the report's `now` is
/// `None`), as in Rust and JavaScript. Raises `InvalidPolicy` or `InvalidInput`.
#[pyfunction]
#[pyo3(signature = (policy, inventory, now = None))]
fn audit(
    py: Python<'_>,
    policy: Option<&Bound<'_, PyAny>>,
    inventory: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<AuditReport> {
    let policy = policy_arg(policy)?;
    let mut inventory = inventory_arg(py, inventory)?;
    if let Some(now) = now_text(py, now)? {
        inventory.now = Some(imagecurator::bindings::parse_now(&now).map_err(to_py)?);
    }
    py.allow_threads(|| imagecurator::audit(&policy, &inventory)).map(AuditReport).map_err(to_py)
}

/// An inventory argument: a keyed dict, documents, a list of both, or JSON text.
fn inventory_arg(py: Python<'_>, inventory: &Bound<'_, PyAny>) -> PyResult<imagecurator::Inventory> {
    if !inventory.is_instance_of::<PyDict>() {
        crate::convert::document_arg("inventory", inventory, "")?;
    }
    // JSON text is read in one pass; a dict is read in place, through `depythonize`'s serde
    // deserializer over Python objects, without building a JSON tree first. Anything else
    // goes through the JSON walk, which says what it cannot convert.
    match json_text(inventory)? {
        Some(text) => py.allow_threads(|| imagecurator::Inventory::from_json_str(&text)),
        None if inventory.is_instance_of::<PyDict>() => {
            imagecurator::bindings::inventory_from_deserializers(|| crate::depythonize::Depythonizer::new(inventory))
        }
        None => imagecurator::Inventory::from_json(&to_json_value(inventory, Text::Input)?),
    }
    .map_err(to_py)
}

/// The gates' scan rule for the API server, from an audit's data
/// (`gates.admission.require_scan_passed`): a ConfigMap (dict) of the digests whose scan
/// passed, a ValidatingAdmissionPolicy reading it, and its binding to the gated namespaces
/// the data holds. `inventory` is what `audit` takes. Raises `InvalidPolicy`
/// (`not_exportable` when the rule is off or no namespace of the data is gated) or
/// `InvalidInput`.
#[pyfunction]
fn export_scan_gate(
    py: Python<'_>,
    policy: Option<&Bound<'_, PyAny>>,
    inventory: &Bound<'_, PyAny>,
) -> PyResult<PyObject> {
    let policy = policy_arg(policy)?;
    let inventory = inventory_arg(py, inventory)?;
    let objects = imagecurator::export_scan_gate(&policy, &inventory).map_err(to_py)?;
    view_to_dict(py, &objects)
}

/// A policy argument: a `Policy`, a policy document (dict, JSON text), or `None` for the
/// strategy's default.
fn policy_arg(policy: Option<&Bound<'_, PyAny>>) -> PyResult<imagecurator::Policy> {
    Ok(match policy.filter(|p| !p.is_none()) {
        Some(p) => match p.downcast::<Policy>() {
            Ok(p) => p.get().0.clone(),
            Err(_) => Policy::new(Some(p))?.0,
        },
        None => imagecurator::Policy::default(),
    })
}

/// The policy's prod gates as admission objects (dicts) for `target` (`"vap"`: a
/// ValidatingAdmissionPolicy and its binding; `"kyverno"`: a Kyverno ClusterPolicy;
/// `"gatekeeper"`: a K8sAllowedReposv2 constraint; `"image-config"`: OpenShift's Image
/// config, the cluster-wide registry floor). Raises
/// `InvalidPolicy` (`not_exportable` when the gates enforce nothing) or `InvalidInput` for an
/// unknown target.
#[pyfunction]
fn export_admission(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>, target: TextArg) -> PyResult<PyObject> {
    let policy = policy_arg(policy)?;
    let target: imagecurator::ExportTarget = target.parse().map_err(to_py)?;
    let objects = imagecurator::export_admission(&policy, target).map_err(to_py)?;
    view_to_dict(py, &objects)
}

/// Naming check of an image stream name: a list of finding dicts, empty when it is fine.
/// The policy document's JSON Schema (draft 7), as a dict: for editors and validators.
#[pyfunction]
fn policy_schema(py: Python<'_>) -> PyResult<PyObject> {
    let schema: serde_json::Value = serde_json::from_str(imagecurator::POLICY_SCHEMA)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    view_to_dict(py, &schema)
}

#[pyfunction]
fn check_stream_name(py: Python<'_>, namespace: TextArg, name: TextArg) -> PyResult<PyObject> {
    view_to_dict(py, &imagecurator::check_stream_name(&namespace, &name))
}

/// Naming check of a namespace name, and of its licence plate when `needs_plate`.
#[pyfunction]
#[pyo3(signature = (name, needs_plate = false))]
fn check_namespace(py: Python<'_>, name: TextArg, needs_plate: bool) -> PyResult<PyObject> {
    view_to_dict(py, &imagecurator::check_namespace(&name, needs_plate))
}

/// Naming check of a tag, and of the versioning guideline when `versioned`.
#[pyfunction]
#[pyo3(signature = (namespace, stream, tag, versioned = false))]
fn check_tag(py: Python<'_>, namespace: TextArg, stream: TextArg, tag: TextArg, versioned: bool) -> PyResult<PyObject> {
    view_to_dict(py, &imagecurator::check_tag(&namespace, &stream, &tag, versioned))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Policy>()?;
    m.add_class::<AuditReport>()?;
    m.add_function(wrap_pyfunction!(audit, m)?)?;
    m.add_function(wrap_pyfunction!(check_stream_name, m)?)?;
    m.add_function(wrap_pyfunction!(check_namespace, m)?)?;
    m.add_function(wrap_pyfunction!(check_tag, m)?)?;
    m.add_function(wrap_pyfunction!(policy_schema, m)?)?;
    m.add_function(wrap_pyfunction!(export_admission, m)?)?;
    m.add_function(wrap_pyfunction!(export_scan_gate, m)?)?;
    Ok(())
}
