//! References: no panic, and a reference read back from its canonical and its familiar form
//! is the same reference.
#![no_main]

use imagecurator::Reference;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(reference) = Reference::parse(text) else { return };
    let canonical = Reference::parse(reference.as_str()).expect("the canonical form reads back");
    assert_eq!(canonical, reference, "canonical form of {text:?}");
    let familiar = Reference::parse(&reference.familiar()).expect("the familiar form reads back");
    assert_eq!(familiar, reference, "familiar form of {text:?}");
});
