//! Quantities, the unit vocabulary, parsing and ISMP-safe formatting.
//!
//! # Types
//! Every dose, volume and rate is a [`uom`] quantity: [`Mass`], [`Volume`], [`Concentration`],
//! [`DoseRate`], [`FlowRate`], [`Duration`], [`Length`] and [`VolumePerLength`]. A mass can never
//! be passed where a concentration is expected; the compiler refuses it.
//!
//! # Exactness: snapping at the edges
//! uom stores SI base units (kg, m³, s), so 500 mcg/day ÷ 2000 mcg/mL passes through
//! 5.787e-12 kg/s and comes back as 0.25000000000000006 mL/day. We keep uom's SI storage (it is
//! what every uom user expects, and a clinical base system would still not make mg→mcg or h→day
//! exact in binary floating point) and instead *snap at the edges*: every number that leaves a
//! quantity — to be compared with a clinical threshold, counted, or shown — goes through
//! [`snap`], which rounds to 12 significant digits. Floating-point noise lives in the 16th digit,
//! clinical precision in the 3rd or 4th, so 12 digits removes the noise and keeps every digit a
//! clinician could mean. Thresholds are then compared on snapped values, which makes "exactly
//! 2 mL is not above 2 mL" true (20 mL − 60 day × 0.25 mL/day gives 5 mL, not 4.999…).
//!
//! ```
//! use itb::units::{Concentration, DoseRate, FlowRate, ClinicalQuantity, Unit};
//! use itb::units::si::{mass_concentration::microgram_per_milliliter};
//! use itb::units::clinical::mass_rate::microgram_per_day;
//!
//! let dose = DoseRate::new::<microgram_per_day>(500.0);
//! let concentration = Concentration::new::<microgram_per_milliliter>(2000.0);
//! let flow: FlowRate = (dose / concentration).into();
//! assert_eq!(flow.value_in(Unit::MlPerDay)?, 0.25); // exactly, not 0.25000000000000006
//! # Ok::<(), itb::Error>(())
//! ```
//!
//! # Text
//! [`Measure`] is a number tagged with its [`Unit`]: what crosses the C, Python and JSON
//! boundaries. Its `Display` follows ISMP safe writing: a leading zero (`0.5 mL`), no trailing
//! zero (`2 mg`), thousands separators (`2,000 mcg/mL`), `mcg` never `µg`, and only the fractional
//! part rounded, to at most 4 significant figures in all.

use core::fmt::{self, Write as _};

use crate::error::{Error, ErrorKind};

pub use uom::si;

/// Mass: a dose or an amount of drug (mcg, mg).
pub type Mass = si::f64::Mass;
/// Volume: a reservoir, a fill, a drawn or discarded volume (mL).
pub type Volume = si::f64::Volume;
/// Concentration of baclofen in solution (mcg/mL, mg/mL).
pub type Concentration = si::f64::MassConcentration;
/// Dose rate: a daily dose or an hourly flex rate (mcg/day, mcg/h, mg/day...).
pub type DoseRate = si::f64::MassRate;
/// Flow rate: volume delivered per unit of time (mL/day, mL/h).
pub type FlowRate = si::f64::VolumeRate;
/// Duration (day, h, min).
pub type Duration = si::f64::Time;
/// Length: a catheter length (cm).
pub type Length = si::f64::Length;
/// Volume per length of catheter (mL/cm). Dimensionally an area (m³/m = m²), hence the type.
pub type VolumePerLength = si::f64::Area;
/// A dimensionless ratio: a dose change or a delivery error (%).
pub type Ratio = si::f64::Ratio;

/// The clinical units uom does not define, added with `unit!`.
pub mod clinical {
    /// Dose rates per day, hour and minute.
    pub mod mass_rate {
        unit! {
            system: uom::si;
            quantity: uom::si::mass_rate;

            @microgram_per_day: 1.0E-9 / 86_400.0; "mcg/day", "microgram per day", "micrograms per day";
            @milligram_per_day: 1.0E-6 / 86_400.0; "mg/day", "milligram per day", "milligrams per day";
            @microgram_per_hour: 1.0E-9 / 3_600.0; "mcg/h", "microgram per hour", "micrograms per hour";
            @milligram_per_hour: 1.0E-6 / 3_600.0; "mg/h", "milligram per hour", "milligrams per hour";
            @microgram_per_minute: 1.0E-9 / 60.0; "mcg/min", "microgram per minute", "micrograms per minute";
            @milligram_per_minute: 1.0E-6 / 60.0; "mg/min", "milligram per minute", "milligrams per minute";
        }
    }
    /// Flow rates per day, hour and minute.
    pub mod volume_rate {
        unit! {
            system: uom::si;
            quantity: uom::si::volume_rate;

            @milliliter_per_day: 1.0E-6 / 86_400.0; "mL/day", "milliliter per day", "milliliters per day";
            @milliliter_per_hour: 1.0E-6 / 3_600.0; "mL/h", "milliliter per hour", "milliliters per hour";
            @milliliter_per_minute: 1.0E-6 / 60.0; "mL/min", "milliliter per minute", "milliliters per minute";
        }
    }
    /// Catheter volume per length.
    pub mod volume_per_length {
        unit! {
            system: uom::si;
            quantity: uom::si::area;

            @milliliter_per_centimeter: 1.0E-6 / 1.0E-2; "mL/cm", "milliliter per centimeter", "milliliters per centimeter";
        }
    }
}

/// The physical dimension of a [`Unit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// mcg, mg
    Mass,
    /// mL
    Volume,
    /// mcg/mL, mg/mL
    Concentration,
    /// mcg/day, mg/day, mcg/h, mg/h, mcg/min, mg/min
    DoseRate,
    /// mL/day, mL/h, mL/min
    FlowRate,
    /// day, h, min
    Duration,
    /// cm
    Length,
    /// mL/cm
    VolumePerLength,
    /// % (a change, a delivery error): output only, never parsed from a quantity string.
    Ratio,
    /// A count of flex steps: output only.
    Count,
}

impl Dimension {
    /// A short description for error messages, naming the units allowed.
    pub const fn describe(self) -> &'static str {
        match self {
            Dimension::Mass => "a mass (mcg or mg)",
            Dimension::Volume => "a volume (mL)",
            Dimension::Concentration => {
                "a concentration (mcg/mL, mg/mL or amount/volume like 10 mg/20 mL)"
            }
            Dimension::DoseRate => "a dose rate (mcg/day, mg/day, mcg/h, mg/h, mcg/min or mg/min)",
            Dimension::FlowRate => "a flow rate (mL/day, mL/h or mL/min)",
            Dimension::Duration => "a duration (day, h or min)",
            Dimension::Length => "a length (cm)",
            Dimension::VolumePerLength => "a volume per length (mL/cm)",
            Dimension::Ratio => "a percentage (%)",
            Dimension::Count => "a count of steps",
        }
    }
}

