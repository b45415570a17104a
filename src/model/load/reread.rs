//! Loading a large timeline file without holding its whole text.
//!
//! The file is read a block at a time (about a megabyte, ending at a line break), checked to be
//! UTF-8 and scanned for its events list (see `split`); only the text around the list is kept,
//! and everything but the events is read from it. Each thread then reads its part of the
//! events again from the file, a block at a time, and counts lines and characters as it goes,
//! so that a problem in an event is still placed at its line and column. Problems outside the
//! events are placed in the text kept and moved past the list. Reading the events twice costs
//! two copies from the operating system's cache; holding the text would cost its whole size,
//! beside the events being built, and reading it into one fresh allocation costs more than
//! both copies.

use std::fs::File;
use std::ops::Range;
use std::sync::Mutex;

use super::split::{BlockScan, EventsList};
use crate::model::problem::TextLocation;

/// Lines and characters crossed by going through some text: the line breaks, and the
/// characters after the last of them (or all of them, when there is none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Moves {
    lines: u32,
    chars: u32,
}

impl Moves {
    /// The moves through `text`.
    pub fn over(text: &[u8]) -> Self {
        let lines = memchr::memchr_iter(b'\n', text).count() as u32;
        let last_line =
            memchr::memrchr(b'\n', text).map_or(text, |i| text.get(i + 1..).unwrap_or_default());
        Self {
            lines,
            chars: chars_in(last_line),
        }
    }

    /// These moves, then `next`.
    pub fn then(self, next: Self) -> Self {
        if next.lines == 0 {
            Self {
                lines: self.lines,
                chars: self.chars + next.chars,
            }
        } else {
            Self {
                lines: self.lines + next.lines,
                chars: next.chars,
            }
        }
    }
}

/// Characters in UTF-8 text (bytes that do not continue a character).
fn chars_in(text: &[u8]) -> u32 {
    text.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32
}

/// A place in a text: its line (from 1) and the characters before it on that line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Place {
    pub line: u32,
    pub chars_before: u32,
}

impl Place {
    /// The start of a text.
    pub const START: Self = Self {
        line: 1,
        chars_before: 0,
    };

    /// Where `moves` lead from here.
    pub fn after(self, moves: Moves) -> Self {
        let from_start = Moves {
            lines: self.line - 1,
            chars: self.chars_before,
        }
        .then(moves);
        Self {
            line: from_start.lines + 1,
            chars_before: from_start.chars,
        }
    }

    /// A location found at `within` in a text that starts here.
    pub fn locate(self, within: TextLocation) -> TextLocation {
        TextLocation {
            line: self.line + within.line - 1,
            column: if within.line == 1 {
                self.chars_before + within.column
            } else {
                within.column
            },
        }
    }
}

/// What one thread found about where its events are: the moves from the start of its part of
/// the text to each of its events, and to the end of its part.
#[derive(Debug)]
pub(super) struct PartPlaces {
    /// The number (in the file) of the part's first event.
    pub first: usize,
    pub to_each: Vec<Moves>,
    pub to_end: Moves,
}

/// A timeline file whose events are read again from it, with what the threads reading them
/// found about their places.
#[derive(Debug)]
pub(super) struct EventsFile {
    file: File,
    /// Where the text starts in the file (after a byte order mark).
    text_offset: u64,
    /// Events are read this many bytes at a time (or one event, if larger).
    pub block_bytes: usize,
    /// The file's size and time of change when it was read whole.
    stamp: Option<(u64, std::time::SystemTime)>,
    pub places: Mutex<Vec<PartPlaces>>,
}

impl EventsFile {
    /// `file`, whose text starts at `text_offset`, read `block_bytes` at a time, with its size
    /// and time of change when it was opened.
    pub fn new(
        file: File,
        (text_offset, block_bytes): (u64, usize),
        stamp: Option<(u64, std::time::SystemTime)>,
    ) -> Self {
        Self {
            file,
            text_offset,
            block_bytes,
            stamp,
            places: Mutex::new(Vec::new()),
        }
    }

