//! Lexicons: the rules of the lexicon-driven detectors, kept as TOML data.
//!
//! Every file in `lexicons/` is embedded in the binary ([`EMBEDDED`]). A user
//! layers their own directory on top with [`LexiconSet::overlay_dir`]: an
//! entry with the same detector and id replaces the default, and
//! `enabled = false` switches it off. The format is described in
//! `lexicons/README.md`; [`LexiconSet::from_toml`] validates it and reports
//! each problem as `path:line:col: message`.
//!
//! Each entry carries `fires` and `clean` examples; [`examples::run`] checks
//! them all.
//!
//! Beside the entries, some detectors read whole data tables: tab-separated
//! `*.tsv` files ([`Table`]) such as the given-name table of `coreference` and
//! the office holders of `role`. They are embedded the same way
//! ([`EMBEDDED_TABLES`]); a user file with the same relative path replaces
//! the default, any other is added.

mod engine;
pub mod examples;
mod literals;
mod matcher;
pub mod names;
pub mod offices;
pub mod pattern;
mod prefilter;
mod sources;

pub use matcher::CompiledLexicon;

use crate::lang::Lang;
use serde::Deserialize;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use toml::Spanned;

/// The default lexicon files, embedded at build time, as (name, contents).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "boilerplate.toml",
        include_str!("../../lexicons/boilerplate.toml"),
    ),
    (
        "typography.toml",
        include_str!("../../lexicons/typography.toml"),
    ),
    ("residue.toml", include_str!("../../lexicons/residue.toml")),
    (
        "idiom/fr.toml",
        include_str!("../../lexicons/idiom/fr.toml"),
    ),
    (
        "idiom/de.toml",
        include_str!("../../lexicons/idiom/de.toml"),
    ),
    (
        "idiom/es.toml",
        include_str!("../../lexicons/idiom/es.toml"),
    ),
    (
        "idiom/it.toml",
        include_str!("../../lexicons/idiom/it.toml"),
    ),
    (
        "idiom/ru.toml",
        include_str!("../../lexicons/idiom/ru.toml"),
    ),
    (
        "idiom/other.toml",
        include_str!("../../lexicons/idiom/other.toml"),
    ),
    (
        "transliteration/names-east.toml",
        include_str!("../../lexicons/transliteration/names-east.toml"),
    ),
    (
        "transliteration/names-south.toml",
        include_str!("../../lexicons/transliteration/names-south.toml"),
    ),
    (
        "transliteration/conventions.toml",
        include_str!("../../lexicons/transliteration/conventions.toml"),
    ),
    (
        "role/titles.toml",
        include_str!("../../lexicons/role/titles.toml"),
    ),
];

/// The default data tables, embedded at build time, as (relative path,
/// contents).
pub const EMBEDDED_TABLES: &[(&str, &str)] = &[
    (
        "names/given-names-europe.tsv",
        include_str!("../../lexicons/names/given-names-europe.tsv"),
    ),
    (
        "names/given-names-world.tsv",
        include_str!("../../lexicons/names/given-names-world.tsv"),
    ),
    (
        "role/office-holders-europe.tsv",
        include_str!("../../lexicons/role/office-holders-europe.tsv"),
    ),
    (
        "role/office-holders-g20.tsv",
        include_str!("../../lexicons/role/office-holders-g20.tsv"),
    ),
    (
        "role/office-titles.tsv",
        include_str!("../../lexicons/role/office-titles.tsv"),
    ),
    (
        "role/office-places.tsv",
        include_str!("../../lexicons/role/office-places.tsv"),
    ),
];

/// A data table: a tab-separated file that a detector reads whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The path relative to the lexicon directory, with `/`, such as
    /// `names/given-names-europe.tsv`. A user table with the same name
    /// replaces the default.
    pub name: String,
    /// Where the table was read from, for messages.
    pub path: String,
    pub text: Arc<str>,
}

