//! The office-holder check of `role`: a title given to a person who never
//! held it ("Defence Minister Dmytro Kuleba" for Ukraine's foreign
//! minister, "Foreign Minister Andriy Melnyk" for a deputy), or held it in
//! another country ("Ukrainian Foreign Minister Sergei Lavrov"), judged
//! against the table of office holders in `lexicons/role/`.
//!
//! One Aho-Corasick pass finds the full names of the table's persons (never a
//! surname alone). Around each name, the words of its sentence are read: a
//! title right before it ("Russian Defence Minister Sergei Shoigu", "the
//! foreign minister of Ukraine, Dmytro Kuleba") or in apposition right after
//! it ("Dmytro Kuleba, Ukraine's foreign minister,"). A title is read as the
//! longest one that fits, so "Deputy Foreign Minister" is never "Foreign
//! Minister". Anything that makes the claim uncertain keeps the check
//! silent: "acting", "designate", "shadow" and the like, an unknown
//! capitalised word before the title ("ECB President", "Lord Chancellor"),
//! a possessive that is not a country ("the bank's president"), or a title
//! that does not end its apposition.
//!
//! The text's date is unknown, so "former" and "then-" change nothing: a
//! title is wrong only when the person never held it in the table's span.
//! A nationality next to a national office must match the country of a term;
//! next to an office of the UN, NATO, the EU or the IMF it is the person's
//! own nationality and is ignored.

use crate::detect::{Category, Finding};
use crate::document::Segmented;
use crate::lexicon::offices::{
    is_body, is_hyphen, phrase_words, Office, OfficeHolders, OfficeWords, Person, Term, Title,
};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub const RULE_HOLDER: &str = "role/office-holder";
pub const RULE_COUNTRY: &str = "role/office-country";

/// A wrong title is an error, and a common machine-translation one when a
/// "deputy" is dropped, but people make it too.
const WEIGHT: f32 = 0.3;

/// The most modifier words read before or after a title.
const MAX_MODIFIERS: usize = 6;

/// Words before a title that leave it standing as a claim about the person.
const AS_IS: &[&str] = &[
    "former",
    "ex",
    "then",
    "late",
    "outgoing",
    "current",
    "sitting",
    "incumbent",
    "new",
    "newly appointed",
    "longtime",
    "long time",
    "long serving",
    "veteran",
    "serving",
    "previous",
    "erstwhile",
    "onetime",
    "one time",
];

/// Words that make a title something other than an office held: the check
/// stays silent.
const NOT_HELD: &[&str] = &[
    "acting",
    "interim",
    "incoming",
    "designate",
    "nominee",
    "candidate",
    "would be",
    "future",
    "possible",
    "shadow",
    "elect",
    "caretaker",
    "provisional",
    "potential",
    "presumptive",
    "prospective",
    "likely",
    "probable",
    "aspiring",
    "de facto",
    "self proclaimed",
    "self declared",
    "self styled",
    "so called",
    "putative",
    "nominated",
    "proposed",
    "alternate",
    "junior",
    "fake",
    "mock",
    "next",
];

/// The member states of the European Union.
const EU_MEMBERS: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Words before "for" or "as" and a title that make it an office sought,
/// not held: "candidate for chancellor", "the race for president".
const RUNNING: &[&str] = &[
    "candidate",
    "candidates",
    "candidacy",
    "nominee",
    "nomination",
    "nominated",
    "run",
    "runs",
    "ran",
    "running",
    "bid",
    "race",
    "contender",
    "contenders",
    "hopeful",
    "hopefuls",
    "campaign",
    "campaigning",
    "favourite",
    "favorite",
    "frontrunner",
    "front runner",
    "choice",
    "pick",
    "tipped",
    "vying",
];

/// Lower-case words that, right before a title, make it another body's
/// office ("bank president", "party chancellor") or a lesser one
/// ("assistant secretary of state").
const OTHER_BODY: &[&str] = &[
    "deputy",
    "vice",
    "assistant",
    "associate",
    "under",
    "senior",
    "executive",
    "general",
    "chief",
    "permanent",
    "principal",
    "honorary",
    "lord",
    "lady",
    "prince",
    "princess",
    "pro",
    "anti",
    "co",
    "non",
    "state",
    "regional",
    "provincial",
    "municipal",
    "city",
    "county",
    "district",
    "party",
    "bank",
    "club",
    "company",
    "firm",
    "group",
    "university",
    "college",
    "school",
    "student",
    "union",
    "federation",
    "association",
    "league",
    "committee",
    "council",
    "assembly",
    "senate",
    "house",
    "chamber",
    "court",
    "board",
    "foundation",
    "fund",
    "institute",
    "academy",
    "society",
    "church",
    "team",
    "corporation",
    "agency",
    "authority",
    "opposition",
    "ministry",
    "department",
    "office",
    "bureau",
    "region",
    "province",
    "republic",
];

/// Capitalised words that may stand before a title without naming another
/// body: sentence openers and function words.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "as",
    "when",
    "while",
    "after",
    "before",
    "with",
    "without",
    "by",
    "for",
    "from",
    "to",
    "of",
    "on",
    "at",
    "in",
    "into",
    "under",
    "then",
    "meanwhile",
    "also",
    "said",
    "says",
    "yesterday",
    "today",
    "tonight",
    "earlier",
    "later",
    "both",
    "where",
    "if",
    "that",
    "because",
    "since",
    "until",
    "so",
    "thus",
    "including",
    "like",
    "unlike",
    "between",
    "against",
    "during",
    "over",
    "about",
    "how",
    "why",
    "what",
    "who",
    "whom",
    "whose",
    "which",
    "is",
    "was",
    "were",
    "are",
    "has",
    "had",
    "have",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "did",
    "does",
    "do",
    "not",
    "even",
    "only",
    "just",
    "now",
    "once",
    "though",
    "although",
    "whether",
    "among",
    "amid",
    "despite",
    "via",
    "than",
    "this",
    "these",
    "those",
    "there",
    "here",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "its",
    "all",
    "every",
    "each",
    "neither",
    "nor",
    "yet",
    "still",
    "again",
    "last",
    "first",
    "dear",
];

