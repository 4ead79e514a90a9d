//! One small mapping per operation: JSON fields → the core's typed request → the core's
//! function → its typed result as JSON. Grouped by the core module that owns the operation.

mod bolus;
mod dilution;
mod knowledge;
mod pharmacokinetics;
mod product;
mod programming;
mod refill;
mod schedule;
mod taper;
mod titration;
mod units;

use super::ProtocolError;
use super::envelope::{Obj, Outcome};
use super::request::Request;
use crate::error::ErrorKind;

pub(super) fn dispatch(op: &str, req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    match op {
        "convert" => units::convert(req),
        "daily_volume" => schedule::daily_volume(req),
        "products" => product::products(req),
        "containers" => product::containers(req),
        "dilution" => dilution::dilution(req),
        "screening_plan" => titration::screening_plan(req),
        "initial_daily_dose" => titration::initial_daily_dose(req),
        "titrate" => titration::titrate(req),
        "flex_daily_dose" => schedule::flex_daily_dose(req),
        "night_boost" => schedule::night_boost(req),
        "refill_plan" => refill::refill_plan(req),
        "reconcile" => refill::reconcile(req),
        "bridge_bolus" => bolus::bridge_bolus(req),
        "catheter_volume" => bolus::catheter_volume(req),
        "constant_flow_fill" => dilution::constant_flow_fill(req),
        "programming_check" => programming::programming_check(req),
        "titration_schedule" => titration::titration_schedule(req),
        "taper_schedule" => taper::taper_schedule(req),
        "pk_profile" => pharmacokinetics::pk_profile(req),
        "signs" => knowledge::signs(req),
        "triage" => knowledge::triage(req),
        "interactions" => knowledge::interactions(req),
        "patient_check" => knowledge::patient_check(req),
        "monitoring_plan" => knowledge::monitoring_plan(req),
        _ => Err(ProtocolError::at(ErrorKind::UnknownOp, "op", op)),
    }
}

/// Exactly one of two alternatives given (`daily_dose` or `steps`): which, or the protocol's
/// error for neither or both.
fn one_of(req: &Request<'_>, first: &str, second: &str) -> Result<bool, ProtocolError> {
    match (req.has(first), req.has(second)) {
        (true, false) => Ok(true),
        (false, true) => Ok(false),
        (true, true) => Err(ProtocolError::at(
            ErrorKind::InvalidValue,
            second,
            format!("give {first} or {second}, not both"),
        )),
        (false, false) => Err(ProtocolError::at(
            ErrorKind::MissingField,
            first,
            format!("required: {first} or {second}"),
        )),
    }
}

/// The steps of a titration or taper schedule: `[{"at" (day), "daily_dose" (mcg/day)}]`.
fn dose_steps(
    steps: impl Iterator<Item = crate::taper::DoseStep>,
) -> Result<Vec<Obj>, ProtocolError> {
    use crate::units::{ClinicalQuantity, Unit};
    let mut out = Vec::new();
    for s in steps {
        let mut o = Obj::new();
        o.quantity("at", s.at.to_measure(Unit::Day)?)
            .quantity("daily_dose", s.daily_dose.to_measure(Unit::McgPerDay)?);
        out.push(o);
    }
    Ok(out)
}
