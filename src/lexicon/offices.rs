//! The data of `role`'s office-holder check: who held which office, and the
//! words that name offices and jurisdictions.
//!
//! Three kinds of tab-separated table, all under `lexicons/role/`:
//!
//! - `office-holders-*.tsv`: one row per term of office (person, other
//!   spellings, office, jurisdiction, from, to), read into [`OfficeHolders`];
//! - `office-titles*.tsv`: the titles that claim each office ("Secretary of
//!   State" → foreign minister), read into [`OfficeWords`];
//! - `office-places*.tsv`: the words that name each jurisdiction
//!   ("Ukrainian", "Ukraine's", "of Ukraine"), also read into [`OfficeWords`].
//!
//! Every malformed row becomes a [`LexiconError`] (`path:line:1: message`)
//! and is skipped; the rest still loads.

use super::{LexiconError, LexiconSet, Table};
use std::collections::HashMap;
use std::fmt;

/// The offices the tables track: key, lower-case name for messages, and
/// whether it is an office of an international body (whose holder's
/// nationality says nothing about the office).
const OFFICES: &[(&str, &str, bool)] = &[
    ("president", "president", false),
    ("vice-president", "vice-president", false),
    ("prime-minister", "prime minister", false),
    ("deputy-prime-minister", "deputy prime minister", false),
    (
        "first-deputy-prime-minister",
        "first deputy prime minister",
        false,
    ),
    ("chancellor", "chancellor", false),
    ("vice-chancellor", "vice-chancellor", false),
    ("foreign-minister", "foreign minister", false),
    ("deputy-foreign-minister", "deputy foreign minister", false),
    ("defence-minister", "defence minister", false),
    ("deputy-defence-minister", "deputy defence minister", false),
    ("monarch", "monarch", false),
    ("crown-prince", "crown prince", false),
    ("secretary-general", "secretary-general", true),
    ("deputy-secretary-general", "deputy secretary-general", true),
    (
        "commission-president",
        "president of the European Commission",
        true,
    ),
    (
        "european-council-president",
        "president of the European Council",
        true,
    ),
    ("parliament-president", "president of parliament", false),
    ("high-representative", "high representative", true),
    ("managing-director", "managing director", true),
    (
        "first-deputy-managing-director",
        "first deputy managing director",
        true,
    ),
];

/// International bodies that may stand as a jurisdiction beside the ISO
/// 3166-1 alpha-2 country codes.
const BODIES: &[&str] = &["UN", "NATO", "EU", "IMF"];

/// One of the tracked offices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Office(u8);

impl Office {
    pub const PRESIDENT: Office = Office(0);
    pub const VICE_PRESIDENT: Office = Office(1);
    pub const PRIME_MINISTER: Office = Office(2);
    pub const DEPUTY_PRIME_MINISTER: Office = Office(3);
    pub const FIRST_DEPUTY_PRIME_MINISTER: Office = Office(4);
    pub const CHANCELLOR: Office = Office(5);
    pub const VICE_CHANCELLOR: Office = Office(6);
    pub const FOREIGN_MINISTER: Office = Office(7);
    pub const DEPUTY_FOREIGN_MINISTER: Office = Office(8);
    pub const DEFENCE_MINISTER: Office = Office(9);
    pub const DEPUTY_DEFENCE_MINISTER: Office = Office(10);
    pub const SECRETARY_GENERAL: Office = Office(13);
    pub const DEPUTY_SECRETARY_GENERAL: Office = Office(14);
    pub const COMMISSION_PRESIDENT: Office = Office(15);
    pub const EUROPEAN_COUNCIL_PRESIDENT: Office = Office(16);
    pub const PARLIAMENT_PRESIDENT: Office = Office(17);
    pub const HIGH_REPRESENTATIVE: Office = Office(18);
    pub const MANAGING_DIRECTOR: Office = Office(19);
    pub const FIRST_DEPUTY_MANAGING_DIRECTOR: Office = Office(20);

    /// The office with this key, such as `foreign-minister`.
    pub fn parse(key: &str) -> Option<Office> {
        OFFICES
            .iter()
            .position(|(k, _, _)| *k == key)
            .map(|i| Office(i as u8))
    }

