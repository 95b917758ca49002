//! The inventory: everything the audit reads about one cluster, from one keyed document.

use super::documents;
use super::json::{self as input, each, OneOrMany, PodEntry, RawInventory};
use super::{template_pins, Evidence, ImageStream, SamplesConfig, ScanReport, Template, TemplatePin, Workload};
use crate::error::{Error, ErrorCode};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a cluster holds, as the audit reads it. Everything is optional.
///
/// # Example
/// ```
/// let inventory = imagecurator::Inventory::from_json(&serde_json::json!({
///     "imagestreams": {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}},
///     "namespaces": ["a1b2c3-prod"],
/// }))?;
/// assert_eq!((inventory.streams.len(), inventory.namespaces.len()), (1, 1));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Image streams of every namespace audited.
    pub streams: Vec<ImageStream>,
    /// Templates (of the catalog namespaces, and any others).
    pub templates: Vec<Template>,
    /// Tags the templates pin (kept by retention).
    pub pins: Vec<TemplatePin>,
    /// Objects read and not used, counted by kind: those of kinds the audit does not read
    /// (Services, Routes, ...), and those under `imagestreams` that are not image streams (a
    /// mixed List given under that key). The audit says so, rather than dropping them unseen.
    pub unused: BTreeMap<String, usize>,
    /// Objects given more than once with the same contents, read once, counted by kind (how
    /// many copies were dropped).
    pub repeated: BTreeMap<String, usize>,
    /// What runs or builds from which image: the pods, the other workloads and any image
    /// references listed under `pods`; `None` when the inventory gives no evidence at all.
    pub evidence: Option<Evidence>,
    /// The containers of the pods, with their namespaces (for the prod gates).
    pub workloads: Vec<Workload>,
    /// Scan reports, each bound to the image digests it is about.
    pub scans: Vec<ScanReport>,
    /// The current samples operator `Config`.
    pub samples_config: Option<SamplesConfig>,
    /// Namespace names to check, beyond those the streams name.
    pub namespaces: Vec<String>,
    /// The time of the audit (for minimum ages, rebuilds, deprecations); none means rules
    /// that need the time do not apply.
    pub now: Option<DateTime<Utc>>,
    /// The curated namespaces' image streams on the other clusters, by cluster name, for the
    /// propagation plan (this inventory's cluster is the source).
    pub peers: BTreeMap<String, Vec<ImageStream>>,
}

