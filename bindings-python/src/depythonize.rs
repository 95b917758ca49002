//! A serde `Deserializer` over Python objects, so that dicts and lists parsed by `json.loads`
//! are read straight into the core's typed shapes. It walks each dict with `PyDict_Next`:
//! pythonize (used before) copied every dict's keys and values into two new lists, and the
//! millions of lists it made for a cluster's image streams set off the garbage collector over
//! and over, which cost a fifth of a retention plan from dicts.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, Visitor};
use std::fmt;

/// Reads one Python object as serde data: `None`, `bool`, `int`, `float`, `str`, `dict` (with
/// string keys), `list` and `tuple`, as `json.loads` makes them. The core's input shapes it
/// reads into (image streams, inventories) have no derived newtype structs or enums, so it
/// reads neither in their serde forms.
pub struct Depythonizer<'a, 'py> {
    object: &'a Bound<'py, PyAny>,
    /// How many dicts and lists enclose this object: bounded, so that a dict that contains
    /// itself is an error rather than a stack overflow.
    depth: u32,
}

/// serde_json's own limit.
const MAX_DEPTH: u32 = 128;

impl<'a, 'py> Depythonizer<'a, 'py> {
    /// Reads `object`, the outermost value.
    pub fn new(object: &'a Bound<'py, PyAny>) -> Depythonizer<'a, 'py> {
        Depythonizer { object, depth: 0 }
    }
}

/// Why a Python object could not be read; serde's own messages, or the unsupported type.
#[derive(Debug)]
pub struct DeError {
    message: String,
    /// The data nests past [`MAX_DEPTH`], as a dict or list that holds itself does.
    too_deep: bool,
}

impl DeError {
    /// As a Python exception, for callers that take any JSON data: `ValueError` for data nested
    /// too deep (as `json.dumps` says of a cycle), `TypeError` for data JSON has no form for.
    pub fn into_py(self) -> PyErr {
        let message = format!("input is not JSON data: {}", self.message);
        if self.too_deep {
            pyo3::exceptions::PyValueError::new_err(message)
        } else {
            pyo3::exceptions::PyTypeError::new_err(message)
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(message: T) -> DeError {
        DeError { message: message.to_string(), too_deep: false }
    }
}

fn python_error(e: PyErr) -> DeError {
    de::Error::custom(e)
}

impl<'de> de::Deserializer<'de> for Depythonizer<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let object = self.object;
        if self.depth > MAX_DEPTH {
            let message = format!("data nested more than {MAX_DEPTH} levels deep");
            return Err(DeError { message, too_deep: true });
        }
        // The commonest types first: a cluster's data is mostly strings, dicts and lists.
        if let Ok(text) = object.downcast::<PyString>() {
            return visitor.visit_str(text.to_str().map_err(python_error)?);
        }
        if let Ok(dict) = object.downcast::<PyDict>() {
            return visitor.visit_map(DictAccess { entries: dict.iter(), value: None, depth: self.depth + 1 });
        }
        if let Ok(list) = object.downcast::<PyList>() {
            return visitor.visit_seq(SeqAccess { items: list.iter(), depth: self.depth + 1 });
        }
        if object.is_none() {
            return visitor.visit_unit();
        }
        // `bool` before `int`: in Python a bool is an int.
        if let Ok(flag) = object.downcast::<PyBool>() {
            return visitor.visit_bool(flag.is_true());
        }
        if object.is_instance_of::<PyInt>() {
            if let Ok(n) = object.extract::<i64>() {
                return visitor.visit_i64(n);
            }
            if let Ok(n) = object.extract::<u64>() {
                return visitor.visit_u64(n);
            }
            // Past 64 bits, as serde_json reads such a number from text: a float.
            return visitor.visit_f64(object.extract::<f64>().map_err(python_error)?);
        }
        if let Ok(number) = object.downcast::<PyFloat>() {
            // JSON has no NaN or infinity; serde_json would make them null, that is, absent.
            let value = number.value();
            if !value.is_finite() {
                return Err(de::Error::custom(format!("{value} is not a JSON number")));
            }
            return visitor.visit_f64(value);
        }
        if let Ok(tuple) = object.downcast::<PyTuple>() {
            return visitor.visit_seq(SeqAccess { items: tuple.iter(), depth: self.depth + 1 });
        }
        let type_name = object.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string());
        Err(de::Error::custom(format!("a {type_name} is not JSON data")))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.object.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// A value the reader ignores (an unknown key's) is skipped without walking it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
    }
}

struct DictAccess<'py> {
    entries: pyo3::types::iter::BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
    depth: u32,
}

impl<'de> de::MapAccess<'de> for DictAccess<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(Depythonizer { object: &key, depth: self.depth }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let value = self.value.take().ok_or_else(|| de::Error::custom("a value was read before its key"))?;
        seed.deserialize(Depythonizer { object: &value, depth: self.depth })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The items of a list or a tuple, read in place.
struct SeqAccess<I> {
    items: I,
    depth: u32,
}

impl<'de, 'py, I: ExactSizeIterator<Item = Bound<'py, PyAny>>> de::SeqAccess<'de> for SeqAccess<I> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        self.items.next().map(|item| seed.deserialize(Depythonizer { object: &item, depth: self.depth })).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}
