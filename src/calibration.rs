//! Calibration: turning evidence into a probability, and the reviewed
//! labels it is fitted on.
//!
//! The model is a regularised logistic regression over the evidence of each
//! category, as the score formula computes it (for a document, the pooled,
//! length-discounted, capped evidence of each category; for a sentence, the
//! combined weight of each category's findings): `p = σ(b + Σ β_c · x_c)`.
//! Nine coefficients and an intercept: small enough to read in the weights
//! file, and a score that reads as a probability on the data it was fitted
//! on. A weights file may also re-weight rules (`[rules]`, as in
//! `mtaudit.toml`).
//!
//! Truth files are what reviewers produce: the sentence CSV mtaudit wrote
//! plus a `label` column, or a plain `doc,label` or `doc,sentence,label`
//! table. Labels: `1`/`0`, `mt`/`clean`, `yes`/`no`, `true`/`false`; an empty
//! label means "not reviewed" and is skipped.

use crate::detect::Category;
use crate::error::FileError;
use crate::lexicon::LineIndex;
use crate::policy::RulePattern;
use crate::score::{self, ScoredDocument};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What a label is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Document,
    Sentence,
}

/// Reviewed labels: `true` = machine-translated.
#[derive(Debug, Clone)]
pub struct Truth {
    pub level: Level,
    /// (doc, 1-based sentence or 0 for documents) → (label, line).
    pub labels: HashMap<(String, usize), (bool, usize)>,
    /// Rows without a label.
    pub unreviewed: usize,
}

impl Truth {
    /// Reads a truth file: CSV (or TSV by extension) with a header naming
    /// `doc` and `label`, and `sentence` for sentence labels.
    pub fn read(path: &Path) -> Result<Truth, Vec<FileError>> {
        let shown = path.display().to_string();
        let err = |line: usize, message: String| FileError {
            col: 0,
            path: shown.clone(),
            line,
            message,
        };
        let tsv = path.extension().is_some_and(|x| x == "tsv");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if tsv { b'\t' } else { b',' })
            .flexible(true)
            .from_path(path)
            .map_err(|e| vec![err(0, format!("cannot read: {e}"))])?;
        let header = reader
            .headers()
            .map_err(|e| vec![err(1, e.to_string())])?
            .clone();
        let column = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
        };
        let (Some(doc_col), Some(label_col)) = (column("doc"), column("label")) else {
            return Err(vec![err(
                1,
                "the header needs `doc` and `label` columns".into(),
            )]);
        };
        let sentence_col = column("sentence");
        let level = if sentence_col.is_some() {
            Level::Sentence
        } else {
            Level::Document
        };
        let mut truth = Truth {
            level,
            labels: HashMap::new(),
            unreviewed: 0,
        };
        let mut errors = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    errors.push(err(line, e.to_string()));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line() as usize);
            let doc = record.get(doc_col).unwrap_or("").trim();
            // A defused id ('=x) from mtaudit's own CSV is the id without
            // the apostrophe.
            let doc = match doc.strip_prefix('\'') {
                Some(rest) if rest.len() > 1 && rest.starts_with(['=', '+', '-', '@']) => rest,
                _ => doc,
            };
            let raw_label = record.get(label_col).unwrap_or("").trim();
            if raw_label.is_empty() {
                truth.unreviewed += 1;
                continue;
            }
            let Some(label) = parse_label(raw_label) else {
                errors.push(err(
                    line,
                    format!("bad label {raw_label:?}: use 1/0, mt/clean, yes/no or true/false"),
                ));
                continue;
            };
            if doc.is_empty() {
                errors.push(err(line, "empty doc id".into()));
                continue;
            }
            let sentence = match sentence_col {
                None => 0,
                Some(c) => match record.get(c).unwrap_or("").trim().parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => {
                        errors.push(err(line, "`sentence` must be a 1-based number".into()));
                        continue;
                    }
                },
            };
            match truth
                .labels
                .insert((doc.to_string(), sentence), (label, line))
            {
                Some((other, first)) if other != label => {
                    errors.push(err(line, format!("contradicts the label on line {first}")))
                }
                _ => {}
            }
        }
        if truth.labels.is_empty() && errors.is_empty() {
            errors.push(err(0, "no labelled rows".into()));
        }
        if errors.is_empty() {
            Ok(truth)
        } else {
            Err(errors)
        }
    }
}

