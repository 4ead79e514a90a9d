//! Status codes, the optional error report, and the internal failure every export returns.

use std::ffi::{CStr, c_char};

use itb::{Error, ErrorKind};

/// The result of every fallible function. `ITB_STATUS_OK` is 0; the other codes are grouped
/// and never renumbered: 1xx an argument the C caller passed, 2xx the request-protocol error
/// kinds one to one, 9xx a failure inside the library.
///
/// Functions only return these values; `itb_status_str` takes a plain `uint32_t` so that any
/// integer can be passed back safely.
#[repr(u32)]
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItbStatus {
    /// Success: the out-parameters were written.
    Ok = 0,
    /// A required pointer argument is NULL.
    NullPointer = 100,
    /// The output buffer or array is too small; `*written` (text) or the result's count
    /// (`step_count`, `point_count`) holds the size needed.
    BufferTooSmall = 101,
    /// A `uint32_t` unit field holds no `ITB_UNIT_*` code, or an output-only one
    /// (`ITB_UNIT_YEAR`, `ITB_UNIT_PERCENT`) in a typed input.
    InvalidUnit = 102,
    /// Another integer code the library does not know (an `ITB_FINDING_*` code...).
    InvalidArgument = 103,
    /// Protocol `invalid_json`.
    InvalidJson = 200,
    /// Protocol `unknown_op`.
    UnknownOp = 201,
    /// Protocol `unknown_field`.
    UnknownField = 202,
    /// Protocol `missing_field`.
    MissingField = 203,
    /// Protocol `unit_required`.
    UnitRequired = 204,
    /// Protocol `unit_unknown`.
    UnitUnknown = 205,
    /// Protocol `unit_mismatch`: a unit of the wrong dimension.
    UnitMismatch = 206,
    /// Protocol `not_finite`: NaN, infinite, or too large to hold.
    NotFinite = 207,
    /// Protocol `negative`.
    Negative = 208,
    /// Protocol `zero`: zero where the rule divides by it, or a daily dose of zero.
    Zero = 209,
    /// Protocol `out_of_range`.
    OutOfRange = 210,
    /// Protocol `invalid_value`.
    InvalidValue = 211,
    /// The library panicked; the panic was caught and nothing was written. Please report it.
    Panic = 900,
    /// The library met a state it does not expect (a bug); nothing was written.
    Internal = 901,
}

/// Every status with its static message, in code order.
const MESSAGES: [(ItbStatus, &CStr); 19] = [
    (ItbStatus::Ok, c"ok"),
    (
        ItbStatus::NullPointer,
        c"null_pointer: a required pointer argument is NULL",
    ),
    (
        ItbStatus::BufferTooSmall,
        c"buffer_too_small: the output buffer or array is too small; *written or the result's count holds the size needed",
    ),
    (
        ItbStatus::InvalidUnit,
        c"invalid_unit: a unit field holds no ITB_UNIT_* code",
    ),
    (
        ItbStatus::InvalidArgument,
        c"invalid_argument: an integer code the library does not know",
    ),
    (
        ItbStatus::InvalidJson,
        c"invalid_json: the request is not valid JSON",
    ),
    (
        ItbStatus::UnknownOp,
        c"unknown_op: an operation the protocol does not define",
    ),
    (
        ItbStatus::UnknownField,
        c"unknown_field: a field the operation does not take",
    ),
    (
        ItbStatus::MissingField,
        c"missing_field: a required field is absent",
    ),
    (
        ItbStatus::UnitRequired,
        c"unit_required: a number without its unit",
    ),
    (
        ItbStatus::UnitUnknown,
        c"unit_unknown: a unit itb does not know",
    ),
    (
        ItbStatus::UnitMismatch,
        c"unit_mismatch: a unit of the wrong dimension",
    ),
    (
        ItbStatus::NotFinite,
        c"not_finite: NaN, infinite, or too large to hold",
    ),
    (ItbStatus::Negative, c"negative: a negative quantity"),
    (
        ItbStatus::Zero,
        c"zero: zero where the rule divides by it, or a daily dose of zero",
    ),
    (
        ItbStatus::OutOfRange,
        c"out_of_range: a value outside what the rule allows",
    ),
    (ItbStatus::InvalidValue, c"invalid_value: a malformed value"),
    (
        ItbStatus::Panic,
        c"panic: the library panicked; the panic was caught; please report it",
    ),
    (
        ItbStatus::Internal,
        c"internal: the library met a state it does not expect; please report it",
    ),
];

