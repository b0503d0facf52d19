//! The regexes that an entry's `regex` patterns and guards run as: flags,
//! anchors and ASCII word boundaries added to what the lexicon says. The
//! build script uses this file too (see `build.rs`), so it depends on
//! nothing but `std`.

/// A `regex` pattern as it runs: case-insensitive unless `case_sensitive`,
/// with ASCII word boundaries.
pub(crate) fn regex_source(regex: &str, case_sensitive: bool) -> String {
    let flags = if case_sensitive { "" } else { "(?i)" };
    format!("{flags}(?:{})", ascii_word_boundaries(regex))
}

/// A `requires` or `excludes` guard, run over the whole sentence.
pub(crate) fn guard_anywhere(regex: &str) -> String {
    format!("(?i)(?:{})", ascii_word_boundaries(regex))
}

/// An `unless_next` guard, anchored right after the evidence.
pub(crate) fn guard_next(regex: &str) -> String {
    format!("(?i)^(?:{})", ascii_word_boundaries(regex))
}

/// An `unless_prev` guard, anchored right before the evidence.
pub(crate) fn guard_prev(regex: &str) -> String {
    format!("(?i)(?:{})$", ascii_word_boundaries(regex))
}

/// Rewrites `\b` and `\B` as ASCII word boundaries. A Unicode word boundary
/// stops the fast DFA engine at the first non-ASCII byte (a curly quote is
/// enough), which made a single scan of a set of rules many times slower.
pub(crate) fn ascii_word_boundaries(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') if chars.peek() != Some(&'{') => out.push_str("(?-u:\\b)"),
            Some('B') => out.push_str("(?-u:\\B)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii_but_escapes_survive() {
        assert_eq!(ascii_word_boundaries(r"\bx\B"), r"(?-u:\b)x(?-u:\B)");
        assert_eq!(ascii_word_boundaries(r"\\b\d"), r"\\b\d");
        assert_eq!(ascii_word_boundaries(r"\b{start}"), r"\b{start}");
    }

    #[test]
    fn flags_and_anchors() {
        assert_eq!(regex_source("a", false), "(?i)(?:a)");
        assert_eq!(regex_source("a", true), "(?:a)");
        assert_eq!(guard_next("b"), "(?i)^(?:b)");
        assert_eq!(guard_prev("b"), "(?i)(?:b)$");
    }
}
