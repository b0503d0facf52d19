//! Running a command: build the auditor, stream every input through it into
//! the chosen writer, report each input problem on stderr, and say how the
//! run ended. The binary maps the [`Outcome`] to an exit code.

use crate::calibration::{self, Counts, Example, Truth, Weights};
use crate::cli::{AuditArgs, Cli, Command, LexiconAction, OutputFormatArg, Per};
use crate::corpus::CrossDocument;
use crate::detect::Category;
use crate::input::{self, InputError};
use crate::lexicon::{examples, LexiconSet};
use crate::output::{DocumentCsv, HtmlReport, Jsonl, SentenceCsv, Sink};
use crate::progress::Progress;
use crate::score::ScoredDocument;
use crate::Auditor;
use crate::Document;
use clap::CommandFactory;
use std::collections::BTreeMap;
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
        Some(Command::Eval { truth, audit }) => eval(&truth, &audit, stderr),
        Some(Command::Calibrate {
            truth,
            penalty,
            audit,
        }) => calibrate(&truth, penalty, &audit, stderr),
        Some(Command::Completions { shell }) => {
            let mut out = io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "mtaudit", &mut out);
            finish_stdout(out.flush(), Outcome::Clean, stderr)
        }
        Some(Command::Man) => {
            let mut out = io::stdout().lock();
            let written = clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .and_then(|_| out.flush());
            finish_stdout(written, Outcome::Clean, stderr)
        }
        Some(Command::Lexicons {
            action: LexiconAction::Test { dir },
        }) => test_lexicons(dir.as_deref(), stderr),
        None => audit(&cli.audit, stderr),
    }
}

/// The embedded lexicons with the files of `dirs` over them; with their
/// examples only if `examples` (`lexicons test`).
fn load_lexicons(
    dirs: &[std::path::PathBuf],
    examples: bool,
    stderr: &mut dyn Write,
) -> Option<LexiconSet> {
    let embedded = if examples {
        LexiconSet::embedded()
    } else {
        LexiconSet::embedded_without_examples()
    };
    let mut set = match embedded {
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
    // Data tables are read by their detectors; check them here so that a
    // broken row stops the run like a broken TOML file.
    for e in set.table_errors() {
        ok = false;
        let _ = writeln!(stderr, "mtaudit: {e}");
    }
    ok.then_some(set)
}

fn detectors(stderr: &mut dyn Write) -> Outcome {
    let Some(set) = load_lexicons(&[], false, stderr) else {
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
                d.category().as_str(),
                d.description()
            )?;
        }
        out.flush()
    };
    finish_stdout(write(), Outcome::Clean, stderr)
}

