//! Image references: the OCI/Docker grammar of distribution/reference, read in one hand-written
//! pass and normalized as Docker normalizes (`nginx` is `docker.io/library/nginx`).

use crate::bytes::{all_lower_hex, class, DIGIT, LOWER, SPLIT, UPPER};
use crate::error::{Error, ErrorCode, Shown};
use crate::names::tag::{tag_grammar_break, TAG_MAX};
use std::fmt;
use std::str::FromStr;

mod digest;
mod layout;

pub use digest::Digest;
pub use layout::ReferenceLayout;

/// Docker Hub's canonical domain.
const DOCKER_HUB: &str = "docker.io";
/// The domain Docker Hub used before `docker.io`; normalized to it.
const LEGACY_DOCKER_HUB: &str = "index.docker.io";
/// Docker Hub's namespace for official images.
const OFFICIAL_PREFIX: &str = "library/";
/// distribution/reference's `RepositoryNameTotalLengthMax`.
const NAME_MAX: usize = 255;

/// The domains under which OpenShift's internal registry serves image streams.
///
/// OpenShift 4 serves `image-registry.openshift-image-registry.svc:5000`, reachable by its
/// cluster-local full name too; OpenShift 3 served `docker-registry.default.svc:5000`.
pub const INTERNAL_REGISTRY_DOMAINS: &[&str] = &[
    "image-registry.openshift-image-registry.svc:5000",
    "image-registry.openshift-image-registry.svc.cluster.local:5000",
    "docker-registry.default.svc:5000",
];

/// A parsed, normalized image reference: `domain/path[:tag][@digest]`.
///
/// Parsing follows distribution/reference's `ParseNormalizedNamed`: a first path component
/// without `.` or `:` that is not `localhost` is not a domain, so `nginx` and `bitnami/redis`
/// live on Docker Hub, and single-component Docker Hub names gain `library/`. The canonical
/// (full) form is what `Display` prints; [`Reference::familiar`] gives Docker's short form back.
/// No tag is invented: `nginx` has no tag (Docker would pull `latest`).
///
/// # Example
/// ```
/// use imagecurator::Reference;
///
/// let r = Reference::parse("nginx:1.25")?;
/// assert_eq!(r.domain(), "docker.io");
/// assert_eq!(r.path(), "library/nginx");
/// assert_eq!(r.tag(), Some("1.25"));
/// assert_eq!(r.to_string(), "docker.io/library/nginx:1.25");
/// assert_eq!(r.familiar(), "nginx:1.25");
/// assert_eq!(r, "index.docker.io/library/nginx:1.25".parse()?);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    /// The canonical form; every accessor slices it.
    text: Box<str>,
    domain_end: u32,
    name_end: u32,
    tag_end: u32,
}

/// The grammar pieces of a reference, checked, before the canonical form is built.
struct Pieces<'a> {
    /// The canonical domain: the input's own, or Docker Hub's.
    domain: &'a str,
    /// `true` when `domain` is the input's own, not Docker Hub's put in for a missing or legacy one.
    domain_as_written: bool,
    /// `true` when Docker Hub's `library/` must be put in front of `path`.
    official: bool,
    path: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

