//! The native half of the `itb` Python package: the extension module `itb._native`.
//!
//! Thin on purpose: every rule and every number is the core's. This module reads and checks
//! quantities with [`itb::units`], converts and formats them, speaks the JSON request protocol
//! through [`itb::protocol`], runs the core's daily-volume rule over numpy arrays, and gives the
//! limits the dosing rules' findings name (which the protocol's findings do not carry). The
//! public Python API (quantity classes, result objects, exceptions) lives in `python/itb/` and
//! calls these functions; `python/itb/_native.pyi` types them.
//!
//! Errors leave as `Failure`, a local type (the orphan rule forbids `From<itb::Error> for
//! PyErr`) holding the protocol code, the field and a message that names the value and what is
//! allowed. They are raised as the exceptions of `itb._errors`, which picks the class from the
//! code, so the table from code to exception class exists once, in Python.

use std::fmt::Display;

use numpy::ndarray::ArrayView1;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use itb::profile::{self, Origin, Phase, Profile};
use itb::titration::{self, DoseChange};
use itb::units::{
    ClinicalQuantity, Concentration, Dimension, DoseRate, Duration, FlowRate, Length, Mass,
    ParseError, Ratio, Volume, VolumePerLength,
};
use itb::{Error, ErrorKind, Findings, Measure, Unit, schedule, screening};

/// The dimensions by the names the Python package uses for them.
const DIMENSIONS: [(&str, Dimension); 9] = [
    ("mass", Dimension::Mass),
    ("volume", Dimension::Volume),
    ("concentration", Dimension::Concentration),
    ("dose_rate", Dimension::DoseRate),
    ("flow_rate", Dimension::FlowRate),
    ("duration", Dimension::Duration),
    ("length", Dimension::Length),
    ("volume_per_length", Dimension::VolumePerLength),
    ("ratio", Dimension::Ratio),
];

/// What a quantity argument may hold once the Python side has refused every other type
/// (`bool` included): a text such as `"2 mg/mL"`, or a number whose unit comes separately.
#[derive(FromPyObject)]
enum Given {
    Text(String),
    Number(f64),
}

/// An error on its way to Python: the protocol code, the offending field, and a message naming
/// the field, the value and what is allowed.
#[derive(Debug)]
struct Failure {
    kind: ErrorKind,
    field: String,
    message: String,
}

impl Failure {
    fn new(kind: ErrorKind, field: &str, message: impl Display) -> Self {
        Failure {
            kind,
            field: field.to_owned(),
            message: format!("{field}: {message}"),
        }
    }

    /// A core error about `field`. Core errors hold a `&'static str` field, while Python field
    /// names are runtime strings (`daily_dose[3]`), so the error is written with an empty field
    /// and `field` is put in front: every core error message starts with its field.
    fn core(e: Error, field: &str) -> Self {
        let shown = Error { field: "", ..e };
        Failure {
            kind: e.kind,
            field: field.to_owned(),
            message: format!("{field}{shown}"),
        }
    }