fn test_lexicons(dir: Option<&std::path::Path>, stderr: &mut dyn Write) -> Outcome {
    let dirs: Vec<_> = dir.into_iter().map(|d| d.to_path_buf()).collect();
    let Some(set) = load_lexicons(&dirs, true, stderr) else {
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
        let commands = ["lexicons", "detectors", "eval", "calibrate"];
        if commands.contains(&first.as_str()) && !Path::new(first).exists() {
            let _ = writeln!(
                stderr,
                "mtaudit: {first:?} is a command: put it first, as in `mtaudit lexicons test DIR`"
            );
            return Outcome::Errors;
        }
    }
    let Some(auditor) = build_auditor(args, stderr) else {
        return Outcome::Errors;
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
        (OutputFormatArg::Html, _) => Ok(Box::new(HtmlReport::new(out, options))),
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
    let mut above_gate = false;
    let (errors, written) = each_scored(args, &auditor, stderr, &mut |scored| {
        if args.fail_above.is_some_and(|t| scored.score > t) {
            above_gate = true;
        }
        sink.write(&scored)
    });
    let written = written.and_then(|_| sink.finish());
    let outcome = if errors > 0 {
        Outcome::Errors
    } else if above_gate {
        Outcome::GateFailed
    } else {
        Outcome::Clean
    };
    // The process ends next: freeing the compiled lexicons would only cost
    // time.
    std::mem::forget(auditor);
    finish_stdout(written, outcome, stderr)
}

/// The auditor the options ask for: lexicons, detectors, policy and
/// calibration. Problems are printed; None when there were any.
fn build_auditor(args: &AuditArgs, stderr: &mut dyn Write) -> Option<Auditor> {
    let set = load_lexicons(&args.lexicon_dirs, false, stderr)?;
    let weights = match &args.weights {
        None => None,
        Some(path) => match Weights::read(path) {
            Ok(w) => Some(w),
            Err(e) => {
                let _ = writeln!(stderr, "mtaudit: {e}");
                return None;
            }
        },
    };
    let auditor = Auditor::builder()
        .only(args.only.iter().cloned())
        .skip(args.skip.iter().cloned())
        .policy(args.policy.clone())
        .calibration(weights)
        .build(&set);
    // The entries are compiled into the auditor now; freeing the set's
    // thousands of strings, and the start-up garbage with them, is left to
    // a thread of its own, off start-up.
    std::thread::spawn(move || {
        drop(set);
        crate::memory::release_free_memory();
    });
    match auditor {
        Ok(a) => Some(a),
        Err(e) => {
            let _ = writeln!(stderr, "mtaudit: {e}");
            None
        }
    }
}

/// Reads every input of `args`, audits it on the chosen threads, runs the
/// cross-document pass, and hands each scored document to `each` in input
/// order. Input problems are printed and counted; the first write error
/// stops the run.
fn each_scored(
    args: &AuditArgs,
    auditor: &Auditor,
    stderr: &mut dyn Write,
    each: &mut dyn FnMut(ScoredDocument) -> io::Result<()>,
) -> (usize, io::Result<()>) {
    let input_options = args.input_options();
    let mut errors = 0usize;
    let threads = args.thread_count();
    let mut progress = Progress::new(!args.quiet);
    let mut cross_document = (args.repeat_memory > 0
        && auditor
            .detectors()
            .any(|d| d.category() == Category::Repetition))
    .then(|| CrossDocument::new(args.repeat_memory, args.repeat_min_docs));
    let mut written = Ok(());
    let mut handle = |results: Vec<Result<ScoredDocument, InputError>>,
                      stderr: &mut dyn Write|
     -> io::Result<()> {
        for result in results {
            match result {
                Ok(mut scored) => {
                    progress.document(scored.doc.text.len(), stderr);
                    if let Some(pass) = cross_document.as_mut() {
                        pass.observe(&mut scored);
                    }
                    each(scored)?;
                }
                Err(e) => {
                    errors += 1;
                    let _ = writeln!(stderr, "mtaudit: {e}");
                }
            }
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        let mut pipeline = Pipeline::new(scope, auditor, threads);
        let mut ready = Vec::new();
        'sources: for source in input::expand(&args.paths) {
            let items: Box<dyn Iterator<Item = Result<Document, InputError>>> = match source {
                Ok(source) => input::documents(&source, &input_options),
                Err(e) => Box::new(std::iter::once(Err(e))),
            };
            for item in items {
                pipeline.push(item, &mut ready);
                if let Err(e) = handle(std::mem::take(&mut ready), stderr) {
                    written = Err(e);
                    break 'sources;
                }
            }
        }
        if written.is_ok() {
            pipeline.finish(&mut ready);
            written = handle(std::mem::take(&mut ready), stderr);
        }
        // Dropping the pipeline closes the job queue; the workers end.
    });
    progress.finish(stderr);
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        let _ = writeln!(
            stderr,
            "mtaudit: {errors} input problem{plural}; the rest was audited"
        );
    }
    (errors, written)
}

