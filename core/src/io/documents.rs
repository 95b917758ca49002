//! A cluster's documents as `oc get -o json` prints them, each object sorted by its `kind`
//! into the part of the inventory that reads it: `oc get is,templates,pods,deploy,dc,cj,bc -A
//! -o json`, `oc get ns -o json`, the samples operator `Config`, scan reports, and keyed
//! inventory documents beside them, in any number and any mix.

use super::evidence::KINDS as WORKLOAD_KINDS;
use super::{
    template_pins, Evidence, ImageStream, Inventory, SamplesConfig, ScanFormat, ScanReport, Template, Workload,
};
use crate::error::{join_path, Error, ErrorCode};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// Top-level keys that only a Kubernetes object has, never an inventory.
const OBJECT_KEYS: [&str; 7] = ["apiVersion", "kind", "items", "metadata", "spec", "status", "objects"];

/// Whether a top-level object is a keyed inventory (`{"imagestreams": ..., "pods": ...}`)
/// rather than a document a cluster or a scanner printed (a scanner's by
/// [`ScanFormat::detect_object`], the one rule that tells scan reports apart).
pub(crate) fn is_keyed(object: &Map<String, Value>) -> bool {
    !OBJECT_KEYS.iter().any(|key| object.contains_key(*key)) && ScanFormat::detect_object(object).is_none()
}

/// Whether the inventory reads objects of `kind` when they come as documents: an object of
/// such a kind counted as unused was given where its kind does not belong.
pub(crate) fn reads_kind(kind: &str) -> bool {
    matches!(kind, "ImageStream" | "Template" | "Namespace" | "Project" | "Config") || WORKLOAD_KINDS.contains(&kind)
}

/// The kinds of typed Lists whose kindless items are workloads: a typed List, even empty,
/// says that its kind was looked at, which is evidence ("nothing runs"); an empty plain
/// `List` says nothing of what it would have held.
fn list_is_evidence(item_kind: &str) -> bool {
    WORKLOAD_KINDS.contains(&item_kind)
}

/// The inventory of `documents`, each at its path (`[2]`, or `` for one document given alone).
pub(crate) fn inventory_of<'v>(documents: impl IntoIterator<Item = (String, &'v Value)>) -> Result<Inventory, Error> {
    let mut sorter = Sorter::default();
    for (path, document) in documents {
        sorter.document(document, &path)?;
    }
    sorter.finish()
}

/// Where each object read so far went, and what identifies it (kind, namespace, name), so that
/// an object given twice is read once and two different objects under one name are refused.
#[derive(Default)]
struct Sorter<'v> {
    inventory: Inventory,
    pods: Vec<Workload>,
    evidence: Option<Evidence>,
    seen: HashMap<(&'v str, Option<&'v str>, &'v str), (String, &'v Value)>,
    samples_config_at: Option<String>,
}

impl<'v> Sorter<'v> {
    /// One top-level document: a keyed inventory, a scan report, or a Kubernetes object or List.
    fn document(&mut self, document: &'v Value, path: &str) -> Result<(), Error> {
        match document {
            Value::Object(_) if ScanFormat::detect(document).is_some() => {
                let scan = ScanReport::from_json(document, None).map_err(|e| e.within(path))?;
                self.inventory.scans.push(scan);
                Ok(())
            }
            Value::Object(object) if is_keyed(object) => {
                let keyed = Inventory::from_keyed(document).map_err(|e| e.within(path))?;
                self.inventory.absorb(keyed, path)
            }
            Value::Object(_) => self.object(document, path, None),
            Value::Array(_) => Err(bad(
                path,
                "is an array where a document was expected: give each document (an inventory, what `oc get -o \
                 json` prints, or a scan report) on its own; a legacy Trivy report, which is an array, goes \
                 under `scans` as {\"image\": <digest>, \"report\": <report>}",
            )),
            _ => Err(bad(path, "must be an object: an inventory, what `oc get -o json` prints, or a scan report")),
        }
    }

    /// One Kubernetes object, or a List of them; `list_kind` is what a typed List (`PodList`)
    /// makes its kindless items.
    fn object(&mut self, value: &'v Value, path: &str, list_kind: Option<&'v str>) -> Result<(), Error> {
        let (object, kind) = kind_of(value, list_kind).map_err(|(at, what)| bad(&join_path(path, at), what))?;
        if object.contains_key("items") || kind.ends_with("List") {
            return self.list(object, path, kind);
        }
        if self.already_read(kind, value, path)? {
            return Ok(());
        }
        let read = |e: Error| e.within(path);
        match kind {
            "ImageStream" => self.inventory.streams.extend(ImageStream::from_json(value).map_err(read)?),
            "Template" => {
                self.inventory.templates.extend(Template::from_json(value).map_err(read)?);
                self.inventory.pins.extend(template_pins(value).map_err(read)?);
            }
            "Pod" => {
                self.pods.extend(Workload::from_json(value).map_err(read)?);
                self.evidence.get_or_insert_with(Evidence::default);
            }
            "Namespace" | "Project" => match value["metadata"]["name"].as_str() {
                Some(name) => self.inventory.namespaces.push(name.to_owned()),
                None => return Err(bad(&join_path(path, "metadata.name"), "must be the namespace's name")),
            },
            "Config" if api_group(value) == Some("samples.operator.openshift.io") => {
                self.samples_config(value, path)?
            }
            kind if WORKLOAD_KINDS.contains(&kind) => {
                self.evidence.get_or_insert_with(Evidence::default).read_object(value, path, kind)?;
            }
            other => *self.inventory.unused.entry(other.to_owned()).or_default() += 1,
        }
        Ok(())
    }

