//! TimelineJS JSON files (`{"title": slide, "events": [slide], "eras": [...]}`) read into
//! slides, each value with its JSON path so notes can say where it was; and the files of
//! TimelineJS 2 (`{"timeline": {"headline": …, "date": [{"startDate": "1989,11,9", …}]}}`),
//! which many older class timelines still are.

use serde_json::{Map, Value};

use super::notes::{Notes, Place};
use super::slides::{Cell, DateParts, Slide, SlideKind};
use crate::model::{JsonPath, PathSegment};

/// Members of a slide that TimelineJS reads.
const SLIDE_FIELDS: &[&str] = &[
    "start_date",
    "end_date",
    "text",
    "media",
    "group",
    "display_date",
    "background",
    "unique_id",
    "autolink",
];

/// Members of a date object that TimelineJS reads.
const DATE_FIELDS: &[&str] = &[
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "millisecond",
    "display_date",
    "format",
];

/// The slides of a TimelineJS document (title first, then events, then eras), or why it is not
/// one.
pub fn read_slides(root: &Value, notes: &mut Notes) -> Result<Vec<Slide>, String> {
    let Value::Object(top) = root else {
        return Err("this is not a TimelineJS file: the top level is not an object".to_owned());
    };
    let Some(events) = top.get("events") else {
        if let Some(Value::Object(timeline)) = top.get("timeline")
            && timeline.get("date").is_some()
        {
            return Ok(read_version_2(timeline, notes));
        }
        return Err("this is not a TimelineJS file: it has no \"events\" list".to_owned());
    };
    let Value::Array(events) = events else {
        return Err("\"events\" is not a list".to_owned());
    };
    let (mut titles, mut eras) = (Vec::new(), Vec::new());
    for (key, value) in top {
        let path = vec![PathSegment::Key(key.clone())];
        match key.as_str() {
            "title" => titles.extend(slide_at(value, path, SlideKind::Title, notes)),
            "eras" => {
                if let Value::Array(list) = value {
                    for (i, era) in list.iter().enumerate() {
                        let mut era_path = path.clone();
                        era_path.push(PathSegment::Index(i));
                        eras.extend(slide_at(era, era_path, SlideKind::Era, notes));
                    }
                } else {
                    notes.error(Place::Json(path), "\"eras\" is not a list: not imported");
                }
            }
            "scale" if value.as_str() == Some("cosmological") => notes.warn(
                Place::Json(path),
                "the cosmological scale is not imported: years are read as calendar years",
            ),
            "events" | "scale" => {}
            other => notes.warn(
                Place::Json(path),
                format!("\"{other}\" is not part of a TimelineJS file: not imported"),
            ),
        }
    }
    // The title slide first, then the events, then the eras.
    let mut slides = titles;
    for (i, event) in events.iter().enumerate() {
        let path = vec![PathSegment::Key("events".into()), PathSegment::Index(i)];
        slides.extend(slide_at(event, path, SlideKind::Event, notes));
    }
    slides.extend(eras);
    Ok(slides)
}

/// The slides of a TimelineJS 2 file's `timeline` object: itself as the title slide, then its
/// `date` list, then its `era` list.
fn read_version_2(timeline: &Map<String, Value>, notes: &mut Notes) -> Vec<Slide> {
    let path = vec![PathSegment::Key("timeline".into())];
    notes.warn(
        Place::Json(path.clone()),
        "a file of TimelineJS 2 (before 2015): read as such",
    );
    let mut slides = Vec::new();
    slides.extend(slide_v2_at(timeline, &path, SlideKind::Title, notes));
    for (key, kind) in [("date", SlideKind::Event), ("era", SlideKind::Era)] {
        let list_path = child(&path, key);
        match timeline.get(key) {
            Some(Value::Array(list)) => {
                for (i, item) in list.iter().enumerate() {
                    let mut item_path = list_path.clone();
                    item_path.push(PathSegment::Index(i));
                    match item {
                        Value::Object(members) => {
                            slides.extend(slide_v2_at(members, &item_path, kind, notes));
                        }
                        _ => notes.error(
                            Place::Json(item_path),
                            "a slide that is not an object: not imported",
                        ),
                    }
                }
            }
            None | Some(Value::Null) => {}
            Some(_) => notes.error(
                Place::Json(list_path),
                format!("\"{key}\" is not a list: not imported"),
            ),
        }
    }
    slides
}