/// Audits the documents and collects the labelled units of `truth`. Labels
/// whose document or sentence never appeared are errors naming their line.
fn labelled_examples(
    truth_path: &Path,
    args: &AuditArgs,
    stderr: &mut dyn Write,
) -> Option<(Truth, Vec<Example>)> {
    let truth = match Truth::read(truth_path) {
        Ok(t) => t,
        Err(errors) => {
            for e in errors {
                let _ = writeln!(stderr, "mtaudit: {e}");
            }
            return None;
        }
    };
    let auditor = build_auditor(args, stderr)?;
    let mut examples = Vec::new();
    let mut seen = Vec::new();
    let (errors, _) = each_scored(args, &auditor, stderr, &mut |scored| {
        examples.extend(calibration::examples(&scored, &truth, &mut seen));
        Ok(())
    });
    seen.sort_unstable();
    let mut unknown: Vec<(usize, &(String, usize))> = truth
        .labels
        .iter()
        .filter(|(_, (_, line))| seen.binary_search(line).is_err())
        .map(|(key, (_, line))| (*line, key))
        .collect();
    unknown.sort();
    for (line, (doc, sentence)) in unknown.iter().take(20) {
        let what = if *sentence == 0 {
            format!("document {doc:?}")
        } else {
            format!("sentence {sentence} of document {doc:?}")
        };
        let _ = writeln!(
            stderr,
            "mtaudit: {}:{line}: {what} is not in the audited input",
            truth_path.display()
        );
    }
    if unknown.len() > 20 {
        let _ = writeln!(
            stderr,
            "mtaudit: … and {} more unknown ids",
            unknown.len() - 20
        );
    }
    (errors == 0 && unknown.is_empty()).then_some((truth, examples))
}

fn eval(truth_path: &Path, args: &AuditArgs, stderr: &mut dyn Write) -> Outcome {
    let Some((truth, examples)) = labelled_examples(truth_path, args, stderr) else {
        return Outcome::Errors;
    };
    let threshold = args.review_at;
    let report = evaluation_report(&truth, &examples, threshold);
    let mut out = io::stdout().lock();
    finish_stdout(
        out.write_all(report.as_bytes()).and_then(|_| out.flush()),
        Outcome::Clean,
        stderr,
    )
}

/// The text `eval` prints.
fn evaluation_report(truth: &Truth, examples: &[Example], threshold: f64) -> String {
    use std::fmt::Write as _;
    let unit = match truth.level {
        calibration::Level::Document => "documents",
        calibration::Level::Sentence => "sentences",
    };
    let positives = examples.iter().filter(|e| e.label).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} labelled {unit}: {positives} machine-translated, {} not; {} rows unreviewed",
        examples.len(),
        examples.len() - positives,
        truth.unreviewed
    );
    let pct = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{:.3}", v));
    let mut overall = Counts::default();
    for e in examples {
        overall.add(e.score >= threshold, e.label);
    }
    let _ = writeln!(
        out,
        "at score >= {threshold}: precision {}, recall {} (flagged {}, of which {} machine-translated); ROC AUC {}",
        pct(overall.precision()),
        pct(overall.recall()),
        overall.true_positive + overall.false_positive,
        overall.true_positive,
        pct(calibration::roc_auc(examples))
    );
    // A category or rule flags a unit when it fired there and the unit
    // scores at or above the threshold.
    let mut by_category: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_rule: BTreeMap<String, Counts> = BTreeMap::new();
    for e in examples {
        let flagged = e.score >= threshold;
        for c in Category::ALL {
            by_category
                .entry(c.as_str().to_string())
                .or_default()
                .add(flagged && e.categories.contains(&c), e.label);
        }
        for r in &e.rules {
            by_rule.entry(r.clone()).or_default();
        }
    }
    for e in examples {
        let flagged = e.score >= threshold;
        for (rule, counts) in by_rule.iter_mut() {
            counts.add(flagged && e.rules.contains(rule), e.label);
        }
    }
    let _ = writeln!(
        out,
        "\n{:<44} {:>8} {:>9} {:>7}",
        "category", "flagged", "precision", "recall"
    );
    for (name, c) in &by_category {
        let flagged = c.true_positive + c.false_positive;
        if flagged > 0 {
            let _ = writeln!(
                out,
                "{name:<44} {flagged:>8} {:>9} {:>7}",
                pct(c.precision()),
                pct(c.recall())
            );
        }
    }
    let mut rules: Vec<(&String, &Counts)> = by_rule
        .iter()
        .filter(|(_, c)| c.true_positive + c.false_positive > 0)
        .collect();
    rules.sort_by_key(|(name, c)| {
        (
            std::cmp::Reverse(c.true_positive + c.false_positive),
            (*name).clone(),
        )
    });
    let _ = writeln!(
        out,
        "\n{:<44} {:>8} {:>9} {:>7}",
        "rule", "flagged", "precision", "recall"
    );
    for (name, c) in rules {
        let flagged = c.true_positive + c.false_positive;
        let _ = writeln!(
            out,
            "{name:<44} {flagged:>8} {:>9} {:>7}",
            pct(c.precision()),
            pct(c.recall())
        );
    }
    out
}

