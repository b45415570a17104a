//! Stage 2 of loading: what the values mean. Ids, dates, references between sources,
//! categories, events and the tour, path and address safety, and excerpt verification.
//!
//! JSON paths for problems are built only when something is reported, so a valid file costs no
//! allocations here beyond the timeline itself.

use std::fmt::Display;
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde_json::Value;
use smol_str::SmolStr;

use super::raw::{
    CATEGORY_FIELDS, EVENT_FIELDS, EXCERPT_FIELDS, RawCategory, RawEvent, RawFile, RawSource,
    SOURCE_FIELDS, Subject, TOP_FIELDS, item_subject,
};
use super::reread::{EventsFile, Moves, PartPlaces};
use super::{Checker, Pending, SourceError, SourceFiles};
use crate::model::locate::{Anchor, JsonPath, PathSegment};
use crate::model::paths::{check_relative_path, check_url};
use crate::model::problem::Severity;
use crate::model::verify::{SourceIndex, normalize_whitespace, shared_index};
use crate::model::{
    CATEGORY_PALETTE, Category, Event, EventDetails, Excerpt, HistDate, Importance, Rgb,
    SUPPORTED_FORMAT, Source, Status, Timeline, Verification, closest_name,
};

/// Timelines with more events than this check them on every core.
const PARALLEL_EVENTS: usize = 50_000;

fn key(k: &str) -> PathSegment {
    PathSegment::Key(k.to_owned())
}

fn at(index: usize) -> PathSegment {
    PathSegment::Index(index)
}

fn event_path(event: usize, field: &str) -> JsonPath {
    vec![key("events"), at(event), key(field)]
}

/// Ids are lowercase letters, digits and `-`.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An id suggestion for a badly formed one: `Camp David!` → `camp-david`.
fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for ch in id.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// `; did you mean "x"?` when a known name is close to `name`.
fn closest_hint<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest_name(name, known)
        .map(|k| format!("; did you mean \"{k}\"?"))
        .unwrap_or_default()
}

impl Checker {
    /// Reports a missing required field, unless stage 1 already reported its wrong type.
    fn missing(&mut self, object_path: JsonPath, subject: &dyn Display, field: &str) {
        let mut field_path = object_path.clone();
        field_path.push(key(field));
        if !self.type_errors.contains(&field_path) {
            self.error(
                object_path,
                format!("{subject}: the required field \"{field}\" is missing"),
            );
        }
    }

    /// A required text field: reports it missing or empty.
    fn required<T: std::ops::Deref<Target = str>>(
        &mut self,
        value: Option<T>,
        object_path: impl FnOnce() -> JsonPath,
        subject: &dyn Display,
        field: &str,
    ) -> Option<T> {
        match value {
            None => {
                self.missing(object_path(), subject, field);
                None
            }
            Some(text) if text.trim().is_empty() => {
                let mut path = object_path();
                path.push(key(field));
                self.error(path, format!("{subject}: \"{field}\" must not be empty"));
                None
            }
            Some(text) => Some(text),
        }
    }

    /// An id: present, well formed and not used before (`first_use` records it and says
    /// whether it is new). Returns whether it is usable.
    fn id(
        &mut self,
        value: Option<&str>,
        object_path: impl Fn() -> JsonPath,
        subject: &dyn Display,
        kind: &str,
        first_use: impl FnOnce() -> bool,
    ) -> bool {
        let id_path = || {
            let mut path = object_path();
            path.push(key("id"));
            path
        };
        let Some(id) = value else {
            self.missing(object_path(), subject, "id");
            return false;
        };
        if id.trim().is_empty() {
            self.error(id_path(), format!("{subject}: \"id\" must not be empty"));
            return false;
        }
        if !is_valid_id(id) {
            self.error(
                id_path(),
                format!(
                    "{kind} id \"{id}\" may contain only lowercase letters, digits and \"-\" (for example \"{}\")",
                    suggest_id(id)
                ),
            );
            return false;
        }
        if !first_use() {
            self.error(
                id_path(),
                format!("{kind} id \"{id}\" is used twice; ids must be unique"),
            );
            return false;
        }
        true
    }

    /// A date field.
    fn date(
        &mut self,
        value: Option<&str>,
        path: impl FnOnce() -> JsonPath,
        subject: &dyn Display,
    ) -> Option<HistDate> {
        match HistDate::parse(value?) {
            Ok(date) => Some(date),
            Err(err) => {
                self.error(path(), format!("{subject}: {err}"));
                None
            }
        }
    }

    /// Warns about each unknown field, naming the object it is in.
    fn unknown_fields(&mut self, raw: &RawFile<'_>, unknown: Vec<JsonPath>) {
        self.unknown_fields_in(
            raw.sources.as_deref(),
            raw.categories.as_deref(),
            raw.events.as_deref(),
            unknown,
        );
    }

