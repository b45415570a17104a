//! Ids made from titles: lowercase letters, digits and `-`, as the format asks, unique among
//! those already used.

use unicode_normalization::UnicodeNormalization as _;

/// The longest id made from a title, in characters.
const MAX_SLUG_CHARS: usize = 48;

/// An id made from `text` (`"Bush and Yeltsin at Camp David"` → `bush-and-yeltsin-at-camp-david`),
/// else `fallback` when nothing usable is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.nfd().filter(|c| c.is_ascii() || c.is_alphanumeric()) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
            if out.len() >= MAX_SLUG_CHARS {
                break;
            }
        } else if c.is_ascii() {
            dash = true;
        }
    }
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out
    }
}

/// `base`, or `base-2`, `base-3`… the first that `taken` says is free.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..=u32::MAX)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_digits_and_fold_accents() {
        assert_eq!(
            slug("Bush and Yeltsin meet at Camp David", "event"),
            "bush-and-yeltsin-meet-at-camp-david"
        );
        assert_eq!(slug("Élysée Treaty (1963)!", "event"), "elysee-treaty-1963");
        assert_eq!(slug("  — ", "event"), "event");
        assert_eq!(slug("東京", "source"), "source");
        assert!(slug(&"word ".repeat(40), "e").len() <= MAX_SLUG_CHARS);
    }

    #[test]
    fn unique_ids_count_up_from_two() {
        let used = ["a", "a-2"];
        assert_eq!(unique_id("a", |id| used.contains(&id)), "a-3");
        assert_eq!(unique_id("b", |id| used.contains(&id)), "b");
    }
}
