//! Retention: keep at most N versions of each image, ordered by version (never by push time),
//! counting images (digests) rather than tags, never pruning what is in use, pinned or
//! protected, and saying why for every tag.

use crate::error::{Error, ErrorCode};
use crate::openshift::{ImageStream, StreamTag, TemplatePin};
use crate::pattern::NamespacePattern;
use crate::reference::Reference;
use crate::tag::{Tag, TagKind};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

/// How versions are grouped before the newest N of each group are kept.
///
/// # Example
/// ```
/// let policy: imagecurator::RetentionPolicy = serde_json::from_str(r#"{"group_by": "major"}"#)?;
/// assert_eq!(policy.group_by, imagecurator::GroupBy::Major);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GroupBy {
    /// One group per image stream: its versions ranked across lines by version, then line.
    #[default]
    Image,
    /// One group per variant line (`-el8`, `-ubi9`, or none).
    Line,
    /// One group per line and major version.
    Major,
    /// One group per line and major.minor version.
    MajorMinor,
}

/// What happens to pre-releases (`1.0.0-rc.1`).
///
/// # Example
/// ```
/// use imagecurator::Prereleases;
/// let p: Prereleases = serde_json::from_str(r#"{"keep_newest": 1}"#)?;
/// assert_eq!(p, Prereleases::KeepNewest(1));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Prereleases {
    /// Counted like any other version.
    #[default]
    Count,
    /// Ranked apart: only the newest N pre-releases of each group are kept, and they do not
    /// count toward `keep`.
    KeepNewest(u32),
    /// Pruned once the release they lead to exists; otherwise counted.
    PruneReleased,
}

/// Which tags are protected from the version rule by name.
///
/// # Example
/// ```
/// let p: imagecurator::ProtectedTags = serde_json::from_str(r#"{"include": ["release-*"]}"#)?;
/// assert!(p.floating && p.include[0].matches("release-2024"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProtectedTags {
    /// Protect every floating word tag (`latest`, `stable`, `dev`, `test`, `prod`, ...).
    pub floating: bool,
    /// Patterns (exact, glob or regex, as for namespaces) of tags to protect.
    pub include: Vec<NamespacePattern>,
    /// Patterns of tags that are never protected by name (they may still be in use).
    pub exclude: Vec<NamespacePattern>,
}

impl Default for ProtectedTags {
    fn default() -> ProtectedTags {
        ProtectedTags { floating: true, include: Vec::new(), exclude: Vec::new() }
    }
}

impl ProtectedTags {
    fn protects(&self, name: &str, kind: Option<TagKind>) -> bool {
        let named = self.include.iter().any(|p| p.matches(name)) || (self.floating && kind == Some(TagKind::Floating));
        named && !self.exclude.iter().any(|p| p.matches(name))
    }
}

/// Settings that replace the defaults for namespaces a pattern matches (first match wins).
///
/// # Example
/// ```
/// let o: imagecurator::PolicyOverride = serde_json::from_str(r#"{"namespaces": "*-prod", "keep": 5}"#)?;
/// assert_eq!(o.keep, Some(5));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyOverride {
    /// The namespaces this applies to.
    pub namespaces: NamespacePattern,
    /// Versions to keep per group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<u32>,
    /// Grouping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<GroupBy>,
    /// Pre-release handling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prereleases: Option<Prereleases>,
}

/// A retention policy. The default carries out the strategy: keep 3 versions per image,
/// protect floating tags, keep anything younger than 60 minutes (as `oc adm prune` does).
///
/// # Example
/// ```
/// let policy: imagecurator::RetentionPolicy = serde_json::from_str(
///     r#"{"keep": 3, "overrides": [{"namespaces": "*-prod", "keep": 5}]}"#)?;
/// assert_eq!(policy.keep_for(Some("a1b2c3-prod")), 5);
/// assert_eq!(policy.keep_for(Some("a1b2c3-dev")), 3);
/// assert_eq!(imagecurator::RetentionPolicy::default().keep, 3);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionPolicy {
    /// Versions (images, not tags) to keep per group; at least 1.
    pub keep: u32,
    /// How versions are grouped.
    pub group_by: GroupBy,
    /// What happens to pre-releases.
    pub prereleases: Prereleases,
    /// Tags protected by name.
    pub protect: ProtectedTags,
    /// Tags whose image is younger than this are kept (needs `now`).
    pub min_age_minutes: u64,
    /// Revision history: keep only the newest N images in each tag's history
    /// (`status.tags[].items[]`), as `oc adm prune images --keep-tag-revisions=N` does. Off when
    /// absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_tag_revisions: Option<u32>,
    /// Per-namespace settings, first match wins.
    pub overrides: Vec<PolicyOverride>,
}

impl Default for RetentionPolicy {
    fn default() -> RetentionPolicy {
        RetentionPolicy {
            keep: 3,
            group_by: GroupBy::Image,
            prereleases: Prereleases::Count,
            protect: ProtectedTags::default(),
            min_age_minutes: 60,
            keep_tag_revisions: None,
            overrides: Vec::new(),
        }
    }
}

