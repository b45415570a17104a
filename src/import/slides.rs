//! TimelineJS slides, read from its JSON or from its Google-Sheets template, turned into event
//! drafts: date parts checked and combined, HTML made plain text, media and display dates kept
//! where our format has room for them.

use std::fmt::Write as _;

use super::assemble::{EventDraft, Heading, fallback_title};
use super::html::{html_links, html_to_line, html_to_text};
use super::notes::{Notes, Place};
use crate::model::{Bound, DatePoint, HistDate};
use crate::suggest::parse_date_cell;

/// A value from the original, with its place.
#[derive(Clone, Debug)]
pub struct Cell {
    /// The text as given (numbers as their digits); never empty.
    pub text: String,

    /// Where it is.
    pub place: Place,
}

/// A TimelineJS date object (or the date columns of one sheet row).
#[derive(Clone, Debug)]
pub struct DateParts {
    /// Where the date is.
    pub place: Place,
    /// `year`.
    pub year: Option<Cell>,
    /// `month`.
    pub month: Option<Cell>,
    /// `day`.
    pub day: Option<Cell>,
    /// `hour`, `minute`, `second` and `millisecond`, or the sheet's `Time` (`05:58:44`).
    pub time: Vec<Cell>,
    /// The date object's own `display_date`.
    pub display_date: Option<Cell>,
}

/// What a slide is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlideKind {
    /// An event on the timeline.
    Event,
    /// The title slide.
    Title,
    /// An era: a named period drawn behind the events.
    Era,
}

/// One TimelineJS slide.
#[derive(Clone, Debug)]
pub struct Slide {
    /// Where the slide starts.
    pub place: Place,
    /// Event, title or era.
    pub kind: SlideKind,
    /// `start_date`.
    pub start: Option<DateParts>,
    /// `end_date`.
    pub end: Option<DateParts>,
    /// The slide's `display_date`.
    pub display_date: Option<Cell>,
    /// `text.headline` (HTML).
    pub headline: Option<Cell>,
    /// `text.text` (HTML).
    pub text: Option<Cell>,
    /// `media.url`: a link, or HTML to embed (a quotation, an iframe).
    pub media_url: Option<Cell>,
    /// `media.caption` (HTML).
    pub media_caption: Option<Cell>,
    /// `media.credit` (HTML).
    pub media_credit: Option<Cell>,
    /// `group`.
    pub group: Option<Cell>,
    /// `unique_id`.
    pub unique_id: Option<Cell>,
    /// `background` (a colour or an image URL).
    pub background: Option<Cell>,
}

impl Slide {
    /// An empty slide at `place`.
    pub fn new(place: Place, kind: SlideKind) -> Self {
        Self {
            place,
            kind,
            start: None,
            end: None,
            display_date: None,
            headline: None,
            text: None,
            media_url: None,
            media_caption: None,
            media_credit: None,
            group: None,
            unique_id: None,
            background: None,
        }
    }
}

/// The label of the lane that eras become.
pub const ERAS_LABEL: &str = "Eras";

/// What the slides became.
#[derive(Debug, Default)]
pub struct FromSlides {
    /// The title and description.
    pub heading: Heading,
    /// The events, eras among them.
    pub drafts: Vec<EventDraft>,
    /// How many slides were meant to become events (title slides aside).
    pub event_slides: usize,
}

/// Turns slides into drafts; what does not fit is noted.
pub fn from_slides(slides: Vec<Slide>, notes: &mut Notes) -> FromSlides {
    let mut out = FromSlides::default();
    let mut reader = DateReader::default();
    for slide in slides {
        if slide.kind == SlideKind::Title && out.heading.title.is_none() {
            out.heading = heading_of(&slide, notes);
            continue;
        }
        if slide.kind == SlideKind::Title {
            if slide.start.as_ref().is_some_and(|d| d.year.is_some()) {
                notes.warn(
                    slide.place.clone(),
                    "a second title slide: imported as an event (a timeline has one title)",
                );
            } else {
                notes.error(
                    slide.place.clone(),
                    "a second title slide without a date: not imported (a timeline has one \
                     title; give it a date to keep it as an event)",
                );
                continue;
            }
        }
        out.event_slides += 1;
        if let Some(draft) = draft_of(&slide, &mut reader, notes) {
            out.drafts.push(draft);
        }
    }
    out
}

