//! The inventory: everything the audit reads about one cluster, from one keyed document.

use super::json::{self as input, OneOrMany, PodEntry, RawInventory};
use super::{template_pins, Evidence, ImageStream, SamplesConfig, ScanReport, Template, TemplatePin, Workload};
use crate::error::Error;
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
        Inventory::from_raw(input::read_text(text)?)
    }

    /// Reads an inventory document: `{"imagestreams": ..., "templates": ..., "pods": ...,
    /// "workloads": ..., "samples_config": ..., "namespaces": [...], "now": "..."}`.
    /// `imagestreams`, `templates` and `pods` each take one `oc get ... -o json` document or an
    /// array of them; `pods` also takes an array of image references; `workloads` takes any
    /// mix of the kinds that run or build images (see [`Evidence::from_json`]). With neither
    /// `pods` nor `workloads` there is no evidence of what runs, and retention prunes nothing.
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
        Inventory::from_raw(input::read(document)?)
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
                evidence.merge(Evidence::of_pods(&workloads));
                if let Some(documents) = raw.workloads.as_ref().filter(|w| !w.is_null()) {
                    evidence.merge(Evidence::from_json(documents).map_err(|e| e.within("workloads"))?);
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
        Ok(Inventory {
            streams: ImageStream::from_documents(
                raw.imagestreams.unwrap_or(OneOrMany::Many(Vec::new())),
                "imagestreams",
            )?,
            templates,
            pins,
            evidence,
            workloads,
            scans: scans(raw.scans.unwrap_or_default())?,
            samples_config,
            namespaces: raw.namespaces.unwrap_or_default(),
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
