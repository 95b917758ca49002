//! The retention section of the policy: how many versions to keep, how they are grouped, and
//! what protects a tag.

use crate::error::{join_path, Error};
use crate::names::{NamespacePattern, TagKind};
use serde::{Deserialize, Serialize};
/// How versions are grouped before the newest N of each group are kept.
///
/// # Example
/// ```
/// let policy: imagecurator::RetentionPolicy = serde_json::from_str(r#"{"group_by": "major"}"#)?;
/// assert_eq!(policy.group_by, imagecurator::GroupBy::Major);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GroupBy {
    /// One group per scheme of the image stream ([`crate::Tag::scheme`]): versions compare
    /// only within their scheme, so each is ranked and counted on its own.
    #[default]
    Image,
    /// One group per variant line (`-el8`, `-ubi9`, or none); each line is a scheme, so this
    /// groups as [`GroupBy::Image`] does.
    Line,
    /// One group per scheme and major version.
    Major,
    /// One group per scheme and major.minor version.
    MajorMinor,
}

/// What happens to tags with no version: build and commit ids (`3f2a9c1`), the `commit` scheme.
///
/// # Example
/// ```
/// let policy: imagecurator::RetentionPolicy = serde_json::from_str(r#"{"unversioned": "keep"}"#)?;
/// assert_eq!(policy.unversioned, imagecurator::Unversioned::Keep);
/// assert_eq!(imagecurator::RetentionPolicy::default().unversioned, imagecurator::Unversioned::ByTime);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unversioned {
    /// Ranked and counted like versions, newest image first by its creation time; each decision
    /// says its order came from time. An image with no creation time is kept.
    #[default]
    ByTime,
    /// All kept: the version rule leaves them alone.
    Keep,
}

/// What happens to pre-releases (`1.0.0-rc.1`).
///
/// # Example
/// ```
/// use imagecurator::Prereleases;
/// let p: Prereleases = serde_json::from_str(r#"{"keep_newest": 1}"#)?;
/// assert_eq!(p, Prereleases::KeepNewest(1));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Prereleases {
    /// Counted like any other version.
    #[default]
    Count,
    /// Ranked apart: only the newest N pre-releases of each group are kept, and they do not
    /// count toward `keep`.
    KeepNewest(u32),
    /// Pruned once the release they lead to exists; otherwise counted.
    PruneReleased,
}

/// Which tags are protected from the version rule by name.
///
/// # Example
/// ```
/// let p: imagecurator::ProtectedTags = serde_json::from_str(r#"{"include": ["release-*"]}"#)?;
/// assert!(p.floating && p.include[0].matches("release-2024"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ProtectedTags {
    /// Protect every floating word tag (`latest`, `stable`, `dev`, `test`, `prod`, ...).
    pub floating: bool,
    /// Patterns (exact, glob or regex, as for namespaces) of tags to protect.
    pub include: Vec<NamespacePattern>,
    /// Patterns of tags that are never protected by name (they may still be in use).
    pub exclude: Vec<NamespacePattern>,
}

impl Default for ProtectedTags {
    fn default() -> ProtectedTags {
        ProtectedTags { floating: true, include: Vec::new(), exclude: Vec::new() }
    }
}

impl ProtectedTags {
    pub(super) fn protects(&self, name: &str, kind: Option<TagKind>) -> bool {
        let named = self.include.iter().any(|p| p.matches(name)) || (self.floating && kind == Some(TagKind::Floating));
        named && !self.exclude.iter().any(|p| p.matches(name))
    }
}

/// Settings that replace the defaults for namespaces a pattern matches (first match wins).
///
/// # Example
/// ```
/// let o: imagecurator::PolicyOverride = serde_json::from_str(r#"{"namespaces": "*-prod", "keep": 5}"#)?;
/// assert_eq!(o.keep, Some(5));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyOverride {
    /// The namespaces this applies to.
    pub namespaces: NamespacePattern,
    /// Versions to keep per group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<u32>,
    /// Grouping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<GroupBy>,
    /// Pre-release handling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prereleases: Option<Prereleases>,
}

