//! The typed operations, called without the JSON protocol: Python arguments become the core's
//! typed request ([`Args`]), the core's function checks every field in the protocol's order and
//! resolves every default, and its typed result comes back as the Python result object itself
//! (`itb.DailyVolume`...), built here once: no response dict, no re-reading. `to_dict()` of a
//! result writes the protocol's response from its fields when asked (`itb._results.Result`).
//!
//! A quantity argument comes as a text (`"2 mg/mL"`, read by [`Measure::parse`]), as `(value,
//! unit)` (a quantity object), or as a bare number (refused, as the protocol refuses one). A
//! text, unit or id that cannot be read becomes [`Input::unreadable`] / [`Given::unreadable`]
//! and its message waits until the core reaches that field ([`Args::fail`]), so an earlier
//! field's error still comes first, as in `itb.evaluate`.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyFloat, PyList, PyString, PyTuple, PyType};
use pyo3::{IntoPyObjectExt, ffi, intern};

use itb::bolus::{self, BridgeRequest, CatheterModel, CatheterRequest};
use itb::dilution::{self as mixing, ConstantFlowFillRequest, DILUENT, DilutionRequest};
use itb::finding::Findings;
use itb::interactions::InteractionsRequest;
use itb::monitoring::{self, MONITORING_PHASE_IDS, MonitoringPhase, MonitoringRequest};
use itb::patient::{
    self, PatientRequest, RISK_FACTOR_IDS, ROUTE_IDS, RiskFactor, RiskFactors, Route,
};
use itb::pharmacokinetics::{self, Dosing, PkRequest};
use itb::product::{self, CATALOGUE, ContainersRequest, Need};
use itb::profile::{Origin, Phase, Profile};
use itb::programming::{self, ProgrammingRequest};
use itb::pump::{CustomPump, PumpInput};
use itb::refill::{self, Delivery, Programmed, ReconcileRequest, RefillRequest};
use itb::schedule::{
    self, DailyVolumeRequest, FlexDoseRequest, FlexStep, NightBoostRequest, Step, TimeOfDay,
};
use itb::screening::{self, ScreeningRequest};
use itb::signs::{SIGN_CODES, SIGN_LIST_IDS, SignCode, SignList, SignsRequest, TriageRequest};
use itb::taper::{self, DoseStep, TaperRequest};
use itb::titration::{self, InitialDoseRequest, TitrateRequest, TitrationScheduleRequest};
use itb::units::{self, ClinicalQuantity, ConvertRequest, Dimension, Given, Input};
use itb::{Error, ErrorKind, Measure, Unit};

use crate::{Failure, PumpGiven, check, number, parse_unit, pump_of, quote};

/// A quantity argument as Python hands it over once its type is checked.
pub(crate) enum Arg {
    Text(String),
    Pair((f64, String)),
    Number(f64),
    /// A `str` that is no text (a lone surrogate, `"\ud800"`): refused naming its field.
    BadText,
}

/// Written out, not derived: a derived enum tries each variant in turn, and each miss builds
/// an exception (a quantity object's pair cost 3 µs).
impl<'a, 'py> FromPyObject<'a, 'py> for Arg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Ok(text
                .to_cow()
                .map_or(Arg::BadText, |t| Arg::Text(t.into_owned())));
        }
        if obj.is_instance_of::<PyTuple>() {
            let (value, unit): (f64, Bound<'py, PyAny>) = obj.extract()?;
            if let Ok(unit) = unit.cast::<PyString>() {
                return Ok(unit
                    .to_cow()
                    .map_or(Arg::BadText, |u| Arg::Pair((value, u.into_owned()))));
            }
            return Ok(Arg::Pair(obj.extract()?));
        }
        Ok(Arg::Number(obj.extract()?))
    }
}

/// The arguments of one call: the messages of unreadable inputs, by field path.
#[derive(Default)]
pub(crate) struct Args {
    deferred: Vec<(String, Failure)>,
}

impl Args {
    /// A quantity input of dimension `Q` named `path`; an unreadable one waits.
    pub(crate) fn input<Q: ClinicalQuantity>(&mut self, arg: &Arg, path: &str) -> Input<Q> {
        match read_arg(arg, path, Some(Q::DIMENSION), Q::DIMENSION.describe()) {
            Ok(m) => Input::measure(m),
            Err(f) => Input::unreadable(self.wait(path, f)),
        }
    }

    fn optional<Q: ClinicalQuantity>(&mut self, arg: &Option<Arg>, path: &str) -> Option<Input<Q>> {
        arg.as_ref().map(|a| self.input(a, path))
    }

    /// A choice or a time read by `read`; an unreadable one waits.
    fn given<T: Copy>(&mut self, path: &str, read: Result<T, Failure>) -> Given<T> {
        match read {
            Ok(v) => Given::new(v),
            Err(f) => Given::unreadable(self.wait(path, f)),
        }
    }