/// Every unit itb accepts. The canonical spelling is [`Unit::symbol`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// microgram, `mcg`
    Microgram,
    /// milligram, `mg`
    Milligram,
    /// millilitre, `mL`
    Milliliter,
    /// `mcg/mL`
    McgPerMl,
    /// `mg/mL`
    MgPerMl,
    /// `mcg/day`
    McgPerDay,
    /// `mg/day`
    MgPerDay,
    /// `mcg/h`
    McgPerHour,
    /// `mg/h`
    MgPerHour,
    /// `mcg/min`
    McgPerMinute,
    /// `mg/min`
    MgPerMinute,
    /// `mL/day`
    MlPerDay,
    /// `mL/h`
    MlPerHour,
    /// `mL/min`
    MlPerMinute,
    /// `day`
    Day,
    /// `h`
    Hour,
    /// `min`
    Minute,
    /// `cm`
    Centimeter,
    /// `mL/cm`
    MlPerCm,
    /// `year` (365 days): an age. Output only; ages come in as `age_years` numbers.
    Year,
    /// `%`: a change or an error. Output only; percentages come in as plain numbers.
    Percent,
    /// `step`: a count of flex steps. Output only.
    Step,
}

impl Unit {
    /// Every unit, in a fixed order.
    pub const ALL: [Unit; 22] = [
        Unit::Microgram,
        Unit::Milligram,
        Unit::Milliliter,
        Unit::McgPerMl,
        Unit::MgPerMl,
        Unit::McgPerDay,
        Unit::MgPerDay,
        Unit::McgPerHour,
        Unit::MgPerHour,
        Unit::McgPerMinute,
        Unit::MgPerMinute,
        Unit::MlPerDay,
        Unit::MlPerHour,
        Unit::MlPerMinute,
        Unit::Day,
        Unit::Hour,
        Unit::Minute,
        Unit::Centimeter,
        Unit::MlPerCm,
        Unit::Year,
        Unit::Percent,
        Unit::Step,
    ];

    /// The canonical ASCII symbol: `mcg`, `mg/mL`, `mL/day`...
    pub const fn symbol(self) -> &'static str {
        crate::finding::text(self.c_symbol())
    }

    /// The same, NUL-terminated.
    pub const fn c_symbol(self) -> &'static core::ffi::CStr {
        match self {
            Unit::Microgram => c"mcg",
            Unit::Milligram => c"mg",
            Unit::Milliliter => c"mL",
            Unit::McgPerMl => c"mcg/mL",
            Unit::MgPerMl => c"mg/mL",
            Unit::McgPerDay => c"mcg/day",
            Unit::MgPerDay => c"mg/day",
            Unit::McgPerHour => c"mcg/h",
            Unit::MgPerHour => c"mg/h",
            Unit::McgPerMinute => c"mcg/min",
            Unit::MgPerMinute => c"mg/min",
            Unit::MlPerDay => c"mL/day",
            Unit::MlPerHour => c"mL/h",
            Unit::MlPerMinute => c"mL/min",
            Unit::Day => c"day",
            Unit::Hour => c"h",
            Unit::Minute => c"min",
            Unit::Centimeter => c"cm",
            Unit::MlPerCm => c"mL/cm",
            Unit::Year => c"year",
            Unit::Percent => c"%",
            Unit::Step => c"step",
        }
    }

    /// The dimension this unit measures.
    pub const fn dimension(self) -> Dimension {
        match self {
            Unit::Microgram | Unit::Milligram => Dimension::Mass,
            Unit::Milliliter => Dimension::Volume,
            Unit::McgPerMl | Unit::MgPerMl => Dimension::Concentration,
            Unit::McgPerDay
            | Unit::MgPerDay
            | Unit::McgPerHour
            | Unit::MgPerHour
            | Unit::McgPerMinute
            | Unit::MgPerMinute => Dimension::DoseRate,
            Unit::MlPerDay | Unit::MlPerHour | Unit::MlPerMinute => Dimension::FlowRate,
            Unit::Day | Unit::Hour | Unit::Minute | Unit::Year => Dimension::Duration,
            Unit::Centimeter => Dimension::Length,
            Unit::MlPerCm => Dimension::VolumePerLength,
            Unit::Percent => Dimension::Ratio,
            Unit::Step => Dimension::Count,
        }
    }

    /// Parses a unit on its own (`"mg/mL"`, `"micrograms per day"`, `"µg"`), as in a
    /// `convert` request's `to`. A number inside (`"mg/5 mL"`) is refused: that is a quantity.
    pub fn parse(text: &str) -> Result<Unit, ParseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ParseError::new(ErrorKind::UnitRequired, "no unit given"));
        }
        if split_number(text).is_ok() {
            return Err(ParseError::new(
                ErrorKind::InvalidValue,
                "a unit was expected, not a quantity with a number",
            ));
        }
        match parse_unit_expr(text)? {
            (unit, None) => Ok(unit),
            (_, Some(_)) => Err(ParseError::new(
                ErrorKind::InvalidValue,
                "a unit was expected, not a quantity with a number",
            )),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// Rounds to 12 significant digits: the snap applied to every number leaving a quantity.
///
/// Values whose leading digit is outside 1e-11 ..< 1e34, zero and non-finite values are
/// returned unchanged: the power of ten that puts 12 digits before the point must be exact in
/// f64 (up to 1e22), or the scaling would add the noise it removes.
pub fn snap(x: f64) -> f64 {
    let Some(exponent) = decimal_exponent(x) else {
        return x;
    };
    let shift = 11 - exponent;
    if shift == 0 {
        round(x)
    } else if shift > 0 {
        let p = POW10[shift as usize];
        round(x * p) / p
    } else {
        let p = POW10[(-shift) as usize];
        round(x / p) * p
    }
}

/// Half away from zero: the processor's rounding with `std`, libm's without.
#[cfg(feature = "std")]
fn round(x: f64) -> f64 {
    x.round()
}

/// Half away from zero: the processor's rounding with `std`, libm's without.
#[cfg(not(feature = "std"))]
fn round(x: f64) -> f64 {
    libm::round(x)
}

/// The decimal exponent of the leading digit of `x` (`floor(log10 |x|)`), for `|x|` from 1e-11
/// to below 1e34; `None` outside, for zero and for non-finite values.
///
/// Without a logarithm: the binary exponent gives it within one (log10 of 2^e is e × 0.30103),
/// and one comparison with an exact power of ten settles it. This is what makes the snap cost
/// about as much as the division it cleans.
fn decimal_exponent(x: f64) -> Option<i32> {
    let a = x.abs();
    if !(MIN_SNAPPED..MAX_SNAPPED).contains(&a) {
        return None;
    }
    let binary = ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    // floor(binary × log10 2) is the exponent or one less (a is below 2^(binary + 1)); in
    // integers, 78913 / 2^18 is log10 2 to 6 digits, exact for |binary| below 1,700, and the
    // arithmetic shift floors negative values too.
    let estimate = (binary * 78_913) >> 18;
    let next = estimate + 1;
    let at_least_next = match next {
        0..=34 => a >= POW10[next as usize],
        // Below 1: the f64 nearest 10^next, as the literal would be.
        -22..=-1 => a >= NEG_POW10[(-next) as usize],
        _ => false, // outside the range checked above
    };
    Some(if at_least_next { next } else { estimate })
}

/// The smallest and the first too large magnitude [`snap`] rounds (see there).
const MIN_SNAPPED: f64 = 1e-11;
const MAX_SNAPPED: f64 = 1e34;

/// `a − b` computed on snapped clinical values, then snapped: the way every subtraction of
/// quantities is done, so that 20 mL − 20 mL is exactly 0 mL (not −3.4e-15 mL) and
/// 20 mL − 60 day × 0.25 mL/day is exactly 5 mL.
///
/// ```
/// use itb::units::{difference, ClinicalQuantity, Volume, Unit};
/// let fill = Volume::from_unit(20.0, Unit::Milliliter).unwrap();
/// let used = Volume::from_unit(15.000000000000002, Unit::Milliliter).unwrap();
/// assert_eq!(difference(fill, used).value_in(Unit::Milliliter).unwrap(), 5.0);
/// ```
pub fn difference<Q: ClinicalQuantity>(a: Q, b: Q) -> Q {
    let v = snap(a.canonical() - b.canonical());
    // from_unit cannot miss: CANONICAL belongs to the quantity's own dimension.
    Q::from_unit(v, Q::CANONICAL).unwrap_or(a)
}

/// 10^-k, the f64 nearest each (as the literal `1e-k` is).
const NEG_POW10: [f64; 23] = [
    1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14,
    1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
];

/// 10^k, the f64 of each literal: exact up to 1e22 (the only ones that scale a value).
const POW10: [f64; 35] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32,
    1e33, 1e34,
];