    /// [`unknown_fields`](Self::unknown_fields) with the lists that name the objects.
    fn unknown_fields_in(
        &mut self,
        sources: Option<&[RawSource]>,
        categories: Option<&[RawCategory]>,
        events: Option<&[RawEvent<'_>]>,
        unknown: impl IntoIterator<Item = JsonPath>,
    ) {
        for path in unknown {
            let Some(PathSegment::Key(field)) = path.last() else {
                continue;
            };
            let field = field.clone();
            let (subject, known): (String, &[&str]) = match path.as_slice() {
                [_] => ("the timeline file".to_owned(), TOP_FIELDS),
                [PathSegment::Key(list), PathSegment::Index(i), _] => match list.as_str() {
                    "sources" => (
                        subject_of(
                            sources,
                            *i,
                            "source",
                            |s: &RawSource| s.index,
                            |s| s.id.as_deref(),
                        ),
                        SOURCE_FIELDS,
                    ),
                    "categories" => (
                        subject_of(
                            categories,
                            *i,
                            "category",
                            |c: &RawCategory| c.index,
                            |c| c.id.as_deref(),
                        ),
                        CATEGORY_FIELDS,
                    ),
                    _ => (
                        subject_of(
                            events,
                            *i,
                            "event",
                            |e: &RawEvent<'_>| e.index,
                            |e| e.id.as_deref(),
                        ),
                        EVENT_FIELDS,
                    ),
                },
                [_, PathSegment::Index(i), _, PathSegment::Index(j), _] => (
                    format!(
                        "{}, excerpt {}",
                        subject_of(
                            events,
                            *i,
                            "event",
                            |e: &RawEvent<'_>| e.index,
                            |e| e.id.as_deref()
                        ),
                        j + 1
                    ),
                    EXCERPT_FIELDS,
                ),
                _ => ("the timeline file".to_owned(), &[]),
            };
            let suggestion = known
                .iter()
                .map(|k| (strsim::levenshtein(k, &field), k))
                .filter(|(distance, _)| *distance <= 2)
                .min()
                .map(|(_, k)| format!("; did you mean \"{k}\"?"))
                .unwrap_or_default();
            self.report(
                Severity::Warning,
                path,
                Anchor::Key,
                format!("{subject}: unknown field \"{field}\" is ignored{suggestion}"),
            );
        }
    }
}

/// The message subject for the item at file position `index` of a raw list.
fn subject_of<T>(
    items: Option<&[T]>,
    index: usize,
    kind: &str,
    position: impl Fn(&T) -> usize,
    id: impl Fn(&T) -> Option<&str>,
) -> String {
    let item = items.and_then(|items| {
        items
            .binary_search_by_key(&index, &position)
            .ok()
            .and_then(|i| items.get(i))
    });
    item_subject(kind, index, item.and_then(id))
}

/// Checks the raw file and builds the timeline. Returns `None` only when the structure is too
/// broken to build one; the caller also discards it when any error was reported.
pub(super) fn check(
    checker: &mut Checker,
    raw: RawFile<'_>,
    unknown: Vec<JsonPath>,
    files: &dyn SourceFiles,
    unread: Option<UnreadEvents<'_>>,
) -> Result<Option<Timeline>, ReadAgain> {
    checker.unknown_fields(&raw, unknown);
    match &raw.format {
        None => checker.error(
            Vec::new(),
            format!("the required field \"format\" is missing; add \"format\": {SUPPORTED_FORMAT}"),
        ),
        Some(value) if value.as_u64() == Some(SUPPORTED_FORMAT) => {}
        Some(value) => checker.error(
            vec![key("format")],
            format!("\"format\" is {value}, but this version of Sourceline reads only format {SUPPORTED_FORMAT}"),
        ),
    }
    let title = checker.required(raw.title, Vec::new, &"the timeline file", "title");
    for (field, present) in [
        ("sources", raw.sources.is_some()),
        ("categories", raw.categories.is_some()),
        ("events", raw.events.is_some()),
    ] {
        if !present && !checker.type_errors.contains(&vec![key(field)]) {
            checker.error(
                Vec::new(),
                format!("the timeline file: the required field \"{field}\" is missing (write \"{field}\": [] if there are none)"),
            );
        }
    }
    let sources = sources(checker, raw.sources.unwrap_or_default(), files);
    let source_ids: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    if raw.categories.as_ref().is_some_and(Vec::is_empty) {
        checker.error(
            vec![key("categories")],
            "\"categories\" must list at least one category".to_owned(),
        );
    }
    let categories = categories(checker, raw.categories.unwrap_or_default());
    let category_ids: HashMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();

    // The ids seen: of all events in one pass, or of each part's when they are checked in parts.
    let mut all_event_ids = HashSet::default();
    let mut later_parts_ids = Vec::new();
    let verifier = Verifier::new(&sources);
    let context = EventContext {
        source_ids: &source_ids,
        category_ids: &category_ids,
        verifier: &verifier,
    };
    // Each event with its position in the file and its excerpts' positions.
    let raw_events = raw.events.unwrap_or_default();
    let parallel = raw_events.len() >= PARALLEL_EVENTS
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let read_in_parts = unread.is_some();
    let events = if let Some(unread) = unread {
        // The excerpts not found were reported by the threads that read the events.
        let (events, mut unverified) = read_and_check_events(
            checker,
            &unread,
            (&mut all_event_ids, &mut later_parts_ids),
            &context,
        )
        .ok_or(ReadAgain)?;
        checker.pending.append(&mut unverified);
        events
    } else if parallel {
        check_events_in_parallel(
            checker,
            raw_events,
            (&mut all_event_ids, &mut later_parts_ids),
            &context,
        )
    } else {
        check_events(
            checker,
            raw_events.into_iter(),
            &mut all_event_ids,
            &context,
        )
        .0
    };
    if !read_in_parts {
        warn_unverified(checker, &events, &verifier);
    }

    let (events, mut details) = events;
    let mut events: Vec<Event> = events.into_iter().map(|(event, _, _)| event).collect();
    // The collect reused the larger allocation of the tuples; give the difference back.
    events.shrink_to_fit();
    details.shrink_to_fit();
    sort_by_date(&mut events);
    let tour = raw.tour.map(|stops| {
        let ids: Vec<&Ids> = std::iter::once(&all_event_ids)
            .chain(&later_parts_ids)
            .collect();
        tour(checker, stops, &events, &ids)
    });
    let view = checker
        .date(
            raw.view.as_deref(),
            || vec![key("view")],
            &"the timeline's view",
        )
        .filter(|date| {
            let span = date.day_span();
            let open = span.open_start || span.open_end;
            if open {
                checker.error(
                    vec![key("view")],
                    "the timeline's view: give both ends of the period (e.g. \"1988/1994\"), \
                     not an open one"
                        .to_owned(),
                );
            }
            !open
        });
    Ok(title.map(|title| Timeline {
        title,
        description: raw.description,
        sources,
        categories,
        events,
        details,
        tour,
        view,
    }))
}

/// Sorts events by start, end, importance and id. The id is unique, so there is one order. The
/// sort works on small keys and then moves each event once, instead of moving the large events
/// at every step of the sort.
fn sort_by_date(events: &mut [Event]) {
    let key = |e: &Event| (e.span.start_day, e.span.end_day_exclusive, e.importance);
    let in_order = |a: &Event, b: &Event| (key(a), &a.id) <= (key(b), &b.id);
    if events.is_sorted_by(in_order) {
        return;
    }
    let id_of = |i: u32| events.get(i as usize).map(|e| e.id.as_str());
    let mut order: Vec<(i32, i32, Importance, u32)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (start, end, importance) = key(e);
            (start, end, importance, i as u32)
        })
        .collect();
    // By date first; then each run of events with the same dates and importance by id. The
    // ids are read only for those runs, each event's once or a few times in a row, not at every
    // step of one sort (which reads them from all over the list): 0.14 s instead of 0.19 s for
    // a million events.
    order.sort_unstable_by_key(|&(start, end, importance, _)| (start, end, importance));
    for run in order.chunk_by_mut(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| id_of(a.3).cmp(&id_of(b.3)));
        }
    }
    // Position k takes the event now at `from[k]`: each cycle of the permutation is followed
    // once, swapping along it.
    let mut from: Vec<u32> = order.into_iter().map(|(_, _, _, i)| i).collect();
    for start in 0..from.len() {
        let mut current = start;
        while let Some(next) = from.get(current).map(|&i| i as usize) {
            if let Some(done) = from.get_mut(current) {
                *done = current as u32;
            }
            if next == start || next == current {
                break;
            }
            events.swap(current, next);
            current = next;
        }
    }
}

