//! Evidence of use: every place an object of a cluster refers to an image it runs or builds
//! from, read from what `oc get -o json` prints, of every kind `oc adm prune images` counts.
//!
//! Pods, ReplicationControllers, ReplicaSets, Deployments, DeploymentConfigs, StatefulSets,
//! DaemonSets, Jobs and CronJobs name images in their containers (init and ephemeral ones too,
//! whatever the replica count, zero included); DeploymentConfigs also in their ImageChange
//! triggers (`from` and `lastTriggeredImage`), other workloads in the
//! `image.openshift.io/triggers` annotation; BuildConfigs and Builds in their strategy's `from`
//! and `spec.source.images[].from`, and BuildConfigs in their ImageChange triggers. Objects of
//! other kinds are counted, never dropped unseen.

use super::openshift::without_scheme;
use super::Workload;
use crate::error::{Error, ErrorCode};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The kinds whose objects can run or build an image, as `oc adm prune images` counts them.
pub(crate) const KINDS: [&str; 11] = [
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "DeploymentConfig",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "BuildConfig",
    "Build",
];

/// How an object names an image.
///
/// # Example
/// ```
/// use imagecurator::ImageRef;
/// let r = ImageRef::StreamTag { namespace: "a1b2c3-tools".into(), stream: "app".into(), tag: "1.0".into() };
/// assert_eq!(r.to_string(), "imagestreamtag a1b2c3-tools/app:1.0");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ImageRef {
    /// A pull spec, as a container's `image`, a `DockerImage` reference or a
    /// `lastTriggeredImage` writes it: `quay.io/org/app:1.0`, or an internal-registry spec.
    PullSpec(String),
    /// An `ImageStreamTag`: `app:1.0`, its namespace defaulting to the referring object's.
    StreamTag {
        /// The stream's namespace.
        namespace: String,
        /// The image stream.
        stream: String,
        /// The tag.
        tag: String,
    },
    /// An `ImageStreamImage`: `app@sha256:...`, its namespace defaulting as above.
    StreamImage {
        /// The stream's namespace.
        namespace: String,
        /// The image stream.
        stream: String,
        /// The image's digest.
        digest: String,
    },
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageRef::PullSpec(spec) => write!(f, "image {spec}"),
            ImageRef::StreamTag { namespace, stream, tag } => write!(f, "imagestreamtag {namespace}/{stream}:{tag}"),
            ImageRef::StreamImage { namespace, stream, digest } => {
                write!(f, "imagestreamimage {namespace}/{stream}@{digest}")
            }
        }
    }
}

/// One place an object refers to an image.
///
/// # Example
/// ```
/// let cronjob = serde_json::json!({"kind": "CronJob", "metadata": {"name": "nightly", "namespace": "a1b2c3-prod"},
///     "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "backup", "image": "backup:1.0"}]}}}}}});
/// let evidence = imagecurator::Evidence::from_json(&cronjob)?;
/// assert_eq!(evidence.uses[0].user(), "cronjob/a1b2c3-prod/nightly (container backup)");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ImageUse {
    /// The object's kind, as written: `CronJob`, or `Reference` for a plain image reference.
    pub kind: String,
    /// The object's namespace, when it names one.
    pub namespace: Option<String>,
    /// The object's name.
    pub name: String,
    /// Where in the object: `container backup`, `trigger`, `build strategy`, `source image`.
    pub place: String,
    /// The image it refers to.
    pub image: ImageRef,
}

impl ImageUse {
    /// Who uses the image, as decisions and reports say it:
    /// `cronjob/a1b2c3-prod/nightly (container backup)`.
    ///
    /// # Example
    /// ```
    /// let evidence = imagecurator::Evidence::from_references(["nginx:1.25"]);
    /// assert_eq!(evidence.uses[0].user(), "the in-use list (nginx:1.25)");
    /// ```
    pub fn user(&self) -> String {
        if self.kind == REFERENCE {
            return format!("the in-use list ({})", self.name);
        }
        let kind = self.kind.to_ascii_lowercase();
        match &self.namespace {
            Some(ns) => format!("{kind}/{ns}/{} ({})", self.name, self.place),
            None => format!("{kind}/{} ({})", self.name, self.place),
        }
    }
}

