//! Image tags read as versions: classified, ordered within variant lines, in one pass.

use crate::bytes::{class, ALNUM, TAG_PUNCT};
use crate::error::{Error, ErrorCode, Shown};
use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// The longest tag: distribution/reference's `[\w][\w.-]{0,127}`.
pub(crate) const TAG_MAX: usize = 128;

/// The tag grammar, written once for both readers: where `bytes` first breaks `[\w][\w.-]*`
/// (with `+` allowed after the first byte when `plus`, as semver build metadata needs), or
/// `None`. References use it without `+`, as distribution/reference does; [`Tag::parse`] with.
/// The length limit, [`TAG_MAX`], is checked apart, since each reader words it differently.
pub(crate) fn tag_grammar_break(bytes: &[u8], plus: bool) -> Option<usize> {
    let first = *bytes.first()?;
    let bad = bytes.iter().position(|&b| !(class(b) & (ALNUM | TAG_PUNCT) != 0 || (plus && b == b'+')));
    bad.or_else(|| (!(class(first) & ALNUM != 0 || first == b'_')).then_some(0))
}
/// The most numeric release components a version may have (`1.2.3.4.5.6.7.8`).
const MAX_COMPONENTS: usize = 8;
/// The largest number a component may hold: 2^53 - 1, so that every binding, JavaScript's
/// numbers included, holds it exactly. A tag with a larger component is unparseable.
const MAX_NUMBER: u64 = (1 << 53) - 1;

/// Words that make a `-suffix` a pre-release, in precedence order (case-insensitive, optionally
/// followed by a number: `rc1`, `rc.1`, `RC-1`).
const PRERELEASE_WORDS: &[&str] =
    &["dev", "nightly", "canary", "unstable", "alpha", "ea", "beta", "milestone", "pre", "preview", "rc", "snapshot"];
/// Words after a `.` that mark a release build, Maven and JBoss style (`2.9.0.GA`).
const RELEASE_WORDS: &[&str] = &["ga", "final", "release"];

/// What kind of tag this is.
///
/// # Example
/// ```
/// use imagecurator::{Tag, TagKind};
///
/// assert_eq!(Tag::parse("1.2.3-rc.1")?.kind(), TagKind::Semver);
/// assert_eq!(Tag::parse("v1.1")?.kind(), TagKind::Loose);
/// assert_eq!(Tag::parse("13-el8")?.kind(), TagKind::Variant);
/// assert_eq!(Tag::parse("latest")?.kind(), TagKind::Floating);
/// assert_eq!(Tag::parse("3f2a9c1")?.kind(), TagKind::BuildId);
/// assert_eq!(Tag::parse("openjdk-11-el7")?.kind(), TagKind::Variant); // a prefix word, version 11, line el7
/// assert_eq!(Tag::parse("ubi8")?.kind(), TagKind::Unparseable);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TagKind {
    /// Semantic Versioning 2.0.0 exactly, optionally after a `v`: `1.2.3`, `v1.2.3-rc.1+b5`.
    Semver,
    /// A version that is not strict semver: `v1.1`, `9.6`, `10`, `1.2.3.4`, `2.9.0.GA`, `8.4-203`.
    Loose,
    /// A version with a variant suffix: `13-el8`, `3.12-ubi8`, `12-minimal-ubi9`, `1.2.3-alpine`.
    Variant,
    /// A word that moves from image to image: `latest`, `stable`, `dev`, `scheduled-upgrade`.
    Floating,
    /// A build or commit id: 7 to 40 lower-case hex digits with at least one letter and one digit.
    BuildId,
    /// Anything else: `ubi8`, `1.0_x`, `1.2.foo`, or a version with a number above
    /// 2^53 - 1.
    Unparseable,
}

impl TagKind {
    /// Every kind, in declaration order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::TagKind::ALL[0], imagecurator::TagKind::Semver);
    /// ```
    pub const ALL: &'static [TagKind] =
        &[TagKind::Semver, TagKind::Loose, TagKind::Variant, TagKind::Floating, TagKind::BuildId, TagKind::Unparseable];

    /// The snake_case name used in every binding.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::TagKind::BuildId.as_str(), "build_id");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TagKind::Semver => "semver",
            TagKind::Loose => "loose",
            TagKind::Variant => "variant",
            TagKind::Floating => "floating",
            TagKind::BuildId => "build_id",
            TagKind::Unparseable => "unparseable",
        }
    }

    /// Whether tags of this kind carry a version.
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::TagKind::Variant.is_version());
    /// assert!(!imagecurator::TagKind::Floating.is_version());
    /// ```
    pub fn is_version(self) -> bool {
        matches!(self, TagKind::Semver | TagKind::Loose | TagKind::Variant)
    }

    fn sort_rank(self) -> u8 {
        match self {
            TagKind::Semver | TagKind::Loose | TagKind::Variant => 0,
            TagKind::BuildId => 1,
            TagKind::Floating => 2,
            TagKind::Unparseable => 3,
        }
    }
}

impl fmt::Display for TagKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a version's release numbers are written, read from the numbers alone: a count of
/// dot-separated components, or one number that is a date (`20240101`) or a date and time
/// (`20231101230548`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Numbering {
    Components(u8),
    Date,
    Timestamp,
    /// A build or commit id: no version at all, ordered by its image's time.
    Commit,
}

impl Numbering {
    fn of(release: &[u64]) -> Numbering {
        match *release {
            [n] if (19_700_101..=20_991_231).contains(&n) && is_date(n) => Numbering::Date,
            [n] if (19_700_101_000_000..=20_991_231_235_959).contains(&n)
                && is_date(n / 1_000_000)
                && is_time_of_day(n % 1_000_000) =>
            {
                Numbering::Timestamp
            }
            _ => Numbering::Components(release.len() as u8),
        }
    }
}

/// `YYYYMMDD` that names a day of the calendar.
fn is_date(n: u64) -> bool {
    let (year, month, day) = (n / 10_000, (n / 100) % 100, n % 100);
    chrono::NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32).is_some()
}

/// `hhmmss` that names a time of day.
fn is_time_of_day(n: u64) -> bool {
    n / 10_000 < 24 && (n / 100) % 100 < 60 && n % 100 < 60
}

/// The scheme of a version tag, compared without building its printable key: tags compare as
/// versions only within one scheme, and retention ranks and counts each scheme on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct SchemeKey<'t> {
    // Field order is the sort order of schemes: plain versions first, then each prefix and
    // line by name, each by its numbering.
    prefix: &'t str,
    variant: Option<&'t str>,
    dotted_variant: bool,
    v_prefix: bool,
    numbering: Numbering,
}