fn sources(checker: &mut Checker, raw: Vec<RawSource>, files: &dyn SourceFiles) -> Vec<Source> {
    let mut seen = HashSet::default();
    let mut sources = Vec::with_capacity(raw.len());
    for source in raw {
        let i = source.index;
        let subject = Subject::item("source", i, source.id.as_deref());
        let path = |field: &str| vec![key("sources"), at(i), key(field)];
        let object_path = || vec![key("sources"), at(i)];
        let id_ok = checker.id(
            source.id.as_deref(),
            object_path,
            &subject,
            "source",
            || source.id.clone().is_some_and(|id| seen.insert(id)),
        );
        let title = checker.required(source.title, object_path, &subject, "title");
        let date = checker.date(source.date.as_deref(), || path("date"), &subject);
        if let Some(url) = &source.url
            && let Err(message) = check_url(url)
        {
            checker.error(path("url"), format!("{subject}: {message}"));
        }
        let text = source.file.as_deref().and_then(|file| match check_relative_path(file) {
            Err(message) => {
                checker.error(path("file"), format!("{subject}: {message}"));
                None
            }
            Ok(normalized) => match files.read_text(&normalized) {
                Ok(text) => Some(text),
                Err(SourceError::Unsafe(reason)) => {
                    checker.error(path("file"), format!("{subject}: source file \"{file}\": {reason}"));
                    None
                }
                Err(SourceError::Unreadable(reason)) => {
                    checker.warning(
                        path("file"),
                        format!("{subject}: cannot read \"{file}\": {reason}; its excerpts cannot be verified"),
                    );
                    None
                }
            },
        });
        // A source with a usable id is kept even when another field is wrong, so events citing
        // it are not reported too; any error discards the timeline anyway.
        let Some(id) = source.id.filter(|_| id_ok) else {
            continue;
        };
        sources.push(Source {
            title: title.unwrap_or_else(|| id.clone()),
            id,
            author: source.author,
            date,
            file: source.file,
            url: source.url,
            note: source.note,
            text,
        });
    }
    sources
}

fn categories(checker: &mut Checker, raw: Vec<RawCategory>) -> Vec<Category> {
    let mut seen = HashSet::default();
    let mut categories: Vec<Category> = Vec::with_capacity(raw.len());
    for category in raw {
        let i = category.index;
        let subject = Subject::item("category", i, category.id.as_deref());
        let object_path = || vec![key("categories"), at(i)];
        let id_ok = checker.id(
            category.id.as_deref(),
            object_path,
            &subject,
            "category",
            || category.id.clone().is_some_and(|id| seen.insert(id)),
        );
        let label = checker.required(category.label, object_path, &subject, "label");
        let color = category.color.and_then(|text| {
            let parsed = Rgb::parse_hex(&text);
            if parsed.is_none() {
                checker.error(
                    vec![key("categories"), at(i), key("color")],
                    format!("{subject}: colour \"{text}\" is not of the form \"#rrggbb\" (for example \"#0072b2\")"),
                );
            }
            parsed
        });
        // Kept with a usable id even when another field is wrong (see `sources`).
        let Some(id) = category.id.filter(|_| id_ok) else {
            continue;
        };
        let palette_color = CATEGORY_PALETTE
            .get(categories.len() % CATEGORY_PALETTE.len())
            .copied()
            .unwrap_or(Rgb([0x55, 0x55, 0x55]));
        categories.push(Category {
            label: label.unwrap_or_else(|| id.clone()),
            id,
            color: color.unwrap_or(palette_color),
        });
    }
    categories
}