/// The kind given to plain image references a caller lists.
const REFERENCE: &str = "Reference";

/// What a cluster's objects say about the images in use: every use found, and how many
/// objects of each kind that holds no image were seen (never dropped unseen).
///
/// An empty `Evidence` says that the caller looked and found nothing running; no `Evidence`
/// at all (an `Option` that is `None`) says nothing was looked at, and then retention prunes
/// nothing.
///
/// # Example
/// ```
/// let list = serde_json::json!({"kind": "List", "items": [
///     {"kind": "Deployment", "metadata": {"name": "web", "namespace": "a1b2c3-prod"},
///      "spec": {"replicas": 0, "template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}}},
///     {"kind": "Service", "metadata": {"name": "web", "namespace": "a1b2c3-prod"}}]});
/// let evidence = imagecurator::Evidence::from_json(&list)?;
/// assert_eq!(evidence.uses.len(), 1); // scaled to zero, still in use
/// assert_eq!(evidence.ignored["Service"], 1);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Every use found, sorted.
    pub uses: Vec<ImageUse>,
    /// Objects of kinds that hold no image, counted by kind.
    pub ignored: BTreeMap<String, usize>,
}

impl Evidence {
    /// Reads one object or a List (`List`, `PodList`, `DeploymentList`, ...) of any mix of
    /// kinds, as `oc get pods,deploy,dc,sts,ds,cj,jobs,bc,builds,rc,rs -A -o json` prints it,
    /// or an array of such documents.
    ///
    /// # Errors
    /// `invalid_input`, naming the path, for a document that is not an object, an item whose
    /// kind cannot be told, or an object of a known kind whose image fields have the wrong
    /// shape.
    ///
    /// # Example
    /// ```
    /// let dc = serde_json::json!({"kind": "DeploymentConfig", "metadata": {"name": "api", "namespace": "a1b2c3-dev"},
    ///     "spec": {"template": {"spec": {"containers": [{"name": "api", "image": " "}]}},
    ///       "triggers": [{"type": "ImageChange", "imageChangeParams": {"containerNames": ["api"],
    ///         "from": {"kind": "ImageStreamTag", "name": "api:dev"}}}]}});
    /// let evidence = imagecurator::Evidence::from_json(&dc)?;
    /// assert_eq!(evidence.uses[0].image.to_string(), "imagestreamtag a1b2c3-dev/api:dev");
    /// let err = imagecurator::Evidence::from_json(&serde_json::json!({"kind": "Pod", "spec": {"containers": 5}})).unwrap_err();
    /// assert_eq!(err.path(), Some("spec.containers"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json(value: &Value) -> Result<Evidence, Error> {
        // One reader for trees and text alike; a tree's objects are copied one at a time.
        StreamedEvidence::deserialize(value).map_err(|e| bad("", &e.to_string()))?.0
    }

    /// Plain image references a caller lists as in use.
    ///
    /// # Example
    /// ```
    /// let evidence = imagecurator::Evidence::from_references(["nginx:1.25", "quay.io/org/app@sha256:abc"]);
    /// assert_eq!(evidence.uses.len(), 2);
    /// ```
    pub fn from_references<I, S>(references: I) -> Evidence
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let uses: Vec<ImageUse> = references
            .into_iter()
            .map(|r| ImageUse {
                kind: REFERENCE.to_owned(),
                namespace: None,
                name: r.as_ref().to_owned(),
                place: String::new(),
                image: ImageRef::PullSpec(r.as_ref().to_owned()),
            })
            .collect();
        Evidence { uses, ignored: BTreeMap::new() }.sorted()
    }

    /// The uses of pods already read for the gates: each container's image, and the image its
    /// status says runs. Not yet sorted: the caller gathers all its evidence, then sorts once
    /// ([`Evidence::sorted`]), as a cluster has hundreds of thousands of these.
    pub(crate) fn of_pods(pods: &[Workload]) -> Evidence {
        let mut uses = Vec::with_capacity(pods.len() * 2);
        for pod in pods {
            let images = std::iter::once(pod.image.as_str()).chain(pod.image_id.as_deref());
            for image in images.filter(|i| !i.trim().is_empty()) {
                uses.push(ImageUse {
                    kind: "Pod".to_owned(),
                    namespace: pod.namespace.clone(),
                    name: pod.pod.clone(),
                    place: format!("container {}", pod.container),
                    image: ImageRef::PullSpec(image.trim().to_owned()),
                });
            }
        }
        Evidence { uses, ignored: BTreeMap::new() }
    }

    /// Another's uses and counts added to these, unsorted (see [`Evidence::sorted`]).
    pub(crate) fn absorb(&mut self, other: Evidence) {
        self.uses.extend(other.uses);
        super::documents::add_counts(&mut self.ignored, other.ignored);
    }

    /// The uses sorted, each once: the order decisions name their users by.
    pub(crate) fn sorted(mut self) -> Evidence {
        self.sort();
        self
    }

    /// Sorts the uses and keeps each once. Equal uses are identical, so an unstable sort
    /// gives the same order as a stable one.
    fn sort(&mut self) {
        self.uses.sort_unstable();
        self.uses.dedup();
    }

    /// Adds another's uses and counts to these.
    ///
    /// # Example
    /// ```
    /// let mut a = imagecurator::Evidence::from_references(["nginx:1"]);
    /// a.merge(imagecurator::Evidence::from_references(["nginx:2", "nginx:1"]));
    /// assert_eq!(a.uses.len(), 2);
    /// ```
    pub fn merge(&mut self, other: Evidence) {
        self.absorb(other);
        self.sort();
    }

    /// One document at `path`: an object or a List of them. `list_kind` is the kind a typed
    /// List (`PodList`) gives its kindless items.
    fn read_document(&mut self, value: &Value, path: &str, list_kind: Option<&str>) -> Result<(), Error> {
        let (object, kind) =
            super::documents::kind_of(value, list_kind).map_err(|(at, what)| bad(&join(path, at), what))?;
        if let Some(item_kind) = kind.strip_suffix("List") {
            let item_kind = (!item_kind.is_empty()).then_some(item_kind);
            return match object.get("items") {
                None | Some(Value::Null) => Ok(()),
                Some(Value::Array(items)) => items.iter().enumerate().try_for_each(|(i, item)| {
                    self.read_document(item, &format!("{}[{i}]", join(path, "items")), item_kind)
                }),
                Some(_) => Err(bad(&join(path, "items"), "must be an array")),
            };
        }
        if !KINDS.contains(&kind) {
            *self.ignored.entry(kind.to_owned()).or_default() += 1;
            return Ok(());
        }
        self.read_object(value, path, kind)
    }

    /// The uses of one object of `kind`, one of [`KINDS`], at `path`.
    pub(crate) fn read_object(&mut self, value: &Value, path: &str, kind: &str) -> Result<(), Error> {
        let metadata = &value["metadata"];
        let user = User {
            kind,
            namespace: metadata["namespace"].as_str(),
            name: metadata["name"].as_str().unwrap_or_default(),
        };
        let mut found = Found { user: &user, uses: &mut self.uses };
        match kind {
            "Pod" => found.pod(value, path),
            "CronJob" => found
                .pod_template(&value["spec"]["jobTemplate"]["spec"]["template"], path, "spec.jobTemplate.spec.template")
                .and_then(|()| found.trigger_annotation(metadata, path)),
            "DeploymentConfig" => {
                found.pod_template(&value["spec"]["template"], path, "spec.template").and_then(|()| {
                    found.image_change_triggers(
                        &value["spec"]["triggers"],
                        &join(path, "spec.triggers"),
                        ("imageChangeParams", "lastTriggeredImage"),
                    )
                })
            }
            "BuildConfig" | "Build" => found.build(&value["spec"], &join(path, "spec")).and_then(|()| {
                found.image_change_triggers(
                    &value["spec"]["triggers"],
                    &join(path, "spec.triggers"),
                    ("imageChange", "lastTriggeredImageID"),
                )
            }),
            _ => found
                .pod_template(&value["spec"]["template"], path, "spec.template")
                .and_then(|()| found.trigger_annotation(metadata, path)),
        }
    }
}

