//! The C ABI of [`itb`]: `libitb.a`, `libitb.so` and `include/itb.h`.
//!
//! Every export returns an [`ItbStatus`], checks its pointers for NULL,
//! runs inside a panic boundary, and writes its results into caller-owned memory only on
//! success. Quantities cross as one struct per dimension with an explicit unit code. The
//! conventions are written down in `bindings-c/README.md`; the header is generated from this
//! crate by a pinned cbindgen (`scripts/gen-header`) and checked for drift by `tests/header.rs`.
//!
//! Nothing is computed here: every function maps C types onto the core's typed API or its
//! JSON protocol.
#![warn(clippy::undocumented_unsafe_blocks)]

#[macro_use]
mod boundary;

mod array;
pub mod bolus;
pub mod dilution;
pub mod dosing;
pub mod finding;
pub mod interactions;
pub mod json;
pub mod monitoring;
pub mod patient;
pub mod pharmacokinetics;
pub mod profile;
pub mod programming;
pub mod pump;
pub mod quantity;
pub mod refill;
pub mod schedule;
pub mod signs;
pub mod status;
pub mod taper;
#[cfg(test)]
mod test_support;
mod text;
pub mod titration;

use std::ffi::{CStr, c_char};

use status::{ItbError, ItbStatus};

/// The crate version, NUL-terminated.
const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => panic!("the version contains a NUL"),
    };

/// The library's version, `"MAJOR.MINOR.PATCH"`: compare it with the header's
/// `ITB_VERSION_MAJOR`, `ITB_VERSION_MINOR` and `ITB_VERSION_PATCH` to detect a header and a
/// library from different versions. A static string, never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn itb_version() -> *const c_char {
    ffi_panic_boundary!(static_str { VERSION })
}

/// Panics on purpose, to prove from C that the panic boundary catches a panic and returns
/// `ITB_STATUS_PANIC` (tests only; not in the header).
///
/// # Safety
/// `error` is NULL or valid for a write of an `ItbError`.
#[doc(hidden)]
#[unsafe(no_mangle)]
#[must_use = "the status is ITB_STATUS_PANIC"]
pub unsafe extern "C" fn itb_test_panic(error: *mut ItbError) -> ItbStatus {
    ffi_panic_boundary!(error, {
        panic!("itb_test_panic: a deliberate panic to test the boundary")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_the_crate_version() {
        // SAFETY: itb_version returns a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(itb_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn a_panic_is_caught_and_reported() {
        // SAFETY: an all-zero ItbError is valid (status 0 is ITB_STATUS_OK, arrays of zeros).
        let mut error: ItbError = unsafe { std::mem::zeroed() };
        // SAFETY: `error` is valid for writes.
        let status = unsafe { itb_test_panic(&mut error) };
        assert_eq!(status, ItbStatus::Panic);
        assert_eq!(error.status, ItbStatus::Panic);
        // SAFETY: the library NUL-terminates the message.
        let message = unsafe { CStr::from_ptr(error.message.as_ptr()) }
            .to_str()
            .unwrap();
        assert!(message.contains("a deliberate panic"), "{message}");
        // SAFETY: NULL is allowed for `error`.
        let status = unsafe { itb_test_panic(std::ptr::null_mut()) };
        assert_eq!(status, ItbStatus::Panic);
    }
}
