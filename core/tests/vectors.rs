//! Other projects' test cases for the grammars this crate reads, from `../shared/vectors/`:
//! distribution/reference (Go), Kubernetes' DNS-1123 validation, semver.org and node-semver.
//! Where this crate differs on purpose, the case is named in a `DIFFERS` table with the reason.

use imagecurator::{sort_tags, ErrorCode, Namespace, Reference, Tag, TagKind};
use serde_json::{json, Value};
use std::cmp::Ordering;
use std::path::Path;

#[path = "support/layout.rs"]
mod layout;

fn vectors(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors").join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (the shared/ folder must sit beside the checkout)", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn list<'a>(doc: &'a Value, key: &str) -> &'a Vec<Value> {
    doc[key].as_array().unwrap_or_else(|| panic!("no list {key}"))
}

fn opt_str(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Which of our codes stand for a Go error message. Go's catch-all "invalid reference format"
/// covers what we report more precisely as a bad tag or a bad digest.
fn codes_for_go_error(message: &str) -> &'static [ErrorCode] {
    match message {
        "repository name must have at least one component" => &[ErrorCode::EmptyReference],
        "repository name must not be more than 255 characters" => &[ErrorCode::NameTooLong],
        "invalid checksum digest length" | "invalid checksum digest format" => &[ErrorCode::InvalidDigest],
        "unsupported digest algorithm" => &[ErrorCode::UnsupportedDigestAlgorithm],
        m if m.contains("must be lowercase") => &[ErrorCode::UppercaseRepository],
        m if m.contains("invalid reference format") || m.contains("cannot specify 64-byte hexadecimal") => {
            &[ErrorCode::InvalidReferenceFormat, ErrorCode::InvalidTag, ErrorCode::InvalidDigest]
        }
        other => panic!("no mapping for Go error {other:?}"),
    }
}

/// Where this crate deliberately parts from distribution/reference: sha512 is registered by
/// OCI and supported here; the upstream test binary registers sha256 only and so calls
/// `validname@sha512:<128 hex>` unsupported.
fn differs(input: &str) -> bool {
    input.split_once("@sha512:").is_some_and(|(_, hex)| hex.len() == 128)
}

/// Go's un-normalized name, normalized by Docker's rule: a first component without `.` or `:`
/// that is not `localhost` is a Docker Hub namespace, and a lone name gains `library/`.
fn normalized_go_name(go: &Value) -> String {
    let (domain, name) = (go["domain"].as_str().unwrap(), go["name"].as_str().unwrap());
    let is_registry =
        domain.contains(['.', ':']) || domain == "localhost" || domain.bytes().any(|b| b.is_ascii_uppercase());
    match (is_registry, name.contains('/')) {
        (true, _) => name.to_owned(),
        (false, true) => format!("docker.io/{name}"),
        (false, false) => format!("docker.io/library/{name}"),
    }
}

/// Checks our normalized parse of `input` against what Go's `Parse` (not normalizing) returned.
#[track_caller]
fn agrees_with_go_parse(input: &str, go: &Value, failures: &mut Vec<String>) {
    if differs(input) {
        return;
    }
    layout::assert_layout_agrees(input);
    let ours = Reference::parse(input);
    match (go["err"].as_str(), &ours) {
        (Some(message), Err(e)) if codes_for_go_error(message).contains(&e.code()) => {}
        (None, Ok(r))
            if r.tag() == opt_str(&go["tag"])
                && r.digest() == opt_str(&go["digest"])
                && r.name() == normalized_go_name(go) => {}
        // Normalizing adds `docker.io/` (and maybe `library/`), which can push a name that Go's
        // un-normalized Parse accepts past 255 characters.
        (None, Err(e)) if e.code() == ErrorCode::NameTooLong && r_len_over(go) => {}
        _ => failures.push(format!("{input:?}: go {go}, ours {ours:?}")),
    }
}

