//! `imagecurator`: the image-management policy at a terminal. Audit a cluster's data, plan
//! retention, see what a name reads as, and check a policy document. Every rule is the
//! library's (`imagecurator`); this command reads files, calls it and prints what it says.

mod describe;
mod input;

use clap::{Args, Parser, Subcommand, ValueEnum};
use imagecurator::{audit, Policy};
use std::process::ExitCode;

const EXIT_CODES: &str = "\
Exit codes:
  0  done (with --fail-on: and no finding at or above that severity)
  1  --fail-on: a finding at or above the severity given
  2  bad arguments or input; the message names the flag, the file and the place in it";

const SCHEMA_USE: &str = "\
In a YAML policy, a first line
  # yaml-language-server: $schema=policy.schema.json
lets editors that use the YAML language server (VS Code's YAML extension, ...) find it.";

const GATHER: &str = "\
Inputs are files, or `-` for standard input: what `oc get ... -o json` (or `-o yaml`) prints,
one document or several, or a keyed inventory document (imagestreams, templates, workloads,
pods, scans, samples_config, namespaces, now, peers), in any mix. Each object goes where its
kind belongs. With no input, the bundled example cluster is read.

Gather a cluster's data:
  oc get is,templates,pods,rc,rs,deploy,dc,sts,ds,jobs,cronjobs,bc,builds -A -o json > cluster.json
  oc get configs.samples.operator.openshift.io cluster -o json > samples.json
  trivy image --format json IMAGE > scan.json     (scan reports, for the prod gates;
                                                  grype -o json and ACS image objects too)
then:
  imagecurator audit --now \"$(date -u +%FT%TZ)\" cluster.json samples.json scan.json";

/// Audit a cluster's images against the image-management policy.
#[derive(Parser)]
#[command(name = "imagecurator", version, after_help = EXIT_CODES, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply the policy to a cluster's data: catalog, naming, curated images, prod gates,
    /// retention and propagation, with each finding's fix and the commands to run.
    #[command(long_about = None, after_help = format!("{GATHER}\n\n{EXIT_CODES}"))]
    Audit(AuditArgs),
    /// Plan retention: which tags of each image stream go, and why each stays or goes.
    #[command(after_help = format!("{GATHER}\n\n{EXIT_CODES}"))]
    Retention(RetentionArgs),
    /// Say what each text reads as: an image reference, a tag (its kind and scheme) and a
    /// namespace (its licence plate and environment).
    #[command(after_help = EXIT_CODES)]
    Describe(DescribeArgs),
    /// Check a policy document, print the default one, or print its JSON Schema.
    #[command(subcommand, after_help = EXIT_CODES)]
    Policy(PolicyCommand),
}

#[derive(Args)]
struct InputArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The policy document (JSON or YAML); without it, the strategy's default
    /// (`imagecurator policy default`).
    #[arg(long, value_name = "FILE")]
    policy: Option<String>,
}

/// The cluster's data an audit reads.
#[derive(Args)]
struct DataArgs {
    /// Inventory files (JSON or YAML), `-` for standard input; none: the bundled example.
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,
    /// The time of the audit, RFC 3339 (`2026-11-30T12:00:00Z`); replaces the inventory's
    /// `now`. Without either, no rule that needs the time applies, and the report says so.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
}

#[derive(Args)]
struct AuditArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Exit 1 when a finding is at least this severe (for CI).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,
}

#[derive(Args)]
struct RetentionArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args)]
struct OutputArgs {
    /// How to print: a table for a terminal, markdown for a merge request, or JSON (all of it).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Print only the commands, one per line, in the order that is safe to run them.
    #[arg(long)]
    commands: bool,
}

