//! Quantities across the boundary: one struct per dimension, each a `double value` and a
//! `uint32_t unit` holding an `ITB_UNIT_*` code.
//!
//! Unit codes are grouped by dimension, a hundred per dimension (1xx mass, 2xx volume, 3xx
//! concentration, 4xx dose rate, 5xx flow rate, 6xx duration, 7xx length, 8xx volume per
//! length), and never renumbered. They arrive as integers and are validated: an unknown code is
//! `ITB_STATUS_INVALID_UNIT`, a code of another dimension `ITB_STATUS_UNIT_MISMATCH`.

use std::ffi::c_char;

use itb::units::{
    ClinicalQuantity, Concentration, ConvertRequest, Dimension, DoseRate, Duration, FlowRate,
    Input, Length, Mass, Measure, Unit, Volume, VolumePerLength,
};
use itb::{Error, ErrorKind, units};

use crate::status::{Failure, ItbError, ItbStatus};

/// Mass: `mcg`, microgram.
pub const ITB_UNIT_MCG: u32 = 101;
/// Mass: `mg`, milligram.
pub const ITB_UNIT_MG: u32 = 102;
/// Volume: `mL`, millilitre.
pub const ITB_UNIT_ML: u32 = 201;
/// Concentration: `mcg/mL`.
pub const ITB_UNIT_MCG_PER_ML: u32 = 301;
/// Concentration: `mg/mL`.
pub const ITB_UNIT_MG_PER_ML: u32 = 302;
/// Dose rate: `mcg/day`.
pub const ITB_UNIT_MCG_PER_DAY: u32 = 401;
/// Dose rate: `mg/day`.
pub const ITB_UNIT_MG_PER_DAY: u32 = 402;
/// Dose rate: `mcg/h`.
pub const ITB_UNIT_MCG_PER_HOUR: u32 = 403;
/// Dose rate: `mg/h`.
pub const ITB_UNIT_MG_PER_HOUR: u32 = 404;
/// Dose rate: `mcg/min`.
pub const ITB_UNIT_MCG_PER_MINUTE: u32 = 405;
/// Dose rate: `mg/min`.
pub const ITB_UNIT_MG_PER_MINUTE: u32 = 406;
/// Flow rate: `mL/day`.
pub const ITB_UNIT_ML_PER_DAY: u32 = 501;
/// Flow rate: `mL/h`.
pub const ITB_UNIT_ML_PER_HOUR: u32 = 502;
/// Flow rate: `mL/min`.
pub const ITB_UNIT_ML_PER_MINUTE: u32 = 503;
/// Duration: `day`.
pub const ITB_UNIT_DAY: u32 = 601;
/// Duration: `h`, hour.
pub const ITB_UNIT_HOUR: u32 = 602;
/// Duration: `min`, minute.
pub const ITB_UNIT_MINUTE: u32 = 603;
/// Length: `cm`.
pub const ITB_UNIT_CM: u32 = 701;
/// Volume per length of catheter: `mL/cm`.
pub const ITB_UNIT_ML_PER_CM: u32 = 801;
/// `year` (365 days): ages in findings. Output only: refused in a typed input
/// (`ITB_STATUS_INVALID_UNIT`); ages come in as `age_years`.
pub const ITB_UNIT_YEAR: u32 = 604;
/// `%`: a change in findings. Output only: refused in a typed input; changes come in as
/// `change_percent`.
pub const ITB_UNIT_PERCENT: u32 = 901;
/// `step`: a count of flex steps in findings. Output only.
pub const ITB_UNIT_STEP: u32 = 1001;

