//! Arbitrary bytes through the C ABI: `itb_c::json::itb_eval_json` on a NUL-terminated copy of
//! the request (C reads it up to its first NUL; invalid UTF-8 included), with a buffer size
//! taken from the input's first two bytes.
//!
//! Checked on every input:
//! - the size query (`out` NULL, `out_len` 0) is `ITB_STATUS_BUFFER_TOO_SMALL` and sets
//!   `*written` to the size needed (the response and its NUL);
//! - a buffer of the input's size (0 with a dangling non-NULL pointer, the size needed, one
//!   byte short, one over, or any size up to 65,535) succeeds exactly when it is big enough;
//!   when it is too small nothing is written to it; when it is big enough the response, its
//!   NUL and not a byte more are written;
//! - a second call with the size needed succeeds and gives the same bytes, which are those of
//!   `itb::protocol::evaluate_bytes` and keep the protocol's invariants
//!   (`itb_fuzz::check_response`);
//! - the NULL arguments are refused (once per process).
#![no_main]

use std::ffi::{CString, c_char};
use std::sync::Once;

use itb_c::json::itb_eval_json;
use itb_c::status::ItbStatus;
use libfuzzer_sys::fuzz_target;

/// The byte the buffers are filled with before each call, to see what was written.
const UNTOUCHED: u8 = 0xA5;

/// Calls `itb_eval_json` with a fresh buffer of `len` bytes (a dangling non-NULL pointer when
/// `len` is 0); returns the status, `*written` and the buffer.
fn call(request: &CString, len: usize) -> (ItbStatus, usize, Vec<u8>) {
    let mut buf = vec![UNTOUCHED; len];
    let mut written = usize::MAX;
    // SAFETY: a NUL-terminated request; `buf` is valid for writes of `len` bytes (a 0-length
    // Vec's pointer is dangling and non-NULL, and nothing may be written through it).
    let status = unsafe {
        itb_eval_json(
            request.as_ptr(),
            buf.as_mut_ptr().cast::<c_char>(),
            len,
            &mut written,
        )
    };
    (status, written, buf)
}

fn null_arguments_are_refused() {
    let request = c"{\"op\":\"products\"}";
    let mut buf = [0 as c_char; 8];
    let mut written = 7usize;
    // SAFETY: NULL pointers are allowed and refused; the others are valid.
    unsafe {
        let s = itb_eval_json(std::ptr::null(), buf.as_mut_ptr(), 8, &mut written);
        assert_eq!(s, ItbStatus::NullPointer);
        let s = itb_eval_json(request.as_ptr(), buf.as_mut_ptr(), 8, std::ptr::null_mut());
        assert_eq!(s, ItbStatus::NullPointer);
        let s = itb_eval_json(request.as_ptr(), std::ptr::null_mut(), 8, &mut written);
        assert_eq!(s, ItbStatus::NullPointer);
    }
    assert_eq!(written, 7, "a refused call wrote *written");
}

static ONCE: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    ONCE.call_once(null_arguments_are_refused);
    let (size, body) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]), rest),
        _ => (0, data),
    };
    // What C sees: the bytes up to the first NUL.
    let body = body.split(|&b| b == 0).next().unwrap_or_default();
    let request = CString::new(body).expect("no NUL inside");

    // The size query: NULL and 0.
    let mut needed = usize::MAX;
    // SAFETY: a NUL-terminated request, `out` NULL with `out_len` 0, `written` valid.
    let status = unsafe { itb_eval_json(request.as_ptr(), std::ptr::null_mut(), 0, &mut needed) };
    assert_eq!(status, ItbStatus::BufferTooSmall, "the size query");
    assert!(needed >= 3, "*written {needed} after the size query");

    // A buffer of the input's size.
    let len = match size % 8 {
        0 => 0,
        1 => needed - 1,
        2 => needed,
        3 => needed + 1,
        _ => usize::from(size >> 3) * 8 + usize::from(size % 8),
    };
    let (status, written, buf) = call(&request, len);
    assert_eq!(written, needed, "*written with out_len {len}");
    let first = if len >= needed {
        assert_eq!(status, ItbStatus::Ok, "out_len {len}, needed {needed}");
        assert_eq!(buf[needed - 1], 0, "no NUL at the end of the response");
        assert!(
            buf[needed..].iter().all(|&b| b == UNTOUCHED),
            "bytes past the NUL were written (out_len {len}, needed {needed})"
        );
        Some(buf[..needed].to_vec())
    } else {
        assert_eq!(
            status,
            ItbStatus::BufferTooSmall,
            "out_len {len}, needed {needed}"
        );
        assert!(
            buf.iter().all(|&b| b == UNTOUCHED),
            "a too-small buffer was written (out_len {len}, needed {needed})"
        );
        None
    };

    // The call with the size needed: the same bytes, the core's bytes, a valid response.
    let (status, written, buf) = call(&request, needed);
    assert_eq!(
        (status, written),
        (ItbStatus::Ok, needed),
        "the call with the size needed"
    );
    if let Some(first) = first {
        assert_eq!(first, buf, "two calls gave different bytes");
    }
    let text = &buf[..needed - 1];
    assert!(!text.contains(&0), "a NUL inside the response");
    let text = std::str::from_utf8(text).expect("the response is not UTF-8");
    assert_eq!(
        text,
        itb::protocol::evaluate_bytes(body),
        "itb_eval_json and itb::protocol::evaluate_bytes differ"
    );
    itb_fuzz::check_response(body, text);
});
