//! The regex engine behind lexicon regexes: `regex-automata`'s meta engine,
//! set up for what lexicons have, which is hundreds of small patterns that
//! each run on a few short sentences and mostly find nothing.
//!
//! Every compiled pattern is kept for the whole run, with one search cache
//! per thread, so their size is most of mtaudit's memory. Three settings keep
//! it down without changing any match:
//! - a pattern compiles capture states only if the lexicon reads a group (the
//!   evidence group `m`, or a suggestion template's `$1`); guards, which only
//!   answer yes or no, compile none;
//! - no one-pass DFA is built. The lazy DFA finds every match first; capture
//!   groups are then resolved on the match alone by the backtracker;
//! - no literal prefilter is built. The lexicon's own prefilter (the word
//!   index, see `prefilter.rs`) has already picked the sentences a rule runs
//!   on. Extracting a case-insensitive pattern's literals cost up to 2 ms a
//!   pattern, more than the rest of its compilation, and the prefilters were
//!   a tenth of the memory.

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::Input;
use regex_syntax::hir::{Hir, HirKind};
use std::ops::Range;

/// Regexes are capped so a user's lexicon cannot make start-up explode.
const SIZE_LIMIT: usize = 64 << 20;

/// A rule's pattern: finds matches and, when asked, their groups.
#[derive(Debug)]
pub(crate) struct RuleRegex {
    regex: Regex,
    /// Compiled with its groups, and searched for them.
    groups: bool,
    /// The index of the group named `m`, the evidence span.
    evidence: Option<usize>,
    /// The longest a match can be, in bytes, if that is bounded.
    max_len: Option<usize>,
}

/// One match of a [`RuleRegex`]: the evidence span and, when the regex was
/// compiled with groups, the captures to fill a suggestion template from.
pub(crate) struct RuleMatch<'a> {
    pub(crate) span: Range<usize>,
    pub(crate) groups: Option<&'a Captures>,
}

impl RuleRegex {
    /// Compiles `source`; `with_groups` is whether a suggestion template
    /// reads its groups.
    pub(crate) fn new(source: &str, with_groups: bool) -> Result<RuleRegex, String> {
        let hir = parse(source)?;
        // Apart from templates, only a group named `m` is read.
        let groups = with_groups || has_group(&hir, "m");
        let captures = if groups {
            WhichCaptures::All
        } else {
            WhichCaptures::Implicit
        };
        let max_len = hir.properties().maximum_len();
        let regex = compile(source, &hir, captures)?;
        let evidence = regex
            .group_info()
            .to_index(regex_automata::PatternID::ZERO, "m");
        Ok(RuleRegex {
            regex,
            groups,
            evidence,
            max_len,
        })
    }

