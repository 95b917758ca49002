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
//!
//! # Layout
//! The crate is built in layers, each in its own folder, and each imports only from the
//! layers below it:
//!
//! ```text
//!   audit.rs     one policy applied to one inventory: the AuditReport
//!      |
//!   policy.rs    the policy document: assembles the rule families' sections, checks the whole
//!      |
//!   rules/       one home per rule family: catalog, curated, gates, naming, retention; each
//!      |         owns its policy section, its checks and its findings (FindingCode)
//!   io/          reading what `oc get -o json` and Trivy print: ImageStream, Workload,
//!      |         Template, SamplesConfig, ScanReport, and the Inventory that gathers them
//!   names/       references, digests, tags, namespaces, patterns, registry scopes, Red Hat
//!                packed names: text parsed into validated values
//! ```
//!
//! `error.rs` (the one [`Error`] and its [`ErrorCode`]) sits under all of them. The
//! `bindings` module, hidden from these docs, holds what only the Python and WebAssembly
//! bindings need (batch layouts, plain views, readers over any deserializer); it calls the same
//! code as the public API and holds no rule of its own.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod audit;
mod bytes;
mod error;
mod export;
mod io;
mod names;
mod policy;
mod rules;

#[doc(hidden)]
pub mod bindings;

pub use audit::{audit, AuditReport, FamilyRun, RuleFamily, Summary};
pub use error::{Error, ErrorArea, ErrorCode};
pub use export::{export_admission, export_scan_gate, ExportTarget};
pub use io::{
    images_in_use, template_pins, Evidence, ImageRef, ImageStream, ImageUse, Inventory, SamplesConfig, ScanFormat,
    ScanReport, StreamTag, TagEvent, Template, TemplatePin, VulnerabilitySeverity, Workload,
};
#[cfg(feature = "yaml")]
pub use io::{to_yaml, yaml_documents};
pub use names::{
    sort_tags, Digest, Environment, InternalImage, Namespace, NamespacePattern, NamespaceSelector, PackedName,
    PatternKind, Reference, RegistryScope, Tag, TagKind, INTERNAL_REGISTRY_DOMAINS, PATTERN_MAX,
};
pub use policy::{Policy, POLICY_SCHEMA, POLICY_VERSION};
pub use rules::catalog::{plan_catalog, CatalogMode, CatalogPlan, CatalogRules, PolicyConflict, TemplateRules};
pub use rules::curated::{
    check_curated, plan_propagation, CuratedAnnotations, CuratedImage, CuratedRules, ImageStatus, PropagationAction,
    PropagationPlan, PropagationStep,
};
pub use rules::finding::{Finding, FindingCode, Severity};
pub use rules::gates::{check_gates, AdmissionAction, AdmissionRules, GateRules, OriginRule, ScanException, ScanRule};
pub use rules::naming::{check_namespace, check_namespace_name, check_stream_name, check_tag, NamingRules};
pub use rules::retention::{
    plan_retention, Action, DecisionRule, GroupBy, PolicyOverride, Prereleases, ProtectedTags, Reason,
    RetentionContext, RetentionPlan, RetentionPolicy, RevisionDecision, RevisionReason, TagDecision, Totals,
    Unversioned,
};
pub use rules::versions::versions_per_scheme;
pub use semver;

/// The README's Rust tour, compiled and run as a doctest so it cannot go stale.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
