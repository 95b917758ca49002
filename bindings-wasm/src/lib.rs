//! The WebAssembly module behind the `imagecurator` npm package: conversion only, every rule
//! lives in the core crate. Values cross as plain JavaScript objects with snake_case keys (the
//! same shapes as the conformance files); errors are thrown as `Error` objects with `name`,
//! `code` and `offset`.

mod batch_tables;
mod convert;
mod namespaces;
mod policy;
mod references;
mod retention;
mod tags;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Every error code; stable across Rust, Python and JavaScript. */
export type ErrorCode =
  | "empty_reference"
  | "invalid_reference_format"
  | "uppercase_repository"
  | "name_too_long"
  | "invalid_tag"
  | "invalid_digest"
  | "unsupported_digest_algorithm"
  | "empty_namespace"
  | "namespace_too_long"
  | "namespace_invalid_character"
  | "namespace_invalid_start"
  | "namespace_invalid_end"
  | "invalid_pattern"
  | "invalid_regex"
  | "regex_too_large"
  | "invalid_scope"
  | "invalid_image_name"
  | "invalid_input"
  | "invalid_policy"
  | "not_exportable";

/** Every finding code, `family.snake_case`; stable across Rust, Python and JavaScript. */
export type FindingCode =
  | "catalog.not_approved"
  | "catalog.not_scheduled"
  | "catalog.release_payload"
  | "catalog.required_missing"
  | "catalog.required_removed"
  | "catalog.stale_name"
  | "catalog.template_broken"
  | "catalog.template_removed"
  | "catalog.unskipped"
  | "curated.bad_annotation"
  | "curated.build_in_future"
  | "curated.champion_missing"
  | "curated.deprecated_past_date"
  | "curated.never_built"
  | "curated.owner_missing"
  | "curated.rebuild_overdue"
  | "curated.removed_present"
  | "curated.stale_entry"
  | "curated.too_many_versions"
  | "gate.digest_required"
  | "gate.exception_expired"
  | "gate.origin_not_approved"
  | "gate.origin_untraceable"
  | "gate.registry_required"
  | "gate.scan_threshold"
  | "gate.scan_unknown"
  | "naming.namespace_invalid"
  | "naming.namespace_not_plate"
  | "naming.stream_invalid"
  | "naming.stream_style"
  | "naming.tag_invalid"
  | "naming.tag_unversioned";

/** What every function throws (and what batch functions return in place of a failed item). */
export interface ImageCuratorError extends Error {
  name: "InvalidReference" | "InvalidTag" | "InvalidNamespace" | "InvalidPattern" | "InvalidScope" | "InvalidInput" | "InvalidPolicy";
  code: ErrorCode;
  /** Byte offset of the problem in the input, where one is known. */
  offset: number | null;
  /** Where in a document (a policy or an inventory) the problem is: `catalog.openshift.remove[3]`. */
  path: string | null;
}

/** A parsed, normalized image reference. */
export interface ReferenceInfo {
  canonical: string;
  name: string;
  domain: string;
  host: string;
  port: number | null;
  path: string;
  tag: string | null;
  digest: string | null;
  familiar: string;
  familiar_name: string;
  internal: { namespace: string; stream: string } | null;
}

export type TagKind = "semver" | "loose" | "variant" | "floating" | "build_id" | "unparseable";

/** An image tag read as a version. */
export interface TagInfo {
  tag: string;
  kind: TagKind;
  release: number[];
  v_prefix: boolean;
  prerelease: string | null;
  revision: string | null;
  qualifier: string | null;
  variant: string | null;
  build: string | null;
  /** The shape the version is written in (`N.N.N`, `vN.N-ubi8`, `YYYYMMDD`); null for tags that are not versions. Versions compare only within one scheme. */
  scheme: string | null;
}

/** A namespace name, with its licence plate when it has one. */
export interface NamespaceInfo {
  name: string;
  plate: string | null;
  environment: "tools" | "dev" | "test" | "prod" | null;
}

/**
 * One result of `parseReferences`: the fields of `ReferenceInfo`, read-only and read on demand
 * from the batch's result tables. `toJSON()` (which `JSON.stringify` calls) gives the plain
 * object, equal to what `parseReference` returns; spread (`{...view}`) and `Object.keys` see no
 * fields, as with any object whose fields are getters.
 */
export interface ReferenceView extends Readonly<ReferenceInfo> {
  toJSON(): ReferenceInfo;
}

/** One result of `parseTags`; see `ReferenceView`. */
export interface TagView extends Readonly<TagInfo> {
  toJSON(): TagInfo;
}