    /// A text that could not be read as a quantity or a unit. Like the protocol, quote at most
    /// 80 characters of it, so a 1 MB string stays out of the message.
    fn parse(e: ParseError, field: &str, text: &str, expected: &str) -> Self {
        Failure::new(
            e.kind,
            field,
            format!("{}: {}; expected {expected}", quote(text), e.reason),
        )
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> PyErr {
        Python::attach(|py| {
            let made = py
                .import("itb._errors")
                .and_then(|m| m.call_method1("error_for", (f.kind.code(), f.message, f.field)));
            match made {
                Ok(exception) => PyErr::from_value(exception),
                Err(import_failed) => import_failed,
            }
        })
    }
}

fn quote(text: &str) -> String {
    let shown: String = text.chars().take(80).collect();
    let ellipsis = if shown.len() < text.len() { "…" } else { "" };
    format!("{shown:?}{ellipsis}")
}

/// A number as people read it: plain digits in the usual range, else scientific notation (a
/// 1e300 stays short).
fn number(v: f64) -> String {
    if v == 0.0 || (1e-6..1e15).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

fn dimension_named(name: &str) -> Result<Dimension, Failure> {
    let found = DIMENSIONS.iter().find(|(n, _)| *n == name).map(|(_, d)| *d);
    let allowed = || DIMENSIONS.map(|(n, _)| n).join(", ");
    found.ok_or_else(|| {
        Failure::new(
            ErrorKind::InvalidValue,
            "dimension",
            format!("{}; allowed: {}", quote(name), allowed()),
        )
    })
}

fn dimension_name(d: Dimension) -> &'static str {
    DIMENSIONS
        .iter()
        .find(|(_, x)| *x == d)
        .map_or("unknown", |(n, _)| *n)
}

/// A unit on its own: any spelling the core reads, or a canonical symbol. The symbol covers
/// the core's output-only units, `year` and `%`, which no text parses (ages and percentages
/// come in as plain numbers) but which the limits of findings are given in; a quantity object
/// holding one must be rebuilt from its value and unit.
fn parse_unit(text: &str, field: &str, expected: &str) -> Result<Unit, Failure> {
    if let Some(unit) = Unit::ALL.into_iter().find(|u| u.symbol() == text) {
        return Ok(unit);
    }
    Unit::parse(text).map_err(|e| Failure::parse(e, field, text, expected))
}

/// A unit that must be of `dimension`.
fn parse_unit_of(text: &str, dimension: Dimension, field: &str) -> Result<Unit, Failure> {
    let unit = parse_unit(text, field, dimension.describe())?;
    if unit.dimension() != dimension {
        return Err(Failure::core(
            Error::unit_mismatch("", dimension, unit),
            field,
        ));
    }
    Ok(unit)
}

/// Checks `m` as the core checks every clinical input (the dimension, a value finite in every
/// unit of it, not negative) and returns its value in the dimension's canonical unit.
fn check(m: Measure, dimension: Dimension) -> Result<f64, Error> {
    fn via<Q: ClinicalQuantity>(m: Measure) -> Result<f64, Error> {
        Ok(Q::from_measure(m, "")?.canonical())
    }
    match dimension {
        Dimension::Mass => via::<Mass>(m),
        Dimension::Volume => via::<Volume>(m),
        Dimension::Concentration => via::<Concentration>(m),
        Dimension::DoseRate => via::<DoseRate>(m),
        Dimension::FlowRate => via::<FlowRate>(m),
        Dimension::Duration => via::<Duration>(m),
        Dimension::Length => via::<Length>(m),
        Dimension::VolumePerLength => via::<VolumePerLength>(m),
        Dimension::Ratio => via::<Ratio>(m),
        // Counts (flex steps) appear only in findings; no Python quantity holds one.
        Dimension::Count => Err(Error::unit_mismatch("", Dimension::Count, m.unit)),
    }
}

/// Reads a quantity given as a text, or as a number and a unit text.
fn read(
    value: Given,
    unit: Option<String>,
    field: &str,
    expected: &str,
) -> Result<Measure, Failure> {
    match (value, unit) {
        (Given::Text(text), None) => {
            Measure::parse(&text).map_err(|e| Failure::parse(e, field, &text, expected))
        }
        (Given::Text(text), Some(unit)) => Err(Failure::new(
            ErrorKind::InvalidValue,
            field,
            format!(
                "{} is a text and {} a unit: give the unit once, as \"2 mg/mL\" or as (2, \"mg/mL\")",
                quote(&text),
                quote(&unit)
            ),
        )),
        (Given::Number(v), None) => Err(Failure::new(
            ErrorKind::UnitRequired,
            field,
            format!(
                "{} has no unit; a bare number is never a dose. Expected {expected}",
                number(v)
            ),
        )),
        (Given::Number(v), Some(unit)) => Ok(Measure::new(v, parse_unit(&unit, field, expected)?)),
    }
}

/// Reads and checks a quantity: `value` is a text (`"10 mg/20 mL"`, `unit` None) or a number
/// with its `unit` text; `dimension` is the one required (None: any). Returns the value, the
/// canonical unit symbol, the dimension name, and the value in the dimension's canonical unit.
/// Errors name `field`.
#[pyfunction]
fn quantity(
    value: Given,
    unit: Option<String>,
    dimension: Option<String>,
    field: String,
) -> PyResult<(f64, &'static str, &'static str, f64)> {
    let dimension = dimension.as_deref().map(dimension_named).transpose()?;
    let expected = dimension.map_or("a number with a unit, e.g. \"2 mg\"", Dimension::describe);
    let m = read(value, unit, &field, expected)?;
    let canonical =
        check(m, dimension.unwrap_or(m.unit.dimension())).map_err(|e| Failure::core(e, &field))?;
    Ok((
        m.value,
        m.unit.symbol(),
        dimension_name(m.unit.dimension()),
        canonical,
    ))
}

/// The value of `value` `unit` in the unit `to` (same dimension), snapped to 12 significant
/// digits by the core. Errors name `field` (the argument that held `to`).
#[pyfunction]
fn convert(value: f64, unit: String, to: String, field: String) -> PyResult<f64> {
    let from = parse_unit(&unit, "unit", "a unit")?;
    let to = parse_unit_of(&to, from.dimension(), &field)?;
    let converted = Measure::new(value, from)
        .convert(to)
        .map_err(|e| Failure::core(e, &field))?;
    Ok(converted.value)
}

/// The quantity as people should read it (ISMP safe writing: `0.5 mL`, `2,000 mcg/mL`).
#[pyfunction]
fn text(value: f64, unit: String) -> PyResult<String> {
    Ok(Measure::new(value, parse_unit(&unit, "unit", "a unit")?).to_string())
}

/// One protocol request (UTF-8 JSON bytes) in, the response text out. Never raises for a bad
/// request: that is an error response.
#[pyfunction]
fn evaluate(py: Python<'_>, request: &[u8]) -> String {
    py.detach(|| itb::protocol::evaluate_bytes(request))
}

/// The core's daily volume for each pair of a float64 daily dose and concentration array of
/// equal length, in `flow_rate_unit`. The GIL is released for the loop, so the arrays must not
/// be changed by another thread meanwhile. A bad element raises, naming its index and value.
#[pyfunction]
fn daily_volume_array<'py>(
    py: Python<'py>,
    daily_dose: PyReadonlyArray1<'py, f64>,
    daily_dose_unit: String,
    concentration: PyReadonlyArray1<'py, f64>,
    concentration_unit: String,
    flow_rate_unit: String,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let units = ArrayUnits {
        dose: parse_unit_of(&daily_dose_unit, Dimension::DoseRate, "daily_dose_unit")?,
        concentration: parse_unit_of(
            &concentration_unit,
            Dimension::Concentration,
            "concentration_unit",
        )?,
        flow: parse_unit_of(&flow_rate_unit, Dimension::FlowRate, "flow_rate_unit")?,
    };
    let (doses, concentrations) = (daily_dose.as_array(), concentration.as_array());
    if doses.len() != concentrations.len() {
        let message = format!(
            "{} elements; allowed: as many as daily_dose ({})",
            concentrations.len(),
            doses.len()
        );
        return Err(Failure::new(ErrorKind::InvalidValue, "concentration", message).into());
    }
    let flows = py.detach(|| daily_volumes(doses, concentrations, units))?;
    Ok(PyArray1::from_vec(py, flows))
}