impl Table {
    /// The data rows as (1-based line number, tab-separated fields), without
    /// blank lines and `#` comments.
    pub fn rows(&self) -> impl Iterator<Item = (usize, Vec<&str>)> + '_ {
        self.text.lines().enumerate().filter_map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let trimmed = line.trim();
            (!trimmed.is_empty() && !trimmed.starts_with('#'))
                .then(|| (i + 1, line.split('\t').map(str::trim).collect()))
        })
    }

    /// A problem on one line of this table.
    pub fn error(&self, line: usize, message: impl Into<String>) -> LexiconError {
        LexiconError {
            path: self.path.clone(),
            line,
            col: 1,
            message: message.into(),
        }
    }
}

/// A problem in a lexicon file or table, with its position when known.
pub type LexiconError = crate::error::FileError;

/// How an entry's text is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// Phrases in the phrase language of [`pattern`], matched on word
    /// boundaries.
    Phrases(Vec<String>),
    /// Raw regular expressions; a group named `m`, if present, is the
    /// evidence span.
    Regexes(Vec<String>),
}

/// Where in its sentence a match must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    #[default]
    Anywhere,
    /// At the start of the sentence (leading quotes and bullets ignored).
    SentenceStart,
    /// The whole sentence, apart from punctuation and bullets around it.
    WholeSentence,
}

/// One validated lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub detector: String,
    pub id: String,
    pub matcher: Matcher,
    pub case_sensitive: bool,
    pub position: Position,
    /// At least one of these regexes must match the sentence.
    pub requires: Vec<String>,
    /// None of these regexes may match the sentence.
    pub excludes: Vec<String>,
    /// Must not match right after the evidence.
    pub unless_next: Option<String>,
    /// Must not match right before the evidence.
    pub unless_prev: Option<String>,
    pub message: String,
    pub suggestion: Option<String>,
    pub note: String,
    pub languages: Vec<Lang>,
    pub weight: f32,
    pub fires: Vec<String>,
    pub clean: Vec<String>,
    /// Where the entry was defined: `path:line:col`.
    pub origin: String,
    /// The regexes to compile, worked out once at validation.
    pub(crate) sources: matcher::Sources,
}

impl Entry {
    /// The rule id reported in findings: `detector/id`.
    pub fn rule_id(&self) -> String {
        format!("{}/{}", self.detector, self.id)
    }
}

/// All lexicon entries in force, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct LexiconSet {
    entries: Vec<Entry>,
    tables: Vec<Table>,
    parsed: ParsedTables,
}

/// The data tables read into their types, each on first use and then kept,
/// so that the run's check of the tables and the detectors that use them
/// share one parse. Emptied when the tables change.
#[derive(Debug, Clone, Default)]
struct ParsedTables {
    names: OnceLock<(Arc<names::GivenNames>, Vec<LexiconError>)>,
    holders: OnceLock<(Arc<offices::OfficeHolders>, Vec<LexiconError>)>,
    words: OnceLock<(Arc<offices::OfficeWords>, Vec<LexiconError>)>,
}

/// The embedded lexicon files with their `fires` and `clean` examples
/// taken out by `build.rs`, every other line where it was.
mod without_examples {
    include!(concat!(env!("OUT_DIR"), "/lexicons_without_examples.rs"));
}

/// Whether loaded entries keep their examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Examples {
    /// Kept, and every entry must have a `fires` example.
    Required,
    /// Left out of the embedded files (see [`without_examples`]).
    Omitted,
}

impl LexiconSet {
    /// The embedded defaults, with their examples.
    pub fn embedded() -> Result<LexiconSet, Vec<LexiconError>> {
        Self::load_embedded(EMBEDDED, Examples::Required)
    }

    /// The embedded defaults without their `fires` and `clean` examples,
    /// which only `lexicons test` reads: an audit loads these, some 20%
    /// faster. The entries are otherwise those of [`LexiconSet::embedded`].
    pub fn embedded_without_examples() -> Result<LexiconSet, Vec<LexiconError>> {
        let files: Vec<(&str, &str)> = EMBEDDED
            .iter()
            .map(|&(name, text)| {
                let stripped = without_examples::FILES.iter().find(|(n, _)| *n == name);
                match stripped {
                    Some(&(_, stripped)) => (name, stripped),
                    // A file the build could not strip loads whole.
                    None => (name, text),
                }
            })
            .collect();
        Self::load_embedded(&files, Examples::Omitted)
    }

