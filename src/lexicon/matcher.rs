//! Compiles a detector's lexicon entries and scans documents with them: the
//! [`Prefilter`] names the rules that can match a document and where, and
//! only those rules run, only on the sentences where their words occur.
//! Phrases run through their own matcher ([`Phrase`]); regexes are compiled
//! on first use.

use super::engine::{self, GuardRegex, RuleRegex};
use super::literals::{exact_phrases, required_literals, Required, RequiredLiterals};
use super::pattern::{Anchor, Phrase};
use super::prefilter::{Prefilter, Requirement, Scope};
use super::sources::{guard_anywhere, guard_next, guard_prev, regex_source};
use super::{Entry, Matcher, Position};
use crate::detect::{Category, Finding};
use crate::document::Segmented;
use crate::fasthash::FastMap;
use crate::lang::Lang;
use crate::words::is_word;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The regex sources of the embedded lexicons, checked when the crate was
/// built (see `build.rs`): `REGEXES` holds each pattern that parses and
/// cannot match the empty string, sorted, with its required literals;
/// `GUARDS` each guard that parses. Sources found here skip the check at
/// start-up; any other source (a user's lexicon) is checked then.
mod precomputed {
    use super::Stored;
    include!(concat!(env!("OUT_DIR"), "/precomputed_regexes.rs"));
}

/// A [`RequiredLiterals`] as the build script writes it.
enum Stored {
    /// The regex is these literal phrases (see [`exact_phrases`]).
    Phrases(&'static [&'static str]),
    Words(&'static [&'static str]),
    Literals(&'static [&'static [u8]]),
    Nothing,
}

/// The compiled rules of one lexicon-driven detector.
#[derive(Debug)]
pub struct CompiledLexicon {
    detector: &'static str,
    category: Category,
    prefilter: Prefilter,
    rules: Vec<Rule>,
}

#[derive(Debug)]
struct Rule {
    matcher: RuleMatcher,
    position: Position,
    /// Shared by the rules of one entry.
    guards: Arc<Guards>,
    rule_id: Arc<str>,
    message: Arc<str>,
    suggestion: Option<Arc<str>>,
    /// The suggestion is a template filled from the match's groups.
    template: bool,
    weight: f32,
    languages: Arc<[Lang]>,
}

#[derive(Debug)]
enum RuleMatcher {
    /// A phrase, with how many words may precede its anchor word in a match
    /// (see [`Phrase::anchor`]).
    Phrase(Phrase, Option<usize>),
    Regex {
        source: String,
        /// Compiled on first use: most rules never match most documents.
        compiled: OnceLock<Option<RuleRegex>>,
    },
}

/// One pattern of an entry, ready to compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pattern {
    Phrase(Phrase),
    /// A regex source, flags included, with its required literals.
    Regex(String, RequiredLiterals),
}

/// An entry's patterns and guard sources, worked out once when it is
/// validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Sources {
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) guards: GuardSources,
}

/// Checks that every pattern and guard of `entry` parses, without the cost
/// of compiling it, and that no regex matches the empty string. Returns
/// what the matcher compiles, with the prefilter's literals.
pub(super) fn check(entry: &Entry) -> Result<Sources, String> {
    let patterns = match &entry.matcher {
        Matcher::Phrases(phrases) => phrases
            .iter()
            .map(|p| Phrase::parse(p, entry.case_sensitive).map(Pattern::Phrase))
            .collect::<Result<Vec<_>, _>>()?,
        Matcher::Regexes(regexes) => {
            // A template suggestion needs the regex's groups.
            let as_phrases = !entry.case_sensitive
                && !entry.suggestion.as_deref().is_some_and(|s| s.contains('$'));
            let mut patterns = Vec::new();
            for regex in regexes {
                let source = regex_source(regex, entry.case_sensitive);
                patterns.extend(check_regex(source, as_phrases && !regex.contains("-i"))?);
            }
            patterns
        }
    };
    let guards = guard_sources(entry);
    let (requires, excludes, unless_next, unless_prev) = &guards;
    for guard in requires
        .iter()
        .chain(excludes)
        .chain(unless_next)
        .chain(unless_prev)
    {
        if precomputed::GUARDS.binary_search(&guard.as_str()).is_err() {
            parse(guard)?;
        }
    }
    Ok(Sources { patterns, guards })
}

