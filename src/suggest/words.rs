//! The English vocabulary the finder knows: month and weekday names, number and ordinal words,
//! time units, seasons, eras, and the small word lists that decide whether a number is a year.
//!
//! Everything here is a pure lookup on one word; matching is ASCII case-insensitive unless a
//! function says otherwise.

use chrono::Weekday;

/// Month number and whether `word` is an abbreviation (`Sept`, `Jan`).
///
/// Full names must be capitalised (`May`, `MAY`), so that the verb "may" and the noun "march" are
/// not months; abbreviations likewise.
pub(crate) fn month(word: &str) -> Option<(u32, bool)> {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const SHORT: [(&str, u32); 13] = [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
        ("febr", 2),
    ];
    if let Some(index) = FULL.iter().position(|m| m.eq_ignore_ascii_case(word)) {
        return Some((index as u32 + 1, false));
    }
    SHORT
        .iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(word))
        .map(|&(_, n)| (n, true))
}

/// A weekday name (`Monday`, capitalised).
pub(crate) fn weekday(word: &str) -> Option<Weekday> {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    DAYS.iter()
        .find(|(d, _)| d.eq_ignore_ascii_case(word))
        .map(|&(_, d)| d)
}

/// English name of a weekday.
pub(crate) fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

const UNITS_WORDS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const TENS_WORDS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

const ORDINAL_WORDS: [&str; 20] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

const TENS_ORDINALS: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];

/// A cardinal number word below twenty (`one` … `nineteen`).
pub(crate) fn small_cardinal(word: &str) -> Option<u32> {
    UNITS_WORDS
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .map(|n| n as u32)
}

/// A tens word (`twenty` … `ninety`).
pub(crate) fn tens_cardinal(word: &str) -> Option<u32> {
    TENS_WORDS
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .map(|n| (n as u32 + 2) * 10)
}

/// An ordinal word below twenty (`first` … `nineteenth`).
pub(crate) fn small_ordinal(word: &str) -> Option<u32> {
    ORDINAL_WORDS
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .map(|n| n as u32)
}

/// A tens ordinal (`twentieth` … `ninetieth`).
pub(crate) fn tens_ordinal(word: &str) -> Option<u32> {
    TENS_ORDINALS
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .map(|n| (n as u32 + 2) * 10)
}

/// True when `suffix` is the right ordinal ending for `n` (`1st`, `22nd`, `3rd`, `11th`; also
/// the older `2d`, `3d`).
pub(crate) fn ordinal_suffix_fits(n: u32, suffix: &str) -> bool {
    let suffix = suffix.to_ascii_lowercase();
    let expected = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    suffix == expected || (suffix == "d" && matches!(expected, "nd" | "rd"))
}

/// A unit of time, as in "two years ago" or "last month".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A day.
    Day,
    /// Seven days.
    Week,
    /// A calendar month.
    Month,
    /// A year.
    Year,
    /// Ten years.
    Decade,
    /// A hundred years.
    Century,
}

impl Unit {
    /// The unit's name, singular or plural.
    pub(crate) fn name(self, count: i64) -> &'static str {
        let plural = count.abs() != 1;
        match (self, plural) {
            (Self::Day, false) => "day",
            (Self::Day, true) => "days",
            (Self::Week, false) => "week",
            (Self::Week, true) => "weeks",
            (Self::Month, false) => "month",
            (Self::Month, true) => "months",
            (Self::Year, false) => "year",
            (Self::Year, true) => "years",
            (Self::Decade, false) => "decade",
            (Self::Decade, true) => "decades",
            (Self::Century, false) => "century",
            (Self::Century, true) => "centuries",
        }
    }
}

/// A time unit word, with how many units it stands for (`fortnight` = 2 weeks) and whether it is
/// plural.
pub(crate) fn unit(word: &str) -> Option<(Unit, u32, bool)> {
    const UNITS: [(&str, Unit, u32, bool); 14] = [
        ("day", Unit::Day, 1, false),
        ("days", Unit::Day, 1, true),
        ("week", Unit::Week, 1, false),
        ("weeks", Unit::Week, 1, true),
        ("fortnight", Unit::Week, 2, false),
        ("fortnights", Unit::Week, 2, true),
        ("month", Unit::Month, 1, false),
        ("months", Unit::Month, 1, true),
        ("year", Unit::Year, 1, false),
        ("years", Unit::Year, 1, true),
        ("decade", Unit::Decade, 1, false),
        ("decades", Unit::Decade, 1, true),
        ("century", Unit::Century, 1, false),
        ("centuries", Unit::Century, 1, true),
    ];
    UNITS
        .iter()
        .find(|(w, ..)| w.eq_ignore_ascii_case(word))
        .map(|&(_, u, n, plural)| (u, n, plural))
}

