//! Namespace patterns (exact, glob, anchored regex, environment class) and selectors.

use crate::error::{Error, ErrorCode, Shown};
use crate::names::glob::Glob;
use crate::names::{plate_environment, Environment};
use std::fmt;
use std::str::FromStr;

/// The most memory a compiled regular expression may take.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The longest pattern, in bytes, of any kind: checked before anything is compiled, so that a
/// pattern of megabytes costs nothing. Namespace names are at most 63 bytes and tags 128; a
/// list of names as one regex alternation fits many of them.
pub const PATTERN_MAX: usize = 4096;

/// A pattern that namespace names are matched against, always over the whole name.
///
/// Written as text, a pattern is `exact:NAME`, `glob:PATTERN`, `regex:PATTERN` or `env:ENV`;
/// without a prefix it is a glob when it holds `*` or `?` and an exact name otherwise.
/// - A glob's `*` matches any run of characters (also none) and `?` exactly one; every other
///   character is literal, so `prod.ns` matches only `prod.ns`, and the glob is anchored at both
///   ends, so `*-prod` matches `a1b2c3-prod` but not `a1b2c3-production` or `a1b2c3-prod-old`.
/// - A regex is anchored at both ends (`^(?:PATTERN)$`), with its compiled size bounded.
/// - `env:prod` matches licence-plate namespaces of that environment (`a1b2c3-prod`).
///
/// # Example
/// ```
/// use imagecurator::NamespacePattern;
///
/// let prod = NamespacePattern::glob("*-prod")?;
/// assert!(prod.matches("a1b2c3-prod"));
/// assert!(!prod.matches("a1b2c3-production"));
/// assert!(NamespacePattern::regex("[a-f0-9]{6}-(dev|test)")?.matches("abc123-dev"));
/// assert!(!NamespacePattern::regex("[a-f0-9]{6}-(dev|test)")?.matches("xabc123-dev"));
/// assert_eq!("*-tools".parse::<NamespacePattern>()?.to_string(), "glob:*-tools");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone)]
pub struct NamespacePattern {
    source: Box<str>,
    matcher: Matcher,
}

#[derive(Clone)]
enum Matcher {
    Exact,
    Glob(Glob),
    Regex(regex::Regex),
    Environment(Environment),
}

impl NamespacePattern {
    /// A pattern that matches exactly one name.
    ///
    /// # Errors
    /// `invalid_pattern` for an empty name.
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::NamespacePattern::exact("openshift")?.matches("openshift"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn exact(name: &str) -> Result<NamespacePattern, Error> {
        check_text("exact", name)?;
        Ok(NamespacePattern { source: name.into(), matcher: Matcher::Exact })
    }

    /// A glob pattern: `*` any run, `?` one character, all else literal, anchored.
    ///
    /// # Errors
    /// `invalid_pattern` for an empty glob.
    ///
    /// # Example
    /// ```
    /// let p = imagecurator::NamespacePattern::glob("prod.ns")?;
    /// assert!(p.matches("prod.ns") && !p.matches("prodxns"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn glob(pattern: &str) -> Result<NamespacePattern, Error> {
        check_text("glob", pattern)?;
        Ok(NamespacePattern { source: pattern.into(), matcher: Matcher::Glob(Glob::new(pattern)) })
    }

