//! Running a command: build the auditor, stream every input through it into
//! the chosen writer, report each input problem on stderr, and say how the
//! run ended. The binary maps the [`Outcome`] to an exit code.

use crate::cli::{AuditArgs, Cli, Command, LexiconAction, OutputFormatArg, Per};
use crate::input::{self, InputError};
use crate::lexicon::offices::{OfficeHolders, OfficeWords};
use crate::lexicon::{examples, LexiconSet};
use crate::output::{DocumentCsv, Jsonl, SentenceCsv, Sink};
use crate::score::ScoredDocument;
use crate::Auditor;
use crate::Document;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything read; no document above the gate.
    Clean,
    /// Some document scored above `--fail-above`.
    GateFailed,
    /// A usage error or an unreadable input (reported on stderr).
    Errors,
}

impl Outcome {
    /// The documented exit code: 0, 1 or 2.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::GateFailed => 1,
            Outcome::Errors => 2,
        }
    }
}

/// Runs a parsed command line, writing problems to `stderr`.
pub fn run(cli: Cli, stderr: &mut dyn Write) -> Outcome {
    match cli.command {
        Some(Command::Detectors) => detectors(stderr),
        Some(Command::Lexicons {
            action: LexiconAction::Test { dir },
        }) => test_lexicons(dir.as_deref(), stderr),
        None => audit(&cli.audit, stderr),
    }
}

fn load_lexicons(dirs: &[std::path::PathBuf], stderr: &mut dyn Write) -> Option<LexiconSet> {
    let mut set = match LexiconSet::embedded() {
        Ok(set) => set,
        Err(errors) => {
            for e in errors {
                let _ = writeln!(stderr, "mtaudit: {e}");
            }
            return None;
        }
    };
    let mut ok = true;
    for dir in dirs {
        if let Err(errors) = set.overlay_dir(dir) {
            ok = false;
            for e in errors {
                let _ = writeln!(stderr, "mtaudit: {e}");
            }
        }
    }
    // The office tables of `role` are read whole: a bad row is an error too.
    let (_, holder_errors) = OfficeHolders::from_set(&set);
    let (_, word_errors) = OfficeWords::from_set(&set);
    for e in holder_errors.iter().chain(&word_errors) {
        ok = false;
        let _ = writeln!(stderr, "mtaudit: {e}");
    }
    ok.then_some(set)
}

fn detectors(stderr: &mut dyn Write) -> Outcome {
    let Some(set) = load_lexicons(&[], stderr) else {
        return Outcome::Errors;
    };
    let mut out = io::stdout().lock();
    let mut write = || -> io::Result<()> {
        writeln!(out, "{:<16} {:<16} description", "detector", "category")?;
        for d in crate::detect::registry(&set) {
            writeln!(
                out,
                "{:<16} {:<16} {}",
                d.id(),
                d.category(),
                d.description()
            )?;
        }
        out.flush()
    };
    finish_stdout(write(), Outcome::Clean, stderr)
}

fn test_lexicons(dir: Option<&std::path::Path>, stderr: &mut dyn Write) -> Outcome {
    let dirs: Vec<_> = dir.into_iter().map(|d| d.to_path_buf()).collect();
    let Some(set) = load_lexicons(&dirs, stderr) else {
        return Outcome::Errors;
    };
    let (counts, failures) = examples::run(&set);
    let mut out = io::stdout().lock();
    let result = (|| -> io::Result<()> {
        for f in &failures {
            writeln!(out, "{f}")?;
        }
        writeln!(
            out,
            "{} entries, {} fires and {} clean examples: {} passed, {} failed",
            counts.entries,
            counts.fires,
            counts.clean,
            (counts.fires + counts.clean).saturating_sub(failures.len()),
            failures.len()
        )?;
        out.flush()
    })();
    let outcome = if failures.is_empty() {
        Outcome::Clean
    } else {
        Outcome::GateFailed
    };
    finish_stdout(result, outcome, stderr)
}

