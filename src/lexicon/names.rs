//! The given-name table: which gender a first name marks, for the
//! `coreference` detector.
//!
//! The rows come from every data table under `names/` (see
//! [`LexiconSet::tables`]): `name<TAB>gender<TAB>languages`, where gender is
//! `m`, `f` or `u` (given to both) and languages are ISO 639-1 codes of the
//! naming traditions, comma-separated. A name listed twice with different
//! genders, in one table or across tables, becomes `u`. Lookups are hash
//! lookups by the exact spelling, then by an ASCII-folded, lower-case key, so
//! "Małgorzata" and "Malgorzata" both resolve.

use super::{LexiconError, LexiconSet, Table};
use crate::fasthash::FastMap;
use crate::lang::Lang;

/// The gender a given name marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
    /// Given to both, or listed with both: never evidence.
    Unisex,
}

impl Gender {
    fn parse(code: &str) -> Option<Gender> {
        match code {
            "m" => Some(Gender::Male),
            "f" => Some(Gender::Female),
            "u" => Some(Gender::Unisex),
            _ => None,
        }
    }

    /// The gender two listings of one name agree on.
    fn merge(self, other: Gender) -> Gender {
        if self == other {
            self
        } else {
            Gender::Unisex
        }
    }
}

/// What the table says about one given name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenName {
    pub gender: Gender,
    /// The naming traditions it belongs to, from every row that lists it.
    pub languages: Vec<Lang>,
}

impl GivenName {
    fn merge(&mut self, gender: Gender, languages: &[Lang]) {
        self.gender = self.gender.merge(gender);
        for l in languages {
            if !self.languages.contains(l) {
                self.languages.push(*l);
            }
        }
    }
}

/// Every given name in force, looked up by spelling.
#[derive(Debug, Clone, Default)]
pub struct GivenNames {
    exact: FastMap<String, GivenName>,
    folded: FastMap<String, GivenName>,
}

impl GivenNames {
    /// Reads every `names/` table of `set`. Bad rows are skipped and
    /// returned as errors naming their path and line; the good rows load.
    pub fn from_set(set: &LexiconSet) -> (GivenNames, Vec<LexiconError>) {
        GivenNames::from_tables(set.tables("names/"))
    }

    /// Reads the given tables, in order.
    pub fn from_tables<'a>(
        tables: impl IntoIterator<Item = &'a Table>,
    ) -> (GivenNames, Vec<LexiconError>) {
        let mut names = GivenNames::default();
        let mut errors = Vec::new();
        for table in tables {
            for (line, fields) in table.rows() {
                match parse_row(&fields) {
                    Ok((name, gender, languages)) => names.insert(name, gender, &languages),
                    Err(message) => errors.push(table.error(line, message)),
                }
            }
        }
        (names, errors)
    }

    fn insert(&mut self, name: &str, gender: Gender, languages: &[Lang]) {
        let folded = fold(name);
        for (map, key) in [(&mut self.exact, name), (&mut self.folded, &folded)] {
            match map.get_mut(key) {
                Some(listed) => listed.merge(gender, languages),
                None => {
                    map.insert(
                        key.to_string(),
                        GivenName {
                            gender,
                            languages: languages.to_vec(),
                        },
                    );
                }
            }
        }
    }

    /// The entry for `name`: its exact spelling first, then its folded key.
    pub fn get(&self, name: &str) -> Option<&GivenName> {
        self.exact
            .get(name)
            .or_else(|| self.folded.get(&fold(name)))
    }

    /// The gender `name` marks, if it is listed.
    pub fn gender(&self, name: &str) -> Option<Gender> {
        self.get(name).map(|g| g.gender)
    }

    /// How many distinct spellings are listed.
    pub fn len(&self) -> usize {
        self.exact.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }
}

fn parse_row<'a>(fields: &[&'a str]) -> Result<(&'a str, Gender, Vec<Lang>), String> {
    let [name, gender, languages] = fields else {
        return Err(format!(
            "expected 3 tab-separated columns (name, gender, languages), found {}",
            fields.len()
        ));
    };
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return Err(format!("invalid name {name:?}: one given name, no spaces"));
    }
    let gender = Gender::parse(gender)
        .ok_or_else(|| format!("invalid gender {gender:?} for {name}: use m, f or u"))?;
    let mut langs = Vec::new();
    for code in languages.split(',').map(str::trim) {
        let lang = Lang::parse(code).ok_or_else(|| {
            format!("invalid language code {code:?} for {name}: use ISO 639-1 codes such as da,no")
        })?;
        langs.push(lang);
    }
    Ok((name, gender, langs))
}

