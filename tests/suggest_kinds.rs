//! Every kind of date expression the finder reads, and the traps it must not read, through the
//! public API: expression as written, resolved date in our format, and status.

use sourceline::model::{DatePoint, HistDate, Status};
use sourceline::suggest::{SuggestOptions, suggest};

fn options(document: Option<&str>) -> SuggestOptions {
    SuggestOptions {
        document_date: document.map(|d| match HistDate::parse(d).expect("date") {
            HistDate::Point(p) => p,
            HistDate::Interval { .. } => panic!("document date must be a point"),
        }),
    }
}

/// (expression, date or "unresolved", status) for every proposal in `text`.
fn run(text: &str, document: Option<&str>) -> Vec<(String, String, &'static str)> {
    suggest(text, &options(document))
        .into_iter()
        .map(|s| {
            (
                s.expression,
                s.date
                    .map_or_else(|| "unresolved".to_owned(), |d| d.to_edtf()),
                s.status.as_str(),
            )
        })
        .collect()
}

fn expect(text: &str, document: Option<&str>, expected: &[(&str, &str, &str)]) {
    let got = run(text, document);
    let want: Vec<(String, String, &str)> = expected
        .iter()
        .map(|&(e, d, s)| (e.to_owned(), d.to_owned(), s))
        .collect();
    assert_eq!(got, want, "in {text:?}");
}

const H: &str = "happened";
const P: &str = "planned";

#[test]
fn full_dates_in_the_usual_orders_and_spellings() {
    expect(
        "Signed on September 22, 1989.",
        None,
        &[("September 22, 1989", "1989-09-22", H)],
    );
    expect(
        "Signed on 22 September 1989.",
        None,
        &[("22 September 1989", "1989-09-22", H)],
    );
    expect(
        "Signed Sept. 22, 1989, in Washington.",
        None,
        &[("Sept. 22, 1989", "1989-09-22", H)],
    );
    expect(
        "Signed on the 22nd of September, 1989.",
        None,
        &[("the 22nd of September, 1989", "1989-09-22", H)],
    );
    expect(
        "Dated 31st January, 2023.",
        None,
        &[("31st January, 2023", "2023-01-31", H)],
    );
    expect(
        "On the twenty-second of September 1989 it was signed.",
        None,
        &[("the twenty-second of September 1989", "1989-09-22", H)],
    );
    expect(
        "On Monday, September 25, 1989, it arrived.",
        None,
        &[("Monday, September 25, 1989", "1989-09-25", H)],
    );
    expect(
        "It was ISO 1992-01-05 style.",
        None,
        &[("1992-01-05", "1992-01-05", H)],
    );
    expect(
        "Dated 22.09.1989 in Bonn.",
        None,
        &[("22.09.1989", "1989-09-22", H)],
    );
}

#[test]
fn month_and_year_and_years_in_context() {
    expect(
        "in January 1992 he wrote",
        None,
        &[("January 1992", "1992-01", H)],
    );
    expect(
        "in January, 1992 he wrote",
        None,
        &[("January, 1992", "1992-01", H)],
    );
    expect("It ended in 1945.", None, &[("1945", "1945", H)]);
    expect("It was over by 1990.", None, &[("by 1990", "../1990", H)]);
    expect(
        "Prices rose after 1938.",
        None,
        &[("after 1938", "1938/..", H)],
    );
    expect(
        "They fled before 1900.",
        None,
        &[("before 1900", "../1900", H)],
    );
    expect("the 1991 Moscow conference", None, &[("1991", "1991", H)]);
    expect("Yeltsin's 1992 offer", None, &[("1992", "1992", H)]);
    expect("the Treaty (1919) and", None, &[("1919", "1919", H)]);
    expect(
        "in 1945 and 1946",
        None,
        &[("1945", "1945", H), ("1946", "1946", H)],
    );
    expect("Douglass (b. 1818) wrote", None, &[("1818", "1818", H)]);
    expect(
        "It has grown since 1975.",
        Some("1993-04-23"),
        &[("since 1975", "1975/1993-04-23", H)],
    );
    expect(
        "It has grown since 1975.",
        None,
        &[("since 1975", "1975/..", H)],
    );
}