impl fmt::Display for SchemeKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix)?;
        if self.v_prefix {
            f.write_str("v")?;
        }
        match self.numbering {
            Numbering::Date => f.write_str("YYYYMMDD")?,
            Numbering::Timestamp => f.write_str("YYYYMMDDhhmmss")?,
            Numbering::Commit => f.write_str("commit")?,
            Numbering::Components(n) => {
                for i in 0..n {
                    f.write_str(if i == 0 { "N" } else { ".N" })?;
                }
            }
        }
        match self.variant {
            Some(variant) => write!(f, "{}{variant}", if self.dotted_variant { '.' } else { '-' }),
            None => Ok(()),
        }
    }
}

/// A byte range of the tag text; empty when the part is absent.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Debug)]
struct Span {
    start: u8,
    end: u8,
}

impl Span {
    fn new(start: usize, end: usize) -> Span {
        Span { start: start as u8, end: end as u8 }
    }
    fn range(self) -> Option<Range<usize>> {
        (self.end > self.start).then_some(self.start as usize..self.end as usize)
    }
    fn get(self, text: &str) -> Option<&str> {
        self.range().map(|r| &text[r])
    }
}

/// An image tag, classified and, when it is a version, read into its parts.
///
/// # How a tag is read
/// - Optional prefix words, lower-case and each ending in `-` (`jdk-11.0.2.7`,
///   `artful-20170826`, `openjdk-11-el7`), or an optional `v`; then numeric components
///   separated by `.` (`1`, `9.6`, `1.2.3.4`). Prefix words are part of the scheme.
/// - Then, optionally, a pre-release: a `-`, `.` or nothing, then one of the words dev, alpha,
///   beta, milestone, pre, preview, rc, snapshot (any case), optionally numbered (`rc1`, `rc.1`):
///   `1.0-rc1`, `1.2.3-beta.2`, `2.0.0.Beta1`, `1.0rc1`. A strict-semver tag's all-numeric
///   pre-release (`1.0.0-0.3.7`) is one too, and so are PEP 440's short forms glued to the
///   release: `3.7.0a1`, `3.8.0b1-alpine`, `1.0c1` (`a` alpha, `b` beta, `c` rc).
/// - Or a release word after a `.`: `2.9.0.GA`, `.Final`, `.RELEASE`: a release, same precedence.
/// - Or a line after a `.`, named as distributions are (a word then its version):
///   `20.9.0.alpine3.18` is 20.9.0 of the `alpine3.18` line.
/// - Or a numeric revision after `-` (`8.4-203`, as Red Hat numbers rebuilds, `1.2.3-1`), or an
///   update number after `_` (`17.0.1_12`, as Temurin numbers them): it orders after the bare
///   version (`8.4 < 8.4-202 < 8.4-203 < 8.5`). A numeric `-N` is read this way whatever the
///   number of parts; strict semver would read `1.2.3-1` as a pre-release below `1.2.3`, but
///   container tags use it for rebuilds, so such a tag is `loose`, not `semver`.
/// - A build counter ends a variant line and is read as the revision, not as part of the line:
///   `-rN` (`1.25.3-debian-11-r5`), a number of three digits or more after a word
///   (`3.10-master-1000`; a shorter one, as in `debian-11`, names the line), a number after a
///   pre-release (`21-ea-32`), and git describe's `-177-ged5bcde`, whose commit is read as
///   build metadata.
/// - Then any other `-suffix` is a *variant*: `13-el8` is version 13 of the `el8` line and
///   `1.2.3-alpine` is 1.2.3 of the `alpine` line. Versions compare only within one line, so
///   `13-el8` and `12-ubi8` are never ranked against each other.
/// - Then `+build` metadata, as semver writes it (`+` is admitted in tags for this; a registry
///   would not store it).
///
/// # Schemes
/// A version tag's *scheme* is the shape its publisher writes versions in: the prefix words,
/// the `v`, the shape of the release numbers and the variant line ([`Tag::scheme`] prints it).
/// Tags compare as versions only within one scheme, and retention ranks and counts each scheme
/// of a stream on its own, so a date never outranks the releases beside it:
///
/// | tags | scheme | why |
/// |---|---|---|
/// | `1.25.3`, `1.26.0-rc.1` | `N.N.N` | a pre-release orders within its scheme |
/// | `17.04`, `18.10` | `N.N` | |
/// | `20240101` | `YYYYMMDD` | one number that is a calendar date |
/// | `20231101230548` | `YYYYMMDDhhmmss` | a date and a time of day |
/// | `1234`, `20241301` | `N` | a build number (month 13 is no date) |
/// | `8.4-203`, `8.4.0-203` | `N.N`, `N.N.N` | `-N` is a rebuild above the bare version, however many parts |
/// | `17.0.1_12-jre-alpine` | `N.N.N-jre-alpine` | `_12`, Temurin's update number, orders like a rebuild |
/// | `1.25.3-debian-11-r5` | `N.N.N-debian-11` | `-rN` is a build counter, not part of the line |
/// | `3.10-master-1000` | `N.N-master` | so is a number of three digits or more after a word |
/// | `v3.9.0-177-ged5bcde` | `vN.N.N` | git describe: 177 commits after `v3.9.0` |
/// | `21-ea-32`, `3.7.0b1` | `N`, `N.N.N` | pre-releases, and builds of them |
/// | `13-el8`, `3.12-ubi8` | `N-el8`, `N.N-ubi8` | each variant line is a scheme |
/// | `jdk-11.0.2.7-alpine-slim` | `jdk-N.N.N.N-alpine-slim` | words before the version are part of the scheme |
/// | `artful-20170826` | `artful-YYYYMMDD` | |
/// | `20.9.0.alpine3.18` | `N.N.N.alpine3.18` | a line after a dot, named as a distribution is |
/// | `3f2a9c1` | `commit` | no version: retention ranks it by its image's creation time |
/// | `latest`, `ubi8` | none | never ranked |
///
/// ```
/// use imagecurator::Tag;
///
/// for (tag, scheme) in [
///     ("1.26.0-rc.1", "N.N.N"), ("17.04", "N.N"), ("20240101", "YYYYMMDD"),
///     ("20231101230548", "YYYYMMDDhhmmss"), ("20241301", "N"), ("8.4.0-203", "N.N.N"),
///     ("17.0.1_12-jre-alpine", "N.N.N-jre-alpine"), ("1.25.3-debian-11-r5", "N.N.N-debian-11"),
///     ("3.10-master-1000", "N.N-master"), ("v3.9.0-177-ged5bcde", "vN.N.N"), ("21-ea-32", "N"),
///     ("3.7.0b1", "N.N.N"), ("13-el8", "N-el8"), ("jdk-11.0.2.7-alpine-slim", "jdk-N.N.N.N-alpine-slim"),
///     ("artful-20170826", "artful-YYYYMMDD"), ("20.9.0.alpine3.18", "N.N.N.alpine3.18"),
///     ("3f2a9c1", "commit"),
/// ] {
///     assert_eq!(Tag::parse(tag)?.scheme().as_deref(), Some(scheme), "{tag}");
/// }
/// assert_eq!(Tag::parse("ubi8")?.scheme(), None);
/// # Ok::<(), imagecurator::Error>(())
/// ```
///
/// # Order
/// Within a scheme, components compare as numbers (`1.10 > 1.9`, `10.11 > 10.5`); missing
/// components count as zero, so `1.2` and `1.2.0` have equal precedence
/// ([`Tag::cmp_precedence`] says `Equal`); a release is above its pre-releases; pre-release
/// numbers compare as numbers (`rc.10 > rc.9`, `rc10 > rc9`, where plain semver would put `rc10`
/// below `rc9`); a revision or build counter orders builds of one version; build metadata is
/// ignored. The total order ([`Ord`]) used for sorting ranks kinds first (versions, then build
/// ids, floating words and unparseable tags), versions by scheme (plain ones first by their
/// numbering, then each prefix and line by name), then by precedence within a scheme, then by
/// the number of components (`1.2 < 1.2.0`), then by the text.
///
/// # Example
/// ```
/// use imagecurator::Tag;
///
/// let t = Tag::parse("v3.12.1-rc.2-ubi8")?;
/// assert_eq!(t.release(), &[3, 12, 1]);
/// assert_eq!(t.prerelease(), Some("rc.2"));
/// assert_eq!(t.variant(), Some("ubi8"));
/// assert!(Tag::parse("1.10")? > Tag::parse("1.9")?);
/// assert!(Tag::parse("1.0.0-rc10")? > Tag::parse("1.0.0-rc9")?);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone)]
pub struct Tag {
    /// Shared, so that a tag read from an image stream costs no copy of its name.
    text: std::sync::Arc<str>,
    layout: TagLayout,
}

