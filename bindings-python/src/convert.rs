//! Conversions every Python class shares: views to dicts, batches to lists, hashing and
//! ordering through the core's own `Hash` and `Ord`.

use crate::errors::error_object;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{IntoPyDict, PyBool, PyBytes, PyDict, PyList, PyString};

/// A `str` argument. A lone surrogate, which no UTF-8 text can hold, is the library's
/// `InvalidInput` saying where it is, as it is in JavaScript, not Python's `UnicodeEncodeError`;
/// anything but a `str` is the `TypeError` a `&str` argument gives. It borrows the string's own
/// UTF-8 bytes, as `&str` does.
pub struct TextArg(pyo3::pybacked::PyBackedStr);

impl<'py> FromPyObject<'py> for TextArg {
    fn extract_bound(value: &Bound<'py, PyAny>) -> PyResult<Self> {
        read_str(value)?.map(TextArg)
    }
}

/// A `str`'s UTF-8; inside, the library's error for a lone surrogate; outside, the
/// `TypeError` for anything but a `str`.
fn read_str(value: &Bound<'_, PyAny>) -> PyResult<PyResult<pyo3::pybacked::PyBackedStr>> {
    match value.extract() {
        Ok(text) => Ok(Ok(text)),
        Err(error) if error.is_instance_of::<pyo3::exceptions::PyUnicodeEncodeError>(value.py()) => {
            Ok(Err(lone_surrogate(value, &error)))
        }
        Err(error) => Err(error),
    }
}

impl std::ops::Deref for TextArg {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for TextArg {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Hands the caller's own `str` object back, not a copy.
impl<'py> IntoPyObject<'py> for TextArg {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        self.0.into_pyobject(py)
    }
}

impl<'py> IntoPyObject<'py> for &TextArg {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        (&self.0).into_pyobject(py)
    }
}

/// An item of a batch: a text, or the `InvalidInput` error a lone surrogate gives, which takes
/// the item's place in the result (not raised), as a refused text's error does.
pub enum BatchText {
    Text(TextArg),
    Refused(Py<pyo3::exceptions::PyBaseException>),
}

impl<'py> FromPyObject<'py> for BatchText {
    fn extract_bound(value: &Bound<'py, PyAny>) -> PyResult<Self> {
        Ok(match read_str(value)? {
            Ok(text) => BatchText::Text(TextArg(text)),
            Err(refused) => BatchText::Refused(refused.into_value(value.py())),
        })
    }
}

/// The library's error for a `str` holding a lone surrogate, from the codec's error.
fn lone_surrogate(value: &Bound<'_, PyAny>, codec: &PyErr) -> PyErr {
    let py = value.py();
    let at = codec.value(py).getattr("start").and_then(|start| start.extract::<usize>()).unwrap_or(0);
    let unit = value.get_item(at).and_then(|c| py.import("builtins")?.getattr("ord")?.call1((c,))?.extract::<u32>());
    let unit = unit.map(|u| format!(" (U+{u:04X})")).unwrap_or_default();
    let message = format!("text holds a lone surrogate{unit} at index {at}; text must be valid Unicode");
    crate::errors::invalid_input(py, &message)
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
    texts: &[BatchText],
    parse: impl Fn(&str) -> Result<T, imagecurator::Error> + Sync,
    wrap: impl Fn(T) -> W,
) -> PyResult<Bound<'py, PyList>>
where
    T: Send,
    W: pyo3::PyClass + Into<pyo3::PyClassInitializer<W>>,
{
    // Parsing runs without the GIL, so other Python threads go on meanwhile; only making the
    // Python objects needs it.
    let parsed: Vec<Parsed<'_, T>> = py.allow_threads(|| {
        let each = texts.iter().map(|item| match item {
            BatchText::Text(text) => Parsed::Read(parse(text)),
            BatchText::Refused(error) => Parsed::Refused(error),
        });
        each.collect()
    });
    let items = parsed
        .into_iter()
        .map(|item| match item {
            Parsed::Read(Ok(value)) => Ok(Bound::new(py, wrap(value))?.into_any().unbind()),
            Parsed::Read(Err(e)) => error_object(py, &e),
            Parsed::Refused(error) => Ok(error.clone_ref(py).into_any()),
        })
        .collect::<PyResult<Vec<PyObject>>>()?;
    PyList::new(py, items)
}

