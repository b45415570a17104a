//! Web addresses in an event's own text (a summary's `Link:` and `Media:` lines, or an address
//! the author wrote), found so that the window can make them clickable. Only `http` and `https`
//! addresses count; anything else stays plain text.

use linkify::{LinkFinder, LinkKind};

/// A run of text: plain, or a web address to open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextPiece<'a> {
    /// Text shown as it is.
    Plain(&'a str),
    /// An `http` or `https` address, shown as a link.
    Web(&'a str),
}

/// `text` cut into plain runs and web addresses, in order; joined, the pieces are `text`.
pub fn web_links(text: &str) -> Vec<TextPiece<'_>> {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    let mut pieces: Vec<TextPiece<'_>> = Vec::new();
    let mut plain_from = 0;
    for link in finder.links(text) {
        let address = link.as_str();
        let web = ["http://", "https://"].iter().any(|scheme| {
            address
                .get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        });
        if !web || super::check_url(address).is_err() {
            continue;
        }
        if let Some(before) = text.get(plain_from..link.start()).filter(|s| !s.is_empty()) {
            pieces.push(TextPiece::Plain(before));
        }
        pieces.push(TextPiece::Web(address));
        plain_from = link.end();
    }
    if let Some(rest) = text.get(plain_from..).filter(|s| !s.is_empty()) {
        pieces.push(TextPiece::Plain(rest));
    }
    pieces
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use TextPiece::{Plain, Web};

    #[test]
    fn web_addresses_are_cut_out_of_the_text() {
        assert_eq!(
            web_links("See Wikipedia\n\nLink: https://en.wikipedia.org/wiki/X_(y) — Wikipedia."),
            [
                Plain("See Wikipedia\n\nLink: "),
                Web("https://en.wikipedia.org/wiki/X_(y)"),
                Plain(" — Wikipedia."),
            ]
        );
        assert_eq!(
            web_links("(at http://x.org/a.)"),
            [Plain("(at "), Web("http://x.org/a"), Plain(".)")]
        );
    }

    #[test]
    fn other_schemes_and_plain_text_stay_plain() {
        assert_eq!(web_links("no links here"), [Plain("no links here")]);
        assert_eq!(
            web_links("javascript:alert(1) ftp://x.org/f mailto:a@b.org"),
            [Plain("javascript:alert(1) ftp://x.org/f mailto:a@b.org")]
        );
        assert!(web_links("").is_empty());
    }
}