    /// Reads `range` of the text into `buffer`; `None` when it cannot, or it is not UTF-8 (the
    /// file was changed since it was read whole).
    pub fn read<'b>(&self, range: Range<usize>, buffer: &'b mut Vec<u8>) -> Option<&'b str> {
        buffer.clear();
        buffer.resize(range.len(), 0);
        read_exact_at(&self.file, buffer, self.text_offset + range.start as u64).ok()?;
        std::str::from_utf8(buffer).ok()
    }

    /// Whether the file still has the size and time of change it had when it was read whole.
    pub fn unchanged(&self) -> bool {
        self.stamp.is_some() && stamp(&self.file) == self.stamp
    }

    /// Each event's place in the text, from where the first one is (`None` unless every part
    /// reported its places).
    pub fn event_places(&self, first: Place, count: usize) -> Option<(Vec<Place>, Place)> {
        let mut parts = std::mem::take(&mut *self.places.lock().ok()?);
        parts.sort_unstable_by_key(|part| part.first);
        let mut places = Vec::with_capacity(count);
        let mut here = first;
        for part in &parts {
            if part.first != places.len() {
                return None;
            }
            places.extend(part.to_each.iter().map(|&moves| here.after(moves)));
            here = here.after(part.to_end);
        }
        (places.len() == count).then_some((places, here))
    }
}

/// The file's size and time of change.
pub(super) fn stamp(file: &File) -> Option<(u64, std::time::SystemTime)> {
    let metadata = file.metadata().ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

/// Reads `file` from its start a block at a time, each ending at a line break, without holding
/// its whole text: checks that it is UTF-8 and at most `limit` bytes, and scans it for its
/// events list (see `split`). Returns the list, the text around it (with `[]` in its place)
/// and where the text starts in the file (after a byte order mark); `None` when the file is
/// anything else, which reading it whole reports properly.
///
/// A large file is scanned in two halves at once, the second from a line that likely starts an
/// event (see [`BlockScan::then`]); each half has a thread reading its blocks.
pub(super) fn scan_file(
    file: &File,
    limit: usize,
    tuning: &super::Tuning,
) -> Option<(EventsList, String, u64)> {
    let size = file.metadata().ok()?.len();
    let bom = super::BYTE_ORDER_MARK.as_bytes();
    let mut first_bytes = vec![0; bom.len()];
    let starts_with_bom =
        read_exact_at(file, &mut first_bytes, 0).is_ok() && first_bytes.as_slice() == bom;
    let text_offset = if starts_with_bom { bom.len() as u64 } else { 0 };
    let halfway = (size >= tuning.split_scan_bytes)
        .then(|| halfway_line(file, (text_offset, size)))
        .flatten();
    let block_bytes = tuning.block_bytes;
    let whole = (text_offset, u64::MAX);
    let scan = std::thread::scope(|scope| {
        let later = halfway.map(|at| {
            scope.spawn(move || {
                let scan = BlockScan::between_items((at - text_offset) as usize);
                scan_blocks(file, (at, u64::MAX), (limit, block_bytes), scan)
            })
        });
        let Some((later, at)) = later.zip(halfway) else {
            return scan_blocks(
                file,
                whole,
                (limit, block_bytes),
                BlockScan::keeping_outside(),
            );
        };
        let scan = BlockScan::keeping_outside();
        let earlier = scan_blocks(file, (text_offset, at), (limit, block_bytes), scan);
        let later = super::joined(later);
        let go_on = |earlier| scan_blocks(file, (at, u64::MAX), (limit, block_bytes), earlier);
        let mut earlier = earlier?;
        let joined = match later {
            Some(later) => earlier.then(later),
            // The second half's scan stopped: right, when the first ended where it assumed.
            None if earlier.is_between_items() => return None,
            None => false,
        };
        if joined {
            Some(earlier)
        } else {
            go_on(earlier)
        }
    })?;
    let (list, outside) = scan.finish().ok()??;
    Some((list, outside?, text_offset))
}

/// The start of a line near the middle of the file's text (from `text_offset` to `size`) that
/// likely starts an event (see `split::item_line_start`), as an offset in the file.
fn halfway_line(file: &File, (text_offset, size): (u64, u64)) -> Option<u64> {
    const WINDOW_BYTES: u64 = 256 << 10;
    let from = text_offset + (size - text_offset) / 2;
    let mut window = vec![0; usize::try_from(WINDOW_BYTES.min(size - from)).ok()?];
    read_exact_at(file, &mut window, from).ok()?;
    super::split::item_line_start(&window).map(|at| from + at as u64)
}

/// Scans the file's text from `from` to `end` (offsets in the file; `from` starts a line, and
/// so does `end` unless it is past the end of the file) a block at a time, on from `scan`; a
/// second thread reads the blocks and checks them while this one scans the block before.
/// `None` when the text is not UTF-8, over `limit` bytes or unreadable, or the scan stopped
/// (reading the file whole reports why).
fn scan_blocks(
    file: &File,
    (from, end): (u64, u64),
    (limit, block_bytes): (usize, usize),
    mut scan: BlockScan,
) -> Option<BlockScan> {
    // Two blocks waiting at most: reading does not run far ahead of scanning.
    let (blocks_in, blocks) = std::sync::mpsc::sync_channel::<String>(2);
    let (spare_in, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            read_blocks(file, (from, end), (limit, block_bytes), &blocks_in, &spare)
        });
        for block in &blocks {
            if !scan.feed(&block) {
                // The reader stops at its next block.
                break;
            }
            // Its memory is read into again.
            spare_in.send(block.into_bytes()).ok();
        }
        drop(blocks);
        reader.join().ok()??;
        Some(scan)
    })
}