/// The lookup key of a name: lower case, with the diacritics and special
/// letters of Latin-script alphabets replaced by plain ASCII ("Łukasz" →
/// "lukasz", "Søren" → "soren", "Jürgen" → "jurgen").
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
            'ĥ' | 'ħ' => "h",
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
            'ĵ' => "j",
            'ķ' => "k",
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
            'ñ' | 'ń' | 'ņ' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
            'œ' => "oe",
            'ŕ' | 'ŗ' | 'ř' => "r",
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
            'ß' => "ss",
            'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
            'þ' => "th",
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
            'ŵ' => "w",
            'ý' | 'ÿ' | 'ŷ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            // Combining accents (decomposed text) fold away.
            '\u{300}'..='\u{36f}' => "",
            // The apostrophe in names such as D’Angelo.
            '’' | 'ʼ' => "'",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(plain);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn table(name: &str, text: &str) -> Table {
        Table {
            name: format!("names/{name}"),
            path: format!("lexicons/names/{name}"),
            text: Arc::from(text),
        }
    }

    #[test]
    fn names_resolve_by_exact_and_folded_spelling() {
        let t = table(
            "a.tsv",
            "# comment\nMałgorzata\tf\tpl\nSøren\tm\tda,no\n\nJürgen\tm\tde\n",
        );
        let (names, errors) = GivenNames::from_tables([&t]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names.len(), 3);
        for n in ["Małgorzata", "Malgorzata", "MALGORZATA", "malgorzata"] {
            assert_eq!(names.gender(n), Some(Gender::Female), "{n}");
        }
        assert_eq!(names.gender("Soren"), Some(Gender::Male));
        assert_eq!(names.gender("Jurgen"), Some(Gender::Male));
        assert_eq!(names.gender("Juergen"), None);
        assert_eq!(names.gender("Mette"), None);
        let soren = names.get("Søren").unwrap();
        assert_eq!(
            soren.languages,
            vec![Lang::parse("da").unwrap(), Lang::parse("no").unwrap()]
        );
    }

    #[test]
    fn conflicting_genders_become_unisex_across_rows_and_tables() {
        let a = table(
            "a.tsv",
            "Andrea\tm\tit\nKim\tu\tko\nJan\tm\tnl\nJan\tm\tpl\n",
        );
        let b = table("b.tsv", "Andrea\tf\tde,en\n");
        let (names, errors) = GivenNames::from_tables([&a, &b]);
        assert!(errors.is_empty(), "{errors:?}");
        let andrea = names.get("Andrea").unwrap();
        assert_eq!(andrea.gender, Gender::Unisex);
        assert_eq!(andrea.languages.len(), 3);
        assert_eq!(names.gender("andrea"), Some(Gender::Unisex));
        assert_eq!(names.gender("Kim"), Some(Gender::Unisex));
        // The same gender twice stays.
        assert_eq!(names.gender("Jan"), Some(Gender::Male));
        // Spellings that fold together but disagree are unisex only when
        // looked up by the folded key.
        let c = table("c.tsv", "René\tm\tfr\nRene\tf\ten\n");
        let (names, _) = GivenNames::from_tables([&c]);
        assert_eq!(names.gender("René"), Some(Gender::Male));
        assert_eq!(names.gender("Rene"), Some(Gender::Female));
        assert_eq!(names.gender("RENÉ"), Some(Gender::Unisex));
    }

    #[test]
    fn bad_rows_are_reported_with_path_and_line_and_the_rest_loads() {
        let t = table(
            "bad.tsv",
            "# header\nMette\tf\tda\nOlaf\tm\nAnna\tx\tsv\nIvan\tm\trus\nEva\tf\tcs,\nTwo Words\tf\ten\nKarl\tm\tde\textra\nPiotr\tm\tpl\n",
        );
        let (names, errors) = GivenNames::from_tables([&t]);
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 6, "{shown:#?}");
        assert!(
            shown[0].starts_with("lexicons/names/bad.tsv:3:1: expected 3"),
            "{}",
            shown[0]
        );
        assert!(
            shown[1].starts_with("lexicons/names/bad.tsv:4:1: invalid gender \"x\""),
            "{}",
            shown[1]
        );
        assert!(
            shown[2].starts_with("lexicons/names/bad.tsv:5:1: invalid language code \"rus\""),
            "{}",
            shown[2]
        );
        assert!(
            shown[3].starts_with("lexicons/names/bad.tsv:6:1: invalid language code \"\""),
            "{}",
            shown[3]
        );
        assert!(
            shown[4].starts_with("lexicons/names/bad.tsv:7:1: invalid name"),
            "{}",
            shown[4]
        );
        assert!(
            shown[5].starts_with("lexicons/names/bad.tsv:8:1: expected 3"),
            "{}",
            shown[5]
        );
        assert_eq!(names.gender("Mette"), Some(Gender::Female));
        assert_eq!(names.gender("Piotr"), Some(Gender::Male));
        assert_eq!(names.gender("Anna"), None);
        assert_eq!(names.len(), 2);
    }

    #[test]
    fn embedded_tables_are_valid_and_user_tables_replace_them() {
        let mut set = LexiconSet::embedded().unwrap();
        let (names, errors) = GivenNames::from_set(&set);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(!names.is_empty());
        assert_eq!(names.gender("Mette"), Some(Gender::Female));

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("names")).unwrap();
        std::fs::write(
            dir.path().join("names/given-names-europe.tsv"),
            "Mette\tm\tda\n",
        )
        .unwrap();
        set.overlay_dir(dir.path()).unwrap();
        let (names, errors) = GivenNames::from_set(&set);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names.gender("Mette"), Some(Gender::Male));
    }

    #[test]
    fn fold_strips_diacritics_and_special_letters() {
        assert_eq!(fold("Łukasz"), "lukasz");
        assert_eq!(fold("Çağrı"), "cagri");
        assert_eq!(fold("Ærøskøbing"), "aeroskobing");
        assert_eq!(fold("Şţefan-Ţurcanu"), "stefan-turcanu");
        assert_eq!(fold("Jose\u{301}"), "jose");
        assert_eq!(fold("Дмитрий"), "дмитрий");
    }
}