impl RetentionPolicy {
    /// Checks the policy's own rules.
    ///
    /// # Errors
    /// `invalid_policy` when `keep` (or an override's) is below 1: the newest version of a
    /// line is always kept, and a policy that asks for less is refused rather than bent.
    ///
    /// # Example
    /// ```
    /// let policy = imagecurator::RetentionPolicy { keep: 0, ..Default::default() };
    /// assert_eq!(policy.check().unwrap_err().code().as_str(), "invalid_policy");
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        if self.keep < 1 {
            return Err(Error::new(
                ErrorCode::InvalidPolicy,
                "retention policy keep is 0; it must keep at least 1 version",
            ));
        }
        if self.keep_tag_revisions == Some(0) {
            return Err(Error::new(
                ErrorCode::InvalidPolicy,
                "retention policy keep_tag_revisions is 0; a tag keeps at least its current image",
            ));
        }
        for (i, o) in self.overrides.iter().enumerate() {
            if o.keep == Some(0) {
                return Err(Error::new(
                    ErrorCode::InvalidPolicy,
                    format!("retention policy overrides[{i}].keep is 0; it must keep at least 1 version"),
                ));
            }
        }
        Ok(())
    }

    fn override_for(&self, namespace: Option<&str>) -> Option<&PolicyOverride> {
        let namespace = namespace?;
        self.overrides.iter().find(|o| o.namespaces.matches(namespace))
    }

    /// Versions to keep per group in a namespace.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::RetentionPolicy::default().keep_for(None), 3);
    /// ```
    pub fn keep_for(&self, namespace: Option<&str>) -> u32 {
        self.override_for(namespace).and_then(|o| o.keep).unwrap_or(self.keep)
    }

    fn group_by_for(&self, namespace: Option<&str>) -> GroupBy {
        self.override_for(namespace).and_then(|o| o.group_by).unwrap_or(self.group_by)
    }

    fn prereleases_for(&self, namespace: Option<&str>) -> Prereleases {
        self.override_for(namespace).and_then(|o| o.prereleases).unwrap_or(self.prereleases)
    }
}

/// Keep or prune.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&imagecurator::Action::Prune).unwrap(), "\"prune\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The tag stays.
    Keep,
    /// The tag goes (`oc tag -d`).
    Prune,
}

/// Why a tag is kept or pruned; serialized in kebab-case (`within-newest-n`).
///
/// # Example
/// ```
/// use imagecurator::Reason;
/// assert_eq!(Reason::InUse.as_str(), "in-use");
/// assert_eq!(Reason::InUse.rule(), "protection");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Reason {
    /// A workload runs the tag or its image.
    InUse,
    /// A Template references the tag.
    PinnedByTemplate,
    /// The tag's name is protected (a floating word, or a protect pattern).
    ProtectedPattern,
    /// The tag's image is younger than the policy's minimum age.
    TooYoung,
    /// The tag has never resolved to an image.
    NotImported,
    /// The tag is not a version, and the version rule leaves it alone.
    NotAVersion,
    /// The tag's image is among the newest N versions of its group.
    WithinNewestN,
    /// The tag's image is the newest of its variant line (the safety floor).
    NewestOfLine,
    /// The tag points to an image that another kept tag points to.
    AliasOfKept,
    /// A pre-release among the newest N pre-releases kept.
    WithinNewestPrereleases,
    /// The tag's image is older than the newest N versions of its group.
    BeyondNewestN,
    /// A pre-release beyond the newest N pre-releases kept.
    BeyondNewestPrereleases,
    /// A pre-release whose release exists.
    SupersededByRelease,
}

impl Reason {
    /// The kebab-case code.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reason::BeyondNewestN.as_str(), "beyond-newest-n");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::InUse => "in-use",
            Reason::PinnedByTemplate => "pinned-by-template",
            Reason::ProtectedPattern => "protected-pattern",
            Reason::TooYoung => "too-young",
            Reason::NotImported => "not-imported",
            Reason::NotAVersion => "not-a-version",
            Reason::WithinNewestN => "within-newest-n",
            Reason::NewestOfLine => "newest-of-line",
            Reason::AliasOfKept => "alias-of-kept",
            Reason::WithinNewestPrereleases => "within-newest-prereleases",
            Reason::BeyondNewestN => "beyond-newest-n",
            Reason::BeyondNewestPrereleases => "beyond-newest-prereleases",
            Reason::SupersededByRelease => "superseded-by-release",
        }
    }

    /// The rule that decided: `protection`, `version-count`, `safety-floor` or `alias`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reason::NewestOfLine.rule(), "safety-floor");
    /// ```
    pub fn rule(self) -> &'static str {
        match self {
            Reason::InUse
            | Reason::PinnedByTemplate
            | Reason::ProtectedPattern
            | Reason::TooYoung
            | Reason::NotImported
            | Reason::NotAVersion => "protection",
            Reason::NewestOfLine => "safety-floor",
            Reason::AliasOfKept => "alias",
            _ => "version-count",
        }
    }
}

/// The decision for one tag.
///
/// # Example
/// ```
/// # use imagecurator::*;
/// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": "latest", "items": [{"image": "sha256:1"}]}]}});
/// let plan = plan_retention(&RetentionPolicy::default(), &ImageStream::from_json(&json)?, &RetentionContext::default())?;
/// let d = &plan.decisions[0];
/// assert_eq!((&*d.tag, d.action, d.reason), ("latest", Action::Keep, Reason::ProtectedPattern));
/// assert_eq!(&*d.stream, "a");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagDecision {
    /// The stream's namespace, when known.
    pub namespace: Option<Arc<str>>,
    /// The image stream.
    pub stream: Arc<str>,
    /// The tag.
    pub tag: Arc<str>,
    /// The image the tag points to, when it has one.
    pub image: Option<Arc<str>>,
    /// Keep or prune.
    pub action: Action,
    /// Why.
    pub reason: Reason,
    /// The rule that decided (see [`Reason::rule`]).
    pub rule: &'static str,
    /// The `keep` that applied to the stream, for the sentence.
    keep_n: u32,
    /// Whether the stream is a plain registry repository, which `oc tag -d` cannot touch.
    registry: bool,
}