fn calibrate(truth_path: &Path, penalty: f64, args: &AuditArgs, stderr: &mut dyn Write) -> Outcome {
    use std::fmt::Write as _;
    let Some((truth, mut examples)) = labelled_examples(truth_path, args, stderr) else {
        return Outcome::Errors;
    };
    let weights = Weights::fit(truth.level, &examples, penalty.max(0.0));
    let raw = calibration::reliability(&examples, 10);
    for e in &mut examples {
        e.score = weights.probability(&e.features);
    }
    let fitted = calibration::reliability(&examples, 10);
    let mut header = format!(
        "Fitted by `mtaudit calibrate --truth {}` on {} labelled units ({} machine-translated), L2 penalty {penalty}.\nUse with `mtaudit --weights FILE`. Reliability on the fitting data (score bin: units, observed MT share, mean score):\n",
        truth_path.display(),
        examples.len(),
        examples.iter().filter(|e| e.label).count()
    );
    for (name, table) in [("before", &raw), ("after", &fitted)] {
        let _ = writeln!(header, "{name}:");
        for (lo, hi, n, share, mean) in table {
            let _ = writeln!(
                header,
                "  {lo:.1}-{hi:.1}: {n:>6} units, MT share {share:.3}, mean score {mean:.3}"
            );
        }
    }
    let text = weights.to_file(&header);
    let result = match &args.output {
        Some(path) => std::fs::write(path, &text).map_err(|e| {
            io::Error::new(e.kind(), format!("{}: cannot write: {e}", path.display()))
        }),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|_| out.flush())
        }
    };
    let _ = stderr.write_all(header.as_bytes());
    finish_stdout(result, Outcome::Clean, stderr)
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

/// How far the workers may run ahead of the document being written, per
/// thread, in documents and in bytes of text: enough to keep every thread
/// busy past a long document, few enough that memory stays bounded.
const AHEAD_DOCS_PER_THREAD: usize = 64;
const AHEAD_BYTES_PER_THREAD: usize = 8 << 20;

type Audited = Result<ScoredDocument, InputError>;

/// Audits documents on worker threads that live for the whole run, and
/// hands the results back in input order. With one thread everything runs
/// on the caller's thread.
struct Pipeline<'a> {
    auditor: &'a Auditor,
    jobs: Option<std::sync::mpsc::SyncSender<(usize, Document)>>,
    results: Option<std::sync::mpsc::Receiver<(usize, ScoredDocument)>>,
    /// Results that arrived before an earlier document's, by index.
    waiting: BTreeMap<usize, Audited>,
    /// Text bytes of the documents sent and not yet handed back, by index.
    in_flight: BTreeMap<usize, usize>,
    in_flight_bytes: usize,
    sent: usize,
    next: usize,
    limit_docs: usize,
    limit_bytes: usize,
}