/// A tag's reading without its text: its kind, its release numbers and where each other part
/// lies, found without copying the text, so that reading a batch of tags allocates nothing.
/// [`Tag`] is its text and this; the reading is the same, rule for rule.
///
/// # Example
/// ```
/// use imagecurator::{bindings::TagLayout, TagKind};
///
/// let input = "v3.12.1-rc.2-ubi8";
/// let layout = TagLayout::parse(input)?;
/// assert_eq!((layout.kind(), layout.release()), (TagKind::Variant, &[3, 12, 1][..]));
/// assert_eq!(layout.prerelease().map(|r| &input[r]), Some("rc.2"));
/// assert_eq!(layout.variant().map(|r| &input[r]), Some("ubi8"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TagLayout {
    kind: TagKind,
    v_prefix: bool,
    /// Words before the version (`jdk-` of `jdk-11.0.2.7-alpine-slim`), ending at the dash.
    prefix: u8,
    /// Whether the variant follows a dot (`20.9.0.alpine3.18`) rather than a dash.
    dotted_variant: bool,
    count: u8,
    release: [u64; MAX_COMPONENTS],
    pre: Span,
    revision: Span,
    qualifier: Span,
    variant: Span,
    build: Span,
}

impl TagLayout {
    /// Checks and reads a tag as [`Tag::parse`] does.
    ///
    /// # Errors
    /// Exactly those of [`Tag::parse`].
    ///
    /// # Example
    /// ```
    /// use imagecurator::{bindings::TagLayout, ErrorCode, TagKind};
    ///
    /// assert_eq!(TagLayout::parse("latest")?.kind(), TagKind::Floating);
    /// assert_eq!(TagLayout::parse("-1").unwrap_err().code(), ErrorCode::InvalidTag);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn parse(input: &str) -> Result<TagLayout, Error> {
        check(input)?;
        Ok(TagLayout::read(input))
    }

    /// The kind of tag, as [`Tag::kind`].
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::TagLayout::parse("3f2a9c1")?.kind().as_str(), "build_id");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn kind(&self) -> TagKind {
        self.kind
    }

    /// Whether the version was written with a leading `v`, as [`Tag::has_v_prefix`].
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::bindings::TagLayout::parse("v1.1")?.has_v_prefix());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn has_v_prefix(&self) -> bool {
        self.v_prefix
    }

    /// The numeric release components, as [`Tag::release`].
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::TagLayout::parse("10.11")?.release(), &[10, 11]);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn release(&self) -> &[u64] {
        &self.release[..self.count as usize]
    }

    /// Where the pre-release lies in the tag, as [`Tag::prerelease`] reads it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::TagLayout::parse("1.0-rc1")?.prerelease(), Some(4..7));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn prerelease(&self) -> Option<Range<usize>> {
        self.pre.range()
    }

    /// Where the numeric revision lies, as [`Tag::revision`] reads it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::TagLayout::parse("8.4-203")?.revision(), Some(4..7));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn revision(&self) -> Option<Range<usize>> {
        self.revision.range()
    }

    /// Where the release word lies, as [`Tag::qualifier`] reads it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::TagLayout::parse("2.9.0.GA")?.qualifier(), Some(6..8));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn qualifier(&self) -> Option<Range<usize>> {
        self.qualifier.range()
    }

    /// Where the variant line lies, as [`Tag::variant`] reads it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::TagLayout::parse("13-el8")?.variant(), Some(3..6));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn variant(&self) -> Option<Range<usize>> {
        self.variant.range()
    }

    /// Where the build metadata lies, as [`Tag::build`] reads it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::TagLayout::parse("1.2.3+b5")?.build(), Some(6..8));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn build(&self) -> Option<Range<usize>> {
        self.build.range()
    }

    /// Reads checked tag text.
    fn read(text: &str) -> TagLayout {
        let mut layout = TagLayout::empty();
        let kind = layout.classify(text);
        if !kind.is_version() {
            // A tag that is not a version keeps no parts, whatever the reader got through.
            layout = TagLayout::empty();
        }
        TagLayout { kind, ..layout }
    }

    fn empty() -> TagLayout {
        TagLayout {
            kind: TagKind::Unparseable,
            v_prefix: false,
            prefix: 0,
            dotted_variant: false,
            count: 0,
            release: [0; MAX_COMPONENTS],
            pre: Span::default(),
            revision: Span::default(),
            qualifier: Span::default(),
            variant: Span::default(),
            build: Span::default(),
        }
    }

    fn classify(&mut self, text: &str) -> TagKind {
        let bytes = text.as_bytes();
        if is_build_id(bytes) {
            return TagKind::BuildId;
        }
        if is_word(bytes) {
            return TagKind::Floating;
        }
        let Some(leading_zero) = self.read_version(text) else {
            return TagKind::Unparseable;
        };
        if self.variant.end > self.variant.start {
            TagKind::Variant
        } else if self.is_strict_semver(text, leading_zero) {
            TagKind::Semver
        } else {
            TagKind::Loose
        }
    }

    /// Reads the version parts; `None` when the tag is not a version, else whether a release
    /// number was written with a leading zero (`01`).
    fn read_version(&mut self, text: &str) -> Option<bool> {
        let bytes = text.as_bytes();
        let mut i = word_prefix(bytes);
        self.prefix = i as u8;
        if i == 0 && matches!(bytes.first(), Some(b'v' | b'V')) && bytes.get(1).is_some_and(u8::is_ascii_digit) {
            self.v_prefix = true;
            i = 1;
        }
        // Numeric components.
        let mut leading_zero = false;
        loop {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &bytes[start..i];
            // MAX_NUMBER has 16 digits: a longer number is too large, and cannot overflow here.
            if digits.is_empty() || digits.len() > 16 || self.count as usize == MAX_COMPONENTS {
                return None;
            }
            let number = digits.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
            if number > MAX_NUMBER {
                return None;
            }
            leading_zero |= digits.len() > 1 && digits[0] == b'0';
            self.release[self.count as usize] = number;
            self.count += 1;
            if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                i += 1;
            } else {
                break;
            }
        }
        // `_N`, an update number (Temurin's `17.0.1_12`): a revision of the release, read as
        // a `-N` rebuild number is.
        if bytes.get(i) == Some(&b'_') {
            let start = i + 1;
            let end = start + bytes[start..].iter().take_while(|b| b.is_ascii_digit()).count();
            if end == start {
                return None;
            }
            self.revision = Span::new(start, end);
            i = end;
        }
        // A word glued on, or after a dot: a pre-release or a release qualifier.
        let glued = bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
        let dotted = bytes.get(i) == Some(&b'.');
        if glued || dotted {
            let start = if dotted { i + 1 } else { i };
            let end = part_end(bytes, start);
            let word = &text[start..end];
            if dotted && RELEASE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                self.qualifier = Span::new(start, end);
                i = end;
            } else if starts_with_prerelease_word(word) || (glued && is_short_prerelease(word)) {
                self.pre = Span::new(start, end);
                i = end;
            } else if dotted && bytes.get(start).is_some_and(u8::is_ascii_alphabetic) && word_then_digit(word) {
                // A line after a dot, named as distributions are, a word then its version:
                // `20.9.0.alpine3.18` is 20.9.0 of the `alpine3.18` line (`1.2.foo` is no tag of
                // a version).
                let end = bytes[start..].iter().position(|&b| b == b'+').map_or(bytes.len(), |p| start + p);
                self.variant = Span::new(start, end);
                self.dotted_variant = true;
                i = end;
            } else {
                return None;
            }
        }
        // `-suffix`: a pre-release, a numeric revision or semver pre-release, or a variant line.
        if bytes.get(i) == Some(&b'-') && self.pre.end == 0 && self.qualifier.end == 0 && !self.dotted_variant {
            let start = i + 1;
            let end = part_end(bytes, start);
            let part = &text[start..end];
            if starts_with_prerelease_word(part) {
                self.pre = Span::new(start, end);
                i = end;
            } else if is_dotted_number(part) && self.revision.end == 0 {
                // One reading whatever the number of parts: container tags number rebuilds
                // this way (`8.4-203`, `1.2.3-1`), so `-N` is a revision above the bare
                // version, where strict semver would read `1.2.3-1` as a pre-release below it.
                self.revision = Span::new(start, end);
                i = end;
            }
        }
        if bytes.get(i) == Some(&b'-') && !self.dotted_variant {
            let start = i + 1;
            let end = bytes[start..].iter().position(|&b| b == b'+').map_or(bytes.len(), |p| start + p);
            if end == start {
                return None;
            }
            let line_end = self.read_build_counter(bytes, start, end);
            if line_end > start {
                self.variant = Span::new(start, line_end);
            }
            i = end;
        }
        if bytes.get(i) == Some(&b'+') {
            let build = &bytes[i + 1..];
            let valid = !build.is_empty()
                && build
                    .split(|&b| b == b'.')
                    .all(|id| !id.is_empty() && id.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-'));
            if !valid {
                return None;
            }
            self.build = Span::new(i + 1, bytes.len());
            i = bytes.len();
        }
        (i == bytes.len()).then_some(leading_zero)
    }

    /// What ends a variant `-line` (`start..end`) that is no part of the line: a build counter
    /// (`-r5`, or a number of three digits or more: `-master-1000`) read as the revision, and
    /// git describe's commit (`-177-ged5bcde`, `-230548-g159857a0b`) read as build metadata.
    /// Without this, every build of a CI line would be a line of its own and never pruned.
    /// Returns where the line ends (`start` when nothing of it is left).
    fn read_build_counter(&mut self, bytes: &[u8], start: usize, end: usize) -> usize {
        let last_part = |to: usize| bytes[start..to].iter().rposition(|&b| b == b'-').map_or(start, |p| start + p + 1);
        let mut line_end = end;
        let digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
        // git describe: `<count>-g<commit>`, or `-g<commit>` after a revision already read.
        let part = last_part(line_end);
        let commit = &bytes[part..line_end];
        if end == bytes.len() && commit.first() == Some(&b'g') && is_build_id(&commit[1..]) {
            let count_at = last_part(part.saturating_sub(1).max(start));
            let count = &bytes[count_at..part.saturating_sub(1).max(count_at)];
            if self.revision.end == 0 && part > start && digits(count) {
                self.revision = Span::new(count_at, part - 1);
                self.build = Span::new(part, line_end);
                return count_at.saturating_sub(1).max(start);
            }
            if self.revision.end != 0 && part == start {
                self.build = Span::new(part, line_end);
                return start;
            }
        }
        if self.revision.end != 0 {
            return line_end;
        }
        // A counter ends the line: `-r5`, or a number of three digits or more after a word.
        let part = last_part(line_end);
        let counter = &bytes[part..line_end];
        if self.pre.end != 0 && part == start && digits(counter) {
            // A build of a pre-release: `21-ea-32`.
            self.revision = Span::new(part, line_end);
            line_end = start;
        } else if counter.first() == Some(&b'r') && digits(&counter[1..]) {
            self.revision = Span::new(part + 1, line_end);
            line_end = part.saturating_sub(1).max(start);
        } else if part > start && counter.len() >= 3 && digits(counter) {
            self.revision = Span::new(part, line_end);
            line_end = part - 1;
        }
        line_end
    }

    fn is_strict_semver(&self, text: &str, leading_zero: bool) -> bool {
        if self.count != 3 || self.qualifier.end != 0 || self.revision.end != 0 || self.prefix != 0 {
            return false;
        }
        if self.pre.end == 0 && self.build.end == 0 {
            // `MAJOR.MINOR.PATCH` alone, the commonest tag: semver's one rule left is no
            // leading zeros, which the reader noted, so the semver crate need not read it again.
            return !leading_zero;
        }
        semver::Version::parse(&text[self.v_prefix as usize..]).is_ok()
    }
}

