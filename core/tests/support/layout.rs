//! Checks that `ReferenceLayout`, which finds a reference's parts without building its canonical
//! form, agrees with `Reference` on one input: same error, or the same parts at the offsets it
//! names. Shared by the tests that walk real, vector and random inputs.

use imagecurator::{Reference, ReferenceLayout};

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