impl ItbStatus {
    /// The static message of this status.
    pub fn message(self) -> &'static CStr {
        let found = MESSAGES.iter().find(|(s, _)| *s == self);
        found.map_or(c"unknown status", |(_, m)| m)
    }

    /// The status with this code, if there is one.
    pub fn from_code(code: u32) -> Option<ItbStatus> {
        MESSAGES.iter().map(|(s, _)| *s).find(|s| *s as u32 == code)
    }

    /// The status of a core error kind, one to one.
    pub fn of_kind(kind: ErrorKind) -> ItbStatus {
        match kind {
            ErrorKind::InvalidJson => ItbStatus::InvalidJson,
            ErrorKind::UnknownOp => ItbStatus::UnknownOp,
            ErrorKind::UnknownField => ItbStatus::UnknownField,
            ErrorKind::MissingField => ItbStatus::MissingField,
            ErrorKind::UnitRequired => ItbStatus::UnitRequired,
            ErrorKind::UnitUnknown => ItbStatus::UnitUnknown,
            ErrorKind::UnitMismatch => ItbStatus::UnitMismatch,
            ErrorKind::NotFinite => ItbStatus::NotFinite,
            ErrorKind::Negative => ItbStatus::Negative,
            ErrorKind::Zero => ItbStatus::Zero,
            ErrorKind::OutOfRange => ItbStatus::OutOfRange,
            ErrorKind::InvalidValue => ItbStatus::InvalidValue,
        }
    }
}

/// The static message of a status code: `"ok"`, `"unit_mismatch: a unit of the wrong
/// dimension"`... Any integer is accepted: an unknown code gives `"unknown status"`. Never
/// returns NULL; the string lives as long as the program.
#[unsafe(no_mangle)]
pub extern "C" fn itb_status_str(status: u32) -> *const c_char {
    ffi_panic_boundary!(static_str {
        ItbStatus::from_code(status).map_or(c"unknown status", ItbStatus::message)
    })
}

/// The capacity of `ItbError.field`, its NUL included.
pub const ITB_ERROR_FIELD_CAPACITY: usize = 64;
/// The capacity of `ItbError.message`, its NUL included.
pub const ITB_ERROR_MESSAGE_CAPACITY: usize = 512;

/// Why a typed function failed, for people: filled by the typed functions when they return a
/// status other than `ITB_STATUS_OK` and the caller passed a non-NULL `ItbError *error`.
/// Caller-owned; both strings are NUL-terminated and cut at a character boundary if longer
/// than their capacity.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbError {
    /// The status the function returned.
    pub status: ItbStatus,
    /// The offending argument (`"concentration"`, `"concentration.unit"`, `"out"`), or `""`.
    pub field: [c_char; ITB_ERROR_FIELD_CAPACITY],
    /// The field, the offending value with its unit, and what is allowed.
    pub message: [c_char; ITB_ERROR_MESSAGE_CAPACITY],
}

impl ItbError {
    fn of(failure: &Failure) -> ItbError {
        let mut e = ItbError {
            status: failure.status,
            field: [0; ITB_ERROR_FIELD_CAPACITY],
            message: [0; ITB_ERROR_MESSAGE_CAPACITY],
        };
        copy_truncated(&mut e.field, &failure.field);
        copy_truncated(&mut e.message, &failure.message);
        e
    }
}

/// Copies `text` into a C array, NUL-filling the rest, leaving room for the NUL and never
/// cutting a character in two.
fn copy_truncated(dest: &mut [c_char], text: &str) {
    dest.fill(0);
    let mut end = text.len().min(dest.len().saturating_sub(1));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    for (d, b) in dest.iter_mut().zip(&text.as_bytes()[..end]) {
        *d = *b as c_char;
    }
}

/// A failed call inside the library: the status to return and, for [`ItbError`], the field
/// and a message naming the value and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The status returned to C.
    pub status: ItbStatus,
    /// The offending argument, or `""`.
    pub field: String,
    /// For people.
    pub message: String,
}

impl Failure {
    /// A failure with its message.
    pub fn new(status: ItbStatus, field: &str, message: String) -> Failure {
        Failure {
            status,
            field: field.to_owned(),
            message,
        }
    }

    /// A required pointer was NULL.
    pub fn null(field: &str) -> Failure {
        let message = format!("{field} is NULL; allowed: a valid pointer");
        Failure::new(ItbStatus::NullPointer, field, message)
    }

