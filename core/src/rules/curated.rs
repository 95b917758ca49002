//! Curated images (the strategy's `bcgov` namespace): every image has an owner, a champion when
//! it is a community contribution, a scheduled rebuild, semantic versions and at most three of
//! them; and the same images on every cluster.

use crate::error::{join_path, Error};
use crate::io::ImageStream;
use crate::names::{selector, NamespaceSelector, Reference};
use crate::rules::finding::{Finding, FindingCode, Severity};
use crate::rules::naming::stream_name_problem;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Where an image is in its life.
///
/// # Example
/// ```
/// use imagecurator::ImageStatus;
/// let s: ImageStatus = serde_json::from_str(r#"{"deprecated": "2026-06-30"}"#)?;
/// assert!(matches!(s, ImageStatus::Deprecated(_)));
/// assert_eq!(serde_json::from_str::<ImageStatus>("\"active\"")?, ImageStatus::Active);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ImageStatus {
    /// Maintained.
    Active,
    /// To be removed on (or after) the date.
    Deprecated(NaiveDate),
    /// Removed: the stream should no longer exist.
    Removed,
}

/// One curated image as the policy describes it; every field left out is read from the
/// stream's annotations (see [`CuratedAnnotations`]).
///
/// # Example
/// ```
/// let image: imagecurator::CuratedImage =
///     serde_json::from_str(r#"{"name": "patroni-postgres-96", "owner": "jason", "community": false}"#)?;
/// assert_eq!(image.owner.as_deref(), Some("jason"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CuratedImage {
    /// The image stream's name.
    pub name: String,
    /// The platform team contact who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The platform team member who champions a community contribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub champion: Option<String>,
    /// Whether it is a community contribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<bool>,
    /// Days between scheduled rebuilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rebuild_interval_days: Option<u32>,
    /// When it was last built (otherwise the newest `created` of its tag histories).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_build: Option<DateTime<Utc>>,
    /// Where it is in its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ImageStatus>,
}

/// The ImageStream annotation keys that describe a curated image.
///
/// # Example
/// ```
/// assert_eq!(imagecurator::CuratedAnnotations::default().owner, "imagecurator.io/owner");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct CuratedAnnotations {
    /// Key of the owner (a name or contact).
    pub owner: String,
    /// Key of the champion.
    pub champion: String,
    /// Key of the community flag (`"true"` or `"false"`).
    pub community: String,
    /// Key of the rebuild interval in days (`"30"`).
    pub rebuild_interval_days: String,
    /// Key of the last build time (RFC 3339).
    pub last_build: String,
    /// Key of the status (`active`, `deprecated`, `removed`).
    pub status: String,
    /// Key of the deprecation date (`2026-06-30`), with status `deprecated`.
    pub deprecated_on: String,
}

impl Default for CuratedAnnotations {
    fn default() -> CuratedAnnotations {
        let key = |name: &str| format!("imagecurator.io/{name}");
        CuratedAnnotations {
            owner: key("owner"),
            champion: key("champion"),
            community: key("community"),
            rebuild_interval_days: key("rebuild-interval-days"),
            last_build: key("last-build"),
            status: key("status"),
            deprecated_on: key("deprecated-on"),
        }
    }
}

/// The curated-namespace rules.
///
/// # Example
/// ```
/// let rules = imagecurator::CuratedRules::default();
/// assert!(rules.namespaces.matches("bcgov"));
/// assert_eq!((rules.rebuild_interval_days, rules.max_versions), (31, 3));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct CuratedRules {
    /// The curated namespaces.
    pub namespaces: NamespaceSelector,
    /// The annotation keys that describe an image on its stream.
    pub annotations: CuratedAnnotations,
    /// Days between scheduled rebuilds unless an image says otherwise: monthly.
    pub rebuild_interval_days: u32,
    /// Days a rebuild may be late before it is overdue.
    pub grace_days: u32,
    /// Versions an image may have (the strategy's "max 3"), per scheme, counted as retention
    /// counts them ([`crate::versions_per_scheme`]).
    pub max_versions: u32,
    /// The images, by name; annotations fill in what an entry leaves out.
    pub images: Vec<CuratedImage>,
    /// The source cluster's registry as other clusters reach it (its public route, such as
    /// `image-registry.apps.klab.example.ca`): internal-registry references are rewritten to
    /// it in propagation commands. Without it, internal images get no command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_registry: Option<String>,
}

