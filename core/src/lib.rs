//! # itb: unit-safe intrathecal baclofen computations
//!
//! Doses, concentrations, pump flows and refills for intrathecal baclofen (ITB) therapy, where
//! a tenfold mg/mcg slip can mean an overdose and a missed refill a withdrawal that kills.
//! Every quantity carries its unit in its type; every clinical rule cites its source; every
//! limit crossed is reported as a [`Finding`] with a severity.
//!
//! ## A two-minute tour
//! The daily volume a pump must move (volume = dose / concentration, \[ARCHIMEDES\]):
//! ```
//! use itb::schedule::{daily_volume, DailyVolumeRequest};
//! use itb::units::{ClinicalQuantity, Concentration, DoseRate, Unit};
//!
//! let dose = DoseRate::from_unit(500.0, Unit::McgPerDay).unwrap();
//! let concentration = Concentration::from_unit(2.0, Unit::MgPerMl).unwrap(); // 2000 mcg/mL
//! let dv = daily_volume(&DailyVolumeRequest {
//!     daily_dose: dose.into(),
//!     concentration: concentration.into(),
//! })?;
//! assert_eq!(dv.flow_rate.value_in(Unit::MlPerDay)?, 0.25);
//! # Ok::<(), itb::Error>(())
//! ```
//! A refill plan, with the defaults of the protocol (fill the reservoir, refill a week before
//! the alarm, at most 180 days in the pump):
//! ```
//! use itb::pump::PumpModel;
//! use itb::refill::{refill_plan, Delivery, RefillRequest};
//! use itb::units::{ClinicalQuantity, Input, Unit};
//! let plan = refill_plan(&RefillRequest::new(
//!     PumpModel::SynchromedIi20,
//!     Input::new(2000.0, Unit::McgPerMl),
//!     Delivery::DailyDose(Input::new(500.0, Unit::McgPerDay)),
//! ))?;
//! assert_eq!(plan.days_to_alarm.value_in(Unit::Day)?, 72.0);
//! # Ok::<(), itb::Error>(())
//! ```
//! A unit mistake the compiler refuses: a mass is not a concentration.
//! ```compile_fail
//! use itb::schedule::{daily_volume, DailyVolumeRequest};
//! use itb::units::{ClinicalQuantity, Mass, DoseRate, Unit};
//! let dose = DoseRate::from_unit(500.0, Unit::McgPerDay).unwrap();
//! let oops = Mass::from_unit(2.0, Unit::Milligram).unwrap();
//! let _ = daily_volume(&DailyVolumeRequest { daily_dose: dose.into(), concentration: oops.into() }); // error\[E0277\]
//! ```
//! Text in, text out, with the units spelled the safe way:
//! ```
//! use itb::units::{Measure, Unit};
//! let c = Measure::parse("10 mg/20 mL")?.convert(Unit::McgPerMl)?;
//! assert_eq!(c.to_string(), "500 mcg/mL");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//! Vendors and other languages speak the JSON request protocol (feature `std`):
#![cfg_attr(feature = "std", doc = "```")]
#![cfg_attr(not(feature = "std"), doc = "```ignore")]
//! let response = itb::protocol::evaluate(r#"{"op":"convert","quantity":"0.5 mg","to":"mcg"}"#);
//! assert!(response.contains(r#""text":"500 mcg""#));
//! ```
//!
//! ## Without `std`
//! With `default-features = false` the crate is `#![no_std]` and needs no allocator: the typed
//! computations run in device firmware, findings go into a fixed-capacity list.
// Unit tests link std (the test harness needs it); the library itself is no_std without `std`.
#![cfg_attr(not(any(feature = "std", test)), no_std)]
// On docs.rs (`--cfg docsrs`, nightly), items behind `std` or `serde` are marked as such.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[macro_use]
extern crate uom;

pub mod bolus;
pub mod dilution;
pub mod error;
pub mod finding;
pub mod interactions;
pub mod monitoring;
pub mod patient;
pub mod pharmacokinetics;
pub mod product;
pub mod profile;
pub mod programming;
pub mod pump;
pub mod refill;
pub mod schedule;
pub mod screening;
pub mod signs;
pub mod taper;
pub mod titration;
pub mod units;

#[cfg(feature = "std")]
pub mod protocol;

pub use error::{Error, ErrorKind};
pub use finding::{Code, Finding, Findings, Severity};
pub use units::{Measure, Unit};

/// The crate version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