impl TagDecision {
    /// A sentence a person can read, written when asked for (and when serialized) rather than
    /// stored for each of a million tags.
    ///
    /// # Example
    /// ```
    /// # use imagecurator::*;
    /// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": "latest", "items": [{"image": "sha256:1"}]}]}});
    /// let plan = plan_retention(&RetentionPolicy::default(), &ImageStream::from_json(&json)?, &RetentionContext::default())?;
    /// assert_eq!(plan.decisions[0].message(), "keep a:latest (sha256:1): its name is protected");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn message(&self) -> String {
        Message(self).to_string()
    }
}

/// A decision's sentence, written straight into whatever formats it: serializing a million
/// decisions then builds no string for each.
struct Message<'a>(&'a TagDecision);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        f.write_str(if d.action == Action::Keep { "keep " } else { "prune " })?;
        f.write_str(&d.stream)?;
        f.write_str(":")?;
        f.write_str(&d.tag)?;
        if let Some(image) = d.image.as_deref() {
            f.write_str(" (")?;
            f.write_str(short(image))?;
            f.write_str(")")?;
        }
        f.write_str(": ")?;
        match d.reason {
            Reason::InUse => f.write_str("a workload runs it"),
            Reason::PinnedByTemplate => f.write_str("a Template references it"),
            Reason::ProtectedPattern => f.write_str("its name is protected"),
            Reason::TooYoung => f.write_str("its image is younger than the minimum age"),
            Reason::NotImported => f.write_str("it has never resolved to an image"),
            Reason::NotAVersion => f.write_str("it is not a version, so the version rule leaves it alone"),
            Reason::WithinNewestN => write!(f, "it is among the newest {} versions of its group", d.keep_n),
            Reason::NewestOfLine => f.write_str("it is the newest version of its line, which is always kept"),
            Reason::AliasOfKept => f.write_str("its image is kept for another tag"),
            Reason::WithinNewestPrereleases => f.write_str("it is among the newest pre-releases kept"),
            Reason::BeyondNewestN => write!(f, "{} newer versions of its group are kept", d.keep_n),
            Reason::BeyondNewestPrereleases => f.write_str("newer pre-releases are kept"),
            Reason::SupersededByRelease => f.write_str("its release exists"),
        }
    }
}

impl Serialize for Message<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for TagDecision {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("TagDecision", 8)?;
        out.serialize_field("namespace", &self.namespace)?;
        out.serialize_field("stream", &self.stream)?;
        out.serialize_field("tag", &self.tag)?;
        out.serialize_field("image", &self.image)?;
        out.serialize_field("action", &self.action)?;
        out.serialize_field("reason", &self.reason)?;
        out.serialize_field("rule", self.rule)?;
        out.serialize_field("message", &Message(self))?;
        out.end()
    }
}

/// Counts over a plan.
///
/// # Example
/// ```
/// # use imagecurator::*;
/// let plan = plan_retention(&RetentionPolicy::default(), &[], &RetentionContext::default())?;
/// assert_eq!(plan.totals.tags, 0);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Image streams planned.
    pub streams: usize,
    /// Tags decided.
    pub tags: usize,
    /// Tags kept.
    pub kept: usize,
    /// Tags pruned.
    pub pruned: usize,
    /// Tags per reason code.
    pub by_reason: BTreeMap<&'static str, usize>,
}

/// A retention plan: a decision for every tag, totals, and the commands that carry it out.
///
/// # Example
/// ```
/// # use imagecurator::*;
/// let plan = plan_retention(&RetentionPolicy::default(), &[], &RetentionContext::default())?;
/// assert!(plan.commands.is_empty() && plan.revisions.is_empty());
/// assert!(serde_json::to_string(&plan).unwrap().starts_with("{\"decisions\""));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RetentionPlan {
    /// One decision per tag, by namespace, stream, then tag order.
    pub decisions: Vec<TagDecision>,
    /// Counts.
    pub totals: Totals,
    /// `oc tag -d <namespace>/<stream>:<tag>` for every pruned tag of an OpenShift image stream,
    /// in decision order (plain registry repositories get decisions only).
    pub commands: Vec<String>,
    /// Older images in tag histories that revision-history retention drops (empty unless the
    /// policy sets `keep_tag_revisions`). OpenShift has no per-revision command:
    /// `oc adm prune images --keep-tag-revisions=N` carries these out.
    pub revisions: Vec<RevisionDecision>,
}

/// An older image in a tag's history, past the revisions the policy keeps.
///
/// # Example
/// ```
/// # use imagecurator::*;
/// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": "1", "items": [
///     {"image": "sha256:3"}, {"image": "sha256:2"}, {"image": "sha256:1"}]}]}});
/// let policy = RetentionPolicy { keep_tag_revisions: Some(2), ..Default::default() };
/// let plan = plan_retention(&policy, &ImageStream::from_json(&json)?, &RetentionContext::default())?;
/// assert_eq!((plan.revisions[0].image.as_str(), plan.revisions[0].position), ("sha256:1", 2));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RevisionDecision {
    /// The stream's namespace, when known.
    pub namespace: Option<String>,
    /// The image stream.
    pub stream: String,
    /// The tag whose history holds the image.
    pub tag: String,
    /// The image.
    pub image: String,
    /// Its place in the history: 0 is the current image.
    pub position: usize,
    /// Always `beyond-tag-revisions`.
    pub reason: &'static str,
    /// A sentence a person can read.
    pub message: String,
}