/// A uom quantity that itb knows how to build from, and read in, its clinical units.
pub trait ClinicalQuantity: Sized + Copy {
    /// The dimension of this quantity.
    const DIMENSION: Dimension;
    /// The unit used for clinical thresholds and for output (mcg, mL, mcg/mL, mcg/day, mL/day,
    /// h, cm, mL/cm).
    const CANONICAL: Unit;

    /// Builds the quantity from a value in `unit`; `None` when the unit has another dimension.
    fn from_unit(value: f64, unit: Unit) -> Option<Self>;

    /// The raw (unsnapped) value in `unit`; `None` when the unit has another dimension.
    fn raw_in(&self, unit: Unit) -> Option<f64>;

    /// The value in `unit`, snapped to clinical precision ([`snap`]).
    fn value_in(&self, unit: Unit) -> Result<f64, Error> {
        match self.raw_in(unit) {
            Some(v) => Ok(snap(v)),
            None => Err(Error::unit_mismatch("unit", Self::DIMENSION, unit)),
        }
    }

    /// The value in the canonical clinical unit, snapped: what thresholds are compared against.
    fn canonical(&self) -> f64 {
        // CANONICAL always belongs to DIMENSION, so raw_in cannot miss.
        snap(self.raw_in(Self::CANONICAL).unwrap_or(f64::NAN))
    }

    /// This quantity as a [`Measure`] in `unit` (snapped).
    /// A value that is not finite never leaves as a number (the safety net behind the rules'
    /// own checks): it is a `not_finite` error naming no input field.
    fn to_measure(&self, unit: Unit) -> Result<Measure, Error> {
        let value = self.value_in(unit)?;
        if !value.is_finite() {
            return Err(Error::new(
                ErrorKind::NotFinite,
                "",
                None,
                "inputs whose results are finite numbers",
            ));
        }
        Ok(Measure::new(value, unit))
    }

    /// Builds the quantity from a [`Measure`], checking what every clinical input must satisfy:
    /// the right dimension, a finite value that stays finite in every unit of its dimension,
    /// and not negative. `field` names the input in the error.
    fn from_measure(measure: Measure, field: &'static str) -> Result<Self, Error> {
        let Some(q) = Self::from_unit(measure.value, measure.unit) else {
            return Err(Error::unit_mismatch(field, Self::DIMENSION, measure.unit));
        };
        if !measure.value.is_finite() {
            return Err(Error::new(
                ErrorKind::NotFinite,
                field,
                Some(measure),
                "a finite number",
            ));
        }
        let overflows = Unit::ALL
            .iter()
            .filter(|u| u.dimension() == Self::DIMENSION)
            .any(|u| !q.raw_in(*u).is_some_and(f64::is_finite));
        if overflows {
            return Err(Error::new(
                ErrorKind::NotFinite,
                field,
                Some(measure),
                "a value that stays finite in every unit of its dimension",
            ));
        }
        if measure.value < 0.0 {
            return Err(Error::new(
                ErrorKind::Negative,
                field,
                Some(measure),
                "0 or more",
            ));
        }
        Ok(q)
    }
}

macro_rules! clinical_quantity {
    ($ty:ty, $dim:ident, $canon:ident, { $($unit:ident => $uom:ty),+ $(,)? }) => {
        impl ClinicalQuantity for $ty {
            const DIMENSION: Dimension = Dimension::$dim;
            const CANONICAL: Unit = Unit::$canon;
            fn from_unit(value: f64, unit: Unit) -> Option<Self> {
                match unit {
                    $(Unit::$unit => Some(<$ty>::new::<$uom>(value)),)+
                    _ => None,
                }
            }
            fn raw_in(&self, unit: Unit) -> Option<f64> {
                match unit {
                    $(Unit::$unit => Some(self.get::<$uom>()),)+
                    _ => None,
                }
            }
        }
    };
}

