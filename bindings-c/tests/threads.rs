//! Every function of the C API from 8 threads at once: `tests/c/threads.c`, linked against
//! `libitb.so.1`, runs every typed case and `itb_eval_json` on every golden request over and
//! over, and compares each answer with the one computed on one thread first (every field of
//! every result struct, the response bytes of `itb_eval_json`). 1 second here;
//! `ITB_THREAD_SECONDS` sets it (`scripts/harden`: 10 s), `ITB_THREADS` the number of threads.

#[path = "../../tests/support/golden.rs"]
mod golden;

mod cbuild;

use std::io::Write;
use std::process::Stdio;

use cbuild::{Link, build};

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[test]
#[cfg_attr(miri, ignore = "compiles C and runs it")]
fn every_function_from_8_threads_gives_the_single_threaded_answers() {
    let threads = setting("ITB_THREADS", "8");
    let seconds = setting("ITB_THREAD_SECONDS", "1");
    let exe = build("threads.c", Link::Shared, &["-pthread"]);
    let cases = golden::load(&golden::golden_dir(env!("CARGO_MANIFEST_DIR")));
    assert!(cases.len() >= 241, "only {} golden cases", cases.len());
    let mut input = Vec::new();
    for case in &cases {
        assert!(!case.request.contains('\0'), "{}: a NUL", case.id);
        input.extend_from_slice(case.request.as_bytes());
        input.push(0);
    }
    let mut child = cbuild::command(&exe)
        .args([&threads, &seconds])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    // The program reads all its input before it starts any thread.
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(&input).expect("write the requests");
    drop(stdin);
    let out = child.wait_with_output().expect("threads exits");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", cbuild::text(&out));
    // "threads 8 seconds 1.0 typed_cases 22 json_requests 266 rounds ... calls ...
    // calls_per_second ... mismatches 0"
    let line = stdout.lines().next().unwrap_or("");
    let field = |name: &str| -> u64 {
        let mut words = line.split_whitespace();
        words
            .by_ref()
            .find(|w| *w == name)
            .and_then(|_| words.next())
            .and_then(|v| v.split('.').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {line:?}"))
    };
    assert_eq!(field("json_requests"), cases.len() as u64, "{line}");
    assert_eq!(field("typed_cases"), 22, "{line}");
    assert_eq!(field("mismatches"), 0, "{line}");
    assert!(field("calls") > 0, "{line}");
    // scripts/harden reads this line.
    println!("harden threads-c: {line}");
}