/// Checks one regex source (see [`check`]). A case-insensitive regex that
/// is only literal words (see [`exact_phrases`]) becomes those phrases when
/// `as_phrases` allows.
fn check_regex(source: String, as_phrases: bool) -> Result<Vec<Pattern>, String> {
    let phrases = |texts: &mut dyn Iterator<Item = &str>| -> Vec<Pattern> {
        texts
            .filter_map(|t| Phrase::literal(t, false))
            .map(Pattern::Phrase)
            .collect()
    };
    if let Ok(i) = precomputed::REGEXES.binary_search_by(|(s, _)| (*s).cmp(source.as_str())) {
        let literals = match precomputed::REGEXES[i].1 {
            Stored::Phrases(texts) if as_phrases => {
                return Ok(phrases(&mut texts.iter().copied()));
            }
            Stored::Phrases(_) => None,
            Stored::Words(words) => Some(Required::Words(
                words.iter().map(|w| (*w).to_string()).collect(),
            )),
            Stored::Literals(set) => {
                Some(Required::Literals(set.iter().map(|l| l.to_vec()).collect()))
            }
            Stored::Nothing => None,
        };
        if !matches!(precomputed::REGEXES[i].1, Stored::Phrases(_)) {
            return Ok(vec![Pattern::Regex(source, literals)]);
        }
    }
    let hir = parse(&source)?;
    if hir.properties().minimum_len() == Some(0) {
        return Err(format!("pattern {source:?} matches the empty string"));
    }
    if as_phrases {
        if let Some(texts) = exact_phrases(&hir) {
            return Ok(phrases(&mut texts.iter().map(String::as_str)));
        }
    }
    let literals = required_literals(&hir);
    Ok(vec![Pattern::Regex(source, literals)])
}

fn parse(source: &str) -> Result<regex_syntax::hir::Hir, String> {
    regex_syntax::Parser::new()
        .parse(source)
        .map_err(|e| format!("bad pattern {source:?}: {e}"))
}