clinical_quantity!(Mass, Mass, Microgram, {
    Microgram => si::mass::microgram,
    Milligram => si::mass::milligram,
});
clinical_quantity!(Volume, Volume, Milliliter, { Milliliter => si::volume::milliliter });
clinical_quantity!(Concentration, Concentration, McgPerMl, {
    McgPerMl => si::mass_concentration::microgram_per_milliliter,
    MgPerMl => si::mass_concentration::milligram_per_milliliter,
});
clinical_quantity!(DoseRate, DoseRate, McgPerDay, {
    McgPerDay => clinical::mass_rate::microgram_per_day,
    MgPerDay => clinical::mass_rate::milligram_per_day,
    McgPerHour => clinical::mass_rate::microgram_per_hour,
    MgPerHour => clinical::mass_rate::milligram_per_hour,
    McgPerMinute => clinical::mass_rate::microgram_per_minute,
    MgPerMinute => clinical::mass_rate::milligram_per_minute,
});
clinical_quantity!(FlowRate, FlowRate, MlPerDay, {
    MlPerDay => clinical::volume_rate::milliliter_per_day,
    MlPerHour => clinical::volume_rate::milliliter_per_hour,
    MlPerMinute => clinical::volume_rate::milliliter_per_minute,
});
clinical_quantity!(Duration, Duration, Hour, {
    Day => si::time::day,
    Hour => si::time::hour,
    Minute => si::time::minute,
    Year => si::time::year,
});
clinical_quantity!(Ratio, Ratio, Percent, { Percent => si::ratio::percent });
clinical_quantity!(Length, Length, Centimeter, { Centimeter => si::length::centimeter });
clinical_quantity!(VolumePerLength, VolumePerLength, MlPerCm, {
    MlPerCm => clinical::volume_per_length::milliliter_per_centimeter,
});

/// The request of [`convert`]: a quantity of any dimension and the unit to give it in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConvertRequest {
    /// The quantity, not negative.
    pub quantity: Measure,
    /// A unit of the same dimension.
    pub to: Unit,
}

/// A converted quantity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Converted {
    /// The quantity in the unit asked for (snapped).
    pub quantity: Measure,
}

/// Converts a quantity to another unit of its dimension ([`Measure::convert`]).
///
/// ```
/// use itb::units::{convert, ConvertRequest, Measure, Unit};
/// let c = convert(&ConvertRequest { quantity: Measure::parse("10 mg/20 mL")?, to: Unit::McgPerMl })?;
/// assert_eq!(c.quantity.value, 500.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn convert(r: &ConvertRequest) -> Result<Converted, Error> {
    Ok(Converted {
        quantity: r.quantity.convert(r.to)?,
    })
}

/// A quantity input of the dimension of `Q`, as an operation's request holds it.
///
/// Rust callers build it from a typed quantity (`dose.into()`): the dimension is then fixed at
/// compile time. Front ends that receive a number and a unit (C, Python, JSON) build it from a
/// [`Measure`], and a front end that could not read a text at all keeps the kind of that failure
/// ([`Input::unreadable`]). Either way the operation checks its inputs itself, one field after
/// the other in the order of the request protocol, so every front end reports the same first
/// error.
///
/// ```
/// use itb::units::{ClinicalQuantity, DoseRate, Input, Measure, Unit};
/// let typed: Input<DoseRate> = DoseRate::from_unit(500.0, Unit::McgPerDay).unwrap().into();
/// let given: Input<DoseRate> = Measure::new(0.5, Unit::MgPerDay).into();
/// assert_eq!(typed.read("daily_dose")?.canonical(), given.read("daily_dose")?.canonical());
/// let wrong: Input<DoseRate> = Measure::new(2.0, Unit::MgPerMl).into();
/// assert_eq!(wrong.read("daily_dose").unwrap_err().kind, itb::ErrorKind::UnitMismatch);
/// # Ok::<(), itb::Error>(())
/// ```
pub struct Input<Q> {
    given: Result<Measure, ErrorKind>,
    quantity: core::marker::PhantomData<fn() -> Q>,
}

impl<Q: ClinicalQuantity> Input<Q> {
    /// A value in a unit, checked when the operation reads it.
    pub const fn new(value: f64, unit: Unit) -> Self {
        Input::measure(Measure::new(value, unit))
    }

    /// A measure, checked when the operation reads it.
    pub const fn measure(measure: Measure) -> Self {
        Input {
            given: Ok(measure),
            quantity: core::marker::PhantomData,
        }
    }

    /// An input a front end could not read (a text that is no quantity, a unit code it does not
    /// know): the operation reports `kind` on this field when it reaches it, so that an earlier
    /// field's error still comes first.
    pub const fn unreadable(kind: ErrorKind) -> Self {
        Input {
            given: Err(kind),
            quantity: core::marker::PhantomData,
        }
    }

    /// The measure given, or the kind of error that made it unreadable.
    pub const fn given(&self) -> Result<Measure, ErrorKind> {
        self.given
    }

    /// The quantity, checked as every clinical input is ([`ClinicalQuantity::from_measure`]):
    /// the right dimension, finite, not negative. `field` names it in the error.
    pub fn read(&self, field: &'static str) -> Result<Q, Error> {
        match self.given {
            Ok(measure) => Q::from_measure(measure, field),
            Err(kind) => Err(Error::new(kind, field, None, Q::DIMENSION.describe())),
        }
    }
}

impl<Q: ClinicalQuantity> From<Q> for Input<Q> {
    fn from(q: Q) -> Self {
        Input::new(q.raw_in(Q::CANONICAL).unwrap_or(f64::NAN), Q::CANONICAL)
    }
}

impl<Q: ClinicalQuantity> From<Measure> for Input<Q> {
    fn from(m: Measure) -> Self {
        Input::measure(m)
    }
}

// Written out: a derive would ask `Q` itself to be Clone, Copy, Debug, PartialEq.
impl<Q> Clone for Input<Q> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Q> Copy for Input<Q> {}
impl<Q> PartialEq for Input<Q> {
    fn eq(&self, other: &Self) -> bool {
        self.given == other.given
    }
}
impl<Q> fmt::Debug for Input<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.given {
            Ok(m) => write!(f, "Input({m})"),
            Err(kind) => write!(f, "Input(unreadable: {kind})"),
        }
    }
}