/// One TimelineJS 2 slide (`startDate`, `endDate`, `headline`, `text`, `tag`, `asset`); the
/// title slide only when it has a headline or text.
fn slide_v2_at(
    members: &Map<String, Value>,
    path: &JsonPath,
    kind: SlideKind,
    notes: &mut Notes,
) -> Option<Slide> {
    let mut slide = Slide::new(Place::Json(path.clone()), kind);
    for (key, value) in members {
        let member_path = child(path, key);
        match key.as_str() {
            "startDate" => slide.start = date_v2_at(value, member_path, notes),
            "endDate" => slide.end = date_v2_at(value, member_path, notes),
            "headline" => slide.headline = cell_at(value, member_path, notes),
            "text" => slide.text = cell_at(value, member_path, notes),
            "tag" => slide.group = cell_at(value, member_path, notes),
            "asset" => media_at(value, &member_path, "media", &mut slide, notes),
            // The title slide's lists, and what only changed the look.
            "date" | "era" | "type" | "classname" | "value" | "chart" => {}
            _ => unknown(notes, "slide", key, member_path),
        }
    }
    if kind == SlideKind::Title && slide.headline.is_none() && slide.text.is_none() {
        return None;
    }
    Some(slide)
}

/// A TimelineJS 2 date: `"1989,11,9"` (year, month, day, then the time of day), as parts.
fn date_v2_at(value: &Value, path: JsonPath, notes: &mut Notes) -> Option<DateParts> {
    let whole = cell_at(value, path.clone(), notes)?;
    let cell = |text: &str| {
        let text = text.trim();
        (!text.is_empty()).then(|| Cell {
            text: text.to_owned(),
            place: whole.place.clone(),
        })
    };
    let mut pieces = whole.text.split(',');
    let mut parts = DateParts {
        place: Place::Json(path),
        year: None,
        month: None,
        day: None,
        time: Vec::new(),
        display_date: None,
    };
    parts.year = pieces.next().and_then(cell);
    parts.month = pieces.next().and_then(cell);
    parts.day = pieces.next().and_then(cell);
    parts.time = pieces.filter_map(cell).collect();
    Some(parts)
}

/// The slide at `path`; `None` (noted) when it is not an object.
fn slide_at(value: &Value, path: JsonPath, kind: SlideKind, notes: &mut Notes) -> Option<Slide> {
    let Value::Object(members) = value else {
        notes.error(
            Place::Json(path),
            "a slide that is not an object: not imported",
        );
        return None;
    };
    let mut slide = Slide::new(Place::Json(path.clone()), kind);
    for (key, value) in members {
        let member_path = child(&path, key);
        match key.as_str() {
            "start_date" => slide.start = date_at(value, &member_path, notes),
            "end_date" => slide.end = date_at(value, &member_path, notes),
            "display_date" => slide.display_date = cell_at(value, member_path, notes),
            "group" => slide.group = cell_at(value, member_path, notes),
            "unique_id" => slide.unique_id = cell_at(value, member_path, notes),
            "text" => {
                if let Some(text) = object_at(value, &member_path, notes) {
                    for (key, value) in text {
                        let path = child(&member_path, key);
                        match key.as_str() {
                            "headline" => slide.headline = cell_at(value, path, notes),
                            "text" => slide.text = cell_at(value, path, notes),
                            _ => unknown(notes, "text", key, path),
                        }
                    }
                }
            }
            "media" => media_at(value, &member_path, "url", &mut slide, notes),
            "background" => {
                if let Some(background) = object_at(value, &member_path, notes) {
                    slide.background = background
                        .iter()
                        .find_map(|(k, v)| cell_at(v, child(&member_path, k), notes));
                }
            }
            "autolink" => {}
            _ if !SLIDE_FIELDS.contains(&key.as_str()) => {
                unknown(notes, "slide", key, member_path);
            }
            _ => {}
        }
    }
    Some(slide)
}