impl<'a> Pipeline<'a> {
    /// Starts `threads` workers in `scope` (none for one thread).
    fn new<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        auditor: &'a Auditor,
        threads: usize,
    ) -> Pipeline<'a>
    where
        'a: 'scope,
    {
        let mut pipeline = Pipeline {
            auditor,
            jobs: None,
            results: None,
            waiting: BTreeMap::new(),
            in_flight: BTreeMap::new(),
            in_flight_bytes: 0,
            sent: 0,
            next: 0,
            limit_docs: AHEAD_DOCS_PER_THREAD * threads,
            limit_bytes: AHEAD_BYTES_PER_THREAD * threads,
        };
        if threads > 1 {
            let (job_tx, job_rx) = std::sync::mpsc::sync_channel::<(usize, Document)>(threads * 4);
            let (result_tx, result_rx) = std::sync::mpsc::channel();
            let job_rx = std::sync::Arc::new(std::sync::Mutex::new(job_rx));
            for _ in 0..threads {
                let job_rx = job_rx.clone();
                let result_tx = result_tx.clone();
                scope.spawn(move || loop {
                    let job = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((index, doc))) = job else { break };
                    if result_tx.send((index, auditor.audit(doc))).is_err() {
                        break;
                    }
                });
            }
            pipeline.jobs = Some(job_tx);
            pipeline.results = Some(result_rx);
        }
        pipeline
    }

    /// Takes the next input item; returns the results that are now ready,
    /// in input order.
    fn push(&mut self, item: Result<Document, InputError>, ready: &mut Vec<Audited>) {
        let index = self.sent;
        self.sent += 1;
        match (item, &self.jobs) {
            (Ok(doc), Some(jobs)) => {
                self.in_flight.insert(index, doc.text.len());
                self.in_flight_bytes += doc.text.len();
                // The workers only stop when the pipeline is dropped.
                jobs.send((index, doc))
                    .expect("workers outlive the pipeline");
            }
            (Ok(doc), None) => {
                self.waiting.insert(index, Ok(self.auditor.audit(doc)));
            }
            (Err(e), _) => {
                self.waiting.insert(index, Err(e));
            }
        }
        self.collect(ready);
        while self.in_flight.len() >= self.limit_docs || self.in_flight_bytes >= self.limit_bytes {
            if !self.receive_one(ready) {
                break;
            }
        }
    }

    /// Waits for every document still being audited.
    fn finish(&mut self, ready: &mut Vec<Audited>) {
        while !self.in_flight.is_empty() {
            if !self.receive_one(ready) {
                break;
            }
        }
        self.collect(ready);
    }

    /// Blocks for one result; false if the workers are gone.
    fn receive_one(&mut self, ready: &mut Vec<Audited>) -> bool {
        let Some(results) = &self.results else {
            return false;
        };
        match results.recv() {
            Ok((index, scored)) => {
                self.arrived(index, scored);
                self.collect(ready);
                true
            }
            Err(_) => false,
        }
    }

    fn arrived(&mut self, index: usize, scored: ScoredDocument) {
        if let Some(bytes) = self.in_flight.remove(&index) {
            self.in_flight_bytes -= bytes;
        }
        self.waiting.insert(index, Ok(scored));
    }

    /// Moves finished results to `ready` in order, taking what the workers
    /// have sent meanwhile.
    fn collect(&mut self, ready: &mut Vec<Audited>) {
        if let Some(results) = &self.results {
            let arrived: Vec<_> = results.try_iter().collect();
            for (index, scored) in arrived {
                self.arrived(index, scored);
            }
        }
        while let Some(result) = self.waiting.remove(&self.next) {
            ready.push(result);
            self.next += 1;
        }
    }
}
