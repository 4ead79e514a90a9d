//! CLI conventions: shell completions, the man page, and `itb eval --ndjson`.

mod common;

use common::{assert_usage_error, computed, itb, itb_args, scratch};
use serde_json::Value;

#[test]
fn completions_for_each_shell_name_itb_and_its_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = computed(&["completions", shell]);
        assert!(script.contains("itb"), "{shell}: {script}");
        assert!(script.contains("refill"), "{shell}");
        assert!(script.contains("night-boost"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = assert_usage_error(&["completions", "tcsh"]);
    assert!(run.stderr.contains("tcsh"), "{}", run.stderr);
    assert_usage_error(&["completions"]);
}

#[test]
fn the_man_page_is_roff_and_lists_the_subcommands() {
    let page = computed(&["man"]);
    assert!(page.starts_with('.'), "roff: {page}");
    let header = page.lines().find(|l| l.starts_with(".TH ")).expect(".TH");
    assert!(header.starts_with(".TH itb 1 "), "{header}");
    assert!(page.contains("refill"), "{page}");
    assert!(page.contains("itb\\-refill(1)"), "{page}");
    assert!(page.contains("Exit status"), "{page}");
}

#[test]
fn a_subcommand_has_its_own_man_page() {
    let page = computed(&["man", "refill"]);
    assert!(page.contains(".TH itb-refill 1 "), "{page}");
    assert!(page.contains("\\-\\-daily\\-dose"), "{page}");
    let run = assert_usage_error(&["man", "nope"]);
    assert!(run.stderr.contains("refill"), "{}", run.stderr);
}

const CONVERT: &str = r#"{"op":"convert","quantity":"10 mg/20 mL","to":"mcg/mL"}"#;

/// The response lines of a `--ndjson` run, each parsed.
fn responses(stdout: &str) -> Vec<Value> {
    assert!(stdout.is_empty() || stdout.ends_with('\n'), "{stdout}");
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn ndjson_answers_each_line_in_order_and_goes_on_after_a_bad_one() {
    let input = format!("{CONVERT}\n{{\"op\": \n{CONVERT}\n");
    let run = itb(&["eval", "--ndjson"], input.as_bytes());
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let got = responses(&run.stdout);
    assert_eq!(got.len(), 3, "{}", run.stdout);
    let oks: Vec<&Value> = got.iter().map(|r| &r["ok"]).collect();
    assert_eq!(oks, [true, false, true]);
    assert_eq!(got[1]["error"]["code"], "invalid_json");
    assert_eq!(got[0]["result"]["quantity"]["text"], "500 mcg/mL");
    // Each response is the protocol's own, compact, on its line.
    let expected = itb::protocol::evaluate(CONVERT);
    assert_eq!(run.stdout.lines().next(), Some(expected.as_str()));
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
}

#[test]
fn ndjson_all_computed_exits_0() {
    let input = format!("{CONVERT}\n{CONVERT}");
    let run = itb(&["eval", "--ndjson"], input.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        responses(&run.stdout).len(),
        2,
        "the last line needs no newline"
    );
}

#[test]
fn ndjson_empty_input_prints_nothing_and_exits_0() {
    let run = itb(&["eval", "--ndjson"], b"");
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), ""));
    let run = itb(&["eval", "--ndjson"], b"\n  \r\n\t\n");
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), ""),
        "blank lines"
    );
}

#[test]
fn ndjson_skips_blank_lines_and_takes_crlf() {
    let input = format!("\n{CONVERT}\r\n   \n{CONVERT}\r\n");
    let run = itb(&["eval", "--ndjson"], input.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(responses(&run.stdout).len(), 2);
}

#[test]
fn ndjson_invalid_utf8_line_gets_invalid_json() {
    let mut input = b"{\"op\":\"products\xff\"}\n".to_vec();
    input.extend_from_slice(CONVERT.as_bytes());
    let run = itb(&["eval", "--ndjson"], &input);
    assert_eq!(run.code, Some(1));
    let got = responses(&run.stdout);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["error"]["code"], "invalid_json");
    assert_eq!(got[1]["ok"], true);
}

#[test]
fn ndjson_a_very_long_line_works() {
    // A valid request padded with 2 MiB of spaces inside the line.
    let long = format!(
        "{{\"op\":\"convert\",{}\"quantity\":\"10 mg/20 mL\",\"to\":\"mcg/mL\"}}\n{CONVERT}\n",
        " ".repeat(2 * 1024 * 1024)
    );
    let run = itb(&["eval", "--ndjson"], long.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let got = responses(&run.stdout);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["result"]["quantity"]["text"], "500 mcg/mL");
}

#[test]
fn ndjson_a_line_over_the_limit_is_refused_and_the_run_goes_on() {
    let over = usize::try_from(itb_cli::eval::MAX_REQUEST_BYTES).expect("fits") + 1;
    let mut input = vec![b' '; over];
    input.push(b'\n');
    input.extend_from_slice(CONVERT.as_bytes());
    let run = itb(&["eval", "--ndjson"], &input);
    assert_eq!(run.code, Some(1));
    let got = responses(&run.stdout);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["error"]["code"], "invalid_json");
    assert_eq!(got[1]["ok"], true);
}

#[test]
fn ndjson_reads_a_file_and_refuses_a_missing_one() {
    let path = scratch("batch.ndjson");
    std::fs::write(&path, format!("{CONVERT}\n{CONVERT}\n")).expect("write");
    let out = computed(&["eval", "--ndjson", path.to_str().expect("utf-8 path")]);
    assert_eq!(responses(&out).len(), 2);
    let _ = std::fs::remove_file(&path);
    let missing = scratch("missing.ndjson");
    let run = itb_args(&["eval", "--ndjson", missing.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("missing.ndjson"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn ndjson_with_pretty_is_a_usage_error() {
    assert_usage_error(&["eval", "--ndjson", "--pretty"]);
}

#[test]
fn eval_help_documents_ndjson() {
    let help = computed(&["eval", "--help"]);
    assert!(help.contains("--ndjson"), "{help}");
    assert!(help.contains("Blank lines"), "{help}");
    assert!(help.contains("at least one line got an error"), "{help}");
    let top = computed(&["--help"]);
    for sub in ["completions", "man", "eval"] {
        assert!(top.contains(sub), "{sub}: {top}");
    }
}