fn parse_label(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "mt" | "yes" | "true" | "y" | "translated" => Some(true),
        "0" | "clean" | "no" | "false" | "n" | "native" | "human" => Some(false),
        _ => None,
    }
}

/// One labelled unit with its evidence features and current score.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: BTreeMap<Category, f64>,
    pub score: f64,
    pub label: bool,
    /// Rules and categories that fired in the unit.
    pub rules: Vec<String>,
    pub categories: Vec<Category>,
}

/// The labelled units of one scored document: the document itself or its
/// labelled sentences. Marks each label found in `seen`.
pub fn examples(doc: &ScoredDocument, truth: &Truth, seen: &mut Vec<usize>) -> Vec<Example> {
    let id = doc.doc.id.as_str();
    let mut out = Vec::new();
    match truth.level {
        Level::Document => {
            if let Some((label, line)) = truth.labels.get(&(id.to_string(), 0)) {
                seen.push(*line);
                let findings = doc.sentences.iter().flat_map(|s| s.findings.iter());
                out.push(example(
                    score::document_evidence(&doc.sentences),
                    doc.score,
                    *label,
                    findings,
                ));
            }
        }
        Level::Sentence => {
            for (i, s) in doc.sentences.iter().enumerate() {
                if let Some((label, line)) = truth.labels.get(&(id.to_string(), i + 1)) {
                    seen.push(*line);
                    out.push(example(
                        score::sentence_evidence(&s.findings),
                        s.score,
                        *label,
                        s.findings.iter(),
                    ));
                }
            }
        }
    }
    out
}

fn example<'a>(
    features: BTreeMap<Category, f64>,
    score: f64,
    label: bool,
    findings: impl Iterator<Item = &'a crate::detect::Finding>,
) -> Example {
    let mut rules = Vec::new();
    let mut categories = Vec::new();
    for f in findings.filter(|f| f.weight > 0.0) {
        if !rules.iter().any(|r: &String| **r == *f.rule) {
            rules.push(f.rule.to_string());
        }
        if !categories.contains(&f.category) {
            categories.push(f.category);
        }
    }
    Example {
        features,
        score,
        label,
        rules,
        categories,
    }
}

/// A fitted calibration, as stored in a weights file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// What the coefficients apply to.
    pub level: Level,
    pub intercept: f64,
    /// Coefficient per category (missing: 0).
    #[serde(default)]
    pub categories: BTreeMap<String, f64>,
    /// Rule weights, as in `mtaudit.toml`'s `[rules]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, f64>,
}

