//! The native half of the `itb` Python package: the extension module `itb._native`.
//!
//! Thin on purpose: every rule and every number is the core's. This module reads and checks
//! quantities with [`itb::units`] (those of responses too, which may be negative), converts and
//! formats them, runs every typed operation of the core (`typed`) and builds its Python result
//! object directly, speaks the JSON request protocol through [`itb::protocol`] for
//! `itb.evaluate` only, checks
//! user-defined pumps with [`itb::pump::custom`], and runs the core's daily-volume and refill
//! rules over numpy arrays. The public Python API (quantity classes, result objects,
//! exceptions) lives in `python/itb/` and calls these functions; `python/itb/_native.pyi` types
//! them.
//!
//! Errors leave as `Failure`, a local type (the orphan rule forbids `From<itb::Error> for
//! PyErr`) holding the protocol code, the field and a message that names the value and what is
//! allowed. They are raised as the exceptions of `itb._errors`, which picks the class from the
//! code, so the table from code to exception class exists once, in Python.

use std::fmt::Display;

mod columns;
mod typed;

use numpy::ndarray::ArrayView1;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyString;

use itb::pump::{CustomPump, PumpInput, PumpModel};
use itb::units::{
    ClinicalQuantity, Concentration, Dimension, DoseRate, Duration, FlowRate, Input, Length, Mass,
    ParseError, Ratio, Volume, VolumePerLength,
};
use itb::{Error, ErrorKind, Measure, Unit, pump, refill, schedule};

/// The dimensions by the names the Python package uses for them.
const DIMENSIONS: [(&str, Dimension); 10] = [
    ("mass", Dimension::Mass),
    ("volume", Dimension::Volume),
    ("concentration", Dimension::Concentration),
    ("dose_rate", Dimension::DoseRate),
    ("flow_rate", Dimension::FlowRate),
    ("duration", Dimension::Duration),
    ("length", Dimension::Length),
    ("volume_per_length", Dimension::VolumePerLength),
    ("ratio", Dimension::Ratio),
    ("count", Dimension::Count),
];

/// What a quantity argument may hold once the Python side has refused every other type
/// (`bool` included): a text such as `"2 mg/mL"`, or a number whose unit comes separately.
enum Given {
    Text(String),
    Number(f64),
    /// A `str` that is no text (a lone surrogate): refused naming the field, as every front end
    /// refuses text it cannot read.
    BadText,
}

impl<'a, 'py> FromPyObject<'a, 'py> for Given {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Ok(text
                .to_cow()
                .map_or(Given::BadText, |t| Given::Text(t.into_owned())));
        }
        Ok(Given::Number(obj.extract()?))
    }
}

/// An error on its way to Python: the protocol code, the offending field, and a message naming
/// the field, the value and what is allowed.
#[derive(Debug, Clone)]
struct Failure {
    kind: ErrorKind,
    field: Option<String>,
    message: String,
}

impl Failure {
    fn new(kind: ErrorKind, field: &str, message: impl Display) -> Self {
        Failure {
            kind,
            field: Some(field.to_owned()),
            message: format!("{field}: {message}"),
        }
    }

    /// A core error as the protocol reports it: the field it names (`steps[2].rate`) and the
    /// core's message. Two name no field: a result that is not finite, and a request with no
    /// input at all (`patient_check()`).
    fn protocol(e: Error) -> Self {
        let field = typed::field_of(&e);
        let message = match field {
            None if e.kind == ErrorKind::NotFinite => {
                format!("a result is not finite; allowed: {}", e.allowed)
            }
            _ => e.to_string(),
        };
        Failure {
            kind: e.kind,
            field,
            message,
        }
    }

