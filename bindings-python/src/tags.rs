//! `Tag`, `PackedName` and the tag functions.

use crate::convert::{batch, hash_of, richcmp, view_to_dict, BatchText, TextArg};
use crate::errors::to_py;
use imagecurator as core;
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::PyList;

/// An image tag, classified, ordered by the core's total order.
#[pyclass(frozen, module = "imagecurator", name = "Tag")]
pub struct Tag(core::Tag);

#[pymethods]
impl Tag {
    #[new]
    fn new(text: TextArg) -> PyResult<Tag> {
        parse_tag(text)
    }
    #[getter]
    fn tag(&self) -> &str {
        self.0.as_str()
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind().as_str()
    }
    #[getter]
    fn release(&self) -> Vec<u64> {
        self.0.release().to_vec()
    }
    #[getter]
    fn v_prefix(&self) -> bool {
        self.0.has_v_prefix()
    }
    #[getter]
    fn prerelease(&self) -> Option<&str> {
        self.0.prerelease()
    }
    #[getter]
    fn revision(&self) -> Option<&str> {
        self.0.revision()
    }
    #[getter]
    fn qualifier(&self) -> Option<&str> {
        self.0.qualifier()
    }
    #[getter]
    fn variant(&self) -> Option<&str> {
        self.0.variant()
    }
    /// The scheme (`N.N.N`, `vN.N-ubi8`, `YYYYMMDD`): versions compare only within one.
    #[getter]
    fn scheme(&self) -> Option<String> {
        self.0.scheme()
    }
    #[getter]
    fn build(&self) -> Option<&str> {
        self.0.build()
    }
    fn is_version(&self) -> bool {
        self.0.is_version()
    }
    fn same_line(&self, other: &Tag) -> bool {
        self.0.same_line(&other.0)
    }
    /// -1, 0 or 1 within one line; None across lines or for tags that are not versions.
    fn cmp_precedence(&self, other: &Tag) -> Option<i8> {
        self.0.cmp_precedence(&other.0).map(|o| o as i8)
    }
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &core::bindings::TagView::from(&self.0))
    }
    fn __str__(&self) -> &str {
        self.0.as_str()
    }
    fn __repr__(&self) -> String {
        format!("Tag('{}')", self.0)
    }
    fn __hash__(&self) -> u64 {
        hash_of(&self.0)
    }
    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp, py: Python<'_>) -> PyObject {
        richcmp(py, &self.0, other.downcast::<Tag>().ok().map(|o| &o.get().0), op)
    }
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(PyObject, (String,))> {
        Ok((py.get_type::<Tag>().into_any().unbind(), (self.0.to_string(),)))
    }
}

/// Reads a tag.
#[pyfunction]
fn parse_tag(text: TextArg) -> PyResult<Tag> {
    core::Tag::parse(&text).map(Tag).map_err(to_py)
}

/// Reads many tags; each item is a `Tag` or an `Error` (not raised).
#[pyfunction]
fn parse_tags<'py>(py: Python<'py>, texts: Vec<BatchText>) -> PyResult<Bound<'py, PyList>> {
    batch(py, &texts, core::Tag::parse, Tag)
}

/// Sorts tag texts by the core's total order. The strings given are handed back reordered,
/// not copied, and the GIL is released while the core sorts.
#[pyfunction]
fn sort_tags<'py>(py: Python<'py>, texts: Vec<TextArg>) -> PyResult<Bound<'py, PyList>> {
    let order = py.allow_threads(|| {
        let borrowed: Vec<&str> = texts.iter().map(|t| &**t).collect();
        core::bindings::sort_order(&borrowed)
    });
    let order = order.map_err(to_py)?;
    PyList::new(py, order.into_iter().map(|i| &texts[i as usize]))
}

/// A Red Hat style name split into base name and packed version digits.
#[pyclass(frozen, module = "imagecurator", name = "PackedName")]
pub struct PackedName(core::PackedName);

#[pymethods]
impl PackedName {
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }
    #[getter]
    fn base(&self) -> &str {
        self.0.base()
    }
    #[getter]
    fn digits(&self) -> &str {
        self.0.digits()
    }
    #[getter]
    fn rest(&self) -> Option<&str> {
        self.0.rest()
    }
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        view_to_dict(py, &core::bindings::PackedNameView::from(&self.0))
    }
    fn __repr__(&self) -> String {
        format!("PackedName(base='{}', digits='{}')", self.0.base(), self.0.digits())
    }
}

/// Splits a Red Hat style name; None when it carries no packed version.
#[pyfunction]
fn split_packed_name(name: TextArg) -> PyResult<Option<PackedName>> {
    core::PackedName::parse(&name).map(|p| p.map(PackedName)).map_err(to_py)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Tag>()?;
    m.add_class::<PackedName>()?;
    m.add_function(wrap_pyfunction!(parse_tag, m)?)?;
    m.add_function(wrap_pyfunction!(parse_tags, m)?)?;
    m.add_function(wrap_pyfunction!(sort_tags, m)?)?;
    m.add_function(wrap_pyfunction!(split_packed_name, m)?)?;
    Ok(())
}
