//! The planner: ranks each stream's versions and decides, tag by tag, what stays.

use super::plan::{
    short, Action, Reason, RetentionContext, RetentionPlan, RevisionDecision, RevisionReason, TagDecision,
};
use super::policy::{GroupBy, Prereleases, RetentionPolicy, Unversioned};
use crate::error::{Error, ErrorCode};
use crate::io::{Evidence, ImageRef, ImageStream, ImageUse, StreamTag, TemplatePin};
use crate::names::{Reference, SchemeKey, Tag, TagKind};
use chrono::{DateTime, Duration, Utc};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What is in use, read once from the evidence: digests anywhere, tags of streams (by an
/// ImageStreamTag or an internal-registry pull spec), and tags of plain registry repositories.
/// Each maps to the first use (in the evidence's sorted order) that needs it, so that the
/// decision can say who.
struct InUse<'e> {
    /// The evidence's uses; `None` when there is no evidence at all.
    uses: Option<&'e [ImageUse]>,
    /// Uses the planned streams themselves make: a tag that follows another stream's tag
    /// (`spec.tags[].from`), numbered after the evidence's.
    followed: Vec<ImageUse>,
    /// Hashed, not ordered: every image of every stream is looked up here.
    digests: foldhash::HashMap<String, u32>,
    /// Namespace, then stream, then tag; nested so that lookups borrow instead of allocating.
    tags: BTreeMap<String, BTreeMap<String, BTreeMap<String, u32>>>,
    /// Canonical repository name, then tag: how plain registry repositories are used.
    by_name: BTreeMap<String, BTreeMap<String, u32>>,
}

impl<'e> InUse<'e> {
    /// The in-use tags of one stream by its external route's name
    /// (`status.publicDockerImageRepository`): how workloads on other clusters, or pulling
    /// through the route, name it.
    fn public_tags_of(&self, stream: &ImageStream) -> Option<&BTreeMap<String, u32>> {
        self.by_name.get(stream.public_repository()?)
    }

    /// The in-use tags of one stream.
    fn tags_of(&self, stream: &ImageStream) -> Option<&BTreeMap<String, u32>> {
        if stream.is_registry_repository() {
            return self.by_name.get(stream.name());
        }
        self.tags.get(stream.namespace().unwrap_or(""))?.get(stream.name())
    }

    /// The use of the external image a tag imports (its `spec.tags[].from` `DockerImage`), when
    /// something runs that image by the same name and tag: `quay.io/org/app:1.0` in a pod keeps
    /// the stream tag that imports `quay.io/org/app:1.0`.
    fn of_source(&self, source: &str) -> Option<u32> {
        let r = Reference::parse(source).ok()?;
        self.by_name.get(r.name())?.get(r.tag()?).copied()
    }

    /// Who the use numbered `i` is, for a decision's `used_by`.
    fn user(&self, i: u32) -> Option<String> {
        let uses = self.uses?;
        let i = i as usize;
        uses.get(i).or_else(|| self.followed.get(i - uses.len())).map(ImageUse::user)
    }

