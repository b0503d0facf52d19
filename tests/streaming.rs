//! The streaming contract that lets mtaudit run as a stage of a larger
//! pipeline (Spark's `RDD.pipe`, Hadoop Streaming, a shell pipe): JSONL in on
//! stdin, one result per document out on stdout, in input order, none lost,
//! output flowing before input ends, and memory that does not grow with the
//! input.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn record(i: usize) -> String {
    // Varied documents, a few with artifacts, some repeated text.
    let body = match i % 4 {
        0 => "The council approved the budget on Monday after a long debate.",
        1 => "The minister assisted at the manifestation in the centre of the town.",
        2 => "Prices rose by 5,2 % over one year, the statistics office said.",
        _ => "Police said two people were hurt in the crash on the ring road.",
    };
    serde_json::json!({ "id": format!("doc-{i}"), "text": format!("Item {i}\n\n{body} Report number {i} follows.") })
        .to_string()
}

/// Peak resident memory of a running process, in KiB (Linux only).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn stdin_to_stdout_streams_every_document_in_order_with_bounded_memory() {
    const FIRST: usize = 1500;
    const TOTAL: usize = 40_000;
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .args([
            "-f",
            "jsonl",
            "--output-format",
            "jsonl",
            "-j",
            "2",
            "--only",
            "repetition,typography",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (first_output, wait_for_output) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut ids = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            ids.push(v["doc"].as_str().unwrap().to_string());
            if ids.len() == 1 {
                let _ = first_output.send(());
            }
        }
        ids
    });
    for i in 0..FIRST {
        writeln!(stdin, "{}", record(i)).unwrap();
    }
    stdin.flush().unwrap();
    // Results must flow before the input ends: nothing waits for the whole
    // feed.
    wait_for_output
        .recv_timeout(Duration::from_secs(120))
        .expect("no output while stdin was still open");
    for i in FIRST..TOTAL {
        writeln!(stdin, "{}", record(i)).unwrap();
    }
    stdin.flush().unwrap();
    let peak = peak_rss_kib(pid);
    drop(stdin);
    let ids = reader.join().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(ids.len(), TOTAL, "documents lost");
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(id, &format!("doc-{i}"), "documents reordered");
    }
    // Several MB went through; memory stays that of the documents in flight.
    if let Some(kib) = peak {
        assert!(kib < 200 * 1024, "peak memory {kib} KiB");
    }
}