/// The title slide as the timeline's title and description.
fn heading_of(slide: &Slide, notes: &mut Notes) -> Heading {
    let mut description = slide
        .text
        .as_ref()
        .map(|c| html_to_text(&c.text))
        .unwrap_or_default();
    if let Some(media) = media_line(slide) {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&media);
        notes.warn(
            place_of(slide.media_url.as_ref(), &slide.place),
            "the title slide's media is kept as a line of the description (Sourceline shows no \
             media)",
        );
    }
    note_background(slide, notes);
    Heading {
        title: slide.headline.as_ref().map(|c| html_to_line(&c.text)),
        description: Some(description),
    }
}

/// One slide as an event; `None` (with an error noted) when its date cannot be read.
fn draft_of(slide: &Slide, reader: &mut DateReader, notes: &mut Notes) -> Option<EventDraft> {
    let what = if slide.kind == SlideKind::Era {
        "era"
    } else {
        "slide"
    };
    let Some(start_parts) = slide.start.as_ref().filter(|d| d.year.is_some()) else {
        notes.error(
            slide.place.clone(),
            format!(
                "{what} \"{}\" has no start year: not imported (TimelineJS skips it too)",
                short(&headline_text(slide))
            ),
        );
        return None;
    };
    let start = reader.point(start_parts, "start", notes)?;
    let mut date_notes = Vec::new();
    let mut date = HistDate::Point(start);
    if let Some(end_parts) = slide.end.as_ref().filter(|d| d.year.is_some()) {
        let end = reader.point(end_parts, "end", notes)?;
        if end.end_day_exclusive() <= start.start_day() && end != start {
            notes.error(
                end_parts.place.clone(),
                format!(
                    "the end date ({}) is before the start date ({}): the event is imported \
                     with its start date only",
                    HistDate::Point(end),
                    HistDate::Point(start)
                ),
            );
        } else if end != start {
            date = HistDate::Interval {
                start: Bound::Date(start),
                end: Bound::Date(end),
            };
        }
    } else if slide.kind == SlideKind::Era {
        notes.warn(
            slide.place.clone(),
            "an era without an end date: imported as a single date",
        );
    }
    let mut times: Vec<String> = [&slide.start, &slide.end]
        .into_iter()
        .flatten()
        .filter_map(time_text)
        .collect();
    times.dedup();
    if !times.is_empty() {
        date_notes.push(format!("Time in the original: {}.", times.join(" to ")));
        notes.warn(
            place_of(
                slide.start.as_ref().and_then(|d| d.time.first()),
                &slide.place,
            ),
            format!(
                "the time of day ({}) is kept in the date note; Sourceline's dates stop at days",
                times.join(" to ")
            ),
        );
    }
    let display = slide
        .display_date
        .as_ref()
        .or(start_parts.display_date.as_ref());
    if let Some(display) = display {
        let shown = html_to_line(&display.text);
        match adopt_display_date(&shown, &date) {
            Some(better) => date = better,
            None if shown != date.to_string() => {
                date_notes.push(format!("Shown in the original as \"{shown}\"."));
                notes.warn(
                    display.place.clone(),
                    format!("the display date \"{shown}\" is kept as the date note"),
                );
            }
            None => {}
        }
    }

    let mut summary = slide
        .text
        .as_ref()
        .map(|c| html_to_text(&c.text))
        .unwrap_or_default();
    let mut title = headline_text(slide);
    if title.is_empty() {
        let caption = slide
            .media_caption
            .as_ref()
            .map(|c| html_to_line(&c.text))
            .unwrap_or_default();
        let from = if summary.is_empty() {
            &caption
        } else {
            &summary
        };
        title = fallback_title(from, &date);
        notes.warn(
            slide.place.clone(),
            format!("a {what} without a headline: titled \"{title}\""),
        );
    }
    // The summary is plain text: a link's address follows it on a line of its own.
    let links = slide
        .text
        .as_ref()
        .map(|c| html_links(&c.text))
        .unwrap_or_default();
    if !links.is_empty() {
        notes.warn_once(
            "links",
            place_of(slide.text.as_ref(), &slide.place),
            "links in slide text are kept as \"Link:\" lines at the end of the summary",
        );
    }
    for (i, link) in links.iter().enumerate() {
        summary.push_str(match (i, summary.is_empty()) {
            (_, true) => "",
            (0, false) => "\n\n",
            _ => "\n",
        });
        write!(summary, "Link: {} — {}", link.address, link.text).ok();
    }
    if let Some(media) = media_line(slide) {
        if !summary.is_empty() {
            summary.push_str("\n\n");
        }
        summary.push_str(&media);
        notes.warn_once(
            "media",
            place_of(slide.media_url.as_ref(), &slide.place),
            "media (images, videos, embeds) are kept as a \"Media:\" line at the end of the \
             summary; Sourceline shows no media",
        );
    }
    note_background(slide, notes);
    let category = match slide.kind {
        SlideKind::Era => Some(ERAS_LABEL.to_owned()),
        _ => slide
            .group
            .as_ref()
            .map(|g| html_to_line(&g.text))
            .filter(|g| !g.is_empty()),
    };
    Some(EventDraft {
        id: slide
            .unique_id
            .as_ref()
            .map(|c| (c.text.clone(), c.place.clone())),
        title,
        date,
        date_notes,
        summary,
        category,
        tags: Vec::new(),
    })
}