#[derive(Args)]
struct DescribeArgs {
    /// Texts to read: `nginx:1.25`, `13-el8`, `a1b2c3-prod`, ...
    #[arg(required = true, value_name = "TEXT")]
    texts: Vec<String>,
    /// A table for a terminal, or JSON.
    #[arg(long, value_enum, default_value_t = DescribeFormat::Table)]
    format: DescribeFormat,
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Check a policy document (JSON or YAML): exit 0 when it is valid, with any statements
    /// that another overrides; exit 2 with the path of what is wrong.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// The policy document, or `-` for standard input.
        file: String,
    },
    /// Print the policy document's JSON Schema (draft 7), for editors: with it, a YAML or JSON
    /// policy is completed and checked as you type.
    #[command(
        after_help = format!("{SCHEMA_USE}\n\n{EXIT_CODES}")
    )]
    Schema,
    /// Write the policy's prod gates as admission objects, for the cluster to enforce what the
    /// audit checks: a ValidatingAdmissionPolicy and its binding (`--target vap`), a Kyverno
    /// ClusterPolicy (`--target kyverno`), a Gatekeeper K8sAllowedReposv2 constraint
    /// (`--target gatekeeper`), or OpenShift's cluster-wide registry floor (`--target
    /// image-config`).
    #[command(after_help = format!("{EXPORT_USE}\n\n{EXIT_CODES}"))]
    Export {
        /// The policy document (JSON or YAML), or `-` for standard input; without one, the
        /// bundled example policy (examples/policy/policy.yaml).
        file: Option<String>,
        /// The admission system to write for.
        #[arg(long, value_enum)]
        target: Target,
        /// YAML documents for `oc apply -f -`, or a JSON List.
        #[arg(long, value_enum, default_value_t = DocumentFormat::Yaml)]
        format: DocumentFormat,
    },
    /// Write the gates' scan rule for the cluster from an audit's data
    /// (`gates.admission.require_scan_passed`): a ConfigMap of the digests whose scan passed
    /// the gate, a ValidatingAdmissionPolicy that admits in the gated namespaces only images
    /// pinned to one of them, and its binding. Run it after each audit, and apply its output.
    #[command(after_help = format!("{SCAN_GATE_USE}\n\n{EXIT_CODES}"))]
    ScanGate {
        /// The data, with the scan reports and the namespaces or pods.
        #[command(flatten)]
        data: DataArgs,
        /// The policy document; without it, the bundled example policy.
        #[arg(long, value_name = "FILE")]
        policy: Option<String>,
        /// YAML documents for `oc apply -f -`, or a JSON List.
        #[arg(long, value_enum, default_value_t = DocumentFormat::Yaml)]
        format: DocumentFormat,
    },
    /// Print the strategy's policy, every section written out: a start for your own.
    #[command(after_help = EXIT_CODES)]
    Default {
        /// JSON or YAML.
        #[arg(long, value_enum, default_value_t = DocumentFormat::Json)]
        format: DocumentFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum DescribeFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DocumentFormat {
    Json,
    Yaml,
}

#[derive(Clone, Copy, ValueEnum)]
enum Target {
    /// A Kubernetes ValidatingAdmissionPolicy and its binding (Kubernetes 1.30, OpenShift 4.17).
    Vap,
    /// A Gatekeeper K8sAllowedReposv2 constraint (install gatekeeper-library's template first);
    /// string prefixes and Pods only, so it cannot say everything the policy can.
    Gatekeeper,
    /// A Kyverno ClusterPolicy running the same CEL as the ValidatingAdmissionPolicy.
    Kyverno,
    /// OpenShift's Image config `cluster`: a registry floor for every namespace and node (the
    /// gates' registries and `gates.admission.platform_registries`); changing it rolls out to
    /// every node.
    ImageConfig,
}

const EXPORT_USE: &str = "Have the API server check it, then apply it:
  imagecurator policy export policy.yaml --target vap > gates.yaml
  oc apply --dry-run=server -f gates.yaml && oc apply -f gates.yaml
To see what it would refuse before it refuses anything, set `gates.admission.actions: [Warn,
Audit]` in the policy first, and `[Deny]` once the warnings are gone.";

const SCAN_GATE_USE: &str = "After each audit, with the same data and policy:
  imagecurator policy scan-gate cluster.json scans.json --policy policy.yaml > scan-gate.yaml
  oc apply --dry-run=server -f scan-gate.yaml && oc apply -f scan-gate.yaml
The binding names the gated namespaces the data holds: a gated namespace made later is not
checked for scans until the next run. If the ConfigMap is missing, pods in those namespaces
are refused (and no others).";

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

/// What a run ends in: done, or findings that `--fail-on` fails.
enum Outcome {
    Done,
    Failed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(message) => {
            eprintln!("imagecurator: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<Outcome, String> {
    match command {
        Command::Audit(args) => run_audit(args),
        Command::Retention(args) => run_retention(args),
        Command::Describe(args) => {
            emit(&describe::describe(&args.texts, matches!(args.format, DescribeFormat::Json)))?;
            Ok(Outcome::Done)
        }
        Command::Policy(PolicyCommand::Check { file }) => check_policy(&file),
        Command::Policy(PolicyCommand::Schema) => {
            emit(imagecurator::POLICY_SCHEMA)?;
            Ok(Outcome::Done)
        }
        Command::Policy(PolicyCommand::Export { file, target, format }) => export(file.as_deref(), target, format),
        Command::Policy(PolicyCommand::ScanGate { data, policy, format }) => {
            scan_gate(&data, policy.as_deref(), format)
        }
        Command::Policy(PolicyCommand::Default { format }) => {
            emit(&document(&Policy::default(), format)?)?;
            Ok(Outcome::Done)
        }
    }
}

fn run_audit(args: AuditArgs) -> Result<Outcome, String> {
    let report = report_of(&args.input)?;
    if args.output.commands {
        print_lines(&report.commands)?;
    } else {
        emit(&match args.output.format {
            Format::Table => report.to_table(),
            Format::Markdown => report.to_markdown(),
            Format::Json => json(&report)? + "\n",
        })?;
    }
    let s = &report.summary;
    let failing = match args.fail_on {
        None => 0,
        Some(FailOn::Error) => s.errors,
        Some(FailOn::Warning) => s.errors + s.warnings,
    };
    Ok(if failing > 0 { Outcome::Failed } else { Outcome::Done })
}

fn run_retention(args: RetentionArgs) -> Result<Outcome, String> {
    // The audit's own retention: the same streams (those outside the catalog namespaces), the
    // same evidence and the same time, so the two never disagree.
    let plan = report_of(&args.input)?.retention;
    if args.output.commands {
        print_lines(&plan.commands)?;
    } else {
        let text = match args.output.format {
            Format::Table => plan.to_table(),
            Format::Markdown => plan.to_markdown(),
            Format::Json => json(&plan)? + "\n",
        };
        emit(text.trim_start())?;
    }
    Ok(Outcome::Done)
}

fn report_of(input: &InputArgs) -> Result<imagecurator::AuditReport, String> {
    let policy = input::policy(input.policy.as_deref())?;
    let inventory = input::inventory(&input.data.inputs, input.data.now.as_deref())?;
    audit(&policy, &inventory).map_err(|e| format!("audit: {e} [{}]", e.code()))
}

fn check_policy(path: &str) -> Result<Outcome, String> {
    let source = input::Source::read(path)?;
    let policy = input::policy_of(&source)?;
    let conflicts = policy.conflicts();
    let mut text = format!("{}: a valid policy document (version {})\n", source.name, imagecurator::POLICY_VERSION);
    for c in &conflicts {
        text += &format!("  overridden: {} ({}): {}\n", c.path, c.subject, c.message);
    }
    emit(&text)?;
    Ok(Outcome::Done)
}

fn export(path: Option<&str>, target: Target, format: DocumentFormat) -> Result<Outcome, String> {
    let (source, policy) = policy_or_example(path)?;
    let target = match target {
        Target::Vap => imagecurator::ExportTarget::Vap,
        Target::Gatekeeper => imagecurator::ExportTarget::Gatekeeper,
        Target::Kyverno => imagecurator::ExportTarget::Kyverno,
        Target::ImageConfig => imagecurator::ExportTarget::ImageConfig,
    };
    let objects =
        imagecurator::export_admission(&policy, target).map_err(|e| format!("{}: {}", source.name, input::say(e)))?;
    write_objects(
        &objects,
        &format!("{}, exported by imagecurator policy export --target {target}", source.name),
        format,
    )
}

/// Scan gate: the objects for the policy's scan rule from the inventory's data.
fn scan_gate(data: &DataArgs, policy: Option<&str>, format: DocumentFormat) -> Result<Outcome, String> {
    let (source, policy) = policy_or_example(policy)?;
    let inventory = input::inventory(&data.inputs, data.now.as_deref())?;
    let objects = imagecurator::export_scan_gate(&policy, &inventory)
        .map_err(|e| format!("{}: {}", source.name, input::say(e)))?;
    write_objects(&objects, &format!("{}, exported by imagecurator policy scan-gate", source.name), format)
}

/// The policy in `path`, or the bundled example policy, with where it came from: the
/// `policy` subcommands' default.
fn policy_or_example(path: Option<&str>) -> Result<(input::Source, Policy), String> {
    let source = match path {
        Some(path) => input::Source::read(path)?,
        None => input::Source::example_policy(),
    };
    let policy = input::policy_of(&source)?;
    Ok((source, policy))
}

/// Objects as YAML documents under a comment, or a JSON List; each `imagecurator.io/warning`
/// (and the Image config's import note) also on standard error, where a person sees it.
fn write_objects(objects: &[serde_json::Value], header: &str, format: DocumentFormat) -> Result<Outcome, String> {
    for object in objects {
        for key in ["imagecurator.io/warning", "imagecurator.io/import-omitted"] {
            if let Some(text) = object["metadata"]["annotations"][key].as_str() {
                eprintln!("warning: {text}");
            }
        }
    }
    let text = match format {
        DocumentFormat::Json => {
            json(&serde_json::json!({"apiVersion": "v1", "kind": "List", "items": objects}))? + "\n"
        }
        DocumentFormat::Yaml => {
            let documents: Result<Vec<String>, String> =
                objects.iter().map(|o| imagecurator::to_yaml(o).map_err(|e| e.to_string())).collect();
            format!("# {header}\n---\n{}", documents?.join("---\n"))
        }
    };
    emit(&text)?;
    Ok(Outcome::Done)
}

fn document(policy: &Policy, format: DocumentFormat) -> Result<String, String> {
    match format {
        DocumentFormat::Json => Ok(json(policy)? + "\n"),
        DocumentFormat::Yaml => imagecurator::to_yaml(policy).map_err(|e| e.to_string()),
    }
}

fn json(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| format!("writing JSON: {e}"))
}

fn print_lines(lines: &[String]) -> Result<(), String> {
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    emit(&text)
}

/// Writes to standard output. A reader that stops early (`| head`) ends the output, not the
/// command with a panic.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing the output: {e}")),
        _ => Ok(()),
    }
}
