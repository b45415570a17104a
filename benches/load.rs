//! Load benchmark: parse, validate, verify excerpts, sort and index a generated timeline.
//!
//! `cargo bench --bench load` — 1,000, 100,000 and 1,000,000 events, each with an excerpt quoted
//! from a ~300 KB source text (1% deliberately misquoted). `SOURCELINE_BENCH_SIZES=1000,100000`
//! limits the sizes.

/// The allocator the app uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sourceline::generate::{GenerateOptions, bench_sizes, generate};
use sourceline::model::load_bytes;

fn load_benchmark(c: &mut Criterion) {
    // As the program does (see `sourceline::allocator`).
    sourceline::allocator::without_huge_pages();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    let sizes = bench_sizes();
    for events in sizes {
        let generated = generate(&GenerateOptions {
            events,
            ..GenerateOptions::default()
        });
        let sources = generated.sources();
        group.bench_function(format!("{events}_events"), |b| {
            b.iter(|| {
                let outcome = load_bytes(
                    black_box(generated.events_json.as_bytes()),
                    "generated.json",
                    &sources,
                );
                assert!(outcome.timeline.is_some(), "generated timeline loads");
                outcome
            });
        });
    }
    group.finish();
}

criterion_group!(benches, load_benchmark);
criterion_main!(benches);
