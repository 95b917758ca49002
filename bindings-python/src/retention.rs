//! `plan_retention` and the plan it returns.

use crate::errors::to_py;
use pyo3::prelude::*;
use pyo3::types::IntoPyDict;

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
        crate::errors::view_to_dict(py, &self.0.decisions)
    }
    /// Counts: streams, tags, kept, pruned, by_reason.
    #[getter]
    fn totals(&self, py: Python<'_>) -> PyResult<PyObject> {
        crate::errors::view_to_dict(py, &self.0.totals)
    }
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        crate::errors::view_to_dict(py, &self.0)
    }
    /// The plan as JSON: deterministic, so two plans can be diffed.
    fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.0).expect("plans serialize")
    }
    fn __repr__(&self) -> String {
        format!("RetentionPlan(kept={}, pruned={})", self.0.totals.kept, self.0.totals.pruned)
    }
}

/// Python data to the JSON the core reads.
fn to_json_value(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let text: String = py.import("json")?.call_method1("dumps", (value,))?.extract()?;
    serde_json::from_str(&text).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

fn optional(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<serde_json::Value>> {
    value.filter(|v| !v.is_none()).map(|v| to_json_value(py, v)).transpose()
}

/// `now` as RFC 3339: a string as given, a datetime (naive ones read as UTC), or the current
/// time when absent.
fn now_text(py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    let datetime = py.import("datetime")?;
    let utc = datetime.getattr("timezone")?.getattr("utc")?;
    match now.filter(|n| !n.is_none()) {
        Some(n) if n.is_instance_of::<pyo3::types::PyString>() => n.extract(),
        Some(n) => {
            let aware = if n.getattr("tzinfo")?.is_none() {
                n.call_method("replace", (), Some(&[("tzinfo", utc)].into_py_dict(py)?))?
            } else {
                n.clone()
            };
            aware.call_method0("isoformat")?.extract()
        }
        None => datetime.getattr("datetime")?.call_method1("now", (utc,))?.call_method0("isoformat")?.extract(),
    }
}

/// Plans retention over `oc get is -o json` data.
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
    let streams = to_json_value(py, streams)?;
    let (policy, in_use, templates) = (optional(py, policy)?, optional(py, in_use)?, optional(py, templates)?);
    let now = now_text(py, now)?;
    let plan = py.allow_threads(|| {
        imagecurator::plan_retention_json(&streams, policy.as_ref(), in_use.as_ref(), templates.as_ref(), Some(&now))
    });
    plan.map(RetentionPlan).map_err(to_py)
}

/// The default retention policy, as a dict.
#[pyfunction]
fn default_retention_policy(py: Python<'_>) -> PyResult<PyObject> {
    crate::errors::view_to_dict(py, &imagecurator::RetentionPolicy::default())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RetentionPlan>()?;
    m.add_function(wrap_pyfunction!(plan_retention, m)?)?;
    m.add_function(wrap_pyfunction!(default_retention_policy, m)?)?;
    Ok(())
}