/// The object whose uses are being read.
struct User<'a> {
    kind: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
}

/// Collects one object's uses.
struct Found<'a, 'u> {
    user: &'a User<'a>,
    uses: &'u mut Vec<ImageUse>,
}

impl Found<'_, '_> {
    fn push(&mut self, place: String, image: ImageRef) {
        self.uses.push(ImageUse {
            kind: self.user.kind.to_owned(),
            namespace: self.user.namespace.map(str::to_owned),
            name: self.user.name.to_owned(),
            place,
            image,
        });
    }

    /// A pod: its containers, and the images its statuses say run (by digest).
    fn pod(&mut self, pod: &Value, path: &str) -> Result<(), Error> {
        self.pod_spec(&pod["spec"], &join(path, "spec"))?;
        for list in ["containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"] {
            let at = join(path, &format!("status.{list}"));
            for (i, status) in array(&pod["status"][list], &at)?.iter().enumerate() {
                let id = text(&status["imageID"], &format!("{at}[{i}].imageID"))?;
                let id = without_scheme(id.unwrap_or_default());
                if !id.trim().is_empty() {
                    let name = status["name"].as_str().unwrap_or_default();
                    self.push(format!("container {name}"), ImageRef::PullSpec(id.to_owned()));
                }
            }
        }
        Ok(())
    }