/// What the planner needs besides the streams: images in use, tags Templates pin, and the time
/// of planning (for the minimum age; without it, no tag is too young).
///
/// # Example
/// ```
/// let context = imagecurator::RetentionContext {
///     in_use: vec!["image-registry.openshift-image-registry.svc:5000/ns/app:1.0".into()],
///     ..Default::default()
/// };
/// assert!(context.now.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionContext {
    /// Image references workloads run (see [`crate::images_in_use`]).
    pub in_use: Vec<String>,
    /// Tags Templates pin (see [`crate::template_pins`]).
    pub pins: Vec<TemplatePin>,
    /// The time of planning.
    pub now: Option<DateTime<Utc>>,
}

/// In-use references, read once: digests anywhere, and tags of internal-registry streams.
struct InUse {
    /// Hashed, not ordered: every image of every stream is looked up here.
    digests: foldhash::HashSet<String>,
    /// Namespace, then stream, then tags; nested so that lookups borrow instead of allocating.
    tags: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    /// Canonical repository name, then tags: how plain registry repositories are used.
    by_name: BTreeMap<String, BTreeSet<String>>,
}

impl InUse {
    /// The in-use tags of one stream.
    fn tags_of(&self, stream: &ImageStream) -> Option<&BTreeSet<String>> {
        if stream.is_registry_repository() {
            return self.by_name.get(stream.name());
        }
        self.tags.get(stream.namespace().unwrap_or(""))?.get(stream.name())
    }

    fn read(references: &[String]) -> Result<InUse, Error> {
        let mut in_use = InUse { digests: Default::default(), tags: BTreeMap::new(), by_name: BTreeMap::new() };
        for text in references {
            let r = Reference::parse(text).map_err(|e| {
                Error::new(
                    ErrorCode::InvalidInput,
                    format!("in-use image `{text}` is not a reference: {}", e.message()),
                )
            })?;
            if let Some(digest) = r.digest() {
                in_use.digests.insert(digest.to_owned());
            }
            if let Some(tag) = r.tag() {
                in_use.by_name.entry(r.name().to_owned()).or_default().insert(tag.to_owned());
            }
            if let Some(internal) = r.internal_image() {
                let tag = r.tag().unwrap_or("latest");
                in_use
                    .tags
                    .entry(internal.namespace().to_owned())
                    .or_default()
                    .entry(internal.stream().to_owned())
                    .or_default()
                    .insert(tag.to_owned());
            }
        }
        Ok(in_use)
    }
}

/// One tag of a stream as the planner sees it.
struct Entry<'a> {
    tag: &'a StreamTag,
    parsed: Option<Tag>,
    image: Option<&'a Arc<str>>,
    /// The image's number among the stream's distinct images, numbered in digest order, so
    /// that what is known of each image is kept in vectors rather than in maps keyed by
    /// 71-byte digests, and walking images by number breaks ties as they always have been.
    image_id: Option<usize>,
    protection: Option<Reason>,
}

/// Buffers that planning reuses from one stream to the next: a cluster has tens of thousands
/// of streams, and each would otherwise allocate half a dozen small vectors.
#[derive(Default)]
struct Scratch<'a> {
    entries: Vec<Entry<'a>>,
    /// (digest's leading bytes, digest, entry position), sorted by digest to number the images.
    by_image: Vec<(u128, &'a str, u32)>,
    /// The distinct images, in digest order.
    images: Vec<&'a str>,
    /// Per image: whether a workload runs it.
    in_use: Vec<bool>,
    /// Per image: whether a protected tag points to it.
    held: Vec<bool>,
    /// Per image: the position of its most precise version tag.
    versions: Vec<Option<u32>>,
    /// Entry positions in the order decisions go out.
    order: Vec<u32>,
    /// Per image: its version verdict, if it has a version.
    verdicts: Vec<Option<Verdict>>,
    /// The versions being ranked, and each line's newest (see [`rank_versions`]).
    ranked: Vec<Ranked>,
    newest: Vec<(u32, u32)>,
}

impl<'a> Scratch<'a> {
    /// Numbers the distinct images of `entries` in digest order and marks each entry with
    /// its image's number; returns how many there are.
    fn number_images(&mut self) -> usize {
        self.by_image.clear();
        let with_image = self.entries.iter().enumerate().filter_map(|(i, e)| {
            let image = &**e.image?;
            Some((leading_bytes(image), image, i as u32))
        });
        self.by_image.extend(with_image);
        // Distinct digests almost always differ in their first 16 bytes, so most comparisons
        // are of two integers rather than of two 71-byte strings in memory not yet cached.
        self.by_image.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        self.images.clear();
        let mut previous: Option<(u128, &str)> = None;
        for &(key, image, i) in &self.by_image {
            if previous != Some((key, image)) {
                previous = Some((key, image));
                self.images.push(image);
            }
            self.entries[i as usize].image_id = Some(self.images.len() - 1);
        }
        self.images.len()
    }

    /// Marks each image a workload runs (after [`Scratch::number_images`]).
    fn mark_in_use(&mut self, in_use: &InUse) {
        self.in_use.clear();
        self.in_use.extend(self.images.iter().map(|i| in_use.digests.contains(*i)));
    }
}

