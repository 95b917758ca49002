//! Typed reading of Kubernetes and OpenShift JSON: image streams and pods, straight from JSON
//! text or from a `serde_json::Value`, through one set of serde shapes. Every key may be
//! absent or null; a key that is present with the wrong shape is an `invalid_input` error
//! whose path names it. Reading from text never builds a `Value` tree: a cluster's worth of
//! image streams is read in one pass, borrowing strings from the text where it can.

use crate::error::{Error, ErrorCode};
use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A string borrowed from the input where it can be (no escapes), owned where it cannot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Str<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Str<'a>, D::Error> {
        struct StrVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for StrVisitor<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
    }
}

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// An RFC 3339 time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Time(pub DateTime<Utc>);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Time, D::Error> {
        let text = Str::deserialize(deserializer)?;
        parse_time(&text).map(Time).map_err(de::Error::custom)
    }
}

/// An RFC 3339 time, or why the text is not one.
pub(crate) fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    if let Some(time) = parse_utc_seconds(text.as_bytes()) {
        return Ok(time);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("`{text}` is not an RFC 3339 time: {e}"))
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the one form Kubernetes writes, read without chrono's general
/// parser (a cluster has a million of them). Anything else, a leap second included, is `None`
/// and goes to chrono, which accepts or explains it.
fn parse_utc_seconds(text: &[u8]) -> Option<DateTime<Utc>> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b'T', h0, h1, b':', n0, n1, b':', s0, s1, b'Z'] = *text else {
        return None;
    };
    let digits = |ds: &[u8]| -> Option<u32> {
        ds.iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(digits(&[y0, y1, y2, y3])? as i32, digits(&[m0, m1])?, digits(&[d0, d1])?)?;
    let time = date.and_hms_opt(digits(&[h0, h1])?, digits(&[n0, n1])?, digits(&[s0, s1])?)?;
    Some(time.and_utc())
}

/// One document or an array of them, read as it streams by.
#[derive(Debug)]
pub(crate) enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    pub(crate) fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<OneOrMany<T>, D::Error> {
        struct Either<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Either<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a document (an object) or an array of them")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OneOrMany<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(OneOrMany::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element()? {
                    out.push(item);
                }
                Ok(OneOrMany::Many(out))
            }
        }
        deserializer.deserialize_any(Either(std::marker::PhantomData))
    }
}

/// `metadata` of any object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawMeta<'a> {
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub namespace: Option<Str<'a>>,
    pub annotations: Option<BTreeMap<String, Option<String>>>,
    pub labels: Option<BTreeMap<String, Option<String>>>,
}

/// `items` of an item: lists do not nest, and refusing them bounds how deep reading goes, so
/// that cyclic data (a Python list that contains itself) is an error, not a stack overflow.
#[derive(Debug, Default)]
pub(crate) struct NoItems;

impl<'de> Deserialize<'de> for NoItems {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<NoItems, D::Error> {
        struct Refuse;
        impl<'de> Visitor<'de> for Refuse {
            type Value = NoItems;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("no `items` inside an item of a list (lists do not nest)")
            }
            fn visit_unit<E: de::Error>(self) -> Result<NoItems, E> {
                Ok(NoItems)
            }
        }
        deserializer.deserialize_any(Refuse)
    }
}

/// An image stream, a list of them (`List`, `ImageStreamList`: `items`), or a plain registry
/// repository (`repository` and `tags`). Items of a `List` that are not image streams are read
/// with the same shape and then skipped.
pub(crate) type RawStream<'a> = RawStreamDoc<'a, StreamItems>;

/// The items of a list, each made an image stream as soon as it is read, so that a cluster's
/// list never exists twice in memory (read, then converted) and each item is converted while
/// it is still in cache. Items of other kinds are dropped as they are read.
#[derive(Debug, Default)]
pub(crate) struct StreamItems(pub Vec<ListItem>, pub Vec<String>);

/// One item of a list: the stream it makes (or why it makes none), whether it had no `kind`,
/// whether its shape is a stream's all the same (`spec.tags` or `status`), and its position.
#[derive(Debug)]
pub(crate) struct ListItem {
    pub kindless: bool,
    pub shaped: bool,
    pub position: usize,
    pub stream: Result<crate::io::ImageStream, Error>,
}

