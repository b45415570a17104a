//! The timeline model: what a loaded timeline file contains, after validation.
//!
//! Nothing here knows about egui. Loading (`load`) turns bytes into a [`Timeline`] plus a list of
//! [`Problem`]s; everything the app, the checker and the export show comes from these types.

mod atomic_write;
mod date;
mod details;
mod links;
mod load;
mod locate;
mod paths;
mod problem;
mod quote;
mod search;
mod text_file;
mod verify;

use smol_str::SmolStr;
use std::ops::Range;
use std::sync::Arc;

pub use atomic_write::{WriteError, write_atomically};
pub use date::{
    ACCEPTED_FORMS, Bound, DateError, DatePoint, DayNumber, DaySpan, HistDate, Precision,
    month_abbrev, month_name, year_text,
};
pub use details::EventDetails;
pub use links::{TextPiece, web_links};
pub use load::{
    CATEGORY_FIELDS, EVENT_FIELDS, EXCERPT_FIELDS, EmbeddedSources, Limits, LoadOutcome,
    MemorySources, NoSources, SOURCE_FIELDS, SourceError, SourceFiles, SourceFolder, TOP_FIELDS,
    load_bytes, load_bytes_with, load_path,
};
pub use locate::{Anchor, JsonPath, PathSegment, locate_all};
pub use paths::{check_relative_path, check_url};
pub use problem::{Problem, ProblemCounts, Severity, TextLocation, count_noun, thousands};
pub use quote::Excerpt;
pub use search::{SearchIndex, extends_query, fold_for_search};
pub use text_file::{MAX_TEXT_BYTES, TextFileError, decode_text, read_text_file};
pub use verify::{SourceIndex, normalize_whitespace};

/// The known name most likely meant by `name`: one that starts with it (the shortest), else the
/// closest by edit distance when that is small. For "did you mean …?" hints.
pub fn closest_name<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let known: Vec<&str> = known.into_iter().collect();
    if !name.is_empty()
        && let Some(prefixed) = known
            .iter()
            .filter(|k| k.starts_with(name))
            .min_by_key(|k| (k.len(), **k))
    {
        return Some(prefixed);
    }
    known
        .iter()
        .map(|k| (strsim::levenshtein(k, name), *k))
        .filter(|(distance, k)| *distance <= 3.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

/// The only format version this build reads.
pub const SUPPORTED_FORMAT: u64 = 1;

/// Index of an event in [`Timeline::events`] (which are sorted by date).
pub type EventIndex = usize;

/// A whole timeline, validated, with events sorted by date.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// Shown in the window title and on exported images.
    pub title: String,

    /// One paragraph about the timeline.
    pub description: Option<String>,

    /// The documents that excerpts quote.
    pub sources: Vec<Source>,

    /// Lanes and colours, in file order.
    pub categories: Vec<Category>,

    /// Events sorted by start day, then end day, then importance, then id.
    pub events: Vec<Event>,

    /// The events' summaries, date notes, excerpts and tags.
    pub details: EventDetails,

    /// Presentation stops in order, as indexes into `events`; `None` when the file has no tour.
    pub tour: Option<Vec<EventIndex>>,

    /// The period the window opens on and `F` fits, when the file gives one.
    pub view: Option<HistDate>,
}

impl Timeline {
    /// The event with this id.
    pub fn event_by_id(&self, id: &str) -> Option<(EventIndex, &Event)> {
        self.events.iter().enumerate().find(|(_, e)| e.id == id)
    }

    /// The category an event belongs to.
    pub fn category_of(&self, event: &Event) -> Option<&Category> {
        self.categories.get(event.category as usize)
    }

    /// The source an excerpt quotes.
    pub fn source_of(&self, excerpt: &Excerpt) -> Option<&Source> {
        self.sources.get(excerpt.source())
    }

    /// An event's summary: one or two sentences in the timeline author's words.
    pub fn summary(&self, event: &Event) -> Option<&str> {
        self.details.summary(event)
    }

    /// How an event's date was established.
    pub fn date_note(&self, event: &Event) -> Option<&str> {
        self.details.date_note(event)
    }

    /// An event's supporting quotations; the first is shown first.
    pub fn excerpts(&self, event: &Event) -> &[Excerpt] {
        self.details.excerpts(event)
    }

    /// An event's free tags.
    pub fn tags<'t>(
        &'t self,
        event: &Event,
    ) -> impl ExactSizeIterator<Item = &'t str> + Clone + 't {
        self.details.tags(event)
    }

    /// The presentation stops: the tour when the file has one, else every event in date order.
    pub fn stops(&self) -> Vec<EventIndex> {
        self.tour
            .clone()
            .unwrap_or_else(|| (0..self.events.len()).collect())
    }
}

/// A document that excerpts quote.
#[derive(Clone, Debug)]
pub struct Source {
    /// Unique id.
    pub id: String,

    /// Full title, as a citation gives it.
    pub title: String,

    /// Issuing body or author.
    pub author: Option<String>,

    /// Date of the document.
    pub date: Option<HistDate>,

    /// Path of the full text, relative to the timeline file's folder.
    pub file: Option<String>,

