//! What a request holds: quantity inputs and choices, checked when the operation reads them;
//! and the `convert` operation.

use core::fmt;

use super::{ClinicalQuantity, Dimension, Measure, Unit};
use crate::error::{Error, ErrorKind};

/// The request of [`convert`]: a quantity of any dimension and the unit to give it in.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConvertRequest {
    /// The quantity, not negative.
    pub quantity: Measure,
    /// A unit of the same dimension.
    pub to: Unit,
}

/// A converted quantity.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
    let quantity = r.quantity.convert(r.to)?;
    let canonical = r
        .quantity
        .convert(canonical_unit(r.quantity.unit.dimension()))?;
    plausible(
        quantity.unit.dimension(),
        canonical.value,
        r.quantity,
        "quantity",
    )?;
    Ok(Converted { quantity })
}

/// The canonical unit of a dimension (output-only dimensions: their one unit).
const fn canonical_unit(dimension: Dimension) -> Unit {
    match dimension {
        Dimension::Mass => Unit::Microgram,
        Dimension::Volume => Unit::Milliliter,
        Dimension::Concentration => Unit::McgPerMl,
        Dimension::DoseRate => Unit::McgPerDay,
        Dimension::FlowRate => Unit::MlPerDay,
        Dimension::Duration => Unit::Hour,
        Dimension::Length => Unit::Centimeter,
        Dimension::VolumePerLength => Unit::MlPerCm,
        Dimension::Ratio => Unit::Percent,
        Dimension::Count => Unit::Step,
    }
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
    ///
    /// A value read must also be plausible ([`plausible`]): an absurd but finite input
    /// (`1e300 mcg/day`, `1e-300 mcg/mL`) is `out_of_range`, never computed.
    pub fn read(&self, field: &'static str) -> Result<Q, Error> {
        match self.given {
            Ok(measure) => {
                let q = Q::from_measure(measure, field)?;
                // Snapped: 100 mg/mL is exactly the 100,000 mcg/mL bound, not 1e-11 above it.
                plausible(Q::DIMENSION, q.canonical(), measure, field)?;
                Ok(q)
            }
            Err(kind) => Err(Error::new(kind, field, None, Q::DIMENSION.describe())),
        }
    }
}

/// The smallest non-zero magnitude an input is taken to mean, in the canonical unit of any
/// dimension (1 pg, 0.000001 mL, 3.6 ms): below it a value is a slip (`5e-320 mcg/day`).
pub const SMALLEST_MEANT: f64 = 1e-6;

/// The largest plausible value of an input of a dimension, in its canonical unit, and the
/// message naming the range. Far above anything in intrathecal baclofen therapy (the labels'
/// highest maintenance dose is 2,003 mcg/day, the largest pump 40 mL), so that only a slip or
/// garbage is refused, and every result stays a number a person can read.
pub const fn largest_plausible(dimension: Dimension) -> Option<(f64, &'static str)> {
    Some(match dimension {
        Dimension::Mass => (1e6, "from 0.000001 to 1,000,000 mcg (1 g)"),
        Dimension::Volume => (1e4, "from 0.000001 to 10,000 mL"),
        Dimension::Concentration => (1e5, "from 0.000001 to 100,000 mcg/mL (100 mg/mL)"),
        Dimension::DoseRate => (1e6, "from 0.000001 to 1,000,000 mcg/day (1 g/day)"),
        Dimension::FlowRate => (1e4, "from 0.000001 to 10,000 mL/day"),
        Dimension::Duration => (876_000.0, "from 0.000001 h to 100 years (876,000 h)"),
        Dimension::Length => (1e3, "from 0.000001 to 1,000 cm"),
        Dimension::VolumePerLength => (1.0, "from 0.000001 to 1 mL/cm"),
        Dimension::Ratio | Dimension::Count => return None,
    })
}

/// Refuses an input outside its dimension's plausible range ([`largest_plausible`],
/// [`SMALLEST_MEANT`]) with `out_of_range`, the range in the message. Zero passes (the rule that
/// reads the value decides about zero), as does every value of an output-only dimension.
pub fn plausible(
    dimension: Dimension,
    canonical: f64,
    given: Measure,
    field: &'static str,
) -> Result<(), Error> {
    let Some((largest, range)) = largest_plausible(dimension) else {
        return Ok(());
    };
    let magnitude = canonical.abs();
    // A value given as non-zero is checked even when it underflowed to zero on conversion.
    if magnitude > largest || (given.value != 0.0 && magnitude < SMALLEST_MEANT) {
        return Err(Error::new(ErrorKind::OutOfRange, field, Some(given), range));
    }
    Ok(())
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

/// The default value, given (an empty set of risk factors).
impl<T: Copy + Default> Default for Given<T> {
    fn default() -> Self {
        Given(Ok(T::default()))
    }
}

impl<T> From<T> for Given<T> {
    fn from(value: T) -> Self {
        Given(Ok(value))
    }
}
