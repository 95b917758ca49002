//! Naming checks: image stream names, tags and namespace names against the conventions, one
//! finding per problem, with a suggested fix where one can be derived.

use crate::error::Shown;
use crate::io::ImageStream;
use crate::names::{path_problem, selector, Namespace, NamespaceSelector, PathProblem, Tag, TagKind};
use crate::rules::finding::{Finding, FindingCode, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Longest image stream name OpenShift accepts (a repository path component).
const STREAM_NAME_MAX: usize = 255;

/// Why `name` is not a valid image stream name, or `None` when it is one: a repository path
/// component, `[a-z0-9]+` runs joined by `.`, `_`, `__` or dashes, at most 255 characters.
pub(crate) fn stream_name_problem(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return Some("an image stream name is empty".to_owned());
    }
    if bytes.len() > STREAM_NAME_MAX {
        return Some(format!("`{name}` is longer than {STREAM_NAME_MAX} characters", name = Shown(name)));
    }
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if let Some(at) = bytes.iter().position(|&b| !(alnum(b) || matches!(b, b'.' | b'_' | b'-'))) {
        let c = name[at..].chars().next().unwrap_or('?');
        let what = if c.is_ascii_uppercase() { "upper-case letter" } else { "character" };
        return Some(format!("`{name}` has the {what} `{c}` at {at}; image stream names use [a-z0-9._-]"));
    }
    if !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return Some(format!("`{name}` must start and end with a lower-case letter or digit"));
    }
    // Between alphanumeric runs: one `.`, one or two `_`, or any number of `-`. That is the
    // repository path grammar, which the reference reader owns; with `/` and upper case already
    // refused above, all it can still find is a bad separator, reported whole.
    let Some(PathProblem::Invalid(at)) = path_problem(name) else { return None };
    let start = bytes[..at].iter().rposition(|b| b.is_ascii_alphanumeric()).map_or(0, |p| p + 1);
    let end = bytes[at..].iter().position(|b| b.is_ascii_alphanumeric()).map_or(bytes.len(), |p| at + p);
    let separator = &name[start..end];
    Some(format!("`{name}` joins words with `{separator}`; use one `.`, `_`, `__` or dashes"))
}

/// Lower-case words joined by single dashes: `Postgres_96` -> `postgres-96`. `None` when
/// nothing alphanumeric is left.
fn dashed(text: &str, max: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out.truncate(max);
    let out = out.trim_end_matches('-').to_owned();
    (!out.is_empty()).then_some(out)
}

/// Checks an image stream name: valid (an error finding otherwise) and in the house style,
/// lower-case words joined by single dashes as Red Hat names are (`patroni-postgres-96`), a
/// warning otherwise. Each finding suggests the dashed form.
///
/// # Example
/// ```
/// let findings = imagecurator::check_stream_name("bcgov", "Postgres_96");
/// assert_eq!(findings.len(), 1);
/// assert_eq!((findings[0].code.as_str(), findings[0].suggestion.as_deref()), ("naming.stream_invalid", Some("postgres-96")));
/// assert_eq!(imagecurator::check_stream_name("bcgov", "postgres_96")[0].code, "naming.stream_style");
/// assert!(imagecurator::check_stream_name("bcgov", "patroni-postgres-96").is_empty());
/// ```
pub fn check_stream_name(namespace: &str, name: &str) -> Vec<Finding> {
    if in_house_style(name) {
        return Vec::new();
    }
    // Names past 256 characters (never valid) are cut in the subject, as in messages.
    let subject = format!("imagestream/{}/{}", Shown(namespace), Shown(name));
    // Always in house style, so it differs from `name` from here on.
    let suggestion = dashed(name, STREAM_NAME_MAX);
    let finding = match stream_name_problem(name) {
        Some(problem) => Finding::new(
            FindingCode::NamingStreamInvalid,
            Severity::Error,
            subject,
            format!("image stream name {problem}"),
            "rename the image stream",
        ),
        None => Finding::new(
            FindingCode::NamingStreamStyle,
            Severity::Warning,
            subject,
            format!("image stream name `{name}` joins words with `.` or `_`; the convention is single dashes"),
            "rename the image stream, as Red Hat names are (`patroni-postgres-96`)",
        ),
    };
    vec![finding.suggest(suggestion)]
}

