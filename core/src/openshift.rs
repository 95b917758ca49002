//! OpenShift and Kubernetes input, read leniently from the JSON that `oc get ... -o json`
//! prints: ImageStreams (alone, as an `ImageStreamList`, or in a `List`), the images workloads
//! use (a `PodList` or plain references), and the tags Templates pin. Every key may be absent;
//! a key that is present with the wrong shape is an `invalid_input` error naming its path.

use crate::error::{Error, ErrorCode};
use crate::reference::Reference;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One image stream: its tags, each with its history of images, newest first.
///
/// # Example
/// ```
/// let json = serde_json::json!({
///     "kind": "ImageStream",
///     "metadata": {"name": "python", "namespace": "openshift"},
///     "spec": {"tags": [{"name": "latest", "from": {"kind": "ImageStreamTag", "name": "3.9"}}]},
///     "status": {"tags": [{"tag": "3.9", "items": [
///         {"image": format!("sha256:{}", "a".repeat(64)), "created": "2024-01-02T03:04:05Z"}]}]}
/// });
/// let streams = imagecurator::ImageStream::from_json(&json)?;
/// assert_eq!(streams[0].name(), "python");
/// assert_eq!(streams[0].tags()[0].alias_of(), Some("3.9"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageStream {
    namespace: Option<String>,
    name: String,
    tags: Vec<StreamTag>,
    /// A plain registry repository rather than an OpenShift image stream.
    registry: bool,
    /// `metadata.annotations` and `metadata.labels`, sorted by key.
    annotations: BTreeMap<String, String>,
    labels: BTreeMap<String, String>,
}

/// A tag of an image stream: spec (what it follows) and status (what it resolved to).
///
/// # Example
/// ```
/// let json = serde_json::json!({"metadata": {"name": "a"}, "spec": {"tags": [{"name": "1.0"}]}});
/// let stream = &imagecurator::ImageStream::from_json(&json)?[0];
/// assert!(stream.tags()[0].history().is_empty());
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamTag {
    /// Shared, so that a plan names the tag without copying it.
    name: Arc<str>,
    alias_of: Option<String>,
    /// `from.name` when `from.kind` is `DockerImage`: where the tag imports from.
    source: Option<String>,
    /// `importPolicy.scheduled`: the tag is re-imported periodically.
    scheduled: bool,
    history: Vec<TagEvent>,
}

/// One image a tag resolved to, from `status.tags[].items[]`.
///
/// # Example
/// ```
/// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [
///     {"tag": "1", "items": [{"image": "sha256:0", "created": "2024-01-02T03:04:05Z"}]}]}});
/// let streams = imagecurator::ImageStream::from_json(&json)?;
/// let event = &streams[0].tags()[0].history()[0];
/// assert_eq!(event.image(), "sha256:0");
/// assert!(event.created().is_some());
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagEvent {
    /// Shared, so that a plan names the image without copying it.
    image: Arc<str>,
    reference: Option<String>,
    created: Option<DateTime<Utc>>,
}

