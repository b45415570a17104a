//! What editing a large timeline in the window costs: opening it for editing, and one change
//! (what each keystroke in a field of the editor does: the change applied to the document, its
//! canonical text written, and the whole file checked again and shown).
//!
//! `cargo bench --bench edit` — for generated timelines of 1,000, 10,000 and 100,000 events
//! (`SOURCELINE_BENCH_SIZES` sets others), written to a temporary folder with their source text,
//! opened in the app as a user would, then changed three times. Prints the time to enter Edit
//! mode, the median of the changes, and the resident memory before and after.

#![expect(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on standard output"
)]

/// The allocator the app uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use sourceline::app::{Command, Document, SourcelineApp};
use sourceline::edit::Edit;
use sourceline::generate::{GenerateOptions, bench_sizes_or, generate, resident_mb};

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn main() {
    // As the program does (see `sourceline::allocator`).
    sourceline::allocator::without_huge_pages();
    let sizes = bench_sizes_or(&[1_000, 10_000, 100_000]);
    println!("edit: entering Edit mode, and one change (a keystroke in a field), in the app");
    for events in sizes {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let generated = generate(&GenerateOptions {
            events,
            ..GenerateOptions::default()
        });
        let file = folder.path().join("events.json");
        let source = folder.path().join(&generated.source_path);
        if let Some(parent) = source.parent() {
            std::fs::create_dir_all(parent).expect("the source folder is made");
        }
        std::fs::write(&source, &generated.source_text).expect("the source text is written");
        std::fs::write(&file, &generated.events_json).expect("the timeline is written");
        drop(generated);

        let outcome = sourceline::model::load_path(&file);
        let mut app = SourcelineApp::with_document(Document::from_outcome(
            file.display().to_string(),
            outcome,
        ));
        app.session.file_path = Some(file);
        // Measured as it is, without the warning large timelines get first.
        app.session.large_timeline_events = usize::MAX;
        let (before_mb, _) = resident_mb();
        let started = Instant::now();
        app.run(Command::ToggleEditMode);
        let enter = started.elapsed();
        assert!(
            app.session.edit_mode,
            "the generated timeline can be edited"
        );
        let mut changes = Vec::new();
        for n in 0..3 {
            let started = Instant::now();
            app.run(Command::Edit(Edit::SetTimeline {
                key: "title".to_owned(),
                value: Some(serde_json::json!(format!("Edited {n}"))),
            }));
            changes.push(started.elapsed());
        }
        changes.sort_unstable();
        println!(
            "edit/{events}_events: Edit mode in {:.0} ms, one change {:.0} ms (median of 3); resident {before_mb:.0} MB before editing, {:.0} MB while editing",
            ms(enter),
            ms(changes[1]),
            resident_mb().0,
        );
    }
}