impl Tag {
    /// Reads a tag.
    ///
    /// Every valid tag is classified; only text that cannot be a tag is an error.
    ///
    /// # Errors
    /// `invalid_tag` when the text is empty, longer than 128 bytes, starts with `.`, `-` or `+`,
    /// or has a character other than letters, digits, `_`, `.`, `-` and `+`.
    ///
    /// # Example
    /// ```
    /// use imagecurator::Tag;
    ///
    /// assert_eq!(Tag::parse("2.9.0.GA")?.qualifier(), Some("GA"));
    /// assert_eq!(Tag::parse("-1").unwrap_err().code().as_str(), "invalid_tag");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn parse(input: &str) -> Result<Tag, Error> {
        let layout = TagLayout::parse(input)?;
        Ok(Tag { text: input.into(), layout })
    }

    /// Reads a tag whose text is already shared (an image stream's tag name), without copying it.
    pub(crate) fn parse_shared(text: &std::sync::Arc<str>) -> Result<Tag, Error> {
        let layout = TagLayout::parse(text)?;
        Ok(Tag { text: text.clone(), layout })
    }

    /// The tag as written.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Tag::parse("v4.0")?.as_str(), "v4.0");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The kind of tag.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Tag::parse("1.2.3")?.kind().as_str(), "semver");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn kind(&self) -> TagKind {
        self.layout.kind
    }

    /// Whether the tag carries a version (semver, loose or variant).
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::Tag::parse("10")?.is_version());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn is_version(&self) -> bool {
        self.layout.kind.is_version()
    }

    /// The numeric release components; empty for a tag that is not a version.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Tag::parse("1.2.3.4")?.release(), &[1, 2, 3, 4]);
    /// assert!(imagecurator::Tag::parse("latest")?.release().is_empty());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn release(&self) -> &[u64] {
        self.layout.release()
    }

    /// Whether the version was written with a leading `v`.
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::Tag::parse("v1.1")?.has_v_prefix());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn has_v_prefix(&self) -> bool {
        self.layout.v_prefix
    }

    /// The pre-release part, when there is one: `rc.1` of `1.2.3-rc.1`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Tag::parse("1.0rc1")?.prerelease(), Some("rc1"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn prerelease(&self) -> Option<&str> {
        self.layout.pre.get(&self.text)
    }

    /// The numeric revision, when there is one: `203` of `8.4-203`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Tag::parse("8.4-203")?.revision(), Some("203"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn revision(&self) -> Option<&str> {
        self.layout.revision.get(&self.text)
    }

    /// The release word after a `.`, when there is one: `GA` of `2.9.0.GA`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Tag::parse("5.0.0.Final")?.qualifier(), Some("Final"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn qualifier(&self) -> Option<&str> {
        self.layout.qualifier.get(&self.text)
    }

    /// The variant line, when there is one: `ubi8` of `3.12-ubi8`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Tag::parse("12-minimal-ubi9")?.variant(), Some("minimal-ubi9"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn variant(&self) -> Option<&str> {
        self.layout.variant.get(&self.text)
    }

    /// The build metadata, when there is one: `b5` of `1.2.3+b5`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Tag::parse("1.2.3-rc.1+b5")?.build(), Some("b5"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn build(&self) -> Option<&str> {
        self.layout.build.get(&self.text)
    }

    /// The tag as a [`semver::Version`], for strict semver tags only.
    ///
    /// # Example
    /// ```
    /// let v = imagecurator::Tag::parse("v1.2.3")?.semver().unwrap();
    /// assert_eq!((v.major, v.minor, v.patch), (1, 2, 3));
    /// assert!(imagecurator::Tag::parse("1.2")?.semver().is_none());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn semver(&self) -> Option<semver::Version> {
        if self.layout.kind != TagKind::Semver {
            return None;
        }
        semver::Version::parse(&self.text[self.layout.v_prefix as usize..]).ok()
    }

    /// The scheme of a version tag: the shape its publisher writes versions in, as a stable
    /// printable key; `commit` for a build or commit id (`3f2a9c1`), which has no version and
    /// is ordered by its image's creation time instead. `None` for other tags (`latest`).
    ///
    /// The key is made of the `v` prefix, the release numbers' shape (`N.N.N` for three
    /// components; `YYYYMMDD` for one number that is a calendar date, `YYYYMMDDhhmmss` for a
    /// date and time) and the variant line (`-alpine`). A pre-release (`-rc.1`), a numeric
    /// revision (`-203`), a release word (`.GA`) and build metadata are not part of it: they
    /// order versions within their scheme. Tags compare as versions only within one scheme,
    /// so a date never outranks a release and `1.25` is never ranked against `1.25.3`.
    ///
    /// # Example
    /// ```
    /// use imagecurator::Tag;
    ///
    /// let scheme = |t: &str| Tag::parse(t).map(|t| t.scheme());
    /// assert_eq!(scheme("1.25.3")?.as_deref(), Some("N.N.N"));
    /// assert_eq!(scheme("v1.1")?.as_deref(), Some("vN.N"));
    /// assert_eq!(scheme("3.12-rc.1-ubi8")?.as_deref(), Some("N.N-ubi8"));
    /// assert_eq!(scheme("8.4-203")?.as_deref(), Some("N.N"));
    /// assert_eq!(scheme("20240101")?.as_deref(), Some("YYYYMMDD"));
    /// assert_eq!(scheme("20240199")?.as_deref(), Some("N"), "not a date: a build number");
    /// assert_eq!(scheme("3f2a9c1")?.as_deref(), Some("commit"));
    /// assert_eq!(scheme("latest")?, None);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn scheme(&self) -> Option<String> {
        self.scheme_key().map(|key| key.to_string())
    }

    /// Whether the tag is a version with neither a prefix word nor a line (`11`, `v1.2.3`, not
    /// `openjdk-11-el7`): the tag that best stands for an image its aliases share.
    pub(crate) fn is_plain_version(&self) -> bool {
        self.is_version() && self.layout.prefix == 0 && self.variant().is_none()
    }

    /// The scheme, comparable without a printable key (see [`Tag::scheme`]).
    pub(crate) fn scheme_key(&self) -> Option<SchemeKey<'_>> {
        self.layout.scheme_key(&self.text)
    }

    /// Whether two tags are versions of the same line (both plain, or both of one variant).
    ///
    /// # Example
    /// ```
    /// use imagecurator::Tag;
    ///
    /// assert!(Tag::parse("13-el8")?.same_line(&Tag::parse("12-el8")?));
    /// assert!(!Tag::parse("13-el8")?.same_line(&Tag::parse("13")?));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn same_line(&self, other: &Tag) -> bool {
        self.is_version() && other.is_version() && self.variant() == other.variant()
    }

    /// Compares version precedence within one line; `None` across lines or for tags that are
    /// not versions.
    ///
    /// # Example
    /// ```
    /// use imagecurator::Tag;
    /// use std::cmp::Ordering;
    ///
    /// assert_eq!(Tag::parse("1.2")?.cmp_precedence(&Tag::parse("1.2.0")?), Some(Ordering::Equal));
    /// assert_eq!(Tag::parse("10.11")?.cmp_precedence(&Tag::parse("10.5")?), Some(Ordering::Greater));
    /// assert_eq!(Tag::parse("1-el8")?.cmp_precedence(&Tag::parse("1")?), None);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn cmp_precedence(&self, other: &Tag) -> Option<Ordering> {
        self.same_line(other).then(|| self.precedence(other))
    }

    /// Orders versions by precedence alone, ignoring lines, then by line, component count and
    /// text: how retention ranks the versions of a whole image across its lines.
    pub(crate) fn cmp_version_across_lines(&self, other: &Tag) -> Ordering {
        self.precedence(other)
            .then_with(|| self.variant().cmp(&other.variant()))
            .then_with(|| self.layout.count.cmp(&other.layout.count))
            .then_with(|| self.text.cmp(&other.text))
    }

    fn precedence(&self, other: &Tag) -> Ordering {
        self.layout.precedence(&self.text, &other.layout, &other.text)
    }
}

