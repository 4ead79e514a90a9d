//! The pump and refill vectors of `tests/golden` (flex_daily_dose, night_boost, refill_plan,
//! reconcile, bridge_bolus, catheter_volume, constant_flow_fill, programming_check) through the
//! typed functions: the C structs must give what the protocol gives, errors included (status
//! and field).
//!
//! Translated as a C caller would write it: `"HH:MM"` text to an `ItbTimeOfDay`, pump and
//! catheter ids to `ITB_PUMP_*` and `ITB_CATHETER_*` codes, a custom pump object to
//! `ITB_PUMP_CUSTOM`, absent optional fields to `has_* = false` or the protocol's default
//! constant. A refill plan takes its flex `steps` as an array (`steps_len` 0: `daily_dose`); a
//! reconciliation takes `daily_dose` + `concentration` (`has_daily_dose`) or `flow_rate`;
//! `risk_factors` ids become `ITB_RISK_*` flags (an unknown or repeated id is the protocol's).
//! Step rates come back in mcg/h through `itb_convert`. What C cannot express (see
//! `typed/mod.rs`, and a time that is not two digits, a colon and two digits) is left to
//! `itb_eval_json`.

mod typed;

use itb::units::Unit;
use itb_c::bolus::*;
use itb_c::dilution::*;
use itb_c::programming::*;
use itb_c::pump::*;
use itb_c::quantity::*;
use itb_c::refill::*;
use itb_c::schedule::*;
use itb_c::status::ItbStatus;
use serde_json::{Value, json};
use typed::{
    Answer, Inexpressible, Request, boolean, c_text, call, code, findings, number, q, quantity,
    required, risk_flags, run, unit_code, with_result,
};

/// The protocol's field names of each operation: any other field is inexpressible.
const FIELDS: [(&str, &[&str]); 8] = [
    ("flex_daily_dose", &["steps"]),
    (
        "night_boost",
        &[
            "base_daily_dose",
            "boost_percent",
            "effect_start",
            "effect_end",
            "lead_time",
        ],
    ),
    (
        "refill_plan",
        &[
            "pump",
            "concentration",
            "daily_dose",
            "steps",
            "fill_volume",
            "alarm_volume",
            "max_residence",
            "lead_time",
            "risk_factors",
        ],
    ),
    (
        "reconcile",
        &[
            "fill_volume",
            "elapsed",
            "daily_dose",
            "concentration",
            "flow_rate",
            "aspirated_volume",
            "threshold",
            "pump",
            "risk_factors",
        ],
    ),
    (
        "bridge_bolus",
        &[
            "old_concentration",
            "new_concentration",
            "daily_dose",
            "dead_space",
        ],
    ),
    (
        "catheter_volume",
        &[
            "implanted_length",
            "volume_per_length",
            "catheter",
            "trimmed_length",
        ],
    ),
    (
        "constant_flow_fill",
        &[
            "reservoir",
            "flow_rate",
            "daily_dose",
            "stock",
            "priming_overage",
        ],
    ),
    (
        "programming_check",
        &[
            "programmed_daily_dose",
            "programmed_concentration",
            "reservoir_concentration",
        ],
    ),
];

/// A typed struct of a required quantity field.
macro_rules! field {
    ($req:expr, $name:literal, $ty:ident) => {{
        let (value, unit) = required(quantity($req, $name)?)?;
        $ty { value, unit }
    }};
}

/// A typed struct of an optional quantity field, or the protocol's default in `unit`.
macro_rules! field_or {
    ($req:expr, $name:literal, $ty:ident, $default:expr, $unit:expr) => {{
        let (value, unit) = quantity($req, $name)?.unwrap_or(($default, $unit));
        $ty { value, unit }
    }};
}