impl Default for CuratedRules {
    fn default() -> CuratedRules {
        CuratedRules {
            namespaces: selector(&["bcgov"], &[]),
            annotations: CuratedAnnotations::default(),
            rebuild_interval_days: 31,
            grace_days: 7,
            max_versions: 3,
            images: Vec::new(),
            source_registry: None,
        }
    }
}

impl CuratedRules {
    /// Checks this section, found at `at` in the policy document (`curated`).
    pub(crate) fn check_at(&self, at: &str) -> Result<(), Error> {
        let refuse = |key: &str, what: &str| Err(Error::invalid_policy(&join_path(at, key), what));
        for (field, value) in
            [("rebuild_interval_days", self.rebuild_interval_days), ("max_versions", self.max_versions)]
        {
            if value == 0 {
                return refuse(field, &format!("{field} is 0; it must be at least 1"));
            }
        }
        if let Some(host) = &self.source_registry {
            let probe = Reference::parse(&format!("{host}/probe")).ok();
            if probe.is_none_or(|r| r.domain() != host.as_str()) {
                return refuse("source_registry", &format!("`{host}` is not a registry host"));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, image) in self.images.iter().enumerate() {
            let name_at = format!("images[{i}].name");
            if let Some(why) = stream_name_problem(&image.name) {
                return refuse(&name_at, &why);
            }
            if !seen.insert(image.name.as_str()) {
                return refuse(&name_at, &format!("`{}` is listed twice", image.name));
            }
            if image.rebuild_interval_days == Some(0) {
                return refuse(&format!("images[{i}].rebuild_interval_days"), "rebuild_interval_days is 0");
            }
        }
        Ok(())
    }
}

/// One image as the checks see it: the policy entry, completed from annotations.
struct Described {
    image: CuratedImage,
    /// Annotations that could not be read, as (key, value, why).
    unreadable: Vec<(String, String, &'static str)>,
}

fn describe(rules: &CuratedRules, stream: &ImageStream) -> Described {
    let listed = rules.images.iter().find(|i| i.name == stream.name());
    let mut image =
        listed.cloned().unwrap_or_else(|| CuratedImage { name: stream.name().to_owned(), ..Default::default() });
    let mut unreadable = Vec::new();
    let keys = &rules.annotations;
    let get = |key: &str| stream.annotations().get(key).map(String::as_str);
    let mut bad = |key: &str, value: &str, why: &'static str| unreadable.push((key.to_owned(), value.to_owned(), why));
    if image.owner.is_none() {
        image.owner = get(&keys.owner).map(str::to_owned);
    }
    if image.champion.is_none() {
        image.champion = get(&keys.champion).map(str::to_owned);
    }
    if let (None, Some(v)) = (image.community, get(&keys.community)) {
        match v.trim() {
            "true" => image.community = Some(true),
            "false" => image.community = Some(false),
            _ => bad(&keys.community, v, "is not `true` or `false`"),
        }
    }
    if let (None, Some(v)) = (image.rebuild_interval_days, get(&keys.rebuild_interval_days)) {
        match v.trim().parse::<u32>() {
            Ok(days) if days > 0 => image.rebuild_interval_days = Some(days),
            _ => bad(&keys.rebuild_interval_days, v, "is not a whole number of days above 0"),
        }
    }
    if let (None, Some(v)) = (image.last_build, get(&keys.last_build)) {
        match DateTime::parse_from_rfc3339(v.trim()) {
            Ok(t) => image.last_build = Some(t.with_timezone(&Utc)),
            Err(_) => bad(&keys.last_build, v, "is not an RFC 3339 time"),
        }
    }
    if let (None, Some(v)) = (image.status, get(&keys.status)) {
        match v.trim() {
            "active" => image.status = Some(ImageStatus::Active),
            "removed" => image.status = Some(ImageStatus::Removed),
            "deprecated" => match get(&keys.deprecated_on).map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")) {
                Some(Ok(date)) => image.status = Some(ImageStatus::Deprecated(date)),
                Some(Err(_)) => {
                    bad(&keys.deprecated_on, get(&keys.deprecated_on).unwrap_or(""), "is not a date (YYYY-MM-DD)")
                }
                None => bad(&keys.status, v, "says deprecated but the stream has no deprecation date"),
            },
            _ => bad(&keys.status, v, "is not `active`, `deprecated` or `removed`"),
        }
    }
    Described { image, unreadable }
}

/// Checks the streams of the curated namespaces against the rules. Time-based checks (rebuilds,
/// deprecation dates) need `now` and are skipped without it.
///
/// Findings: `curated.owner_missing`, `curated.champion_missing`, `curated.rebuild_overdue`,
/// `curated.never_built`, `curated.build_in_future`, `curated.too_many_versions`,
/// `curated.deprecated_past_date`, `curated.removed_present`, `curated.bad_annotation` and
/// `curated.stale_entry` (an image the policy lists that no curated namespace has).
///
/// # Example
/// ```
/// use imagecurator::{check_curated, CuratedRules, ImageStream};
/// let streams = ImageStream::from_json(&serde_json::json!({"metadata": {"name": "minio", "namespace": "bcgov",
///     "annotations": {"imagecurator.io/community": "true", "imagecurator.io/owner": "wade"}}}))?;
/// let codes: Vec<&str> = check_curated(&CuratedRules::default(), &streams, None).iter().map(|f| f.code.as_str()).collect();
/// assert_eq!(codes, ["curated.champion_missing"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn check_curated(rules: &CuratedRules, streams: &[ImageStream], now: Option<DateTime<Utc>>) -> Vec<Finding> {
    let curated: Vec<&ImageStream> =
        streams.iter().filter(|s| s.namespace().is_some_and(|ns| rules.namespaces.matches(ns))).collect();
    let mut out = Vec::new();
    for stream in &curated {
        let described = describe(rules, stream);
        out.extend(check_one(rules, stream, &described, now));
    }
    let present: BTreeSet<&str> = curated.iter().map(|s| s.name()).collect();
    for image in rules.images.iter().filter(|i| !present.contains(i.name.as_str())) {
        if image.status == Some(ImageStatus::Removed) {
            continue;
        }
        out.push(Finding::new(
            FindingCode::CuratedStaleEntry,
            Severity::Info,
            format!("curated/{}", image.name),
            format!("the policy lists curated image `{}`, but no curated namespace has it", image.name),
            "build and propagate it, or mark it removed in the policy",
        ));
    }
    out
}