    fn read(evidence: Option<&'e Evidence>, streams: &[&ImageStream]) -> Result<InUse<'e>, Error> {
        let mut in_use = InUse {
            uses: evidence.map(|e| e.uses.as_slice()),
            followed: Vec::new(),
            digests: Default::default(),
            tags: BTreeMap::new(),
            by_name: BTreeMap::new(),
        };
        // With evidence, a tag another planned stream follows is in use too (without any,
        // nothing is pruned anyway).
        if let Some(evidence) = evidence {
            for stream in streams {
                for tag in stream.tags() {
                    let Some((namespace, target, target_tag)) = tag.follows() else { continue };
                    let i = (evidence.uses.len() + in_use.followed.len()) as u32;
                    in_use.tag(namespace, target, target_tag, i);
                    in_use.followed.push(ImageUse {
                        kind: "ImageStream".to_owned(),
                        namespace: stream.namespace().map(str::to_owned),
                        name: stream.name().to_owned(),
                        place: format!("tag {}", tag.name()),
                        image: ImageRef::StreamTag {
                            namespace: namespace.to_owned(),
                            stream: target.to_owned(),
                            tag: target_tag.to_owned(),
                        },
                    });
                }
            }
        }
        for (i, used) in evidence.map_or(&[][..], |e| &e.uses).iter().enumerate() {
            let i = i as u32;
            match &used.image {
                ImageRef::StreamTag { namespace, stream, tag } => in_use.tag(namespace, stream, tag, i),
                ImageRef::StreamImage { digest, .. } => {
                    in_use.digests.entry(digest.clone()).or_insert(i);
                }
                ImageRef::PullSpec(text) => {
                    let r = Reference::parse(text).map_err(|e| {
                        Error::new(
                            ErrorCode::InvalidInput,
                            format!("in-use image `{text}` of {} is not a reference: {}", used.user(), e.message()),
                        )
                    })?;
                    if let Some(digest) = r.digest() {
                        in_use.digests.entry(digest.to_owned()).or_insert(i);
                    }
                    if let Some(tag) = r.tag() {
                        in_use.by_name.entry(r.name().to_owned()).or_default().entry(tag.to_owned()).or_insert(i);
                    }
                    if let Some(internal) = r.internal_image() {
                        in_use.tag(internal.namespace(), internal.stream(), r.tag().unwrap_or("latest"), i);
                    }
                }
            }
        }
        Ok(in_use)
    }

    fn tag(&mut self, namespace: &str, stream: &str, tag: &str, use_index: u32) {
        let tags = self.tags.entry(namespace.to_owned()).or_default().entry(stream.to_owned()).or_default();
        tags.entry(tag.to_owned()).or_insert(use_index);
    }
}

/// The note a plan made without evidence carries.
const NO_EVIDENCE: &str = "no evidence of what runs was given, so nothing is pruned: give what \
    `oc get pods,rc,rs,deploy,dc,sts,ds,jobs,cronjobs,bc,builds -A -o json` prints, or an empty list \
    where it would go (an empty `PodList` among documents) to say that nothing runs";

/// The note a plan made without the time of planning carries.
const NO_TIME: &str = "no time was given (`now`), so the ages of images are unknown and the minimum age \
    keeps every tag that would go: give the time of planning";

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
    /// The use that keeps the tag, when it is in use.
    used_by: Option<u32>,
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
    /// Per image: the use that needs it, if any.
    in_use: Vec<Option<u32>>,
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
        self.in_use.extend(self.images.iter().map(|i| in_use.digests.get(*i).copied()));
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
/// // A CronJob runs 1.9; nothing else runs.
/// let cronjob = serde_json::json!({"kind": "CronJob", "metadata": {"name": "nightly", "namespace": "team-tools"},
///     "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job",
///       "image": "image-registry.openshift-image-registry.svc:5000/team-tools/app:1.9"}]}}}}}});
/// let now = Some("2026-01-01T00:00:00Z".parse().unwrap());
/// let context = RetentionContext { evidence: Some(Evidence::from_json(&cronjob)?), now, ..Default::default() };
/// let plan = plan_retention(&policy, &ImageStream::from_json(&json)?, &context)?;
/// assert_eq!(plan.commands, ["oc tag -d team-tools/app:1.2"]);
/// let kept = plan.decisions.iter().find(|d| &*d.tag == "1.9").unwrap();
/// assert_eq!(kept.used_by.as_deref(), Some("cronjob/team-tools/nightly (container job)"));
///
/// // Without evidence of what runs, or without the time, nothing is pruned.
/// let blind = plan_retention(&policy, &ImageStream::from_json(&json)?, &RetentionContext { now, ..Default::default() })?;
/// assert!(blind.commands.is_empty());
/// let timeless = RetentionContext { now: None, ..context };
/// assert!(plan_retention(&policy, &ImageStream::from_json(&json)?, &timeless)?.commands.is_empty());
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn plan_retention(
    policy: &RetentionPolicy,
    streams: &[ImageStream],
    context: &RetentionContext,
) -> Result<RetentionPlan, Error> {
    let RetentionContext { evidence, pins, now } = context;
    plan_retention_of(policy, streams.iter().collect(), evidence.as_ref(), pins, *now)
}

/// [`plan_retention`] over some of the caller's streams, with the context's parts borrowed:
/// the audit holds them in its inventory and need not copy them.
pub(crate) fn plan_retention_of(
    policy: &RetentionPolicy,
    mut order: Vec<&ImageStream>,
    evidence: Option<&Evidence>,
    pins: &[TemplatePin],
    now: Option<DateTime<Utc>>,
) -> Result<RetentionPlan, Error> {
    policy.check()?;
    order.sort_by(|a, b| (a.namespace(), a.name()).cmp(&(b.namespace(), b.name())));
    let in_use = InUse::read(evidence, &order)?;
    let pins = pins_by_stream(pins);
    let mut plan = RetentionPlan::default();
    // One decision per tag: sized once, as a cluster has a million of them.
    plan.decisions.reserve_exact(order.iter().map(|s| s.tags().len()).sum());
    let mut scratch = Scratch::default();
    for stream in &order {
        plan_stream(policy, stream, now, &pins, &in_use, &mut scratch, &mut plan.decisions);
    }
    if let Some(keep) = policy.keep_tag_revisions {
        if evidence.is_some() {
            plan.revisions = revisions_beyond(keep as usize, &plan.decisions, &order, &in_use);
        }
    }
    // A plan over no streams needs neither evidence nor time, and says nothing of them.
    if evidence.is_none() && !order.is_empty() {
        plan.notes.push(NO_EVIDENCE.to_owned());
    }
    if now.is_none() && policy.min_age_minutes > 0 && !order.is_empty() {
        plan.notes.push(NO_TIME.to_owned());
    }
    plan.now = now;
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
    used_tags: Option<&'a BTreeMap<String, u32>>,
    public_tags: Option<&'a BTreeMap<String, u32>>,
    pinned_tags: BTreeSet<&'a str>,
}

impl<'a> StreamGuards<'a> {
    fn new(stream: &ImageStream, pins: &PinsByStream<'a>, in_use: &'a InUse<'_>) -> StreamGuards<'a> {
        let pinned_tags = pins
            .get(stream.name())
            .into_iter()
            .flatten()
            .filter(|p| p.namespace().is_none_or(|ns| Some(ns) == stream.namespace()))
            .map(|p| p.tag())
            .collect();
        StreamGuards { used_tags: in_use.tags_of(stream), public_tags: in_use.public_tags_of(stream), pinned_tags }
    }
}

fn protection(
    policy: &RetentionPolicy,
    guards: &StreamGuards<'_>,
    entry: &Entry<'_>,
    now: Option<DateTime<Utc>>,
) -> Option<Reason> {
    let tag = entry.tag.name();
    if entry.used_by.is_some() {
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
    // Tags with no version are left alone, but for build and commit ids with a time to order
    // them by, when the policy ranks those (see `Unversioned`).
    let ranked_by_time = policy.unversioned == Unversioned::ByTime
        && created.is_some()
        && entry.parsed.as_ref().is_some_and(|t| t.kind() == TagKind::BuildId);
    if !entry.parsed.as_ref().is_some_and(Tag::is_version) && !ranked_by_time {
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
    in_use: &InUse<'_>,
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
        Entry {
            tag: t,
            parsed: Tag::parse_shared(t.shared_name()).ok(),
            image,
            image_id: None,
            protection: None,
            used_by: None,
        }
    }));
    let image_count = scratch.number_images();
    // Looked up once per image, not once per tag: aliases share their image.
    scratch.mark_in_use(in_use);
    let guards = StreamGuards::new(stream, pins, in_use);
    for entry in scratch.entries.iter_mut() {
        let image_user = entry.image_id.and_then(|id| scratch.in_use[id]);
        let tag_user = guards.used_tags.and_then(|tags| tags.get(entry.tag.name()).copied());
        let public_user = guards.public_tags.and_then(|tags| tags.get(entry.tag.name()).copied());
        let source_user = entry.tag.source().and_then(|source| in_use.of_source(source));
        // The earliest use in the evidence's order names the user, whichever way it matched.
        entry.used_by = [image_user, tag_user, public_user, source_user].into_iter().flatten().min();
        entry.protection = protection(policy, &guards, entry, now);
    }