/// A choice a request holds (an origin, a phase, a time of day): given, or unreadable.
///
/// Like [`Input`] for quantities: a front end that cannot read the id or text it was given
/// keeps the kind of the failure, and the operation reports it when it reaches the field, so an
/// earlier field's error comes first. Rust callers write `Origin::Spinal.into()`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Given<T>(Result<T, ErrorKind>);

impl<T: Copy> Given<T> {
    /// A value given.
    pub const fn new(value: T) -> Self {
        Given(Ok(value))
    }

    /// A value the front end could not read: `kind` is reported on this field in its turn.
    pub const fn unreadable(kind: ErrorKind) -> Self {
        Given(Err(kind))
    }

    /// The value, or the error on `field`; `allowed` says what is allowed.
    pub fn read(&self, field: &'static str, allowed: &'static str) -> Result<T, Error> {
        self.0
            .map_err(|kind| Error::new(kind, field, None, allowed))
    }

    /// The value given, or the kind of error that made it unreadable.
    pub const fn given(&self) -> Result<T, ErrorKind> {
        self.0
    }
}

impl<T> From<T> for Given<T> {
    fn from(value: T) -> Self {
        Given(Ok(value))
    }
}

/// A number tagged with its unit: what crosses the C, Python and JSON boundaries.
///
/// ```
/// use itb::units::{Measure, Unit};
/// let m = Measure::parse("10 mg/20 mL")?;
/// assert_eq!(m.convert(Unit::McgPerMl)?.value, 500.0);
/// assert_eq!(Measure::new(2000.0, Unit::McgPerMl).to_string(), "2,000 mcg/mL");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// The number, in `unit`.
    pub value: f64,
    /// The unit of `value`.
    pub unit: Unit,
}

impl Measure {
    /// A value in a unit.
    pub const fn new(value: f64, unit: Unit) -> Self {
        Measure { value, unit }
    }

    /// Parses `"2000 mcg/mL"`, `"0.5mg"`, `"10 mg/20 mL"` (amount per volume), `"24 mcg per h"`.
    pub fn parse(text: &str) -> Result<Measure, ParseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ParseError::new(
                ErrorKind::InvalidValue,
                "empty: a number and a unit are required",
            ));
        }
        let (value, rest) = split_number(text)?;
        let rest = rest.trim_start();
        if rest.is_empty() {
            return Err(ParseError::new(
                ErrorKind::UnitRequired,
                "a number without a unit",
            ));
        }
        if rest.starts_with([',', '.']) || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(ParseError::new(
                ErrorKind::InvalidValue,
                "use '.' as the decimal mark and no thousands separators",
            ));
        }
        if !value.is_finite() {
            return Err(ParseError::new(ErrorKind::NotFinite, "not a finite number"));
        }
        let (unit, divisor) = parse_unit_expr(rest)?;
        match divisor {
            None => Ok(Measure::new(value, unit)),
            Some(0.0) => Err(ParseError::new(
                ErrorKind::Zero,
                "a container volume of zero",
            )),
            Some(d) => Ok(Measure::new(value / d, unit)),
        }
    }

    /// Converts to another unit of the same dimension (snapped). Checks the value as every
    /// clinical input is checked ([`ClinicalQuantity::from_measure`]).
    pub fn convert(self, to: Unit) -> Result<Measure, Error> {
        fn via<Q: ClinicalQuantity>(m: Measure, to: Unit) -> Result<Measure, Error> {
            let q = Q::from_measure(m, "quantity")?;
            if to.dimension() != Q::DIMENSION {
                return Err(Error::unit_mismatch("to", Q::DIMENSION, to));
            }
            q.to_measure(to)
        }
        match self.unit.dimension() {
            Dimension::Mass => via::<Mass>(self, to),
            Dimension::Volume => via::<Volume>(self, to),
            Dimension::Concentration => via::<Concentration>(self, to),
            Dimension::DoseRate => via::<DoseRate>(self, to),
            Dimension::FlowRate => via::<FlowRate>(self, to),
            Dimension::Duration => via::<Duration>(self, to),
            Dimension::Length => via::<Length>(self, to),
            Dimension::VolumePerLength => via::<VolumePerLength>(self, to),
            Dimension::Ratio => via::<Ratio>(self, to),
            // A count has one unit and no uom quantity: it converts only to itself.
            Dimension::Count if to == Unit::Step => Ok(self),
            Dimension::Count => Err(Error::unit_mismatch("to", Dimension::Count, to)),
        }
    }
}

impl fmt::Display for Measure {
    /// ISMP safe writing: `0.5 mL`, `2 mg`, `2,000 mcg/mL`, `126.7 days`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_number(f, self.value)?;
        if self.unit == Unit::Day && self.value != 1.0 {
            f.write_str(" days")
        } else if self.unit == Unit::Year {
            f.write_str(if self.value == 1.0 { " year" } else { " years" })
        } else if self.unit == Unit::Step {
            f.write_str(if self.value == 1.0 { " step" } else { " steps" })
        } else {
            write!(f, " {}", self.unit.symbol())
        }
    }
}

/// Why a quantity or unit string could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// `unit_required`, `unit_unknown`, `invalid_value`, `not_finite` or `zero`.
    pub kind: ErrorKind,
    /// What was wrong, for the message.
    pub reason: &'static str,
}

impl ParseError {
    const fn new(kind: ErrorKind, reason: &'static str) -> Self {
        ParseError { kind, reason }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason)
    }
}

/// Splits a leading decimal number (`-1.5e3`) from the rest. `NaN`/`inf` are `not_finite`.
fn split_number(text: &str) -> Result<(f64, &str), ParseError> {
    let unsigned = text.trim_start_matches(['+', '-']);
    let starts = |w: &str| {
        unsigned
            .get(..w.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(w))
    };
    if starts("nan") || starts("inf") {
        return Err(ParseError::new(ErrorKind::NotFinite, "not a finite number"));
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
        i += 1;
    }
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < bytes.len() && bytes[i] == b'.' {
        let frac_start = i + 1;
        let mut j = frac_start;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        // ISMP: no naked decimal (".5 mg" is read as "5 mg"), and no dangling point ("5.").
        if digits == 0 || j == frac_start {
            return Err(ParseError::new(
                ErrorKind::InvalidValue,
                "write a digit on both sides of the decimal point (0.5, not .5 or 5.)",
            ));
        }
        digits += j - frac_start;
        i = j;
    }
    if digits == 0 {
        return Err(ParseError::new(
            ErrorKind::InvalidValue,
            "not a number followed by a unit",
        ));
    }
    // An exponent only counts when digits follow it; "2 e" would otherwise swallow a unit.
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'-' || bytes[j] == b'+') {
            j += 1;
        }
        let exp_start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    let value: f64 = text[..i]
        .parse()
        .map_err(|_| ParseError::new(ErrorKind::InvalidValue, "not a number followed by a unit"))?;
    Ok((value, &text[i..]))
}