    /// A pod template's spec, at `template_path` within the object.
    fn pod_template(&mut self, template: &Value, path: &str, template_path: &str) -> Result<(), Error> {
        self.pod_spec(&template["spec"], &join(path, &format!("{template_path}.spec")))
    }

    fn pod_spec(&mut self, spec: &Value, at: &str) -> Result<(), Error> {
        for list in ["containers", "initContainers", "ephemeralContainers"] {
            let list_at = join(at, list);
            for (i, container) in array(&spec[list], &list_at)?.iter().enumerate() {
                let image = text(&container["image"], &format!("{list_at}[{i}].image"))?;
                // A container whose image a trigger fills in may say "" or " " until it fires.
                let Some(image) = image.filter(|image| !image.trim().is_empty()) else { continue };
                let name = container["name"].as_str().unwrap_or_default();
                self.push(format!("container {name}"), ImageRef::PullSpec(image.trim().to_owned()));
            }
        }
        Ok(())
    }

    /// `image.openshift.io/triggers`: a JSON list of `{from, fieldPath}` on Kubernetes
    /// workloads, which OpenShift resolves into the containers.
    fn trigger_annotation(&mut self, metadata: &Value, path: &str) -> Result<(), Error> {
        let Some(annotation) = metadata["annotations"]["image.openshift.io/triggers"].as_str() else { return Ok(()) };
        let at = join(path, "metadata.annotations.image.openshift.io/triggers");
        let triggers: Value =
            serde_json::from_str(annotation).map_err(|e| bad(&at, &format!("is not a JSON list of triggers: {e}")))?;
        for (i, trigger) in array(&triggers, &at)?.iter().enumerate() {
            self.object_reference(&trigger["from"], &format!("{at}[{i}].from"), "trigger")?;
        }
        Ok(())
    }

    /// ImageChange triggers: the image each names (`from`) and the one it last fired with. A
    /// DeploymentConfig writes them under `imageChangeParams` (`lastTriggeredImage`), a
    /// BuildConfig under `imageChange` (`lastTriggeredImageID`).
    fn image_change_triggers(&mut self, triggers: &Value, at: &str, (params, last): (&str, &str)) -> Result<(), Error> {
        for (i, trigger) in array(triggers, at)?.iter().enumerate() {
            let change = &trigger[params];
            let change_at = format!("{at}[{i}].{params}");
            self.object_reference(&change["from"], &format!("{change_at}.from"), "trigger")?;
            if let Some(image) = text(&change[last], &format!("{change_at}.{last}"))? {
                self.pull_spec(image, "trigger");
            }
        }
        Ok(())
    }

