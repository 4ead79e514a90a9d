//! Runs the built `itb` binary.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What a run of `itb` left behind.
pub struct Run {
    /// The exit status (`None`: killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `itb args...`, feeding `stdin` (written from a thread, so a large input cannot deadlock
/// against the child's output, and a child that stops reading early is not an error here).
pub fn itb(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_itb"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn itb");
    let mut input = child.stdin.take().expect("stdin");
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let out = child.wait_with_output().expect("wait for itb");
    writer.join().expect("stdin writer");
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "itb panicked: {}",
        run.stderr
    );
    run
}

/// Runs `itb args...` with an empty stdin.
pub fn itb_args(args: &[&str]) -> Run {
    itb(args, b"")
}

/// A path for a scratch file of this test binary.
pub fn scratch(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("itb-cli-{}-{name}", std::process::id()))
}

/// The stdout of a run parsed as one JSON value.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", run.stdout))
}

/// Runs a subcommand that must compute (exit 0, nothing on stderr) and returns its stdout.
pub fn computed(args: &[&str]) -> String {
    let run = itb_args(args);
    assert_eq!(
        run.code,
        Some(0),
        "itb {args:?}: {}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stderr, "", "itb {args:?}");
    run.stdout
}

/// The (mark, code) of each finding line of a report, in the order printed.
pub fn finding_marks(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter_map(|l| {
            let l = l.strip_prefix("  ")?;
            let (mark, rest) = l.split_once("  ")?;
            let code = rest.split_once(": ")?.0;
            ["HARD", "SOFT", "INFO"]
                .contains(&mark)
                .then(|| (mark.to_owned(), code.to_owned()))
        })
        .collect()
}

/// `[("HARD", "code"), ...]` as owned pairs, to compare with [`finding_marks`].
pub fn marks(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(m, c)| ((*m).to_owned(), (*c).to_owned()))
        .collect()
}

/// Asserts a rejected request: status 1, nothing on stdout, and on stderr the code, the field
/// with the argument that fed it, and a message holding each of `says`.
pub fn assert_rejected(run: &Run, code: &str, field: &str, says: &[&str]) {
    assert_eq!(
        run.code,
        Some(1),
        "stdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stdout, "", "no report for a rejected request");
    assert!(
        run.stderr.starts_with(&format!("error: {code}\n")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("\n  field     {field}\n")),
        "{field}: {}",
        run.stderr
    );
    let message = run
        .stderr
        .split_once("\n  message   ")
        .map_or("", |(_, m)| m);
    for s in says {
        assert!(message.contains(s), "{s:?} in {message}");
    }
}

/// Asserts a usage error: status 2, nothing on stdout, and a reason on stderr.
pub fn assert_usage_error(args: &[&str]) -> Run {
    let run = itb_args(args);
    assert_eq!(
        run.code,
        Some(2),
        "itb {args:?}: {}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stdout, "", "itb {args:?}");
    assert!(
        run.stderr.starts_with("error: "),
        "itb {args:?}: {}",
        run.stderr
    );
    run
}
