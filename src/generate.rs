//! Synthetic timelines for benchmarks and scale tests.
//!
//! [`generate`] writes a realistic timeline of any size from a fixed seed: several categories,
//! points and intervals at every precision, BCE dates, qualifiers, planned events, and excerpts
//! quoted from a generated source text (a small share deliberately misquoted, so verification
//! failures are exercised too). The same seed always gives the same bytes.

use serde_json::{Value, json};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenerateOptions {
    /// Number of events.
    pub events: usize,

    /// Approximate size of the source text in bytes.
    pub source_bytes: usize,

    /// Share of excerpts that are altered so that they do not verify (0.0–1.0).
    pub misquoted_share: f64,

    /// Random seed.
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self {
            events: 1000,
            source_bytes: 300_000,
            misquoted_share: 0.01,
            seed: 1989,
        }
    }
}

/// A generated timeline: the file's text and its one source text.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The timeline file (JSON).
    pub events_json: String,

    /// Path of the source text, relative to the timeline file.
    pub source_path: String,

    /// The source text.
    pub source_text: String,
}

/// `SplitMix64`: a tiny, well-known generator; plenty for test data and fully reproducible.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.below(items.len()))
            .copied()
            .unwrap_or_default()
    }
}

const WORDS: &[&str] = &[
    "the",
    "council",
    "agreed",
    "to",
    "treaty",
    "of",
    "and",
    "envoys",
    "frontier",
    "grain",
    "merchants",
    "assembly",
    "king",
    "republic",
    "senate",
    "harbour",
    "tariff",
    "army",
    "delegation",
    "signed",
    "letter",
    "governor",
    "province",
    "revolt",
    "bishop",
    "charter",
    "ministers",
    "convened",
    "in",
    "a",
    "long",
    "session",
    "reform",
    "famine",
    "road",
    "bridge",
    "election",
    "empire",
    "colony",
    "fleet",
    "border",
    "alliance",
    "peace",
    "summit",
    "archive",
    "declassified",
    "report",
    "committee",
    "-- notably",
    "\"allies,\"",
    "rights",
    "trade",
];

const CATEGORIES: &[(&str, &str)] = &[
    ("politics", "Politics"),
    ("war", "War and peace"),
    ("trade", "Trade"),
    ("religion", "Religion"),
    ("science", "Science"),
    ("culture", "Culture"),
];

/// Generates the source text: sentences in paragraphs, with line breaks and indentation so the
/// whitespace rule matters.
fn source_text(rng: &mut Rng, bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut line_len = 0;
    while text.len() < bytes {
        let sentence_words = 8 + rng.below(20);
        for i in 0..sentence_words {
            let word = rng.pick(WORDS);
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push_str(word);
            }
            line_len += word.len() + 1;
            if line_len > 72 {
                text.push_str("\n    ");
                line_len = 0;
            } else {
                text.push(' ');
            }
        }
        text.pop();
        text.push_str(". ");
        if rng.chance(0.15) {
            text.push_str("\n\n");
            line_len = 0;
        }
    }
    text
}

/// A random date string in the format's syntax (all precisions, BCE, intervals, qualifiers).
fn date_string(rng: &mut Rng) -> String {
    let point = |rng: &mut Rng, year: i32| -> String {
        let year_text = if year < 0 {
            format!("-{:04}", -year)
        } else {
            format!("{year:04}")
        };
        match rng.below(10) {
            0..=1 => year_text,
            2..=4 => format!("{year_text}-{:02}", 1 + rng.below(12)),
            _ => format!(
                "{year_text}-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28)
            ),
        }
    };
    let year = -800 + rng.below(2830) as i32;
    let start = point(rng, year);
    let qualifier = match rng.below(40) {
        0 => "~",
        1 => "?",
        2 => "%",
        _ => "",
    };
    match rng.below(20) {
        0 => format!("../{start}"),
        1 => format!("{start}/.."),
        2..=5 => {
            let end_year = year + 1 + rng.below(30) as i32;
            format!("{start}{qualifier}/{}", point(rng, end_year))
        }
        _ => format!("{start}{qualifier}"),
    }
}

/// The timeline sizes a benchmark runs: those listed in `SOURCELINE_BENCH_SIZES`
/// (`1000,100000`), else 1,000, 100,000 and 1,000,000 events.
pub fn bench_sizes() -> Vec<usize> {
    bench_sizes_or(&[1_000, 100_000, 1_000_000])
}

