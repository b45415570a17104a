//! HTML fragments (TimelineJS headlines, slide text and embeds) as plain text: paragraphs and
//! line breaks kept, tags dropped, entities decoded, scripts and styles left out; and the web
//! links such a fragment holds, so that their addresses are not lost.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements whose start and end break a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
];

/// Elements whose content is not text a reader sees.
const HIDDEN: &[&str] = &[
    "head", "iframe", "noscript", "script", "style", "template", "title",
];

/// The text of an HTML fragment: one blank line between paragraphs, `• ` before list items,
/// runs of spaces collapsed, no leading or trailing space. Text without markup is returned with
/// its whitespace collapsed.
pub fn html_to_text(html: &str) -> String {
    read(html).0
}

/// A web link of an HTML fragment whose text does not already show its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// What the reader sees, as plain text on one line.
    pub text: String,
    /// The `http`, `https` or `mailto` address.
    pub address: String,
}

/// The web links of an HTML fragment, in order, each once; links whose text is their address,
/// and links to scripts or to places in the page, are left out.
pub fn html_links(html: &str) -> Vec<Link> {
    if !html.contains('<') {
        return Vec::new();
    }
    read(html).1
}

/// The text of a fragment and its links.
fn read(html: &str) -> (String, Vec<Link>) {
    if !html.contains(['<', '&']) {
        return (collapse_paragraphs(html), Vec::new());
    }
    let fragment = Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    let mut hidden_depth = 0_usize;
    // Open links: where each one's text starts in `out`, and its address.
    let mut open_links: Vec<(usize, Option<&str>)> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    for edge in fragment.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if HIDDEN.contains(&name) {
                        hidden_depth += 1;
                    } else if hidden_depth == 0 {
                        match name {
                            "a" => open_links.push((out.len(), web_address(element.attr("href")))),
                            "br" => out.push('\n'),
                            "li" => out.push_str("\n• "),
                            "td" | "th" => out.push(' '),
                            _ if BLOCKS.contains(&name) => out.push_str("\n\n"),
                            _ => {}
                        }
                    }
                }
                Node::Text(text) if hidden_depth == 0 => out.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    let name = element.name();
                    if HIDDEN.contains(&name) {
                        hidden_depth = hidden_depth.saturating_sub(1);
                    } else if hidden_depth == 0 && BLOCKS.contains(&name) {
                        out.push_str("\n\n");
                    } else if hidden_depth == 0
                        && name == "a"
                        && let Some((start, Some(address))) = open_links.pop()
                    {
                        let text = out
                            .get(start..)
                            .unwrap_or_default()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        let shows_address = text.trim_end_matches('/')
                            == address.trim_end_matches('/')
                            || address.strip_prefix("mailto:") == Some(text.as_str());
                        let link = Link {
                            text,
                            address: address.to_owned(),
                        };
                        if !shows_address && !link.text.is_empty() && !links.contains(&link) {
                            links.push(link);
                        }
                    }
                }
            }
        }
    }
    (collapse_paragraphs(&out), links)
}

/// A link target worth keeping: a web or mail address, not a script or a place in the page.
fn web_address(href: Option<&str>) -> Option<&str> {
    let href = href?.trim();
    let scheme = href.split_once(':')?.0.to_ascii_lowercase();
    (matches!(scheme.as_str(), "http" | "https" | "mailto") && !href.contains(char::is_whitespace))
        .then_some(href)
}

/// The text as one line: every run of whitespace (line breaks too) becomes one space.
pub fn html_to_line(html: &str) -> String {
    html_to_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Collapses spaces within lines, trims each line, and keeps at most one blank line between
/// paragraphs.
fn collapse_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_lines = 0_usize;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        out.push_str(&words.join(" "));
    }
    out
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_links_and_entities_become_plain_text() {
        let html = "<p>Take <a href=\"https://x.org\">Ada&nbsp;Lovelace</a>: \
                    Byron&#39;s daughter &amp; more.</p><span class=\"tl-note\">A note.</span>";
        assert_eq!(
            html_to_text(html),
            "Take Ada Lovelace: Byron's daughter & more.\n\nA note."
        );
    }

    #[test]
    fn web_links_are_listed_with_their_addresses() {
        let html = "Take <a href='https://x.org/ada'>Ada\n Lovelace</a> and \
                    <a href=\"https://x.org/\">https://x.org</a>, <a href=\"mailto:a@b.org\">\
                    a@b.org</a>, <a href=\"#top\">top</a>, <a href=\"javascript:alert(1)\">x</a>, \
                    <a>bare</a>, <a href='https://x.org/ada'>Ada Lovelace</a>.";
        assert_eq!(
            html_links(html),
            [Link {
                text: "Ada Lovelace".to_owned(),
                address: "https://x.org/ada".to_owned(),
            }]
        );
        assert!(html_links("no markup https://x.org").is_empty());
    }

    #[test]
    fn line_breaks_lists_and_hidden_elements() {
        let html = "One<br>Two<ul><li>a</li><li>b</li></ul><script>alert(1)</script>\
                    <style>p{}</style>End";
        assert_eq!(html_to_text(html), "One\nTwo\n\n• a\n• b\n\nEnd");
        assert_eq!(html_to_line(html), "One Two • a • b End");
    }

    #[test]
    fn plain_text_and_broken_markup_never_fail() {
        assert_eq!(
            html_to_text("  plain   text \n\n\n more "),
            "plain text\n\nmore"
        );
        assert_eq!(html_to_text("<p>unclosed <b>bold"), "unclosed bold");
        assert_eq!(html_to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(html_to_text(""), "");
    }
}
