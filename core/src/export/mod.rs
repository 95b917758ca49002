//! The prod gates as admission policies: the policy document, which the audit applies after the
//! fact, also written as what the cluster enforces before the fact, with the same meaning.
//! Each target writes Kubernetes objects as JSON values, sorted and deterministic; what a
//! target cannot express is an error naming it, never a looser policy.

pub(crate) mod cel;
mod gatekeeper;
mod image_config;
mod kyverno;
mod scan_gate;
mod vap;

use crate::error::{Error, ErrorCode};
use crate::io::Inventory;
use crate::policy::{Policy, POLICY_VERSION};
use serde_json::Value;
use std::fmt;
use std::str::FromStr;

/// An admission system to write the gates for.
///
/// # Example
/// ```
/// use imagecurator::ExportTarget;
/// assert_eq!("vap".parse::<ExportTarget>()?, ExportTarget::Vap);
/// assert_eq!(ExportTarget::Vap.as_str(), "vap");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ExportTarget {
    /// A Kubernetes `ValidatingAdmissionPolicy` and its binding
    /// (`admissionregistration.k8s.io/v1`, stable since Kubernetes 1.30, OpenShift 4.17).
    Vap,
    /// A Gatekeeper `K8sAllowedReposv2` constraint (`constraints.gatekeeper.sh/v1beta1`), for
    /// the gatekeeper-library template of that name. It matches images by string prefix and
    /// Pods only, so it can be stricter than the library (short Docker Hub names, a host in
    /// another case) and cannot say `*.` subdomains, digest rules or namespace patterns other
    /// than names and globs with `*` at their ends: those are `not_exportable`.
    Gatekeeper,
    /// A Kyverno `ClusterPolicy` (`kyverno.io/v1`) running the same CEL as [`ExportTarget::Vap`]
    /// under `validate.cel`, with every workload kind named (autogen off). Kyverno has no
    /// warn-only action: `Warn` is `Audit` with `emitWarning`.
    Kyverno,
    /// The OpenShift cluster image configuration (`config.openshift.io/v1` `Image` `cluster`):
    /// a cluster-wide floor, `registrySources.allowedRegistries`, of the gates' approved
    /// registries and the platform's own (`gates.admission.platform_registries`), and the
    /// hosts among them as `allowedRegistriesForImport`. It is a floor for every namespace,
    /// not the gates: export `vap` or `kyverno` for those.
    ImageConfig,
}

impl ExportTarget {
    /// Every target.
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::ExportTarget::ALL.contains(&imagecurator::ExportTarget::Vap));
    /// ```
    pub const ALL: &'static [ExportTarget] =
        &[ExportTarget::Vap, ExportTarget::Kyverno, ExportTarget::Gatekeeper, ExportTarget::ImageConfig];

    /// The target's name, as the command takes it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::ExportTarget::Vap.as_str(), "vap");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ExportTarget::Vap => "vap",
            ExportTarget::Gatekeeper => "gatekeeper",
            ExportTarget::Kyverno => "kyverno",
            ExportTarget::ImageConfig => "image-config",
        }
    }
}

impl fmt::Display for ExportTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for ExportTarget {
    type Err = Error;
    fn from_str(text: &str) -> Result<ExportTarget, Error> {
        ExportTarget::ALL.iter().copied().find(|t| t.as_str() == text).ok_or_else(|| {
            let names: Vec<&str> = ExportTarget::ALL.iter().map(|t| t.as_str()).collect();
            let shown = crate::error::Shown(text);
            Error::new(ErrorCode::InvalidInput, format!("`{shown}` is not an export target ({})", names.join(", ")))
        })
    }
}

