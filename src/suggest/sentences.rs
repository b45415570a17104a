//! Sentences, excerpts and titles.
//!
//! The text is cut into lines, lines into segments, segments into sentences:
//! - a blank line always ends a segment (nothing is ever joined across one);
//! - two lines of one paragraph join (hard-wrapped text) unless the first is short (under 40
//!   characters: headings, address and stamp lines), either is a page marker (`**UNCLASSIFIED**`,
//!   `~~SECRET~~`, a page number alone), the second starts a bullet or a heading;
//! - within a segment a sentence ends after `.`, `!` or `?` (with closing quotes or brackets)
//!   followed by whitespace and a character that is not lowercase — except after abbreviations
//!   (`Mr.`, `Dr.`, `Sept. 22`, `No. 5`), initials (`D. Van Tassel`, `George H. W. Bush`) and
//!   dotted initialisms (`U.S.`, `E.O.`, `U.S.S.R.`), which end a sentence only before a typical
//!   sentence opener (`The`, `This`, `In`, …). A paragraph marking such as `(S)` after the period
//!   stays with its sentence.
//!
//! Every sentence is a trimmed byte range of the text, so an excerpt is always a verbatim
//! substring.

use std::ops::Range;

use super::words;

/// Longest excerpt, in bytes, before it is narrowed to a clause or a window of words.
const MAX_EXCERPT: usize = 600;

/// Longest title, in characters.
const MAX_TITLE: usize = 60;

/// One line of the text: its byte range without the line break.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    /// First byte.
    pub start: usize,
    /// Byte after the last (before the break).
    pub end: usize,
}

/// Splits `text` into lines at `\n`, `\r\n`, a lone `\r`, U+0085, U+2028 and U+2029.
pub(crate) fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = match c {
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
            '\r' => {
                if chars.peek().is_some_and(|&(_, n)| n == '\n') {
                    out.push(Line { start, end: i });
                    chars.next();
                    start = i + 2;
                    continue;
                }
                true
            }
            _ => false,
        };
        if is_break {
            out.push(Line { start, end: i });
            start = i + c.len_utf8();
        }
    }
    out.push(Line {
        start,
        end: text.len(),
    });
    out
}

/// The trimmed content of a line, as a byte range (empty when the line is blank).
fn trimmed(text: &str, line: Line) -> Range<usize> {
    let s = text.get(line.start..line.end).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    let start = line.start + lead;
    start..start + body.len()
}

/// A page marker: a classification banner, a rule, or a page number alone on its line.
pub(crate) fn is_page_marker(line: &str) -> bool {
    let core: String = line
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '*' | '~' | '_' | '#' | '=' | '-' | '\u{2013}' | '\u{2014}' | '[' | ']'
            )
        })
        .collect();
    let core = core.trim();
    if core.is_empty() {
        return true;
    }
    if core.len() <= 4 && core.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let lower = core.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page ") {
        let rest = rest.trim();
        if rest
            .split_whitespace()
            .all(|w| w == "of" || w.bytes().all(|b| b.is_ascii_digit()))
        {
            return true;
        }
    }
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    !core.contains(' ')
        && (3..=20).contains(&letters)
        && core.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        && core
            .chars()
            .all(|c| c.is_alphabetic() || c == '/' || c == '.')
}

/// A bullet or numbered-list opening: `- `, `* `, `• `, `1. `, `(a) `.
fn starts_with_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let second = chars.next();
    if matches!(
        first,
        '-' | '*' | '\u{2022}' | '\u{b7}' | '\u{2013}' | '\u{2014}' | '+' | '>'
    ) {
        return second.is_some_and(char::is_whitespace);
    }
    if first.is_ascii_digit() || first == '(' {
        let head: String = line.chars().take(6).collect();
        let inner = head.trim_start_matches('(');
        let digits = inner
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .count();
        let after: Vec<char> = inner.chars().skip(digits).take(2).collect();
        return (1..=3).contains(&digits)
            && matches!(after.first(), Some('.' | ')'))
            && after.get(1).is_some_and(|c| c.is_whitespace());
    }
    false
}

