//! Date-finding benchmark: `suggest` over about 300 KB of running text (the seed documents and
//! the test documents repeated), as when a long source is added to a timeline.
//!
//! `cargo bench --bench suggest`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sourceline::suggest::{SuggestOptions, suggest};

/// About 300 KB of realistic text.
fn sample_text() -> String {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut sample = String::new();
    for dir in ["assets/sources", "tests/data/suggest-extra"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("folder of texts")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            sample.push_str(&std::fs::read_to_string(path).expect("a text"));
            sample.push_str("\n\n");
        }
    }
    let mut text = String::new();
    while text.len() < 300_000 {
        text.push_str(&sample);
    }
    text
}

fn suggest_benchmark(c: &mut Criterion) {
    let text = sample_text();
    let mut group = c.benchmark_group("suggest");
    group.sample_size(20);
    group.bench_function(format!("{}_kb", text.len() / 1000), |b| {
        b.iter(|| suggest(black_box(&text), &SuggestOptions::default()));
    });
    group.finish();
}

criterion_group!(benches, suggest_benchmark);
criterion_main!(benches);