    fn wait(&mut self, path: &str, f: Failure) -> ErrorKind {
        let kind = f.kind;
        self.deferred.push((path.to_owned(), f));
        kind
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

/// A quantity argument read now; `expected` says what the field allows.
fn read_arg(
    arg: &Arg,
    path: &str,
    dimension: Option<Dimension>,
    expected: &str,
) -> Result<Measure, Failure> {
    match arg {
        Arg::Text(text) => {
            Measure::parse(text).map_err(|e| Failure::parse(e, path, text, expected))
        }
        // A unit no text holds (`year`, `%`, `step`) is read as its symbol, so a quantity of
        // another dimension is a unit mismatch; of the field's own dimension it is refused as
        // the protocol refuses the text "0.5 year".
        Arg::Pair((value, unit)) => match parse_unit(unit, path, expected)? {
            u if Some(u.dimension()) == dimension && Unit::parse(unit).is_err() => {
                let text = format!("{value} {unit}");
                Measure::parse(&text).map_err(|e| Failure::parse(e, path, &text, expected))
            }
            u => Ok(Measure::new(*value, u)),
        },
        Arg::Number(v) => Err(Failure::new(
            ErrorKind::UnitRequired,
            path,
            format!(
                "{} has no unit; a bare number is never a dose. Expected {expected}",
                number(*v)
            ),
        )),
        Arg::BadText => Err(bad_text(path)),
    }
}

/// The protocol's field for an error of the core (`steps[2].rate`; none for a result).
pub(crate) fn field_of(e: &Error) -> Option<String> {
    (!e.field.is_empty()).then(|| e.path().to_string())
}

/// `repr(value)`, at most 80 characters, as `itb._quantities.show` writes it.
fn show(value: &Bound<'_, PyAny>) -> String {
    let text = value
        .repr()
        .map_or_else(|_| "<object>".to_owned(), |r| r.to_string());
    let shown: String = text.chars().take(80).collect();
    if shown.len() < text.len() {
        shown + "…"
    } else {
        shown
    }
}

/// One of a fixed set of ids (case-sensitive), as `itb._arguments.id_` refuses another.
pub(crate) fn choice<T>(
    value: &Bound<'_, PyAny>,
    field: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<T, Failure> {
    let id = value
        .cast::<PyString>()
        .ok()
        .and_then(|s| s.to_cow().ok().map(|c| c.into_owned()));
    id.as_deref().and_then(parse).ok_or_else(|| {
        let message = format!(
            "{} is not allowed; allowed (case-sensitive): {allowed}",
            show(value)
        );
        Failure::new(ErrorKind::InvalidValue, field, message)
    })
}

/// A time of day `"HH:MM"`, as the protocol reads one (its text quoted after the core's
/// message); another type is refused as `itb._pumps` refuses it.
fn time_of_day(value: &Bound<'_, PyAny>, path: &str) -> Result<TimeOfDay, Failure> {
    let Ok(text) = value.cast::<PyString>() else {
        let message = format!(
            "{} is not a time of day; expected a text 'HH:MM', 00:00 to 23:59",
            show(value)
        );
        return Err(Failure::new(ErrorKind::InvalidValue, path, message));
    };
    time_text(&text.to_cow().map_err(|_| bad_text(path))?, path)
}

fn bad_text(path: &str) -> Failure {
    Failure::new(
        ErrorKind::InvalidValue,
        path,
        "not a valid text (lone surrogate)",
    )
}

fn time_text(text: &str, path: &str) -> Result<TimeOfDay, Failure> {
    TimeOfDay::parse(text, "start").map_err(|e| {
        let shown: String = text.chars().take(20).collect();
        let message = format!(
            "{path}{} ({shown:?})",
            e.to_string().trim_start_matches("start")
        );
        Failure {
            kind: e.kind,
            field: Some(path.to_owned()),
            message,
        }
    })
}

pub(crate) fn profile_of(id: &str) -> Result<Profile, Failure> {
    Profile::parse(id).ok_or_else(|| {
        let message = format!(
            "{} is not allowed; allowed (case-sensitive): us, uk",
            quote(id)
        );
        Failure::new(ErrorKind::InvalidValue, "profile", message)
    })
}

/// Exactly one of `a` and `b`, as the protocol requires.
fn one_of(first: bool, second: bool, a: &str, b: &str) -> Result<(), Failure> {
    if first == second {
        return Err(not_one_of(first, a, b));
    }
    Ok(())
}

/// The protocol's error when `a` and `b` are `both` given, or neither is.
fn not_one_of(both: bool, a: &str, b: &str) -> Failure {
    if both {
        Failure::new(
            ErrorKind::InvalidValue,
            b,
            format!("give {a} or {b}, not both"),
        )
    } else {
        Failure::new(ErrorKind::MissingField, a, format!("required: {a} or {b}"))
    }
}

/// Flex steps given as `(start, rate)`: the starts read at once (as the protocol reads them),
/// the rates when the core reaches them.
fn flex_steps(args: &mut Args, steps: &[(Arg, Arg)], name: &str) -> Result<Vec<FlexStep>, Failure> {
    let mut out = Vec::with_capacity(steps.len());
    for (i, (start, rate)) in steps.iter().enumerate() {
        let path = format!("{name}[{i}].start");
        // Python gives a start as a `str` (`itb._pumps` checks it): a text, or one that is no
        // text (a lone surrogate).
        let start = match start {
            Arg::Text(text) => time_text(text, &path)?,
            _ => return Err(bad_text(&path)),
        };
        let rate = args.input(rate, &format!("{name}[{i}].rate"));
        out.push(FlexStep { start, rate });
    }
    Ok(out)
}

/// Withdrawal risk factors, as the protocol reads its list: a list (or tuple) of distinct ids
/// (an `itb.RiskFactor` is a text, its id); None, absent: none known. A bad list waits for the
/// core's turn (risk factors are read last), its error naming the element (`risk_factors[1]`).
fn risk_factors(args: &mut Args, value: Option<&Bound<'_, PyAny>>) -> Given<RiskFactors> {
    let field = "risk_factors";
    match value {
        None => Given::new(RiskFactors::NONE),
        Some(v) => args.given(field, risk_factor_list(v, field)),
    }
}

fn risk_factor_list(value: &Bound<'_, PyAny>, field: &str) -> Result<RiskFactors, Failure> {
    let items = if let Ok(list) = value.cast::<PyList>() {
        list.iter().collect::<Vec<_>>()
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        tuple.iter().collect()
    } else {
        let message = format!(
            "{} is not a list of risk factors; allowed: a list of {RISK_FACTOR_IDS}",
            show(value)
        );
        return Err(Failure::new(ErrorKind::InvalidValue, field, message));
    };
    let mut set = RiskFactors::NONE;
    for (i, item) in items.iter().enumerate() {
        let path = format!("{field}[{i}]");
        let factor = choice(item, &path, RiskFactor::parse, RISK_FACTOR_IDS)?;
        if set.contains(factor) {
            let message = format!(
                "{} is repeated; give each risk factor once; allowed (case-sensitive): {RISK_FACTOR_IDS}",
                show(item)
            );
            return Err(Failure::new(ErrorKind::InvalidValue, &path, message));
        }
        set = set.with(factor);
    }
    Ok(set)
}

// --- results: the Python objects, built directly ------------------------------------------

/// The classes of the `itb` package that results are built as, in [`CLASS_NAMES`] order.
#[derive(Clone, Copy)]
enum C {
    Mass,
    Volume,
    Concentration,
    DoseRate,
    FlowRate,
    Duration,
    Length,
    VolumePerLength,
    Ratio,
    Count,
    Finding,
    DailyVolume,
    Dilution,
    Containers,
    Product,
    Products,
    ScreeningDose,
    ScreeningPlan,
    InitialDose,
    Titration,
    FlexStep,
    FlexDose,
    NightBoost,
    RefillContainers,
    RefillPlan,
    Reconciliation,
    Bridge,
    CatheterVolume,
    ConstantFlowFill,
    ProgrammingCheck,
    DoseStep,
    TitrationSchedule,
    TaperSchedule,
    PkPoint,
    PkProfile,
    Sign,
    Action,
    SignList,
    Match,
    Triage,
    Interaction,
    InteractionCheck,
    PatientCheck,
    MonitoringItem,
    MonitoringPlan,
}

const CLASS_NAMES: [&str; 45] = [
    "Mass",
    "Volume",
    "Concentration",
    "DoseRate",
    "FlowRate",
    "Duration",
    "Length",
    "VolumePerLength",
    "Ratio",
    "Count",
    "Finding",
    "DailyVolume",
    "Dilution",
    "Containers",
    "Product",
    "Products",
    "ScreeningDose",
    "ScreeningPlan",
    "InitialDose",
    "Titration",
    "FlexStep",
    "FlexDose",
    "NightBoost",
    "RefillContainers",
    "RefillPlan",
    "Reconciliation",
    "Bridge",
    "CatheterVolume",
    "ConstantFlowFill",
    "ProgrammingCheck",
    "DoseStep",
    "TitrationSchedule",
    "TaperSchedule",
    "PkPoint",
    "PkProfile",
    "Sign",
    "Action",
    "SignList",
    "Match",
    "Triage",
    "Interaction",
    "InteractionCheck",
    "PatientCheck",
    "MonitoringItem",
    "MonitoringPlan",
];

static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

/// The class, looked up in the `itb` package once (by then it is imported: only its functions
/// call these).
fn class(py: Python<'_>, c: C) -> PyResult<&Bound<'_, PyType>> {
    let all = CLASSES.get_or_try_init(py, || {
        let itb = py.import("itb")?;
        CLASS_NAMES
            .iter()
            .map(|name| Ok(itb.getattr(*name)?.cast_into::<PyType>()?.unbind()))
            .collect::<PyResult<Vec<_>>>()
    })?;
    Ok(all[c as usize].bind(py))
}

type Fields<'py> = Vec<(&'py Bound<'py, PyString>, Bound<'py, PyAny>)>;

/// An instance of `c` with `fields` set, as `object.__new__` and `object.__setattr__` make it:
/// neither `__init__` (the checks of a constructor) nor a frozen class's `__setattr__` run. The
/// values come from the core, already checked.
fn build<'py>(
    py: Python<'py>,
    c: C,
    fields: &[(&Bound<'py, PyString>, Bound<'py, PyAny>)],
) -> PyResult<Bound<'py, PyAny>> {
    let ty = class(py, c)?;
    // SAFETY: the type is a heap type of the itb package whose tp_new is object's, which
    // allocates with PyType_GenericAlloc exactly so; PyObject_GenericSetAttr is object's own
    // __setattr__ on a live object, with borrowed name and value.
    unsafe {
        let object = ffi::PyType_GenericAlloc(ty.as_type_ptr(), 0);
        let object = Bound::from_owned_ptr_or_err(py, object)?;
        for (name, value) in fields {
            if ffi::PyObject_GenericSetAttr(object.as_ptr(), name.as_ptr(), value.as_ptr()) != 0 {
                return Err(PyErr::fetch(py));
            }
        }
        Ok(object)
    }
}

fn class_of(d: Dimension) -> C {
    match d {
        Dimension::Mass => C::Mass,
        Dimension::Volume => C::Volume,
        Dimension::Concentration => C::Concentration,
        Dimension::DoseRate => C::DoseRate,
        Dimension::FlowRate => C::FlowRate,
        Dimension::Duration => C::Duration,
        Dimension::Length => C::Length,
        Dimension::VolumePerLength => C::VolumePerLength,
        Dimension::Ratio => C::Ratio,
        Dimension::Count => C::Count,
    }
}

static UNIT_SYMBOLS: PyOnceLock<Vec<(Unit, Py<PyString>)>> = PyOnceLock::new();

/// The unit's canonical symbol as a Python string, made once per unit.
fn unit_symbol(py: Python<'_>, unit: Unit) -> PyResult<Bound<'_, PyAny>> {
    let all = UNIT_SYMBOLS.get_or_init(py, || {
        Unit::ALL
            .iter()
            .map(|u| (*u, PyString::intern(py, u.symbol()).unbind()))
            .collect()
    });
    match all.iter().find(|(u, _)| *u == unit) {
        Some((_, symbol)) => Ok(symbol.bind(py).clone().into_any()),
        None => Ok(PyString::new(py, unit.symbol()).into_any()),
    }
}

/// A quantity of a result or a finding, as the class of its dimension; it may be negative. A
/// value that is not finite is refused, as a response's null is.
fn quantity_object<'py>(py: Python<'py>, m: Measure) -> PyResult<Bound<'py, PyAny>> {
    if !m.value.is_finite() {
        let message =
            format!("a result is too large to hold ({m}); no finite answer for these inputs");
        return Err(Failure {
            kind: ErrorKind::NotFinite,
            field: None,
            message,
        }
        .into());
    }
    let dimension = m.unit.dimension();
    let canonical = check(Measure::new(m.value.abs(), m.unit), dimension)
        .map_err(|e| Failure::core(e, "value"))?
        .copysign(m.value);
    let fields = [
        (intern!(py, "_value"), PyFloat::new(py, m.value).into_any()),
        (intern!(py, "_unit"), unit_symbol(py, m.unit)?),
        (
            intern!(py, "_canonical"),
            PyFloat::new(py, canonical).into_any(),
        ),
    ];
    build(py, class_of(dimension), &fields)
}