    fn load_embedded(
        files: &[(&str, &str)],
        examples: Examples,
    ) -> Result<LexiconSet, Vec<LexiconError>> {
        let mut set = LexiconSet::default();
        for (name, text) in EMBEDDED_TABLES {
            set.tables.push(Table {
                name: (*name).to_string(),
                path: format!("lexicons/{name}"),
                text: Arc::from(*text),
            });
        }
        let mut errors = Vec::new();
        // The files parse on all cores (a third of start-up) and apply in
        // order; the tables parse meanwhile.
        let tables = &set;
        let parsed = std::thread::scope(|scope| {
            scope.spawn(|| {
                (
                    tables.given_names(),
                    tables.office_holders(),
                    tables.office_words(),
                )
            });
            // Largest first, so that no core is left with a big file at the
            // end (names-east.toml is a quarter of the total).
            let mut order: Vec<usize> = (0..files.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(files[i].1.len()));
            let mut parsed: Vec<(usize, _)> = crate::parallel::map(&order, |&i| {
                let (name, text) = files[i];
                (i, parse_file(&format!("lexicons/{name}"), text, examples))
            });
            parsed.sort_by_key(|(i, _)| *i);
            parsed.into_iter().map(|(_, file)| file)
        });
        for file in parsed {
            match file {
                Ok(file) => set.apply(file),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(errors)
        }
    }

    /// Parses one file's text on its own (used for user files and tests).
    pub fn from_toml(path: &str, text: &str) -> Result<LexiconSet, Vec<LexiconError>> {
        let mut set = LexiconSet::default();
        set.apply(parse_file(path, text, Examples::Required)?);
        Ok(set)
    }

    /// Layers every `*.toml` and `*.tsv` file under `dir` (recursively, in
    /// sorted order) on top of this set.
    pub fn overlay_dir(&mut self, dir: &Path) -> Result<(), Vec<LexiconError>> {
        let mut errors = Vec::new();
        let files = match lexicon_files(dir) {
            Ok(files) => files,
            Err(message) => {
                return Err(vec![LexiconError {
                    path: dir.display().to_string(),
                    line: 0,
                    col: 0,
                    message,
                }])
            }
        };
        if files.is_empty() {
            return Err(vec![LexiconError {
                path: dir.display().to_string(),
                line: 0,
                col: 0,
                message: "no lexicon files (.toml or .tsv) found".into(),
            }]);
        }
        for path in files {
            let shown = path.display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) if path.extension().is_some_and(|x| x == "tsv") => {
                    let name = relative_name(dir, &path);
                    self.parsed = ParsedTables::default();
                    self.tables.retain(|t| t.name != name);
                    self.tables.push(Table {
                        name,
                        path: shown,
                        text: Arc::from(text),
                    });
                }
                Ok(text) => match parse_file(&shown, &text, Examples::Required) {
                    Ok(file) => self.apply(file),
                    Err(mut e) => errors.append(&mut e),
                },
                Err(e) => errors.push(LexiconError {
                    path: shown,
                    line: 0,
                    col: 0,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Every entry in force.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The data tables whose relative path starts with `prefix`, such as
    /// `names/`.
    pub fn tables<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a Table> + 'a {
        self.tables
            .iter()
            .filter(move |t| t.name.starts_with(prefix))
    }

    /// The given-name table (`names/`), with the problems of its rows.
    pub fn given_names(&self) -> &(Arc<names::GivenNames>, Vec<LexiconError>) {
        self.parsed.names.get_or_init(|| {
            let (names, errors) = names::GivenNames::from_set(self);
            (Arc::new(names), errors)
        })
    }

    /// The office holders (`role/office-holders*`), with the problems of
    /// their rows.
    pub fn office_holders(&self) -> &(Arc<offices::OfficeHolders>, Vec<LexiconError>) {
        self.parsed.holders.get_or_init(|| {
            let (holders, errors) = offices::OfficeHolders::from_set(self);
            (Arc::new(holders), errors)
        })
    }

    /// The office titles and place words (`role/office-titles*`,
    /// `role/office-places*`), with the problems of their rows.
    pub fn office_words(&self) -> &(Arc<offices::OfficeWords>, Vec<LexiconError>) {
        self.parsed.words.get_or_init(|| {
            let (words, errors) = offices::OfficeWords::from_set(self);
            (Arc::new(words), errors)
        })
    }

    /// Every problem in the data tables.
    pub fn table_errors(&self) -> impl Iterator<Item = &LexiconError> {
        self.given_names()
            .1
            .iter()
            .chain(&self.office_holders().1)
            .chain(&self.office_words().1)
    }

    /// The entries in force for one detector.
    pub fn for_detector<'a>(&'a self, detector: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.detector == detector)
    }

    fn apply(&mut self, file: ParsedFile) {
        // Entries of this file's detector by id: a linear search per change
        // cost 10% of start-up with the embedded lexicons.
        let mut index: std::collections::HashMap<String, usize> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.detector == file.detector)
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let mut removed = vec![false; self.entries.len()];
        for change in file.changes {
            match change {
                Change::Disable(id) => {
                    if let Some(i) = index.remove(&id) {
                        removed[i] = true;
                    }
                }
                Change::Define(entry) => match index.get(&entry.id) {
                    Some(&i) => self.entries[i] = *entry,
                    None => {
                        index.insert(entry.id.clone(), self.entries.len());
                        self.entries.push(*entry);
                        removed.push(false);
                    }
                },
            }
        }
        if removed.contains(&true) {
            let mut keep = removed.iter().map(|r| !r);
            self.entries.retain(|_| keep.next().unwrap_or(true));
        }
    }
}

