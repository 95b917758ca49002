//! Tags: no panic, and the sort order is a total order: antisymmetric and transitive over any
//! three tags, and `sort_tags` agrees with it.
#![no_main]

use imagecurator::Tag;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parts: Vec<&str> = text.splitn(3, '\n').collect();
    let tags: Vec<Tag> = parts.iter().filter_map(|p| Tag::parse(p).ok()).collect();
    for a in &tags {
        for b in &tags {
            assert_eq!(a.cmp(b), b.cmp(a).reverse(), "antisymmetric: {a} and {b}");
            if let Some(order) = a.cmp_precedence(b) {
                assert_eq!(Some(order.reverse()), b.cmp_precedence(a), "precedence of {a} and {b}");
            }
            for c in &tags {
                if a <= b && b <= c {
                    assert!(a <= c, "transitive: {a} <= {b} <= {c}");
                }
            }
        }
    }
    if let Ok(sorted) = imagecurator::sort_tags(&parts) {
        let read: Vec<Tag> = sorted.iter().map(|t| Tag::parse(t).unwrap()).collect();
        assert!(read.windows(2).all(|w| w[0] <= w[1]), "sort_tags agrees with Ord: {sorted:?}");
    }
});