impl ImageStream {
    /// Reads image streams from `oc get is -o json` output: an `ImageStream`, an
    /// `ImageStreamList`, or a `List` (whose items of other kinds are skipped). A stream without
    /// `metadata.name` takes its namespace and name from `status.dockerImageRepository`.
    ///
    /// A registry that is not OpenShift is described plainly, as
    /// `{"repository": "quay.io/org/app", "tags": [{"name": "1.0", "digest": "sha256:...",
    /// "created": "..."}]}`; such a repository has no namespace and gets no `oc` commands.
    ///
    /// # Errors
    /// `invalid_input`, naming the path, when a present key has the wrong shape, a `created`
    /// time is not RFC 3339, or a stream has no name at all.
    ///
    /// # Example
    /// ```
    /// let list = serde_json::json!({"kind": "List", "items": [
    ///     {"kind": "ImageStream", "metadata": {"name": "a", "namespace": "ns"}},
    ///     {"kind": "Template", "metadata": {"name": "t"}}]});
    /// assert_eq!(imagecurator::ImageStream::from_json(&list)?.len(), 1);
    /// assert_eq!(imagecurator::ImageStream::from_json(&serde_json::json!([1])).unwrap_err().code().as_str(),
    ///            "invalid_input");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json(value: &Value) -> Result<Vec<ImageStream>, Error> {
        let object = as_object(value, &ROOT)?;
        match object.get("items") {
            Some(items) => {
                let list_of_streams = value["kind"].as_str() == Some("ImageStreamList");
                let items_path = ROOT.field("items");
                let items = as_array(items, &items_path)?;
                let mut streams = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let kind = item.get("kind").and_then(Value::as_str);
                    if kind == Some("ImageStream") || (kind.is_none() && list_of_streams) {
                        streams.push(ImageStream::read(item, &items_path.item(i))?);
                    }
                }
                Ok(streams)
            }
            None if object.contains_key("repository") => Ok(vec![ImageStream::read_plain(value, &ROOT)?]),
            None => Ok(vec![ImageStream::read(value, &ROOT)?]),
        }
    }

    fn read(value: &Value, path: &Path<'_>) -> Result<ImageStream, Error> {
        as_object(value, path)?;
        let repository =
            opt_str(&value["status"]["dockerImageRepository"], &path.field("status.dockerImageRepository"))?;
        let from_repository = repository.and_then(|r| Reference::parse(r).ok()).map(|r| {
            let (namespace, name) = r.path().rsplit_once('/').unwrap_or(("", r.path()));
            (Some(namespace.to_owned()).filter(|n| !n.is_empty()), name.to_owned())
        });
        let name = opt_str(&value["metadata"]["name"], &path.field("metadata.name"))?;
        let namespace = opt_str(&value["metadata"]["namespace"], &path.field("metadata.namespace"))?;
        let (namespace, name) = match (name, from_repository) {
            (Some(name), fallback) => (namespace.map(str::to_owned).or(fallback.and_then(|f| f.0)), name.to_owned()),
            (None, Some((ns, name))) => (namespace.map(str::to_owned).or(ns), name),
            (None, None) => return Err(invalid(path, "has no metadata.name and no status.dockerImageRepository")),
        };
        let mut tags: Vec<StreamTag> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let spec_tags = path.field("spec.tags");
        for (i, tag) in array_or_empty(&value["spec"]["tags"], &spec_tags)?.iter().enumerate() {
            let at = spec_tags.item(i);
            let tag_name = req_str(&tag["name"], &at.field("name"))?;
            let from = &tag["from"];
            let kind = opt_str(&from["kind"], &at.field("from.kind"))?;
            let source = match kind {
                Some("DockerImage") => opt_str(&from["name"], &at.field("from.name"))?.map(str::to_owned),
                _ => None,
            };
            let scheduled = opt_bool(&tag["importPolicy"]["scheduled"], &at.field("importPolicy.scheduled"))?;
            let alias_of = match kind {
                Some("ImageStreamTag") => {
                    let target = req_str(&from["name"], &at.field("from.name"))?;
                    // `name` alone, or `stream:tag` naming this stream: an alias within it.
                    match target.split_once(':') {
                        None => Some(target.to_owned()),
                        Some((stream, target)) if stream == name => Some(target.to_owned()),
                        Some(_) => None,
                    }
                }
                _ => None,
            };
            let entry = tag_entry(&mut tags, &mut index, tag_name);
            (entry.alias_of, entry.source, entry.scheduled) = (alias_of, source, scheduled.unwrap_or(false));
        }
        let status_tags = path.field("status.tags");
        for (i, tag) in array_or_empty(&value["status"]["tags"], &status_tags)?.iter().enumerate() {
            let at = status_tags.item(i);
            let tag_name = req_str(&tag["tag"], &at.field("tag"))?;
            let mut history = Vec::new();
            let items = at.field("items");
            for (j, item) in array_or_empty(&tag["items"], &items)?.iter().enumerate() {
                history.push(TagEvent::read(item, &items.item(j))?);
            }
            tag_entry(&mut tags, &mut index, tag_name).history = history;
        }
        let annotations = string_map(&value["metadata"]["annotations"], &path.field("metadata.annotations"))?;
        let labels = string_map(&value["metadata"]["labels"], &path.field("metadata.labels"))?;
        Ok(ImageStream { namespace, name, tags, registry: false, annotations, labels })
    }

    /// The plain shape for registries other than OpenShift.
    fn read_plain(value: &Value, path: &Path<'_>) -> Result<ImageStream, Error> {
        let repository = req_str(&value["repository"], &path.field("repository"))?;
        let parsed = Reference::parse(repository)
            .map_err(|e| invalid(&path.field("repository"), &format!("is not a repository: {}", e.message())))?;
        let list = path.field("tags");
        let mut tags = Vec::new();
        for (i, tag) in array_or_empty(&value["tags"], &list)?.iter().enumerate() {
            let at = list.item(i);
            let name = Arc::from(req_str(&tag["name"], &at.field("name"))?);
            let history = match opt_str(&tag["digest"], &at.field("digest"))? {
                Some(digest) => {
                    let created = read_time(&tag["created"], &at.field("created"))?;
                    vec![TagEvent { image: Arc::from(digest), reference: None, created }]
                }
                None => Vec::new(),
            };
            tags.push(StreamTag { name, alias_of: None, source: None, scheduled: false, history });
        }
        let (annotations, labels) = (BTreeMap::new(), BTreeMap::new());
        Ok(ImageStream { namespace: None, name: parsed.name().to_owned(), tags, registry: true, annotations, labels })
    }

    /// The namespace, when the input names one.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a", "namespace": "bcgov"}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].namespace(), Some("bcgov"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The stream's name.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"status": {
    ///     "dockerImageRepository": "image-registry.openshift-image-registry.svc:5000/openshift/java"}});
    /// let stream = &imagecurator::ImageStream::from_json(&json)?[0];
    /// assert_eq!((stream.namespace(), stream.name()), (Some("openshift"), "java"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this is a plain registry repository (no namespace, no `oc` commands) rather
    /// than an OpenShift image stream.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"repository": "quay.io/org/app", "tags": [{"name": "1.0", "digest": "sha256:1"}]});
    /// let repo = &imagecurator::ImageStream::from_json(&json)?[0];
    /// assert!(repo.is_registry_repository());
    /// assert_eq!(repo.name(), "quay.io/org/app");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn is_registry_repository(&self) -> bool {
        self.registry
    }

    /// The tags, in the order spec and then status first name them.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "spec": {"tags": [{"name": "x"}, {"name": "y"}]}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].tags().len(), 2);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn tags(&self) -> &[StreamTag] {
        &self.tags
    }

    /// The stream's `metadata.annotations`, sorted by key.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a", "annotations": {"owner": "jason"}}});
    /// let stream = &imagecurator::ImageStream::from_json(&json)?[0];
    /// assert_eq!(stream.annotations().get("owner").map(String::as_str), Some("jason"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn annotations(&self) -> &BTreeMap<String, String> {
        &self.annotations
    }

    /// The stream's `metadata.labels`, sorted by key.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a",
    ///     "labels": {"samples.operator.openshift.io/managed": "true"}}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].labels().len(), 1);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn labels(&self) -> &BTreeMap<String, String> {
        &self.labels
    }
}