/// Every code with its core unit (the symbols are the core's: `Unit::c_symbol`).
const UNITS: [(u32, Unit); 22] = [
    (ITB_UNIT_MCG, Unit::Microgram),
    (ITB_UNIT_MG, Unit::Milligram),
    (ITB_UNIT_ML, Unit::Milliliter),
    (ITB_UNIT_MCG_PER_ML, Unit::McgPerMl),
    (ITB_UNIT_MG_PER_ML, Unit::MgPerMl),
    (ITB_UNIT_MCG_PER_DAY, Unit::McgPerDay),
    (ITB_UNIT_MG_PER_DAY, Unit::MgPerDay),
    (ITB_UNIT_MCG_PER_HOUR, Unit::McgPerHour),
    (ITB_UNIT_MG_PER_HOUR, Unit::MgPerHour),
    (ITB_UNIT_MCG_PER_MINUTE, Unit::McgPerMinute),
    (ITB_UNIT_MG_PER_MINUTE, Unit::MgPerMinute),
    (ITB_UNIT_ML_PER_DAY, Unit::MlPerDay),
    (ITB_UNIT_ML_PER_HOUR, Unit::MlPerHour),
    (ITB_UNIT_ML_PER_MINUTE, Unit::MlPerMinute),
    (ITB_UNIT_DAY, Unit::Day),
    (ITB_UNIT_HOUR, Unit::Hour),
    (ITB_UNIT_MINUTE, Unit::Minute),
    (ITB_UNIT_CM, Unit::Centimeter),
    (ITB_UNIT_ML_PER_CM, Unit::MlPerCm),
    (ITB_UNIT_YEAR, Unit::Year),
    (ITB_UNIT_PERCENT, Unit::Percent),
    (ITB_UNIT_STEP, Unit::Step),
];

/// The core unit of a code, if the code is one.
pub(crate) fn unit_of(code: u32) -> Option<Unit> {
    UNITS.iter().find(|(c, _)| *c == code).map(|(_, u)| *u)
}

/// The code of a core unit. Every core unit has one (a test checks); a unit added to the core
/// but not here is reported as `ITB_STATUS_INTERNAL`, never as a made-up code.
pub(crate) fn code_of(unit: Unit) -> Result<u32, Failure> {
    match UNITS.iter().find(|(_, u)| *u == unit) {
        Some((code, _)) => Ok(*code),
        None => Err(Failure::new(
            ItbStatus::Internal,
            "",
            format!(
                "unit {} has no ITB_UNIT_* code in this version of the C binding",
                unit.symbol()
            ),
        )),
    }
}

/// Units the library gives but never reads as a typed input: ages come in as `age_years` and
/// changes as `change_percent`, plain numbers named with their unit (as in the protocol, which
/// never parses them from a quantity).
const OUTPUT_ONLY: [Unit; 2] = [Unit::Year, Unit::Percent];

/// `"301 (mcg/mL), 302 (mg/mL)"`: the input codes of a dimension, or every code when `None`.
fn allowed_codes(dimension: Option<Dimension>) -> String {
    let wanted = UNITS.iter().filter(|(_, u)| match dimension {
        Some(d) => u.dimension() == d && !OUTPUT_ONLY.contains(u),
        None => true,
    });
    let list: Vec<String> = wanted
        .map(|(c, u)| format!("{c} ({})", u.symbol()))
        .collect();
    list.join(", ")
}

/// `ITB_STATUS_INVALID_UNIT` for a unit field (`"daily_dose.unit"`) holding no code, or an
/// output-only one where a typed input is read.
pub(crate) fn invalid_unit(field: &str, code: u32, dimension: Option<Dimension>) -> Failure {
    let what = dimension.map_or("a unit", Dimension::describe);
    let problem = match unit_of(code) {
        Some(unit) => format!("{code} ({}) is output only", unit.symbol()),
        None => format!("{code} is not an ITB_UNIT_* code"),
    };
    let message = format!(
        "{field}: {problem}; allowed: {what}: {}",
        allowed_codes(dimension)
    );
    Failure::new(ItbStatus::InvalidUnit, field, message)
}

