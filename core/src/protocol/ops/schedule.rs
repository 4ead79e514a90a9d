//! `daily_volume`, `flex_daily_dose`, `night_boost`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::ProtocolError;
use crate::schedule::{self, DailyVolumeRequest, FlexDoseRequest, NightBoostRequest, Step};
use crate::units::{ClinicalQuantity, Unit};

pub(super) fn daily_volume(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = ["daily_dose", "concentration"];
    req.fields(&names, &names)?;
    let request = DailyVolumeRequest {
        daily_dose: req.quantity("daily_dose"),
        concentration: req.quantity("concentration"),
    };
    let dv = schedule::daily_volume(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .quantity("flow_rate", dv.flow_rate.to_measure(Unit::MlPerDay)?)
        .quantity("hourly_flow", dv.hourly_flow.to_measure(Unit::MlPerHour)?);
    Ok(Outcome {
        result,
        findings: dv.findings,
    })
}

pub(super) fn flex_daily_dose(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&["steps"], &["steps"])?;
    let request = FlexDoseRequest {
        steps: req.steps("steps")?.into(),
    };
    let flex = schedule::flex_daily_dose(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .quantity("daily_dose", flex.daily_dose.to_measure(Unit::McgPerDay)?)
        .list("steps", steps_json(flex.steps())?);
    Ok(Outcome {
        result,
        findings: flex.findings,
    })
}

pub(super) fn night_boost(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
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
    let base_daily_dose = req.quantity("base_daily_dose");
    let boost_percent = req.number("boost_percent")?;
    let request = NightBoostRequest {
        base_daily_dose,
        boost_percent,
        effect_start: req.given_time("effect_start"),
        effect_end: req.given_time("effect_end"),
        lead_time: req.optional("lead_time"),
    };
    let nb = schedule::night_boost(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .list("steps", steps_json(nb.steps.into_iter())?)
        .quantity("daily_dose", nb.daily_dose.to_measure(Unit::McgPerDay)?);
    Ok(Outcome {
        result,
        findings: nb.findings,
    })
}

/// Steps as `[{"start", "rate" (mcg/h), "duration" (h)}]`.
fn steps_json(steps: impl Iterator<Item = Step>) -> Result<Vec<Obj>, ProtocolError> {
    let mut list = Vec::new();
    for step in steps {
        let mut o = Obj::new();
        o.str("start", &step.start.to_string())
            .quantity("rate", step.rate.to_measure(Unit::McgPerHour)?)
            .quantity("duration", step.duration.to_measure(Unit::Hour)?);
        list.push(o);
    }
    Ok(list)
}