#[test]
fn traps_are_not_dates() {
    for text in [
        "They had 1,000 missiles and 2,000 tanks.",
        "The Tu-160 and Tu-95 bombers.",
        "File F89-191 was opened.",
        "under provisions of E.O. 12958",
        "The START I Treaty.",
        "\n\n3\n\n",
        "See Section 2 and page 1990 of the report.",
        "Call 202-456-1414 or (207) 555-0143 or 1-800-555-1212.",
        "a $21.4 billion plan",
        "in 1500 soldiers",
        "the 1990 s were",
        "NATIONAL SECURITY DIRECTIVE 23",
        "the vote was 7-2",
        "No. 1945 and Room 1405, Box 1911",
        "May we go? We may.",
        "The March on Washington.",
        "the seven year reduction period",
        "the fall of Rome and a hot spring",
        "at an early date",
        "in his 60s",
        "Resolution 1441 passed",
        "pp. 112-118",
        "21.4 percent, 1990% and 1945°",
    ] {
        assert_eq!(run(text, None), Vec::new(), "in {text:?}");
    }
}

#[test]
fn decades_and_centuries() {
    expect("in the 1850s", None, &[("1850s", "1850/1859", H)]);
    expect("in the 1850's", None, &[("1850's", "1850/1859", H)]);
    expect("in the 1950s-60s", None, &[("1950s-60s", "1950/1969", H)]);
    expect(
        "in the '60s",
        Some("1989-09-22"),
        &[("'60s", "1960/1969", H)],
    );
    expect("in the 1800s", None, &[("1800s", "1800/1899", H)]);
    expect(
        "in the 7th century BC",
        None,
        &[("the 7th century BC", "-0699/-0600", H)],
    );
    expect(
        "in the nineteenth century",
        None,
        &[("the nineteenth century", "1801/1900", H)],
    );
    expect(
        "a 19th-century church",
        None,
        &[("19th-century", "1801/1900", H)],
    );
    expect(
        "the 5th–4th centuries BC",
        None,
        &[("the 5th–4th centuries BC", "-0499/-0300", H)],
    );
    expect(
        "in the early 1990s",
        None,
        &[("early 1990s", "1990~/1992~", H)],
    );
    expect("1990s-era cars", None, &[("1990s", "1990/1999", H)]);
}

#[test]
fn seasons_and_parts() {
    expect(
        "the spring of 1862",
        None,
        &[("spring of 1862", "1862-03~/1862-05~", H)],
    );
    expect(
        "in winter 1834-35",
        None,
        &[("winter 1834-35", "1834-12~/1835-02~", H)],
    );
    expect(
        "in early 1992",
        None,
        &[("early 1992", "1992-01~/1992-04~", H)],
    );
    expect("in mid-1993", None, &[("mid-1993", "1993-05~/1993-08~", H)]);
    expect(
        "in late 1993",
        None,
        &[("late 1993", "1993-09~/1993-12~", H)],
    );
    expect(
        "in late May.",
        Some("1993-04-23"),
        &[("late May", "1993-05~", P)],
    );
    expect(
        "by the end of 1992",
        None,
        &[("by the end of 1992", "../1992-12~", H)],
    );
    expect(
        "the first half of 1993",
        None,
        &[("the first half of 1993", "1993-01/1993-06", H)],
    );
}

#[test]
fn eras() {
    expect("in 44 BC", None, &[("44 BC", "-0043", H)]);
    expect("in AD 14", None, &[("AD 14", "0014", H)]);
    expect("c. 3300 BC", None, &[("c. 3300 BC", "-3299~", H)]);
    expect("by 500 BCE", None, &[("by 500 BCE", "../-0499", H)]);
    expect("in 44 B.C. Caesar", None, &[("44 B.C.", "-0043", H)]);
    expect("about 10,000 BC", None, &[("about 10,000 BC", "-9999~", H)]);
    expect(
        "from 27 BC to AD 14",
        None,
        &[("from 27 BC to AD 14", "-0026/0014", H)],
    );
    expect("(264–146 BC)", None, &[("264–146 BC", "-0263/-0145", H)]);
    expect(
        "In AD 410 Rome fell; in 476 the West ended.",
        None,
        &[("AD 410", "0410", H), ("476", "0476", H)],
    );
}

