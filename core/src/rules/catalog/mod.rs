//! Catalog rules for a shared namespace such as `openshift`: the policy section (`policy`), and
//! the plan of what stays, what goes, what the Cluster Samples Operator must skip, and which
//! templates would break (`plan`).

mod plan;
mod policy;

pub use plan::{plan_catalog, CatalogPlan};
pub(crate) use policy::conflict_finding;
pub use policy::{CatalogMode, CatalogRules, PolicyConflict, TemplateRules};