fn check_one(
    rules: &CuratedRules,
    stream: &ImageStream,
    described: &Described,
    now: Option<DateTime<Utc>>,
) -> Vec<Finding> {
    let (namespace, name) = (stream.namespace().unwrap_or_default(), stream.name());
    let subject = format!("imagestream/{namespace}/{name}");
    let image = &described.image;
    let mut out = Vec::new();
    let finding =
        |code, severity, message: String, fix: &str| Finding::new(code, severity, subject.clone(), message, fix);
    for (key, value, why) in &described.unreadable {
        out.push(finding(
            FindingCode::CuratedBadAnnotation,
            Severity::Warning,
            format!("annotation {key}=`{value}` {why}"),
            "fix the annotation",
        ));
    }
    if image.status == Some(ImageStatus::Removed) {
        out.push(finding(
            FindingCode::CuratedRemovedPresent,
            Severity::Error,
            format!("`{name}` is marked removed but still in {namespace}"),
            "delete the image stream on every cluster",
        ));
        return out;
    }
    if image.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
        out.push(finding(
            FindingCode::CuratedOwnerMissing,
            Severity::Error,
            format!("`{name}` has no owner; every curated image needs a platform team contact"),
            &format!("name one in the policy or in the {} annotation", rules.annotations.owner),
        ));
    }
    if image.community == Some(true) && image.champion.as_deref().is_none_or(|c| c.trim().is_empty()) {
        out.push(finding(
            FindingCode::CuratedChampionMissing,
            Severity::Error,
            format!("`{name}` is a community contribution without a platform team champion"),
            &format!("name one in the policy or in the {} annotation", rules.annotations.champion),
        ));
    }
    // Counted as retention counts them: per scheme, each image once.
    for (scheme, versions) in crate::rules::versions::versions_per_scheme(stream) {
        if versions > rules.max_versions as usize {
            out.push(finding(
                FindingCode::CuratedTooManyVersions,
                Severity::Warning,
                format!(
                    "`{name}` has {versions} versions of scheme {scheme}; curated images keep at most {}",
                    rules.max_versions
                ),
                "run the retention plan's `oc tag -d` commands",
            ));
        }
    }
    if let Some(now) = now {
        out.extend(time_findings(rules, stream, image, now, &finding));
    }
    out
}