fn lexicon_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    if !dir.is_dir() {
        return Err("not a directory".into());
    }
    let mut files = Vec::new();
    for item in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let item = item.map_err(|e| e.to_string())?;
        if item.file_type().is_file()
            && item
                .path()
                .extension()
                .is_some_and(|x| x == "toml" || x == "tsv")
        {
            files.push(item.into_path());
        }
    }
    Ok(files)
}

/// `path` relative to `dir`, with `/` separators.
fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

enum Change {
    Define(Box<Entry>),
    Disable(String),
}

struct ParsedFile {
    detector: String,
    changes: Vec<Change>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    detector: String,
    #[serde(default)]
    languages: Vec<Lang>,
    #[serde(default, rename = "entry")]
    entries: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum CaseMode {
    Insensitive,
    Sensitive,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    enabled: Option<bool>,
    phrase: Option<OneOrMany>,
    regex: Option<OneOrMany>,
    case: Option<CaseMode>,
    #[serde(default)]
    position: Position,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    excludes: Vec<String>,
    unless_next: Option<String>,
    unless_prev: Option<String>,
    message: Option<String>,
    suggestion: Option<String>,
    note: Option<String>,
    languages: Option<Vec<Lang>>,
    weight: Option<f32>,
    #[serde(default)]
    fires: Vec<String>,
    #[serde(default)]
    clean: Vec<String>,
}

fn parse_file(path: &str, text: &str, examples: Examples) -> Result<ParsedFile, Vec<LexiconError>> {
    let lines = LineIndex::new(text);
    let error_at = |offset: usize, message: String| {
        let (line, col) = lines.line_col(offset);
        LexiconError {
            path: path.to_string(),
            line,
            col,
            message,
        }
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        vec![error_at(offset, e.message().trim().to_string())]
    })?;
    if !is_valid_id(&raw.detector) {
        return Err(vec![error_at(
            0,
            format!("invalid detector name {:?}", raw.detector),
        )]);
    }
    let mut errors = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for spanned in raw.entries {
        let offset = spanned.span().start;
        let (line, col) = lines.line_col(offset);
        let origin = format!("{path}:{line}:{col}");
        let raw_entry = spanned.into_inner();
        if !ids.insert(raw_entry.id.clone()) {
            errors.push(error_at(
                offset,
                format!("duplicate entry id {:?}", raw_entry.id),
            ));
            continue;
        }
        match validate(&raw.detector, &raw.languages, raw_entry, origin, examples) {
            Ok(change) => changes.push(change),
            Err(message) => errors.push(error_at(offset, message)),
        }
    }
    if errors.is_empty() {
        Ok(ParsedFile {
            detector: raw.detector,
            changes,
        })
    } else {
        Err(errors)
    }
}