impl Weights {
    /// Reads and checks a weights file.
    pub fn read(path: &Path) -> Result<Weights, FileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| FileError {
            col: 0,
            path: shown.clone(),
            line: 0,
            message: format!("cannot read: {e}"),
        })?;
        Weights::parse(&shown, &text)
    }

    pub fn parse(shown: &str, text: &str) -> Result<Weights, FileError> {
        let lines = LineIndex::new(text);
        let weights: Weights = toml::from_str(text).map_err(|e| FileError {
            col: 0,
            path: shown.to_string(),
            line: e.span().map_or(0, |s| lines.line_col(s.start).0),
            message: e.message().trim().to_string(),
        })?;
        for name in weights.categories.keys() {
            if Category::parse(name).is_none() {
                return Err(FileError {
                    col: 0,
                    path: shown.to_string(),
                    line: 0,
                    message: format!("unknown category {name:?} in [categories]"),
                });
            }
        }
        for (rule, w) in &weights.rules {
            if !(0.0..=1.0).contains(w) {
                return Err(FileError {
                    col: 0,
                    path: shown.to_string(),
                    line: 0,
                    message: format!("weight {w} for rule {rule:?} is outside [0, 1]"),
                });
            }
        }
        Ok(weights)
    }

    /// The rule weights as policy patterns.
    pub fn rule_patterns(&self) -> Vec<(RulePattern, f32)> {
        self.rules
            .iter()
            .map(|(r, w)| (RulePattern::new(r), *w as f32))
            .collect()
    }

    /// The calibrated probability for one unit's features.
    pub fn probability(&self, features: &BTreeMap<Category, f64>) -> f64 {
        let z = self.intercept
            + features
                .iter()
                .map(|(c, x)| self.categories.get(c.as_str()).copied().unwrap_or(0.0) * x)
                .sum::<f64>();
        sigmoid(z)
    }

    /// Replaces the document score, or every sentence score, of `doc` by
    /// the calibrated probability.
    pub fn apply(&self, doc: &mut ScoredDocument) {
        match self.level {
            Level::Document => {
                doc.score = self.probability(&score::document_evidence(&doc.sentences))
            }
            Level::Sentence => {
                for s in &mut doc.sentences {
                    s.score = self.probability(&score::sentence_evidence(&s.findings));
                }
            }
        }
    }

    /// Fits the model on labelled examples: logistic regression with an L2
    /// penalty `lambda` on the coefficients (not the intercept), by Newton's
    /// method.
    pub fn fit(level: Level, examples: &[Example], lambda: f64) -> Weights {
        let cats = Category::ALL;
        let dim = cats.len() + 1;
        let rows: Vec<(Vec<f64>, f64)> = examples
            .iter()
            .map(|e| {
                let mut x = vec![1.0];
                x.extend(
                    cats.iter()
                        .map(|c| e.features.get(c).copied().unwrap_or(0.0)),
                );
                (x, if e.label { 1.0 } else { 0.0 })
            })
            .collect();
        let mut beta = vec![0.0; dim];
        for _ in 0..50 {
            let mut grad = vec![0.0; dim];
            let mut hess = vec![vec![0.0; dim]; dim];
            for (x, y) in &rows {
                let p = sigmoid(dot(&beta, x));
                let w = (p * (1.0 - p)).max(1e-9);
                for i in 0..dim {
                    grad[i] += (p - y) * x[i];
                    for j in 0..dim {
                        hess[i][j] += w * x[i] * x[j];
                    }
                }
            }
            for i in 1..dim {
                grad[i] += lambda * beta[i];
                hess[i][i] += lambda;
            }
            // A feature never seen keeps a zero coefficient.
            for (i, row) in hess.iter_mut().enumerate() {
                row[i] += 1e-9;
            }
            let Some(step) = solve(hess, grad) else { break };
            let mut change = 0.0f64;
            for i in 0..dim {
                beta[i] -= step[i];
                change = change.max(step[i].abs());
            }
            if change < 1e-8 {
                break;
            }
        }
        Weights {
            level,
            intercept: round6(beta[0]),
            categories: cats
                .iter()
                .zip(&beta[1..])
                .map(|(c, b)| (c.as_str().to_string(), round6(*b)))
                .collect(),
            rules: BTreeMap::new(),
        }
    }

    /// The weights file: the reliability table as comments, then TOML.
    pub fn to_file(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&toml::to_string(self).unwrap_or_default());
        out
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col].clone();
        for row in col + 1..n {
            let factor = a[row][col] / pivot_row[col];
            for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}

/// Precision, recall and counts at a threshold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub true_positive: usize,
    pub false_positive: usize,
    pub false_negative: usize,
    pub true_negative: usize,
}

impl Counts {
    pub fn add(&mut self, predicted: bool, label: bool) {
        match (predicted, label) {
            (true, true) => self.true_positive += 1,
            (true, false) => self.false_positive += 1,
            (false, true) => self.false_negative += 1,
            (false, false) => self.true_negative += 1,
        }
    }

    pub fn precision(&self) -> Option<f64> {
        let flagged = self.true_positive + self.false_positive;
        (flagged > 0).then(|| self.true_positive as f64 / flagged as f64)
    }

    pub fn recall(&self) -> Option<f64> {
        let positive = self.true_positive + self.false_negative;
        (positive > 0).then(|| self.true_positive as f64 / positive as f64)
    }
}

