//! The one public error type and its stable codes.

use std::fmt;

/// What went wrong, as a stable machine-readable code.
///
/// Codes are a contract shared with the Python and JavaScript bindings: `as_str()` gives the
/// snake_case spelling that all three expose, and `tests/error-codes.json` lists every one.
///
/// # Example
/// ```
/// use imagecurator::{ErrorCode, Reference};
///
/// let err = Reference::parse("Nginx").unwrap_err();
/// assert_eq!(err.code(), ErrorCode::UppercaseRepository);
/// assert_eq!(err.code().as_str(), "uppercase_repository");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorCode {
    /// An image reference was the empty string.
    EmptyReference,
    /// An image reference does not follow the reference grammar.
    InvalidReferenceFormat,
    /// The repository path of a reference has upper-case letters.
    UppercaseRepository,
    /// The repository name (domain and path) is longer than 255 characters.
    NameTooLong,
    /// A tag is empty, too long, or has a character tags cannot hold.
    InvalidTag,
    /// A digest is malformed: bad algorithm text, wrong length, or not lower-case hex.
    InvalidDigest,
    /// A digest names an algorithm other than sha256 or sha512.
    UnsupportedDigestAlgorithm,
    /// A namespace name was the empty string.
    EmptyNamespace,
    /// A namespace name is longer than 63 characters.
    NamespaceTooLong,
    /// A namespace name has a character outside `[a-z0-9-]`.
    NamespaceInvalidCharacter,
    /// A namespace name does not start with `[a-z0-9]`.
    NamespaceInvalidStart,
    /// A namespace name does not end with `[a-z0-9]`.
    NamespaceInvalidEnd,
    /// A pattern is empty or of an unknown kind.
    InvalidPattern,
    /// A regular expression does not compile.
    InvalidRegex,
    /// A regular expression compiles to more than the size limit.
    RegexTooLarge,
    /// A registry scope is not a registry host with an optional repository prefix.
    InvalidScope,
    /// An image (stream) name is not a valid repository path.
    InvalidImageName,
    /// Input data (an ImageStream, a PodList, a Template) does not have the shape it must.
    InvalidInput,
    /// A policy breaks a rule: keeps fewer than one version, or has a bad pattern.
    InvalidPolicy,
    /// The policy asks for what an admission target cannot say (nothing to enforce, or a rule
    /// the target would have to loosen).
    NotExportable,
}

impl ErrorCode {
    /// Every code, in declaration order.
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::ErrorCode::ALL.contains(&imagecurator::ErrorCode::InvalidTag));
    /// ```
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::EmptyReference,
        ErrorCode::InvalidReferenceFormat,
        ErrorCode::UppercaseRepository,
        ErrorCode::NameTooLong,
        ErrorCode::InvalidTag,
        ErrorCode::InvalidDigest,
        ErrorCode::UnsupportedDigestAlgorithm,
        ErrorCode::EmptyNamespace,
        ErrorCode::NamespaceTooLong,
        ErrorCode::NamespaceInvalidCharacter,
        ErrorCode::NamespaceInvalidStart,
        ErrorCode::NamespaceInvalidEnd,
        ErrorCode::InvalidPattern,
        ErrorCode::InvalidRegex,
        ErrorCode::RegexTooLarge,
        ErrorCode::InvalidScope,
        ErrorCode::InvalidImageName,
        ErrorCode::InvalidInput,
        ErrorCode::InvalidPolicy,
        ErrorCode::NotExportable,
    ];

    /// The snake_case spelling, identical in Rust, Python and JavaScript.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::ErrorCode::NameTooLong.as_str(), "name_too_long");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::EmptyReference => "empty_reference",
            ErrorCode::InvalidReferenceFormat => "invalid_reference_format",
            ErrorCode::UppercaseRepository => "uppercase_repository",
            ErrorCode::NameTooLong => "name_too_long",
            ErrorCode::InvalidTag => "invalid_tag",
            ErrorCode::InvalidDigest => "invalid_digest",
            ErrorCode::UnsupportedDigestAlgorithm => "unsupported_digest_algorithm",
            ErrorCode::EmptyNamespace => "empty_namespace",
            ErrorCode::NamespaceTooLong => "namespace_too_long",
            ErrorCode::NamespaceInvalidCharacter => "namespace_invalid_character",
            ErrorCode::NamespaceInvalidStart => "namespace_invalid_start",
            ErrorCode::NamespaceInvalidEnd => "namespace_invalid_end",
            ErrorCode::InvalidPattern => "invalid_pattern",
            ErrorCode::InvalidRegex => "invalid_regex",
            ErrorCode::RegexTooLarge => "regex_too_large",
            ErrorCode::InvalidScope => "invalid_scope",
            ErrorCode::InvalidImageName => "invalid_image_name",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::InvalidPolicy => "invalid_policy",
            ErrorCode::NotExportable => "not_exportable",
        }
    }

    /// The area of the library the code belongs to; the bindings raise one exception class
    /// per area.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{ErrorArea, ErrorCode};
    /// assert_eq!(ErrorCode::InvalidDigest.area(), ErrorArea::Reference);
    /// assert_eq!(ErrorCode::InvalidDigest.area().class_name(), "InvalidReference");
    /// ```
    pub fn area(self) -> ErrorArea {
        use ErrorCode::*;
        match self {
            EmptyReference
            | InvalidReferenceFormat
            | UppercaseRepository
            | NameTooLong
            | InvalidDigest
            | UnsupportedDigestAlgorithm
            | InvalidImageName => ErrorArea::Reference,
            InvalidTag => ErrorArea::Tag,
            EmptyNamespace
            | NamespaceTooLong
            | NamespaceInvalidCharacter
            | NamespaceInvalidStart
            | NamespaceInvalidEnd => ErrorArea::Namespace,
            InvalidPattern | InvalidRegex | RegexTooLarge => ErrorArea::Pattern,
            InvalidScope => ErrorArea::Scope,
            InvalidInput => ErrorArea::Input,
            InvalidPolicy | NotExportable => ErrorArea::Policy,
        }
    }
}