/// The tag named `name`, added in first-seen order when new.
fn tag_entry<'a>(
    tags: &'a mut Vec<StreamTag>,
    index: &mut std::collections::HashMap<String, usize>,
    name: &str,
) -> &'a mut StreamTag {
    let at = match index.get(name) {
        Some(&i) => i,
        None => {
            tags.push(StreamTag {
                name: Arc::from(name),
                alias_of: None,
                source: None,
                scheduled: false,
                history: Vec::new(),
            });
            index.insert(name.to_owned(), tags.len() - 1);
            tags.len() - 1
        }
    };
    &mut tags[at]
}

impl StreamTag {
    /// The tag's name.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "spec": {"tags": [{"name": "1.0"}]}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].tags()[0].name(), "1.0");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn shared_name(&self) -> &Arc<str> {
        &self.name
    }

    /// The sibling tag this one follows (`from.kind: ImageStreamTag` in the same stream).
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "spec": {"tags": [
    ///     {"name": "latest", "from": {"kind": "ImageStreamTag", "name": "a:1.0"}}]}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].tags()[0].alias_of(), Some("1.0"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn alias_of(&self) -> Option<&str> {
        self.alias_of.as_deref()
    }

    /// The external image the tag imports (`from.kind: DockerImage`), when it names one.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "spec": {"tags": [
    ///     {"name": "1", "from": {"kind": "DockerImage", "name": "quay.io/org/a:1"}}]}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].tags()[0].source(), Some("quay.io/org/a:1"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Whether the tag is re-imported on a schedule (`importPolicy.scheduled: true`), which
    /// keeps it current with its source.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "spec": {"tags": [
    ///     {"name": "1", "importPolicy": {"scheduled": true}}, {"name": "2", "importPolicy": {}}]}});
    /// let tags = imagecurator::ImageStream::from_json(&json)?[0].tags().to_vec();
    /// assert_eq!((tags[0].is_scheduled(), tags[1].is_scheduled()), (true, false));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn is_scheduled(&self) -> bool {
        self.scheduled
    }

    /// The images the tag resolved to, newest first.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": "1", "items": []}]}});
    /// assert!(imagecurator::ImageStream::from_json(&json)?[0].tags()[0].history().is_empty());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn history(&self) -> &[TagEvent] {
        &self.history
    }

    /// The image the tag points to now: the newest of its history.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [
    ///     {"tag": "1", "items": [{"image": "sha256:new"}, {"image": "sha256:old"}]}]}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].tags()[0].current().unwrap().image(), "sha256:new");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn current(&self) -> Option<&TagEvent> {
        self.history.first()
    }
}

