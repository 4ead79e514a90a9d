//! `itb eval`: the request protocol on the command line, one JSON request in, one JSON
//! response out, as `itb::protocol::evaluate_bytes` gives it; with `--ndjson`, one request per
//! input line and one response per output line, for batch runs and audit logs.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use itb::ErrorKind;
use serde_json::{Value, json};

use crate::Status;
use crate::report::render_error;

/// The largest request read: far above any real request (a few hundred bytes), small enough that
/// an endless or runaway input (`itb eval /dev/zero`) is refused instead of filling memory.
pub const MAX_REQUEST_BYTES: u64 = 16 * 1024 * 1024;

/// Shown under `itb eval --help`.
pub const EXAMPLES: &str = "\
Examples (the response has \"text\":\"500 mcg/mL\"):
  echo '{\"op\":\"convert\",\"quantity\":\"10 mg/20 mL\",\"to\":\"mcg/mL\"}' | itb eval
  itb eval request.json --pretty
  itb eval --ndjson requests.ndjson > responses.ndjson
Exit status: 0 computed (\"ok\": true), 1 rejected (\"ok\": false; the error also goes to
stderr), 2 usage error or unreadable FILE.
With --ndjson: 0 when every line was computed, 1 when at least one line got an error
response (each is noted on stderr with its line number), 2 usage error or unreadable FILE.";

/// The arguments of `itb eval`.
#[derive(Args, Debug)]
pub struct Eval {
    /// The file holding the request; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// Indent the response instead of printing it on one line.
    #[arg(long, conflicts_with = "ndjson")]
    pretty: bool,
    /// One request per input line, one compact response per output line, in input order. A bad
    /// line (broken JSON, invalid UTF-8, a rejected request) gets its error response and the run
    /// goes on. Blank lines (only spaces, tabs or a CR) are skipped and get no response line.
    #[arg(long)]
    ndjson: bool,
}

impl Eval {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let source = self.file.as_deref().filter(|p| *p != Path::new("-"));
        if self.ndjson {
            return match source {
                None => ndjson(io::stdin().lock(), "stdin"),
                Some(path) => match File::open(path) {
                    Ok(f) => ndjson(BufReader::new(f), &source_name(Some(path))),
                    Err(e) => {
                        let name = source_name(Some(path));
                        crate::write_stderr(&format!("itb eval: cannot read {name}: {e}\n"));
                        Status::Failed
                    }
                },
            };
        }
        let response = match read(source) {
            Ok(Some(bytes)) => evaluate(&bytes),
            Ok(None) => too_large(),
            Err(message) => {
                crate::write_stderr(&format!("itb eval: {message}\n"));
                return Status::Failed;
            }
        };
        let status = if response["ok"] == true {
            Status::Computed
        } else {
            crate::write_stderr(&render_error(&response, |_| None));
            Status::Rejected
        };
        let text = if self.pretty {
            serde_json::to_string_pretty(&response).unwrap_or_else(|_| response.to_string())
        } else {
            response.to_string()
        };
        crate::write_stdout(&format!("{text}\n"), status)
    }
}

/// The request bytes, or `None` when there are more than [`MAX_REQUEST_BYTES`].
fn read(file: Option<&Path>) -> Result<Option<Vec<u8>>, String> {
    let mut bytes = Vec::new();
    let limit = MAX_REQUEST_BYTES + 1;
    let result = match file {
        None => io::stdin().lock().take(limit).read_to_end(&mut bytes),
        Some(path) => File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes)),
    };
    let name = source_name(file);
    result.map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok((bytes.len() as u64 <= MAX_REQUEST_BYTES).then_some(bytes))
}

/// How a message names the input.
fn source_name(file: Option<&Path>) -> String {
    match file {
        None => "stdin".to_owned(),
        Some(path) => format!("request file {:?}", path.display().to_string()),
    }
}

