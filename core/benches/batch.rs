//! Native per-item cost of parsing the benchmark's references and tags, and the inputs written
//! out so that the Python and WASM batch benchmarks (scripts/bench.sh) parse the very same text.
//!
//!     cargo bench -p imagecurator --bench batch -- OUTPUT_DIR

use std::hint::black_box;
use std::time::Instant;

#[path = "parse/inputs.rs"]
mod inputs;

const COUNT: usize = 1_000_000;

/// The best of five runs of `run` over `count` items, in nanoseconds per item.
fn best_of_five(count: usize, run: impl Fn()) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_nanos() as f64 / count as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// The best of five runs, each result dropped as soon as it is made, in nanoseconds per item.
fn best_ns_per_item(items: &[String], parse: impl Fn(&str) -> usize) -> f64 {
    best_of_five(items.len(), || {
        let total: usize = items.iter().map(|s| parse(black_box(s))).sum();
        black_box(total);
    })
}

fn main() {
    let dir = std::env::args().skip(1).find(|a| !a.starts_with("--")).unwrap_or_else(|| "target/bench-inputs".into());
    std::fs::create_dir_all(&dir).expect("output directory");
    let references = inputs::references(COUNT);
    let tags = inputs::tags(COUNT);
    std::fs::write(format!("{dir}/references.txt"), references.join("\n")).expect("write references");
    std::fs::write(format!("{dir}/tags.txt"), tags.join("\n")).expect("write tags");
    let r = best_ns_per_item(&references, |s| imagecurator::Reference::parse(s).map_or(0, |r| r.path().len()));
    let t = best_ns_per_item(&tags, |s| imagecurator::Tag::parse(s).map_or(0, |t| t.release().len()));
    println!("native rust: references {r:.0} ns/item, tags {t:.0} ns/item ({COUNT} each)");
    let sort = best_of_five(tags.len(), || {
        black_box(imagecurator::sort_tags(black_box(&tags)).map_or(0, |sorted| sorted.len()));
    });
    println!("native rust: sort_tags {sort:.0} ns/tag, {:.0} ms for {COUNT}", sort * COUNT as f64 / 1e6);
    // What a batch call from Python or JavaScript does natively: every result of a call kept in
    // a list until the call returns, then the list dropped.
    for chunk in [COUNT, 10_000] {
        let r = best_ns_per_batch_item(&references, chunk, imagecurator::Reference::parse);
        let t = best_ns_per_batch_item(&tags, chunk, imagecurator::Tag::parse);
        println!("native rust, {chunk} per call: references {r:.0} ns/item, tags {t:.0} ns/item");
    }
}

/// The best of five runs over `items` in calls of `chunk`, each collecting its results into a
/// `Vec`, in nanoseconds per item.
fn best_ns_per_batch_item<T>(items: &[String], chunk: usize, parse: impl Fn(&str) -> T) -> f64 {
    best_of_five(items.len(), || {
        for call in items.chunks(chunk) {
            let results: Vec<T> = call.iter().map(|s| parse(black_box(s))).collect();
            black_box(&results);
        }
    })
}
