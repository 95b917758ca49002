//! Core errors become instances of the plain-Python `imagecurator.Error` classes.

use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::PyList;

static MAKE_ERROR: GILOnceCell<PyObject> = GILOnceCell::new();

/// `imagecurator._errors._make_error`, which builds an instance of the error's class.
fn make_error(py: Python<'_>) -> PyResult<&'static PyObject> {
    MAKE_ERROR.get_or_try_init(py, || Ok(py.import("imagecurator._errors")?.getattr("_make_error")?.unbind()))
}

/// Builds the Python exception object for a core error (an instance, not yet raised).
pub fn error_object(py: Python<'_>, error: &imagecurator::Error) -> PyResult<PyObject> {
    make_error(py)?.call1(
        py,
        (error.message(), error.code().as_str(), error.code().area().class_name(), error.offset(), error.path()),
    )
}

/// `imagecurator.InvalidInput` for what the binding itself refuses before the core sees it.
pub fn invalid_input(py: Python<'_>, message: &str) -> PyErr {
    let made = make_error(py)
        .and_then(|make| make.call1(py, (message, "invalid_input", "InvalidInput", None::<usize>, None::<String>)));
    match made {
        Ok(instance) => PyErr::from_value(instance.into_bound(py)),
        Err(failure) => failure,
    }
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
