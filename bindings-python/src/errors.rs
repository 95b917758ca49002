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
    make.call1(
        py,
        (error.message(), error.code().as_str(), error.code().area().class_name(), error.offset(), error.path()),
    )
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

/// The class name of every error area, in the order the core declares them.
#[pyfunction]
pub fn _error_classes(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, imagecurator::ErrorArea::ALL.iter().map(|a| a.class_name()))
}

/// Every finding code, in the order the core declares them.
#[pyfunction]
pub fn finding_codes(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, imagecurator::FindingCode::ALL.iter().map(|c| c.as_str()))
}