/** One result of `parseNamespaces`; see `ReferenceView`. */
export interface NamespaceView extends Readonly<NamespaceInfo> {
  toJSON(): NamespaceInfo;
}

/** A retention policy; every field is optional and defaults to the strategy's. */
export interface RetentionPolicy {
  keep?: number;
  group_by?: "image" | "line" | "major" | "major_minor";
  prereleases?: "count" | "prune_released" | { keep_newest: number };
  protect?: { floating?: boolean; include?: string[]; exclude?: string[] };
  /** Build and commit ids (no version): ranked by their images' creation time (the default), or all kept. */
  unversioned?: "by_time" | "keep";
  min_age_minutes?: number;
  keep_tag_revisions?: number;
  overrides?: Array<{
    namespaces: string;
    keep?: number;
    group_by?: "image" | "line" | "major" | "major_minor";
    prereleases?: "count" | "prune_released" | { keep_newest: number };
  }>;
}

export type RetentionReason =
  | "in_use" | "pinned_by_template" | "protected_pattern" | "too_young" | "not_imported" | "not_a_version"
  | "within_newest_n" | "newest_of_line" | "alias_of_kept" | "within_newest_prereleases"
  | "beyond_newest_n" | "beyond_newest_prereleases" | "superseded_by_release" | "no_evidence" | "no_time";

/** The decision for one tag. */
export interface TagDecision {
  namespace: string | null;
  stream: string;
  tag: string;
  /** The tag's scheme (`N.N.N`, `YYYYMMDD`): its version was ranked among tags of the same scheme. */
  scheme: string | null;
  image: string | null;
  action: "keep" | "prune";
  reason: RetentionReason;
  rule: "protection" | "version_count" | "safety_floor" | "alias";
  /** Who uses the tag's image, when the reason is `in_use`: `cronjob/a1b2c3-prod/nightly (container backup)`. */
  used_by: string | null;
  message: string;
}

/** A decision for every tag, totals, and the `oc tag -d` commands that carry it out. */
export interface RetentionPlan {
  decisions: TagDecision[];
  totals: { streams: number; tags: number; kept: number; pruned: number; by_reason: Partial<Record<RetentionReason, number>> };
  commands: string[];
  /** Older images in tag histories past `keep_tag_revisions`. */
  revisions: Array<{ namespace: string | null; stream: string; tag: string; image: string; position: number; reason: "beyond_tag_revisions"; message: string }>;
  /** What a reader must know about the plan as a whole, such as that it had no evidence of what runs. */
  notes: string[];
  /** The time of planning used (RFC 3339, UTC), or null when none was given. */
  now: string | null;
}

/** Rules for one shared catalog namespace such as `openshift`. */
export interface CatalogRules {
  mode: "allow_list" | "deny_list";
  required: string[];
  approved: string[];
  remove: string[];
  scheduled_import: boolean;
  keep_release_payload: boolean;
  templates: { remove: string[]; remove_broken: boolean };
}

/** A namespace selector: include and exclude patterns. */
export interface Selector {
  include: string[];
  exclude: string[];
}

/**
 * A policy document as a team writes it: any part of any section, at any depth
 * (`{ gates: { origin: { allowed: ["artifacts.example.com"] } } }`); the rest takes the defaults.
 */
export type PolicyDocument = DeepPartial<Policy>;

/** `T` with every property optional, all the way down. */
export type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A statement of the policy that another overrides: the requirement wins, the audit reports it. */
export interface PolicyConflict {
  /** The statement that loses, as a document path: `catalog.openshift.remove[1]`. */
  path: string;
  /** What it is about: `imagestream/openshift/cli`. */
  subject: string;
  message: string;
}

/** What `exportAdmission` writes for: a ValidatingAdmissionPolicy and its binding, a Kyverno
 * ClusterPolicy, a Gatekeeper K8sAllowedReposv2 constraint, or OpenShift's Image config. */
export type ExportTarget = "vap" | "kyverno" | "gatekeeper" | "image-config";

/** A Kubernetes object an export writes (`exportAdmission`), ready for `kubectl apply`. */
export interface AdmissionObject {
  apiVersion: string;
  kind: string;
  /** `annotations` name the policy version and the library that wrote it, and carry any
   * warning about applying it (`imagecurator.io/warning`). */
  metadata: { name: string; namespace?: string; annotations: Record<string, string> };
  /** Every object but a ConfigMap has one. */
  spec?: Record<string, unknown>;
  /** A ConfigMap's entries (the scan gate's digests). */
  data?: Record<string, string>;
}