/// A result quantity in `unit`, as the protocol gives it.
fn q<'py, Q: ClinicalQuantity>(py: Python<'py>, v: Q, unit: Unit) -> PyResult<Bound<'py, PyAny>> {
    quantity_object(py, v.to_measure(unit).map_err(Failure::protocol)?)
}

fn any<'py, T: IntoPyObjectExt<'py>>(py: Python<'py>, v: T) -> PyResult<Bound<'py, PyAny>> {
    v.into_bound_py_any(py)
}

fn findings<'py>(py: Python<'py>, findings: &Findings) -> PyResult<Bound<'py, PyAny>> {
    let mut list = Vec::with_capacity(findings.len());
    for f in findings.iter() {
        let limit = match f.limit {
            Some(limit) => quantity_object(py, limit)?,
            None => py.None().into_bound(py),
        };
        let fields = [
            (intern!(py, "code"), any(py, f.code.as_str())?),
            (intern!(py, "severity"), any(py, f.severity.as_str())?),
            (intern!(py, "message"), any(py, f.message().to_string())?),
            (intern!(py, "source"), any(py, f.source.as_str())?),
            (intern!(py, "subject"), quantity_object(py, f.subject)?),
            (intern!(py, "limit"), limit),
        ];
        list.push(build(py, C::Finding, &fields)?);
    }
    Ok(PyTuple::new(py, list)?.into_any())
}

/// A result object of class `c`: `fields`, then its findings and whether it is allowed.
fn result<'py>(
    py: Python<'py>,
    c: C,
    mut fields: Fields<'py>,
    f: &Findings,
) -> PyResult<Bound<'py, PyAny>> {
    fields.push((intern!(py, "findings"), findings(py, f)?));
    fields.push((intern!(py, "allowed"), any(py, f.allowed())?));
    build(py, c, &fields)
}

fn tuple<'py>(py: Python<'py>, items: Vec<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
    Ok(PyTuple::new(py, items)?.into_any())
}

fn steps<'py>(py: Python<'py>, steps: impl Iterator<Item = Step>) -> PyResult<Bound<'py, PyAny>> {
    let mut list = Vec::new();
    for s in steps {
        let fields = [
            (intern!(py, "start"), any(py, s.start.to_string())?),
            (intern!(py, "rate"), q(py, s.rate, Unit::McgPerHour)?),
            (intern!(py, "duration"), q(py, s.duration, Unit::Hour)?),
        ];
        list.push(build(py, C::FlexStep, &fields)?);
    }
    tuple(py, list)
}

/// The steps of a titration or taper schedule, as `itb.DoseStep`s: `at` in day, the daily
/// dose in mcg/day, as the protocol gives them.
fn dose_steps<'py>(
    py: Python<'py>,
    steps: impl Iterator<Item = DoseStep>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut list = Vec::new();
    for s in steps {
        let fields = [
            (intern!(py, "at"), q(py, s.at, Unit::Day)?),
            (
                intern!(py, "daily_dose"),
                q(py, s.daily_dose, Unit::McgPerDay)?,
            ),
        ];
        list.push(build(py, C::DoseStep, &fields)?);
    }
    tuple(py, list)
}

// --- the operations ------------------------------------------------------------------------

/// The core's `daily_volume`, as an `itb.DailyVolume`.
#[pyfunction]
pub(crate) fn daily_volume<'py>(
    py: Python<'py>,
    daily_dose: Arg,
    concentration: Arg,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let request = DailyVolumeRequest {
        daily_dose: args.input(&daily_dose, "daily_dose"),
        concentration: args.input(&concentration, "concentration"),
    };
    let dv = schedule::daily_volume(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (
            intern!(py, "flow_rate"),
            q(py, dv.flow_rate, Unit::MlPerDay)?,
        ),
        (
            intern!(py, "hourly_flow"),
            q(py, dv.hourly_flow, Unit::MlPerHour)?,
        ),
    ];
    result(py, C::DailyVolume, fields, &dv.findings)
}