/// A retention policy. The default carries out the strategy: keep 3 versions per image,
/// protect floating tags, keep anything younger than 60 minutes (as `oc adm prune` does).
///
/// # Example
/// ```
/// let policy: imagecurator::RetentionPolicy = serde_json::from_str(
///     r#"{"keep": 3, "overrides": [{"namespaces": "*-prod", "keep": 5}]}"#)?;
/// assert_eq!(policy.keep_for(Some("a1b2c3-prod")), 5);
/// assert_eq!(policy.keep_for(Some("a1b2c3-dev")), 3);
/// assert_eq!(imagecurator::RetentionPolicy::default().keep, 3);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct RetentionPolicy {
    /// Versions (images, not tags) to keep per group; at least 1.
    pub keep: u32,
    /// How versions are grouped.
    pub group_by: GroupBy,
    /// What happens to pre-releases.
    pub prereleases: Prereleases,
    /// Tags protected by name.
    pub protect: ProtectedTags,
    /// What happens to build and commit ids, which have no version.
    pub unversioned: Unversioned,
    /// Tags whose image is younger than this are kept (needs `now`).
    pub min_age_minutes: u64,
    /// Revision history: keep only the newest N images in each tag's history
    /// (`status.tags[].items[]`), as `oc adm prune images --keep-tag-revisions=N` does. Off when
    /// absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_tag_revisions: Option<u32>,
    /// Per-namespace settings, first match wins.
    pub overrides: Vec<PolicyOverride>,
}

impl Default for RetentionPolicy {
    fn default() -> RetentionPolicy {
        RetentionPolicy {
            keep: 3,
            group_by: GroupBy::Image,
            prereleases: Prereleases::Count,
            protect: ProtectedTags::default(),
            unversioned: Unversioned::ByTime,
            min_age_minutes: 60,
            keep_tag_revisions: None,
            overrides: Vec::new(),
        }
    }
}

impl RetentionPolicy {
    /// Checks the policy's own rules.
    ///
    /// # Errors
    /// `invalid_policy` when `keep` (or an override's) is below 1: the newest version of a
    /// line is always kept, and a policy that asks for less is refused rather than bent.
    ///
    /// # Example
    /// ```
    /// let policy = imagecurator::RetentionPolicy { keep: 0, ..Default::default() };
    /// assert_eq!(policy.check().unwrap_err().code().as_str(), "invalid_policy");
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        self.check_at("")
    }

    /// Checks this section, found at `at` in the policy document (`retention`, or nothing when
    /// the retention policy is a document of its own).
    pub(crate) fn check_at(&self, at: &str) -> Result<(), Error> {
        let refuse = |key: &str, what: &str| Err(Error::invalid_policy(&join_path(at, key), what));
        if self.keep < 1 {
            return refuse("keep", "keep is 0; it must keep at least 1 version");
        }
        if self.keep_tag_revisions == Some(0) {
            return refuse("keep_tag_revisions", "keep_tag_revisions is 0; a tag keeps at least its current image");
        }
        match self.overrides.iter().position(|o| o.keep == Some(0)) {
            Some(i) => refuse(&format!("overrides[{i}].keep"), "keep is 0; it must keep at least 1 version"),
            None => Ok(()),
        }
    }

    pub(super) fn override_for(&self, namespace: Option<&str>) -> Option<&PolicyOverride> {
        let namespace = namespace?;
        self.overrides.iter().find(|o| o.namespaces.matches(namespace))
    }

    /// Versions to keep per group in a namespace.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::RetentionPolicy::default().keep_for(None), 3);
    /// ```
    pub fn keep_for(&self, namespace: Option<&str>) -> u32 {
        self.override_for(namespace).and_then(|o| o.keep).unwrap_or(self.keep)
    }

    pub(super) fn group_by_for(&self, namespace: Option<&str>) -> GroupBy {
        self.override_for(namespace).and_then(|o| o.group_by).unwrap_or(self.group_by)
    }

    pub(super) fn prereleases_for(&self, namespace: Option<&str>) -> Prereleases {
        self.override_for(namespace).and_then(|o| o.prereleases).unwrap_or(self.prereleases)
    }
}
