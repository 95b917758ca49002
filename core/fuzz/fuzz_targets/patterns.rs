//! Names and patterns: no panic, and a glob matches exactly when the plain recursive reading
//! of it does (`*` any run of characters, `?` one character, all else literal).
#![no_main]

use imagecurator::{Namespace, NamespacePattern};
use libfuzzer_sys::fuzz_target;

fn oracle(pattern: &[char], name: &[char]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some(('*', rest)) => (0..=name.len()).any(|i| oracle(rest, &name[i..])),
        Some((&p, rest)) => name.split_first().is_some_and(|(&c, tail)| (p == '?' || p == c) && oracle(rest, tail)),
    }
}

fuzz_target!(|text: &str| {
    let _ = Namespace::parse(text);
    let _ = NamespacePattern::parse(text).map(|p| p.matches(text));
    let Some((pattern, name)) = text.split_once('\n') else { return };
    // The oracle takes exponential time on many stars: short inputs only.
    if pattern.chars().count() > 12 || name.chars().count() > 24 {
        return;
    }
    let Ok(glob) = NamespacePattern::glob(pattern) else { return };
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    assert_eq!(glob.matches(name), oracle(&p, &n), "glob {pattern:?} against {name:?}");
});
