//! Runs the shared conformance cases under `tests/conformance/`, the same files the Python and
//! JavaScript suites run. `expect.ok` is compared key by key: an object checks only the keys it
//! lists, so a case says exactly what it is about.

use imagecurator::bindings::{NamespaceView, PackedNameView, ReferenceView, TagView};
use imagecurator::{
    sort_tags, Error, Namespace, NamespacePattern, NamespaceSelector, PackedName, Reference, RegistryScope, Tag,
};
use serde_json::{json, Value};
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/layout.rs"]
mod layout;

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

fn str_of(v: &Value) -> &str {
    v.as_str().expect("string input")
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().expect("array input").iter().map(str_of).collect()
}

/// The one place that maps a topic to the library call it exercises.
fn run(topic: &str, input: &Value) -> Result<Value, Error> {
    let to_json = |v: &dyn erased::Ser| v.to_value();
    Ok(match topic {
        "references/parse" => {
            layout::assert_layout_agrees(str_of(input));
            to_json(&ReferenceView::from(&Reference::parse(str_of(input))?))
        }
        "references/names_registry" => json!(Reference::names_registry(str_of(input))),
        "references/scope" => {
            let scope = RegistryScope::parse(str_of(&input["scope"]))?;
            json!(scope.allows_str(str_of(&input["reference"]))?)
        }
        "tags/parse" => {
            layout::assert_tag_layout_agrees(str_of(input));
            to_json(&TagView::from(&Tag::parse(str_of(input))?))
        }
        "tags/sort" => json!(sort_tags(strings(input))?),
        "tags/compare" => {
            let (a, b) = (Tag::parse(str_of(&input["a"]))?, Tag::parse(str_of(&input["b"]))?);
            match a.cmp_precedence(&b) {
                Some(Ordering::Less) => json!("less"),
                Some(Ordering::Equal) => json!("equal"),
                Some(Ordering::Greater) => json!("greater"),
                None => Value::Null,
            }
        }
        "tags/packed" => match PackedName::parse(str_of(input))? {
            Some(p) => to_json(&PackedNameView::from(&p)),
            None => Value::Null,
        },
        "namespaces/parse" => to_json(&NamespaceView::from(&Namespace::parse(str_of(input))?)),
        "namespaces/pattern" => {
            json!(NamespacePattern::parse(str_of(&input["pattern"]))?.matches(str_of(&input["name"])))
        }
        "namespaces/selector" => {
            let selector = NamespaceSelector::new(strings(&input["include"]), strings(&input["exclude"]))?;
            json!(selector.matches(str_of(&input["name"])))
        }
        "retention/plan" => {
            let now = input.get("now").and_then(Value::as_str);
            let plan = imagecurator::bindings::plan_retention_json(
                &input["streams"],
                input.get("policy"),
                input.get("in_use"),
                input.get("templates"),
                now,
            )?;
            to_json(&plan)
        }
        "policy/load" => imagecurator::Policy::from_json(input)?.to_json(),
        "naming/stream" => {
            to_json(&imagecurator::check_stream_name(str_of(&input["namespace"]), str_of(&input["name"])))
        }
        "naming/namespace" => to_json(&imagecurator::check_namespace(
            str_of(&input["name"]),
            input["needs_plate"].as_bool().unwrap_or(false),
        )),
        "naming/tag" => to_json(&imagecurator::check_tag(
            str_of(&input["namespace"]),
            str_of(&input["stream"]),
            str_of(&input["tag"]),
            input["versioned"].as_bool().unwrap_or(false),
        )),
        "policy/export" => {
            let policy = imagecurator::Policy::from_json(&input["policy"])?;
            let target: imagecurator::ExportTarget = str_of(&input["target"]).parse()?;
            json!(imagecurator::export_admission(&policy, target)?)
        }
        "policy/scan_gate" => {
            let policy = imagecurator::Policy::from_json(&input["policy"])?;
            to_json(&imagecurator::export_scan_gate(
                &policy,
                &imagecurator::Inventory::from_json(&input["inventory"])?,
            )?)
        }
        "audit/run" | "audit/scans" => {
            let policy = match &input["policy"] {
                Value::Null => imagecurator::Policy::default(),
                document => imagecurator::Policy::from_json(document)?,
            };
            to_json(&imagecurator::audit(&policy, &imagecurator::Inventory::from_json(&input["inventory"])?)?)
        }
        other => panic!("no runner for conformance topic {other}"),
    })
}

/// Object-safe serialization, so `run` can treat every view alike.
mod erased {
    pub trait Ser {
        fn to_value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_value(&self) -> serde_json::Value {
            serde_json::to_value(self).expect("views serialize")
        }
    }
}

/// Whether `actual` has every key `expected` lists, with equal values.
fn subset_matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|av| subset_matches(v, av))),
        _ => expected == actual,
    }
}

#[test]
fn every_conformance_case_passes() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (topic, file) in conformance_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            count += 1;
            let id = case["id"].as_str().unwrap();
            let outcome = run(&topic, &fixtures::with_fixtures(&case["input"]));
            let expect = &case["expect"];
            let passed = match (&outcome, expect.get("ok"), expect.get("error")) {
                (Ok(actual), Some(ok), None) => subset_matches(ok, actual),
                (Err(e), None, Some(err)) => {
                    err["code"] == e.code().as_str() && err.get("path").is_none_or(|p| p.as_str() == e.path())
                }
                _ => false,
            };
            if !passed {
                failures.push(format!("{topic} {id}: expected {expect}, got {outcome:?}"));
            }
        }
    }
    assert!(count > 150, "only {count} conformance cases found");
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
}

fn conformance_files() -> Vec<(String, PathBuf)> {
    let root = conformance_dir();
    let mut files = Vec::new();
    for area in std::fs::read_dir(&root).unwrap() {
        let area = area.unwrap().path();
        for file in std::fs::read_dir(&area).unwrap() {
            let file = file.unwrap().path();
            let topic = file.strip_prefix(&root).unwrap().with_extension("").to_string_lossy().replace('\\', "/");
            files.push((topic, file));
        }
    }
    files.sort();
    files
}

/// The `codes` a shared list under `tests/` holds, in order.
fn listed_codes(file: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests").join(file);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect()
}

#[test]
fn error_codes_match_the_shared_list() {
    let declared: Vec<&str> = imagecurator::ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed_codes("error-codes.json"), declared);
}

#[test]
fn finding_codes_match_the_shared_list() {
    let declared: Vec<&str> = imagecurator::FindingCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed_codes("finding-codes.json"), declared);
}

#[test]
fn every_case_file_is_well_formed() {
    for (topic, file) in conformance_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert!(doc["description"].is_string(), "{topic}: no description");
        let mut ids = std::collections::BTreeSet::new();
        for case in doc["cases"].as_array().unwrap() {
            let id = case["id"].as_str().unwrap_or_else(|| panic!("{topic}: a case without id"));
            assert!(ids.insert(id.to_owned()), "{topic}: duplicate id {id}");
            assert!(case["description"].is_string(), "{topic} {id}: no description");
            let expect = case["expect"].as_object().unwrap();
            assert_eq!(expect.len(), 1, "{topic} {id}: expect holds exactly one of ok, error");
            assert!(expect.contains_key("ok") || expect["error"]["code"].is_string(), "{topic} {id}: bad expect");
        }
    }
}
