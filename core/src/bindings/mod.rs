//! Machinery the Python and WebAssembly bindings need and a Rust caller does not: offsets
//! instead of owned values for batches, plain views of parsed values, readers that take any
//! serde deserializer, and entry points that take JSON-shaped arguments as the bindings
//! receive them. Hidden from the documentation and outside the API that the snapshot test
//! guards as stable: it changes whenever the bindings do.
//!
//! Every function here calls the same reader or rule as the public API; none holds a rule of
//! its own.

mod views;

/// The CEL an export writes for "some scope admits the image in `var`", for the test suites
/// that run it in independent evaluators (`tests/export.rs`, cel-python).
///
/// # Example
/// ```
/// let scopes = [imagecurator::RegistryScope::parse("quay.io/team")?];
/// assert!(imagecurator::bindings::cel_allowed_image("image", &scopes).contains("image.matches("));
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn cel_allowed_image(var: &str, scopes: &[crate::RegistryScope]) -> String {
    crate::export::cel::allowed_image(var, scopes)
}

/// The CEL an export writes for "the image in `var` names its registry", for the same suites.
///
/// # Example
/// ```
/// assert!(imagecurator::bindings::cel_names_registry("image").starts_with("image.matches("));
/// ```
pub fn cel_names_registry(var: &str) -> String {
    crate::export::cel::names_registry(var)
}

pub use crate::names::{ReferenceLayout, TagLayout};
pub use crate::rules::retention::{plan_retention_json, plan_retention_with};
pub use views::{InternalView, NamespaceView, PackedNameView, ReferenceView, TagView};

use crate::error::{Error, ErrorCode};
use crate::io::json::{self as input, parse_time};
use crate::io::{ImageStream, Inventory};
use crate::names::{Environment, TagKind};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// Reads image streams, one document or an array of them, from a source that can be read
/// twice (Python objects, a `serde_json::Value`): `make` gives a deserializer over it. The
/// first read does not track the path, which makes it faster; only when it fails is the
/// source read again, to name the path of the bad value.
///
/// # Errors
/// As [`ImageStream::from_json`].
///
/// # Example
/// ```
/// use imagecurator::bindings::streams_from_deserializers;
/// let value = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": 5}]}});
/// assert_eq!(streams_from_deserializers(|| &value).unwrap_err().path(), Some("status.tags[0].tag"));
/// let value = serde_json::json!([{"metadata": {"name": "a"}}, {"kind": "List", "items": []}]);
/// assert_eq!(streams_from_deserializers(|| &value)?[0].name(), "a");
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn streams_from_deserializers<'de, D, F>(make: F) -> Result<Vec<ImageStream>, Error>
where
    D: serde::Deserializer<'de>,
    F: Fn() -> D,
{
    ImageStream::from_documents(input::read_again_on_error(make)?, "")
}

/// Reads an inventory document, as [`Inventory::from_json`] does, from a source that can be
/// read twice, as [`streams_from_deserializers`] does.
///
/// # Errors
/// As [`Inventory::from_json`], naming the path of a bad value.
///
/// # Example
/// ```
/// use imagecurator::bindings::inventory_from_deserializers;
/// let document = serde_json::json!({"namespaces": ["a1b2c3-dev"], "pods": ["nginx:1"]});
/// assert_eq!(inventory_from_deserializers(|| &document)?.evidence.unwrap().uses[0].name, "nginx:1");
/// let pods = serde_json::json!({"kind": "PodList", "items": []});
/// assert!(inventory_from_deserializers(|| &pods)?.evidence.unwrap().uses.is_empty());
/// let bad = serde_json::json!({"namespaces": ["a", 5]});
/// assert_eq!(inventory_from_deserializers(|| &bad).unwrap_err().path(), Some("namespaces[1]"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn inventory_from_deserializers<'de, D, F>(make: F) -> Result<Inventory, Error>
where
    D: serde::Deserializer<'de>,
    F: Fn() -> D,
{
    match input::read_again_on_error(&make) {
        Ok(raw) => Inventory::from_raw(raw)?.finish(),
        // Not a keyed inventory: documents as `oc get -o json` prints them, read as a tree.
        Err(keyed) => match serde_json::Value::deserialize(make()) {
            Ok(document) if !document.as_object().is_some_and(crate::io::is_keyed) => Inventory::from_json(&document),
            _ => Err(keyed),
        },
    }
}

/// The positions of `texts` in [`crate::sort_tags`]' order, so that a binding hands back the
/// very strings it was given, reordered, rather than copies.
///
/// # Errors
/// `invalid_tag` for the first text that cannot be a tag.
///
/// # Example
/// ```
/// assert_eq!(imagecurator::bindings::sort_order(&["1.10", "latest", "1.9"])?, [2, 0, 1]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn sort_order(texts: &[&str]) -> Result<Vec<u32>, Error> {
    crate::names::sorted_order(texts)
}

/// A tag kind's place in [`TagKind::ALL`]: how the WASM batch tables write a kind in one byte.
///
/// # Example
/// ```
/// use imagecurator::{bindings::tag_kind_index, TagKind};
/// assert!(TagKind::ALL.iter().enumerate().all(|(i, k)| tag_kind_index(*k) as usize == i));
/// ```
pub fn tag_kind_index(kind: TagKind) -> u8 {
    // Declaration order is `ALL`'s order; a unit test holds the two together.
    kind as u8
}

/// An environment's place in [`Environment::ALL`], as [`tag_kind_index`] for tag kinds.
///
/// # Example
/// ```
/// use imagecurator::{bindings::environment_index, Environment};
/// assert!(Environment::ALL.iter().enumerate().all(|(i, e)| environment_index(*e) as usize == i));
/// ```
pub fn environment_index(environment: Environment) -> u8 {
    environment as u8
}

/// Reads the time of an audit from RFC 3339 text, as the bindings pass the caller's clock.
///
/// # Errors
/// `invalid_input` at path `now` when the text is not an RFC 3339 time.
///
/// # Example
/// ```
/// let now = imagecurator::bindings::parse_now("2026-01-01T00:00:00Z")?;
/// assert_eq!(now.to_rfc3339(), "2026-01-01T00:00:00+00:00");
/// assert_eq!(imagecurator::bindings::parse_now("tomorrow").unwrap_err().path(), Some("now"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn parse_now(rfc3339: &str) -> Result<DateTime<Utc>, Error> {
    parse_time(rfc3339).map_err(|why| Error::in_document(ErrorCode::InvalidInput, "now", why))
}
