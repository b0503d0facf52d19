//! `coreference`: he/she/his/her that contradict the person they must refer
//! to — what machine translation leaves when the source language does not
//! mark the possessor's or the speaker's gender (French "sa", Turkish "o",
//! spoken Chinese "tā", Persian "u").
//!
//! The detector follows the people a document names: full names whose
//! first word is a given name from the `names/` tables, a surname alone
//! after that, "Mr"/"Mrs"/"Ms" with a surname, and titles before a name.
//! A mention's gender comes from its honorific, else from the given name
//! (never from a unisex or unknown one). It also follows who is speaking:
//! the subject of said, told, added, stressed, noted and the like.
//!
//! It reports three things:
//! - `coreference/speaker-gender`: "Mette Frederiksen told reporters … He
//!   added": a reporting verb's pronoun subject right after a named speaker
//!   of the other gender (or one described by a gendered noun: "a
//!   spokeswoman for the airport said");
//! - `coreference/possessive-gender`: "Mette Frederiksen defended his
//!   budget": a possessive or reflexive in the clause whose subject is a
//!   named person of the other gender;
//! - `coreference/no-antecedent`: a sentence opening with He/She when no
//!   person at all is named or described before it.
//!
//! It stays silent where the text is ambiguous: another person who could be
//! meant (a name of that gender or of unknown gender, a gendered noun such
//! as "husband", an unspecific person noun such as "the minister", or a
//! pronoun of that gender) in the same or the previous sentence (three
//! sentences for possessives); another speaker who could be meant in the
//! last five sentences (alternating quotes); a name whose gender is unknown
//! or unisex; and pronouns inside quotations, which may refer to anyone.
//!
//! Measured on 389 native English news articles: no finding. Not yet:
//! they/it, object pronouns, speakers named by surname alone on first
//! mention ("Lopez told CNN"), and given names that mark a different gender
//! in another naming tradition than the one table row lists (the tables
//! merge such names to unisex only when both rows are present).

use super::{Category, Detector, Finding};
use crate::document::Segmented;
use crate::fasthash::FastMap;
use crate::lexicon::names::{Gender, GivenNames};
use crate::lexicon::LexiconSet;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

pub const ID: &str = "coreference";

/// A reporting verb's pronoun subject against the speaker just named.
const WEIGHT_SPEAKER: f32 = 0.45;
/// A possessive or reflexive against the subject of its clause.
const WEIGHT_POSSESSIVE: f32 = 0.35;
/// A He/She with no person before it: weak, native feature ledes do it.
const WEIGHT_NO_ANTECEDENT: f32 = 0.15;

/// How many earlier sentences are searched for another possible referent
/// of a possessive.
const POSSESSIVE_WINDOW: usize = 3;
/// How many sentences back another speaker who could be meant counts.
const RECENT_SPEAKERS: usize = 5;
/// The most words between a clause subject and its possessive.
const POSSESSIVE_REACH: usize = 10;

pub fn detector(lexicons: &LexiconSet) -> Coreference {
    Coreference {
        names: Arc::clone(&lexicons.given_names().0),
    }
}

pub struct Coreference {
    names: Arc<GivenNames>,
}

impl Detector for Coreference {
    fn id(&self) -> &'static str {
        ID
    }

    fn category(&self) -> Category {
        Category::Coreference
    }

    fn description(&self) -> &'static str {
        "he/she/his/her contradicting the named person they refer to (\"Mette Frederiksen … he added\")"
    }

    fn detect(&self, doc: &Segmented<'_>, out: &mut Vec<Finding>) {
        let mut state = DocState::default();
        let mut quotes = Quotes::default();
        let mut prev_end = 0;
        let mut sentences: Vec<SentenceInfo<'_>> = Vec::with_capacity(doc.sentences.len());
        for (i, s) in doc.sentences.iter().enumerate() {
            // A new line closes any quotation left open: news style reopens
            // the quote on each paragraph it continues into.
            if doc.text[prev_end..s.start].contains('\n') {
                quotes = Quotes::default();
            }
            prev_end = s.end;
            let tokens = tokenize(doc.text, s.range(), &mut quotes);
            let mentions = find_mentions(&tokens, &self.names, &mut state);
            let info = SentenceInfo {
                index: i,
                tokens,
                mentions,
            };
            check_speakers(&info, &sentences, &mut state, out);
            check_possessives(&info, &sentences, out);
            check_no_antecedent(&info, &sentences, out);
            sentences.push(info);
        }
    }
}

// ---------------------------------------------------------------------------
// Tokens and quotations

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    /// Punctuation that ends or breaks a clause: , ; : ( ) dashes . ! ?
    Punct(char),
    Quote,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    /// The word without a possessive 's, or the punctuation mark.
    text: &'a str,
    /// Byte range of `text` in the document.
    span: Range<usize>,
    kind: Kind,
    /// Inside a quotation.
    quoted: bool,
    /// Ends in 's or s'.
    possessive: bool,
}

impl<'a> Token<'a> {
    fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    fn is(&self, word: &str) -> bool {
        self.is_word() && self.text.eq_ignore_ascii_case(word)
    }

    fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// Starts with a capital and has a lower-case letter (not an acronym).
    fn is_capitalised(&self) -> bool {
        let mut chars = self.text.chars();
        self.is_word()
            && chars.next().is_some_and(char::is_uppercase)
            && chars.any(char::is_lowercase)
    }

    /// The text lower-cased; borrowed when it is already (most words).
    fn lower(&self) -> Cow<'a, str> {
        if self.text.is_ascii() && !self.text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Borrowed(self.text)
        } else {
            Cow::Owned(self.text.to_lowercase())
        }
    }
}

/// The open quotations at the current point of a paragraph.
#[derive(Debug, Clone, Copy, Default)]
struct Quotes {
    /// The mark that opened the current double quotation.
    double: Option<char>,
    single: bool,
}

impl Quotes {
    fn open(&self) -> bool {
        self.double.is_some() || self.single
    }
}

/// Splits one sentence into words, clause punctuation and quote marks,
/// carrying the quotation state across sentences of a paragraph.
fn tokenize<'a>(text: &'a str, range: Range<usize>, quotes: &mut Quotes) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let sentence = &text[range.clone()];
    let base = range.start;
    let mut chars = sentence.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c.is_alphanumeric() {
            let mut end = at + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    chars.next();
                    continue;
                }
                // Inner apostrophes, hyphens and dots join words:
                // O'Brien, Jean-Luc, Frederiksen's, U.S.
                let after = sentence[j + d.len_utf8()..].chars().next();
                if matches!(d, '\'' | '’' | '-' | '‐' | '.')
                    && after.is_some_and(char::is_alphanumeric)
                {
                    chars.next();
                    continue;
                }
                break;
            }
            let word = &sentence[at..end];
            let (word, possessive) =
                match word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")) {
                    Some(stem) if !stem.is_empty() => (stem, true),
                    _ => (word, false),
                };
            out.push(Token {
                text: word,
                span: base + at..base + at + word.len(),
                kind: Kind::Word,
                quoted: quotes.open(),
                possessive,
            });
            prev = sentence[..end].chars().next_back();
            continue;
        }
        let after_space = prev.is_none_or(|p| p.is_whitespace() || "([{—–-".contains(p));
        let before_word = next.is_some_and(char::is_alphanumeric);
        let kind = match c {
            '"' | '“' | '”' | '„' | '«' | '»' => {
                quotes.double = match (quotes.double, c) {
                    (Some('„'), '“') | (Some(_), '"' | '”' | '»') => None,
                    (Some(open), _) => Some(open),
                    (None, _) => Some(c),
                };
                Some(Kind::Quote)
            }
            '‘' if after_space => {
                quotes.single = true;
                Some(Kind::Quote)
            }
            '\'' if after_space && before_word && !quotes.single => {
                quotes.single = true;
                Some(Kind::Quote)
            }
            '’' | '\'' if quotes.single && !before_word => {
                quotes.single = false;
                Some(Kind::Quote)
            }
            ',' | ';' | ':' | '(' | ')' | '.' | '!' | '?' | '—' | '–' => Some(Kind::Punct(c)),
            '-' if after_space && next.is_none_or(char::is_whitespace) => Some(Kind::Punct('—')),
            _ => None,
        };
        if let Some(kind) = kind {
            let span = base + at..base + at + c.len_utf8();
            out.push(Token {
                text: &text[span.clone()],
                span,
                kind,
                quoted: quotes.open() && kind != Kind::Quote,
                possessive: false,
            });
        }
        prev = Some(c);
    }
    out
}