impl TagLayout {
    /// The scheme of the tag this layout reads `text` as (see [`Tag::scheme`]).
    pub(crate) fn scheme_key<'t>(&self, text: &'t str) -> Option<SchemeKey<'t>> {
        match self.kind {
            TagKind::BuildId => Some(SchemeKey {
                prefix: "",
                variant: None,
                dotted_variant: false,
                v_prefix: false,
                numbering: Numbering::Commit,
            }),
            kind => kind.is_version().then(|| SchemeKey {
                prefix: &text[..self.prefix as usize],
                variant: self.variant.get(text),
                dotted_variant: self.dotted_variant,
                v_prefix: self.v_prefix,
                numbering: Numbering::of(&self.release[..self.count as usize]),
            }),
        }
    }

    /// Version precedence of two read tags: release numbers (missing ones count as zero), then
    /// a release above its pre-releases, then the revision.
    fn precedence(&self, text: &str, other: &TagLayout, other_text: &str) -> Ordering {
        let len = self.count.max(other.count) as usize;
        let release = (0..len).map(|i| self.release[i].cmp(&other.release[i])).find(|o| o.is_ne());
        release
            .unwrap_or(Ordering::Equal)
            .then_with(|| match (self.pre.get(text), other.pre.get(other_text)) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => cmp_prerelease(a, b),
            })
            .then_with(|| {
                cmp_numbers(self.revision.get(text).unwrap_or(""), other.revision.get(other_text).unwrap_or(""))
            })
    }

    /// The total order of [`Tag`] over read tags: kinds (versions, then build ids, floating
    /// words, unparseable tags), then schemes, then versions by precedence, then the number of
    /// release numbers, then the text.
    fn total_order(&self, text: &str, other: &TagLayout, other_text: &str) -> Ordering {
        self.kind
            .sort_rank()
            .cmp(&other.kind.sort_rank())
            .then_with(|| self.scheme_key(text).cmp(&other.scheme_key(other_text)))
            .then_with(|| self.order_within_scheme(text, other, other_text))
    }

    /// [`TagLayout::total_order`] for two tags of one kind rank and one scheme.
    fn order_within_scheme(&self, text: &str, other: &TagLayout, other_text: &str) -> Ordering {
        match self.kind.is_version() {
            true => self.precedence(text, other, other_text),
            false => Ordering::Equal,
        }
        .then_with(|| self.count.cmp(&other.count))
        .then_with(|| text.cmp(other_text))
    }
}

