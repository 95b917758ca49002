//! Plain, serializable views of parsed values: what the bindings hand to Python and JavaScript
//! and what the conformance cases under `tests/conformance/` expect, key for key.

use crate::names::{Namespace, PackedName, Reference, Tag};
use serde::Serialize;

/// Every part of a [`Reference`], as plain data.
///
/// # Example
/// ```
/// let r = imagecurator::Reference::parse("nginx:1")?;
/// let view = imagecurator::bindings::ReferenceView::from(&r);
/// assert_eq!(view.familiar, "nginx:1");
/// assert_eq!(view.canonical, "docker.io/library/nginx:1");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReferenceView<'a> {
    /// The canonical full form.
    pub canonical: &'a str,
    /// `domain/path`.
    pub name: &'a str,
    /// The registry domain, with port.
    pub domain: &'a str,
    /// The host part of the domain.
    pub host: &'a str,
    /// The port, if any.
    pub port: Option<u16>,
    /// The repository path.
    pub path: &'a str,
    /// The tag, if any.
    pub tag: Option<&'a str>,
    /// The digest, if any.
    pub digest: Option<&'a str>,
    /// Docker's short form of the whole reference.
    pub familiar: String,
    /// Docker's short form of the name.
    pub familiar_name: &'a str,
    /// The image stream, for an OpenShift internal-registry reference.
    pub internal: Option<InternalView<'a>>,
}

/// The image stream behind an internal-registry reference.
///
/// # Example
/// ```
/// let r = imagecurator::Reference::parse("image-registry.openshift-image-registry.svc:5000/ns/app:1")?;
/// let view = imagecurator::bindings::ReferenceView::from(&r);
/// assert_eq!(view.internal.unwrap().stream, "app");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InternalView<'a> {
    /// The namespace.
    pub namespace: &'a str,
    /// The image stream.
    pub stream: &'a str,
}

impl<'a> From<&'a Reference> for ReferenceView<'a> {
    fn from(r: &'a Reference) -> ReferenceView<'a> {
        ReferenceView {
            canonical: r.as_str(),
            name: r.name(),
            domain: r.domain(),
            host: r.host(),
            port: r.port(),
            path: r.path(),
            tag: r.tag(),
            digest: r.digest(),
            familiar: r.familiar(),
            familiar_name: r.familiar_name(),
            internal: r.internal_image().map(|i| InternalView { namespace: i.namespace(), stream: i.stream() }),
        }
    }
}

/// Every part of a [`Tag`], as plain data.
///
/// # Example
/// ```
/// let t = imagecurator::Tag::parse("3.12-ubi8")?;
/// let view = imagecurator::bindings::TagView::from(&t);
/// assert_eq!((view.kind, view.variant), ("variant", Some("ubi8")));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagView<'a> {
    /// The tag as written.
    pub tag: &'a str,
    /// The kind, as [`crate::TagKind::as_str`] spells it.
    pub kind: &'static str,
    /// The numeric release components.
    pub release: &'a [u64],
    /// Whether the version has a leading `v`.
    pub v_prefix: bool,
    /// The pre-release, if any.
    pub prerelease: Option<&'a str>,
    /// The numeric revision, if any.
    pub revision: Option<&'a str>,
    /// The release word, if any.
    pub qualifier: Option<&'a str>,
    /// The variant line, if any.
    pub variant: Option<&'a str>,
    /// The build metadata, if any.
    pub build: Option<&'a str>,
    /// The scheme ([`Tag::scheme`]), for versions.
    pub scheme: Option<String>,
}

impl<'a> From<&'a Tag> for TagView<'a> {
    fn from(t: &'a Tag) -> TagView<'a> {
        TagView {
            tag: t.as_str(),
            kind: t.kind().as_str(),
            release: t.release(),
            v_prefix: t.has_v_prefix(),
            prerelease: t.prerelease(),
            revision: t.revision(),
            qualifier: t.qualifier(),
            variant: t.variant(),
            build: t.build(),
            scheme: t.scheme(),
        }
    }
}

/// A [`Namespace`], as plain data.
///
/// # Example
/// ```
/// let ns = imagecurator::Namespace::parse("a1b2c3-prod")?;
/// let view = imagecurator::bindings::NamespaceView::from(&ns);
/// assert_eq!((view.plate, view.environment), (Some("a1b2c3"), Some("prod")));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NamespaceView<'a> {
    /// The name.
    pub name: &'a str,
    /// The licence plate, if any.
    pub plate: Option<&'a str>,
    /// The environment of a licence-plate namespace, if any.
    pub environment: Option<&'static str>,
}

impl<'a> From<&'a Namespace> for NamespaceView<'a> {
    fn from(ns: &'a Namespace) -> NamespaceView<'a> {
        NamespaceView { name: ns.as_str(), plate: ns.plate(), environment: ns.environment().map(|e| e.as_str()) }
    }
}

/// A [`PackedName`], as plain data.
///
/// # Example
/// ```
/// let p = imagecurator::PackedName::parse("postgresql-96")?.unwrap();
/// assert_eq!(imagecurator::bindings::PackedNameView::from(&p).digits, "96");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackedNameView<'a> {
    /// The last path component read.
    pub name: &'a str,
    /// The base name.
    pub base: &'a str,
    /// The packed version digits.
    pub digits: &'a str,
    /// What follows the digits.
    pub rest: Option<&'a str>,
}

impl<'a> From<&'a PackedName> for PackedNameView<'a> {
    fn from(p: &'a PackedName) -> PackedNameView<'a> {
        PackedNameView { name: p.name(), base: p.base(), digits: p.digits(), rest: p.rest() }
    }
}