impl Inventory {
    /// Reads an inventory from JSON text (see [`Inventory::from_json`]): one document, or
    /// several one after another (`cat is.json pods.json | ...`), each read as `from_json`
    /// reads an element of an array.
    ///
    /// A keyed inventory is read in one pass without building a `serde_json::Value` tree: the
    /// fast way to read a whole cluster. Other documents are read into a tree first.
    ///
    /// # Errors
    /// `invalid_input` as for [`Inventory::from_json`], and for text that is not JSON.
    ///
    /// # Example
    /// ```
    /// let inventory = imagecurator::Inventory::from_json_str(r#"{"namespaces": ["a1b2c3-dev"]}"#)?;
    /// assert_eq!(inventory.namespaces, ["a1b2c3-dev"]);
    /// let two = r#"{"kind": "Namespace", "metadata": {"name": "a1b2c3-dev"}}
    ///              {"kind": "List", "items": [{"kind": "Namespace", "metadata": {"name": "a1b2c3-prod"}}]}"#;
    /// assert_eq!(imagecurator::Inventory::from_json_str(two)?.namespaces, ["a1b2c3-dev", "a1b2c3-prod"]);
    /// assert_eq!(imagecurator::Inventory::from_json_str("{").unwrap_err().code().as_str(), "invalid_input");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json_str(text: &str) -> Result<Inventory, Error> {
        // Documents are objects, or arrays of them: other JSON would only meet the readers'
        // own words for it ("expected struct RawInventory").
        let keyed = match text.trim_start().as_bytes().first() {
            Some(b'[') => None,
            Some(b'{') => match input::read_text::<RawInventory<'_>>(text) {
                Ok(raw) => return Inventory::from_raw(raw)?.finish(),
                Err(e) => Some(e),
            },
            _ => return Err(not_documents(text)),
        };
        // Not keyed after all: documents, read once. Text whose first document is not JSON,
        // or that is one keyed document, keeps the keyed reader's error, which names the key.
        let documents = match (input::read_documents(text), keyed) {
            (Ok(documents), Some(e)) if !are_documents(&documents) => return Err(e),
            (Err((0, _)), Some(e)) => return Err(e),
            (Err((_, e)), _) => return Err(e),
            (Ok(documents), _) => documents,
        };
        match documents.as_slice() {
            [one] => Inventory::from_json(one),
            _ => documents::inventory_of(documents.iter().enumerate().map(|(i, d)| (format!("[{i}]"), d))),
        }
    }

    /// Reads what a cluster's data is given as, in either of two forms, or an array mixing them:
    ///
    /// - **Documents as `oc get -o json` prints them**: one object or a List of any mix of
    ///   kinds (`oc get is,templates,pods,deploy,dc,sts,ds,cj,jobs,bc,rc,rs -A -o json`, `oc get
    ///   ns -o json`, the samples operator `Config`), or a Trivy report. Each object goes where
    ///   its kind belongs: ImageStreams, Templates, Pods (for the gates and as evidence), the
    ///   kinds that run or build images (evidence, see [`Evidence::from_json`]), Namespaces and
    ///   Projects, the samples `Config`. Objects of other kinds are counted in
    ///   [`Inventory::unused`]. An item without `kind` is read by its shape when that is
    ///   unambiguous, else refused. A typed List of a workload kind (`PodList`, even empty) is
    ///   evidence of what runs; an empty plain `List` says nothing.
    /// - **A keyed inventory**: `{"imagestreams": ..., "templates": ..., "pods": ...,
    ///   "workloads": ..., "scans": [...], "samples_config": ..., "namespaces": [...], "now":
    ///   "...", "peers": {...}}`. `imagestreams`, `templates` and `pods` each take one `oc get
    ///   ... -o json` document or an array of them; `pods` also takes an array of image
    ///   references; `workloads` takes any mix of the kinds that run or build images. With
    ///   neither `pods` nor `workloads` there is no evidence of what runs, and retention prunes
    ///   nothing. `namespaces` takes names, as written or as `oc get ns -o name` prints them, or
    ///   what `oc get ns -o json` prints. Only a keyed inventory gives `now` and `peers`.
    ///
    /// The same object given twice (same kind, namespace, name and contents) is read once and
    /// counted in [`Inventory::repeated`]; two different objects under one kind, namespace and
    /// name are an error naming both.
    ///
    /// # Errors
    /// `invalid_input` naming the path, for an unknown key, a value of the wrong shape, an
    /// item whose kind cannot be told, or two different objects under one name.
    ///
    /// # Example
    /// ```
    /// use serde_json::json;
    /// let err = imagecurator::Inventory::from_json(&json!({"streams": []})).unwrap_err();
    /// assert_eq!(err.path(), Some("streams"));
    /// // `oc get is,cronjobs,svc -A -o json`, and a keyed document beside it.
    /// let cluster = json!({"apiVersion": "v1", "kind": "List", "items": [
    ///     {"kind": "ImageStream", "metadata": {"name": "backup", "namespace": "a1b2c3-tools"}},
    ///     {"kind": "CronJob", "metadata": {"name": "nightly", "namespace": "a1b2c3-prod"}, "spec": {"jobTemplate":
    ///         {"spec": {"template": {"spec": {"containers": [{"name": "backup", "image": "backup:1.0"}]}}}}}},
    ///     {"kind": "Service", "metadata": {"name": "web", "namespace": "a1b2c3-prod"}}]});
    /// let inventory = imagecurator::Inventory::from_json(&json!([cluster, {"now": "2026-01-01T00:00:00Z"}]))?;
    /// assert_eq!(inventory.streams[0].name(), "backup");
    /// assert_eq!(inventory.evidence.unwrap().uses[0].user(), "cronjob/a1b2c3-prod/nightly (container backup)");
    /// assert_eq!(inventory.unused["Service"], 1);
    /// assert!(inventory.now.is_some());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json(document: &Value) -> Result<Inventory, Error> {
        match document {
            Value::Array(documents) => {
                documents::inventory_of(documents.iter().enumerate().map(|(i, d)| (format!("[{i}]"), d)))
            }
            Value::Object(object) if !documents::is_keyed(object) => {
                documents::inventory_of(std::iter::once((String::new(), document)))
            }
            _ => Inventory::from_keyed(document)?.finish(),
        }
    }

    /// A keyed inventory document, read but not yet finished (see [`Inventory::finish`]).
    pub(crate) fn from_keyed(document: &Value) -> Result<Inventory, Error> {
        Inventory::from_raw(input::read(document)?)
    }

    /// A read keyed inventory, not yet finished (see [`Inventory::finish`]).
    pub(crate) fn from_raw(raw: RawInventory<'_>) -> Result<Inventory, Error> {
        let templates = each(raw.templates.as_ref(), "templates", Template::from_json)?;
        let pins = each(raw.templates.as_ref(), "templates", template_pins)?;
        let (mut in_use, mut workloads) = (Vec::new(), Vec::new());
        // No `pods` and no `workloads` key: no evidence of what runs, which retention must know.
        let has_evidence = raw.pods.is_some() || raw.workloads.is_some();
        let pods = raw.pods.map(OneOrMany::into_vec).unwrap_or_default();
        for entry in pods {
            match entry {
                PodEntry::Reference(image) => in_use.push(image),
                PodEntry::Pods(pods) => workloads.extend(Workload::from_raw(*pods)),
            }
        }
        let evidence = match has_evidence {
            false => None,
            true => {
                let mut evidence = Evidence::from_references(&in_use);
                evidence.absorb(Evidence::of_pods(&workloads));
                if let Some(documents) = raw.workloads {
                    evidence.absorb(documents.0.map_err(|e| e.within("workloads"))?);
                }
                Some(evidence)
            }
        };
        let samples_config = match raw.samples_config {
            None | Some(Value::Null) => None,
            Some(value) => Some(SamplesConfig::from_json(&value).map_err(|e| e.within("samples_config"))?),
        };
        let mut peers = BTreeMap::new();
        for (cluster, documents) in raw.peers.unwrap_or_default() {
            let streams = ImageStream::from_documents(documents, &format!("peers.{cluster}"))?;
            peers.insert(cluster, streams);
        }
        let mut unused = BTreeMap::new();
        let streams = ImageStream::from_documents_counting(
            raw.imagestreams.unwrap_or(OneOrMany::Many(Vec::new())),
            "imagestreams",
            &mut unused,
        )?;
        Ok(Inventory {
            streams,
            unused,
            repeated: BTreeMap::new(),
            templates,
            pins,
            evidence,
            workloads,
            scans: scans(raw.scans.unwrap_or_default())?,
            samples_config,
            namespaces: namespace_names(raw.namespaces.as_ref())?,
            now: raw.now.map(|t| t.0),
            peers,
        })
    }

    /// Another part of the same cluster's inventory (read from the document at `path`) added
    /// to this one. The singletons (`now`, the samples `Config`) may be given by one part, or
    /// alike by several.
    pub(crate) fn absorb(&mut self, other: Inventory, path: &str) -> Result<(), Error> {
        let clash = |what: &str| {
            Error::in_document(
                ErrorCode::InvalidInput,
                path,
                format!("input at `{path}` gives {what} other than an earlier document's; give it once"),
            )
        };
        if let (Some(a), Some(b)) = (self.now, other.now) {
            if a != b {
                return Err(clash("a `now`"));
            }
        }
        if let (Some(a), Some(b)) = (&self.samples_config, &other.samples_config) {
            if a != b {
                return Err(clash("a samples Config"));
            }
        }
        self.now = self.now.or(other.now);
        self.samples_config = self.samples_config.take().or(other.samples_config);
        self.streams.extend(other.streams);
        self.templates.extend(other.templates);
        self.pins.extend(other.pins);
        documents::add_counts(&mut self.unused, other.unused);
        documents::add_counts(&mut self.repeated, other.repeated);
        self.evidence = match (self.evidence.take(), other.evidence) {
            (Some(mut a), Some(b)) => {
                a.absorb(b);
                Some(a)
            }
            (a, b) => a.or(b),
        };
        self.workloads.extend(other.workloads);
        self.scans.extend(other.scans);
        self.namespaces.extend(other.namespaces);
        for (cluster, streams) in other.peers {
            self.peers.entry(cluster).or_default().extend(streams);
        }
        Ok(())
    }

    /// Every part read once and in order: streams and templates once each (the same object
    /// twice counted in `repeated`, two different ones under one name refused), pods and
    /// evidence sorted, namespaces once each.
    pub(crate) fn finish(mut self) -> Result<Inventory, Error> {
        self.streams = STREAMS_ONCE.keep(self.streams, &mut self.repeated)?;
        self.templates = TEMPLATES_ONCE.keep(self.templates, &mut self.repeated)?;
        self.pins.sort_unstable();
        self.pins.dedup();
        // Each pod document's workloads come sorted; one document, the usual case, needs no more.
        if !self.workloads.is_sorted() {
            self.workloads.sort_unstable();
        }
        self.workloads.dedup();
        self.evidence = self.evidence.map(Evidence::sorted);
        let mut seen = std::collections::HashSet::new();
        self.namespaces.retain(|ns| seen.insert(ns.clone()));
        for streams in self.peers.values_mut() {
            *streams = STREAMS_ONCE.keep(std::mem::take(streams), &mut BTreeMap::new())?;
        }
        Ok(self)
    }
}