/// The core's `refill_plan`, as an `itb.RefillPlan` (no dates: Python adds them).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn refill_plan<'py>(
    py: Python<'py>,
    pump: PumpGiven,
    concentration: Arg,
    daily_dose: Option<Arg>,
    steps: Option<Vec<(Arg, Arg)>>,
    fill_volume: Option<Arg>,
    alarm_volume: Option<Arg>,
    max_residence: Option<Arg>,
    lead_time: Option<Arg>,
    risk_factors: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
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
        risk_factors: self::risk_factors(&mut args, risk_factors.as_ref()),
    };
    let plan = refill::refill_plan(&request).map_err(|e| args.fail(e))?;
    let mut containers = Vec::with_capacity(plan.containers.len());
    for p in plan.containers.iter() {
        let c = &p.containers;
        let fields = [
            (intern!(py, "product"), any(py, p.product.id)?),
            (intern!(py, "count"), any(py, c.count)?),
            (
                intern!(py, "drawn_volume"),
                q(py, c.drawn_volume, Unit::Milliliter)?,
            ),
            (intern!(py, "waste"), q(py, c.waste, Unit::Milliliter)?),
        ];
        containers.push(build(py, C::RefillContainers, &fields)?);
    }
    let fields = vec![
        (
            intern!(py, "flow_rate"),
            q(py, plan.flow_rate, Unit::MlPerDay)?,
        ),
        (
            intern!(py, "days_to_alarm"),
            q(py, plan.days_to_alarm, Unit::Day)?,
        ),
        (
            intern!(py, "earliest_alarm"),
            q(py, plan.earliest_alarm, Unit::Day)?,
        ),
        (
            intern!(py, "days_to_empty"),
            q(py, plan.days_to_empty, Unit::Day)?,
        ),
        (
            intern!(py, "refill_due"),
            q(py, plan.refill_due, Unit::Day)?,
        ),
        (
            intern!(py, "drug_amount"),
            q(py, plan.drug_amount, Unit::Microgram)?,
        ),
        (
            intern!(py, "daily_dose"),
            q(py, plan.daily_dose, Unit::McgPerDay)?,
        ),
        (intern!(py, "containers"), tuple(py, containers)?),
        (intern!(py, "alarm_at"), py.None().into_bound(py)),
        (intern!(py, "due_at"), py.None().into_bound(py)),
    ];
    result(py, C::RefillPlan, fields, &plan.findings)
}

/// The core's `titrate`, as an `itb.Titration`. `profile` and the plain numbers are checked
/// by the caller (the protocol reads them at once); origin and phase wait for their turn.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn titrate<'py>(
    py: Python<'py>,
    profile: &str,
    current_daily_dose: Arg,
    change_percent: f64,
    origin: &Bound<'py, PyAny>,
    phase: &Bound<'py, PyAny>,
    age_years: Option<f64>,
    pump_programmable: Option<bool>,
    hours_since_last_change: Option<f64>,
    hours_since_start: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let profile = profile_of(profile)?;
    let mut args = Args::default();
    let current_daily_dose = args.input(&current_daily_dose, "current_daily_dose");
    let origin = args.given(
        "origin",
        choice(origin, "origin", Origin::parse, "spinal, cerebral"),
    );
    let phase = args.given(
        "phase",
        choice(phase, "phase", Phase::parse, "titration, maintenance"),
    );
    let request = TitrateRequest {
        profile,
        current_daily_dose,
        change_percent,
        origin,
        phase,
        age_years,
        pump_programmable,
        hours_since_last_change,
        hours_since_start,
    };
    let t = titration::titrate(&request).map_err(|e| args.fail(e))?;
    let fields = vec![(
        intern!(py, "new_daily_dose"),
        q(py, t.new_daily_dose, Unit::McgPerDay)?,
    )];
    result(py, C::Titration, fields, &t.findings)
}

/// The core's `titration_schedule`, as an `itb.TitrationSchedule`. `profile` and the plain
/// numbers are checked by the caller (the protocol reads them at once); origin and phase wait
/// for their turn. Defaults left as None are the core's.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn titration_schedule<'py>(
    py: Python<'py>,
    profile: &str,
    origin: &Bound<'py, PyAny>,
    phase: &Bound<'py, PyAny>,
    current_daily_dose: Arg,
    target_daily_dose: Arg,
    step_percent: Option<f64>,
    pump_programmable: Option<bool>,
    age_years: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let profile = profile_of(profile)?;
    let mut args = Args::default();
    let request = TitrationScheduleRequest {
        profile,
        origin: args.given(
            "origin",
            choice(origin, "origin", Origin::parse, "spinal, cerebral"),
        ),
        phase: args.given(
            "phase",
            choice(phase, "phase", Phase::parse, "titration, maintenance"),
        ),
        current_daily_dose: args.input(&current_daily_dose, "current_daily_dose"),
        target_daily_dose: args.input(&target_daily_dose, "target_daily_dose"),
        step_percent,
        pump_programmable,
        age_years,
    };
    let s = titration::titration_schedule(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (intern!(py, "steps"), dose_steps(py, s.steps())?),
        (intern!(py, "step_count"), any(py, s.step_count)?),
        (
            intern!(py, "days_to_target"),
            q(py, s.days_to_target, Unit::Day)?,
        ),
        (intern!(py, "step_percent"), any(py, s.step_percent)?),
        (intern!(py, "interval"), q(py, s.interval, Unit::Day)?),
    ];
    result(py, C::TitrationSchedule, fields, &s.findings)
}

/// The core's `taper_schedule`, as an `itb.TaperSchedule` (interval the core's by default).
#[pyfunction]
pub(crate) fn taper_schedule<'py>(
    py: Python<'py>,
    current_daily_dose: Arg,
    target_daily_dose: Arg,
    duration: Arg,
    interval: Option<Arg>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let request = TaperRequest {
        current_daily_dose: args.input(&current_daily_dose, "current_daily_dose"),
        target_daily_dose: args.input(&target_daily_dose, "target_daily_dose"),
        duration: args.input(&duration, "duration"),
        interval: args.optional(&interval, "interval"),
    };
    let t = taper::taper_schedule(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (intern!(py, "steps"), dose_steps(py, t.steps())?),
        (intern!(py, "step_count"), any(py, t.step_count)?),
        (intern!(py, "interval"), q(py, t.interval, Unit::Day)?),
    ];
    result(py, C::TaperSchedule, fields, &t.findings)
}

/// The core's `screening_plan`, as an `itb.ScreeningPlan` (defaults the core's).
#[pyfunction]
pub(crate) fn screening_plan<'py>(
    py: Python<'py>,
    profile: &str,
    age_years: Option<f64>,
    start_dose: Option<Arg>,
    concentration: Option<Arg>,
    hours_since_last_dose: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let profile = profile_of(profile)?;
    let mut args = Args::default();
    let request = ScreeningRequest {
        profile,
        age_years,
        start_dose: args.optional(&start_dose, "start_dose"),
        concentration: args.optional(&concentration, "concentration"),
        hours_since_last_dose,
    };
    let plan = screening::screening_plan(&request).map_err(|e| args.fail(e))?;
    let mut doses = Vec::new();
    for d in plan.doses() {
        let fields = [
            (intern!(py, "dose"), q(py, d.dose, Unit::Microgram)?),
            (intern!(py, "volume"), q(py, d.volume, Unit::Milliliter)?),
        ];
        doses.push(build(py, C::ScreeningDose, &fields)?);
    }
    let fields = vec![
        (intern!(py, "doses"), tuple(py, doses)?),
        (
            intern!(py, "min_interval"),
            q(py, plan.min_interval, Unit::Hour)?,
        ),
        (
            intern!(py, "max_dose"),
            q(py, plan.max_dose, Unit::Microgram)?,
        ),
    ];
    result(py, C::ScreeningPlan, fields, &plan.findings)
}

/// The core's `initial_daily_dose`, as an `itb.InitialDose`.
#[pyfunction]
pub(crate) fn initial_daily_dose<'py>(
    py: Python<'py>,
    profile: &str,
    effective_bolus: Arg,
    effect_duration: Arg,
) -> PyResult<Bound<'py, PyAny>> {
    let profile = profile_of(profile)?;
    let mut args = Args::default();
    let request = InitialDoseRequest {
        profile,
        effective_bolus: args.input(&effective_bolus, "effective_bolus"),
        effect_duration: args.input(&effect_duration, "effect_duration"),
    };
    let d = titration::initial_daily_dose(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (
            intern!(py, "daily_dose"),
            q(py, d.daily_dose, Unit::McgPerDay)?,
        ),
        (intern!(py, "rule"), any(py, d.rule.id())?),
        (intern!(py, "rule_source"), any(py, d.source.as_str())?),
    ];
    result(py, C::InitialDose, fields, &d.findings)
}

