//! The `mtaudit` binary as a user runs it: every option and exit code.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const HEADER: &str = "doc,sentence,start,end,score,categories,rules,evidence,suggestion,text";
const FOREIGN: &str = "Prices rose by 5,2 % this year.\n\nHe said « no » to the plan.";

fn mtaudit(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

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
        assert_eq!(&rows[1][9], "He said « no » to the plan.");
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
        assert_eq!(slice, &r[9]);
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
    assert_eq!(&found[0][8], "Foreign Minister Ada Quill");
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
