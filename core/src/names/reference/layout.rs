//! Where each part of a reference lies, as offsets: how the WASM batches check references
//! without allocating. The reader is `Reference::parse`'s own.

use super::*;

/// Where each part of a reference's canonical form lies, found without building that form, so
/// that checking a batch of references allocates nothing.
///
/// The canonical form is [`ReferenceLayout::prefix`] followed by the input from
/// [`ReferenceLayout::skip`] on; every other offset is into that form. The grammar and the
/// errors are [`Reference::parse`]'s own: the two share one reader.
///
/// # Example
/// ```
/// use imagecurator::bindings::ReferenceLayout;
///
/// let input = "nginx:1.25";
/// let layout = ReferenceLayout::parse(input)?;
/// let canonical = format!("{}{}", layout.prefix(), &input[layout.skip()..]);
/// assert_eq!(canonical, "docker.io/library/nginx:1.25");
/// assert_eq!(&canonical[..layout.domain_end()], "docker.io");
/// assert_eq!(&canonical[layout.name_end() + 1..layout.tag_end()], "1.25");
/// assert_eq!(&canonical[layout.familiar_start()..], "nginx:1.25");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReferenceLayout {
    prefix: u8,
    skip: u32,
    domain_end: u32,
    host_end: u32,
    port: Option<u16>,
    name_end: u32,
    tag_end: u32,
    familiar_start: u32,
    internal_namespace_end: Option<u32>,
}

impl ReferenceLayout {
    /// Every text that [`ReferenceLayout::prefix`] can give: nothing, Docker Hub's domain, or
    /// Docker Hub's domain and its namespace for official images.
    pub const PREFIXES: [&'static str; 3] = ["", "docker.io/", "docker.io/library/"];

    /// Checks a reference as [`Reference::parse`] does, and finds where its parts lie.
    ///
    /// # Errors
    /// Exactly those of [`Reference::parse`].
    ///
    /// # Example
    /// ```
    /// use imagecurator::{bindings::ReferenceLayout, ErrorCode};
    ///
    /// assert_eq!(ReferenceLayout::parse("quay.io/a/b:1")?.prefix(), "");
    /// assert_eq!(ReferenceLayout::parse("Nginx").unwrap_err().code(), ErrorCode::UppercaseRepository);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn parse(input: &str) -> Result<ReferenceLayout, Error> {
        let (p, host_end) = Pieces::checked(input)?;
        let prefix = match (p.official, p.domain_as_written) {
            (true, _) => 2,
            (false, false) => 1,
            (false, true) => 0,
        };
        let skip = if prefix == 0 { 0 } else { p.path.as_ptr() as usize - input.as_ptr() as usize };
        let domain_end = p.domain.len();
        let name_end = domain_end + 1 + p.library_len() + p.path.len();
        let tag_end = name_end + p.tag.map_or(0, |t| t.len() + 1);
        let internal = if p.official { None } else { internal_namespace_len(p.domain, p.path) };
        // Every offset fits in 32 bits: a valid name has at most 255 bytes and a tag 128.
        Ok(ReferenceLayout {
            prefix,
            skip: skip as u32,
            domain_end: domain_end as u32,
            host_end: host_end as u32,
            port: p.domain.get(host_end + 1..).and_then(port_number),
            name_end: name_end as u32,
            tag_end: tag_end as u32,
            familiar_start: familiar_start(p.domain, p.official, p.path) as u32,
            internal_namespace_end: internal.map(|len| (domain_end + 1 + len) as u32),
        })
    }

    /// The text the canonical form starts with, before the input's own: one of
    /// [`ReferenceLayout::PREFIXES`].
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::ReferenceLayout::parse("bitnami/redis")?.prefix(), "docker.io/");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn prefix(&self) -> &'static str {
        ReferenceLayout::PREFIXES[self.prefix as usize]
    }

    /// How many bytes at the start of the input the canonical form leaves out: a legacy
    /// `index.docker.io/`, or a `docker.io/` that the prefix writes again with `library/`.
    ///
    /// # Example
    /// ```
    /// let layout = imagecurator::bindings::ReferenceLayout::parse("index.docker.io/a/b")?;
    /// assert_eq!((layout.prefix(), layout.skip()), ("docker.io/", 16));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn skip(&self) -> usize {
        self.skip as usize
    }

    /// Where the domain ends: [`Reference::domain`] is `canonical[..domain_end]`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::ReferenceLayout::parse("quay.io/a/b")?.domain_end(), 7);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn domain_end(&self) -> usize {
        self.domain_end as usize
    }

    /// Where the host ends: [`Reference::host`] is `canonical[..host_end]`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::ReferenceLayout::parse("localhost:5000/a")?.host_end(), 9);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn host_end(&self) -> usize {
        self.host_end as usize
    }

    /// The port, as [`Reference::port`] gives it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::ReferenceLayout::parse("localhost:5000/a")?.port(), Some(5000));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Where the name ends: [`Reference::name`] is `canonical[..name_end]`, and
    /// [`Reference::path`] is `canonical[domain_end + 1..name_end]`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::ReferenceLayout::parse("quay.io/a/b:1")?.name_end(), 11);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn name_end(&self) -> usize {
        self.name_end as usize
    }

    /// Where the tag ends; equal to [`ReferenceLayout::name_end`] when there is no tag. The
    /// tag is `canonical[name_end + 1..tag_end]`, and a digest `canonical[tag_end + 1..]`.
    ///
    /// # Example
    /// ```
    /// let layout = imagecurator::bindings::ReferenceLayout::parse("quay.io/a/b:1")?;
    /// assert_eq!((layout.name_end(), layout.tag_end()), (11, 13));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn tag_end(&self) -> usize {
        self.tag_end as usize
    }

    /// Where Docker's short form starts: [`Reference::familiar`] is `canonical[familiar_start..]`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::bindings::ReferenceLayout::parse("nginx")?.familiar_start(), 18);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn familiar_start(&self) -> usize {
        self.familiar_start as usize
    }

    /// Where the namespace of an OpenShift internal-registry reference ends, as
    /// [`Reference::internal_image`] reads it; the stream runs from one past it to `name_end`.
    ///
    /// # Example
    /// ```
    /// let layout = imagecurator::bindings::ReferenceLayout::parse(
    ///     "image-registry.openshift-image-registry.svc:5000/ns/app:1")?;
    /// assert_eq!(layout.internal_namespace_end(), Some(51));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn internal_namespace_end(&self) -> Option<usize> {
        self.internal_namespace_end.map(|end| end as usize)
    }
}