    /// A regular expression (Rust `regex` syntax), anchored at both ends.
    ///
    /// # Errors
    /// `invalid_pattern` for an empty pattern; `invalid_regex` when it does not compile;
    /// `regex_too_large` when it compiles past 1 MiB.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{ErrorCode, NamespacePattern};
    /// assert_eq!(NamespacePattern::regex("(").unwrap_err().code(), ErrorCode::InvalidRegex);
    /// assert_eq!(NamespacePattern::regex("a{1000}{1000}").unwrap_err().code(), ErrorCode::RegexTooLarge);
    /// ```
    pub fn regex(pattern: &str) -> Result<NamespacePattern, Error> {
        check_text("regex", pattern)?;
        let compiled = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| regex_error(pattern, e))?;
        Ok(NamespacePattern { source: pattern.into(), matcher: Matcher::Regex(compiled) })
    }

    /// A pattern matching licence-plate namespaces of one environment.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{Environment, NamespacePattern};
    /// let p = NamespacePattern::environment(Environment::Prod);
    /// assert!(p.matches("a1b2c3-prod") && !p.matches("myapp-prod"));
    /// ```
    pub fn environment(environment: Environment) -> NamespacePattern {
        NamespacePattern { source: environment.as_str().into(), matcher: Matcher::Environment(environment) }
    }

    /// Parses the text form: `exact:`, `glob:`, `regex:` or `env:` prefix, or a bare glob/name.
    ///
    /// # Errors
    /// As the constructor the prefix selects; `invalid_pattern` for an unknown environment.
    ///
    /// # Example
    /// ```
    /// use imagecurator::NamespacePattern;
    /// assert!(NamespacePattern::parse("regex:.*-(dev|test)")?.matches("abc123-test"));
    /// assert!(NamespacePattern::parse("env:tools")?.matches("abc123-tools"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<NamespacePattern, Error> {
        if let Some(name) = text.strip_prefix("exact:") {
            NamespacePattern::exact(name)
        } else if let Some(glob) = text.strip_prefix("glob:") {
            NamespacePattern::glob(glob)
        } else if let Some(regex) = text.strip_prefix("regex:") {
            NamespacePattern::regex(regex)
        } else if let Some(env) = text.strip_prefix("env:") {
            Ok(NamespacePattern::environment(env.parse()?))
        } else if text.contains(['*', '?']) {
            NamespacePattern::glob(text)
        } else {
            NamespacePattern::exact(text)
        }
    }

    /// Whether the whole name matches.
    ///
    /// # Example
    /// ```
    /// let p = imagecurator::NamespacePattern::glob("*-prod")?;
    /// assert!(!p.matches("a1b2c3-prod2"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn matches(&self, name: &str) -> bool {
        match &self.matcher {
            Matcher::Exact => *self.source == *name,
            Matcher::Glob(glob) => glob.matches(name),
            Matcher::Regex(regex) => regex.is_match(name),
            Matcher::Environment(env) => plate_environment(name) == Some(*env),
        }
    }

    /// The kind: exact, glob, regex or environment.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{NamespacePattern, PatternKind};
    /// assert_eq!(NamespacePattern::parse("a-*")?.kind(), PatternKind::Glob);
    /// assert_eq!(NamespacePattern::parse("env:prod")?.kind().as_str(), "env");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn kind(&self) -> PatternKind {
        match self.matcher {
            Matcher::Exact => PatternKind::Exact,
            Matcher::Glob(_) => PatternKind::Glob,
            Matcher::Regex(_) => PatternKind::Regex,
            Matcher::Environment(_) => PatternKind::Environment,
        }
    }

    /// The pattern without its kind prefix.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::NamespacePattern::parse("glob:*-dev")?.source(), "*-dev");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// Checks a pattern's text before anything is built from it: not empty, not past
/// [`PATTERN_MAX`].
fn check_text(kind: &str, pattern: &str) -> Result<(), Error> {
    if pattern.is_empty() {
        return Err(Error::new(ErrorCode::InvalidPattern, format!("{kind} pattern is empty")));
    }
    if pattern.len() > PATTERN_MAX {
        let message = format!(
            "{kind} pattern `{}` is {} bytes long; a pattern is at most {PATTERN_MAX} bytes",
            Shown(pattern),
            pattern.len()
        );
        return Err(Error::new(ErrorCode::InvalidPattern, message));
    }
    Ok(())
}

#[cold]
fn regex_error(pattern: &str, error: regex::Error) -> Error {
    let pattern = Shown(pattern);
    match error {
        regex::Error::CompiledTooBig(limit) => Error::new(
            ErrorCode::RegexTooLarge,
            format!("regex `{pattern}` compiles to more than the {limit}-byte limit"),
        ),
        other => {
            let detail = other.to_string();
            let last = detail.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
            let last = last.strip_prefix("error: ").unwrap_or(last);
            Error::new(ErrorCode::InvalidRegex, format!("regex `{pattern}` does not compile: {last}"))
        }
    }
}

impl fmt::Display for NamespacePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind().as_str(), self.source)
    }
}

impl fmt::Debug for NamespacePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NamespacePattern({:?})", self.to_string())
    }
}

impl PartialEq for NamespacePattern {
    fn eq(&self, other: &NamespacePattern) -> bool {
        self.kind() == other.kind() && self.source == other.source
    }
}

impl Eq for NamespacePattern {}

impl FromStr for NamespacePattern {
    type Err = Error;
    fn from_str(s: &str) -> Result<NamespacePattern, Error> {
        NamespacePattern::parse(s)
    }
}