impl<'de> Deserialize<'de> for StreamItems {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StreamItems, D::Error> {
        struct Items;
        impl<'de> Visitor<'de> for Items {
            type Value = StreamItems;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of items")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StreamItems, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                let mut other_kinds = Vec::new();
                let mut position = 0;
                while let Some(item) = seq.next_element::<RawStreamDoc<'_, NoItems>>()? {
                    let kindless = match item.kind.as_deref() {
                        None => true,
                        Some("ImageStream") => false,
                        Some(other) => {
                            other_kinds.push(other.to_owned());
                            position += 1;
                            continue;
                        }
                    };
                    let shaped = item.spec.as_ref().is_some_and(|s| s.tags.is_some()) || item.status.is_some();
                    let stream = crate::io::ImageStream::from_stream(item, Some(position));
                    items.push(ListItem { kindless, shaped, position, stream });
                    position += 1;
                }
                Ok(StreamItems(items, other_kinds))
            }
        }
        deserializer.deserialize_seq(Items)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawStreamDoc<'a, Items> {
    #[serde(borrow)]
    pub kind: Option<Str<'a>>,
    #[serde(borrow)]
    pub metadata: Option<RawMeta<'a>>,
    #[serde(borrow)]
    pub spec: Option<RawStreamSpec<'a>>,
    #[serde(borrow)]
    pub status: Option<RawStreamStatus<'a>>,
    #[serde(borrow)]
    pub repository: Option<Str<'a>>,
    #[serde(borrow)]
    pub tags: Option<Vec<RawPlainTag<'a>>>,
    pub items: Option<Items>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawStreamSpec<'a> {
    #[serde(borrow)]
    pub tags: Option<Vec<RawSpecTag<'a>>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawSpecTag<'a> {
    #[serde(borrow)]
    pub name: Str<'a>,
    #[serde(borrow, default)]
    pub from: Option<RawFrom<'a>>,
    #[serde(default, rename = "importPolicy")]
    pub import_policy: Option<RawImportPolicy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawFrom<'a> {
    #[serde(borrow)]
    pub kind: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub namespace: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawImportPolicy {
    pub scheduled: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawStreamStatus<'a> {
    #[serde(borrow, rename = "dockerImageRepository")]
    pub docker_image_repository: Option<Str<'a>>,
    #[serde(borrow, rename = "publicDockerImageRepository")]
    pub public_docker_image_repository: Option<Str<'a>>,
    #[serde(borrow)]
    pub tags: Option<Vec<RawStatusTag<'a>>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawStatusTag<'a> {
    #[serde(borrow)]
    pub tag: Str<'a>,
    #[serde(default)]
    pub items: Option<History>,
}

/// A tag's history, allocated to fit: most tags have one item, and a `Vec` grown by pushing
/// would reserve four (224 bytes held for 56, over a cluster's million tags).
#[derive(Debug, Default)]
pub(crate) struct History(pub Vec<crate::io::TagEvent>);

impl<'de> Deserialize<'de> for History {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<History, D::Error> {
        struct Items;
        impl<'de> Visitor<'de> for Items {
            type Value = History;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of tag events")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<History, A::Error> {
                let Some(Event(first)) = seq.next_element()? else { return Ok(History::default()) };
                let Some(Event(second)) = seq.next_element()? else { return Ok(History(vec![first])) };
                let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(0).saturating_add(2).min(1 << 12));
                events.extend([first, second]);
                while let Some(Event(event)) = seq.next_element()? {
                    events.push(event);
                }
                Ok(History(events))
            }
        }
        deserializer.deserialize_seq(Items)
    }
}

/// A history entry, built into its final form as it is read: a cluster has millions.
#[derive(Debug)]
pub(crate) struct Event(pub crate::io::TagEvent);

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        let raw = RawTagEvent::deserialize(deserializer)?;
        let reference = raw.docker_image_reference.map(|r| r.0.into_owned());
        Ok(Event(crate::io::TagEvent::new(&raw.image, reference, raw.created.map(|t| t.0))))
    }
}

