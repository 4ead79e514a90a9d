//! The JSON request protocol (`docs/PROTOCOL.md`) through C.

use std::ffi::{CStr, c_char};

use crate::status::ItbStatus;
use crate::text::write_text;

/// Evaluates one request of the JSON protocol and writes the response, a NUL-terminated JSON
/// object, into `out`.
///
/// Returns `ITB_STATUS_OK` whenever a response was written: a success response *or an error
/// response* (`{"ok": false, "error": {"code": ...}}`); a request that is not valid UTF-8 or
/// not valid JSON gets an `invalid_json` error response. `*written` receives the size of the
/// response including its NUL. When `out_len` is smaller, nothing is written to `out`,
/// `*written` still holds the size needed, and the call returns `ITB_STATUS_BUFFER_TOO_SMALL`:
/// pass `out = NULL, out_len = 0` to ask for the size, then call again with a buffer that big
/// (the response to the same request is always the same).
///
/// `ITB_STATUS_NULL_POINTER` when `request` or `written` is NULL, or `out` is NULL with a
/// non-zero `out_len`.
///
/// # Safety
/// `request` is NULL or a NUL-terminated string, unchanged during the call; `written` is NULL
/// or valid for a write; `out` is NULL (then `out_len` must be 0) or valid for writes of
/// `out_len` bytes.
#[unsafe(no_mangle)]
#[must_use = "the status says whether the response was written"]
pub unsafe extern "C" fn itb_eval_json(
    request: *const c_char,
    out: *mut c_char,
    out_len: usize,
    written: *mut usize,
) -> ItbStatus {
    ffi_panic_boundary!(std::ptr::null_mut(), {
        if request.is_null() {
            return Err(crate::status::Failure::null("request"));
        }
        let written = try_out!(written, "written");
        // SAFETY: non-NULL, and NUL-terminated and unchanged during the call by contract.
        let request = unsafe { CStr::from_ptr(request) };
        let response = itb::protocol::evaluate_bytes(request.to_bytes());
        // SAFETY: the caller's contract on `out`, `out_len` and `written` is `write_text`'s.
        unsafe { write_text(&response, out, out_len, written) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(request: &CStr, out_len: usize) -> (ItbStatus, usize, String) {
        let mut buf = vec![b'#' as c_char; out_len];
        let mut written = usize::MAX;
        let out = if out_len == 0 {
            std::ptr::null_mut()
        } else {
            buf.as_mut_ptr()
        };
        // SAFETY: a NUL-terminated request; `out` is NULL with length 0 or `out_len` bytes.
        let status = unsafe { itb_eval_json(request.as_ptr(), out, out_len, &mut written) };
        let text = buf
            .iter()
            .take_while(|c| **c != 0)
            .map(|c| *c as u8 as char)
            .collect();
        (status, written, text)
    }

    const CONVERT: &CStr = cr#"{"op":"convert","quantity":"0.5 mg","to":"mcg"}"#;

    #[test]
    fn size_query_then_exact_buffer() {
        let (status, needed, text) = eval(CONVERT, 0);
        assert_eq!((status, text.as_str()), (ItbStatus::BufferTooSmall, ""));
        let (status, written, text) = eval(CONVERT, needed);
        assert_eq!(status, ItbStatus::Ok);
        assert_eq!(written, needed);
        assert_eq!(text.len() + 1, needed);
        assert!(text.contains(r#""text":"500 mcg""#), "{text}");
    }

    #[test]
    fn one_byte_short_writes_nothing_to_out() {
        let (_, needed, _) = eval(CONVERT, 0);
        let (status, written, text) = eval(CONVERT, needed - 1);
        assert_eq!((status, written), (ItbStatus::BufferTooSmall, needed));
        assert!(text.chars().all(|c| c == '#'), "out was touched");
    }

    #[test]
    fn invalid_utf8_is_an_error_response_and_ok() {
        let (status, _, text) = eval(c"{\"op\":\"\xff\"}", 4096);
        assert_eq!(status, ItbStatus::Ok);
        assert!(text.contains(r#""code":"invalid_json""#), "{text}");
    }

    #[test]
    fn null_arguments_are_refused() {
        let mut buf = [0 as c_char; 16];
        let mut written = 7usize;
        // SAFETY: NULL pointers are allowed and refused; the others are valid.
        unsafe {
            let s = itb_eval_json(std::ptr::null(), buf.as_mut_ptr(), 16, &mut written);
            assert_eq!(s, ItbStatus::NullPointer);
            let s = itb_eval_json(CONVERT.as_ptr(), buf.as_mut_ptr(), 16, std::ptr::null_mut());
            assert_eq!(s, ItbStatus::NullPointer);
            let s = itb_eval_json(CONVERT.as_ptr(), std::ptr::null_mut(), 16, &mut written);
            assert_eq!(s, ItbStatus::NullPointer);
        }
        assert_eq!(written, 7, "written was touched");
    }
}