#[derive(Clone, Copy)]
struct ArrayUnits {
    dose: Unit,
    concentration: Unit,
    flow: Unit,
}

fn daily_volumes(
    doses: ArrayView1<'_, f64>,
    concentrations: ArrayView1<'_, f64>,
    units: ArrayUnits,
) -> Result<Vec<f64>, Failure> {
    let pairs = doses.iter().zip(concentrations.iter());
    pairs
        .enumerate()
        .map(|(i, (&d, &c))| daily_volume_at(i, d, c, units))
        .collect()
}

fn daily_volume_at(
    i: usize,
    dose: f64,
    concentration: f64,
    units: ArrayUnits,
) -> Result<f64, Failure> {
    let dose = Measure::new(dose, units.dose);
    let concentration = Measure::new(concentration, units.concentration);
    let flow = || -> Result<f64, Error> {
        let dv = schedule::daily_volume(
            DoseRate::from_measure(dose, "daily_dose")?,
            Concentration::from_measure(concentration, "concentration")?,
        )?;
        dv.flow_rate.value_in(units.flow)
    };
    flow().map_err(|e| {
        let mut failure = Failure::core(e, &format!("{}[{i}]", e.field));
        if e.value.is_none() {
            // The core names no value here (a ratio that overflows): name both inputs.
            let values = format!(
                " (element {i}: {} {}, {} {})",
                number(dose.value),
                dose.unit,
                number(concentration.value),
                concentration.unit
            );
            failure.message.push_str(&values);
        }
        failure
    })
}