#[derive(Debug, Deserialize)]
struct RawTagEvent<'a> {
    #[serde(borrow)]
    image: Str<'a>,
    #[serde(borrow, default, rename = "dockerImageReference")]
    docker_image_reference: Option<Str<'a>>,
    #[serde(default)]
    created: Option<Time>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawPlainTag<'a> {
    #[serde(borrow)]
    pub name: Str<'a>,
    #[serde(borrow, default)]
    pub digest: Option<Str<'a>>,
    #[serde(default)]
    pub created: Option<Time>,
}

/// A pod, or a list of them (`PodList`, `List`: `items`).
pub(crate) type RawPod<'a> = RawPodDoc<'a, Vec<RawPodDoc<'a, NoItems>>>;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawPodDoc<'a, Items> {
    #[serde(borrow)]
    pub metadata: Option<RawMeta<'a>>,
    #[serde(borrow)]
    pub spec: Option<RawPodSpec<'a>>,
    #[serde(borrow)]
    pub status: Option<RawPodStatus<'a>>,
    pub items: Option<Items>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct RawPodSpec<'a> {
    #[serde(borrow)]
    pub containers: Option<Vec<RawContainer<'a>>>,
    #[serde(borrow)]
    pub init_containers: Option<Vec<RawContainer<'a>>>,
    #[serde(borrow)]
    pub ephemeral_containers: Option<Vec<RawContainer<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawContainer<'a> {
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub image: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct RawPodStatus<'a> {
    #[serde(borrow)]
    pub container_statuses: Option<Vec<RawContainerStatus<'a>>>,
    #[serde(borrow)]
    pub init_container_statuses: Option<Vec<RawContainerStatus<'a>>>,
    #[serde(borrow)]
    pub ephemeral_container_statuses: Option<Vec<RawContainerStatus<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawContainerStatus<'a> {
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow, rename = "imageID")]
    pub image_id: Option<Str<'a>>,
}

/// Reads `T` from a `Value`, naming the path of a bad value. The path is tracked only when
/// reading fails: tracking costs an allocation per key, and good input is the common case.
pub(crate) fn read<'de, T: Deserialize<'de>>(value: &'de serde_json::Value) -> Result<T, Error> {
    T::deserialize(value).or_else(|_| serde_path_to_error::deserialize(value).map_err(located))
}

/// Reads `T` from JSON text, naming the path of a bad value (or the syntax error).
pub(crate) fn read_text<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    let once = |track: bool| -> Result<T, Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let value = if track {
            serde_path_to_error::deserialize(&mut deserializer).map_err(located)?
        } else {
            T::deserialize(&mut deserializer).map_err(|e| Error::new(ErrorCode::InvalidInput, e.to_string()))?
        };
        deserializer.end().map_err(|e| Error::new(ErrorCode::InvalidInput, format!("input is not JSON: {e}")))?;
        Ok(value)
    };
    once(false).or_else(|_| once(true))
}

/// What `read` makes of one document, or of each of an array of them, with errors placed
/// under `key` (`templates[2]`; nothing more for a document given alone at the top, where
/// `key` is empty).
pub(crate) fn each<T>(
    value: Option<&serde_json::Value>,
    key: &str,
    read: impl Fn(&serde_json::Value) -> Result<Vec<T>, Error>,
) -> Result<Vec<T>, Error> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(serde_json::Value::Array(items)) => {
            let mut all = Vec::new();
            for (i, item) in items.iter().enumerate() {
                all.extend(read(item).map_err(|e| e.within(&format!("{key}[{i}]")))?);
            }
            Ok(all)
        }
        Some(other) => read(other).map_err(|e| e.within(key)),
    }
}

/// Every JSON document of `text`, one after another (`cat a.json b.json`); or the position of
/// the first that is not JSON, and why.
pub(crate) fn read_documents(text: &str) -> Result<Vec<serde_json::Value>, (usize, Error)> {
    let mut documents = Vec::new();
    for (i, document) in serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>().enumerate() {
        let document = document.map_err(|e| {
            let which = if i == 0 { String::new() } else { format!(" (document {})", i + 1) };
            (i, Error::new(ErrorCode::InvalidInput, format!("input is not JSON{which}: {e}")))
        })?;
        documents.push(document);
    }
    Ok(documents)
}