impl Reference {
    /// Parses and normalizes an image reference.
    ///
    /// # Errors
    /// `empty_reference`; `invalid_reference_format` when the domain or path breaks the grammar;
    /// `uppercase_repository`; `name_too_long` past 255 characters of `domain/path`;
    /// `invalid_tag`; `invalid_digest`; `unsupported_digest_algorithm` for algorithms other than
    /// sha256 and sha512.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{ErrorCode, Reference};
    ///
    /// let r = Reference::parse(&format!("quay.io/prometheus/node-exporter@sha256:{}", "a".repeat(64)))?;
    /// assert_eq!(r.domain(), "quay.io");
    /// assert_eq!(r.digest().map(|d| d.len()), Some(71));
    /// assert_eq!(Reference::parse("registry.example.com@evil.io/x").unwrap_err().code(),
    ///            ErrorCode::InvalidDigest);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn parse(input: &str) -> Result<Reference, Error> {
        let (pieces, _) = Pieces::checked(input)?;
        Ok(Reference::assemble(&pieces))
    }

    fn assemble(p: &Pieces<'_>) -> Reference {
        let extra = p.tag.map_or(0, |t| t.len() + 1) + p.digest.map_or(0, |d| d.len() + 1);
        let prefix = if p.official { OFFICIAL_PREFIX.len() } else { 0 };
        let mut text = String::with_capacity(p.domain.len() + 1 + prefix + p.path.len() + extra);
        text.push_str(p.domain);
        let domain_end = text.len() as u32;
        text.push('/');
        if p.official {
            text.push_str(OFFICIAL_PREFIX);
        }
        text.push_str(p.path);
        let name_end = text.len() as u32;
        if let Some(tag) = p.tag {
            text.push(':');
            text.push_str(tag);
        }
        let tag_end = text.len() as u32;
        if let Some(digest) = p.digest {
            text.push('@');
            text.push_str(digest);
        }
        Reference { text: text.into_boxed_str(), domain_end, name_end, tag_end }
    }

    /// Whether `text`, as written, names its registry: Docker's rule, a first component that
    /// has a `.`, a `:` or an upper-case letter, or is `localhost`, before a `/`. A short name
    /// (`nginx`, `bitnami/redis`) does not: Docker reads it as Docker Hub's, but CRI-O resolves
    /// it through the node's search registries, so where it comes from depends on the node.
    /// It reads the text only; whether the rest is a valid reference is [`Reference::parse`]'s.
    ///
    /// # Example
    /// ```
    /// use imagecurator::Reference;
    /// assert!(Reference::names_registry("docker.io/library/nginx:1.25"));
    /// assert!(Reference::names_registry("localhost:5000/app"));
    /// assert!(!Reference::names_registry("nginx:1.25"));
    /// assert!(!Reference::names_registry("bitnami/redis"));
    /// ```
    pub fn names_registry(text: &str) -> bool {
        text.split_once('/').is_some_and(|(first, _)| looks_like_domain(first))
    }

    /// The registry domain, with its port when one is given: `docker.io`, `quay.io`,
    /// `localhost:5000`, `[::1]:5000`.
    ///
    /// # Example
    /// ```
    /// let r = imagecurator::Reference::parse("localhost:5000/app")?;
    /// assert_eq!(r.domain(), "localhost:5000");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn domain(&self) -> &str {
        &self.text[..self.domain_end as usize]
    }

    /// The host part of the domain, without the port (IPv6 keeps its brackets).
    ///
    /// # Example
    /// ```
    /// let r = imagecurator::Reference::parse("[2001:db8::1]:5000/app")?;
    /// assert_eq!(r.host(), "[2001:db8::1]");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn host(&self) -> &str {
        split_host_port(self.domain()).0
    }

    /// The port of the domain, when one is given.
    ///
    /// # Example
    /// ```
    /// let r = imagecurator::Reference::parse("registry.example.com:8443/team/app")?;
    /// assert_eq!(r.port(), Some(8443));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn port(&self) -> Option<u16> {
        port_of(self.domain())
    }

    /// The repository path below the domain: `library/nginx`, `team/app`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reference::parse("nginx")?.path(), "library/nginx");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn path(&self) -> &str {
        &self.text[self.domain_end as usize + 1..self.name_end as usize]
    }

    /// The full repository name, `domain/path`, without tag or digest.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reference::parse("nginx:1")?.name(), "docker.io/library/nginx");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.text[..self.name_end as usize]
    }

    /// The tag, when one is given.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reference::parse("nginx:1.25-alpine")?.tag(), Some("1.25-alpine"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn tag(&self) -> Option<&str> {
        (self.tag_end > self.name_end).then(|| &self.text[self.name_end as usize + 1..self.tag_end as usize])
    }

    /// The digest (`algorithm:hex`), when one is given.
    ///
    /// # Example
    /// ```
    /// let r = imagecurator::Reference::parse(&format!("nginx@sha256:{}", "0".repeat(64)))?;
    /// assert!(r.digest().unwrap().starts_with("sha256:"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn digest(&self) -> Option<&str> {
        (self.text.len() > self.tag_end as usize).then(|| &self.text[self.tag_end as usize + 1..])
    }

    /// Whether the image lives on Docker Hub.
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::Reference::parse("bitnami/redis")?.is_docker_hub());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn is_docker_hub(&self) -> bool {
        self.domain() == DOCKER_HUB
    }

    /// Docker's short form of the name: Docker Hub's domain dropped, and `library/` too, unless
    /// the short form would then read as another registry.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reference::parse("docker.io/library/nginx:1")?.familiar_name(), "nginx");
    /// assert_eq!(imagecurator::Reference::parse("quay.io/a/b")?.familiar_name(), "quay.io/a/b");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn familiar_name(&self) -> &str {
        &self.name()[familiar_start(self.domain(), false, self.path())..]
    }

    /// Docker's short form of the whole reference: [`Reference::familiar_name`] with tag and digest.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reference::parse("docker.io/library/nginx:1")?.familiar(), "nginx:1");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn familiar(&self) -> String {
        let mut out = String::from(self.familiar_name());
        out.push_str(&self.text[self.name_end as usize..]);
        out
    }

    /// The canonical full form, as `Display` prints it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reference::parse("nginx")?.as_str(), "docker.io/library/nginx");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same repository with another tag; a digest is kept.
    ///
    /// # Errors
    /// `invalid_tag` when the tag breaks `[\w][\w.-]{0,127}`.
    ///
    /// # Example
    /// ```
    /// let r = imagecurator::Reference::parse("quay.io/a/b:1")?.with_tag("2")?;
    /// assert_eq!(r.to_string(), "quay.io/a/b:2");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn with_tag(&self, tag: &str) -> Result<Reference, Error> {
        check_tag(tag, tag)?;
        Ok(self.rebuilt(Some(tag), self.digest()))
    }

    /// The same repository and tag with another digest.
    ///
    /// # Errors
    /// As [`Digest::parse`].
    ///
    /// # Example
    /// ```
    /// let digest = format!("sha256:{}", "1".repeat(64));
    /// let r = imagecurator::Reference::parse("quay.io/a/b:1")?.with_digest(&digest)?;
    /// assert_eq!(r.digest(), Some(digest.as_str()));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn with_digest(&self, digest: &str) -> Result<Reference, Error> {
        Digest::parse(digest)?;
        Ok(self.rebuilt(self.tag(), Some(digest)))
    }

    /// The reference Docker pulls: a digest alone when there is one, else the tag, `latest` when
    /// none is given (distribution/reference's `ParseDockerRef`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Reference::parse("nginx")?.pull_reference().to_string(),
    ///            "docker.io/library/nginx:latest");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn pull_reference(&self) -> Reference {
        match self.digest() {
            Some(digest) => self.rebuilt(None, Some(digest)),
            None => self.rebuilt(Some(self.tag().unwrap_or("latest")), None),
        }
    }

    fn rebuilt(&self, tag: Option<&str>, digest: Option<&str>) -> Reference {
        let (domain, path) = (self.domain(), self.path());
        Reference::assemble(&Pieces { domain, domain_as_written: true, official: false, path, tag, digest })
    }

    /// The image stream behind a reference into OpenShift's internal registry
    /// (`image-registry.openshift-image-registry.svc:5000/<namespace>/<stream>`), or `None` for
    /// any other registry or a path that is not exactly `namespace/stream`.
    ///
    /// # Example
    /// ```
    /// let r = imagecurator::Reference::parse(
    ///     "image-registry.openshift-image-registry.svc:5000/openshift/python:3.9-ubi8")?;
    /// let internal = r.internal_image().unwrap();
    /// assert_eq!((internal.namespace(), internal.stream()), ("openshift", "python"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn internal_image(&self) -> Option<InternalImage<'_>> {
        let path = self.path();
        let (namespace, stream) = path.split_at(internal_namespace_len(self.domain(), path)?);
        Some(InternalImage { namespace, stream: &stream[1..] })
    }
}