    /// Web address (`http` or `https`).
    pub url: Option<String>,

    /// Free note ("Declassified 1 November 1995").
    pub note: Option<String>,

    /// The full text, when `file` was given and could be read.
    pub text: Option<Arc<str>>,
}

impl Source {
    /// The citation shown under a quotation, in every view and export:
    /// `Author, Title, 22 September 1989` (the parts it has).
    pub fn citation(&self) -> String {
        let mut citation = String::new();
        if let Some(author) = self.author.as_deref().filter(|a| !a.trim().is_empty()) {
            citation.push_str(author);
            citation.push_str(", ");
        }
        citation.push_str(&self.title);
        if let Some(date) = &self.date {
            citation.push_str(", ");
            citation.push_str(&date.to_string());
        }
        citation
    }
}

/// A lane with its colour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// Unique id.
    pub id: String,

    /// Shown in the legend and lane header.
    pub label: String,

    /// The file's colour, or one assigned from the colour-blind-safe palette.
    pub color: Rgb,
}

/// An sRGB colour, independent of any UI library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// Parses `#rrggbb`.
    pub fn parse_hex(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(Self([channel(0)?, channel(2)?, channel(4)?]))
    }

    /// `#rrggbb`.
    pub fn to_hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// Colours for categories without one: Okabe–Ito, distinguishable with the common forms of
/// colour blindness, then two of Paul Tol's muted colours.
pub const CATEGORY_PALETTE: [Rgb; 8] = [
    Rgb([0x00, 0x72, 0xB2]),
    Rgb([0xE6, 0x9F, 0x00]),
    Rgb([0x00, 0x9E, 0x73]),
    Rgb([0xCC, 0x79, 0xA7]),
    Rgb([0xD5, 0x5E, 0x00]),
    Rgb([0x56, 0xB4, 0xE9]),
    Rgb([0x99, 0x99, 0x33]),
    Rgb([0x88, 0x22, 0x55]),
];

/// Whether an event happened or is only announced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It happened (the default).
    #[default]
    Happened,

    /// Announced in a source but not known to have happened.
    Planned,
}

impl Status {
    /// `happened` / `planned`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Happened => "happened",
            Self::Planned => "planned",
        }
    }
}

/// How much an event matters to the story; decides which labels survive when space is short.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Importance {
    /// `1`: a key event.
    Key = 1,

    /// `2`: the default.
    #[default]
    Normal = 2,

    /// `3`: minor.
    Minor = 3,
}

impl Importance {
    /// From the file's number, 1–3.
    pub fn from_number(n: u64) -> Option<Self> {
        match n {
            1 => Some(Self::Key),
            2 => Some(Self::Normal),
            3 => Some(Self::Minor),
            _ => None,
        }
    }

    /// The file's number, 1–3.
    pub fn number(self) -> u8 {
        self as u8
    }
}

/// One dated event.
#[derive(Clone, Debug)]
pub struct Event {
    /// Unique, stable id (kept in place when short, as most are).
    pub id: SmolStr,

    /// Short label (kept in place when short).
    pub title: SmolStr,

    /// When it happened.
    pub date: HistDate,

    /// The days `date` covers, computed once at load.
    pub span: DaySpan,

    /// Index into [`Timeline::categories`] (32 bits: a timeline file is at most 1 GB).
    pub category: u32,

    /// Happened or planned.
    pub status: Status,

    /// Key, normal or minor.
    pub importance: Importance,

    /// Where its summary, date note, excerpts and tags are in [`Timeline::details`] (see
    /// [`Timeline::summary`] and the others).
    pub details: u32,
}

/// The outcome of checking an excerpt against its source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Found; `range` is the matching byte range in the source's original text.
    Verified {
        /// Byte range in [`Source::text`].
        range: Range<usize>,
    },

    /// The source text was read, but the excerpt does not occur in it.
    NotFound,

    /// The source has no text to check against (no `file`, or it could not be read).
    NoSourceText,
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// A million events are held at once; their size is part of the memory targets.
    #[test]
    fn events_stay_small() {
        let (event, excerpt) = (size_of::<Event>(), size_of::<Excerpt>());
        assert!(event <= 88, "an event takes {event} bytes");
        let date = size_of::<HistDate>();
        assert!(date <= 16, "a date takes {date} bytes");
        assert!(excerpt <= 32, "an excerpt takes {excerpt} bytes");
        // Ids, titles and tags of up to 23 bytes need no allocation.
        let id = SmolStr::new("event-1000000-with-more");
        assert!(!id.is_heap_allocated(), "{id} is kept in place");
    }

    #[test]
    fn citations_give_author_title_and_date_when_known() {
        let mut source = Source {
            id: "nsd-23".to_owned(),
            title: "National Security Directive 23".to_owned(),
            author: Some("The White House".to_owned()),
            date: HistDate::parse("1989-09-22").ok(),
            file: None,
            url: None,
            note: None,
            text: None,
        };
        assert_eq!(
            source.citation(),
            "The White House, National Security Directive 23, 22 September 1989"
        );
        source.author = None;
        source.date = None;
        assert_eq!(source.citation(), "National Security Directive 23");
    }
}