/// What an [`ErrorCode`] is about: each area is one exception class in Python and one error
/// `name` in JavaScript, both spelled by [`ErrorArea::class_name`], so that the bindings hold
/// no mapping of their own.
///
/// # Example
/// ```
/// use imagecurator::ErrorArea;
/// assert_eq!(ErrorArea::Policy.as_str(), "policy");
/// assert_eq!(ErrorArea::Policy.class_name(), "InvalidPolicy");
/// assert_eq!(ErrorArea::ALL.len(), 7);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorArea {
    /// Image references, digests and image names.
    Reference,
    /// Tags.
    Tag,
    /// Namespace names.
    Namespace,
    /// Namespace patterns and regular expressions.
    Pattern,
    /// Registry scopes.
    Scope,
    /// Input documents: image streams, pods, templates, inventories, scan reports.
    Input,
    /// Policy documents.
    Policy,
}

impl ErrorArea {
    /// Every area, in declaration order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::ErrorArea::ALL[0].as_str(), "reference");
    /// ```
    pub const ALL: &'static [ErrorArea] = &[
        ErrorArea::Reference,
        ErrorArea::Tag,
        ErrorArea::Namespace,
        ErrorArea::Pattern,
        ErrorArea::Scope,
        ErrorArea::Input,
        ErrorArea::Policy,
    ];

    /// The lower-case name of the area.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::ErrorArea::Tag.as_str(), "tag");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorArea::Reference => "reference",
            ErrorArea::Tag => "tag",
            ErrorArea::Namespace => "namespace",
            ErrorArea::Pattern => "pattern",
            ErrorArea::Scope => "scope",
            ErrorArea::Input => "input",
            ErrorArea::Policy => "policy",
        }
    }

    /// The name of the error class the bindings raise for this area: the Python exception
    /// class and the JavaScript `Error`'s `name`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::ErrorArea::Namespace.class_name(), "InvalidNamespace");
    /// ```
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorArea::Reference => "InvalidReference",
            ErrorArea::Tag => "InvalidTag",
            ErrorArea::Namespace => "InvalidNamespace",
            ErrorArea::Pattern => "InvalidPattern",
            ErrorArea::Scope => "InvalidScope",
            ErrorArea::Input => "InvalidInput",
            ErrorArea::Policy => "InvalidPolicy",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error every fallible function of this crate returns.