fn validate(
    detector: &str,
    file_languages: &[Lang],
    raw: RawEntry,
    origin: String,
    examples: Examples,
) -> Result<Change, String> {
    let id = raw.id;
    if !is_valid_id(&id) {
        return Err(format!(
            "invalid id {id:?}: use lower-case letters, digits, '-', '_' and '/'"
        ));
    }
    let prefix = format!("entry {id:?}");
    if raw.enabled == Some(false) {
        return Ok(Change::Disable(id));
    }
    let matcher = match (raw.phrase, raw.regex) {
        (Some(p), None) => Matcher::Phrases(p.into_vec()),
        (None, Some(r)) => Matcher::Regexes(r.into_vec()),
        (Some(_), Some(_)) => return Err(format!("{prefix}: give `phrase` or `regex`, not both")),
        (None, None) => return Err(format!("{prefix}: missing `phrase` or `regex`")),
    };
    let note = raw
        .note
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| format!("{prefix}: missing `note` (why it is evidence; the original)"))?;
    let weight = raw
        .weight
        .ok_or_else(|| format!("{prefix}: missing `weight`"))?;
    if !(0.0..=1.0).contains(&weight) {
        return Err(format!("{prefix}: weight {weight} is outside [0, 1]"));
    }
    if raw.fires.is_empty() && examples == Examples::Required {
        return Err(format!(
            "{prefix}: needs at least one `fires` example where it must fire"
        ));
    }
    let suggestion = raw.suggestion.filter(|s| !s.is_empty());
    let is_template = matches!(matcher, Matcher::Regexes(_))
        && suggestion.as_deref().is_some_and(|s| s.contains('$'));
    let message = raw.message.unwrap_or_else(|| match &suggestion {
        Some(s) if !is_template => format!("{note}; English: {s}"),
        _ => note.clone(),
    });
    let entry = Entry {
        detector: detector.to_string(),
        id,
        matcher,
        case_sensitive: raw.case == Some(CaseMode::Sensitive),
        position: raw.position,
        requires: raw.requires,
        excludes: raw.excludes,
        unless_next: raw.unless_next,
        unless_prev: raw.unless_prev,
        message,
        suggestion,
        note,
        languages: raw.languages.unwrap_or_else(|| file_languages.to_vec()),
        weight,
        fires: raw.fires,
        clean: raw.clean,
        origin,
        sources: matcher::Sources::default(),
    };
    let sources = matcher::check(&entry).map_err(|e| format!("{prefix}: {e}"))?;
    Ok(Change::Define(Box::new(Entry { sources, ..entry })))
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_/".contains(c))
}

/// Line starts of a text, for turning byte offsets into positions.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
detector = "typography"
languages = ["fr"]