/// Parses a unit expression: `mg`, `mcg/mL`, `mg/20 mL` (container: divisor 20),
/// `mcg per day`, `mg/24 h` (per day). Returns the unit and the container divisor, if any.
fn parse_unit_expr(text: &str) -> Result<(Unit, Option<f64>), ParseError> {
    let (numerator, denominator) = match split_ratio(text) {
        Some((n, d)) => (n.trim(), Some(d.trim())),
        None => (text.trim(), None),
    };
    let top = word(numerator)?;
    let Some(denominator) = denominator else {
        return match top {
            Word::Mass(u) | Word::Volume(u) | Word::Duration(u) | Word::Length(u) => Ok((u, None)),
        };
    };
    // A number in the denominator: a container ("10 mg/20 mL") or "per 24 h".
    let (count, bottom_text) = if denominator.starts_with(|c: char| c.is_ascii_digit() || c == '.')
    {
        let (n, rest) = split_number(denominator)?;
        (Some(n), rest.trim_start())
    } else {
        (None, denominator)
    };
    let bottom = word(bottom_text)?;
    let unit = combine(top, bottom)?;
    match (count, bottom) {
        (None, _) => Ok((unit, None)),
        (Some(n), Word::Volume(_)) if unit.dimension() == Dimension::Concentration => {
            Ok((unit, Some(n)))
        }
        (Some(24.0), Word::Duration(Unit::Hour)) => Ok((per_day(unit), None)),
        (Some(_), _) => Err(ParseError::new(
            ErrorKind::UnitUnknown,
            "a number in a unit's denominator is allowed only for a container (10 mg/20 mL) or per 24 h",
        )),
    }
}

fn split_ratio(text: &str) -> Option<(&str, &str)> {
    if let Some(i) = text.find('/') {
        return Some((&text[..i], &text[i + 1..]));
    }
    // " per " in any case; ASCII-only lowering keeps byte offsets valid.
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(4)).find_map(|i| {
        let w = &bytes[i..i + 5];
        w.eq_ignore_ascii_case(b" per ")
            .then(|| (&text[..i], &text[i + 5..]))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Mass(Unit),
    Volume(Unit),
    Duration(Unit),
    Length(Unit),
}

/// One unit word, case-insensitive; both micro signs (U+00B5, U+03BC) read as `u`.
fn word(text: &str) -> Result<Word, ParseError> {
    let mut buf = [0u8; 16];
    let mut len = 0;
    for c in text.chars() {
        let folded = match c {
            '\u{00B5}' | '\u{03BC}' => 'u',
            c if c.is_ascii() => c.to_ascii_lowercase(),
            _ => return Err(unknown()),
        };
        if len == buf.len() {
            return Err(unknown());
        }
        buf[len] = folded as u8;
        len += 1;
    }
    let w = match &buf[..len] {
        b"mcg" | b"ug" | b"microgram" | b"micrograms" => Word::Mass(Unit::Microgram),
        b"mg" | b"milligram" | b"milligrams" => Word::Mass(Unit::Milligram),
        b"ml" | b"milliliter" | b"milliliters" | b"millilitre" | b"millilitres" => {
            Word::Volume(Unit::Milliliter)
        }
        b"day" | b"days" | b"d" => Word::Duration(Unit::Day),
        b"h" | b"hr" | b"hour" | b"hours" => Word::Duration(Unit::Hour),
        b"min" | b"minute" | b"minutes" => Word::Duration(Unit::Minute),
        b"cm" | b"centimeter" | b"centimeters" | b"centimetre" | b"centimetres" => {
            Word::Length(Unit::Centimeter)
        }
        _ => return Err(unknown()),
    };
    Ok(w)
}

fn unknown() -> ParseError {
    ParseError::new(
        ErrorKind::UnitUnknown,
        "unknown unit; allowed: mcg, mg, mL, mcg/mL, mg/mL, mcg/day, mg/day, mcg/h, mg/h, mL/day, mL/h, day, h, min, cm, mL/cm",
    )
}

fn combine(top: Word, bottom: Word) -> Result<Unit, ParseError> {
    use Unit::*;
    let unit = match (top, bottom) {
        (Word::Mass(Microgram), Word::Volume(_)) => McgPerMl,
        (Word::Mass(_), Word::Volume(_)) => MgPerMl,
        (Word::Mass(m), Word::Duration(d)) => match (m, d) {
            (Microgram, Day) => McgPerDay,
            (Microgram, Hour) => McgPerHour,
            (Microgram, _) => McgPerMinute,
            (_, Day) => MgPerDay,
            (_, Hour) => MgPerHour,
            _ => MgPerMinute,
        },
        (Word::Volume(_), Word::Duration(Day)) => MlPerDay,
        (Word::Volume(_), Word::Duration(Hour)) => MlPerHour,
        (Word::Volume(_), Word::Duration(_)) => MlPerMinute,
        (Word::Volume(_), Word::Length(_)) => MlPerCm,
        _ => return Err(unknown()),
    };
    Ok(unit)
}

fn per_day(unit: Unit) -> Unit {
    match unit {
        Unit::McgPerHour => Unit::McgPerDay,
        Unit::MgPerHour => Unit::MgPerDay,
        Unit::MlPerHour => Unit::MlPerDay,
        other => other,
    }
}

/// Writes a number the ISMP way: leading zero, no trailing zero, thousands separators, only
/// the fractional part rounded, to at most 4 significant figures in all.
pub fn write_number(out: &mut impl fmt::Write, x: f64) -> fmt::Result {
    if !x.is_finite() {
        return out.write_str(if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        });
    }
    let magnitude = libm::fabs(x);
    let decimals = if magnitude == 0.0 {
        0
    } else if magnitude >= 1.0 {
        let int_digits = libm::floor(libm::log10(magnitude)) as i32 + 1;
        (4 - int_digits).max(0) as usize
    } else {
        // Leading zeros after the point are not significant: 0.0104166 → 0.01042.
        let leading_zeros = (-libm::floor(libm::log10(magnitude)) as i32 - 1).max(0) as usize;
        leading_zeros + 4
    };
    let mut buf = StackBuf::<800>::new();
    write!(buf, "{:.*}", decimals, magnitude)?;
    let digits = buf.as_str();
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let frac_part = frac_part.trim_end_matches('0');
    let is_zero = int_part.bytes().all(|b| b == b'0') && frac_part.is_empty();
    if x < 0.0 && !is_zero {
        out.write_char('-')?;
    }
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.write_char(',')?;
        }
        out.write_char(c)?;
    }
    if !frac_part.is_empty() {
        out.write_char('.')?;
        out.write_str(frac_part)?;
    }
    Ok(())
}