/// What checking an event needs to know of the rest of the file.
struct EventContext<'a> {
    source_ids: &'a HashMap<&'a str, usize>,
    category_ids: &'a HashMap<&'a str, usize>,
    verifier: &'a Verifier<'a>,
}

/// Checks one event. When it does not pass, gives its id if that was usable.
fn event(
    checker: &mut Checker,
    raw: RawEvent<'_>,
    seen: &mut Ids,
    context: &EventContext<'_>,
    details: &mut EventDetails,
) -> Result<(Event, Vec<usize>), Option<SmolStr>> {
    let EventContext {
        source_ids,
        category_ids,
        verifier,
    } = *context;
    let i = raw.index;
    let subject = Subject::item("event", i, raw.id.as_deref());
    let object_path = || vec![key("events"), at(i)];
    let id = raw.id.as_deref().map(SmolStr::new);
    let id_ok = checker.id(id.as_deref(), object_path, &subject, "event", || {
        id.clone().is_some_and(|id| seen.insert(id))
    });
    let title = checker.required(raw.title, object_path, &subject, "title");
    let date_text = checker.required(raw.date, object_path, &subject, "date");
    let date = checker.date(date_text.as_deref(), || event_path(i, "date"), &subject);
    let category = checker
        .required(raw.category, object_path, &subject, "category")
        .and_then(|category| {
            let index = category_ids.get(&*category).copied();
            if index.is_none() {
                checker.error(
                    event_path(i, "category"),
                    format!(
                        "{subject}: there is no category \"{category}\"{}",
                        closest_hint(&category, category_ids.keys().copied())
                    ),
                );
            }
            index
        });
    let status = match raw.status.as_deref() {
        None | Some("happened") => Some(Status::Happened),
        Some("planned") => Some(Status::Planned),
        Some(other) => {
            checker.error(
                event_path(i, "status"),
                format!("{subject}: status \"{other}\" is not \"happened\" or \"planned\""),
            );
            None
        }
    };
    let importance = match &raw.importance {
        None | Some(Value::Null) => Some(Importance::Normal),
        Some(value) => {
            let parsed = value.as_u64().and_then(Importance::from_number);
            if parsed.is_none() {
                checker.error(
                    event_path(i, "importance"),
                    format!("{subject}: importance must be 1 (key event), 2 (normal) or 3 (minor), not {value}"),
                );
            }
            parsed
        }
    };
    // The excerpts go straight into the timeline's list, and are taken back if the event does
    // not pass.
    let raw_excerpts = raw.excerpts.unwrap_or_default();
    let mark = details.excerpt_mark();
    // Each kept excerpt's position in the file, for reports about it later; left empty (no
    // allocation) while they are simply 0, 1, 2, …
    let mut excerpt_positions = Vec::new();
    for excerpt in raw_excerpts {
        let j = excerpt.index;
        let excerpt_subject = subject.excerpt(j);
        let excerpt_path = || vec![key("events"), at(i), key("excerpts"), at(j)];
        let source = checker
            .required(excerpt.source, excerpt_path, &excerpt_subject, "source")
            .and_then(|source| {
                let index = source_ids.get(&*source).copied();
                if index.is_none() {
                    let mut path = excerpt_path();
                    path.push(key("source"));
                    checker.error(
                        path,
                        format!(
                            "{excerpt_subject}: there is no source \"{source}\"{}",
                            closest_hint(&source, source_ids.keys().copied())
                        ),
                    );
                }
                index
            });
        let text = checker.required(excerpt.text, excerpt_path, &excerpt_subject, "text");
        if let (Some(source), Some(text)) = (source, text) {
            let kept = details.excerpts_since(mark);
            if j != kept && excerpt_positions.is_empty() {
                excerpt_positions.extend(0..kept);
            }
            if j != kept || !excerpt_positions.is_empty() {
                excerpt_positions.push(j);
            }
            details.push_excerpt(verifier.excerpt(source, &text));
        }
    }
    let (Some(date), Some(title), Some(category), Some(status), Some(importance), true) =
        (date, title, category, status, importance, id_ok)
    else {
        details.discard_since(mark);
        // The id, when it was usable: another thread's events may use it too.
        return Err(id.filter(|_| id_ok));
    };
    let Some(id) = id else {
        details.discard_since(mark);
        return Err(None);
    };
    let event = Event {
        id,
        title: SmolStr::new(title),
        span: date.day_span(),
        date,
        category: u32::try_from(category).unwrap_or(u32::MAX),
        status,
        importance,
        details: details.finish(
            mark,
            raw.summary.as_deref(),
            raw.date_note.as_deref(),
            raw.tags.iter().flatten().map(|tag| &**tag),
        ),
    };
    Ok((event, excerpt_positions))
}

/// An event that passed, with its position in the file and its excerpts' positions (empty when
/// they are 0, 1, 2, …).
type CheckedEvent = (Event, usize, Vec<usize>);

/// Events that passed, and their details.
type Checked = (Vec<CheckedEvent>, EventDetails);

/// The event ids seen so far. An id of up to 23 bytes is kept in place (as in the event), so a
/// million ids cost no allocation each.
type Ids = HashSet<SmolStr>;