/// `"HH:MM"`, two digits each, as (hour, minute); anything else is for the protocol to refuse.
fn time_of_day(v: Option<&Value>) -> Result<ItbTimeOfDay, Inexpressible> {
    let text = v.and_then(Value::as_str).ok_or(Inexpressible)?;
    let b = text.as_bytes();
    let digits = [0, 1, 3, 4]
        .iter()
        .all(|&i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() != 5 || b[2] != b':' || !digits {
        return Err(Inexpressible);
    }
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    Ok(ItbTimeOfDay {
        hour: two(0),
        minute: two(3),
    })
}

fn hhmm(t: ItbTimeOfDay) -> String {
    format!("{:02}:{:02}", t.hour, t.minute)
}

/// Flex steps: an array of `{"start", "rate"}` objects, nothing else.
fn flex_steps(v: Option<&Value>) -> Result<Vec<ItbFlexStep>, Inexpressible> {
    let items = v.and_then(Value::as_array).ok_or(Inexpressible)?;
    let mut steps = Vec::with_capacity(items.len());
    for item in items {
        let step = item.as_object().ok_or(Inexpressible)?;
        if step.len() != 2 {
            return Err(Inexpressible);
        }
        steps.push(ItbFlexStep {
            start: time_of_day(step.get("start"))?,
            rate: field!(step, "rate", ItbDoseRate),
        });
    }
    Ok(steps)
}

/// A dose rate in mcg/h, as a C caller converts it with `itb_convert`.
fn mcg_per_hour(rate: ItbDoseRate) -> Value {
    let any = ItbQuantity {
        value: rate.value,
        unit: rate.unit,
    };
    // SAFETY: `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_convert(any, ITB_UNIT_MCG_PER_HOUR, out, e) });
    let converted: ItbQuantity = r.expect("a rate the library accepted converts");
    q(converted.value, converted.unit)
}

fn step_json(start: ItbTimeOfDay, rate: Value, duration: ItbDuration) -> Value {
    json!({"start": hhmm(start), "rate": rate, "duration": q(duration.value, duration.unit)})
}

/// The daily dose of flex steps, with the step durations.
fn flex(steps: &[ItbFlexStep]) -> Result<(ItbFlexDose, Vec<ItbDuration>), (ItbStatus, String)> {
    let mut durations = vec![
        ItbDuration {
            value: 0.0,
            unit: 0
        };
        steps.len()
    ];
    let (ptr, len) = (durations.as_mut_ptr(), durations.len());
    // SAFETY: `steps` and `durations` are valid for their lengths; `call` passes valid pointers.
    let dose = call(|out, e| unsafe {
        itb_flex_daily_dose(steps.as_ptr(), steps.len(), ptr, len, out, e)
    })?;
    Ok((dose, durations))
}

fn flex_daily_dose(req: &Request) -> Result<Answer, Inexpressible> {
    let steps = flex_steps(req.get("steps"))?;
    Ok(flex(&steps).map(|(d, durations)| {
        let list: Vec<Value> = steps
            .iter()
            .zip(&durations)
            .map(|(s, duration)| step_json(s.start, mcg_per_hour(s.rate), *duration))
            .collect();
        let result = json!({
            "daily_dose": q(d.daily_dose.value, d.daily_dose.unit),
            "steps": list,
        });
        with_result(result, findings(d.allowed, &d.findings[..d.findings_len]))
    }))
}

fn night_boost(req: &Request) -> Result<Answer, Inexpressible> {
    let base = field!(req, "base_daily_dose", ItbDoseRate);
    let (given, boost_percent) = number(req, "boost_percent")?;
    required(given.then_some(()))?;
    let start = time_of_day(req.get("effect_start"))?;
    let end = time_of_day(req.get("effect_end"))?;
    let lead = field_or!(
        req,
        "lead_time",
        ItbDuration,
        ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS,
        ITB_UNIT_HOUR
    );
    // SAFETY: `call` passes valid pointers.
    let r =
        call(|out, e| unsafe { itb_night_boost(base, boost_percent, start, end, lead, out, e) });
    Ok(r.map(|nb: ItbNightBoost| {
        let steps: Vec<Value> = nb
            .steps
            .iter()
            .map(|s| step_json(s.start, q(s.rate.value, s.rate.unit), s.duration))
            .collect();
        let result = json!({
            "steps": steps,
            "daily_dose": q(nb.daily_dose.value, nb.daily_dose.unit),
        });
        with_result(
            result,
            findings(nb.allowed, &nb.findings[..nb.findings_len]),
        )
    }))
}

const PUMPS: [(&str, u32); 5] = [
    ("synchromed_ii_20", ITB_PUMP_SYNCHROMED_II_20),
    ("synchromed_ii_40", ITB_PUMP_SYNCHROMED_II_40),
    ("prometra_20", ITB_PUMP_PROMETRA_20),
    ("prometra_ii_20", ITB_PUMP_PROMETRA_II_20),
    ("prometra_ii_40", ITB_PUMP_PROMETRA_II_40),
];

/// A pump id, or a custom pump object with the protocol's defaults for what it leaves out.
fn pump(req: &Request) -> Result<ItbPump, Inexpressible> {
    let unused = ItbVolume {
        value: f64::NAN,
        unit: 0,
    };
    match req.get("pump") {
        Some(Value::Object(custom)) => {
            let known = ["reservoir", "low_alarm", "accuracy_percent", "programmable"];
            if !custom.keys().all(|k| known.contains(&k.as_str())) {
                return Err(Inexpressible);
            }
            let (given, accuracy_percent) = number(custom, "accuracy_percent")?;
            Ok(ItbPump {
                model: ITB_PUMP_CUSTOM,
                reservoir: field!(custom, "reservoir", ItbVolume),
                low_alarm: field!(custom, "low_alarm", ItbVolume),
                accuracy_percent: if given {
                    accuracy_percent
                } else {
                    ITB_PUMP_DEFAULT_ACCURACY_PERCENT
                },
                programmable: boolean(custom, "programmable", true)?,
            })
        }
        _ => Ok(ItbPump {
            model: code(req, "pump", &PUMPS)?,
            reservoir: unused,
            low_alarm: unused,
            accuracy_percent: f64::NAN,
            programmable: false,
        }),
    }
}

fn refill_plan(req: &Request) -> Result<Answer, Inexpressible> {
    let pump = pump(req)?;
    let concentration = field!(req, "concentration", ItbConcentration);
    let unused = ItbDoseRate {
        value: f64::NAN,
        unit: 0,
    };
    let (daily_dose, steps) = match (req.get("daily_dose"), req.get("steps")) {
        (Some(_), None) => (field!(req, "daily_dose", ItbDoseRate), Vec::new()),
        (None, Some(v)) => (unused, flex_steps(Some(v))?),
        _ => return Err(Inexpressible),
    };
    if req.contains_key("steps") && steps.is_empty() {
        return Err(Inexpressible); // an empty list: steps_len 0 means a daily dose in C
    }
    let (has_fill_volume, fill) = match quantity(req, "fill_volume")? {
        Some(v) => (true, v),
        None => (false, (f64::NAN, 0)),
    };
    let (has_alarm_volume, alarm) = match quantity(req, "alarm_volume")? {
        Some(v) => (true, v),
        None => (false, (f64::NAN, 0)),
    };
    let days = unit_code(Unit::Day);
    let request = ItbRefillRequest {
        pump,
        concentration,
        daily_dose,
        steps: steps.as_ptr(),
        steps_len: steps.len(),
        has_fill_volume,
        fill_volume: ItbVolume {
            value: fill.0,
            unit: fill.1,
        },
        has_alarm_volume,
        alarm_volume: ItbVolume {
            value: alarm.0,
            unit: alarm.1,
        },
        max_residence: field_or!(
            req,
            "max_residence",
            ItbDuration,
            ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS,
            days
        ),
        lead_time: field_or!(
            req,
            "lead_time",
            ItbDuration,
            ITB_REFILL_DEFAULT_LEAD_TIME_DAYS,
            days
        ),
        risk_factors: risk_flags(req)?.unwrap_or(0),
    };
    // SAFETY: `request` is valid; `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_refill_plan(&request, out, e) });
    Ok(r.map(|p: ItbRefillPlan| {
        let containers: Vec<Value> = p.containers[..p.containers_len]
            .iter()
            .map(|c| {
                json!({
                    "product": c_text(c.product),
                    "count": c.count,
                    "drawn_volume": q(c.drawn_volume.value, c.drawn_volume.unit),
                    "waste": q(c.waste.value, c.waste.unit),
                })
            })
            .collect();
        let result = json!({
            "flow_rate": q(p.flow_rate.value, p.flow_rate.unit),
            "days_to_alarm": q(p.days_to_alarm.value, p.days_to_alarm.unit),
            "earliest_alarm": q(p.earliest_alarm.value, p.earliest_alarm.unit),
            "days_to_empty": q(p.days_to_empty.value, p.days_to_empty.unit),
            "refill_due": q(p.refill_due.value, p.refill_due.unit),
            "drug_amount": q(p.drug_amount.value, p.drug_amount.unit),
            "daily_dose": q(p.daily_dose.value, p.daily_dose.unit),
            "containers": containers,
        });
        with_result(result, findings(p.allowed, &p.findings[..p.findings_len]))
    }))
}

/// The programmed delivery: `(has_daily_dose, daily_dose, concentration, flow_rate)`.
fn programmed(
    req: &Request,
) -> Result<(bool, ItbDoseRate, ItbConcentration, ItbFlowRate), Inexpressible> {
    let has = |name| req.contains_key(name);
    let dose = ItbDoseRate {
        value: f64::NAN,
        unit: 0,
    };
    let c = ItbConcentration {
        value: f64::NAN,
        unit: 0,
    };
    let flow = ItbFlowRate {
        value: f64::NAN,
        unit: 0,
    };
    match (has("flow_rate"), has("daily_dose"), has("concentration")) {
        (true, false, false) => Ok((false, dose, c, field!(req, "flow_rate", ItbFlowRate))),
        (false, true, true) => {
            let dose = field!(req, "daily_dose", ItbDoseRate);
            let c = field!(req, "concentration", ItbConcentration);
            Ok((true, dose, c, flow))
        }
        _ => Err(Inexpressible),
    }
}

fn reconcile(req: &Request) -> Result<Answer, Inexpressible> {
    let fill_volume = field!(req, "fill_volume", ItbVolume);
    let elapsed = field!(req, "elapsed", ItbDuration);
    let (has_daily_dose, daily_dose, concentration, flow_rate) = programmed(req)?;
    let aspirated_volume = field!(req, "aspirated_volume", ItbVolume);
    let threshold = field_or!(
        req,
        "threshold",
        ItbVolume,
        ITB_RECONCILE_DEFAULT_THRESHOLD_ML,
        ITB_UNIT_ML
    );
    let has_pump = req.contains_key("pump");
    let pump = if has_pump {
        pump(req)?
    } else {
        ItbPump {
            model: 0, // not read
            reservoir: aspirated_volume,
            low_alarm: aspirated_volume,
            accuracy_percent: f64::NAN,
            programmable: false,
        }
    };
    let request = ItbReconcileRequest {
        fill_volume,
        elapsed,
        has_daily_dose,
        daily_dose,
        concentration,
        flow_rate,
        aspirated_volume,
        threshold,
        has_pump,
        pump,
        risk_factors: risk_flags(req)?.unwrap_or(0),
    };
    // SAFETY: `request` is valid; `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_reconcile(&request, out, e) });
    Ok(r.map(|rec: ItbReconciliation| {
        let result = json!({
            "flow_rate": q(rec.flow_rate.value, rec.flow_rate.unit),
            "expected_volume": q(rec.expected_volume.value, rec.expected_volume.unit),
            "discrepancy": q(rec.discrepancy.value, rec.discrepancy.unit),
            "implied_flow_rate": q(rec.implied_flow_rate.value, rec.implied_flow_rate.unit),
            "delivery_error_percent": q(rec.delivery_error.value, rec.delivery_error.unit),
        });
        with_result(
            result,
            findings(rec.allowed, &rec.findings[..rec.findings_len]),
        )
    }))
}

/// No findings: what the protocol gives for an operation that raises none.
fn no_findings() -> Value {
    findings(true, &[])
}

fn bridge_bolus(req: &Request) -> Result<Answer, Inexpressible> {
    let old = field!(req, "old_concentration", ItbConcentration);
    let new = field!(req, "new_concentration", ItbConcentration);
    let dose = field!(req, "daily_dose", ItbDoseRate);
    let dead_space = field!(req, "dead_space", ItbVolume);
    // SAFETY: `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_bridge_bolus(old, new, dose, dead_space, out, e) });
    Ok(r.map(|b: ItbBridge| {
        let result = json!({
            "required": b.required,
            "old_flow_rate": q(b.old_flow_rate.value, b.old_flow_rate.unit),
            "new_flow_rate": q(b.new_flow_rate.value, b.new_flow_rate.unit),
            "bridge_duration": q(b.bridge_duration.value, b.bridge_duration.unit),
            "unbridged_daily_dose": q(b.unbridged_daily_dose.value, b.unbridged_daily_dose.unit),
            "unbridged_duration": q(b.unbridged_duration.value, b.unbridged_duration.unit),
        });
        with_result(result, findings(b.allowed, &b.findings[..b.findings_len]))
    }))
}

fn catheter_volume(req: &Request) -> Result<Answer, Inexpressible> {
    let has = |name| req.contains_key(name);
    let r = if has("catheter") {
        let catheter = code(
            req,
            "catheter",
            &[("prometra_ii", ITB_CATHETER_PROMETRA_II)],
        )?;
        let trimmed = field!(req, "trimmed_length", ItbLength);
        required((!has("implanted_length") && !has("volume_per_length")).then_some(()))?;
        // SAFETY: `call` passes valid pointers.
        call(|out, e| unsafe { itb_trimmed_catheter_volume(catheter, trimmed, out, e) })
    } else {
        let length = field!(req, "implanted_length", ItbLength);
        let per_length = field!(req, "volume_per_length", ItbVolumePerLength);
        required((!has("trimmed_length")).then_some(()))?;
        // SAFETY: `call` passes valid pointers.
        call(|out, e| unsafe { itb_catheter_volume(length, per_length, out, e) })
    };
    Ok(r.map(|v: ItbVolume| with_result(json!({"volume": q(v.value, v.unit)}), no_findings())))
}

fn constant_flow_fill(req: &Request) -> Result<Answer, Inexpressible> {
    let reservoir = field!(req, "reservoir", ItbVolume);
    let flow = field!(req, "flow_rate", ItbFlowRate);
    let dose = field!(req, "daily_dose", ItbDoseRate);
    let stock = field!(req, "stock", ItbConcentration);
    let overage = field_or!(
        req,
        "priming_overage",
        ItbVolume,
        ITB_CONSTANT_FLOW_DEFAULT_PRIMING_OVERAGE_ML,
        ITB_UNIT_ML
    );
    // SAFETY: `call` passes valid pointers.
    let r = call(|out, e| unsafe {
        itb_constant_flow_fill(reservoir, flow, dose, stock, overage, out, e)
    });
    Ok(r.map(|f: ItbConstantFlowFill| {
        let result = json!({
            "running_time": q(f.running_time.value, f.running_time.unit),
            "concentration": q(f.concentration.value, f.concentration.unit),
            "drug_amount": q(f.drug_amount.value, f.drug_amount.unit),
            "stock_volume": q(f.stock_volume.value, f.stock_volume.unit),
            "diluent_volume": q(f.diluent_volume.value, f.diluent_volume.unit),
            "diluent": c_text(f.diluent),
        });
        with_result(result, findings(f.allowed, &f.findings[..f.findings_len]))
    }))
}

fn programming_check(req: &Request) -> Result<Answer, Inexpressible> {
    let request = ItbProgrammingRequest {
        programmed_daily_dose: field!(req, "programmed_daily_dose", ItbDoseRate),
        programmed_concentration: field!(req, "programmed_concentration", ItbConcentration),
        reservoir_concentration: field!(req, "reservoir_concentration", ItbConcentration),
    };
    // SAFETY: `request` is valid; `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_programming_check(&request, out, e) });
    Ok(r.map(|c: ItbProgrammingCheck| {
        let result = json!({
            "flow_rate": q(c.flow_rate.value, c.flow_rate.unit),
            "delivered_daily_dose": q(c.delivered_daily_dose.value, c.delivered_daily_dose.unit),
            "dose_ratio": c.dose_ratio,
        });
        with_result(result, findings(c.allowed, &c.findings[..c.findings_len]))
    }))
}

#[test]
#[cfg_attr(miri, ignore = "reads the golden files; hundreds of cases, too slow")]
fn pump_and_refill_golden_vectors_through_the_typed_functions() {
    let [successes, errors] = run(&FIELDS, |op, req| match op {
        "flex_daily_dose" => flex_daily_dose(req),
        "night_boost" => night_boost(req),
        "refill_plan" => refill_plan(req),
        "reconcile" => reconcile(req),
        "bridge_bolus" => bridge_bolus(req),
        "catheter_volume" => catheter_volume(req),
        "constant_flow_fill" => constant_flow_fill(req),
        _ => programming_check(req),
    });
    // Counted by hand in the files when this was written: 14 + 18 + 41 + 24 + 14 + 9 + 11 + 16
    // = 147 success cases; of the error cases, 10 flex, 12 night boost, 12 refill plan,
    // 10 reconcile, 7 bridge, 5 catheter, 10 constant-flow and 8 programming check are
    // expressible in C (a bad quantity, time, custom-pump field or boost, and the order of
    // those checks): 74. The rest is a missing or unknown field, an unknown id (a risk factor
    // too), text that does not parse ("7:5", "NaN cm", "20 cc"), a number as a string. Cases
    // may be added; fewer means cases stopped running.
    assert!(
        successes >= 147 && errors >= 74,
        "{successes} success and {errors} error cases ran"
    );
}