impl<'a> Pieces<'a> {
    /// Splits and checks a reference: every grammar rule and every error is here. Also where
    /// the host ends in the domain, before any `:port`, which checking the domain finds.
    fn checked(input: &'a str) -> Result<(Pieces<'a>, usize), Error> {
        let pieces = split(input)?;
        let host_end = check_domain(input, pieces.domain)?;
        check_path(input, pieces.path)?;
        let name_len = pieces.domain.len() + 1 + pieces.library_len() + pieces.path.len();
        if name_len > NAME_MAX {
            return Err(Error::new(
                ErrorCode::NameTooLong,
                format!(
                    "repository name of `{input}` is {name_len} characters, more than {NAME_MAX}",
                    input = Shown(input)
                ),
            ));
        }
        if let Some(tag) = pieces.tag {
            check_tag(input, tag)?;
        }
        if let Some(digest) = pieces.digest {
            Digest::check(digest).map_err(|e| e.in_reference(input))?;
        }
        Ok((pieces, host_end))
    }

    /// The length of the `library/` that the canonical form puts in front of the path.
    fn library_len(&self) -> usize {
        if self.official {
            OFFICIAL_PREFIX.len()
        } else {
            0
        }
    }
}

/// The port of a valid `host[:port]`, when it has one that fits in 16 bits.
fn port_of(domain: &str) -> Option<u16> {
    split_host_port(domain).1.and_then(port_number)
}

