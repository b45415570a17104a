//! A timeline as one self-contained web page for students: `assets/web/page.html` with its
//! style, its script and the timeline's data written into it, so the single file works offline
//! (from a USB stick or a learning platform) and makes no request of its own.
//!
//! This module owns the page's data (what the script reads, built from the loaded model with
//! serde) and the inlining: each placeholder of the template is replaced once, in one pass, the
//! data with every `<` (and U+2028/U+2029) escaped so no text of the timeline can end the script
//! element, and the title HTML-escaped. The page itself (layout, keys, search, zoom) is
//! `assets/web/page.js` and `page.css`; `assets/web/README.md` is their contract.

use serde::Serialize;

use crate::model::{Event, Source, Timeline};
use crate::timeline::LoadedTimeline;

/// The page, with placeholders for the title, the style, the script and the data.
const TEMPLATE: &str = include_str!("../../assets/web/page.html");

/// The page's style sheet, inlined as is.
const STYLE: &str = include_str!("../../assets/web/page.css");

/// The page's script, inlined as is.
const SCRIPT: &str = include_str!("../../assets/web/page.js");

const TITLE_SLOT: &str = "<!--SOURCELINE_TITLE-->";
const STYLE_SLOT: &str = "/*SOURCELINE_STYLE*/";
const SCRIPT_SLOT: &str = "/*SOURCELINE_SCRIPT*/";
const DATA_SLOT: &str = "/*SOURCELINE_DATA*/";

/// The timeline as a complete HTML page: the events on a zoomable timeline, each with its
/// summary, its excerpts (marked verified or not) and their citations, the tour to step
/// through, search, and the sources; everything inline.
pub fn to_html(doc: &LoadedTimeline) -> String {
    let data = PageData::new(doc);
    // Serialising plain structs of strings and numbers cannot fail.
    let json = serde_json::to_string(&data).unwrap_or_else(|_| String::from("null"));
    let title = escape_html(&doc.timeline.title);
    let data = escape_script_json(&json);
    fill(
        TEMPLATE,
        &[
            (TITLE_SLOT, title.as_str()),
            (STYLE_SLOT, STYLE),
            (SCRIPT_SLOT, SCRIPT),
            (DATA_SLOT, data.as_str()),
        ],
    )
}

/// What the page's script reads (see `assets/web/README.md`).
#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    description: Option<&'a str>,
    /// "Made with …" in the footer.
    generator: String,
    categories: Vec<CategoryData<'a>>,
    sources: Vec<SourceData<'a>>,
    /// In date order, as in [`Timeline::events`].
    events: Vec<EventData<'a>>,
    /// The tour's stops as indexes into `events`; without a tour, → and ← go through every
    /// event in date order.
    tour: Option<Vec<usize>>,
    /// The period the page opens on: the one the window opens on.
    view: ViewData,
}

#[derive(Serialize)]
struct CategoryData<'a> {
    id: &'a str,
    label: &'a str,
    /// `#rrggbb`.
    color: String,
}

#[derive(Serialize)]
struct SourceData<'a> {
    id: &'a str,
    title: &'a str,
    author: Option<&'a str>,
    date: Option<String>,
    /// Only `http` and `https` addresses: the only links the page has.
    url: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct EventData<'a> {
    id: &'a str,
    title: &'a str,
    /// As the window shows it: "3–4 April 1993", "c. 1969 – c. 1989".
    date: String,
    /// Day numbers (0001-01-01 is day 1), the end exclusive.
    start_day: i32,
    end_day: i32,
    open_start: bool,
    open_end: bool,
    /// Index into `categories`.
    category: u32,
    /// `happened` or `planned`.
    status: &'static str,
    /// 1 (key) to 3 (minor).
    importance: u8,
    summary: Option<&'a str>,
    date_note: Option<&'a str>,
    tags: Vec<&'a str>,
    excerpts: Vec<ExcerptData<'a>>,
}

#[derive(Serialize)]
struct ExcerptData<'a> {
    /// Index into `sources`.
    source: usize,
    text: &'a str,
    /// Found word for word in the source's text.
    verified: bool,
}

#[derive(Serialize)]
struct ViewData {
    start_day: f64,
    end_day: f64,
}

impl<'a> PageData<'a> {
    fn new(doc: &'a LoadedTimeline) -> Self {
        let timeline = &doc.timeline;
        let view = doc.story_view();
        Self {
            title: &timeline.title,
            description: non_empty(timeline.description.as_deref()),
            generator: format!("Sourceline {}", env!("CARGO_PKG_VERSION")),
            categories: timeline
                .categories
                .iter()
                .map(|c| CategoryData {
                    id: &c.id,
                    label: &c.label,
                    color: c.color.to_hex(),
                })
                .collect(),
            sources: timeline.sources.iter().map(SourceData::new).collect(),
            events: timeline
                .events
                .iter()
                .map(|event| EventData::new(timeline, event))
                .collect(),
            tour: tour(timeline),
            view: ViewData {
                start_day: view.min_day,
                end_day: view.max_day,
            },
        }
    }
}