/// Checks events in file order. Returns those that pass, and the usable ids (with the file
/// position) of those that did not.
fn check_events<'r>(
    checker: &mut Checker,
    raw_events: impl ExactSizeIterator<Item = RawEvent<'r>>,
    seen: &mut Ids,
    context: &EventContext<'_>,
) -> (Checked, Vec<(SmolStr, usize)>) {
    let mut events = Vec::with_capacity(raw_events.len());
    let mut details = EventDetails::with_capacity(raw_events.len());
    let mut failed_ids = Vec::new();
    seen.reserve(raw_events.len());
    for raw_event in raw_events {
        let file_index = raw_event.index;
        match event(checker, raw_event, seen, context, &mut details) {
            Ok((event, positions)) => events.push((event, file_index, positions)),
            Err(Some(id)) => failed_ids.push((id, file_index)),
            Err(None) => {}
        }
    }
    ((events, details), failed_ids)
}

/// Checks large lists of events on every core, a part each, as one pass would (see
/// [`check_in_parts`]).
fn check_events_in_parallel(
    checker: &mut Checker,
    mut raw_events: Vec<RawEvent<'_>>,
    seen: (&mut Ids, &mut Vec<Ids>),
    context: &EventContext<'_>,
) -> Checked {
    let part_len = raw_events.len().div_ceil(parts(raw_events.len())).max(1);
    // Each part is taken out of the one list in place (no copy of the events).
    let parts: Vec<PartJob<'_>> = raw_events
        .chunks_mut(part_len)
        .map(|part| -> PartJob<'_> {
            Box::new(move |checker: &mut Checker, seen: &mut Ids| {
                let ((events, details), failed_ids) =
                    check_events(checker, part.iter_mut().map(std::mem::take), seen, context);
                Some((events, failed_ids, Vec::new(), details))
            })
        })
        .collect();
    check_in_parts(checker, seen, parts)
        .map(|(checked, _)| checked)
        .unwrap_or_default()
}

/// How many parts `events` events are checked in, each on a thread of its own: one per core, or
/// two per core when each part still has [`EVENTS_PER_EXTRA_PART`] events (at most 16 parts).
/// With one per core, a core that is slowed (by other work, or by a busier part) leaves the
/// other idle at the end; with two, the system moves the threads that are left to the idle core.
/// On two cores four parts checked a million events 0.1-0.4 s sooner than two in five
/// interleaved runs (2.60-3.43 s against 2.68-3.75 s); eight were no faster than four and held
/// 15 MB more. At 100,000 events four parts were no faster and held 20 MB more (each thread
/// has memory of its own), hence the floor.
fn parts(events: usize) -> usize {
    #[cfg(test)]
    {
        let parts = PARTS_IN_TESTS.load(std::sync::atomic::Ordering::Relaxed);
        if parts > 0 {
            return parts;
        }
    }
    let cores = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let affordable = events / EVENTS_PER_EXTRA_PART;
    affordable.clamp(cores, cores * 2)
}

/// The fewest events a part has when there are two parts per core (see [`parts`]).
const EVENTS_PER_EXTRA_PART: usize = 200_000;

/// Tests set how many parts events are checked in (0: as [`parts`] says), so that splits other than
/// this machine's are tried; the answer never depends on it.
#[cfg(test)]
pub(super) static PARTS_IN_TESTS: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// Where each item of the events list is in the file's text, not yet read: the events of a
/// large file are read and checked in one go on every core, so that they are never all held
/// in their raw form (which would cost a quarter of a gigabyte at a million events).
pub(super) struct UnreadEvents<'t> {
    /// The file's text, or the file to read the events from again.
    pub texts: EventTexts<'t>,

    /// Each item's place in the file's text.
    pub items: &'t [std::ops::Range<usize>],

    /// The limits each event is checked against.
    pub limits: &'t super::Limits,
}

/// Where the events' text is: in memory, or to be read again from the file, a block at a time
/// (see `reread`).
#[derive(Clone, Copy)]
pub(super) enum EventTexts<'t> {
    /// The file's whole text.
    Text(&'t str),
    /// The file.
    File(&'t EventsFile),
}

/// An item of the events list was not what the fast reading expects (a value of the wrong
/// type): the file has to be read again the slow way, which reports it properly.
#[derive(Debug)]
pub(super) struct ReadAgain;

/// Reads, limits and checks the events of `unread`, a part on each core (see
/// [`check_in_parts`]). `None` when an item cannot be read (see [`ReadAgain`]).
fn read_and_check_events(
    checker: &mut Checker,
    unread: &UnreadEvents<'_>,
    seen: (&mut Ids, &mut Vec<Ids>),
    context: &EventContext<'_>,
) -> Option<(Checked, Vec<Pending>)> {
    let all = unread.items.len();
    let part_len = all.div_ceil(parts(all)).max(1);
    let parts: Vec<PartJob<'_>> = unread
        .items
        .chunks(part_len)
        .enumerate()
        .map(|(k, items)| -> PartJob<'_> {
            // The first part's lists are sized for all events, so that taking in the other
            // parts' does not copy them (a copy of hundreds of megabytes at the peak of
            // loading).
            let capacity = if k == 0 { all } else { items.len() };
            // Where the part's text ends: where the next part's starts, or at its last item.
            let end = match unread.items.get((k + 1) * part_len) {
                Some(next) => next.start,
                None => items.last().map_or(0, |last| last.end),
            };
            Box::new(move |checker: &mut Checker, seen: &mut Ids| {
                let first = k * part_len;
                match unread.texts {
                    EventTexts::Text(text) => read_and_check_items(
                        checker,
                        seen,
                        unread,
                        (first, items),
                        capacity,
                        context,
                        text,
                    ),
                    EventTexts::File(file) => reread_and_check_items(
                        checker,
                        seen,
                        unread,
                        (first, items, end),
                        capacity,
                        context,
                        file,
                    ),
                }
            })
        })
        .collect();
    check_in_parts(checker, seen, parts)
}