/// Writes the policy's prod gates (`gates`) for an admission system: which namespaces are
/// gated (`gates.namespaces`), where their images may come from (`gates.origin.allowed`, as
/// [`crate::RegistryScope::allows`] reads a reference, invalid references refused), whether
/// they must be pinned by digest (`gates.origin.require_digest`) and name their registry
/// (`gates.origin.require_registry`), and what a refusal does
/// (`gates.admission.actions`). Every container list of Pods and of the pod templates of
/// every workload kind is checked, on create and update, ephemeral containers added through
/// `pods/ephemeralcontainers` too. Each object carries the policy version it came from.
///
/// The admission policy sees only the reference a pod names: an image the audit traces
/// through the internal registry to an allowed origin is refused at admission unless the
/// internal registry is among the allowed scopes.
///
/// # Errors
/// `invalid_policy` when the policy fails [`Policy::check`]; `not_exportable` when the gates
/// enforce nothing (no allowed registries, no digest or registry rule), select no namespace, or ask
/// for what the target cannot say (see [`ExportTarget`]), naming the policy path.
///
/// # Example
/// ```
/// use imagecurator::{export_admission, ExportTarget, Policy};
/// let policy = Policy::from_json(&serde_json::json!({"gates": {"origin": {"allowed": ["artifacts.example.com/team"]}}}))?;
/// let objects = export_admission(&policy, ExportTarget::Vap)?;
/// let kinds: Vec<&str> = objects.iter().map(|o| o["kind"].as_str().unwrap()).collect();
/// assert_eq!(kinds, ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn export_admission(policy: &Policy, target: ExportTarget) -> Result<Vec<Value>, Error> {
    policy.check()?;
    let gates = &policy.gates;
    let origin = &gates.origin;
    if origin.allowed.is_empty() && !origin.require_digest && !origin.require_registry {
        return Err(not_exportable(
            "gates.origin",
            "the gates enforce nothing at admission: list the approved registries in `allowed`, or set \
             `require_digest` or `require_registry`",
        ));
    }
    if gates.namespaces.include.is_empty() {
        return Err(not_exportable("gates.namespaces.include", "selects no namespace, so nothing would be gated"));
    }
    let mut objects = match target {
        ExportTarget::Vap => vap::objects(gates),
        ExportTarget::Gatekeeper => gatekeeper::objects(gates)?,
        ExportTarget::Kyverno => kyverno::objects(gates),
        ExportTarget::ImageConfig => image_config::objects(gates)?,
    };
    if gates.admission.require_scan_passed && target != ExportTarget::ImageConfig {
        // The scan rule needs an audit's data, so it is written apart; say so where it is missed.
        objects[0]["metadata"]["annotations"]["imagecurator.io/warning"] = serde_json::json!(
            "This export does not hold the scan rule (gates.admission.require_scan_passed): write it from each \
             audit's data with `imagecurator policy scan-gate` (export_scan_gate) and apply it too."
        );
    }
    Ok(objects)
}

/// Writes the gates' scan rule (`gates.admission.require_scan_passed`) for the API server, from
/// an audit's data: a `ConfigMap` (`imagecurator-scan-passed`, in
/// `gates.admission.params_namespace`) of the digests whose scan report passes the scan gate
/// (thresholds, exceptions, report age, as the audit judges them), a
/// `ValidatingAdmissionPolicy` that admits in the gated namespaces only images pinned to one of
/// them, and its binding, which names the gated namespaces the data holds and refuses when the
/// `ConfigMap` is missing. Apply the three in this order, after each audit.
///
/// Bound to the namespaces seen, the rule fails closed where the gate applies if the list is
/// gone, and touches nothing else; a gated namespace made after the export is not bound until
/// the next one. Objects that need a word before applying carry it in the annotation
/// `imagecurator.io/warning`.
///
/// # Errors
/// `invalid_policy` when the policy fails [`Policy::check`]; `not_exportable` when
/// `require_scan_passed` is off, or no namespace of the data is gated.
///
/// # Example
/// ```
/// use imagecurator::{export_scan_gate, Inventory, Policy};
/// let policy = Policy::from_json(&serde_json::json!({"gates": {"admission": {"require_scan_passed": true}}}))?;
/// let inventory = Inventory::from_json(&serde_json::json!({"namespaces": ["a1b2c3-prod", "a1b2c3-dev"]}))?;
/// let objects = export_scan_gate(&policy, &inventory)?;
/// assert_eq!(objects[0]["kind"], "ConfigMap");
/// let selector = &objects[2]["spec"]["matchResources"]["namespaceSelector"]["matchExpressions"][0];
/// assert_eq!(selector["values"], serde_json::json!(["a1b2c3-prod"]));
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn export_scan_gate(policy: &Policy, inventory: &Inventory) -> Result<Vec<Value>, Error> {
    policy.check()?;
    scan_gate::objects(policy, inventory)
}

fn not_exportable(path: &str, message: &str) -> Error {
    Error::in_document(ErrorCode::NotExportable, path, format!("policy cannot be exported: {message}"))
}

/// The annotations every exported object carries.
fn annotations() -> Value {
    serde_json::json!({
        "imagecurator.io/policy-version": POLICY_VERSION.to_string(),
        "imagecurator.io/generated-by": concat!("imagecurator ", env!("CARGO_PKG_VERSION")),
    })
}