/// The symbol of a unit code (`"mcg/mL"` for `ITB_UNIT_MCG_PER_ML`), for printing a value
/// with its unit.
///
/// Returns `ITB_STATUS_INVALID_UNIT` for an unknown code and `ITB_STATUS_NULL_POINTER` when
/// `symbol` is NULL; on success `*symbol` points at a static NUL-terminated string (never to be
/// freed) and on failure it is left untouched.
///
/// # Safety
/// `symbol` is NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *symbol was written"]
pub unsafe extern "C" fn itb_unit_symbol(unit: u32, symbol: *mut *const c_char) -> ItbStatus {
    ffi_panic_boundary!(std::ptr::null_mut(), {
        let out = try_out!(symbol, "symbol");
        let Some(core_unit) = unit_of(unit) else {
            return Err(invalid_unit("unit", unit, None));
        };
        // SAFETY: checked non-NULL; valid for writes by the caller's contract.
        unsafe { out.write(core_unit.c_symbol().as_ptr()) };
        Ok(())
    })
}

/// Converts a quantity to another unit of its dimension (`"10 mg/20 mL"` is 0.5 mg/mL is
/// 500 mcg/mL). The result is rounded to 12 significant digits, which removes binary noise
/// (0.1 mg is exactly 100 mcg) and keeps every digit a clinician could mean.
///
/// Errors: an unknown code in `quantity.unit` or `to_unit` → `ITB_STATUS_INVALID_UNIT`; a
/// `to_unit` of another dimension → `ITB_STATUS_UNIT_MISMATCH`; a NaN or infinite value, or one
/// too large to hold in every unit of its dimension → `ITB_STATUS_NOT_FINITE`; a negative value
/// → `ITB_STATUS_NEGATIVE`; `out` NULL → `ITB_STATUS_NULL_POINTER`.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbQuantity`; `error` is NULL or valid for a
/// write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_convert(
    quantity: ItbQuantity,
    to_unit: u32,
    out: *mut ItbQuantity,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        // The core's request holds units, so the codes are decoded first.
        let from = unit_of(quantity.unit)
            .ok_or_else(|| invalid_unit("quantity.unit", quantity.unit, None))?;
        let to = unit_of(to_unit).ok_or_else(|| invalid_unit("to_unit", to_unit, None))?;
        let request = ConvertRequest {
            quantity: Measure::new(quantity.value, from),
            to,
        };
        let converted = units::convert(&request).map_err(|e| match e.field {
            // The core names the target `to`, as the protocol does; here it is `to_unit`.
            "to" => Error {
                field: "to_unit",
                ..e
            },
            _ => e,
        })?;
        let result = ItbQuantity {
            value: converted.quantity.value,
            unit: code_of(converted.quantity.unit)?,
        };
        // SAFETY: checked non-NULL; valid for writes by the caller's contract.
        unsafe { out.write(result) };
        Ok(())
    })
}

/// A quantity of any dimension (the input and output of `itb_convert`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbQuantity {
    /// The number, in `unit`.
    pub value: f64,
    /// Any `ITB_UNIT_*` code.
    pub unit: u32,
}

/// A mass: a dose or an amount of drug.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbMass {
    /// The number, in `unit`.
    pub value: f64,
    /// `ITB_UNIT_MCG` or `ITB_UNIT_MG`.
    pub unit: u32,
}

/// A volume: a reservoir, a fill, a drawn volume.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbVolume {
    /// The number, in `unit`.
    pub value: f64,
    /// `ITB_UNIT_ML`.
    pub unit: u32,
}

/// A concentration of baclofen in solution.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbConcentration {
    /// The number, in `unit`.
    pub value: f64,
    /// `ITB_UNIT_MCG_PER_ML` or `ITB_UNIT_MG_PER_ML`.
    pub unit: u32,
}

/// A dose rate: a daily dose, an hourly rate.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbDoseRate {
    /// The number, in `unit`.
    pub value: f64,
    /// `ITB_UNIT_MCG_PER_DAY`, `ITB_UNIT_MG_PER_DAY`, `ITB_UNIT_MCG_PER_HOUR`,
    /// `ITB_UNIT_MG_PER_HOUR`, `ITB_UNIT_MCG_PER_MINUTE` or `ITB_UNIT_MG_PER_MINUTE`.
    pub unit: u32,
}

