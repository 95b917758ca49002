//! The Python module `imagecurator._imagecurator`: conversion only, every rule lives in the core
//! crate. `python/imagecurator/__init__.py` re-exports it with the Python-defined error classes.

mod convert;
mod depythonize;
mod errors;
mod namespaces;
mod policy;
mod references;
mod retention;
mod tags;

use pyo3::prelude::*;

#[pymodule]
fn _imagecurator(m: &Bound<'_, PyModule>) -> PyResult<()> {
    references::register(m)?;
    tags::register(m)?;
    namespaces::register(m)?;
    retention::register(m)?;
    policy::register(m)?;
    m.add_function(wrap_pyfunction!(errors::error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(errors::finding_codes, m)?)?;
    m.add_function(wrap_pyfunction!(errors::_error_classes, m)?)?;
    Ok(())
}