    pub fn key(self) -> &'static str {
        OFFICES[self.0 as usize].0
    }

    /// The lower-case name used in messages: "foreign minister".
    pub fn name(self) -> &'static str {
        OFFICES[self.0 as usize].1
    }

    /// An office of an international body (UN, NATO, EU, IMF).
    pub fn is_international(self) -> bool {
        OFFICES[self.0 as usize].2
    }

    /// The office this one is a deputy of, or itself: deputy foreign
    /// minister → foreign minister. A wrong title most often swaps the two.
    pub fn principal(self) -> Office {
        match self {
            Office::VICE_PRESIDENT => Office::PRESIDENT,
            Office::DEPUTY_PRIME_MINISTER | Office::FIRST_DEPUTY_PRIME_MINISTER => {
                Office::PRIME_MINISTER
            }
            Office::VICE_CHANCELLOR => Office::CHANCELLOR,
            Office::DEPUTY_FOREIGN_MINISTER => Office::FOREIGN_MINISTER,
            Office::DEPUTY_DEFENCE_MINISTER => Office::DEFENCE_MINISTER,
            Office::DEPUTY_SECRETARY_GENERAL => Office::SECRETARY_GENERAL,
            Office::FIRST_DEPUTY_MANAGING_DIRECTOR => Office::MANAGING_DIRECTOR,
            Office::COMMISSION_PRESIDENT
            | Office::EUROPEAN_COUNCIL_PRESIDENT
            | Office::PARLIAMENT_PRESIDENT => Office::PRESIDENT,
            other => other,
        }
    }

    fn known_keys() -> String {
        OFFICES
            .iter()
            .map(|(k, _, _)| *k)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Office {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One term of office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub office: Office,
    /// An ISO 3166-1 alpha-2 code, or UN, NATO, EU, IMF.
    pub jurisdiction: String,
    pub from: u16,
    /// `None` while the term is ongoing.
    pub to: Option<u16>,
}

/// A person of the table, with every term they held in a tracked office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// Other full-name spellings used by English media.
    pub spellings: Vec<String>,
    pub terms: Vec<Term>,
}

impl Person {
    /// The name and every other spelling.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.spellings.iter().map(String::as_str))
    }
}

/// Everyone in `role/office-holders-*.tsv`, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeHolders {
    persons: Vec<Person>,
}

impl OfficeHolders {
    /// Reads every `role/office-holders*` table of `set`. Rows that repeat
    /// an earlier row exactly (in any file) are merged; malformed rows and
    /// rows that contradict an earlier one are reported and skipped.
    pub fn from_set(set: &LexiconSet) -> (OfficeHolders, Vec<LexiconError>) {
        OfficeHolders::from_tables(set.tables("role/office-holders"))
    }

    /// Reads these tables of office holders, in order.
    pub fn from_tables<'a>(
        tables: impl IntoIterator<Item = &'a Table>,
    ) -> (OfficeHolders, Vec<LexiconError>) {
        let mut holders = OfficeHolders::default();
        let mut errors = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut seen: HashMap<TermKey, (Option<u16>, String)> = HashMap::new();
        for table in tables {
            for (line, fields) in table.rows() {
                let row = match parse_holder_row(&fields) {
                    Ok(row) => row,
                    Err(message) => {
                        errors.push(table.error(line, message));
                        continue;
                    }
                };
                let p = *index.entry(row.person.to_string()).or_insert_with(|| {
                    holders.persons.push(Person {
                        name: row.person.to_string(),
                        spellings: Vec::new(),
                        terms: Vec::new(),
                    });
                    holders.persons.len() - 1
                });
                let key = (
                    p,
                    row.term.office,
                    row.term.jurisdiction.clone(),
                    row.term.from,
                );
                let here = format!("{}:{line}", table.path);
                if let Some((to, first)) = seen.get(&key) {
                    if *to != row.term.to {
                        errors.push(table.error(
                            line,
                            format!(
                                "{}'s term as {} of {} from {} ends differently at {first}",
                                row.person, row.term.office, row.term.jurisdiction, row.term.from
                            ),
                        ));
                    }
                    continue;
                }
                seen.insert(key, (row.term.to, here));
                let person = &mut holders.persons[p];
                for s in row.spellings {
                    if s != person.name && !person.spellings.iter().any(|x| x == s) {
                        person.spellings.push(s.to_string());
                    }
                }
                person.terms.push(row.term);
            }
        }
        (holders, errors)
    }

    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// The number of terms of everyone.
    pub fn term_count(&self) -> usize {
        self.persons.iter().map(|p| p.terms.len()).sum()
    }
}

/// A term's identity: (person, office, jurisdiction, from). The same key
/// with another end year is a contradiction.
type TermKey = (usize, Office, String, u16);

struct HolderRow<'a> {
    person: &'a str,
    spellings: Vec<&'a str>,
    term: Term,
}

