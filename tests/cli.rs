//! The `mtaudit` binary as a user runs it: every option and exit code.

mod common;
use common::*;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const HEADER: &str =
    "doc,sentence,start,end,score,categories,rules,evidence,messages,suggestion,text";
const FOREIGN: &str = "Prices rose by 5,2 % this year.\n\nHe said « no » to the plan.";

fn rows(o: &Output) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(o.stdout.as_slice())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

#[test]
fn quick_start_example_prints_a_row_per_sentence() {
    let o = mtaudit(&["fixtures/example-article.txt"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().next(), Some(HEADER));
    let rows = rows(&o);
    assert!(rows.len() > 10);
    assert!(rows.iter().all(|r| &r[0] == "fixtures/example-article.txt"));
    assert!(rows
        .iter()
        .any(|r| r[5].contains("typography") && r[4].parse::<f64>().unwrap() >= 0.5));
    assert!(rows.iter().any(|r| r[5].contains("boilerplate")));
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[1].parse::<usize>().unwrap(), i + 1);
    }
}

#[test]
fn stdin_is_read_with_no_path_or_dash() {
    for args in [&[][..], &["-"][..]] {
        let o = mtaudit(args, FOREIGN.as_bytes());
        assert_eq!(o.status.code(), Some(0));
        let rows = rows(&o);
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "-");
        assert_eq!(&rows[0][7], "5,2");
        assert_eq!(&rows[1][10], "He said « no » to the plan.");
    }
}

#[test]
fn offsets_are_characters_after_the_bom_and_crlf_is_accepted() {
    let text = "\u{feff}Élan « vital » here.\r\nNext line é.\r\n";
    let o = mtaudit(&[], text.as_bytes());
    let rows = rows(&o);
    assert_eq!(rows.len(), 2);
    let body: Vec<char> = text.trim_start_matches('\u{feff}').chars().collect();
    for r in &rows {
        let (start, end): (usize, usize) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        let slice: String = body[start..end].iter().collect();
        assert_eq!(slice, &r[10]);
    }
    assert_eq!(&rows[0][2], "0");
}

#[test]
fn folders_are_walked_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b/second.txt", b"Second.");
    write(dir.path(), "a.txt", b"First.");
    write(
        dir.path(),
        "c.jsonl",
        b"{\"id\":\"j1\",\"text\":\"Third.\"}\n",
    );
    let o = mtaudit(
        &[&dir.path().display().to_string(), "--per", "document"],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let docs: Vec<String> = rows(&o).iter().map(|r| r[0].to_string()).collect();
    let root = dir.path().display();
    assert_eq!(
        docs,
        [
            format!("{root}/a.txt"),
            format!("{root}/b/second.txt"),
            "j1".into()
        ]
    );
}