/// ROC AUC of scores against labels (ties count half); None without both
/// classes.
pub fn roc_auc(examples: &[Example]) -> Option<f64> {
    let mut sorted: Vec<(f64, bool)> = examples.iter().map(|e| (e.score, e.label)).collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = sorted.iter().filter(|(_, l)| *l).count();
    let negatives = sorted.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    // Sum of positive ranks, with average ranks for ties.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let average_rank = (i + j + 1) as f64 / 2.0;
        rank_sum += average_rank * sorted[i..j].iter().filter(|(_, l)| *l).count() as f64;
        i = j;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// Score bins of width `1 / bins` with (count, share labelled MT, mean
/// score) each.
pub fn reliability(examples: &[Example], bins: usize) -> Vec<(f64, f64, usize, f64, f64)> {
    let mut table = vec![(0usize, 0usize, 0.0f64); bins];
    for e in examples {
        let b = ((e.score * bins as f64) as usize).min(bins - 1);
        table[b].0 += 1;
        table[b].1 += usize::from(e.label);
        table[b].2 += e.score;
    }
    table
        .into_iter()
        .enumerate()
        .filter(|(_, (n, _, _))| *n > 0)
        .map(|(i, (n, mt, sum))| {
            (
                i as f64 / bins as f64,
                (i + 1) as f64 / bins as f64,
                n,
                mt as f64 / n as f64,
                sum / n as f64,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(idiom: f64, label: bool) -> Example {
        let mut features = BTreeMap::new();
        if idiom > 0.0 {
            features.insert(Category::Idiom, idiom);
        }
        Example {
            features,
            score: idiom,
            label,
            rules: Vec::new(),
            categories: Vec::new(),
        }
    }

    #[test]
    fn the_fit_learns_that_evidence_means_translation() {
        let mut data = Vec::new();
        for i in 0..200 {
            // Evidence present: 80% MT; absent: 20% MT.
            data.push(ex(0.6, i % 5 != 0));
            data.push(ex(0.0, i % 5 == 0));
        }
        let w = Weights::fit(Level::Document, &data, 0.01);
        assert!(w.categories["idiom"] > 0.0, "{w:?}");
        let with = w.probability(&data[0].features);
        let without = w.probability(&data[1].features);
        assert!((with - 0.8).abs() < 0.02, "{with}");
        assert!((without - 0.2).abs() < 0.02, "{without}");
        // A category never seen keeps a zero coefficient.
        assert_eq!(w.categories["fragment"], 0.0);
        let text = w.to_file("fitted on a test");
        assert!(text.starts_with("# fitted on a test\n"));
        assert_eq!(Weights::parse("w.toml", &text).unwrap(), w);
    }

    #[test]
    fn auc_counts_ties_as_half() {
        let data = [ex(0.9, true), ex(0.1, false), ex(0.5, true), ex(0.5, false)];
        assert_eq!(roc_auc(&data), Some(0.875));
        assert_eq!(roc_auc(&data[..1]), None);
    }

    #[test]
    fn truth_files_are_checked_line_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "doc,label\na,1\nb,clean\nc,\nd,maybe\na,0\n").unwrap();
        let errors = Truth::read(&path).unwrap_err();
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0]
            .ends_with("t.csv:5: bad label \"maybe\": use 1/0, mt/clean, yes/no or true/false"));
        assert!(shown[1].ends_with("t.csv:6: contradicts the label on line 2"));
        std::fs::write(&path, "doc,sentence,score,label\n'-x,2,0.5,mt\nb,1,0.1,0\n").unwrap();
        let t = Truth::read(&path).unwrap();
        assert_eq!(t.level, Level::Sentence);
        assert_eq!(t.labels[&("-x".to_string(), 2)], (true, 2));
        std::fs::write(&path, "id,label\na,1\n").unwrap();
        assert!(Truth::read(&path).unwrap_err()[0]
            .to_string()
            .contains("needs `doc` and `label`"));
    }

    #[test]
    fn the_shipped_calibration_reads_and_gives_probabilities() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("calibration/htmt.toml");
        let w = Weights::read(&path).unwrap();
        assert_eq!(w.level, Level::Document);
        let none = w.probability(&BTreeMap::new());
        assert!(none > 0.0 && none < 1.0);
    }

    #[test]
    fn weights_files_reject_unknown_names() {
        let e = Weights::parse(
            "w.toml",
            "level = \"document\"\nintercept = 0.1\n[categories]\nidioms = 1.0\n",
        )
        .unwrap_err();
        assert!(e.message.contains("unknown category \"idioms\""));
        let e = Weights::parse(
            "w.toml",
            "level = \"document\"\nintercept = 0.1\nslope = 2\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }
}
