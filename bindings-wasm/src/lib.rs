//! The WebAssembly module behind the `imagecurator` npm package: conversion only, every rule
//! lives in the core crate. Values cross as plain JavaScript objects with snake_case keys (the
//! same shapes as the conformance files); errors are thrown as `Error` objects with `name`,
//! `code` and `offset`.

mod convert;
mod namespaces;
mod packed;
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
  | "invalid_policy";

/** What every function throws (and what batch functions return in place of a failed item). */
export interface ImageCuratorError extends Error {
  name: "InvalidReference" | "InvalidTag" | "InvalidNamespace" | "InvalidPattern" | "InvalidScope" | "InvalidInput" | "InvalidPolicy";
  code: ErrorCode;
  /** Byte offset of the problem in the input, where one is known. */
  offset: number | null;
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
}

/** A namespace name, with its licence plate when it has one. */
export interface NamespaceInfo {
  name: string;
  plate: string | null;
  environment: "tools" | "dev" | "test" | "prod" | null;
}

/** A retention policy; every field is optional and defaults to the strategy's. */
export interface RetentionPolicy {
  keep?: number;
  group_by?: "image" | "line" | "major" | "major_minor";
  prereleases?: "count" | "prune_released" | { keep_newest: number };
  protect?: { floating?: boolean; include?: string[]; exclude?: string[] };
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
  | "in-use" | "pinned-by-template" | "protected-pattern" | "too-young" | "not-imported" | "not-a-version"
  | "within-newest-n" | "newest-of-line" | "alias-of-kept" | "within-newest-prereleases"
  | "beyond-newest-n" | "beyond-newest-prereleases" | "superseded-by-release";

/** The decision for one tag. */
export interface TagDecision {
  namespace: string | null;
  stream: string;
  tag: string;
  image: string | null;
  action: "keep" | "prune";
  reason: RetentionReason;
  rule: "protection" | "version-count" | "safety-floor" | "alias";
  message: string;
}

/** A decision for every tag, totals, and the `oc tag -d` commands that carry it out. */
export interface RetentionPlan {
  decisions: TagDecision[];
  totals: { streams: number; tags: number; kept: number; pruned: number; by_reason: Partial<Record<RetentionReason, number>> };
  commands: string[];
  /** Older images in tag histories past `keep_tag_revisions`. */
  revisions: Array<{ namespace: string | null; stream: string; tag: string; image: string; position: number; reason: "beyond-tag-revisions"; message: string }>;
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
