//! Checks that `ReferenceLayout` and `TagLayout`, which find a reference's or a tag's parts
//! without building or copying its text, agree with `Reference` and `Tag` on one input: the same
//! error, or the same parts at the offsets they name. Shared by the tests that walk real, vector
//! and random inputs.

use imagecurator::{Reference, ReferenceLayout, Tag, TagLayout};

/// Panics, naming the input, where the two disagree.
#[track_caller]
pub fn assert_layout_agrees(input: &str) {
    let (reference, layout) = match (Reference::parse(input), ReferenceLayout::parse(input)) {
        (Ok(r), Ok(l)) => (r, l),
        (Err(a), Err(b)) => {
            assert_eq!((a.code(), a.offset(), a.to_string()), (b.code(), b.offset(), b.to_string()), "{input:?}");
            return;
        }
        (r, l) => panic!("{input:?}: Reference {r:?}, ReferenceLayout {l:?}"),
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
    let (tag, layout) = match (Tag::parse(input), TagLayout::parse(input)) {
        (Ok(t), Ok(l)) => (t, l),
        (Err(a), Err(b)) => {
            assert_eq!((a.code(), a.offset(), a.to_string()), (b.code(), b.offset(), b.to_string()), "{input:?}");
            return;
        }
        (t, l) => panic!("{input:?}: Tag {t:?}, TagLayout {l:?}"),
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
