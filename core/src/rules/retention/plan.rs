//! What a retention plan says: a decision per tag with its reason, totals and commands.

use crate::io::{Evidence, ImageStream, TemplatePin};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Keep or prune.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&imagecurator::Action::Prune).unwrap(), "\"prune\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// The tag stays.
    Keep,
    /// The tag goes (`oc tag -d`).
    Prune,
}

/// Why a tag is kept or pruned; serialized in snake_case (`within_newest_n`).
///
/// # Example
/// ```
/// use imagecurator::Reason;
/// assert_eq!(Reason::InUse.as_str(), "in_use");
/// assert_eq!(Reason::InUse.rule(), imagecurator::DecisionRule::Protection);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// The tag's image is the newest of its scheme, its variant line included (the safety floor).
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
    /// The tag would go, but no evidence of what runs was given, so nothing is pruned.
    NoEvidence,
    /// The tag would go, but no time was given, so its age is unknown and the minimum age
    /// keeps it.
    NoTime,
}

impl Reason {
    /// The snake_case code.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reason::BeyondNewestN.as_str(), "beyond_newest_n");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::InUse => "in_use",
            Reason::PinnedByTemplate => "pinned_by_template",
            Reason::ProtectedPattern => "protected_pattern",
            Reason::TooYoung => "too_young",
            Reason::NotImported => "not_imported",
            Reason::NotAVersion => "not_a_version",
            Reason::WithinNewestN => "within_newest_n",
            Reason::NewestOfLine => "newest_of_line",
            Reason::AliasOfKept => "alias_of_kept",
            Reason::WithinNewestPrereleases => "within_newest_prereleases",
            Reason::BeyondNewestN => "beyond_newest_n",
            Reason::BeyondNewestPrereleases => "beyond_newest_prereleases",
            Reason::SupersededByRelease => "superseded_by_release",
            Reason::NoEvidence => "no_evidence",
            Reason::NoTime => "no_time",
        }
    }

    /// The rule that decided.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{DecisionRule, Reason};
    /// assert_eq!(Reason::NewestOfLine.rule(), DecisionRule::SafetyFloor);
    /// assert_eq!(Reason::NewestOfLine.rule().as_str(), "safety_floor");
    /// ```
    pub fn rule(self) -> DecisionRule {
        match self {
            Reason::InUse
            | Reason::PinnedByTemplate
            | Reason::ProtectedPattern
            | Reason::TooYoung
            | Reason::NotImported
            | Reason::NotAVersion
            | Reason::NoEvidence
            | Reason::NoTime => DecisionRule::Protection,
            Reason::NewestOfLine => DecisionRule::SafetyFloor,
            Reason::AliasOfKept => DecisionRule::Alias,
            Reason::WithinNewestN
            | Reason::WithinNewestPrereleases
            | Reason::BeyondNewestN
            | Reason::BeyondNewestPrereleases
            | Reason::SupersededByRelease => DecisionRule::VersionCount,
        }
    }
}

/// The rule behind a retention decision; serialized in snake_case (`version_count`).
///
/// # Example
/// ```
/// use imagecurator::DecisionRule;
/// assert_eq!(DecisionRule::Protection.as_str(), "protection");
/// assert_eq!(serde_json::to_string(&DecisionRule::SafetyFloor).unwrap(), "\"safety_floor\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecisionRule {
    /// Something protects the tag: in use, pinned, a protected name, too young, not imported,
    /// not a version, or no evidence of what runs.
    Protection,
    /// The tag's version is counted against `keep`.
    VersionCount,
    /// The newest version of a line always stays.
    SafetyFloor,
    /// The tag points to an image another kept tag holds.
    Alias,
}

impl DecisionRule {
    /// The snake_case code.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::DecisionRule::VersionCount.as_str(), "version_count");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionRule::Protection => "protection",
            DecisionRule::VersionCount => "version_count",
            DecisionRule::SafetyFloor => "safety_floor",
            DecisionRule::Alias => "alias",
        }
    }
}

/// Why an old image of a tag's history goes; serialized in snake_case.
///
/// # Example
/// ```
/// assert_eq!(imagecurator::RevisionReason::BeyondTagRevisions.as_str(), "beyond_tag_revisions");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RevisionReason {
    /// The image is older than the newest `keep_tag_revisions` of the tag's history.
    BeyondTagRevisions,
}

