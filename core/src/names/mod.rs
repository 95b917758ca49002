//! Names: what an image reference, a digest, a tag, a namespace, a namespace pattern, a
//! registry scope and a Red Hat style packed name are, each parsed once into a validated value.
//! The bottom layer: it reads text and knows nothing of clusters or policies.

mod glob;
mod namespace;
mod pattern;
mod redhat;
mod reference;
mod scope;
mod tag;

pub(crate) use namespace::{is_label, plate_environment};
pub use namespace::{Environment, Namespace};
pub(crate) use pattern::selector;
pub use pattern::{NamespacePattern, NamespaceSelector, PatternKind, PATTERN_MAX};
pub use redhat::PackedName;
pub(crate) use reference::{check_tag as check_docker_tag, is_domain, path_problem, split_host_port, PathProblem};
pub use reference::{Digest, InternalImage, Reference, ReferenceLayout, INTERNAL_REGISTRY_DOMAINS};
pub use scope::RegistryScope;
pub use tag::{sort_tags, Tag, TagKind, TagLayout};
pub(crate) use tag::{sorted_order, SchemeKey};
