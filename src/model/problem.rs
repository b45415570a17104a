//! Problems found while loading a timeline file: where they are and what is wrong.

use std::fmt;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The timeline still loads (an unverified excerpt, an unknown field).
    Warning,

    /// The timeline cannot be shown until this is fixed.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct TextLocation {
    /// Line, from 1.
    pub line: u32,

    /// Column in characters, from 1.
    pub column: u32,
}

/// One problem, printed as `FILE:LINE:COL: error|warning: message`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,

    /// The file, as the user named it.
    pub file: String,

    /// Where in the file, when the file has a place for it.
    pub location: Option<TextLocation>,

    /// What is wrong, starting with the event or source it concerns (`event "x": …`).
    pub message: String,

    /// The JSON path of the value it concerns, when there is one (so an editor can show the
    /// problem next to its field).
    #[serde(skip)]
    pub path: Option<crate::model::JsonPath>,
}

impl Problem {
    /// True for errors (the timeline does not load).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(TextLocation { line, column }) => write!(
                f,
                "{}:{line}:{column}: {}: {}",
                self.file, self.severity, self.message
            ),
            None => write!(f, "{}: {}: {}", self.file, self.severity, self.message),
        }
    }
}

/// `1 event`, `3 events`.
pub fn count_noun(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", thousands(n))
    }
}

/// A count with its thousands separated, as people write them: `166,659`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod thousands_tests {
    #[test]
    fn thousands_are_separated() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(166_659), "166,659");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
        assert_eq!(super::count_noun(10_099, "warning"), "10,099 warnings");
    }
}

/// Counts of errors and warnings, with the one-line summary `check` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProblemCounts {
    /// Number of errors.
    pub errors: usize,

    /// Number of warnings.
    pub warnings: usize,
}

impl ProblemCounts {
    /// Counts the problems in a list.
    pub fn of(problems: &[Problem]) -> Self {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        Self {
            errors,
            warnings: problems.len() - errors,
        }
    }

    /// Nothing reported at all.
    pub fn is_clean(&self) -> bool {
        self.errors == 0 && self.warnings == 0
    }
}

impl fmt::Display for ProblemCounts {
    /// `2 errors, 1 warning`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {}",
            count_noun(self.errors, "error"),
            count_noun(self.warnings, "warning")
        )
    }
}