    /// A List's items, each sorted on its own. Lists do not nest in what `oc` prints.
    fn list(&mut self, object: &'v Map<String, Value>, path: &str, kind: &'v str) -> Result<(), Error> {
        let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
        if item_kind.is_some_and(list_is_evidence) {
            self.evidence.get_or_insert_with(Evidence::default);
        }
        let items_at = join_path(path, "items");
        match object.get("items") {
            None | Some(Value::Null) => Ok(()),
            Some(Value::Array(items)) => items.iter().enumerate().try_for_each(|(i, item)| {
                let at = format!("{items_at}[{i}]");
                if item.get("items").is_some() {
                    return Err(bad(&at, "is a List inside a List; lists do not nest"));
                }
                self.object(item, &at, item_kind)
            }),
            Some(_) => Err(bad(&items_at, "must be an array")),
        }
    }

    /// Whether an object with this kind, namespace and name was read before: if so with the
    /// same contents it is read once (and counted), with other contents it is an error
    /// naming both places.
    fn already_read(&mut self, kind: &'v str, value: &'v Value, path: &str) -> Result<bool, Error> {
        let Some(name) = value["metadata"]["name"].as_str() else { return Ok(false) };
        let key = (kind, value["metadata"]["namespace"].as_str(), name);
        match self.seen.get(&key) {
            None => {
                self.seen.insert(key, (path.to_owned(), value));
                Ok(false)
            }
            Some((_, first)) if *first == value => {
                *self.inventory.repeated.entry(kind.to_owned()).or_default() += 1;
                Ok(true)
            }
            Some((first_at, _)) => {
                let shown = |p: &str| if p.is_empty() { "the document".to_owned() } else { format!("`{p}`") };
                let named = key.1.map_or_else(|| name.to_owned(), |ns| format!("{ns}/{name}"));
                Err(bad(
                    path,
                    &format!(
                        "is a {kind} named {named}, as is {} with different contents; give each object once",
                        shown(first_at)
                    ),
                ))
            }
        }
    }

    fn samples_config(&mut self, value: &Value, path: &str) -> Result<(), Error> {
        let config = SamplesConfig::from_json(value).map_err(|e| e.within(path))?;
        match (&self.inventory.samples_config, &self.samples_config_at) {
            (Some(first), Some(first_at)) if *first != config => {
                Err(bad(path, &format!("is a samples Config other than the one at `{first_at}`; a cluster has one")))
            }
            _ => {
                self.inventory.samples_config = Some(config);
                self.samples_config_at = Some(path.to_owned());
                Ok(())
            }
        }
    }

    /// The inventory, with the pods' and workloads' evidence gathered and everything read once.
    fn finish(mut self) -> Result<Inventory, Error> {
        if let Some(mut evidence) = self.evidence {
            evidence.absorb(Evidence::of_pods(&self.pods));
            let mut sorted = Inventory { evidence: Some(evidence), workloads: self.pods, ..Inventory::default() };
            self.inventory.absorb(std::mem::take(&mut sorted), "")?;
        }
        self.inventory.finish()
    }
}

/// An object and its kind.
pub(crate) type Kinded<'v> = (&'v Map<String, Value>, &'v str);

/// Where in an object (`` or `kind`) and why it has no kind.
pub(crate) type Unkinded = (&'static str, &'static str);

/// An object and its kind: its own `kind`, else the one its typed List (`PodList`) gives its
/// items, else the one its shape tells; or where (`` or `kind`) and why it has none.
pub(crate) fn kind_of<'v>(value: &'v Value, list_kind: Option<&'v str>) -> Result<Kinded<'v>, Unkinded> {
    let Value::Object(object) = value else {
        return Err(("", "must be an object (a Kubernetes object or a List)"));
    };
    match object.get("kind") {
        Some(Value::String(kind)) => Ok((object, kind.as_str())),
        None | Some(Value::Null) => match list_kind.or_else(|| kind_by_shape(value)) {
            Some(kind) => Ok((object, kind)),
            None => Err((
                "",
                "has no `kind`, and its shape does not tell one: give it its `kind`, as `oc get -o json` prints it",
            )),
        },
        Some(_) => Err(("kind", "must be a string")),
    }
}

/// The kind a kindless item must be, when its shape tells it unambiguously: a pod spec with
/// containers is a Pod, tags in `spec` or `status` make an ImageStream (`oc get is` status-only
/// output has no kinds), `objects` with `parameters` a Template. Anything else is an error.
fn kind_by_shape(value: &Value) -> Option<&'static str> {
    let stream = value["spec"]["tags"].is_array() || value["status"]["tags"].is_array();
    let pod = value["spec"]["containers"].is_array();
    let template = value["objects"].is_array();
    match (stream, pod, template) {
        (true, false, false) => Some("ImageStream"),
        (false, true, false) => Some("Pod"),
        (false, false, true) => Some("Template"),
        _ => None,
    }
}

/// The API group of an object (`samples.operator.openshift.io` of
/// `samples.operator.openshift.io/v1`), read as its parts, not as a prefix.
fn api_group(value: &Value) -> Option<&str> {
    value["apiVersion"].as_str().and_then(|v| v.split_once('/')).map(|(group, _)| group)
}

#[cold]
fn bad(path: &str, what: &str) -> Error {
    let shown = if path.is_empty() { "the document".to_owned() } else { format!("`{path}`") };
    Error::in_document(ErrorCode::InvalidInput, path, format!("input at {shown} {what}"))
}

/// Counts added into `into`, by kind.
pub(crate) fn add_counts(into: &mut BTreeMap<String, usize>, counts: BTreeMap<String, usize>) {
    for (kind, n) in counts {
        *into.entry(kind).or_default() += n;
    }
}