impl CompiledLexicon {
    /// Compiles the entries that `lexicons` holds for `detector`.
    pub fn compile<'a>(
        detector: &'static str,
        category: Category,
        entries: impl IntoIterator<Item = &'a Entry>,
    ) -> CompiledLexicon {
        let mut rules = Vec::new();
        let mut required = Vec::new();
        // Entries share many guards (88 share one `unless_prev`): each
        // distinct guard compiles once.
        let mut shared: FastMap<&str, Arc<LazyGuard>> = FastMap::default();
        let mut guard = |source: &'a String| {
            shared
                .entry(source.as_str())
                .or_insert_with(|| {
                    Arc::new(LazyGuard {
                        source: source.clone(),
                        compiled: OnceLock::new(),
                    })
                })
                .clone()
        };
        for entry in entries {
            let (requires, excludes, unless_next, unless_prev) = &entry.sources.guards;
            let guards = Arc::new(Guards {
                requires: requires.iter().map(&mut guard).collect(),
                excludes: excludes.iter().map(&mut guard).collect(),
                unless_next: unless_next.as_ref().map(&mut guard),
                unless_prev: unless_prev.as_ref().map(&mut guard),
            });
            let rule_id: Arc<str> = entry.rule_id().into();
            let message: Arc<str> = entry.message.as_str().into();
            let suggestion: Option<Arc<str>> = entry.suggestion.as_deref().map(Into::into);
            let languages: Arc<[Lang]> = entry.languages.clone().into();
            let template = matches!(entry.matcher, Matcher::Regexes(_))
                && entry.suggestion.as_deref().is_some_and(|s| s.contains('$'));
            for pattern in &entry.sources.patterns {
                let (matcher, requirement) = match pattern {
                    Pattern::Phrase(phrase) => {
                        let (anchor, words_before) = phrase.anchor();
                        let requirement = match anchor {
                            Anchor::Words(words) => Requirement::Words(words),
                            Anchor::Literals(literals) => Requirement::Literals(
                                literals
                                    .into_iter()
                                    .map(|l| l.into_bytes().to_ascii_lowercase())
                                    .collect(),
                            ),
                        };
                        (
                            RuleMatcher::Phrase(phrase.clone(), words_before),
                            requirement,
                        )
                    }
                    Pattern::Regex(source, literals) => (
                        RuleMatcher::Regex {
                            source: source.clone(),
                            compiled: OnceLock::new(),
                        },
                        match literals.clone() {
                            Some(Required::Words(words)) => Requirement::Words(words),
                            Some(Required::Literals(set)) => Requirement::Literals(set),
                            None => Requirement::Nothing,
                        },
                    ),
                };
                required.push(requirement);
                rules.push(Rule {
                    matcher,
                    position: entry.position,
                    guards: guards.clone(),
                    rule_id: rule_id.clone(),
                    message: message.clone(),
                    suggestion: suggestion.clone(),
                    template,
                    weight: entry.weight,
                    languages: languages.clone(),
                });
            }
        }
        CompiledLexicon {
            detector,
            category,
            prefilter: Prefilter::new(&required),
            rules,
        }
    }

    /// Appends a finding for every rule match in `doc` that passes its guards.
    pub fn scan(&self, doc: &Segmented<'_>, out: &mut Vec<Finding>) {
        if self.rules.is_empty() || doc.sentences.is_empty() {
            return;
        }
        let first = out.len();
        let mut sentences: Vec<usize> = Vec::new();
        for (index, scope) in self.prefilter.candidates(doc) {
            let rule = &self.rules[index];
            // A match never crosses sentences, so only the sentences holding
            // one of the rule's words or literals need a search.
            sentences.clear();
            match &scope {
                Scope::Near(hits) => {
                    sentences.extend(hits.iter().filter_map(|&h| doc.sentence_at(h)));
                    sentences.dedup();
                }
                Scope::Everywhere => sentences.extend(0..doc.sentences.len()),
            }
            match &rule.matcher {
                RuleMatcher::Phrase(phrase, words_before) => {
                    let words = doc.words();
                    // A match starts at most `n` words before an occurrence
                    // of its anchor word: only those words are tried.
                    let near: Option<Vec<usize>> = match (&scope, words_before) {
                        (Scope::Near(hits), Some(n)) => {
                            let mut starts: Vec<usize> = hits
                                .iter()
                                .flat_map(|&hit| {
                                    let i = words.partition_point(|w| w.1 < hit);
                                    words[i.saturating_sub(*n)..(i + 1).min(words.len())]
                                        .iter()
                                        .map(|w| w.1)
                                })
                                .collect();
                            starts.sort_unstable();
                            starts.dedup();
                            Some(starts)
                        }
                        _ => None,
                    };
                    for &i in &sentences {
                        let range = doc.sentences[i].range();
                        let (start, end) = (range.start, range.end);
                        let found = match &near {
                            Some(near) => {
                                let from = near.partition_point(|&at| at < start);
                                let starts = near[from..].iter().copied();
                                phrase.find_all(doc.text, range, starts.take_while(|&at| at < end))
                            }
                            None => {
                                let from = words.partition_point(|w| w.1 < start);
                                let starts = words[from..].iter().map(|w| w.1);
                                phrase.find_all(doc.text, range, starts.take_while(|&at| at < end))
                            }
                        };
                        for span in found {
                            self.consider(rule, doc, span, None, first, out);
                        }
                    }
                }
                RuleMatcher::Regex { source, compiled } => {
                    let Some(compiled) = compiled
                        .get_or_init(|| RuleRegex::new(source, rule.template).ok())
                        .as_ref()
                    else {
                        continue;
                    };
                    match &scope {
                        Scope::Near(_) if !compiled.has_evidence_group() => {
                            for &i in &sentences {
                                let s = doc.sentences[i];
                                let text = &doc.text[s.start..s.end];
                                let all = 0..text.len();
                                self.search(rule, compiled, doc, s.start, text, all, first, out);
                            }
                        }
                        // A rule with an evidence group sees beyond the
                        // sentence of its word (a quotation closed two
                        // sentences on): as far as its longest match either
                        // side, which misses nothing, or CONTEXT.
                        Scope::Near(hits) => {
                            let reach = compiled.max_len().map_or(CONTEXT, |n| n.min(CONTEXT));
                            for window in context_windows(doc.text, hits, reach) {
                                self.search(rule, compiled, doc, 0, doc.text, window, first, out);
                            }
                        }
                        Scope::Everywhere => {
                            let all = 0..doc.text.len();
                            self.search(rule, compiled, doc, 0, doc.text, all, first, out);
                        }
                    }
                }
            }
        }
    }

    /// Runs one regex rule over `text[range]`, where `text` starts at byte
    /// `offset` of the document; look-around sees all of `text`.
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        rule: &Rule,
        regex: &RuleRegex,
        doc: &Segmented<'_>,
        offset: usize,
        text: &str,
        range: Range<usize>,
        first: usize,
        out: &mut Vec<Finding>,
    ) {
        regex.each_match(text, range, |m| {
            let span = offset + m.span.start..offset + m.span.end;
            let groups = m.groups.map(|groups| (groups, text));
            self.consider(rule, doc, span, groups, first, out);
        });
    }

    /// Checks one match against its sentence and guards, and records it.
    fn consider(
        &self,
        rule: &Rule,
        doc: &Segmented<'_>,
        span: Range<usize>,
        groups: Option<(&regex_automata::util::captures::Captures, &str)>,
        first: usize,
        out: &mut Vec<Finding>,
    ) {
        if span.is_empty() {
            return;
        }
        let Some(sentence) = doc.sentence_at(span.start) else {
            return;
        };
        let s = doc.sentences[sentence];
        if span.end > s.end || !rule.accepts(doc.text, s.start, s.end, span.start, span.end) {
            return;
        }
        // One rule reports one finding per stretch of text: of two
        // overlapping matches ("the new crown", "new crown epidemic"), the
        // longer stays.
        let mut replace = None;
        for (i, f) in out.iter().enumerate().skip(first) {
            if f.rule == rule.rule_id && f.span.start < span.end && span.start < f.span.end {
                if f.span.len() >= span.len() {
                    return;
                }
                replace = Some(i);
                break;
            }
        }
        if let Some(i) = replace {
            out.remove(i);
        }
        let suggestion = match (&rule.suggestion, groups) {
            (Some(template), Some((groups, haystack))) if rule.template => {
                Some(engine::expand(groups, haystack, template).into())
            }
            (suggestion, _) => suggestion.clone(),
        };
        out.push(Finding {
            detector: self.detector,
            category: self.category,
            rule: rule.rule_id.clone(),
            span,
            sentence,
            message: rule.message.clone(),
            suggestion,
            weight: rule.weight,
            languages: rule.languages.clone(),
        });
    }
}