    /// A build's builder image (`spec.strategy.<kind>Strategy.from`) and source images
    /// (`spec.source.images[].from`). `spec.output.to` is what the build makes, not a use.
    fn build(&mut self, spec: &Value, at: &str) -> Result<(), Error> {
        for strategy in ["sourceStrategy", "dockerStrategy", "customStrategy"] {
            let from_at = join(at, &format!("strategy.{strategy}.from"));
            self.object_reference(&spec["strategy"][strategy]["from"], &from_at, "build strategy")?;
        }
        let images_at = join(at, "source.images");
        for (i, image) in array(&spec["source"]["images"], &images_at)?.iter().enumerate() {
            self.object_reference(&image["from"], &format!("{images_at}[{i}].from"), "source image")?;
        }
        Ok(())
    }

    /// An `ObjectReference` to an image: `ImageStreamTag`, `ImageStreamImage` or `DockerImage`.
    fn object_reference(&mut self, from: &Value, at: &str, place: &str) -> Result<(), Error> {
        if from.is_null() {
            return Ok(());
        }
        if !from.is_object() {
            return Err(bad(at, "must be an object reference (`kind`, `name`, `namespace`)"));
        }
        let kind = text(&from["kind"], &join(at, "kind"))?.unwrap_or("");
        let Some(name) = text(&from["name"], &join(at, "name"))?.filter(|n| !n.is_empty()) else { return Ok(()) };
        let namespace = text(&from["namespace"], &join(at, "namespace"))?
            .filter(|n| !n.is_empty())
            .or(self.user.namespace)
            .unwrap_or_default()
            .to_owned();
        let image = match kind {
            "ImageStreamTag" => {
                let (stream, tag) = name.rsplit_once(':').unwrap_or((name, "latest"));
                ImageRef::StreamTag { namespace, stream: stream.to_owned(), tag: tag.to_owned() }
            }
            "ImageStreamImage" => match name.split_once('@') {
                Some((stream, digest)) => {
                    ImageRef::StreamImage { namespace, stream: stream.to_owned(), digest: digest.to_owned() }
                }
                None => return Err(bad(&join(at, "name"), "an ImageStreamImage is named `stream@digest`")),
            },
            "DockerImage" => ImageRef::PullSpec(name.to_owned()),
            other => {
                return Err(bad(
                    &join(at, "kind"),
                    &format!("`{other}` is not ImageStreamTag, ImageStreamImage or DockerImage"),
                ))
            }
        };
        self.push(place.to_owned(), image);
        Ok(())
    }

    fn pull_spec(&mut self, image: &str, place: &str) {
        let image = without_scheme(image).trim();
        if !image.is_empty() {
            self.push(place.to_owned(), ImageRef::PullSpec(image.to_owned()));
        }
    }
}

/// An array, nothing for an absent or null value, or an error naming `at`.
fn array<'v>(value: &'v Value, at: &str) -> Result<&'v [Value], Error> {
    match value {
        Value::Null => Ok(&[]),
        Value::Array(items) => Ok(items),
        _ => Err(bad(at, "must be an array")),
    }
}

/// A string, nothing for an absent or null value, or an error naming `at`.
fn text<'v>(value: &'v Value, at: &str) -> Result<Option<&'v str>, Error> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(bad(at, "must be a string")),
    }
}

fn join(path: &str, key: &str) -> String {
    crate::error::join_path(path, key)
}

#[cold]
fn bad(path: &str, what: &str) -> Error {
    let shown = if path.is_empty() { "the document" } else { path };
    Error::in_document(ErrorCode::InvalidInput, path, format!("workload evidence at `{shown}` {what}"))
}

/// A visitor's answer to every scalar (a bool, a number, a string): the method `$to`, which
/// each visitor defines (an error it keeps, or nothing).
macro_rules! scalars_as {
    ($to:ident) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            self.$to()
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            self.$to()
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            self.$to()
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            self.$to()
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            self.$to()
        }
    };
}