fn parse_holder_row<'a>(fields: &[&'a str]) -> Result<HolderRow<'a>, String> {
    let [person, spellings, office, jurisdiction, from, to] = fields else {
        return Err(format!(
            "expected 6 tab-separated columns (person, other spellings, office, jurisdiction, from, to), found {}",
            fields.len()
        ));
    };
    if !is_name(person) {
        return Err(format!("person {person:?} is not a full name"));
    }
    let spellings: Vec<&str> = if *spellings == "-" {
        Vec::new()
    } else {
        spellings.split('|').map(str::trim).collect()
    };
    if let Some(bad) = spellings.iter().find(|s| !is_name(s)) {
        return Err(format!(
            "other spelling {bad:?} is not a name: give '|'-separated full names, or '-'"
        ));
    }
    let office = Office::parse(office)
        .ok_or_else(|| format!("unknown office {office:?}; known: {}", Office::known_keys()))?;
    if !is_jurisdiction(jurisdiction) {
        return Err(format!(
            "jurisdiction {jurisdiction:?} is neither an ISO 3166-1 alpha-2 code nor one of {}",
            BODIES.join(", ")
        ));
    }
    let from = parse_year(from).ok_or_else(|| format!("'from' {from:?} is not a year"))?;
    let to = match *to {
        "-" => None,
        year => {
            let to = parse_year(year)
                .ok_or_else(|| format!("'to' {year:?} is not a year or '-' (ongoing)"))?;
            if to < from {
                return Err(format!("the term ends ({to}) before it starts ({from})"));
            }
            Some(to)
        }
    };
    Ok(HolderRow {
        person,
        spellings,
        term: Term {
            office,
            jurisdiction: jurisdiction.to_string(),
            from,
            to,
        },
    })
}

/// A name has a letter, and no tab or control character.
fn is_name(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_control) && s != "-"
}

fn is_jurisdiction(s: &str) -> bool {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())) || BODIES.contains(&s)
}

/// Whether a jurisdiction is an international body (UN, NATO, EU, IMF)
/// rather than a country.
pub fn is_body(code: &str) -> bool {
    BODIES.contains(&code)
}

fn parse_year(s: &str) -> Option<u16> {
    let year: u16 = (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()?;
    (1900..=2100).contains(&year).then_some(year)
}

/// A title that claims an office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// As written in the table: "Secretary of State".
    pub text: String,
    /// The lower-case words, with hyphens as word breaks.
    pub words: Vec<String>,
    /// A title in capitals ("PM") is matched only in capitals.
    pub case_sensitive: bool,
    pub office: Office,
    /// Whose style it is; `None` for any.
    pub convention: Option<String>,
}

/// A jurisdiction and the words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    /// As in "foreign minister of Ukraine".
    pub name: String,
    /// Words that stand before a title; the first is used in suggestions.
    pub adjectives: Vec<String>,
    /// Nouns for "of …" and "…'s": the name first.
    pub nouns: Vec<String>,
}

/// The titles and places of `role/office-titles*.tsv` and
/// `role/office-places*.tsv`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeWords {
    pub titles: Vec<Title>,
    pub places: Vec<Place>,
}

impl OfficeWords {
    /// Reads the title and place tables of `set`.
    pub fn from_set(set: &LexiconSet) -> (OfficeWords, Vec<LexiconError>) {
        OfficeWords::from_tables(
            set.tables("role/office-titles"),
            set.tables("role/office-places"),
        )
    }

    /// Reads these title and place tables, in order.
    pub fn from_tables<'a>(
        titles: impl IntoIterator<Item = &'a Table>,
        places: impl IntoIterator<Item = &'a Table>,
    ) -> (OfficeWords, Vec<LexiconError>) {
        let mut words = OfficeWords::default();
        let mut errors = Vec::new();
        for table in titles {
            read_titles(table, &mut words.titles, &mut errors);
        }
        for table in places {
            read_places(table, &mut words.places, &mut errors);
        }
        (words, errors)
    }

    /// The place with this code.
    pub fn place(&self, code: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.code == code)
    }

    /// The title a suggestion uses for `office` in `jurisdiction`: the
    /// first title of that convention, else the first of any.
    pub fn display(&self, office: Office, jurisdiction: &str) -> Option<&Title> {
        let of_office = || self.titles.iter().filter(move |t| t.office == office);
        of_office()
            .find(|t| t.convention.as_deref() == Some(jurisdiction))
            .or_else(|| of_office().find(|t| t.convention.is_none()))
    }
}