/// Whether line `b` continues the sentence of line `a` (both non-blank, trimmed).
fn joins(a: &str, b: &str) -> bool {
    if is_page_marker(a) || is_page_marker(b) {
        return false;
    }
    if starts_with_bullet(b) || b.starts_with('#') || a.starts_with('#') {
        return false;
    }
    a.chars().count() >= 40
}

/// The segments of `text`: runs of joined lines, never across a blank line.
fn segments(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut previous_line: Option<Range<usize>> = None;
    for line in lines(text) {
        let content = trimmed(text, line);
        if content.is_empty() {
            out.extend(current.take());
            previous_line = None;
            continue;
        }
        let join = match (&current, &previous_line) {
            (Some(_), Some(prev)) => joins(
                text.get(prev.clone()).unwrap_or(""),
                text.get(content.clone()).unwrap_or(""),
            ),
            _ => false,
        };
        if join {
            if let Some(seg) = current.as_mut() {
                seg.end = content.end;
            }
        } else {
            out.extend(current.take());
            current = Some(content.clone());
        }
        previous_line = Some(content);
    }
    out.extend(current);
    out
}

/// Every sentence of `text`, in order: trimmed, non-empty byte ranges that together cover every
/// non-whitespace character.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for segment in segments(text) {
        split_segment(text, segment, &mut out);
    }
    out
}

/// The alphanumeric word that ends just before byte `end`, as a range.
fn word_before(text: &str, end: usize) -> Range<usize> {
    let head = text.get(..end).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(end, |(i, _)| i);
    start..end
}

/// A paragraph classification marking such as `(S)`, `(X)`, `(C)`, `(U)`, `(S/NF)` at `at`:
/// returns its length in bytes.
fn marking_len(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let inner = rest.strip_prefix('(')?;
    // A marking is short: look no further than a few characters.
    let close = inner.char_indices().take(7).find(|&(_, c)| c == ')')?.0;
    let body = inner.get(..close)?;
    let ok =
        (1..=5).contains(&body.len()) && body.chars().all(|c| c.is_ascii_uppercase() || c == '/');
    ok.then_some(close + 2)
}

/// Splits one segment into sentences.
fn split_segment(text: &str, segment: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(body) = text.get(segment.clone()) else {
        return;
    };
    let base = segment.start;
    let mut sentence_start = base;
    let mut iter = body.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '.' | '!' | '?' | '\u{2026}') {
            continue;
        }
        // The run of terminal marks and closers.
        let mut run_end = base + i + c.len_utf8();
        while let Some(&(j, n)) = iter.peek() {
            if matches!(
                n,
                '.' | '!'
                    | '?'
                    | '\u{2026}'
                    | '"'
                    | '\''
                    | '\u{201d}'
                    | '\u{2019}'
                    | ')'
                    | ']'
                    | '\u{bb}'
            ) {
                run_end = base + j + n.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let after = text.get(run_end..segment.end).unwrap_or("");
        if !after.starts_with(char::is_whitespace) {
            continue;
        }
        let next_at = run_end + (after.len() - after.trim_start().len());
        let next = text.get(next_at..segment.end).unwrap_or("");
        let Some(next_char) = next.chars().next() else {
            continue;
        };
        if next_char.is_lowercase() {
            continue;
        }
        if c == '.' && !period_ends_sentence(text, base + i, next, sentence_start) {
            continue;
        }
        // Keep a paragraph marking such as "(S)" with its sentence.
        let mut end = run_end;
        let mut resume = next_at;
        if let Some(len) = marking_len(text, next_at) {
            end = next_at + len;
            let rest = text.get(end..segment.end).unwrap_or("");
            resume = end + (rest.len() - rest.trim_start().len());
            // Skip the characters of the marking in the iterator.
            while iter.peek().is_some_and(|&(j, _)| base + j < end) {
                iter.next();
            }
        }
        push_trimmed(text, sentence_start..end, out);
        sentence_start = resume;
    }
    push_trimmed(text, sentence_start..segment.end, out);
}

