//! The JSON request protocol of `shared/PROTOCOL.md`: one request in, one response out, the
//! same through every front end (Rust, C `itb_eval_json`, Python `itb.evaluate`, `itb eval`).
//!
//! This module only maps JSON onto the typed API; it computes nothing itself.
//!
//! ```
//! let out = itb::protocol::evaluate(
//!     r#"{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg/mL"}"#,
//! );
//! let v: serde_json::Value = serde_json::from_str(&out).unwrap();
//! assert_eq!(v["result"]["flow_rate"]["text"], "0.25 mL/day");
//! ```
//!
//! Strictness, in the order checks run: invalid JSON (including repeated keys, raw `NaN`,
//! invalid UTF-8, nesting deeper than serde_json's limit of 128) → `invalid_json`; `op`
//! missing → `missing_field`, not a string → `invalid_value`, unknown → `unknown_op`; then the
//! first unknown field in alphabetical order → `unknown_field`; then missing required fields
//! in the order the operation lists them; then each value in that order.

use std::fmt::Display;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value, json};

use crate::dilution;
use crate::error::{Error, ErrorKind};
use crate::finding::Findings;
use crate::product::{self, CATALOGUE, Product, ProductError};
use crate::profile::{self, Origin, Phase, Profile};
use crate::pump::Pump;
use crate::schedule;
use crate::schedule::{FlexStep, StepError, TimeOfDay};
use crate::screening;
use crate::titration::{self, DoseChange};
use crate::units::FlowRate;
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, Mass, Measure, ParseError, Ratio, Unit,
    Volume,
};
use crate::{bolus, pump, refill};

/// The operations this version speaks.
pub const OPS: [&str; 15] = [
    "convert",
    "daily_volume",
    "products",
    "containers",
    "dilution",
    "screening_plan",
    "initial_daily_dose",
    "titrate",
    "flex_daily_dose",
    "night_boost",
    "refill_plan",
    "reconcile",
    "bridge_bolus",
    "catheter_volume",
    "constant_flow_fill",
];

/// Evaluates one request and returns the response text. Never panics on any input.
pub fn evaluate(request: &str) -> String {
    evaluate_value_text(request).to_string()
}

/// Like [`evaluate`], for bytes that may not be UTF-8 (invalid UTF-8 → `invalid_json`).
pub fn evaluate_bytes(request: &[u8]) -> String {
    match std::str::from_utf8(request) {
        Ok(text) => evaluate(text),
        Err(e) => failure(
            None,
            &ProtocolError::new(
                ErrorKind::InvalidJson,
                None,
                format!("request is not valid UTF-8: {e}"),
            ),
        )
        .to_string(),
    }
}

/// Evaluates one request and returns the response as a JSON value.
pub fn evaluate_value_text(request: &str) -> Value {
    let parsed = match parse_strict(request) {
        Ok(v) => v,
        Err(e) => return failure(None, &e),
    };
    let Value::Object(map) = parsed else {
        let e = ProtocolError::new(
            ErrorKind::InvalidJson,
            None,
            "the request must be a JSON object".into(),
        );
        return failure(None, &e);
    };
    let op = match op_of(&map) {
        Ok(op) => op,
        Err(e) => return failure(None, &e),
    };
    let req = Request { map: &map };
    match dispatch(op, &req) {
        Ok(outcome) => success(op, outcome),
        Err(e) => failure(Some(op), &e),
    }
}

/// A rejected request: the protocol error code, the offending field and a message naming the
/// value and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolError {
    /// The error kind (its `code()` is the protocol code).
    pub kind: ErrorKind,
    /// The offending request field (`pump.reservoir`, `concentration.value`), if any.
    pub field: Option<String>,
    /// For people.
    pub message: String,
}

impl ProtocolError {
    fn new(kind: ErrorKind, field: Option<&str>, message: String) -> Self {
        ProtocolError {
            kind,
            field: field.map(str::to_owned),
            message,
        }
    }

    fn at(kind: ErrorKind, field: &str, message: impl Display) -> Self {
        ProtocolError {
            kind,
            field: Some(field.to_owned()),
            message: format!("{field}: {message}"),
        }
    }
}

impl From<Error> for ProtocolError {
    fn from(e: Error) -> Self {
        ProtocolError {
            kind: e.kind,
            // A result-level error (no input field) has field null, as PROTOCOL.md says.
            field: (!e.field.is_empty()).then(|| e.field.to_owned()),
            message: if e.field.is_empty() {
                format!("a result is not finite; allowed: {}", e.allowed)
            } else {
                e.to_string()
            },
        }
    }
}

/// A computed result: the result object and its findings.
struct Outcome {
    result: Map<String, Value>,
    findings: Findings,
}

fn success(op: &str, outcome: Outcome) -> Value {
    let findings: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code.as_str(),
                "severity": f.severity.as_str(),
                "message": f.message().to_string(),
                "source": f.source,
                "subject": quantity(f.subject),
                "limit": f.limit.map(quantity),
            })
        })
        .collect();
    json!({
        "ok": true,
        "op": op,
        "allowed": outcome.findings.allowed(),
        "result": Value::Object(outcome.result),
        "findings": findings,
    })
}

fn failure(op: Option<&str>, e: &ProtocolError) -> Value {
    json!({
        "ok": false,
        "op": op,
        "error": {"code": e.kind.code(), "message": e.message, "field": e.field},
    })
}

