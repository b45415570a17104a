//! Whole-frame CPU cost of the real window while panning and zooming.
//!
//! `cargo bench --bench frame` — for generated timelines of 1,000, 100,000 and 1,000,000 events,
//! drives the app's own frame function (toolbar, event list, timeline, detail panel) through
//! egui at 1920×1080 over a scripted sequence: zoom from the whole span down to a single day,
//! pan along, and zoom back out. Each frame is timed from input to tessellated triangles (all
//! the CPU work before the GPU). Prints the median, the 95th percentile and the slowest frame per
//! size, the resident memory of the process after loading and after zooming, then how long the
//! search index takes to build (in the background, as the window does), what it adds to memory,
//! and the time from each keystroke of typed queries to the next frame showing its results.
//!
//! `SOURCELINE_BENCH_SIZES=1000,100000` limits the sizes.

#![expect(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on standard output"
)]

/// The allocator the app uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, vec2};
use sourceline::app::{Document, SourcelineApp};
use sourceline::generate::{GenerateOptions, bench_sizes, generate, resident_mb};
use sourceline::model::load_bytes;
use sourceline::timeline::TimeView;

/// Zoom factor between two frames of the zoom-in and zoom-out phases.
const ZOOM_STEP: f64 = 1.25;

/// The scripted views: whole span → one day around a point, a pan, then back out.
fn script(full: TimeView) -> Vec<TimeView> {
    let mut views = Vec::new();
    // Zoom in around a point 61.8% of the way along (not a round number).
    let anchor = full.min_day + 0.618 * full.span_days();
    let mut view = full;
    while view.span_days() > 1.0 {
        views.push(view);
        view = view.zoomed_at(ZOOM_STEP, anchor);
    }
    let day = TimeView::new(anchor - 0.5, anchor + 0.5);
    // Pan at day, month and year scale.
    for span in [1.0, 30.0, 365.0] {
        let start = anchor - 0.5 * span;
        for step in 0..20 {
            let shift = f64::from(step) * span * 0.1;
            views.push(TimeView::new(start + shift, start + shift + span));
        }
    }
    let mut view = day;
    while view.span_days() < full.span_days() {
        views.push(view);
        view = view.zoomed_at(1.0 / ZOOM_STEP, anchor);
    }
    views.push(full);
    views
}

/// Queries typed one character at a time in the search benchmark: common words of the generated
/// text, two words, a title's number and a word that is nowhere.
const TYPED_QUERIES: &[&str] = &[
    "declassified",
    "harbour tariff",
    "summit 4242",
    "treaty of peace",
    "zanzibar",
];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Start-up on the built-in timeline: load it (from the binary), build the app, and lay out
/// and tessellate the first frame in a fresh context (fonts included).
fn startup() {
    let started = Instant::now();
    let mut app = SourcelineApp::with_document(Document::builtin());
    let ctx = egui::Context::default();
    sourceline::ui::theme::apply(&ctx);
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1920.0, 1080.0))),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| app.show(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
    println!(
        "startup/builtin: timeline loaded and first frame ready in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
}

fn main() {
    // As the program does (see `sourceline::allocator`).
    sourceline::allocator::without_huge_pages();
    // `cargo bench` passes `--bench`; other flags (filters) are ignored.
    let sizes = bench_sizes();
    println!("frame: CPU time per frame at 1920×1080 (input → tessellated), scripted pan/zoom");
    startup();
    for events in sizes {
        // The window never holds the generator's working memory (gigabytes of JSON values at a
        // million events): it is returned to the system as it is freed, not some seconds later
        // while the frames are timed (until then it counted in the resident memory reported).
        let returned_at_once = sourceline::allocator::LoadingMemory::hold();
        let generated = generate(&GenerateOptions {
            events,
            ..GenerateOptions::default()
        });
        let sources = generated.sources();
        let outcome = load_bytes(generated.events_json.as_bytes(), "generated.json", &sources);
        drop(generated);
        drop(returned_at_once);
        let document = Document::from_outcome("generated.json".to_owned(), outcome);
        let Document::Loaded(doc) = &document else {
            panic!("the generated timeline loads");
        };
        let full = doc.full_view();
        let (loaded_mb, _) = resident_mb();
        let mut app = SourcelineApp::with_document(document);
        let ctx = egui::Context::default();
        sourceline::ui::theme::apply(&ctx);
        let mut input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1920.0, 1080.0))),
            ..Default::default()
        };
        let mut time = 0.0;
        let mut frame = |app: &mut SourcelineApp, input: &mut RawInput| {
            time += 1.0 / 60.0;
            input.time = Some(time);
            let started = Instant::now();
            let output = ctx.run_ui(input.clone(), |ui| app.show(ui));
            let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
            std::hint::black_box(primitives);
            started.elapsed()
        };
        // The search index builds on a background thread from the moment the timeline is open,
        // while frames go on; the scripted frames below start once it is built, so that they
        // measure the window as it is from then on.
        let started = Instant::now();
        let mut frames_while_indexing = Vec::new();
        while app.session.doc().and_then(|d| d.search_index()).is_none() {
            frames_while_indexing.push(frame(&mut app, &mut input));
        }
        let built = started.elapsed();
        let slowest_while_indexing = frames_while_indexing
            .iter()
            .max()
            .copied()
            .unwrap_or_default();
        // Warm up: fonts, galley caches, the first layout.
        for _ in 0..5 {
            frame(&mut app, &mut input);
        }
        let views = script(full);
        let mut times = Vec::with_capacity(views.len());
        for view in &views {
            app.session.set_view(*view);
            times.push(frame(&mut app, &mut input));
        }
        let (zoomed_mb, peak_mb) = resident_mb();
        let slowest = (0..times.len())
            .max_by_key(|&i| times[i])
            .unwrap_or_default();
        let slowest_span = views.get(slowest).map_or(0.0, TimeView::span_days);
        times.sort_unstable();
        let total: Duration = times.iter().sum();
        println!(
            "frame/{events}_events: {} frames, median {:.2} ms, p95 {:.2} ms, max {:.2} ms, mean {:.2} ms",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(times.last().copied().unwrap_or_default()),
            ms(total) / times.len() as f64,
        );
        println!(
            "frame/{events}_events: the slowest is frame {slowest} of the script, a view of {slowest_span:.1} days"
        );
        println!(
            "memory/{events}_events: resident {loaded_mb:.0} MB after loading, {zoomed_mb:.0} MB after zooming (process peak so far {peak_mb:.0} MB)"
        );

        let index_mb = app
            .session
            .doc()
            .and_then(|d| d.search_index())
            .map_or(0.0, |index| index.heap_bytes() as f64 / 1e6);
        let mut keystrokes = Vec::new();
        for query in TYPED_QUERIES {
            app.session.search(String::new());
            for (end, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
                let started = Instant::now();
                app.session
                    .search(query.get(..end).unwrap_or(query).to_owned());
                frame(&mut app, &mut input);
                keystrokes.push(started.elapsed());
            }
        }
        keystrokes.sort_unstable();
        println!(
            "search/{events}_events: index built in {:.0} ms in the background ({} frames meanwhile, slowest {:.1} ms), {index_mb:.0} MB; {} keystrokes to results shown: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            ms(built),
            frames_while_indexing.len(),
            ms(slowest_while_indexing),
            keystrokes.len(),
            ms(percentile(&keystrokes, 0.5)),
            ms(percentile(&keystrokes, 0.95)),
            ms(keystrokes.last().copied().unwrap_or_default()),
        );
    }
}