fn audit(args: &AuditArgs, stderr: &mut dyn Write) -> Outcome {
    // `mtaudit --lexicons DIR lexicons test` reads "lexicons" as a path:
    // options of the audit turn subcommands off. Say so instead of
    // reporting a missing file.
    if let Some(first) = args.paths.first() {
        if ["lexicons", "detectors"].contains(&first.as_str()) && !Path::new(first).exists() {
            let _ = writeln!(
                stderr,
                "mtaudit: {first:?} is a command: put it first, as in `mtaudit lexicons test DIR`"
            );
            return Outcome::Errors;
        }
    }
    let Some(set) = load_lexicons(&args.lexicon_dirs, stderr) else {
        return Outcome::Errors;
    };
    let auditor = match Auditor::builder()
        .only(args.only.iter().cloned())
        .skip(args.skip.iter().cloned())
        .build(&set)
    {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(stderr, "mtaudit: {e}");
            return Outcome::Errors;
        }
    };
    let out: Box<dyn Write> = match &args.output {
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
        Some(path) => match File::create(path) {
            Ok(f) => Box::new(BufWriter::with_capacity(1 << 16, f)),
            Err(e) => {
                let _ = writeln!(stderr, "mtaudit: {}: cannot create: {e}", path.display());
                return Outcome::Errors;
            }
        },
    };
    let options = args.output_options();
    let sink: io::Result<Box<dyn Sink>> = match (args.output_format, args.per) {
        (OutputFormatArg::Jsonl, _) => Ok(Box::new(Jsonl::new(out, options))),
        (OutputFormatArg::Csv, Per::Sentence) => {
            SentenceCsv::new(out, options).map(|s| Box::new(s) as Box<dyn Sink>)
        }
        (OutputFormatArg::Csv, Per::Document) => {
            DocumentCsv::new(out, options).map(|s| Box::new(s) as Box<dyn Sink>)
        }
    };
    let mut sink = match sink {
        Ok(s) => s,
        Err(e) => return finish_stdout(Err(e), Outcome::Errors, stderr),
    };
    let input_options = args.input_options();
    let mut errors = 0usize;
    let mut above_gate = false;
    let mut report = |e: &dyn std::fmt::Display, stderr: &mut dyn Write| {
        errors += 1;
        let _ = writeln!(stderr, "mtaudit: {e}");
    };
    let threads = args.threads.unwrap_or_else(default_threads).max(1);
    let mut batch = Batch::default();
    let mut written = Ok(());
    let mut handle = |results: Vec<Result<ScoredDocument, InputError>>,
                      stderr: &mut dyn Write|
     -> io::Result<()> {
        for result in results {
            match result {
                Ok(scored) => {
                    if args.fail_above.is_some_and(|t| scored.score > t) {
                        above_gate = true;
                    }
                    sink.write(&scored)?;
                }
                Err(e) => report(&e, stderr),
            }
        }
        Ok(())
    };
    'sources: for source in input::expand(&args.paths) {
        let items: Box<dyn Iterator<Item = Result<Document, InputError>>> = match source {
            Ok(source) => input::documents(&source, &input_options),
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        for item in items {
            if batch.push(item) {
                let results = batch.audit(&auditor, threads);
                if let Err(e) = handle(results, stderr) {
                    written = Err(e);
                    break 'sources;
                }
            }
        }
    }
    if written.is_ok() {
        let results = batch.audit(&auditor, threads);
        written = handle(results, stderr);
    }
    let written = written.and_then(|_| sink.finish());
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        let _ = writeln!(
            stderr,
            "mtaudit: {errors} input problem{plural}; the rest was audited"
        );
    }
    let outcome = if errors > 0 {
        Outcome::Errors
    } else if above_gate {
        Outcome::GateFailed
    } else {
        Outcome::Clean
    };
    finish_stdout(written, outcome, stderr)
}

/// A closed pipe ends the run quietly; any other write error is reported.
fn finish_stdout(result: io::Result<()>, outcome: Outcome, stderr: &mut dyn Write) -> Outcome {
    match result {
        Ok(()) => outcome,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => outcome,
        Err(e) => {
            let _ = writeln!(stderr, "mtaudit: cannot write output: {e}");
            Outcome::Errors
        }
    }
}

/// The most documents, and bytes of text, audited together: enough to keep
/// every thread busy, few enough that memory stays bounded.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 16 << 20;

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Documents (and input problems, in their places) waiting to be audited.
#[derive(Default)]
struct Batch {
    items: Vec<Result<Document, InputError>>,
    bytes: usize,
}

impl Batch {
    /// Adds an item; true when the batch is full.
    fn push(&mut self, item: Result<Document, InputError>) -> bool {
        if let Ok(doc) = &item {
            self.bytes += doc.text.len();
        }
        self.items.push(item);
        self.items.len() >= BATCH_DOCS || self.bytes >= BATCH_BYTES
    }

    /// Audits every document on up to `threads` threads and empties the
    /// batch. Results keep the input order, whatever the thread count.
    fn audit(
        &mut self,
        auditor: &Auditor,
        threads: usize,
    ) -> Vec<Result<ScoredDocument, InputError>> {
        self.bytes = 0;
        let items = std::mem::take(&mut self.items);
        let threads = threads.min(items.len());
        if threads <= 1 {
            return items
                .into_iter()
                .map(|item| item.map(|doc| auditor.audit(doc)))
                .collect();
        }
        // Deal the documents round-robin, audit each share on its own
        // thread, then put every result back in its place.
        let mut shares: Vec<Vec<(usize, Document)>> = (0..threads).map(|_| Vec::new()).collect();
        let mut results: Vec<Option<Result<ScoredDocument, InputError>>> =
            Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Ok(doc) => {
                    shares[i % threads].push((i, doc));
                    results.push(None);
                }
                Err(e) => results.push(Some(Err(e))),
            }
        }
        let audited: Vec<Vec<(usize, ScoredDocument)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = shares
                .into_iter()
                .map(|share| {
                    scope.spawn(move || {
                        share
                            .into_iter()
                            .map(|(i, doc)| (i, auditor.audit(doc)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for (i, scored) in audited.into_iter().flatten() {
            results[i] = Some(Ok(scored));
        }
        results.into_iter().flatten().collect()
    }
}