fn op_of(map: &Map<String, Value>) -> Result<&'static str, ProtocolError> {
    let allowed = OPS.join(", ");
    match map.get("op") {
        None => Err(ProtocolError::at(
            ErrorKind::MissingField,
            "op",
            format!("required; one of {allowed}"),
        )),
        Some(Value::String(s)) => OPS.iter().copied().find(|op| op == s).ok_or_else(|| {
            ProtocolError::at(
                ErrorKind::UnknownOp,
                "op",
                format!("{s:?} is not an operation; allowed (case-sensitive): {allowed}"),
            )
        }),
        Some(other) => Err(ProtocolError::at(
            ErrorKind::InvalidValue,
            "op",
            format!("{other} is not a string; one of {allowed}"),
        )),
    }
}

fn dispatch(op: &str, req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    match op {
        "convert" => convert(req),
        "daily_volume" => daily_volume(req),
        "products" => products(req),
        "containers" => containers(req),
        "dilution" => dilution_op(req),
        "screening_plan" => screening_plan(req),
        "initial_daily_dose" => initial_daily_dose(req),
        "titrate" => titrate(req),
        "flex_daily_dose" => flex_daily_dose(req),
        "night_boost" => night_boost(req),
        "refill_plan" => refill_plan(req),
        "reconcile" => reconcile(req),
        "bridge_bolus" => bridge_bolus(req),
        "catheter_volume" => catheter_volume(req),
        "constant_flow_fill" => constant_flow_fill(req),
        _ => Err(ProtocolError::at(ErrorKind::UnknownOp, "op", op)),
    }
}

// ---------------------------------------------------------------------------------------------
// Operations

fn convert(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&["quantity", "to"], &["quantity", "to"])?;
    let measure = req.measure("quantity", None)?;
    let to_text = req.string("to")?;
    let to = Unit::parse(to_text)
        .map_err(|e| parse_error("to", to_text, e, "a unit such as mcg, mg/mL or mL/day"))?;
    let converted = measure.convert(to)?;
    Ok(Outcome {
        result: obj([("quantity", quantity(converted))]),
        findings: Findings::new(),
    })
}

fn daily_volume(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(
        &["daily_dose", "concentration"],
        &["daily_dose", "concentration"],
    )?;
    let dose: DoseRate = req.quantity("daily_dose")?;
    let concentration: Concentration = req.quantity("concentration")?;
    let dv = schedule::daily_volume(dose, concentration)?;
    let result = obj([
        (
            "flow_rate",
            quantity(dv.flow_rate.to_measure(Unit::MlPerDay)?),
        ),
        (
            "hourly_flow",
            quantity(dv.hourly_flow.to_measure(Unit::MlPerHour)?),
        ),
    ]);
    Ok(Outcome {
        result,
        findings: dv.findings,
    })
}

fn products(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&[], &[])?;
    let list: Vec<Value> = CATALOGUE.iter().map(product_json).collect();
    Ok(Outcome {
        result: obj([("products", Value::Array(list))]),
        findings: Findings::new(),
    })
}

fn product_json(p: &Product) -> Value {
    let mut m = obj([
        ("id", json!(p.id)),
        ("label", json!(p.label)),
        ("route", json!(p.route.as_str())),
        ("use", json!(p.use_.as_str())),
    ]);
    let measures = [
        (
            "concentration",
            p.concentration()
                .and_then(|c| c.to_measure(Unit::McgPerMl).ok()),
        ),
        (
            "volume",
            p.volume().and_then(|v| v.to_measure(Unit::Milliliter).ok()),
        ),
        (
            "amount",
            p.amount().and_then(|a| a.to_measure(Unit::Microgram).ok()),
        ),
    ];
    for (name, m_opt) in measures {
        if let Some(measure) = m_opt {
            m.insert(name.into(), quantity(measure));
        }
    }
    m.insert("source".into(), json!(p.source));
    Value::Object(m)
}

fn containers(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(
        &["product", "amount", "volume", "concentration"],
        &["product"],
    )?;
    let has = |name| req.map.contains_key(name);
    match (has("amount"), has("volume"), has("concentration")) {
        (true, false, false) | (false, true, true) => {}
        (true, _, _) => {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                "amount",
                "give either amount, or volume and concentration, not both",
            ));
        }
        (false, false, false) => {
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                "amount",
                "required: amount, or volume and concentration",
            ));
        }
        (false, true, false) => {
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                "concentration",
                "required with volume",
            ));
        }
        (false, false, true) => {
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                "volume",
                "required with concentration",
            ));
        }
    }
    let id = req.string("product")?;
    let p = product::intrathecal_container(id).map_err(|e| product_error(id, e))?;
    let amount: Mass = if has("amount") {
        req.quantity("amount")?
    } else {
        let volume: Volume = req.quantity("volume")?;
        let concentration: Concentration = req.quantity("concentration")?;
        require_positive(volume.canonical(), "volume", Unit::Milliliter)?;
        require_positive(concentration.canonical(), "concentration", Unit::McgPerMl)?;
        let product_mcg_per_ml = p.concentration().map(|c| c.canonical()).unwrap_or(f64::NAN);
        if concentration.canonical() > product_mcg_per_ml {
            return Err(Error::new(
                ErrorKind::OutOfRange,
                "concentration",
                Some(Measure::new(concentration.canonical(), Unit::McgPerMl)),
                "a concentration no higher than the product's (a product can be diluted, never concentrated)",
            )
            .into());
        }
        volume * concentration
    };
    let c = product::containers(p, amount, "amount")?;
    let result = obj([
        ("product", json!(p.id)),
        ("amount", quantity(c.amount.to_measure(Unit::Microgram)?)),
        ("count", json!(c.count)),
        (
            "drawn_volume",
            quantity(c.drawn_volume.to_measure(Unit::Milliliter)?),
        ),
        ("waste", quantity(c.waste.to_measure(Unit::Milliliter)?)),
    ]);
    Ok(Outcome {
        result,
        findings: Findings::new(),
    })
}

