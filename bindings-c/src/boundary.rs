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

/// `write_result!(out, findings, ItbResult { field: value, other, ... })`: writes a result struct with
/// findings into the out-pointer `out` (a `NonNull`), in place.
///
/// The values are evaluated first, in order (each may return early with `?`); only then is
/// `*out` written, field by field, `allowed`, `findings_len` and `findings` from `findings` (a
/// `CFindings`, checked). The findings array is the bulk of every result (64 bytes ×
/// `ITB_FINDINGS_CAPACITY`): built in place it is written once, where a struct value would be
/// built, then copied into the result and again into `*out`. A never-run struct literal makes
/// the compiler check that the fields listed and the three findings fields are all the fields.
macro_rules! write_result {
    (@bind $field:ident) => {};
    (@bind $field:ident: $value:expr) => {
        let $field = $value;
    };
    ($out:expr, $findings:expr, $ty:ident { $($field:ident $(: $value:expr)?),* $(,)? }) => {{
        $( write_result!(@bind $field $(: $value)?); )*
        let findings: &$crate::finding::CFindings<'_> = &$findings;
        if false {
            let _every_field = $ty {
                $( $field, )*
                allowed: findings.allowed,
                findings_len: findings.len,
                findings: [$crate::finding::ItbFinding::EMPTY; $crate::finding::ITB_FINDINGS_CAPACITY],
            };
        }
        let out: *mut $ty = std::ptr::NonNull::as_ptr($out);
        // SAFETY: `out` is non-NULL (a `NonNull`) and valid for a write of the result by the
        // caller's contract; each field is written once, after the last fallible step.
        unsafe {
            $( (&raw mut (*out).$field).write($field); )*
            (&raw mut (*out).allowed).write(findings.allowed);
            (&raw mut (*out).findings_len).write(findings.len);
            findings.write_to(&raw mut (*out).findings);
        }
    }};
}
