//! The inventory: everything the audit reads about one cluster, from one keyed document.

use super::json::{self as input, OneOrMany, PodEntry, RawInventory};
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
    /// Objects read under `imagestreams` that are not image streams (a mixed `oc get` List),
    /// counted by kind: the audit says it did not use them, rather than dropping them unseen.
    pub unused: BTreeMap<String, usize>,
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
    /// Reads an inventory document from JSON text (see [`Inventory::from_json`]).
    ///
    /// # Errors
    /// `invalid_input` as for [`Inventory::from_json`], and for text that is not JSON.
    ///
    /// # Example
    /// ```
    /// let inventory = imagecurator::Inventory::from_json_str(r#"{"namespaces": ["a1b2c3-dev"]}"#)?;
    /// assert_eq!(inventory.namespaces, ["a1b2c3-dev"]);
    /// assert_eq!(imagecurator::Inventory::from_json_str("{").unwrap_err().code().as_str(), "invalid_input");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json_str(text: &str) -> Result<Inventory, Error> {
        Inventory::from_raw(input::read_text(text).map_err(hint_oc_output)?)
    }

    /// Reads an inventory document: `{"imagestreams": ..., "templates": ..., "pods": ...,
    /// "workloads": ..., "samples_config": ..., "namespaces": [...], "now": "..."}`.
    /// `imagestreams`, `templates` and `pods` each take one `oc get ... -o json` document or an
    /// array of them; `pods` also takes an array of image references; `workloads` takes any
    /// mix of the kinds that run or build images (see [`Evidence::from_json`]). With neither
    /// `pods` nor `workloads` there is no evidence of what runs, and retention prunes nothing.
    /// `namespaces` takes names, as written or as `oc get ns -o name` prints them, or what
    /// `oc get ns -o json` prints. Raw `oc get` output given whole is refused with a hint.
    ///
    /// # Errors
    /// `invalid_input` naming the path, for an unknown key or a value of the wrong shape.
    ///
    /// # Example
    /// ```
    /// let err = imagecurator::Inventory::from_json(&serde_json::json!({"streams": []})).unwrap_err();
    /// assert_eq!(err.path(), Some("streams"));
    /// ```
    pub fn from_json(document: &Value) -> Result<Inventory, Error> {
        Inventory::from_raw(input::read(document).map_err(hint_oc_output)?)
    }

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
        // Each pod document's workloads come sorted; one document, the usual case, needs no more.
        if !workloads.is_sorted() {
            workloads.sort_unstable();
        }
        let evidence = match has_evidence {
            false => None,
            true => {
                let mut evidence = Evidence::from_references(&in_use);
                evidence.absorb(Evidence::of_pods(&workloads));
                if let Some(documents) = raw.workloads.as_ref().filter(|w| !w.is_null()) {
                    evidence.absorb(Evidence::from_json(documents).map_err(|e| e.within("workloads"))?);
                }
                Some(evidence.sorted())
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
            streams: one_of_each(streams)?,
            unused,
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
}

/// One document or each of an array of them, with errors placed under `key`.
fn each<T>(value: Option<&Value>, key: &str, read: impl Fn(&Value) -> Result<Vec<T>, Error>) -> Result<Vec<T>, Error> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            let mut all = Vec::new();
            for (i, item) in items.iter().enumerate() {
                all.extend(read(item).map_err(|e| e.within(&format!("{key}[{i}]")))?);
            }
            Ok(all)
        }
        Some(other) => read(other).map_err(|e| e.within(key)),
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

/// Streams with each one once: the same stream given twice (two files, or two overlapping
/// `oc get` outputs) is one stream, whichever way it came; two different streams under one
/// namespace and name are an error naming it, rather than one silently winning.
fn one_of_each(mut streams: Vec<ImageStream>) -> Result<Vec<ImageStream>, Error> {
    fn key(s: &ImageStream) -> (Option<&str>, &str, bool) {
        (s.namespace(), s.name(), s.is_registry_repository())
    }
    // A stable sort keeps the input order among equals, so which copy stays cannot matter.
    let mut order: Vec<usize> = (0..streams.len()).collect();
    order.sort_by(|&x, &y| key(&streams[x]).cmp(&key(&streams[y])));
    let mut drop = vec![false; streams.len()];
    for pair in order.windows(2) {
        let (a, b) = (&streams[pair[0]], &streams[pair[1]]);
        if key(a) != key(b) {
            continue;
        }
        if a != b {
            let name = format!("{}/{}", a.namespace().unwrap_or("-"), a.name());
            return Err(Error::in_document(
                ErrorCode::InvalidInput,
                "imagestreams",
                format!("image stream {name} is given twice with different contents; give each stream once"),
            ));
        }
        drop[pair[1]] = true;
    }
    let mut i = 0;
    streams.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    Ok(streams)
}

/// What `oc get ... -o json` prints, given whole where an inventory was expected, reads as an
/// inventory with the unknown key `apiVersion`, `kind` or `items`: say what to do instead.
#[cold]
fn hint_oc_output(e: Error) -> Error {
    match e.path() {
        Some(key @ ("apiVersion" | "kind" | "items" | "metadata")) => {
            let message = format!(
                "{}; this looks like what `oc get ... -o json` prints (it has `{key}`), not an inventory: \
                 put it under a key, such as {{\"imagestreams\": <oc get is -o json>, \"workloads\": \
                 <oc get pods,deploy,dc,cronjobs,bc,... -o json>}}",
                e.message()
            );
            Error::in_document(e.code(), key, message)
        }
        _ => e,
    }
}

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