    // Each image's version (the most precise version tag pointing to it), and whether a
    // protected tag holds it.
    let (versions, held) = (&mut scratch.versions, &mut scratch.held);
    versions.clear();
    versions.resize(image_count, None);
    held.clear();
    held.resize(image_count, false);
    let entries = &scratch.entries;
    let commits = policy.unversioned == Unversioned::ByTime;
    for (i, e) in entries.iter().enumerate() {
        let Some(id) = e.image_id else { continue };
        held[id] |= e.protection.is_some();
        if let Some(tag) = e.parsed.as_ref() {
            let current = versions[id].and_then(|at| entries[at as usize].parsed.as_ref());
            let timed = e.tag.current().and_then(|event| event.created()).is_some();
            if crate::rules::versions::represents(tag, timed, current, commits) {
                versions[id] = Some(i as u32);
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
    // Each scheme's key written once per stream and shared by its tags' decisions: a stream
    // has a few schemes and a cluster a million tags.
    let mut schemes: Vec<(SchemeKey<'_>, Arc<str>)> = Vec::new();
    for &i in order.iter() {
        let e = &entries[i as usize];
        let scheme =
            e.parsed.as_ref().and_then(Tag::scheme_key).map(|key| match schemes.iter().find(|(k, _)| *k == key) {
                Some((_, text)) => text.clone(),
                None => {
                    let text: Arc<str> = key.to_string().into();
                    schemes.push((key, text.clone()));
                    text
                }
            });
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
        // Without evidence of what runs, or without the time to judge ages by, nothing is
        // deleted blind.
        let (keep, reason) = match keep {
            true => (keep, reason),
            false if in_use.uses.is_none() => (true, Reason::NoEvidence),
            false if now.is_none() && policy.min_age_minutes > 0 => (true, Reason::NoTime),
            false => (keep, reason),
        };
        decisions.push(TagDecision {
            namespace: shared_namespace.clone(),
            stream: shared_stream.clone(),
            tag: e.tag.shared_name().clone(),
            scheme,
            image: e.image.cloned(),
            action: if keep { Action::Keep } else { Action::Prune },
            reason,
            rule: reason.rule(),
            used_by: e.used_by.filter(|_| reason == Reason::InUse).and_then(|i| in_use.user(i)),
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
            .filter(|(_, _, t)| t.is_version() && t.prerelease().is_none())
            .map(|(_, _, t)| (t.variant(), padded(t.release())))
            .collect(),
        _ => BTreeSet::new(),
    };
    // Each scheme of the stream gets its place once, so that ranking compares numbers rather
    // than reading each tag's scheme at every comparison.
    let mut schemes: Vec<SchemeKey<'_>> = versioned().filter_map(|(_, _, t)| t.scheme_key()).collect();
    schemes.sort_unstable();
    schemes.dedup();
    let place_of = |t: &Tag| t.scheme_key().and_then(|k| schemes.binary_search(&k).ok()).unwrap_or(0) as u32;
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
        ranked.push(Ranked { scheme: place_of(tag), key, apart, image: image as u32, at });
    }
    // Groups are runs of (scheme, release prefix, ranked apart as a pre-release); within one,
    // the newest version comes first. Versions compare only within their scheme, so a date
    // line is never ranked against releases, whatever the grouping. Tag names are unique, so
    // the order is total.
    let version_order = |a: &Ranked, b: &Ranked| newer_first(entries, a.at, b.at);
    let group_of = |r: &Ranked| (r.scheme, r.key, r.apart);
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
    // The safety floor: the newest version of every scheme stays, whatever the grouping.
    // (image, entry position) of each scheme's newest; a stream has a few schemes at most.
    newest.clear();
    newest.resize(schemes.len(), (u32::MAX, u32::MAX));
    for (image, at, tag) in versioned() {
        let slot = &mut newest[place_of(tag) as usize];
        if slot.0 == u32::MAX || newer_first(entries, at, slot.1) == Ordering::Less {
            *slot = (image as u32, at);
        }
    }
    for &(image, _) in newest.iter().filter(|(image, _)| *image != u32::MAX) {
        let verdict = verdicts[image as usize].get_or_insert(Verdict { keep: true, reason: Reason::NewestOfLine });
        if !verdict.keep {
            *verdict = Verdict { keep: true, reason: Reason::NewestOfLine };
        }
    }
}

/// The order of ranking within a scheme, newest first: versions by version; build and commit
/// ids, which have none, by their image's creation time (then by text, so the order is total).
fn newer_first(entries: &[Entry<'_>], a: u32, b: u32) -> Ordering {
    let (x, y) = (&entries[a as usize], &entries[b as usize]);
    match (&x.parsed, &y.parsed) {
        (Some(s), Some(t)) if s.is_version() || t.is_version() => t.cmp_version_across_lines(s),
        (Some(s), Some(t)) => {
            let created = |e: &Entry<'_>| e.tag.current().and_then(|event| event.created());
            created(y).cmp(&created(x)).then_with(|| t.cmp(s))
        }
        _ => Ordering::Equal,
    }
}

/// One version to rank: its group key, its image, and its tag's position among the entries.
struct Ranked {
    /// The place of its scheme among the stream's schemes.
    scheme: u32,
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

/// History entries past the newest `keep` of each tag, unless the image is still some kept
/// tag's current image in the same stream, or in use.
fn revisions_beyond(
    keep: usize,
    decisions: &[TagDecision],
    ordered_streams: &[&ImageStream],
    in_use: &InUse<'_>,
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
                if current.contains(&(stream.namespace(), stream.name(), image)) || in_use.digests.contains_key(image) {
                    continue;
                }
                out.push(RevisionDecision {
                    namespace: stream.namespace().map(str::to_owned),
                    stream: stream.name().to_owned(),
                    tag: tag.name().to_owned(),
                    image: image.to_owned(),
                    position,
                    reason: RevisionReason::BeyondTagRevisions,
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