/// The first 16 bytes of `text` as a big-endian integer, zero-padded: ordering these orders
/// the texts, except that equal integers leave the texts to be compared in full.
fn leading_bytes(text: &str) -> u128 {
    let mut bytes = [0; 16];
    let n = text.len().min(16);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// Plans retention over image streams.
///
/// # Errors
/// `invalid_policy` when the policy fails [`RetentionPolicy::check`]; `invalid_input` when an
/// in-use image is not a reference. Nothing is planned then.
///
/// # Example
/// ```
/// use imagecurator::*;
/// let image = |n: u32| format!("sha256:{n:064}");
/// let json = serde_json::json!({"metadata": {"name": "app", "namespace": "team-tools"}, "status": {"tags": [
///     {"tag": "1.9", "items": [{"image": image(1)}]}, {"tag": "1.10", "items": [{"image": image(2)}]},
///     {"tag": "1.11", "items": [{"image": image(3)}]}, {"tag": "1.2", "items": [{"image": image(4)}]}]}});
/// let policy = RetentionPolicy { keep: 2, ..Default::default() };
/// let plan = plan_retention(&policy, &ImageStream::from_json(&json)?, &RetentionContext::default())?;
/// assert_eq!(plan.commands, ["oc tag -d team-tools/app:1.2", "oc tag -d team-tools/app:1.9"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn plan_retention(
    policy: &RetentionPolicy,
    streams: &[ImageStream],
    context: &RetentionContext,
) -> Result<RetentionPlan, Error> {
    let RetentionContext { in_use, pins, now } = context;
    plan_retention_of(policy, streams.iter().collect(), in_use, pins, *now)
}

/// [`plan_retention`] over some of the caller's streams, with the context's parts borrowed:
/// the audit holds them in its inventory and need not copy them.
pub(crate) fn plan_retention_of(
    policy: &RetentionPolicy,
    mut order: Vec<&ImageStream>,
    in_use: &[String],
    pins: &[TemplatePin],
    now: Option<DateTime<Utc>>,
) -> Result<RetentionPlan, Error> {
    policy.check()?;
    let in_use = InUse::read(in_use)?;
    let pins = pins_by_stream(pins);
    order.sort_by(|a, b| (a.namespace(), a.name()).cmp(&(b.namespace(), b.name())));
    let mut plan = RetentionPlan::default();
    // One decision per tag: sized once, as a cluster has a million of them.
    plan.decisions.reserve_exact(order.iter().map(|s| s.tags().len()).sum());
    let mut scratch = Scratch::default();
    for stream in &order {
        plan_stream(policy, stream, now, &pins, &in_use, &mut scratch, &mut plan.decisions);
    }
    if let Some(keep) = policy.keep_tag_revisions {
        plan.revisions = revisions_beyond(keep as usize, &plan.decisions, &order, &in_use);
    }
    plan.totals.streams = order.len();
    for d in &plan.decisions {
        plan.totals.tags += 1;
        match d.action {
            Action::Keep => plan.totals.kept += 1,
            Action::Prune => plan.totals.pruned += 1,
        }
        *plan.totals.by_reason.entry(d.reason.as_str()).or_default() += 1;
    }
    plan.commands =
        plan.decisions.iter().filter(|d| d.action == Action::Prune && !d.registry).map(untag_command).collect();
    Ok(plan)
}

/// `oc tag -d <namespace>/<stream>:<tag>`, built by appending: a plan may hold half a million
/// of these, and `format!` costs several times as much per string.
fn untag_command(d: &TagDecision) -> String {
    let namespace = d.namespace.as_deref();
    let len = "oc tag -d /:".len() + namespace.map_or(0, str::len) + d.stream.len() + d.tag.len();
    let mut command = String::with_capacity(len);
    command.push_str("oc tag -d ");
    if let Some(ns) = namespace {
        command.push_str(ns);
        command.push('/');
    }
    command.push_str(&d.stream);
    command.push(':');
    command.push_str(&d.tag);
    command
}

/// Template pins by stream name, gathered once: a stream looks up its own instead of
/// scanning every pin.
type PinsByStream<'a> = BTreeMap<&'a str, Vec<&'a TemplatePin>>;

fn pins_by_stream(pins: &[TemplatePin]) -> PinsByStream<'_> {
    let mut out: PinsByStream<'_> = BTreeMap::new();
    for pin in pins {
        out.entry(pin.stream()).or_default().push(pin);
    }
    out
}

/// What protects the tags of one stream, gathered once per stream.
struct StreamGuards<'a> {
    used_tags: Option<&'a BTreeSet<String>>,
    pinned_tags: BTreeSet<&'a str>,
}

impl<'a> StreamGuards<'a> {
    fn new(stream: &ImageStream, pins: &PinsByStream<'a>, in_use: &'a InUse) -> StreamGuards<'a> {
        let pinned_tags = pins
            .get(stream.name())
            .into_iter()
            .flatten()
            .filter(|p| p.namespace().is_none_or(|ns| Some(ns) == stream.namespace()))
            .map(|p| p.tag())
            .collect();
        StreamGuards { used_tags: in_use.tags_of(stream), pinned_tags }
    }
}

fn protection(
    policy: &RetentionPolicy,
    guards: &StreamGuards<'_>,
    entry: &Entry<'_>,
    now: Option<DateTime<Utc>>,
    image_in_use: bool,
) -> Option<Reason> {
    let tag = entry.tag.name();
    if image_in_use || guards.used_tags.is_some_and(|tags| tags.contains(tag)) {
        return Some(Reason::InUse);
    }
    if guards.pinned_tags.contains(tag) {
        return Some(Reason::PinnedByTemplate);
    }
    if policy.protect.protects(tag, entry.parsed.as_ref().map(Tag::kind)) {
        return Some(Reason::ProtectedPattern);
    }
    let created = entry.tag.current().and_then(|e| e.created());
    let young = match (now, created) {
        (Some(now), Some(created)) => now - created < Duration::minutes(policy.min_age_minutes as i64),
        _ => false,
    };
    if young {
        return Some(Reason::TooYoung);
    }
    if entry.image.is_none() {
        return Some(Reason::NotImported);
    }
    if !entry.parsed.as_ref().is_some_and(Tag::is_version) {
        return Some(Reason::NotAVersion);
    }
    None
}

