//! Checks that `ReferenceLayout` and `TagLayout`, which find a reference's or a tag's parts
//! without building or copying its text, agree with `Reference` and `Tag` on one input: the same
//! error, or the same parts at the offsets they name. Shared by the tests that walk real, vector
//! and random inputs.

use imagecurator::bindings::{ReferenceLayout, TagLayout};
use imagecurator::{Error, Reference, Tag};
use std::fmt::Debug;

/// Panics, naming the input, where the two disagree.
#[track_caller]
pub fn assert_layout_agrees(input: &str) {
    let Some((reference, layout)) = both_or_same_error(input, Reference::parse(input), ReferenceLayout::parse(input))
    else {
        return;
    };
    let canonical = format!("{}{}", layout.prefix(), &input[layout.skip()..]);
    assert_eq!(canonical, reference.as_str(), "{input:?}");
    assert_eq!(&canonical[..layout.domain_end()], reference.domain(), "{input:?}");
    assert_eq!(&canonical[..layout.host_end()], reference.host(), "{input:?}");
    assert_eq!(layout.port(), reference.port(), "{input:?}");
    assert_eq!(&canonical[..layout.name_end()], reference.name(), "{input:?}");
    let tag = (layout.tag_end() > layout.name_end()).then(|| &canonical[layout.name_end() + 1..layout.tag_end()]);
    assert_eq!(tag, reference.tag(), "{input:?}");
    assert_eq!(&canonical[layout.familiar_start()..], reference.familiar(), "{input:?}");
    let internal = reference.internal_image().map(|i| (i.namespace(), i.stream()));
    let from_layout = layout
        .internal_namespace_end()
        .map(|end| (&canonical[layout.domain_end() + 1..end], &canonical[end + 1..layout.name_end()]));
    assert_eq!(from_layout, internal, "{input:?}");
}

/// Panics, naming the input, where `TagLayout` and `Tag` disagree.
#[track_caller]
pub fn assert_tag_layout_agrees(input: &str) {
    let Some((tag, layout)) = both_or_same_error(input, Tag::parse(input), TagLayout::parse(input)) else {
        return;
    };
    let part = |range: Option<std::ops::Range<usize>>| range.map(|r| &input[r]);
    assert_eq!(layout.kind(), tag.kind(), "{input:?}");
    assert_eq!(layout.has_v_prefix(), tag.has_v_prefix(), "{input:?}");
    assert_eq!(layout.release(), tag.release(), "{input:?}");
    assert_eq!(part(layout.prerelease()), tag.prerelease(), "{input:?}");
    assert_eq!(part(layout.revision()), tag.revision(), "{input:?}");
    assert_eq!(part(layout.qualifier()), tag.qualifier(), "{input:?}");
    assert_eq!(part(layout.variant()), tag.variant(), "{input:?}");
    assert_eq!(part(layout.build()), tag.build(), "{input:?}");
}

/// Both values, or `None` when both reads failed with the same error; panics when only one
/// failed or the errors differ.
#[track_caller]
fn both_or_same_error<T: Debug, U: Debug>(input: &str, a: Result<T, Error>, b: Result<U, Error>) -> Option<(T, U)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Some((a, b)),
        (Err(a), Err(b)) => {
            assert_eq!((a.code(), a.offset(), a.to_string()), (b.code(), b.offset(), b.to_string()), "{input:?}");
            None
        }
        (a, b) => panic!("{input:?}: {a:?} against its layout's {b:?}"),
    }
}