fn r_len_over(go: &Value) -> bool {
    go["name"].as_str().is_some_and(|n| n.len() + "docker.io/library/".len() > 255)
}

#[test]
fn distribution_reference_parse() {
    let doc = vectors("reference_parse.json");
    let mut failures = Vec::new();
    for v in list(&doc, "vectors") {
        agrees_with_go_parse(v["input"].as_str().unwrap(), &v["observed_go"], &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn distribution_reference_bench_and_serialization_inputs() {
    let doc = vectors("reference_misc.json");
    let mut failures = Vec::new();
    let mut count = 0;
    for v in list(&doc, "vectors") {
        if matches!(v["kind"].as_str(), Some("bench_input" | "json_field_roundtrip")) {
            count += 1;
            agrees_with_go_parse(v["input"].as_str().unwrap(), &v["observed_go"], &mut failures);
        }
    }
    assert!(count > 60);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn distribution_reference_normalize() {
    let doc = vectors("reference_normalize.json");
    let mut failures = Vec::new();
    for v in list(&doc, "vectors") {
        let input = v["input"].as_str().unwrap();
        let go = &v["observed_go"];
        let ours = Reference::parse(input);
        // On purpose: a Docker Hub official image named by 64 hex digits keeps `library/` in its
        // familiar form, since Docker refuses the bare name (it reads as an image id) and the
        // short form must read back (issue 15); distribution/reference drops it.
        let familiar_of = |go_familiar: &str| match go_familiar.split(['@', ':']).next() {
            Some(name) if name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()) => {
                format!("library/{go_familiar}")
            }
            _ => go_familiar.to_owned(),
        };
        let agrees = match (go["err"].as_str(), &ours) {
            (Some(message), Err(e)) => codes_for_go_error(message).contains(&e.code()),
            (None, Ok(r)) => {
                r.as_str() == go["string"].as_str().unwrap()
                    && r.domain() == go["domain"].as_str().unwrap()
                    && r.path() == go["path"].as_str().unwrap()
                    && r.familiar_name() == familiar_of(go["familiar_name"].as_str().unwrap())
                    && r.familiar() == familiar_of(go["familiar_string"].as_str().unwrap())
                    && r.tag() == opt_str(&go["tag"])
                    && r.digest() == opt_str(&go["digest"])
            }
            _ => false,
        };
        // The test's own assertion, where it makes one, must hold too.
        let asserted = v["valid"].as_bool().is_none_or(|valid| valid == ours.is_ok());
        if !(agrees && asserted) {
            failures.push(format!("{input:?}: go {go}, ours {ours:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn distribution_reference_parse_any() {
    let doc = vectors("reference_parse_any.json");
    for v in list(&doc, "vectors") {
        let input = v["input"].as_str().unwrap();
        let ours = Reference::parse(input);
        if v["expected_kind"].as_str() == Some("digestReference") {
            // This crate reads references to repositories, as ParseNormalizedNamed does: a bare
            // 64-digit image id is refused, and `sha256:<hex>` reads as repository `sha256`
            // with a tag, not as a nameless digest.
            match input.strip_prefix("sha256:") {
                Some(hex) => assert_eq!(ours.unwrap().tag(), Some(hex)),
                None => assert_eq!(ours.unwrap_err().code(), ErrorCode::InvalidReferenceFormat),
            }
        } else if let Some(equivalent) = v["equivalent"].as_str() {
            assert_eq!(ours.unwrap().as_str(), equivalent, "{input:?}");
        } else {
            assert!(ours.is_err(), "{input:?}");
        }
    }
}

#[test]
fn distribution_reference_docker_ref() {
    let doc = vectors("reference_docker_ref.json");
    for v in list(&doc, "vectors") {
        let input = v["input"].as_str().unwrap();
        match v["expected"].as_str() {
            Some(expected) => {
                assert_eq!(Reference::parse(input).unwrap().pull_reference().as_str(), expected, "{input:?}")
            }
            None => assert!(Reference::parse(input).is_err(), "{input:?}"),
        }
    }
}

#[test]
fn distribution_reference_names() {
    let doc = vectors("reference_name.json");
    for v in list(&doc, "vectors") {
        let input = v["input"].as_str().unwrap();
        let go_ok = v["observed_go"]["err"].is_null();
        let ours = Reference::parse(input);
        match v["function"].as_str().unwrap() {
            // WithName takes a bare name: no tag, no digest.
            "WithName" => {
                let ok = ours.as_ref().is_ok_and(|r| r.tag().is_none() && r.digest().is_none());
                assert_eq!(ok, go_ok, "WithName {input:?}: {ours:?}");
            }
            // ParseNamed accepts only names already in canonical form.
            "ParseNamed" => {
                let canonical = ours.as_ref().is_ok_and(|r| r.as_str() == input);
                assert_eq!(canonical, go_ok, "ParseNamed {input:?}: {ours:?}");
            }
            other => panic!("unknown function {other}"),
        }
    }
}

#[test]
fn distribution_reference_with_tag_and_digest() {
    let doc = vectors("reference_with_tag_digest.json");
    for v in list(&doc, "vectors") {
        let name = v["name"].as_str().unwrap();
        let base = Reference::parse(name).unwrap();
        let result = match v["function"].as_str().unwrap() {
            "WithTag" => {
                let base = match v["digest_first"].as_str() {
                    Some(d) => base.with_digest(d),
                    None => Ok(base),
                };
                base.and_then(|b| b.with_tag(v["tag"].as_str().unwrap()))
            }
            "WithDigest" => {
                let base = match v["tag_first"].as_str() {
                    Some(t) => base.with_tag(t),
                    None => Ok(base),
                };
                base.and_then(|b| b.with_digest(v["digest"].as_str().unwrap()))
            }
            other => panic!("unknown function {other}"),
        };
        match v["combined"].as_str() {
            // Upstream's WithDigest accepts any 32+ hex digits; this crate checks the length the
            // algorithm fixes, as Parse does, so a short sha256 is refused.
            Some(_)
                if ["digest", "digest_first"]
                    .iter()
                    .any(|k| v[k].as_str().is_some_and(|d| d.len() != "sha256:".len() + 64)) =>
            {
                assert_eq!(result.unwrap_err().code(), ErrorCode::InvalidDigest)
            }
            Some(expected) => {
                let r = result.unwrap_or_else(|e| panic!("{v}: {e}"));
                assert_eq!(r.familiar(), expected, "{v}");
            }
            None => assert!(result.is_err(), "{v}"),
        }
    }
}

#[test]
fn distribution_reference_domain_grammar() {
    let doc = vectors("reference_regexp.json");
    for v in list(&doc, "vectors") {
        let input = v["input"].as_str().unwrap();
        let expected = v["match"].as_bool().unwrap();
        match v["regexp"].as_str().unwrap() {
            // A domain is valid exactly when it serves as the registry of a reference.
            "domain" => {
                let ours = Reference::parse(&format!("{input}/app")).is_ok_and(|r| r.domain() == input);
                // Docker reads a first component without `.` or `:` as a Docker Hub namespace,
                // so `localhost`-less single labels like `test` are not domains after
                // normalization; the grammar alone still accepts them.
                let single_label = !input.contains(['.', ':', '[']) && input != "localhost";
                // On purpose: a port past 65535 (`192.168.1.1:75050`) is refused, where the
                // grammar admits any digits; no registry listens there, and such a reference
                // would otherwise read as one with no port (issue 15).
                let port_past_16_bits = input.rsplit_once(':').is_some_and(|(_, p)| {
                    !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_err()
                });
                if port_past_16_bits {
                    assert!(!ours, "domain {input:?}: refused, whatever the grammar says");
                } else if !single_label {
                    assert_eq!(ours, expected, "domain {input:?}");
                }
            }
            "anchored_name" | "reference" => {
                let name_only = v["regexp"] == "anchored_name";
                let ours = Reference::parse(input).and_then(|r| {
                    // A name is a reference without tag or digest.
                    if name_only && (r.tag().is_some() || r.digest().is_some()) {
                        Reference::parse("")
                    } else {
                        Ok(r)
                    }
                });
                // The grammar has no length limit; Parse adds 255, and normalizing adds `docker.io/`.
                let lengthened = ours.as_ref().is_err_and(|e| e.code() == ErrorCode::NameTooLong);
                assert!(ours.is_ok() == expected || lengthened, "{input:?}: {ours:?}");
            }
            // A 64-digit hex image id is refused as a repository name, as upstream refuses it.
            "identifier" if expected => {
                assert_eq!(Reference::parse(input).unwrap_err().code(), ErrorCode::InvalidReferenceFormat, "{input:?}")
            }
            "identifier" => {}
            other => panic!("unknown regexp {other}"),
        }
    }
}

#[test]
fn kubernetes_namespace_names() {
    let doc = vectors("k8s_dns1123.json");
    let mut checked = 0;
    for v in list(&doc, "vectors") {
        let Some(value) = v["value"].as_str() else { continue };
        // The namespace rule's own verdict, where the vector records it.
        if let Some(errors) = v["observed_ValidateNamespaceName"].as_array() {
            checked += 1;
            let ours = Namespace::parse(value);
            assert_eq!(ours.is_ok(), errors.is_empty(), "{value:?}: k8s {errors:?}, ours {ours:?}");
        }
    }
    assert!(checked > 400, "only {checked} namespace vectors");
}

#[test]
fn semver_org_valid_and_invalid() {
    let doc = vectors("semver_org_regex.json");
    for v in list(&doc, "vectors") {
        let input = v["input"].as_str().unwrap();
        layout::assert_tag_layout_agrees(input);
        let tag = Tag::parse(input);
        // semver.org allows numbers of any size; this crate calls a tag with a release number
        // above 2^53 - 1 unparseable rather than round it (JavaScript could not hold it).
        let release = input.split(['-', '+']).next().unwrap_or("");
        let huge = release.split('.').any(|n| n.parse::<u128>().is_ok_and(|n| n > (1 << 53) - 1));
        if huge {
            assert_eq!(tag.unwrap().kind(), TagKind::Unparseable, "{input:?}");
        } else if v["valid"].as_bool().unwrap() {
            let tag = tag.unwrap_or_else(|e| panic!("{input:?}: {e}"));
            // A semver pre-release that does not read as one (`1.0.0-x.7.z.92`) is a variant
            // line here, and so is what follows a `-` after a pre-release word
            // (`1.0.0-alpha-a.b-c`): tags such as `1.2.3-alpine` and `1.0-rc1-ubi8` mean a
            // flavour, not a pre-release, on every registry.
            // A number after a pre-release (`1.2.3-SNAPSHOT-123`) is a build counter here, read
            // as a revision, so the tag is loose rather than semver.
            let counted = tag.kind() == TagKind::Loose && tag.revision().is_some();
            assert!(
                tag.kind() == TagKind::Semver || tag.kind() == TagKind::Variant || counted,
                "{input:?} is {:?}",
                tag.kind()
            );
            if tag.kind() == TagKind::Semver {
                assert!(tag.semver().is_some());
            }
        } else {
            assert!(tag.is_err() || tag.as_ref().unwrap().kind() != TagKind::Semver, "{input:?}: {tag:?}");
        }
    }
}

#[test]
fn semver_spec_precedence_chains() {
    let doc = vectors("semver_spec_examples.json");
    let mut chains = 0;
    for v in list(&doc, "vectors") {
        let Some(chain) = v["chain"].as_array() else { continue };
        chains += 1;
        let tags: Vec<Tag> = chain.iter().map(|t| Tag::parse(t.as_str().unwrap()).unwrap()).collect();
        for pair in tags.windows(2) {
            assert_eq!(pair[0].cmp_precedence(&pair[1]), Some(Ordering::Less), "{} < {}", pair[0], pair[1]);
            assert!(pair[0] < pair[1]);
        }
    }
    assert!(chains > 0, "no precedence chain found");
}

/// Where this crate orders differently from node-semver on purpose: a numeric `-N` is a
/// revision (a rebuild above the bare version, as container tags use it: `8.4-203`, `1.2.3-1`),
/// where semver reads it as a pre-release below.
/// And `-rN` is a build counter compared as a number (Alpine's and Bitnami's `-r5 < -r10`),
/// where semver compares `r2` and `r100` as text.
const NODE_SEMVER_DIFFERS: &[&str] = &["1.2.3 > 1.2.3-4", "1.2.3-r2 > 1.2.3-r100"];

/// node-semver comparisons where both sides are tags of one line.
#[test]
fn node_semver_comparisons() {
    let doc = vectors("semver_node_comparisons.json");
    let (mut compared, mut differed) = (0, Vec::new());
    for v in list(&doc, "comparisons") {
        let (Some(greater), Some(lesser)) = (v["greater"].as_str(), v["lesser"].as_str()) else { continue };
        let (Ok(g), Ok(l)) = (Tag::parse(greater), Tag::parse(lesser)) else { continue };
        let Some(ordering) = g.cmp_precedence(&l) else { continue };
        compared += 1;
        if ordering != Ordering::Greater {
            differed.push(format!("{greater} > {lesser}"));
        }
    }
    assert_eq!(differed, NODE_SEMVER_DIFFERS, "the comparisons ordered differently are exactly those named");
    assert!(compared >= 15, "only {compared} comparisons applied");
}

#[test]
fn node_semver_equality() {
    let doc = vectors("semver_node_equality.json");
    let mut compared = 0;
    for v in list(&doc, "equality") {
        let (Some(a), Some(b)) = (v["a"].as_str(), v["b"].as_str()) else { continue };
        // node-semver's loose forms (`=1.2.3`, `v 1.2.3`) are not valid tags and are skipped.
        let (Ok(a), Ok(b)) = (Tag::parse(a), Tag::parse(b)) else { continue };
        if let Some(ordering) = a.cmp_precedence(&b) {
            compared += 1;
            assert_eq!(ordering, Ordering::Equal, "{a} == {b}");
        }
    }
    assert!(compared >= 5, "only {compared} equalities applied");
}

/// Renovate's docker versioning, a peer's view of real Docker tags: each question this library
/// answers (a valid version, its numbers, stable, compatible, equal, greater, sort order) is
/// asked of it, and every case answered differently is named here with why. The questions about
/// version ranges (`isLessThanRange`, `getSatisfyingVersion`, `getNewValue`) are Renovate's
/// dependency-update semantics, which this library has no counterpart for; they are counted as
/// not asked.
const RENOVATE_DIFFERS: &[(&str, &str)] = &[
    // Renovate reads a digit then any word as a version with a "pre-release" (`0` + `a1b2C3`);
    // here a version's words are the pre-release markers it knows, so these are not versions.
    ("isValid 0a1b2C3", "not a version here: `a1b2C3` is no pre-release marker"),
    ("isValid 0z1b2c3", "not a version here: `z1b2c3` is no pre-release marker"),
    ("isValid 0A1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d", "not a version here, as above"),
    ("isValid 0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0", "not a version here, as above"),
    // Renovate ranks `10.1` above `10.1.2` (a shorter tag floats to the newest patch); here the
    // two are different schemes, which are never ranked against each other.
    ("isGreaterThan 10.1 10.1.2", "different schemes (N.N, N.N.N) do not compare"),
    // Renovate sorts by version across suffixes; here each variant line sorts after the plain
    // versions, as lines are schemes of their own.
    ("sortVersionsList", "variant lines sort after the plain versions, each line by version"),
];

#[test]
fn renovate_docker_versioning() {
    let doc = vectors("renovate_docker_versioning.json");
    let tag = |v: &Value| v.as_str().and_then(|t| Tag::parse(t).ok());
    let text = |v: &Value| v.as_str().unwrap_or("null").to_owned();
    let same_scheme_order =
        |a: &Tag, b: &Tag| (a.scheme().is_some() && a.scheme() == b.scheme()).then(|| a.cmp_precedence(b)).flatten();
    let (mut agreed, mut not_asked) = (0, 0);
    let mut differed: Vec<String> = Vec::new();
    for v in list(&doc, "vectors") {
        let (input, expected) = (&v["input"], &v["expected"]);
        let (name, ours): (String, Option<Value>) = match v["question"].as_str().unwrap() {
            "isValid" => {
                let ours = tag(&input["version"]).is_some_and(|t| t.is_version());
                (format!("isValid {}", text(&input["version"])), Some(json!(ours)))
            }
            "getMajorMinorPatch" => {
                let release = tag(&input["version"]).map(|t| t.release().to_vec()).unwrap_or_default();
                let part = |i: usize| release.get(i).map_or(Value::Null, |n| json!(n));
                (format!("getMajorMinorPatch {}", text(&input["version"])), Some(json!([part(0), part(1), part(2)])))
            }
            "isStable" => {
                let ours = tag(&input["version"]).is_some_and(|t| t.is_version() && t.prerelease().is_none());
                (format!("isStable {}", text(&input["version"])), Some(json!(ours)))
            }
            "isCompatible" => {
                let (a, b) = (tag(&input["version"]).unwrap(), tag(&input["current"]).unwrap());
                let ours = a.scheme().is_some() && a.scheme() == b.scheme();
                (format!("isCompatible {} {}", text(&input["version"]), text(&input["current"])), Some(json!(ours)))
            }
            "equals" | "isGreaterThan" => {
                let (a, b) = (tag(&input["a"]).unwrap(), tag(&input["b"]).unwrap());
                let want = if v["question"] == "equals" { Ordering::Equal } else { Ordering::Greater };
                let ours = same_scheme_order(&a, &b) == Some(want);
                (
                    format!("{} {} {}", v["question"].as_str().unwrap(), text(&input["a"]), text(&input["b"])),
                    Some(json!(ours)),
                )
            }
            "sortVersionsSign" => {
                let (a, b) = (tag(&input["a"]).unwrap(), tag(&input["b"]).unwrap());
                let sign = a.cmp(&b) as i8;
                (format!("sortVersionsSign {} {}", text(&input["a"]), text(&input["b"])), Some(json!(sign)))
            }
            "sortVersionsList" => {
                let versions: Vec<&str> =
                    input["versions"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
                ("sortVersionsList".to_owned(), Some(json!(sort_tags(versions).unwrap())))
            }
            "valueToVersion" => {
                // The version part of a tag: all before its variant line.
                let ours = input["value"].as_str().and_then(|t| Tag::parse(t).ok()).map(|t| match t.variant() {
                    Some(variant) => t.as_str()[..t.as_str().len() - variant.len() - 1].to_owned(),
                    None => t.as_str().to_owned(),
                });
                match ours {
                    Some(ours) => (format!("valueToVersion {}", text(&input["value"])), Some(json!(ours))),
                    None => (String::new(), None),
                }
            }
            _ => (String::new(), None),
        };
        let Some(ours) = ours else {
            not_asked += 1;
            continue;
        };
        if &ours == expected {
            agreed += 1;
        } else {
            differed.push(name);
        }
    }
    let mut named: Vec<String> = RENOVATE_DIFFERS.iter().map(|(name, _)| (*name).to_owned()).collect();
    named.sort();
    differed.sort();
    assert_eq!(differed, named, "the cases answered differently are exactly those named, with why");
    println!("renovate docker versioning: {agreed} agree, {} differ (named), {not_asked} not asked", differed.len());
    assert_eq!(agreed + differed.len() + not_asked, list(&doc, "vectors").len());
}