/// Reads `T` from deserializers `make` creates over one source: first without tracking the
/// path (tracking costs an allocation per key), and only if that fails, again to name the path.
pub(crate) fn read_again_on_error<'de, T, D, F>(make: F) -> Result<T, Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
    F: Fn() -> D,
{
    T::deserialize(make()).or_else(|_| serde_path_to_error::deserialize(make()).map_err(located))
}

fn located<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> Error {
    let path = e.path().to_string();
    let inner = e.into_inner();
    if path == "." {
        Error::new(ErrorCode::InvalidInput, format!("input is invalid: {inner}"))
    } else {
        Error::in_document(ErrorCode::InvalidInput, &path, format!("input at $.{path}: {inner}"))
    }
}

/// A string map (annotations, labels) with null values read as empty.
pub(crate) fn string_map(map: Option<BTreeMap<String, Option<String>>>) -> BTreeMap<String, String> {
    map.unwrap_or_default().into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect()
}

/// An entry of an inventory's `pods`: an image reference, or a pod document.
#[derive(Debug)]
pub(crate) enum PodEntry<'a> {
    Reference(String),
    Pods(Box<RawPod<'a>>),
}

impl<'de: 'a, 'a> Deserialize<'de> for PodEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PodEntry<'a>, D::Error> {
        struct Entry<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Entry<'a> {
            type Value = PodEntry<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an image reference or a pod document")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PodEntry<'a>, E> {
                Ok(PodEntry::Reference(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PodEntry<'a>, A::Error> {
                RawPod::deserialize(de::value::MapAccessDeserializer::new(map)).map(|p| PodEntry::Pods(Box::new(p)))
            }
        }
        deserializer.deserialize_any(Entry(std::marker::PhantomData))
    }
}

/// An inventory document, typed: the keys [`crate::Inventory`] reads, and no others.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct RawInventory<'a> {
    #[serde(borrow)]
    pub imagestreams: Option<OneOrMany<RawStream<'a>>>,
    pub templates: Option<serde_json::Value>,
    #[serde(borrow)]
    pub pods: Option<OneOrMany<PodEntry<'a>>>,
    pub workloads: Option<crate::io::evidence::StreamedEvidence>,
    pub scans: Option<Vec<serde_json::Value>>,
    pub samples_config: Option<serde_json::Value>,
    pub namespaces: Option<serde_json::Value>,
    pub now: Option<Time>,
    #[serde(borrow)]
    pub peers: Option<BTreeMap<String, OneOrMany<RawStream<'a>>>>,
}

/// Writes an optional time as RFC 3339 in UTC (`2026-01-01T00:00:00Z`), or `null`.
pub(crate) fn serialize_time<S: serde::Serializer>(
    time: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(t) => serializer.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path and chrono agree on the form Kubernetes writes and refuse alike, and
    /// whatever the fast path leaves (offsets, fractions, leap seconds) chrono still reads.
    #[test]
    fn kubernetes_times_read_as_chrono_reads_them() {
        let chrono = |t: &str| DateTime::parse_from_rfc3339(t).map(|t| t.with_timezone(&Utc)).ok();
        let cases = [
            "2024-01-02T03:04:05Z",
            "1970-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2024-02-29T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-00-10T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-01-02T24:00:00Z",
            "2024-01-02T23:60:00Z",
            "2024-01-02T23:59:61Z",
            "2024-01-0aT03:04:05Z",
            "2024-01-02t03:04:05z",
            "2024-01-02 03:04:05Z",
            "2024-01-02T03:04:05+01:00",
            "2024-01-02T03:04:05.123Z",
            "2016-12-31T23:59:60Z",
            "2024-01-02T03:04:05",
            "",
        ];
        for case in cases {
            let fast = parse_utc_seconds(case.as_bytes());
            if fast.is_some() {
                assert_eq!(fast, chrono(case), "{case}");
            }
            assert_eq!(parse_time(case).ok(), chrono(case), "{case}");
        }
        assert!(parse_utc_seconds(b"2024-01-02T03:04:05Z").is_some());
        assert!(parse_utc_seconds(b"2016-12-31T23:59:60Z").is_none(), "leap seconds are chrono's to read");
    }
}