/// `--ndjson`: evaluates each non-blank line of `input` and prints its response on one line,
/// flushed line by line (a pipe downstream sees each response as it is computed). Returns
/// `Rejected` when any line got an error response, `Failed` when the input could not be read
/// to its end or the output could not be written (a reader that went away ends the run with
/// the status so far).
pub fn ndjson(mut input: impl BufRead, name: &str) -> Status {
    let mut stdout = io::stdout().lock();
    let mut status = Status::Computed;
    let mut line = Vec::new();
    for number in 1u64.. {
        let fits = match next_line(&mut input, &mut line) {
            Ok(Some(fits)) => fits,
            Ok(None) => break,
            Err(e) => {
                crate::write_stderr(&format!(
                    "itb eval: cannot read {name} at line {number}: {e}\n"
                ));
                return Status::Failed;
            }
        };
        if fits && line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            continue;
        }
        let response = if fits { evaluate(&line) } else { too_large() };
        if response["ok"] != true {
            status = Status::Rejected;
            let code = response["error"]["code"].as_str().unwrap_or("?");
            crate::write_stderr(&format!("itb eval: line {number}: error: {code}\n"));
        }
        let written = writeln!(stdout, "{response}").and_then(|()| stdout.flush());
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return status,
            Err(e) => {
                crate::write_stderr(&format!("itb eval: cannot write the output: {e}\n"));
                return Status::Failed;
            }
        }
    }
    status
}

/// Reads the next line of `input` (without its `\n`) into `line`: `None` at the end of the
/// input, `Some(false)` when the line is longer than [`MAX_REQUEST_BYTES`] (it is read to its
/// end but not kept, so a runaway line cannot fill memory).
fn next_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<bool>> {
    line.clear();
    let mut fits = true;
    let mut read_any = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok(read_any.then_some(fits));
        }
        read_any = true;
        let (chunk, end) = match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => (&buffer[..i], Some(i + 1)),
            None => (buffer, None),
        };
        if fits {
            if (line.len() + chunk.len()) as u64 <= MAX_REQUEST_BYTES {
                line.extend_from_slice(chunk);
            } else {
                fits = false;
                line.clear();
            }
        }
        let used = end.unwrap_or(chunk.len());
        input.consume(used);
        if end.is_some() {
            return Ok(Some(fits));
        }
    }
}

/// The response to the request bytes.
fn evaluate(bytes: &[u8]) -> Value {
    match std::str::from_utf8(bytes) {
        // `evaluate_value_text` is `evaluate` before the response becomes text: `--pretty`
        // indents the core's own value instead of re-reading its numbers.
        Ok(text) => itb::protocol::evaluate_value_text(text),
        Err(_) => {
            // The core words the refusal of invalid UTF-8; it holds no number to re-read.
            let text = itb::protocol::evaluate_bytes(bytes);
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        }
    }
}

/// The refusal of an oversized request, in the protocol's failure shape. The protocol has no
/// size code; like nesting too deep to parse safely, it is `invalid_json`.
fn too_large() -> Value {
    let message = format!(
        "the request is larger than {MAX_REQUEST_BYTES} bytes (16 MiB) and was not read; \
         a request is a few hundred bytes"
    );
    json!({
        "ok": false,
        "op": null,
        "error": {"code": ErrorKind::InvalidJson.code(), "message": message, "field": null},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<Option<Vec<u8>>> {
        let mut reader = BufReader::with_capacity(3, input);
        let mut line = Vec::new();
        let mut out = Vec::new();
        while let Some(fits) = next_line(&mut reader, &mut line).expect("read") {
            out.push(fits.then(|| line.clone()));
        }
        out
    }

    #[test]
    fn lines_split_on_newline_across_buffer_ends() {
        let got = lines(b"{\"a\":1}\n\n  \r\nlast");
        let want: Vec<Option<Vec<u8>>> = vec![
            Some(b"{\"a\":1}".to_vec()),
            Some(Vec::new()),
            Some(b"  \r".to_vec()),
            Some(b"last".to_vec()),
        ];
        assert_eq!(got, want);
        assert!(lines(b"").is_empty());
        assert_eq!(lines(b"x\n"), vec![Some(b"x".to_vec())]);
    }

    #[test]
    fn invalid_utf8_is_an_invalid_json_response() {
        let response = evaluate(b"{\"op\":\"products\xff\"}");
        assert_eq!(response["ok"], false);
        assert_eq!(response["error"]["code"], "invalid_json");
    }

    #[test]
    fn too_large_has_the_failure_shape() {
        let response = too_large();
        assert_eq!(response["ok"], false);
        assert_eq!(response["op"], Value::Null);
        assert_eq!(response["error"]["code"], "invalid_json");
        assert_eq!(response["error"]["field"], Value::Null);
    }
}