// ---------------------------------------------------------------------------
// People

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sex {
    Male,
    Female,
}

impl Sex {
    fn other(self) -> Sex {
        match self {
            Sex::Male => Sex::Female,
            Sex::Female => Sex::Male,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Sex::Male => "a man",
            Sex::Female => "a woman",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MentionKind {
    /// A name we can follow: a full name, honorific + surname, or a
    /// surname named before.
    Named,
    /// A person noun: the minister, her husband, a spokeswoman. A
    /// gendered one speaking can be contradicted; otherwise only ever a
    /// reason for silence.
    Role,
    /// A name we cannot follow (a lone given name, a capitalised name of
    /// unknown gender): only ever a reason for silence.
    Other,
}

#[derive(Debug, Clone)]
struct Mention {
    /// Token range, including any title or honorific before the name.
    tokens: Range<usize>,
    kind: MentionKind,
    sex: Option<Sex>,
    /// The name as first given in full, for messages.
    name: String,
    quoted: bool,
}

/// What the document has said about each surname so far.
#[derive(Debug, Default)]
struct DocState {
    /// Surname (or first name) → (gender, if every mention agrees; the name
    /// in full as introduced).
    people: FastMap<String, (Option<Sex>, String)>,
    /// The last speaker: the person, and the sentence where they spoke.
    speaker: Option<Speaker>,
    /// Where a man, a woman, and someone of unknown gender last spoke (by
    /// name or description, not by pronoun).
    spoke: [Option<usize>; 3],
}

#[derive(Debug, Clone)]
struct Speaker {
    sex: Option<Sex>,
    /// The named person, if known.
    name: Option<String>,
    sentence: usize,
}

impl DocState {
    fn spoke(&mut self, sex: Option<Sex>, sentence: usize) {
        let slot = match sex {
            Some(Sex::Male) => 0,
            Some(Sex::Female) => 1,
            None => 2,
        };
        self.spoke[slot] = Some(sentence);
    }

    /// Whether someone who is not of the other gender than `sex` spoke
    /// in the last few sentences before `sentence`.
    fn spoke_recently(&self, sex: Sex, sentence: usize) -> bool {
        let slot = match sex {
            Sex::Male => 0,
            Sex::Female => 1,
        };
        [self.spoke[slot], self.spoke[2]]
            .into_iter()
            .flatten()
            .any(|s| s + RECENT_SPEAKERS >= sentence)
    }

    fn register(&mut self, key: &str, sex: Option<Sex>, name: &str) {
        // Looked up before inserting: a known name costs no key copy.
        match self.people.get_mut(key) {
            Some((s, _)) => {
                if *s != sex {
                    *s = None;
                }
            }
            None => {
                self.people.insert(key.to_string(), (sex, name.to_string()));
            }
        }
    }
}

struct SentenceInfo<'a> {
    index: usize,
    tokens: Vec<Token<'a>>,
    mentions: Vec<Mention>,
}

impl SentenceInfo<'_> {
    /// Every token is inside a quotation (or is a quote mark).
    fn wholly_quoted(&self) -> bool {
        self.tokens
            .iter()
            .all(|t| t.quoted || t.kind == Kind::Quote)
    }

    // Mentions are in order and never overlap: binary searches.
    fn mention_ending_at(&self, token: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.tokens.end <= token);
        self.mentions.get(i).filter(|m| m.tokens.end == token + 1)
    }

    fn mention_starting_at(&self, token: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.tokens.start < token);
        self.mentions.get(i).filter(|m| m.tokens.start == token)
    }
}

/// Finds the people one sentence names or describes, and records new names
/// in `state`.
fn find_mentions(tokens: &[Token<'_>], names: &GivenNames, state: &mut DocState) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.is_word() {
            i += 1;
            continue;
        }
        if t.is_capitalised() {
            let mut end = capitalised_run(tokens, i);
            if let Some(m) = run_mention(tokens, i, end, names, state) {
                end = end.max(m.tokens.end);
                out.push(m);
            }
            i = end;
            continue;
        }
        let lower = t.lower();
        if let Some(sex) = person_noun(&lower) {
            // "prime minister Mette Frederiksen": a title, not a second
            // person; ", the prime minister," after a name: the same person.
            let before_name = tokens
                .get(i + 1)
                .is_some_and(|n| n.is_capitalised() && !t.possessive);
            let appositive = i >= 2
                && matches!(&*tokens[i - 1].lower(), "the" | "a" | "an")
                && tokens[i - 2].is_punct(',')
                && out.last().is_some_and(|m: &Mention| m.tokens.end == i - 2);
            if !before_name && !appositive {
                out.push(Mention {
                    tokens: i..i + 1,
                    kind: MentionKind::Role,
                    sex,
                    name: t.text.to_string(),
                    quoted: t.quoted,
                });
            }
        }
        i += 1;
    }
    drop_appositives(tokens, &mut out);
    out
}

