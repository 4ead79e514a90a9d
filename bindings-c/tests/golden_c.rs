//! The golden vectors through C: every case of `tests/golden` is sent through
//! `tests/c/eval_filter.c` (linked against `libitb.a`) and compared by the shared runner.
//! Four front ends, identical answers; this is the C one.

#[path = "../../tests/support/golden.rs"]
mod golden;

mod cbuild;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use cbuild::{Link, build};

#[test]
#[cfg_attr(miri, ignore = "compiles C with cc and runs it")]
fn golden_vectors_through_c_itb_eval_json() {
    let exe = build("eval_filter.c", Link::Static, &[]);
    let mut child = cbuild::command(&exe)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    // One request, one response, each ended by a NUL (the filter's framing).
    let mut eval = |request: &str| -> String {
        assert!(
            !request.contains('\0'),
            "a golden request holds a NUL, which a C string cannot"
        );
        stdin
            .write_all(request.as_bytes())
            .and_then(|()| stdin.write_all(&[0]))
            .expect("write a request");
        stdin.flush().expect("flush");
        let mut response = Vec::new();
        stdout
            .read_until(0, &mut response)
            .expect("read a response");
        assert_eq!(
            response.pop(),
            Some(0),
            "eval_filter stopped before answering {request:?}"
        );
        String::from_utf8(response).expect("the response is UTF-8")
    };
    let n = golden::run_all(&golden::golden_dir(env!("CARGO_MANIFEST_DIR")), &mut eval);
    drop(stdin);
    let status = child.wait().expect("eval_filter exits");
    assert!(status.success(), "eval_filter failed: {status}");
    assert!(n >= 241, "only {n} golden cases");
}