#[test]
fn ranges() {
    expect("(1939–1945)", None, &[("1939–1945", "1939/1945", H)]);
    expect("in 1939-45", None, &[("1939-45", "1939/1945", H)]);
    expect(
        "from 1826 to 1831",
        None,
        &[("from 1826 to 1831", "1826/1831", H)],
    );
    expect(
        "between 1826 and 1831",
        None,
        &[("between 1826 and 1831", "1826/1831", H)],
    );
    expect(
        "between May and June 1993",
        None,
        &[("between May and June 1993", "1993-05/1993-06", H)],
    );
    expect(
        "April 3-4, 1993",
        None,
        &[("April 3-4, 1993", "1993-04-03/1993-04-04", H)],
    );
    expect(
        "on 3–4 April 1993",
        None,
        &[("3–4 April 1993", "1993-04-03/1993-04-04", H)],
    );
    expect(
        "from 3 April to 4 May 1993",
        None,
        &[("from 3 April to 4 May 1993", "1993-04-03/1993-05-04", H)],
    );
    expect(
        "May–June 1993",
        None,
        &[("May–June 1993", "1993-05/1993-06", H)],
    );
    expect("in 1990-91", None, &[("1990-91", "1990/1991", H)]);
}

#[test]
fn relative_to_the_document_date() {
    let doc = Some("1993-04-23");
    expect(
        "a collision last month.",
        doc,
        &[("last month", "1993-03", H)],
    );
    expect("He left yesterday.", doc, &[("yesterday", "1993-04-22", H)]);
    expect("Signed today.", doc, &[("today", "1993-04-23", H)]);
    expect("They meet tomorrow.", doc, &[("tomorrow", "1993-04-24", P)]);
    expect("Growth this year.", doc, &[("this year", "1993", H)]);
    expect(
        "It will be held next week.",
        doc,
        &[("next week", "1993-04-26/1993-05-02", P)],
    );
    expect(
        "Five years ago it began.",
        doc,
        &[("Five years ago", "1988", H)],
    );
    expect(
        "November 19, 1863\n\nFour score and seven years ago our fathers brought forth a new nation.",
        None,
        &[
            ("November 19, 1863", "1863-11-19", H),
            ("Four score and seven years ago", "1776", H),
        ],
    );
    expect(
        "It expects to start within the next two months.",
        doc,
        &[("within the next two months", "1993-04-23/1993-06-23", P)],
    );
    expect(
        "Output fell in the last two decades.",
        doc,
        &[("in the last two decades", "1973~/1993-04-23", H)],
    );
    expect(
        "recently negotiated",
        doc,
        &[("recently", "../1993-04-23", H)],
    );
    expect(
        "in recent years",
        doc,
        &[("in recent years", "../1993-04-23", H)],
    );
    expect("He will visit in May.", doc, &[("May", "1993-05", P)]);
    expect("He will visit in March.", doc, &[("March", "1994-03", P)]);
    expect("They met last May.", doc, &[("last May", "1992-05", H)]);
    expect(
        "earlier this year",
        doc,
        &[("earlier this year", "1993-01/1993-04-23", H)],
    );
    expect(
        "later this year",
        doc,
        &[("later this year", "1993-04-23/1993-12", P)],
    );
    expect(
        "on Monday",
        Some("2023-01-31"),
        &[("Monday", "2023-01-30", H)],
    );
    expect(
        "will meet on Friday",
        Some("2023-01-31"),
        &[("Friday", "2023-02-03", P)],
    );
}