impl<'a> SourceData<'a> {
    fn new(source: &'a Source) -> Self {
        Self {
            id: &source.id,
            title: &source.title,
            author: non_empty(source.author.as_deref()),
            date: source.date.as_ref().map(ToString::to_string),
            url: source.url.as_deref().filter(|url| is_web_address(url)),
            note: non_empty(source.note.as_deref()),
        }
    }
}

impl<'a> EventData<'a> {
    fn new(timeline: &'a Timeline, event: &'a Event) -> Self {
        Self {
            id: &event.id,
            title: &event.title,
            date: event.date.to_string(),
            start_day: event.span.start_day,
            end_day: event.span.end_day_exclusive,
            open_start: event.span.open_start,
            open_end: event.span.open_end,
            category: event.category,
            status: event.status.as_str(),
            importance: event.importance.number(),
            summary: non_empty(timeline.summary(event)),
            date_note: non_empty(timeline.date_note(event)),
            tags: timeline.tags(event).collect(),
            excerpts: timeline
                .excerpts(event)
                .iter()
                .map(|excerpt| ExcerptData {
                    source: excerpt.source(),
                    text: excerpt.text(),
                    verified: excerpt.is_verified(),
                })
                .collect(),
        }
    }
}

/// The tour's stops that name an event; `None` without a tour.
fn tour(timeline: &Timeline) -> Option<Vec<usize>> {
    let stops: Vec<usize> = timeline
        .tour
        .as_deref()?
        .iter()
        .copied()
        .filter(|&i| i < timeline.events.len())
        .collect();
    (!stops.is_empty()).then_some(stops)
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

/// An `http` or `https` address with a host, as the loader requires: the page links to nothing
/// else, whatever a timeline built in code holds.
fn is_web_address(text: &str) -> bool {
    crate::model::check_url(text).is_ok()
}

/// JSON made safe inside a `<script>` element: no `<` at all (so neither `</script` nor `<!--`
/// can occur), and the line separators that older script engines reject in strings escaped.
/// A `<` only ever occurs inside a JSON string, where `\u003c` means the same.
fn escape_script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// Text made safe inside HTML elements and attribute values (`& < > " '` as references).
fn escape_html(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The template with every occurrence of each placeholder replaced by its value, in one pass
/// from left to right: text that a value brings in is never looked at again, so a placeholder
/// quoted inside the style, the script or the data stays as it is.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    loop {
        let next = values
            .iter()
            .filter_map(|&(slot, value)| rest.find(slot).map(|at| (at, slot, value)))
            .min_by_key(|&(at, _, _)| at);
        let Some((at, slot, value)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        out.push_str(value);
        rest = &rest[at + slot.len()..];
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_and_script_cannot_end_their_elements() {
        for (name, text) in [("page.css", STYLE), ("page.js", SCRIPT)] {
            let lower = text.to_ascii_lowercase();
            for bad in ["</script", "</style", "<script", "<!--"] {
                assert!(!lower.contains(bad), "{name} contains {bad}");
            }
        }
    }

    #[test]
    fn the_template_has_each_placeholder() {
        for slot in [STYLE_SLOT, SCRIPT_SLOT, DATA_SLOT] {
            assert_eq!(TEMPLATE.matches(slot).count(), 1, "{slot} once");
        }
        assert_eq!(
            TEMPLATE.matches(TITLE_SLOT).count(),
            2,
            "title in <title> and <h1>"
        );
    }

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        let page = fill("<t>A</t><s>B</s><d>A</d>", &[("A", "B and A"), ("B", "x")]);
        assert_eq!(page, "<t>B and A</t><s>x</s><d>B and A</d>");
    }

    #[test]
    fn script_json_has_no_angle_bracket_or_line_separator() {
        let json = serde_json::to_string("</script><!-- \u{2028}\u{2029}").unwrap();
        let escaped = escape_script_json(&json);
        assert!(!escaped.contains('<'), "{escaped}");
        assert!(!escaped.contains('\u{2028}') && !escaped.contains('\u{2029}'));
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "</script><!-- \u{2028}\u{2029}");
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert!(is_web_address("https://example.org/a?b=<c>"));
        assert!(is_web_address("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "example.org",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn titles_are_escaped() {
        assert_eq!(
            escape_html(r#"Tom & Jerry's <b>"war"</b>"#),
            "Tom &amp; Jerry&apos;s &lt;b&gt;&quot;war&quot;&lt;/b&gt;"
        );
    }
}
