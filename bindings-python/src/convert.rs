//! Conversions every Python class shares: views to dicts, batches to lists, hashing and
//! ordering through the core's own `Hash` and `Ord`.

use crate::errors::error_object;
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyBool, PyList};

/// Turns a serializable core view into a Python dict through JSON, the one shape every binding
/// and the conformance files share.
pub fn view_to_dict<T: serde::Serialize>(py: Python<'_>, view: &T) -> PyResult<PyObject> {
    let text = serde_json::to_string(view).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// Runs `parse` over every text: each item becomes its Python object, or, when it fails, the
/// `imagecurator.Error` instance in its place (not raised), keeping the list's order.
pub fn batch<'py, T, W>(
    py: Python<'py>,
    texts: &[pyo3::pybacked::PyBackedStr],
    parse: impl Fn(&str) -> Result<T, imagecurator::Error>,
    wrap: impl Fn(T) -> W,
) -> PyResult<Bound<'py, PyList>>
where
    W: pyo3::PyClass + Into<pyo3::PyClassInitializer<W>>,
{
    let items = texts
        .iter()
        .map(|t| match parse(t) {
            Ok(value) => Ok(Bound::new(py, wrap(value))?.into_any().unbind()),
            Err(e) => error_object(py, &e),
        })
        .collect::<PyResult<Vec<PyObject>>>()?;
    PyList::new(py, items)
}

/// `__hash__` from the core value's `Hash`.
pub fn hash_of<T: std::hash::Hash>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// `__richcmp__` from the core value's `Ord`; `NotImplemented` against any other type.
pub fn richcmp<T: Ord>(py: Python<'_>, value: &T, other: Option<&T>, op: CompareOp) -> PyObject {
    match other {
        Some(other) => PyBool::new(py, op.matches(value.cmp(other))).to_owned().into_any().unbind(),
        None => py.NotImplemented(),
    }
}
