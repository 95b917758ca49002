//! Parsing throughput over one million mixed references and one million real-style tags, with
//! oci-spec's `Reference` parsing the same references in the same run.
//!
//!     cargo bench -p imagecurator --bench parse

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::str::FromStr;

mod inputs;

const COUNT: usize = 1_000_000;

fn references(c: &mut Criterion) {
    let refs = inputs::references(COUNT);
    // Both parsers must accept every input, or the comparison would not be fair.
    assert!(refs.iter().all(|r| imagecurator::Reference::parse(r).is_ok()));
    assert!(refs.iter().all(|r| oci_spec::distribution::Reference::from_str(r).is_ok()));
    let mut group = c.benchmark_group("references");
    group.throughput(Throughput::Elements(COUNT as u64)).sample_size(10);
    group.bench_function("imagecurator", |b| {
        b.iter(|| {
            refs.iter()
                .map(|r| imagecurator::Reference::parse(black_box(r)).map(|r| r.path().len()).unwrap_or(0))
                .sum::<usize>()
        })
    });
    group.bench_function("oci-spec", |b| {
        b.iter(|| {
            refs.iter()
                .map(|r| {
                    oci_spec::distribution::Reference::from_str(black_box(r)).map(|r| r.repository().len()).unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

fn tags(c: &mut Criterion) {
    let tags = inputs::tags(COUNT);
    let mut group = c.benchmark_group("tags");
    group.throughput(Throughput::Elements(COUNT as u64)).sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| {
            tags.iter()
                .map(|t| imagecurator::Tag::parse(black_box(t)).map(|t| t.release().len()).unwrap_or(0))
                .sum::<usize>()
        })
    });
    group.bench_function("sort", |b| {
        b.iter_batched(|| tags[..100_000].to_vec(), |v| imagecurator::sort_tags(v).unwrap(), BatchSize::LargeInput)
    });
    group.finish();
}

criterion_group!(benches, references, tags);
criterion_main!(benches);
