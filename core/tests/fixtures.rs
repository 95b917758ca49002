//! The real OpenShift data under `../shared/fixtures/`: every tag and image reference in it must
//! read without error, and each tag gets a class.

use imagecurator::{Reference, Tag, TagKind};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[path = "support/layout.rs"]
mod layout;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Tags and references found in the fixtures, each with the file it came from.
#[derive(Default)]
struct Found {
    tags: Vec<(String, String)>,
    references: Vec<(String, String)>,
}

fn walk(value: &Value, file: &str, found: &mut Found) {
    match value {
        Value::Object(map) => {
            if map.get("kind").and_then(Value::as_str) == Some("ImageStream") {
                for tag in value["spec"]["tags"].as_array().into_iter().flatten() {
                    found.tags.push((tag["name"].as_str().unwrap().to_owned(), file.to_owned()));
                }
                for tag in value["status"]["tags"].as_array().into_iter().flatten() {
                    found.tags.push((tag["tag"].as_str().unwrap().to_owned(), file.to_owned()));
                }
            }
            match (map.get("kind").and_then(Value::as_str), map.get("name").and_then(Value::as_str)) {
                (Some("DockerImage"), Some(name)) => found.references.push((name.to_owned(), file.to_owned())),
                // `${NAME}` is a Template parameter, substituted when the template is processed.
                (Some("ImageStreamTag"), Some(name)) if !name.contains("${") => {
                    if let Some((_, tag)) = name.rsplit_once(':') {
                        found.tags.push((tag.to_owned(), file.to_owned()));
                    }
                }
                _ => {}
            }
            if let Some(reference) = map.get("dockerImageReference").and_then(Value::as_str) {
                found.references.push((reference.to_owned(), file.to_owned()));
            }
            map.values().for_each(|v| walk(v, file, found));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, file, found)),
        _ => {}
    }
}

fn found() -> Found {
    let mut files = Vec::new();
    json_files(&fixtures_dir(), &mut files);
    files.sort();
    let mut found = Found::default();
    for file in files {
        let Ok(value) = serde_json::from_str::<Value>(&std::fs::read_to_string(&file).unwrap()) else { continue };
        walk(&value, &file.display().to_string(), &mut found);
    }
    found
}

#[test]
fn every_real_tag_is_classified() {
    let found = found();
    assert!(found.tags.len() > 600, "only {} tags found", found.tags.len());
    let mut kinds: BTreeMap<TagKind, usize> = BTreeMap::new();
    for (tag, file) in &found.tags {
        let parsed = Tag::parse(tag).unwrap_or_else(|e| panic!("{file}: {e}"));
        layout::assert_tag_layout_agrees(tag);
        *kinds.entry(parsed.kind()).or_default() += 1;
    }
    // The real data is mostly loose versions and variant lines, with a few floating words.
    assert!(
        kinds[&TagKind::Loose] > 100 && kinds[&TagKind::Variant] > 100 && kinds[&TagKind::Floating] > 10,
        "{kinds:?}"
    );
}

#[test]
fn real_tags_read_as_documented() {
    let read = |t: &str| Tag::parse(t).unwrap();
    assert_eq!(read("2.9.0.GA").qualifier(), Some("GA"));
    assert_eq!(read("26.0.0.2-java21").variant(), Some("java21"));
    assert_eq!(read("20-ubi9-minimal").variant(), Some("ubi9-minimal"));
    assert_eq!(read("22-minimal-ubi10").variant(), Some("minimal-ubi10"));
    assert_eq!(read("scheduled-upgrade-redeploy").kind(), TagKind::Floating);
    // A prefix word before the version is part of the scheme (it was unparseable before).
    assert_eq!(read("openjdk-11-el7").scheme().as_deref(), Some("openjdk-N-el7"));
    assert!(read("10.11") > read("10.5"));
    assert!(read("11") > read("8"));
}

#[test]
fn every_real_reference_parses_and_round_trips() {
    let found = found();
    assert!(found.references.len() > 300, "only {} references found", found.references.len());
    for (text, file) in &found.references {
        let parsed = Reference::parse(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        layout::assert_layout_agrees(text);
        assert_eq!(Reference::parse(parsed.as_str()).unwrap(), parsed, "{file}: {text}");
        if let Some(tag) = parsed.tag() {
            Tag::parse(tag).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}