fn time_findings(
    rules: &CuratedRules,
    stream: &ImageStream,
    image: &CuratedImage,
    now: DateTime<Utc>,
    finding: &dyn Fn(FindingCode, Severity, String, &str) -> Finding,
) -> Vec<Finding> {
    let name = stream.name();
    let mut out = Vec::new();
    if let Some(ImageStatus::Deprecated(on)) = image.status {
        if on < now.date_naive() {
            out.push(finding(
                FindingCode::CuratedDeprecatedPastDate,
                Severity::Warning,
                format!("`{name}` was deprecated for removal on {on}"),
                "remove it from every cluster and mark it removed in the policy",
            ));
        }
        // A deprecated image is not rebuilt.
        return out;
    }
    let newest_created = stream.tags().iter().flat_map(|t| t.history()).filter_map(|e| e.created()).max();
    let Some(built) = image.last_build.or(newest_created) else {
        out.push(finding(
            FindingCode::CuratedNeverBuilt,
            Severity::Warning,
            format!("`{name}` has no build time: no last-build annotation and no image in its history"),
            "build it in the scheduled pipeline",
        ));
        return out;
    };
    // Clocks differ between clusters and CI; five minutes ahead is still now.
    if built > now + Duration::minutes(5) {
        out.push(finding(
            FindingCode::CuratedBuildInFuture,
            Severity::Warning,
            format!("`{name}` says it was built at {}, after now ({})", built.to_rfc3339(), now.to_rfc3339()),
            "check the pipeline's clock and the last-build annotation",
        ));
        return out;
    }
    let interval = image.rebuild_interval_days.unwrap_or(rules.rebuild_interval_days);
    let due = built + Duration::days(i64::from(interval));
    if now > due + Duration::days(i64::from(rules.grace_days)) {
        let late = (now - due).num_days();
        out.push(finding(
            FindingCode::CuratedRebuildOverdue,
            Severity::Warning,
            format!(
                "`{name}` was last built {}; its rebuild every {interval} days is {late} days late",
                built.date_naive()
            ),
            "run its scheduled pipeline, or deprecate it",
        ));
    }
    out
}

/// One step of propagating the source cluster's curated images to another cluster.
///
/// # Example
/// ```
/// # use imagecurator::*;
/// let stream = |n: u8| {
///     let digest = format!("sha256:{}", n.to_string().repeat(64));
///     let pull = format!("image-registry.openshift-image-registry.svc:5000/bcgov/minio@{digest}");
///     ImageStream::from_json(&serde_json::json!({"metadata": {"name": "minio", "namespace": "bcgov"},
///         "status": {"tags": [{"tag": "v1.0", "items": [{"image": digest, "dockerImageReference": pull}]}]}})).unwrap()
/// };
/// let peers = std::collections::BTreeMap::from([("silver".to_owned(), stream(1))]);
/// let rules = CuratedRules { source_registry: Some("registry.apps.lab.example".into()), ..Default::default() };
/// let plan = plan_propagation(&rules, &stream(2), &peers);
/// assert_eq!(plan.steps[0].action, PropagationAction::Update);
/// assert_eq!(plan.commands, [format!(
///     "oc --context=silver -n bcgov tag --source=docker registry.apps.lab.example/bcgov/minio@sha256:{} minio:v1.0",
///     "2".repeat(64))]);
/// // Without a route to the source registry, an internal image gets no command.
/// assert!(plan_propagation(&CuratedRules::default(), &stream(2), &peers).commands.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PropagationStep {
    /// The cluster to change.
    pub cluster: String,
    /// The curated namespace.
    pub namespace: String,
    /// The image stream.
    pub stream: String,
    /// The tag.
    pub tag: String,
    /// What to do.
    pub action: PropagationAction,
    /// The image the source cluster's tag points to (`None` for `extra`).
    pub source_image: Option<String>,
    /// The image the cluster's tag points to now (`None` for `add`).
    pub target_image: Option<String>,
    /// Where the cluster pulls the source image from, when it can (`None` for `extra`, and
    /// for an internal-registry image without `source_registry`).
    pub source_reference: Option<String>,
}

/// What a cluster needs for one tag.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&imagecurator::PropagationAction::Add).unwrap(), "\"add\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PropagationAction {
    /// The cluster lacks the tag.
    Add,
    /// The cluster's tag points to another image.
    Update,
    /// The cluster has a tag the source does not (reported; nothing is deleted for you).
    Extra,
}

impl PropagationAction {
    /// The lower-case name, as serialized.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::PropagationAction::Update.as_str(), "update");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PropagationAction::Add => "add",
            PropagationAction::Update => "update",
            PropagationAction::Extra => "extra",
        }
    }
}

/// The propagation plan: per cluster, what is missing or out of date, with `oc tag` commands
/// (run against each cluster's context) where the source image's pull reference is known.
///
/// # Example
/// ```
/// let plan = imagecurator::plan_propagation(&Default::default(), &[], &Default::default());
/// assert!(plan.steps.is_empty() && plan.commands.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PropagationPlan {
    /// Steps by cluster, namespace, stream and tag.
    pub steps: Vec<PropagationStep>,
    /// `oc --context=<cluster> -n <namespace> tag --source=docker <image> <stream>:<tag>`.
    pub commands: Vec<String>,
}