/// What a title claims about the person beside it.
#[derive(Debug)]
struct Claim<'t> {
    title: &'t Title,
    /// Tokens of the title.
    title_tokens: Range<usize>,
    /// Every place named with the title, nearest first, as (place index,
    /// tokens, possessive or "of" noun rather than adjective).
    places: Vec<(usize, Range<usize>, bool)>,
    /// Tokens from the first modifier kept in the evidence to the last.
    tokens: Range<usize>,
}

/// A place form, as its words in their own case.
struct PlaceForm {
    words: Vec<String>,
    place: usize,
}

/// The office-holder check, built once from the tables.
pub struct OfficeCheck {
    persons: Vec<Person>,
    words: OfficeWords,
    /// Titles, longest first.
    titles: Vec<usize>,
    adjectives: Vec<PlaceForm>,
    nouns: Vec<PlaceForm>,
    /// Every name form; pattern `i` names `persons[owner[i]]`.
    names: Option<AhoCorasick>,
    owner: Vec<usize>,
    /// [`AS_IS`], [`NOT_HELD`] and [`RUNNING`] as words.
    as_is: Vec<Vec<String>>,
    not_held: Vec<Vec<String>>,
    running: Vec<Vec<String>>,
}

impl OfficeCheck {
    pub fn new(holders: &OfficeHolders, words: OfficeWords) -> OfficeCheck {
        let persons = holders.persons().to_vec();
        let mut owners: HashMap<String, Option<usize>> = HashMap::new();
        for (i, person) in persons.iter().enumerate() {
            for form in person.forms() {
                for variant in [form.to_string(), form.replace('\'', "’")] {
                    let entry = owners.entry(variant).or_insert(Some(i));
                    // A form shared by two persons names neither.
                    if *entry != Some(i) {
                        *entry = None;
                    }
                }
            }
        }
        let mut forms: Vec<(String, usize)> = owners
            .into_iter()
            .filter_map(|(form, owner)| owner.map(|o| (form, o)))
            .collect();
        forms.sort();
        let names = (!forms.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(forms.iter().map(|(f, _)| f))
                    .ok()
            })
            .flatten();
        let owner = forms.iter().map(|(_, o)| *o).collect();
        let mut titles: Vec<usize> = (0..words.titles.len()).collect();
        titles.sort_by_key(|&i| std::cmp::Reverse(words.titles[i].words.len()));
        let form = |text: &str, place: usize| PlaceForm {
            words: text
                .split(|c: char| c.is_whitespace() || is_hyphen(c))
                .filter(|w| !w.is_empty())
                .map(|w| w.replace('’', "'"))
                .collect(),
            place,
        };
        let mut adjectives = Vec::new();
        let mut nouns = Vec::new();
        for (i, place) in words.places.iter().enumerate() {
            adjectives.extend(place.adjectives.iter().map(|a| form(a, i)));
            nouns.extend(place.nouns.iter().map(|n| form(n, i)));
        }
        adjectives.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
        nouns.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
        let phrases = |list: &[&str]| list.iter().map(|p| phrase_words(p)).collect();
        OfficeCheck {
            persons,
            words,
            titles,
            adjectives,
            nouns,
            names,
            owner,
            as_is: phrases(AS_IS),
            not_held: phrases(NOT_HELD),
            running: phrases(RUNNING),
        }
    }

    /// Appends a finding for every title in `doc` that its person never
    /// held, unless a finding of `out[first..]` already covers it.
    pub fn check(&self, doc: &Segmented<'_>, first: usize, out: &mut Vec<Finding>) {
        let Some(names) = &self.names else {
            return;
        };
        let mut cached: Option<(usize, Vec<Token<'_>>)> = None;
        for m in names.find_iter(doc.text) {
            let name = m.start()..m.end();
            if !is_word_edge(doc.text, name.start) || !is_word_edge(doc.text, name.end) {
                continue;
            }
            let Some(index) = doc.sentence_at(name.start) else {
                continue;
            };
            let sentence = doc.sentences[index];
            if name.end > sentence.end {
                continue;
            }
            if cached.as_ref().is_none_or(|(i, _)| *i != index) {
                let text = &doc.text[sentence.range()];
                cached = Some((index, tokens(text, sentence.start)));
            }
            let Some((_, tokens)) = &cached else {
                continue;
            };
            let before = tokens.partition_point(|t| t.start < name.start);
            let after = tokens.partition_point(|t| t.start < name.end);
            if tokens.get(before).is_none_or(|t| t.start != name.start) {
                continue;
            }
            let person = &self.persons[self.owner[m.pattern().as_usize()]];
            let claims = [
                self.claim_before(tokens, before, after),
                self.claim_after(tokens, after),
            ];
            for claim in claims.into_iter().flatten() {
                let Some(finding) = self.judge(doc.text, tokens, index, &name, person, &claim)
                else {
                    continue;
                };
                let covered = out[first..]
                    .iter()
                    .any(|f| f.span.start < finding.span.end && finding.span.start < f.span.end);
                if !covered {
                    out.push(finding);
                }
            }
        }
    }

    /// A title right before the name, with its modifiers: "Ukraine's former
    /// Foreign Minister", "the foreign minister of Ukraine,".
    fn claim_before(&self, t: &[Token<'_>], name: usize, after: usize) -> Option<Claim<'_>> {
        let mut cur = name;
        let mut comma = false;
        if cur > 0 && t[cur - 1].is_punct(',') {
            // "the foreign minister, Dmytro Kuleba, said": an apposition
            // closes after the name.
            if t.get(after).is_some_and(|x| x.kind != Kind::Punct) {
                return None;
            }
            comma = true;
            cur -= 1;
        }
        let mut places = Vec::new();
        if let Some((place, len)) = self.place_ending(&self.nouns, t, cur) {
            if cur > len && t[cur - len - 1].is_word("of") {
                places.push((place, cur - len..cur, true));
                cur -= len + 1;
            }
        }
        let (title, n) = self.title_ending(t, cur)?;
        let title_tokens = cur - n..cur;
        cur -= n;
        let mut article = false;
        for _ in 0..MAX_MODIFIERS {
            if cur == 0 {
                break;
            }
            let prev = &t[cur - 1];
            match prev.kind {
                Kind::Punct => break,
                Kind::Possessive => {
                    // Only a country's title: "Ukraine's", not "Putin's".
                    let (place, len) = self.place_ending(&self.nouns, t, cur - 1)?;
                    places.push((place, cur - 1 - len..cur, true));
                    cur -= len + 1;
                }
                Kind::Word => {
                    if phrase_ending(&self.not_held, t, cur).is_some() {
                        return None;
                    } else if ["for", "as"].contains(&prev.lower.as_str())
                        && phrase_ending(&self.running, t, cur - 1).is_some()
                    {
                        // "candidate for chancellor Martin Schulz".
                        return None;
                    } else if let Some(len) = phrase_ending(&self.as_is, t, cur) {
                        cur -= len;
                    } else if ["the", "a", "an"].contains(&prev.lower.as_str()) {
                        article = true;
                        break;
                    } else if let Some((place, len)) = self.place_ending(&self.adjectives, t, cur) {
                        places.push((place, cur - len..cur, false));
                        cur -= len;
                    } else if t[cur].joined
                        || OTHER_BODY.contains(&prev.lower.as_str())
                        || (prev.capital && !OPENERS.contains(&prev.lower.as_str()))
                    {
                        return None;
                    } else {
                        break;
                    }
                }
            }
        }
        if comma && !article && places.is_empty() {
            return None;
        }
        let first = places.first().map_or(title_tokens.start, |(_, r, _)| {
            r.start.min(title_tokens.start)
        });
        Some(Claim {
            title,
            title_tokens,
            places,
            tokens: first..name,
        })
    }

    /// A title in apposition right after the name, ending there: ", Ukraine's
    /// foreign minister,", ", the foreign minister of Ukraine.".
    fn claim_after(&self, t: &[Token<'_>], name: usize) -> Option<Claim<'_>> {
        let opener = t.get(name)?;
        if ![',', '(', '–', '—'].iter().any(|&c| opener.is_punct(c)) {
            return None;
        }
        let mut cur = name + 1;
        let mut places = Vec::new();
        for _ in 0..MAX_MODIFIERS {
            let tok = t.get(cur)?;
            if tok.kind != Kind::Word {
                return None;
            }
            if ["the", "a", "an"].contains(&tok.lower.as_str()) {
                cur += 1;
            } else if phrase_starting(&self.not_held, t, cur).is_some() {
                return None;
            } else if let Some(len) = phrase_starting(&self.as_is, t, cur) {
                cur += len;
            } else if let Some((place, len)) = self
                .place_starting(&self.nouns, t, cur)
                .filter(|(_, len)| t.get(cur + len).is_some_and(|x| x.kind == Kind::Possessive))
            {
                places.push((place, cur..cur + len + 1, true));
                cur += len + 1;
            } else if let Some((place, len)) = self.place_starting(&self.adjectives, t, cur) {
                places.push((place, cur..cur + len, false));
                cur += len;
            } else {
                break;
            }
        }
        let (title, n) = self.title_starting(t, cur)?;
        let title_tokens = cur..cur + n;
        cur += n;
        if t.get(cur).is_some_and(|x| x.is_word("of")) {
            let (place, len) = self.place_starting(&self.nouns, t, cur + 1)?;
            places.push((place, cur + 1..cur + 1 + len, true));
            cur += 1 + len;
        }
        if t.get(cur).is_some_and(|x| x.kind != Kind::Punct) {
            return None;
        }
        // Nearest to the title first.
        places.reverse();
        Some(Claim {
            title,
            title_tokens,
            places,
            tokens: name..cur,
        })
    }

    fn title_ending(&self, t: &[Token<'_>], end: usize) -> Option<(&Title, usize)> {
        self.titles.iter().find_map(|&i| {
            let title = &self.words.titles[i];
            let n = title.words.len();
            (end >= n && title_at(title, &t[end - n..end])).then_some((title, n))
        })
    }

    fn title_starting(&self, t: &[Token<'_>], start: usize) -> Option<(&Title, usize)> {
        self.titles.iter().find_map(|&i| {
            let title = &self.words.titles[i];
            let n = title.words.len();
            (start + n <= t.len() && title_at(title, &t[start..start + n])).then_some((title, n))
        })
    }

    fn place_ending(
        &self,
        forms: &[PlaceForm],
        t: &[Token<'_>],
        end: usize,
    ) -> Option<(usize, usize)> {
        forms.iter().find_map(|f| {
            let n = f.words.len();
            (end >= n && place_at(f, &t[end - n..end])).then_some((f.place, n))
        })
    }

    fn place_starting(
        &self,
        forms: &[PlaceForm],
        t: &[Token<'_>],
        start: usize,
    ) -> Option<(usize, usize)> {
        forms.iter().find_map(|f| {
            let n = f.words.len();
            (start + n <= t.len() && place_at(f, &t[start..start + n])).then_some((f.place, n))
        })
    }

    /// A finding when `claim` does not fit `person`.
    fn judge(
        &self,
        text: &str,
        t: &[Token<'_>],
        sentence: usize,
        name: &Range<usize>,
        person: &Person,
        claim: &Claim<'_>,
    ) -> Option<Finding> {
        let office = claim.title.office;
        // "Chancellor Rishi Sunak": the British Chancellor of the Exchequer.
        if office == Office::CHANCELLOR && person.terms.iter().any(|t| t.jurisdiction == "GB") {
            return None;
        }
        // "EU President" for the head of the government that holds the
        // rotating presidency of the Council of the EU.
        let names_eu = claim
            .places
            .iter()
            .any(|(p, _, _)| self.words.places[*p].code == "EU");
        let led_a_country = person.terms.iter().any(|t| {
            !is_body(&t.jurisdiction)
                && [
                    Office::PRESIDENT,
                    Office::PRIME_MINISTER,
                    Office::FOREIGN_MINISTER,
                ]
                .contains(&t.office)
        });
        if office == Office::PRESIDENT && names_eu && led_a_country {
            return None;
        }
        // "President Mario Draghi" of the ECB, "Vice-President Valdis
        // Dombrovskis" of the Commission: European bodies have presidents and
        // vice-presidents the table does not track. Without a place named,
        // such a title stays unchecked for anyone who held office in an EU
        // country or the IMF.
        if claim.places.is_empty()
            && matches!(office, Office::PRESIDENT | Office::VICE_PRESIDENT)
            && person
                .terms
                .iter()
                .any(|t| EU_MEMBERS.contains(&t.jurisdiction.as_str()) || t.jurisdiction == "IMF")
            && !person.terms.iter().any(|t| fits(office, t.office))
        {
            return None;
        }
        let fitting: Vec<&Term> = person
            .terms
            .iter()
            .filter(|t| fits(office, t.office))
            .collect();
        let placed = |term: &Term| {
            let mut given = claim
                .places
                .iter()
                .map(|(p, _, _)| &self.words.places[*p])
                .filter(|p| relevant(office, term.office, &p.code))
                .peekable();
            given.peek().is_none() || given.any(|p| p.code == term.jurisdiction)
        };
        if fitting.iter().any(|t| placed(t)) {
            return None;
        }
        let span_range =
            t[claim.tokens.start].start.min(name.start)..t[claim.tokens.end - 1].end.max(name.end);
        let (rule, message, held) = if fitting.is_empty() {
            let held = self.suggested_term(person, office, claim)?;
            let message = format!(
                "{} was {}, never {}",
                person.name,
                self.summary(person, held, |_| true),
                office_name(office)
            );
            (RULE_HOLDER, message, held)
        } else {
            let held = *fitting.iter().max_by_key(|t| t.from)?;
            let nearest = claim
                .places
                .iter()
                .map(|(p, _, _)| &self.words.places[*p])
                .find(|p| relevant(office, held.office, &p.code))?;
            let message = format!(
                "{} was {}, not {} of {}",
                person.name,
                self.summary(person, held, |t| fits(office, t.office)),
                office_name(office),
                nearest.name
            );
            (RULE_COUNTRY, message, held)
        };
        let suggestion = self.suggestion(text, t, &span_range, claim, held, rule == RULE_COUNTRY);
        Some(Finding {
            detector: super::ID,
            category: Category::Role,
            rule: Arc::from(rule),
            span: span_range,
            sentence,
            message: Arc::from(message),
            suggestion: suggestion.map(Arc::from),
            weight: WEIGHT,
            languages: Arc::from(Vec::new()),
        })
    }

    /// The term a suggestion offers instead of a title never held: the
    /// office it is the deputy or principal of, else one in the country
    /// named, else the latest.
    fn suggested_term<'p>(
        &self,
        person: &'p Person,
        office: Office,
        claim: &Claim<'_>,
    ) -> Option<&'p Term> {
        let latest = |pred: &dyn Fn(&Term) -> bool| {
            person
                .terms
                .iter()
                .filter(|t| pred(t))
                .max_by_key(|t| (t.to.is_none(), t.to, t.from))
        };
        let named: Vec<&str> = claim
            .places
            .iter()
            .map(|(p, _, _)| self.words.places[*p].code.as_str())
            .collect();
        latest(&|t| {
            t.office.principal() == office.principal() && named.contains(&t.jurisdiction.as_str())
        })
        .or_else(|| latest(&|t| t.office.principal() == office.principal()))
        .or_else(|| latest(&|t| named.contains(&t.jurisdiction.as_str())))
        .or_else(|| latest(&|_| true))
    }

    /// "foreign minister of Ukraine (2020–2024)": every term of `first`'s
    /// office and jurisdiction, then up to two other offices of terms that
    /// pass `keep`.
    fn summary(&self, person: &Person, first: &Term, keep: impl Fn(&Term) -> bool) -> String {
        let mut groups: Vec<(Office, &str)> = vec![(first.office, &first.jurisdiction)];
        let mut others: Vec<&Term> = person.terms.iter().filter(|t| keep(t)).collect();
        others.sort_by_key(|t| std::cmp::Reverse(t.from));
        for t in others {
            if groups.len() < 3 && !groups.contains(&(t.office, t.jurisdiction.as_str())) {
                groups.push((t.office, &t.jurisdiction));
            }
        }
        groups
            .iter()
            .map(|&(office, code)| {
                let years: Vec<String> = person
                    .terms
                    .iter()
                    .filter(|t| t.office == office && t.jurisdiction == code)
                    .map(|t| match t.to {
                        Some(to) if to == t.from => format!("{to}"),
                        Some(to) => format!("{}–{to}", t.from),
                        None => format!("{}–", t.from),
                    })
                    .collect();
                format!("{} ({})", self.office_of(office, code), years.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "foreign minister of Ukraine", "secretary-general of NATO",
    /// "president of the European Commission".
    fn office_of(&self, office: Office, code: &str) -> String {
        if office == Office::PARLIAMENT_PRESIDENT && code == "EU" {
            return "president of the European Parliament".into();
        }
        if office.name().contains("European") {
            return office.name().into();
        }
        let place = self.words.place(code).map_or(code, |p| p.name.as_str());
        format!("{} of {place}", office.name())
    }

    /// The evidence rewritten with the office held: its title in place of
    /// the wrong one (unless only the country was wrong), and its country in
    /// place of a wrong one.
    fn suggestion(
        &self,
        text: &str,
        t: &[Token<'_>],
        span: &Range<usize>,
        claim: &Claim<'_>,
        held: &Term,
        keep_title: bool,
    ) -> Option<String> {
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        if !keep_title {
            let display = self.words.display(held.office, &held.jurisdiction)?;
            let written =
                &text[t[claim.title_tokens.start].start..t[claim.title_tokens.end - 1].end];
            let lower = written.starts_with(|c: char| c.is_lowercase());
            edits.push((
                t[claim.title_tokens.start].start..t[claim.title_tokens.end - 1].end,
                if lower {
                    lower_title(&display.text)
                } else {
                    display.text.clone()
                },
            ));
        }
        let place = self.words.place(&held.jurisdiction);
        if let (Some((p, range, noun)), Some(place)) = (claim.places.first(), place) {
            let given = &self.words.places[*p];
            if given.code != held.jurisdiction
                && relevant(claim.title.office, held.office, &given.code)
            {
                let possessive = t[range.end - 1].kind == Kind::Possessive;
                let words = t[range.start].start..t[range.end - 1].end;
                let replacement = if possessive {
                    let noun = place
                        .nouns
                        .iter()
                        .find(|n| !n.starts_with("the "))
                        .unwrap_or(&place.name);
                    format!("{noun}'s")
                } else if *noun {
                    place.name.clone()
                } else {
                    place.adjectives[0].clone()
                };
                edits.push((words, replacement));
            }
        }
        edits.sort_by_key(|(r, _)| r.start);
        let mut out = String::new();
        let mut at = span.start;
        for (range, replacement) in edits {
            if range.start < at || range.end > span.end {
                return None;
            }
            out.push_str(&text[at..range.start]);
            out.push_str(&replacement);
            at = range.end;
        }
        out.push_str(&text[at..span.end]);
        Some(out)
    }
}

/// Whether a title for `claimed` is right for someone who held `held`.
fn fits(claimed: Office, held: Office) -> bool {
    claimed == held
        // "President" alone fits every presidency.
        || (claimed == Office::PRESIDENT && held.principal() == Office::PRESIDENT && held != Office::VICE_PRESIDENT)
        // The EU's High Representative is a Vice-President of the Commission.
        || (claimed == Office::VICE_PRESIDENT && held == Office::HIGH_REPRESENTATIVE)
        || (claimed == Office::DEPUTY_PRIME_MINISTER && held == Office::FIRST_DEPUTY_PRIME_MINISTER)
}

/// Whether a place named with a title speaks to a term in `held`: a country
/// to a national office, a body to an international one ("NATO's Norwegian
/// secretary-general" names his nationality). "President" alone takes any
/// place at its word: "German President Ursula von der Leyen" is wrong.
fn relevant(claimed: Office, held: Office, code: &str) -> bool {
    claimed == Office::PRESIDENT || is_body(code) == held.is_international()
}

fn office_name(office: Office) -> &'static str {
    match office {
        Office::COMMISSION_PRESIDENT => "president of the European Commission",
        Office::EUROPEAN_COUNCIL_PRESIDENT => "president of the European Council",
        other => other.name(),
    }
}

/// A display title in lower case where English writes it so ("foreign
/// minister", "secretary of state"), keeping proper nouns.
fn lower_title(title: &str) -> String {
    const PROPER: &[&str] = &["European", "Commission", "Council", "Parliament", "Europe"];
    title
        .split(' ')
        .map(|w| {
            if PROPER.contains(&w) || w.chars().all(|c| !c.is_lowercase()) {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_at(title: &Title, tokens: &[Token<'_>]) -> bool {
    tokens.iter().zip(&title.words).all(|(tok, word)| {
        tok.kind == Kind::Word
            && tok.lower == *word
            && (!title.case_sensitive || !tok.text.chars().any(char::is_lowercase))
    }) && tokens.len() == title.words.len()
}

fn place_at(form: &PlaceForm, tokens: &[Token<'_>]) -> bool {
    tokens.len() == form.words.len()
        && tokens
            .iter()
            .zip(&form.words)
            .enumerate()
            .all(|(i, (tok, word))| {
                tok.kind == Kind::Word
                    && (tok.text.replace('’', "'") == *word
                        || (i == 0 && word == "the" && tok.lower == "the"))
            })
}

/// The length in words of the phrase of `list` that ends at token `end`.
fn phrase_ending(list: &[Vec<String>], t: &[Token<'_>], end: usize) -> Option<usize> {
    list.iter().find_map(|words| {
        let n = words.len();
        (end >= n && words_at(words, &t[end - n..end])).then_some(n)
    })
}

/// The length in words of the phrase of `list` that starts at token `start`.
fn phrase_starting(list: &[Vec<String>], t: &[Token<'_>], start: usize) -> Option<usize> {
    list.iter().find_map(|words| {
        let n = words.len();
        (start + n <= t.len() && words_at(words, &t[start..start + n])).then_some(n)
    })
}

fn words_at(words: &[String], tokens: &[Token<'_>]) -> bool {
    tokens
        .iter()
        .zip(words)
        .all(|(tok, w)| tok.kind == Kind::Word && tok.lower == *w)
}

/// Whether a name may start or end at `pos`: no letter or digit touches it.
fn is_word_edge(text: &str, pos: usize) -> bool {
    let before = text[..pos].chars().next_back();
    let after = text[pos..].chars().next();
    !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    /// `'s` or `’s` after a word.
    Possessive,
    Punct,
}

/// A word or punctuation mark of a sentence, with its document offsets.
#[derive(Debug)]
struct Token<'a> {
    text: &'a str,
    lower: String,
    start: usize,
    end: usize,
    kind: Kind,
    /// Starts with a capital letter.
    capital: bool,
    /// Joined to the word before by a hyphen ("ex-president").
    joined: bool,
}

impl Token<'_> {
    fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }

    fn is_word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.lower == w
    }
}

/// The words and punctuation of `text`, which starts at document byte
/// `base`. A word runs over letters and digits, and over `'`, `’` and `.`
/// between them ("O'Brien", "U.S"); a dotted abbreviation keeps its final dot
/// ("U.S."). A hyphen between words joins them; `'s` is a token of its own.
fn tokens(text: &str, base: usize) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let pos = |i: usize| chars.get(i).map_or(text.len(), |&(p, _)| p);
    let is_apostrophe = |c: char| c == '\'' || c == '’';
    let is_s = |i: usize| {
        matches!(at(i), Some('s' | 'S')) && !at(i + 1).is_some_and(char::is_alphanumeric)
    };
    let mut out: Vec<Token<'_>> = Vec::new();
    let mut joined = false;
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            joined = false;
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < n {
                let c = chars[j].1;
                let inner = (is_apostrophe(c) && !is_s(j + 1)) || c == '.';
                if c.is_alphanumeric() || (inner && at(j + 1).is_some_and(char::is_alphanumeric)) {
                    j += 1;
                } else {
                    break;
                }
            }
            let word = &text[pos(start)..pos(j)];
            if at(j) == Some('.')
                && word.contains('.')
                && word.split('.').all(|s| s.chars().count() == 1)
            {
                j += 1;
            }
            kind = Kind::Word;
            i = j;
        } else if is_apostrophe(c)
            && is_s(i + 1)
            && out
                .last()
                .is_some_and(|t| t.kind == Kind::Word && t.end == base + pos(i))
        {
            kind = Kind::Possessive;
            i += 2;
        } else if is_hyphen(c)
            && out
                .last()
                .is_some_and(|t| t.kind == Kind::Word && t.end == base + pos(i))
            && at(i + 1).is_some_and(char::is_alphanumeric)
        {
            joined = true;
            i += 1;
            continue;
        } else {
            kind = Kind::Punct;
            i += 1;
        }
        let slice = &text[pos(start)..pos(i)];
        out.push(Token {
            text: slice,
            lower: slice.replace('’', "'").to_lowercase(),
            start: base + pos(start),
            end: base + pos(i),
            kind,
            capital: slice.starts_with(char::is_uppercase),
            joined,
        });
        joined = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Table;

    const HOLDERS: &str = "\
Dmytro Kuleba\tDmitry Kuleba\tforeign-minister\tUA\t2020\t2024
Dmytro Kuleba\t-\tdeputy-prime-minister\tUA\t2019\t2020
Andriy Melnyk\t-\tdeputy-foreign-minister\tUA\t2022\t2023
Sergei Lavrov\tSergey Lavrov\tforeign-minister\tRU\t2004\t-
Sergei Shoigu\t-\tdefence-minister\tRU\t2012\t2024
Antony Blinken\tTony Blinken\tforeign-minister\tUS\t2021\t2025
Antony Blinken\t-\tdeputy-foreign-minister\tUS\t2015\t2017
Jens Stoltenberg\t-\tsecretary-general\tNATO\t2014\t2024
Jens Stoltenberg\t-\tprime-minister\tNO\t2000\t2001
Jens Stoltenberg\t-\tprime-minister\tNO\t2005\t2013
Ursula von der Leyen\t-\tcommission-president\tEU\t2019\t-
Ursula von der Leyen\t-\tdefence-minister\tDE\t2013\t2019
Boris Johnson\t-\tprime-minister\tGB\t2019\t2022
Boris Johnson\t-\tforeign-minister\tGB\t2016\t2018
Rishi Sunak\t-\tprime-minister\tGB\t2022\t2024
Kristalina Georgieva\t-\tmanaging-director\tIMF\t2019\t-
Josep Borrell\t-\thigh-representative\tEU\t2019\t2024
Josep Borrell\t-\tparliament-president\tEU\t2004\t2007
Josep Borrell\t-\tforeign-minister\tES\t2018\t2019
Mario Draghi\t-\tprime-minister\tIT\t2021\t2022
Valdis Dombrovskis\t-\tprime-minister\tLV\t2009\t2014
";

    const TITLES: &str = "\
President\tpresident\t-
Vice President\tvice-president\t-
Prime Minister\tprime-minister\t-
PM\tprime-minister\t-
Deputy Prime Minister\tdeputy-prime-minister\t-
Chancellor\tchancellor\t-
Foreign Minister\tforeign-minister\t-
Secretary of State\tforeign-minister\tUS
Foreign Secretary\tforeign-minister\tGB
Minister of Foreign Affairs\tforeign-minister\t-
Deputy Foreign Minister\tdeputy-foreign-minister\t-
Deputy Secretary of State\tdeputy-foreign-minister\tUS
Defence Minister\tdefence-minister\t-
Defense Secretary\tdefence-minister\tUS
Secretary-General\tsecretary-general\t-
Commission President\tcommission-president\t-
Managing Director\tmanaging-director\t-
High Representative\thigh-representative\t-
";

    const PLACES: &str = "\
UA\tUkraine\tUkrainian|Ukraine\t-
RU\tRussia\tRussian|Russia\tMoscow
US\tthe United States\tUS|U.S.|American\tthe US|America
GB\tthe United Kingdom\tBritish|UK\tBritain
NO\tNorway\tNorwegian\t-
DE\tGermany\tGerman\t-
ES\tSpain\tSpanish\t-
IT\tItaly\tItalian\t-
NATO\tNATO\tNATO\t-
EU\tthe EU\tEU\tthe European Union
IMF\tthe IMF\tIMF\t-
UN\tthe UN\tUN\tthe United Nations
";

    fn table(name: &str, text: &str) -> Table {
        Table {
            name: name.into(),
            path: name.into(),
            text: Arc::from(text),
        }
    }

    fn check() -> OfficeCheck {
        let (holders, e1) = OfficeHolders::from_tables([&table("holders.tsv", HOLDERS)]);
        let (words, e2) = OfficeWords::from_tables(
            [&table("titles.tsv", TITLES)],
            [&table("places.tsv", PLACES)],
        );
        assert!(e1.is_empty() && e2.is_empty(), "{e1:?} {e2:?}");
        OfficeCheck::new(&holders, words)
    }

    /// (rule, evidence, suggestion) of every finding in `text`.
    fn run(check: &OfficeCheck, text: &str) -> Vec<(String, String, String)> {
        let doc = Segmented::new(text);
        let mut out = Vec::new();
        check.check(&doc, 0, &mut out);
        crate::detect::assert_in_sentences(&doc, &out);
        out.iter()
            .map(|f| {
                (
                    f.rule.to_string(),
                    text[f.span.clone()].to_string(),
                    f.suggestion.as_deref().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    fn one(check: &OfficeCheck, text: &str) -> (String, String, String) {
        let found = run(check, text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn a_title_never_held_is_flagged_with_the_office_held() {
        let c = check();
        let (rule, evidence, suggestion) =
            one(&c, "Defence Minister Dmytro Kuleba arrived in Brussels.");
        assert_eq!(rule, RULE_HOLDER);
        assert_eq!(evidence, "Defence Minister Dmytro Kuleba");
        assert_eq!(suggestion, "Foreign Minister Dmytro Kuleba");

        // A deputy given the minister's title.
        let (_, evidence, suggestion) = one(
            &c,
            "Talks were led by Ukraine's foreign minister Andriy Melnyk on Monday.",
        );
        assert_eq!(evidence, "Ukraine's foreign minister Andriy Melnyk");
        assert_eq!(
            suggestion,
            "Ukraine's deputy foreign minister Andriy Melnyk"
        );

        // In apposition, and with another spelling.
        let (_, evidence, suggestion) = one(
            &c,
            "\"We are ready,\" said Dmitry Kuleba, Ukraine's defence minister, on Friday.",
        );
        assert_eq!(evidence, "Dmitry Kuleba, Ukraine's defence minister");
        assert_eq!(suggestion, "Dmitry Kuleba, Ukraine's foreign minister");
        let (_, evidence, _) = one(
            &c,
            "The plan was drafted by Sergei Shoigu, the foreign minister of Russia.",
        );
        assert_eq!(evidence, "Sergei Shoigu, the foreign minister of Russia");
    }

    #[test]
    fn the_message_names_the_terms_held() {
        let c = check();
        let doc = Segmented::new("Defence Minister Dmytro Kuleba spoke.");
        let mut out = Vec::new();
        c.check(&doc, 0, &mut out);
        assert_eq!(
            &*out[0].message,
            "Dmytro Kuleba was foreign minister of Ukraine (2020–2024), deputy prime minister of Ukraine (2019–2020), never defence minister"
        );
        assert_eq!(out[0].weight, WEIGHT);
        assert!(out[0].languages.is_empty());
    }

    #[test]
    fn a_wrong_country_is_flagged_with_the_right_one() {
        let c = check();
        let (rule, evidence, suggestion) =
            one(&c, "Ukrainian Foreign Minister Sergei Lavrov said so.");
        assert_eq!(rule, RULE_COUNTRY);
        assert_eq!(evidence, "Ukrainian Foreign Minister Sergei Lavrov");
        assert_eq!(suggestion, "Russian Foreign Minister Sergei Lavrov");
        // Wrong office and wrong country: the office held, in its country.
        let (rule, _, suggestion) = one(&c, "Ukrainian Defence Minister Sergei Lavrov said so.");
        assert_eq!(rule, RULE_HOLDER);
        assert_eq!(suggestion, "Russian Foreign Minister Sergei Lavrov");
        let doc = Segmented::new("German President Ursula von der Leyen spoke.");
        let mut out = Vec::new();
        c.check(&doc, 0, &mut out);
        assert_eq!(
            &*out[0].message,
            "Ursula von der Leyen was president of the European Commission (2019–), not president of Germany"
        );
        let (rule, _, suggestion) = one(&c, "UN Secretary-General Jens Stoltenberg visited Kyiv.");
        assert_eq!(rule, RULE_COUNTRY);
        assert_eq!(suggestion, "NATO Secretary-General Jens Stoltenberg");
        let (_, _, suggestion) = one(&c, "It was Britain's Secretary of State Antony Blinken.");
        assert_eq!(suggestion, "America's Secretary of State Antony Blinken");
    }

    #[test]
    fn titles_held_stay_quiet() {
        let c = check();
        for text in [
            "Foreign Minister Dmytro Kuleba met Secretary of State Antony Blinken.",
            "Ukrainian Foreign Minister Dmytro Kuleba and Russian Defence Minister Sergei Shoigu.",
            "Dmytro Kuleba, Ukraine's foreign minister, said it.",
            "Dmytro Kuleba, the foreign minister of Ukraine, said it.",
            "Ukraine's foreign minister, Dmytro Kuleba, said it.",
            "Deputy Foreign Minister Andriy Melnyk spoke, as did Deputy Prime Minister Dmytro Kuleba.",
            "NATO Secretary-General Jens Stoltenberg and Commission President Ursula von der Leyen.",
            "President Ursula von der Leyen and former Norwegian Prime Minister Jens Stoltenberg.",
            "then-Foreign Secretary Boris Johnson; ex-Prime Minister Boris Johnson.",
            "Former U.S. Deputy Secretary of State Antony Blinken.",
            "German Defence Minister Ursula von der Leyen in 2015.",
            "Chancellor Rishi Sunak unveiled the budget.",
            "IMF Managing Director Kristalina Georgieva and High Representative Josep Borrell.",
            "President Josep Borrell opened the session of the European Parliament in 2005.",
            "Jens Stoltenberg, NATO's Norwegian secretary-general, spoke.",
            "Sergei Lavrov, the Russian foreign minister.",
        ] {
            assert_eq!(run(&c, text), vec![], "{text}");
        }
    }

    #[test]
    fn uncertain_claims_stay_quiet() {
        let c = check();
        for text in [
            // No portfolio, or only a surname, or another person's Johnson.
            "Minister Dmytro Kuleba spoke. Defence Minister Kuleba spoke. President Johnson spoke.",
            // Qualifiers that do not claim the office.
            "Acting Defence Minister Dmytro Kuleba; Defence Minister-designate Dmytro Kuleba.",
            "shadow Foreign Secretary Rishi Sunak and would-be President Boris Johnson.",
            "President-elect Boris Johnson and incoming Defence Minister Sergei Lavrov.",
            // Another body's office.
            "ECB President Kristalina Georgieva; the bank's president Kristalina Georgieva.",
            "World Bank President Kristalina Georgieva; party president Boris Johnson.",
            "Assistant Secretary of State Dmytro Kuleba; Lord Chancellor Boris Johnson.",
            // The title belongs to someone else, or does not end there.
            "Dmytro Kuleba, the defence minister's adviser, spoke.",
            "Dmytro Kuleba, defence minister Oleksii Reznikov and others.",
            "Putin's defence minister Sergei Lavrov; the president's defence minister Sergei Lavrov.",
            // A comma without an article or country is a list.
            "He thanked the foreign minister, Sergei Shoigu said.",
            "Defence minister, Dmytro Kuleba and others.",
            // An office sought, and the rotating presidency of the EU.
            "SPD candidate for chancellor Sergei Lavrov; running for president Sergei Shoigu.",
            "Britain's prime minister and current EU President, Boris Johnson, spoke.",
            // Presidencies the table does not track (the ECB, the Commission's
            // vice-presidents) for people who held office in the EU.
            "President Mario Draghi cut rates; Vice-President Valdis Dombrovskis agreed.",
            // Not a title of the table.
            "Ambassador Sergei Lavrov; Senator Antony Blinken; at 5 pm Dmytro Kuleba left.",
        ] {
            assert_eq!(run(&c, text), vec![], "{text}");
        }
    }

    #[test]
    fn deputy_titles_are_never_read_as_the_principal() {
        let c = check();
        // Melnyk was a deputy: "Deputy Foreign Minister" is right, and the
        // prefix is never dropped to read "Foreign Minister Andriy Melnyk".
        assert_eq!(run(&c, "Deputy Foreign Minister Andriy Melnyk."), vec![]);
        // Kuleba was never a deputy foreign minister.
        let (_, _, suggestion) = one(&c, "Deputy Foreign Minister Dmytro Kuleba.");
        assert_eq!(suggestion, "Foreign Minister Dmytro Kuleba");
    }

    #[test]
    fn generic_president_fits_every_presidency() {
        let c = check();
        assert_eq!(run(&c, "President Ursula von der Leyen spoke."), vec![]);
        assert_eq!(run(&c, "EU President Ursula von der Leyen spoke."), vec![]);
        let (rule, _, _) = one(&c, "President Sergei Lavrov spoke.");
        assert_eq!(rule, RULE_HOLDER);
        let (rule, _, suggestion) = one(&c, "Italian President Mario Draghi spoke.");
        assert_eq!(rule, RULE_HOLDER);
        assert_eq!(suggestion, "Italian Prime Minister Mario Draghi");
        let (rule, _, suggestion) = one(&c, "German President Ursula von der Leyen spoke.");
        assert_eq!(rule, RULE_COUNTRY);
        assert_eq!(suggestion, "EU President Ursula von der Leyen");
    }

    #[test]
    fn other_tokens_and_offsets() {
        let c = check();
        // Shifted behind a lead-in, with a curly possessive and a line break.
        let text = "Lead-in paragraph here.\n\nTalks with Ukraine’s defence\nminister Dmytro Kuleba ended.";
        let found = run(&c, text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Ukraine’s defence\nminister Dmytro Kuleba");
        assert_eq!(found[0].2, "Ukraine’s foreign minister Dmytro Kuleba");
        let words: Vec<&str> = tokens("U.S. ex-President O'Brien's, e.g.", 0)
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            words,
            vec!["U.S.", "ex", "President", "O'Brien", "'s", ",", "e.g.",]
        );
    }

    #[test]
    fn arbitrary_text_never_panics() {
        let c = check();
        for text in [
            "",
            "Dmytro Kuleba",
            ", Dmytro Kuleba,",
            "Defence Minister Dmytro Kuleba",
            "Dmytro Kuleba, the defence minister of",
            "’s Dmytro Kuleba ’s",
            "é Defence Minister Dmytro Kuleba, — the ‐ of Ukraine’",
            "Ukraine's Dmytro Kuleba's Dmytro Kuleba, Ukraine's",
            "Dmytro KulebaDmytro Kuleba",
        ] {
            let _ = run(&c, text);
        }
    }
}