fn read_titles(table: &Table, titles: &mut Vec<Title>, errors: &mut Vec<LexiconError>) {
    for (line, fields) in table.rows() {
        let [text, office, convention] = fields[..] else {
            errors.push(table.error(
                line,
                format!(
                    "expected 3 tab-separated columns (title, office, convention), found {}",
                    fields.len()
                ),
            ));
            continue;
        };
        let words = phrase_words(text);
        if words.is_empty() {
            errors.push(table.error(line, format!("title {text:?} has no words")));
            continue;
        }
        let Some(office) = Office::parse(office) else {
            errors.push(table.error(
                line,
                format!("unknown office {office:?}; known: {}", Office::known_keys()),
            ));
            continue;
        };
        let convention = match convention {
            "-" => None,
            code if is_jurisdiction(code) => Some(code.to_string()),
            other => {
                errors.push(table.error(
                    line,
                    format!("convention {other:?} is not a jurisdiction code or '-'"),
                ));
                continue;
            }
        };
        let case_sensitive = text.chars().any(char::is_alphabetic)
            && !text.chars().any(char::is_lowercase)
            && text.chars().filter(|c| c.is_alphabetic()).count() <= 4;
        titles.push(Title {
            text: text.to_string(),
            words,
            case_sensitive,
            office,
            convention,
        });
    }
}

fn read_places(table: &Table, places: &mut Vec<Place>, errors: &mut Vec<LexiconError>) {
    for (line, fields) in table.rows() {
        let [code, name, adjectives, other] = fields[..] else {
            errors.push(table.error(
                line,
                format!(
                    "expected 4 tab-separated columns (code, name, adjectives, other names), found {}",
                    fields.len()
                ),
            ));
            continue;
        };
        if !is_jurisdiction(code) {
            errors.push(table.error(
                line,
                format!("{code:?} is not a jurisdiction code (ISO alpha-2, or UN, NATO, EU, IMF)"),
            ));
            continue;
        }
        let list = |s: &str| -> Vec<String> {
            if s == "-" {
                Vec::new()
            } else {
                s.split('|')
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect()
            }
        };
        let adjectives = list(adjectives);
        if adjectives.is_empty() || name.is_empty() {
            errors.push(table.error(line, "a place needs a name and at least one adjective"));
            continue;
        }
        let mut nouns = vec![name.to_string()];
        nouns.extend(list(other));
        places.push(Place {
            code: code.to_string(),
            name: name.to_string(),
            adjectives,
            nouns,
        });
    }
}

/// The lower-case words of a phrase as the role check compares them:
/// hyphens and spaces break words, `’` is `'`.
pub fn phrase_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || is_hyphen(c))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'").to_lowercase())
        .collect()
}

