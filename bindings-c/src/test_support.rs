//! Helpers shared by the unit tests that call the exports (test builds only).

use std::ffi::{CStr, c_char};
use std::mem::MaybeUninit;

use crate::status::{ItbError, ItbStatus};

/// An error report to pass to an export.
pub(crate) fn zeroed_error() -> ItbError {
    // SAFETY: all zeros is a valid ItbError (status 0 is ITB_STATUS_OK, the arrays are bytes).
    unsafe { std::mem::zeroed() }
}

/// The field an error report names.
pub(crate) fn error_field(e: &ItbError) -> &str {
    // SAFETY: the library NUL-terminates the field.
    unsafe { CStr::from_ptr(e.field.as_ptr()) }
        .to_str()
        .unwrap()
}

/// A static string the library handed out.
pub(crate) fn static_str(p: *const c_char) -> &'static str {
    // SAFETY: the library hands out static NUL-terminated strings only.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap()
}

/// The status of a failed call and the field its `ItbError` names.
pub(crate) type Reported = (ItbStatus, String);

/// Calls an export with an out-pointer; the struct on success, else what it reported.
pub(crate) fn call<T>(f: impl FnOnce(*mut T, *mut ItbError) -> ItbStatus) -> Result<T, Reported> {
    let mut out = MaybeUninit::<T>::uninit();
    let mut error = zeroed_error();
    match f(out.as_mut_ptr(), &mut error) {
        // SAFETY: on success the library wrote the whole struct.
        ItbStatus::Ok => Ok(unsafe { out.assume_init() }),
        status => Err((status, error_field(&error).to_owned())),
    }
}
