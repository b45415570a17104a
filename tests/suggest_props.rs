//! Property tests for the date-suggestion finder and the cell parser: they never panic, and every
//! proposal's ranges, offsets and excerpt are consistent with the text.

use proptest::prelude::*;
use sourceline::model::HistDate;
use sourceline::suggest::{SuggestOptions, document_date, parse_date_cell, suggest};

/// Checks every invariant of the proposals for `text`.
fn check(text: &str) -> Result<(), TestCaseError> {
    let normalize = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let proposals = suggest(text, &SuggestOptions::default());
    let normal_text = normalize(text);
    let mut previous_end = 0;
    for p in &proposals {
        prop_assert!(text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end));
        prop_assert_eq!(text.get(p.range.clone()), Some(p.expression.as_str()));
        prop_assert_eq!(text[..p.range.start].chars().count(), p.offset);
        prop_assert!(p.range.start >= previous_end, "in order, without overlaps");
        previous_end = p.range.end;
        prop_assert_eq!(text.get(p.excerpt_range.clone()), Some(p.excerpt.as_str()));
        prop_assert!(
            p.excerpt_range.start <= p.range.start && p.range.end <= p.excerpt_range.end,
            "excerpt contains the expression"
        );
        prop_assert_eq!(p.excerpt.trim(), p.excerpt.as_str());
        prop_assert!(
            normal_text.contains(&normalize(&p.excerpt)),
            "excerpt verifies"
        );
        prop_assert!(p.title.chars().count() <= 60);
        prop_assert_eq!(p.date.is_none(), p.unresolved.is_some());
        if let Some(date) = p.date {
            // Every date we propose is in our own format and reads back the same.
            prop_assert_eq!(HistDate::parse(&date.to_edtf()).ok(), Some(date));
        }
    }
    let _ = document_date(text);
    Ok(())
}

/// Pieces that exercise the finder's rules much more often than random characters do.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "in",
            "on",
            "the",
            "of",
            "by",
            "since",
            "from",
            "to",
            "between",
            "and",
            "early",
            "late",
            "mid",
            "-",
            "–",
            "/",
            ".",
            ",",
            "'",
            "(",
            ")",
            "c.",
            "BC",
            "AD",
            "B.C.",
            "May",
            "Sept.",
            "January",
            "Monday",
            "spring",
            "winter",
            "fall",
            "century",
            "1850s",
            "'60s",
            "last",
            "next",
            "this",
            "following",
            "year",
            "years",
            "ago",
            "later",
            "within",
            "two",
            "forty",
            "22nd",
            "1st",
            "today",
            "recently",
            "U.S.",
            "Mr.",
            "\n",
            "\n\n",
            "  ",
            "will",
            "1,000",
            "$21.4",
            "Tu-160",
            "F89-191",
            "E.O.",
            "12958",
            "11/1/95",
            "1992-01-05",
            "ñ",
            "日本",
            "\u{2028}",
            "\r\n",
            "**UNCLASSIFIED**",
            "- ",
            "#",
            "?",
            "!",
            "\"",
        ])
        .prop_map(str::to_owned),
        (0u32..3000).prop_map(|n| n.to_string()),
        (1u32..32).prop_map(|n| n.to_string()),
        "\\PC{0,6}",
    ]
}

fn sentence_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (piece(), prop::sample::select(vec!["", " ", " ", "\n"])),
        0..80,
    )
    .prop_map(|parts| {
        let mut text = String::new();
        for (p, sep) in parts {
            text.push_str(&p);
            text.push_str(sep);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_unicode_never_breaks_the_invariants(text in "\\PC{0,400}") {
        check(&text)?;
    }

    #[test]
    fn any_characters_at_all(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn date_like_soup(text in sentence_like()) {
        check(&text)?;
    }

    #[test]
    fn many_digits(digits in "[0-9,./ -]{0,3000}") {
        check(&digits)?;
    }

    #[test]
    fn cells_never_panic_and_round_trip(cell in prop_oneof![sentence_like(), "\\PC{0,40}".prop_map(|s| s)]) {
        if let Ok(read) = parse_date_cell(&cell) {
            prop_assert_eq!(HistDate::parse(&read.date.to_edtf()).ok(), Some(read.date));
        }
    }
}

#[test]
fn very_long_inputs_are_handled() {
    let digits = "1".repeat(200_000);
    check(&digits).expect("digits");
    let mixed = "in 1945 and May 5, 1993; ".repeat(5_000);
    check(&mixed).expect("mixed");
    let mut no_spaces = "x".repeat(100_000);
    no_spaces.push_str("1945");
    no_spaces.push_str(&"y".repeat(100_000));
    check(&no_spaces).expect("one long word");
}