fn dilution_op(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = ["stock", "target", "final_volume"];
    req.fields(&names, &names)?;
    let stock: Concentration = req.quantity("stock")?;
    let target: Concentration = req.quantity("target")?;
    let final_volume: Volume = req.quantity("final_volume")?;
    let d = dilution::dilution(stock, target, final_volume)?;
    let result = obj([
        (
            "stock_volume",
            quantity(d.stock_volume.to_measure(Unit::Milliliter)?),
        ),
        (
            "diluent_volume",
            quantity(d.diluent_volume.to_measure(Unit::Milliliter)?),
        ),
        (
            "drug_amount",
            quantity(d.drug_amount.to_measure(Unit::Microgram)?),
        ),
        ("diluent", json!(dilution::DILUENT)),
    ]);
    Ok(Outcome {
        result,
        findings: d.findings,
    })
}

fn screening_plan(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(
        &["profile", "age_years", "start_dose", "concentration"],
        &["profile"],
    )?;
    let profile = req.choice("profile", Profile::parse, "us, uk")?;
    let age = req.optional_age("age_years")?;
    let start_dose = match req.optional_quantity("start_dose")? {
        Some(m) => m,
        None => Mass::from_unit(50.0, Unit::Microgram).ok_or_else(internal)?,
    };
    let concentration = match req.optional_quantity("concentration")? {
        Some(c) => c,
        None => Concentration::from_unit(screening::SCREENING_MCG_PER_ML, Unit::McgPerMl)
            .ok_or_else(internal)?,
    };
    let plan = screening::screening_plan(profile, age, start_dose, concentration)?;
    let mut doses = Vec::new();
    for d in plan.doses() {
        doses.push(json!({
            "dose": quantity(d.dose.to_measure(Unit::Microgram)?),
            "volume": quantity(d.volume.to_measure(Unit::Milliliter)?),
        }));
    }
    let result = obj([
        ("doses", Value::Array(doses)),
        (
            "min_interval",
            quantity(plan.min_interval.to_measure(Unit::Hour)?),
        ),
        (
            "max_dose",
            quantity(plan.max_dose.to_measure(Unit::Microgram)?),
        ),
    ]);
    Ok(Outcome {
        result,
        findings: plan.findings,
    })
}

fn initial_daily_dose(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = ["profile", "effective_bolus", "effect_duration"];
    req.fields(&names, &names)?;
    let profile = req.choice("profile", Profile::parse, "us, uk")?;
    let bolus: Mass = req.quantity("effective_bolus")?;
    titration::check_bolus(bolus)?; // each field fully checked before the next
    let duration: Duration = req.quantity("effect_duration")?;
    let d = titration::initial_daily_dose(profile, bolus, duration)?;
    let result = obj([
        (
            "daily_dose",
            quantity(d.daily_dose.to_measure(Unit::McgPerDay)?),
        ),
        ("rule", json!(d.rule.id())),
        ("rule_source", json!(d.source)),
    ]);
    Ok(Outcome {
        result,
        findings: d.findings,
    })
}

fn titrate(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let required = [
        "profile",
        "current_daily_dose",
        "change_percent",
        "origin",
        "phase",
    ];
    let optional = [
        "age_years",
        "pump_programmable",
        "hours_since_last_change",
        "hours_since_start",
    ];
    let allowed: Vec<&str> = required.iter().chain(optional.iter()).copied().collect();
    req.fields(&allowed, &required)?;
    // Each field is checked fully, rule included, before the next one is read.
    let profile = req.choice("profile", Profile::parse, "us, uk")?;
    let current_daily_dose = req.quantity("current_daily_dose")?;
    schedule::require_daily_dose(current_daily_dose, "current_daily_dose")?;
    let change =
        Ratio::from_unit(req.number("change_percent")?, Unit::Percent).ok_or_else(internal)?;
    titration::check_change(change)?;
    let change = DoseChange {
        profile,
        current_daily_dose,
        change,
        origin: req.choice("origin", Origin::parse, "spinal, cerebral")?,
        phase: req.choice("phase", Phase::parse, "titration, maintenance")?,
        age: req.optional_age("age_years")?,
        pump_programmable: req.optional_bool("pump_programmable")?.unwrap_or(true),
        since_last_change: req.optional_hours("hours_since_last_change")?,
        since_start: req.optional_hours("hours_since_start")?,
    };
    let t = titration::titrate(&change)?;
    let result = obj([(
        "new_daily_dose",
        quantity(t.new_daily_dose.to_measure(Unit::McgPerDay)?),
    )]);
    Ok(Outcome {
        result,
        findings: t.findings,
    })
}

