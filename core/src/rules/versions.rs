//! How versions are counted, one rule for retention's "keep N" and the curated check's "at most
//! N" alike: each image counts once, by its most precise version tag, within that tag's scheme.

use crate::io::ImageStream;
use crate::names::Tag;
use std::collections::BTreeMap;

/// Whether `candidate` stands for its image better than `current`: the tag with more release
/// numbers (`1.25.3` over its alias `1.25`), then the later in tag order.
pub(crate) fn more_precise(candidate: &Tag, current: &Tag) -> bool {
    (candidate.release().len(), candidate) > (current.release().len(), current)
}

/// The versions of a stream, counted per scheme ([`Tag::scheme`]): each image once, by its most
/// precise version tag. Tags with no image and tags that are not versions count for nothing.
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
        if !tag.is_version() {
            continue;
        }
        match representative.get(event.image()) {
            Some(current) if !more_precise(&tag, current) => {}
            _ => {
                representative.insert(event.image(), tag);
            }
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