///
/// It carries a stable [`ErrorCode`], a lower-case message that names the input and the rule it
/// breaks, and, where one exists, the byte offset in the input where the problem starts.
///
/// # Example
/// ```
/// use imagecurator::{ErrorCode, Namespace};
///
/// let err = Namespace::parse("team_a-prod").unwrap_err();
/// assert_eq!(err.code(), ErrorCode::NamespaceInvalidCharacter);
/// assert_eq!(err.offset(), Some(4));
/// assert!(err.to_string().contains("team_a-prod"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    code: ErrorCode,
    message: String,
    offset: Option<usize>,
    path: Option<Box<str>>,
}

impl Error {
    #[cold]
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error { code, message: message.into(), offset: None, path: None }
    }

    /// An error about the value at `path` inside a document (a policy or an inventory).
    #[cold]
    pub(crate) fn in_document(code: ErrorCode, path: &str, message: impl Into<String>) -> Error {
        Error { code, message: message.into(), offset: None, path: Some(path.into()) }
    }

    /// A broken rule of a policy document, at `path` (`retention.keep`): how every policy
    /// section reports what it checks, so each error carries its own path.
    #[cold]
    pub(crate) fn invalid_policy(path: &str, what: &str) -> Error {
        let message = if path.is_empty() {
            format!("policy is invalid: {what}")
        } else {
            format!("policy is invalid at `{path}`: {what}")
        };
        Error::in_document(ErrorCode::InvalidPolicy, path, message)
    }

    #[cold]
    pub(crate) fn at(code: ErrorCode, offset: usize, message: impl Into<String>) -> Error {
        Error { code, message: message.into(), offset: Some(offset), path: None }
    }

    /// This error as seen from an enclosing document: its path and message prefixed with
    /// `outer` (`imagestreams[1]` + `metadata.name`); unchanged when `outer` is empty, the top
    /// of the document.
    #[cold]
    pub(crate) fn within(self, outer: &str) -> Error {
        if outer.is_empty() {
            return self;
        }
        let path = self.path().map_or_else(|| outer.to_owned(), |inner| join_path(outer, inner));
        Error::in_document(self.code, &path, format!("{outer}: {}", self.message))
    }

    /// The stable code of this error.
    ///
    /// # Example
    /// ```
    /// let err = imagecurator::Tag::parse("").unwrap_err();
    /// assert_eq!(err.code().as_str(), "invalid_tag");
    /// ```
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The human-readable message: lower-case, no trailing period, naming the input.
    ///
    /// # Example
    /// ```
    /// let err = imagecurator::Reference::parse("").unwrap_err();
    /// assert_eq!(err.message(), "image reference is empty");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset in the input where the problem starts, where one is known.
    ///
    /// # Example
    /// ```
    /// let err = imagecurator::Namespace::parse("-prod").unwrap_err();
    /// assert_eq!(err.offset(), Some(0));
    /// ```
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// Where in a document (a policy or an inventory) the problem is, as a path such as
    /// `catalog.openshift.remove[3]`; `None` for errors about a single string.
    ///
    /// # Example
    /// ```
    /// let policy = serde_json::json!({"catalog": {"openshift": {"remove": ["a", "A"]}}});
    /// let err = imagecurator::Policy::from_json(&policy).unwrap_err();
    /// assert_eq!(err.path(), Some("catalog.openshift.remove[1]"));
    /// ```
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }
}

/// `section.key`, or `key` alone at the top of a document; an index joins without a dot, and
/// an empty key leaves the section as it is.
pub(crate) fn join_path(section: &str, key: &str) -> String {
    if key.is_empty() {
        return section.to_owned();
    }
    match (section.is_empty(), key.starts_with('[')) {
        (true, _) => key.to_owned(),
        (false, true) => format!("{section}{key}"),
        (false, false) => format!("{section}.{key}"),
    }
}

/// Input text as an error message quotes it: whole when short, else its first 256 characters
/// and `…`, so that a megabyte of input never comes back in a message.
///
/// # Example
/// ```
/// let err = imagecurator::Namespace::parse(&"a".repeat(1 << 20)).unwrap_err();
/// assert!(err.to_string().len() < 500);
/// ```
pub(crate) struct Shown<'a>(pub &'a str);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 256;
        match self.0.char_indices().nth(SHOWN) {
            Some((end, _)) => write!(f, "{}…", &self.0[..end]),
            None => f.write_str(self.0),
        }
    }
}
