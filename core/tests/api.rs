//! The public API as a user meets it: error codes, messages and offsets. The list of public
//! items itself is `core/public-api.txt`, checked by `scripts/public_api.py`.

use imagecurator::*;

#[track_caller]
fn fails(result: Result<impl std::fmt::Debug, Error>, code: ErrorCode, message: &str, offset: Option<usize>) {
    let err = result.expect_err("should fail");
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.message(), message);
    assert_eq!(err.offset(), offset, "{err}");
    assert_eq!(err.to_string(), message);
}

#[test]
fn reference_errors_name_the_input_and_rule() {
    fails(Reference::parse(""), ErrorCode::EmptyReference, "image reference is empty", None);
    fails(
        Reference::parse("quay.io/Team/app"),
        ErrorCode::UppercaseRepository,
        "repository `Team/app` of image reference `quay.io/Team/app` must be lower-case",
        Some(8),
    );
    fails(
        Reference::parse("quay.io/a//b"),
        ErrorCode::InvalidReferenceFormat,
        "image reference `quay.io/a//b` has an invalid repository path `a//b`: components are lower-case letters and \
         digits joined by `.`, `_`, `__` or `-`, separated by `/`",
        Some(10),
    );
    fails(
        Reference::parse("nginx:-1"),
        ErrorCode::InvalidTag,
        "tag `-1` of image reference `nginx:-1` must be 1 to 128 letters, digits, `_`, `.` or `-`, not starting with `.` or `-`",
        Some(6),
    );
    fails(
        Reference::parse("nginx@sha256:abc"),
        ErrorCode::InvalidDigest,
        "digest of image reference `nginx@sha256:abc` must be `algorithm:hex` with at least 32 hex digits",
        Some(6),
    );
    fails(
        Reference::parse(&format!("nginx@sha256:{}", "a".repeat(40))),
        ErrorCode::InvalidDigest,
        &format!("digest of image reference `nginx@sha256:{}` must have 64 hex digits, found 40", "a".repeat(40)),
        Some(6),
    );
}

#[test]
fn namespace_errors_point_at_the_problem() {
    fails(
        Namespace::parse("team_a-prod"),
        ErrorCode::NamespaceInvalidCharacter,
        "namespace `team_a-prod` has `_` at byte 4; a namespace name must be 1 to 63 lower-case letters, digits or `-`, \
         starting and ending with a letter or digit",
        Some(4),
    );
    fails(
        Namespace::parse("x".repeat(64).as_str()),
        ErrorCode::NamespaceTooLong,
        &format!(
            "namespace `{}` is 64 bytes long; a namespace name must be 1 to 63 lower-case letters, digits or `-`, \
             starting and ending with a letter or digit",
            "x".repeat(64)
        ),
        Some(63),
    );
}

#[test]
fn pattern_errors_say_what_failed() {
    let err = NamespacePattern::regex("(").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidRegex);
    assert!(err.message().starts_with("regex `(` does not compile: "), "{err}");
    fails(NamespacePattern::parse("glob:"), ErrorCode::InvalidPattern, "glob pattern is empty", None);
    fails(
        RegistryScope::parse("nginx"),
        ErrorCode::InvalidScope,
        "registry scope `nginx` does not start with a registry host; Docker Hub images are matched by `docker.io/...`",
        None,
    );
}

#[test]
fn error_codes_are_unique_snake_case_with_an_area() {
    let mut seen = std::collections::BTreeSet::new();
    for code in ErrorCode::ALL {
        assert!(seen.insert(code.as_str()), "duplicate {code}");
        assert!(code.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        assert!(ErrorArea::ALL.contains(&code.area()), "{code}");
    }
}

#[test]
fn a_failed_call_changes_nothing() {
    let r = Reference::parse("quay.io/a/b:1").unwrap();
    assert!(r.with_tag("bad tag").is_err());
    assert_eq!(r.as_str(), "quay.io/a/b:1");
    assert!(sort_tags(["1", "", "2"]).is_err());
}

#[test]
fn finding_codes_are_unique_family_dot_snake_case() {
    let mut seen = std::collections::BTreeSet::new();
    for code in FindingCode::ALL {
        assert!(seen.insert(code.as_str()), "duplicate {code}");
        let (family, rest) = code.as_str().split_once('.').expect("family.snake_case");
        assert!(["catalog", "curated", "gate", "naming"].contains(&family), "{code}");
        assert_eq!(code.family(), family);
        assert!(!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{code}");
    }
}

#[test]
fn finding_codes_order_and_pad_as_their_spelling() {
    let mut codes = FindingCode::ALL.to_vec();
    codes.sort();
    let spelled: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
    let mut sorted = spelled.clone();
    sorted.sort_unstable();
    assert_eq!(spelled, sorted);
    // The audit table aligns its columns with `{:<width$}`.
    assert_eq!(format!("[{:<20}]", FindingCode::GateScanUnknown), "[gate.scan_unknown   ]");
    assert_eq!(serde_json::to_string(&FindingCode::NamingTagInvalid).unwrap(), "\"naming.tag_invalid\"");
}

#[test]
fn every_error_area_has_its_own_class_and_every_area_is_used() {
    let classes: std::collections::BTreeSet<&str> = ErrorArea::ALL.iter().map(|a| a.class_name()).collect();
    assert_eq!(classes.len(), ErrorArea::ALL.len());
    for area in ErrorArea::ALL {
        assert_eq!(area.class_name(), format!("Invalid{}{}", &area.as_str()[..1].to_uppercase(), &area.as_str()[1..]));
        assert!(ErrorCode::ALL.iter().any(|c| c.area() == *area), "{area:?} has no code");
    }
}
