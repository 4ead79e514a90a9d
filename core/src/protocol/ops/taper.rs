//! `taper_schedule`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::{ProtocolError, dose_steps};
use crate::taper::{self, TaperRequest};
use crate::units::{ClinicalQuantity, Unit};

pub(super) fn taper_schedule(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let required = ["current_daily_dose", "target_daily_dose", "duration"];
    let allowed = [
        "current_daily_dose",
        "target_daily_dose",
        "duration",
        "interval",
    ];
    req.fields(&allowed, &required)?;
    let request = TaperRequest {
        current_daily_dose: req.quantity("current_daily_dose"),
        target_daily_dose: req.quantity("target_daily_dose"),
        duration: req.quantity("duration"),
        interval: req.optional("interval"),
    };
    let t = taper::taper_schedule(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .list("steps", dose_steps(t.steps())?)
        .count("step_count", t.step_count)
        .quantity("interval", t.interval.to_measure(Unit::Day)?);
    Ok(Outcome {
        result,
        findings: t.findings,
    })
}
