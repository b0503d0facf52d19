//! The literals that every match of a regex contains, worked out from its
//! syntax tree: the prefilter's requirement for regex rules. The build
//! script runs this too, for the embedded lexicons (see `build.rs`), so it
//! depends on `regex_syntax` alone.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The most literals a rule may contribute; beyond this it always runs.
const MAX_LITERALS: usize = 64;
/// The most alternatives a class may have and still count as literals.
const MAX_CLASS: usize = 16;

/// Words so frequent in English that a literal set holding one of them
/// names nearly every sentence: another part of the pattern is preferred.
pub(crate) const COMMON: &[&[u8]] = &[
    b"a", b"an", b"and", b"are", b"as", b"at", b"be", b"by", b"for", b"from", b"had", b"has",
    b"have", b"he", b"her", b"his", b"in", b"is", b"it", b"its", b"of", b"on", b"or", b"said",
    b"she", b"that", b"the", b"their", b"this", b"to", b"was", b"were", b"which", b"with",
];

/// What every match of a regex contains; `None` when nothing useful is
/// known.
pub(crate) type RequiredLiterals = Option<Required>;

/// What every match of a regex contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Required {
    /// One of these ASCII words (lower-cased), standing whole: the cheapest
    /// test, a lookup in the document's word index.
    Words(Vec<String>),
    /// One of these byte strings, lower-cased for ASCII.
    Literals(Vec<Vec<u8>>),
}

/// The [`RequiredLiterals`] of `hir`: whole words when some part of every
/// match is one of a few words between word boundaries, else literals.
pub(crate) fn required_literals(hir: &Hir) -> RequiredLiterals {
    if let Some(words) = required_words(hir, false, false) {
        return Some(Required::Words(words));
    }
    let set = match literals(hir) {
        Lits::Exact(set) | Lits::Inexact(set) => set,
        Lits::Unknown => return None,
    };
    (!set.is_empty() && set.len() <= MAX_LITERALS && set.iter().all(|l| !l.is_empty()))
        .then_some(Required::Literals(set))
}

/// The literal phrases a regex is equivalent to, when it is no more than a
/// word boundary, one of at most [`MAX_LITERALS`] exact strings that start
/// and end with a letter or digit, and a word boundary: `\bphysical
/// persons?\b` is "physical person" or "physical persons". Such a regex
/// runs as phrases (see `super::pattern`), which costs nothing to compile.
/// The strings are lower-cased, so this is only for case-insensitive
/// regexes.
pub(crate) fn exact_phrases(hir: &Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::Look;
    if hir.properties().explicit_captures_len() > 0 {
        return None;
    }
    let HirKind::Concat(subs) = hir.kind() else {
        return None;
    };
    let boundary = |h: &Hir| matches!(h.kind(), HirKind::Look(Look::WordAscii | Look::WordUnicode));
    let (first, rest) = subs.split_first()?;
    let (last, middle) = rest.split_last()?;
    if !boundary(first) || !boundary(last) || middle.is_empty() {
        return None;
    }
    let middle = Hir::concat(middle.to_vec());
    if !middle.properties().look_set().is_empty() {
        return None;
    }
    let Lits::Exact(set) = literals(&middle) else {
        return None;
    };
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let phrases: Option<Vec<String>> = set.into_iter().map(|l| String::from_utf8(l).ok()).collect();
    let phrases = phrases?;
    let fits = !phrases.is_empty()
        && phrases.len() <= MAX_LITERALS
        && phrases.iter().all(|p| {
            is_word(p.chars().next()) && is_word(p.chars().last()) && !p.contains(['\n', '\t'])
        });
    fits.then_some(phrases)
}

/// Whether `first` and `second`, two words of `literal` in this order, are
/// separated by exactly one space.
fn literal_gap_is_space(literal: &[u8], first: &[u8], second: &[u8]) -> bool {
    let start = first.as_ptr() as usize - literal.as_ptr() as usize + first.len();
    let end = second.as_ptr() as usize - literal.as_ptr() as usize;
    &literal[start..end] == b" "
}