/// Reads and checks `items` of `text`, the first being the file's event number `first`, with
/// room for `capacity` events in the lists it returns.
fn read_and_check_items(
    checker: &mut Checker,
    seen: &mut Ids,
    unread: &UnreadEvents<'_>,
    (first, items): (usize, &[std::ops::Range<usize>]),
    capacity: usize,
    context: &EventContext<'_>,
    text: &str,
) -> Option<PartChecked> {
    let mut part = PartCheck::new(capacity);
    seen.reserve(capacity);
    for (n, place) in items.iter().enumerate() {
        let item = text.get(place.clone())?;
        part.item(checker, seen, (item, first + n), (unread.limits, context))?;
    }
    Some(part.done())
}

/// [`read_and_check_items`] for events read again from `file`, a block at a time, from the
/// first item's start to `end`; reports where each item starts (see `reread`).
fn reread_and_check_items(
    checker: &mut Checker,
    seen: &mut Ids,
    unread: &UnreadEvents<'_>,
    (first, items, end): (usize, &[std::ops::Range<usize>], usize),
    capacity: usize,
    context: &EventContext<'_>,
    file: &EventsFile,
) -> Option<PartChecked> {
    let mut part = PartCheck::new(capacity);
    seen.reserve(capacity);
    let mut to_each = Vec::with_capacity(items.len());
    let mut moved = Moves::default();
    let mut buffer = Vec::new();
    let mut n = 0;
    while let Some(block_start) = items.get(n).map(|item| item.start) {
        // The block runs from this item's start to the start of the first item that does not
        // fit, so that the blocks cover all the part's text.
        let fits = items
            .get(n + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|item| item.end - block_start <= file.block_bytes)
            .count();
        let next = n + 1 + fits;
        let block_end = items.get(next).map_or(end, |item| item.start);
        let block = file.read(block_start..block_end, &mut buffer)?;
        let mut counted_to = 0;
        for (k, place) in items.get(n..next).unwrap_or_default().iter().enumerate() {
            let (from, to) = (place.start - block_start, place.end - block_start);
            moved = moved.then(Moves::over(block.as_bytes().get(counted_to..from)?));
            counted_to = from;
            to_each.push(moved);
            let item = (block.get(from..to)?, first + n + k);
            part.item(checker, seen, item, (unread.limits, context))?;
        }
        moved = moved.then(Moves::over(block.as_bytes().get(counted_to..)?));
        n = next;
    }
    file.places.lock().ok()?.push(PartPlaces {
        first,
        to_each,
        to_end: moved,
    });
    Some(part.done())
}

/// What checking one part of the events collects, an item at a time.
struct PartCheck {
    events: Vec<CheckedEvent>,
    details: EventDetails,
    failed_ids: Vec<(SmolStr, usize)>,
    /// Reported after the other problems with events, as `warn_unverified` would.
    unverified: Checker,
    /// Room for the unknown fields of one item.
    unknown: Vec<JsonPath>,
}

impl PartCheck {
    /// With room for `capacity` events.
    fn new(capacity: usize) -> Self {
        Self {
            events: Vec::with_capacity(capacity),
            details: EventDetails::with_capacity(capacity),
            failed_ids: Vec::new(),
            unverified: Checker::default(),
            unknown: Vec::new(),
        }
    }

