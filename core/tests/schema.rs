//! The policy document's JSON Schema (`core/policy.schema.json`) is generated from the policy
//! types, never written by hand: this test fails when the file and the types disagree.
//!
//!     IMAGECURATOR_WRITE_SCHEMA=1 cargo test -p imagecurator --features schema --test schema
//!
//! writes it anew. Whether real policies validate against it is tested from Python
//! (`bindings-python/tests/test_schema.py`), with the `jsonschema` package.
#![cfg(feature = "schema")]

use imagecurator::Policy;
use std::path::Path;

/// The schema as the types make it: JSON Schema draft 7, which editors' YAML and JSON
/// language servers read.
fn generated() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<Policy>();
    schema.insert("$id".into(), "https://imagecurator.invalid/policy.schema.json".into());
    schema.insert("title".into(), "imagecurator policy document".into());
    let mut schema = serde_json::to_value(&schema).unwrap();
    for_editors(&mut schema);
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

/// Descriptions as an editor shows them: the doc comment's prose, without its Rust examples
/// and with rustdoc's link brackets taken off (`[`Policy::from_json`]` reads `Policy::from_json`).
fn for_editors(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    ("description", serde_json::Value::String(text)) => *text = prose(text),
                    (_, v) => for_editors(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(for_editors),
        _ => {}
    }
}

fn prose(doc: &str) -> String {
    let prose = doc.split("\n# ").next().unwrap_or_default().trim_end();
    let unlinked = prose.replace("[`", "`").replace("`]", "`");
    unlinked.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_shipped_schema_is_the_one_the_policy_types_make() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("policy.schema.json");
    let generated = generated();
    if std::env::var_os("IMAGECURATOR_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    assert!(
        imagecurator::POLICY_SCHEMA == generated,
        "core/policy.schema.json is stale: run IMAGECURATOR_WRITE_SCHEMA=1 cargo test -p imagecurator --features schema --test schema"
    );
}

#[test]
fn the_schema_closes_every_section_as_the_reader_does() {
    // The reader refuses unknown fields: so does the schema, in every object it describes.
    let schema: serde_json::Value = serde_json::from_str(imagecurator::POLICY_SCHEMA).unwrap();
    let definitions = schema["definitions"].as_object().expect("definitions");
    let objects: Vec<&String> = definitions
        .iter()
        .filter(|(_, d)| d["type"] == "object" && d.get("properties").is_some())
        .map(|(n, _)| n)
        .collect();
    assert!(objects.len() >= 10, "{objects:?}");
    for name in objects {
        assert_eq!(definitions[name]["additionalProperties"], false, "{name} admits unknown fields");
    }
    assert_eq!(schema["additionalProperties"], false);
}
