//! Settings that stay put: `mtaudit.toml`.
//!
//! The file is found with `--config FILE`, or as `mtaudit.toml` in the
//! current directory (unless `--no-config`). Its top-level keys are the long
//! options of the audit (`format`, `text-field`, `review-at`, `only`,
//! `lexicons` …): they become the defaults, so a flag on the command line
//! always wins. Two tables go beyond the flags: `[rules]` re-weights rules
//! by id, prefix or detector (weight 0 switches them off) and `[allow]`
//! lists names, phrases and sites that never count as evidence. An unknown
//! key or a bad value is an error naming the file, line and column.
//!
//! ```toml
//! format = "jsonl"
//! text-field = "body"
//! review-at = 0.6
//! skip = ["boilerplate"]
//! lexicons = ["house-lexicons"]   # relative to this file
//!
//! [rules]
//! "idiom/fr/actuellement" = 0     # off
//! "transliteration/convention/*" = 0.1
//!
//! [allow]
//! names = ["Iermak"]
//! phrases = ["at the level of"]
//! sites = ["example.org"]
//! ```

use crate::cli::{Cli, FormatArg, OutputFormatArg, Per};
use crate::lexicon::LineIndex;
use crate::policy::{Policy, RulePattern};
use clap::{CommandFactory, FromArgMatches, ValueEnum};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file looked for in the current directory.
pub const FILE_NAME: &str = "mtaudit.toml";

/// A problem with the config file, with its position when known.
pub type ConfigError = crate::error::FileError;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    format: Option<Spanned<String>>,
    text_field: Option<String>,
    id_field: Option<String>,
    lossy: Option<bool>,
    output_format: Option<Spanned<String>>,
    per: Option<Spanned<String>>,
    min_score: Option<Spanned<f64>>,
    review_at: Option<Spanned<f64>>,
    fail_above: Option<Spanned<f64>>,
    only: Option<Vec<String>>,
    skip: Option<Vec<String>>,
    lexicons: Option<Vec<String>>,
    raw_cells: Option<bool>,
    bom: Option<bool>,
    threads: Option<Spanned<usize>>,
    repeat_min_docs: Option<Spanned<u32>>,
    repeat_memory: Option<usize>,
    quiet: Option<bool>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    allow: Allow,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Allow {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    sites: Vec<String>,
}

/// A config file read and checked: defaults for clap's arguments (by arg
/// id) and the policy.
#[derive(Debug, Default)]
pub struct Config {
    pub defaults: Vec<(&'static str, Vec<String>)>,
    pub policy: Policy,
}

impl Config {
    /// Parses the text of the config file at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let lines = LineIndex::new(text);
        let error_at = |offset: usize, message: String| {
            let (line, col) = lines.line_col(offset);
            ConfigError {
                path: shown.clone(),
                line,
                col,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            error_at(offset, e.message().trim().to_string())
        })?;
        let mut defaults: Vec<(&'static str, Vec<String>)> = Vec::new();
        let mut one = |id: &'static str, value: String| defaults.push((id, vec![value]));
        let choice = |v: &Spanned<String>, ok: bool, what: &str| {
            if ok {
                Ok(v.get_ref().clone())
            } else {
                Err(error_at(
                    v.span().start,
                    format!("unknown {what} {:?}", v.get_ref()),
                ))
            }
        };
        if let Some(v) = &raw.format {
            one(
                "format",
                choice(v, FormatArg::from_str(v.get_ref(), false).is_ok(), "format")?,
            );
        }
        if let Some(v) = &raw.output_format {
            let ok = OutputFormatArg::from_str(v.get_ref(), false).is_ok();
            one("output_format", choice(v, ok, "output format")?);
        }
        if let Some(v) = &raw.per {
            one(
                "per",
                choice(
                    v,
                    Per::from_str(v.get_ref(), false).is_ok(),
                    "value for per",
                )?,
            );
        }
        for (id, value) in [
            ("min_score", &raw.min_score),
            ("review_at", &raw.review_at),
            ("fail_above", &raw.fail_above),
        ] {
            if let Some(v) = value {
                if !(0.0..=1.0).contains(v.get_ref()) {
                    return Err(error_at(
                        v.span().start,
                        format!("{} is outside [0, 1]", v.get_ref()),
                    ));
                }
                one(id, v.get_ref().to_string());
            }
        }
        if let Some(v) = &raw.threads {
            one("threads", v.get_ref().to_string());
        }
        if let Some(v) = &raw.repeat_min_docs {
            if *v.get_ref() < 2 {
                return Err(error_at(
                    v.span().start,
                    "repeat-min-docs must be at least 2".into(),
                ));
            }
            one("repeat_min_docs", v.get_ref().to_string());
        }
        if let Some(v) = raw.repeat_memory {
            one("repeat_memory", v.to_string());
        }
        for (id, value) in [("text_field", &raw.text_field), ("id_field", &raw.id_field)] {
            if let Some(v) = value {
                one(id, v.clone());
            }
        }
        for (id, value) in [
            ("lossy", raw.lossy),
            ("raw_cells", raw.raw_cells),
            ("bom", raw.bom),
            ("quiet", raw.quiet),
        ] {
            if let Some(v) = value {
                one(id, v.to_string());
            }
        }
        for (id, value) in [("only", &raw.only), ("skip", &raw.skip)] {
            if let Some(v) = value {
                defaults.push((id, v.clone()));
            }
        }
        if let Some(dirs) = &raw.lexicons {
            let base = path.parent().unwrap_or(Path::new(""));
            let dirs = dirs
                .iter()
                .map(|d| base.join(d).display().to_string())
                .collect();
            defaults.push(("lexicon_dirs", dirs));
        }
        let mut weights = Vec::new();
        for (pattern, weight) in &raw.rules {
            if !(0.0..=1.0).contains(weight.get_ref()) {
                return Err(error_at(
                    weight.span().start,
                    format!(
                        "weight {} for {pattern:?} is outside [0, 1]",
                        weight.get_ref()
                    ),
                ));
            }
            weights.push((RulePattern::new(pattern), *weight.get_ref() as f32));
        }
        let policy = Policy {
            weights,
            allowed_phrases: raw
                .allow
                .names
                .into_iter()
                .chain(raw.allow.phrases)
                .collect(),
            allowed_sites: raw.allow.sites,
        };
        Ok(Config { defaults, policy })
    }
}

/// Parses the command line with the config file's settings as defaults.
/// A clap usage error exits the process as clap does; a config problem is
/// returned.
pub fn parse_command_line(args: Vec<OsString>) -> Result<Cli, ConfigError> {
    let config = match config_path(&args)? {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
                path: path.display().to_string(),
                line: 0,
                col: 0,
                message: format!("cannot read: {e}"),
            })?;
            Config::parse(&path, &text)?
        }
        None => Config::default(),
    };
    let mut command = Cli::command();
    for (id, values) in config.defaults {
        // The audit options live at the top and in `eval` and `calibrate`.
        for sub in ["eval", "calibrate"] {
            let values = values.clone();
            command =
                command.mut_subcommand(sub, |s| s.mut_arg(id, |arg| arg.default_values(values)));
        }
        command = command.mut_arg(id, |arg| arg.default_values(values));
    }
    let matches = command.get_matches_from(args);
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    cli.audit.policy = config.policy;
    Ok(cli)
}