/// The core's `flex_daily_dose`, as an `itb.FlexDose`.
#[pyfunction]
pub(crate) fn flex_daily_dose<'py>(
    py: Python<'py>,
    steps: Vec<(Arg, Arg)>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let list = flex_steps(&mut args, &steps, "steps")?;
    let request = FlexDoseRequest {
        steps: (&list[..]).into(),
    };
    let flex = schedule::flex_daily_dose(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (
            intern!(py, "daily_dose"),
            q(py, flex.daily_dose, Unit::McgPerDay)?,
        ),
        (intern!(py, "steps"), self::steps(py, flex.steps())?),
    ];
    result(py, C::FlexDose, fields, &flex.findings)
}

/// The core's `night_boost`, as an `itb.NightBoost` (lead time the core's by default).
#[pyfunction]
pub(crate) fn night_boost<'py>(
    py: Python<'py>,
    base_daily_dose: Arg,
    boost_percent: f64,
    effect_start: &Bound<'py, PyAny>,
    effect_end: &Bound<'py, PyAny>,
    lead_time: Option<Arg>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let base_daily_dose = args.input(&base_daily_dose, "base_daily_dose");
    let effect_start = args.given("effect_start", time_of_day(effect_start, "effect_start"));
    let effect_end = args.given("effect_end", time_of_day(effect_end, "effect_end"));
    let request = NightBoostRequest {
        base_daily_dose,
        boost_percent,
        effect_start,
        effect_end,
        lead_time: args.optional(&lead_time, "lead_time"),
    };
    let nb = schedule::night_boost(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (intern!(py, "steps"), steps(py, nb.steps.into_iter())?),
        (
            intern!(py, "daily_dose"),
            q(py, nb.daily_dose, Unit::McgPerDay)?,
        ),
    ];
    result(py, C::NightBoost, fields, &nb.findings)
}

/// The core's `reconcile`, as an `itb.Reconciliation` (threshold the core's by default).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn reconcile<'py>(
    py: Python<'py>,
    fill_volume: Arg,
    elapsed: Arg,
    aspirated_volume: Arg,
    daily_dose: Option<Arg>,
    concentration: Option<Arg>,
    flow_rate: Option<Arg>,
    threshold: Option<Arg>,
    pump: Option<PumpGiven>,
    risk_factors: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    // The shape hands out the arguments it checked: no second match that could miss.
    let shape = match (&flow_rate, &daily_dose, &concentration) {
        (Some(flow), None, None) => Ok(flow),
        (Some(_), _, _) => {
            let message = "give flow_rate, or daily_dose and concentration, not both";
            return Err(Failure::new(ErrorKind::InvalidValue, "flow_rate", message).into());
        }
        (None, Some(dose), Some(conc)) => Err((dose, conc)),
        (None, Some(_), None) => {
            return Err(Failure::new(
                ErrorKind::MissingField,
                "concentration",
                "required with daily_dose",
            )
            .into());
        }
        (None, None, _) => {
            let message = "required: daily_dose and concentration, or flow_rate";
            return Err(Failure::new(ErrorKind::MissingField, "daily_dose", message).into());
        }
    };
    let mut args = Args::default();
    let fill_volume = args.input(&fill_volume, "fill_volume");
    let elapsed = args.input(&elapsed, "elapsed");
    let programmed = match shape {
        Ok(flow) => Programmed::FlowRate(args.input(flow, "flow_rate")),
        Err((dose, conc)) => Programmed::Dose {
            daily_dose: args.input(dose, "daily_dose"),
            concentration: args.input(conc, "concentration"),
        },
    };
    let request = ReconcileRequest {
        fill_volume,
        elapsed,
        programmed,
        aspirated_volume: args.input(&aspirated_volume, "aspirated_volume"),
        threshold: args.optional(&threshold, "threshold"),
        pump: pump.map(pump_of).transpose()?,
        risk_factors: self::risk_factors(&mut args, risk_factors.as_ref()),
    };
    let r = refill::reconcile(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (
            intern!(py, "flow_rate"),
            q(py, r.flow_rate, Unit::MlPerDay)?,
        ),
        (
            intern!(py, "expected_volume"),
            q(py, r.expected_volume, Unit::Milliliter)?,
        ),
        (
            intern!(py, "discrepancy"),
            q(py, r.discrepancy, Unit::Milliliter)?,
        ),
        (
            intern!(py, "implied_flow_rate"),
            q(py, r.implied_flow_rate, Unit::MlPerDay)?,
        ),
        (
            intern!(py, "delivery_error"),
            q(py, r.delivery_error, Unit::Percent)?,
        ),
    ];
    result(py, C::Reconciliation, fields, &r.findings)
}

/// The core's `bridge_bolus`, as an `itb.Bridge`.
#[pyfunction]
pub(crate) fn bridge_bolus<'py>(
    py: Python<'py>,
    old_concentration: Arg,
    new_concentration: Arg,
    daily_dose: Arg,
    dead_space: Arg,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let request = BridgeRequest {
        old_concentration: args.input(&old_concentration, "old_concentration"),
        new_concentration: args.input(&new_concentration, "new_concentration"),
        daily_dose: args.input(&daily_dose, "daily_dose"),
        dead_space: args.input(&dead_space, "dead_space"),
    };
    let b = bolus::bridge_bolus(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (intern!(py, "required"), any(py, b.required)?),
        (
            intern!(py, "old_flow_rate"),
            q(py, b.old_flow_rate, Unit::MlPerDay)?,
        ),
        (
            intern!(py, "new_flow_rate"),
            q(py, b.new_flow_rate, Unit::MlPerDay)?,
        ),
        (
            intern!(py, "bridge_duration"),
            q(py, b.bridge_duration, Unit::Hour)?,
        ),
        (
            intern!(py, "unbridged_daily_dose"),
            q(py, b.unbridged_daily_dose, Unit::McgPerDay)?,
        ),
        (
            intern!(py, "unbridged_duration"),
            q(py, b.unbridged_duration, Unit::Hour)?,
        ),
    ];
    result(py, C::Bridge, fields, &b.findings)
}

/// The core's `programming_check`, as an `itb.ProgrammingCheck`.
#[pyfunction]
pub(crate) fn programming_check<'py>(
    py: Python<'py>,
    programmed_daily_dose: Arg,
    programmed_concentration: Arg,
    reservoir_concentration: Arg,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let request = ProgrammingRequest {
        programmed_daily_dose: args.input(&programmed_daily_dose, "programmed_daily_dose"),
        programmed_concentration: args.input(&programmed_concentration, "programmed_concentration"),
        reservoir_concentration: args.input(&reservoir_concentration, "reservoir_concentration"),
    };
    let c = programming::programming_check(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (
            intern!(py, "flow_rate"),
            q(py, c.flow_rate, Unit::MlPerDay)?,
        ),
        (
            intern!(py, "delivered_daily_dose"),
            q(py, c.delivered_daily_dose, Unit::McgPerDay)?,
        ),
        (intern!(py, "dose_ratio"), any(py, c.dose_ratio)?),
    ];
    result(py, C::ProgrammingCheck, fields, &c.findings)
}

