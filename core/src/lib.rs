//! # imagecurator
//!
//! Decisions about the container images a shared OpenShift or Kubernetes cluster runs, from data
//! the caller hands in: what an image reference names, what a tag says about its version, which
//! namespaces a rule covers, and which registries an allow-list admits.
//!
//! ```
//! use imagecurator::{Namespace, NamespacePattern, Reference, RegistryScope, Tag};
//!
//! // Image references, normalized as Docker normalizes them.
//! let image = Reference::parse("nginx:1.25-alpine")?;
//! assert_eq!(image.to_string(), "docker.io/library/nginx:1.25-alpine");
//!
//! // Tags read as versions, ordered by version within a variant line.
//! let tag = Tag::parse(image.tag().unwrap())?;
//! assert_eq!((tag.release(), tag.variant()), (&[1, 25][..], Some("alpine")));
//! assert_eq!(imagecurator::sort_tags(["1.10", "1.9", "latest"])?, ["1.9", "1.10", "latest"]);
//!
//! // Namespaces and the patterns that select them.
//! let ns = Namespace::parse("a1b2c3-prod")?;
//! assert_eq!(ns.plate(), Some("a1b2c3"));
//! assert!(NamespacePattern::glob("*-prod")?.matches(ns.as_str()));
//!
//! // Allow-lists matched on parsed parts, never on string prefixes.
//! let approved = RegistryScope::parse("registry.example.com/team")?;
//! assert!(!approved.allows(&Reference::parse("registry.example.com.evil.io/team/app")?));
//! # Ok::<(), imagecurator::Error>(())
//! ```
//!
//! # Scope
//! The crate does no I/O: it talks to no registry, cluster or network, and handles no
//! credentials. Callers fetch data (`oc get is -o json`, pod lists, scan reports) and pass it in.
//! Every fallible function returns [`Error`], whose [`ErrorCode`] is stable across the Rust,
//! Python and JavaScript bindings.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod audit;
mod bytes;
mod catalog;
mod curated;
mod error;
mod finding;
mod gates;
mod input;
mod namespace;
mod naming;
mod openshift;
mod packed;
mod pattern;
mod policy;
mod reference;
mod retention;
mod scope;
mod tag;
mod view;

pub use audit::{audit, AuditReport, Inventory, Summary};
pub use catalog::{plan_catalog, CatalogPlan, SamplesConfig, Template};
pub use curated::{
    check_curated, plan_propagation, CuratedAnnotations, CuratedImage, CuratedRules, ImageStatus, PropagationAction,
    PropagationPlan, PropagationStep,
};
pub use error::{Error, ErrorCode};
pub use finding::{Finding, Severity};
pub use gates::{check_gates, GateRules, OriginRule, ScanException, ScanReport, ScanRule};
pub use namespace::{Environment, Namespace};
pub use naming::{check_namespace, check_namespace_name, check_stream_name, check_tag};
pub use openshift::{images_in_use, template_pins, ImageStream, StreamTag, TagEvent, TemplatePin, Workload};
pub use packed::PackedName;
pub use pattern::{NamespacePattern, NamespaceSelector};
pub use policy::{CatalogMode, CatalogRules, NamingRules, Policy, PolicyConflict, TemplateRules, POLICY_VERSION};
pub use reference::{Digest, InternalImage, Reference, ReferenceLayout, INTERNAL_REGISTRY_DOMAINS};
pub use retention::{
    plan_retention, plan_retention_json, plan_retention_with, Action, GroupBy, PolicyOverride, Prereleases,
    ProtectedTags, Reason, RetentionContext, RetentionPlan, RetentionPolicy, RevisionDecision, TagDecision, Totals,
};
pub use scope::RegistryScope;
pub use semver;
pub use tag::{sort_tags, Tag, TagKind, TagLayout};
pub use view::{InternalView, NamespaceView, PackedNameView, ReferenceView, TagView};

/// The README's Rust tour, compiled and run as a doctest so it cannot go stale.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