/// Evidence read from a deserializer object by object as the input streams by: each object is
/// built as a tree, read for its uses and dropped, so that a cluster's workloads never exist as
/// one tree (the tree of 50,000 small controllers holds some 300 MB of maps). Takes what
/// [`Evidence::from_json`] takes. The first error is kept with its path and the rest of the
/// input skipped, so that the error is the library's own, not the deserializer's.
#[derive(Debug)]
pub(crate) struct StreamedEvidence(pub Result<Evidence, Error>);

impl<'de> Deserialize<'de> for StreamedEvidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StreamedEvidence, D::Error> {
        let mut reader = Reader { evidence: Evidence::default(), error: None };
        deserializer.deserialize_any(Top(&mut reader))?;
        Ok(StreamedEvidence(match reader.error {
            Some(e) => Err(e),
            None => Ok(reader.evidence.sorted()),
        }))
    }
}

/// The evidence read so far, or the first error.
struct Reader {
    evidence: Evidence,
    error: Option<Error>,
}

impl Reader {
    /// One object or List, read unless an error came first.
    fn read(&mut self, value: &Value, path: &str, list_kind: Option<&str>) {
        if self.error.is_none() {
            if let Err(e) = self.evidence.read_document(value, path, list_kind) {
                self.error = Some(e);
            }
        }
    }

    fn fail(&mut self, e: Error) {
        self.error.get_or_insert(e);
    }
}

/// The whole value: one document, or an array of them.
struct Top<'r>(&'r mut Reader);

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kubernetes object, a List, or an array of them")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Document { reader: self.0, path: String::new() }.visit_unit()
    }
    scalars_as!(visit_unit);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq.next_element_seed(Document { reader: self.0, path: format!("[{i}]") })?.is_some() {
            i += 1;
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        Document { reader: self.0, path: String::new() }.visit_map(map)
    }
}

/// One document at `path`: its `items` are read one by one as they come, and every other key
/// kept (a List's are few); an object without `items` is read whole at the end.
struct Document<'r> {
    reader: &'r mut Reader,
    path: String,
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kubernetes object or a List")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut rest, mut kindless, mut listed) = (Map::new(), Vec::new(), false);
        let items_at = join(&self.path, "items");
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                listed = true;
                map.next_value_seed(Items { reader: self.reader, path: &items_at, kindless: &mut kindless })?;
            } else {
                rest.insert(key, map.next_value()?);
            }
        }
        let document = Value::Object(rest);
        if !listed {
            self.reader.read(&document, &self.path, None);
            return Ok(());
        }
        // Items without a kind take the List's (`PodList`), which `oc` prints after the items.
        match super::documents::kind_of(&document, None) {
            Ok((_, kind)) => {
                let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
                for (i, item) in kindless {
                    self.reader.read(&item, &format!("{items_at}[{i}]"), item_kind);
                }
            }
            Err((at, what)) if at == "kind" => self.reader.fail(bad(&join(&self.path, at), what)),
            // A plain array of items with no kind of its own is a List.
            Err(_) => kindless.iter().for_each(|(i, item)| self.reader.read(item, &format!("{items_at}[{i}]"), None)),
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.reader.fail(bad(&self.path, "must be an object (a Kubernetes object or a List)"));
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        self.visit_unit()
    }
    scalars_as!(visit_unit);
}

/// A List's `items`, each read as it comes; those without a kind wait for the List's.
struct Items<'r, 'p> {
    reader: &'r mut Reader,
    path: &'p str,
    kindless: &'r mut Vec<(usize, Value)>,
}

impl Items<'_, '_> {
    fn not_an_array<E>(self) -> Result<(), E> {
        self.reader.fail(bad(self.path, "must be an array"));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Items<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Items<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of items")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            if self.reader.error.is_some() {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                return Ok(());
            }
            let Some(item) = seq.next_element::<Value>()? else { return Ok(()) };
            match item.get("kind") {
                None | Some(Value::Null) if item.is_object() => self.kindless.push((i, item)),
                _ => self.reader.read(&item, &format!("{}[{i}]", self.path), None),
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        self.not_an_array()
    }
    scalars_as!(not_an_array);
}
