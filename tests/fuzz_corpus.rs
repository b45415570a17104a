//! Replays every fuzz target's kept corpus and its regression inputs (inputs that once failed)
//! through the same checks the fuzz targets run (`sourceline::fuzzing`).
//!
//! The corpora live in `fuzz/corpus/<target>/` (minimised by `cargo fuzz cmin`) and the
//! regressions in `fuzz/regressions/<target>/`; see the README's "Reliability" section.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_kept_fuzz_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    for (target, check) in sourceline::fuzzing::TARGETS {
        let corpus = inputs(&root.join("corpus").join(target));
        let regressions = inputs(&root.join("regressions").join(target));
        assert!(
            corpus.len() >= 3,
            "fuzz/corpus/{target} holds {} inputs; the kept corpus is missing",
            corpus.len()
        );
        for file in corpus.iter().chain(&regressions) {
            let bytes = std::fs::read(file).expect("corpus file reads");
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!("{target}: {}: {message}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