[[entry]]
id = "guillemets"
phrase = "«"
note = "French guillemets"
weight = 0.6
fires = ["He said « no »."]
"#;

    #[test]
    fn embedded_lexicons_load() {
        let set = LexiconSet::embedded().unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert!(set.for_detector("typography").count() > 10);
        assert!(set.for_detector("boilerplate").count() >= 40);
    }

    #[test]
    fn without_examples_the_embedded_entries_are_the_same() {
        let full = LexiconSet::embedded().unwrap();
        let lean = LexiconSet::embedded_without_examples().unwrap();
        assert_eq!(
            without_examples::FILES.len(),
            EMBEDDED.len(),
            "build.rs stripped every embedded file"
        );
        assert_eq!(full.entries().len(), lean.entries().len());
        for (full, lean) in full.entries().iter().zip(lean.entries()) {
            assert!(!full.fires.is_empty());
            assert!(
                lean.fires.is_empty() && lean.clean.is_empty(),
                "{}",
                lean.origin
            );
            let expected = Entry {
                fires: Vec::new(),
                clean: Vec::new(),
                ..full.clone()
            };
            assert_eq!(lean, &expected);
        }
    }

    #[test]
    fn every_file_in_lexicons_dir_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        for path in lexicon_files(&dir).unwrap() {
            let name = relative_name(&dir, &path);
            let listed = if name.ends_with(".tsv") {
                EMBEDDED_TABLES.iter().any(|(n, _)| *n == name)
            } else {
                EMBEDDED.iter().any(|(n, _)| *n == name)
            };
            assert!(listed, "lexicons/{name} is not embedded in lexicon.rs");
        }
    }

    #[test]
    fn user_tables_replace_by_name_and_add_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("names")).unwrap();
        let replaced = "# mine\nAlex\tu\ten\n\nKim\t u \tko\r\n";
        std::fs::write(dir.path().join("names/given-names-europe.tsv"), replaced).unwrap();
        std::fs::write(dir.path().join("names/extra.tsv"), "Ola\tf\tno\n").unwrap();
        let mut set = LexiconSet::embedded().unwrap();
        let before = set.tables("names/").count();
        let embedded_names = set.given_names().0.len();
        set.overlay_dir(dir.path()).unwrap();
        // The parsed tables follow the overlay.
        assert!(set.given_names().0.gender("Ola").is_some());
        assert!(set.given_names().0.len() < embedded_names);
        assert_eq!(set.tables("names/").count(), before + 1);
        let mine = set
            .tables("names/given-names-europe")
            .next()
            .expect("replaced table");
        let rows: Vec<_> = mine.rows().collect();
        assert_eq!(
            rows,
            vec![(2, vec!["Alex", "u", "en"]), (4, vec!["Kim", "u", "ko"])]
        );
        assert!(mine
            .error(4, "bad")
            .to_string()
            .ends_with("given-names-europe.tsv:4:1: bad"));
    }

    #[test]
    fn file_languages_are_the_default() {
        let set = LexiconSet::from_toml("t.toml", GOOD).unwrap();
        let e = &set.entries()[0];
        assert_eq!(e.languages, vec![Lang::parse("fr").unwrap()]);
        assert_eq!(e.rule_id(), "typography/guillemets");
        assert_eq!(e.origin, "t.toml:5:1");
    }

    #[test]
    fn errors_name_path_line_and_column() {
        let bad = GOOD.replace("weight = 0.6", "weight = 1.6");
        let err = LexiconSet::from_toml("user/t.toml", &bad).unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "user/t.toml:5:1: entry \"guillemets\": weight 1.6 is outside [0, 1]"
        );

        let unknown = GOOD.replace("weight = 0.6", "wieght = 0.6");
        let err = LexiconSet::from_toml("t.toml", &unknown).unwrap_err();
        assert_eq!((err[0].line, err[0].col), (9, 1), "{}", err[0]);
        assert!(err[0].message.contains("wieght"), "{}", err[0]);

        let syntax = "detector = \"x\"\n[[entry]\n";
        let err = LexiconSet::from_toml("t.toml", syntax).unwrap_err();
        assert_eq!(err[0].line, 2, "{}", err[0]);

        let bad_regex = GOOD.replace("phrase = \"«\"", "regex = \"(unclosed\"");
        let err = LexiconSet::from_toml("t.toml", &bad_regex).unwrap_err();
        assert!(
            err[0]
                .to_string()
                .starts_with("t.toml:5:1: entry \"guillemets\": "),
            "{}",
            err[0]
        );
    }

    #[test]
    fn overlay_replaces_and_disables_by_id() {
        let mut set = LexiconSet::from_toml("t.toml", GOOD).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.toml"), GOOD.replace("0.6", "0.2")).unwrap();
        set.overlay_dir(dir.path()).unwrap();
        assert_eq!(set.entries().len(), 1);
        assert_eq!(set.entries()[0].weight, 0.2);

        std::fs::write(
            dir.path().join("mine.toml"),
            "detector = \"typography\"\n[[entry]]\nid = \"guillemets\"\nenabled = false\n",
        )
        .unwrap();
        set.overlay_dir(dir.path()).unwrap();
        assert!(set.entries().is_empty());
    }

    #[test]
    fn line_col_counts_characters() {
        let index = LineIndex::new("ab\ncé d\n");
        let expected = [
            (0, (1, 1)),
            (2, (1, 3)),
            (3, (2, 1)),
            (5, (2, 2)),
            (7, (2, 4)),
            (8, (2, 5)),
            (9, (3, 1)),
        ];
        for (offset, position) in expected {
            assert_eq!(index.line_col(offset), position, "{offset}");
        }
    }
}
