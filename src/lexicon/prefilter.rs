//! A cheap test that tells which rules can possibly match a document.
//!
//! From each rule's regex we derive a set of literals such that every match
//! contains at least one of them ([`required_literals`]). One pass of an
//! Aho-Corasick automaton (plus a byte table for one-byte literals) over the
//! document then names the rules worth running; rules without such literals
//! always run. Case is ignored for ASCII, so the literals are lower-cased.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// The most literals a rule may contribute; beyond this it always runs.
const MAX_LITERALS: usize = 64;
/// The most alternatives a class may have and still count as literals.
const MAX_CLASS: usize = 16;

/// Literals one of which occurs in every match of a pattern, lower-cased for
/// ASCII; `None` when no useful set exists.
pub(crate) type RequiredLiterals = Option<Vec<Vec<u8>>>;

/// The [`RequiredLiterals`] of `hir`.
pub(crate) fn required_literals(hir: &Hir) -> RequiredLiterals {
    let set = match literals(hir) {
        Lits::Exact(set) | Lits::Inexact(set) => set,
        Lits::Unknown => return None,
    };
    (!set.is_empty() && set.len() <= MAX_LITERALS && set.iter().all(|l| !l.is_empty()))
        .then_some(set)
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
                return Lits::Unknown;
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
            (shortest.min(8), std::cmp::Reverse(set.len()))
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

/// Which rules may match a text, found in one pass.
#[derive(Debug)]
pub(crate) struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the rules it triggers.
    pattern_rules: Vec<Vec<usize>>,
    /// For each lower-cased byte, the rules a one-byte literal triggers.
    byte_rules: Vec<Vec<usize>>,
    /// Rules without required literals.
    always: Vec<usize>,
    rules: usize,
}

impl Prefilter {
    /// Builds the prefilter from each rule's required literals.
    pub(crate) fn new(required: &[RequiredLiterals]) -> Prefilter {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
        let mut byte_rules = vec![Vec::new(); 256];
        let mut always = Vec::new();
        for (rule, literals) in required.iter().enumerate() {
            let Some(literals) = literals else {
                always.push(rule);
                continue;
            };
            for lit in literals {
                if let [b] = lit.as_slice() {
                    byte_rules[*b as usize].push(rule);
                } else if let Some(i) = patterns.iter().position(|p| p == lit) {
                    pattern_rules[i].push(rule);
                } else {
                    patterns.push(lit.clone());
                    pattern_rules.push(vec![rule]);
                }
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("literal automaton within size limits")
        });
        Prefilter {
            automaton,
            pattern_rules,
            byte_rules,
            always,
            rules: required.len(),
        }
    }

    /// The rules that may match `text`, in rule order, each with where it
    /// may match.
    pub(crate) fn candidates(&self, text: &str) -> Vec<(usize, Scope)> {
        let mut scopes: Vec<Option<Scope>> = vec![None; self.rules];
        for &r in &self.always {
            scopes[r] = Some(Scope::Everywhere);
        }
        let mut seen = [false; 256];
        for &b in text.as_bytes() {
            seen[b.to_ascii_lowercase() as usize] = true;
        }
        for (b, rules) in self.byte_rules.iter().enumerate() {
            if seen[b] {
                for &r in rules {
                    scopes[r] = Some(Scope::Everywhere);
                }
            }
        }
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                for &r in &self.pattern_rules[m.pattern().as_usize()] {
                    match &mut scopes[r] {
                        Some(Scope::Everywhere) => {}
                        Some(Scope::Near(hits)) => hits.push(m.start()),
                        slot @ None => *slot = Some(Scope::Near(vec![m.start()])),
                    }
                }
            }
        }
        scopes
            .into_iter()
            .enumerate()
            .filter_map(|(r, scope)| scope.map(|s| (r, s)))
            .collect()
    }
}

/// Where a candidate rule may match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Anywhere in the text.
    Everywhere,
    /// Only around these byte offsets, where one of its literals occurs.
    Near(Vec<usize>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        required_literals(&hir).map(|set| {
            set.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        })
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

    #[test]
    fn candidates_come_from_literals_bytes_and_always() {
        let p = Prefilter::new(&[
            Some(vec![b"reply".to_vec()]),
            Some(vec![b",".to_vec()]),
            None,
            Some(vec!["«".as_bytes().to_vec()]),
        ]);
        let rules = |text| {
            p.candidates(text)
                .into_iter()
                .map(|(r, _)| r)
                .collect::<Vec<_>>()
        };
        assert_eq!(rules("Leave a REPLY"), [0, 2]);
        assert_eq!(rules("x, « y"), [1, 2, 3]);
        let found = p.candidates("a reply, then « and «");
        assert_eq!(found[0], (0, Scope::Near(vec![2])));
        assert_eq!(found[1], (1, Scope::Everywhere));
        assert_eq!(found[3], (3, Scope::Near(vec![14, 21])));
    }
}
