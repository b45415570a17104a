//! Writes a generated timeline for scale tests:
//!
//! `cargo run --release --example generate -- --events 100000 --out big/events.json`
//!
//! The source text is written beside it, under `sources/`.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Parser;
use sourceline::generate::{GenerateOptions, generate};

/// Generate a synthetic timeline with a fixed seed.
#[derive(Parser)]
struct Args {
    /// Number of events.
    #[arg(long, default_value_t = 1000)]
    events: usize,

    /// The timeline file to write; its source text goes in `sources/` beside it.
    #[arg(long)]
    out: PathBuf,

    /// Random seed (the same seed gives the same file).
    #[arg(long, default_value_t = 1989)]
    seed: u64,

    /// Approximate size of the source text in bytes.
    #[arg(long, default_value_t = 300_000)]
    source_bytes: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let generated = generate(&GenerateOptions {
        events: args.events,
        source_bytes: args.source_bytes,
        seed: args.seed,
        ..GenerateOptions::default()
    });
    let folder = args.out.parent().map(PathBuf::from).unwrap_or_default();
    let source_path = folder.join(&generated.source_path);
    if let Some(parent) = source_path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(&source_path, &generated.source_text)
        .with_context(|| format!("writing {}", source_path.display()))?;
    std::fs::write(&args.out, &generated.events_json)
        .with_context(|| format!("writing {}", args.out.display()))?;
    Ok(())
}