/// The config file to read: `--config FILE`, else `mtaudit.toml` in the
/// current directory if there is one, unless `--no-config`.
fn config_path(args: &[OsString]) -> Result<Option<PathBuf>, ConfigError> {
    let mut explicit = None;
    let mut discover = true;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        } else if arg == "--no-config" {
            discover = false;
        } else if arg == "--config" {
            explicit = iter.next().map(PathBuf::from);
        } else if let Some(path) = arg.strip_prefix("--config=") {
            explicit = Some(PathBuf::from(path));
        }
    }
    if let Some(path) = explicit {
        if !path.is_file() {
            return Err(ConfigError {
                path: path.display().to_string(),
                line: 0,
                col: 0,
                message: "no such config file".into(),
            });
        }
        return Ok(Some(path));
    }
    let local = PathBuf::from(FILE_NAME);
    Ok((discover && local.is_file()).then_some(local))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("conf/mtaudit.toml"), text)
    }

    #[test]
    fn keys_become_defaults_and_tables_the_policy() {
        let c = parse(
            "format = \"jsonl\"\ntext-field = \"body\"\nreview-at = 0.6\nonly = [\"idiom\", \"role\"]\nlexicons = [\"house\"]\nquiet = true\n\n[rules]\n\"idiom/fr/*\" = 0.1\n\n[allow]\nnames = [\"Iermak\"]\nsites = [\"example.org\"]\n",
        )
        .unwrap();
        let get = |id: &str| {
            c.defaults
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(get("format"), Some(vec!["jsonl".to_string()]));
        assert_eq!(get("text_field"), Some(vec!["body".to_string()]));
        assert_eq!(get("review_at"), Some(vec!["0.6".to_string()]));
        assert_eq!(
            get("only"),
            Some(vec!["idiom".to_string(), "role".to_string()])
        );
        assert_eq!(
            get("lexicon_dirs"),
            Some(vec![Path::new("conf").join("house").display().to_string()])
        );
        assert_eq!(get("quiet"), Some(vec!["true".to_string()]));
        assert_eq!(
            c.policy.weights,
            vec![(RulePattern::new("idiom/fr/*"), 0.1)]
        );
        assert_eq!(c.policy.allowed_phrases, ["Iermak"]);
        assert_eq!(c.policy.allowed_sites, ["example.org"]);
    }

    #[test]
    fn every_default_names_a_real_argument() {
        let c = parse("format = \"text\"\ntext-field = \"t\"\nid-field = \"i\"\nlossy = true\noutput-format = \"jsonl\"\nper = \"document\"\nmin-score = 0.1\nreview-at = 0.5\nfail-above = 0.9\nonly = [\"idiom\"]\nskip = [\"role\"]\nlexicons = [\"x\"]\nraw-cells = true\nbom = true\nthreads = 2\nrepeat-min-docs = 4\nrepeat-memory = 10\nquiet = true\n").unwrap();
        let command = Cli::command();
        for (id, _) in &c.defaults {
            assert!(
                command.get_arguments().any(|a| a.get_id() == *id),
                "no argument {id}"
            );
        }
        assert_eq!(c.defaults.len(), 18);
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let e = parse("format = \"jsonl\"\nreview_at = 0.5\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1), "{e}");
        assert!(
            e.to_string()
                .starts_with("conf/mtaudit.toml:2:1: unknown field `review_at`"),
            "{e}"
        );
        let e = parse("\nformat = \"xml-ish\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "conf/mtaudit.toml:2:10: unknown format \"xml-ish\""
        );
        let e = parse("review-at = 1.5").unwrap_err();
        assert!(
            e.to_string().contains(":1:13: 1.5 is outside [0, 1]"),
            "{e}"
        );
        let e = parse("[rules]\n\"idiom\" = 2\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 11));
        let e = parse("[allow]\nnamez = []\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