/// The core's `pk_profile`, as an `itb.PkProfile`: exactly one of `bolus` and `daily_dose`, as
/// the protocol requires; each time waits for the core's turn under `times[i]`. Half-life and
/// clearance left as None are the core's.
#[pyfunction]
pub(crate) fn pk_profile<'py>(
    py: Python<'py>,
    bolus: Option<Arg>,
    daily_dose: Option<Arg>,
    times: &Bound<'py, PyAny>,
    half_life: Option<Arg>,
    clearance: Option<Arg>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    // Exactly one, as the protocol requires; the shape hands out the argument it checked.
    let dosing = match (&bolus, &daily_dose) {
        (Some(b), None) => Dosing::Bolus(args.input(b, "bolus")),
        (None, Some(d)) => Dosing::DailyDose(args.input(d, "daily_dose")),
        (b, _) => return Err(not_one_of(b.is_some(), "bolus", "daily_dose").into()),
    };
    // As the protocol: a value that is not a list is refused at once, its elements in turn.
    let Ok(list) = times.cast::<PyList>() else {
        let message = format!("{} is not a list of durations", show(times));
        return Err(Failure::new(ErrorKind::InvalidValue, "times", message).into());
    };
    let mut inputs = Vec::with_capacity(list.len());
    for (i, t) in list.iter().enumerate() {
        inputs.push(args.input(&t.extract::<Arg>()?, &format!("times[{i}]")));
    }
    let request = PkRequest {
        dosing,
        times: inputs.into(),
        half_life: args.optional(&half_life, "half_life"),
        clearance: args.optional(&clearance, "clearance"),
    };
    let p = pharmacokinetics::pk_profile(&request).map_err(|e| args.fail(e))?;
    let mut points = Vec::with_capacity(list.len());
    for x in p.points() {
        let fields = [
            (intern!(py, "time"), q(py, x.time, Unit::Hour)?),
            (intern!(py, "lumbar"), q(py, x.lumbar, Unit::McgPerMl)?),
            (
                intern!(py, "cisternal"),
                q(py, x.cisternal, Unit::McgPerMl)?,
            ),
        ];
        points.push(build(py, C::PkPoint, &fields)?);
    }
    let none = || py.None().into_bound(py);
    let fields = vec![
        (intern!(py, "volume"), q(py, p.volume, Unit::Milliliter)?),
        (intern!(py, "points"), tuple(py, points)?),
        (
            intern!(py, "steady_state"),
            match p.steady_state {
                Some(c) => q(py, c, Unit::McgPerMl)?,
                None => none(),
            },
        ),
        (
            intern!(py, "time_to_90_percent"),
            match p.time_to_90_percent {
                Some(t) => q(py, t, Unit::Hour)?,
                None => none(),
            },
        ),
    ];
    result(py, C::PkProfile, fields, &p.findings)
}

/// The core's `catheter_volume`, as an `itb.CatheterVolume`.
#[pyfunction]
pub(crate) fn catheter_volume<'py>(
    py: Python<'py>,
    implanted_length: Option<Arg>,
    volume_per_length: Option<Arg>,
    catheter: Option<Bound<'py, PyAny>>,
    trimmed_length: Option<Arg>,
) -> PyResult<Bound<'py, PyAny>> {
    let direct = implanted_length.is_some() || volume_per_length.is_some();
    let catalogued = catheter.is_some() || trimmed_length.is_some();
    let missing = |name: &str| Failure::new(ErrorKind::MissingField, name, "required");
    let mut args = Args::default();
    let request = match (direct, catalogued) {
        (true, true) => {
            let message = "give implanted_length and volume_per_length, or catheter and trimmed_length, not both";
            return Err(Failure::new(ErrorKind::InvalidValue, "catheter", message).into());
        }
        (false, false) => {
            let message =
                "required: implanted_length and volume_per_length, or catheter and trimmed_length";
            return Err(Failure::new(ErrorKind::MissingField, "implanted_length", message).into());
        }
        (true, false) => match (&implanted_length, &volume_per_length) {
            (Some(length), Some(per)) => CatheterRequest::Implanted {
                implanted_length: args.input(length, "implanted_length"),
                volume_per_length: args.input(per, "volume_per_length"),
            },
            (None, _) => return Err(missing("implanted_length").into()),
            (_, None) => return Err(missing("volume_per_length").into()),
        },
        (false, true) => match (&catheter, &trimmed_length) {
            (Some(id), Some(trimmed)) => CatheterRequest::Trimmed {
                catheter: choice(id, "catheter", CatheterModel::parse, bolus::CATHETER_IDS)?,
                trimmed_length: args.input(trimmed, "trimmed_length"),
            },
            (None, _) => return Err(missing("catheter").into()),
            (_, None) => return Err(missing("trimmed_length").into()),
        },
    };
    let v = bolus::catheter_volume(&request).map_err(|e| args.fail(e))?;
    let fields = vec![(intern!(py, "volume"), q(py, v.volume, Unit::Milliliter)?)];
    result(py, C::CatheterVolume, fields, &Findings::new())
}

/// The core's `constant_flow_fill`, as an `itb.ConstantFlowFill` (overage the core's).
#[pyfunction]
pub(crate) fn constant_flow_fill<'py>(
    py: Python<'py>,
    reservoir: Arg,
    flow_rate: Arg,
    daily_dose: Arg,
    stock: Arg,
    priming_overage: Option<Arg>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let request = ConstantFlowFillRequest {
        reservoir: args.input(&reservoir, "reservoir"),
        flow_rate: args.input(&flow_rate, "flow_rate"),
        daily_dose: args.input(&daily_dose, "daily_dose"),
        stock: args.input(&stock, "stock"),
        priming_overage: args.optional(&priming_overage, "priming_overage"),
    };
    let fill = mixing::constant_flow_fill(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (
            intern!(py, "running_time"),
            q(py, fill.running_time, Unit::Day)?,
        ),
        (
            intern!(py, "concentration"),
            q(py, fill.concentration, Unit::McgPerMl)?,
        ),
        (
            intern!(py, "drug_amount"),
            q(py, fill.drug_amount, Unit::Microgram)?,
        ),
        (
            intern!(py, "stock_volume"),
            q(py, fill.stock_volume, Unit::Milliliter)?,
        ),
        (
            intern!(py, "diluent_volume"),
            q(py, fill.diluent_volume, Unit::Milliliter)?,
        ),
        (intern!(py, "diluent"), any(py, DILUENT)?),
    ];
    result(py, C::ConstantFlowFill, fields, &fill.findings)
}

/// The core's `dilution`, as an `itb.Dilution`.
#[pyfunction]
pub(crate) fn dilution<'py>(
    py: Python<'py>,
    stock: Arg,
    target: Arg,
    final_volume: Arg,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let request = DilutionRequest {
        stock: args.input(&stock, "stock"),
        target: args.input(&target, "target"),
        final_volume: args.input(&final_volume, "final_volume"),
    };
    let d = mixing::dilution(&request).map_err(|e| args.fail(e))?;
    let fields = vec![
        (
            intern!(py, "stock_volume"),
            q(py, d.stock_volume, Unit::Milliliter)?,
        ),
        (
            intern!(py, "diluent_volume"),
            q(py, d.diluent_volume, Unit::Milliliter)?,
        ),
        (
            intern!(py, "drug_amount"),
            q(py, d.drug_amount, Unit::Microgram)?,
        ),
        (intern!(py, "diluent"), any(py, DILUENT)?),
    ];
    result(py, C::Dilution, fields, &d.findings)
}

