//! How versions are counted, one rule for retention's "keep N" and the curated check's "at most
//! N" alike: each image counts once, by its most precise version tag, within that tag's scheme.

use crate::io::ImageStream;
use crate::names::{Tag, TagKind};
use std::collections::BTreeMap;

/// Whether `candidate` stands for its image better than `current` (the tag standing for it so
/// far, if any). A version tag stands for its image before any other: the one with more
/// release numbers (`1.25.3` over its alias `1.25`), then a plain one (no prefix word, no
/// line: `11` over `openjdk-11-el7`), then the later in tag order. An image with
/// no version tag is stood for by a build or commit id (`3f2a9c1`), when `commits` says those
/// are ranked and the tag's image has a creation time to order it by; the later in text order.
pub(crate) fn represents(candidate: &Tag, timed: bool, current: Option<&Tag>, commits: bool) -> bool {
    let ranked_by_time = commits && timed && candidate.kind() == TagKind::BuildId;
    match current {
        _ if !candidate.is_version() && !ranked_by_time => false,
        None => true,
        Some(current) if candidate.is_version() && current.is_version() => {
            let rank = |t: &Tag| (t.release().len(), t.is_plain_version());
            (rank(candidate), candidate) > (rank(current), current)
        }
        Some(current) => candidate.is_version() || (!current.is_version() && candidate > current),
    }
}

/// The versions of a stream, counted per scheme ([`Tag::scheme`]): each image once, by its most
/// precise version tag, or, with none, by a build or commit id whose image has a creation time
/// (scheme `commit`). Tags with no image and other tags (`latest`) count for nothing.
/// Retention keeps the newest `keep` of each count, and the curated check warns of a count above
/// `max_versions`: one rule for both.
///
/// # Example
/// ```
/// let stream = serde_json::json!({"metadata": {"name": "app", "namespace": "bcgov"}, "status": {"tags": [
///     {"tag": "1.25.3", "items": [{"image": "sha256:a"}]}, {"tag": "1.25", "items": [{"image": "sha256:a"}]},
///     {"tag": "1.26.0", "items": [{"image": "sha256:b"}]}, {"tag": "20240101", "items": [{"image": "sha256:c"}]},
///     {"tag": "latest", "items": [{"image": "sha256:b"}]}]}});
/// let streams = imagecurator::ImageStream::from_json(&stream)?;
/// let counts = imagecurator::versions_per_scheme(&streams[0]);
/// assert_eq!(counts.into_iter().collect::<Vec<_>>(), [("N.N.N".to_owned(), 2), ("YYYYMMDD".to_owned(), 1)]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn versions_per_scheme(stream: &ImageStream) -> BTreeMap<String, usize> {
    let mut representative: BTreeMap<&str, Tag> = BTreeMap::new();
    for t in stream.tags() {
        let (Some(event), Ok(tag)) = (t.current(), Tag::parse(t.name())) else { continue };
        if represents(&tag, event.created().is_some(), representative.get(event.image()), true) {
            representative.insert(event.image(), tag);
        }
    }
    let mut counts = BTreeMap::new();
    for tag in representative.values() {
        if let Some(scheme) = tag.scheme() {
            *counts.entry(scheme).or_default() += 1;
        }
    }
    counts
}