/// Whether the period at byte `dot` ends a sentence, given the text that follows it.
fn period_ends_sentence(text: &str, dot: usize, next: &str, sentence_start: usize) -> bool {
    let word_range = word_before(text, dot);
    let word = text.get(word_range.clone()).unwrap_or("");
    if word.is_empty() {
        return true;
    }
    let next_is_digit = next.starts_with(|c: char| c.is_ascii_digit());
    if words::is_one_of(word, words::TITLE_ABBREVIATIONS) {
        return false;
    }
    if next_is_digit && words::is_one_of(word, words::NUMBER_ABBREVIATIONS) {
        return false;
    }
    // "1." opening a numbered line.
    if word.bytes().all(|b| b.is_ascii_digit()) && word_range.start == sentence_start {
        return false;
    }
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    if single_letter {
        // An initialism ("U.S.") may end a sentence before a typical opener; an initial
        // ("D. Van Tassel", "H. W. Bush") never does.
        let dotted = word_range.start > 0
            && text
                .get(..word_range.start)
                .is_some_and(|h| h.ends_with('.'));
        let next_word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        return dotted && words::is_one_of(&next_word, words::SENTENCE_STARTERS);
    }
    true
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(s) = text.get(range.clone()) else {
        return;
    };
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    if !body.is_empty() {
        let start = range.start + lead;
        out.push(start..start + body.len());
    }
}

/// The byte range of the excerpt for an expression at `expr`: the sentence (or sentences) that
/// contain it, without a leading bullet or heading marker, narrowed to a clause or a window of
/// words when very long. Always contains `expr`.
pub(crate) fn excerpt_range(
    text: &str,
    sentences: &[Range<usize>],
    expr: Range<usize>,
) -> Range<usize> {
    let first = sentences.partition_point(|s| s.start <= expr.start);
    let last = sentences.partition_point(|s| s.start < expr.end);
    let start_sentence = first
        .checked_sub(1)
        .and_then(|i| sentences.get(i))
        .filter(|s| s.end > expr.start);
    let end_sentence = last.checked_sub(1).and_then(|i| sentences.get(i));
    let mut range = match (start_sentence, end_sentence) {
        (Some(a), Some(b)) => a.start..b.end.max(expr.end),
        _ => expr.clone(),
    };
    range.start = range.start.min(expr.start);
    range.end = range.end.max(expr.end);
    // A leading bullet or heading marker is not part of the quotation.
    if let Some(s) = text.get(range.clone()) {
        let stripped = strip_leading_markup(s);
        let cut = s.len() - stripped.len();
        if range.start + cut <= expr.start {
            range.start += cut;
        }
    }
    if range.len() > MAX_EXCERPT {
        range = narrow(text, range, &expr);
    }
    range
}