impl TagEvent {
    fn read(value: &Value, path: &Path<'_>) -> Result<TagEvent, Error> {
        as_object(value, path)?;
        let image = Arc::from(req_str(&value["image"], &path.field("image"))?);
        let reference =
            opt_str(&value["dockerImageReference"], &path.field("dockerImageReference"))?.map(str::to_owned);
        let created = read_time(&value["created"], &path.field("created"))?;
        Ok(TagEvent { image, reference, created })
    }

    /// The image's digest (`sha256:...`).
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": "1", "items": [{"image": "sha256:0"}]}]}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].tags()[0].history()[0].image(), "sha256:0");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn image(&self) -> &str {
        &self.image
    }

    pub(crate) fn shared_image(&self) -> &Arc<str> {
        &self.image
    }

    /// Where the image was pulled from (`dockerImageReference`), when recorded.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": "1", "items": [
    ///     {"image": "sha256:0", "dockerImageReference": "quay.io/a/b@sha256:0"}]}]}});
    /// assert_eq!(imagecurator::ImageStream::from_json(&json)?[0].tags()[0].history()[0].reference(), Some("quay.io/a/b@sha256:0"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    /// When the tag started pointing to the image, when recorded.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": "1", "items": [{"image": "sha256:0"}]}]}});
    /// assert!(imagecurator::ImageStream::from_json(&json)?[0].tags()[0].history()[0].created().is_none());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.created
    }
}