/// Whether a port is given as digits: the domain grammar's `:[0-9]+`.
fn is_port_digits(port: &str) -> bool {
    !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
}

/// A port's digits, already checked, as a number when it fits in 16 bits.
fn port_number(digits: &str) -> Option<u16> {
    digits.bytes().try_fold(0u16, |port, d| port.checked_mul(10)?.checked_add(u16::from(d - b'0')))
}

/// Where Docker's short form starts in the canonical `domain/path`: Docker Hub's domain is
/// dropped, and `library/` too, unless the short form would then read as another registry.
/// `official` says the canonical path is `library/` followed by `path`.
fn familiar_start(domain: &str, official: bool, path: &str) -> usize {
    if domain != DOCKER_HUB {
        return 0;
    }
    let after_domain = domain.len() + 1;
    let name = if official { path } else { path.strip_prefix(OFFICIAL_PREFIX).unwrap_or(path) };
    // Docker refuses a bare 64-hex name (it reads as an image id), so `library/` stays on one:
    // the short form must read back as the same reference.
    if (official || path.starts_with(OFFICIAL_PREFIX)) && is_image_id(name) {
        return after_domain;
    }
    if official {
        return after_domain + OFFICIAL_PREFIX.len();
    }
    match path.strip_prefix(OFFICIAL_PREFIX) {
        Some(rest) if !rest.contains('/') => after_domain + OFFICIAL_PREFIX.len(),
        // Dropping the domain must not change the meaning: `docker.io/a.b/c` stays whole,
        // since `a.b/c` would read as registry `a.b`. (distribution/reference drops it.)
        _ if path.split('/').next().is_some_and(looks_like_domain) => 0,
        _ => after_domain,
    }
}

/// 64 lower-case hex digits: what Docker reads as an image id rather than a name.
fn is_image_id(name: &str) -> bool {
    name.len() == 64 && all_lower_hex(name.as_bytes())
}

/// The length of the namespace in `namespace/stream`, when `domain` is OpenShift's internal
/// registry and the path is exactly a valid namespace and a stream.
fn internal_namespace_len(domain: &str, path: &str) -> Option<usize> {
    if !INTERNAL_REGISTRY_DOMAINS.contains(&domain) {
        return None;
    }
    let (namespace, stream) = path.split_once('/')?;
    (!stream.contains('/') && crate::names::is_label(namespace)).then_some(namespace.len())
}