impl Rule {
    fn accepts(&self, text: &str, s_start: usize, s_end: usize, start: usize, end: usize) -> bool {
        if matches!(self.matcher, RuleMatcher::Phrase(..)) && !on_word_boundaries(text, start, end)
        {
            return false;
        }
        let sentence = &text[s_start..s_end];
        let before = &text[s_start..start];
        let after = &text[end..s_end];
        let position_ok = match self.position {
            Position::Anywhere => true,
            Position::SentenceStart => !before.chars().any(char::is_alphanumeric),
            Position::WholeSentence => {
                !before.chars().any(char::is_alphanumeric)
                    && !after.chars().any(char::is_alphanumeric)
            }
        };
        if !position_ok {
            return false;
        }
        // A guard that cannot compile (only the size limit can fail after
        // validation) silences the rule when it is consulted: precision
        // first. Each guard compiles when first consulted.
        let Guards {
            requires,
            excludes,
            unless_next,
            unless_prev,
        } = &*self.guards;
        let matches = |guard: &LazyGuard, text: &str| guard.get().map(|g| g.is_match(text));
        let required = requires.is_empty()
            || requires
                .iter()
                .any(|r| matches(r, sentence).unwrap_or(false));
        required
            && !excludes
                .iter()
                .any(|r| matches(r, sentence).unwrap_or(true))
            && !unless_next
                .as_deref()
                .is_some_and(|r| matches(r, after).unwrap_or(true))
            && !unless_prev
                .as_deref()
                .is_some_and(|r| matches(r, before).unwrap_or(true))
    }
}

