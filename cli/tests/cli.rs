//! The command as a person runs it: arguments, standard input, files in JSON and YAML, what
//! it prints and how it exits.

use serde_json::Value;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `imagecurator ARGS` with `stdin` as its standard input.
fn run_with(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imagecurator"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn run(args: &[&str]) -> Output {
    run_with(args, "")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs the command, expecting exit code `code`; returns what it printed.
fn expect(args: &[&str], code: i32) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(code), "{args:?}\nstdout:\n{}\nstderr:\n{}", stdout(&o), stderr(&o));
    stdout(&o)
}

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared").join(path)
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imagecurator-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn audit_of_the_bundled_cluster_prints_the_report_in_sections() {
    let table = expect(&["audit"], 0);
    assert!(table.starts_with("audit: 4 errors, 159 warnings, 2 info (policy version 1)\n"), "{table}");
    for section in ["\nSummary\n", "\nFindings\n", "\nCatalog openshift\n", "\nRetention: ", "\nCommands, in the order"]
    {
        assert!(table.contains(section), "{section} missing");
    }
    assert!(table.contains("  fix: delete it and add it to the samples Config's skippedImagestreams"));
}

#[test]
fn commands_alone_are_the_reports_commands_one_per_line() {
    let commands = expect(&["audit", "--commands"], 0);
    let report: Value = serde_json::from_str(&expect(&["audit", "--format", "json"], 0)).unwrap();
    let listed: Vec<&str> = commands.lines().collect();
    let expected: Vec<&str> = report["commands"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(listed, expected);
    assert!(listed[0].starts_with("oc patch configs.samples.operator.openshift.io cluster"));
    assert!(listed.last().unwrap().starts_with("oc tag -d "));
}

#[test]
fn markdown_is_for_a_merge_request() {
    let markdown = expect(&["audit", "--format", "markdown"], 0);
    assert!(markdown.starts_with("## imagecurator audit: 4 errors, 159 warnings, 2 info\n"));
    assert!(markdown.contains("\n```sh\noc patch"));
}

#[test]
fn fail_on_exits_1_only_for_findings_that_severe() {
    expect(&["audit", "--fail-on", "error"], 1);
    expect(&["audit", "--fail-on", "warning"], 1);
    // A cluster of one well-named namespace has nothing to say.
    let clean = temp_file("clean.json", r#"{"namespaces": ["a1b2c3-dev"]}"#);
    expect(&["audit", "--fail-on", "warning", clean.to_str().unwrap()], 0);
}

#[test]
fn bad_arguments_exit_2_and_name_what_is_wrong() {
    let o = run(&["audit", "--bogus-flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unexpected argument '--bogus-flag'"), "{}", stderr(&o));
    let o = run(&["audit", "--format", "xml"]);
    assert!(o.status.code() == Some(2) && stderr(&o).contains("possible values: table, json, markdown"));
    let o = run(&["audit", "--now", "yesterday"]);
    assert!(o.status.code() == Some(2) && stderr(&o).contains("--now `yesterday` is not an RFC 3339 time"));
    let o = run(&["audit", "no-such-file.json"]);
    assert!(o.status.code() == Some(2) && stderr(&o).starts_with("imagecurator: no-such-file.json: "));
}

#[test]
fn bad_input_names_the_file_and_the_place_in_it() {
    let good = temp_file("good.json", r#"{"namespaces": ["a1b2c3-dev"]}"#);
    let bad = temp_file("bad.json", r#"{"kind": "List", "items": [{"kind": "ImageStream"}]}"#);
    let o = run(&["audit", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let message = stderr(&o);
    assert!(message.contains("bad.json: at `items[0].metadata.name`"), "{message}");
    let o = run(&["audit", "--policy", good.to_str().unwrap()]);
    assert!(o.status.code() == Some(2) && stderr(&o).contains("unknown field `namespaces`"), "{}", stderr(&o));
}

#[test]
fn help_documents_inputs_gathering_and_exit_codes() {
    let top = expect(&["--help"], 0);
    for subcommand in ["audit", "retention", "describe", "policy"] {
        assert!(top.contains(&format!("\n  {subcommand} ")), "{subcommand} missing from:\n{top}");
    }
    for subcommand in ["audit", "retention"] {
        let help = expect(&[subcommand, "--help"], 0);
        assert!(help.contains("oc get is,templates,pods,rc,rs,deploy,dc,sts,ds,jobs,cronjobs,bc,builds -A -o json"));
        assert!(help.contains("Exit codes:\n  0  done"), "{help}");
    }
    for subcommand in [
        &["policy", "check", "--help"][..],
        &["policy", "default", "--help"],
        &["policy", "schema", "--help"],
        &["describe", "--help"],
    ] {
        assert!(expect(subcommand, 0).contains("Exit codes:"), "{subcommand:?}");
    }
    // With no subcommand, the help, on standard error, and exit 2.
    let o = run(&[]);
    assert!(o.status.code() == Some(2) && stderr(&o).contains("Usage: imagecurator <COMMAND>"));
}

#[test]
fn standard_input_takes_what_oc_prints() {
    let listing =
        std::fs::read_to_string(shared("fixtures/workloads/processed/bcgov-quickstart-openshift.json")).unwrap();
    let o = run_with(&["audit", "--format", "json", "-"], &listing);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["families"].as_array().unwrap().iter().any(|f| f["family"] == "naming"));
}

#[test]
fn yaml_as_oc_prints_it_reads_as_its_json_does() {
    let yaml = shared("fixtures/oc-get-is/hongkailiu_openshift-ansible-runner.yaml");
    let json = shared("fixtures/oc-get-is/hongkailiu_openshift-ansible-runner.converted.json");
    let from_yaml = expect(&["audit", "--format", "json", yaml.to_str().unwrap()], 0);
    let from_json = expect(&["audit", "--format", "json", json.to_str().unwrap()], 0);
    assert_eq!(from_yaml, from_json);
}

#[test]
fn a_yaml_policy_reads_names_as_names() {
    // YAML 1.1 would read `y` and `no` as booleans (the "Norway problem"); a stream may be
    // called that.
    let policy =
        temp_file("policy.yaml", "catalog:\n  openshift:\n    approved: [y, no, python]\nretention:\n  keep: 2\n");
    let checked = expect(&["policy", "check", policy.to_str().unwrap()], 0);
    assert!(checked.ends_with("policy.yaml: a valid policy document (version 1)\n"), "{checked}");
    let o = run(&["audit", "--format", "json", "--policy", policy.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let kept = &report["catalog"][0]["kept_streams"];
    assert!(kept.as_array().unwrap().contains(&Value::from("python")), "{kept}");
}

#[test]
fn the_default_policy_in_either_form_checks_and_reads_back_the_same() {
    let json = expect(&["policy", "default"], 0);
    let yaml = expect(&["policy", "default", "--format", "yaml"], 0);
    for (name, text) in [("default.json", &json), ("default.yaml", &yaml)] {
        let path = temp_file(name, text);
        expect(&["policy", "check", path.to_str().unwrap()], 0);
    }
    let o = run_with(&["policy", "check", "-"], &yaml);
    assert!(o.status.code() == Some(0) && stdout(&o).starts_with("standard input: a valid policy document"));
    // The audit under either is the audit under the default.
    let default = expect(&["audit", "--format", "json"], 0);
    let path = temp_file("again.yaml", &yaml);
    assert_eq!(expect(&["audit", "--format", "json", "--policy", path.to_str().unwrap()], 0), default);
}

#[test]
fn a_bad_policy_says_where() {
    let policy = temp_file("bad-policy.yaml", "retention:\n  keepp: 2\n");
    let o = run(&["policy", "check", policy.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad-policy.yaml: policy is invalid at `retention.keepp`: unknown field `keepp`"));
}

#[test]
fn retention_prints_the_audits_plan() {
    let table = expect(&["retention"], 0);
    assert!(table.starts_with("Retention: 20 tags in 4 streams: keep 18, prune 2\n"), "{table}");
    assert!(table.contains("prune app:0.9.0 (sha256:617070302e39): 3 newer versions of its group (scheme N.N.N)"));
    assert_eq!(
        expect(&["retention", "--commands"], 0),
        "oc tag -d a1b2c3-tools/app:0.9.0\noc tag -d a1b2c3-tools/app:0.9.1\n"
    );
    let plan: Value = serde_json::from_str(&expect(&["retention", "--format", "json"], 0)).unwrap();
    assert_eq!(plan["totals"]["tags"], 20);
}

#[test]
fn describe_says_what_each_text_reads_as() {
    let table = expect(&["describe", "17.0.1_12-jre-alpine", "a1b2c3-prod"], 0);
    assert!(table.contains("tag:       variant, scheme N.N.N-jre-alpine, release 17.0.1, revision 12"), "{table}");
    assert!(table.contains("namespace: licence plate a1b2c3, environment prod; matches `*-prod`"));
    let described: Value = serde_json::from_str(&expect(&["describe", "--format", "json", "nginx:1.25"], 0)).unwrap();
    assert_eq!(described[0]["reference"]["canonical"], "docker.io/library/nginx:1.25");
    assert_eq!(described[0]["tag"]["error"]["code"], "invalid_tag");
    expect(&["describe"], 2);
}

#[test]
fn policy_schema_prints_the_shipped_schema() {
    let printed = expect(&["policy", "schema"], 0);
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/policy.schema.json")).unwrap();
    assert_eq!(printed, shipped);
    let schema: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(expect(&["policy", "schema", "--help"], 0).contains("yaml-language-server: $schema="));
}

#[test]
fn policy_export_writes_the_bundled_example_policy_as_admission_objects() {
    let yaml = expect(&["policy", "export", "--target", "vap"], 0);
    assert!(
        yaml.starts_with("# the bundled example policy, exported by imagecurator policy export --target vap\n---\n"),
        "{yaml}"
    );
    assert_eq!(yaml.matches("\n---\n").count(), 2, "two objects");
    for needle in [
        "kind: ValidatingAdmissionPolicy\n",
        "kind: ValidatingAdmissionPolicyBinding\n",
        "pods/ephemeralcontainers",
        "imagecurator.io/policy-version: \"1\"",
        "- Deny",
    ] {
        assert!(yaml.contains(needle), "{needle} in\n{yaml}");
    }
    // The same objects as a JSON List, from the same policy given as a file.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/policy/policy.yaml");
    let list: Value = serde_json::from_str(&expect(
        &["policy", "export", example.to_str().unwrap(), "--target", "vap", "--format", "json"],
        0,
    ))
    .unwrap();
    assert_eq!(list["kind"], "List");
    let kinds: Vec<&str> = list["items"].as_array().unwrap().iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]);
    let yaml_again = imagecurator::yaml_documents(&yaml).unwrap();
    assert_eq!(yaml_again, list["items"].as_array().unwrap().clone(), "YAML and JSON say the same");
}

#[test]
fn policy_export_of_a_policy_that_enforces_nothing_says_what_to_set() {
    let o = run_with(&["policy", "export", "-", "--target", "vap"], "{}");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("list the approved registries in `allowed`") && err.contains("[not_exportable]"), "{err}");
    // The example policy's paths and port are prefixes Gatekeeper can say; a subdomain scope is not.
    let gatekeeper = expect(&["policy", "export", "--target", "gatekeeper"], 0);
    assert!(
        gatekeeper.contains("kind: K8sAllowedReposv2\n")
            && gatekeeper.contains("- artifacts.developer.gov.bc.ca/docker-remote/*"),
        "{gatekeeper}"
    );
    let o = run_with(
        &["policy", "export", "-", "--target", "gatekeeper"],
        r#"{"gates": {"origin": {"allowed": ["*.example.com"]}}}"#,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("gates.origin.allowed[0]") && stderr(&o).contains("any subdomain"), "{}", stderr(&o));
    let o = run(&["policy", "export", "--target", "kyverno-v9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("vap"), "{}", stderr(&o));
}

#[test]
fn policy_export_writes_kyverno_and_the_image_config_floor_with_its_warning() {
    let kyverno = expect(&["policy", "export", "--target", "kyverno"], 0);
    for needle in [
        "kind: ClusterPolicy\n",
        "pod-policies.kyverno.io/autogen-controllers: none",
        "- apps.openshift.io/v1/DeploymentConfig",
        "- v1/Pod/ephemeralcontainers",
        "failureAction: Enforce",
    ] {
        assert!(kyverno.contains(needle), "{needle} in\n{kyverno}");
    }
    // The floor goes to standard output; what to know before applying it, to standard error.
    let o = run(&["policy", "export", "--target", "image-config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(yaml.contains("kind: Image\n") && yaml.contains("- registry.redhat.io\n"), "{yaml}");
    let err = stderr(&o);
    assert!(err.starts_with("warning: Every change to this object"), "{err}");
    assert!(
        err.contains("warning: allowedRegistriesForImport takes hosts only") && err.contains("docker-remote"),
        "{err}"
    );
    let o = run_with(
        &["policy", "export", "-", "--target", "image-config"],
        r#"{"gates": {"origin": {"allowed": ["quay.io"]}}}"#,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("gates.admission.platform_registries") && stderr(&o).contains("registry.redhat.io"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty(), "nothing half-written");
}

#[test]
fn policy_scan_gate_writes_the_passing_digests_the_policy_and_its_binding() {
    // The bundled example: its cluster's one scan passes, and it has one gated namespace.
    let o = run(&["policy", "scan-gate", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = list["items"].as_array().unwrap().iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["ConfigMap", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]);
    assert_eq!(list["items"][0]["data"].as_object().unwrap().len(), 1);
    assert!(
        stderr(&o).starts_with("warning: The scan rule binds to the one gated namespace the audit saw (a1b2c3-prod)")
    );
    // The strategy's policy has no scan rule: said with its path, and nothing written.
    let o = run_with(&["policy", "scan-gate", "--policy", "-"], "{}");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("gates.admission.require_scan_passed"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn a_scan_report_given_alone_is_read_as_one() {
    for report in ["fixtures/scans/grype/keycloak-test.json", "fixtures/scans/stackrox/image.json"] {
        let path = shared(report);
        let out: Value =
            serde_json::from_str(&expect(&["audit", "--format", "json", path.to_str().unwrap()], 0)).unwrap();
        // Nothing in the inventory runs its image, and the report says so rather than vanishing.
        assert_eq!(out["unused_input"]["ScanReport"], 1, "{report}");
    }
}