    /// Reads, limits and checks one item of the events list: its text and its number in the
    /// file. `None` when it is not what the fast reading expects (see [`ReadAgain`]).
    fn item(
        &mut self,
        checker: &mut Checker,
        seen: &mut Ids,
        (text, index): (&str, usize),
        (limits, context): (&super::Limits, &EventContext<'_>),
    ) -> Option<()> {
        let raw = super::split::parse_item(text, index, &mut self.unknown)?;
        checker.unknown_fields_in(
            None,
            None,
            Some(std::slice::from_ref(&raw)),
            self.unknown.drain(..),
        );
        super::limits::check_event_limits(checker, &raw, limits);
        match event(checker, raw, seen, context, &mut self.details) {
            Ok((event, positions)) => {
                warn_unverified_event(
                    &mut self.unverified,
                    (&event, index, &positions),
                    (context.verifier, &self.details),
                );
                self.events.push((event, index, positions));
            }
            Err(Some(id)) => self.failed_ids.push((id, index)),
            Err(None) => {}
        }
        Some(())
    }

    fn done(self) -> PartChecked {
        (
            self.events,
            self.failed_ids,
            self.unverified.pending,
            self.details,
        )
    }
}

/// Events that passed, the usable ids of those that did not, and warnings about excerpts not
/// found in their sources (for events read in parts), from checking some events.
type PartChecked = (
    Vec<CheckedEvent>,
    Vec<(SmolStr, usize)>,
    Vec<Pending>,
    EventDetails,
);

/// Checks one part of the events with its own checker and ids; `None` when it gives up.
type PartJob<'a> = Box<dyn FnOnce(&mut Checker, &mut Ids) -> Option<PartChecked> + Send + 'a>;

/// Runs the first part here and each other on a thread of its own, each with its own checker
/// and ids, then takes in the parts in file order, reporting an id used in an earlier part at
/// its later use, as one pass would. The first part's ids go to `seen.0`, each other part's to
/// a set of its own in `seen.1` (joining them would take longer than all the lookups in them).
/// `None` when any part gives up.
fn check_in_parts(
    checker: &mut Checker,
    (seen, later_seen): (&mut Ids, &mut Vec<Ids>),
    mut parts: Vec<PartJob<'_>>,
) -> Option<(Checked, Vec<Pending>)> {
    if parts.is_empty() {
        return Some(Default::default());
    }
    let first = parts.remove(0);
    let type_errors = checker.type_errors.clone();
    let (first, others) = std::thread::scope(|scope| {
        let others: Vec<_> = parts
            .into_iter()
            .map(|part| {
                let mut part_checker = Checker {
                    pending: Vec::new(),
                    type_errors: type_errors.clone(),
                };
                scope.spawn(move || {
                    let mut part_seen = HashSet::default();
                    let checked = part(&mut part_checker, &mut part_seen);
                    checked.map(|checked| (checked, part_checker, part_seen))
                })
            })
            .collect();
        let first = first(checker, seen);
        let others: Vec<_> = others.into_iter().map(super::joined).collect();
        (first, others)
    });
    let (mut events, _, mut unverified, mut details) = first?;
    let others: Vec<_> = others.into_iter().collect::<Option<_>>()?;
    let used_before = used_in_earlier_parts(seen, &others);
    for (other, (events_used, failed_used)) in others.into_iter().zip(used_before) {
        let (
            (part_events, part_failed, part_unverified, part_details),
            mut part_checker,
            part_seen,
        ) = other;
        // The part's events point into its own details, which now follow the others'.
        let details_from = details.append(part_details);
        checker.pending.append(&mut part_checker.pending);
        let report_used_twice = |checker: &mut Checker, id: &str, file_index: usize| {
            checker.error(
                event_path(file_index, "id"),
                format!("event id \"{id}\" is used twice; ids must be unique"),
            );
        };
        for ((id, file_index), used) in part_failed.iter().zip(failed_used) {
            if used {
                report_used_twice(checker, id, *file_index);
            }
        }
        events.reserve(part_events.len());
        // Events left out for their id have no excerpts to report, as in one pass.
        let mut left_out = HashSet::default();
        for (mut checked, used) in part_events.into_iter().zip(events_used) {
            if used {
                report_used_twice(checker, &checked.0.id, checked.1);
                left_out.insert(checked.1);
            } else {
                checked.0.details += details_from;
                events.push(checked);
            }
        }
        unverified.extend(part_unverified.into_iter().filter(|warning| {
            !matches!(warning.path.get(1), Some(PathSegment::Index(i)) if left_out.contains(i))
        }));
        later_seen.push(part_seen);
    }
    Some(((events, details), unverified))
}

/// For each part after the first, whether an earlier part used the id of each of its events that
/// passed, and of each that did not: all parts at once, each on a thread, looking in the earlier
/// parts' sets.
fn used_in_earlier_parts(
    first_seen: &Ids,
    others: &[(PartChecked, Checker, Ids)],
) -> Vec<(Vec<bool>, Vec<bool>)> {
    let sets: Vec<&Ids> = std::iter::once(first_seen)
        .chain(others.iter().map(|(_, _, seen)| seen))
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = others
            .iter()
            .zip(1..)
            .map(|(((events, failed, ..), ..), part)| {
                let earlier = sets.get(..part).unwrap_or_default();
                scope.spawn(move || {
                    let used = |id: &str| earlier.iter().any(|seen| seen.contains(id));
                    let events: Vec<bool> = events.iter().map(|c| used(&c.0.id)).collect();
                    let failed: Vec<bool> = failed.iter().map(|(id, _)| used(id)).collect();
                    (events, failed)
                })
            })
            .collect();
        handles.into_iter().map(super::joined).collect()
    })
}

/// Checks excerpts against their source texts as events are checked, building each source's
/// index (a suffix array) the first time an excerpt quotes it; the threads checking events share
/// it.
struct Verifier<'s> {
    sources: &'s [Source],
    indexes: Vec<OnceLock<Option<Arc<SourceIndex>>>>,
}