#[test]
fn relative_to_the_last_date_mentioned() {
    expect(
        "It began in 1945. The following year it ended.",
        None,
        &[("1945", "1945", H), ("The following year", "1946", H)],
    );
    expect(
        "It began in May 1862. Two years later it ended.",
        None,
        &[("May 1862", "1862-05", H), ("Two years later", "1864", H)],
    );
    expect(
        "It began on 2 May 1862. On the 5th it ended.",
        None,
        &[
            ("2 May 1862", "1862-05-02", H),
            ("the 5th", "1862-05-05", H),
        ],
    );
    expect(
        "It began on 2 May 1862. The next day it ended.",
        None,
        &[
            ("2 May 1862", "1862-05-02", H),
            ("The next day", "1862-05-03", H),
        ],
    );
    expect(
        "In 1862 it began. In May it ended.",
        None,
        &[("1862", "1862", H), ("May", "1862-05", H)],
    );
    expect(
        "Washington crossed on December 25, 1776. On January 3 he won at Princeton.",
        None,
        &[
            ("December 25, 1776", "1776-12-25", H),
            ("January 3", "1777-01-03", H),
        ],
    );
    expect(
        "The revolt began in July 1848; in February its leaders had met in secret.",
        None,
        &[("July 1848", "1848-07", H), ("February", "1848-02", H)],
    );
    expect(
        "The truce came at Christmas 1914. The Rising began on Easter Monday 1916; Easter 1916 \
         was a Sunday. Good Friday 2024 and New Year's Eve of 1999 are days too.",
        None,
        &[
            ("Christmas 1914", "1914-12-25", H),
            ("Easter Monday 1916", "1916-04-24", H),
            ("Easter 1916", "1916-04-23", H),
            ("Good Friday 2024", "2024-03-29", H),
            ("New Year's Eve of 1999", "1999-12-31", H),
        ],
    );
    expect(
        "It began in 146 BC, the same year that Corinth fell.",
        None,
        &[("146 BC", "-0145", H), ("the same year", "-0145", H)],
    );
}

#[test]
fn unresolvable_expressions_say_why() {
    let proposals = suggest("It happened last month and recently.", &options(None));
    assert_eq!(proposals.len(), 2);
    for p in &proposals {
        assert!(p.date.is_none());
        let reason = p.unresolved.as_deref().expect("reason");
        assert!(reason.contains("document's date"), "{reason}");
    }
    let proposals = suggest("The following year it ended.", &options(None));
    assert!(
        proposals[0]
            .unresolved
            .as_deref()
            .expect("reason")
            .contains("earlier date")
    );
    let proposals = suggest("It was signed on February 30, 1993.", &options(None));
    assert!(
        proposals[0]
            .unresolved
            .as_deref()
            .expect("reason")
            .contains("no day 30")
    );
}

#[test]
fn us_numeric_dates_and_two_digit_years() {
    expect(
        "Declassified/Released on 11/1/95",
        Some("1989-09-22"),
        &[("11/1/95", "1995-11-01", H)],
    );
    expect("Invoice of 8/14/89.", None, &[("8/14/89", "1989-08-14", H)]);
    expect("Invoice of 14/8/89.", None, &[("14/8/89", "1989-08-14", H)]);
    expect(
        "Invoice of 9/22/1989.",
        None,
        &[("9/22/1989", "1989-09-22", H)],
    );
    expect("Stamp 1/2/05 here", None, &[("1/2/05", "2005-01-02", H)]);
    let p = &suggest("Released on 11/1/95", &options(Some("1989-09-22")))[0];
    let note = p.date_note.as_deref().expect("note");
    assert!(
        note.contains("U.S. month/day/year") && note.contains("1995"),
        "{note}"
    );
    // Fractions and scores are not dates.
    assert_eq!(run("a 1/2 share and a 3/4 majority", None), Vec::new());
}

#[test]
fn plans_and_expectations() {
    let doc = Some("1993-04-23");
    expect(
        "The summit will be held in 1993.",
        doc,
        &[("1993", "1993", P)],
    );
    expect("The summit was held in 1993.", doc, &[("1993", "1993", H)]);
    expect("It is scheduled for 1995.", doc, &[("1995", "1995", P)]);
    expect("It is to open in 1995.", None, &[("1995", "1995", P)]);
    expect(
        "The council plans to vote in 1995.",
        None,
        &[("1995", "1995", P)],
    );
    expect("We shall meet in 1995.", None, &[("1995", "1995", P)]);
    expect(
        "the 1991 conference",
        Some("1989-09-22"),
        &[("1991", "1991", P)],
    );
    expect(
        "a $2 billion plan to finish in 1990",
        None,
        &[("1990", "1990", H)],
    );
}

#[test]
fn documents_date_themselves() {
    let text = "For Immediate Release April 23, 1993\n\nThe collision happened last month.";
    let got = run(text, None);
    assert_eq!(got[1], ("last month".to_owned(), "1993-03".to_owned(), H));
    let doc: Option<DatePoint> = sourceline::suggest::document_date(text).map(|d| d.date);
    assert_eq!(doc.map(|d| d.to_edtf()), Some("1993-04-23".to_owned()));
    assert_eq!(Status::default(), Status::Happened);
}