/// The version decision for one image (digest): kept or not, and why.
#[derive(Clone, Copy)]
struct Verdict {
    keep: bool,
    reason: Reason,
}

fn plan_stream<'a>(
    policy: &RetentionPolicy,
    stream: &'a ImageStream,
    now: Option<DateTime<Utc>>,
    pins: &PinsByStream<'_>,
    in_use: &InUse,
    scratch: &mut Scratch<'a>,
    decisions: &mut Vec<TagDecision>,
) {
    let namespace = stream.namespace();
    // Each tag, with its image: its own newest, or for an alias without status its target's.
    fn image_of(t: &StreamTag) -> Option<&Arc<str>> {
        t.current().map(|e| e.shared_image())
    }
    scratch.entries.clear();
    scratch.entries.extend(stream.tags().iter().map(|t| {
        let image = image_of(t).or_else(|| {
            let target = t.alias_of()?;
            stream.tags().iter().find(|o| o.name() == target).and_then(image_of)
        });
        Entry { tag: t, parsed: Tag::parse_shared(t.shared_name()).ok(), image, image_id: None, protection: None }
    }));
    let image_count = scratch.number_images();
    // Looked up once per image, not once per tag: aliases share their image.
    scratch.mark_in_use(in_use);
    let guards = StreamGuards::new(stream, pins, in_use);
    for entry in scratch.entries.iter_mut() {
        let image_in_use = entry.image_id.is_some_and(|id| scratch.in_use[id]);
        entry.protection = protection(policy, &guards, entry, now, image_in_use);
    }

    // Each image's version (the most precise version tag pointing to it), and whether a
    // protected tag holds it.
    let (versions, held) = (&mut scratch.versions, &mut scratch.held);
    versions.clear();
    versions.resize(image_count, None);
    held.clear();
    held.resize(image_count, false);
    let entries = &scratch.entries;
    for (i, e) in entries.iter().enumerate() {
        let Some(id) = e.image_id else { continue };
        held[id] |= e.protection.is_some();
        if let Some(tag) = e.parsed.as_ref().filter(|t| t.is_version()) {
            let slot = versions[id].get_or_insert(i as u32);
            let more_precise = match &entries[*slot as usize].parsed {
                Some(current) => (tag.release().len(), tag) > (current.release().len(), current),
                None => true,
            };
            if more_precise {
                *slot = i as u32;
            }
        }
    }
    rank_versions(policy, namespace, scratch);
    let (entries, versions, held, verdicts) = (&scratch.entries, &scratch.versions, &scratch.held, &scratch.verdicts);

    let (shared_namespace, shared_stream): (Option<Arc<str>>, Arc<str>) =
        (namespace.map(Arc::from), Arc::from(stream.name()));
    let keep_n = policy.keep_for(namespace);
    // Decisions go out in tag order; sorting positions moves 4 bytes where an entry is 200.
    let order = &mut scratch.order;
    order.clear();
    order.extend(0..entries.len() as u32);
    order.sort_by(|&a, &b| {
        let (x, y) = (&entries[a as usize], &entries[b as usize]);
        match (&x.parsed, &y.parsed) {
            (Some(a), Some(b)) => a.cmp(b),
            _ => x.tag.name().cmp(y.tag.name()),
        }
    });
    for &i in order.iter() {
        let e = &entries[i as usize];
        let (keep, reason) = match (e.protection, e.image_id) {
            (Some(reason), _) => (true, reason),
            (None, Some(id)) => {
                let verdict = verdicts[id].unwrap_or(Verdict { keep: true, reason: Reason::NotAVersion });
                // Tag names are unique within a stream, so the entry is the image's version
                // tag exactly when it sits at the recorded position.
                let representative = versions[id] == Some(i);
                match (verdict.keep, held[id]) {
                    (true, _) if representative => (true, verdict.reason),
                    (true, _) | (false, true) => (true, Reason::AliasOfKept),
                    (false, false) => (false, verdict.reason),
                }
            }
            (None, None) => (true, Reason::NotImported),
        };
        decisions.push(TagDecision {
            namespace: shared_namespace.clone(),
            stream: shared_stream.clone(),
            tag: e.tag.shared_name().clone(),
            image: e.image.cloned(),
            action: if keep { Action::Keep } else { Action::Prune },
            reason,
            rule: reason.rule(),
            keep_n,
            registry: stream.is_registry_repository(),
        });
    }
}