/// Whether what did not read as a keyed inventory is documents instead: several, or one that
/// is not keyed.
fn are_documents(documents: &[Value]) -> bool {
    match documents {
        [Value::Object(object)] => !documents::is_keyed(object),
        [_] | [] => false,
        _ => true,
    }
}

/// `[<report> | {"image": "<reference or digest>", "report": <report>}, ...]`.
fn scans(entries: Vec<Value>) -> Result<Vec<ScanReport>, Error> {
    let mut out = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("scans[{i}]");
        let read = match entry.get("report") {
            Some(report) => {
                let image = entry["image"].as_str();
                ScanReport::from_json(report, image).map_err(|e| e.within(&format!("{at}.report")))
            }
            None => ScanReport::from_json(entry, None).map_err(|e| e.within(&at)),
        };
        out.push(read?);
    }
    Ok(out)
}

/// The objects of one kind once each, by `key` (namespace, name, and for streams whether it is
/// a plain registry repository): the same object given twice (two files, or two overlapping
/// `oc get` outputs) is one, whichever way it came, and is counted in `repeated`; two different
/// objects under one key are an error naming it, rather than one silently winning.
struct Once<'k, T> {
    key: fn(&T) -> (Option<&str>, &str, bool),
    kind: &'k str,
    /// How the error names the object, and the word for "give each ... once".
    noun: (&'k str, &'k str),
    at: &'k str,
}

