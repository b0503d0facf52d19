//! A cheap test that tells which rules can possibly match a document.
//!
//! Every rule comes with a [`Requirement`]: words one of which stands whole
//! in every match (phrases), or literals one of which occurs in every match
//! (regexes, see [`super::literals`]). Per document, the words are looked up
//! in a hash table (the document's words are hashed once for all lexicons)
//! and the literals are found by one pass of an Aho-Corasick automaton, plus
//! a byte table for one-byte literals. Rules without a requirement always
//! run. Case is ignored for ASCII, so the literals are lower-cased.

use crate::document::Segmented;
use crate::fasthash::FastMap;
use crate::words::word_hash;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// What every match of a rule contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Requirement {
    /// One of these folded words, standing whole; or two consecutive words,
    /// written with a space between.
    Words(Vec<String>),
    /// One of these byte strings, ASCII lower-cased.
    Literals(Vec<Vec<u8>>),
    /// Nothing useful is known: the rule always runs.
    Nothing,
}

/// Which rules may match a text.
#[derive(Debug)]
pub(crate) struct Prefilter {
    /// For each word hash, the rules it triggers, each with the hash the
    /// next word must have (0: any).
    words: FastMap<u64, Vec<(u32, u64)>>,
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the rules it triggers.
    pattern_rules: Vec<Vec<u32>>,
    /// For each lower-cased byte, the rules a one-byte literal triggers.
    byte_rules: Vec<Vec<u32>>,
    /// Rules without a requirement.
    always: Vec<u32>,
}

impl Prefilter {
    /// Builds the prefilter from each rule's requirement.
    pub(crate) fn new(required: &[Requirement]) -> Prefilter {
        let mut words: FastMap<u64, Vec<(u32, u64)>> = FastMap::default();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut pattern_index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut pattern_rules: Vec<Vec<u32>> = Vec::new();
        let mut byte_rules = vec![Vec::new(); 256];
        let mut always = Vec::new();
        for (rule, requirement) in required.iter().enumerate() {
            let rule = rule as u32;
            match requirement {
                Requirement::Nothing => always.push(rule),
                Requirement::Words(keys) => {
                    for key in keys {
                        let (first, next) = match key.split_once(' ') {
                            Some((first, second)) => (first, word_hash(second)),
                            None => (key.as_str(), 0),
                        };
                        let rules = words.entry(word_hash(first)).or_default();
                        if !rules.contains(&(rule, next)) {
                            rules.push((rule, next));
                        }
                    }
                }
                Requirement::Literals(literals) => {
                    for lit in literals {
                        if let [b] = lit.as_slice() {
                            byte_rules[*b as usize].push(rule);
                            continue;
                        }
                        let i = *pattern_index.entry(lit.clone()).or_insert_with(|| {
                            patterns.push(lit.clone());
                            pattern_rules.push(Vec::new());
                            patterns.len() - 1
                        });
                        if pattern_rules[i].last() != Some(&rule) {
                            pattern_rules[i].push(rule);
                        }
                    }
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
            words,
            automaton,
            pattern_rules,
            byte_rules,
            always,
        }
    }

    /// The rules that may match `doc`, in rule order, each with where it
    /// may match.
    pub(crate) fn candidates(&self, doc: &Segmented<'_>) -> Vec<(usize, Scope)> {
        let text = doc.text;
        let mut everywhere = self.always.clone();
        if self.byte_rules.iter().any(|r| !r.is_empty()) {
            let mut seen = [false; 256];
            for &b in text.as_bytes() {
                seen[b.to_ascii_lowercase() as usize] = true;
            }
            for (b, rules) in self.byte_rules.iter().enumerate() {
                if seen[b] {
                    everywhere.extend(rules);
                }
            }
        }
        let mut hits: Vec<(u32, usize)> = Vec::new();
        if !self.words.is_empty() {
            let words = doc.words();
            for (i, &(hash, at)) in words.iter().enumerate() {
                if let Some(rules) = self.words.get(&hash) {
                    let next = words.get(i + 1).map_or(0, |w| w.0);
                    hits.extend(
                        rules
                            .iter()
                            .filter(|&&(_, want)| want == 0 || want == next)
                            .map(|&(r, _)| (r, at)),
                    );
                }
            }
        }
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                let rules = &self.pattern_rules[m.pattern().as_usize()];
                hits.extend(rules.iter().map(|&r| (r, m.start())));
            }
        }
        everywhere.sort_unstable();
        everywhere.dedup();
        hits.sort_unstable();
        hits.dedup();
        let mut out: Vec<(usize, Scope)> = Vec::new();
        let mut hits = hits.into_iter().peekable();
        let mut everywhere = everywhere.into_iter().peekable();
        loop {
            let next_hit = hits.peek().map(|h| h.0);
            let next_all = everywhere.peek().copied();
            let rule = match (next_hit, next_all) {
                (None, None) => break,
                (Some(h), Some(a)) => h.min(a),
                (Some(h), None) => h,
                (None, Some(a)) => a,
            };
            let mut near = Vec::new();
            while let Some(&(r, at)) = hits.peek() {
                if r != rule {
                    break;
                }
                near.push(at);
                hits.next();
            }
            if next_all == Some(rule) {
                everywhere.next();
                out.push((rule as usize, Scope::Everywhere));
            } else {
                out.push((rule as usize, Scope::Near(near)));
            }
        }
        out
    }
}

/// Where a candidate rule may match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Anywhere in the text.
    Everywhere,
    /// Only around these byte offsets, where its word or literal occurs.
    Near(Vec<usize>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(items: &[&str]) -> Requirement {
        Requirement::Literals(items.iter().map(|s| s.as_bytes().to_vec()).collect())
    }

    #[test]
    fn candidates_come_from_words_literals_bytes_and_always() {
        let p = Prefilter::new(&[
            lits(&["reply"]),
            lits(&[","]),
            Requirement::Nothing,
            lits(&["«"]),
            Requirement::Words(vec!["level".into(), "élysée".into()]),
            Requirement::Words(vec!["physical person".into()]),
        ]);
        let rules = |text| {
            p.candidates(&Segmented::new(text))
                .into_iter()
                .map(|(r, _)| r)
                .collect::<Vec<_>>()
        };
        assert_eq!(rules("Leave a REPLY"), [0, 2]);
        assert_eq!(rules("x, « y"), [1, 2, 3]);
        assert_eq!(rules("At the LEVEL of"), [2, 4]);
        assert_eq!(rules("At the levels of"), [2]);
        assert_eq!(rules("l'Élysée"), [2, 4]);
        assert_eq!(rules("a Physical  person"), [2, 5]);
        assert_eq!(rules("a physical thing; a person"), [2]);
        let found = p.candidates(&Segmented::new("a reply, then « and « level"));
        assert_eq!(found[0], (0, Scope::Near(vec![2])));
        assert_eq!(found[1], (1, Scope::Everywhere));
        assert_eq!(found[3], (3, Scope::Near(vec![14, 21])));
        assert_eq!(found[4], (4, Scope::Near(vec![24])));
    }
}
