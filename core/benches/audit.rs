//! The audit over a synthetic cluster: 5,000 namespaces (1,250 licence plates in four
//! environments), 50,000 image streams with 20 tags each (a million tags: 14 versions and 6
//! aliases per stream), 100,000 pods (the prod ones with scan reports), 50,000 workload
//! controllers (Deployments, CronJobs, DeploymentConfigs, StatefulSets, BuildConfigs), plus the bundled
//! example's `openshift` namespace. Writes the inventory once as JSON (so that
//! scripts/bench/audit.py audits the very same data from Python), then measures in a fresh
//! process, so that peak memory is the audit's own: JSON text to inventory, the audit, and the
//! report back to JSON.
//!
//!     cargo bench -p imagecurator --bench audit -- OUTPUT_DIR

use imagecurator::{audit, Inventory, Policy};
use std::fmt::Write as _;
use std::time::Instant;

/// Licence plates (each four namespaces); `IMAGECURATOR_BENCH_PLATES` makes a smaller cluster
/// for profiling under callgrind, where one full run would take minutes.
const PLATES: usize = 1_250;
const ENVIRONMENTS: [&str; 4] = ["tools", "dev", "test", "prod"];
const STREAMS_PER_NAMESPACE: usize = 10;
const PODS_PER_NAMESPACE: usize = 20;
const CONTROLLERS_PER_NAMESPACE: usize = 10;

/// A digest as random-looking as a real one (real digests share no prefixes), fixed by its inputs.
fn digest(stream: usize, version: usize) -> String {
    let mix = |mut x: u64| {
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d049bb133111eb);
        x ^ (x >> 31)
    };
    let seed = (stream as u64) << 8 | version as u64;
    let words: Vec<String> = (0..4u64).map(|i| format!("{:016x}", mix(seed.wrapping_mul(4).wrapping_add(i)))).collect();
    format!("sha256:{}", words.concat())
}