/// Ranks the images of one stream by version within their groups and decides each, into
/// `scratch.verdicts` (one per image). Images are numbered as in [`Entry::image_id`];
/// `scratch.versions` gives, per image, the position in `scratch.entries` of its version tag.
fn rank_versions(policy: &RetentionPolicy, namespace: Option<&str>, scratch: &mut Scratch<'_>) {
    let keep = policy.keep_for(namespace) as usize;
    let prereleases = policy.prereleases_for(namespace);
    let group_by = policy.group_by_for(namespace);
    let Scratch { entries, versions, verdicts, ranked, newest, .. } = scratch;
    let entries = &*entries;
    verdicts.clear();
    verdicts.resize(versions.len(), None);
    let tag_at = |at: u32| entries[at as usize].parsed.as_ref();
    let versioned = || versions.iter().enumerate().filter_map(|(image, at)| Some((image, (*at)?, tag_at((*at)?)?)));

    // Pre-releases whose release exists go first, when the policy says so.
    let released: BTreeSet<(Option<&str>, [u64; 8])> = match prereleases {
        Prereleases::PruneReleased => versioned()
            .filter(|(_, _, t)| t.prerelease().is_none())
            .map(|(_, _, t)| (t.variant(), padded(t.release())))
            .collect(),
        _ => BTreeSet::new(),
    };
    ranked.clear();
    for (image, at, tag) in versioned() {
        let is_pre = tag.prerelease().is_some();
        if is_pre
            && prereleases == Prereleases::PruneReleased
            && released.contains(&(tag.variant(), padded(tag.release())))
        {
            verdicts[image] = Some(Verdict { keep: false, reason: Reason::SupersededByRelease });
            continue;
        }
        let apart = is_pre && matches!(prereleases, Prereleases::KeepNewest(_));
        let key = match group_by {
            GroupBy::Image | GroupBy::Line => [0; 8],
            GroupBy::Major => prefix(tag.release(), 1),
            GroupBy::MajorMinor => prefix(tag.release(), 2),
        };
        ranked.push(Ranked { key, apart, image: image as u32, at });
    }
    // Groups are runs of (release prefix, line, ranked apart as a pre-release); within one,
    // the newest version comes first. Tag names are unique, so the order is total.
    let line = |r: &Ranked| match group_by {
        GroupBy::Image => None,
        _ => tag_at(r.at).and_then(Tag::variant),
    };
    let version_order = |a: &Ranked, b: &Ranked| match (tag_at(a.at), tag_at(b.at)) {
        (Some(a), Some(b)) => b.cmp_version_across_lines(a),
        _ => Ordering::Equal,
    };
    let group_of = |r: &Ranked| (r.key, line(r), r.apart);
    ranked.sort_unstable_by(|a, b| group_of(a).cmp(&group_of(b)).then_with(|| version_order(a, b)));
    for group in ranked.chunk_by(|a, b| group_of(a) == group_of(b)) {
        let (limit, within, beyond) = match (group[0].apart, prereleases) {
            (true, Prereleases::KeepNewest(n)) => {
                (n as usize, Reason::WithinNewestPrereleases, Reason::BeyondNewestPrereleases)
            }
            _ => (keep, Reason::WithinNewestN, Reason::BeyondNewestN),
        };
        for (rank, member) in group.iter().enumerate() {
            let verdict = if rank < limit {
                Verdict { keep: true, reason: within }
            } else {
                Verdict { keep: false, reason: beyond }
            };
            verdicts[member.image as usize] = Some(verdict);
        }
    }
    // The safety floor: the newest version of every line stays, whatever the grouping.
    // (image, entry position) of each line's newest; a stream has a few lines at most.
    newest.clear();
    for (image, at, tag) in versioned() {
        match newest.iter_mut().find(|(_, n)| tag_at(*n).and_then(Tag::variant) == tag.variant()) {
            Some(slot) => {
                if tag_at(slot.1).is_none_or(|n| tag.cmp_version_across_lines(n) == Ordering::Greater) {
                    *slot = (image as u32, at);
                }
            }
            None => newest.push((image as u32, at)),
        }
    }
    for &(image, _) in newest.iter() {
        let verdict = verdicts[image as usize].get_or_insert(Verdict { keep: true, reason: Reason::NewestOfLine });
        if !verdict.keep {
            *verdict = Verdict { keep: true, reason: Reason::NewestOfLine };
        }
    }
}

/// One version to rank: its group key, its image, and its tag's position among the entries.
struct Ranked {
    key: [u64; 8],
    apart: bool,
    image: u32,
    at: u32,
}

/// Release numbers padded with zeros, so `1.2` and `1.2.0` group together.
fn padded(release: &[u64]) -> [u64; 8] {
    let mut numbers = [0; 8];
    numbers[..release.len().min(8)].copy_from_slice(&release[..release.len().min(8)]);
    numbers
}

/// Only the first `keep` numbers of a padded release: the key of a major or major.minor group.
fn prefix(release: &[u64], keep: usize) -> [u64; 8] {
    let mut numbers = padded(release);
    numbers[keep..].fill(0);
    numbers
}

fn short(image: &str) -> &str {
    match image.split_once(':') {
        Some((_, hex)) if hex.len() > 12 => &image[..image.len() - hex.len() + 12],
        _ => image,
    }
}

/// Plans retention from JSON-shaped input, as the Python and JavaScript bindings receive it:
/// `streams` is what `oc get is -o json` prints (or an array of such); `policy` a policy
/// document (the default when absent); `in_use` a `PodList`/`Pod` or an array of image
/// references; `templates` a `Template`, `TemplateList`, `List` or an array of them; `now` an
/// RFC 3339 time.
///
/// # Errors
/// `invalid_input` for input of the wrong shape (naming its path) or a bad `now`;
/// `invalid_policy` for a policy document with an unknown field, a bad value or `keep: 0`.
///
/// # Example
/// ```
/// let streams = serde_json::json!({"metadata": {"name": "app", "namespace": "ns"}, "status": {"tags": [
///     {"tag": "1", "items": [{"image": "sha256:1"}]}, {"tag": "2", "items": [{"image": "sha256:2"}]}]}});
/// let policy = serde_json::json!({"keep": 1});
/// let plan = imagecurator::plan_retention_json(&streams, Some(&policy), None, None, None)?;
/// assert_eq!(plan.commands, ["oc tag -d ns/app:1"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn plan_retention_json(
    streams: &serde_json::Value,
    policy: Option<&serde_json::Value>,
    in_use: Option<&serde_json::Value>,
    templates: Option<&serde_json::Value>,
    now: Option<&str>,
) -> Result<RetentionPlan, Error> {
    let streams = read_each(Some(streams), ImageStream::from_json)?;
    plan_retention_with(&streams, policy, in_use, templates, now)
}

