//! The regexes that an entry's `regex` patterns and guards run as: flags,
//! anchors, ASCII word boundaries and digits, and a Latin `\w` added to what
//! the lexicon says. The build script uses this file too (see `build.rs`), so it
//! depends on nothing but `std`.

/// A `regex` pattern as it runs: case-insensitive unless `case_sensitive`,
/// with ASCII word boundaries.
pub(crate) fn regex_source(regex: &str, case_sensitive: bool) -> String {
    let flags = if case_sensitive { "" } else { "(?i)" };
    format!("{flags}(?:{})", rewrite_escapes(regex))
}

/// A `requires` or `excludes` guard, run over the whole sentence.
pub(crate) fn guard_anywhere(regex: &str) -> String {
    format!("(?i)(?:{})", rewrite_escapes(regex))
}

/// An `unless_next` guard, anchored right after the evidence.
pub(crate) fn guard_next(regex: &str) -> String {
    format!("(?i)^(?:{})", rewrite_escapes(regex))
}

/// An `unless_prev` guard, anchored right before the evidence.
pub(crate) fn guard_prev(regex: &str) -> String {
    format!("(?i)(?:{})$", rewrite_escapes(regex))
}

/// The letters `\w` stands for in a lexicon regex: ASCII letters, digits
/// and `_`, and the Latin letters with diacritics (Latin-1, Extended-A and
/// -B, Extended Additional). Unicode's own `\w` made each regex 5 times
/// larger (135 KB instead of 26 KB for a typical idiom) and slower to
/// compile, for letters of other scripts that English news does not put
/// inside an idiom.
const WORD_CLASS: &str = r"0-9A-Za-z_\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}\x{1E00}-\x{1EFF}";

/// The letter and number properties that lexicon regexes use for "a
/// letter" around a word, and the code points they are cut to: Latin,
/// Greek, Cyrillic. `[^\p{L}]` over all of Unicode took 740 KB and 3 ms to
/// compile, per regex; cut, 56 KB and 0.2 ms. Scripts that need their own
/// rule say so by name (`\p{Han}`), and those are left as written.
const EUROPEAN_PROPERTIES: &[&str] = &["L", "Ll", "Lu", "N"];
const EUROPEAN_RANGE: &str = r"\x00-\x{52F}\x{1E00}-\x{1EFF}";

/// Reads the name after `\p`: `{Name}` or one letter.
fn property_name(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    match chars.next() {
        Some('{') => chars.by_ref().take_while(|&c| c != '}').collect(),
        Some(c) => c.to_string(),
        None => String::new(),
    }
}

fn name_as_written(name: &str) -> String {
    if name.chars().count() == 1 {
        name.to_string()
    } else {
        format!("{{{name}}}")
    }
}

/// Rewrites `\b` and `\B` as ASCII word boundaries, `\w` and `\W` as
/// [`WORD_CLASS`], `\d` and `\D` as ASCII digits, and cuts `\p{L}` and its
/// kin to [`EUROPEAN_RANGE`]. A Unicode word boundary stops the fast DFA
/// engine at the first non-ASCII byte (a curly quote is enough), which made
/// a single scan of a set of rules many times slower. Unicode's `\d` has
/// the digits of sixty scripts: a number-format rule took 126 KB instead of
/// 9 KB, for digits that no rule about English numbers is looking for.
pub(crate) fn rewrite_escapes(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    // Depth of character classes, and whether a `]` here is a literal (it
    // is right after `[` or `[^`).
    let mut depth = 0usize;
    let mut literal_bracket = false;
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut literal_bracket);
        match c {
            '[' => {
                depth += 1;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                literal_bracket = true;
                continue;
            }
            ']' if depth > 0 && !at_class_start => {
                depth -= 1;
                out.push(']');
                continue;
            }
            '\\' => {}
            _ => {
                out.push(c);
                continue;
            }
        }
        match chars.next() {
            Some('b') if chars.peek() != Some(&'{') && depth == 0 => out.push_str("(?-u:\\b)"),
            Some('B') if depth == 0 => out.push_str("(?-u:\\B)"),
            Some('w') if depth == 0 => {
                out.push('[');
                out.push_str(WORD_CLASS);
                out.push(']');
            }
            Some('w') => out.push_str(WORD_CLASS),
            Some('W') => {
                out.push_str("[^");
                out.push_str(WORD_CLASS);
                out.push(']');
            }
            Some('d') if depth == 0 => out.push_str("[0-9]"),
            Some('d') => out.push_str("0-9"),
            Some('D') => out.push_str("[^0-9]"),
            Some(p @ ('p' | 'P')) => {
                let name = property_name(&mut chars);
                if EUROPEAN_PROPERTIES.contains(&name.as_str()) {
                    let negate = if p == 'P' { "^" } else { "" };
                    out.push_str(&format!(r"[{negate}\p{{{name}}}&&[{EUROPEAN_RANGE}]]"));
                } else {
                    out.push('\\');
                    out.push(p);
                    out.push_str(&name_as_written(&name));
                }
            }
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
        assert_eq!(rewrite_escapes(r"\bx\B"), r"(?-u:\b)x(?-u:\B)");
        assert_eq!(rewrite_escapes(r"\\b\\d"), r"\\b\\d");
        assert_eq!(rewrite_escapes(r"\b{start}"), r"\b{start}");
    }

    #[test]
    fn word_classes_become_latin_inside_and_outside_brackets() {
        let w = format!("[{WORD_CLASS}]");
        assert_eq!(rewrite_escapes(r"\w+"), format!("{w}+"));
        assert_eq!(rewrite_escapes(r"[\w'-]"), format!("[{WORD_CLASS}'-]"));
        assert_eq!(rewrite_escapes(r"[^\W]"), format!("[^[^{WORD_CLASS}]]"));
        assert_eq!(rewrite_escapes(r"[]\w]"), format!("[]{WORD_CLASS}]"));
        assert_eq!(rewrite_escapes(r"\[\w\]"), format!("\\[{w}\\]"));
        let letters = regex::Regex::new(&rewrite_escapes(r"^[^\P{L}]\p{L}+\PN$")).unwrap();
        assert!(letters.is_match("Ελλάδαx"));
        assert!(!letters.is_match("北京市x"));
        assert!(!letters.is_match("Paris5"));
        assert_eq!(
            rewrite_escapes(r"\p{Han}\pN"),
            r"\p{Han}[\pN&&[\x00-\x{52F}\x{1E00}-\x{1EFF}]]".replace(r"\pN", r"\p{N}")
        );
        let re = regex::Regex::new(&rewrite_escapes(r"^\w+$")).unwrap();
        assert!(re.is_match("Élysée_2"));
        assert!(!re.is_match("Кремль"));
    }

    #[test]
    fn digits_become_ascii_inside_and_outside_brackets() {
        assert_eq!(rewrite_escapes(r"\d+[\d.,]\D"), r"[0-9]+[0-9.,][^0-9]");
        assert_eq!(rewrite_escapes(r"[^\D]"), r"[^[^0-9]]");
        let re = regex::Regex::new(&rewrite_escapes(r"^\d+$")).unwrap();
        assert!(re.is_match("2024"));
        assert!(!re.is_match("٢٠٢٤"));
    }

    #[test]
    fn flags_and_anchors() {
        assert_eq!(regex_source("a", false), "(?i)(?:a)");
        assert_eq!(regex_source("a", true), "(?:a)");
        assert_eq!(guard_next("b"), "(?i)^(?:b)");
        assert_eq!(guard_prev("b"), "(?i)(?:b)$");
    }
}
