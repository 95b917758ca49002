//! Retention over a synthetic cluster: 10,000 image streams of 100 tags each (a million tags,
//! half of them aliases of another tag's image). Prints time and peak memory, and writes the
//! input as JSON so that scripts/bench/retention.py plans the very same data from Python.
//!
//!     cargo bench -p imagecurator --bench retention -- OUTPUT_DIR

use imagecurator::bindings::plan_retention_json;
use imagecurator::{plan_retention, ImageStream, RetentionContext, RetentionPolicy};
use serde_json::{json, Value};
use std::time::Instant;

const STREAMS: usize = 10_000;

/// 50 images per stream, each with a full version tag; 50 more tags alias them
/// (`major.minor`, `major`, `latest`, `stable` and build ids).
fn stream(i: usize) -> Value {
    let mut tags = Vec::with_capacity(100);
    for v in 0..50usize {
        let (major, minor, patch) = (1 + v / 20, (v / 4) % 5, v % 4);
        let image = format!("sha256:{:032x}{:032x}", i, v);
        let created = format!("2024-{:02}-{:02}T00:00:00Z", 1 + v % 12, 1 + v % 28);
        tags.push(json!({"tag": format!("{major}.{minor}.{patch}"), "items": [{"image": image, "created": created}]}));
        let alias = match v % 5 {
            0 | 1 => format!("{major}.{minor}.{patch}-r{v}"),
            2 => format!("{:07x}", 0x1000000 + i * 64 + v),
            3 => format!("{major}.{minor}.{patch}.{v}"),
            _ => format!("build-{v}"),
        };
        tags.push(json!({"tag": alias, "items": [{"image": image, "created": created}]}));
    }
    json!({"kind": "ImageStream", "metadata": {"name": format!("app{i}"), "namespace": format!("ns{}", i / 10)},
           "status": {"tags": tags}})
}

/// The process's peak resident memory, from Linux's /proc.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let dir = std::env::args().skip(1).find(|a| !a.starts_with("--")).unwrap_or_else(|| "target/bench-inputs".into());
    let input = Value::Array((0..STREAMS).map(stream).collect());
    let text = serde_json::to_string(&input).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(format!("{dir}/streams.json"), &text).unwrap();
    drop(input);
    let before = peak_rss_mib().unwrap_or(0.0);

    // Typed, from text in one pass: how a caller with `oc get is -o json` output reads it.
    let start = Instant::now();
    let typed = ImageStream::from_json_str(&text).unwrap();
    let typed_read = start.elapsed();
    let start = Instant::now();
    let typed_plan = plan_retention(
        &RetentionPolicy::default(),
        &typed,
        &RetentionContext { evidence: Some(imagecurator::Evidence::default()), ..Default::default() },
    )
    .unwrap();
    let typed_planning = start.elapsed();
    println!(
        "native rust, typed from text: read {:.0} ms, plan {:.0} ms, total {:.0} ms ({} pruned)",
        typed_read.as_secs_f64() * 1e3,
        typed_planning.as_secs_f64() * 1e3,
        (typed_read + typed_planning).as_secs_f64() * 1e3,
        typed_plan.totals.pruned
    );
    drop((typed, typed_plan));

    let start = Instant::now();
    let value: Value = serde_json::from_str(&text).unwrap();
    let parsed = start.elapsed();
    let start = Instant::now();
    let nothing_runs = serde_json::json!([]);
    let plan = plan_retention_json(&value, None, Some(&nothing_runs), None, Some("2026-11-29T00:00:00Z")).unwrap();
    let from_json = start.elapsed();
    let streams: Vec<ImageStream> =
        value.as_array().unwrap().iter().flat_map(|s| ImageStream::from_json(s).unwrap()).collect();
    let start = Instant::now();
    let again = plan_retention(
        &RetentionPolicy::default(),
        &streams,
        &RetentionContext { evidence: Some(imagecurator::Evidence::default()), ..Default::default() },
    )
    .unwrap();
    let planning = start.elapsed();
    assert_eq!(plan.totals.tags, 1_000_000);
    assert_eq!(again.totals.pruned, plan.totals.pruned);
    println!(
        "native rust: {} tags in {} streams, {} pruned; JSON text to value {:.0} ms, value to plan {:.0} ms \
         (of which planning {:.0} ms); peak memory {:.0} MiB (input text {:.0} MiB, {:.0} MiB before planning)",
        plan.totals.tags,
        STREAMS,
        plan.totals.pruned,
        parsed.as_secs_f64() * 1e3,
        from_json.as_secs_f64() * 1e3,
        planning.as_secs_f64() * 1e3,
        peak_rss_mib().unwrap_or(f64::NAN),
        text.len() as f64 / (1024.0 * 1024.0),
        before,
    );
}