fn headline_text(slide: &Slide) -> String {
    slide
        .headline
        .as_ref()
        .map(|c| html_to_line(&c.text))
        .unwrap_or_default()
}

/// The first 40 characters of a text, for messages.
pub fn short(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(MAX).collect();
        cut.push('…');
        cut
    }
}

fn place_of(cell: Option<&Cell>, fallback: &Place) -> Place {
    cell.map_or_else(|| fallback.clone(), |c| c.place.clone())
}

fn note_background(slide: &Slide, notes: &mut Notes) {
    if let Some(background) = &slide.background {
        notes.warn_once(
            "background",
            background.place.clone(),
            "slide backgrounds are not imported (Sourceline draws no slide backgrounds)",
        );
    }
}

/// The media as one line: `Media: URL — caption (credit)`, or the text of embedded HTML.
fn media_line(slide: &Slide) -> Option<String> {
    let url = slide.media_url.as_ref()?;
    let link = if url.text.trim_start().starts_with('<') {
        html_to_line(&url.text)
    } else {
        url.text.trim().to_owned()
    };
    if link.is_empty() {
        return None;
    }
    let mut line = format!("Media: {link}");
    let caption = slide
        .media_caption
        .as_ref()
        .map(|c| html_to_line(&c.text))
        .filter(|c| !c.is_empty());
    let credit = slide
        .media_credit
        .as_ref()
        .map(|c| html_to_line(&c.text))
        .filter(|c| !c.is_empty());
    if let Some(caption) = caption {
        line.push_str(" — ");
        line.push_str(&caption);
    }
    if let Some(credit) = credit {
        write!(line, " ({credit})").ok();
    }
    Some(line)
}