/// Validates tag text: `[\w][\w.+-]{0,127}`.
fn check(input: &str) -> Result<(), Error> {
    let bytes = input.as_bytes();
    // Only on the error paths: most tags are valid, and this is called once per tag read.
    let rule = || {
        format!("must be 1 to {TAG_MAX} letters, digits, `_`, `.`, `-` or `+`, starting with a letter, digit or `_`")
    };
    if bytes.is_empty() {
        return Err(Error::at(ErrorCode::InvalidTag, 0, format!("tag is empty; a tag {}", rule())));
    }
    if bytes.len() > TAG_MAX {
        return Err(Error::at(
            ErrorCode::InvalidTag,
            TAG_MAX,
            format!("tag `{input}` is {} bytes long; a tag {}", bytes.len(), rule(), input = Shown(input)),
        ));
    }
    match tag_grammar_break(bytes, true) {
        None => Ok(()),
        Some(at) => Err(Error::at(
            ErrorCode::InvalidTag,
            at,
            format!(
                "tag `{shown}` has `{}` at byte {at}; a tag {}",
                input[at..].chars().next().unwrap_or(' '),
                rule(),
                shown = Shown(input)
            ),
        )),
    }
}

/// 7 to 40 lower-case hex digits with at least one letter and one digit.
fn is_build_id(bytes: &[u8]) -> bool {
    (7..=40).contains(&bytes.len())
        && crate::bytes::all_lower_hex(bytes)
        && bytes.iter().any(u8::is_ascii_digit)
        && bytes.iter().any(u8::is_ascii_alphabetic)
}

/// Letters, in runs joined by single `-`, `_` or `.`: `latest`, `scheduled-upgrade`.
fn is_word(bytes: &[u8]) -> bool {
    let mut prev_letter = false;
    for &b in bytes {
        if b.is_ascii_alphabetic() {
            prev_letter = true;
        } else if matches!(b, b'-' | b'_' | b'.') && prev_letter {
            prev_letter = false;
        } else {
            return false;
        }
    }
    prev_letter
}

/// The end of a `-`-delimited part starting at `start`: the next `-`, `+` or the end.
fn part_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..].iter().position(|&b| b == b'-' || b == b'+').map_or(bytes.len(), |p| start + p)
}

