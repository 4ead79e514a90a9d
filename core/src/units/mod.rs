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

mod format;
mod input;
mod parse;
#[cfg(feature = "serde")]
pub mod serial;
mod snap;
mod vocabulary;

pub use format::write_number;
pub use input::{
    ConvertRequest, Converted, Given, Input, SMALLEST_MEANT, convert, largest_plausible, plausible,
};
pub use parse::{INPUT_UNITS, ParseError};
pub use snap::{difference, snap};
pub use vocabulary::{Dimension, Unit};

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

/// A uom quantity that itb knows how to build from, and read in, its clinical units.
pub trait ClinicalQuantity: Sized + Copy {
    /// The dimension of this quantity.
    const DIMENSION: Dimension;
    /// The unit used for clinical thresholds and for output (mcg, mL, mcg/mL, mcg/day, mL/day,
    /// h, cm, mL/cm).
    const CANONICAL: Unit;
    /// The unit in which a value of this dimension reads largest (the smallest unit: mcg,
    /// mcg/day, min...): a value finite there is finite in every unit of the dimension.
    const LARGEST: Unit;

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
        // Finite in the unit that reads largest is finite in every unit of the dimension.
        if !q.raw_in(Self::LARGEST).is_some_and(f64::is_finite) {
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
    ($ty:ty, $dim:ident, $canon:ident, $largest:ident, { $($unit:ident => $uom:ty),+ $(,)? }) => {
        impl ClinicalQuantity for $ty {
            const DIMENSION: Dimension = Dimension::$dim;
            const CANONICAL: Unit = Unit::$canon;
            const LARGEST: Unit = Unit::$largest;
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

clinical_quantity!(Mass, Mass, Microgram, Microgram, {
    Microgram => si::mass::microgram,
    Milligram => si::mass::milligram,
});
clinical_quantity!(Volume, Volume, Milliliter, Milliliter, { Milliliter => si::volume::milliliter });
clinical_quantity!(Concentration, Concentration, McgPerMl, McgPerMl, {
    McgPerMl => si::mass_concentration::microgram_per_milliliter,
    MgPerMl => si::mass_concentration::milligram_per_milliliter,
});
clinical_quantity!(DoseRate, DoseRate, McgPerDay, McgPerDay, {
    McgPerDay => clinical::mass_rate::microgram_per_day,
    MgPerDay => clinical::mass_rate::milligram_per_day,
    McgPerHour => clinical::mass_rate::microgram_per_hour,
    MgPerHour => clinical::mass_rate::milligram_per_hour,
    McgPerMinute => clinical::mass_rate::microgram_per_minute,
    MgPerMinute => clinical::mass_rate::milligram_per_minute,
});
clinical_quantity!(FlowRate, FlowRate, MlPerDay, MlPerDay, {
    MlPerDay => clinical::volume_rate::milliliter_per_day,
    MlPerHour => clinical::volume_rate::milliliter_per_hour,
    MlPerMinute => clinical::volume_rate::milliliter_per_minute,
});
clinical_quantity!(Duration, Duration, Hour, Minute, {
    Day => si::time::day,
    Hour => si::time::hour,
    Minute => si::time::minute,
    Year => si::time::year,
});
clinical_quantity!(Ratio, Ratio, Percent, Percent, { Percent => si::ratio::percent });
clinical_quantity!(Length, Length, Centimeter, Centimeter, { Centimeter => si::length::centimeter });
clinical_quantity!(VolumePerLength, VolumePerLength, MlPerCm, MlPerCm, {
    MlPerCm => clinical::volume_per_length::milliliter_per_centimeter,
});

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

#[cfg(test)]
mod tests {
    use super::*;

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
        // Prometra II catheter, [PROM-II]: 100 cm × 0.0026 mL/cm = 0.26 mL.
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
        // docs/PROTOCOL.md: 20 mL − 60 day × 0.25 mL/day is exactly 5 mL.
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