/// A slide's media object (`media` in TimelineJS 3, `asset` in TimelineJS 2, whose address is
/// under `url_key`): its address, caption and credit go to `slide`.
fn media_at(value: &Value, path: &JsonPath, url_key: &str, slide: &mut Slide, notes: &mut Notes) {
    let Some(media) = object_at(value, path, notes) else {
        return;
    };
    for (key, value) in media {
        let member_path = child(path, key);
        match key.as_str() {
            k if k == url_key => slide.media_url = cell_at(value, member_path, notes),
            "caption" => slide.media_caption = cell_at(value, member_path, notes),
            "credit" => slide.media_credit = cell_at(value, member_path, notes),
            // Presentational: a thumbnail, alt text for the image, link target.
            "thumbnail" | "alt" | "title" | "link" | "link_target" => {}
            _ => unknown(notes, "media", key, member_path),
        }
    }
}

/// A date object; `None` when it is absent or not an object (noted).
fn date_at(value: &Value, path: &JsonPath, notes: &mut Notes) -> Option<DateParts> {
    if value.is_null() {
        return None;
    }
    let members = object_at(value, path, notes)?;
    let mut parts = DateParts {
        place: Place::Json(path.clone()),
        year: None,
        month: None,
        day: None,
        time: Vec::new(),
        display_date: None,
    };
    for (key, value) in members {
        let member_path = child(path, key);
        match key.as_str() {
            "year" => parts.year = cell_at(value, member_path, notes),
            "month" => parts.month = cell_at(value, member_path, notes),
            "day" => parts.day = cell_at(value, member_path, notes),
            "hour" | "minute" | "second" | "millisecond" => {
                if let Some(cell) = cell_at(value, member_path, notes) {
                    parts.time.push(cell);
                }
            }
            "display_date" => parts.display_date = cell_at(value, member_path, notes),
            "format" => {}
            _ if !DATE_FIELDS.contains(&key.as_str()) => {
                unknown(notes, "date", key, member_path);
            }
            _ => {}
        }
    }
    Some(parts)
}

fn child(path: &JsonPath, key: &str) -> JsonPath {
    let mut path = path.clone();
    path.push(PathSegment::Key(key.to_owned()));
    path
}

fn object_at<'a>(
    value: &'a Value,
    path: &JsonPath,
    notes: &mut Notes,
) -> Option<&'a Map<String, Value>> {
    match value {
        Value::Object(members) => Some(members),
        Value::Null => None,
        _ => {
            notes.error(
                Place::Json(path.clone()),
                "expected an object here: not imported",
            );
            None
        }
    }
}

/// A text or number value; `None` for `""`, `null`, and other kinds of value (noted).
fn cell_at(value: &Value, path: JsonPath, notes: &mut Notes) -> Option<Cell> {
    let text = match value {
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Null => return None,
        Value::Bool(_) | Value::Array(_) | Value::Object(_) => {
            notes.error(
                Place::Json(path),
                "expected text or a number here: not imported",
            );
            return None;
        }
    };
    Some(Cell {
        text,
        place: Place::Json(path),
    })
}

/// A member TimelineJS does not read: said once per name.
fn unknown(notes: &mut Notes, within: &str, key: &str, path: JsonPath) {
    notes.warn_once(
        &format!("{within}.{key}"),
        Place::Json(path),
        format!("\"{key}\" is not a TimelineJS {within} field: not imported"),
    );
}
