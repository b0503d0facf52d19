//! The command line: clap definitions, and the validated settings built
//! from them.

use crate::input::{Format, InputOptions};
use crate::output::OutputOptions;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "Audit English text for the marks that machine translation leaves behind.";

const LONG_ABOUT: &str = "\
Audit English text for the marks that machine translation leaves behind.

mtaudit reads documents, splits them into sentences, runs its detectors over
them (see `mtaudit detectors`), and scores every sentence and document from
0 (no evidence) to 1 (certainly machine-translated). It writes a CSV with one
row per sentence that a reviewer can open in a spreadsheet, or JSONL.

Scores: a sentence scores 1 − Π(1 − w) over the weights w of its
independent findings (overlapping findings of one category count once). A
document pools its evidence by category, discounted by √(12 / sentences) for
documents longer than 12 sentences and capped at 0.8 per category, then
combines the categories the same way. So one weak hit in a long article stays
low; independent kinds of evidence add up.
Page chrome (\"Leave a Reply\") is reported with weight 0: it never scores.
What an HTML page or feed says about itself (a machine-translated-from link,
a translation widget; category page) speaks for the whole document and is not
discounted for length.";

const AFTER_HELP: &str = "\
Examples:
  mtaudit article.txt                     one document, a CSV row per sentence
  mtaudit articles/ -o audit.csv          every file under a folder, to a file
  mtaudit feed.jsonl --per document       one row per document
  cat feed.jsonl | mtaudit -f jsonl --id-field url --output-format jsonl
  mtaudit feed.jsonl --min-score 0.5      only the sentences worth a look
  mtaudit feed.jsonl --fail-above 0.7 >/dev/null || echo 'translated text found'
  mtaudit --only typography,idiom article.txt
  mtaudit news.rss saved-pages/           feed items and HTML pages
  mtaudit page.html --output-format jsonl --emit-text   with the text judged
  mtaudit lexicons test my-lexicons/      check your own lexicon examples
  mtaudit eval --truth reviewed.csv feed.jsonl       precision/recall on your labels
  mtaudit calibrate --truth reviewed.csv feed.jsonl -o weights.toml
  mtaudit --weights weights.toml feed.jsonl          calibrated scores
  mtaudit completions bash                shell completions (also zsh, fish, …)
  mtaudit man > mtaudit.1                 the man page

Settings: mtaudit.toml in the current directory (or --config FILE) holds
defaults for these options under the same names (format = \"jsonl\",
review-at = 0.6, skip = [\"boilerplate\"] …), plus [rules] to re-weight or
switch off rules (\"idiom/fr/actuellement\" = 0) and [allow] names, phrases
and sites that never count. Flags override the file. In the text itself,
`mtaudit: ignore [RULES]` silences the next sentence and
`mtaudit: ignore-document [RULES]` the whole document (also inside an HTML
comment).

Exit codes:
  0  every input was read and no document scored above --fail-above
  1  some document scored above --fail-above
  2  a usage error, or some input could not be read or parsed (each problem
     is printed on stderr as `path:line: message`; the rest is still audited)";

#[derive(Debug, Parser)]
#[command(
    name = "mtaudit",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub audit: AuditArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the detectors with their category and what they find.
    Detectors,
    /// Work with lexicon files.
    Lexicons {
        #[command(subcommand)]
        action: LexiconAction,
    },
    /// Print a shell completion script, e.g. `mtaudit completions bash >
    /// ~/.local/share/bash-completion/completions/mtaudit`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Measure mtaudit against reviewed labels: precision and recall at
    /// --review-at, overall, per category and per rule, and ROC AUC.
    ///
    /// TRUTH is the sentence CSV mtaudit wrote plus a `label` column, or a
    /// `doc,label` or `doc,sentence,label` table (labels 1/0, mt/clean,
    /// yes/no, true/false; empty = not reviewed). The documents are audited
    /// again from PATH..., with the usual options.
    Eval {
        /// The reviewed labels.
        #[arg(long, value_name = "FILE")]
        truth: PathBuf,
        #[command(flatten)]
        audit: AuditArgs,
    },
    /// Fit calibrated weights on reviewed labels and write them (-o FILE)
    /// for --weights: a logistic regression over the evidence of each
    /// category, so that scores read as probabilities on that data.
    Calibrate {
        /// The reviewed labels (as for `eval`).
        #[arg(long, value_name = "FILE")]
        truth: PathBuf,
        /// Strength of the L2 penalty on the coefficients.
        #[arg(long, value_name = "X", default_value_t = 0.1)]
        penalty: f64,
        #[command(flatten)]
        audit: AuditArgs,
    },
    /// Print the man page (roff), e.g. `mtaudit man > mtaudit.1 && man
    /// ./mtaudit.1`.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum LexiconAction {
    /// Run every entry's `fires` and `clean` examples and report failures.
    ///
    /// Without DIR, checks the embedded lexicons; with DIR, checks DIR's
    /// files layered on top of them, as `--lexicons DIR` would use them.
    Test {
        /// A folder of *.toml lexicon files and *.tsv tables.
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Files or folders to audit; none or `-` reads stdin. Folders are walked
    /// recursively in sorted order, skipping hidden entries.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Input format. auto: .jsonl/.ndjson are JSONL, .csv/.tsv are CSV,
    /// .rss/.atom/.xml are feeds, .html/.htm/.xhtml are pages; any other
    /// file (and stdin) is a feed or page if its content starts like one,
    /// else plain text, one document per file. rss and atom both read any
    /// RSS or Atom feed, one document per item.
    #[arg(short = 'f', long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,

    /// JSONL field or CSV column that holds the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,

    /// JSONL field or CSV column that holds the document id (a record
    /// without one gets PATH:LINE).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,

    /// Replace invalid UTF-8 with U+FFFD instead of reporting an error.
    #[arg(long)]
    pub lossy: bool,

    /// Write to FILE instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormatArg::Csv)]
    pub output_format: OutputFormatArg,

    /// CSV rows per sentence, or per document
    /// (doc,score,sentences,flagged,categories,source_language).
    #[arg(long, value_enum, default_value_t = Per::Sentence)]
    pub per: Per,

    /// Keep only sentences scoring at least X (default: every sentence).
    #[arg(long, value_name = "X", value_parser = unit_interval, default_value_t = 0.0)]
    pub min_score: f64,

    /// The score at which a sentence is flagged for a human to look at.
    #[arg(long, value_name = "X", value_parser = unit_interval, default_value_t = 0.5)]
    pub review_at: f64,

    /// Exit 1 if any document scores above T (after everything is written).
    #[arg(long, value_name = "T", value_parser = unit_interval)]
    pub fail_above: Option<f64>,

    /// Run only these detectors (ids or category names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub only: Vec<String>,

    /// Skip these detectors (ids or category names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub skip: Vec<String>,

    /// Layer the lexicon files in DIR over the embedded ones (same id
    /// replaces, `enabled = false` disables). Repeatable; later wins.
    #[arg(long = "lexicons", value_name = "DIR")]
    pub lexicon_dirs: Vec<PathBuf>,

    /// Leave CSV cells as they are; by default a cell starting with = + - @
    /// tab or CR gets a leading apostrophe so spreadsheets do not run it.
    #[arg(long)]
    pub raw_cells: bool,

    /// Start CSV output with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,

    /// Include each document's text in JSONL output (`text`): for feeds and
    /// pages, the extracted text that was judged and that offsets refer to.
    #[arg(long)]
    pub emit_text: bool,

    /// Audit documents on N threads (default: one per core). The output is
    /// the same, byte for byte, whatever N is.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Report a sentence (or long clause) that recurs in N documents of the
    /// run, from its Nth document on, as `repetition/cross-document` (weight
    /// 0: templates and syndicated text are not evidence of translation).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(2..))]
    pub repeat_min_docs: u32,

    /// Remember at most N sentence hashes for cross-document repetition
    /// (about 40 bytes each; the rarest are forgotten first). 0 turns the
    /// cross-document pass off.
    #[arg(long, value_name = "N", default_value_t = 500_000)]
    pub repeat_memory: usize,

    /// No progress line on stderr (it is only drawn when stderr is a
    /// terminal). Problems with the input are still reported.
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// Read settings from FILE (default: ./mtaudit.toml if present). Its
    /// keys are these long options; flags given here override it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Do not read ./mtaudit.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// Calibrated weights (from `mtaudit calibrate`): scores become
    /// probabilities fitted on reviewed data, and its [rules] re-weight
    /// rules.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,

    /// Rule weights and allow-lists from the config file.
    #[arg(skip)]
    pub policy: crate::policy::Policy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Auto,
    Text,
    Jsonl,
    Csv,
    Rss,
    Atom,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormatArg {
    Csv,
    Jsonl,
    /// A self-contained HTML report for reviewers (use with -o report.html).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Per {
    Sentence,
    Document,
}

fn unit_interval(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is outside [0, 1]"))
    }
}

impl AuditArgs {
    /// The threads to audit on: `--threads`, or one per core.
    pub fn thread_count(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }

    pub fn input_options(&self) -> InputOptions {
        InputOptions {
            format: match self.format {
                FormatArg::Auto => Format::Auto,
                FormatArg::Text => Format::Text,
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Csv => Format::Csv,
                FormatArg::Rss | FormatArg::Atom => Format::Feed,
                FormatArg::Html => Format::Html,
            },
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            lossy: self.lossy,
        }
    }

    pub fn output_options(&self) -> OutputOptions {
        OutputOptions {
            review_at: self.review_at,
            min_score: self.min_score,
            raw_cells: self.raw_cells,
            bom: self.bom,
            emit_text: self.emit_text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn thresholds_must_lie_in_the_unit_interval() {
        assert!(Cli::try_parse_from(["mtaudit", "--review-at", "1.5"]).is_err());
        assert!(Cli::try_parse_from(["mtaudit", "--fail-above", "x"]).is_err());
        let cli = Cli::try_parse_from(["mtaudit", "--only", "typography,idiom", "a.txt"]).unwrap();
        assert_eq!(cli.audit.only, ["typography", "idiom"]);
        assert_eq!(cli.audit.paths, ["a.txt"]);
    }
}