/** The policy document; `checkPolicy` fills every default in. */
export interface Policy {
  version: 1;
  catalog: Record<string, CatalogRules>;
  retention: RetentionPolicy;
  naming: { plates: Selector; versioned_tags: Selector };
  curated: CuratedRules;
  gates: GateRules;
}

/** What images in prod namespaces must pass. */
export interface GateRules {
  /** Gated namespaces; `*-prod` by default. */
  namespaces: Selector;
  /** Registry scopes images must come from (empty: off), and whether pods must use digests. */
  origin: { allowed: string[]; require_digest: boolean; require_registry: boolean };
  scan: {
    /** Most vulnerabilities allowed per severity; by default critical 0 and high 0. */
    max: Partial<Record<"critical" | "high" | "medium" | "low" | "unknown", number>>;
    ignore_unfixed: boolean;
    exceptions: Array<{ id: string; expires: string; reason?: string }>;
    max_report_age_days: number;
    /** Whether an image with no usable scan report is blocked (else warned about). */
    unknown_blocks: boolean;
    /** Whether a report with no creation time (legacy Trivy, roxctl -o json) counts as current; by default its scan is unknown. */
    trust_undated_reports: boolean;
  };
  /** How the gates are enforced once exported (`exportAdmission`): the binding's actions
   * (never Deny with Warn), and the registries the platform itself pulls from, which the
   * `image-config` export allows cluster-wide beside the gates' ones; whether only digests whose
   * scan passed are admitted (`exportScanGate`), and the namespace of that list's ConfigMap. */
  admission: {
    actions: Array<"Deny" | "Warn" | "Audit">;
    platform_registries: string[];
    require_scan_passed: boolean;
    params_namespace: string;
  };
}

/** Where a curated image is in its life. */
export type ImageStatus = "active" | "removed" | { deprecated: string };

/** One curated image; what it leaves out is read from the stream's annotations. */
export interface CuratedImage {
  name: string;
  owner?: string;
  champion?: string;
  community?: boolean;
  rebuild_interval_days?: number;
  /** RFC 3339. */
  last_build?: string;
  status?: ImageStatus;
}

/** The curated-namespace rules (`bcgov`). */
export interface CuratedRules {
  namespaces: Selector;
  /** The annotation keys that describe an image on its stream. */
  annotations: {
    owner: string; champion: string; community: string; rebuild_interval_days: string;
    last_build: string; status: string; deprecated_on: string;
  };
  rebuild_interval_days: number;
  grace_days: number;
  max_versions: number;
  images: CuratedImage[];
  /** The source cluster's registry route, for propagation commands. */
  source_registry?: string;
}

/** One step of bringing another cluster's curated images in line with this one's. */
export interface PropagationStep {
  cluster: string;
  namespace: string;
  stream: string;
  tag: string;
  action: "add" | "update" | "extra";
  source_image: string | null;
  target_image: string | null;
  source_reference: string | null;
}

/**
 * A Kubernetes object or List as `oc get -o json` prints it (any mix of kinds), the samples
 * operator `Config`, or a scan report: each object goes where its kind belongs.
 */
export type ClusterDocument = { kind?: string; apiVersion?: string; items?: object[]; [key: string]: unknown };

/**
 * What the audit reads: a keyed inventory, documents as `oc get -o json` prints them, or an
 * array mixing both. The same object given twice is read once; two different objects under one
 * kind, namespace and name are an error.
 */
/** Objects, or JSON text as `oc get -o json` writes it (several documents one after another allowed). */
export type InventoryInput = Inventory | ClusterDocument | Array<Inventory | ClusterDocument> | string;

/** What a cluster holds, by key; every key is optional. */
export interface Inventory {
  /** `oc get is -o json` output (ImageStream, ImageStreamList or List), or an array of them. */
  imagestreams?: object | object[];
  /** `oc get templates -o json` output, or an array of them. */
  templates?: object | object[];
  /** A PodList, an array of them, or image references. */
  pods?: object | object[] | string[];
  /**
   * What else runs or builds images: any mix of Pods, ReplicationControllers, ReplicaSets,
   * Deployments, DeploymentConfigs, StatefulSets, DaemonSets, Jobs, CronJobs, BuildConfigs and
   * Builds, as `oc get ... -o json` prints them. With neither `pods` nor `workloads`, retention
   * has no evidence of what runs and prunes nothing.
   */
  workloads?: object | object[];
  /** Scan reports (Trivy current or legacy, ACS image object or roxctl -o json, Grype), bare or as `{ image, report }` to bind one to an image digest. */
  scans?: Array<object | object[] | { image: string; report: object | object[] }>;
  /** The current `samples.operator.openshift.io/v1` `Config`. */
  samples_config?: object;
  /** Names, as written or as `oc get ns -o name` prints them, or what `oc get ns -o json` prints. */
  namespaces?: string[] | string | object;
  /** RFC 3339, the time of the audit; without it no rule that needs the time applies. */
  now?: string;
  /** Other clusters' curated image streams, by cluster name, for the propagation plan. */
  peers?: Record<string, object | object[]>;
}

