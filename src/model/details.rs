//! The parts of events that vary in length (summary, date note, excerpts, tags), held for all
//! events of a timeline in a few flat lists instead of an allocation per field per event.
//!
//! A million events thus cost four growing lists instead of three to four million small
//! allocations, and an [`Event`] keeps only its fixed-size fields and its place here. Places
//! and lengths are 32-bit: a timeline file is at most 1 GB (see `Limits`), so its details are
//! too. The timeline's `summary`, `date_note`, `excerpts` and `tags` read them.
//!
//! Tags are held once each: timelines reuse a few tags across many events, so an event's tag is
//! a 4-byte number for a list of the distinct tags.

use rustc_hash::FxHashMap as HashMap;
use smol_str::SmolStr;

use super::{Event, Excerpt};

/// The summaries, date notes, excerpts and tags of a timeline's events; each event's are found
/// by its [`Event::details`].
#[derive(Clone, Debug, Default)]
pub struct EventDetails {
    /// Every summary and date note, one after another.
    text: String,
    /// One entry per event (the events point into this list; sorting them leaves it as it is).
    entries: Vec<Entry>,
    excerpts: Vec<Excerpt>,
    /// Each event's tags, as places in `tag_names`.
    tags: Vec<u32>,
    /// Every distinct tag, once.
    tag_names: Vec<SmolStr>,
    /// The place of each tag in `tag_names`, while events are added (emptied by
    /// [`shrink_to_fit`](Self::shrink_to_fit) once they are all in).
    tag_places: HashMap<SmolStr, u32>,
}

/// Where one event's details are in the lists of [`EventDetails`].
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Where the summary, then the date note, start in `text`.
    text_start: u32,
    summary: Length,
    date_note: Length,
    excerpts_start: u32,
    excerpts_len: u32,
    tags_start: u32,
    tags_len: u32,
}

/// The length of an optional text; `ABSENT` when there is none.
#[derive(Clone, Copy, Debug)]
struct Length(u32);

impl Length {
    const ABSENT: Self = Self(u32::MAX);

    fn of(text: Option<&str>) -> Self {
        text.map_or(Self::ABSENT, |text| {
            Self(u32::try_from(text.len()).unwrap_or(u32::MAX - 1))
        })
    }

    fn bytes(self) -> usize {
        if self.0 == Self::ABSENT.0 {
            0
        } else {
            self.0 as usize
        }
    }
}

impl EventDetails {
    /// Empty, with room for about `events` events.
    pub(crate) fn with_capacity(events: usize) -> Self {
        Self {
            entries: Vec::with_capacity(events),
            excerpts: Vec::with_capacity(events),
            tags: Vec::with_capacity(events),
            ..Self::default()
        }
    }

    /// Where the next event's excerpts start: they are added one by one with
    /// [`push_excerpt`](Self::push_excerpt) as they are checked, then the event's other
    /// details with [`finish`](Self::finish), or the excerpts are taken back with
    /// [`discard_since`](Self::discard_since) when the event does not pass.
    pub(crate) fn excerpt_mark(&self) -> usize {
        self.excerpts.len()
    }

    /// Adds an excerpt of the event being added.
    pub(crate) fn push_excerpt(&mut self, excerpt: Excerpt) {
        self.excerpts.push(excerpt);
    }

    /// The number of excerpts added since `mark`.
    pub(crate) fn excerpts_since(&self, mark: usize) -> usize {
        self.excerpts.len() - mark
    }

    /// Takes back the excerpts added since `mark`.
    pub(crate) fn discard_since(&mut self, mark: usize) {
        self.excerpts.truncate(mark);
    }