/// A flow rate: the volume a pump delivers per unit of time.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbFlowRate {
    /// The number, in `unit`.
    pub value: f64,
    /// `ITB_UNIT_ML_PER_DAY`, `ITB_UNIT_ML_PER_HOUR` or `ITB_UNIT_ML_PER_MINUTE`.
    pub unit: u32,
}

/// A duration.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbDuration {
    /// The number, in `unit`.
    pub value: f64,
    /// `ITB_UNIT_DAY`, `ITB_UNIT_HOUR` or `ITB_UNIT_MINUTE`.
    pub unit: u32,
}

/// A length: a catheter length.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbLength {
    /// The number, in `unit`.
    pub value: f64,
    /// `ITB_UNIT_CM`.
    pub unit: u32,
}

/// A volume per length of catheter.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbVolumePerLength {
    /// The number, in `unit`.
    pub value: f64,
    /// `ITB_UNIT_ML_PER_CM`.
    pub unit: u32,
}

/// A typed quantity struct and the core quantity of its dimension.
pub(crate) trait Typed: Copy {
    /// The core (uom) quantity.
    type Quantity: ClinicalQuantity;
    /// The value and the unit code.
    fn parts(self) -> (f64, u32);
    /// A struct from a value and a unit code.
    fn from_parts(value: f64, unit: u32) -> Self;
}

macro_rules! typed {
    ($($name:ident => $quantity:ty),+ $(,)?) => {$(
        impl Typed for $name {
            type Quantity = $quantity;
            fn parts(self) -> (f64, u32) {
                (self.value, self.unit)
            }
            fn from_parts(value: f64, unit: u32) -> Self {
                $name { value, unit }
            }
        }
    )+};
}

typed!(
    ItbMass => Mass,
    ItbVolume => Volume,
    ItbConcentration => Concentration,
    ItbDoseRate => DoseRate,
    ItbFlowRate => FlowRate,
    ItbDuration => Duration,
    ItbLength => Length,
    ItbVolumePerLength => VolumePerLength,
);

/// The codes of a request that the binding could not decode (a unit code that is none, an
/// origin code that is none, 25:00), each kept as the core's unreadable input and reported
/// when the core reaches its field, so the errors come in the protocol's order.
#[derive(Debug, Default)]
pub(crate) struct Unread(Vec<(String, ErrorKind, Failure)>);

impl Unread {
    /// The core input of a typed struct; an unknown or output-only unit code is unreadable
    /// (`ITB_STATUS_INVALID_UNIT` on `field.unit` when the core reaches `field`).
    pub(crate) fn input<T: Typed>(&mut self, typed: T, field: &str) -> Input<T::Quantity> {
        self.input_named(typed, || field.to_owned())
    }

    /// As [`Unread::input`], the field's name made only when the unit code is unreadable (an
    /// element of a long array: `times[999]`).
    pub(crate) fn input_named<T: Typed>(
        &mut self,
        typed: T,
        field: impl FnOnce() -> String,
    ) -> Input<T::Quantity> {
        let (value, code) = typed.parts();
        match unit_of(code).filter(|u| !OUTPUT_ONLY.contains(u)) {
            Some(unit) => Input::new(value, unit),
            None => {
                let field = field();
                let dimension = <T::Quantity as ClinicalQuantity>::DIMENSION;
                let failure = invalid_unit(&format!("{field}.unit"), code, Some(dimension));
                self.keep(&field, ErrorKind::UnitUnknown, failure);
                Input::unreadable(ErrorKind::UnitUnknown)
            }
        }
    }