/// The core's `containers_for`, as an `itb.Containers`: `amount`, or `volume` and
/// `concentration`.
#[pyfunction]
pub(crate) fn containers<'py>(
    py: Python<'py>,
    product: &str,
    amount: Option<Arg>,
    volume: Option<Arg>,
    concentration: Option<Arg>,
) -> PyResult<Bound<'py, PyAny>> {
    let at =
        |kind, field: &str, message: &str| -> PyErr { Failure::new(kind, field, message).into() };
    // The shape hands out the arguments it checked: no second match that could miss.
    let shape = match (&amount, &volume, &concentration) {
        (Some(amount), None, None) => Ok(amount),
        (None, Some(volume), Some(concentration)) => Err((volume, concentration)),
        (Some(_), _, _) => {
            let message = "give either amount, or volume and concentration, not both";
            return Err(at(ErrorKind::InvalidValue, "amount", message));
        }
        (None, None, None) => {
            let message = "required: amount, or volume and concentration";
            return Err(at(ErrorKind::MissingField, "amount", message));
        }
        (None, Some(_), None) => {
            return Err(at(
                ErrorKind::MissingField,
                "concentration",
                "required with volume",
            ));
        }
        (None, None, Some(_)) => {
            return Err(at(
                ErrorKind::MissingField,
                "volume",
                "required with concentration",
            ));
        }
    };
    let found = product::intrathecal_container(product).map_err(|e| {
        let message = format!(
            "{}: {}; allowed (case-sensitive): {}",
            quote(product),
            e.reason(),
            product::INTRATHECAL_IDS
        );
        Failure::new(ErrorKind::InvalidValue, "product", message)
    })?;
    let mut args = Args::default();
    let need = match shape {
        Ok(amount) => Need::Amount(args.input(amount, "amount")),
        Err((volume, concentration)) => Need::Dilution {
            volume: args.input(volume, "volume"),
            concentration: args.input(concentration, "concentration"),
        },
    };
    let c = product::containers_for(&ContainersRequest {
        product: found,
        need,
    })
    .map_err(|e| args.fail(e))?;
    let fields = vec![
        (intern!(py, "product"), any(py, found.id)?),
        (intern!(py, "amount"), q(py, c.amount, Unit::Microgram)?),
        (intern!(py, "count"), any(py, c.count)?),
        (
            intern!(py, "drawn_volume"),
            q(py, c.drawn_volume, Unit::Milliliter)?,
        ),
        (intern!(py, "waste"), q(py, c.waste, Unit::Milliliter)?),
    ];
    result(py, C::Containers, fields, &Findings::new())
}

static PRODUCTS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The core's product catalogue, as an `itb.Products`: built once (the catalogue is a constant
/// and the result immutable), the same object after.
#[pyfunction]
pub(crate) fn products(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let built = PRODUCTS.get_or_try_init(py, || catalogue(py).map(Bound::unbind))?;
    Ok(built.bind(py).clone())
}

fn catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let mut list = Vec::with_capacity(CATALOGUE.len());
    for p in &CATALOGUE {
        let optional = |m: Option<Result<Measure, Error>>| match m {
            Some(Ok(m)) => quantity_object(py, m),
            _ => Ok(py.None().into_bound(py)),
        };
        let fields = [
            (intern!(py, "id"), any(py, p.id)?),
            (intern!(py, "label"), any(py, p.label)?),
            (intern!(py, "route"), any(py, p.route.as_str())?),
            (intern!(py, "use"), any(py, p.use_.as_str())?),
            (
                intern!(py, "concentration"),
                optional(p.concentration().map(|c| c.to_measure(Unit::McgPerMl)))?,
            ),
            (
                intern!(py, "volume"),
                optional(p.volume().map(|v| v.to_measure(Unit::Milliliter)))?,
            ),
            (
                intern!(py, "amount"),
                optional(p.amount().map(|a| a.to_measure(Unit::Microgram)))?,
            ),
            (intern!(py, "source"), any(py, p.source.as_str())?),
        ];
        list.push(build(py, C::Product, &fields)?);
    }
    let fields = vec![(intern!(py, "products"), tuple(py, list)?)];
    result(py, C::Products, fields, &Findings::new())
}

/// The core's `convert`: a quantity of any dimension (read at once, as the protocol reads it)
/// in the unit `to`, as the quantity class of its dimension.
#[pyfunction]
pub(crate) fn convert_quantity<'py>(
    py: Python<'py>,
    quantity: Arg,
    to: Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyAny>> {
    let quantity = read_arg(
        &quantity,
        "quantity",
        None,
        "a number with a unit, e.g. \"2 mg\"",
    )?;
    let to = crate::text_of(&to, "to")?;
    let to = parse_unit(&to, "to", "a unit such as mcg, mg/mL or mL/day")?;
    let c = units::convert(&ConvertRequest { quantity, to }).map_err(Failure::protocol)?;
    quantity_object(py, c.quantity)
}

/// Checks a user-defined pump as the core does when it reads one (reservoir above 0, alarm
/// volume below the reservoir, accuracy finite and not negative), so that a bad one is refused
/// when it is made. The volumes wait for the core's turn, as in the protocol's pump object,
/// after the plain accuracy and flag the caller checked.
#[pyfunction]
pub(crate) fn custom_pump(
    reservoir: Arg,
    low_alarm: Arg,
    accuracy_percent: f64,
    programmable: bool,
) -> PyResult<()> {
    let mut args = Args::default();
    let pump = PumpInput::Custom(CustomPump {
        reservoir: args.input(&reservoir, "pump.reservoir"),
        low_alarm: args.input(&low_alarm, "pump.low_alarm"),
        accuracy_percent: Some(accuracy_percent),
        programmable: Some(programmable),
    });
    pump.read().map_err(|e| args.fail(e))?;
    Ok(())
}

// --- the labels' knowledge: signs, triage, interactions, the patient, monitoring -----------

/// The members of the package's enums that results hold (`itb.SignCode`, `itb.SignListId`,
/// `itb.MonitoringPhase`), looked up once, each in the order of its core enum's `ALL`, which is
/// the enum's declaration order: the discriminant is the index.
struct Members {
    sign_codes: Vec<Py<PyAny>>,
    sign_lists: Vec<Py<PyAny>>,
    phases: Vec<Py<PyAny>>,
}

static MEMBERS: PyOnceLock<Members> = PyOnceLock::new();

fn members(py: Python<'_>) -> PyResult<&Members> {
    MEMBERS.get_or_try_init(py, || {
        let itb = py.import("itb")?;
        let of = |class: &str, ids: &[&str]| -> PyResult<Vec<Py<PyAny>>> {
            let class = itb.getattr(class)?;
            ids.iter()
                .map(|id| Ok(class.call1((*id,))?.unbind()))
                .collect()
        };
        Ok(Members {
            sign_codes: of("SignCode", &SignCode::ALL.map(SignCode::as_str))?,
            sign_lists: of("SignListId", &SignList::ALL.map(SignList::id))?,
            phases: of(
                "MonitoringPhase",
                &MonitoringPhase::ALL.map(MonitoringPhase::id),
            )?,
        })
    })
}

fn member<'py>(py: Python<'py>, all: &[Py<PyAny>], index: usize) -> Bound<'py, PyAny> {
    all[index].bind(py).clone()
}

/// A list of texts, as the protocol reads one (`signs`, `medications`): a value that is not a
/// list is refused naming `field`, then every element must be a text, refused naming it
/// (`signs[2]`), before any is read. Each text comes with its object, for messages.
fn texts<'py>(
    value: &Bound<'py, PyAny>,
    field: &str,
    what: &str,
) -> Result<Vec<(Bound<'py, PyAny>, String)>, Failure> {
    let Ok(list) = value.cast::<PyList>() else {
        let message = format!("{} is not a list of {what}", show(value));
        return Err(Failure::new(ErrorKind::InvalidValue, field, message));
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let path = format!("{field}[{i}]");
        let text = match item.cast::<PyString>() {
            Ok(text) => text.to_cow().map_err(|_| bad_text(&path))?.into_owned(),
            Err(_) => {
                let message = format!("{} is not a text; expected {what}", show(&item));
                return Err(Failure::new(ErrorKind::InvalidValue, &path, message));
            }
        };
        out.push((item, text));
    }
    Ok(out)
}

static SIGN_LISTS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();

/// The core's `signs`: a tuple of `itb.SignList`, the one asked for or all three (overdose,
/// withdrawal, pump problem). The lists are constants: each is built once, the same object
/// after.
#[pyfunction]
pub(crate) fn signs<'py>(
    py: Python<'py>,
    list: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let list = list
        .map(|l| choice(l, "list", SignList::parse, SIGN_LIST_IDS))
        .transpose()?;
    let built = SIGN_LISTS.get_or_try_init(py, || {
        SignList::ALL
            .iter()
            .map(|l| sign_list(py, *l).map(Bound::unbind))
            .collect::<PyResult<Vec<_>>>()
    })?;
    let chosen = itb::signs::signs(&SignsRequest { list })
        .iter()
        .map(|l| member(py, built, *l as usize))
        .collect();
    tuple(py, chosen)
}