/// A season of the (northern-hemisphere) year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Season {
    /// March–May.
    Spring,
    /// June–August.
    Summer,
    /// September–November.
    Autumn,
    /// December–February.
    Winter,
}

impl Season {
    /// First and last month (the last may be in the next year: winter is 12–2).
    pub(crate) fn months(self) -> (u32, u32) {
        match self {
            Self::Spring => (3, 5),
            Self::Summer => (6, 8),
            Self::Autumn => (9, 11),
            Self::Winter => (12, 2),
        }
    }

    /// The season's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Spring => "spring",
            Self::Summer => "summer",
            Self::Autumn => "autumn",
            Self::Winter => "winter",
        }
    }
}

/// A season word and whether it is the ambiguous `fall` (which needs a year to be a season).
pub(crate) fn season(word: &str) -> Option<(Season, bool)> {
    let lower = word.to_ascii_lowercase();
    match lower.as_str() {
        "spring" => Some((Season::Spring, false)),
        "summer" => Some((Season::Summer, false)),
        "autumn" => Some((Season::Autumn, false)),
        "fall" => Some((Season::Autumn, true)),
        "winter" => Some((Season::Winter, false)),
        _ => None,
    }
}

/// True when `word` is one of `list` (ASCII case-insensitive).
pub(crate) fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Words before "of" that make "of 1500" a quantity, not a year.
pub(crate) const QUANTITY_BEFORE_OF: &[&str] = &[
    "total",
    "number",
    "sum",
    "figure",
    "population",
    "count",
    "group",
    "force",
    "army",
    "crowd",
    "estimate",
    "average",
    "maximum",
    "minimum",
    "one",
    "some",
    "all",
    "any",
    "most",
    "many",
    "none",
    "each",
    "out",
    "budget",
    "cost",
    "price",
    "fine",
    "payment",
    "loss",
    "profit",
    "debt",
    "strength",
    "fleet",
    "garrison",
    "crew",
    "staff",
    "capacity",
    "score",
    "height",
    "depth",
    "length",
    "distance",
    "altitude",
    "range",
    "speed",
    "weight",
];

/// Nouns that make the number before them a quantity ("1500 soldiers", "1000 years").
pub(crate) const QUANTITY_NOUNS: &[&str] = &[
    "people",
    "persons",
    "men",
    "women",
    "children",
    "soldiers",
    "troops",
    "sailors",
    "marines",
    "officers",
    "workers",
    "civilians",
    "refugees",
    "prisoners",
    "casualties",
    "deaths",
    "dead",
    "killed",
    "wounded",
    "votes",
    "voters",
    "members",
    "delegates",
    "students",
    "pupils",
    "inhabitants",
    "residents",
    "households",
    "families",
    "missiles",
    "warheads",
    "bombs",
    "tanks",
    "guns",
    "rifles",
    "aircraft",
    "planes",
    "ships",
    "vessels",
    "boats",
    "submarines",
    "vehicles",
    "cars",
    "trucks",
    "horses",
    "cattle",
    "sheep",
    "head",
    "dollars",
    "pounds",
    "euros",
    "francs",
    "marks",
    "rubles",
    "roubles",
    "yen",
    "shillings",
    "pence",
    "cents",
    "tons",
    "tonnes",
    "kilograms",
    "kg",
    "grams",
    "miles",
    "kilometers",
    "kilometres",
    "km",
    "meters",
    "metres",
    "m",
    "feet",
    "ft",
    "foot",
    "yards",
    "inches",
    "acres",
    "hectares",
    "square",
    "copies",
    "units",
    "pages",
    "words",
    "items",
    "points",
    "percent",
    "per",
    "times",
    "years",
    "months",
    "days",
    "weeks",
    "hours",
    "minutes",
    "seconds",
    "decades",
    "centuries",
    "million",
    "billion",
    "thousand",
    "hundred",
    "calories",
    "barrels",
    "gallons",
    "litres",
    "liters",
    "degrees",
    "bushels",
    "seats",
    "cases",
    "patients",
    "jobs",
    "homes",
    "houses",
    "buildings",
    "villages",
    "towns",
    "strong",
    "odd",
    "more",
    "less",
    "fewer",
    "or",
];