/// An image stream in OpenShift's internal registry, named by a [`Reference`].
///
/// # Example
/// ```
/// let r = imagecurator::Reference::parse(
///     "image-registry.openshift-image-registry.svc:5000/a1b2c3-tools/api:1.2")?;
/// assert_eq!(r.internal_image().unwrap().stream(), "api");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InternalImage<'a> {
    namespace: &'a str,
    stream: &'a str,
}

impl<'a> InternalImage<'a> {
    /// The namespace holding the image stream.
    ///
    /// # Example
    /// ```
    /// let r = imagecurator::Reference::parse(
    ///     "image-registry.openshift-image-registry.svc:5000/openshift/cli:latest")?;
    /// assert_eq!(r.internal_image().unwrap().namespace(), "openshift");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn namespace(&self) -> &'a str {
        self.namespace
    }

    /// The image stream's name.
    ///
    /// # Example
    /// ```
    /// let r = imagecurator::Reference::parse(
    ///     "image-registry.openshift-image-registry.svc:5000/openshift/cli:latest")?;
    /// assert_eq!(r.internal_image().unwrap().stream(), "cli");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn stream(&self) -> &'a str {
        self.stream
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reference({:?})", &*self.text)
    }
}

impl FromStr for Reference {
    type Err = Error;
    fn from_str(s: &str) -> Result<Reference, Error> {
        Reference::parse(s)
    }
}

impl serde::Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Reference {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Reference, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Reference::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Splits a reference into domain, path, tag and digest, normalizing as Docker does, in one
/// pass over the bytes up to the `@`.
fn split(input: &str) -> Result<Pieces<'_>, Error> {
    let bytes = input.as_bytes();
    if bytes.is_empty() {
        return Err(Error::new(ErrorCode::EmptyReference, "image reference is empty"));
    }
    if is_image_id(input) {
        return Err(Error::at(
            ErrorCode::InvalidReferenceFormat,
            0,
            format!(
                "image reference `{input}` is a 64-digit hex image id, not a repository name",
                input = Shown(input)
            ),
        ));
    }
    let (mut at, mut first_slash, mut last_slash, mut last_colon) = (bytes.len(), None, None, None);
    for (i, &b) in bytes.iter().enumerate() {
        if class(b) & SPLIT == 0 {
            continue;
        }
        match b {
            b'@' => {
                at = i;
                break;
            }
            b'/' => {
                first_slash = first_slash.or(Some(i));
                last_slash = Some(i);
            }
            b':' => last_colon = Some(i),
            _ => {}
        }
    }
    let digest = (at < bytes.len()).then(|| &input[at + 1..]);
    // A tag is what follows the last `:` after the last `/`.
    let (name, tag) = match last_colon {
        Some(colon) if last_slash.is_none_or(|slash| colon > slash) => (&input[..colon], Some(&input[colon + 1..at])),
        _ => (&input[..at], None),
    };
    // Every `/` lies inside the name, since tags and digests hold none.
    let (written, path, path_has_slash) = match first_slash {
        Some(slash) if looks_like_domain(&name[..slash]) => {
            (Some(&name[..slash]), &name[slash + 1..], last_slash != first_slash)
        }
        _ => (None, name, first_slash.is_some()),
    };
    let domain_as_written = written.is_some_and(|d| d != LEGACY_DOCKER_HUB);
    let domain = written.filter(|_| domain_as_written).unwrap_or(DOCKER_HUB);
    let official = domain == DOCKER_HUB && !path_has_slash;
    Ok(Pieces { domain, domain_as_written, official, path, tag, digest })
}

/// Docker's rule for a first component that names a registry rather than a namespace.
fn looks_like_domain(first: &str) -> bool {
    first == "localhost" || first.bytes().any(|b| b == b'.' || b == b':' || b.is_ascii_uppercase())
}

