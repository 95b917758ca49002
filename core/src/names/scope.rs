//! Registry scopes for allow-lists, matched on parsed reference components.

use crate::error::{Error, ErrorCode, Shown};
use crate::names::{is_domain, path_problem, split_host_port, Reference};
use std::fmt;
use std::str::FromStr;

/// A registry (and optionally a repository prefix) that an allow-list admits.
///
/// Written `host[:port][/path/prefix]`, with an optional leading `*.` that admits every
/// subdomain of the host (but not the host itself). Matching is on the parsed [`Reference`]:
/// the host compares case-insensitively, the port must be the same (a scope without a port admits
/// only references without one), and the prefix matches whole path components only. A scope must
/// start with a registry host (a name with `.` or `:`, `localhost`, or a bracketed IPv6 address):
/// Docker Hub images are admitted by `docker.io` or `docker.io/library/nginx`, never by a bare
/// `nginx`, so that a scope says which registry it trusts.
///
/// # Example
/// ```
/// use imagecurator::{Reference, RegistryScope};
///
/// let scope = RegistryScope::parse("registry.example.com/team")?;
/// assert!(scope.allows(&Reference::parse("registry.example.com/team/app:1")?));
/// assert!(!scope.allows(&Reference::parse("registry.example.com.evil.io/team/app")?));
/// assert!(!scope.allows(&Reference::parse("registry.example.com/teamevil/app")?));
///
/// let hub = RegistryScope::parse("docker.io/library")?;
/// assert!(hub.allows(&Reference::parse("nginx:1.25")?));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RegistryScope {
    /// The scope as written, normalized (`index.docker.io` is `docker.io`, no trailing `/`).
    text: Box<str>,
    wildcard: bool,
    /// The host in lower case, without `*.` or port.
    host: Box<str>,
    port: Option<Box<str>>,
    /// The repository prefix, empty for the whole registry.
    prefix: Box<str>,
}

impl RegistryScope {
    /// Parses a scope.
    ///
    /// # Errors
    /// `invalid_scope` when the text is empty, does not start with a registry host, has an
    /// invalid host or port, or an invalid repository prefix.
    ///
    /// # Example
    /// ```
    /// use imagecurator::RegistryScope;
    ///
    /// assert!(RegistryScope::parse("*.example.com").is_ok());
    /// assert_eq!(RegistryScope::parse("nginx").unwrap_err().code().as_str(), "invalid_scope");
    /// ```
    pub fn parse(input: &str) -> Result<RegistryScope, Error> {
        let trimmed = input.strip_suffix('/').unwrap_or(input);
        let (domain, prefix) = trimmed.split_once('/').unwrap_or((trimmed, ""));
        let (wildcard, domain) = match domain.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, domain),
        };
        let domain = if domain.eq_ignore_ascii_case("index.docker.io") { "docker.io" } else { domain };
        let invalid = |rule: &str| {
            Err(Error::new(ErrorCode::InvalidScope, format!("registry scope `{input}` {rule}", input = Shown(input))))
        };
        if domain.is_empty() {
            return invalid("is empty; write a registry host such as `registry.example.com`");
        }
        if !is_domain(domain) {
            return invalid("has an invalid registry host or port");
        }
        if !(domain.contains(['.', ':']) || domain == "localhost") {
            return invalid("does not start with a registry host; Docker Hub images are matched by `docker.io/...`");
        }
        if !prefix.is_empty() && path_problem(prefix).is_some() {
            return invalid("has an invalid repository prefix; use lower-case path components");
        }
        let (host, port) = split_host_port(domain);
        let mut text = String::with_capacity(input.len());
        if wildcard {
            text.push_str("*.");
        }
        text.push_str(domain);
        if !prefix.is_empty() {
            text.push('/');
            text.push_str(prefix);
        }
        Ok(RegistryScope {
            text: text.into(),
            wildcard,
            host: host.to_ascii_lowercase().into(),
            port: port.map(Into::into),
            prefix: prefix.into(),
        })
    }

    /// Whether the scope admits a reference.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{Reference, RegistryScope};
    ///
    /// let scope = RegistryScope::parse("*.example.com:5000")?;
    /// assert!(scope.allows(&Reference::parse("eu.registry.example.com:5000/app")?));
    /// assert!(!scope.allows(&Reference::parse("eu.registry.example.com/app")?));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn allows(&self, reference: &Reference) -> bool {
        self.host_matches(reference.host())
            && split_host_port(reference.domain()).1 == self.port.as_deref()
            && self.prefix_matches(reference.path())
    }

    /// Parses `reference` and tells whether the scope admits it.
    ///
    /// # Errors
    /// Any error of [`Reference::parse`]: an invalid reference is never admitted silently.
    ///
    /// # Example
    /// ```
    /// let scope = imagecurator::RegistryScope::parse("registry.example.com")?;
    /// assert!(scope.allows_str("registry.example.com/a/b:1")?);
    /// assert!(scope.allows_str("registry.example.com@evil.io/x").is_err());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn allows_str(&self, reference: &str) -> Result<bool, Error> {
        Ok(self.allows(&Reference::parse(reference)?))
    }

    /// Whether the scope admits Docker Hub (`docker.io`, and so short names such as `nginx`).
    pub(crate) fn admits_docker_hub(&self) -> bool {
        self.port.is_none() && self.host_matches("docker.io")
    }

    /// Its parts: whether it is a `*.` wildcard, the host in lower case, the port, the prefix.
    pub(crate) fn parts(&self) -> (bool, &str, Option<&str>, &str) {
        (self.wildcard, &self.host, self.port.as_deref(), &self.prefix)
    }

    /// The host, in lower case, and the port: `registry.example.com:5000` (no `*.`).
    pub(crate) fn domain(&self) -> String {
        match &self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.to_string(),
        }
    }

    /// Whether a host (without port) is the scope's host or, for `*.`, one of its subdomains.
    pub(crate) fn host_matches(&self, host: &str) -> bool {
        if !self.wildcard {
            return host.eq_ignore_ascii_case(&self.host);
        }
        let (host, suffix) = (host.as_bytes(), self.host.as_bytes());
        host.len() > suffix.len() + 1
            && host[host.len() - suffix.len() - 1] == b'.'
            && host[host.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    }

    fn prefix_matches(&self, path: &str) -> bool {
        let prefix = &*self.prefix;
        prefix.is_empty() || path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The scope in its normalized written form.
    ///
    /// # Example
    /// ```
    /// let scope = imagecurator::RegistryScope::parse("index.docker.io/library/")?;
    /// assert_eq!(scope.as_str(), "docker.io/library");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for RegistryScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for RegistryScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegistryScope({:?})", &*self.text)
    }
}

impl FromStr for RegistryScope {
    type Err = Error;
    fn from_str(s: &str) -> Result<RegistryScope, Error> {
        RegistryScope::parse(s)
    }
}

impl serde::Serialize for RegistryScope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for RegistryScope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RegistryScope, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        RegistryScope::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RegistryScope {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RegistryScope".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "A registry scope: a registry host (with its port, if any), `*.` for its subdomains, \
                            optionally followed by a repository prefix that matches at `/` boundaries.",
            "examples": ["image-registry.openshift-image-registry.svc:5000", "artifacts.developer.gov.bc.ca/docker-remote", "*.example.com"]
        })
    }
}