/// Drops what describes a named person in an appositive rather than naming
/// someone else: "Donna Reed, housing manager at Cornwall Housing, said"
/// holds one person. Only people of unknown gender are dropped, and only
/// from noun phrases, not from relative clauses ("Reed, who met Lund,").
fn drop_appositives(tokens: &[Token<'_>], mentions: &mut Vec<Mention>) {
    let mut inside: Vec<Range<usize>> = Vec::new();
    for m in mentions.iter().filter(|m| m.kind == MentionKind::Named) {
        let e = m.tokens.end;
        if !tokens.get(e).is_some_and(|t| t.is_punct(',')) {
            continue;
        }
        let opens_clause = tokens
            .get(e + 1)
            .is_none_or(|t| !t.is_word() || is_clause_break(&t.lower()));
        if opens_clause {
            continue;
        }
        let close = (e + 1..tokens.len().min(e + 12)).find(|&j| !tokens[j].is_word());
        if let Some(close) = close.filter(|&c| tokens[c].is_punct(',')) {
            inside.push(e + 1..close);
        }
    }
    if inside.is_empty() {
        return;
    }
    mentions.retain(|m| {
        m.kind == MentionKind::Named
            || m.sex.is_some()
            || !inside
                .iter()
                .any(|r| r.start <= m.tokens.start && m.tokens.end <= r.end)
    });
}

/// The end of the run of capitalised words (with name particles and
/// titles) starting at `start`; a possessive word ends it.
fn capitalised_run(tokens: &[Token<'_>], start: usize) -> usize {
    let mut end = start;
    while end < tokens.len() {
        let t = &tokens[end];
        // "von der Leyen", "al-Assad": particles before a capitalised word.
        let particle = end > start
            && (is_particle(t.text)
                && tokens[end + 1..]
                    .iter()
                    .take(3)
                    .find(|n| !is_particle(n.text))
                    .is_some_and(Token::is_capitalised)
                || t.text
                    .split_once('-')
                    .is_some_and(|(a, b)| is_particle(a) && b.starts_with(char::is_uppercase)));
        if !(t.is_capitalised() || particle) || t.quoted != tokens[start].quoted {
            break;
        }
        end += 1;
        if t.possessive {
            break;
        }
    }
    end
}

/// Reads a run of capitalised words as a person, if it is one.
fn run_mention(
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    names: &GivenNames,
    state: &mut DocState,
) -> Option<Mention> {
    let run = &tokens[start..end];
    let quoted = run[0].quoted;
    // An honorific and the name after it ("Mr." ends its own run).
    if let Some(sex) = is_honorific(run[0].text) {
        let mut name_start = start + 1;
        if tokens.get(name_start).is_some_and(|t| t.is_punct('.')) {
            name_start += 1;
        }
        let name_end = if name_start == start + 1 {
            end
        } else {
            capitalised_run(tokens, name_start)
        };
        if name_end <= name_start || has_place_word(&tokens[name_start..name_end]) {
            return None;
        }
        let surname = tokens[name_end - 1].text;
        let name = format!("{} {}", run[0].text, join(&tokens[name_start..name_end]));
        state.register(surname, Some(sex), &name);
        return Some(Mention {
            tokens: start..name_end,
            kind: MentionKind::Named,
            sex: Some(sex),
            name,
            quoted,
        });
    }
    // A full name: a given name after the titles, then a surname.
    for j in 0..run.len() {
        let word = run[j].text;
        let given = names
            .get(word)
            .or_else(|| word.split(['-', '‐']).next().and_then(|w| names.get(w)));
        let Some(given) = given else {
            if is_title(word) || j == 0 {
                continue;
            }
            break;
        };
        // After the titles, or after the sentence's first word ("Yesterday
        // Mette Frederiksen said").
        let follows_title = j == 0 || is_title(run[j - 1].text) || (j == 1 && start == 0);
        if !follows_title || is_not_a_person(word) {
            break;
        }
        if j + 1 >= run.len() {
            // A lone given name: a person, but not one we follow.
            if start + j == 0 && !state.people.contains_key(word) {
                return None;
            }
            break;
        }
        let rest = &run[j..];
        if has_place_word(rest) {
            return None;
        }
        let sex = match given.gender {
            Gender::Male => Some(Sex::Male),
            Gender::Female => Some(Sex::Female),
            Gender::Unisex => None,
        };
        let surname = run[run.len() - 1].text;
        let name = join(rest);
        state.register(surname, sex, &name);
        state.register(word, sex, &name);
        return Some(Mention {
            tokens: start..end,
            kind: MentionKind::Named,
            sex,
            name,
            quoted,
        });
    }
    // A surname (or first name) named before.
    let last = run[run.len() - 1].text;
    if let Some((sex, name)) = state.people.get(last) {
        return Some(Mention {
            tokens: start..end,
            kind: MentionKind::Named,
            sex: *sex,
            name: name.clone(),
            quoted,
        });
    }
    // Someone we cannot follow: a lone given name, or a capitalised name
    // of two words or more (after the titles and a sentence's first
    // word). Conservative: places and organisations count too, unless
    // their words give them away.
    let lone_given = run
        .iter()
        .find(|t| names.get(t.text).is_some() && !is_not_a_person(t.text));
    if let Some(t) = lone_given {
        let sex = match names.gender(t.text) {
            Some(Gender::Male) => Some(Sex::Male),
            Some(Gender::Female) => Some(Sex::Female),
            _ => None,
        };
        return Some(unfollowed(start..end, sex, t.text, quoted));
    }
    let skip = if start == 0 { 1 } else { 0 };
    let words: Vec<&Token<'_>> = run
        .iter()
        .skip(skip)
        .skip_while(|t| is_title(t.text))
        .collect();
    let titled = run.iter().any(|t| is_title(t.text)) && !words.is_empty();
    if (words.len() >= 2 || titled) && !has_place_word(run) {
        return Some(unfollowed(start..end, None, words[0].text, quoted));
    }
    None
}

fn unfollowed(tokens: Range<usize>, sex: Option<Sex>, name: &str, quoted: bool) -> Mention {
    Mention {
        tokens,
        kind: MentionKind::Other,
        sex,
        name: name.to_string(),
        quoted,
    }
}

fn join(tokens: &[Token<'_>]) -> String {
    tokens.iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------
// Rules

/// A subject pronoun's gender.
fn subject_pronoun(t: &Token<'_>) -> Option<Sex> {
    if !t.is_word() {
        return None;
    }
    match t.text {
        "he" | "He" | "HE" => Some(Sex::Male),
        "she" | "She" | "SHE" => Some(Sex::Female),
        _ => None,
    }
}

/// Any third-person singular pronoun's gender.
fn any_pronoun(t: &Token<'_>) -> Option<Sex> {
    if !t.is_word() {
        return None;
    }
    match &*t.lower() {
        "he" | "him" | "his" | "himself" => Some(Sex::Male),
        "she" | "her" | "hers" | "herself" => Some(Sex::Female),
        _ => None,
    }
}

/// Who is the subject of the reporting verb at `k`.
enum Subject<'m> {
    Person(&'m Mention),
    Pronoun(usize, Sex),
    /// Someone we cannot follow (an unknown capitalised word).
    Unknown,
}

fn reporting_subject<'m>(info: &'m SentenceInfo<'_>, k: usize) -> Option<Subject<'m>> {
    let tokens = &info.tokens;
    // "said" after a quotation or a comma, with the speaker after it.
    let after_quote = k == 0
        || tokens[k - 1].kind == Kind::Quote
        || tokens[k - 1].is_punct(',')
        || (k >= 2 && tokens[k - 1].is_punct(',') && tokens[k - 2].kind == Kind::Quote);
    if after_quote {
        if let Some(m) = info.mention_starting_at(k + 1) {
            return Some(Subject::Person(m));
        }
        if tokens.get(k + 1).is_some_and(|t| t.is("the")) {
            if let Some(m) = info.mention_starting_at(k + 2) {
                return Some(Subject::Person(m));
            }
        }
    }
    // The subject before the verb, over a few adverbs and auxiliaries.
    let mut back = k.checked_sub(1)?;
    for _ in 0..3 {
        if tokens[back].is_word() && is_adverb(&tokens[back].lower()) && back > 0 {
            back -= 1;
        } else {
            break;
        }
    }
    let t = &tokens[back];
    if let Some(sex) = subject_pronoun(t) {
        return Some(Subject::Pronoun(back, sex));
    }
    if let Some(m) = info.mention_ending_at(back) {
        return Some(Subject::Person(m));
    }
    if t.is_capitalised() && back > 0 {
        return Some(Subject::Unknown);
    }
    if t.is_word() {
        // "A spokeswoman for the airport said", "Mette Frederiksen of the
        // Social Democrats said": a person and a prepositional phrase.
        for b in (back.saturating_sub(6)..back).rev() {
            if !tokens[b + 1].is_word() {
                break;
            }
            if let Some(m) = info.mention_ending_at(b) {
                let pp = matches!(
                    &*tokens[b + 1].lower(),
                    "for" | "of" | "at" | "from" | "in" | "with"
                );
                return pp.then_some(Subject::Person(m));
            }
        }
    }
    if t.is_punct(',') {
        // "Frederiksen, who took office in 2019, said": the earliest name
        // followed by a comma within reach, with no quotation in between.
        let lo = back.saturating_sub(20);
        let mut found = None;
        for c in (lo..back).rev() {
            let tc = &tokens[c];
            if tc.kind == Kind::Quote || tc.is_punct(';') || tc.is_punct(':') {
                break;
            }
            if tc.is_word() && is_reporting_verb(tokens, c) {
                break;
            }
            if tc.is_punct(',') && c > 0 {
                if let Some(m) = info.mention_ending_at(c - 1) {
                    found = Some(m);
                }
            }
        }
        return found.map(Subject::Person);
    }
    None
}

/// Whether the pronoun at `p` opens a clause (after a conjunction or
/// sentence adverb): (opens a main clause, and nothing but quoted words
/// comes before it in the sentence).
fn opens_clause(tokens: &[Token<'_>], p: usize) -> (bool, bool) {
    let opener = |t: &Token<'_>| {
        t.is_word()
            && matches!(
                &*t.lower(),
                "and" | "but" | "yet" | "so" | "later" | "then" | "meanwhile" | "however" | "now"
            )
    };
    let mut q = p;
    loop {
        if q >= 2 && tokens[q - 1].is_punct(',') && opener(&tokens[q - 2]) {
            q -= 2;
        } else if q >= 1 && opener(&tokens[q - 1]) {
            q -= 1;
        } else {
            break;
        }
    }
    let at_start = tokens[..q]
        .iter()
        .all(|t| t.quoted || t.kind == Kind::Quote);
    if at_start {
        return (true, true);
    }
    let before = &tokens[q - 1];
    let after_quote = before.kind == Kind::Quote
        || (before.is_punct(',') && q >= 2 && tokens[q - 2].kind == Kind::Quote);
    let new_clause = after_quote || before.is_punct(';') || (q < p && before.is_punct(','));
    (new_clause, false)
}

fn check_speakers(
    info: &SentenceInfo<'_>,
    before: &[SentenceInfo<'_>],
    state: &mut DocState,
    out: &mut Vec<Finding>,
) {
    let tokens = &info.tokens;
    for k in 0..tokens.len() {
        if tokens[k].quoted || !tokens[k].is_word() || !is_reporting_verb(tokens, k) {
            continue;
        }
        let Some(subject) = reporting_subject(info, k) else {
            continue;
        };
        match subject {
            Subject::Person(m) if m.kind == MentionKind::Named && !m.quoted => {
                state.spoke(m.sex, info.index);
                state.speaker = Some(Speaker {
                    sex: m.sex,
                    name: Some(m.name.clone()),
                    sentence: info.index,
                });
            }
            Subject::Person(m) => {
                state.spoke(m.sex, info.index);
                // "the spokeswoman said": described, not named.
                let described = m.kind == MentionKind::Role
                    && !m.quoted
                    && m.tokens.start > 0
                    && matches!(&*tokens[m.tokens.start - 1].lower(), "the" | "a" | "an");
                state.speaker = Some(Speaker {
                    sex: m.sex,
                    name: described.then(|| format!("the {}", m.name)),
                    sentence: info.index,
                });
            }
            Subject::Unknown => {
                state.spoke(None, info.index);
                state.speaker = None;
            }
            Subject::Pronoun(p, sex) => {
                let previous = state.speaker.take();
                let (opens, at_start) = opens_clause(tokens, p);
                let mut next = Speaker {
                    sex: Some(sex),
                    name: None,
                    sentence: info.index,
                };
                if let Some(prev) = previous {
                    // The same person speaking on: keep following them.
                    if prev.sex == Some(sex) {
                        next = Speaker {
                            sentence: info.index,
                            ..prev
                        };
                    } else if let (Some(other), Some(name)) = (prev.sex, &prev.name) {
                        let from = previous_prose(before, info.index);
                        let right_after = if prev.sentence == info.index {
                            opens && !at_start
                        } else {
                            at_start && from.is_some_and(|f| prev.sentence >= f)
                        };
                        let window = from.unwrap_or(info.index);
                        // Alternating quotes: "She said" may go back to a
                        // woman who spoke a few sentences earlier.
                        if right_after
                            && !state.spoke_recently(sex, info.index)
                            && !someone_else(before, info, window, sex, p)
                        {
                            out.push(finding(
                                info,
                                p,
                                "coreference/speaker-gender",
                                if name.starts_with("the ") {
                                    format!("'{}' refers to {name} just before", tokens[p].text)
                                } else {
                                    format!(
                                        "'{}' refers to {name}, named as {} just before",
                                        tokens[p].text,
                                        other.noun()
                                    )
                                },
                                WEIGHT_SPEAKER,
                                other,
                            ));
                        }
                    }
                }
                state.speaker = Some(next);
            }
        }
    }
}

/// The index of the sentence before `index`, skipping sentences that are
/// wholly inside a quotation (a speaker's words run over several).
fn previous_prose(before: &[SentenceInfo<'_>], index: usize) -> Option<usize> {
    before[..index]
        .iter()
        .rev()
        .take(4)
        .find(|s| !s.wholly_quoted())
        .map(|s| s.index)
}

/// Whether anyone who could be meant by a pronoun of gender `sex` appears in sentences `from..=info.index`. In the current
/// sentence, people of unknown gender and pronouns count only before the
/// pronoun at `p`: a name after it is rarely what it refers to ("… his
/// proposal to the European Parliament").
fn someone_else(
    before: &[SentenceInfo<'_>],
    info: &SentenceInfo<'_>,
    from: usize,
    sex: Sex,
    p: usize,
) -> bool {
    // The person the pronoun contradicts has the other gender, so every
    // mention of them is ruled out by gender alone; a surname shared by a
    // man and a woman has no gender and counts.
    let could_be = |m: &Mention| m.sex != Some(sex.other());
    let earlier = before[from.min(info.index)..info.index].iter();
    for s in earlier {
        if s.mentions.iter().any(could_be) {
            return true;
        }
        if s.tokens.iter().any(|t| any_pronoun(t) == Some(sex)) {
            return true;
        }
    }
    info.mentions
        .iter()
        .any(|m| could_be(m) && (m.tokens.start < p || m.sex == Some(sex)))
        || info.tokens[..p].iter().any(|t| any_pronoun(t) == Some(sex))
}

fn check_possessives(info: &SentenceInfo<'_>, before: &[SentenceInfo<'_>], out: &mut Vec<Finding>) {
    let tokens = &info.tokens;
    for m in &info.mentions {
        let (MentionKind::Named, Some(sex), false) = (m.kind, m.sex, m.quoted) else {
            continue;
        };
        if tokens[m.tokens.end - 1].possessive {
            continue;
        }
        // The subject of a clause: first in the sentence or after a comma
        // or a dateline's dash.
        let s = m.tokens.start;
        let clause_start = s == 0
            || tokens[s - 1].is_punct(',')
            || tokens[s - 1].is_punct('—')
            || tokens[s - 1].is_punct('–')
            || (s == 1 && matches!(&*tokens[0].lower(), "but" | "and" | "yet"));
        if !clause_start {
            continue;
        }
        let Some(verb) = tokens.get(m.tokens.end) else {
            continue;
        };
        if !verb.is_word()
            || verb.is_capitalised()
            || matches!(
                &*verb.lower(),
                "and" | "or" | "nor" | "of" | "who" | "whose" | "which" | "that"
            )
        {
            continue;
        }
        let reach = (m.tokens.end + POSSESSIVE_REACH).min(tokens.len());
        for q in m.tokens.end..reach {
            let t = &tokens[q];
            if !t.is_word() || t.quoted || t.is_capitalised() || is_clause_break(&t.lower()) {
                break;
            }
            let lower = t.lower();
            if person_noun(&lower).is_some() && q > m.tokens.end {
                break;
            }
            let pronoun = match &*lower {
                "his" | "himself" => Some(Sex::Male),
                "herself" => Some(Sex::Female),
                "her" if looks_possessive(tokens, q) => Some(Sex::Female),
                "he" | "she" | "him" | "her" | "they" | "them" | "their" | "it" | "its" => break,
                _ => None,
            };
            let Some(p_sex) = pronoun else {
                continue;
            };
            if p_sex == sex {
                break;
            }
            let from = info.index.saturating_sub(POSSESSIVE_WINDOW);
            let reflexive = lower.ends_with("self");
            if !someone_else(before, info, from, p_sex, q)
                && !later_pronoun_elsewhere(info, q, p_sex)
            {
                let role = if reflexive { "reflexive" } else { "possessive" };
                out.push(finding(
                    info,
                    q,
                    "coreference/possessive-gender",
                    format!(
                        "'{}' ({role}) refers to {}, the subject of this clause, named as {}",
                        t.text,
                        m.name,
                        sex.noun()
                    ),
                    WEIGHT_POSSESSIVE,
                    sex,
                ));
            }
            break;
        }
    }
}

/// Another pronoun of the same gender later in the sentence outside the
/// clause suggests a second person is being talked about.
fn later_pronoun_elsewhere(info: &SentenceInfo<'_>, q: usize, sex: Sex) -> bool {
    info.tokens[q + 1..]
        .iter()
        .any(|t| subject_pronoun(t) == Some(sex))
}

/// Whether "her" at `q` reads as a possessive ("her budget") rather than an
/// object ("told her the plan", "thanked her warmly").
fn looks_possessive(tokens: &[Token<'_>], q: usize) -> bool {
    let Some(next) = tokens.get(q + 1) else {
        return false;
    };
    if !next.is_word() || next.is_capitalised() {
        return false;
    }
    let lower = next.lower();
    if lower.ends_with("ly") || lower.ends_with("ing") || is_function_word(&lower) {
        return false;
    }
    let prev = q
        .checked_sub(1)
        .map(|i| tokens[i].lower())
        .unwrap_or_default();
    !is_object_verb(&prev)
}

fn check_no_antecedent(
    info: &SentenceInfo<'_>,
    before: &[SentenceInfo<'_>],
    out: &mut Vec<Finding>,
) {
    // The headline and the first sentence are allowed to open on a
    // pronoun: feature ledes do ("She was 17 when …").
    if info.index < 2 {
        return;
    }
    let Some(first) = info.tokens.first() else {
        return;
    };
    let Some(sex) = subject_pronoun(first) else {
        return;
    };
    if first.quoted || !first.text.starts_with(char::is_uppercase) {
        return;
    }
    if before.iter().any(names_anyone) {
        return;
    }
    out.push(finding(
        info,
        0,
        "coreference/no-antecedent",
        format!(
            "'{}' opens the sentence but no person is named or described before it",
            first.text
        ),
        WEIGHT_NO_ANTECEDENT,
        sex,
    ));
}

/// Whether a sentence names or describes any person at all: a mention, a
/// person noun (singular or plural), a pronoun, or any capitalised word
/// that is not the first of the sentence (days and months aside).
fn names_anyone(s: &SentenceInfo<'_>) -> bool {
    !s.mentions.is_empty()
        || s.tokens.iter().enumerate().any(|(i, t)| {
            any_pronoun(t).is_some()
                || (t.is_word() && plural_person_noun(&t.lower()))
                || (i > 0 && t.is_capitalised() && !is_calendar_word(t.text))
        })
}

fn is_calendar_word(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

fn finding(
    info: &SentenceInfo<'_>,
    token: usize,
    rule: &str,
    message: String,
    weight: f32,
    sex: Sex,
) -> Finding {
    let t = &info.tokens[token];
    let suggestion = if rule == "coreference/no-antecedent" {
        None
    } else {
        Some(swap_pronoun(t.text, sex))
    };
    Finding {
        detector: ID,
        category: Category::Coreference,
        rule: rule.into(),
        span: t.span.clone(),
        sentence: info.index,
        message: message.into(),
        suggestion: suggestion.map(Into::into),
        weight,
        languages: Arc::from(Vec::new()),
    }
}

/// The pronoun of gender `sex` in the grammatical role of `word`, in its
/// capitalisation.
fn swap_pronoun(word: &str, sex: Sex) -> String {
    let lower = word.to_lowercase();
    let swapped = match (lower.as_str(), sex) {
        ("he", Sex::Female) => "she",
        ("she", Sex::Male) => "he",
        ("his", Sex::Female) => "her",
        ("her", Sex::Male) => "his",
        ("himself", Sex::Female) => "herself",
        ("herself", Sex::Male) => "himself",
        _ => return word.to_string(),
    };
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => {
            let mut s = swapped.to_string();
            s[..1].make_ascii_uppercase();
            s
        }
        _ => swapped.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Word lists

/// The gender an honorific marks.
fn is_honorific(word: &str) -> Option<Sex> {
    match word {
        "Mr" | "Mister" | "Sir" | "Lord" | "Monsieur" | "Herr" | "Signor" | "Señor" | "Senor" => {
            Some(Sex::Male)
        }
        "Mrs" | "Ms" | "Miss" | "Madame" | "Mme" | "Dame" | "Lady" | "Frau" | "Signora"
        | "Señora" | "Senora" | "Mlle" | "Mademoiselle" => Some(Sex::Female),
        _ => None,
    }
}

/// Capitalised titles and office words that may stand before a name.
fn is_title(word: &str) -> bool {
    matches!(
        word,
        "President"
            | "Prime"
            | "Minister"
            | "Chancellor"
            | "Secretary"
            | "Senator"
            | "Sen"
            | "Rep"
            | "Representative"
            | "Congressman"
            | "Congresswoman"
            | "Governor"
            | "Gov"
            | "Mayor"
            | "Judge"
            | "Justice"
            | "Dr"
            | "Doctor"
            | "Professor"
            | "Prof"
            | "General"
            | "Gen"
            | "Colonel"
            | "Col"
            | "Captain"
            | "Capt"
            | "Lieutenant"
            | "Sergeant"
            | "Sgt"
            | "Officer"
            | "Detective"
            | "Inspector"
            | "Constable"
            | "Superintendent"
            | "Chief"
            | "Commissioner"
            | "Director"
            | "Chairman"
            | "Chairwoman"
            | "Ambassador"
            | "Archbishop"
            | "Bishop"
            | "Cardinal"
            | "Pope"
            | "Father"
            | "Rev"
            | "Reverend"
            | "Rabbi"
            | "Imam"
            | "Sheikh"
            | "King"
            | "Queen"
            | "Prince"
            | "Princess"
            | "Duke"
            | "Duchess"
            | "Speaker"
            | "Leader"
            | "Coach"
            | "Manager"
            | "Vice"
            | "Deputy"
            | "Premier"
            | "Emir"
            | "Sultan"
            | "Foreign"
            | "Finance"
            | "Defence"
            | "Defense"
            | "Interior"
            | "MP"
            | "MEP"
            | "Democrat"
            | "Republican"
            | "Former"
            | "Acting"
            | "Attorney"
            | "Prosecutor"
            | "Agent"
            | "Pastor"
            | "Striker"
            | "Midfielder"
            | "Defender"
            | "Goalkeeper"
            | "Coroner"
            | "CEO"
    )
}

/// Given names that are, in news text, usually places, months or words.
fn is_not_a_person(word: &str) -> bool {
    matches!(
        word,
        "Paris"
            | "Jordan"
            | "Georgia"
            | "Santa"
            | "San"
            | "Israel"
            | "India"
            | "China"
            | "Kenya"
            | "Chad"
            | "Lincoln"
            | "Washington"
            | "Sydney"
            | "Austin"
            | "Dallas"
            | "Houston"
            | "Orlando"
            | "Salvador"
            | "Florence"
            | "Victoria"
            | "Regina"
            | "Adelaide"
            | "Madison"
            | "Denver"
            | "Phoenix"
            | "Virginia"
            | "Carolina"
            | "Savannah"
            | "Augusta"
            | "Alexandria"
            | "Brooklyn"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "Will"
            | "Hope"
            | "Faith"
            | "Joy"
            | "Summer"
            | "Christmas"
            | "Easter"
    )
}

/// Words that make a capitalised run a place, organisation or thing.
fn has_place_word(run: &[Token<'_>]) -> bool {
    run.iter().any(|t| {
        matches!(
            t.text,
            "Station"
                | "Street"
                | "St"
                | "Road"
                | "Avenue"
                | "Lane"
                | "Square"
                | "Bridge"
                | "Park"
                | "Airport"
                | "Port"
                | "Harbour"
                | "University"
                | "College"
                | "School"
                | "Academy"
                | "Hospital"
                | "Clinic"
                | "Church"
                | "Cathedral"
                | "Chapel"
                | "Mosque"
                | "Temple"
                | "Museum"
                | "Gallery"
                | "Hotel"
                | "Hall"
                | "House"
                | "Palace"
                | "Castle"
                | "Tower"
                | "Centre"
                | "Center"
                | "Institute"
                | "Foundation"
                | "Fund"
                | "Trust"
                | "Company"
                | "Corporation"
                | "Inc"
                | "Ltd"
                | "Group"
                | "Bank"
                | "Party"
                | "Union"
                | "Democrats"
                | "Republicans"
                | "Prize"
                | "Award"
                | "Cup"
                | "Trophy"
                | "League"
                | "Stadium"
                | "Arena"
                | "Island"
                | "Islands"
                | "River"
                | "Lake"
                | "Mountain"
                | "Mountains"
                | "Valley"
                | "Bay"
                | "Sea"
                | "Ocean"
                | "County"
                | "City"
                | "State"
                | "Province"
                | "District"
                | "Region"
                | "Falls"
                | "Beach"
                | "Forest"
                | "Canal"
                | "Memorial"
                | "Day"
                | "Festival"
                | "FC"
                | "United"
                | "Rovers"
                | "Athletic"
                | "Motors"
                | "Airlines"
                | "Airways"
                | "Times"
                | "Post"
                | "News"
                | "Journal"
                | "Herald"
                | "Line"
                | "Hills"
                | "Heights"
                | "Gardens"
                | "Court"
                | "Council"
                | "Ministry"
                | "Committee"
                | "Commission"
                | "Agency"
                | "Office"
                | "Act"
                | "Law"
                | "Plan"
                | "Report"
        )
    })
}

/// Name particles that may sit inside a name: Ursula von der Leyen.
fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "van"
            | "von"
            | "der"
            | "den"
            | "de"
            | "da"
            | "di"
            | "du"
            | "la"
            | "le"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "dos"
            | "das"
            | "del"
            | "ter"
            | "ten"
            | "zu"
    )
}

/// A singular person noun, with the gender it marks (None: either).
fn person_noun(lower: &str) -> Option<Option<Sex>> {
    Some(match lower {
        "man" | "boy" | "father" | "dad" | "husband" | "son" | "brother" | "uncle" | "nephew"
        | "grandfather" | "grandson" | "king" | "prince" | "duke" | "spokesman" | "businessman"
        | "congressman" | "policeman" | "fireman" | "gentleman" | "monk" | "priest"
        | "boyfriend" | "stepfather" | "step-father" | "stepson" | "widower" | "waiter"
        | "emperor" | "baron" | "sultan" | "emir" | "sheikh" | "father-in-law" | "son-in-law"
        | "brother-in-law" | "groom" | "bridegroom" | "schoolboy" | "lad" | "guy" | "fiancé"
        | "sportsman" | "cameraman" | "fisherman" | "headmaster" | "salesman" => Some(Sex::Male),
        "woman" | "girl" | "mother" | "mum" | "mom" | "wife" | "daughter" | "sister" | "aunt"
        | "niece" | "grandmother" | "granddaughter" | "queen" | "princess" | "duchess"
        | "spokeswoman" | "chairwoman" | "businesswoman" | "congresswoman" | "policewoman"
        | "lady" | "nun" | "girlfriend" | "stepmother" | "step-mother" | "stepdaughter"
        | "step-daughter" | "widow" | "actress" | "waitress" | "empress" | "baroness"
        | "mother-in-law" | "daughter-in-law" | "sister-in-law" | "bride" | "schoolgirl"
        | "fiancée" | "sportswoman" | "headmistress" | "landlady" | "saleswoman" => {
            Some(Sex::Female)
        }
        // Used for women too: "the chairman, Gertrud Bühl".
        "chairman" | "actor" | "landlord" | "minister" | "president" | "official"
        | "spokesperson" | "leader" | "chancellor" | "premier" | "mayor" | "governor"
        | "senator" | "secretary" | "director" | "chief" | "executive" | "chair"
        | "chairperson" | "officer" | "judge" | "prosecutor" | "lawyer" | "attorney" | "doctor"
        | "teacher" | "student" | "driver" | "victim" | "suspect" | "witness" | "player"
        | "coach" | "manager" | "colleague" | "counterpart" | "predecessor" | "successor"
        | "rival" | "opponent" | "candidate" | "politician" | "lawmaker" | "legislator"
        | "deputy" | "mp" | "ambassador" | "diplomat" | "commander" | "soldier" | "author"
        | "writer" | "journalist" | "reporter" | "editor" | "analyst" | "expert" | "economist"
        | "researcher" | "scientist" | "professor" | "worker" | "employee" | "owner"
        | "founder" | "partner" | "friend" | "neighbour" | "neighbor" | "resident" | "child"
        | "baby" | "patient" | "person" | "individual" | "someone" | "somebody" | "customer"
        | "passenger" | "pilot" | "artist" | "singer" | "musician" | "athlete" | "head"
        | "boss" | "ceo" | "activist" | "protester" | "citizen" | "voter" | "member"
        | "supporter" | "fan" | "relative" | "parent" | "sibling" | "cousin" | "teenager"
        | "youngster" | "pupil" | "nurse" | "surgeon" | "physician" | "farmer" | "presenter"
        | "host" | "guest" | "speaker" | "negotiator" | "envoy" | "inspector" | "detective"
        | "constable" | "sergeant" | "captain" | "colonel" | "general" | "lieutenant"
        | "commissioner" | "pope" | "bishop" | "spouse" | "partner's" | "chairwoman's"
        | "defendant" | "accused" | "gunman" | "attacker" | "killer" | "thief" | "robber"
        | "pedestrian" | "cyclist" | "motorist" | "biker" | "rider" | "runner" | "winner"
        | "loser" | "champion" | "challenger" | "incumbent" | "nominee" | "appointee"
        | "adviser" | "advisor" | "aide" | "assistant" | "consultant" | "entrepreneur"
        | "investor" | "banker" | "trader" | "owner's" | "tenant" | "landowner" | "prisoner"
        | "inmate" | "detainee" | "hostage" | "refugee" | "migrant" | "immigrant" | "survivor"
        | "mourner" | "stranger" | "visitor" | "tourist" | "fighter" | "boxer" | "striker"
        | "goalkeeper" | "defender" | "midfielder" | "batsman" | "bowler" | "jockey"
        | "trainer" | "referee" | "umpire" | "actor's" | "star" | "celebrity" | "chef"
        | "designer" | "architect" | "engineer" | "officer's" | "cop" | "agent" | "spy"
        | "informant" | "whistleblower" | "source" | "insider" | "novelist" | "poet"
        | "painter" | "photographer" | "director's" | "producer" | "composer" | "dancer"
        | "comedian" | "broadcaster" | "columnist" | "blogger" | "billionaire" | "millionaire"
        | "heir" | "tycoon" | "magnate" | "monarch" | "ruler" | "dictator" | "president-elect"
        | "prime-minister" | "premier's" | "counsellor" | "councillor" | "councilor"
        | "magistrate" | "coroner" | "paramedic" | "firefighter" | "medic" | "therapist"
        | "psychologist" | "psychiatrist" | "dentist" | "pharmacist" | "vet" | "priest's"
        | "pastor" | "rabbi" | "imam" | "cleric" | "preacher" | "chaplain" | "headteacher"
        | "principal" | "lecturer" | "academic" | "scholar" | "historian" | "philosopher"
        | "graduate" | "applicant" | "recruit" | "volunteer" | "organiser" | "organizer"
        | "campaigner" | "spokesperson's" | "representative" | "delegate" | "minister's" => None,
        _ => return None,
    })
}

/// Plural person nouns: enough for "someone is described" in the
/// no-antecedent rule.
fn plural_person_noun(lower: &str) -> bool {
    matches!(
        lower,
        "people"
            | "officials"
            | "police"
            | "men"
            | "women"
            | "children"
            | "residents"
            | "ministers"
            | "leaders"
            | "voters"
            | "students"
            | "workers"
            | "members"
            | "experts"
            | "doctors"
            | "players"
            | "fans"
            | "families"
            | "family"
            | "parents"
            | "witnesses"
            | "victims"
            | "friends"
            | "colleagues"
            | "staff"
            | "team"
            | "crowd"
            | "protesters"
            | "lawmakers"
            | "politicians"
            | "citizens"
            | "passengers"
            | "soldiers"
            | "troops"
            | "officers"
            | "journalists"
            | "reporters"
            | "authors"
            | "scientists"
            | "researchers"
            | "investigators"
            | "prosecutors"
            | "judges"
            | "lawyers"
            | "teachers"
            | "patients"
            | "couple"
            | "anyone"
            | "everyone"
            | "nobody"
            | "someone"
    ) || person_noun(lower).is_some()
}

/// Words that may stand between a subject and its reporting verb.
fn is_adverb(lower: &str) -> bool {
    matches!(
        lower,
        "also"
            | "later"
            | "then"
            | "has"
            | "had"
            | "have"
            | "previously"
            | "further"
            | "earlier"
            | "again"
            | "once"
            | "repeatedly"
            | "recently"
            | "subsequently"
            | "reportedly"
            | "would"
            | "will"
            | "already"
            | "first"
            | "simply"
            | "only"
            | "just"
            | "quickly"
            | "firmly"
            | "publicly"
            | "openly"
            | "clearly"
            | "often"
            | "never"
            | "always"
            | "finally"
            | "even"
    )
}

/// Whether the word at `k` is a reporting verb: said, told, added, pointed
/// out and the like.
fn is_reporting_verb(tokens: &[Token<'_>], k: usize) -> bool {
    let lower = tokens[k].lower();
    match &*lower {
        "said" | "says" | "told" | "tells" | "added" | "adds" | "stressed" | "stresses"
        | "noted" | "notes" | "declared" | "declares" | "explained" | "explains" | "insisted"
        | "insists" | "argued" | "argues" | "warned" | "warns" | "claimed" | "claims"
        | "stated" | "states" | "announced" | "announces" | "replied" | "replies" | "responded"
        | "responds" | "continued" | "continues" | "emphasised" | "emphasized" | "emphasises"
        | "emphasizes" | "underlined" | "underscored" | "asserted" | "commented" | "remarked"
        | "admitted" | "admits" | "acknowledged" | "wrote" | "writes" | "asked" | "asks"
        | "confirmed" | "confirms" | "recalled" | "recalls" | "urged" | "urges" | "concluded"
        | "observed" | "revealed" | "assured" | "maintained" | "reiterated" | "conceded"
        | "objected" | "complained" | "suggested" | "suggests" | "believes" | "thinks"
        | "hopes" | "predicted" | "estimated" | "promised" | "vowed" | "pledged" | "recounted"
        | "described" => true,
        "pointed" | "went" => tokens.get(k + 1).is_some_and(|t| t.is("out") || t.is("on")),
        _ => false,
    }
}

/// Words that end the clause a possessive is searched in.
fn is_clause_break(lower: &str) -> bool {
    matches!(
        lower,
        "that"
            | "who"
            | "whom"
            | "which"
            | "whose"
            | "when"
            | "while"
            | "after"
            | "before"
            | "because"
            | "and"
            | "but"
            | "as"
            | "if"
            | "since"
            | "although"
            | "though"
            | "where"
            | "so"
            | "or"
            | "nor"
            | "than"
            | "until"
            | "unless"
            | "whether"
            | "whereas"
            | "how"
            | "why"
            | "what"
            | "said"
            | "says"
            | "told"
            | "by"
            | "with"
            | "like"
            | "including"
            | "against"
    )
}

/// Function words that cannot follow a possessive "her".
fn is_function_word(lower: &str) -> bool {
    matches!(
        lower,
        "the"
            | "a"
            | "an"
            | "to"
            | "that"
            | "this"
            | "and"
            | "or"
            | "but"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "about"
            | "from"
            | "of"
            | "by"
            | "as"
            | "into"
            | "out"
            | "up"
            | "down"
            | "back"
            | "off"
            | "over"
            | "away"
            | "again"
            | "last"
            | "next"
            | "yesterday"
            | "today"
            | "tomorrow"
            | "once"
            | "twice"
            | "when"
            | "if"
            | "because"
            | "what"
            | "how"
            | "why"
            | "who"
            | "where"
            | "so"
            | "too"
            | "all"
            | "some"
            | "any"
            | "no"
            | "not"
            | "his"
            | "her"
            | "their"
            | "its"
            | "was"
            | "is"
            | "be"
            | "go"
            | "come"
            | "do"
            | "feel"
            | "know"
            | "see"
            | "think"
            | "money"
            | "time"
            | "home"
            | "there"
            | "here"
            | "now"
            | "then"
            | "first"
            | "one"
            | "two"
            | "more"
            | "less"
            | "well"
    )
}

/// Verbs after which "her" is the object, with something after it: "told
/// her the news", "made her leave", "gave her money".
fn is_object_verb(lower: &str) -> bool {
    matches!(
        lower,
        "told"
            | "tell"
            | "tells"
            | "gave"
            | "give"
            | "gives"
            | "made"
            | "make"
            | "makes"
            | "let"
            | "lets"
            | "saw"
            | "see"
            | "heard"
            | "watched"
            | "helped"
            | "help"
            | "asked"
            | "ask"
            | "sent"
            | "send"
            | "wished"
            | "offered"
            | "handed"
            | "showed"
            | "shown"
            | "bought"
            | "called"
            | "named"
            | "found"
            | "left"
            | "kept"
            | "got"
            | "get"
            | "paid"
            | "promised"
            | "taught"
            | "owed"
            | "brought"
            | "wanted"
            | "allowed"
            | "forced"
            | "urged"
            | "considered"
            | "declared"
            | "elected"
            | "appointed"
            | "thanked"
            | "praised"
            | "blamed"
            | "accused"
            | "congratulated"
            | "met"
            | "joined"
            | "hit"
            | "struck"
            | "drove"
            | "took"
            | "followed"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> GivenNames {
        let table = crate::lexicon::Table {
            name: "names/test.tsv".into(),
            path: "names/test.tsv".into(),
            text: Arc::from(
                "Mette\tf\tda\nOlaf\tm\tde\nAngela\tf\tde\nEmmanuel\tm\tfr\nMaria\tf\tit\nAndrea\tu\tit\nJordan\tu\ten\nVictoria\tf\ten\nAnna\tf\tsv\nJohn\tm\ten\nMary\tf\ten\nKim\tu\tko\nSamuel\tm\ten\nŁukasz\tm\tpl\n",
            ),
        };
        GivenNames::from_tables([&table]).0
    }

    /// The flagged pronouns of `text`, as (rule, pronoun, sentence).
    fn flags(text: &str) -> Vec<(String, String, usize)> {
        let detector = Coreference {
            names: Arc::new(names()),
        };
        let doc = Segmented::new(text);
        let mut out = Vec::new();
        detector.detect(&doc, &mut out);
        crate::detect::assert_in_sentences(&doc, &out);
        out.iter()
            .map(|f| {
                (
                    f.rule.to_string(),
                    text[f.span.clone()].to_string(),
                    f.sentence,
                )
            })
            .collect()
    }

    fn rules(text: &str) -> Vec<String> {
        flags(text)
            .into_iter()
            .map(|(r, w, _)| format!("{r} {w}"))
            .collect()
    }

    #[test]
    fn a_reporting_pronoun_of_the_other_gender_after_a_named_speaker() {
        let text = "Budget row in Copenhagen\n\nPrime Minister Mette Frederiksen told reporters on Monday that the budget was fair. He added that taxes would not rise.";
        assert_eq!(rules(text), ["coreference/speaker-gender He"]);
        let f = {
            let detector = Coreference {
                names: Arc::new(names()),
            };
            let doc = Segmented::new(text);
            let mut out = Vec::new();
            detector.detect(&doc, &mut out);
            out.remove(0)
        };
        assert_eq!(
            &*f.message,
            "'He' refers to Mette Frederiksen, named as a woman just before"
        );
        assert_eq!(f.suggestion.as_deref(), Some("She"));
        assert!(f.languages.is_empty());
        assert!((0.4..=0.5).contains(&f.weight));
    }

    #[test]
    fn after_a_quotation_in_the_same_sentence() {
        assert_eq!(
            rules("\"We will not raise taxes,\" Olaf Scholz said. \"It is a fair budget,\" she added."),
            ["coreference/speaker-gender she"]
        );
        assert_eq!(
            rules("\"We will not raise taxes,\" said Angela Merkel on Monday. \"It is a fair budget,\" he stressed."),
            ["coreference/speaker-gender he"]
        );
    }

    #[test]
    fn the_surname_alone_and_an_honorific_carry_the_gender() {
        assert_eq!(
            rules("Angela Merkel arrived in Paris on Monday. Merkel said the talks went well. He added that more were planned."),
            ["coreference/speaker-gender He"]
        );
        assert_eq!(
            rules("Ms Randle said she was pleased. He stressed that the case was closed."),
            ["coreference/speaker-gender He"]
        );
        assert_eq!(
            rules("Mr. Tanaka said the plant was safe. She added that inspections continued."),
            ["coreference/speaker-gender She"]
        );
    }

    #[test]
    fn correct_pronouns_and_chains_stay_silent() {
        assert!(rules("Mette Frederiksen told reporters the budget was fair. She added that taxes would not rise. She stressed the point.").is_empty());
        assert!(
            rules("Olaf Scholz said he was confident. He added that talks would continue.")
                .is_empty()
        );
    }

    #[test]
    fn another_person_of_the_pronoun_gender_silences() {
        // A man named in the previous sentence.
        assert!(rules("Mette Frederiksen met Olaf Scholz in Berlin and said the talks went well. He said the same.").is_empty());
        // A gendered noun.
        assert!(rules(
            "Ms Randle said her husband had been attacked. He told police he saw nothing."
        )
        .is_empty());
        // A pronoun of that gender.
        assert!(
            rules("Mette Frederiksen said he had lied to her. He denied it and he said so.")
                .is_empty()
        );
        // A capitalised name of unknown gender.
        assert!(rules(
            "Mette Frederiksen said she had spoken to Ulf Kristersson. He said the call went well."
        )
        .is_empty());
        // An unspecific person noun.
        assert!(rules("Mette Frederiksen said she would meet the Swedish prime minister. He said he looked forward to it.").is_empty());
    }

    #[test]
    fn an_appositive_describes_the_speaker_and_is_not_someone_else() {
        assert_eq!(
            rules("Mette Hansen, housing manager at Cornwall Housing, said the house was ruined. He said the tenants had left."),
            ["coreference/speaker-gender He"]
        );
        // A relative clause may name someone else.
        assert!(rules(
            "Mette Hansen, who met Ulf Kristersson, said the talks went well. He said the same."
        )
        .is_empty());
        // A man in the appositive still counts.
        assert!(rules("Mette Hansen, the wife of Olaf Hansen, said the house was ruined. He said the tenants had left.").is_empty());
    }

    #[test]
    fn a_recent_speaker_of_the_pronoun_gender_silences() {
        // Alternating quotes: "She" goes back to the woman who spoke before.
        assert!(rules("Mette Frederiksen said the talks had gone well. Olaf Scholz said there was more to do. She said she would return in May.").is_empty());
        // Without her, the pronoun contradicts the man just named.
        assert_eq!(
            rules("The talks had gone well. Olaf Scholz said there was more to do. She said she would return in May."),
            ["coreference/speaker-gender She"]
        );
    }

    #[test]
    fn long_and_repetitive_input_is_handled() {
        let text = format!(
            "Mette {}Frederiksen said so. {}{}",
            "de ".repeat(5000),
            "He said, she said, Mette Frederiksen said, ".repeat(3000),
            "Ms Ms Mr Mr. ".repeat(2000)
        );
        flags(&text);
    }

    #[test]
    fn a_gendered_person_noun_can_be_the_speaker() {
        let text = "Flights resume\n\nFlights resumed on Sunday. A spokeswoman for the airport said all runways were open. He added that delays were expected.";
        assert_eq!(rules(text), ["coreference/speaker-gender He"]);
        let detector = Coreference {
            names: Arc::new(names()),
        };
        let doc = Segmented::new(text);
        let mut out = Vec::new();
        detector.detect(&doc, &mut out);
        assert_eq!(
            &*out[0].message,
            "'He' refers to the spokeswoman just before"
        );
        // "Chairman" is used for women too.
        assert!(rules("Flights resumed on Sunday. The chairman of the airport said all runways were open. She added that delays were expected.").is_empty());
        // Unspecific nouns are never evidence.
        assert!(rules("Flights resumed on Sunday. A spokesperson for the airport said all runways were open. He added that delays were expected.").is_empty());
        assert!(rules("Flights resumed on Sunday. The minister said all runways were open. She added that delays were expected.").is_empty());
    }

    #[test]
    fn unknown_and_unisex_names_are_never_evidence() {
        assert!(rules(
            "Andrea Rossi said the bridge was safe. She added that repairs would start soon."
        )
        .is_empty());
        assert!(
            rules("Kim Lee said the bridge was safe. He added that repairs would start soon.")
                .is_empty()
        );
        assert!(rules(
            "Tariq Aziz said the bridge was safe. She added that repairs would start soon."
        )
        .is_empty());
    }

    #[test]
    fn pronouns_in_quotations_are_not_judged() {
        assert!(rules("Mette Frederiksen told reporters: \"He said he would come.\"").is_empty());
        assert!(rules("Angela Merkel said: «He will add more.»").is_empty());
        assert!(rules("Angela Merkel said it was fine. “He added nothing,” she said.").is_empty());
    }

    #[test]
    fn a_possessive_against_the_subject_of_its_clause() {
        assert_eq!(
            rules("Mette Frederiksen defended his budget in parliament on Tuesday."),
            ["coreference/possessive-gender his"]
        );
        assert_eq!(
            rules("On Tuesday, Olaf Scholz defended her budget in parliament."),
            ["coreference/possessive-gender her"]
        );
        assert_eq!(
            rules("Angela Merkel defended himself against the charge."),
            ["coreference/possessive-gender himself"]
        );
        assert!(rules("Mette Frederiksen defended her budget in parliament.").is_empty());
        // Someone else the possessive can refer to.
        assert!(rules(
            "The finance minister presented the plan. Mette Frederiksen defended his budget."
        )
        .is_empty());
        assert!(
            rules("Olaf Scholz met Mette Frederiksen. Mette Frederiksen praised his budget.")
                .is_empty()
        );
        // An object, not a possessive.
        assert!(rules("Olaf Scholz told her the budget was fair.").is_empty());
        assert!(rules("Olaf Scholz thanked her warmly.").is_empty());
        // Not the subject.
        assert!(rules("Critics of Mette Frederiksen attacked his budget.").is_empty());
        assert!(rules("Mette Frederiksen's husband defended his record.").is_empty());
    }

    #[test]
    fn a_sentence_opening_he_with_nobody_before_it() {
        assert_eq!(
            rules("Prices rise\n\nPrices rose sharply last year across the region.\n\nHe said the trend would continue."),
            ["coreference/no-antecedent He"]
        );
        // A feature lede may open on a pronoun.
        assert!(rules("A life in music\n\nShe was 17 when she left home.").is_empty());
        // A person noun or any capitalised name before it.
        assert!(
            rules("Rates\n\nThe minister arrived late. He said the trend would continue.")
                .is_empty()
        );
        assert!(rules(
            "Rates\n\nThe bank in Frankfurt raised rates. He said the trend would continue."
        )
        .is_empty());
    }

    #[test]
    fn places_named_like_people_are_not_people() {
        assert!(rules("Victoria Station said in a statement that trains were late. He added that they would run again soon.").is_empty());
        assert!(rules("The Anna Lindh Foundation said in a statement that trains were late. He added that they would run again soon.").is_empty());
        // Without the organisation word it is a woman's name.
        assert_eq!(
            rules("Anna Lindh said in a statement that trains were late. He added that they would run again soon."),
            ["coreference/speaker-gender He"]
        );
        assert!(rules(
            "Jordan Peterson said the book sold well. She added that a sequel was planned."
        )
        .is_empty());
        assert!(rules("Santa Maria Novella was full. She said it was always busy.").is_empty());
    }

    #[test]
    fn folded_and_hyphenated_given_names_resolve() {
        assert_eq!(
            rules("Lukasz Nowak said the mine would close. She added that jobs would go."),
            ["coreference/speaker-gender She"]
        );
    }

    #[test]
    fn offsets_hold_after_a_prefix_and_odd_input_does_not_panic() {
        let base = "Mette Frederiksen told reporters the budget was fair. He added that taxes would not rise.";
        for prefix in ["", "Note.\n\n", "Ünïcödé “quoted” text.\n\n"] {
            let text = format!("{prefix}{base}");
            let found = flags(&text);
            assert_eq!(found.len(), 1, "{prefix:?}: {found:?}");
            assert_eq!(found[0].1, "He");
        }
        for odd in [
            "",
            "He",
            "'",
            "\"",
            "Mr.",
            "Mr. .",
            "„“”«»‘’'\"",
            "He said. She said. «",
            "Ms",
            "Ms Ms Ms said he",
            "-- - —",
            "Mette Frederiksen's",
        ] {
            flags(odd);
        }
    }

    #[test]
    fn swap_keeps_case() {
        assert_eq!(swap_pronoun("He", Sex::Female), "She");
        assert_eq!(swap_pronoun("his", Sex::Female), "her");
        assert_eq!(swap_pronoun("Her", Sex::Male), "His");
        assert_eq!(swap_pronoun("herself", Sex::Male), "himself");
    }
}
