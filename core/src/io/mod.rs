//! Input: the JSON that `oc get ... -o json` and scanners print, read into typed values
//! (image streams, workloads, templates, the samples `Config`, Trivy reports) and gathered into
//! the [`Inventory`] the audit reads. Built on the names layer; knows nothing of the rules.

mod documents;
pub(crate) mod evidence;
mod inventory;
pub(crate) mod json;
mod openshift;
mod samples;
mod scans;
mod template;
#[cfg(feature = "yaml")]
mod yaml;

pub(crate) use documents::{is_keyed, reads_kind};
pub use evidence::{Evidence, ImageRef, ImageUse};
pub use inventory::Inventory;
pub use openshift::{images_in_use, template_pins, ImageStream, StreamTag, TagEvent, TemplatePin, Workload};
pub use samples::SamplesConfig;
pub(crate) use scans::digest_of;
pub use scans::{ScanFormat, ScanReport, VulnerabilitySeverity};
pub use template::Template;
#[cfg(feature = "yaml")]
pub use yaml::{to_yaml, yaml_documents};
