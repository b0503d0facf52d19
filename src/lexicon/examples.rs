//! Runs every lexicon entry's own examples: each `fires` example must make
//! the entry fire, each `clean` example must not. Every example is run twice,
//! as written and shifted behind a lead-in paragraph, which catches code that
//! assumes a sentence starts at offset 0.

use super::{Entry, LexiconSet};
use crate::detect::{self, Detector, Finding};
use crate::document::Segmented;
use std::fmt;

/// The paragraph put in front of every example for the shifted run.
pub const LEAD_IN: &str = "This lead-in paragraph shifts every offset.\n\n";

/// One example that did not behave as its entry says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Where the entry is defined: `path:line:col`.
    pub origin: String,
    pub rule: String,
    pub example: String,
    pub problem: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}: {:?}",
            self.origin, self.rule, self.problem, self.example
        )
    }
}

/// Counts of what [`run`] checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExampleCounts {
    pub entries: usize,
    pub fires: usize,
    pub clean: usize,
}

/// Runs the examples of every entry in `set` with the default detectors
/// built from `set`, and returns the counts and every failure.
pub fn run(set: &LexiconSet) -> (ExampleCounts, Vec<ExampleFailure>) {
    let detectors = detect::registry(set);
    let mut counts = ExampleCounts::default();
    let mut failures = Vec::new();
    for entry in set.entries() {
        counts.entries += 1;
        let fail = |example: &str, problem: String| ExampleFailure {
            origin: entry.origin.clone(),
            rule: entry.rule_id(),
            example: example.to_string(),
            problem,
        };
        let Some(detector) = detectors.iter().find(|d| d.id() == entry.detector) else {
            failures.push(fail("", format!("no detector named {:?}", entry.detector)));
            continue;
        };
        for example in &entry.fires {
            counts.fires += 1;
            if let Err(problem) = check_fires(detector.as_ref(), entry, example) {
                failures.push(fail(example, problem));
            }
        }
        for example in &entry.clean {
            counts.clean += 1;
            for text in [example.clone(), format!("{LEAD_IN}{example}")] {
                let hits = rule_hits(detector.as_ref(), entry, &text);
                if let Some(hit) = hits.first() {
                    let problem = format!("clean example fired on {:?}", &text[hit.span.clone()]);
                    failures.push(fail(example, problem));
                    break;
                }
            }
        }
    }
    (counts, failures)
}

fn check_fires(detector: &dyn Detector, entry: &Entry, example: &str) -> Result<(), String> {
    let plain = rule_hits(detector, entry, example);
    let Some(first) = plain.first() else {
        return Err("did not fire".into());
    };
    let shifted_text = format!("{LEAD_IN}{example}");
    let shifted = rule_hits(detector, entry, &shifted_text);
    let expected = first.span.start + LEAD_IN.len()..first.span.end + LEAD_IN.len();
    match shifted.first() {
        None => Err("fired, but not behind a lead-in paragraph".into()),
        Some(f) if f.span != expected => Err(format!(
            "behind a lead-in paragraph the evidence moved from {:?} to {:?}",
            &example[first.span.clone()],
            &shifted_text[f.span.clone()]
        )),
        Some(_) => Ok(()),
    }
}

fn rule_hits(detector: &dyn Detector, entry: &Entry, text: &str) -> Vec<Finding> {
    let doc = Segmented::new(text);
    let mut found = Vec::new();
    detector.detect(&doc, &mut found);
    let rule = entry.rule_id();
    found.retain(|f| *f.rule == *rule);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_example_behaves() {
        let set = LexiconSet::embedded().unwrap();
        let (counts, failures) = run(&set);
        assert!(counts.fires >= counts.entries);
        let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        assert!(
            report.is_empty(),
            "{} failing examples:\n{}",
            report.len(),
            report.join("\n")
        );
    }

    #[test]
    fn a_wrong_example_is_reported() {
        let toml = r#"
detector = "typography"
[[entry]]
id = "guillemets"
phrase = "«"
note = "French guillemets"
weight = 0.6
fires = ["No guillemets here."]
clean = ["He said « no »."]
"#;
        let set = LexiconSet::from_toml("t.toml", toml).unwrap();
        let (_, failures) = run(&set);
        assert_eq!(failures.len(), 2);
        assert_eq!(failures[0].problem, "did not fire");
        assert!(failures[1].problem.starts_with("clean example fired"));
        assert!(failures[0]
            .to_string()
            .starts_with("t.toml:3:1: typography/guillemets: "));
    }
}