fn flex_daily_dose(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&["steps"], &["steps"])?;
    let steps = req.steps("steps")?;
    let flex = schedule::flex_daily_dose(&steps).map_err(|e| step_error("steps", e))?;
    let result = obj([
        (
            "daily_dose",
            quantity(flex.daily_dose.to_measure(Unit::McgPerDay)?),
        ),
        ("steps", steps_json(&steps)?),
    ]);
    Ok(Outcome {
        result,
        findings: flex.findings,
    })
}

fn night_boost(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let required = [
        "base_daily_dose",
        "boost_percent",
        "effect_start",
        "effect_end",
    ];
    let allowed = [
        "base_daily_dose",
        "boost_percent",
        "effect_start",
        "effect_end",
        "lead_time",
    ];
    req.fields(&allowed, &required)?;
    let base: DoseRate = req.quantity("base_daily_dose")?;
    schedule::require_daily_dose(base, "base_daily_dose")?;
    let boost =
        Ratio::from_unit(req.number("boost_percent")?, Unit::Percent).ok_or_else(internal)?;
    schedule::check_boost(boost)?; // each field fully checked before the next
    let start = req.time("effect_start")?;
    let end = req.time("effect_end")?;
    let lead = match req.optional_quantity("lead_time")? {
        Some(d) => d,
        None => {
            Duration::from_unit(schedule::DEFAULT_LEAD_TIME_H, Unit::Hour).ok_or_else(internal)?
        }
    };
    let nb = schedule::night_boost(base, boost, start, end, lead)?;
    let result = obj([
        ("steps", steps_json(&nb.steps)?),
        (
            "daily_dose",
            quantity(nb.daily_dose.to_measure(Unit::McgPerDay)?),
        ),
    ]);
    Ok(Outcome {
        result,
        findings: nb.findings,
    })
}

fn refill_plan(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let allowed = [
        "pump",
        "concentration",
        "daily_dose",
        "steps",
        "fill_volume",
        "alarm_volume",
        "max_residence",
        "lead_time",
    ];
    req.fields(&allowed, &["pump", "concentration"])?;
    match (
        req.map.contains_key("daily_dose"),
        req.map.contains_key("steps"),
    ) {
        (true, true) => {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                "steps",
                "give daily_dose or steps, not both",
            ));
        }
        (false, false) => {
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                "daily_dose",
                "required: daily_dose or steps",
            ));
        }
        _ => {}
    }
    let pump = req.pump("pump")?;
    let concentration: Concentration = req.quantity("concentration")?;
    schedule::require_positive_concentration(concentration, "concentration")?;
    let (daily_dose, steps) = if req.map.contains_key("steps") {
        let steps = req.steps("steps")?;
        let flex = schedule::flex_daily_dose(&steps).map_err(|e| step_error("steps", e))?;
        (
            flex.daily_dose,
            u32::try_from(steps.len()).unwrap_or(u32::MAX),
        )
    } else {
        (req.quantity("daily_dose")?, 1)
    };
    let fill_volume = req
        .optional_quantity("fill_volume")?
        .unwrap_or(pump.reservoir);
    let alarm_volume = req
        .optional_quantity("alarm_volume")?
        .unwrap_or(pump.low_alarm);
    let day = |v: f64| Duration::from_unit(v, Unit::Day).ok_or_else(internal);
    let max_residence = match req.optional_quantity("max_residence")? {
        Some(d) => d,
        None => day(refill::DEFAULT_MAX_RESIDENCE_DAYS)?,
    };
    let lead_time = match req.optional_quantity("lead_time")? {
        Some(d) => d,
        None => day(refill::DEFAULT_LEAD_TIME_DAYS)?,
    };
    let request = refill::RefillRequest {
        pump,
        concentration,
        daily_dose,
        steps,
        fill_volume,
        alarm_volume,
        max_residence,
        lead_time,
    };
    let plan = refill::refill_plan(&request)?;
    let result = obj([
        (
            "flow_rate",
            quantity(plan.flow_rate.to_measure(Unit::MlPerDay)?),
        ),
        (
            "days_to_alarm",
            quantity(plan.days_to_alarm.to_measure(Unit::Day)?),
        ),
        (
            "days_to_empty",
            quantity(plan.days_to_empty.to_measure(Unit::Day)?),
        ),
        (
            "refill_due",
            quantity(plan.refill_due.to_measure(Unit::Day)?),
        ),
        (
            "drug_amount",
            quantity(plan.drug_amount.to_measure(Unit::Microgram)?),
        ),
        (
            "daily_dose",
            quantity(daily_dose.to_measure(Unit::McgPerDay)?),
        ),
        (
            "containers",
            refill_containers(concentration, plan.drug_amount)?,
        ),
    ]);
    Ok(Outcome {
        result,
        findings: plan.findings,
    })
}

/// The refill products of the plan's concentration, and how many of each the fill takes.
fn refill_containers(concentration: Concentration, amount: Mass) -> Result<Value, ProtocolError> {
    let mut list = Vec::new();
    for p in product::refill_products(concentration) {
        let c = product::containers(p, amount, "drug_amount")?;
        list.push(json!({
            "product": p.id,
            "count": c.count,
            "drawn_volume": quantity(c.drawn_volume.to_measure(Unit::Milliliter)?),
            "waste": quantity(c.waste.to_measure(Unit::Milliliter)?),
        }));
    }
    Ok(Value::Array(list))
}