/// The reading half of [`scan_blocks`]: sends each block from `from` to `end`, read into a
/// spare buffer when there is one; `None` when the text is not UTF-8, over `limit` bytes or
/// unreadable, or the scan stopped.
fn read_blocks(
    file: &File,
    (from, end): (u64, u64),
    (limit, block_bytes): (usize, usize),
    blocks: &std::sync::mpsc::SyncSender<String>,
    spare: &std::sync::mpsc::Receiver<Vec<u8>>,
) -> Option<()> {
    // What followed the last line break of the block before.
    let mut carry: Vec<u8> = Vec::new();
    let mut at = from;
    let mut total = 0;
    loop {
        let mut buffer = spare.try_recv().unwrap_or_default();
        buffer.clear();
        buffer.append(&mut carry);
        // Read on until there is a line break in what was read, or the end.
        let at_end = loop {
            let filled = buffer.len();
            let wanted =
                usize::try_from(end - at).map_or(block_bytes, |left| left.min(block_bytes));
            buffer.resize(filled + wanted.max(1), 0);
            let read = match buffer.get_mut(filled..filled + wanted) {
                Some(room) if !room.is_empty() => read_at(file, room, at).ok()?,
                _ => 0,
            };
            at += read as u64;
            buffer.truncate(filled + read);
            total += read;
            if total > limit {
                return None;
            }
            if read == 0 {
                break true;
            }
            if memchr::memchr(b'\n', buffer.get(filled..)?).is_some() {
                break false;
            }
        };
        // The text up to the last line break (or the end), so that no string is cut.
        let upto = if at_end {
            buffer.len()
        } else {
            memchr::memrchr(b'\n', &buffer)? + 1
        };
        carry.extend_from_slice(buffer.get(upto..)?);
        buffer.truncate(upto);
        blocks.send(String::from_utf8(buffer).ok()?).ok()?;
        if at_end {
            return Some(());
        }
    }
}