    fn panic(payload: &(dyn std::any::Any + Send)) -> Failure {
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message");
        let message =
            format!("the library panicked ({what}); the panic was caught; please report it");
        Failure::new(ItbStatus::Panic, "", message)
    }
}

impl From<Error> for Failure {
    /// The core's error; one in flex step `i` names `steps[i].rate`, one in time point `i`
    /// `times[i]`, as its message does.
    fn from(e: Error) -> Failure {
        let field = e.path().to_string();
        Failure::new(ItbStatus::of_kind(e.kind), &field, e.to_string())
    }
}

/// Turns the outcome of an export's body into its status, reporting a failure through
/// `error` when the caller gave one. Called by the `ffi_panic_boundary!` macro only.
///
/// # Safety
/// `error` is NULL or valid for a write of an [`ItbError`].
pub unsafe fn finish(
    outcome: std::thread::Result<Result<(), Failure>>,
    error: *mut ItbError,
) -> ItbStatus {
    let failure = match outcome {
        Ok(Ok(())) => return ItbStatus::Ok,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::panic(payload.as_ref()),
    };
    if !error.is_null() {
        // SAFETY: non-NULL, and the caller promises it is valid for writes; `write` neither
        // reads nor drops the (possibly uninitialised) old contents.
        unsafe { error.write(ItbError::of(&failure)) };
    }
    failure.status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_fixed() {
        // Written out by hand: these numbers are the ABI and are never renumbered.
        let fixed = [
            (ItbStatus::Ok, 0),
            (ItbStatus::NullPointer, 100),
            (ItbStatus::BufferTooSmall, 101),
            (ItbStatus::InvalidUnit, 102),
            (ItbStatus::InvalidArgument, 103),
            (ItbStatus::InvalidJson, 200),
            (ItbStatus::UnknownOp, 201),
            (ItbStatus::UnknownField, 202),
            (ItbStatus::MissingField, 203),
            (ItbStatus::UnitRequired, 204),
            (ItbStatus::UnitUnknown, 205),
            (ItbStatus::UnitMismatch, 206),
            (ItbStatus::NotFinite, 207),
            (ItbStatus::Negative, 208),
            (ItbStatus::Zero, 209),
            (ItbStatus::OutOfRange, 210),
            (ItbStatus::InvalidValue, 211),
            (ItbStatus::Panic, 900),
            (ItbStatus::Internal, 901),
        ];
        assert_eq!(fixed.len(), MESSAGES.len());
        for (status, code) in fixed {
            assert_eq!(status as u32, code);
            assert_eq!(ItbStatus::from_code(code), Some(status));
        }
    }

    #[test]
    fn every_error_kind_has_its_own_2xx_status_named_by_its_code() {
        for kind in ErrorKind::ALL {
            let status = ItbStatus::of_kind(kind);
            assert!((200..300).contains(&(status as u32)), "{kind:?}");
            let message = status.message().to_str().unwrap();
            assert!(
                message.starts_with(&format!("{}: ", kind.code())),
                "{message}"
            );
        }
        let mut codes: Vec<u32> = ErrorKind::ALL
            .iter()
            .map(|k| ItbStatus::of_kind(*k) as u32)
            .collect();
        codes.dedup();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
    }

    #[test]
    fn status_str_of_unknown_codes_is_never_null() {
        for code in [1, 99, 102_000, 299, u32::MAX] {
            let p = itb_status_str(code);
            assert!(!p.is_null());
            // SAFETY: itb_status_str returns a static NUL-terminated string.
            assert_eq!(unsafe { CStr::from_ptr(p) }, c"unknown status");
        }
        // SAFETY: as above.
        assert_eq!(unsafe { CStr::from_ptr(itb_status_str(0)) }, c"ok");
    }

    #[test]
    fn error_text_is_cut_at_a_character_boundary() {
        let mut dest = [1 as c_char; 4];
        copy_truncated(&mut dest, "aµb"); // 'µ' is two bytes: a, µ fill 3 bytes, then the NUL
        assert_eq!(dest.map(|c| c as u8), [b'a', 0xC2, 0xB5, 0]);
        let mut dest = [1 as c_char; 3];
        copy_truncated(&mut dest, "aµb"); // room for 2 bytes: 'µ' would be cut, so only "a"
        assert_eq!(dest.map(|c| c as u8), [b'a', 0, 0]);
    }
}