impl serde::Serialize for NamespacePattern {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for NamespacePattern {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<NamespacePattern, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        NamespacePattern::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Include and exclude lists of patterns: a name is selected when an include pattern matches it
/// and no exclude pattern does. An empty include list selects nothing, so that a selector
/// written by mistake without includes gates or prunes nothing rather than everything.
///
/// # Example
/// ```
/// use imagecurator::NamespaceSelector;
///
/// let prod = NamespaceSelector::new(["*-prod"], ["legacy-*"])?;
/// assert!(prod.matches("a1b2c3-prod"));
/// assert!(!prod.matches("legacy-prod"));
/// assert!(!prod.matches("a1b2c3-dev"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NamespaceSelector {
    /// Patterns that select a name.
    #[serde(default)]
    pub include: Vec<NamespacePattern>,
    /// Patterns that take a name back out.
    #[serde(default)]
    pub exclude: Vec<NamespacePattern>,
}

impl NamespaceSelector {
    /// Builds a selector from pattern texts (see [`NamespacePattern::parse`]).
    ///
    /// # Errors
    /// The first pattern error, with nothing built.
    ///
    /// # Example
    /// ```
    /// let s = imagecurator::NamespaceSelector::new(["regex:[a-f0-9]{6}-prod"], [] as [&str; 0])?;
    /// assert!(s.matches("abc123-prod"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn new<I, J, S, T>(include: I, exclude: J) -> Result<NamespaceSelector, Error>
    where
        I: IntoIterator<Item = S>,
        J: IntoIterator<Item = T>,
        S: AsRef<str>,
        T: AsRef<str>,
    {
        Ok(NamespaceSelector {
            include: include.into_iter().map(|p| NamespacePattern::parse(p.as_ref())).collect::<Result<_, _>>()?,
            exclude: exclude.into_iter().map(|p| NamespacePattern::parse(p.as_ref())).collect::<Result<_, _>>()?,
        })
    }

    /// Whether the selector selects a name.
    ///
    /// # Example
    /// ```
    /// let s = imagecurator::NamespaceSelector::new(["*"], ["openshift*", "kube-*"])?;
    /// assert!(s.matches("bcgov") && !s.matches("kube-system"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn matches(&self, name: &str) -> bool {
        self.include.iter().any(|p| p.matches(name)) && !self.exclude.iter().any(|p| p.matches(name))
    }
}

/// What kind of pattern a [`NamespacePattern`] is: the prefix of its text form.
///
/// # Example
/// ```
/// use imagecurator::PatternKind;
/// assert_eq!(PatternKind::Environment.as_str(), "env");
/// assert_eq!(PatternKind::ALL.len(), 4);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum PatternKind {
    /// Exactly one name (`exact:`).
    Exact,
    /// A glob with `*` and `?` (`glob:`).
    Glob,
    /// An anchored regular expression (`regex:`).
    Regex,
    /// Licence-plate namespaces of one environment (`env:`).
    Environment,
}

impl PatternKind {
    /// Every kind, in declaration order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::PatternKind::ALL[0], imagecurator::PatternKind::Exact);
    /// ```
    pub const ALL: &'static [PatternKind] =
        &[PatternKind::Exact, PatternKind::Glob, PatternKind::Regex, PatternKind::Environment];

    /// The prefix of the text form, without its colon: `exact`, `glob`, `regex` or `env`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::PatternKind::Regex.as_str(), "regex");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PatternKind::Exact => "exact",
            PatternKind::Glob => "glob",
            PatternKind::Regex => "regex",
            PatternKind::Environment => "env",
        }
    }
}

/// A built-in selector; its patterns are constants that a unit test parses.
pub(crate) fn selector(include: &[&str], exclude: &[&str]) -> NamespaceSelector {
    let parse = |list: &[&str]| list.iter().filter_map(|p| NamespacePattern::parse(p).ok()).collect();
    NamespaceSelector { include: parse(include), exclude: parse(exclude) }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for NamespacePattern {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NamespacePattern".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "A namespace pattern: a name or glob (`*` any run, `?` one character, anchored), or \
                            `exact:`, `glob:`, `regex:` (anchored) or `env:` (`env:prod`: licence-plate namespaces \
                            of that environment) before one.",
            "examples": ["*-prod", "bcgov", "env:prod", "regex:[a-f0-9]{6}-(dev|test)"]
        })
    }
}
