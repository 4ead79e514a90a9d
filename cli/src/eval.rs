//! `itb eval`: the request protocol on the command line, one JSON request in, one JSON
//! response out, as `itb::protocol::evaluate_bytes` gives it.

use std::fs::File;
use std::io::{self, Read};
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
Exit status: 0 computed (\"ok\": true), 1 rejected (\"ok\": false; the error also goes to
stderr), 2 usage error or unreadable FILE.";

/// The arguments of `itb eval`.
#[derive(Args, Debug)]
pub struct Eval {
    /// The file holding the request; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// Indent the response instead of printing it on one line.
    #[arg(long)]
    pretty: bool,
}

impl Eval {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let source = self.file.as_deref().filter(|p| *p != Path::new("-"));
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
    let name = match file {
        None => "stdin".to_owned(),
        Some(path) => format!("request file {:?}", path.display().to_string()),
    };
    result.map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok((bytes.len() as u64 <= MAX_REQUEST_BYTES).then_some(bytes))
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