impl<T: PartialEq> Once<'_, T> {
    fn keep(&self, mut items: Vec<T>, repeated: &mut BTreeMap<String, usize>) -> Result<Vec<T>, Error> {
        let key = self.key;
        // A stable sort keeps the input order among equals, so which copy stays cannot matter.
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&x, &y| key(&items[x]).cmp(&key(&items[y])));
        let mut drop = vec![false; items.len()];
        for pair in order.windows(2) {
            let (a, b) = (&items[pair[0]], &items[pair[1]]);
            if key(a) != key(b) {
                continue;
            }
            if a != b {
                let (namespace, name, _) = key(a);
                let (what, each) = self.noun;
                return Err(Error::in_document(
                    ErrorCode::InvalidInput,
                    self.at,
                    format!(
                        "{what} {}/{name} is given twice with different contents; give each {each} once",
                        namespace.unwrap_or("-")
                    ),
                ));
            }
            drop[pair[1]] = true;
            *repeated.entry(self.kind.to_owned()).or_default() += 1;
        }
        let mut i = 0;
        items.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
        Ok(items)
    }
}

const STREAMS_ONCE: Once<'static, ImageStream> = Once {
    key: |s| (s.namespace(), s.name(), s.is_registry_repository()),
    kind: "ImageStream",
    noun: ("image stream", "stream"),
    at: "imagestreams",
};