/// What became of one item of a batch: what the core read, or the error that refused it first.
enum Parsed<'a, T> {
    Read(Result<T, imagecurator::Error>),
    Refused(&'a Py<pyo3::exceptions::PyBaseException>),
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

/// Whether a `str` or `bytes` argument is JSON text, and whose error its syntax errors raise.
#[derive(Clone, Copy)]
pub enum Text {
    /// Strings are data, not documents.
    No,
    /// JSON text of input data (`oc get ... -o json`): `InvalidInput` when it is not JSON.
    Input,
    /// JSON text of a policy: `InvalidPolicy` when it is not JSON.
    Policy,
}

/// Python data (dicts, lists, strings, numbers, booleans, None) to the JSON the core reads,
/// walked directly: no JSON text is written and read back. A `str` or `bytes` argument is
/// taken as JSON text, as `oc get ... -o json` prints it, unless `text` is `Text::No`.
pub fn to_json_value(value: &Bound<'_, PyAny>, text: Text) -> PyResult<serde_json::Value> {
    if matches!(text, Text::No) {
        return walk(value);
    }
    if let Ok(s) = value.downcast::<PyString>() {
        let utf8 = s.to_str().map_err(|error| lone_surrogate(value, &error))?;
        return parse_text(utf8.as_bytes(), text);
    }
    if let Ok(bytes) = value.downcast::<PyBytes>() {
        return parse_text(bytes.as_bytes(), text);
    }
    walk(value)
}

/// A `str` or `bytes` argument as text (bytes read as UTF-8, bad sequences replaced), or
/// `None` for anything else: for arguments the core reads as JSON text in one pass.
pub fn json_text(value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if let Ok(s) = value.downcast::<PyString>() {
        return Ok(Some(s.to_str().map_err(|error| lone_surrogate(value, &error))?.to_owned()));
    }
    Ok(value.downcast::<PyBytes>().ok().map(|b| String::from_utf8_lossy(b.as_bytes()).into_owned()))
}

/// JSON text to a value; a syntax error is the core's own error for that kind of document, so
/// its code and message are the ones Rust and JavaScript give.
fn parse_text(bytes: &[u8], text: Text) -> PyResult<serde_json::Value> {
    serde_json::from_slice(bytes).map_err(|e| {
        let shown = String::from_utf8_lossy(bytes);
        let core = match text {
            Text::Policy => imagecurator::Policy::from_json_str(&shown).err(),
            Text::Input | Text::No => imagecurator::Inventory::from_json_str(&shown).err(),
        };
        core.map_or_else(|| PyValueError::new_err(format!("input is not JSON: {e}")), crate::errors::to_py)
    })
}

/// Python data as a JSON value, read by the same serde reader that reads dicts into the
/// core's typed shapes.
fn walk(value: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    use serde::Deserialize;
    serde_json::Value::deserialize(crate::depythonize::Depythonizer::new(value)).map_err(|e| e.into_py())
}

/// An optional argument as JSON data; `None` when absent or `None`. Only `None` is absent: a
/// number, a boolean or NaN given as the whole argument is a `TypeError` naming it, never read
/// as "not given" (NaN for `in_use` once meant "no evidence", and pruned what was in use).
pub fn optional(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<serde_json::Value>> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(None) };
    document_arg(name, value, " or None")?;
    to_json_value(value, Text::No).map(Some)
}

/// Checks that an argument meant to hold documents is a dict, a list, a tuple or text: never a
/// lone number or boolean, which no document is.
/// `or_none` is what the message adds for an argument that may be left out (` or None`).
pub fn document_arg(name: &str, value: &Bound<'_, PyAny>, or_none: &str) -> PyResult<()> {
    let fits = value.is_instance_of::<PyDict>()
        || value.is_instance_of::<PyList>()
        || value.is_instance_of::<pyo3::types::PyTuple>()
        || value.is_instance_of::<PyString>()
        || value.is_instance_of::<PyBytes>();
    if fits {
        return Ok(());
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "{name} takes a dict, a list or JSON text{or_none}, not {}",
        value.get_type().name()?
    )))
}

/// `now` as RFC 3339: a string as given, a datetime (naive ones read as UTC), or the current
/// time when absent.
/// The caller's `now` as RFC 3339 text (naive datetimes read as UTC), or `None` when it was not
/// given: the core then applies no rule that needs the time, the same in every runtime.
pub fn now_text(py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let datetime = py.import("datetime")?;
    let utc = datetime.getattr("timezone")?.getattr("utc")?;
    let datetime_type = datetime.getattr("datetime")?;
    match now.filter(|n| !n.is_none()) {
        Some(n) if n.is_instance_of::<pyo3::types::PyString>() => n.extract().map(Some),
        Some(n) if !n.is_instance(&datetime_type)? => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "now takes an RFC 3339 string or a datetime, not {}",
            n.get_type().name()?
        ))),
        Some(n) => {
            let aware = if n.getattr("tzinfo")?.is_none() {
                n.call_method("replace", (), Some(&[("tzinfo", utc)].into_py_dict(py)?))?
            } else {
                n.clone()
            };
            aware.call_method0("isoformat")?.extract().map(Some)
        }
        None => Ok(None),
    }
}