fn reconcile(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let allowed = [
        "fill_volume",
        "elapsed",
        "daily_dose",
        "concentration",
        "flow_rate",
        "aspirated_volume",
        "threshold",
        "pump",
    ];
    req.fields(&allowed, &["fill_volume", "elapsed"])?;
    let has = |name| req.map.contains_key(name);
    match (has("daily_dose"), has("concentration"), has("flow_rate")) {
        (_, _, true) if has("daily_dose") || has("concentration") => {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                "flow_rate",
                "give flow_rate, or daily_dose and concentration, not both",
            ));
        }
        (false, false, false) | (false, true, false) => {
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                "daily_dose",
                "required: daily_dose and concentration, or flow_rate",
            ));
        }
        (true, false, false) => {
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                "concentration",
                "required with daily_dose",
            ));
        }
        _ => {}
    }
    // aspirated_volume comes after the flow in PROTOCOL.md's order, so it is required only now.
    req.fields(&allowed, &["fill_volume", "elapsed", "aspirated_volume"])?;
    let fill_volume = req.quantity("fill_volume")?;
    let elapsed = req.quantity("elapsed")?;
    let flow_rate: FlowRate = if has("flow_rate") {
        req.quantity("flow_rate")?
    } else {
        let dose: DoseRate = req.quantity("daily_dose")?;
        schedule::require_daily_dose(dose, "daily_dose")?;
        let concentration: Concentration = req.quantity("concentration")?;
        schedule::require_positive_concentration(concentration, "concentration")?;
        let flow: FlowRate = dose / concentration;
        schedule::check_finite_flow(flow, "daily_dose")?;
        flow
    };
    let aspirated_volume = req.quantity("aspirated_volume")?;
    let threshold = match req.optional_quantity("threshold")? {
        Some(t) => t,
        None => Volume::from_unit(refill::DEFAULT_THRESHOLD_ML, Unit::Milliliter)
            .ok_or_else(internal)?,
    };
    let pump = if has("pump") {
        Some(req.pump("pump")?)
    } else {
        None
    };
    let r = refill::reconcile(&refill::ReconcileRequest {
        fill_volume,
        elapsed,
        flow_rate,
        aspirated_volume,
        threshold,
        pump,
    })?;
    let result = obj([
        ("flow_rate", quantity(flow_rate.to_measure(Unit::MlPerDay)?)),
        (
            "expected_volume",
            quantity(r.expected_volume.to_measure(Unit::Milliliter)?),
        ),
        (
            "discrepancy",
            quantity(r.discrepancy.to_measure(Unit::Milliliter)?),
        ),
        (
            "implied_flow_rate",
            quantity(r.implied_flow_rate.to_measure(Unit::MlPerDay)?),
        ),
        (
            "delivery_error_percent",
            quantity(r.delivery_error.to_measure(Unit::Percent)?),
        ),
    ]);
    Ok(Outcome {
        result,
        findings: r.findings,
    })
}

fn bridge_bolus(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = [
        "old_concentration",
        "new_concentration",
        "daily_dose",
        "dead_space",
    ];
    req.fields(&names, &names)?;
    let old: Concentration = req.quantity("old_concentration")?;
    schedule::require_positive_concentration(old, "old_concentration")?;
    let new: Concentration = req.quantity("new_concentration")?;
    schedule::require_positive_concentration(new, "new_concentration")?;
    let dose: DoseRate = req.quantity("daily_dose")?;
    let dead_space: Volume = req.quantity("dead_space")?;
    let b = bolus::bridge_bolus(old, new, dose, dead_space)?;
    let result = obj([
        ("required", json!(b.required)),
        (
            "old_flow_rate",
            quantity(b.old_flow_rate.to_measure(Unit::MlPerDay)?),
        ),
        (
            "new_flow_rate",
            quantity(b.new_flow_rate.to_measure(Unit::MlPerDay)?),
        ),
        (
            "bridge_duration",
            quantity(b.bridge_duration.to_measure(Unit::Hour)?),
        ),
        (
            "unbridged_daily_dose",
            quantity(b.unbridged_daily_dose.to_measure(Unit::McgPerDay)?),
        ),
        (
            "unbridged_duration",
            quantity(b.unbridged_duration.to_measure(Unit::Hour)?),
        ),
    ]);
    Ok(Outcome {
        result,
        findings: Findings::new(),
    })
}

fn catheter_volume(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(
        &[
            "implanted_length",
            "volume_per_length",
            "catheter",
            "trimmed_length",
        ],
        &[],
    )?;
    let has = |name| req.map.contains_key(name);
    let direct = has("implanted_length") || has("volume_per_length");
    let catalogued = has("catheter") || has("trimmed_length");
    let volume = match (direct, catalogued) {
        (true, true) => {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                "catheter",
                "give implanted_length and volume_per_length, or catheter and trimmed_length, not both",
            ));
        }
        (false, false) => {
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                "implanted_length",
                "required: implanted_length and volume_per_length, or catheter and trimmed_length",
            ));
        }
        (true, false) => {
            req.fields(
                &["implanted_length", "volume_per_length"],
                &["implanted_length", "volume_per_length"],
            )?;
            bolus::catheter_volume(
                req.quantity("implanted_length")?,
                req.quantity("volume_per_length")?,
            )
        }
        (false, true) => {
            req.fields(
                &["catheter", "trimmed_length"],
                &["catheter", "trimmed_length"],
            )?;
            let c = req.choice("catheter", bolus::catheter, bolus::CATHETER_IDS)?;
            bolus::trimmed_catheter_volume(&c, req.quantity("trimmed_length")?)?
        }
    };
    let result = obj([("volume", quantity(volume.to_measure(Unit::Milliliter)?))]);
    Ok(Outcome {
        result,
        findings: Findings::new(),
    })
}

