//! `Reference`, `RegistryScope` and the reference functions.

use crate::convert::{batch, hash_of, richcmp, view_to_dict, BatchText, TextArg};
use crate::errors::to_py;
use imagecurator as core;
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::PyList;

/// A parsed, normalized image reference.
#[pyclass(frozen, module = "imagecurator", name = "Reference")]
pub struct Reference(pub core::Reference);

#[pymethods]
impl Reference {
    #[new]
    fn new(text: TextArg) -> PyResult<Reference> {
        parse_reference(text)
    }
    #[getter]
    fn domain(&self) -> &str {
        self.0.domain()
    }
    #[getter]
    fn host(&self) -> &str {
        self.0.host()
    }
    #[getter]
    fn port(&self) -> Option<u16> {
        self.0.port()
    }
    #[getter]
    fn path(&self) -> &str {
        self.0.path()
    }
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }
    #[getter]
    fn tag(&self) -> Option<&str> {
        self.0.tag()
    }
    #[getter]
    fn digest(&self) -> Option<&str> {
        self.0.digest()
    }
    #[getter]
    fn familiar(&self) -> String {
        self.0.familiar()
    }
    #[getter]
    fn familiar_name(&self) -> &str {
        self.0.familiar_name()
    }
    #[getter]
    fn canonical(&self) -> &str {
        self.0.as_str()
    }
    #[getter]
    fn internal(&self) -> Option<(&str, &str)> {
        self.0.internal_image().map(|i| (i.namespace(), i.stream()))
    }
    fn is_docker_hub(&self) -> bool {
        self.0.is_docker_hub()
    }
    /// Whether `text`, as written, names its registry (`docker.io/library/nginx`, not `nginx`).
    #[staticmethod]
    fn names_registry(text: TextArg) -> bool {
        imagecurator::Reference::names_registry(&text)
    }
    fn with_tag(&self, tag: TextArg) -> PyResult<Reference> {
        self.0.with_tag(&tag).map(Reference).map_err(to_py)
    }
    fn with_digest(&self, digest: TextArg) -> PyResult<Reference> {
        self.0.with_digest(&digest).map(Reference).map_err(to_py)
    }
    fn pull_reference(&self) -> Reference {
        Reference(self.0.pull_reference())
    }
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &core::bindings::ReferenceView::from(&self.0))
    }
    fn __str__(&self) -> &str {
        self.0.as_str()
    }
    fn __repr__(&self) -> String {
        format!("Reference('{}')", self.0)
    }
    fn __hash__(&self) -> u64 {
        hash_of(&self.0)
    }
    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp, py: Python<'_>) -> PyObject {
        richcmp(py, &self.0, other.downcast::<Reference>().ok().map(|o| &o.get().0), op)
    }
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(PyObject, (String,))> {
        Ok((py.get_type::<Reference>().into_any().unbind(), (self.0.to_string(),)))
    }
}

/// Parses and normalizes an image reference.
#[pyfunction]
pub fn parse_reference(text: TextArg) -> PyResult<Reference> {
    core::Reference::parse(&text).map(Reference).map_err(to_py)
}

/// Parses many references; each item is a `Reference` or an `Error` (not raised).
#[pyfunction]
fn parse_references<'py>(py: Python<'py>, texts: Vec<BatchText>) -> PyResult<Bound<'py, PyList>> {
    batch(py, &texts, core::Reference::parse, Reference)
}

/// A registry (and optional repository prefix) that an allow-list admits.
#[pyclass(frozen, module = "imagecurator", name = "RegistryScope")]
pub struct RegistryScope(core::RegistryScope);

#[pymethods]
impl RegistryScope {
    #[new]
    fn new(text: TextArg) -> PyResult<RegistryScope> {
        core::RegistryScope::parse(&text).map(RegistryScope).map_err(to_py)
    }
    /// Whether the scope admits a reference, given as text or as a `Reference`.
    fn allows(&self, reference: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Ok(parsed) = reference.downcast::<Reference>() {
            return Ok(self.0.allows(&parsed.get().0));
        }
        self.0.allows_str(&reference.extract::<TextArg>()?).map_err(to_py)
    }
    /// Whether the scope admits each reference; an invalid reference raises, naming it.
    fn allows_all(&self, references: Vec<TextArg>) -> PyResult<Vec<bool>> {
        references.iter().map(|r| self.0.allows_str(r).map_err(to_py)).collect()
    }
    fn __str__(&self) -> &str {
        self.0.as_str()
    }
    fn __repr__(&self) -> String {
        format!("RegistryScope('{}')", self.0)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Reference>()?;
    m.add_class::<RegistryScope>()?;
    m.add_function(wrap_pyfunction!(parse_reference, m)?)?;
    m.add_function(wrap_pyfunction!(parse_references, m)?)?;
    Ok(())
}
