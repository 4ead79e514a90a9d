//! Errors: the request could not be computed.
//!
//! An error means the input is malformed or physically impossible; nothing is clamped or
//! defaulted instead. A computed result that crosses a clinical limit is a
//! [`Finding`](crate::finding::Finding), not an error.

use core::fmt;

use crate::units::{Dimension, Measure, Unit};

/// The kind of error, with the stable snake_case code of the request protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Not valid JSON, not UTF-8, a repeated key, a top level that is not an object.
    InvalidJson,
    /// An `op` the protocol does not define.
    UnknownOp,
    /// A field the operation does not take (a misspelling is never ignored).
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A number where a quantity with a unit is required.
    UnitRequired,
    /// A unit itb does not know.
    UnitUnknown,
    /// A unit of the wrong dimension (a mass where a concentration belongs).
    UnitMismatch,
    /// NaN, infinite, or too large to hold in some unit of its dimension.
    NotFinite,
    /// A negative quantity.
    Negative,
    /// Zero where the rule divides by it, or a daily dose of zero.
    Zero,
    /// A value outside what the rule allows (a target above its stock...).
    OutOfRange,
    /// Anything else malformed: an unknown id, a bad number, `null`.
    InvalidValue,
}

impl ErrorKind {
    /// Every kind, in protocol order.
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::InvalidJson,
        ErrorKind::UnknownOp,
        ErrorKind::UnknownField,
        ErrorKind::MissingField,
        ErrorKind::UnitRequired,
        ErrorKind::UnitUnknown,
        ErrorKind::UnitMismatch,
        ErrorKind::NotFinite,
        ErrorKind::Negative,
        ErrorKind::Zero,
        ErrorKind::OutOfRange,
        ErrorKind::InvalidValue,
    ];

    /// The protocol's error code.
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidJson => "invalid_json",
            ErrorKind::UnknownOp => "unknown_op",
            ErrorKind::UnknownField => "unknown_field",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::UnitRequired => "unit_required",
            ErrorKind::UnitUnknown => "unit_unknown",
            ErrorKind::UnitMismatch => "unit_mismatch",
            ErrorKind::NotFinite => "not_finite",
            ErrorKind::Negative => "negative",
            ErrorKind::Zero => "zero",
            ErrorKind::OutOfRange => "out_of_range",
            ErrorKind::InvalidValue => "invalid_value",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An input the typed API refuses: which field, the offending value, and what is allowed.
///
/// ```
/// use itb::units::{Measure, Unit};
/// let err = Measure::new(-5.0, Unit::Milligram).convert(Unit::Microgram).unwrap_err();
/// assert_eq!(err.kind, itb::ErrorKind::Negative);
/// assert_eq!(err.to_string(), "quantity is negative (-5 mg); allowed: 0 or more");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Error {
    /// The kind of error.
    pub kind: ErrorKind,
    /// The input it concerns (`"concentration"`, `"final_volume"`...).
    pub field: &'static str,
    /// The offending value with its unit, when there is one.
    pub value: Option<Measure>,
    /// What is allowed instead.
    pub allowed: &'static str,
    /// For a unit mismatch: the dimension that was expected.
    pub expected: Option<Dimension>,
    /// For an error in one step of a flex schedule: its index (`field` is then `start` or
    /// `rate`, and the protocol names it `steps[2].rate`).
    pub step: Option<usize>,
    /// For an error in one element of a list field (a PK time point): its index (the protocol
    /// names it `times[3]`).
    pub element: Option<usize>,
}

impl Error {
    /// A new error.
    pub const fn new(
        kind: ErrorKind,
        field: &'static str,
        value: Option<Measure>,
        allowed: &'static str,
    ) -> Self {
        Error {
            kind,
            field,
            value,
            allowed,
            expected: None,
            step: None,
            element: None,
        }
    }

    /// The same error, in step `index` of a flex schedule.
    pub const fn in_step(mut self, index: usize) -> Self {
        self.step = Some(index);
        self
    }

    /// The same error, in element `index` of its list field.
    pub const fn in_element(mut self, index: usize) -> Self {
        self.element = Some(index);
        self
    }

    /// The request field it names, as the protocol writes it: `concentration`,
    /// `steps[2].rate`, `times[3]` (empty for an error in a result).
    pub const fn path(&self) -> Path<'_> {
        Path(self)
    }

    /// A unit of the wrong dimension was given for `field`.
    pub const fn unit_mismatch(field: &'static str, expected: Dimension, got: Unit) -> Self {
        Error {
            kind: ErrorKind::UnitMismatch,
            field,
            value: Some(Measure::new(f64::NAN, got)),
            allowed: expected.describe(),
            expected: Some(expected),
            step: None,
            element: None,
        }
    }
}

/// The field path of an [`Error`]; implements `Display`.
pub struct Path<'a>(&'a Error);

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        if let Some(i) = e.step {
            write!(f, "steps[{i}].")?;
        }
        f.write_str(e.field)?;
        if let Some(i) = e.element {
            write!(f, "[{i}]")?;
        }
        Ok(())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() && self.kind == ErrorKind::MissingField {
            // A request that names no input at all (patient_check with no field).
            return write!(f, "no input given; allowed: {}", self.allowed);
        }
        let path = self.path();
        let what = match self.kind {
            ErrorKind::NotFinite => "is not finite",
            ErrorKind::Negative => "is negative",
            ErrorKind::Zero => "is zero",
            ErrorKind::OutOfRange => "is out of range",
            ErrorKind::UnitMismatch => {
                let got = self.value.map(|m| m.unit);
                return match got {
                    Some(u) => write!(
                        f,
                        "{}: {} is {}, not {}",
                        path,
                        u.symbol(),
                        u.dimension().describe(),
                        self.allowed
                    ),
                    None => write!(f, "{}: not {}", path, self.allowed),
                };
            }
            ErrorKind::InvalidValue => "is not valid",
            ErrorKind::MissingField => "is missing",
            other => other.code(),
        };
        write!(f, "{path} {what}")?;
        if let Some(m) = self.value {
            if m.value.is_finite() && m.value.abs() < 1e15 {
                write!(f, " ({m})")?;
            } else {
                write!(f, " ({:e} {})", m.value, m.unit.symbol())?;
            }
        }
        write!(f, "; allowed: {}", self.allowed)
    }
}

/// A text a caller gave, quoted for an error message: at most 80 characters, then `…`, so a
/// megabyte of input stays out of the message. The protocol and the bindings quote through it.
///
/// ```
/// use itb::error::Quoted;
/// assert_eq!(Quoted("abc mcg").to_string(), r#""abc mcg""#);
/// assert_eq!(Quoted(&"x".repeat(100)).to_string(), format!("{:?}…", "x".repeat(80)));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = self
            .0
            .char_indices()
            .nth(80)
            .map_or(self.0.len(), |(i, _)| i);
        write!(f, "{:?}", &self.0[..end])?;
        if end < self.0.len() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

#[cfg(feature = "std")]
impl std::error::Error for crate::units::ParseError {}
