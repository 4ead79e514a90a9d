//! Hostile input through the C library, called as C calls it: `itb_eval_json` with the shared
//! topics of `src/lib.rs` (each response also compared with the Rust protocol's), a NUL that
//! ends the C string early, and the calendar ends of `itb_date_offset_days`.

use std::ffi::{CStr, c_char};
use std::mem::MaybeUninit;
use std::ptr::{null, null_mut};

use itb_c::interactions::{ItbInteraction, ItbInteractionCheck, itb_interactions};
use itb_c::json::itb_eval_json;
use itb_c::quantity::{ITB_UNIT_DAY, ITB_UNIT_HOUR, ITB_UNIT_MINUTE, ItbDuration};
use itb_c::refill::itb_date_offset_days;
use itb_c::status::{ItbError, ItbStatus};
use itb_hostile_tests::{self as hostile, Batch, Field, PANIC_TEXT, TEN_MB, send};

/// The C front end: the request as a C string (it ends at its first NUL, as a C caller's
/// does), a size query, then a buffer of exactly the size needed.
fn c_eval(request: &[u8]) -> String {
    let end = request
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(request.len());
    let mut text = request[..end].to_vec();
    text.push(0);
    let mut needed = usize::MAX;
    // SAFETY: a NUL-terminated request; `out` NULL with length 0; `written` valid.
    let status = unsafe { itb_eval_json(text.as_ptr().cast(), null_mut(), 0, &mut needed) };
    assert_eq!(status, ItbStatus::BufferTooSmall, "the size query");
    let mut out = vec![0x5a_u8; needed];
    let mut written = 0usize;
    // SAFETY: `out` is valid for writes of `needed` bytes.
    let status = unsafe {
        itb_eval_json(
            text.as_ptr().cast(),
            out.as_mut_ptr().cast(),
            needed,
            &mut written,
        )
    };
    assert_eq!(status, ItbStatus::Ok, "itb_eval_json");
    assert_eq!(written, needed, "the size written is the size asked for");
    assert_eq!(out.pop(), Some(0), "the response ends with its NUL");
    assert!(!out.contains(&0), "a NUL inside the response");
    String::from_utf8(out).expect("the response is UTF-8")
}

itb_hostile_tests::hostile_tests!(hostile, c_eval);

