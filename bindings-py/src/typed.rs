//! The typed operations, called without the JSON protocol: Python arguments become the core's
//! typed request ([`Args`]), the core's function checks every field in the protocol's order and
//! resolves every default, and its typed result comes back as the dict the protocol would have
//! answered (`to_dict()` of the Python result objects), built here once.
//!
//! A quantity argument comes as a text (`"2 mg/mL"`, read by [`Measure::parse`]), as `(value,
//! unit)` (a quantity object), or as a bare number (refused, as the protocol refuses one). A
//! text or unit that cannot be read becomes [`Input::unreadable`] and its message waits until
//! the core reaches that field ([`Args::fail`]), so an earlier field's error still comes first.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use itb::finding::Findings;
use itb::refill::{self, Delivery, RefillRequest};
use itb::schedule::{self, DailyVolumeRequest, FlexStep, TimeOfDay};
use itb::units::{ClinicalQuantity, Input};
use itb::{Error, ErrorKind, Measure, Unit};

use crate::{Failure, PumpGiven, number, parse_unit, pump_of};

/// A quantity argument as Python hands it over once its type is checked.
#[derive(FromPyObject)]
pub(crate) enum Arg {
    Text(String),
    Pair((f64, String)),
    Number(f64),
}

/// The arguments of one call: the messages of unreadable inputs, by field path.
#[derive(Default)]
pub(crate) struct Args {
    deferred: Vec<(String, Failure)>,
}

impl Args {
    /// A quantity input of dimension `Q` named `path`; an unreadable one waits.
    pub(crate) fn input<Q: ClinicalQuantity>(&mut self, arg: &Arg, path: &str) -> Input<Q> {
        let expected = Q::DIMENSION.describe();
        let read = match arg {
            Arg::Text(text) => {
                Measure::parse(text).map_err(|e| Failure::parse(e, path, text, expected))
            }
            Arg::Pair((value, unit)) => {
                parse_unit(unit, path, expected).map(|u| Measure::new(*value, u))
            }
            Arg::Number(v) => Err(Failure::new(
                ErrorKind::UnitRequired,
                path,
                format!(
                    "{} has no unit; a bare number is never a dose. Expected {expected}",
                    number(*v)
                ),
            )),
        };
        match read {
            Ok(m) => Input::measure(m),
            Err(f) => {
                let kind = f.kind;
                self.deferred.push((path.to_owned(), f));
                Input::unreadable(kind)
            }
        }
    }

    fn optional<Q: ClinicalQuantity>(&mut self, arg: &Option<Arg>, path: &str) -> Option<Input<Q>> {
        arg.as_ref().map(|a| self.input(a, path))
    }

    /// The error for an error of the core: the waiting message of an unreadable field, or the
    /// core's own, as the protocol gives it.
    pub(crate) fn fail(&self, e: Error) -> Failure {
        let path = field_of(&e);
        let waiting = self
            .deferred
            .iter()
            .find(|(p, f)| Some(p) == path.as_ref() && f.kind == e.kind);
        match waiting {
            Some((_, f)) => f.clone(),
            None => Failure::protocol(e),
        }
    }
}

/// The protocol's field for an error of the core (`steps[2].rate`; none for a result).
pub(crate) fn field_of(e: &Error) -> Option<String> {
    match e.step {
        _ if e.field.is_empty() => None,
        Some(i) => Some(format!("steps[{i}].{}", e.field)),
        None => Some(e.field.to_owned()),
    }
}

/// A result quantity in `unit`, as the protocol writes it.
fn measure<Q: ClinicalQuantity>(q: Q, unit: Unit) -> Result<Measure, Failure> {
    q.to_measure(unit).map_err(Failure::protocol)
}

/// `{"value", "unit", "text"}`; a value JSON cannot hold is None, as in the protocol.
fn quantity<'py>(py: Python<'py>, m: Measure) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("value", m.value.is_finite().then_some(m.value))?;
    d.set_item("unit", m.unit.symbol())?;
    d.set_item("text", m.to_string())?;
    Ok(d)
}

fn q<'py, Q: ClinicalQuantity>(py: Python<'py>, v: Q, unit: Unit) -> PyResult<Bound<'py, PyDict>> {
    quantity(py, measure(v, unit)?)
}

/// The protocol's success response: `{"ok", "op", "allowed", "result", "findings"}`.
fn response<'py>(
    py: Python<'py>,
    op: &str,
    result: Bound<'py, PyDict>,
    findings: &Findings,
) -> PyResult<Bound<'py, PyDict>> {
    let list = PyList::empty(py);
    for f in findings.iter() {
        let d = PyDict::new(py);
        d.set_item("code", f.code.as_str())?;
        d.set_item("severity", f.severity.as_str())?;
        d.set_item("message", f.message().to_string())?;
        d.set_item("source", f.source.as_str())?;
        d.set_item("subject", quantity(py, f.subject)?)?;
        match f.limit {
            Some(limit) => d.set_item("limit", quantity(py, limit)?)?,
            None => d.set_item("limit", py.None())?,
        }
        list.append(d)?;
    }
    let r = PyDict::new(py);
    r.set_item("ok", true)?;
    r.set_item("op", op)?;
    r.set_item("allowed", findings.allowed())?;
    r.set_item("result", result)?;
    r.set_item("findings", list)?;
    Ok(r)
}

