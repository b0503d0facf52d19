//! A progress line on stderr for long runs: documents and megabytes audited
//! and the rate. Shown only when stderr is a terminal and `--quiet` is not
//! given, redrawn at most a few times a second, and erased at the end.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(250);

pub struct Progress {
    enabled: bool,
    started: Instant,
    last_drawn: Option<Instant>,
    documents: u64,
    bytes: u64,
    width: usize,
}

impl Progress {
    /// A progress line that draws only if `wanted` and stderr is a terminal.
    pub fn new(wanted: bool) -> Self {
        Progress {
            enabled: wanted && std::io::stderr().is_terminal(),
            started: Instant::now(),
            last_drawn: None,
            documents: 0,
            bytes: 0,
            width: 0,
        }
    }

    /// Counts one audited document of `bytes` bytes and redraws when due.
    pub fn document(&mut self, bytes: usize, stderr: &mut dyn Write) {
        self.documents += 1;
        self.bytes += bytes as u64;
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self.last_drawn.is_some_and(|t| now - t < EVERY) {
            return;
        }
        self.last_drawn = Some(now);
        let line = line(self.documents, self.bytes, now - self.started);
        self.width = self.width.max(line.len());
        let _ = write!(stderr, "\r{line:<width$}", width = self.width);
        let _ = stderr.flush();
    }

    /// Erases the line, so messages after it start on a clean line.
    pub fn finish(&mut self, stderr: &mut dyn Write) {
        if self.enabled && self.last_drawn.is_some() {
            let _ = write!(stderr, "\r{:width$}\r", "", width = self.width);
            let _ = stderr.flush();
        }
    }
}

/// The text of the progress line.
fn line(documents: u64, bytes: u64, elapsed: Duration) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    let secs = elapsed.as_secs_f64().max(1e-3);
    let plural = if documents == 1 { "" } else { "s" };
    format!(
        "mtaudit: {documents} document{plural}, {mb:.1} MB, {:.1} MB/s",
        mb / secs
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_gives_documents_megabytes_and_rate() {
        assert_eq!(
            line(1, 3 << 20, Duration::from_secs(2)),
            "mtaudit: 1 document, 3.0 MB, 1.5 MB/s"
        );
        assert_eq!(
            line(12, 1 << 19, Duration::from_millis(500)),
            "mtaudit: 12 documents, 0.5 MB, 1.0 MB/s"
        );
    }

    #[test]
    fn nothing_is_drawn_when_disabled() {
        let mut p = Progress::new(false);
        let mut err = Vec::new();
        p.document(100, &mut err);
        p.finish(&mut err);
        assert!(err.is_empty());
        assert_eq!((p.documents, p.bytes), (1, 100));
    }
}
