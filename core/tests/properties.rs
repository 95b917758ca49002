//! Property tests with a small deterministic generator: parse and print round-trip, ordering
//! is total and consistent, and no input, however broken, makes a parser panic.

use imagecurator::{Namespace, NamespacePattern, Reference, RegistryScope, Tag};
use std::cmp::Ordering;

#[path = "support/layout.rs"]
mod layout;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";

fn component(rng: &mut Rng) -> String {
    let mut out = rng.word(LOWER, 1, 6);
    for _ in 0..rng.below(3) {
        out.push_str(rng.pick(&[".", "_", "__", "-", "---"]));
        out.push_str(&rng.word(LOWER, 1, 5));
    }
    out
}

fn random_reference(rng: &mut Rng) -> String {
    let mut out = String::new();
    match rng.below(5) {
        0 => {}
        1 => out.push_str("docker.io/"),
        2 => out.push_str(&format!("{}.{}/", rng.word(LOWER, 1, 8), rng.pick(&["com", "io", "example.org"]))),
        3 => out.push_str(&format!("{}:{}/", rng.pick(&["localhost", "reg.example.com", "[::1]"]), rng.below(65536))),
        _ => out.push_str("image-registry.openshift-image-registry.svc:5000/"),
    }
    let parts = 1 + rng.below(3);
    out.push_str(&(0..parts).map(|_| component(rng)).collect::<Vec<_>>().join("/"));
    if rng.below(2) == 0 {
        out.push(':');
        out.push_str(&random_tag(rng));
    }
    if rng.below(3) == 0 {
        out.push_str("@sha256:");
        out.push_str(&rng.word(HEX, 64, 64));
    }
    out
}

fn random_tag(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => rng.pick(&["latest", "stable", "dev", "scheduled-upgrade"]).to_owned(),
        1 => rng.word(HEX, 7, 12),
        2 => {
            let n = 1 + rng.below(4);
            let mut v: Vec<String> = (0..n).map(|_| rng.below(30).to_string()).collect();
            if rng.below(3) == 0 {
                v[0] = format!("v{}", v[0]);
            }
            let mut t = v.join(".");
            if rng.below(3) == 0 {
                t.push_str(&format!("-{}{}", rng.pick(&["rc", "beta", "alpha", "RC"]), rng.below(12)));
            }
            if rng.below(3) == 0 {
                t.push_str(&format!("-{}", rng.pick(&["el8", "ubi9", "minimal-ubi9", "alpine"])));
            }
            t
        }
        _ => {
            rng.word(b"abcdefghijklmnopqrstuvwxyz0123456789_.-ABC", 1, 20).trim_start_matches(['.', '-']).to_owned()
                + "x"
        }
    }
}

#[test]
fn references_round_trip() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut parsed = 0;
    for _ in 0..20_000 {
        let text = random_reference(&mut rng);
        layout::assert_layout_agrees(&text);
        let Ok(r) = Reference::parse(&text) else { continue };
        parsed += 1;
        let again = Reference::parse(&r.to_string()).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(again, r, "{text}");
        let familiar = Reference::parse(&r.familiar()).unwrap();
        assert_eq!(familiar, r, "familiar form of {text}");
        assert_eq!(serde_json::from_str::<Reference>(&serde_json::to_string(&r).unwrap()).unwrap(), r);
    }
    assert!(parsed > 15_000, "only {parsed} generated references parsed");
}

#[test]
fn tags_round_trip_and_order_totally() {
    let mut rng = Rng(7);
    let texts: Vec<String> = (0..3_000).map(|_| random_tag(&mut rng)).collect();
    texts.iter().for_each(|t| layout::assert_tag_layout_agrees(t));
    let tags: Vec<Tag> = texts.iter().filter_map(|t| Tag::parse(t).ok()).collect();
    assert!(tags.len() > 2_500);
    for t in &tags {
        assert_eq!(&Tag::parse(t.as_str()).unwrap(), t);
    }
    let mut sorted = tags.clone();
    sorted.sort();
    for pair in sorted.windows(2) {
        assert_ne!(pair[0].cmp(&pair[1]), Ordering::Greater);
        // Within a scheme (a run of the total order), precedence never contradicts it. Across
        // schemes of one line (`8` and `0.7`) precedence still answers, but the order keeps
        // each scheme's run together.
        if let Some(p) = pair[0].cmp_precedence(&pair[1]).filter(|_| pair[0].scheme() == pair[1].scheme()) {
            assert_ne!(p, Ordering::Greater, "{} {}", pair[0], pair[1]);
        }
    }
    // Antisymmetry and transitivity on a sample of triples.
    for i in 0..500 {
        let (a, b, c) = (&tags[i], &tags[(i * 7 + 1) % tags.len()], &tags[(i * 13 + 5) % tags.len()]);
        assert_eq!(a.cmp(b), b.cmp(a).reverse());
        if a <= b && b <= c {
            assert!(a <= c, "{a} {b} {c}");
        }
    }
}

#[test]
fn arbitrary_text_never_panics() {
    let mut rng = Rng(42);
    let alphabet: Vec<u8> = (b' '..=b'~').collect();
    for _ in 0..50_000 {
        let mut text = rng.word(&alphabet, 0, 40);
        if rng.below(10) == 0 {
            text.push_str("é☃\u{0}");
        }
        layout::assert_layout_agrees(&text);
        layout::assert_tag_layout_agrees(&text);
        let _ = Namespace::parse(&text);
        let _ = RegistryScope::parse(&text);
        if let Ok(p) = NamespacePattern::parse(&text) {
            let _ = p.matches(&text);
        }
    }
}

/// `sort_tags` sorts by compact keys with the full comparison for ties; the result is the total
/// order of `Tag` exactly, numbers past the keys' width included.
#[test]
fn sort_tags_agrees_with_the_total_order() {
    let mut rng = Rng(11);
    let mut texts: Vec<String> = (0..6_000).map(|_| random_tag(&mut rng)).filter(|t| Tag::parse(t).is_ok()).collect();
    // Release numbers at and past 2^52, where the key saturates.
    for big in
        ["9007199254740991", "4503599627370495", "4503599627370496.1", "4503599627370497.1", "1.4503599627370497"]
    {
        texts.push(big.to_owned());
    }
    // Repeats, as a cluster's tags have them: read once, placed together.
    let repeats: Vec<String> = texts.iter().step_by(7).cloned().collect();
    texts.extend(repeats);
    let mut tags: Vec<Tag> = texts.iter().map(|t| Tag::parse(t).unwrap()).collect();
    tags.sort();
    let expected: Vec<String> = tags.iter().map(|t| t.as_str().to_owned()).collect();
    assert_eq!(imagecurator::sort_tags(&texts).unwrap(), expected);
    assert!(texts.len() > 5_000);
}