/// The time of day of a date, when it has one: `05:58:44`.
fn time_text(parts: &DateParts) -> Option<String> {
    match parts.time.as_slice() {
        [] => None,
        [one] => Some(one.text.trim().to_owned()),
        several => Some(
            several
                .iter()
                .map(|c| {
                    let t = c.text.trim();
                    if t.len() == 1 {
                        format!("0{t}")
                    } else {
                        t.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(":"),
        ),
    }
}

/// The display date read as a date, when it says the same days as the parts but more
/// (`c. May 1993`, `before 23 April 1993`): then it replaces them and needs no note.
fn adopt_display_date(shown: &str, date: &HistDate) -> Option<HistDate> {
    let read = read_display_date(shown)?;
    let strip = |p: DatePoint| DatePoint::new(p.year(), p.month(), p.day());
    let read_points: Vec<_> = read.points().map(strip).collect();
    let own_points: Vec<_> = date.points().map(strip).collect();
    (read_points == own_points && read != *date).then_some(read)
}

/// A display date as a date: a period written as two dates around a spaced dash
/// (`c. 1969 – c. 1989`, as Sourceline's own export writes it) is read end by end, anything
/// else as a free-text date cell.
fn read_display_date(shown: &str) -> Option<HistDate> {
    if let Some((first, second)) = shown.split_once(" – ")
        && let (Ok(first), Ok(second)) = (parse_date_cell(first), parse_date_cell(second))
        && let (HistDate::Point(start), HistDate::Point(end)) = (first.date, second.date)
    {
        return Some(HistDate::Interval {
            start: Bound::Date(start),
            end: Bound::Date(end),
        });
    }
    parse_date_cell(shown).ok().map(|read| read.date)
}

/// Reads date parts, remembering what it has said once per file.
#[derive(Default)]
struct DateReader {
    negative_year_noted: bool,
}

impl DateReader {
    /// The date the parts give; `None` (with an error noted) when they do not make one.
    fn point(&mut self, parts: &DateParts, which: &str, notes: &mut Notes) -> Option<DatePoint> {
        let year_cell = parts.year.as_ref()?;
        let Some(label_year) = parse_whole(&year_cell.text, true) else {
            notes.error(
                year_cell.place.clone(),
                format!(
                    "the {which} year \"{}\" is not a whole number: not imported",
                    year_cell.text
                ),
            );
            return None;
        };
        // TimelineJS labels −500 as "500 BCE": the author meant 500 BCE, astronomical −499.
        let year = match label_year {
            y if y < 0 => {
                let stored = i32::try_from(y + 1)
                    .ok()
                    .and_then(|year| DatePoint::new(year, None, None));
                // (A year out of range is an error below, not a note.)
                if let Some(stored) = stored
                    && !self.negative_year_noted
                {
                    self.negative_year_noted = true;
                    notes.warn(
                        year_cell.place.clone(),
                        format!(
                            "negative years are read as TimelineJS labels them: {y} is {} BCE \
                             (stored as {})",
                            -y,
                            stored.to_edtf()
                        ),
                    );
                }
                y + 1
            }
            0 => {
                notes.warn(
                    year_cell.place.clone(),
                    "year 0 does not exist in the calendar; read as 1 BCE",
                );
                0
            }
            y => y,
        };
        let Ok(year) = i32::try_from(year) else {
            notes.error(year_cell.place.clone(), out_of_range(which, label_year));
            return None;
        };
        if DatePoint::new(year, None, None).is_none() {
            notes.error(year_cell.place.clone(), out_of_range(which, label_year));
            return None;
        }
        let month = match &parts.month {
            None => None,
            Some(cell) => match parse_whole(&cell.text, false) {
                Some(m @ 1..=12) => Some(m as u32),
                Some(m) => {
                    notes.error(
                        cell.place.clone(),
                        format!(
                            "the {which} month {m} is out of range (1–12): not imported \
                             (TimelineJS would roll it over into another year)"
                        ),
                    );
                    return None;
                }
                None => {
                    notes.error(
                        cell.place.clone(),
                        format!(
                            "the {which} month \"{}\" is not a number from 1 to 12: not imported",
                            cell.text
                        ),
                    );
                    return None;
                }
            },
        };
        let day = match (&parts.day, month) {
            (None, _) => None,
            (Some(cell), None) => {
                notes.warn(
                    cell.place.clone(),
                    format!("the {which} day is ignored: there is no month"),
                );
                None
            }
            (Some(cell), Some(m)) => {
                let in_month = DatePoint::new(year, Some(m), None)
                    .map(|p| HistDate::Point(p).to_string())
                    .unwrap_or_default();
                match parse_whole(&cell.text, false) {
                    Some(d @ 1..=31) if DatePoint::new(year, Some(m), Some(d as u32)).is_some() => {
                        Some(d as u32)
                    }
                    Some(d) => {
                        notes.error(
                            cell.place.clone(),
                            format!(
                                "the {which} day {d} does not exist in {in_month}: not imported \
                                 (TimelineJS would roll it over into the next month)"
                            ),
                        );
                        return None;
                    }
                    None => {
                        notes.error(
                            cell.place.clone(),
                            format!(
                                "the {which} day \"{}\" is not a number: not imported",
                                cell.text
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        DatePoint::new(year, month, day)
    }
}

fn out_of_range(which: &str, year: i64) -> String {
    format!(
        "the {which} year {year} is outside the years Sourceline can show (10000 BCE to 9999 CE; \
         no geological or cosmological times): not imported"
    )
}

/// A whole number written as TimelineJS accepts it: digits with an optional minus sign,
/// thousands separated by commas when `thousands` (`10,000`), a `.0` fraction from a
/// spreadsheet.
fn parse_whole(text: &str, thousands: bool) -> Option<i64> {
    let mut cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !(thousands && *c == ','))
        .collect();
    if let Some(whole) = cleaned.strip_suffix(".0") {
        cleaned = whole.to_owned();
    }
    let digits = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cleaned.parse().ok()
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Cell {
        Cell {
            text: text.to_owned(),
            place: Place::File,
        }
    }

    fn parts(year: &str, month: &str, day: &str) -> DateParts {
        let opt = |t: &str| (!t.is_empty()).then(|| cell(t));
        DateParts {
            place: Place::File,
            year: opt(year),
            month: opt(month),
            day: opt(day),
            time: Vec::new(),
            display_date: None,
        }
    }

    fn read(year: &str, month: &str, day: &str) -> (Option<String>, Vec<String>) {
        let mut notes = Notes::default();
        let point = DateReader::default().point(&parts(year, month, day), "start", &mut notes);
        let messages = notes
            .into_problems("f", "")
            .into_iter()
            .map(|p| p.to_string())
            .collect();
        (point.map(|p| p.to_edtf()), messages)
    }

    #[test]
    fn parts_combine_with_the_precision_given() {
        assert_eq!(read("1815", "12", "10").0.as_deref(), Some("1815-12-10"));
        assert_eq!(read("1943", "07", "").0.as_deref(), Some("1943-07"));
        assert_eq!(read("1,066", "", "").0.as_deref(), Some("1066"));
        // Our dates have four-digit years: a later one is reported, not made into a date that
        // would not load.
        let (date, messages) = read("10,000", "", "");
        assert_eq!(date, None);
        assert!(
            messages
                .iter()
                .any(|m| m.contains("year 10000 is outside the years Sourceline can show")),
            "{messages:?}"
        );
        assert_eq!(read("1946.0", "", "").0.as_deref(), Some("1946"));
    }

    #[test]
    fn negative_years_follow_the_label() {
        let (date, notes) = read("-500", "", "");
        assert_eq!(date.as_deref(), Some("-0499"));
        assert_eq!(HistDate::parse("-0499").unwrap().to_string(), "500 BCE");
        assert!(notes[0].contains("-500 is 500 BCE"), "{notes:?}");
    }

    #[test]
    fn out_of_range_parts_are_errors_not_rollovers() {
        let (date, notes) = read("1993", "13", "");
        assert_eq!(date, None);
        assert!(
            notes[0].contains("error: the start month 13 is out of range"),
            "{notes:?}"
        );
        let (date, notes) = read("1993", "4", "31");
        assert_eq!(date, None);
        assert!(
            notes[0].contains("day 31 does not exist in April 1993"),
            "{notes:?}"
        );
        let (date, _) = read("19x3", "", "");
        assert_eq!(date, None);
    }

    #[test]
    fn display_dates_that_say_more_replace_the_parts() {
        let date = HistDate::parse("1993-05").unwrap();
        assert_eq!(
            adopt_display_date("c. May 1993", &date).map(|d| d.to_edtf()),
            Some("1993-05~".to_owned())
        );
        assert_eq!(adopt_display_date("May 1993", &date), None);
        assert_eq!(adopt_display_date("Spring term", &date), None);
        let day = HistDate::parse("1993-04-23").unwrap();
        assert_eq!(
            adopt_display_date("before 23 April 1993", &day).map(|d| d.to_edtf()),
            Some("../1993-04-23".to_owned())
        );
    }
}