/// The timeline sizes a benchmark runs: those listed in `SOURCELINE_BENCH_SIZES`, else
/// `default`.
pub fn bench_sizes_or(default: &[usize]) -> Vec<usize> {
    std::env::var("SOURCELINE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// This process's resident memory now and at its peak, in MB (`VmRSS` and `VmHWM`; 0 where
/// `/proc` is not there), for benchmarks to report.
pub fn resident_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

impl Generated {
    /// The source text, for loading the timeline from memory.
    pub fn sources(&self) -> crate::model::MemorySources {
        crate::model::MemorySources::new([(self.source_path.clone(), self.source_text.clone())])
    }
}

/// Generates a timeline according to `options`.
pub fn generate(options: &GenerateOptions) -> Generated {
    let mut rng = Rng(options.seed);
    let source_text = source_text(&mut rng, options.source_bytes);
    let source_path = "sources/generated-source.txt".to_owned();
    let word_starts: Vec<usize> = std::iter::once(0)
        .chain(source_text.match_indices(' ').map(|(i, _)| i + 1))
        .collect();
    let mut events = Vec::with_capacity(options.events);
    for i in 0..options.events {
        let (category, _) = CATEGORIES
            .get(rng.below(CATEGORIES.len()))
            .copied()
            .unwrap_or(("politics", ""));
        let start = word_starts
            .get(rng.below(word_starts.len().saturating_sub(40)))
            .copied()
            .unwrap_or(0);
        let len = 40 + rng.below(160);
        let mut end = (start + len).min(source_text.len());
        while !source_text.is_char_boundary(end) {
            end -= 1;
        }
        let mut excerpt = source_text
            .get(start..end)
            .unwrap_or_default()
            .trim()
            .to_owned();
        if excerpt.is_empty() {
            "The".clone_into(&mut excerpt);
        }
        if rng.chance(options.misquoted_share) {
            excerpt.push_str(" (misquoted)");
        }
        let mut event = json!({
            "id": format!("event-{i}"),
            "title": format!("{} {} {}", rng.pick(WORDS), rng.pick(WORDS), i),
            "date": date_string(&mut rng),
            "category": category,
            "importance": 1 + rng.below(3),
            "summary": format!("Generated event number {i}."),
            "excerpts": [{ "source": "generated", "text": excerpt }],
            "tags": [rng.pick(WORDS)],
        });
        if rng.chance(0.05)
            && let Some(map) = event.as_object_mut()
        {
            map.insert("status".to_owned(), Value::from("planned"));
        }
        events.push(event);
    }
    let categories: Vec<Value> = CATEGORIES
        .iter()
        .map(|(id, label)| json!({ "id": id, "label": label }))
        .collect();
    let timeline = json!({
        "format": 1,
        "title": format!("Generated timeline of {} events", options.events),
        "sources": [{
            "id": "generated",
            "title": "A generated chronicle",
            "author": "Sourceline generator",
            "file": source_path,
        }],
        "categories": categories,
        "events": events,
    });
    Generated {
        events_json: serde_json::to_string_pretty(&timeline).unwrap_or_default(),
        source_path,
        source_text,
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MemorySources, Verification, load_bytes};

    #[test]
    fn generated_timelines_load_and_mostly_verify() {
        let options = GenerateOptions {
            events: 2000,
            source_bytes: 50_000,
            ..GenerateOptions::default()
        };
        let generated = generate(&options);
        assert_eq!(
            generate(&options).events_json,
            generated.events_json,
            "same seed, same bytes"
        );
        let sources =
            MemorySources::new([(generated.source_path.clone(), generated.source_text.clone())]);
        let outcome = load_bytes(generated.events_json.as_bytes(), "gen.json", &sources);
        let timeline = outcome.timeline.expect("generated timeline has no errors");
        assert_eq!(timeline.events.len(), 2000);
        let misquoted = timeline
            .events
            .iter()
            .filter(|e| timeline.excerpts(e)[0].verification() == Verification::NotFound)
            .count();
        assert!(
            misquoted > 0 && misquoted < 100,
            "about 1% misquoted: {misquoted}"
        );
        assert_eq!(
            outcome.problems.len(),
            misquoted,
            "only the misquotes are reported"
        );
        assert!(
            timeline.events.iter().any(|e| e.span.start_day < 0),
            "BCE dates present"
        );
        assert!(
            timeline.events.iter().any(|e| e.span.open_start),
            "open intervals present"
        );
    }
}
