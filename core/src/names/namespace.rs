//! Namespace names: DNS-1123 labels, and the licence-plate convention `<plate>-<env>`.

use crate::error::{Error, ErrorCode, Shown};
use std::fmt;
use std::str::FromStr;

/// Kubernetes' limit for a DNS-1123 label.
const LABEL_MAX: usize = 63;

/// The environment of a licence-plate namespace.
///
/// # Example
/// ```
/// use imagecurator::{Environment, Namespace};
///
/// assert_eq!(Namespace::parse("a1b2c3-prod")?.environment(), Some(Environment::Prod));
/// assert_eq!("tools".parse::<Environment>()?, Environment::Tools);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Environment {
    /// `-tools`: where teams build images.
    Tools,
    /// `-dev`.
    Dev,
    /// `-test`.
    Test,
    /// `-prod`: gated.
    Prod,
}

impl Environment {
    /// Every environment, in promotion order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Environment::ALL.len(), 4);
    /// ```
    pub const ALL: &'static [Environment] =
        &[Environment::Tools, Environment::Dev, Environment::Test, Environment::Prod];

    /// The suffix as written in a namespace name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Environment::Prod.as_str(), "prod");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Tools => "tools",
            Environment::Dev => "dev",
            Environment::Test => "test",
            Environment::Prod => "prod",
        }
    }

    fn from_suffix(suffix: &str) -> Option<Environment> {
        Environment::ALL.iter().copied().find(|e| e.as_str() == suffix)
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Environment {
    type Err = Error;
    fn from_str(s: &str) -> Result<Environment, Error> {
        Environment::from_suffix(s).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidPattern,
                format!("environment `{s}` is not one of tools, dev, test, prod", s = Shown(s)),
            )
        })
    }
}

/// A valid namespace name (a DNS-1123 label), with its licence plate when it has one.
///
/// A licence-plate namespace is `<plate>-<env>`: a plate of six characters `[a-f0-9]` and an
/// environment of tools, dev, test or prod. Other valid names are simply not plates.
///
/// # Example
/// ```
/// use imagecurator::Namespace;
///
/// let ns = Namespace::parse("a1b2c3-tools")?;
/// assert_eq!(ns.plate(), Some("a1b2c3"));
/// assert_eq!(ns.environment().map(|e| e.as_str()), Some("tools"));
/// assert_eq!(Namespace::parse("openshift")?.plate(), None);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Namespace {
    name: Box<str>,
    environment: Option<Environment>,
}

impl Namespace {
    /// Validates a namespace name.
    ///
    /// # Errors
    /// `empty_namespace`; `namespace_too_long` past 63 bytes; `namespace_invalid_start` when it
    /// does not start with `[a-z0-9]`; `namespace_invalid_character` for a character outside
    /// `[a-z0-9-]` (upper case included); `namespace_invalid_end` when it ends with `-`. The
    /// first problem from the left is reported, with its offset.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{ErrorCode, Namespace};
    ///
    /// assert_eq!(Namespace::parse("A1b2c3-prod").unwrap_err().code(), ErrorCode::NamespaceInvalidStart);
    /// assert_eq!(Namespace::parse("prod-").unwrap_err().code(), ErrorCode::NamespaceInvalidEnd);
    /// ```
    pub fn parse(input: &str) -> Result<Namespace, Error> {
        check_label(input)?;
        Ok(Namespace { name: input.into(), environment: plate_environment(input) })
    }

    /// The name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Namespace::parse("bcgov")?.as_str(), "bcgov");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The licence plate, for a licence-plate namespace.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Namespace::parse("abc123-dev")?.plate(), Some("abc123"));
    /// assert_eq!(imagecurator::Namespace::parse("abc123-production")?.plate(), None);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn plate(&self) -> Option<&str> {
        self.environment.map(|_| &self.name[..6])
    }

    /// The environment, for a licence-plate namespace.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{Environment, Namespace};
    /// assert_eq!(Namespace::parse("abc123-test")?.environment(), Some(Environment::Test));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn environment(&self) -> Option<Environment> {
        self.environment
    }
}

/// The environment of `<6 x [a-f0-9]>-<env>`, or `None` for any other name.
pub(crate) fn plate_environment(name: &str) -> Option<Environment> {
    let (plate, env) = name.split_at_checked(6)?;
    let env = env.strip_prefix('-')?;
    if !crate::bytes::all_lower_hex(plate.as_bytes()) {
        return None;
    }
    Environment::from_suffix(env)
}

/// Whether a name is a valid namespace name (a DNS-1123 label).
pub(crate) fn is_label(input: &str) -> bool {
    check_label(input).is_ok()
}

fn check_label(input: &str) -> Result<(), Error> {
    let bytes = input.as_bytes();
    let rule = "a namespace name must be 1 to 63 lower-case letters, digits or `-`, starting and ending with a letter or digit";
    let fail = |code, at: usize, what: String| {
        Err(Error::at(code, at, format!("namespace `{input}` {what}; {rule}", input = Shown(input))))
    };
    if bytes.is_empty() {
        return Err(Error::new(ErrorCode::EmptyNamespace, format!("namespace name is empty; {rule}")));
    }
    if bytes.len() > LABEL_MAX {
        return fail(ErrorCode::NamespaceTooLong, LABEL_MAX, format!("is {} bytes long", bytes.len()));
    }
    for (at, &b) in bytes.iter().enumerate() {
        let alnum = b.is_ascii_lowercase() || b.is_ascii_digit();
        if at == 0 && !alnum {
            return fail(ErrorCode::NamespaceInvalidStart, 0, format!("starts with `{}`", char_at(input, 0)));
        }
        if !alnum && b != b'-' {
            return fail(
                ErrorCode::NamespaceInvalidCharacter,
                at,
                format!("has `{}` at byte {at}", char_at(input, at)),
            );
        }
    }
    if bytes[bytes.len() - 1] == b'-' {
        return fail(ErrorCode::NamespaceInvalidEnd, bytes.len() - 1, "ends with `-`".to_owned());
    }
    Ok(())
}

fn char_at(input: &str, at: usize) -> char {
    // `at` may fall inside a multi-byte character; report the character that holds it.
    let start = (0..=at).rev().find(|&i| input.is_char_boundary(i)).unwrap_or(0);
    input[start..].chars().next().unwrap_or(' ')
}

impl fmt::Display for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Debug for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Namespace({:?})", &*self.name)
    }
}

impl FromStr for Namespace {
    type Err = Error;
    fn from_str(s: &str) -> Result<Namespace, Error> {
        Namespace::parse(s)
    }
}

impl serde::Serialize for Namespace {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl<'de> serde::Deserialize<'de> for Namespace {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Namespace, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Namespace::parse(&text).map_err(serde::de::Error::custom)
    }
}
