//! A save interrupted at any moment leaves the old file or the new one, never a mix: the real
//! program is killed again and again while it rewrites a large timeline (`sourceline fmt`
//! saves through the same atomic write as the editor), and each time the file on disk is read
//! back whole.

use std::process::Command;
use std::time::{Duration, Instant};

use sourceline::edit::canonical_text;
use sourceline::generate::{GenerateOptions, generate};

#[test]
fn a_save_killed_midway_leaves_the_old_or_the_new_file() {
    let generated = generate(&GenerateOptions {
        events: 20_000,
        source_bytes: 50_000,
        misquoted_share: 0.0,
        seed: 7,
    });
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join(&generated.source_path);
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    std::fs::write(&source, &generated.source_text).unwrap();
    let value: serde_json::Value = serde_json::from_str(&generated.events_json).unwrap();
    // The old file: the same timeline, written compactly (so a rewrite changes every byte).
    let old = serde_json::to_string(&value).unwrap();
    let new = canonical_text(&value);
    assert_ne!(old, new);
    let file = dir.path().join("big.json");
    let binary = env!("CARGO_BIN_EXE_sourceline");

    // How long a whole rewrite takes, to spread the kills over it.
    std::fs::write(&file, &old).unwrap();
    let started = Instant::now();
    let status = Command::new(binary).arg("fmt").arg(&file).output().unwrap();
    assert!(status.status.success(), "{status:?}");
    let full = started.elapsed();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), new);

    let mut outcomes = [0usize; 2];
    for step in 0..12u32 {
        std::fs::write(&file, &old).unwrap();
        let mut child = Command::new(binary).arg("fmt").arg(&file).spawn().unwrap();
        // From early in the load to just after the end, where the write and rename happen.
        std::thread::sleep(full.mul_f64(0.5 + 0.05 * f64::from(step)));
        child.kill().ok();
        child.wait().unwrap();
        let on_disk = std::fs::read_to_string(&file).unwrap();
        if on_disk == old {
            outcomes[0] += 1;
        } else {
            assert_eq!(
                on_disk, new,
                "after a kill at step {step}, the file is whole"
            );
            outcomes[1] += 1;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // Which of the two each kill left depends on timing; both are whole files.
    println!(
        "kills that left the old file: {}, the new one: {}",
        outcomes[0], outcomes[1]
    );
}
