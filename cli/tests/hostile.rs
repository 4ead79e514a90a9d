//! Hostile input through the command line: the shared topics of
//! `tests/hostile/src/lib.rs` through `itb eval` (stdin in, stdout out, with the exit status
//! and the error block on stderr checked for each), then `itb eval --ndjson` with hostile lines
//! in one stream, raw NUL bytes, a request past the 16 MiB limit, and `itb refill` at the ends
//! of the calendar (`cli/src/dates.rs`: years 0000 to 9999 are read; a date past 9999-12-31 is
//! said to be past the calendar).

#[macro_use]
#[path = "../../tests/hostile/src/lib.rs"]
mod hostile;

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use hostile::{Batch, Field, HANG_GUARD, MAX_ERROR_RESPONSE_BYTES, PANIC_TEXT, short};

/// What a guarded run of `itb` left behind.
struct Output {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `itb args...` with `stdin`, killed when it outlives the hang guard (a hang, not a
/// slow answer). stdin is written and stdout and stderr read on threads of their own, so
/// megabytes either way cannot deadlock.
fn run(args: &[&str], stdin: &[u8]) -> Output {
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
        // A child that stops reading early (a request too large) is not an error here.
        let _ = input.write_all(&bytes);
    });
    let mut out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        out.read_to_end(&mut buf).map(|_| buf)
    });
    let mut err = child.stderr.take().expect("stderr");
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        err.read_to_end(&mut buf).map(|_| buf)
    });
    // A little under the guard of `hostile::send`, so that this kill is what reports a hang.
    let deadline = Instant::now() + HANG_GUARD - std::time::Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for itb") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "hang guard: itb {args:?} ran past {} s and was killed",
                HANG_GUARD.as_secs()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    writer.join().expect("stdin writer");
    let stdout = reader.join().expect("stdout reader").expect("read stdout");
    let stderr = err_reader
        .join()
        .expect("stderr reader")
        .expect("read stderr");
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    for p in PANIC_TEXT {
        assert!(
            !stderr.contains(p),
            "itb {args:?}: panic text on stderr: {}",
            short(&stderr)
        );
    }
    Output {
        code: status.code(),
        stdout,
        stderr,
    }
}

/// The CLI front end: `itb eval` with the request on stdin. Checks the command's own contract
/// and returns the response line: exit 0 with nothing on stderr for an answer, exit 1 with the
/// error block (`error: CODE`) on stderr, bounded, for an error response.
fn cli_eval(request: &[u8]) -> String {
    let out = run(&["eval"], request);
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let response: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", short(&stdout)));
    assert!(
        stdout.ends_with('\n') && stdout.matches('\n').count() == 1,
        "one line"
    );
    if response["ok"] == true {
        assert_eq!((out.code, out.stderr.as_str()), (Some(0), ""), "an answer");
    } else {
        let code = response["error"]["code"].as_str().unwrap_or("?");
        assert_eq!(
            out.code,
            Some(1),
            "a rejected request: {}",
            short(&out.stderr)
        );
        assert!(
            out.stderr.starts_with(&format!("error: {code}\n")),
            "the error block: {}",
            short(&out.stderr)
        );
        assert!(
            out.stderr.len() <= MAX_ERROR_RESPONSE_BYTES,
            "an error block of {} bytes: {}",
            out.stderr.len(),
            short(&out.stderr)
        );
    }
    stdout.trim_end_matches('\n').to_owned()
}

hostile_tests!(hostile, cli_eval);

/// A raw NUL byte on stdin is not JSON wherever it stands: `invalid_json`.
#[test]
fn raw_nul_bytes_on_stdin_are_invalid_json() {
    let mut b = Batch::new(cli_eval);
    for (what, request) in [
        (
            "NUL inside a string",
            &b"{\"op\":\"convert\",\"quantity\":\"1\0 mg\",\"to\":\"mcg\"}"[..],
        ),
        ("NUL after the object", b"{\"op\":\"products\"}\0"),
        ("NUL first", b"\0{\"op\":\"products\"}"),
        ("only NULs", &[0u8; 4096]),
    ] {
        b.refused(what, request.to_vec(), "invalid_json", Field::Null);
    }
    b.finish();
}

