//! `plan_retention` and the plan it returns.

use crate::errors::to_py;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

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

/// Python data (dicts, lists, strings, numbers, booleans, None) to the JSON the core reads,
/// walked directly: no JSON text is written and read back. A `str` or `bytes` argument is
/// taken as JSON text, as `oc get ... -o json` prints it, where `text_ok`.
fn to_json_value(value: &Bound<'_, PyAny>, text_ok: bool) -> PyResult<serde_json::Value> {
    if !text_ok {
        return walk(value, 0);
    }
    if let Ok(text) = value.downcast::<PyString>() {
        return parse_text(text.to_str()?.as_bytes());
    }
    if let Ok(bytes) = value.downcast::<PyBytes>() {
        return parse_text(bytes.as_bytes());
    }
    walk(value, 0)
}

fn parse_text(text: &[u8]) -> PyResult<serde_json::Value> {
    serde_json::from_slice(text).map_err(|e| PyValueError::new_err(format!("input is not JSON: {e}")))
}

/// Deeper nesting than any Kubernetes object has; guards the stack against cyclic data.
const MAX_DEPTH: usize = 128;

fn walk(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err("input nests deeper than 128 levels (is it cyclic?)"));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = value.downcast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if let Ok(b) = value.downcast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = value.downcast::<PyInt>() {
        return Ok(match i.extract::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::from(i.extract::<f64>()?),
        });
    }
    if let Ok(f) = value.downcast::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(f.value()).map_or(Value::Null, Value::Number));
    }
    if let Ok(dict) = value.downcast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let key = k.downcast::<PyString>().map_err(|_| PyTypeError::new_err("input dict keys must be strings"))?;
            map.insert(key.to_str()?.to_owned(), walk(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = value.downcast::<PyList>() {
        return list.iter().map(|v| walk(&v, depth + 1)).collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    if let Ok(tuple) = value.downcast::<PyTuple>() {
        return tuple.iter().map(|v| walk(&v, depth + 1)).collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    Err(PyTypeError::new_err(format!(
        "input holds a {}; only dicts, lists, strings, numbers, booleans and None are JSON",
        value.get_type().name()?
    )))
}

fn optional(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<serde_json::Value>> {
    value.filter(|v| !v.is_none()).map(|v| to_json_value(v, false)).transpose()
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

/// Plans retention over image streams.
///
/// ``streams`` is what ``oc get is -o json`` prints (an ImageStream, ImageStreamList or List,
/// as dicts or as JSON text), a list of those, or plain registry repositories
/// ``{"repository": ..., "tags": [{"name", "digest", "created"}]}``. ``policy`` is a policy
/// dict (``default_retention_policy()`` shows every field); ``in_use`` a PodList/Pod dict or a
/// list of image references; ``templates`` a Template/TemplateList dict or a list of them;
/// ``now`` the time of planning (RFC 3339 text or a datetime, naive ones read as UTC), the
/// current time when omitted. Raises ``InvalidInput`` or ``InvalidPolicy``.
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
    let streams = to_json_value(streams, true)?;
    let (policy, in_use, templates) = (optional(policy)?, optional(in_use)?, optional(templates)?);
    let now = now_text(py, now)?;
    let plan = py.allow_threads(|| {
        imagecurator::plan_retention_json(&streams, policy.as_ref(), in_use.as_ref(), templates.as_ref(), Some(&now))
    });
    plan.map(RetentionPlan).map_err(to_py)
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
