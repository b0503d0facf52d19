//! The one shape of a problem in a file mtaudit reads for its own settings
//! (lexicons, tables, config, truth and weights files): where, and what.

use std::fmt;

/// A problem in a file, with its position when known. Shown as
/// `path:line:col: message`, `path:line: message` without a column, or
/// `path: message` without a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: String,
    /// 1-based; 0 when the problem has no position.
    pub line: usize,
    /// 1-based, in characters; 0 when only the line is known.
    pub col: usize,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (0, _) => write!(f, "{}: {}", self.path, self.message),
            (line, 0) => write!(f, "{}:{line}: {}", self.path, self.message),
            (line, col) => write!(f, "{}:{line}:{col}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for FileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_shown_as_far_as_known() {
        let e = |line, col| FileError {
            path: "a.toml".into(),
            line,
            col,
            message: "bad".into(),
        };
        assert_eq!(e(0, 0).to_string(), "a.toml: bad");
        assert_eq!(e(3, 0).to_string(), "a.toml:3: bad");
        assert_eq!(e(3, 7).to_string(), "a.toml:3:7: bad");
    }
}
