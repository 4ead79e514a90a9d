//! Text into caller-owned buffers: `char *out, size_t out_len, size_t *written`.

use std::ffi::c_char;
use std::ptr::NonNull;

use crate::status::{Failure, ItbStatus};

/// Writes `text` and a NUL into `out`, and its size with the NUL into `*written`.
///
/// `*written` is written in every case that reaches the buffer check, so that a size query
/// (`out` NULL, `out_len` 0) or a too-small buffer tells the caller what to allocate; `out` is
/// written only when `text` and its NUL fit (`ITB_STATUS_BUFFER_TOO_SMALL` otherwise). `out` may
/// be NULL only when `out_len` is 0.
///
/// # Safety
/// `written` is valid for a write; `out` is NULL or valid for writes of `out_len` bytes.
pub(crate) unsafe fn write_text(
    text: &str,
    out: *mut c_char,
    out_len: usize,
    written: NonNull<usize>,
) -> Result<(), Failure> {
    if out.is_null() && out_len != 0 {
        let message = format!(
            "out is NULL with out_len {out_len}; allowed: NULL only with out_len 0 (a size query)"
        );
        return Err(Failure::new(ItbStatus::NullPointer, "out", message));
    }
    let needed = text.len() + 1;
    // SAFETY: `written` is valid for writes by this function's contract.
    unsafe { written.write(needed) };
    if out_len < needed {
        let message = format!(
            "out_len {out_len} is too small; allowed: {needed} bytes or more (see *written)"
        );
        return Err(Failure::new(ItbStatus::BufferTooSmall, "out_len", message));
    }
    let out = out.cast::<u8>();
    // SAFETY: `out` is non-NULL (out_len ≥ needed > 0) and valid for writes of `out_len` ≥
    // text.len() + 1 bytes by contract; it cannot overlap `text`, which the library owns.
    unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), out, text.len()) };
    // SAFETY: `out + text.len()` is the last of the `needed` bytes checked above.
    unsafe { out.add(text.len()).write(0) };
    Ok(())
}
