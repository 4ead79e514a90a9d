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

/// Checks that `text` is well-formed XML: an optional declaration, one root element, every tag
/// closed in order, attributes quoted and unique, and `&` only in the five named entities or a
/// character reference. Returns the element names in document order.
pub fn well_formed(text: &str) -> Result<Vec<String>, String> {
    fn entities_ok(s: &str) -> bool {
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            rest = &rest[i + 1..];
            let Some(end) = rest.find(';') else {
                return false;
            };
            let name = &rest[..end];
            let named = ["amp", "lt", "gt", "quot", "apos"].contains(&name);
            let numeric = name
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if !named && !numeric {
                return false;
            }
            rest = &rest[end + 1..];
        }
        true
    }
    let is_name = |n: &str| {
        n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_:.".contains(c))
    };
    let mut rest = text;
    if let Some(after) = rest.strip_prefix("<?xml") {
        let end = after.find("?>").ok_or("unclosed declaration")?;
        rest = &after[end + 2..];
    }
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut roots = 0;
    loop {
        let Some(open) = rest.find('<') else {
            if !rest.trim().is_empty() && stack.is_empty() {
                return Err("text after the root".into());
            }
            break;
        };
        let content = &rest[..open];
        if stack.is_empty() && !content.trim().is_empty() {
            return Err(format!("text outside the root: {content:?}"));
        }
        if content.contains('>') || !entities_ok(content) {
            return Err(format!("bad text: {content:?}"));
        }
        let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(top) if top == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if !is_name(name) {
            return Err(format!("bad element name {name:?}"));
        }
        // Attributes: name="value" pairs.
        let mut attrs = tag[name_end..].trim_start();
        let mut seen = Vec::new();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .ok_or(format!("attribute without value in <{name}>"))?;
            let attr = attrs[..eq].trim();
            if !is_name(attr) || seen.contains(&attr) {
                return Err(format!("bad or repeated attribute {attr:?} in <{name}>"));
            }
            seen.push(attr);
            let value = attrs[eq + 1..]
                .strip_prefix('"')
                .ok_or(format!("unquoted {attr} in <{name}>"))?;
            let end = value.find('"').ok_or(format!("unclosed {attr}"))?;
            if value[..end].contains('<') || !entities_ok(&value[..end]) {
                return Err(format!("bad value of {attr}"));
            }
            attrs = value[end + 1..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        names.push(name.to_owned());
        if !empty {
            stack.push(name.to_owned());
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(names)
}