/// Reads into `buffer` from `offset` in `file`; the bytes read (0 at the end of the file).
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<usize> {
    loop {
        #[cfg(unix)]
        let read = std::os::unix::fs::FileExt::read_at(file, buffer, offset);
        #[cfg(windows)]
        let read = std::os::windows::fs::FileExt::seek_read(file, buffer, offset);
        match read {
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            read => return read,
        }
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt as _;
    file.read_exact_at(buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt as _;
    let mut done = 0;
    while let Some(rest) = buffer.get_mut(done..).filter(|rest| !rest.is_empty()) {
        match file.seek_read(rest, offset + done as u64)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => done += n,
        }
    }
    Ok(())
}

/// The file's text without its events list (an empty list in its place), and how to move a
/// location found there to its place in the file.
#[derive(Debug)]
pub(super) struct TextAround {
    /// Everything before the events list, `[]`, and everything after it.
    pub text: String,
    /// Just after the `[]` in `text`.
    after_brackets: Place,
    /// Just after the events list in the file.
    after_list: Place,
}

impl TextAround {
    /// `text` is the file's text with `[]` at `brackets_at` in place of the list; the list
    /// ends at `after_list` in the file.
    pub fn new(text: String, brackets_at: usize, after_list: Place) -> Self {
        let before = text.as_bytes().get(..brackets_at + 2).unwrap_or_default();
        Self {
            after_brackets: Place::START.after(Moves::over(before)),
            text,
            after_list,
        }
    }

    /// Where a location found in `text` is in the file.
    pub fn in_file(&self, location: TextLocation) -> TextLocation {
        let Place { line, chars_before } = self.after_brackets;
        if (location.line, location.column) <= (line, chars_before) {
            location
        } else if location.line == line {
            TextLocation {
                line: self.after_list.line,
                column: location.column - chars_before + self.after_list.chars_before,
            }
        } else {
            TextLocation {
                line: location.line - line + self.after_list.line,
                column: location.column,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_of(text: &str, offset: usize) -> Place {
        Place::START.after(Moves::over(
            text.as_bytes().get(..offset).unwrap_or_default(),
        ))
    }

    #[test]
    fn moves_compose_as_one_pass_would() {
        let text = "ab\ncdé\n\nfgh ij\nk";
        for split in 0..=text.len() {
            if !text.is_char_boundary(split) {
                continue;
            }
            let (a, b) = text.split_at(split);
            assert_eq!(
                Moves::over(a.as_bytes()).then(Moves::over(b.as_bytes())),
                Moves::over(text.as_bytes()),
                "split at {split}"
            );
        }
        assert_eq!(
            place_of(text, text.find('j').unwrap_or_default()),
            Place {
                line: 4,
                chars_before: 5
            }
        );
        assert_eq!(
            place_of("é€x", "é€".len()),
            Place {
                line: 1,
                chars_before: 2
            },
            "characters, not bytes"
        );
    }

    #[test]
    fn a_file_scanned_in_two_halves_finds_what_one_pass_finds() {
        let event = |i: usize, newline: &str| {
            format!(
                "  {{{newline}    \"id\": \"e{i}\",{newline}    \"excerpts\": [{newline}      {{\"text\": \"a, {{b}}\"}},{newline}      {{\"text\": \"c\"}}{newline}    ]{newline}  }}"
            )
        };
        let dir = tempfile::tempdir().expect("temporary folder");
        // Excerpts on lines of their own, not indented: the line found halfway starts one of
        // them, not an event, and the first half's scan goes on over the second.
        let flat = |i: usize, _: &str| {
            let excerpts = vec!["{\"text\": \"a\"}"; 30].join(",\n");
            format!("{{\"id\": \"e{i}\", \"excerpts\": [\n{excerpts}\n]}}")
        };
        type Event<'a> = &'a dyn Fn(usize, &str) -> String;
        let cases: [(&str, &str, usize, Event<'_>); 4] = [
            ("\n", "", 40, &event),
            ("\r\n", "\u{feff}", 40, &event),
            ("\n", "", 2, &event),
            ("\n", "", 3, &flat),
        ];
        for (newline, bom, count, event) in cases {
            let events: Vec<String> = (0..count).map(|i| event(i, newline)).collect();
            let text = format!(
                "{{\"title\": \"T\",{newline}\"events\": [{newline}{}{newline}],{newline}\"tour\": []}}{newline}",
                events.join(&format!(",{newline}"))
            );
            let path = dir.path().join("halves.json");
            std::fs::write(&path, format!("{bom}{text}")).expect("file written");
            let file = File::open(&path).expect("file opened");
            let one_pass = super::super::split::scan(&text)
                .expect("not too deep")
                .expect("events found");
            let size = (bom.len() + text.len()) as u64;
            let halfway = halfway_line(&file, (bom.len() as u64, size));
            let at = halfway.expect("a line starting with {") as usize - bom.len();
            if count == 40 {
                assert!(text[at..].starts_with("  {"), "{}", &text[at..]);
            }
            for block_bytes in [7, 64, 1 << 20] {
                for split_scan_bytes in [0, u64::MAX] {
                    let tuning = super::super::Tuning {
                        reread_file_bytes: 0,
                        parallel_events: 1,
                        block_bytes,
                        split_scan_bytes,
                    };
                    let (list, around, text_offset) =
                        scan_file(&file, 1 << 20, &tuning).expect("events found");
                    let case = format!(
                        "{count} events, {block_bytes}-byte blocks, split from {split_scan_bytes}"
                    );
                    assert_eq!(list, one_pass, "{case}");
                    assert_eq!(text_offset, bom.len() as u64, "{case}");
                    let (before, after) = (&text[..list.list.start], &text[list.list.end..]);
                    assert_eq!(around, format!("{before}[]{after}"), "{case}");
                }
            }
        }
    }

    #[test]
    fn locations_around_the_list_move_past_it() {
        let file =
            "{\"a\": 1, \"events\": [\n  {\"id\": 1},\n  {\"id\": 2}\n], \"b\": 2,\n\"c\": 3}";
        let start = file.find('[').unwrap_or_default();
        let end = file.find(']').unwrap_or_default() + 1;
        let around = format!(
            "{}[]{}",
            file.get(..start).unwrap_or_default(),
            file.get(end..).unwrap_or_default()
        );
        let around = TextAround::new(around, start, place_of(file, end));
        let location_of = |text: &str, needle: &str| {
            let place = place_of(text, text.find(needle).unwrap_or_default());
            TextLocation {
                line: place.line,
                column: place.chars_before + 1,
            }
        };
        for needle in ["\"a\"", "[", "\"b\"", "2,", "\"c\"", "3}"] {
            assert_eq!(
                around.in_file(location_of(&around.text, needle)),
                location_of(file, needle),
                "{needle}"
            );
        }
    }
}