/// Splits a valid `host[:port]`, keeping IPv6 brackets on the host; text that is not a valid
/// domain is all host.
pub(crate) fn split_host_port(domain: &str) -> (&str, Option<&str>) {
    match host_end(domain) {
        Some(end) if end < domain.len() => (&domain[..end], Some(&domain[end + 1..])),
        _ => (domain, None),
    }
}

/// Whether `host[:port]` follows distribution/reference's domain grammar.
pub(crate) fn is_domain(domain: &str) -> bool {
    host_end(domain).is_some()
}

/// Reads `host[:port]` by distribution/reference's domain grammar, in one pass: dot-separated
/// labels of letters, digits and inner `-`, or a bracketed IPv6 address; then optional
/// `:digits`, a port up to 65535. Where the host ends, or `None` when the grammar is broken.
fn host_end(domain: &str) -> Option<usize> {
    let bytes = domain.as_bytes();
    let end = match bytes.first() {
        Some(b'[') => {
            let close = bytes.iter().position(|&b| b == b']')?;
            let ip = &bytes[1..close];
            let fits = !ip.is_empty() && ip.iter().all(|b| b.is_ascii_hexdigit() || *b == b':');
            fits.then_some(close + 1)?
        }
        _ => host_name_end(bytes)?,
    };
    match bytes.get(end) {
        None => Some(end),
        Some(b':') => {
            // A port is a 16-bit number: distribution/reference admits any digits, and then
            // `registry:99999` would read as a registry with no port at all.
            let port = &domain[end + 1..];
            (is_port_digits(port) && port_number(port).is_some()).then_some(end)
        }
        Some(_) => None,
    }
}

/// Where `label(.label)*` ends, at a `:` or the end of the text, with each label
/// `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`; `None` when a label breaks that.
fn host_name_end(bytes: &[u8]) -> Option<usize> {
    let mut previous = b'.';
    for (i, &b) in bytes.iter().enumerate() {
        let fits = match b {
            b':' => return previous.is_ascii_alphanumeric().then_some(i),
            b'.' => previous.is_ascii_alphanumeric(),
            b'-' => previous != b'.',
            _ => b.is_ascii_alphanumeric(),
        };
        if !fits {
            return None;
        }
        previous = b;
    }
    previous.is_ascii_alphanumeric().then_some(bytes.len())
}

/// Checks a reference's domain; where its host ends.
fn check_domain(input: &str, domain: &str) -> Result<usize, Error> {
    if let Some(end) = host_end(domain) {
        return Ok(end);
    }
    let port = domain.rsplit_once(':').map(|(_, port)| port).filter(|p| is_port_digits(p));
    let why = match port {
        Some(port) if port_number(port).is_none() => format!("; its port {port} is past 65535"),
        _ => String::new(),
    };
    Err(Error::at(
        ErrorCode::InvalidReferenceFormat,
        0,
        format!(
            "image reference `{input}` has an invalid registry domain `{domain}`{why}",
            input = Shown(input),
            domain = Shown(domain)
        ),
    ))
}

/// What is wrong with a repository path, if anything.
pub(crate) enum PathProblem {
    /// The path breaks the grammar at this byte offset.
    Invalid(usize),
    /// The path would be valid in lower case; the first upper-case letter is at this offset.
    Uppercase(usize),
}

/// Checks a repository path: `/`-separated components of `[a-z0-9]+` joined by `.`, `_`, `__`
/// or runs of `-`.
pub(crate) fn path_problem(path: &str) -> Option<PathProblem> {
    let bytes = path.as_bytes();
    let mut uppercase = None;
    // Whether the last byte read ended a run of letters and digits, after which a separator
    // may follow; at the start, and after a separator, one must not.
    let mut after_run = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let c = class(b);
        if c & (LOWER | DIGIT) != 0 {
            after_run = true;
            i += 1;
            continue;
        }
        if c & UPPER != 0 {
            uppercase = uppercase.or(Some(i));
            after_run = true;
            i += 1;
            continue;
        }
        if !after_run {
            return Some(PathProblem::Invalid(i));
        }
        match b {
            b'.' | b'/' => i += 1,
            b'_' => i += if bytes.get(i + 1) == Some(&b'_') { 2 } else { 1 },
            b'-' => {
                while bytes.get(i) == Some(&b'-') {
                    i += 1;
                }
            }
            _ => return Some(PathProblem::Invalid(i)),
        }
        after_run = false;
    }
    if !after_run {
        return Some(PathProblem::Invalid(bytes.len()));
    }
    uppercase.map(PathProblem::Uppercase)
}