/// How far from an occurrence of its word a rule with an evidence group and
/// no bound on its length looks: past any context a lexicon rule reads (the
/// longest, a quotation of up to 400 characters), and the same whatever the
/// size of the document, so that a long document costs no more per byte than
/// a short one. A match holds its word, so a rule whose matches are at most
/// `n` bytes long looks `n` bytes either side and misses none.
const CONTEXT: usize = 4096;

/// The stretches of `text` within `reach` bytes of a hit, merged where they
/// meet, in order, on character boundaries.
fn context_windows(text: &str, hits: &[usize], reach: usize) -> Vec<Range<usize>> {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut starts: Vec<usize> = hits.to_vec();
    starts.sort_unstable();
    let mut windows: Vec<Range<usize>> = Vec::new();
    for hit in starts {
        let start = floor(hit.saturating_sub(reach));
        // Up, not down: a window must hold all of a match that ends there.
        let end = ceil(hit.saturating_add(reach).min(text.len()));
        match windows.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => windows.push(start..end),
        }
    }
    windows
}

fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let left_ok = !(first.is_some_and(is_word) && before.is_some_and(is_word));
    let right_ok = !(last.is_some_and(is_word) && after.is_some_and(is_word));
    left_ok && right_ok
}

type GuardSources = (Vec<String>, Vec<String>, Option<String>, Option<String>);

/// An entry's guards as the regexes that run (see [`super::sources`]).
fn guard_sources(entry: &Entry) -> GuardSources {
    (
        entry.requires.iter().map(|r| guard_anywhere(r)).collect(),
        entry.excludes.iter().map(|r| guard_anywhere(r)).collect(),
        entry.unless_next.as_deref().map(guard_next),
        entry.unless_prev.as_deref().map(guard_prev),
    )
}

/// An entry's guards.
#[derive(Debug)]
struct Guards {
    requires: Vec<Arc<LazyGuard>>,
    excludes: Vec<Arc<LazyGuard>>,
    unless_next: Option<Arc<LazyGuard>>,
    unless_prev: Option<Arc<LazyGuard>>,
}

/// One guard regex, compiled when a match first consults it.
#[derive(Debug)]
struct LazyGuard {
    source: String,
    compiled: OnceLock<Option<GuardRegex>>,
}