/// [`plan_retention_json`] for streams already read, by [`ImageStream::from_json_str`] or
/// [`ImageStream::from_deserializer`] (as the Python binding reads dicts).
///
/// # Errors
/// As [`plan_retention_json`].
///
/// # Example
/// ```
/// let streams = imagecurator::ImageStream::from_json_str(r#"{"metadata": {"name": "app", "namespace": "ns"},
///     "status": {"tags": [{"tag": "1", "items": [{"image": "sha256:1"}]}, {"tag": "2", "items": [{"image": "sha256:2"}]}]}}"#)?;
/// let plan = imagecurator::plan_retention_with(&streams, Some(&serde_json::json!({"keep": 1})), None, None, None)?;
/// assert_eq!(plan.commands, ["oc tag -d ns/app:1"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn plan_retention_with(
    streams: &[ImageStream],
    policy: Option<&serde_json::Value>,
    in_use: Option<&serde_json::Value>,
    templates: Option<&serde_json::Value>,
    now: Option<&str>,
) -> Result<RetentionPlan, Error> {
    use serde_json::Value;
    let policy = match policy {
        None | Some(Value::Null) => RetentionPolicy::default(),
        Some(value) => RetentionPolicy::deserialize(value)
            .map_err(|e| Error::new(ErrorCode::InvalidPolicy, format!("retention policy is invalid: {e}")))?,
    };
    let in_use = match in_use {
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        }
        other => read_each(other, crate::openshift::images_in_use)?,
    };
    let pins = read_each(templates, crate::openshift::template_pins)?;
    let now = match now {
        None => None,
        Some(text) => Some(
            crate::input::parse_time(text).map_err(|why| Error::new(ErrorCode::InvalidInput, format!("now {why}")))?,
        ),
    };
    plan_retention(&policy, streams, &RetentionContext { in_use, pins, now })
}

/// Reads one document, or each of an array of them; nothing when absent.
fn read_each<T>(
    value: Option<&serde_json::Value>,
    read: impl Fn(&serde_json::Value) -> Result<Vec<T>, Error>,
) -> Result<Vec<T>, Error> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(serde_json::Value::Array(items)) => {
            let mut all = Vec::new();
            for item in items {
                all.extend(read(item)?);
            }
            Ok(all)
        }
        Some(other) => read(other),
    }
}

/// History entries past the newest `keep` of each tag, unless the image is still some kept
/// tag's current image in the same stream, or in use.
fn revisions_beyond(
    keep: usize,
    decisions: &[TagDecision],
    ordered_streams: &[&ImageStream],
    in_use: &InUse,
) -> Vec<RevisionDecision> {
    let current: BTreeSet<(Option<&str>, &str, &str)> = decisions
        .iter()
        .filter(|d| d.action == Action::Keep)
        .filter_map(|d| Some((d.namespace.as_deref(), &*d.stream, d.image.as_deref()?)))
        .collect();
    let mut out = Vec::new();
    for stream in ordered_streams {
        let mut tags: Vec<&StreamTag> = stream.tags().iter().collect();
        tags.sort_by(|a, b| a.name().cmp(b.name()));
        for tag in tags {
            for (position, event) in tag.history().iter().enumerate().skip(keep) {
                let image = event.image();
                if current.contains(&(stream.namespace(), stream.name(), image)) || in_use.digests.contains(image) {
                    continue;
                }
                out.push(RevisionDecision {
                    namespace: stream.namespace().map(str::to_owned),
                    stream: stream.name().to_owned(),
                    tag: tag.name().to_owned(),
                    image: image.to_owned(),
                    position,
                    reason: "beyond-tag-revisions",
                    message: format!(
                        "drop {}:{} revision {position} ({}): the newest {keep} revisions of the tag are kept",
                        stream.name(),
                        tag.name(),
                        short(image)
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::leading_bytes;

    /// Where the leading bytes differ they order the texts as the texts order; where they
    /// are equal, the texts must be compared in full.
    #[test]
    fn leading_bytes_order_as_the_text() {
        let digest = |c: &str| format!("sha256:{}", c.repeat(64));
        let texts = [
            String::new(),
            "a".into(),
            "ab".into(),
            "ab\0".into(),
            "ab\0c".into(),
            "abc".into(),
            digest("0"),
            digest("1"),
            format!("sha256:{}1{}", "0".repeat(9), "0".repeat(54)),
            format!("sha256:{}2{}", "0".repeat(9), "0".repeat(54)),
            digest("f"),
            "sha512:0".into(),
        ];
        for a in &texts {
            for b in &texts {
                let (x, y) = (leading_bytes(a), leading_bytes(b));
                if x != y {
                    assert_eq!(x.cmp(&y), a.cmp(b), "{a:?} {b:?}");
                } else if a.len() <= 16 && b.len() <= 16 && !a.contains('\0') && !b.contains('\0') {
                    assert_eq!(a, b, "short texts without NUL are told apart by their leading bytes");
                }
            }
        }
    }
}
