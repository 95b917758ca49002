//! Core errors become instances of the plain-Python `imagecurator.Error` classes.

use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::PyList;

static MAKE_ERROR: GILOnceCell<PyObject> = GILOnceCell::new();

/// Builds the Python exception object for a core error (an instance, not yet raised).
pub fn error_object(py: Python<'_>, error: &imagecurator::Error) -> PyResult<PyObject> {
    let make = MAKE_ERROR.get_or_try_init(py, || -> PyResult<PyObject> {
        Ok(py.import("imagecurator._errors")?.getattr("_make_error")?.unbind())
    })?;
    make.call1(py, (error.message(), error.code().as_str(), error.code().area(), error.offset()))
}

/// Converts a core error into a raised Python exception.
pub fn to_py(error: imagecurator::Error) -> PyErr {
    Python::with_gil(|py| match error_object(py, &error) {
        Ok(instance) => PyErr::from_value(instance.into_bound(py)),
        Err(import_failure) => import_failure,
    })
}

/// Every error code, in the order the core declares them.
#[pyfunction]
pub fn error_codes(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, imagecurator::ErrorCode::ALL.iter().map(|c| c.as_str()))
}

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