impl RevisionReason {
    /// The snake_case code.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::RevisionReason::BeyondTagRevisions.as_str(), "beyond_tag_revisions");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionReason::BeyondTagRevisions => "beyond_tag_revisions",
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
    /// The tag's scheme ([`crate::Tag::scheme`]), for versions: the tags its version was
    /// ranked and counted among are those of the same scheme.
    pub scheme: Option<Arc<str>>,
    /// The image the tag points to, when it has one.
    pub image: Option<Arc<str>>,
    /// Keep or prune.
    pub action: Action,
    /// Why.
    pub reason: Reason,
    /// The rule that decided (see [`Reason::rule`]).
    pub rule: DecisionRule,
    /// Who uses the tag's image, when the reason is `in_use`:
    /// `cronjob/a1b2c3-prod/nightly (container backup)`.
    pub used_by: Option<String>,
    /// The `keep` that applied to the stream, for the sentence.
    pub(super) keep_n: u32,
    /// Whether the stream is a plain registry repository, which `oc tag -d` cannot touch.
    pub(super) registry: bool,
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

/// ` (scheme N.N)`, naming the scheme a version was ranked within, or nothing.
struct Scheme<'a>(&'a TagDecision);

impl fmt::Display for Scheme<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.scheme.as_deref() {
            // Ids have no version: their order came from time, and the sentence says so.
            Some("commit") => f.write_str(" (scheme commit, ordered by image creation time)"),
            Some(scheme) => write!(f, " (scheme {scheme})"),
            None => Ok(()),
        }
    }
}

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
        write!(f, ": {}", Why(d))
    }
}

/// Why a decision went as it did, the part of its sentence after the tag: `3 newer versions of
/// its group (scheme N.N.N) are kept`, `in use by pod/...`.
pub(crate) struct Why<'a>(pub &'a TagDecision);

impl fmt::Display for Why<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        match d.reason {
            Reason::InUse => match &d.used_by {
                Some(user) => write!(f, "in use by {user}"),
                None => f.write_str("a workload uses it"),
            },
            Reason::PinnedByTemplate => f.write_str("a Template references it"),
            Reason::ProtectedPattern => f.write_str("its name is protected"),
            Reason::TooYoung => f.write_str("its image is younger than the minimum age"),
            Reason::NotImported => f.write_str("it has never resolved to an image"),
            Reason::NotAVersion => f.write_str("it is not a version, so the version rule leaves it alone"),
            Reason::WithinNewestN => {
                write!(f, "it is among the newest {} versions of its group{}", d.keep_n, Scheme(d))
            }
            Reason::NewestOfLine => f.write_str("it is the newest version of its scheme, which is always kept"),
            Reason::AliasOfKept => f.write_str("its image is kept for another tag"),
            Reason::WithinNewestPrereleases => f.write_str("it is among the newest pre-releases kept"),
            Reason::BeyondNewestN => write!(f, "{} newer versions of its group{} are kept", d.keep_n, Scheme(d)),
            Reason::BeyondNewestPrereleases => f.write_str("newer pre-releases are kept"),
            Reason::SupersededByRelease => f.write_str("its release exists"),
            Reason::NoEvidence => {
                f.write_str("no evidence of what runs was given, so nothing is pruned (its versions say it could go)")
            }
            Reason::NoTime => f.write_str(
                "no time was given, so its age is unknown and the minimum age keeps it (its versions say it could go)",
            ),
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
        let mut out = serializer.serialize_struct("TagDecision", 10)?;
        out.serialize_field("namespace", &self.namespace)?;
        out.serialize_field("stream", &self.stream)?;
        out.serialize_field("tag", &self.tag)?;
        out.serialize_field("scheme", &self.scheme)?;
        out.serialize_field("image", &self.image)?;
        out.serialize_field("action", &self.action)?;
        out.serialize_field("reason", &self.reason)?;
        out.serialize_field("rule", &self.rule)?;
        out.serialize_field("used_by", &self.used_by)?;
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
    /// What a reader must know about the plan as a whole: that it had no evidence of what
    /// runs, or no time, and how to give them.
    pub notes: Vec<String>,
    /// The time of planning the plan used, or `None` when none was given.
    #[serde(serialize_with = "crate::io::json::serialize_time")]
    pub now: Option<DateTime<Utc>>,
}