/// The length of the words before a version, with the dash that ends them: `jdk-` of
/// `jdk-11.0.2.7-alpine-slim`, `artful-` of `artful-20170826`; 0 when there are none. Words
/// are lower-case letters joined by single dashes, and a digit must follow the last dash.
fn word_prefix(bytes: &[u8]) -> usize {
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_lowercase() {
            i += 1;
        }
        if i == start || bytes.get(i) != Some(&b'-') {
            return 0;
        }
        i += 1;
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            return i;
        }
    }
}

/// Letters then a digit: `alpine3`, `el8`, `ubi9` (a line named with its version).
fn word_then_digit(word: &str) -> bool {
    let letters = word.bytes().take_while(u8::is_ascii_alphabetic).count();
    letters > 0 && word.as_bytes().get(letters).is_some_and(u8::is_ascii_digit)
}

/// `1`, `203`, `0.3.7`: numbers separated by single dots.
fn is_dotted_number(part: &str) -> bool {
    !part.is_empty() && part.split('.').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn starts_with_prerelease_word(part: &str) -> bool {
    let word_end = part.bytes().position(|b| !b.is_ascii_alphabetic()).unwrap_or(part.len());
    let rest = &part[word_end..];
    prerelease_rank(&part[..word_end]).is_some()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
        && !rest.ends_with('.')
}

fn prerelease_rank(word: &str) -> Option<usize> {
    PRERELEASE_WORDS.iter().position(|w| w.eq_ignore_ascii_case(word))
}

/// PEP 440's short pre-release, glued to the release and numbered: `3.7.0a1`, `3.8.0b2`,
/// `1.0c1` (`c` is `rc`). Read only where glued, so that `1.2-b1` stays a variant line.
fn is_short_prerelease(word: &str) -> bool {
    let bytes = word.as_bytes();
    matches!(bytes.first(), Some(b'a' | b'b' | b'c')) && bytes.len() > 1 && bytes[1..].iter().all(u8::is_ascii_digit)
}

/// A pre-release word's place in the order: the known words by rank, PEP 440's short forms as
/// the words they stand for (`a` alpha, `b` beta, `c` rc), others after them all.
fn order_rank(word: &str) -> usize {
    let alias = match word {
        "a" => "alpha",
        "b" => "beta",
        "c" => "rc",
        _ => word,
    };
    prerelease_rank(alias).unwrap_or(PRERELEASE_WORDS.len())
}

/// A piece of a pre-release: a number or a run of letters.
#[derive(PartialEq, Eq)]
enum Token<'a> {
    Number(u64),
    Word(&'a str),
}

fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let start = i;
        let digits = bytes.get(i)?.is_ascii_digit();
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() && bytes[i].is_ascii_digit() == digits {
            i += 1;
        }
        let piece = &text[start..i];
        Some(if digits { piece.parse().map_or(Token::Word(piece), Token::Number) } else { Token::Word(piece) })
    })
}

/// Pre-release precedence: token by token; numbers below words (as semver); numbers compare as
/// numbers; known words by their rank, others case-insensitively; a shorter run of equal tokens
/// is lower (`alpha < alpha.1`).
fn cmp_prerelease(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (tokens(a), tokens(b));
    loop {
        let ordering = match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(Token::Number(m)), Some(Token::Number(n))) => m.cmp(&n),
            (Some(Token::Number(_)), Some(Token::Word(_))) => Ordering::Less,
            (Some(Token::Word(_)), Some(Token::Number(_))) => Ordering::Greater,
            (Some(Token::Word(v)), Some(Token::Word(w))) => cmp_words(v, w),
        };
        if ordering.is_ne() {
            return ordering;
        }
    }
}

fn cmp_words(a: &str, b: &str) -> Ordering {
    order_rank(a)
        .cmp(&order_rank(b))
        .then_with(|| a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase())))
}

/// Compares dot-separated numbers (`203`, `1.5`); an absent revision is the lowest.
fn cmp_numbers(a: &str, b: &str) -> Ordering {
    // Compared as they are read, without collecting them: a sort compares a million of these.
    fn read(s: &str) -> impl Iterator<Item = u64> + '_ {
        s.split('.').filter(|n| !n.is_empty()).map(|n| n.parse::<u64>().unwrap_or(u64::MAX))
    }
    read(a).cmp(read(b))
}

impl PartialEq for Tag {
    fn eq(&self, other: &Tag) -> bool {
        self.text == other.text
    }
}

impl Eq for Tag {}