/// A finding's code and the limit it crossed, as `(value, unit symbol, dimension name)`.
type Limit = (&'static str, Option<(f64, &'static str, &'static str)>);

/// The limits of the dosing rules' findings, in the order raised. The protocol's findings do
/// not carry them, so the Python side reads them here, from the core's typed call on the very
/// request the protocol has just answered, and pairs them with that answer's findings by code.
fn limits(findings: &Findings) -> Vec<Limit> {
    let shown = |m: Measure| (m.value, m.unit.symbol(), dimension_name(m.unit.dimension()));
    let pair = |f: &itb::Finding| (f.code.as_str(), f.limit.map(shown));
    findings.iter().map(pair).collect()
}

/// A `screening_plan` request as the Python side builds it (every field given but the age).
#[derive(FromPyObject)]
struct ScreeningRequest {
    #[pyo3(item)]
    profile: String,
    #[pyo3(item, default)]
    age_years: Option<f64>,
    #[pyo3(item)]
    start_dose: String,
    #[pyo3(item)]
    concentration: String,
}

/// An `initial_daily_dose` request as the Python side builds it.
#[derive(FromPyObject)]
struct InitialDoseRequest {
    #[pyo3(item)]
    profile: String,
    #[pyo3(item)]
    effective_bolus: String,
    #[pyo3(item)]
    effect_duration: String,
}

/// A `titrate` request as the Python side builds it (optional fields left out when not given).
#[derive(FromPyObject)]
struct TitrateRequest {
    #[pyo3(item)]
    profile: String,
    #[pyo3(item)]
    current_daily_dose: String,
    #[pyo3(item)]
    change_percent: f64,
    #[pyo3(item)]
    origin: String,
    #[pyo3(item)]
    phase: String,
    #[pyo3(item, default)]
    age_years: Option<f64>,
    #[pyo3(item, default)]
    pump_programmable: Option<bool>,
    #[pyo3(item, default)]
    hours_since_last_change: Option<f64>,
    #[pyo3(item, default)]
    hours_since_start: Option<f64>,
}

/// The limits named by the findings of a `screening_plan` request the protocol accepted.
#[pyfunction]
fn screening_plan_limits(request: ScreeningRequest) -> PyResult<Vec<Limit>> {
    let plan = screening::screening_plan(
        choice(&request.profile, "profile", Profile::parse, "us, uk")?,
        age(request.age_years)?,
        typed(&request.start_dose, "start_dose")?,
        typed(&request.concentration, "concentration")?,
    )
    .map_err(core)?;
    Ok(limits(&plan.findings))
}

/// The limits named by the findings of an `initial_daily_dose` request the protocol accepted.
#[pyfunction]
fn initial_daily_dose_limits(request: InitialDoseRequest) -> PyResult<Vec<Limit>> {
    let dose = titration::initial_daily_dose(
        choice(&request.profile, "profile", Profile::parse, "us, uk")?,
        typed(&request.effective_bolus, "effective_bolus")?,
        typed(&request.effect_duration, "effect_duration")?,
    )
    .map_err(core)?;
    Ok(limits(&dose.findings))
}

/// The limits named by the findings of a `titrate` request the protocol accepted.
#[pyfunction]
fn titrate_limits(request: TitrateRequest) -> PyResult<Vec<Limit>> {
    let change = DoseChange {
        profile: choice(&request.profile, "profile", Profile::parse, "us, uk")?,
        current_daily_dose: typed(&request.current_daily_dose, "current_daily_dose")?,
        change: percent(request.change_percent)?,
        origin: choice(&request.origin, "origin", Origin::parse, "spinal, cerebral")?,
        phase: choice(
            &request.phase,
            "phase",
            Phase::parse,
            "titration, maintenance",
        )?,
        age: age(request.age_years)?,
        pump_programmable: request.pump_programmable.unwrap_or(true),
        since_last_change: hours(request.hours_since_last_change, "hours_since_last_change")?,
        since_start: hours(request.hours_since_start, "hours_since_start")?,
    };
    Ok(limits(&titration::titrate(&change).map_err(core)?.findings))
}

fn core(e: Error) -> Failure {
    Failure::core(e, e.field)
}

/// A quantity text of a request, read and checked as the protocol reads it.
fn typed<Q: ClinicalQuantity>(text: &str, field: &'static str) -> Result<Q, Failure> {
    let expected = Q::DIMENSION.describe();
    let m = Measure::parse(text).map_err(|e| Failure::parse(e, field, text, expected))?;
    Q::from_measure(m, field).map_err(core)
}

/// An id of a fixed set (case-sensitive), as the protocol reads it.
fn choice<T>(
    id: &str,
    field: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<T, Failure> {
    parse(id).ok_or_else(|| {
        let message = format!(
            "{} is not allowed; allowed (case-sensitive): {allowed}",
            quote(id)
        );
        Failure::new(ErrorKind::InvalidValue, field, message)
    })
}

/// A signed change in percent (a ratio quantity refuses negatives; `titrate` checks the change).
fn percent(value: f64) -> Result<Ratio, Failure> {
    Ratio::from_unit(value, Unit::Percent).ok_or_else(|| {
        let message = format!("{} is not a percentage", number(value));
        Failure::new(ErrorKind::InvalidValue, "change_percent", message)
    })
}

fn age(years: Option<f64>) -> Result<Option<Duration>, Failure> {
    let age = years.map(|y| profile::age_from_years(y, "age_years"));
    age.transpose().map_err(core)
}

fn hours(hours: Option<f64>, field: &'static str) -> Result<Option<Duration>, Failure> {
    let duration = hours.map(|h| Duration::from_measure(Measure::new(h, Unit::Hour), field));
    duration.transpose().map_err(core)
}

/// The native half of the `itb` package. Use the `itb` package, not this module.
#[pymodule(gil_used = false)]
mod _native {
    #[pymodule_export]
    use super::{
        convert, daily_volume_array, evaluate, initial_daily_dose_limits, quantity,
        screening_plan_limits, text, titrate_limits,
    };

    use pyo3::prelude::*;

    /// Adds `__version__`: the crate version, which is the workspace version.
    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