    /// Adds the rest of the event whose excerpts were added since `mark`; returns the place to
    /// keep in its [`Event::details`].
    pub(crate) fn finish<'t>(
        &mut self,
        mark: usize,
        summary: Option<&str>,
        date_note: Option<&str>,
        tags: impl IntoIterator<Item = &'t str>,
    ) -> u32 {
        let place = self.entries.len() as u32;
        let text_start = self.text.len() as u32;
        self.text.push_str(summary.unwrap_or_default());
        self.text.push_str(date_note.unwrap_or_default());
        let tags_start = self.tags.len() as u32;
        for tag in tags {
            let tag_place = self.tag_place(tag);
            self.tags.push(tag_place);
        }
        self.entries.push(Entry {
            text_start,
            summary: Length::of(summary),
            date_note: Length::of(date_note),
            excerpts_start: mark as u32,
            excerpts_len: (self.excerpts.len() - mark) as u32,
            tags_start,
            tags_len: self.tags.len() as u32 - tags_start,
        });
        place
    }

    /// The place of `tag` in `tag_names`, added there if it is new.
    fn tag_place(&mut self, tag: &str) -> u32 {
        if let Some(&place) = self.tag_places.get(tag) {
            return place;
        }
        let place = self.tag_names.len() as u32;
        let tag = SmolStr::new(tag);
        self.tag_names.push(tag.clone());
        self.tag_places.insert(tag, place);
        place
    }

    /// Adds all of `other`, whose events' places grow by the number returned.
    pub(crate) fn append(&mut self, mut other: Self) -> u32 {
        let (entries, text, excerpts, tags) = (
            self.entries.len() as u32,
            self.text.len() as u32,
            self.excerpts.len() as u32,
            self.tags.len() as u32,
        );
        self.text.push_str(&other.text);
        self.excerpts.append(&mut other.excerpts);
        // Its tags are numbered in its own list of distinct tags.
        let tag_places: Vec<u32> = other
            .tag_names
            .iter()
            .map(|tag| self.tag_place(tag))
            .collect();
        self.tags.extend(
            other
                .tags
                .iter()
                .map(|&place| tag_places.get(place as usize).copied().unwrap_or(u32::MAX)),
        );
        self.entries.extend(other.entries.iter().map(|entry| Entry {
            text_start: entry.text_start + text,
            excerpts_start: entry.excerpts_start + excerpts,
            tags_start: entry.tags_start + tags,
            ..*entry
        }));
        entries
    }

    /// Gives back memory reserved beyond what is held, and the table for finding tags (events
    /// added later would hold their tags again, not wrongly).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.entries.shrink_to_fit();
        self.excerpts.shrink_to_fit();
        self.tags.shrink_to_fit();
        self.tag_names.shrink_to_fit();
        self.tag_places = HashMap::default();
    }

    fn entry(&self, event: &Event) -> Option<&Entry> {
        self.entries.get(event.details as usize)
    }

    fn text(&self, start: usize, length: Length) -> Option<&str> {
        if length.0 == Length::ABSENT.0 {
            return None;
        }
        self.text.get(start..start + length.bytes())
    }

    /// One or two sentences in the timeline author's words.
    pub(crate) fn summary<'s>(&'s self, event: &Event) -> Option<&'s str> {
        let entry = self.entry(event)?;
        self.text(entry.text_start as usize, entry.summary)
    }

    /// How the date was established.
    pub(crate) fn date_note<'s>(&'s self, event: &Event) -> Option<&'s str> {
        let entry = self.entry(event)?;
        self.text(
            entry.text_start as usize + entry.summary.bytes(),
            entry.date_note,
        )
    }

    /// Supporting quotations; the first is shown first.
    pub(crate) fn excerpts<'s>(&'s self, event: &Event) -> &'s [Excerpt] {
        self.entry(event)
            .and_then(|entry| {
                let start = entry.excerpts_start as usize;
                self.excerpts
                    .get(start..start + entry.excerpts_len as usize)
            })
            .unwrap_or_default()
    }

    /// Free tags.
    pub(crate) fn tags<'s>(
        &'s self,
        event: &Event,
    ) -> impl ExactSizeIterator<Item = &'s str> + Clone + 's {
        self.entry(event)
            .and_then(|entry| {
                let start = entry.tags_start as usize;
                self.tags.get(start..start + entry.tags_len as usize)
            })
            .unwrap_or_default()
            .iter()
            .map(|&place| {
                self.tag_names
                    .get(place as usize)
                    .map_or("", SmolStr::as_str)
            })
    }
}
