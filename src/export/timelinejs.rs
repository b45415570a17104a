//! A timeline as a TimelineJS JSON file, so a class timeline can also be published with
//! TimelineJS: events with their dates (years labelled as TimelineJS labels them), groups from
//! categories, and the excerpts with their citations in the slide text.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::model::{Bound, DatePoint, Event, HistDate, Timeline};

/// The timeline as a TimelineJS document (`{"title": slide, "events": [slide]}`).
pub fn to_timelinejs(timeline: &Timeline) -> Value {
    let mut title_text = String::new();
    if let Some(description) = timeline.description.as_deref() {
        push_paragraphs(&mut title_text, description);
    }
    let events: Vec<Value> = timeline
        .events
        .iter()
        .map(|event| slide(timeline, event))
        .collect();
    json!({
        "title": { "text": { "headline": escape(&timeline.title), "text": title_text } },
        "events": events,
    })
}

fn slide(timeline: &Timeline, event: &Event) -> Value {
    let mut slide = Map::new();
    let (start, end) = match event.date {
        HistDate::Point(p) => (Some(p), None),
        HistDate::Interval { start, end } => (bound(start), bound(end)),
    };
    // TimelineJS needs a start: an open start ("before 1900") starts at its end.
    let (start, end) = match (start, end) {
        (None, end) => (end, None),
        other => other,
    };
    if let Some(start) = start {
        slide.insert("start_date".into(), date_object(start));
    }
    if let Some(end) = end {
        slide.insert("end_date".into(), date_object(end));
    }
    slide.insert("display_date".into(), display_date(&event.date).into());

    let mut text = String::new();
    if let Some(summary) = timeline.summary(event) {
        push_paragraphs(&mut text, summary);
    }
    for excerpt in timeline.excerpts(event) {
        text.push_str("<blockquote>");
        text.push_str(&escape(excerpt.text()));
        text.push_str("</blockquote>");
        if let Some(source) = timeline.source_of(excerpt) {
            let check = if excerpt.is_verified() {
                "verified in the source text"
            } else {
                "not verified"
            };
            let citation = escape(&source.citation());
            let cited = match source.url.as_deref() {
                Some(url) => format!("<a href=\"{}\">{citation}</a>", escape(url)),
                None => citation,
            };
            write!(text, "<p>— {cited} ({check})</p>").ok();
        }
    }
    if let Some(note) = timeline.date_note(event) {
        write!(text, "<p><em>{}</em></p>", escape(note)).ok();
    }
    slide.insert(
        "text".into(),
        json!({ "headline": escape(&event.title), "text": text }),
    );
    if let Some(category) = timeline.category_of(event) {
        slide.insert("group".into(), category.label.clone().into());
    }
    slide.insert("unique_id".into(), event.id.as_str().into());
    Value::Object(slide)
}

/// The date as shown, with each end's own qualifier when both ends have one (`c. 1969 –
/// c. 1989`), so that importing the file again reads the same date.
fn display_date(date: &HistDate) -> String {
    match *date {
        HistDate::Interval {
            start: Bound::Date(start),
            end: Bound::Date(end),
        } if (start.approximate || start.uncertain) && (end.approximate || end.uncertain) => {
            format!("{} – {}", HistDate::Point(start), HistDate::Point(end))
        }
        _ => date.to_string(),
    }
}

fn bound(bound: Bound) -> Option<DatePoint> {
    match bound {
        Bound::Open => None,
        Bound::Date(p) => Some(p),
    }
}

/// A TimelineJS date object. Years before AD 1 are written as TimelineJS labels them: our
/// astronomical −499 (500 BCE) is `-500`.
fn date_object(point: DatePoint) -> Value {
    let year = point.year();
    let label_year = if year <= 0 { year - 1 } else { year };
    let mut date = Map::new();
    date.insert("year".into(), label_year.into());
    if let Some(month) = point.month() {
        date.insert("month".into(), month.into());
    }
    if let Some(day) = point.day() {
        date.insert("day".into(), day.into());
    }
    Value::Object(date)
}

/// Appends plain text as HTML paragraphs.
fn push_paragraphs(html: &mut String, text: &str) {
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        html.push_str("<p>");
        html.push_str(&escape(paragraph.trim()).replace('\n', "<br>"));
        html.push_str("</p>");
    }
}

/// Text made safe inside HTML elements and attribute values (`& < > " '` as references).
fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_before_ad_1_are_written_as_timelinejs_labels_them() {
        let point = |text: &str| match HistDate::parse(text).unwrap() {
            HistDate::Point(p) => p,
            HistDate::Interval { .. } => unreachable!("a point"),
        };
        assert_eq!(date_object(point("500 BCE")), json!({ "year": -500 }));
        assert_eq!(date_object(point("1 BCE")), json!({ "year": -1 }));
        assert_eq!(
            date_object(point("1993-04-03")),
            json!({ "year": 1993, "month": 4, "day": 3 })
        );
    }

    #[test]
    fn text_is_escaped() {
        let mut html = String::new();
        push_paragraphs(&mut html, "a <b> & \"c\"\n\nline\nbreak");
        assert_eq!(
            html,
            "<p>a &lt;b&gt; &amp; &quot;c&quot;</p><p>line<br>break</p>"
        );
    }
}
