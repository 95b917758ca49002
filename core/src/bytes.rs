//! A byte-class table, so the hand-written readers test a byte's class with one lookup.

/// `a-z`.
pub(crate) const LOWER: u8 = 1;
/// `0-9`.
pub(crate) const DIGIT: u8 = 2;
/// `A-Z`.
pub(crate) const UPPER: u8 = 4;
/// `_`, `.` and `-`: the punctuation a tag may hold.
pub(crate) const TAG_PUNCT: u8 = 8;
/// `@`, `/` and `:`: where a reference splits.
pub(crate) const SPLIT: u8 = 16;

pub(crate) const ALNUM: u8 = LOWER | DIGIT | UPPER;

pub(crate) static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' => LOWER,
            b'0'..=b'9' => DIGIT,
            b'A'..=b'Z' => UPPER,
            b'_' | b'.' | b'-' => TAG_PUNCT,
            b'@' | b'/' | b':' => SPLIT,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The class bits of a byte.
#[inline(always)]
pub(crate) fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// Whether every byte is `[0-9a-f]`, lower-case hex, as digests, build ids and licence plates
/// write it: branch-free and with no early exit, so that the compiler checks many bytes at a
/// time (a digest has 64 or 128).
pub(crate) fn all_lower_hex(bytes: &[u8]) -> bool {
    bytes.iter().fold(true, |ok, &b| ok & (b.is_ascii_digit() | (b.wrapping_sub(b'a') < 6)))
}