fn constant_flow_fill(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let required = ["reservoir", "flow_rate", "daily_dose", "stock"];
    req.fields(
        &[
            "reservoir",
            "flow_rate",
            "daily_dose",
            "stock",
            "priming_overage",
        ],
        &required,
    )?;
    let reservoir: Volume = req.quantity("reservoir")?;
    let flow_rate: FlowRate = req.quantity("flow_rate")?;
    let daily_dose: DoseRate = req.quantity("daily_dose")?;
    let stock: Concentration = req.quantity("stock")?;
    let overage = match req.optional_quantity("priming_overage")? {
        Some(v) => v,
        None => Volume::from_unit(0.0, Unit::Milliliter).ok_or_else(internal)?,
    };
    let fill = dilution::constant_flow_fill(reservoir, flow_rate, daily_dose, stock, overage)?;
    let result = obj([
        (
            "running_time",
            quantity(fill.running_time.to_measure(Unit::Day)?),
        ),
        (
            "concentration",
            quantity(fill.concentration.to_measure(Unit::McgPerMl)?),
        ),
        (
            "drug_amount",
            quantity(fill.drug_amount.to_measure(Unit::Microgram)?),
        ),
        (
            "stock_volume",
            quantity(fill.stock_volume.to_measure(Unit::Milliliter)?),
        ),
        (
            "diluent_volume",
            quantity(fill.diluent_volume.to_measure(Unit::Milliliter)?),
        ),
        ("diluent", json!(dilution::DILUENT)),
    ]);
    Ok(Outcome {
        result,
        findings: fill.findings,
    })
}

fn steps_json(steps: &[FlexStep]) -> Result<Value, ProtocolError> {
    let mut list = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        list.push(json!({
            "start": step.start.to_string(),
            "rate": quantity(step.rate.to_measure(Unit::McgPerHour)?),
            "duration": quantity(schedule::step_duration(steps, i).to_measure(Unit::Hour)?),
        }));
    }
    Ok(Value::Array(list))
}

/// A flex error with its step's path: `steps[2].start`.
fn step_error(name: &str, e: StepError) -> ProtocolError {
    let path = match e.index {
        Some(i) => format!("{name}[{i}].{}", e.error.field),
        None => name.to_owned(),
    };
    nest(&path, e.error.field, e.error.into())
}

/// Rewrites an error raised on a nested object's field (`rate`) to its full path
/// (`steps[2].rate`), in the field and at the head of the message.
fn nest(path: &str, inner: &str, mut e: ProtocolError) -> ProtocolError {
    if e.field.as_deref() == Some(inner) || inner.is_empty() {
        e.message = match e.message.strip_prefix(inner) {
            Some(rest) if !inner.is_empty() => format!("{path}{rest}"),
            _ => format!("{path}: {}", e.message),
        };
        e.field = Some(path.to_owned());
    } else if let Some(field) = &e.field {
        let full = format!(
            "{}.{field}",
            path.rsplit_once('.').map_or(path, |(head, _)| head)
        );
        e.message = e.message.replacen(field.as_str(), &full, 1);
        e.field = Some(full);
    }
    e
}

fn internal() -> ProtocolError {
    ProtocolError::new(
        ErrorKind::InvalidValue,
        None,
        "internal error: a built-in default was refused".into(),
    )
}

fn require_positive(value: f64, field: &'static str, unit: Unit) -> Result<(), ProtocolError> {
    if value > 0.0 {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Zero,
        field,
        Some(Measure::new(value, unit)),
        "more than 0",
    )
    .into())
}