fn sign_list(py: Python<'_>, l: SignList) -> PyResult<Bound<'_, PyAny>> {
    let m = members(py)?;
    let mut signs = Vec::with_capacity(l.signs().len());
    for s in l.signs() {
        let fields = [
            (
                intern!(py, "code"),
                member(py, &m.sign_codes, s.code as usize),
            ),
            (intern!(py, "text"), any(py, s.text())?),
            (intern!(py, "source"), any(py, s.source.as_str())?),
        ];
        signs.push(build(py, C::Sign, &fields)?);
    }
    let mut actions = Vec::with_capacity(l.actions().len());
    for a in l.actions() {
        let fields = [
            (intern!(py, "text"), any(py, a.text())?),
            (intern!(py, "source"), any(py, a.source.as_str())?),
        ];
        actions.push(build(py, C::Action, &fields)?);
    }
    let fields = [
        (intern!(py, "list"), member(py, &m.sign_lists, l as usize)),
        (intern!(py, "signs"), tuple(py, signs)?),
        (intern!(py, "actions"), tuple(py, actions)?),
    ];
    build(py, C::SignList, &fields)
}

/// The core's `triage`, as an `itb.Triage`. As the protocol reads `signs`: a list of texts,
/// each a sign code (an unknown one names its element and lists the codes), then the core's
/// checks (none; a repeat, named with the codes allowed).
#[pyfunction]
pub(crate) fn triage<'py>(
    py: Python<'py>,
    signs: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let items = texts(signs, "signs", "sign codes")?;
    let mut codes = Vec::with_capacity(items.len());
    for (i, (item, text)) in items.iter().enumerate() {
        let code = SignCode::parse(text).ok_or_else(|| {
            let message = format!(
                "{} is not a sign code; allowed (case-sensitive): {SIGN_CODES}",
                show(item)
            );
            Failure::new(ErrorKind::InvalidValue, &format!("signs[{i}]"), message)
        })?;
        codes.push(code);
    }
    let t = itb::signs::triage(&TriageRequest {
        signs: (&codes[..]).into(),
    })
    .map_err(|e| match e.element.and_then(|i| items.get(i)) {
        // The core's repeat, named with the sign given and the codes allowed.
        Some((item, _)) => {
            let message = format!(
                "{} is repeated; give each sign once; allowed (case-sensitive): {SIGN_CODES}",
                show(item)
            );
            Failure::new(e.kind, &e.path().to_string(), message)
        }
        None => Failure::protocol(e),
    })?;
    let m = members(py)?;
    let mut matches = Vec::with_capacity(t.matches().len());
    for x in t.matches() {
        let codes = x
            .signs()
            .map(|s| member(py, &m.sign_codes, s.code as usize))
            .collect();
        let fields = [
            (
                intern!(py, "list"),
                member(py, &m.sign_lists, x.list as usize),
            ),
            (intern!(py, "signs"), tuple(py, codes)?),
        ];
        matches.push(build(py, C::Match, &fields)?);
    }
    let fields = vec![(intern!(py, "matches"), tuple(py, matches)?)];
    result(py, C::Triage, fields, &t.findings)
}

/// The core's `interactions`, as an `itb.InteractionCheck`. As the protocol reads
/// `medications`: a list of texts; then the core's checks (an empty list, more than 100, a
/// blank or repeated name, named with the name given).
#[pyfunction]
pub(crate) fn interactions<'py>(
    py: Python<'py>,
    medications: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let items = texts(medications, "medications", "medication names")?;
    let names: Vec<&str> = items.iter().map(|(_, name)| name.as_str()).collect();
    let check = itb::interactions::interactions(&InteractionsRequest {
        medications: &names,
    })
    .map_err(|e| match e.element.and_then(|i| items.get(i)) {
        Some((item, _)) => {
            let message = format!("{} is not allowed; allowed: {}", show(item), e.allowed);
            Failure::new(e.kind, &e.path().to_string(), message)
        }
        None => Failure::protocol(e),
    })?;
    let mut list = Vec::new();
    for i in check.interactions() {
        let class = i.class;
        let fields = [
            (intern!(py, "medication"), any(py, i.medication)?),
            (intern!(py, "drug_class"), any(py, class.id())?),
            (intern!(py, "severity"), any(py, class.severity().as_str())?),
            (
                intern!(py, "effect"),
                any(py, class.effect().to_string_lossy().as_ref())?,
            ),
            (intern!(py, "source"), any(py, class.source().as_str())?),
        ];
        list.push(build(py, C::Interaction, &fields)?);
    }
    let unrecognised = check
        .unrecognised()
        .map(|name| any(py, name))
        .collect::<PyResult<Vec<_>>>()?;
    let fields = vec![
        (intern!(py, "interactions"), tuple(py, list)?),
        (intern!(py, "unrecognised"), tuple(py, unrecognised)?),
    ];
    result(py, C::InteractionCheck, fields, &check.findings)
}

/// The core's `patient_check`, as an `itb.PatientCheck`. `profile` and the plain numbers and
/// flags are checked by the caller (the protocol reads them at once); the route and the risk
/// factors wait for their turn. None: not given.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn patient_check<'py>(
    py: Python<'py>,
    profile: Option<&str>,
    age_years: Option<f64>,
    pregnant: Option<bool>,
    breastfeeding: Option<bool>,
    infection: Option<bool>,
    months_since_head_injury: Option<f64>,
    route: Option<&Bound<'py, PyAny>>,
    risk_factors: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let profile = profile.map(profile_of).transpose()?;
    let mut args = Args::default();
    let route = route.map(|r| args.given("route", choice(r, "route", Route::parse, ROUTE_IDS)));
    let risk_factors =
        risk_factors.map(|v| args.given("risk_factors", risk_factor_list(v, "risk_factors")));
    let request = PatientRequest {
        profile,
        age_years,
        pregnant,
        breastfeeding,
        infection,
        months_since_head_injury,
        route,
        risk_factors,
    };
    let check = patient::patient_check(&request).map_err(|e| args.fail(e))?;
    let checked = check
        .checked()
        .map(|c| any(py, c.field()))
        .collect::<PyResult<Vec<_>>>()?;
    let fields = vec![(intern!(py, "checked"), tuple(py, checked)?)];
    result(py, C::PatientCheck, fields, &check.findings)
}

/// The core's `monitoring_plan`, as an `itb.MonitoringPlan`; the phase waits for its turn.
#[pyfunction]
pub(crate) fn monitoring_plan<'py>(
    py: Python<'py>,
    phase: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut args = Args::default();
    let read = choice(phase, "phase", MonitoringPhase::parse, MONITORING_PHASE_IDS);
    let phase = args.given("phase", read);
    let items =
        monitoring::monitoring_plan(&MonitoringRequest { phase }).map_err(|e| args.fail(e))?;
    // Read by the core, so given; the error is never taken.
    let phase = phase
        .given()
        .map_err(|kind| Failure::new(kind, "phase", "not read"))?;
    let mut list = Vec::with_capacity(items.len());
    for i in items {
        let fields = [
            (intern!(py, "what"), any(py, i.what())?),
            (intern!(py, "frequency"), any(py, i.frequency())?),
            (intern!(py, "action"), any(py, i.action())?),
            (intern!(py, "source"), any(py, i.source.as_str())?),
        ];
        list.push(build(py, C::MonitoringItem, &fields)?);
    }
    let fields = vec![
        (
            intern!(py, "phase"),
            member(py, &members(py)?.phases, phase as usize),
        ),
        (intern!(py, "items"), tuple(py, list)?),
    ];
    result(py, C::MonitoringPlan, fields, &Findings::new())
}
