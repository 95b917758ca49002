//! OpenShift and Kubernetes input, read leniently from the JSON that `oc get ... -o json`
//! prints: ImageStreams (alone, as an `ImageStreamList`, or in a `List`), the images workloads
//! use (a `PodList` or plain references), and the tags Templates pin. Every key may be absent;
//! a key that is present with the wrong shape is an `invalid_input` error naming its path.

use crate::error::{Error, ErrorCode};
use crate::io::json::{self as input, RawPod, RawStream, Str};
use crate::names::Reference;
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
    /// `status.publicDockerImageRepository`, canonical: the name the cluster's external
    /// registry route serves the stream under.
    public_repository: Option<String>,
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
    /// `from` when it is an `ImageStreamTag` of another stream: (namespace, stream, tag).
    /// Boxed: few tags follow another stream, and a cluster has a million tags.
    follows: Option<Box<(String, String, String)>>,
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
    /// `ImageStreamList`, or a `List` (whose items of other kinds are skipped), or an array of
    /// such documents. A stream without
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
        ImageStream::from_documents(input::read(value)?, "")
    }

    /// Reads image streams from JSON text, as [`ImageStream::from_json`] does, without building
    /// a `serde_json::Value` first: the way to read a whole cluster's `oc get is -A -o json`.
    ///
    /// # Errors
    /// As [`ImageStream::from_json`], and `invalid_input` when the text is not JSON.
    ///
    /// # Example
    /// ```
    /// let text = r#"{"kind": "ImageStream", "metadata": {"name": "a", "namespace": "ns"},
    ///     "status": {"tags": [{"tag": "1.0", "items": [{"image": "sha256:1", "created": "2024-01-01T00:00:00Z"}]}]}}"#;
    /// let streams = imagecurator::ImageStream::from_json_str(text)?;
    /// assert_eq!(streams[0].tags()[0].history()[0].image(), "sha256:1");
    /// let err = imagecurator::ImageStream::from_json_str(r#"{"metadata": {"name": 5}}"#).unwrap_err();
    /// assert_eq!(err.path(), Some("metadata.name"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json_str(text: &str) -> Result<Vec<ImageStream>, Error> {
        ImageStream::from_documents(input::read_text(text)?, "")
    }

    /// The streams of one document, or of each of an array of them; errors are placed under
    /// `key` (the inventory key they came from, or nothing at the top level).
    pub(crate) fn from_documents(
        documents: input::OneOrMany<RawStream<'_>>,
        key: &str,
    ) -> Result<Vec<ImageStream>, Error> {
        ImageStream::from_documents_counting(documents, key, &mut BTreeMap::new())
    }

    /// [`ImageStream::from_documents`], counting by kind the List items that are not streams
    /// into `unused`, so that a caller can say what it read and did not use.
    pub(crate) fn from_documents_counting(
        documents: input::OneOrMany<RawStream<'_>>,
        key: &str,
        unused: &mut BTreeMap<String, usize>,
    ) -> Result<Vec<ImageStream>, Error> {
        match documents {
            input::OneOrMany::One(document) => ImageStream::from_raw(document, unused).map_err(|e| e.within(key)),
            input::OneOrMany::Many(documents) => {
                let mut streams = Vec::new();
                for (i, document) in documents.into_iter().enumerate() {
                    let read = ImageStream::from_raw(document, unused).map_err(|e| e.within(&format!("{key}[{i}]")))?;
                    streams.extend(read);
                }
                Ok(streams)
            }
        }
    }

    /// The streams one read document holds.
    pub(crate) fn from_raw(
        raw: RawStream<'_>,
        unused: &mut BTreeMap<String, usize>,
    ) -> Result<Vec<ImageStream>, Error> {
        let Some(items) = raw.items else {
            let stream = match raw.repository {
                Some(_) => ImageStream::from_plain(raw, "")?,
                None => ImageStream::from_stream(raw, None)?,
            };
            return Ok(vec![stream]);
        };
        // An item without a kind is a stream in an ImageStreamList, and elsewhere when its shape
        // is a stream's (`spec.tags`, `status`: `oc get is` status-only output has no kinds);
        // otherwise it is an error, never dropped. The list's own kind may come after its
        // items, so every item was read as a stream first.
        let list_of_streams = raw.kind.as_deref() == Some("ImageStreamList");
        for kind in items.1 {
            *unused.entry(kind).or_default() += 1;
        }
        let mut streams = Vec::with_capacity(items.0.len());
        for item in items.0 {
            if !item.kindless || list_of_streams || item.shaped {
                streams.push(item.stream?);
            } else {
                return Err(Error::in_document(
                    ErrorCode::InvalidInput,
                    &format!("items[{}]", item.position),
                    format!(
                        "input at items[{}] has no `kind`, and its shape does not tell one: give it `kind: ImageStream`",
                        item.position
                    ),
                ));
            }
        }
        Ok(streams)
    }

    /// One OpenShift image stream; `item` is its position in a list, for the path of an error.
    pub(crate) fn from_stream<I>(raw: input::RawStreamDoc<'_, I>, item: Option<usize>) -> Result<ImageStream, Error> {
        let at = || item.map(|i| format!("items[{i}].")).unwrap_or_default();
        let metadata = raw.metadata.unwrap_or_default();
        let status = raw.status.unwrap_or_default();
        let public_repository = status
            .public_docker_image_repository
            .as_deref()
            .and_then(|r| Reference::parse(r).ok())
            .map(|r| r.name().to_owned());
        let from_repository =
            status.docker_image_repository.as_deref().and_then(|r| Reference::parse(r).ok()).map(|r| {
                let (namespace, name) = r.path().rsplit_once('/').unwrap_or(("", r.path()));
                (Some(namespace.to_owned()).filter(|n| !n.is_empty()), name.to_owned())
            });
        let namespace = metadata.namespace.map(|n| n.0.into_owned());
        let (namespace, name) = match (metadata.name, from_repository) {
            (Some(name), fallback) => (namespace.or(fallback.and_then(|f| f.0)), name.0.into_owned()),
            (None, Some((ns, name))) => (namespace.or(ns), name),
            (None, None) => {
                let at = at();
                let path = format!("{at}metadata.name");
                let message =
                    format!("input at $.{at}metadata has no name and status.dockerImageRepository names none");
                return Err(Error::in_document(ErrorCode::InvalidInput, path.trim_end_matches('.'), message));
            }
        };
        let spec_tags = raw.spec.and_then(|s| s.tags).unwrap_or_default();
        let status_tags = status.tags.unwrap_or_default();
        let mut tags: Vec<StreamTag> = Vec::with_capacity(spec_tags.len().max(status_tags.len()));
        let mut index: foldhash::HashMap<Str<'_>, usize> =
            foldhash::HashMap::with_capacity_and_hasher(tags.capacity(), Default::default());
        for tag in spec_tags {
            let from = tag.from.unwrap_or_default();
            let source = match from.kind.as_deref() {
                Some("DockerImage") => from.name.as_ref().map(|n| n.to_string()),
                _ => None,
            };
            // `name` alone, or `stream:tag` naming this stream: an alias within it.
            let alias_of = match (from.kind.as_deref(), from.name.as_deref()) {
                (Some("ImageStreamTag"), Some(target)) => match target.split_once(':') {
                    None => Some(target.to_owned()),
                    Some((stream, target)) if stream == name => Some(target.to_owned()),
                    Some(_) => None,
                },
                _ => None,
            };
            // `stream:tag` of another stream (here or in another namespace): that tag is in use.
            let follows = match (from.kind.as_deref(), from.name.as_deref()) {
                (Some("ImageStreamTag"), Some(target)) => {
                    let target_ns = from.namespace.as_deref().filter(|n| !n.is_empty()).or(namespace.as_deref());
                    match (target.split_once(':'), target_ns) {
                        (Some((stream, tag)), Some(ns)) if stream != name || Some(ns) != namespace.as_deref() => {
                            Some(Box::new((ns.to_owned(), stream.to_owned(), tag.to_owned())))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            let scheduled = tag.import_policy.and_then(|p| p.scheduled).unwrap_or(false);
            let entry = tag_entry(&mut tags, &mut index, tag.name);
            (entry.alias_of, entry.source, entry.follows, entry.scheduled) = (alias_of, source, follows, scheduled);
        }
        for tag in status_tags {
            tag_entry(&mut tags, &mut index, tag.tag).history = tag.items.unwrap_or_default().0;
        }
        let annotations = input::string_map(metadata.annotations);
        let labels = input::string_map(metadata.labels);
        Ok(ImageStream { namespace, name, tags, registry: false, annotations, labels, public_repository })
    }

    /// The plain shape for registries other than OpenShift.
    fn from_plain<I>(raw: input::RawStreamDoc<'_, I>, at: &str) -> Result<ImageStream, Error> {
        let repository = raw.repository.unwrap_or_default();
        let parsed = Reference::parse(&repository).map_err(|e| {
            let path = format!("{at}repository");
            Error::in_document(
                ErrorCode::InvalidInput,
                &path,
                format!("input at $.{path} is not a repository: {}", e.message()),
            )
        })?;
        let tags = raw
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|tag| StreamTag {
                name: Arc::from(&*tag.name),
                alias_of: None,
                source: None,
                follows: None,
                scheduled: false,
                history: tag
                    .digest
                    .map(|digest| {
                        vec![TagEvent {
                            image: Arc::from(&*digest),
                            reference: None,
                            created: tag.created.map(|t| t.0),
                        }]
                    })
                    .unwrap_or_default(),
            })
            .collect();
        let (annotations, labels) = (BTreeMap::new(), BTreeMap::new());
        let name = parsed.name().to_owned();
        Ok(ImageStream { namespace: None, name, tags, registry: true, annotations, labels, public_repository: None })
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

    /// Keeps the tags `keep` says stay, in their order (what `oc tag -d` leaves).
    pub(crate) fn retain_tags(&mut self, keep: impl FnMut(&StreamTag) -> bool) {
        self.tags.retain(keep);
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

    /// The name the cluster's external registry route serves the stream under
    /// (`status.publicDockerImageRepository`), in canonical form, when the cluster has one.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "app", "namespace": "ns"}, "status": {
    ///     "publicDockerImageRepository": "default-route-openshift-image-registry.apps.example.com/ns/app"}});
    /// let streams = imagecurator::ImageStream::from_json(&json)?;
    /// assert_eq!(streams[0].public_repository(), Some("default-route-openshift-image-registry.apps.example.com/ns/app"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn public_repository(&self) -> Option<&str> {
        self.public_repository.as_deref()
    }
}

/// The tag named `name`, added in first-seen order when new.
fn tag_entry<'t, 'a>(
    tags: &'t mut Vec<StreamTag>,
    index: &mut foldhash::HashMap<Str<'a>, usize>,
    name: Str<'a>,
) -> &'t mut StreamTag {
    let at = match index.get(&name) {
        Some(&i) => i,
        None => {
            tags.push(StreamTag {
                name: Arc::from(&*name),
                alias_of: None,
                source: None,
                follows: None,
                scheduled: false,
                history: Vec::new(),
            });
            index.insert(name, tags.len() - 1);
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

    /// The tag of another image stream this tag follows (`from.kind: ImageStreamTag` naming
    /// another stream, or the same stream in another namespace), as (namespace, stream, tag):
    /// that tag is in use while this one points at it.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "nodejs-10", "namespace": "team-tools"}, "spec": {"tags": [
    ///     {"name": "1", "from": {"kind": "ImageStreamTag", "name": "nodejs:10", "namespace": "openshift"}}]}});
    /// let streams = imagecurator::ImageStream::from_json(&json)?;
    /// assert_eq!(streams[0].tags()[0].follows(), Some(("openshift", "nodejs", "10")));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn follows(&self) -> Option<(&str, &str, &str)> {
        self.follows.as_deref().map(|(ns, stream, tag)| (ns.as_str(), stream.as_str(), tag.as_str()))
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
    pub(crate) fn new(image: &str, reference: Option<String>, created: Option<DateTime<Utc>>) -> TagEvent {
        TagEvent { image: Arc::from(image), reference, created }
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
    Ok(images_of(&Workload::from_json(value)?))
}

/// The images workloads name and run, sorted and once each.
fn images_of(workloads: &[Workload]) -> Vec<String> {
    // Sorted and deduplicated as borrowed text, so that each image is copied once.
    let mut images: Vec<&String> =
        workloads.iter().flat_map(|w| std::iter::once(&w.image).chain(w.image_id.as_ref())).collect();
    images.sort_unstable();
    images.dedup();
    images.into_iter().cloned().collect()
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
        Ok(Workload::from_raw(input::read(value)?))
    }

    /// The containers of one read pod document (a pod or a list of them), sorted.
    pub(crate) fn from_raw(raw: RawPod<'_>) -> Vec<Workload> {
        let mut out = Vec::new();
        match raw.items {
            Some(items) => items.into_iter().for_each(|pod| Workload::of_pod(pod, &mut out)),
            None => Workload::of_pod(raw, &mut out),
        }
        // Equal workloads are identical, so an unstable sort gives the same order, faster.
        out.sort_unstable();
        out
    }

    fn of_pod<I>(pod: input::RawPodDoc<'_, I>, out: &mut Vec<Workload>) {
        let metadata = pod.metadata.unwrap_or_default();
        let namespace = metadata.namespace.map(|n| n.0.into_owned());
        let name = metadata.name.map(|n| n.0.into_owned()).unwrap_or_default();
        let status = pod.status.unwrap_or_default();
        // (container, image id) of each status, borrowed: a pod has a few containers, and a
        // cluster a hundred thousand pods. A later status of the same container wins.
        let mut ids: Vec<(Str<'_>, Option<Str<'_>>)> = Vec::new();
        for list in [status.container_statuses, status.init_container_statuses, status.ephemeral_container_statuses] {
            for c in list.unwrap_or_default() {
                let id = c.image_id.unwrap_or_default();
                if without_scheme(&id).is_empty() {
                    continue;
                }
                let container = c.name.unwrap_or_default();
                match ids.iter_mut().find(|(name, _)| *name == container) {
                    Some(slot) => slot.1 = Some(id),
                    None => ids.push((container, Some(id))),
                }
            }
        }
        let spec = pod.spec.unwrap_or_default();
        for list in [spec.containers, spec.init_containers, spec.ephemeral_containers] {
            for c in list.unwrap_or_default() {
                let Some(image) = c.image else { continue };
                let container = c.name.unwrap_or_default();
                let id = ids.iter_mut().find(|(name, _)| *name == container).and_then(|(_, id)| id.take());
                out.push(Workload {
                    namespace: namespace.clone(),
                    pod: name.clone(),
                    image_id: id.map(|id| without_scheme(&id).to_owned()),
                    container: container.0.into_owned(),
                    image: image.0.into_owned(),
                });
            }
        }
        // A status no spec container claims still says what runs.
        for (container, id) in ids {
            let Some(id) = id else { continue };
            let (pod, namespace, id) = (name.clone(), namespace.clone(), without_scheme(&id).to_owned());
            out.push(Workload {
                namespace,
                pod,
                container: container.0.into_owned(),
                image: id.clone(),
                image_id: Some(id),
            });
        }
    }
}

/// An image id without its scheme: `docker-pullable://repo@sha256:...` as CRI-O's bare
/// `repo@sha256:...`.
pub(crate) fn without_scheme(id: &str) -> &str {
    let bytes = id.as_bytes();
    let mut from = 0;
    while let Some(colon) = bytes[from..].iter().position(|&b| b == b':').map(|i| from + i) {
        if bytes[colon + 1..].starts_with(b"//") {
            return &id[colon + 3..];
        }
        from = colon + 1;
    }
    id
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
    if !value.is_object() {
        return Err(Error::new(ErrorCode::InvalidInput, "a template document must be an object"));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_ids_lose_their_scheme_only() {
        let digest = format!("sha256:{}", "a".repeat(64));
        for (id, expected) in [
            (format!("docker-pullable://quay.io/x@{digest}"), format!("quay.io/x@{digest}")),
            (format!("cri-o://registry:5000/x@{digest}"), format!("registry:5000/x@{digest}")),
            (format!("registry:5000/x@{digest}"), format!("registry:5000/x@{digest}")),
            (format!("x@{digest}"), format!("x@{digest}")),
            ("://".to_owned(), String::new()),
            (String::new(), String::new()),
        ] {
            assert_eq!(without_scheme(&id), expected, "{id}");
        }
    }

    #[test]
    fn statuses_pair_with_their_containers_and_unclaimed_ones_still_count() {
        let pod = serde_json::json!({"metadata": {"name": "p", "namespace": "a1b2c3-prod"},
            "spec": {"containers": [{"name": "a", "image": "nginx:1"}, {"name": "b", "image": "busybox"}]},
            "status": {"containerStatuses": [
                {"name": "b", "imageID": "docker-pullable://busybox@sha256:1"},
                {"name": "a", "imageID": ""},
                {"name": "c", "imageID": "docker-pullable://sidecar@sha256:2"},
                {"name": "b", "imageID": "docker-pullable://busybox@sha256:3"}]}});
        let workloads = Workload::from_json(&pod).unwrap();
        let seen: Vec<(&str, &str, Option<&str>)> =
            workloads.iter().map(|w| (w.container.as_str(), w.image.as_str(), w.image_id.as_deref())).collect();
        assert_eq!(
            seen,
            [
                ("a", "nginx:1", None),
                ("b", "busybox", Some("busybox@sha256:3")),
                ("c", "sidecar@sha256:2", Some("sidecar@sha256:2"))
            ]
        );
    }

    fn names(streams: &[ImageStream]) -> Vec<&str> {
        streams.iter().map(ImageStream::name).collect()
    }

    /// An item without a kind is a stream only in an ImageStreamList, whether the list's kind
    /// comes before its items or after them.
    #[test]
    fn kindless_items_are_streams_in_a_stream_list_or_by_shape_and_else_refused() {
        let items = r#"[{"metadata": {"name": "a"}}, {"kind": "ImageStream", "metadata": {"name": "b"}}]"#;
        for document in [
            format!(r#"{{"kind": "ImageStreamList", "items": {items}}}"#),
            format!(r#"{{"items": {items}, "kind": "ImageStreamList"}}"#),
        ] {
            assert_eq!(names(&ImageStream::from_json_str(&document).unwrap()), ["a", "b"], "{document}");
        }
        // In a List, a kindless item with nothing of a stream's shape is refused, not dropped.
        for document in [format!(r#"{{"kind": "List", "items": {items}}}"#), format!(r#"{{"items": {items}}}"#)] {
            let err = ImageStream::from_json_str(&document).unwrap_err();
            assert_eq!(err.path(), Some("items[0]"), "{document}");
        }
        // With a stream's shape (status-only `oc get is` output has no kinds), it is a stream.
        let shaped = r#"{"kind": "List", "items": [{"metadata": {"name": "a"}, "status": {"tags": []}},
            {"metadata": {"name": "c"}, "spec": {"tags": []}}, {"kind": "Template", "metadata": {"name": "t"}}]}"#;
        assert_eq!(names(&ImageStream::from_json_str(shaped).unwrap()), ["a", "c"]);
    }

    /// A kindless item that would be an error is one only where it counts as a stream, and the
    /// error names its position among all items, those of other kinds included.
    #[test]
    fn an_item_is_judged_only_where_it_counts() {
        let items =
            r#"[{"kind": "Template", "metadata": {"name": "t"}}, {"metadata": {"name": "a"}}, {"metadata": {}}]"#;
        let list = format!(r#"{{"items": {items}, "kind": "List"}}"#);
        assert_eq!(ImageStream::from_json_str(&list).unwrap_err().path(), Some("items[1]"));
        let streams = format!(r#"{{"items": {items}, "kind": "ImageStreamList"}}"#);
        let err = ImageStream::from_json_str(&streams).unwrap_err();
        assert_eq!(err.path(), Some("items[2].metadata.name"));
    }
}
