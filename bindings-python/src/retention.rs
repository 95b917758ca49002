//! `plan_retention` and the plan it returns.

use crate::convert::{json_text, now_text, optional};
use crate::errors::to_py;
use pyo3::prelude::*;

/// A retention plan: `decisions`, `totals` and `commands`, or all of it as `to_dict()` / `to_json()`.
#[pyclass(frozen, module = "imagecurator", name = "RetentionPlan")]
pub struct RetentionPlan(imagecurator::RetentionPlan);

#[pymethods]
impl RetentionPlan {
    /// `oc tag -d` for every pruned tag, in decision order.
    #[getter]
    fn commands(&self) -> Vec<String> {
        self.0.commands.clone()
    }
    /// One dict per tag: namespace, stream, tag, image, action, reason, rule, message.
    #[getter]
    fn decisions(&self, py: Python<'_>) -> PyResult<PyObject> {
        crate::convert::view_to_dict(py, &self.0.decisions)
    }
    /// Counts: streams, tags, kept, pruned, by_reason.
    #[getter]
    fn totals(&self, py: Python<'_>) -> PyResult<PyObject> {
        crate::convert::view_to_dict(py, &self.0.totals)
    }
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        crate::convert::view_to_dict(py, &self.0)
    }
    /// The plan as JSON: deterministic, so two plans can be diffed.
    fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.0).expect("plans serialize")
    }
    fn __repr__(&self) -> String {
        format!("RetentionPlan(kept={}, pruned={})", self.0.totals.kept, self.0.totals.pruned)
    }
}

/// Plans retention over image streams.
///
/// ``streams`` is what ``oc get is -o json`` prints (an ImageStream, ImageStreamList or List,
/// as dicts or as JSON text), a list of those, or plain registry repositories
/// ``{"repository": ..., "tags": [{"name", "digest", "created"}]}``. ``policy`` is a policy
/// dict (``default_retention_policy()`` shows every field); ``in_use`` the evidence of what
/// runs (workload documents of any kind, or image references; without it nothing is pruned,
/// ``[]`` says nothing runs); ``templates`` a Template/TemplateList dict or a list of them;
/// ``now`` the time of planning (RFC 3339 text or a datetime, naive ones read as UTC; without
/// it no tag is pruned on age). Raises ``InvalidInput`` or ``InvalidPolicy``.
#[pyfunction]
#[pyo3(signature = (streams, policy = None, in_use = None, templates = None, now = None))]
fn plan_retention(
    py: Python<'_>,
    streams: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
    in_use: Option<&Bound<'_, PyAny>>,
    templates: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<RetentionPlan> {
    let streams = read_streams(py, streams)?;
    let (policy, in_use, templates) =
        (optional("policy", policy)?, optional("in_use", in_use)?, optional("templates", templates)?);
    let now = now_text(py, now)?;
    let plan = py.allow_threads(|| {
        imagecurator::bindings::plan_retention_with(
            &streams,
            policy.as_ref(),
            in_use.as_ref(),
            templates.as_ref(),
            now.as_deref(),
        )
    });
    plan.map(RetentionPlan).map_err(to_py)
}

/// Image streams from JSON text (read in one pass) or from dicts and lists (read in place,
/// through a serde deserializer over Python objects; see `depythonize`).
fn read_streams(py: Python<'_>, streams: &Bound<'_, PyAny>) -> PyResult<Vec<imagecurator::ImageStream>> {
    crate::convert::document_arg("streams", streams, "")?;
    let text = json_text(streams)?;
    let read = match text {
        Some(text) => py.allow_threads(|| imagecurator::ImageStream::from_json_str(&text)),
        None => imagecurator::bindings::streams_from_deserializers(|| crate::depythonize::Depythonizer::new(streams)),
    };
    read.map_err(to_py)
}

/// The default retention policy, as a dict.
#[pyfunction]
fn default_retention_policy(py: Python<'_>) -> PyResult<PyObject> {
    crate::convert::view_to_dict(py, &imagecurator::RetentionPolicy::default())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RetentionPlan>()?;
    m.add_function(wrap_pyfunction!(plan_retention, m)?)?;
    m.add_function(wrap_pyfunction!(default_retention_policy, m)?)?;
    Ok(())
}