    /// A core error about `field`. Core errors hold a `&'static str` field, while Python field
    /// names are runtime strings (`daily_dose[3]`), so the error is written with an empty field
    /// and `field` is put in front: every core error message starts with its field.
    fn core(e: Error, field: &str) -> Self {
        let shown = Error { field: "", ..e };
        Failure {
            kind: e.kind,
            field: Some(field.to_owned()),
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

/// A text quoted for a message, as the protocol quotes it (at most 80 characters).
fn quote(text: &str) -> String {
    itb::error::Quoted(text).to_string()
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
/// the core's output-only units, `year`, `%` and `step`, which no text parses (ages and
/// percentages come in as plain numbers) but which results and findings are given in; a
/// quantity object holding one must be rebuilt from its value and unit.
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
        Dimension::Count => count(m),
    }
}

/// A count of flex steps (the subject and limit of `too_many_steps`): a whole number, 0 or
/// more. The core has no quantity type for counts, whose one unit is `step`.
fn count(m: Measure) -> Result<f64, Error> {
    let refuse = |kind, allowed| Err(Error::new(kind, "", Some(m), allowed));
    if m.unit.dimension() != Dimension::Count {
        Err(Error::unit_mismatch("", Dimension::Count, m.unit))
    } else if !m.value.is_finite() {
        refuse(ErrorKind::NotFinite, "a finite number")
    } else if m.value < 0.0 {
        refuse(ErrorKind::Negative, "0 or more")
    } else if m.value.fract() != 0.0 {
        refuse(ErrorKind::InvalidValue, "a whole number of steps")
    } else {
        Ok(m.value)
    }
}

/// The text of a Python `str`; one that is no text (a lone surrogate) is refused naming `field`.
fn text_of(text: &Bound<'_, PyString>, field: &str) -> Result<String, Failure> {
    text.to_cow().map(|t| t.into_owned()).map_err(|_| {
        Failure::new(
            ErrorKind::InvalidValue,
            field,
            "not a valid text (lone surrogate)",
        )
    })
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
        (Given::BadText, _) => Err(Failure::new(
            ErrorKind::InvalidValue,
            field,
            "not a valid text (lone surrogate)",
        )),
    }
}

/// Reads and checks a quantity: `value` is a text (`"10 mg/20 mL"`, `unit` None) or a number
/// with its `unit` text; `dimension` is the one required (None: any). Returns the value, the
/// canonical unit symbol, the dimension name, and the value in the dimension's canonical unit.
/// Errors name `field`.
#[pyfunction]
fn quantity(
    value: Given,
    unit: Option<Bound<'_, PyString>>,
    dimension: Option<String>,
    field: String,
) -> PyResult<(f64, &'static str, &'static str, f64)> {
    let dimension = dimension.as_deref().map(dimension_named).transpose()?;
    let expected = dimension.map_or("a number with a unit, e.g. \"2 mg\"", Dimension::describe);
    let unit = unit.map(|u| text_of(&u, &field)).transpose()?;
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
fn convert(value: f64, unit: String, to: Bound<'_, PyString>, field: String) -> PyResult<f64> {
    let from = parse_unit(&unit, "unit", "a unit")?;
    let to = parse_unit_of(&text_of(&to, &field)?, from.dimension(), &field)?;
    let converted = Measure::new(value, from)
        .convert(to)
        .map_err(|e| Failure::core(e, &field))?;
    Ok(converted.value)
}

/// The whole days of the duration `value` `unit` (a time unit), rounded down after the snap to
/// 12 significant digits: the core's rule for a date booked from a duration
/// (`itb::refill::whole_days`), so `refill_at` + 72.9 days is 72 days later and an overdue
/// −6.6 days is 7 days earlier. A count of days beyond a 64-bit integer raises `out_of_range`
/// naming `field`.
#[pyfunction]
fn whole_days(value: f64, unit: String, field: String) -> PyResult<i64> {
    let unit = parse_unit_of(&unit, Dimension::Duration, "unit")?;
    let duration = Duration::from_unit(value, unit).ok_or_else(|| {
        Failure::core(Error::unit_mismatch("", Dimension::Duration, unit), "unit")
    })?;
    Ok(refill::whole_days(duration, "").map_err(|e| Failure::core(e, &field))?)
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

/// The core's daily volume for each pair of a float64 daily dose and concentration array of equal
/// length, in `flow_rate_unit`. The GIL is released for the loop (a long one split over the cores),
/// so the arrays must not be changed by another thread meanwhile. A bad element raises, naming its
/// index and value.
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
    each_row(doses.len(), |i| {
        daily_volume_at(i, doses[i], concentrations[i], units)
    })
}

/// Rows below this many run on the calling thread: a thread costs more than they do.
const ROWS_PER_THREAD: usize = 1 << 16;

/// `row(i)` for every row `0..n`, in one pass split over the machine's cores (the rows are
/// independent; the GIL is already released). The error is that of the first bad row, as one
/// thread going through them in order would report.
fn each_row(
    n: usize,
    row: impl Fn(usize) -> Result<f64, Failure> + Sync,
) -> Result<Vec<f64>, Failure> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let threads = cores.min(n / ROWS_PER_THREAD).max(1);
    if threads == 1 {
        return (0..n).map(row).collect();
    }
    let mut out = vec![0.0; n];
    let chunk = n.div_ceil(threads);
    let row = &row;
    let outcomes: Vec<Result<(), Failure>> = std::thread::scope(|scope| {
        let workers: Vec<_> = out
            .chunks_mut(chunk)
            .enumerate()
            .map(|(k, slots)| {
                scope.spawn(move || {
                    for (j, slot) in slots.iter_mut().enumerate() {
                        *slot = row(k * chunk + j)?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    // In chunk order: the first error is the first bad row's.
    outcomes.into_iter().collect::<Result<(), Failure>>()?;
    Ok(out)
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
        let flow = schedule::flow_rate(&schedule::DailyVolumeRequest {
            daily_dose: Input::measure(dose),
            concentration: Input::measure(concentration),
        })?;
        flow.value_in(units.flow)
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

/// Reads a quantity of a protocol response. Like [`quantity`], but the value may be negative:
/// a discrepancy, an overdue refill, a delivery below the programmed rate. Its magnitude is
/// checked as every quantity is; the canonical value keeps the sign (every unit factor is a
/// plain scale, so the canonical value of −x is minus that of x).
#[pyfunction]
fn result_quantity(
    value: f64,
    unit: String,
    dimension: Option<String>,
) -> PyResult<(f64, &'static str, &'static str, f64)> {
    let field = "value";
    let unit = parse_unit(&unit, field, "a unit")?;
    let dimension = match dimension {
        Some(name) => dimension_named(&name)?,
        None => unit.dimension(),
    };
    if unit.dimension() != dimension {
        let e = Error::unit_mismatch("", dimension, unit);
        return Err(Failure::core(e, field).into());
    }
    let magnitude =
        check(Measure::new(value.abs(), unit), dimension).map_err(|e| Failure::core(e, field))?;
    Ok((
        value,
        unit.symbol(),
        dimension_name(dimension),
        magnitude.copysign(value),
    ))
}

/// A pump as Python gives it: a catalogued model id, or a user-defined pump as
/// `(reservoir_ml, low_alarm_ml, accuracy_percent, programmable)`.
#[derive(Clone, FromPyObject)]
enum PumpGiven {
    Model(String),
    Custom((f64, f64, f64, bool)),
}

/// The core's pump input for `given`, checked. Errors name `pump`, or the custom pump's field
/// (`pump.low_alarm`), as the protocol does.
fn pump_of(given: PumpGiven) -> Result<PumpInput, Failure> {
    let input = match given {
        PumpGiven::Model(id) => PumpInput::Model(PumpModel::parse(&id).ok_or_else(|| {
            let message = format!(
                "{} is not a pump; allowed (case-sensitive): {}, or a custom pump",
                quote(&id),
                pump::MODEL_IDS
            );
            Failure::new(ErrorKind::InvalidValue, "pump", message)
        })?),
        PumpGiven::Custom((reservoir_ml, low_alarm_ml, accuracy_percent, programmable)) => {
            PumpInput::Custom(CustomPump {
                reservoir: Input::new(reservoir_ml, Unit::Milliliter),
                low_alarm: Input::new(low_alarm_ml, Unit::Milliliter),
                accuracy_percent: Some(accuracy_percent),
                programmable: Some(programmable),
            })
        }
    };
    input.read().map_err(|e| Failure::core(e, e.field))?;
    Ok(input)
}

/// Refill records in the fixed units their argument names give.
struct Records<'a> {
    fill_volume_ml: ArrayView1<'a, f64>,
    daily_dose_mcg_per_day: ArrayView1<'a, f64>,
    concentration_mcg_per_ml: ArrayView1<'a, f64>,
    alarm_volume_ml: Option<ArrayView1<'a, f64>>,
}

/// The core's days to the low-reservoir alarm (`itb::refill::days_to_alarm`) of each refill record in
/// `pump`: float64 arrays of equal length, the alarm volume the pump's unless `alarm_volume_ml` is
/// given. The GIL is released for the loop (a long one split over the cores), so the arrays must
/// not be changed by another thread meanwhile. A bad record raises, naming its argument, index and
/// value.
#[pyfunction]
fn days_to_alarm_array<'py>(
    py: Python<'py>,
    pump: PumpGiven,
    fill_volume_ml: PyReadonlyArray1<'py, f64>,
    daily_dose_mcg_per_day: PyReadonlyArray1<'py, f64>,
    concentration_mcg_per_ml: PyReadonlyArray1<'py, f64>,
    alarm_volume_ml: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let pump = pump_of(pump)?;
    let records = Records {
        fill_volume_ml: fill_volume_ml.as_array(),
        daily_dose_mcg_per_day: daily_dose_mcg_per_day.as_array(),
        concentration_mcg_per_ml: concentration_mcg_per_ml.as_array(),
        alarm_volume_ml: alarm_volume_ml.as_ref().map(|a| a.as_array()),
    };
    let n = records.fill_volume_ml.len();
    let lengths = [
        (
            "daily_dose_mcg_per_day",
            records.daily_dose_mcg_per_day.len(),
        ),
        (
            "concentration_mcg_per_ml",
            records.concentration_mcg_per_ml.len(),
        ),
        (
            "alarm_volume_ml",
            records.alarm_volume_ml.map_or(n, |a| a.len()),
        ),
    ];
    if let Some((name, len)) = lengths.into_iter().find(|(_, len)| *len != n) {
        let message = format!("{len} elements; allowed: as many as fill_volume_ml ({n})");
        return Err(Failure::new(ErrorKind::InvalidValue, name, message).into());
    }
    let days = py.detach(|| each_row(n, |i| days_to_alarm_at(&records, pump, i)))?;
    Ok(PyArray1::from_vec(py, days))
}

fn days_to_alarm_at(records: &Records<'_>, pump: PumpInput, i: usize) -> Result<f64, Failure> {
    let measure = |values: &ArrayView1<'_, f64>, unit| Measure::new(values[i], unit);
    let plan = || -> Result<f64, Error> {
        let fill_volume = measure(&records.fill_volume_ml, Unit::Milliliter);
        let daily_dose = measure(&records.daily_dose_mcg_per_day, Unit::McgPerDay);
        let concentration = measure(&records.concentration_mcg_per_ml, Unit::McgPerMl);
        let alarm_volume = records
            .alarm_volume_ml
            .map(|alarms| measure(&alarms, Unit::Milliliter));
        let request = refill::RefillRequest {
            pump,
            concentration: Input::measure(concentration),
            delivery: refill::Delivery::DailyDose(Input::measure(daily_dose)),
            fill_volume: Some(Input::measure(fill_volume)),
            alarm_volume: alarm_volume.map(Input::measure),
            max_residence: None,
            lead_time: None,
            // The column holds no risk factors: they change findings, never the days.
            risk_factors: Default::default(),
        };
        match refill::days_to_alarm(&request) {
            Ok(days) => days.value_in(Unit::Day),
            // A bad record (rare): only now its values are checked in the order of its
            // arguments, then by the daily-volume rule (whose errors name the dose and the
            // concentration), so a good record pays for the refill rule alone.
            Err(refill_error) => {
                Volume::from_measure(fill_volume, "fill_volume")?;
                DoseRate::from_measure(daily_dose, "daily_dose")?;
                Concentration::from_measure(concentration, "concentration")?;
                if let Some(alarm) = alarm_volume {
                    Volume::from_measure(alarm, "alarm_volume")?;
                }
                schedule::daily_volume(&schedule::DailyVolumeRequest {
                    daily_dose: Input::measure(daily_dose),
                    concentration: Input::measure(concentration),
                })?;
                Err(refill_error)
            }
        }
    };
    plan().map_err(|e| {
        let mut failure = Failure::core(e, &format!("{}[{i}]", record_field(e.field)));
        if e.value.is_none() {
            // The core names no value here (a flow too large to hold): name both inputs.
            let values = format!(
                " (element {i}: {} mcg/day, {} mcg/mL)",
                number(records.daily_dose_mcg_per_day[i]),
                number(records.concentration_mcg_per_ml[i])
            );
            failure.message.push_str(&values);
        }
        failure
    })
}

/// The Python argument that holds a refill record's field.
fn record_field(core_field: &str) -> &str {
    match core_field {
        "fill_volume" => "fill_volume_ml",
        "daily_dose" => "daily_dose_mcg_per_day",
        "concentration" => "concentration_mcg_per_ml",
        "alarm_volume" => "alarm_volume_ml",
        other => other,
    }
}

/// The native half of the `itb` package. Use the `itb` package, not this module.
#[pymodule(gil_used = false)]
mod _native {
    #[pymodule_export]
    use super::columns::{
        bridge_bolus_columns, change_percent_columns, convert_column, daily_volume_columns,
        programming_check_columns, reconcile_columns, refill_plan_columns, titrate_columns,
    };
    #[pymodule_export]
    use super::typed::{
        bridge_bolus, catheter_volume, constant_flow_fill, containers, convert_quantity,
        custom_pump, daily_volume, dilution, flex_daily_dose, initial_daily_dose, interactions,
        monitoring_plan, night_boost, patient_check, pk_profile, products, programming_check,
        reconcile, refill_plan, screening_plan, signs, taper_schedule, titrate, titration_schedule,
        triage,
    };
    #[pymodule_export]
    use super::{
        convert, daily_volume_array, days_to_alarm_array, evaluate, quantity, result_quantity,
        text, whole_days,
    };

    use pyo3::prelude::*;
    use pyo3::types::PyTuple;

    /// Adds `__version__` (the crate version, which is the workspace version), and the core's
    /// ids (pumps, catheters, risk factors, sign codes and lists, routes, monitoring phases,
    /// drug classes) and defaults, so the Python side states them once.
    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        let ids = |list: &str| PyTuple::new(m.py(), list.split(", ").collect::<Vec<_>>());
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("PUMP_MODELS", ids(itb::pump::MODEL_IDS)?)?;
        m.add("CATHETERS", ids(itb::bolus::CATHETER_IDS)?)?;
        m.add("RISK_FACTORS", ids(itb::patient::RISK_FACTOR_IDS)?)?;
        m.add("SIGN_CODES", ids(itb::signs::SIGN_CODES)?)?;
        m.add("SIGN_LISTS", ids(itb::signs::SIGN_LIST_IDS)?)?;
        m.add("ROUTES", ids(itb::patient::ROUTE_IDS)?)?;
        m.add(
            "MONITORING_PHASES",
            ids(itb::monitoring::MONITORING_PHASE_IDS)?,
        )?;
        let classes = itb::interactions::DrugClass::ALL.map(|c| c.id());
        m.add("DRUG_CLASSES", PyTuple::new(m.py(), classes)?)?;
        m.add(
            "DEFAULT_ACCURACY_PERCENT",
            itb::pump::DEFAULT_ACCURACY_PERCENT,
        )?;
        m.add(
            "DEFAULT_PUMP_PROGRAMMABLE",
            itb::titration::DEFAULT_PUMP_PROGRAMMABLE,
        )?;
        m.add("DEFAULT_PROGRAMMABLE", itb::pump::DEFAULT_PROGRAMMABLE)?;
        m.add("DEFAULT_LEAD_TIME_H", itb::schedule::DEFAULT_LEAD_TIME_H)?;
        m.add("DEFAULT_THRESHOLD_ML", itb::refill::DEFAULT_THRESHOLD_ML)?;
        m.add(
            "DEFAULT_MAX_RESIDENCE_DAYS",
            itb::refill::DEFAULT_MAX_RESIDENCE_DAYS,
        )?;
        m.add(
            "DEFAULT_REFILL_LEAD_TIME_DAYS",
            itb::refill::DEFAULT_LEAD_TIME_DAYS,
        )?;
        m.add(
            "DEFAULT_START_DOSE_MCG",
            itb::screening::DEFAULT_START_DOSE_MCG,
        )?;
        m.add("SCREENING_MCG_PER_ML", itb::screening::SCREENING_MCG_PER_ML)?;
        m.add(
            "DEFAULT_PRIMING_OVERAGE_ML",
            itb::dilution::DEFAULT_PRIMING_OVERAGE_ML,
        )
    }
}
