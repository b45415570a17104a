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

/// Where one event's details start in the lists of [`EventDetails`]. They end where the next
/// event's start, as each event's are added after the previous one's; so 16 bytes an event do.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Where the summary, then the date note, start in `text`.
    text_start: u32,
    texts: Texts,
    excerpts_start: u32,
    tags_start: u32,
}

/// Which of the summary and the date note an event has, and the summary's length: bit 31 is
/// set when there is a summary, bit 30 when there is a date note, and the other bits hold the
/// summary's length (under 1 GiB, as the file is).
#[derive(Clone, Copy, Debug)]
struct Texts(u32);

impl Texts {
    const SUMMARY: u32 = 1 << 31;
    const DATE_NOTE: u32 = 1 << 30;
    const SUMMARY_LENGTH: u32 = Self::DATE_NOTE - 1;

    fn of(summary: Option<&str>, date_note: Option<&str>) -> Self {
        let length = summary.map_or(0, |summary| {
            u32::try_from(summary.len()).map_or(Self::SUMMARY_LENGTH, |length| {
                length.min(Self::SUMMARY_LENGTH)
            })
        });
        let summary = if summary.is_some() { Self::SUMMARY } else { 0 };
        let date_note = if date_note.is_some() {
            Self::DATE_NOTE
        } else {
            0
        };
        Self(summary | date_note | length)
    }

    fn has_summary(self) -> bool {
        self.0 & Self::SUMMARY != 0
    }

    fn has_date_note(self) -> bool {
        self.0 & Self::DATE_NOTE != 0
    }

    fn summary_length(self) -> usize {
        (self.0 & Self::SUMMARY_LENGTH) as usize
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
            texts: Texts::of(summary, date_note),
            excerpts_start: mark as u32,
            tags_start,
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

    /// Where an event's details start, and where they end (where the next event's start, or
    /// the ends of the lists for the last event).
    fn bounds(&self, event: &Event) -> Option<(Entry, Entry)> {
        let place = event.details as usize;
        let entry = *self.entries.get(place)?;
        let end = self.entries.get(place + 1).copied().unwrap_or(Entry {
            text_start: self.text.len() as u32,
            texts: Texts(0),
            excerpts_start: self.excerpts.len() as u32,
            tags_start: self.tags.len() as u32,
        });
        Some((entry, end))
    }

    /// One or two sentences in the timeline author's words.
    pub(crate) fn summary<'s>(&'s self, event: &Event) -> Option<&'s str> {
        let (entry, _) = self.bounds(event)?;
        let start = entry.text_start as usize;
        entry
            .texts
            .has_summary()
            .then(|| self.text.get(start..start + entry.texts.summary_length()))?
    }

    /// How the date was established.
    pub(crate) fn date_note<'s>(&'s self, event: &Event) -> Option<&'s str> {
        let (entry, end) = self.bounds(event)?;
        let start = entry.text_start as usize + entry.texts.summary_length();
        entry
            .texts
            .has_date_note()
            .then(|| self.text.get(start..end.text_start as usize))?
    }

    /// Supporting quotations; the first is shown first.
    pub(crate) fn excerpts<'s>(&'s self, event: &Event) -> &'s [Excerpt] {
        self.bounds(event)
            .and_then(|(entry, end)| {
                self.excerpts
                    .get(entry.excerpts_start as usize..end.excerpts_start as usize)
            })
            .unwrap_or_default()
    }

    /// Free tags.
    pub(crate) fn tags<'s>(
        &'s self,
        event: &Event,
    ) -> impl ExactSizeIterator<Item = &'s str> + Clone + 's {
        self.bounds(event)
            .and_then(|(entry, end)| {
                self.tags
                    .get(entry.tags_start as usize..end.tags_start as usize)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HistDate, Importance, Status, Verification};

    fn event(details: u32) -> Event {
        let date = HistDate::parse("1990").expect("a date");
        Event {
            id: "e".into(),
            title: "T".into(),
            span: date.day_span(),
            date,
            category: 0,
            status: Status::Happened,
            importance: Importance::Normal,
            details,
        }
    }

    /// Event `i`'s summary, date note, excerpt texts and tags.
    type Expected = (Option<String>, Option<String>, Vec<String>, Vec<String>);

    /// Adds events with every mix of present, empty and absent texts and 0 to 2 excerpts and
    /// tags; returns what each should read back.
    fn fill(details: &mut EventDetails, first: usize, count: usize) -> Vec<Expected> {
        (first..first + count)
            .map(|i| {
                let text = |kind: usize, what: &str| match kind % 3 {
                    0 => None,
                    1 => Some(String::new()),
                    _ => Some(format!("{what} {i}")),
                };
                let (summary, date_note) = (text(i, "summary"), text(i / 3, "note"));
                let excerpts: Vec<String> = (0..i % 3).map(|j| format!("quote {i}.{j}")).collect();
                let tags: Vec<String> = (0..(i / 2) % 3)
                    .map(|j| format!("tag {}", j + i % 2))
                    .collect();
                let mark = details.excerpt_mark();
                for (j, text) in excerpts.iter().enumerate() {
                    details.push_excerpt(Excerpt::new(j, text, Verification::NotFound, None));
                }
                let place = details.finish(
                    mark,
                    summary.as_deref(),
                    date_note.as_deref(),
                    tags.iter().map(String::as_str),
                );
                assert_eq!(place as usize, i - first, "places count from 0");
                (summary, date_note, excerpts, tags)
            })
            .collect()
    }

    fn read(details: &EventDetails, place: u32) -> Expected {
        let event = event(place);
        (
            details.summary(&event).map(str::to_owned),
            details.date_note(&event).map(str::to_owned),
            details
                .excerpts(&event)
                .iter()
                .map(|x| x.text().to_owned())
                .collect(),
            details.tags(&event).map(str::to_owned).collect(),
        )
    }

    /// Each event's details end where the next one's start: absent and empty texts, and
    /// events without excerpts or tags, keep their neighbours' apart, also once two lists
    /// are joined.
    #[test]
    fn each_event_reads_back_its_own_details() {
        assert_eq!(size_of::<Entry>(), 16);
        let mut first = EventDetails::with_capacity(4);
        let mut expected = fill(&mut first, 0, 27);
        // An event whose excerpts are taken back leaves nothing behind.
        let mark = first.excerpt_mark();
        first.push_excerpt(Excerpt::new(0, "dropped", Verification::NotFound, None));
        first.discard_since(mark);
        let mut second = EventDetails::default();
        expected.extend(fill(&mut second, 27, 27));
        let shift = first.append(second);
        assert_eq!(shift, 27);
        first.shrink_to_fit();
        for (place, expected) in expected.iter().enumerate() {
            assert_eq!(&read(&first, place as u32), expected, "event {place}");
        }
        assert_eq!(
            read(&first, 54),
            (None, None, vec![], vec![]),
            "no such event"
        );
    }
}