/// The images workloads run, from a `PodList` (or a single `Pod`, or a `List` of pods): every
/// `image` of `containers`, `initContainers` and `ephemeralContainers`, and every resolved
/// `imageID` in the container statuses.
///
/// # Errors
/// `invalid_input`, naming the path, when a present key has the wrong shape.
///
/// # Example
/// ```
/// let pods = serde_json::json!({"kind": "PodList", "items": [{"spec": {
///     "containers": [{"image": "nginx:1"}], "initContainers": [{"image": "busybox"}]}}]});
/// assert_eq!(imagecurator::images_in_use(&pods)?, ["busybox", "nginx:1"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn images_in_use(value: &Value) -> Result<Vec<String>, Error> {
    as_object(value, &ROOT)?;
    let items_path = ROOT.field("items");
    let pods: Vec<(Path<'_>, &Value)> = match value.get("items") {
        Some(items) => as_array(items, &items_path)?.iter().enumerate().map(|(i, p)| (items_path.item(i), p)).collect(),
        None => vec![(Path::Root, value)],
    };
    let mut images = Vec::new();
    for (path, pod) in &pods {
        for (list, list_path) in [
            ("containers", "spec.containers"),
            ("initContainers", "spec.initContainers"),
            ("ephemeralContainers", "spec.ephemeralContainers"),
        ] {
            let at = path.field(list_path);
            for (i, c) in array_or_empty(&pod["spec"][list], &at)?.iter().enumerate() {
                if let Some(image) = opt_str(&c["image"], &at.item(i).field("image"))? {
                    images.push(image.to_owned());
                }
            }
        }
        for (list, list_path) in [
            ("containerStatuses", "status.containerStatuses"),
            ("initContainerStatuses", "status.initContainerStatuses"),
            ("ephemeralContainerStatuses", "status.ephemeralContainerStatuses"),
        ] {
            let at = path.field(list_path);
            for (i, c) in array_or_empty(&pod["status"][list], &at)?.iter().enumerate() {
                if let Some(id) = opt_str(&c["imageID"], &at.item(i).field("imageID"))? {
                    // `docker-pullable://repo@sha256:...` and CRI-O's bare `repo@sha256:...`.
                    let id = id.split_once("://").map_or(id, |(_, rest)| rest);
                    if !id.is_empty() {
                        images.push(id.to_owned());
                    }
                }
            }
        }
    }
    images.sort();
    images.dedup();
    Ok(images)
}

/// One container of a pod: where it runs and which image it runs.
///
/// # Example
/// ```
/// let pods = serde_json::json!({"kind": "PodList", "items": [{"metadata": {"name": "web-1", "namespace": "a1b2c3-prod"},
///     "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]},
///     "status": {"containerStatuses": [{"name": "web", "imageID": "docker-pullable://nginx@sha256:abc"}]}}]});
/// let w = &imagecurator::Workload::from_json(&pods)?[0];
/// assert_eq!((w.namespace.as_deref(), w.pod.as_str(), w.container.as_str()), (Some("a1b2c3-prod"), "web-1", "web"));
/// assert_eq!((w.image.as_str(), w.image_id.as_deref()), ("nginx:1.25", Some("nginx@sha256:abc")));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Workload {
    /// The pod's namespace, when the input names one.
    pub namespace: Option<String>,
    /// The pod's name.
    pub pod: String,
    /// The container's name.
    pub container: String,
    /// The image as the pod spec names it.
    pub image: String,
    /// The image the container actually runs, from its status (`repo@sha256:...`), when known.
    pub image_id: Option<String>,
}

