//! `Namespace`, `NamespacePattern`, `NamespaceSelector` and the namespace functions.

use crate::convert::{batch, hash_of, view_to_dict, BatchText, TextArg};
use crate::errors::to_py;
use imagecurator as core;
use pyo3::prelude::*;
use pyo3::types::PyList;

/// A valid namespace name, with its licence plate when it has one.
#[pyclass(frozen, module = "imagecurator", name = "Namespace")]
pub struct Namespace(core::Namespace);

#[pymethods]
impl Namespace {
    #[new]
    fn new(name: TextArg) -> PyResult<Namespace> {
        parse_namespace(name)
    }
    #[getter]
    fn name(&self) -> &str {
        self.0.as_str()
    }
    #[getter]
    fn plate(&self) -> Option<&str> {
        self.0.plate()
    }
    #[getter]
    fn environment(&self) -> Option<&'static str> {
        self.0.environment().map(|e| e.as_str())
    }
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &core::bindings::NamespaceView::from(&self.0))
    }
    fn __str__(&self) -> &str {
        self.0.as_str()
    }
    fn __repr__(&self) -> String {
        format!("Namespace('{}')", self.0)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.downcast::<Namespace>().is_ok_and(|o| o.get().0 == self.0)
    }
    fn __hash__(&self) -> u64 {
        hash_of(&self.0)
    }
}

/// Validates a namespace name.
#[pyfunction]
fn parse_namespace(name: TextArg) -> PyResult<Namespace> {
    core::Namespace::parse(&name).map(Namespace).map_err(to_py)
}

/// Validates many names; each item is a `Namespace` or an `Error` (not raised).
#[pyfunction]
fn parse_namespaces<'py>(py: Python<'py>, names: Vec<BatchText>) -> PyResult<Bound<'py, PyList>> {
    batch(py, &names, core::Namespace::parse, Namespace)
}

/// A pattern matched against whole namespace names.
#[pyclass(frozen, module = "imagecurator", name = "NamespacePattern")]
pub struct NamespacePattern(core::NamespacePattern);

#[pymethods]
impl NamespacePattern {
    #[new]
    fn new(text: TextArg) -> PyResult<NamespacePattern> {
        Self::parse(text)
    }
    #[staticmethod]
    fn parse(text: TextArg) -> PyResult<NamespacePattern> {
        core::NamespacePattern::parse(&text).map(NamespacePattern).map_err(to_py)
    }
    #[staticmethod]
    fn exact(name: TextArg) -> PyResult<NamespacePattern> {
        core::NamespacePattern::exact(&name).map(NamespacePattern).map_err(to_py)
    }
    #[staticmethod]
    fn glob(pattern: TextArg) -> PyResult<NamespacePattern> {
        core::NamespacePattern::glob(&pattern).map(NamespacePattern).map_err(to_py)
    }
    #[staticmethod]
    fn regex(pattern: TextArg) -> PyResult<NamespacePattern> {
        core::NamespacePattern::regex(&pattern).map(NamespacePattern).map_err(to_py)
    }
    #[staticmethod]
    fn environment(environment: TextArg) -> PyResult<NamespacePattern> {
        let environment: core::Environment = environment.parse().map_err(to_py)?;
        Ok(NamespacePattern(core::NamespacePattern::environment(environment)))
    }
    fn matches(&self, name: TextArg) -> bool {
        self.0.matches(&name)
    }
    /// The names that match, in the order given.
    fn filter(&self, names: Vec<TextArg>) -> Vec<TextArg> {
        names.into_iter().filter(|n| self.0.matches(n)).collect()
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind().as_str()
    }
    #[getter]
    fn source(&self) -> &str {
        self.0.source()
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    fn __repr__(&self) -> String {
        format!("NamespacePattern('{}')", self.0)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.downcast::<NamespacePattern>().is_ok_and(|o| o.get().0 == self.0)
    }
}

/// Include and exclude lists of patterns.
#[pyclass(frozen, module = "imagecurator", name = "NamespaceSelector")]
pub struct NamespaceSelector(core::NamespaceSelector);

#[pymethods]
impl NamespaceSelector {
    #[new]
    #[pyo3(signature = (include, exclude = Vec::new()))]
    fn new(include: Vec<TextArg>, exclude: Vec<TextArg>) -> PyResult<NamespaceSelector> {
        core::NamespaceSelector::new(include, exclude).map(NamespaceSelector).map_err(to_py)
    }
    fn matches(&self, name: TextArg) -> bool {
        self.0.matches(&name)
    }
    fn filter(&self, names: Vec<TextArg>) -> Vec<TextArg> {
        names.into_iter().filter(|n| self.0.matches(n)).collect()
    }
    #[getter]
    fn include(&self) -> Vec<String> {
        self.0.include.iter().map(ToString::to_string).collect()
    }
    #[getter]
    fn exclude(&self) -> Vec<String> {
        self.0.exclude.iter().map(ToString::to_string).collect()
    }
    fn __repr__(&self) -> String {
        format!("NamespaceSelector(include={:?}, exclude={:?})", self.include(), self.exclude())
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Namespace>()?;
    m.add_class::<NamespacePattern>()?;
    m.add_class::<NamespaceSelector>()?;
    m.add_function(wrap_pyfunction!(parse_namespace, m)?)?;
    m.add_function(wrap_pyfunction!(parse_namespaces, m)?)?;
    Ok(())
}