fn check_path(input: &str, path: &str) -> Result<(), Error> {
    let offset_of = |i: usize| path.as_ptr() as usize - input.as_ptr() as usize + i;
    match path_problem(path) {
        None => Ok(()),
        Some(PathProblem::Uppercase(i)) => Err(Error::at(
            ErrorCode::UppercaseRepository,
            offset_of(i),
            format!(
                "repository `{path}` of image reference `{input}` must be lower-case",
                path = Shown(path),
                input = Shown(input)
            ),
        )),
        Some(PathProblem::Invalid(i)) => Err(Error::at(
            ErrorCode::InvalidReferenceFormat,
            offset_of(i).min(input.len()),
            format!(
                "image reference `{input}` has an invalid repository path `{path}`: components are \
                 lower-case letters and digits joined by `.`, `_`, `__` or `-`, separated by `/`",
                input = Shown(input),
                path = Shown(path)
            ),
        )),
    }
}

/// Whether `tag` follows `[\w][\w.-]{0,127}`.
pub(crate) fn is_docker_tag(tag: &str) -> bool {
    !tag.is_empty() && tag.len() <= TAG_MAX && tag_grammar_break(tag.as_bytes(), false).is_none()
}

pub(crate) fn check_tag(input: &str, tag: &str) -> Result<(), Error> {
    if is_docker_tag(tag) {
        return Ok(());
    }
    let offset = tag.as_ptr() as usize - input.as_ptr() as usize;
    let whose =
        if offset == 0 { String::new() } else { format!(" of image reference `{input}`", input = Shown(input)) };
    Err(Error::at(
        ErrorCode::InvalidTag,
        offset,
        format!(
            "tag `{tag}`{whose} must be 1 to {TAG_MAX} letters, digits, `_`, `.` or `-`, not starting \
             with `.` or `-`",
            tag = Shown(tag)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::{host_end, port_number, split_host_port};

    /// The one-pass domain reader splits host and port where the text's first `:` after the
    /// host (or its IPv6 brackets) is, and the port reads as `u16`'s own parser reads digits.
    #[test]
    fn domains_split_into_host_and_port() {
        let cases = [
            ("localhost", Some(("localhost", None))),
            ("localhost:5000", Some(("localhost", Some("5000")))),
            ("[::1]:5000", Some(("[::1]", Some("5000")))),
            ("[2001:db8::1]", Some(("[2001:db8::1]", None))),
            ("a-b.example.com:00080", Some(("a-b.example.com", Some("00080")))),
            ("localhost:65535", Some(("localhost", Some("65535")))),
            // Past 16 bits: distribution/reference admits it; this library refuses it, since
            // such a registry cannot be reached and would otherwise read as one with no port.
            ("localhost:65536", None),
            ("registry.example.com:99999", None),
            ("[::1]x", None),
            ("[::1", None),
            ("[]", None),
            ("a:b", None),
            ("a:", None),
            ("a::1", None),
            ("-a.com", None),
            ("a-.com", None),
            ("a..com", None),
            ("", None),
        ];
        for (domain, expected) in cases {
            let found = host_end(domain).map(|_| split_host_port(domain));
            assert_eq!(found, expected, "{domain:?}");
        }
        for digits in ["0", "80", "00080", "65535", "65536", "99999999999999999999"] {
            assert_eq!(port_number(digits), digits.parse::<u16>().ok(), "{digits}");
        }
    }
}