/// Compares the curated namespaces of the source cluster (`source`) with each other cluster's
/// (`peers`, by cluster name): tag by tag, by the image each tag points to now.
///
/// # Example
/// ```
/// # use imagecurator::*;
/// let source = ImageStream::from_json(&serde_json::json!({"metadata": {"name": "nats", "namespace": "bcgov"},
///     "status": {"tags": [{"tag": "v2.1", "items": [{"image": "sha256:1"}]}]}}))?;
/// let peers = std::collections::BTreeMap::from([("gold".to_owned(), vec![])]);
/// let plan = plan_propagation(&CuratedRules::default(), &source, &peers);
/// assert_eq!((plan.steps[0].cluster.as_str(), plan.steps[0].action), ("gold", PropagationAction::Add));
/// assert!(plan.commands.is_empty(), "no pull reference recorded for the source image");
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn plan_propagation(
    rules: &CuratedRules,
    source: &[ImageStream],
    peers: &BTreeMap<String, Vec<ImageStream>>,
) -> PropagationPlan {
    plan_propagation_except(rules, source, peers, |_, _, _| false)
}

/// [`plan_propagation`] without the source tags `skip` names (those retention prunes).
pub(crate) fn plan_propagation_except(
    rules: &CuratedRules,
    source: &[ImageStream],
    peers: &BTreeMap<String, Vec<ImageStream>>,
    skip: impl Fn(&str, &str, &str) -> bool,
) -> PropagationPlan {
    let mut wanted = current_tags(rules, source);
    wanted.retain(|(namespace, stream, tag), _| !skip(namespace, stream, tag));
    let mut plan = PropagationPlan::default();
    for (cluster, streams) in peers {
        let have = current_tags(rules, streams);
        for (key, (image, reference)) in &wanted {
            let action = match have.get(key) {
                None => PropagationAction::Add,
                Some((theirs, _)) if theirs != image => PropagationAction::Update,
                Some(_) => continue,
            };
            let (namespace, stream, tag) = key;
            let pull = reference.and_then(|r| reachable(r, rules.source_registry.as_deref()));
            if let Some(pull) = &pull {
                plan.commands
                    .push(format!("oc --context={cluster} -n {namespace} tag --source=docker {pull} {stream}:{tag}"));
            }
            plan.steps.push(PropagationStep {
                cluster: cluster.clone(),
                namespace: namespace.to_string(),
                stream: stream.to_string(),
                tag: tag.to_string(),
                action,
                source_image: Some(image.to_string()),
                target_image: have.get(key).map(|(theirs, _)| theirs.to_string()),
                source_reference: pull,
            });
        }
        for (key, (theirs, _)) in have.iter().filter(|(key, _)| !wanted.contains_key(*key)) {
            let (namespace, stream, tag) = key;
            plan.steps.push(PropagationStep {
                cluster: cluster.clone(),
                namespace: namespace.to_string(),
                stream: stream.to_string(),
                tag: tag.to_string(),
                action: PropagationAction::Extra,
                source_image: None,
                target_image: Some(theirs.to_string()),
                source_reference: None,
            });
        }
    }
    plan.steps.sort();
    plan
}

/// A pull reference another cluster can use: external references as they are; internal-registry
/// ones on the source registry's public route, or none without it.
fn reachable(reference: &str, source_registry: Option<&str>) -> Option<String> {
    let parsed = Reference::parse(reference).ok()?;
    if parsed.internal_image().is_none() {
        return Some(parsed.to_string());
    }
    let tail = &parsed.as_str()[parsed.domain().len()..];
    source_registry.map(|host| format!("{host}{tail}"))
}

type TagKey<'a> = (&'a str, &'a str, &'a str);

/// (namespace, stream, tag) -> (current image, its pull reference) in the curated namespaces.
fn current_tags<'a>(
    rules: &CuratedRules,
    streams: &'a [ImageStream],
) -> BTreeMap<TagKey<'a>, (&'a str, Option<&'a str>)> {
    let mut out = BTreeMap::new();
    for stream in streams {
        let Some(namespace) = stream.namespace().filter(|ns| rules.namespaces.matches(ns)) else { continue };
        for tag in stream.tags() {
            if let Some(current) = tag.current() {
                out.insert((namespace, stream.name(), tag.name()), (current.image(), current.reference()));
            }
        }
    }
    out
}