/// C answers every request exactly as the Rust protocol does, hostile ones included.
#[test]
fn c_answers_as_rust_does() {
    let big = "x".repeat(1_000_000);
    let requests = [
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!(r#"{{"op":"convert","quantity":"1 {big}","to":"mcg"}}"#),
        r#"{"op":"convert","quantity":"1\u0000 mg","to":"mcg"}"#.to_owned(),
        "\u{feff}{\"op\":\"products\"}".to_owned(),
        r#"{"op":"daily_volume","daily_dose":"5e-320 mcg/day","concentration":"2 mg/mL"}"#
            .to_owned(),
        r#"{"op":"convert","quantity":"500 μg","to":"mcg"}"#.to_owned(),
        r#"{"op":"convert","quantity":"500 ㎍","to":"mcg"}"#.to_owned(),
    ];
    for request in requests {
        let rust = send(itb::protocol::evaluate_bytes, request.clone().into_bytes());
        let c = send(c_eval, request.clone().into_bytes());
        assert_eq!(c, rust, "{}", hostile::short(&request));
    }
}

/// A NUL inside the bytes ends the C string there: C reads only what comes before it (the
/// header's contract), and answers that.
#[test]
fn a_nul_ends_the_c_string() {
    let mut b = Batch::new(c_eval);
    b.answered(
        "products, then NUL and junk",
        b"{\"op\":\"products\"}\0{{{junk".to_vec(),
        64 * 1024,
    );
    for (what, request) in [
        (
            "NUL inside a quantity",
            &b"{\"op\":\"convert\",\"quantity\":\"1\0 mg\",\"to\":\"mcg\"}"[..],
        ),
        ("NUL first", b"\0{\"op\":\"products\"}"),
        ("NUL inside op", b"{\"op\":\"prod\0ucts\"}"),
    ] {
        b.refused(what, request.to_vec(), "invalid_json", Field::Null);
    }
    b.finish();
}

/// Short buffers for a hostile request: nothing written, the size needed, then the response.
#[test]
fn a_short_buffer_for_a_hostile_request_writes_nothing() {
    let request = format!("{}\0", "[".repeat(100_000));
    for len in [1usize, 2, 16, 64] {
        let mut out = vec![0x5a_u8; len];
        let mut written = 0usize;
        // SAFETY: a NUL-terminated request; `out` valid for `len` bytes.
        let status = unsafe {
            itb_eval_json(
                request.as_ptr().cast(),
                out.as_mut_ptr().cast(),
                len,
                &mut written,
            )
        };
        assert_eq!(status, ItbStatus::BufferTooSmall, "{len}");
        assert!(written > len, "{len}: {written}");
        assert!(out.iter().all(|&c| c == 0x5a), "{len}: out was touched");
    }
}

fn error_text(chars: &[c_char]) -> String {
    // SAFETY: the library NUL-terminates both texts of an ItbError.
    unsafe { CStr::from_ptr(chars.as_ptr()) }
        .to_str()
        .expect("UTF-8")
        .to_owned()
}

/// `itb_date_offset_days(value unit)`: the whole days or the status, with the error's field
/// and message checked (NUL-terminated, no panic text).
fn offset(value: f64, unit: u32) -> Result<i64, ItbStatus> {
    let mut days = 0i64;
    let mut error = MaybeUninit::<ItbError>::zeroed();
    let duration = ItbDuration { value, unit };
    // SAFETY: both pointers are valid for writes.
    let status = unsafe { itb_date_offset_days(duration, &mut days, error.as_mut_ptr()) };
    if status == ItbStatus::Ok {
        return Ok(days);
    }
    // SAFETY: an error was written (all-zero is valid too).
    let error = unsafe { error.assume_init() };
    assert_eq!(error.status, status);
    assert_eq!(error_text(&error.field), "duration", "{value} {unit}");
    let message = error_text(&error.message);
    assert!(!message.is_empty() && message.len() < 512, "{message}");
    assert!(!PANIC_TEXT.iter().any(|p| message.contains(p)), "{message}");
    Err(status)
}

/// The ends of `itb_date_offset_days`. A duration meets the plausible range of its dimension
/// (docs/PROTOCOL.md, Quantities: 0.000001 h to 100 years, 876,000 h, whatever its sign here),
/// so the int64_t ends the header names (2^63 days) are never reached: past 100 years is
/// `ITB_STATUS_OUT_OF_RANGE`, a value too large to hold in some unit (f64::MAX of any unit) is
/// `ITB_STATUS_NOT_FINITE`, as NaN and the infinities are. Rounded down, never up: the
/// smallest negative duration is the day before.
#[test]
fn date_offsets_at_the_ends() {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    let below_two_63 = f64::from_bits(TWO_63.to_bits() - 1); // 2^63 - 1024
    let (d, h, min) = (ITB_UNIT_DAY, ITB_UNIT_HOUR, ITB_UNIT_MINUTE);
    let cases: [(f64, u32, Result<i64, ItbStatus>); 24] = [
        (876_000.0, h, Ok(36_500)),
        (36_500.0, d, Ok(36_500)),
        (-36_500.0, d, Ok(-36_500)),
        (-876_000.0, h, Ok(-36_500)),
        (36_499.99, d, Ok(36_499)),
        (-36_499.99, d, Ok(-36_500)),
        (36_501.0, d, Err(ItbStatus::OutOfRange)),
        (-36_501.0, d, Err(ItbStatus::OutOfRange)),
        (1e300, h, Err(ItbStatus::OutOfRange)),
        (4_611_686_018_427_387_904.0, min, Err(ItbStatus::OutOfRange)), // 2^62 min
        (below_two_63, d, Err(ItbStatus::OutOfRange)),
        (TWO_63, d, Err(ItbStatus::OutOfRange)),
        (-TWO_63, d, Err(ItbStatus::OutOfRange)),
        (f64::MAX, d, Err(ItbStatus::NotFinite)),
        (-f64::MAX, d, Err(ItbStatus::NotFinite)),
        (f64::MAX, min, Err(ItbStatus::NotFinite)),
        (f64::INFINITY, d, Err(ItbStatus::NotFinite)),
        (f64::NEG_INFINITY, d, Err(ItbStatus::NotFinite)),
        (f64::NAN, d, Err(ItbStatus::NotFinite)),
        (0.000001, h, Ok(0)),
        (-0.000001, h, Ok(-1)),
        (5e-324, d, Err(ItbStatus::OutOfRange)),
        (-5e-324, d, Err(ItbStatus::OutOfRange)),
        (-0.0, d, Ok(0)),
    ];
    let mut wrong = Vec::new();
    for (value, unit, want) in cases {
        let got = offset(value, unit);
        if got != want {
            wrong.push(format!(
                "{value:e} (unit {unit}): {got:?}, expected {want:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `itb_interactions` with names a C caller can pass: 10 MB, invalid UTF-8, empty. Each is
/// refused naming it, and nothing is written to the arrays.
#[test]
fn hostile_medication_names_through_c() {
    let big = format!("{}\0", "x".repeat(TEN_MB));
    let cases: [(&str, Vec<u8>, ItbStatus); 3] = [
        ("10 MB", big.into_bytes(), ItbStatus::InvalidValue),
        (
            "invalid UTF-8",
            b"morph\xffine\0".to_vec(),
            ItbStatus::InvalidValue,
        ),
        ("empty", b"\0".to_vec(), ItbStatus::InvalidValue),
    ];
    for (what, name, want) in cases {
        let names: [*const c_char; 2] = [c"morphine".as_ptr(), name.as_ptr().cast()];
        let mut found = [MaybeUninit::<ItbInteraction>::zeroed(); 2];
        let mut unrecognised = [usize::MAX; 2];
        let mut out = MaybeUninit::<ItbInteractionCheck>::zeroed();
        let mut error = MaybeUninit::<ItbError>::zeroed();
        // SAFETY: two NUL-terminated names; arrays of two items; out and error valid.
        let status = unsafe {
            itb_interactions(
                names.as_ptr(),
                names.len(),
                found.as_mut_ptr().cast(),
                found.len(),
                unrecognised.as_mut_ptr(),
                unrecognised.len(),
                out.as_mut_ptr(),
                error.as_mut_ptr(),
            )
        };
        assert_eq!(status, want, "{what}");
        // SAFETY: written on error (and all-zero is valid).
        let error = unsafe { error.assume_init() };
        assert_eq!(error_text(&error.field), "medications[1]", "{what}");
        let message = error_text(&error.message);
        assert!(
            message.len() < 512 && !message.contains("panicked"),
            "{what}: {message}"
        );
        assert_eq!(
            unrecognised,
            [usize::MAX; 2],
            "{what}: the array was written"
        );
    }
    // NULL names are refused, not read.
    let names: [*const c_char; 1] = [null()];
    let mut out = MaybeUninit::<ItbInteractionCheck>::zeroed();
    // SAFETY: one NULL element, which the library checks; no arrays (capacity 0).
    let status = unsafe {
        itb_interactions(
            names.as_ptr(),
            1,
            null_mut(),
            0,
            null_mut(),
            0,
            out.as_mut_ptr(),
            null_mut(),
        )
    };
    assert_eq!(status, ItbStatus::NullPointer);
}
