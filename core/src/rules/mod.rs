//! The rules, one home per family: each module owns its section of the policy document (the
//! types, their defaults and their checks), the checks it runs over the input, and the
//! findings it reports. Built on the names and input layers; the policy and the audit
//! assemble them.
//!
//! - `catalog`: what a shared namespace such as `openshift` may hold, and the samples `Config`.
//! - `curated`: owners, champions, rebuilds and versions in curated namespaces such as `bcgov`.
//! - `gates`: what images in prod namespaces must pass: origin and scans.
//! - `naming`: image stream, tag and namespace names against the conventions.
//! - `retention`: which versions of each image stay.
//! - `versions`: how versions are counted, for retention and the curated check alike.

pub(crate) mod catalog;
pub(crate) mod curated;
pub(crate) mod finding;
pub(crate) mod gates;
pub(crate) mod naming;
pub(crate) mod retention;
pub(crate) mod versions;

use crate::error::Error;
use std::collections::BTreeSet;

/// Checks a policy list at `at`: every name valid (`problem` says why not) and listed once.
pub(crate) fn check_names(at: &str, names: &[String], problem: impl Fn(&str) -> Option<String>) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for (i, name) in names.iter().enumerate() {
        let path = format!("{at}[{i}]");
        if let Some(why) = problem(name) {
            return Err(Error::invalid_policy(&path, &why));
        }
        if !seen.insert(name.as_str()) {
            return Err(Error::invalid_policy(&path, &format!("`{name}` is listed twice")));
        }
    }
    Ok(())
}
