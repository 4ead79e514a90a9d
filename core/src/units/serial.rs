//! serde for the values requests and results hold (feature `serde`): a quantity is always
//! written with its unit, never as uom's bare base-unit number.
//!
//! - [`Measure`] and [`Input`]: `{"value": 2000, "unit": "mcg/mL"}`.
//! - [`Unit`]: its symbol; reading also takes every spelling the parser knows.
//! - A uom quantity in a result ([`quantity`](mod@quantity)): a measure in its canonical unit.

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Error as _, Serialize, SerializeStruct, Serializer};

use super::{ClinicalQuantity, Given, Input, Measure, Unit};

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.symbol())
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Symbol;
        impl Visitor<'_> for Symbol {
            type Value = Unit;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a unit such as \"mcg/mL\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Unit, E> {
                Unit::ALL
                    .into_iter()
                    .find(|u| u.symbol() == text)
                    .map_or_else(|| Unit::parse(text).map_err(E::custom), Ok)
            }
        }
        d.deserialize_str(Symbol)
    }
}

impl Serialize for Measure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Measure", 2)?;
        m.serialize_field("value", &self.value)?;
        m.serialize_field("unit", &self.unit)?;
        m.end()
    }
}

/// The fields of a measure, read.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    value: f64,
    unit: Unit,
}

impl<'de> Deserialize<'de> for Measure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = Fields::deserialize(d)?;
        Ok(Measure::new(f.value, f.unit))
    }
}

impl<Q: ClinicalQuantity> Serialize for Input<Q> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.given() {
            Ok(m) => m.serialize(s),
            Err(kind) => Err(S::Error::custom(format_args!(
                "an unreadable input ({kind})"
            ))),
        }
    }
}

impl<'de, Q: ClinicalQuantity> Deserialize<'de> for Input<Q> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Measure::deserialize(d).map(Input::measure)
    }
}

impl<T: Serialize + Copy> Serialize for Given<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.given() {
            Ok(v) => v.serialize(s),
            Err(kind) => Err(S::Error::custom(format_args!(
                "an unreadable choice ({kind})"
            ))),
        }
    }
}

impl<'de, T: Deserialize<'de> + Copy> Deserialize<'de> for Given<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Given::new)
    }
}

/// A uom quantity as a measure in its canonical clinical unit: `#[serde(with = "quantity")]`.
pub mod quantity {
    use super::*;

    /// Writes `{"value", "unit"}` in the canonical unit (mcg, mL, mcg/mL, mcg/day, mL/day, h).
    pub fn serialize<Q: ClinicalQuantity, S: Serializer>(q: &Q, s: S) -> Result<S::Ok, S::Error> {
        q.to_measure(Q::CANONICAL)
            .map_err(S::Error::custom)?
            .serialize(s)
    }

    /// Reads a measure in any unit of the quantity's dimension, checked as an input is.
    pub fn deserialize<'de, Q: ClinicalQuantity, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Q, D::Error> {
        let m = Measure::deserialize(d)?;
        Q::from_measure(m, "quantity").map_err(de::Error::custom)
    }
}

/// Ids (`"us"`, `"synchromed_ii_20"`) written and read as strings, through a type's `id()` and
/// `parse()`.
#[macro_export]
#[doc(hidden)]
macro_rules! serde_by_id {
    ($ty:ty, $what:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Id;
                impl serde::de::Visitor<'_> for Id {
                    type Value = $ty;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<$ty, E> {
                        <$ty>::parse(id)
                            .ok_or_else(|| E::custom(format_args!("{id:?} is not {}", $what)))
                    }
                }
                d.deserialize_str(Id)
            }
        }
    };
}

/// A uom quantity written as a measure in its canonical unit (for hand-written impls).
pub struct Canonical<Q>(pub Q);

impl<Q: ClinicalQuantity> Serialize for Canonical<Q> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        quantity::serialize(&self.0, s)
    }
}

/// A sequence computed on demand (the steps of a schedule, the points of a curve), serialized
/// without collecting it first: `Seq(|| schedule.steps())`.
pub struct Seq<F>(pub F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}