    /// The result of a core computation, borrowed, or its failure (as [`Unread::fail`]).
    ///
    /// Borrowing is the point: a core result holds its findings inline (about 1 KB), and
    /// `result.map_err(..)?` moves it into a new `Result` and out again, two copies that cost
    /// more than the small computations themselves.
    pub(crate) fn check<'r, T>(&self, result: &'r Result<T, Error>) -> Result<&'r T, Failure> {
        match result {
            Ok(value) => Ok(value),
            Err(e) => Err(self.fail(*e)),
        }
    }

    /// Keeps `failure` for `field`, reported when the core reports `kind` on that field.
    pub(crate) fn keep(&mut self, field: &str, kind: ErrorKind, failure: Failure) {
        self.0.push((field.to_owned(), kind, failure));
    }

    /// The failure of a core error: the binding's own report when the error is one of the
    /// unreadable codes kept here, else the core's.
    pub(crate) fn fail(&self, e: Error) -> Failure {
        let reported = Failure::from(e);
        let kept = self
            .0
            .iter()
            .find(|(field, kind, _)| *kind == e.kind && *field == reported.field);
        match kept {
            Some((_, _, failure)) => failure.clone(),
            None => reported,
        }
    }
}

/// A core quantity as its typed struct, in `unit` (snapped to clinical precision).
pub(crate) fn output<T: Typed>(quantity: &T::Quantity, unit: Unit) -> Result<T, Failure> {
    Ok(T::from_parts(quantity.value_in(unit)?, code_of(unit)?))
}