impl<'s> Verifier<'s> {
    fn new(sources: &'s [Source]) -> Self {
        Self {
            sources,
            indexes: sources.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The index of a source's text; `None` when it has no text.
    fn index(&self, source: usize) -> Option<&SourceIndex> {
        self.indexes
            .get(source)?
            .get_or_init(|| self.sources.get(source)?.text.as_ref().map(shared_index))
            .as_deref()
    }

    /// An excerpt of source number `source`, checked: its text shared with the source when it
    /// is exactly the passage found there (no copy), else its own.
    fn excerpt(&self, source: usize, text: &str) -> Excerpt {
        let verification =
            match self.index(source) {
                None => Verification::NoSourceText,
                Some(index) => index.find(text).map_or(Verification::NotFound, |range| {
                    Verification::Verified { range }
                }),
            };
        let source_text = self.sources.get(source).and_then(|s| s.text.as_ref());
        Excerpt::new(source, text, verification, source_text)
    }
}

/// Warns about every excerpt not found in its source (they were checked with the events).
///
/// Excerpt positions in the file are recovered for warnings: an event's `excerpts` keep file
/// order, and stage 1 only drops excerpts that were already reported.
fn warn_unverified(checker: &mut Checker, (events, details): &Checked, verifier: &Verifier<'_>) {
    for (event, file_index, positions) in events {
        warn_unverified_event(
            checker,
            (event, *file_index, positions),
            (verifier, details),
        );
    }
}

/// [`warn_unverified`] for one event, with its position in the file and its excerpts'.
fn warn_unverified_event(
    checker: &mut Checker,
    (event, file_index, positions): (&Event, usize, &[usize]),
    (verifier, details): (&Verifier<'_>, &EventDetails),
) {
    for (k, excerpt) in details.excerpts(event).iter().enumerate() {
        let number = positions.get(k).copied().unwrap_or(k);
        if excerpt.is_verified() {
            continue;
        }
        let Some(source) = verifier.sources.get(excerpt.source()) else {
            continue;
        };
        let subject = format!("event \"{}\", excerpt {}", event.id, number + 1);
        let path = vec![
            key("events"),
            at(file_index),
            key("excerpts"),
            at(number),
            key("text"),
        ];
        let message = match verifier.index(excerpt.source()) {
            Some(index) => format!(
                "{subject}: not found in source \"{}\": {}",
                source.id,
                mismatch_message(
                    index,
                    source.text.as_deref().unwrap_or_default(),
                    excerpt.text()
                )
            ),
            None if source.file.is_some() => format!(
                "{subject}: cannot be verified: source \"{}\": its text could not be read",
                source.id
            ),
            None => format!(
                "{subject}: cannot be verified: source \"{}\": it has no \"file\" to check against",
                source.id
            ),
        };
        checker.warning(path, message);
    }
}

fn tour(
    checker: &mut Checker,
    stops: Vec<Option<String>>,
    events: &[Event],
    all_event_ids: &[&Ids],
) -> Vec<usize> {
    let by_id: HashMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut result = Vec::new();
    let mut seen = HashSet::default();
    for (i, stop) in stops.into_iter().enumerate() {
        let path = || vec![key("tour"), at(i)];
        let Some(id) = stop else {
            // A null stop (a wrong type was reported in stage 1).
            if !checker.type_errors.contains(&path()) {
                checker.error(
                    path(),
                    format!(
                        "tour stop {}: must be an event id in double quotes, not null",
                        i + 1
                    ),
                );
            }
            continue;
        };
        match by_id.get(id.as_str()) {
            Some(&index) => {
                if !seen.insert(index) {
                    checker.warning(
                        path(),
                        format!("tour stop {}: event \"{id}\" is already a stop", i + 1),
                    );
                }
                result.push(index);
            }
            // The event exists but has errors of its own, reported there.
            None if all_event_ids.iter().any(|ids| ids.contains(id.as_str())) => {}
            None => checker.error(
                path(),
                format!(
                    "tour stop {}: there is no event \"{id}\"{}",
                    i + 1,
                    closest_hint(&id, by_id.keys().copied())
                ),
            ),
        }
    }
    result
}

/// The first `chars` characters of `text`, then on to the end of the word (at most 15 more),
/// with its whitespace collapsed.
fn words_after(text: &str, chars: usize) -> String {
    let mut taken: String = text.chars().take(chars).collect();
    taken.extend(
        text.chars()
            .skip(chars)
            .take(15)
            .take_while(|c| c.is_alphanumeric()),
    );
    normalize_whitespace(&taken)
}

/// The last `chars` characters of `text`, from the start of their first word (at most 15
/// more), with its whitespace collapsed.
fn words_before(text: &str, chars: usize) -> String {
    let reversed: String = text.chars().rev().collect();
    let taken = words_after(&reversed, chars);
    taken.chars().rev().collect()
}

/// Explains where an excerpt stops matching its source, and what the source has there: from the
/// longest opening of the excerpt that the source contains (found by binary search over its
/// length), or else from the longest ending it contains.
fn mismatch_message(index: &SourceIndex, source_text: &str, excerpt: &str) -> String {
    const ENOUGH_CHARS: usize = 12;
    let normalized = normalize_whitespace(excerpt);
    if normalized.is_empty() {
        return "the excerpt text is empty".to_owned();
    }
    let chars: Vec<(usize, char)> = normalized.char_indices().collect();
    let found = |from: usize, to: usize| {
        let start = chars.get(from).map_or(normalized.len(), |&(i, _)| i);
        let end = chars.get(to).map_or(normalized.len(), |&(i, _)| i);
        normalized.get(start..end).and_then(|part| index.find(part))
    };
    // The number of leading characters that occur in the source.
    let longest = |occurs: &dyn Fn(usize) -> bool| {
        let (mut low, mut high) = (0, chars.len());
        while low < high {
            let mid = low + (high - low).div_ceil(2);
            if occurs(mid) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        low
    };
    let opening = longest(&|n| found(0, n).is_some());
    let ending = longest(&|n| found(chars.len() - n, chars.len()).is_some());
    let excerpt_part = |from: usize, to: usize| -> String {
        chars
            .get(from.min(chars.len())..to.min(chars.len()))
            .unwrap_or_default()
            .iter()
            .map(|&(_, c)| c)
            .collect()
    };
    if opening >= ENOUGH_CHARS && opening >= ending {
        let tail = excerpt_part(opening.saturating_sub(40), opening);
        let rest = chars.get(opening).and_then(|&(at, _)| normalized.get(at..));
        let next = rest.map(|rest| words_after(rest, 20)).unwrap_or_default();
        let source_next = found(0, opening)
            .and_then(|range| source_text.get(range.end..))
            .map(|rest| words_after(rest, 20))
            .unwrap_or_default();
        format!(
            "the text matches the source up to \"…{tail}\", then has \"{next}\" where the \
             source has \"{source_next}\""
        )
    } else if ending >= ENOUGH_CHARS {
        let first = chars.len() - ending;
        let head = excerpt_part(first, first + 40);
        let before = chars
            .get(first)
            .and_then(|&(at, _)| normalized.get(..at))
            .map(|before| words_before(before, 20))
            .unwrap_or_default();
        let source_before = found(first, chars.len())
            .and_then(|range| source_text.get(..range.start))
            .map(|before| words_before(before, 20))
            .unwrap_or_default();
        format!(
            "the text matches the source from \"{head}…\" to its end, but before that has \
             \"{before}\" where the source has \"{source_before}\""
        )
    } else {
        "the text does not occur in the source (check that it is copied exactly, with straight \
         quotes and --)"
            .to_owned()
    }
}
