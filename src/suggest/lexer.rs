//! Tokens of running text: words, digit runs, mixed alphanumerics and single punctuation marks,
//! each with its byte range and the whitespace before it.
//!
//! The finder works on these tokens, never on raw bytes, so every range it reports starts and
//! ends on a character boundary. Whitespace is not a token; each token records whether it is
//! glued to the previous one and how many line breaks separate them (two or more = a blank line,
//! which no expression or sentence crosses).

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters only (`September`, `BC`, `s`).
    Word,

    /// ASCII digits only (`1989`, `22`).
    Digits,

    /// Digits with internal `,` or `.` separators (`1,000`, `21.4`, `22.09.1989`).
    Numeral,

    /// Letters and digits mixed (`1990s`, `22nd`, `F89`).
    Mixed,

    /// One character that is neither alphanumeric nor whitespace.
    Punct,
}

/// One token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// What it is made of.
    pub kind: Kind,

    /// Byte offset of its first character.
    pub start: usize,

    /// Byte offset just past its last character.
    pub end: usize,

    /// Line breaks in the whitespace before it, capped at 2 (2 = a blank line or more).
    pub breaks_before: u8,

    /// True when whitespace separates it from the previous token (or it is the first token).
    pub space_before: bool,
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    let mut chars = text.char_indices().peekable();
    let mut breaks: u8 = 0;
    let mut space = true;
    while let Some((start, ch)) = chars.next() {
        if ch.is_whitespace() {
            space = true;
            let is_break = match ch {
                '\n' | '\u{2028}' | '\u{85}' => true,
                // A lone carriage return (old Mac text) is a break; CR LF counts once, at the LF.
                '\r' => chars.peek().is_none_or(|&(_, next)| next != '\n'),
                '\u{2029}' => {
                    breaks = breaks.saturating_add(1);
                    true
                }
                _ => false,
            };
            if is_break {
                breaks = breaks.saturating_add(1).min(2);
            }
            continue;
        }
        let mut end = start + ch.len_utf8();
        let kind = if ch.is_alphanumeric() {
            let mut all_digits = ch.is_ascii_digit();
            let mut any_digit = all_digits;
            let mut grouped = false;
            loop {
                match chars.peek().copied() {
                    Some((i, c)) if c.is_alphanumeric() => {
                        // A digit run stops before letters that follow a separator ("1,000s").
                        if grouped && !c.is_ascii_digit() {
                            break;
                        }
                        all_digits &= c.is_ascii_digit();
                        any_digit |= c.is_ascii_digit();
                        end = i + c.len_utf8();
                        chars.next();
                    }
                    Some((i, sep @ (',' | '.'))) if all_digits => {
                        // "1,000" and "21.4" are one numeral; "1945, 1946" and "1945." are not.
                        let after = text.get(i + 1..).and_then(|rest| rest.chars().next());
                        if after.is_some_and(|c| c.is_ascii_digit()) {
                            grouped = true;
                            end = i + sep.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            if grouped {
                Kind::Numeral
            } else if all_digits {
                Kind::Digits
            } else if any_digit {
                Kind::Mixed
            } else {
                Kind::Word
            }
        } else {
            Kind::Punct
        };
        tokens.push(Token {
            kind,
            start,
            end,
            breaks_before: breaks.min(2),
            space_before: space,
        });
        breaks = 0;
        space = false;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokenize(text)
            .iter()
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(
            kinds("Sept. 22, 1989"),
            vec![
                (Kind::Word, "Sept"),
                (Kind::Punct, "."),
                (Kind::Digits, "22"),
                (Kind::Punct, ","),
                (Kind::Digits, "1989"),
            ]
        );
        assert_eq!(
            kinds("1,000 missiles $21.4"),
            vec![
                (Kind::Numeral, "1,000"),
                (Kind::Word, "missiles"),
                (Kind::Punct, "$"),
                (Kind::Numeral, "21.4"),
            ]
        );
        assert_eq!(
            kinds("F89-191 1990s 22nd"),
            vec![
                (Kind::Mixed, "F89"),
                (Kind::Punct, "-"),
                (Kind::Digits, "191"),
                (Kind::Mixed, "1990s"),
                (Kind::Mixed, "22nd"),
            ]
        );
        assert_eq!(
            kinds("1945. 1946,"),
            vec![
                (Kind::Digits, "1945"),
                (Kind::Punct, "."),
                (Kind::Digits, "1946"),
                (Kind::Punct, ","),
            ]
        );
    }

    #[test]
    fn whitespace_is_recorded() {
        let tokens = tokenize("a\nb\n \nc d-e\r\n\r\nf");
        let breaks: Vec<u8> = tokens.iter().map(|t| t.breaks_before).collect();
        assert_eq!(breaks, vec![0, 1, 2, 0, 0, 0, 2]);
        let spaced: Vec<bool> = tokens.iter().map(|t| t.space_before).collect();
        assert_eq!(
            spaced,
            vec![true, true, true, true, false, false, true],
            "d-e is glued"
        );
    }

    #[test]
    fn unicode_is_safe() {
        let text = "naïve ٣٤ 日本 1945–46 ‘60s";
        for t in tokenize(text) {
            assert!(text.get(t.start..t.end).is_some(), "char boundaries");
        }
    }
}