const TEMPLATES_ONCE: Once<'static, Template> = Once {
    key: |t| (t.namespace(), t.name(), false),
    kind: "Template",
    noun: ("template", "template"),
    at: "templates",
};

/// The namespaces an inventory names: a list of names, as written or as `oc get ns -o name`
/// prints them (`namespace/a1b2c3-prod`, `project/...`), or what `oc get ns -o json` prints (a
/// `NamespaceList`, a `List` of Namespaces or Projects, or one of them).
fn namespace_names(value: Option<&Value>) -> Result<Vec<String>, Error> {
    let bad = |path: String, what: &str| {
        Error::in_document(ErrorCode::InvalidInput, &path, format!("input at $.{path}: {what}"))
    };
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(names)) => names
            .iter()
            .enumerate()
            .map(|(i, name)| match name {
                Value::String(name) => Ok(without_kind(name).to_owned()),
                _ => Err(bad(format!("namespaces[{i}]"), "a namespace is its name, a string")),
            })
            .collect(),
        Some(Value::String(text)) => Ok(text.split_whitespace().map(|name| without_kind(name).to_owned()).collect()),
        Some(document @ Value::Object(object)) => {
            let kind = object.get("kind").and_then(Value::as_str).unwrap_or_default();
            let (items, at): (Vec<&Value>, &str) = match kind {
                "Namespace" | "Project" => (vec![document], ""),
                "NamespaceList" | "ProjectList" | "List" => match object.get("items") {
                    Some(Value::Array(items)) => (items.iter().collect(), ".items"),
                    _ => return Err(bad("namespaces.items".to_owned(), "a List holds an array of items")),
                },
                other => {
                    return Err(bad(
                        "namespaces.kind".to_owned(),
                        &format!("`{other}` is not a Namespace, Project or a List of them"),
                    ))
                }
            };
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let path = if at.is_empty() { "namespaces".to_owned() } else { format!("namespaces{at}[{i}]") };
                    match item["metadata"]["name"].as_str() {
                        Some(name) => Ok(name.to_owned()),
                        None => Err(bad(format!("{path}.metadata.name"), "a Namespace has a name")),
                    }
                })
                .collect()
        }
        Some(_) => Err(bad("namespaces".to_owned(), "takes a list of names or what `oc get ns -o json` prints")),
    }
}

/// A name as `oc get ns -o name` prints it, without its kind: `namespace/a1b2c3-prod`.
fn without_kind(name: &str) -> &str {
    match name.split_once('/') {
        Some(("namespace" | "namespaces" | "project" | "projects" | "project.project.openshift.io", bare)) => bare,
        _ => name,
    }
}

/// The error for text that holds no JSON object or array: what it starts with.
#[cold]
fn not_documents(text: &str) -> Error {
    let start: String = text.trim_start().chars().take(16).collect();
    let what = match start.is_empty() {
        true => "input is empty".to_owned(),
        false => format!("input starts with `{start}`, which is no JSON object"),
    };
    let message = format!(
        "{what}: give JSON objects (an inventory, what `oc get -o json` prints, or a Trivy report), or an array of them"
    );
    Error::new(ErrorCode::InvalidInput, message)
}
