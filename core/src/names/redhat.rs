//! Red Hat style names that carry a packed version: `postgresql-96`, `jboss-eap74-openjdk11-openshift`.

use crate::error::{Error, ErrorCode, Shown};
use crate::names::{path_problem, PathProblem};

/// A Red Hat style image name split into its base name and packed version digits.
///
/// Red Hat writes a product version into the image name with the dots removed:
/// `postgresql-96` is PostgreSQL 9.6, `jboss-eap74-openjdk11-openshift` is EAP 7.4. Only the
/// last path component is read (`rhel8/postgresql-96` reads `postgresql-96`). The packed version
/// is the first `-`-separated part that is all digits (`patroni-postgres-96`); failing that, the
/// digits that end the first part that ends in digits (`eap74`). What follows is kept as the
/// rest (`openjdk11-openshift`).
///
/// The digits are kept as written, not split into major and minor: `postgresql-10` is version 10
/// while `ruby-30` is 3.0, and nothing in the name tells the two apart. A caller who knows the
/// product splits them; this library compares packed versions only as equal or different.
///
/// # Example
/// ```
/// use imagecurator::PackedName;
///
/// let p = PackedName::parse("rhel8/postgresql-96")?.unwrap();
/// assert_eq!((p.base(), p.digits(), p.rest()), ("postgresql", "96", None));
/// let p = PackedName::parse("jboss-eap74-openjdk11-openshift")?.unwrap();
/// assert_eq!((p.base(), p.digits(), p.rest()), ("jboss-eap", "74", Some("openjdk11-openshift")));
/// assert!(PackedName::parse("nginx")?.is_none());
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PackedName {
    name: Box<str>,
    base_end: usize,
    digits: (usize, usize),
}

impl PackedName {
    /// Splits a name; `Ok(None)` when it carries no packed version.
    ///
    /// # Errors
    /// `invalid_image_name` when the text is not a valid repository path (lower-case components
    /// joined by `.`, `_`, `__` or `-`, separated by `/`).
    ///
    /// # Example
    /// ```
    /// let p = imagecurator::PackedName::parse("patroni-postgres-96")?.unwrap();
    /// assert_eq!(p.base(), "patroni-postgres");
    /// assert!(imagecurator::PackedName::parse("Postgres_96").is_err());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn parse(input: &str) -> Result<Option<PackedName>, Error> {
        if let Some(problem) = path_problem(input) {
            let (at, what) = match problem {
                PathProblem::Uppercase(at) => (at, "must be lower-case"),
                PathProblem::Invalid(at) => {
                    (at, "must be lower-case letters and digits joined by `.`, `_`, `__` or `-`")
                }
            };
            return Err(Error::at(
                ErrorCode::InvalidImageName,
                at.min(input.len()),
                format!("image name `{input}` {what}", input = Shown(input)),
            ));
        }
        let last = input.rfind('/').map_or(0, |i| i + 1);
        let name = &input[last..];
        let parts = || {
            name.split('-').scan(0, |start, part| {
                let at = *start;
                *start += part.len() + 1;
                Some((at, part))
            })
        };
        let all_digits = parts().skip(1).find(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()));
        let found = all_digits.map(|(at, p)| (at, at + p.len())).or_else(|| {
            parts().find_map(|(at, p)| {
                let letters = p.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                (letters > 0 && letters < p.len()).then_some((at + letters, at + p.len()))
            })
        });
        Ok(found.map(|(start, end)| {
            let base_end = if name.as_bytes().get(start.wrapping_sub(1)) == Some(&b'-') { start - 1 } else { start };
            PackedName { name: name.into(), base_end, digits: (start, end) }
        }))
    }

    /// The name without its packed version: `postgresql` of `postgresql-96`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::PackedName::parse("python-38")?.unwrap().base(), "python");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn base(&self) -> &str {
        &self.name[..self.base_end]
    }

    /// The packed version digits as written: `96`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::PackedName::parse("mysql-80")?.unwrap().digits(), "80");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn digits(&self) -> &str {
        &self.name[self.digits.0..self.digits.1]
    }

    /// What follows the packed version, without the joining `-`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::PackedName::parse("openjdk-11-rhel7")?.unwrap().rest(), Some("rhel7"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn rest(&self) -> Option<&str> {
        self.name.get(self.digits.1 + 1..).filter(|r| !r.is_empty())
    }

    /// The last path component that was read.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::PackedName::parse("rhel8/postgresql-96")?.unwrap().name(), "postgresql-96");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }
}