/// The hyphens that join words ("Secretary-General", "ex-president").
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn set_with(tables: &[(&str, &str)]) -> LexiconSet {
        let mut set = LexiconSet::default();
        for (name, text) in tables {
            set.tables.push(Table {
                name: (*name).to_string(),
                path: format!("lexicons/{name}"),
                text: Arc::from(*text),
            });
        }
        set
    }

    const HEADER: &str = "# person\tspellings\toffice\tjurisdiction\tfrom\tto\n";

    #[test]
    fn rows_become_persons_with_terms() {
        let a = format!(
            "{HEADER}Dmytro Kuleba\tDmitry Kuleba\tforeign-minister\tUA\t2020\t2024\n\
             Andriy Melnyk\t-\tdeputy-foreign-minister\tUA\t2022\t2023\n\
             Sergei Lavrov\tSergey Lavrov|Sergej Lavrov\tforeign-minister\tRU\t2004\t-\n"
        );
        let b = "Dmytro Kuleba\tDmytro Kuleba\tforeign-minister\tUA\t2020\t2024\n\
                 Dmytro Kuleba\t-\tdeputy-prime-minister\tUA\t2019\t2020\n";
        let set = set_with(&[
            ("role/office-holders-a.tsv", &a),
            ("role/office-holders-b.tsv", b),
            ("role/office-titles.tsv", "not\ta holder row\n"),
        ]);
        let (holders, errors) = OfficeHolders::from_set(&set);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(holders.persons().len(), 3);
        assert_eq!(holders.term_count(), 4);
        let kuleba = &holders.persons()[0];
        assert_eq!(kuleba.name, "Dmytro Kuleba");
        assert_eq!(kuleba.spellings, vec!["Dmitry Kuleba"]);
        assert_eq!(kuleba.terms.len(), 2, "the repeated row merges");
        assert_eq!(kuleba.terms[1].office, Office::DEPUTY_PRIME_MINISTER);
        let lavrov = &holders.persons()[2];
        assert_eq!(lavrov.terms[0].to, None);
        assert_eq!(
            lavrov.forms().collect::<Vec<_>>(),
            vec!["Sergei Lavrov", "Sergey Lavrov", "Sergej Lavrov"]
        );
    }

    #[test]
    fn bad_rows_are_reported_with_path_and_line_and_skipped() {
        let text = format!(
            "{HEADER}Dmytro Kuleba\t-\tforeign-minister\tUA\t2020\t2024\n\
             Dmytro Kuleba\t-\tforeign-minister\tUA\t2020\t2023\n\
             A B\t-\tforeign minister\tUA\t2020\t2024\n\
             A B\t-\tforeign-minister\tUkraine\t2020\t2024\n\
             A B\t-\tforeign-minister\tUA\t20\t2024\n\
             A B\t-\tforeign-minister\tUA\t2020\t2019\n\
             A B\t-\tforeign-minister\tUA\t2020\n\
             A B\t-|\tforeign-minister\tUA\t2020\t-\n\
             -\t-\tforeign-minister\tUA\t2020\t-\n"
        );
        let set = set_with(&[("role/office-holders-x.tsv", &text)]);
        let (holders, errors) = OfficeHolders::from_set(&set);
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 8, "{shown:#?}");
        assert!(shown[0].starts_with("lexicons/role/office-holders-x.tsv:3:1: "));
        assert!(shown[0].contains("ends differently at lexicons/role/office-holders-x.tsv:2"));
        assert!(shown[1].contains(":4:1: unknown office \"foreign minister\""));
        assert!(shown[2].contains(":5:1: jurisdiction \"Ukraine\""));
        assert!(shown[3].contains(":6:1: 'from' \"20\" is not a year"));
        assert!(shown[4].contains(":7:1: the term ends (2019) before it starts (2020)"));
        assert!(shown[5].contains(":8:1: expected 6 tab-separated columns"));
        assert!(shown[6].contains(":9:1: other spelling \"-\" is not a name"));
        assert!(shown[7].contains(":10:1: person \"-\""));
        assert_eq!(holders.term_count(), 1);
    }

    #[test]
    fn titles_and_places_load() {
        let titles = "Foreign Minister\tforeign-minister\t-\n\
                      Secretary-General\tsecretary-general\t-\n\
                      Secretary of State\tforeign-minister\tUS\n\
                      PM\tprime-minister\t-\n\
                      Minister\tminister\t-\n";
        let places = "UA\tUkraine\tUkrainian|Ukraine\t-\n\
                      US\tthe United States\tUS|American\tthe US|America\n\
                      Ukraine\tUkraine\tUkrainian\t-\n";
        let set = set_with(&[
            ("role/office-titles.tsv", titles),
            ("role/office-places.tsv", places),
        ]);
        let (words, errors) = OfficeWords::from_set(&set);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0]
            .to_string()
            .contains("office-titles.tsv:5:1: unknown office"));
        assert!(errors[1].to_string().contains("office-places.tsv:3:1: "));
        assert_eq!(words.titles.len(), 4);
        assert_eq!(words.titles[1].words, vec!["secretary", "general"]);
        assert!(words.titles[3].case_sensitive && !words.titles[0].case_sensitive);
        assert_eq!(
            words.display(Office::FOREIGN_MINISTER, "US").unwrap().text,
            "Secretary of State"
        );
        assert_eq!(
            words.display(Office::FOREIGN_MINISTER, "UA").unwrap().text,
            "Foreign Minister"
        );
        assert_eq!(
            words.place("US").unwrap().nouns,
            vec!["the United States", "the US", "America"]
        );
    }

    #[test]
    fn embedded_office_tables_load_without_errors() {
        let set = LexiconSet::embedded().unwrap();
        let (holders, errors) = OfficeHolders::from_set(&set);
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(!holders.persons().is_empty());
        let (words, errors) = OfficeWords::from_set(&set);
        assert!(errors.is_empty(), "{errors:#?}");
        for (key, _, _) in OFFICES {
            let office = Office::parse(key).unwrap();
            assert!(
                words.titles.iter().any(|t| t.office == office),
                "no title for {key}"
            );
        }
        assert!(words.place("UA").is_some() && words.place("NATO").is_some());
    }

    #[test]
    fn principal_offices() {
        assert_eq!(
            Office::DEPUTY_FOREIGN_MINISTER.principal(),
            Office::FOREIGN_MINISTER
        );
        assert_eq!(
            Office::parse("first-deputy-prime-minister")
                .unwrap()
                .principal(),
            Office::PRIME_MINISTER
        );
        assert_eq!(
            Office::parse("monarch").unwrap().principal().key(),
            "monarch"
        );
        assert_eq!(Office::parse("minister"), None);
    }
}