/// A request past 16 MiB is not read: `invalid_json`, with a short message (cli/src/eval.rs).
#[test]
fn a_request_past_16_mib_is_refused_unread() {
    let mut request = b"{\"op\":\"convert\",\"quantity\":\"".to_vec();
    request.resize(17 * 1024 * 1024, b'x');
    let response = hostile::send(cli_eval, request).expect("a response");
    hostile::check_error(&response, "invalid_json", Field::Null).expect("invalid_json");
    assert!(response.contains("16 MiB"), "{}", short(&response));
}

/// `itb eval --ndjson`: hostile lines in one stream each get their own response line, in
/// order, and the run goes on to the good line after them; exit 1 (some line was rejected),
/// one `line N: error: CODE` note per rejected line on stderr.
#[test]
fn hostile_lines_in_one_ndjson_stream() {
    let depth = 100_000;
    let mut input = Vec::new();
    let mut line = |bytes: &[u8]| {
        input.extend_from_slice(bytes);
        input.push(b'\n');
    };
    line("\u{feff}{\"op\":\"products\"}".as_bytes()); // 1: a BOM on the first line
    line(format!("{}{}", "[".repeat(depth), "]".repeat(depth)).as_bytes()); // 2
    line(b"{\"op\":\"products\",\"x\":\"\xff\xfe\"}"); // 3: invalid UTF-8
    line(b"{\"op\":\"convert\",\"quantity\":\"1\0 mg\",\"to\":\"mcg\"}"); // 4: raw NUL
    line(
        format!(
            r#"{{"op":"convert","quantity":"1 {}","to":"mcg"}}"#,
            "x".repeat(hostile::TEN_MB)
        )
        .as_bytes(),
    ); // 5
    line(br#"{"op":"daily_volume","daily_dose":"5e-320 mcg/day","concentration":"2 mg/mL"}"#); // 6
    line(br#"{"op":"convert","quantity":"500 \u00b5g","to":"mg"}"#); // 7
    line(br#"{"op":"convert","quantity":"\uff15\uff10\uff10 mcg","to":"mg"}"#); // 8
    line(b"   \r"); // blank: no response line
    line(br#"{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg/mL"}"#); // 9
    let out = run(&["eval", "--ndjson"], &input);
    assert_eq!(out.code, Some(1), "{}", short(&out.stderr));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let responses: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {}", short(l))))
        .collect();
    let codes: Vec<&str> = responses
        .iter()
        .map(|r| r["error"]["code"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(
        codes,
        [
            "ok",
            "invalid_json",
            "invalid_json",
            "invalid_json",
            "unit_unknown",
            "out_of_range",
            "ok",
            "invalid_value",
            "ok",
        ]
    );
    assert!(stdout.len() < 64 * 1024, "{} bytes out", stdout.len());
    assert_eq!(responses[6]["result"]["quantity"]["text"], "0.5 mg");
    assert_eq!(responses[8]["result"]["flow_rate"]["text"], "0.25 mL/day");
    let notes: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        notes,
        [
            "itb eval: line 2: error: invalid_json",
            "itb eval: line 3: error: invalid_json",
            "itb eval: line 4: error: invalid_json",
            "itb eval: line 5: error: unit_unknown",
            "itb eval: line 6: error: out_of_range",
            "itb eval: line 8: error: invalid_value",
        ]
    );
}

/// The lines of a refill report, `label  text`, by label.
fn report_line<'a>(report: &'a str, label: &str) -> &'a str {
    report
        .lines()
        .find_map(|l| {
            let rest = l.strip_prefix("  ")?.strip_prefix(label)?;
            rest.starts_with("  ").then(|| rest.trim_start())
        })
        .unwrap_or_else(|| panic!("no {label:?} line in:\n{report}"))
}

fn refill_on(date: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "refill",
        "--pump",
        "synchromed_ii_20",
        "--concentration",
        "2000 mcg/mL",
        "--daily-dose",
        "500 mcg/day",
        "--refill-date",
        date,
    ];
    args.extend_from_slice(extra);
    run(&args, b"")
}

/// `itb refill` at the first and last dates of the calendar: correct dates (0001-01-01 was a
/// Monday; year 1 is not a leap year, so + 72 days is 14 March), a refill overdue before year 1
/// is dated in year 0 (the proleptic calendar), and a date past 9999-12-31 is said to be past
/// the calendar, never a panic or a wrong date.
#[test]
fn refill_dates_at_the_ends_of_the_calendar() {
    let first = refill_on("0001-01-01", &[]);
    assert_eq!((first.code, first.stderr.as_str()), (Some(0), ""));
    let report = String::from_utf8(first.stdout).expect("UTF-8");
    assert_eq!(
        report_line(&report, "refill date"),
        "0001-01-01 (Monday), as given"
    );
    assert_eq!(
        report_line(&report, "alarm"),
        "in 72 days, on 0001-03-14 (Wednesday), with 2 mL left"
    );
    assert!(
        report_line(&report, "refill due").starts_with("in 65 days, on 0001-03-07 (Wednesday)"),
        "{report}"
    );
    assert_eq!(
        report_line(&report, "empty"),
        "in 80 days, on 0001-03-22 (Thursday)"
    );

    // 2.1 mL filled: alarm in 0.4 days, due 6.6 days before today: 7 days back, 0000-12-25.
    let overdue = refill_on("0001-01-01", &["--fill-volume", "2.1 mL"]);
    assert_eq!(overdue.code, Some(0), "{}", overdue.stderr);
    let report = String::from_utf8(overdue.stdout).expect("UTF-8");
    assert_eq!(
        report_line(&report, "refill due"),
        "NOW, overdue by 6.6 days: 7 days before the alarm was 0000-12-25 (Monday)"
    );

    let last = refill_on("9999-12-31", &[]);
    assert_eq!((last.code, last.stderr.as_str()), (Some(0), ""));
    let report = String::from_utf8(last.stdout).expect("UTF-8");
    assert_eq!(
        report_line(&report, "refill date"),
        "9999-12-31 (Friday), as given"
    );
    let past = "a date past the calendar (after 9999-12-31)";
    for label in ["alarm", "earliest alarm", "refill due", "empty"] {
        assert!(
            report_line(&report, label).contains(past),
            "{label}: {report}"
        );
    }

    // 9999-10-21 + 65 days is 9999-12-25; + 72 days is past the calendar.
    let edge = refill_on("9999-10-21", &[]);
    assert_eq!(edge.code, Some(0), "{}", edge.stderr);
    let report = String::from_utf8(edge.stdout).expect("UTF-8");
    assert!(report_line(&report, "alarm").contains(past), "{report}");
    assert!(
        report_line(&report, "refill due").starts_with("in 65 days, on 9999-12-25 (Saturday)"),
        "{report}"
    );

    // --json: the protocol response, the same whatever the date.
    let json = refill_on("9999-12-31", &["--json"]);
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    let response: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(response["result"]["days_to_alarm"]["value"], 72.0);
}

/// Dates the calendar does not have, or not written YYYY-MM-DD, are usage errors (exit 2) that
/// name the value, never a panic.
#[test]
fn refill_dates_off_the_calendar_are_usage_errors() {
    for date in [
        "10000-01-01",
        "0000-00-00",
        "9999-12-32",
        "0001-02-29",
        "\u{ff10}\u{ff10}\u{ff10}\u{ff11}-01-01",
        "-0001-01-01",
    ] {
        let arg = format!("--refill-date={date}");
        let run = common::assert_usage_error(&[
            "refill",
            "--pump",
            "synchromed_ii_20",
            "--concentration",
            "2000 mcg/mL",
            "--daily-dose",
            "500 mcg/day",
            &arg,
        ]);
        assert!(run.stderr.contains(date), "{date}: {}", run.stderr);
        assert!(run.stderr.len() < 1_000, "{date}: {}", run.stderr);
    }
}