/// A small fixed buffer implementing `fmt::Write`, so formatting needs no allocator.
struct StackBuf<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> StackBuf<N> {
    fn new() -> Self {
        StackBuf {
            bytes: [0; N],
            len: 0,
        }
    }
    fn as_str(&self) -> &str {
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> fmt::Write for StackBuf<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: f64, unit: Unit) -> String {
        Measure::new(value, unit).to_string()
    }

    #[test]
    fn every_added_unit_has_its_factor() {
        // By hand: 1 mg = 1000 mcg; 1 day = 24 h = 1440 min.
        let per_day = |v: f64, u: Unit| {
            DoseRate::from_unit(v, u)
                .unwrap()
                .value_in(Unit::McgPerDay)
                .unwrap()
        };
        assert_eq!(per_day(1.0, Unit::McgPerDay), 1.0);
        assert_eq!(per_day(1.0, Unit::MgPerDay), 1000.0);
        assert_eq!(per_day(1.0, Unit::McgPerHour), 24.0);
        assert_eq!(per_day(1.0, Unit::MgPerHour), 24_000.0);
        assert_eq!(per_day(1.0, Unit::McgPerMinute), 1440.0);
        assert_eq!(per_day(1.0, Unit::MgPerMinute), 1_440_000.0);
        let flow = |v: f64, u: Unit| {
            FlowRate::from_unit(v, u)
                .unwrap()
                .value_in(Unit::MlPerDay)
                .unwrap()
        };
        assert_eq!(flow(1.0, Unit::MlPerDay), 1.0);
        assert_eq!(flow(1.0, Unit::MlPerHour), 24.0);
        assert_eq!(flow(1.0, Unit::MlPerMinute), 1440.0);
        // uom SI: 1 mcg/day = 1e-9 kg / 86 400 s; 1 mL/day = 1e-6 m³ / 86 400 s; 1 mL/cm = 1e-4 m².
        let d = DoseRate::from_unit(1.0, Unit::McgPerDay).unwrap();
        assert_eq!(snap(d.value * 86_400.0 * 1e9), 1.0);
        let f = FlowRate::from_unit(1.0, Unit::MlPerDay).unwrap();
        assert_eq!(snap(f.value * 86_400.0 * 1e6), 1.0);
        let vpl = VolumePerLength::from_unit(1.0, Unit::MlPerCm).unwrap();
        assert_eq!(snap(vpl.value * 1e4), 1.0);
        // Prometra II catheter, domain.md §10.1: 100 cm × 0.0026 mL/cm = 0.26 mL.
        let catheter: Volume = Length::from_unit(100.0, Unit::Centimeter).unwrap()
            * VolumePerLength::from_unit(0.0026, Unit::MlPerCm).unwrap();
        assert_eq!(catheter.value_in(Unit::Milliliter).unwrap(), 0.26);
    }

    #[test]
    fn dose_over_concentration_is_a_flow_and_exact() {
        let dose = DoseRate::from_unit(500.0, Unit::McgPerDay).unwrap();
        let c = Concentration::from_unit(2000.0, Unit::McgPerMl).unwrap();
        let flow: FlowRate = dose / c;
        assert_eq!(flow.value_in(Unit::MlPerDay).unwrap(), 0.25);
    }

    #[test]
    fn twenty_ml_less_sixty_days_at_a_quarter_ml_is_five_ml() {
        // PROTOCOL.md: 20 mL − 60 day × 0.25 mL/day is exactly 5 mL.
        let fill = Volume::from_unit(20.0, Unit::Milliliter).unwrap();
        let used: Volume = FlowRate::from_unit(0.25, Unit::MlPerDay).unwrap()
            * Duration::from_unit(60.0, Unit::Day).unwrap();
        let left = difference(fill, used);
        assert_eq!(left.value_in(Unit::Milliliter).unwrap(), 5.0);
        // And so aspirated 3 mL − expected 5 mL is exactly −2 mL: not "more than 2 mL".
        let aspirated = Volume::from_unit(3.0, Unit::Milliliter).unwrap();
        assert_eq!(difference(aspirated, left).canonical(), -2.0);
    }

    #[test]
    fn decimal_exponent_is_floor_log10() {
        // Powers of ten, their neighbours one ulp away, and values across the whole range.
        for k in -11..=33 {
            let p: f64 = format!("1e{k}").parse().unwrap();
            assert_eq!(decimal_exponent(p), Some(k), "1e{k}");
            let below = f64::from_bits(p.to_bits() - 1);
            if k > -11 {
                assert_eq!(decimal_exponent(below), Some(k - 1), "below 1e{k}");
            }
            assert_eq!(decimal_exponent(-p), Some(k), "-1e{k}");
        }
        let mut x = 1.234_567e-11;
        while x < 1e33 {
            let expected = libm::floor(libm::log10(x)) as i32;
            assert_eq!(decimal_exponent(x), Some(expected), "{x}");
            x *= 1.7;
        }
        assert_eq!(decimal_exponent(0.0), None);
        assert_eq!(decimal_exponent(f64::NAN), None);
        assert_eq!(decimal_exponent(1e35), None);
        assert_eq!(decimal_exponent(1e-12), None);
    }

    #[test]
    fn snap_removes_noise_and_keeps_clinical_digits() {
        assert_eq!(snap(0.25000000000000006), 0.25);
        assert_eq!(snap(4.999999999999999), 5.0);
        assert_eq!(snap(499.99999999999994), 500.0);
        assert_eq!(snap(0.2833), 0.2833);
        assert_eq!(snap(-2.0000000000000004), -2.0);
        assert_eq!(snap(123_456_789_012_345.0), 123_456_789_012_000.0);
        assert_eq!(snap(0.0), 0.0);
        assert!(snap(f64::NAN).is_nan());
    }