    /// Calls `each` with every match in `text[range]`, leftmost first,
    /// without overlaps; look-around sees all of `text`. The span is the
    /// group `m` when the pattern has one (a match where `m` did not take
    /// part is skipped), else the whole match.
    pub(crate) fn each_match(
        &self,
        text: &str,
        range: Range<usize>,
        mut each: impl FnMut(RuleMatch<'_>),
    ) {
        let input = Input::new(text).range(range);
        if !self.groups {
            for m in self.regex.find_iter(input) {
                each(RuleMatch {
                    span: m.range(),
                    groups: None,
                });
            }
            return;
        }
        let group = self.evidence.unwrap_or(0);
        for caps in self.regex.captures_iter(input) {
            if let Some(span) = caps.get_group(group) {
                each(RuleMatch {
                    span: span.range(),
                    groups: Some(&caps),
                });
            }
        }
    }

    /// Whether the pattern has an evidence group.
    pub(crate) fn has_evidence_group(&self) -> bool {
        self.evidence.is_some()
    }

    /// The longest a match can be, in bytes, if that is bounded (no `+`,
    /// `*` or `{n,}` in it).
    pub(crate) fn max_len(&self) -> Option<usize> {
        self.max_len
    }
}

/// Fills a suggestion template (`$1`, `${name}`) from a match's groups in
/// `haystack`, the text the match was found in.
pub(crate) fn expand(groups: &Captures, haystack: &str, template: &str) -> String {
    let mut expanded = String::new();
    groups.interpolate_string_into(haystack, template, &mut expanded);
    expanded
}

/// A guard's pattern: only whether it matches.
#[derive(Debug)]
pub(crate) struct GuardRegex(Regex);

impl GuardRegex {
    pub(crate) fn new(source: &str) -> Result<GuardRegex, String> {
        compile(source, &parse(source)?, WhichCaptures::None).map(GuardRegex)
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// Whether `hir` has a capture group called `name`.
fn has_group(hir: &Hir, name: &str) -> bool {
    match hir.kind() {
        HirKind::Capture(capture) => {
            capture.name.as_deref() == Some(name) || has_group(&capture.sub, name)
        }
        HirKind::Repetition(repetition) => has_group(&repetition.sub, name),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|sub| has_group(sub, name))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

/// Parses `source` with the syntax of `regex::Regex`.
fn parse(source: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .utf8(true)
        .build()
        .parse(source)
        .map_err(|e| format!("bad pattern {source:?}: {e}"))
}

fn compile(source: &str, hir: &Hir, captures: WhichCaptures) -> Result<Regex, String> {
    // The same match semantics as `regex::Regex`.
    let config = meta::Config::new()
        .nfa_size_limit(Some(SIZE_LIMIT))
        .which_captures(captures)
        .onepass(false)
        .auto_prefilter(false);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| format!("bad pattern {source:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(regex: &RuleRegex, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        regex.each_match(text, 0..text.len(), |m| out.push(m.span));
        out
    }

    #[test]
    fn evidence_group_is_the_span() {
        let regex = RuleRegex::new(r"in (?P<m>the level) of", false).unwrap();
        assert!(regex.has_evidence_group());
        assert_eq!(
            spans(&regex, "in the level of, in the level of"),
            [3..12, 20..29]
        );
    }

    #[test]
    fn without_groups_the_whole_match_is_the_span() {
        let regex = RuleRegex::new(r"(?i)at (the )?level", false).unwrap();
        assert!(!regex.has_evidence_group());
        assert_eq!(spans(&regex, "At the level. at level"), [0..12, 14..22]);
    }

    #[test]
    fn only_a_group_named_m_is_evidence() {
        assert!(RuleRegex::new(r"a(?:b|(?<m>c))+", false)
            .unwrap()
            .has_evidence_group());
        assert!(!RuleRegex::new(r"a(?P<n>b)\(\?P<m>", false)
            .unwrap()
            .has_evidence_group());
    }

    #[test]
    fn a_match_where_the_evidence_group_is_absent_is_skipped() {
        let regex = RuleRegex::new(r"x|(?P<m>y)", false).unwrap();
        assert_eq!(spans(&regex, "x y x"), [Range { start: 2, end: 3 }]);
    }

    #[test]
    fn templates_read_groups_by_number_and_name() {
        let regex = RuleRegex::new(r"(\w+) (?P<m>(?<w>\w+)ski)", true).unwrap();
        let text = "Mr Jan Kowalski";
        let mut out = Vec::new();
        regex.each_match(text, 0..text.len(), |m| {
            let groups = m.groups.expect("compiled with groups");
            out.push((m.span, expand(groups, text, "$1/${w}")));
        });
        assert_eq!(out, [(7..15, "Jan/Kowal".to_string())]);
    }

    #[test]
    fn a_range_limits_where_matches_stand_but_not_what_look_around_sees() {
        let regex = RuleRegex::new(r"\bab", false).unwrap();
        let mut out = Vec::new();
        regex.each_match("xab ab ab", 1..6, |m| out.push(m.span));
        assert_eq!(out, [Range { start: 4, end: 6 }]);
    }

    #[test]
    fn bounded_patterns_know_their_longest_match() {
        assert_eq!(
            RuleRegex::new(r"ab(?:c|de)", false).unwrap().max_len(),
            Some(4)
        );
        assert_eq!(RuleRegex::new(r"é{1,2}", false).unwrap().max_len(), Some(4));
        assert_eq!(RuleRegex::new(r"a\s+b", false).unwrap().max_len(), None);
    }

    #[test]
    fn guards_match_without_groups() {
        let guard = GuardRegex::new(r"\b(patients?)\b").unwrap();
        assert!(guard.is_match("the patient"));
        assert!(!guard.is_match("impatient"));
    }

    #[test]
    fn errors_name_the_pattern() {
        let error = RuleRegex::new("a(", false).unwrap_err();
        assert!(error.contains("\"a(\""), "{error}");
    }
}