/// Lower-case words joined by single dashes, within the length limit: what [`dashed`] makes,
/// and a valid stream name.
fn in_house_style(name: &str) -> bool {
    name.len() <= STREAM_NAME_MAX
        && name.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Checks a namespace name: a valid DNS-1123 label (an error finding otherwise, with a
/// suggested fix), and, when `needs_plate`, a licence plate such as `a1b2c3-prod`.
///
/// # Example
/// ```
/// use imagecurator::{check_namespace, check_namespace_name};
/// assert_eq!(check_namespace_name("Team_A")[0].suggestion.as_deref(), Some("team-a"));
/// assert_eq!(check_namespace("my-app", true)[0].code, "naming.namespace_not_plate");
/// assert!(check_namespace("a1b2c3-prod", true).is_empty());
/// ```
pub fn check_namespace(name: &str, needs_plate: bool) -> Vec<Finding> {
    let subject = format!("namespace/{}", Shown(name));
    match Namespace::parse(name) {
        Err(e) => vec![Finding::new(
            FindingCode::NamingNamespaceInvalid,
            Severity::Error,
            subject,
            e.message().to_owned(),
            "use a DNS-1123 label: lower-case letters, digits and dashes, at most 63",
        )
        .suggest(dashed(name, 63))],
        Ok(ns) if needs_plate && ns.plate().is_none() => vec![Finding::new(
            FindingCode::NamingNamespaceNotPlate,
            Severity::Warning,
            subject,
            format!("namespace `{name}` is not a licence plate (`<6 hex>-<tools|dev|test|prod>`)"),
            "provision project namespaces by licence plate, or exclude this one in naming.plates",
        )],
        Ok(_) => Vec::new(),
    }
}

/// [`check_namespace`] without the licence-plate rule.
///
/// # Example
/// ```
/// assert!(imagecurator::check_namespace_name("openshift").is_empty());
/// ```
pub fn check_namespace_name(name: &str) -> Vec<Finding> {
    check_namespace(name, false)
}

/// Whether a tag follows the versioning guideline: `v` and a semantic version (`v1.2.3`,
/// `v1.2.3-rc.1`), or `v<major>.<minor>` as Red Hat style images are tagged (`v1.1`).
fn follows_guideline(tag: &str) -> bool {
    let Some(version) = tag.strip_prefix('v') else { return false };
    if semver::Version::parse(version).is_ok() {
        return true;
    }
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    matches!(version.split_once('.'), Some((major, minor)) if number(major) && number(minor))
}

/// The guideline's spelling of a version tag, when its reading is clear: `1.2.3` -> `v1.2.3`,
/// `V1.4` -> `v1.4`, `2` -> `v2.0`.
fn guideline_spelling(tag: &Tag) -> Option<String> {
    if tag.variant().is_some() || tag.revision().is_some() || tag.qualifier().is_some() {
        return None;
    }
    let release = tag.release();
    let numbers: Vec<String> = match release.len() {
        1 => vec![release[0].to_string(), "0".to_owned()],
        2 | 3 => release.iter().map(u64::to_string).collect(),
        _ => return None,
    };
    let pre = tag.prerelease().map(|p| format!("-{p}")).unwrap_or_default();
    Some(format!("v{}{pre}", numbers.join(".")))
}

/// Checks a tag: valid tag grammar (an error finding otherwise), and, when `versioned`,
/// the versioning guideline for any tag that is not a floating word such as `latest`.
///
/// # Example
/// ```
/// let findings = imagecurator::check_tag("bcgov", "patroni-postgres-96", "1.1", true);
/// assert_eq!((findings[0].code.as_str(), findings[0].suggestion.as_deref()), ("naming.tag_unversioned", Some("v1.1")));
/// assert!(imagecurator::check_tag("bcgov", "patroni-postgres-96", "v1.1", true).is_empty());
/// assert!(imagecurator::check_tag("bcgov", "patroni-postgres-96", "latest", true).is_empty());
/// assert!(imagecurator::check_tag("team-dev", "app", "1.1", false).is_empty());
/// assert_eq!(imagecurator::check_tag("team-dev", "app", "1.0+b5", false)[0].code, "naming.tag_invalid");
/// ```
pub fn check_tag(namespace: &str, stream: &str, tag: &str, versioned: bool) -> Vec<Finding> {
    let subject = || format!("imagestreamtag/{}/{}:{}", Shown(namespace), Shown(stream), Shown(tag));
    // A registry tag follows the reference grammar, which is stricter than what `Tag::parse`
    // reads as a version (`1.0+build` is a version but not a tag). Outside versioned
    // namespaces the grammar is all there is to check, and a cluster has a million tags.
    let grammar = crate::names::check_docker_tag(tag, tag);
    if grammar.is_ok() && !versioned {
        return Vec::new();
    }
    let parsed = match grammar.and_then(|()| Tag::parse(tag)) {
        Ok(parsed) => parsed,
        Err(e) => {
            return vec![Finding::new(
                FindingCode::NamingTagInvalid,
                Severity::Error,
                subject(),
                e.message().to_owned(),
                "retag it: a letter, digit or `_`, then up to 127 of those, `.` or `-`",
            )]
        }
    };
    if !versioned || parsed.kind() == TagKind::Floating || follows_guideline(tag) {
        return Vec::new();
    }
    let suggestion = if parsed.is_version() { guideline_spelling(&parsed) } else { None };
    vec![Finding::new(
        FindingCode::NamingTagUnversioned,
        Severity::Warning,
        subject(),
        format!("tag `{tag}` does not follow the versioning guideline (`v<major>.<minor>` or `v<semver>`)"),
        "tag releases as v<major>.<minor>[.<patch>], as `patroni-postgres-96:v1.1`",
    )
    .suggest(suggestion)]
}

/// Naming conventions.
///
/// # Example
/// ```
/// let rules = imagecurator::NamingRules::default();
/// assert!(rules.plates.matches("a1b2c3-prod") && !rules.plates.matches("openshift-monitoring"));
/// assert!(rules.versioned_tags.matches("bcgov"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct NamingRules {
    /// Namespaces whose names must be licence plates (`<plate>-<tools|dev|test|prod>`).
    pub plates: NamespaceSelector,
    /// Namespaces whose version tags must follow the versioning guideline: `v<semver>`, or
    /// `v<major>.<minor>` (Red Hat style, `patroni-postgres-96:v1.1`).
    pub versioned_tags: NamespaceSelector,
}

impl Default for NamingRules {
    fn default() -> NamingRules {
        NamingRules {
            plates: selector(&["*"], &["default", "bcgov", "openshift", "openshift-*", "kube-*"]),
            versioned_tags: selector(&["bcgov"], &[]),
        }
    }
}

/// The naming checks over a cluster's data: every image stream's name and tags, and every
/// namespace named by a stream or listed in `namespaces`.
pub(crate) fn check_names_of(rules: &NamingRules, streams: &[ImageStream], namespaces: &[String]) -> Vec<Finding> {
    let mut namespaces: BTreeSet<&str> = namespaces.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for stream in streams.iter().filter(|s| !s.is_registry_repository()) {
        let Some(namespace) = stream.namespace() else { continue };
        namespaces.insert(namespace);
        out.extend(check_stream_name(namespace, stream.name()));
        let versioned = rules.versioned_tags.matches(namespace);
        for tag in stream.tags() {
            out.extend(check_tag(namespace, stream.name(), tag.name(), versioned));
        }
    }
    for namespace in namespaces {
        out.extend(check_namespace(namespace, rules.plates.matches(namespace)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_names_follow_the_path_component_grammar() {
        for ok in ["a", "a.b", "a_b", "a__b", "a---b", "postgresql-96", "0"] {
            assert_eq!(stream_name_problem(ok), None, "{ok}");
        }
        for bad in ["", "A", "a..b", "a___b", "-a", "a-", "a/b", "a b", ".a", "a_-b"] {
            assert!(stream_name_problem(bad).is_some(), "{bad}");
        }
        assert!(stream_name_problem(&"a".repeat(256)).is_some());
        // A bad separator is named whole, wherever the path grammar first breaks inside it.
        for (bad, separator) in [("a..b", ".."), ("a___b", "___"), ("a_-b", "_-"), ("ab.c-_.d", "-_.")] {
            let want = format!("`{bad}` joins words with `{separator}`; use one `.`, `_`, `__` or dashes");
            assert_eq!(stream_name_problem(bad), Some(want));
        }
        // The ends are checked first, as before the path grammar was shared.
        assert!(stream_name_problem("a._b-").unwrap().contains("must start and end"));
    }

    #[test]
    fn guideline_accepts_v_semver_and_v_major_minor_only() {
        for ok in ["v1.1", "v1.2.3", "v1.2.3-rc.1", "v0.1", "v10.20"] {
            assert!(follows_guideline(ok), "{ok}");
        }
        for bad in ["1.1", "v1", "V1.1", "v01.1", "v1.1.1.1", "v1.1-el8x", "latest", "vx.y"] {
            assert!(!follows_guideline(bad), "{bad}");
        }
    }

    #[test]
    fn dashed_names_are_in_house_style_and_valid() {
        for name in ["Postgres_96", "a..b", "x__y", "My App", "-lead", "ok-name", &"ab_".repeat(100)] {
            let Some(fixed) = dashed(name, STREAM_NAME_MAX) else { continue };
            assert!(in_house_style(&fixed) && stream_name_problem(&fixed).is_none(), "{name} -> {fixed}");
        }
    }

    #[test]
    fn suggestions_are_dashed_lower_case() {
        assert_eq!(dashed("Postgres_96", 255).as_deref(), Some("postgres-96"));
        assert_eq!(dashed("--__--", 255), None);
        assert_eq!(dashed(&format!("{}_b", "a".repeat(62)), 63).as_deref(), Some(&*"a".repeat(62)));
    }
}
