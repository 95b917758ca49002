//! Retention: keep at most N versions of each image, ordered by version (never by push time),
//! counting images (digests) rather than tags, never pruning what is in use, pinned or
//! protected, and saying why for every tag.
//!
//! `policy` is the section of the policy document, `plan` what a plan says, `planner` how it
//! is made, and `json` the entry points the bindings call with JSON-shaped input.

mod json;
mod plan;
mod planner;
mod policy;

pub use json::{plan_retention_json, plan_retention_with};
pub(crate) use plan::{short, Why};
pub use plan::{
    Action, DecisionRule, Reason, RetentionContext, RetentionPlan, RevisionDecision, RevisionReason, TagDecision,
    Totals,
};
pub use planner::plan_retention;
pub(crate) use planner::plan_retention_of;
pub use policy::{GroupBy, PolicyOverride, Prereleases, ProtectedTags, RetentionPolicy, Unversioned};