impl LazyGuard {
    fn get(&self) -> Option<&GuardRegex> {
        self.compiled
            .get_or_init(|| GuardRegex::new(&self.source).ok())
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconSet;

    fn scan(toml: &str, text: &str) -> Vec<Finding> {
        let set = LexiconSet::from_toml("t.toml", toml).unwrap();
        let lex = CompiledLexicon::compile("idiom", Category::Idiom, set.entries());
        let doc = Segmented::new(text);
        let mut out = Vec::new();
        lex.scan(&doc, &mut out);
        out
    }

    const ENTRY: &str = r#"
detector = "idiom"
[[entry]]
id = "fr/assister"
phrase = "assist+ at|to"
excludes = ["\\bpatients?\\b"]
unless_prev = "\\bto\\s*$"
note = "French 'assister à' means to attend"
suggestion = "attend"
languages = ["fr"]
weight = 0.6
fires = ["He assisted at the meeting."]
"#;

    #[test]
    fn phrase_matches_on_word_boundaries_with_exact_span() {
        let text = "Intro line here.\n\nThe minister assisted at the summit.";
        let found = scan(ENTRY, text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "assisted at");
        assert_eq!(found[0].sentence, 1);
        assert_eq!(&*found[0].rule, "idiom/fr/assister");
        assert!(found[0].message.contains("English: attend"));
        assert!(scan(ENTRY, "They unassisted at last.").is_empty());
    }

    #[test]
    fn regex_suggestions_are_templates_over_groups() {
        let toml = r#"
detector = "typography"
[[entry]]
id = "decimal-comma"
regex = '(?P<m>(?P<int>\d+),(?P<frac>\d{1,2})) ?%'
suggestion = "$int.$frac%"
note = "decimal comma"
weight = 0.5
fires = ["It rose 5,2 % today."]
"#;
        let found = scan(toml, "It rose 5,2 % today and 12,75 % later.");
        let suggestions: Vec<&str> = found
            .iter()
            .filter_map(|f| f.suggestion.as_deref())
            .collect();
        assert_eq!(suggestions, ["5.2%", "12.75%"]);
    }

    #[test]
    fn nested_matches_of_one_rule_are_one_finding_the_longer() {
        let toml = r#"
detector = "idiom"
[[entry]]
id = "zh/new-crown"
phrase = ["the new crown", "new crown epidemic"]
note = "Chinese 'xinguan' is the coronavirus"
weight = 0.3
fires = ["The new crown spread."]
"#;
        let text = "Cases of the new crown epidemic rose. Later the new crown faded.";
        let mut found = scan(toml, text);
        found.sort_by_key(|f| f.span.start);
        let spans: Vec<&str> = found.iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(spans, ["new crown epidemic", "the new crown"]);
    }

    #[test]
    fn guards_silence_matches() {
        assert!(scan(ENTRY, "Nurses assist at the bedside of patients.").is_empty());
        assert!(scan(ENTRY, "They came to assist at the scene.").is_empty());
    }

    const CONTEXT_ENTRY: &str = r#"
detector = "idiom"
[[entry]]
id = "t/context"
regex = '(?P<m>\bfoo\b)(?:\s+x)*[.]?\s+Bar'
note = "test"
weight = 0.5
fires = ["foo x Bar"]
"#;

    #[test]
    fn an_evidence_group_sees_context_beyond_its_sentence_up_to_a_limit() {
        let near = "We saw foo. Bar came later.";
        assert_eq!(scan(CONTEXT_ENTRY, near).len(), 1);
        let far = format!("We saw foo{} Bar came.", " x".repeat(CONTEXT));
        assert!(scan(CONTEXT_ENTRY, &far).is_empty());
        let long_document = format!("{}We saw foo x Bar.", "Filler text. ".repeat(3 * CONTEXT));
        let found = scan(CONTEXT_ENTRY, &long_document);
        assert_eq!(found.len(), 1);
        assert_eq!(&long_document[found[0].span.clone()], "foo");
    }

    #[test]
    fn context_windows_merge_and_keep_to_characters() {
        // Two bytes a character: odd offsets fall inside one.
        let text = "é".repeat(2 * CONTEXT);
        let windows = context_windows(&text, &[3 * CONTEXT + 1, 11, 0], CONTEXT);
        assert_eq!(windows, vec![0..CONTEXT + 12, 2 * CONTEXT..4 * CONTEXT]);
        assert_eq!(context_windows(&text, &[11, 40], 4), vec![6..16, 36..44]);
    }

    #[test]
    fn a_match_across_two_sentences_is_ignored() {
        assert!(scan(ENTRY, "They did not assist.\n\nAt noon they left.").is_empty());
    }
}