/// A typed quantity that may be negative (a `refill_due` read back in): its unit code checked
/// (`ITB_STATUS_INVALID_UNIT`, `UNIT_MISMATCH`) and its value finite, of any sign.
pub(crate) fn signed_input<T: Typed>(
    typed: T,
    field: &'static str,
) -> Result<T::Quantity, Failure> {
    let (value, code) = typed.parts();
    let mut unread = Unread::default();
    let magnitude = unread.input(T::from_parts(value.abs(), code), field);
    magnitude.read(field).map_err(|e| unread.fail(e))?;
    let unit = unit_of(code).ok_or_else(|| invalid_unit(field, code, None))?;
    T::Quantity::from_unit(value, unit).ok_or_else(|| {
        let message = format!("{field}: the unit was checked but the core refuses it");
        Failure::new(ItbStatus::Internal, field, message)
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;

    /// A typed input as the core reads it, errors as the binding reports them.
    fn input<T: Typed>(typed: T, field: &'static str) -> Result<T::Quantity, Failure> {
        let mut unread = Unread::default();
        let given = unread.input(typed, field);
        given.read(field).map_err(|e| unread.fail(e))
    }

    #[test]
    fn every_core_unit_has_one_code_in_the_hundred_of_its_dimension() {
        let hundred = |d: Dimension| match d {
            Dimension::Mass => 1,
            Dimension::Volume => 2,
            Dimension::Concentration => 3,
            Dimension::DoseRate => 4,
            Dimension::FlowRate => 5,
            Dimension::Duration => 6,
            Dimension::Length => 7,
            Dimension::VolumePerLength => 8,
            Dimension::Ratio => 9,
            Dimension::Count => 10,
        };
        assert_eq!(UNITS.len(), Unit::ALL.len());
        for unit in Unit::ALL {
            let code = code_of(unit).unwrap();
            assert_eq!(code / 100, hundred(unit.dimension()), "{unit:?}");
            assert_eq!(unit_of(code), Some(unit));
        }
    }

    #[test]
    fn codes_are_fixed() {
        // By hand: these numbers are the ABI and are never renumbered.
        let fixed = [
            (Unit::Microgram, 101),
            (Unit::Milligram, 102),
            (Unit::Milliliter, 201),
            (Unit::McgPerMl, 301),
            (Unit::MgPerMl, 302),
            (Unit::McgPerDay, 401),
            (Unit::MgPerDay, 402),
            (Unit::McgPerHour, 403),
            (Unit::MgPerHour, 404),
            (Unit::McgPerMinute, 405),
            (Unit::MgPerMinute, 406),
            (Unit::MlPerDay, 501),
            (Unit::MlPerHour, 502),
            (Unit::MlPerMinute, 503),
            (Unit::Day, 601),
            (Unit::Hour, 602),
            (Unit::Minute, 603),
            (Unit::Centimeter, 701),
            (Unit::MlPerCm, 801),
            (Unit::Year, 604),
            (Unit::Percent, 901),
            (Unit::Step, 1001),
        ];
        for (unit, code) in fixed {
            assert_eq!(code_of(unit).unwrap(), code, "{unit:?}");
        }
    }

    #[test]
    fn symbols_are_the_core_symbols() {
        for (code, unit) in UNITS {
            let mut symbol: *const c_char = std::ptr::null();
            // SAFETY: `symbol` is a valid place for one pointer.
            let status = unsafe { itb_unit_symbol(code, &mut symbol) };
            assert_eq!(status, ItbStatus::Ok);
            // SAFETY: on success the library wrote a static NUL-terminated string.
            assert_eq!(unsafe { CStr::from_ptr(symbol) }, unit.c_symbol());
        }
    }

    #[test]
    fn unit_symbol_refuses_unknown_codes_and_null_and_writes_nothing() {
        let untouched: *const c_char = c"untouched".as_ptr();
        let mut symbol = untouched;
        for code in [0, 100, 103, 999, u32::MAX] {
            // SAFETY: `symbol` is a valid place for one pointer.
            let status = unsafe { itb_unit_symbol(code, &mut symbol) };
            assert_eq!(status, ItbStatus::InvalidUnit, "{code}");
            assert_eq!(symbol, untouched);
        }
        // SAFETY: NULL is allowed and refused.
        let status = unsafe { itb_unit_symbol(ITB_UNIT_MG, std::ptr::null_mut()) };
        assert_eq!(status, ItbStatus::NullPointer);
    }

    #[test]
    fn inputs_are_checked_code_dimension_value() {
        let c = |value, unit| input(ItbConcentration { value, unit }, "concentration");
        assert!(c(2.0, ITB_UNIT_MG_PER_ML).is_ok());
        let e = c(2.0, 9999).unwrap_err();
        assert_eq!(
            (e.status, e.field.as_str()),
            (ItbStatus::InvalidUnit, "concentration.unit")
        );
        assert_eq!(
            e.message,
            "concentration.unit: 9999 is not an ITB_UNIT_* code; allowed: a concentration (mcg/mL, \
             mg/mL or amount/volume like 10 mg/20 mL): 301 (mcg/mL), 302 (mg/mL)"
        );
        let e = c(2.0, ITB_UNIT_MG).unwrap_err();
        assert_eq!(
            (e.status, e.field.as_str()),
            (ItbStatus::UnitMismatch, "concentration")
        );
        assert_eq!(
            c(f64::NAN, ITB_UNIT_MG_PER_ML).unwrap_err().status,
            ItbStatus::NotFinite
        );
        assert_eq!(
            c(f64::INFINITY, ITB_UNIT_MG_PER_ML).unwrap_err().status,
            ItbStatus::NotFinite
        );
        assert_eq!(
            c(-1.0, ITB_UNIT_MG_PER_ML).unwrap_err().status,
            ItbStatus::Negative
        );
    }

    #[test]
    fn output_only_units_are_refused_as_inputs() {
        let years = ItbDuration {
            value: 1.0,
            unit: ITB_UNIT_YEAR,
        };
        let e = input(years, "effect_duration").unwrap_err();
        assert_eq!(
            (e.status, e.field.as_str(), e.message.as_str()),
            (
                ItbStatus::InvalidUnit,
                "effect_duration.unit",
                "effect_duration.unit: 604 (year) is output only; allowed: a duration (day, h or \
                 min): 601 (day), 602 (h), 603 (min)"
            )
        );
        // Still a code, for itb_unit_symbol and itb_convert.
        assert_eq!(unit_of(ITB_UNIT_YEAR), Some(Unit::Year));
    }
}