/// Words one of which stands whole in every match of `hir`, none of them a
/// [`COMMON`] word. `left` and `right` say whether what surrounds `hir`
/// guarantees a word boundary on that side.
fn required_words(hir: &Hir, left: bool, right: bool) -> Option<Vec<String>> {
    // Each exact literal gives one word that stands whole in it, or two
    // that follow each other ("physical person"): a pair is as selective as
    // the literal, where one word of it ("physical" alone) ran the regex on
    // 15% more sentences. A pair is written with a space between.
    let words_of = |set: &[Vec<u8>], left: bool, right: bool| -> Option<Vec<String>> {
        let mut keys = Vec::new();
        for literal in set {
            if !literal.is_ascii() {
                return None;
            }
            let words: Vec<&[u8]> = literal
                .split(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .collect();
            let last = words.len() - 1;
            let bounded = |k: usize| !words[k].is_empty() && (k > 0 || left) && (k < last || right);
            let text = |w: &[u8]| String::from_utf8_lossy(w).into_owned();
            let common = |w: &[u8]| COMMON.contains(&w);
            let single = (0..words.len())
                .filter(|&k| bounded(k) && !common(words[k]))
                .max_by_key(|&k| words[k].len())
                .map(|k| (words[k].len() + 4, text(words[k])));
            // Two words separated by one space only, so that the document's
            // consecutive words are the same two.
            let pair = (0..last)
                .filter(|&k| {
                    bounded(k)
                        && bounded(k + 1)
                        && !(common(words[k]) && common(words[k + 1]))
                        && literal_gap_is_space(literal, words[k], words[k + 1])
                })
                .max_by_key(|&k| words[k].len() + words[k + 1].len())
                .map(|k| {
                    let score = words[k].len() + words[k + 1].len() + 1;
                    (score, format!("{} {}", text(words[k]), text(words[k + 1])))
                });
            let (_, key) = [single, pair]
                .into_iter()
                .flatten()
                .max_by_key(|(score, _)| *score)?;
            keys.push(key);
        }
        keys.sort();
        keys.dedup();
        (!keys.is_empty() && keys.len() <= MAX_LITERALS).then_some(keys)
    };
    match hir.kind() {
        HirKind::Capture(cap) => required_words(&cap.sub, left, right),
        HirKind::Repetition(rep) if rep.min >= 1 && rep.max == Some(1) => {
            required_words(&rep.sub, left, right)
        }
        HirKind::Alternation(subs) => {
            let mut union = Vec::new();
            for sub in subs {
                union.extend(required_words(sub, left, right)?);
            }
            union.sort();
            union.dedup();
            (union.len() <= MAX_LITERALS).then_some(union)
        }
        HirKind::Concat(subs) => {
            // Runs of parts whose matches are exact (a word in `(?i)` is a
            // run of one-letter classes) are multiplied out; assertions
            // break runs and bound them.
            let mut candidates: Vec<Vec<String>> = Vec::new();
            let mut i = 0;
            while i < subs.len() {
                if matches!(subs[i].kind(), HirKind::Look(_)) {
                    i += 1;
                    continue;
                }
                let mut run: Vec<Vec<u8>> = vec![Vec::new()];
                let mut j = i;
                while j < subs.len() && !matches!(subs[j].kind(), HirKind::Look(_)) {
                    match literals(&subs[j]) {
                        Lits::Exact(set) if run.len() * set.len() <= MAX_LITERALS => {
                            run = run
                                .iter()
                                .flat_map(|a| set.iter().map(move |b| [a.as_slice(), b].concat()))
                                .collect();
                            j += 1;
                        }
                        _ => break,
                    }
                }
                let bounded_left = if i == 0 {
                    left
                } else {
                    ends_off_word(&subs[i - 1])
                };
                if j > i {
                    let bounded_right = match subs.get(j) {
                        Some(next) => starts_off_word(next),
                        None => right,
                    };
                    let whole = words_of(&run, bounded_left, bounded_right);
                    match whole {
                        Some(words) => candidates.push(words),
                        // One part, such as a group: its own assertions
                        // may bound a word inside it.
                        None if j == i + 1 => {
                            candidates.extend(required_words(&subs[i], bounded_left, bounded_right))
                        }
                        None => {}
                    }
                    i = j;
                } else {
                    let bounded_right = match subs.get(i + 1) {
                        Some(next) => starts_off_word(next),
                        None => right,
                    };
                    candidates.extend(required_words(&subs[i], bounded_left, bounded_right));
                    i += 1;
                }
            }
            let shortest = |w: &Vec<String>| w.iter().map(String::len).min().unwrap_or(0);
            candidates
                .into_iter()
                .max_by_key(|w| (shortest(w).min(8), std::cmp::Reverse(w.len())))
        }
        _ => match literals(hir) {
            Lits::Exact(set) => words_of(&set, left, right),
            _ => None,
        },
    }
}

/// Whether every match of `hir` ends with a character that is not part of
/// a word, or at a word boundary: a word right after it starts whole.
fn ends_off_word(hir: &Hir) -> bool {
    edge_off_word(hir, true)
}

/// Whether every match of `hir` starts off a word (see [`ends_off_word`]).
fn starts_off_word(hir: &Hir) -> bool {
    edge_off_word(hir, false)
}

fn edge_off_word(hir: &Hir, at_end: bool) -> bool {
    use regex_syntax::hir::Look;
    match hir.kind() {
        HirKind::Look(look) => matches!(
            look,
            Look::WordAscii
                | Look::WordUnicode
                | Look::WordStartAscii
                | Look::WordEndAscii
                | Look::WordStartUnicode
                | Look::WordEndUnicode
        ),
        HirKind::Literal(lit) => {
            let text = String::from_utf8_lossy(&lit.0);
            let edge = if at_end {
                text.chars().last()
            } else {
                text.chars().next()
            };
            edge.is_some_and(|c| !(c.is_alphanumeric() || c == '_'))
        }
        HirKind::Class(Class::Unicode(class)) => class.iter().all(|range| {
            (range.end() as u32 - range.start() as u32) < 4096
                && (range.start()..=range.end()).all(|c| !(c.is_alphanumeric() || c == '_'))
        }),
        HirKind::Class(Class::Bytes(class)) => class.iter().all(|range| {
            (range.start()..=range.end())
                .all(|b| b.is_ascii() && !(b.is_ascii_alphanumeric() || b == b'_'))
        }),
        HirKind::Capture(cap) => edge_off_word(&cap.sub, at_end),
        HirKind::Repetition(rep) => rep.min >= 1 && edge_off_word(&rep.sub, at_end),
        HirKind::Alternation(subs) => subs.iter().all(|s| edge_off_word(s, at_end)),
        HirKind::Concat(subs) => {
            let edge = if at_end { subs.last() } else { subs.first() };
            edge.is_some_and(|s| edge_off_word(s, at_end))
        }
        HirKind::Empty => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lits {
    /// Every match of the expression is exactly one of these.
    Exact(Vec<Vec<u8>>),
    /// Every match contains one of these.
    Inexact(Vec<Vec<u8>>),
    /// Nothing useful is known.
    Unknown,
}

fn literals(hir: &Hir) -> Lits {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Lits::Exact(vec![Vec::new()]),
        HirKind::Literal(lit) => Lits::Exact(vec![lit.0.to_ascii_lowercase()]),
        HirKind::Class(class) => class_literals(class).map_or(Lits::Unknown, Lits::Exact),
        HirKind::Capture(cap) => literals(&cap.sub),
        HirKind::Repetition(rep) => {
            if rep.min == 0 {
                // `x?`: the empty string or x, when x is exact.
                return match literals(&rep.sub) {
                    Lits::Exact(mut set) if rep.max == Some(1) => {
                        set.push(Vec::new());
                        set.sort();
                        set.dedup();
                        Lits::Exact(set)
                    }
                    _ => Lits::Unknown,
                };
            }
            match literals(&rep.sub) {
                Lits::Exact(set) if rep.min == 1 && rep.max == Some(1) => Lits::Exact(set),
                Lits::Exact(set) | Lits::Inexact(set) => Lits::Inexact(set),
                Lits::Unknown => Lits::Unknown,
            }
        }
        HirKind::Alternation(subs) => {
            let mut all_exact = true;
            let mut union = Vec::new();
            for sub in subs {
                match literals(sub) {
                    Lits::Exact(set) => union.extend(set),
                    Lits::Inexact(set) => {
                        all_exact = false;
                        union.extend(set);
                    }
                    Lits::Unknown => return Lits::Unknown,
                }
            }
            union.sort();
            union.dedup();
            if union.len() > MAX_LITERALS {
                Lits::Unknown
            } else if all_exact {
                Lits::Exact(union)
            } else {
                Lits::Inexact(union)
            }
        }
        HirKind::Concat(subs) => concat_literals(subs),
    }
}

/// Concatenation: adjacent exact parts multiply out into longer literals;
/// the best run or part (longest shortest literal) is the requirement.
fn concat_literals(subs: &[Hir]) -> Lits {
    let mut candidates: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut run: Vec<Vec<u8>> = vec![Vec::new()];
    let mut exact = true;
    for sub in subs {
        match literals(sub) {
            Lits::Exact(set) if run.len() * set.len() <= MAX_LITERALS => {
                run = run
                    .iter()
                    .flat_map(|a| set.iter().map(move |b| [a.as_slice(), b].concat()))
                    .collect();
            }
            Lits::Exact(set) => {
                exact = false;
                candidates.push(std::mem::replace(&mut run, set));
            }
            Lits::Inexact(set) => {
                exact = false;
                candidates.push(std::mem::replace(&mut run, vec![Vec::new()]));
                candidates.push(set);
            }
            Lits::Unknown => {
                exact = false;
                candidates.push(std::mem::replace(&mut run, vec![Vec::new()]));
            }
        }
    }
    if exact {
        run.sort();
        run.dedup();
        return Lits::Exact(run);
    }
    candidates.push(run);
    candidates
        .into_iter()
        .filter(|set| !set.is_empty() && set.iter().all(|l| !l.is_empty()))
        .max_by_key(|set| {
            let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
            let common = set.iter().any(|l| COMMON.contains(&l.as_slice()));
            (!common, shortest.min(8), std::cmp::Reverse(set.len()))
        })
        .map_or(Lits::Unknown, |mut set| {
            set.sort();
            set.dedup();
            Lits::Inexact(set)
        })
}

fn class_literals(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    match class {
        Class::Unicode(c) => {
            let mut count = 0;
            for range in c.iter() {
                count += range.end() as usize - range.start() as usize + 1;
                if count > MAX_CLASS + 3 {
                    return None;
                }
                for ch in range.start()..=range.end() {
                    // Case folding adds the long s and the Kelvin and
                    // Ångström signs to s, k and å; news text has none.
                    if matches!(ch, '\u{17F}' | '\u{212A}' | '\u{212B}') {
                        continue;
                    }
                    out.push(ch.to_string().into_bytes().to_ascii_lowercase());
                }
            }
        }
        Class::Bytes(c) => {
            for range in c.iter() {
                for b in range.start()..=range.end() {
                    out.push(vec![b.to_ascii_lowercase()]);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    (!out.is_empty() && out.len() <= MAX_CLASS).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        match required_literals(&hir)? {
            Required::Literals(set) => Some(
                set.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect(),
            ),
            Required::Words(words) => {
                Some(words.into_iter().map(|w| format!("word:{w}")).collect())
            }
        }
    }

    #[test]
    fn plain_regexes_are_literal_phrases() {
        let phrases = |p: &str| exact_phrases(&regex_syntax::Parser::new().parse(p).unwrap());
        assert_eq!(
            phrases(r"(?i)(?:(?-u:\b)physical persons?(?-u:\b))"),
            Some(vec!["physical person".into(), "physical persons".into()])
        );
        assert_eq!(
            phrases(r"(?i)(?-u:\b)forces and means(?-u:\b)").map(|p| p.len()),
            Some(1)
        );
        // Not plain: a group, a class, a missing boundary, a boundary inside.
        assert_eq!(phrases(r"(?i)\b(?P<m>forces) and means\b"), None);
        assert_eq!(phrases(r"(?i)\bforces\s+and means\b"), None);
        assert_eq!(phrases(r"(?i)forces and means\b"), None);
        assert_eq!(phrases(r"(?i)\bforces\b and means\b"), None);
    }

    #[test]
    fn words_between_boundaries_are_word_requirements() {
        assert_eq!(
            required(r"(?i)\bphysical persons?\b"),
            Some(vec![
                "word:physical person".into(),
                "word:physical persons".into()
            ])
        );
        // A pair needs one space between its words; one common word is fine.
        assert_eq!(
            required(r"(?i)\bforces and means\b"),
            Some(vec!["word:forces and".into()])
        );
        assert_eq!(
            required(r"(?i)\bwell-being\b"),
            Some(vec!["word:being".into()])
        );
        assert_eq!(
            required(r"(?i)\b(?:goal|net)\s+of\s+the\s+\d"),
            Some(vec!["word:goal".into(), "word:net".into()])
        );
        assert_eq!(
            required(r"\b(?:the|The)\s+(?:UE|ONU)\b"),
            Some(vec!["word:onu".into(), "word:ue".into()])
        );
        // Not bounded on the right: "assist" may be the start of a word.
        assert_eq!(required(r"(?i)\bassist"), Some(vec!["assist".into()]));
        // A class of letters is no boundary.
        assert_eq!(required(r"(?i)[a-z]goal\b"), Some(vec!["goal".into()]));
        assert_eq!(
            required(r"(?i)(?P<m>\bsenior\b)\s+\w+"),
            Some(vec!["word:senior".into()])
        );
    }

    #[test]
    fn literals_of_phrases_classes_and_alternations() {
        assert_eq!(
            required("(?i)assisted at"),
            Some(vec!["assisted at".into()])
        );
        assert_eq!(
            required(r"(?i)leave\s+a\s+reply"),
            Some(vec!["reply".into()])
        );
        assert_eq!(
            required("(?i)(?:read|see) also"),
            Some(vec!["read also".into(), "see also".into()])
        );
        assert_eq!(required("(?P<m>«)[^«»]{1,600}»"), Some(vec!["»".into()]));
        assert_eq!(required(r"\d+,\d{1,2}"), Some(vec![",".into()]));
        assert_eq!(
            required(r"[\xA0\x{202F}][:;]"),
            Some(vec![
                "\u{a0}:".into(),
                "\u{a0};".into(),
                "\u{202f}:".into(),
                "\u{202f};".into()
            ])
        );
    }

    #[test]
    fn optional_or_open_patterns_have_none() {
        assert_eq!(required(r"\w+"), None);
        assert_eq!(required("a?"), None);
        assert_eq!(required("(?:x|.)y?"), None);
    }
}
