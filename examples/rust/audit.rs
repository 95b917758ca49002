//! The main job: audit a cluster's image data against the image-management policy.
//!
//!     cargo run -q --example audit                       # the bundled example cluster, the strategy
//!     cargo run -q --example audit -- --policy ours.json inventory.json
//!     cargo run -q --example audit -- --json > report.json
//!     cargo run -q --example audit -- --strict inventory.json   # exit 1 on error findings, for CI
//!
//! Each file (or `-`, standard input) holds what `oc get ... -o json` prints, one document or
//! several one after another, or a keyed inventory document (`imagestreams`, `templates`,
//! `workloads`, `pods`, `scans`, `samples_config`, `namespaces`, `now`, `peers`); any mix of
//! the two. Each object goes where its kind belongs. With none, the bundled
//! `examples/inventory/cluster.json` is used: OCP 4.6's `openshift` namespace before curation,
//! from the real fixtures, plus example curated and team namespaces.
//!
//!     oc get is,templates,pods,rc,rs,deploy,dc,sts,ds,jobs,cronjobs,bc,builds -A -o json > cluster.json
//!     cargo run -q --example audit -- --now "$(date -u +%FT%TZ)" cluster.json

use imagecurator::{audit, Inventory, Policy};
use serde_json::Value;
use std::process::ExitCode;

const BUNDLED: &str = include_str!("../inventory/cluster.json");

struct Options {
    policy: Option<String>,
    json: bool,
    strict: bool,
    now: Option<String>,
    inventories: Vec<String>,
}

fn options() -> Result<Options, String> {
    let mut out = Options { policy: None, json: false, strict: false, now: None, inventories: Vec::new() };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--policy" => out.policy = Some(args.next().ok_or("--policy needs a file")?),
            "--now" => out.now = Some(args.next().ok_or("--now needs an RFC 3339 time")?),
            "--json" => out.json = true,
            "--strict" => out.strict = true,
            "-h" | "--help" => {
                return Err("usage: audit [--policy FILE] [--now RFC3339] [--json] [--strict] [FILE|- ...]".into())
            }
            _ => out.inventories.push(arg),
        }
    }
    Ok(out)
}

fn text_of(path: &str) -> Result<String, String> {
    if path == "-" {
        return std::io::read_to_string(std::io::stdin()).map_err(|e| format!("standard input: {e}"));
    }
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn read(path: &str) -> Result<Value, String> {
    serde_json::from_str(&text_of(path)?).map_err(|e| format!("{path}: not JSON: {e}"))
}

/// The files' documents, read by the library: it sorts each object by its kind.
fn inventory(paths: &[String], now: Option<&str>) -> Result<Inventory, String> {
    let mut texts = Vec::with_capacity(paths.len() + 1);
    for path in paths {
        texts.push(text_of(path)?);
    }
    if texts.is_empty() {
        texts.push(BUNDLED.to_owned());
    }
    // Every file's documents one after another: the library reads them as one inventory, and
    // an error's path counts documents across them.
    let mut inventory = Inventory::from_json_str(&texts.join("\n")).map_err(|e| match e.path() {
        Some(path) => format!("inventory at `{path}`: {e}"),
        None => format!("inventory: {e}"),
    })?;
    if let Some(now) = now {
        // The time given here replaces the inventory's, as in Python and JavaScript.
        inventory.now = Some(now.parse().map_err(|e| format!("--now `{now}` is not an RFC 3339 time: {e}"))?);
    }
    Ok(inventory)
}

fn run() -> Result<bool, String> {
    let options = options()?;
    let policy = match &options.policy {
        Some(path) => Policy::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
        None => Policy::default(),
    };
    let inventory = inventory(&options.inventories, options.now.as_deref())?;
    let report = audit(&policy, &inventory).map_err(|e| e.to_string())?;
    if options.json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    } else {
        print!("{}", report.to_table());
    }
    Ok(!options.strict || report.summary.errors == 0)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        // --strict and error findings: the audit ran and the cluster breaks the policy.
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("audit: {message}");
            ExitCode::from(2)
        }
    }
}