/// The core's `daily_volume`; the protocol's response.
#[pyfunction]
pub(crate) fn daily_volume<'py>(
    py: Python<'py>,
    daily_dose: Arg,
    concentration: Arg,
) -> PyResult<Bound<'py, PyDict>> {
    let mut args = Args::default();
    let request = DailyVolumeRequest {
        daily_dose: args.input(&daily_dose, "daily_dose"),
        concentration: args.input(&concentration, "concentration"),
    };
    let dv = schedule::daily_volume(&request).map_err(|e| args.fail(e))?;
    let result = PyDict::new(py);
    result.set_item("flow_rate", q(py, dv.flow_rate, Unit::MlPerDay)?)?;
    result.set_item("hourly_flow", q(py, dv.hourly_flow, Unit::MlPerHour)?)?;
    response(py, "daily_volume", result, &dv.findings)
}

/// Flex steps given as `(start, rate)`: the starts read at once (as the protocol reads them),
/// the rates when the core reaches them.
fn flex_steps(
    args: &mut Args,
    steps: &[(String, Arg)],
    name: &str,
) -> Result<Vec<FlexStep>, Failure> {
    let mut out = Vec::with_capacity(steps.len());
    for (i, (start, rate)) in steps.iter().enumerate() {
        let path = format!("{name}[{i}].start");
        let start = TimeOfDay::parse(start, "start").map_err(|e| {
            let shown: String = start.chars().take(20).collect();
            let message = format!(
                "{}{} ({shown:?})",
                path,
                e.to_string().trim_start_matches("start")
            );
            Failure {
                kind: e.kind,
                field: Some(path.clone()),
                message,
            }
        })?;
        let rate = args.input(rate, &format!("{name}[{i}].rate"));
        out.push(FlexStep { start, rate });
    }
    Ok(out)
}

/// Exactly one of `daily_dose` and `steps`, as the protocol requires.
fn one_of(first: bool, second: bool, a: &str, b: &str) -> Result<(), Failure> {
    match (first, second) {
        (true, true) => Err(Failure::new(
            ErrorKind::InvalidValue,
            b,
            format!("give {a} or {b}, not both"),
        )),
        (false, false) => Err(Failure::new(
            ErrorKind::MissingField,
            a,
            format!("required: {a} or {b}"),
        )),
        _ => Ok(()),
    }
}

/// The core's `refill_plan`; the protocol's response.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn refill_plan<'py>(
    py: Python<'py>,
    pump: PumpGiven,
    concentration: Arg,
    daily_dose: Option<Arg>,
    steps: Option<Vec<(String, Arg)>>,
    fill_volume: Option<Arg>,
    alarm_volume: Option<Arg>,
    max_residence: Option<Arg>,
    lead_time: Option<Arg>,
) -> PyResult<Bound<'py, PyDict>> {
    one_of(daily_dose.is_some(), steps.is_some(), "daily_dose", "steps")?;
    let pump = pump_of(pump)?;
    let mut args = Args::default();
    let concentration = args.input(&concentration, "concentration");
    let delivery = match (&daily_dose, &steps) {
        (Some(dose), _) => Delivery::DailyDose(args.input(dose, "daily_dose")),
        (None, steps) => {
            let steps = steps.as_deref().unwrap_or_default();
            Delivery::Steps(Cow::Owned(flex_steps(&mut args, steps, "steps")?))
        }
    };
    let request = RefillRequest {
        pump,
        concentration,
        delivery,
        fill_volume: args.optional(&fill_volume, "fill_volume"),
        alarm_volume: args.optional(&alarm_volume, "alarm_volume"),
        max_residence: args.optional(&max_residence, "max_residence"),
        lead_time: args.optional(&lead_time, "lead_time"),
    };
    let plan = refill::refill_plan(&request).map_err(|e| args.fail(e))?;
    let result = PyDict::new(py);
    result.set_item("flow_rate", q(py, plan.flow_rate, Unit::MlPerDay)?)?;
    result.set_item("days_to_alarm", q(py, plan.days_to_alarm, Unit::Day)?)?;
    result.set_item("days_to_empty", q(py, plan.days_to_empty, Unit::Day)?)?;
    result.set_item("refill_due", q(py, plan.refill_due, Unit::Day)?)?;
    result.set_item("drug_amount", q(py, plan.drug_amount, Unit::Microgram)?)?;
    result.set_item("daily_dose", q(py, plan.daily_dose, Unit::McgPerDay)?)?;
    let containers = PyList::empty(py);
    for p in plan.containers.iter() {
        let c = &p.containers;
        let d = PyDict::new(py);
        d.set_item("product", p.product.id)?;
        d.set_item("count", c.count)?;
        d.set_item("drawn_volume", q(py, c.drawn_volume, Unit::Milliliter)?)?;
        d.set_item("waste", q(py, c.waste, Unit::Milliliter)?)?;
        containers.append(d)?;
    }
    result.set_item("containers", containers)?;
    response(py, "refill_plan", result, &plan.findings)
}
