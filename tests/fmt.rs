//! `sourceline fmt` round trips: the timeline means the same before and after (what `list
//! --format json` prints is identical), a second `fmt` changes nothing, and the built-in
//! timeline is already in the canonical layout.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Map, Value};
use sourceline::cli::{ListFormat, fmt, list};
use sourceline::generate::{GenerateOptions, generate};

/// What `sourceline list FILE --format json` prints.
fn list_json(file: &Path) -> String {
    let mut out = Vec::new();
    let status = list(Some(file), ListFormat::Json, &mut out, &mut Vec::new()).expect("listed");
    assert_eq!(status, 0, "{} lists", file.display());
    String::from_utf8(out).expect("UTF-8")
}

/// Runs `sourceline fmt FILE`; returns its exit status.
fn run_fmt(file: &Path, check_only: bool) -> u8 {
    fmt(file, check_only, &mut Vec::new(), &mut Vec::new()).expect("fmt runs")
}

/// The members of every object shuffled (deterministically from `seed`), as a hand-written
/// file might have them.
fn shuffled(value: &Value, seed: &mut u64) -> Value {
    match value {
        Value::Object(members) => {
            let mut entries: Vec<(&String, &Value)> = members.iter().collect();
            for i in (1..entries.len()).rev() {
                *seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let j = (*seed >> 33) as usize % (i + 1);
                entries.swap(i, j);
            }
            let mut out = Map::new();
            for (key, value) in entries {
                out.insert(key.clone(), shuffled(value, seed));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| shuffled(v, seed)).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_builtin_timeline_is_in_the_canonical_layout() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("events.json");
    assert_eq!(run_fmt(&file, true), 0, "fmt --check passes on events.json");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn fmt_keeps_the_meaning_and_is_idempotent(
        events in 1usize..120,
        seed in any::<u64>(),
        shuffle_seed in any::<u64>(),
        compact in any::<bool>(),
    ) {
        let generated = generate(&GenerateOptions {
            events,
            source_bytes: 20_000,
            misquoted_share: 0.1,
            seed,
        });
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join(&generated.source_path);
        std::fs::create_dir_all(source.parent().unwrap()).unwrap();
        std::fs::write(&source, &generated.source_text).unwrap();
        let value: Value = serde_json::from_str(&generated.events_json).unwrap();
        let mut state = shuffle_seed;
        let messy = shuffled(&value, &mut state);
        let text = if compact {
            serde_json::to_string(&messy).unwrap()
        } else {
            serde_json::to_string_pretty(&messy).unwrap()
        };
        let file = dir.path().join("events.json");
        std::fs::write(&file, &text).unwrap();

        let before = list_json(&file);
        prop_assert_eq!(run_fmt(&file, false), 0);
        let once = std::fs::read_to_string(&file).unwrap();
        prop_assert_eq!(list_json(&file), before, "same events, dates, titles, verification");
        prop_assert_eq!(run_fmt(&file, true), 0, "formatted once, it checks clean");
        prop_assert_eq!(run_fmt(&file, false), 0);
        prop_assert_eq!(std::fs::read_to_string(&file).unwrap(), once, "fmt twice changes nothing");
    }
}