impl std::hash::Hash for Tag {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialOrd for Tag {
    fn partial_cmp(&self, other: &Tag) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Tag {
    /// The total sort order described on [`Tag`].
    fn cmp(&self, other: &Tag) -> Ordering {
        self.layout.total_order(&self.text, &other.layout, &other.text)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({:?}, {})", &*self.text, self.layout.kind)
    }
}

impl FromStr for Tag {
    type Err = Error;
    fn from_str(s: &str) -> Result<Tag, Error> {
        Tag::parse(s)
    }
}

impl serde::Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Tag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Tag, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Tag::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Sorts tags by the total order of [`Tag`]: versions in runs of one scheme each (plain ones
/// first, by their numbering: `N`, `N.N`, ...; then each prefix and line), ascending within a
/// run; then build ids, floating words and unparseable tags.
///
/// Each tag is read once into a compact key (its kind, its scheme's place among the schemes
/// present and its first two release numbers), so that most comparisons compare two numbers
/// rather than two tags.
///
/// # Errors
/// `invalid_tag` for the first text that cannot be a tag; nothing is returned then.
///
/// # Example
/// ```
/// let sorted = imagecurator::sort_tags(["1.10", "latest", "1.9", "13-el8", "1.9.1"])?;
/// assert_eq!(sorted, ["1.9", "1.10", "1.9.1", "13-el8", "latest"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn sort_tags<I, S>(tags: I) -> Result<Vec<String>, Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let texts: Vec<S> = tags.into_iter().collect();
    let borrowed: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
    let order = sorted_order(&borrowed)?;
    Ok(order.into_iter().map(|i| borrowed[i as usize].to_owned()).collect())
}

/// The positions of `texts` in [`sort_tags`]' order, so that a caller can reorder its own
/// objects (the bindings hand back the very strings they were given).
pub(crate) fn sorted_order(texts: &[&str]) -> Result<Vec<u32>, Error> {
    // A list of tags repeats itself (`latest`, `1.0` in every stream): each distinct text is
    // read and sorted once, in the order of its first appearance (so the first bad text is the
    // one reported), and the positions then placed by a counting sort, equal texts in input
    // order.
    let mut ids: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    let of: Vec<u32> = texts
        .iter()
        .map(|text| {
            *ids.entry(text).or_insert_with(|| {
                distinct.push(text);
                distinct.len() as u32 - 1
            })
        })
        .collect();
    drop(ids);
    let order = sorted_distinct(&distinct)?;
    let mut rank = vec![0u32; distinct.len()];
    for (r, &d) in order.iter().enumerate() {
        rank[d as usize] = r as u32;
    }
    let mut starts = vec![0u32; distinct.len() + 1];
    for &d in &of {
        starts[rank[d as usize] as usize + 1] += 1;
    }
    for r in 1..starts.len() {
        starts[r] += starts[r - 1];
    }
    let mut out = vec![0u32; texts.len()];
    for (i, &d) in of.iter().enumerate() {
        let slot = &mut starts[rank[d as usize] as usize];
        out[*slot as usize] = i as u32;
        *slot += 1;
    }
    Ok(out)
}

/// The order of distinct texts (see [`sorted_order`]).
fn sorted_distinct(texts: &[&str]) -> Result<Vec<u32>, Error> {
    let layouts = texts.iter().map(|t| TagLayout::parse(t)).collect::<Result<Vec<_>, _>>()?;
    // Each scheme present gets its place in the order of schemes: a few distinct ones, found
    // by hashing, then sorted, so that a key holds a number rather than the scheme's text.
    let mut ids: foldhash::HashMap<SchemeKey<'_>, u32> = foldhash::HashMap::default();
    let scheme_ids: Vec<u32> = layouts
        .iter()
        .zip(texts)
        .map(|(layout, text)| match layout.scheme_key(text) {
            None => 0,
            Some(key) => {
                let next = ids.len() as u32 + 1;
                *ids.entry(key).or_insert(next)
            }
        })
        .collect();
    let mut schemes: Vec<(SchemeKey<'_>, u32)> = ids.into_iter().collect();
    schemes.sort_unstable();
    let mut place = vec![0u32; schemes.len() + 1];
    for (rank, (_, id)) in schemes.iter().enumerate() {
        place[*id as usize] = rank as u32 + 1;
    }
    // Two words, each part saturating, which keeps the key's order: kind rank (2 bits) |
    // scheme place (22) | first release number (52) | second (52); then the third (40) and,
    // for at most three release numbers, no pre-release (1) | without one, the revision's
    // first number (23). Ties go to the full comparison within the scheme.
    let capped = |n: u64, bits: u32| n.min((1 << bits) - 1);
    let mut keyed: Vec<(u128, u64, u32)> = layouts
        .iter()
        .zip(texts)
        .zip(&scheme_ids)
        .enumerate()
        .map(|(i, ((layout, text), &id))| {
            let head = (u128::from(layout.kind.sort_rank()) << 126)
                | (u128::from(capped(u64::from(place[id as usize]), 22)) << 104)
                | (u128::from(capped(layout.release[0], 52)) << 52)
                | u128::from(capped(layout.release[1], 52));
            // The pre-release and the revision order after every release number: in the key
            // only when it holds them all (three or fewer), else `1.5.1.1.25.3-r5` would pass
            // `…25.310`, and `3.4.1.0.0-00` pass `3.4.1.7.0a1`.
            let whole = layout.count <= 3;
            let released = layout.pre.end == 0;
            let revision = match (released, layout.revision.get(text)) {
                (true, Some(revision)) => first_number(revision),
                _ => 0,
            };
            let after = match whole {
                true => (u64::from(released) << 23) | capped(revision, 23),
                false => 0,
            };
            let tail = (capped(layout.release[2], 40) << 24) | after;
            let tail = if layout.kind.is_version() { tail } else { 0 };
            (head, tail, i as u32)
        })
        .collect();
    // Texts are distinct here, so a tie always goes on to the comparison within the scheme.
    keyed.sort_unstable_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
            let (x, y) = (a.2 as usize, b.2 as usize);
            layouts[x].order_within_scheme(texts[x], &layouts[y], texts[y])
        })
    });
    Ok(keyed.into_iter().map(|(_, _, i)| i).collect())
}

/// The first number of a revision (`203` of `203`, `0` of `0.3.7`), for a sort key.
fn first_number(revision: &str) -> u64 {
    let digits = revision.bytes().take_while(u8::is_ascii_digit);
    digits.fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0')))
}

#[cfg(test)]
mod tests {
    use super::{Tag, TagKind};

    /// Found by the `tag_order` fuzz target: the sort key held the pre-release and revision
    /// right after the third release number, so a rebuild of `…25.3` passed `…25.310`, and a
    /// release `3.4.1.0.0-00` passed the pre-release `3.4.1.7.0a1`, in `sort_tags`.
    #[test]
    fn sort_tags_orders_release_numbers_past_the_third_before_the_revision() {
        let texts = ["101010", "1.5.1.1.25.310", "1.5.1.1.25.3-r5", "1.5.1.1.25.3-r6", "1.2.3-4", "1.2.3-10"];
        let pre = ["3.7.0a1", "3.4.1.7.0a1", "3.4.1.0.0-00"];
        assert_eq!(super::sort_tags(pre).unwrap(), ["3.7.0a1", "3.4.1.0.0-00", "3.4.1.7.0a1"]);
        let sorted = super::sort_tags(texts).unwrap();
        let mut by_ord: Vec<Tag> = texts.iter().map(|t| Tag::parse(t).unwrap()).collect();
        by_ord.sort();
        assert_eq!(sorted, by_ord.iter().map(Tag::as_str).collect::<Vec<_>>());
        assert_eq!(sorted[3..], ["1.5.1.1.25.3-r5", "1.5.1.1.25.3-r6", "1.5.1.1.25.310"]);
    }

    /// A plain `MAJOR.MINOR.PATCH` is called semver without asking the semver crate; this pins
    /// that the answer is the crate's, leading zeros and `v` included.
    #[test]
    fn plain_triples_are_semver_exactly_when_the_semver_crate_says_so() {
        let numbers = ["0", "1", "00", "01", "10", "007", "9007199254740991"];
        for major in numbers {
            for minor in numbers {
                for patch in numbers {
                    let plain = format!("{major}.{minor}.{patch}");
                    let strict = semver::Version::parse(&plain).is_ok();
                    for text in [plain.clone(), format!("v{plain}")] {
                        let kind = Tag::parse(&text).map(|t| t.kind()).ok();
                        assert_eq!(kind == Some(TagKind::Semver), strict, "{text}");
                        assert!(matches!(kind, Some(TagKind::Semver | TagKind::Loose)), "{text}");
                    }
                }
            }
        }
        // Past 2^53 - 1 a number is not held exactly in every binding: not a version at all.
        assert_eq!(Tag::parse("9007199254740992.0.0").map(|t| t.kind()).ok(), Some(TagKind::Unparseable));
        assert_eq!(Tag::parse("99999999999999999999.0.0").map(|t| t.kind()).ok(), Some(TagKind::Unparseable));
    }
}