/// One stream: 14 versions (a few with pre-releases and variants) and 6 aliases.
fn write_stream(out: &mut String, namespace: &str, s: usize) {
    let _ = write!(
        out,
        r#"{{"kind":"ImageStream","metadata":{{"name":"app{}","namespace":"{namespace}"}},"#,
        s % STREAMS_PER_NAMESPACE
    );
    out.push_str(
        r#""spec":{"tags":[{"name":"latest","from":{"kind":"ImageStreamTag","name":"1.3.1"}}]},"status":{"tags":["#,
    );
    for v in 0..14 {
        let tag = match v % 7 {
            5 => format!("{}.{}.0-rc.{}", 1 + v / 7, v % 5, v),
            6 => format!("{}.{}-ubi8", 1 + v / 7, v % 5),
            _ => format!("{}.{}.{}", 1 + v / 7, v % 5, v % 3),
        };
        let created = format!("2025-{:02}-{:02}T00:00:00Z", 1 + v % 12, 1 + v % 28);
        let _ = write!(out, r#"{{"tag":"{tag}","items":[{{"image":"{}","created":"{created}"}}]}},"#, digest(s, v));
    }
    for (a, alias) in ["latest", "stable", "1", "1.3", "2", "prod"].iter().enumerate() {
        let _ = write!(
            out,
            r#"{{"tag":"{alias}","items":[{{"image":"{}","created":"2025-06-01T00:00:00Z"}}]}}"#,
            digest(s, 13 - a)
        );
        out.push(if a < 5 { ',' } else { ']' });
    }
    out.push_str("}},");
}

/// A small Trivy report for one image: a few fixable vulnerabilities.
fn write_scan(out: &mut String, image: &str, n: usize) {
    let _ = write!(
        out,
        r#"{{"image":"{image}","report":{{"SchemaVersion":2,"CreatedAt":"2026-11-20T00:00:00Z","Metadata":{{"OS":{{"Family":"alpine"}}}},"Results":[{{"Class":"os-pkgs","Vulnerabilities":[{{"VulnerabilityID":"CVE-{n}","Severity":"MEDIUM","FixedVersion":"1.1"}},{{"VulnerabilityID":"CVE-{n}-2","Severity":"LOW"}}]}}]}}}},"#
    );
}

fn generate(bundled: &serde_json::Value) -> String {
    let mut out = String::with_capacity(256 << 20);
    out.push_str(r#"{"now":"2026-11-29T00:00:00Z","imagestreams":[{"kind":"List","items":["#);
    let mut namespaces = Vec::new();
    let plates = std::env::var("IMAGECURATOR_BENCH_PLATES").ok().and_then(|n| n.parse().ok()).unwrap_or(PLATES);
    for p in 0..plates {
        for env in ENVIRONMENTS {
            namespaces.push(format!("{:06x}-{env}", 0xa00000 + p));
        }
    }
    for (n, namespace) in namespaces.iter().enumerate() {
        for i in 0..STREAMS_PER_NAMESPACE {
            write_stream(&mut out, namespace, n * STREAMS_PER_NAMESPACE + i);
        }
    }
    out.pop();
    out.push_str("]},");
    out.push_str(&serde_json::to_string(&bundled["imagestreams"]).unwrap());
    out.push_str(r#"],"templates":"#);
    out.push_str(&serde_json::to_string(&bundled["templates"]).unwrap());
    out.push_str(r#","pods":{"kind":"PodList","items":["#);
    let mut scans = String::from(r#","scans":["#);
    for (n, namespace) in namespaces.iter().enumerate() {
        let tools = format!("{}-tools", &namespace[..6]);
        for p in 0..PODS_PER_NAMESPACE {
            let s = (n / 4) * 4 * STREAMS_PER_NAMESPACE + p % STREAMS_PER_NAMESPACE;
            let image = format!(
                "image-registry.openshift-image-registry.svc:5000/{tools}/app{}:1.3.1",
                p % STREAMS_PER_NAMESPACE
            );
            let _ = write!(
                out,
                r#"{{"metadata":{{"name":"pod{p}","namespace":"{namespace}"}},"spec":{{"containers":[{{"name":"app","image":"{image}"}}]}},"status":{{"containerStatuses":[{{"name":"app","imageID":"x@{}"}}]}}}},"#,
                digest(s, 11)
            );
            if namespace.ends_with("-prod") && p < STREAMS_PER_NAMESPACE {
                write_scan(&mut scans, &digest(s, 11), n * 100 + p);
            }
        }
    }
    out.pop();
    out.push_str("]}");
    write_controllers(&mut out, &namespaces);
    scans.pop();
    out.push_str(&scans);
    out.push_str("]}");
    out
}

/// `CONTROLLERS_PER_NAMESPACE` workload controllers per namespace, as one mixed `List` under
/// `workloads`: Deployments scaled to zero, CronJobs, DeploymentConfigs following a tag by
/// their ImageChange trigger, StatefulSets and BuildConfigs with a builder image, each
/// referring to an older version of one of the plate's streams.
fn write_controllers(out: &mut String, namespaces: &[String]) {
    out.push_str(r#","workloads":{"kind":"List","items":["#);
    for namespace in namespaces {
        let tools = format!("{}-tools", &namespace[..6]);
        for c in 0..CONTROLLERS_PER_NAMESPACE {
            let (stream, tag) = (c % STREAMS_PER_NAMESPACE, ["1.1.1", "1.2.2", "1.0.0"][c % 3]);
            let image = format!("image-registry.openshift-image-registry.svc:5000/{tools}/app{stream}:{tag}");
            let spec = format!(r#"{{"spec":{{"containers":[{{"name":"c","image":"{image}"}}]}}}}"#);
            let meta = format!(r#""metadata":{{"name":"w{c}","namespace":"{namespace}"}}"#);
            let ist = format!(r#"{{"kind":"ImageStreamTag","name":"app{stream}:{tag}","namespace":"{tools}"}}"#);
            let _ = match c % 5 {
                0 => write!(out, r#"{{"kind":"Deployment",{meta},"spec":{{"replicas":0,"template":{spec}}}}},"#),
                1 => write!(
                    out,
                    r#"{{"kind":"CronJob",{meta},"spec":{{"jobTemplate":{{"spec":{{"template":{spec}}}}}}}}},"#
                ),
                2 => write!(
                    out,
                    r#"{{"kind":"DeploymentConfig",{meta},"spec":{{"template":{{"spec":{{"containers":[{{"name":"c","image":" "}}]}}}},"triggers":[{{"type":"ImageChange","imageChangeParams":{{"from":{ist}}}}}]}}}},"#
                ),
                3 => write!(out, r#"{{"kind":"StatefulSet",{meta},"spec":{{"replicas":1,"template":{spec}}}}},"#),
                _ => write!(
                    out,
                    r#"{{"kind":"BuildConfig",{meta},"spec":{{"strategy":{{"sourceStrategy":{{"from":{ist}}}}}}}}},"#
                ),
            };
        }
    }
    out.pop();
    out.push_str("]}");
}

/// The process's peak resident memory, from Linux's /proc.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn measure(path: &str) {
    let start = Instant::now();
    let text = std::fs::read_to_string(path).unwrap();
    let read = start.elapsed();
    let start = Instant::now();
    let inventory = Inventory::from_json_str(&text).unwrap();
    let parsed = start.elapsed();
    let peak_reading = peak_rss_mib().unwrap_or(f64::NAN);
    let text_mib = text.len() as f64 / (1024.0 * 1024.0);
    drop(text);
    let start = Instant::now();
    let report = audit(&Policy::default(), &inventory).unwrap();
    let audited = start.elapsed();
    let peak_auditing = peak_rss_mib().unwrap_or(f64::NAN);
    let tags: usize = inventory.streams.iter().map(|s| s.tags().len()).sum();
    let counts = (inventory.streams.len(), inventory.workloads.len(), inventory.scans.len());
    // The report does not borrow the inventory; a caller writes it out after letting go.
    drop(inventory);
    let start = Instant::now();
    let out = format!("{path}.report.json");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
    serde_json::to_writer(&mut file, &report).unwrap();
    std::io::Write::flush(&mut file).unwrap();
    let written = start.elapsed();
    let json_len = std::fs::metadata(&out).unwrap().len();
    println!(
        "native rust audit: {} streams, {tags} tags, {} containers, {} scans; {} findings, {} tags pruned",
        counts.0,
        counts.1,
        counts.2,
        report.findings.len(),
        report.retention.totals.pruned,
    );
    println!(
        "  read {:.0} ms, JSON text ({text_mib:.0} MiB) to inventory {:.0} ms, audit {:.0} ms, report written as JSON ({:.0} MiB) {:.0} ms; \
         total {:.0} ms; peak memory {:.0} MiB (reading {peak_reading:.0}, auditing {peak_auditing:.0})",
        read.as_secs_f64() * 1e3,
        parsed.as_secs_f64() * 1e3,
        audited.as_secs_f64() * 1e3,
        json_len as f64 / (1024.0 * 1024.0),
        written.as_secs_f64() * 1e3,
        (read + parsed + audited + written).as_secs_f64() * 1e3,
        peak_rss_mib().unwrap_or(f64::NAN),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if let [flag, path] = &args[..] {
        if flag == "--measure" {
            return measure(path);
        }
    }
    let dir = args.first().cloned().unwrap_or_else(|| "target/bench-inputs".into());
    let bundled_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/inventory/cluster.json");
    let bundled: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(bundled_path).unwrap()).unwrap();
    let path = format!("{dir}/cluster.json");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(&path, generate(&bundled)).unwrap();
    let status =
        std::process::Command::new(std::env::current_exe().unwrap()).args(["--measure", &path]).status().unwrap();
    assert!(status.success());
}