/// Words before a number that make it a page, item or identifier number, not a year.
pub(crate) const NUMBER_LABELS: &[&str] = &[
    "page",
    "pages",
    "p",
    "pp",
    "no",
    "nos",
    "number",
    "vol",
    "volume",
    "chapter",
    "ch",
    "section",
    "sec",
    "article",
    "art",
    "paragraph",
    "para",
    "item",
    "room",
    "flight",
    "route",
    "highway",
    "order",
    "directive",
    "resolution",
    "law",
    "act",
    "bill",
    "code",
    "box",
    "file",
    "folder",
    "case",
    "docket",
    "serial",
    "model",
    "version",
    "line",
    "lines",
    "verse",
    "verses",
    "figure",
    "fig",
    "table",
    "plate",
    "ref",
    "reference",
    "id",
    "isbn",
    "issn",
    "tel",
    "phone",
    "fax",
    "ext",
    "extension",
    "suite",
    "apt",
    "unit",
    "building",
    "exit",
    "gate",
    "platform",
];

/// Words that say that what follows is planned or expected.
pub(crate) const PLAN_VERBS: &[&str] = &[
    "will",
    "shall",
    "scheduled",
    "upcoming",
    "forthcoming",
    "slated",
];

/// Verbs that say "planned" when followed by "to" ("expects to", "plans to").
pub(crate) const PLAN_VERBS_TO: &[&str] = &[
    "expect",
    "expects",
    "expected",
    "expecting",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "intending",
    "aim",
    "aims",
    "hope",
    "hopes",
    "set",
    "due",
    "going",
    "prepared",
    "ready",
    "forward",
];

/// Past participles that, just before a later date, mark an annotation of something that was
/// done ("Declassified/Released on 11/1/95"), besides any word ending in "-ed".
pub(crate) const IRREGULAR_PARTICIPLES: &[&str] = &[
    "held", "made", "built", "sent", "written", "taken", "given", "begun", "won", "lost", "met",
    "paid", "sold", "told", "brought", "fought", "found", "said", "seen", "known", "shown", "done",
    "gone", "read", "signed", "dated",
];

/// "-ed" words that announce plans rather than report what was done.
pub(crate) const PLAN_PARTICIPLES: &[&str] = &[
    "scheduled",
    "planned",
    "expected",
    "intended",
    "proposed",
    "slated",
    "anticipated",
    "projected",
    "forecasted",
    "predicted",
    "needed",
    "required",
    "targeted",
    "destined",
];

/// Words that usually begin a sentence; a dotted initialism such as "U.S." before one of them
/// ends the sentence.
pub(crate) const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "in",
    "on",
    "at",
    "but",
    "and",
    "however",
    "a",
    "an",
    "its",
    "his",
    "her",
    "our",
    "their",
    "there",
    "since",
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "for",
    "yet",
    "so",
    "then",
    "thus",
    "meanwhile",
    "moreover",
    "also",
];

/// Abbreviations whose period never ends a sentence.
pub(crate) const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "capt", "sgt", "cmdr",
    "adm", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "messrs", "mt", "ft", "maj", "cpl",
    "pvt", "supt", "insp", "det", "fr", "sec", "secy", "atty", "vs", "cf", "ca", "approx", "al",
    "viz", "dept", "univ", "assn", "bros", "inc", "corp", "ltd", "co", "est", "ed", "eds", "trans",
    "ave", "blvd", "rd",
];

/// Abbreviations whose period does not end a sentence when a number follows ("No. 5",
/// "Sept. 22").
pub(crate) const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "vol", "vols", "pp", "p", "ch", "fig", "art", "sec", "para", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "c", "b", "d", "r",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_need_a_capital() {
        assert_eq!(month("May"), Some((5, false)));
        assert_eq!(month("may"), None);
        assert_eq!(month("SEPTEMBER"), Some((9, false)));
        assert_eq!(month("Sept"), Some((9, true)));
        assert_eq!(month("march"), None);
        assert_eq!(month("Mayor"), None);
    }

    #[test]
    fn ordinals() {
        assert!(ordinal_suffix_fits(1, "st"));
        assert!(ordinal_suffix_fits(22, "nd"));
        assert!(ordinal_suffix_fits(22, "d"));
        assert!(ordinal_suffix_fits(11, "th"));
        assert!(ordinal_suffix_fits(31, "st"));
        assert!(!ordinal_suffix_fits(31, "th"));
        assert_eq!(small_ordinal("Nineteenth"), Some(19));
        assert_eq!(tens_ordinal("twentieth"), Some(20));
        assert_eq!(tens_cardinal("forty"), Some(40));
        assert_eq!(small_cardinal("two"), Some(2));
    }

    #[test]
    fn units_and_seasons() {
        assert_eq!(unit("Decades"), Some((Unit::Decade, 1, true)));
        assert_eq!(unit("fortnight"), Some((Unit::Week, 2, false)));
        assert_eq!(season("Fall"), Some((Season::Autumn, true)));
        assert_eq!(Season::Winter.months(), (12, 2));
    }
}