    #[test]
    fn ismp_text() {
        assert_eq!(text(0.5, Unit::Milliliter), "0.5 mL");
        assert_eq!(text(2.0, Unit::Milligram), "2 mg");
        assert_eq!(text(2000.0, Unit::McgPerMl), "2,000 mcg/mL");
        assert_eq!(text(126.666_666, Unit::Day), "126.7 days");
        assert_eq!(text(0.283_333_3, Unit::MlPerDay), "0.2833 mL/day");
        assert_eq!(text(12_345.0, Unit::Microgram), "12,345 mcg");
        assert_eq!(text(1_234_567.6, Unit::Microgram), "1,234,568 mcg");
        assert_eq!(text(0.010_416_666, Unit::MlPerHour), "0.01042 mL/h");
        assert_eq!(text(72.0, Unit::Day), "72 days");
        assert_eq!(text(1.0, Unit::Day), "1 day");
        assert_eq!(text(8.0, Unit::Hour), "8 h");
        assert_eq!(text(0.0, Unit::Milliliter), "0 mL");
        assert_eq!(text(-2.0, Unit::Milliliter), "-2 mL");
        assert_eq!(text(999.96, Unit::Microgram), "1,000 mcg");
        assert_eq!(text(1e-7, Unit::Milligram), "0.0000001 mg");
        assert!(!text(1e300, Unit::Microgram).contains('e'));
    }

    #[test]
    fn parses_every_spelling_of_the_protocol() {
        let ok = |s: &str, value: f64, unit: Unit| {
            let m = Measure::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!((snap(m.value), m.unit), (value, unit), "{s}");
        };
        ok("2000 mcg/mL", 2000.0, Unit::McgPerMl);
        ok("2000mcg/mL", 2000.0, Unit::McgPerMl);
        ok("2 MG/ML", 2.0, Unit::MgPerMl);
        ok("50 micrograms", 50.0, Unit::Microgram);
        ok("50 ug", 50.0, Unit::Microgram);
        ok("50 \u{00B5}g", 50.0, Unit::Microgram);
        ok("50 \u{03BC}g", 50.0, Unit::Microgram);
        ok("1 milligram", 1.0, Unit::Milligram);
        ok("20 millilitres", 20.0, Unit::Milliliter);
        ok("20 Milliliter", 20.0, Unit::Milliliter);
        ok("10 mg/20 mL", 0.5, Unit::MgPerMl);
        ok("10mg/20ml", 0.5, Unit::MgPerMl);
        ok("40 mg / 20 mL", 2.0, Unit::MgPerMl);
        ok("500 mcg/d", 500.0, Unit::McgPerDay);
        ok("500 mcg/24h", 500.0, Unit::McgPerDay);
        ok("500 mcg/24 h", 500.0, Unit::McgPerDay);
        ok("500 mcg per day", 500.0, Unit::McgPerDay);
        ok("0.5 mg/days", 0.5, Unit::MgPerDay);
        ok("24 mcg/h", 24.0, Unit::McgPerHour);
        ok("24 mcg/hr", 24.0, Unit::McgPerHour);
        ok("1 mcg/min", 1.0, Unit::McgPerMinute);
        ok("0.25 mL/day", 0.25, Unit::MlPerDay);
        ok("0.5 ml per hour", 0.5, Unit::MlPerHour);
        ok("8 hours", 8.0, Unit::Hour);
        ok("30 minutes", 30.0, Unit::Minute);
        ok("3 days", 3.0, Unit::Day);
        ok("110 cm", 110.0, Unit::Centimeter);
        ok("0.0026 mL/cm", 0.0026, Unit::MlPerCm);
        ok("1e3 mcg", 1000.0, Unit::Microgram);
        ok("  5 mg  ", 5.0, Unit::Milligram);
    }

    #[test]
    fn refuses_what_is_not_a_clean_quantity() {
        let kind = |s: &str| Measure::parse(s).map(|m| m.unit).unwrap_err().kind;
        assert_eq!(kind("2000"), ErrorKind::UnitRequired);
        assert_eq!(kind("2000 furlongs"), ErrorKind::UnitUnknown);
        assert_eq!(kind("5 mcg/kg"), ErrorKind::UnitUnknown);
        assert_eq!(kind("5 mL/mcg"), ErrorKind::UnitUnknown);
        assert_eq!(kind("5 mg/2 h"), ErrorKind::UnitUnknown);
        assert_eq!(kind("1,000 mcg"), ErrorKind::InvalidValue);
        assert_eq!(kind("0,5 mg"), ErrorKind::InvalidValue);
        assert_eq!(kind(".5 mg"), ErrorKind::InvalidValue);
        assert_eq!(kind("5. mg"), ErrorKind::InvalidValue);
        assert_eq!(kind("abc mcg"), ErrorKind::InvalidValue);
        assert_eq!(kind(""), ErrorKind::InvalidValue);
        assert_eq!(kind("NaN mg"), ErrorKind::NotFinite);
        assert_eq!(kind("-inf mg"), ErrorKind::NotFinite);
        assert_eq!(kind("1e999 mg"), ErrorKind::NotFinite);
        assert_eq!(kind("10 mg/0 mL"), ErrorKind::Zero);
        assert_eq!(
            Unit::parse("2 mg").unwrap_err().kind,
            ErrorKind::InvalidValue
        );
        assert_eq!(
            Unit::parse("mg/5 mL").unwrap_err().kind,
            ErrorKind::InvalidValue
        );
    }

    #[test]
    fn from_measure_checks_dimension_sign_and_overflow() {
        let err = |m: Measure| Concentration::from_measure(m, "concentration").unwrap_err();
        let e = err(Measure::new(2.0, Unit::Milligram));
        assert_eq!(
            (e.kind, e.field),
            (ErrorKind::UnitMismatch, "concentration")
        );
        assert_eq!(
            e.to_string(),
            "concentration: mg is a mass (mcg or mg), not a concentration (mcg/mL, mg/mL or amount/volume like 10 mg/20 mL)"
        );
        assert_eq!(
            err(Measure::new(-1.0, Unit::McgPerMl)).kind,
            ErrorKind::Negative
        );
        assert_eq!(
            err(Measure::new(f64::NAN, Unit::McgPerMl)).kind,
            ErrorKind::NotFinite
        );
        assert_eq!(
            err(Measure::new(f64::INFINITY, Unit::McgPerMl)).kind,
            ErrorKind::NotFinite
        );
        // 1e308 mg/mL is 1e311 mcg/mL: no f64 holds it.
        assert_eq!(
            err(Measure::new(1e308, Unit::MgPerMl)).kind,
            ErrorKind::NotFinite
        );
        assert!(Concentration::from_measure(Measure::new(0.0, Unit::McgPerMl), "c").is_ok());
    }
}
