//! Hostile input never breaks, hangs or fails open (issue 15): each case here is one of the
//! issue's reproducers, answered with a typed error that says the limit, or with the right
//! answer in bounded work.

use imagecurator::{bindings, ErrorCode, Inventory, NamespacePattern, Reference, RegistryScope, PATTERN_MAX};
use serde_json::json;

#[test]
fn a_glob_with_one_star_and_a_long_literal_matches_a_long_name_in_one_pass() {
    // Backtracking tries the literal at each of the name's places: name × pattern steps, about
    // 10^10 for the issue's case. The automaton reads the name once.
    let glob = NamespacePattern::glob(&format!("*{}b", "a".repeat(PATTERN_MAX - 2))).unwrap();
    let name = "a".repeat(200_000);
    assert!(!glob.matches(&name));
    assert!(glob.matches(&format!("{name}b")));
}

#[test]
fn a_question_mark_is_one_character_not_one_byte() {
    let glob = NamespacePattern::glob("a?").unwrap();
    assert!(glob.matches("aé"));
    assert!(!glob.matches("aéé"));
    assert!(NamespacePattern::glob("?-prod").unwrap().matches("日-prod"));
}

#[test]
fn patterns_past_the_limit_are_refused_before_anything_is_built_and_not_echoed() {
    for make in [NamespacePattern::glob, NamespacePattern::regex, NamespacePattern::exact] {
        let huge = "a".repeat(10 << 20);
        let err = make(&huge).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidPattern);
        let message = err.to_string();
        assert!(message.contains("10485760 bytes long; a pattern is at most 4096 bytes"), "{message}");
        assert!(message.len() < 400, "the message echoes the pattern: {} bytes", message.len());
    }
    // At the limit, a pattern is read as usual.
    assert!(NamespacePattern::glob(&"a".repeat(PATTERN_MAX)).is_ok());
    assert_eq!(NamespacePattern::glob(&"a".repeat(PATTERN_MAX + 1)).unwrap_err().code(), ErrorCode::InvalidPattern);
}

#[test]
fn a_regex_error_quotes_only_the_start_of_a_long_pattern() {
    let pattern = format!("({}", "a".repeat(4000));
    let err = NamespacePattern::regex(&pattern).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidRegex);
    assert!(err.to_string().len() < 500, "{err}");
    assert!(err.to_string().contains("aaaa…"), "{err}");
}

#[test]
fn a_port_past_65535_is_refused_not_read_as_no_port() {
    let err = Reference::parse("registry.example.com:99999/app").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidReferenceFormat);
    assert!(err.to_string().ends_with("its port 99999 is past 65535"), "{err}");
    assert_eq!(Reference::parse("registry.example.com:65535/app").unwrap().port(), Some(65535));
    assert_eq!(RegistryScope::parse("registry.example.com:99999").unwrap_err().code(), ErrorCode::InvalidScope);
    // A scope with a real port still admits only that port.
    let scope = RegistryScope::parse("registry.example.com:5000").unwrap();
    assert!(scope.allows(&Reference::parse("registry.example.com:5000/app").unwrap()));
    assert!(!scope.allows(&Reference::parse("registry.example.com/app").unwrap()));
}

#[test]
fn an_inventory_is_objects_not_any_json() {
    for (text, start) in [("null", "`null`"), ("5", "`5`"), ("\"pods\"", "`\"pods\"`"), ("true", "`true`")] {
        let err = Inventory::from_json_str(text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().starts_with(&format!("input starts with {start}, which is no JSON object")), "{err}");
    }
    assert!(Inventory::from_json_str("  ").unwrap_err().to_string().starts_with("input is empty"));
    // An array is documents, each an object: not a struct's fields in order.
    let err = Inventory::from_json_str(r#"[[], null, ["nginx"]]"#).unwrap_err();
    assert_eq!(err.path(), Some("[0]"));
    assert!(Inventory::from_json(&json!([["nginx"]])).is_err());
}

#[test]
fn a_retention_policy_is_an_object_not_its_fields_in_order() {
    let streams = json!([]);
    for policy in [json!([1]), json!(1), json!("keep")] {
        let err = bindings::plan_retention_json(&streams, Some(&policy), None, None, None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidPolicy);
        assert!(err.to_string().starts_with("retention policy must be an object such as {\"keep\": 3}"), "{err}");
    }
    assert!(imagecurator::Policy::from_json(&json!([1])).is_err());
}

#[test]
fn the_familiar_form_of_a_hub_image_named_like_an_id_reads_back() {
    // Docker refuses a bare 64-hex name (an image id); the short form keeps `library/`.
    let hex = format!("{}1", "a".repeat(63));
    let r = Reference::parse(&format!("docker.io/library/{hex}:1")).unwrap();
    assert_eq!(r.familiar(), format!("library/{hex}:1"));
    assert_eq!(Reference::parse(&r.familiar()).unwrap(), r);
    assert!(Reference::parse(&hex).is_err(), "as in Docker");
}