#[test]
fn jsonl_fields_and_fallback_ids() {
    let dir = tempfile::tempdir().unwrap();
    let feed = write(
        dir.path(),
        "feed.ndjson",
        b"{\"url\":\"u1\",\"body\":\"Hello there.\"}\n{\"body\":\"Again.\"}\n",
    );
    let o = mtaudit(&[&feed, "--text-field", "body", "--id-field", "url"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let docs: Vec<String> = rows(&o).iter().map(|r| r[0].to_string()).collect();
    assert_eq!(docs, ["u1".to_string(), format!("{feed}:2")]);

    let o = mtaudit(
        &["-f", "jsonl"],
        b"{\"id\":\"s\",\"text\":\"From stdin.\"}\n",
    );
    assert_eq!(&rows(&o)[0][0], "s");
}

#[test]
fn csv_and_tsv_inputs() {
    let o = mtaudit(&["fixtures/feed.csv", "--per", "document"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(rows(&o).len(), 6);
    let dir = tempfile::tempdir().unwrap();
    let tsv = write(dir.path(), "x.tsv", b"text\tid\nA tab-separated row.\tt1\n");
    let o = mtaudit(&[&tsv], b"");
    assert_eq!(&rows(&o)[0][0], "t1");
    let bad = write(dir.path(), "y.csv", b"id,body\n1,x\n");
    let o = mtaudit(&[&bad], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{bad}:1: no column \"text\"")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_utf8_names_file_and_offset_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.txt", b"Good start.\xff bad.");
    let good = write(dir.path(), "good.txt", b"Fine text.");
    let o = mtaudit(&[&bad, &good, "--per", "document"], b"");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{bad}: invalid UTF-8 at byte offset 11")),
        "{err}"
    );
    assert!(err.contains("1 input problem"), "{err}");
    assert_eq!(rows(&o).len(), 1, "the good file is still audited");

    let o = mtaudit(&[&bad, "--lossy"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains('\u{fffd}'));
}

#[test]
fn missing_files_and_bad_records_exit_2_after_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let feed = write(
        dir.path(),
        "f.jsonl",
        b"{\"text\":\"One.\"}\n{oops\n{\"text\":\"Three.\"}\n",
    );
    let o = mtaudit(&["no-such-file.txt", &feed, "--per", "document"], b"");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("no-such-file.txt: no such file or directory"),
        "{err}"
    );
    assert!(err.contains(&format!("{feed}:2: invalid JSON")), "{err}");
    assert!(err.contains("2 input problems"), "{err}");
    assert_eq!(rows(&o).len(), 2);
}

#[test]
fn min_score_keeps_only_strong_rows() {
    let o = mtaudit(
        &["--min-score", "0.3"],
        b"A plain line.\n\nHe said \xc2\xab no \xc2\xbb.",
    );
    let rows = rows(&o);
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "2");
}

#[test]
fn per_document_rows() {
    let o = mtaudit(&["--per", "document"], FOREIGN.as_bytes());
    let out = stdout(&o);
    assert_eq!(
        out.lines().next(),
        Some("doc,score,sentences,flagged,categories,source_language")
    );
    let rows = rows(&o);
    assert_eq!(&rows[0][2], "2");
    assert_eq!(&rows[0][3], "2");
    assert_eq!(&rows[0][4], "typography");
}

#[test]
fn spreadsheet_formulas_are_defused_unless_raw_and_bom_is_optional() {
    let o = mtaudit(&[], b"=cmd|' /C calc'!A0");
    assert!(stdout(&o).contains("'=cmd"), "{}", stdout(&o));
    let o = mtaudit(&["--raw-cells"], b"=cmd|' /C calc'!A0");
    assert!(!stdout(&o).contains("'=cmd"));
    let o = mtaudit(&["--bom"], b"Text.");
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBFdoc,"));
    let o = mtaudit(&[], b"Text.");
    assert!(o.stdout.starts_with(b"doc,"));
}

#[test]
fn jsonl_output_has_spans_scores_and_findings() {
    let o = mtaudit(&["--output-format", "jsonl"], FOREIGN.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["doc"], "-");
    assert_eq!(v["sentence_count"], 2);
    let spans = v["attributes"]["mtaudit__sentence_score"]
        .as_array()
        .unwrap();
    assert_eq!(spans.len(), 2);
    assert_eq!(spans[0][0], 0);
    let finding = &v["sentences"][0]["findings"][0];
    assert_eq!(finding["category"], "typography");
    assert_eq!(finding["evidence"], "5,2");
    let (s, e) = (
        finding["start"].as_u64().unwrap() as usize,
        finding["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&FOREIGN[s..e], "5,2");
    assert!(v["score"].as_f64().unwrap() > 0.5);
}

#[test]
fn fail_above_gates_with_exit_1_and_errors_outrank_it() {
    let o = mtaudit(&["--fail-above", "0.5"], FOREIGN.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(!stdout(&o).is_empty(), "output is still written");
    let o = mtaudit(&["--fail-above", "0.99"], FOREIGN.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let o = mtaudit(
        &["--fail-above", "0.5", "-", "missing.txt"],
        FOREIGN.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--no-such-flag"][..],
        &["--only", "nonsense"][..],
        &["--review-at", "2"][..],
        &["--format", "xml"][..],
    ] {
        let o = mtaudit(args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&o).is_empty());
    }
}

#[test]
fn only_and_skip_select_detectors() {
    let text = "He said « no ».\n\nRead also: the rest";
    let o = mtaudit(&["--only", "boilerplate"], text.as_bytes());
    assert!(!stdout(&o).contains("typography/"));
    let o = mtaudit(&["--skip", "typography"], text.as_bytes());
    assert!(!stdout(&o).contains("typography/"));
    let o = mtaudit(&["--only", "typography"], text.as_bytes());
    assert!(stdout(&o).contains("typography/"));
}

#[test]
fn output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let o = mtaudit(&["-o", &out.display().to_string()], b"Text.");
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert!(std::fs::read_to_string(&out).unwrap().starts_with(HEADER));
    let o = mtaudit(&["-o", "/no/such/dir/out.csv"], b"Text.");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let line = "He said « no » to the plan, and then he left. ".repeat(20);
    let writer = std::thread::spawn(move || {
        for _ in 0..2000 {
            if writeln!(stdin, "{line}").is_err() {
                break;
            }
        }
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

#[test]
fn detectors_are_listed() {
    let o = mtaudit(&["detectors"], b"");
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("typography") && out.contains("boilerplate"));
}

#[test]
fn lexicons_test_checks_user_files() {
    let o = mtaudit(&["lexicons", "test"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(" 0 failed"), "{}", stdout(&o));

    let dir = tempfile::tempdir().unwrap();
    let mine = write(
        dir.path(),
        "mine.toml",
        b"detector = \"typography\"\n\n[[entry]]\nid = \"tilde\"\nphrase = \"~~\"\nnote = \"x\"\nweight = 0.1\nfires = [\"no tilde\"]\n",
    );
    let o = mtaudit(
        &["lexicons", "test", &dir.path().display().to_string()],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("{mine}:3:1: typography/tilde: did not fire")),
        "{}",
        stdout(&o)
    );

    write(
        dir.path(),
        "mine.toml",
        b"detector = \"typography\"\n[[entry]]\nid = \"x\"\nweight = \"heavy\"\n",
    );
    let o = mtaudit(
        &["lexicons", "test", &dir.path().display().to_string()],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!("{mine}:4:")), "{}", stderr(&o));
}

#[test]
fn a_command_after_options_gets_a_hint() {
    let o = mtaudit(&["--min-score", "0.5", "detectors"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is a command: put it first"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn user_lexicons_disable_and_add_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mine.toml",
        b"detector = \"typography\"\n[[entry]]\nid = \"guillemets\"\nenabled = false\n\n[[entry]]\nid = \"house-style\"\nphrase = \"per centum\"\nnote = \"Latin\"\nweight = 0.4\nfires = [\"It rose 5 per centum.\"]\n",
    );
    let d = dir.path().display().to_string();
    let o = mtaudit(
        &["--lexicons", &d],
        "He said « no ». It rose 5 per centum.".as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("typography/guillemets"), "{out}");
    assert!(out.contains("typography/house-style"), "{out}");
}

#[test]
fn a_broken_user_name_table_is_reported_with_its_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let table = write(
        dir.path(),
        "names/mine.tsv",
        "# my names\nMette\tf\tda\nOlaf\tmale\tde\n".as_bytes(),
    );
    let d = dir.path().display().to_string();
    let o = mtaudit(&["--lexicons", &d], b"Mette Frederiksen said so.");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(&format!("{table}:3:1: invalid gender \"male\"")),
        "{}",
        stderr(&o)
    );
    let o = mtaudit(&["lexicons", "test", &d], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    write(dir.path(), "names/mine.tsv", b"Olaf\tm\tde\n");
    let o = mtaudit(&["--lexicons", &d], b"Olaf Scholz said so.");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn user_office_tables_add_holders_and_a_bad_row_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let table = write(
        dir.path(),
        "role/office-holders-mine.tsv",
        b"# mine\nAda Quill\tAda Quil\tforeign-minister\tUA\t2020\t2024\n",
    );
    let text = "Defence Minister Ada Quill arrived.\n\nForeign Minister Ada Quil left.";
    let o = mtaudit(&["--lexicons", &d, "--only", "role"], text.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let found = rows(&o);
    assert_eq!(found.len(), 2);
    assert_eq!(&found[0][6], "role/office-holder", "{found:?}");
    assert_eq!(&found[0][9], "Foreign Minister Ada Quill");
    assert_eq!(&found[1][6], "", "{found:?}");

    write(
        dir.path(),
        "role/office-holders-mine.tsv",
        b"# mine\nAda Quill\t-\tforeign-minister\tUkraine\t2020\t2024\n",
    );
    let o = mtaudit(&["--lexicons", &d], text.as_bytes());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{table}:2:1: jurisdiction \"Ukraine\"")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn review_at_sets_what_counts_as_flagged() {
    let text = "He said « no ».\n\nPrices rose by 5,2 % this year.";
    let flagged = |args: &[&str]| {
        let mut all = vec!["--per", "document"];
        all.extend_from_slice(args);
        rows(&mtaudit(&all, text.as_bytes()))[0][3].to_string()
    };
    assert_eq!(flagged(&[]), "2");
    assert_eq!(flagged(&["--review-at", "0.99"]), "0");
}

#[test]
fn format_flag_overrides_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "notes.jsonl", b"{\"text\": \"Plain words.\"}\n");
    let o = mtaudit(&["--format", "text", &path, "--per", "document"], b"");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(rows(&o)[0][0], path, "read as one text document");
}

#[test]
fn help_teaches_with_examples_and_exit_codes() {
    let o = mtaudit(&["--help"], b"");
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for needle in ["Examples:", "Exit codes:", "--fail-above", "1 − Π(1 − w)"] {
        assert!(out.contains(needle), "--help lacks {needle:?}");
    }
}

#[test]
fn per_document_rows_name_the_likely_source_language() {
    let o = mtaudit(&["--per", "document", "fixtures/example-article.txt"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(&rows(&o)[0][5], "fr");
    let o = mtaudit(
        &["--per", "document", "fixtures/clean/04-cup-final.txt"],
        b"",
    );
    assert_eq!(&rows(&o)[0][5], "");
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let args = |threads: &'static str| {
        vec![
            "-j",
            threads,
            "fixtures/feed.jsonl",
            "fixtures/clean",
            "fixtures/example-article.txt",
            "no-such.txt",
        ]
    };
    let one = mtaudit(&args("1"), b"");
    let two = mtaudit(&args("2"), b"");
    assert_eq!(one.status.code(), Some(2), "the missing file is reported");
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(stderr(&one), stderr(&two));
    assert!(rows(&one).len() > 100);
}

#[test]
fn a_sentence_recurring_across_a_feed_is_reported_from_its_third_document() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "--only",
            "repetition",
            "fixtures/repetition/syndicated.jsonl",
        ];
        args.extend_from_slice(extra);
        let out = mtaudit(&args, b"");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    };
    let out = run(&["--output-format", "jsonl"]);
    let mut cross: Vec<(String, String)> = Vec::new();
    for line in stdout(&out).lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        for sentence in doc["sentences"].as_array().unwrap() {
            for f in sentence["findings"].as_array().unwrap() {
                if f["rule"] == "repetition/cross-document" {
                    let message = f["message"].as_str().unwrap().to_string();
                    cross.push((doc["doc"].as_str().unwrap().to_string(), message));
                }
            }
        }
    }
    assert_eq!(
        cross.iter().map(|(d, _)| d.as_str()).collect::<Vec<_>>(),
        ["feed-3", "feed-4"]
    );
    assert!(
        cross[0].1.starts_with("recurs in 3 documents"),
        "{}",
        cross[0].1
    );
    assert!(
        cross[1].1.starts_with("recurs in 4 documents"),
        "{}",
        cross[1].1
    );
    // Weight 0: the template is not evidence of translation.
    assert!(rows(&run(&[]))
        .iter()
        .all(|r| r[4].parse::<f64>().unwrap() == 0.0));
    // The same output on any number of threads; off when asked.
    assert_eq!(stdout(&run(&["-j", "1"])), stdout(&run(&["-j", "3"])));
    let off = stdout(&run(&["--repeat-memory", "0"]));
    assert!(!off.contains("cross-document"));
    let later = stdout(&run(&["--repeat-min-docs", "4"]));
    assert_eq!(later.matches("repetition/cross-document").count(), 1);
    let bad = mtaudit(&["--repeat-min-docs", "1", "-"], b"");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_paragraph_left_in_french_is_residue_but_a_quoted_slogan_is_not() {
    let out = mtaudit(
        &["--only", "residue", "fixtures/residue/untranslated.txt"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let flagged: Vec<_> = rows(&out)
        .into_iter()
        .filter(|r| !r[6].is_empty())
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(
        flagged[0][6].contains("residue/untranslated-fra"),
        "{:?}",
        flagged[0]
    );
    assert!(flagged[0][7].starts_with("Le mouvement devrait"));
    assert!(flagged[0][5].contains("residue"));
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let bash = mtaudit(&["completions", "bash"], b"");
    assert_eq!(bash.status.code(), Some(0), "{}", stderr(&bash));
    let script = stdout(&bash);
    assert!(
        script.contains("_mtaudit()"),
        "not a bash completion script"
    );
    assert!(script.contains("--review-at") && script.contains("--repeat-min-docs"));
    let zsh = stdout(&mtaudit(&["completions", "zsh"], b""));
    assert!(zsh.starts_with("#compdef mtaudit"));
    let bad = mtaudit(&["completions", "tcsh"], b"");
    assert_eq!(bad.status.code(), Some(2));
    let man = mtaudit(&["man"], b"");
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(page.starts_with(".ie"), "{}", &page[..page.len().min(80)]);
    assert!(page.contains(".TH mtaudit") && page.contains("review\\-at"));
}

fn mtaudit_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn mtaudit_toml_sets_defaults_that_flags_override() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", FOREIGN.as_bytes());
    write(
        dir.path(),
        "mtaudit.toml",
        b"per = \"document\"\nonly = [\"typography\"]\n\n[rules]\n\"typography/guillemets\" = 0\n",
    );
    let out = mtaudit_in(dir.path(), &["a.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("doc,score,sentences,flagged,categories,source_language\n"));
    // Flags win over the file; the switched-off rule stays off.
    let out = mtaudit_in(dir.path(), &["a.txt", "--per", "sentence"]);
    let text = stdout(&out);
    assert!(text.starts_with(HEADER), "{text}");
    assert!(text.contains("typography/decimal-comma"));
    assert!(!text.contains("typography/guillemets"), "{text}");
    // --no-config ignores the file.
    let out = mtaudit_in(dir.path(), &["a.txt", "--no-config"]);
    assert!(stdout(&out).contains("typography/guillemets"));
}

#[test]
fn a_bad_config_file_is_named_with_its_line_and_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", FOREIGN.as_bytes());
    write(
        dir.path(),
        "settings.toml",
        b"per = \"document\"\nreview_at = 0.4\n",
    );
    let out = mtaudit_in(dir.path(), &["--config", "settings.toml", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("mtaudit: settings.toml:2:1: unknown field `review_at`"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
    let out = mtaudit_in(dir.path(), &["--config", "missing.toml", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.toml: no such config file"));
}

#[test]
fn an_inline_marker_silences_the_next_sentence() {
    let text = "Prices rose by 5,2 % this year.\n\n[mtaudit: ignore typography] He said « no » to the plan.";
    let out = mtaudit(&["--only", "typography", "-"], text.as_bytes());
    let rows = rows(&out);
    let rules: Vec<&str> = rows.iter().map(|r| &r[6]).collect();
    assert_eq!(rules.len(), 2, "{rules:?}");
    assert!(rules[0].contains("typography/decimal-comma"));
    assert_eq!(rules[1], "");
}

#[test]
fn eval_reports_precision_and_recall_on_reviewed_labels() {
    let out = mtaudit(
        &[
            "eval",
            "--truth",
            "fixtures/review/feed-truth.csv",
            "fixtures/feed.jsonl",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("6 labelled documents: 3 machine-translated, 3 not; 0 rows unreviewed\n"),
        "{text}"
    );
    assert!(
        text.contains("at score >= 0.5: precision 1.000, recall 1.000"),
        "{text}"
    );
    assert!(text.contains("ROC AUC 1.000"), "{text}");
    assert!(text.contains("\nidiom "), "{text}");
    assert!(text.contains("\nrule "), "{text}");
}

#[test]
fn eval_names_truth_lines_that_match_no_document() {
    let dir = tempfile::tempdir().unwrap();
    let truth = write(
        dir.path(),
        "t.csv",
        b"doc,label\nwire-001,0\nwire-404,1\nwire-002,perhaps\n",
    );
    let out = mtaudit(&["eval", "--truth", &truth, "fixtures/feed.jsonl"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("t.csv:4: bad label \"perhaps\""),
        "{}",
        stderr(&out)
    );
    let truth = write(dir.path(), "t.csv", b"doc,label\nwire-001,0\nwire-404,1\n");
    let out = mtaudit(&["eval", "--truth", &truth, "fixtures/feed.jsonl"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("t.csv:3: document \"wire-404\" is not in the audited input"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn calibrate_writes_weights_that_turn_scores_into_probabilities() {
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("w.toml");
    let weights = weights.to_str().unwrap();
    let out = mtaudit(
        &[
            "calibrate",
            "--truth",
            "fixtures/review/feed-truth.csv",
            "fixtures/feed.jsonl",
            "-o",
            weights,
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(weights).unwrap();
    assert!(text.starts_with("# Fitted by `mtaudit calibrate"), "{text}");
    assert!(text.contains("level = \"document\"") && text.contains("intercept = "));
    let raw = rows(&mtaudit(&["--per", "document", "fixtures/feed.jsonl"], b""));
    let calibrated = rows(&mtaudit(
        &[
            "--per",
            "document",
            "--weights",
            weights,
            "fixtures/feed.jsonl",
        ],
        b"",
    ));
    assert_eq!(raw.len(), 6);
    for (r, c) in raw.iter().zip(&calibrated) {
        let (r, c): (f64, f64) = (r[1].parse().unwrap(), c[1].parse().unwrap());
        assert!(c > 0.0 && c < 1.0, "a probability, not {c}");
        assert_ne!(r, c);
    }
    // The fitted model separates what the reviewer separated.
    let score = |id: &str| -> f64 {
        calibrated.iter().find(|r| &r[0] == id).unwrap()[1]
            .parse()
            .unwrap()
    };
    assert!(score("wire-002") > 0.5 && score("wire-001") < 0.5);
    let bad = write(
        dir.path(),
        "bad.toml",
        b"level = \"document\"\nintercept = 0\nslope = 1\n",
    );
    let out = mtaudit(&["--weights", &bad, "fixtures/feed.jsonl"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.toml:3: unknown field `slope`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_spun_article_shows_its_reworded_and_exact_repeats() {
    let out = mtaudit(
        &[
            "--only",
            "repetition",
            "fixtures/repetition/spun-article.txt",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let flagged: Vec<(String, String)> = rows(&out)
        .iter()
        .filter(|r| !r[6].is_empty())
        .map(|r| (r[1].to_string(), r[6].to_string()))
        .collect();
    assert_eq!(
        flagged,
        [
            ("6".to_string(), "repetition/reworded".to_string()),
            ("7".to_string(), "repetition/exact".to_string())
        ]
    );
}
