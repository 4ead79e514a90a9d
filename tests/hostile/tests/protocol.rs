//! Hostile input through the Rust protocol, `itb::protocol::evaluate` (and `evaluate_bytes`
//! for bytes that are not UTF-8): the shared topics of `src/lib.rs`, and raw NUL bytes, which
//! a Rust `&str` can hold.

use itb_hostile_tests::{self as hostile, Batch, Field};

/// The Rust front end: `evaluate` for text, `evaluate_bytes` for bytes that are not UTF-8.
fn rust_eval(request: &[u8]) -> String {
    match std::str::from_utf8(request) {
        Ok(text) => itb::protocol::evaluate(text),
        Err(_) => itb::protocol::evaluate_bytes(request),
    }
}

itb_hostile_tests::hostile_tests!(hostile, rust_eval);

/// A raw NUL (not the `\u0000` escape) is a control character JSON does not allow in a
/// string, and is not whitespace between tokens: `invalid_json` wherever it stands.
#[test]
fn raw_nul_bytes_are_invalid_json() {
    let mut b = Batch::new(rust_eval);
    for (what, request) in [
        (
            "NUL inside a string",
            "{\"op\":\"convert\",\"quantity\":\"1\0 mg\",\"to\":\"mcg\"}",
        ),
        ("NUL after the object", "{\"op\":\"products\"}\0"),
        ("NUL before the object", "\0{\"op\":\"products\"}"),
        ("NUL between tokens", "{\"op\":\0\"products\"}"),
        ("only NUL", "\0"),
    ] {
        b.refused(
            what,
            request.as_bytes().to_vec(),
            "invalid_json",
            Field::Null,
        );
    }
    b.finish();
}

/// `evaluate_bytes` and `evaluate` answer valid UTF-8 alike.
#[test]
fn evaluate_bytes_answers_text_as_evaluate_does() {
    let request = "\u{feff}{\"op\":\"convert\",\"quantity\":\"500 \u{b5}g\",\"to\":\"mg\"}";
    assert_eq!(
        itb::protocol::evaluate_bytes(request.as_bytes()),
        itb::protocol::evaluate(request)
    );
}
