//! The C programs of `tests/c`, linked against `libitb.so.1`, under valgrind's memcheck:
//! `test_itb.c` (every C test), `eval_filter.c` (every golden request through
//! `itb_eval_json`) and `threads.c` (every function from 2 threads, and the first golden
//! requests of each file). Each must report no error
//! and leak nothing: "definitely", "indirectly" and "possibly lost" all 0, and "still
//! reachable" 0 as well (`--errors-for-leak-kinds=all`), with no suppression.
//!
//! Ignored by a plain `cargo test`: valgrind is slow and not on every developer's machine.
//! `scripts/harden` runs them (`cargo test -p itb-c --test valgrind -- --ignored`) and installs
//! valgrind from Debian when it is missing; each test prints a line `harden valgrind ...` with
//! its figures.

#[path = "../../tests/support/golden.rs"]
mod golden;

mod cbuild;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cbuild::{Link, build};

/// Runs `exe` with `args` under memcheck, `input` on its stdin; returns its stdout and
/// valgrind's log, and checks the exit status (valgrind exits 1 on any error or leak).
fn memcheck(name: &str, exe: &Path, args: &[&str], input: &[u8]) -> (String, String) {
    let log: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("valgrind-{name}.log"));
    let _ = std::fs::remove_file(&log);
    let mut cmd = Command::new("valgrind");
    cmd.args([
        "--tool=memcheck",
        "--leak-check=full",
        "--show-leak-kinds=all",
        "--errors-for-leak-kinds=all",
        "--track-origins=yes",
        "--error-exitcode=1",
        "--num-callers=30",
    ])
    .arg(format!("--log-file={}", log.display()))
    .arg(exe)
    .args(args)
    .env_remove("LD_LIBRARY_PATH") // as cbuild::command: the executable's runpath decides
    // A caught panic (test_itb.c tests one) would symbolise a backtrace, whose cache of debug
    // information Rust keeps for the life of the process: the default hook prints the message.
    .env_remove("RUST_BACKTRACE")
    .env_remove("RUST_LIB_BACKTRACE")
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| {
        panic!("cannot run valgrind ({e}); install it (Debian: apt-get install valgrind)")
    });
    // Written from another thread: eval_filter answers as it reads, and a full stdout pipe
    // would otherwise stop both sides.
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("valgrind exits");
    writer
        .join()
        .expect("the writer thread")
        .expect("write the input");
    let report = std::fs::read_to_string(&log)
        .unwrap_or_else(|e| panic!("no valgrind log {}: {e}", log.display()));
    let figures = figures(&report);
    println!("harden valgrind {name}: {figures}");
    assert!(
        out.status.success(),
        "{name} under valgrind: {}\n{figures}\n{report}\n{}",
        out.status,
        cbuild::text(&out)
    );
    assert!(
        figures.contains("errors 0 ") && figures.ends_with("still_reachable 0"),
        "{name}: {figures}\n{report}"
    );
    (String::from_utf8_lossy(&out.stdout).into_owned(), report)
}

/// "errors N definitely_lost N indirectly_lost N possibly_lost N still_reachable N" (bytes
/// for the leaks) from a memcheck log; a leak kind valgrind does not list is 0 (it prints "All
/// heap blocks were freed" when nothing is left).
fn figures(report: &str) -> String {
    let number = |label: &str| -> u64 {
        report
            .lines()
            .rev()
            .find_map(|l| l.split_once(label).map(|(_, rest)| rest))
            .and_then(|rest| rest.split_whitespace().next())
            .map_or(0, |n| n.replace(',', "").parse().unwrap_or(u64::MAX))
    };
    format!(
        "errors {} definitely_lost {} indirectly_lost {} possibly_lost {} still_reachable {}",
        if report.contains("ERROR SUMMARY:") {
            number("ERROR SUMMARY:")
        } else {
            u64::MAX
        },
        number("definitely lost:"),
        number("indirectly lost:"),
        number("possibly lost:"),
        number("still reachable:"),
    )
}

/// The golden requests, each ended by a NUL (the framing of eval_filter.c and threads.c): all
/// of them, or the first `per_file` of each file.
fn golden_requests(per_file: Option<usize>) -> (usize, Vec<u8>) {
    let cases = golden::load(&golden::golden_dir(env!("CARGO_MANIFEST_DIR")));
    let mut input = Vec::new();
    let mut taken = 0;
    let mut file = "";
    let mut in_file = 0;
    for case in &cases {
        let this_file = case.id.split(':').next().unwrap_or("");
        if this_file != file {
            file = this_file;
            in_file = 0;
        }
        in_file += 1;
        if per_file.is_some_and(|n| in_file > n) {
            continue;
        }
        input.extend_from_slice(case.request.as_bytes());
        input.push(0);
        taken += 1;
    }
    (taken, input)
}

#[test]
#[ignore = "valgrind: run by scripts/harden"]
fn test_itb_under_memcheck() {
    let exe = build("test_itb.c", Link::Shared, &["-g"]);
    let (stdout, _) = memcheck("test_itb", &exe, &[], &[]);
    assert!(stdout.ends_with("0 failure(s)\n"), "{stdout}");
}

#[test]
#[ignore = "valgrind: run by scripts/harden"]
fn eval_filter_on_every_golden_request_under_memcheck() {
    let exe = build("eval_filter.c", Link::Shared, &["-g"]);
    let (n, input) = golden_requests(None);
    let (stdout, _) = memcheck("eval_filter", &exe, &[], &input);
    // One response, ended by a NUL, per request.
    assert_eq!(stdout.matches('\0').count(), n);
}

#[test]
#[ignore = "valgrind: run by scripts/harden"]
fn threads_under_memcheck() {
    let exe = build("threads.c", Link::Shared, &["-pthread", "-g"]);
    // eval_filter reads every golden request under memcheck; here the first 3 of each file (every
    // operation, at most 75 requests), with the typed cases, in two threads, one round each: valgrind
    // runs one thread at a time.
    let (_, input) = golden_requests(Some(3));
    let (stdout, _) = memcheck("threads", &exe, &["2", "0"], &input);
    assert!(stdout.contains(" mismatches 0"), "{stdout}");
}