fn product_error(id: &str, e: ProductError) -> ProtocolError {
    ProtocolError::at(
        ErrorKind::InvalidValue,
        "product",
        format!(
            "{id:?}: {}; allowed (case-sensitive): {}",
            e.reason(),
            product::INTRATHECAL_IDS
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Request fields

struct Request<'a> {
    map: &'a Map<String, Value>,
}

impl Request<'_> {
    /// Checks for unknown fields (the first in alphabetical order) and then for missing
    /// required ones (in the order given).
    fn fields(&self, allowed: &[&str], required: &[&str]) -> Result<(), ProtocolError> {
        let mut unknown: Vec<&String> = self
            .map
            .keys()
            .filter(|k| *k != "op" && !allowed.contains(&k.as_str()))
            .collect();
        unknown.sort();
        if let Some(name) = unknown.first() {
            let list = if allowed.is_empty() {
                "none".to_owned()
            } else {
                allowed.join(", ")
            };
            return Err(ProtocolError::at(
                ErrorKind::UnknownField,
                name,
                format!("unknown field; allowed: {list}"),
            ));
        }
        if let Some(name) = required.iter().find(|n| !self.map.contains_key(**n)) {
            return Err(ProtocolError::at(ErrorKind::MissingField, name, "required"));
        }
        Ok(())
    }

    /// A present field; an explicit `null` is not "absent" and is refused.
    fn value(&self, name: &str) -> Result<&Value, ProtocolError> {
        match self.map.get(name) {
            None => Err(ProtocolError::at(ErrorKind::MissingField, name, "required")),
            Some(Value::Null) => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                "null is not allowed; give a value or leave the field out",
            )),
            Some(v) => Ok(v),
        }
    }

    fn string(&self, name: &str) -> Result<&str, ProtocolError> {
        match self.value(name)? {
            Value::String(s) => Ok(s),
            other => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{other} is not a string"),
            )),
        }
    }

    /// An optional quantity: absent is `None`; `null` is refused.
    fn optional_quantity<Q: ClinicalQuantity>(
        &self,
        name: &'static str,
    ) -> Result<Option<Q>, ProtocolError> {
        if self.map.contains_key(name) {
            self.quantity(name).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A plain JSON number (a percentage, hours, an age). Strings and booleans are refused.
    fn number(&self, name: &str) -> Result<f64, ProtocolError> {
        match self.value(name)? {
            Value::Number(n) => n.as_f64().filter(|v| v.is_finite()).ok_or_else(|| {
                ProtocolError::at(
                    ErrorKind::NotFinite,
                    name,
                    format!("{n} is not a finite number"),
                )
            }),
            other => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{other} is not a JSON number"),
            )),
        }
    }

    /// An optional plain number that must not be negative.
    fn optional_non_negative(&self, name: &str) -> Result<Option<f64>, ProtocolError> {
        if !self.map.contains_key(name) {
            return Ok(None);
        }
        let v = self.number(name)?;
        if v < 0.0 {
            return Err(ProtocolError::at(
                ErrorKind::Negative,
                name,
                format!("{v} is negative; allowed: 0 or more"),
            ));
        }
        Ok(Some(v))
    }

    fn optional_age(&self, name: &'static str) -> Result<Option<Duration>, ProtocolError> {
        match self.optional_non_negative(name)? {
            Some(years) => Ok(Some(profile::age_from_years(years, name)?)),
            None => Ok(None),
        }
    }

    fn optional_hours(&self, name: &'static str) -> Result<Option<Duration>, ProtocolError> {
        match self.optional_non_negative(name)? {
            Some(h) => Ok(Some(Duration::from_measure(
                Measure::new(h, Unit::Hour),
                name,
            )?)),
            None => Ok(None),
        }
    }

    fn optional_bool(&self, name: &str) -> Result<Option<bool>, ProtocolError> {
        match self.value_if_present(name)? {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{other} is not true or false"),
            )),
        }
    }

    /// A field that may be absent; `null` is still refused.
    fn value_if_present(&self, name: &str) -> Result<Option<&Value>, ProtocolError> {
        if self.map.contains_key(name) {
            self.value(name).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A time of day, `"HH:MM"`.
    fn time(&self, name: &'static str) -> Result<TimeOfDay, ProtocolError> {
        let text = self.string(name)?;
        TimeOfDay::parse(text, name).map_err(|e| with_text(e.into(), text))
    }

    /// Flex steps: a non-empty array of `{"start": "HH:MM", "rate": <dose rate>}`.
    fn steps(&self, name: &str) -> Result<Vec<FlexStep>, ProtocolError> {
        let Value::Array(items) = self.value(name)? else {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                "not an array of {\"start\", \"rate\"} steps",
            ));
        };
        let mut steps = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{name}[{i}]");
            let Value::Object(map) = item else {
                return Err(ProtocolError::at(
                    ErrorKind::InvalidValue,
                    &path,
                    "not a {\"start\", \"rate\"} object",
                ));
            };
            let step = Request { map };
            let parsed = (|| -> Result<FlexStep, ProtocolError> {
                step.fields(&["start", "rate"], &["start", "rate"])?;
                Ok(FlexStep {
                    start: step.time("start")?,
                    rate: step.quantity("rate")?,
                })
            })();
            steps.push(parsed.map_err(|e| {
                let inner = e.field.clone().unwrap_or_default();
                nest(&format!("{path}.{inner}"), &inner, e)
            })?);
        }
        Ok(steps)
    }

    /// A pump: a catalogued id, or `{"reservoir", "low_alarm", "accuracy_percent"?, "programmable"?}`.
    fn pump(&self, name: &str) -> Result<Pump, ProtocolError> {
        match self.value(name)? {
            Value::String(id) => pump::model(id).ok_or_else(|| {
                ProtocolError::at(ErrorKind::InvalidValue, name, format!("{id:?} is not a pump; allowed (case-sensitive): {}, or a custom pump object", pump::MODEL_IDS))
            }),
            Value::Object(map) => {
                let custom = Request { map };
                let parsed = (|| -> Result<Pump, ProtocolError> {
                    let allowed = ["reservoir", "low_alarm", "accuracy_percent", "programmable"];
                    custom.fields(&allowed, &["reservoir", "low_alarm"])?;
                    let reservoir = custom.quantity("reservoir")?;
                    let low_alarm = custom.quantity("low_alarm")?;
                    let accuracy = if custom.map.contains_key("accuracy_percent") {
                        custom.number("accuracy_percent")?
                    } else {
                        pump::DEFAULT_ACCURACY_PERCENT
                    };
                    let accuracy = Ratio::from_unit(accuracy, Unit::Percent).ok_or_else(internal)?;
                    let programmable = custom.optional_bool("programmable")?.unwrap_or(true);
                    Ok(pump::custom(reservoir, low_alarm, accuracy, programmable)?)
                })();
                // Fields of the object are reported by their path: pump.reservoir. (The core's
                // own pump checks already name theirs that way.)
                parsed.map_err(|e| match e.field.clone() {
                    Some(f) if !f.starts_with("pump.") => nest(&format!("{name}.{f}"), &f, e),
                    _ => e,
                })
            }
            other => Err(ProtocolError::at(ErrorKind::InvalidValue, name, format!("{other} is not a pump id or a pump object"))),
        }
    }

    /// One of a fixed set of ids (case-sensitive).
    fn choice<T>(
        &self,
        name: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Result<T, ProtocolError> {
        let id = self.string(name)?;
        parse(id).ok_or_else(|| {
            ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{id:?} is not allowed; allowed (case-sensitive): {allowed}"),
            )
        })
    }

    /// A quantity of dimension `Q`, checked (finite, not negative, right dimension).
    fn quantity<Q: ClinicalQuantity>(&self, name: &'static str) -> Result<Q, ProtocolError> {
        let measure = self.measure(name, Some(Q::DIMENSION.describe()))?;
        Ok(Q::from_measure(measure, name)?)
    }

    /// A quantity of any dimension: `"2000 mcg/mL"` or `{"value": 2000, "unit": "mcg/mL"}`.
    fn measure(&self, name: &str, expected: Option<&str>) -> Result<Measure, ProtocolError> {
        let allowed = expected.unwrap_or("a number with a unit, e.g. \"2 mg\"");
        match self.value(name)? {
            Value::String(s) => Measure::parse(s).map_err(|e| parse_error(name, s, e, allowed)),
            Value::Number(n) => Err(ProtocolError::at(
                ErrorKind::UnitRequired,
                name,
                format!("{n} has no unit; a bare number is never a dose. Expected {allowed}"),
            )),
            Value::Object(obj) => measure_object(name, obj, allowed),
            other => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{other} is not a quantity; expected {allowed}"),
            )),
        }
    }
}