impl RetentionPlan {
    /// The streams as they are once the plan's commands have run: every tag the plan prunes is
    /// gone (`oc tag -d` removes its spec and its status), every other tag is as it was. Use it
    /// to show what a cluster keeps, or to check a plan: planned again, what this returns
    /// prunes nothing more (the `documents` fuzz target checks that on every input it makes).
    ///
    /// # Example
    /// ```
    /// # use imagecurator::*;
    /// let tag = |t: &str| serde_json::json!({"tag": t, "items": [{"image": format!("sha256:{t}")}]});
    /// let json = serde_json::json!({"metadata": {"name": "app", "namespace": "team"},
    ///     "status": {"tags": [tag("1.0"), tag("1.1"), tag("1.2"), tag("2.0")]}});
    /// let streams = ImageStream::from_json(&json)?;
    /// let now = "2026-11-30T00:00:00Z".parse().ok();
    /// let nothing_runs = RetentionContext { evidence: Some(Evidence::default()), now, ..Default::default() };
    /// let plan = plan_retention(&RetentionPolicy::default(), &streams, &nothing_runs)?;
    /// let after = plan.apply_to(&streams);
    /// let names: Vec<&str> = after[0].tags().iter().map(|t| t.name()).collect();
    /// assert_eq!(names, ["1.1", "1.2", "2.0"]);
    /// let again = plan_retention(&RetentionPolicy::default(), &after, &nothing_runs)?;
    /// assert!(again.commands.is_empty());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn apply_to(&self, streams: &[ImageStream]) -> Vec<ImageStream> {
        let pruned: std::collections::BTreeSet<(Option<&str>, &str, &str)> = self
            .decisions
            .iter()
            .filter(|d| d.action == Action::Prune)
            .map(|d| (d.namespace.as_deref(), &*d.stream, &*d.tag))
            .collect();
        let mut after = streams.to_vec();
        for stream in &mut after {
            let (namespace, name) = (stream.namespace().map(str::to_owned), stream.name().to_owned());
            stream.retain_tags(|tag| !pruned.contains(&(namespace.as_deref(), name.as_str(), tag.name())));
        }
        after
    }
}

/// An older image in a tag's history, past the revisions the policy keeps.
///
/// # Example
/// ```
/// # use imagecurator::*;
/// let json = serde_json::json!({"metadata": {"name": "a"}, "status": {"tags": [{"tag": "1", "items": [
///     {"image": "sha256:3"}, {"image": "sha256:2"}, {"image": "sha256:1"}]}]}});
/// let policy = RetentionPolicy { keep_tag_revisions: Some(2), ..Default::default() };
/// let nothing_runs = RetentionContext { evidence: Some(Evidence::default()), ..Default::default() };
/// let plan = plan_retention(&policy, &ImageStream::from_json(&json)?, &nothing_runs)?;
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
    /// Why it goes.
    pub reason: RevisionReason,
    /// A sentence a person can read.
    pub message: String,
}

/// What the planner needs besides the streams: the evidence of what runs or builds from which
/// image, tags Templates pin, and the time of planning (for the minimum age; without it, no
/// tag is too young).
///
/// With no evidence (`None`, the default) nothing is pruned: every tag that would go is kept
/// with the reason `no_evidence`. A caller who has checked that nothing runs says so with an
/// empty [`Evidence`](crate::Evidence).
///
/// # Example
/// ```
/// let context = imagecurator::RetentionContext {
///     evidence: Some(imagecurator::Evidence::from_references(["image-registry.openshift-image-registry.svc:5000/ns/app:1.0"])),
///     ..Default::default()
/// };
/// assert!(context.now.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionContext {
    /// What runs or builds from which image; `None` when the caller has no evidence.
    pub evidence: Option<Evidence>,
    /// Tags Templates pin (see [`crate::template_pins`]).
    pub pins: Vec<TemplatePin>,
    /// The time of planning.
    pub now: Option<DateTime<Utc>>,
}

/// An image digest cut to its algorithm and 12 hex digits, as messages show it.
pub(crate) fn short(image: &str) -> &str {
    match image.split_once(':') {
        Some((_, hex)) if hex.len() > 12 => &image[..image.len() - hex.len() + 12],
        _ => image,
    }
}