impl Workload {
    /// Reads every container (`containers`, `initContainers`, `ephemeralContainers`) of a
    /// `PodList`, a `List` of pods or one `Pod`, sorted by namespace, pod and container.
    ///
    /// # Errors
    /// `invalid_input`, naming the path, when a present key has the wrong shape.
    ///
    /// # Example
    /// ```
    /// let pod = serde_json::json!({"metadata": {"name": "p"}, "spec": {"initContainers": [{"name": "i", "image": "busybox"}]}});
    /// assert_eq!(imagecurator::Workload::from_json(&pod)?[0].image, "busybox");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json(value: &Value) -> Result<Vec<Workload>, Error> {
        as_object(value, &ROOT)?;
        let items_path = ROOT.field("items");
        let pods: Vec<(Path<'_>, &Value)> = match value.get("items") {
            Some(items) => {
                as_array(items, &items_path)?.iter().enumerate().map(|(i, p)| (items_path.item(i), p)).collect()
            }
            None => vec![(Path::Root, value)],
        };
        let mut out = Vec::new();
        for (path, pod) in &pods {
            let namespace = opt_str(&pod["metadata"]["namespace"], &path.field("metadata.namespace"))?;
            let name = opt_str(&pod["metadata"]["name"], &path.field("metadata.name"))?.unwrap_or_default();
            let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
            let (status, spec) = (path.field("status"), path.field("spec"));
            for list in ["containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"] {
                let at = status.field(list);
                for (i, c) in array_or_empty(&pod["status"][list], &at)?.iter().enumerate() {
                    let id = opt_str(&c["imageID"], &at.item(i).field("imageID"))?.unwrap_or_default();
                    let id = id.split_once("://").map_or(id, |(_, rest)| rest);
                    if let (Some(container), false) = (c["name"].as_str(), id.is_empty()) {
                        ids.insert(container, id);
                    }
                }
            }
            for list in ["containers", "initContainers", "ephemeralContainers"] {
                let at = spec.field(list);
                for (i, c) in array_or_empty(&pod["spec"][list], &at)?.iter().enumerate() {
                    let Some(image) = opt_str(&c["image"], &at.item(i).field("image"))? else { continue };
                    let container = opt_str(&c["name"], &at.item(i).field("name"))?.unwrap_or_default();
                    out.push(Workload {
                        namespace: namespace.map(str::to_owned),
                        pod: name.to_owned(),
                        container: container.to_owned(),
                        image: image.to_owned(),
                        image_id: ids.get(container).map(|id| (*id).to_owned()),
                    });
                }
            }
        }
        out.sort();
        Ok(out)
    }
}

/// A tag that a Template references (`from.kind: ImageStreamTag`): pruning it would break the
/// template.
///
/// # Example
/// ```
/// let template = serde_json::json!({"kind": "Template", "objects": [{"kind": "BuildConfig", "spec": {
///     "strategy": {"sourceStrategy": {"from": {"kind": "ImageStreamTag", "name": "python:3.9", "namespace": "openshift"}}}}}]});
/// let pins = imagecurator::template_pins(&template)?;
/// assert_eq!((pins[0].namespace(), pins[0].stream(), pins[0].tag()), (Some("openshift"), "python", "3.9"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TemplatePin {
    namespace: Option<String>,
    stream: String,
    tag: String,
}

impl TemplatePin {
    /// The namespace the template names; `None` when it names none or a parameter
    /// (`${NAMESPACE}`), which then pins the tag in every namespace.
    ///
    /// # Example
    /// ```
    /// let t = serde_json::json!({"objects": [{"from": {"kind": "ImageStreamTag", "name": "a:1", "namespace": "${NS}"}}]});
    /// assert_eq!(imagecurator::template_pins(&t)?[0].namespace(), None);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The image stream.
    ///
    /// # Example
    /// ```
    /// let t = serde_json::json!({"objects": [{"from": {"kind": "ImageStreamTag", "name": "a:1"}}]});
    /// assert_eq!(imagecurator::template_pins(&t)?[0].stream(), "a");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn stream(&self) -> &str {
        &self.stream
    }

    /// The tag.
    ///
    /// # Example
    /// ```
    /// let t = serde_json::json!({"objects": [{"from": {"kind": "ImageStreamTag", "name": "a:1"}}]});
    /// assert_eq!(imagecurator::template_pins(&t)?[0].tag(), "1");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn tag(&self) -> &str {
        &self.tag
    }
}

/// The tags Templates pin: every `from` with `kind: ImageStreamTag` anywhere in a Template, a
/// `TemplateList` or a `List`, with parameters (`${...}`) in the stream or tag skipped, as they
/// are not known until the template is processed.
///
/// # Errors
/// `invalid_input` when the top level is not an object.
///
/// # Example
/// ```
/// let t = serde_json::json!({"objects": [{"from": {"kind": "ImageStreamTag", "name": "a:${VERSION}"}}]});
/// assert!(imagecurator::template_pins(&t)?.is_empty());
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn template_pins(value: &Value) -> Result<Vec<TemplatePin>, Error> {
    as_object(value, &ROOT)?;
    let mut pins = Vec::new();
    collect_pins(value, &mut pins);
    pins.sort();
    pins.dedup();
    Ok(pins)
}

