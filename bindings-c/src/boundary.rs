//! The panic boundary and the pointer checks every export goes through (model: rustls-ffi's
//! `ffi_panic_boundary!` and `try_ref_from_ptr!`).

/// Runs an export's body inside `catch_unwind`, so that a panic never unwinds into C and the
/// library never aborts its host.
///
/// - `ffi_panic_boundary!(error, { body })`: `body` returns `Result<(), Failure>`; the macro
///   gives the `ItbStatus`, a panic gives `ITB_STATUS_PANIC`, and a failure is reported through
///   `error` (an `*mut ItbError`, NULL when the caller wants no report).
/// - `ffi_panic_boundary!(static_str { body })`: `body` returns a `&'static CStr`; the macro
///   gives its pointer, and a panic gives `""` (never NULL).
macro_rules! ffi_panic_boundary {
    (static_str $body:block) => {{
        let run = std::panic::AssertUnwindSafe(|| -> &'static std::ffi::CStr { $body });
        match std::panic::catch_unwind(run) {
            Ok(text) => text.as_ptr(),
            Err(_) => c"".as_ptr(),
        }
    }};
    ($error:expr, $body:block) => {{
        let error: *mut $crate::status::ItbError = $error;
        let run = std::panic::AssertUnwindSafe(|| -> Result<(), $crate::status::Failure> { $body });
        let outcome = std::panic::catch_unwind(run);
        // SAFETY: `error` is the export's own argument: NULL, or valid for writes by its contract.
        unsafe { $crate::status::finish(outcome, error) }
    }};
}

/// `try_ref!(ptr, "name")`: a shared reference to an input behind a pointer argument, or an
/// early `Err` with `ITB_STATUS_NULL_POINTER` naming the argument.
macro_rules! try_ref {
    ($ptr:expr, $name:literal) => {{
        let ptr = $ptr;
        // SAFETY: the caller promises that a non-NULL pointer argument is aligned, valid for
        // reads of an initialised value of its type, and not written during the call (API
        // conventions, "Pointers"); `as_ref` checks for NULL.
        match unsafe { ptr.as_ref() } {
            Some(r) => r,
            None => return Err($crate::status::Failure::null($name)),
        }
    }};
}

/// `try_out!(ptr, "name")`: an out-pointer argument as `NonNull`, or an early `Err` with
/// `ITB_STATUS_NULL_POINTER` naming the argument. Out-pointers stay raw: they may point at
/// uninitialised memory, so no reference is made; they are written once, on success.
macro_rules! try_out {
    ($ptr:expr, $name:literal) => {
        match std::ptr::NonNull::new($ptr) {
            Some(p) => p,
            None => return Err($crate::status::Failure::null($name)),
        }
    };
}