/// Removes a leading bullet (`- `, `* `, `• `) or heading marker (`## `) with its spaces.
fn strip_leading_markup(s: &str) -> &str {
    let t = s.trim_start_matches('#');
    if t.len() != s.len() && t.starts_with(char::is_whitespace) {
        return t.trim_start();
    }
    if starts_with_bullet(s) && s.starts_with(['-', '*', '\u{2022}', '\u{b7}', '+', '>']) {
        return s.get(1..).unwrap_or(s).trim_start();
    }
    s
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Narrows a long excerpt to the clause around `expr` (between `;`, `:` or dashes), else to a
/// window of whole words around it.
fn narrow(text: &str, range: Range<usize>, expr: &Range<usize>) -> Range<usize> {
    // Only look as far as an excerpt may reach, so that a huge sentence with many dates stays
    // linear.
    let lo = floor_boundary(text, expr.start.saturating_sub(MAX_EXCERPT)).max(range.start);
    let hi = floor_boundary(text, expr.end.saturating_add(MAX_EXCERPT)).min(range.end);
    let before = text.get(lo..expr.start).unwrap_or("");
    let after = text.get(expr.end..hi).unwrap_or("");
    let separators: &[char] = &[';', ':', '\u{2014}'];
    // Just past the separator at byte `i` of `part` (an em dash is three bytes).
    let past = |part: &str, i: usize| {
        i + part
            .get(i..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8)
    };
    let clause_start = before
        .rfind(separators)
        .map_or(range.start, |i| lo + past(before, i));
    let clause_end = after
        .find(separators)
        .map_or(range.end, |i| expr.end + past(after, i));
    let mut narrowed = clause_start..clause_end;
    if narrowed.len() > MAX_EXCERPT {
        let half = MAX_EXCERPT / 2;
        let lo = floor_boundary(text, expr.start.saturating_sub(half)).max(narrowed.start);
        let hi = floor_boundary(text, expr.end.saturating_add(half)).min(narrowed.end);
        // Snap to whole words.
        let lo = text
            .get(lo..expr.start)
            .and_then(|s| s.find(char::is_whitespace))
            .map_or(lo, |i| lo + i);
        let hi = text
            .get(expr.end..hi)
            .and_then(|s| s.rfind(char::is_whitespace))
            .map_or(hi, |i| expr.end + i);
        narrowed = lo..hi;
    }
    // Trim whitespace (and keep the expression inside).
    let s = text.get(narrowed.clone()).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let start = (narrowed.start + lead).min(expr.start);
    let end = (narrowed.end - trail).max(expr.end);
    start..end
}

/// Removes a news dateline before the lead: `WASHINGTON (Agency - 31st January, 2023) The …`,
/// `PORTLAND, Maine (Ledger) -- March 14, 2019 -- The …`.
fn strip_dateline(s: &str) -> &str {
    let Some(open) = s.find('(') else {
        return s;
    };
    let head = s.get(..open).unwrap_or("");
    let first_word: String = head.chars().take_while(|c| c.is_alphabetic()).collect();
    let capital = first_word.chars().count() >= 2 && first_word.chars().all(char::is_uppercase);
    if !capital || head.chars().count() > 40 {
        return s;
    }
    let Some(close) = s.get(open..).and_then(|r| r.find(')')).map(|c| open + c) else {
        return s;
    };
    let mut rest = s.get(close + 1..).unwrap_or("").trim_start();
    for dash in ["--", "\u{2014}", "\u{2013}", "-"] {
        if let Some(r) = rest.strip_prefix(dash) {
            rest = r.trim_start();
            // "-- March 14, 2019 -- The …": skip the date up to the second dash.
            if let Some(second) = rest.find(dash)
                && second < 30
            {
                rest = rest.get(second + dash.len()..).unwrap_or(rest).trim_start();
            }
            break;
        }
    }
    if rest.is_empty() { s } else { rest }
}

/// A short title (at most 60 characters) from an excerpt: whitespace collapsed, markup and
/// paragraph markings removed, cut at a word boundary with an ellipsis.
pub(crate) fn title(excerpt: &str) -> String {
    let collapsed = excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
    let collapsed = strip_dateline(&collapsed);
    let mut t = strip_leading_markup(collapsed)
        .trim_matches(|c| matches!(c, '*' | '~' | '_'))
        .trim();
    // Trailing "(S)", "(X)".
    if let Some(open) = t.rfind(" (")
        && marking_len(t, open + 1).is_some_and(|len| open + 1 + len == t.len())
    {
        t = t.get(..open).unwrap_or(t).trim_end();
    }
    let t = t.trim_end_matches(['.', ',', ';', ':']).trim_end();
    if t.chars().count() <= MAX_TITLE {
        return t.to_owned();
    }
    let cut: String = t.chars().take(MAX_TITLE - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > MAX_TITLE / 2 => cut.get(..space).unwrap_or(&cut).to_owned(),
        _ => cut,
    };
    let cut = cut.trim_end_matches([',', ';', ':', '-', ' ', '(', '"']);
    format!("{cut}\u{2026}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn a_long_sentence_is_cut_after_a_whole_em_dash() {
        let text = format!(
            "Frederick Douglass (c. 1818 \u{2014} 1895) spoke{}.",
            " and spoke".repeat(80)
        );
        let sentences = sentences(&text);
        let expr = 20..27;
        assert_eq!(&text[expr.clone()], "c. 1818");
        let range = excerpt_range(&text, &sentences, expr);
        assert_eq!(
            text.get(range),
            Some("Frederick Douglass (c. 1818 \u{2014}")
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("The U.S. and Russia met. Mr. Smith left on Sept. 22, 1989. Then he wrote."),
            [
                "The U.S. and Russia met.",
                "Mr. Smith left on Sept. 22, 1989.",
                "Then he wrote."
            ]
        );
        assert_eq!(
            split("under provisions of E.O. 12958 by D. Van Tassel. George H. W. Bush agreed."),
            [
                "under provisions of E.O. 12958 by D. Van Tassel.",
                "George H. W. Bush agreed."
            ]
        );
        assert_eq!(
            split("It went to the U.S. The talks ended."),
            ["It went to the U.S.", "The talks ended."]
        );
    }

    #[test]
    fn blank_lines_headings_and_markers_break() {
        let text = "Executive Review of Cold War Laws\n\nThe President today has ordered it. (S)\n\nUNCLASSIFIED\n\nmore text";
        assert_eq!(
            split(text),
            [
                "Executive Review of Cold War Laws",
                "The President today has ordered it. (S)",
                "UNCLASSIFIED",
                "more text"
            ]
        );
        let text = "THE WHITE HOUSE  \nWASHINGTON\n- MEMORANDUM FOR X\n- THE SECRETARY";
        assert_eq!(
            split(text),
            [
                "THE WHITE HOUSE",
                "WASHINGTON",
                "- MEMORANDUM FOR X",
                "- THE SECRETARY"
            ]
        );
        let wrapped =
            "This is a long hard-wrapped line of text that goes on\nand continues here. Next one.";
        assert_eq!(
            split(wrapped),
            [
                "This is a long hard-wrapped line of text that goes on\nand continues here.",
                "Next one."
            ]
        );
    }

    #[test]
    fn quotes_and_questions() {
        assert_eq!(
            split("He asked: \"Are we?\", and she replied: \"No. We are not.\" Then"),
            [
                "He asked: \"Are we?\", and she replied: \"No.",
                "We are not.\"",
                "Then"
            ]
        );
    }

    #[test]
    fn page_markers() {
        assert!(is_page_marker("**UNCLASSIFIED**"));
        assert!(is_page_marker("~~SECRET~~"));
        assert!(is_page_marker("3"));
        assert!(is_page_marker("- 12 -"));
        assert!(is_page_marker("Page 4 of 9"));
        assert!(!is_page_marker("Transnational Issues"));
        assert!(!is_page_marker("1989 was a year"));
    }

    #[test]
    fn excerpts_strip_bullets_and_stay_verbatim() {
        let text = "- In 1945 the war ended.\n\nNext.";
        let s = sentences(text);
        let r = excerpt_range(text, &s, 5..9);
        assert_eq!(&text[r], "In 1945 the war ended.");
        let long = format!("{} in 1945 {}", "word ".repeat(300), "word ".repeat(300));
        let s = sentences(&long);
        let at = long.find("1945").unwrap();
        let r = excerpt_range(&long, &s, at..at + 4);
        assert!(r.len() <= MAX_EXCERPT + 10, "{}", r.len());
        assert!(r.start <= at && r.end >= at + 4, "contains the expression");
    }

    #[test]
    fn titles() {
        assert_eq!(
            title("The President today has ordered it. (S)"),
            "The President today has ordered it"
        );
        let t = title(
            "In January 1992, the leader of modern Russia, which had just appeared on the ruins of the USSR, wrote a letter.",
        );
        assert!(t.chars().count() <= 60, "{t}");
        assert!(t.ends_with('\u{2026}'), "{t}");
        assert_eq!(
            title("- THE SECRETARY\n  OF STATE"),
            "THE SECRETARY OF STATE"
        );
    }
}