fn collect_pins(value: &Value, pins: &mut Vec<TemplatePin>) {
    match value {
        Value::Object(map) => {
            if let Some(from) = map.get("from").filter(|f| f["kind"] == "ImageStreamTag") {
                if let Some((stream, tag)) = from["name"].as_str().and_then(|n| n.split_once(':')) {
                    if !stream.contains("${") && !tag.contains("${") {
                        let namespace = from["namespace"].as_str().filter(|n| !n.contains("${")).map(str::to_owned);
                        pins.push(TemplatePin { namespace, stream: stream.to_owned(), tag: tag.to_owned() });
                    }
                }
            }
            map.values().for_each(|v| collect_pins(v, pins));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_pins(v, pins)),
        _ => {}
    }
}

/// An optional RFC 3339 time.
fn read_time(value: &Value, path: &Path<'_>) -> Result<Option<DateTime<Utc>>, Error> {
    match opt_str(value, path)? {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| invalid(path, &format!("`{text}` is not an RFC 3339 time: {e}"))),
        None => Ok(None),
    }
}

/// Where in the input a value sits, built without allocating and written out only for an error:
/// `$.items[3].status.tags[0].items[1].created`.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Field(&'a Path<'a>, &'a str),
    Item(&'a Path<'a>, usize),
}

static ROOT: Path<'static> = Path::Root;

impl<'a> Path<'a> {
    fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }
    fn item(&'a self, index: usize) -> Path<'a> {
        Path::Item(self, index)
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => f.write_str("$"),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Item(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

#[cold]
fn invalid(path: &Path<'_>, what: &str) -> Error {
    let shown = path.to_string();
    let message = format!("input at {shown} {what}");
    match shown.strip_prefix("$.") {
        Some(inner) => Error::in_document(ErrorCode::InvalidInput, inner, message),
        None => Error::new(ErrorCode::InvalidInput, message),
    }
}

fn as_object<'a>(value: &'a Value, path: &Path<'_>) -> Result<&'a serde_json::Map<String, Value>, Error> {
    value.as_object().ok_or_else(|| invalid(path, &format!("must be an object, found {}", kind_of(value))))
}

fn as_array<'a>(value: &'a Value, path: &Path<'_>) -> Result<&'a Vec<Value>, Error> {
    value.as_array().ok_or_else(|| invalid(path, &format!("must be an array, found {}", kind_of(value))))
}

/// An array, or nothing when the key is absent or null (Kubernetes writes both).
fn array_or_empty<'a>(value: &'a Value, path: &Path<'_>) -> Result<&'a [Value], Error> {
    match value {
        Value::Null => Ok(&[]),
        other => as_array(other, path).map(Vec::as_slice),
    }
}

fn opt_str<'a>(value: &'a Value, path: &Path<'_>) -> Result<Option<&'a str>, Error> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(invalid(path, &format!("must be a string, found {}", kind_of(other)))),
    }
}

fn opt_bool(value: &Value, path: &Path<'_>) -> Result<Option<bool>, Error> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        other => Err(invalid(path, &format!("must be a boolean, found {}", kind_of(other)))),
    }
}

/// A map of strings (annotations, labels); nothing when absent.
fn string_map(value: &Value, path: &Path<'_>) -> Result<BTreeMap<String, String>, Error> {
    let mut map = BTreeMap::new();
    if value.is_null() {
        return Ok(map);
    }
    for (key, v) in as_object(value, path)? {
        let text = opt_str(v, &path.field(key))?.unwrap_or_default();
        map.insert(key.clone(), text.to_owned());
    }
    Ok(map)
}

fn req_str<'a>(value: &'a Value, path: &Path<'_>) -> Result<&'a str, Error> {
    opt_str(value, path)?.ok_or_else(|| invalid(path, "is missing"))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