/** One problem an audit or a naming check reports. */
export interface Finding {
  /** Stable code, `family.snake_case`: `catalog.not_approved`. */
  code: FindingCode;
  severity: "info" | "warning" | "error";
  /** `kind/namespace/name`: `imagestream/openshift/php`. */
  subject: string;
  message: string;
  remediation: string;
  /** A corrected value, where one can be derived. */
  suggestion?: string;
}

/** The samples operator `Config` that carries out a catalog plan. */
export interface SamplesConfig {
  apiVersion: "samples.operator.openshift.io/v1";
  kind: "Config";
  metadata: { name: "cluster" };
  spec: { skippedImagestreams: string[]; skippedTemplates: string[]; [other: string]: unknown };
}

/** What the catalog rules make of one namespace. */
export interface CatalogPlan {
  namespace: string;
  kept_streams: string[];
  removed_streams: string[];
  removed_templates: string[];
  samples_config: SamplesConfig;
  commands: string[];
  /** Empty in an audit report: the audit lists them with the rest. */
  findings: Finding[];
}

/** Whether one rule family ran in an audit: one whose input is absent says so, and nothing else. */
export interface FamilyRun {
  family: "catalog" | "naming" | "curated" | "gates" | "retention" | "propagation";
  /** The namespace it ran for, for a family that runs per namespace (catalog). */
  namespace: string | null;
  evaluated: boolean;
  objects: number;
  not_evaluated_because: string | null;
}

/** One audit: findings (errors first), catalog plans and the retention plan. */
export interface AuditReport {
  policy_version: number;
  /** The time of the audit used (RFC 3339, UTC), or null: then no rule that needs the time applied. */
  now: string | null;
  /** Which rule families ran, on how many objects, and why any did not. */
  families: FamilyRun[];
  /** Objects read and not used, by kind: kinds the audit does not read (Services, Routes), objects under a key that does not take them, and scan reports about no known image (`ScanReport`). */
  unused_input: Record<string, number>;
  /** Objects given more than once with the same contents, read once, by kind. */
  repeated_input: Record<string, number>;
  /** Objects of kinds that hold no images (Services, ...) read among the workloads, by kind. */
  ignored_kinds: Record<string, number>;
  summary: { errors: number; warnings: number; infos: number };
  findings: Finding[];
  catalog: CatalogPlan[];
  retention: RetentionPlan;
  propagation: { steps: PropagationStep[]; commands: string[] };
  /** Every command of the plans, in an order safe to run: propagation, the samples Config patch, the catalog's deletions, retention's untagging. */
  commands: string[];
}

/** A Red Hat style name split into base name and packed version digits. */
export interface PackedNameInfo {
  name: string;
  base: string;
  digits: string;
  rest: string | null;
}
"#;

#[wasm_bindgen(start)]
fn start() {
    // A panic would otherwise abort with an unreadable `unreachable`; the core is written not to
    // panic, and this makes any bug visible in the console instead.
    console_error_panic_hook::set_once();
}

/// Every error code, in the order the core declares them.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<String> {
    imagecurator::ErrorCode::ALL.iter().map(|c| c.as_str().to_owned()).collect()
}

/// The `name` of the error thrown for each error area, in the order the core declares them.
#[wasm_bindgen(js_name = errorClasses, unchecked_return_type = "ImageCuratorError[\"name\"][]")]
pub fn error_classes() -> Vec<String> {
    imagecurator::ErrorArea::ALL.iter().map(|a| a.class_name().to_owned()).collect()
}

/// Every finding code, in the order the core declares them.
#[wasm_bindgen(js_name = findingCodes, unchecked_return_type = "FindingCode[]")]
pub fn finding_codes() -> Vec<String> {
    imagecurator::FindingCode::ALL.iter().map(|c| c.as_str().to_owned()).collect()
}