fn measure_object(
    name: &str,
    obj: &Map<String, Value>,
    allowed: &str,
) -> Result<Measure, ProtocolError> {
    let mut extra: Vec<&String> = obj
        .keys()
        .filter(|k| *k != "value" && *k != "unit")
        .collect();
    extra.sort();
    if let Some(k) = extra.first() {
        return Err(ProtocolError::at(
            ErrorKind::UnknownField,
            &format!("{name}.{k}"),
            "unknown field; allowed: value, unit",
        ));
    }
    let value = match obj.get("value") {
        None => {
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                &format!("{name}.value"),
                "required",
            ));
        }
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(other) => {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("value {other} is not a JSON number"),
            ));
        }
    };
    let unit = match obj.get("unit") {
        None => {
            return Err(ProtocolError::at(
                ErrorKind::UnitRequired,
                name,
                format!("{value} has no unit; expected {allowed}"),
            ));
        }
        Some(Value::String(s)) => Unit::parse(s).map_err(|e| parse_error(name, s, e, allowed))?,
        Some(other) => {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("unit {other} is not a string"),
            ));
        }
    };
    Ok(Measure::new(value, unit))
}

/// Adds the offending text to a time error's message.
fn with_text(mut e: ProtocolError, text: &str) -> ProtocolError {
    let shown: String = text.chars().take(20).collect();
    e.message = format!("{} ({shown:?})", e.message);
    e
}

fn parse_error(name: &str, text: &str, e: ParseError, allowed: &str) -> ProtocolError {
    // Quote at most 80 characters of the offending text: a 1 MB string stays out of the message.
    let shown: String = text.chars().take(80).collect();
    let ellipsis = if shown.len() < text.len() { "…" } else { "" };
    ProtocolError::at(
        e.kind,
        name,
        format!("{:?}{ellipsis}: {}; expected {allowed}", shown, e.reason),
    )
}

// ---------------------------------------------------------------------------------------------
// Output

fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// A quantity in a result: `{"value", "unit", "text"}`.
pub fn quantity(m: Measure) -> Value {
    let value = Number::from_f64(m.value)
        .map(Value::Number)
        .unwrap_or(Value::Null);
    json!({"value": value, "unit": m.unit.symbol(), "text": m.to_string()})
}

// ---------------------------------------------------------------------------------------------
// Strict JSON: serde_json, plus the refusal of repeated keys.

fn parse_strict(text: &str) -> Result<Value, ProtocolError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = StrictValue::deserialize(&mut de).and_then(|v| de.end().map(|()| v.0));
    parsed
        .map_err(|e| ProtocolError::new(ErrorKind::InvalidJson, None, format!("invalid JSON: {e}")))
}

struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number is not finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("repeated key {key:?}")));
            }
            let StrictValue(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A JSON number is read to the same f64 as its text: serde_json's `float_roundtrip`
        /// (without it, 900720.0789160553 was read one ulp off; found by a Python property test).
        #[test]
        fn json_numbers_parse_exactly(v in proptest::num::f64::POSITIVE | proptest::num::f64::NORMAL) {
            let text = format!("{v:?}");
            let parsed = parse_strict(&text).unwrap();
            prop_assert_eq!(parsed.as_f64().unwrap().to_bits(), v.to_bits(), "{}", text);
        }
    }

    #[test]
    fn the_number_that_was_misread() {
        let v = parse_strict("900720.0789160553").unwrap().as_f64().unwrap();
        assert_eq!(
            v.to_bits(),
            "900720.0789160553".parse::<f64>().unwrap().to_bits()
        );
    }
}
