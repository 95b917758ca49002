//! The main job: audit a cluster's image data against the image-management policy.
//!
//!     cargo run -q --example audit                       # the bundled example cluster, the strategy
//!     cargo run -q --example audit -- --policy ours.json inventory.json
//!     cargo run -q --example audit -- --json > report.json
//!     cargo run -q --example audit -- --strict inventory.json   # exit 1 on error findings, for CI
//!
//! An inventory is a JSON document with any of `imagestreams` (`oc get is -A -o json`),
//! `templates` (`oc get templates -n openshift -o json`), `pods` (`oc get pods -A -o json`),
//! `samples_config` (`oc get configs.samples.operator.openshift.io cluster -o json`),
//! `namespaces` and `now`. Several inventory files are merged key by key. With none, the
//! bundled `examples/inventory/cluster.json` is used: OCP 4.6's `openshift` namespace before
//! curation, from the real fixtures, plus example curated and team namespaces.

use imagecurator::{audit, Inventory, Policy};
use serde_json::{Map, Value};
use std::process::ExitCode;

const BUNDLED: &str = include_str!("../inventory/cluster.json");

struct Options {
    policy: Option<String>,
    json: bool,
    strict: bool,
    inventories: Vec<String>,
}

fn options() -> Result<Options, String> {
    let mut out = Options { policy: None, json: false, strict: false, inventories: Vec::new() };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--policy" => out.policy = Some(args.next().ok_or("--policy needs a file")?),
            "--json" => out.json = true,
            "--strict" => out.strict = true,
            "-h" | "--help" => {
                return Err("usage: audit [--policy FILE] [--json] [--strict] [INVENTORY.json ...]".into())
            }
            _ => out.inventories.push(arg),
        }
    }
    Ok(out)
}

fn read(path: &str) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path}: not JSON: {e}"))
}

/// Inventory files merged key by key: lists of documents side by side.
fn merged(paths: &[String]) -> Result<Value, String> {
    if paths.is_empty() {
        return serde_json::from_str(BUNDLED).map_err(|e| format!("bundled inventory: {e}"));
    }
    let mut merged = Map::new();
    for path in paths {
        let Value::Object(document) = read(path)? else { return Err(format!("{path}: an inventory is an object")) };
        for (key, value) in document {
            match (merged.get_mut(&key), key.as_str()) {
                (None, _) | (Some(_), "now" | "samples_config") => {
                    merged.insert(key, value);
                }
                (Some(Value::Array(list)), _) if key == "namespaces" => {
                    list.extend(value.as_array().cloned().unwrap_or_default())
                }
                (Some(existing), _) => {
                    let both = Value::Array(vec![existing.take(), value]);
                    merged.insert(key, both);
                }
            }
        }
    }
    Ok(Value::Object(merged))
}

fn run() -> Result<bool, String> {
    let options = options()?;
    let policy = match &options.policy {
        Some(path) => Policy::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
        None => Policy::default(),
    };
    let inventory = Inventory::from_json(&merged(&options.inventories)?).map_err(|e| e.to_string())?;
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
