//! `pk_profile`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::{ProtocolError, one_of};
use crate::pharmacokinetics::{self, Dosing, PkRequest};
use crate::units::{ClinicalQuantity, Unit};

pub(super) fn pk_profile(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let allowed = ["bolus", "daily_dose", "times", "half_life", "clearance"];
    req.fields(&allowed, &[])?;
    let dosing = if one_of(req, "bolus", "daily_dose")? {
        Dosing::Bolus(req.quantity("bolus"))
    } else {
        Dosing::DailyDose(req.quantity("daily_dose"))
    };
    req.fields(&allowed, &["times"])?;
    let request = PkRequest {
        dosing,
        times: req.inputs("times")?.into(),
        half_life: req.optional("half_life"),
        clearance: req.optional("clearance"),
    };
    let p = pharmacokinetics::pk_profile(&request).map_err(|e| req.fail(e))?;
    let mut points = Vec::new();
    for x in p.points() {
        let mut o = Obj::new();
        o.quantity("time", x.time.to_measure(Unit::Hour)?)
            .quantity("lumbar", x.lumbar.to_measure(Unit::McgPerMl)?)
            .quantity("cisternal", x.cisternal.to_measure(Unit::McgPerMl)?);
        points.push(o);
    }
    let mut result = Obj::new();
    result
        .quantity("volume", p.volume.to_measure(Unit::Milliliter)?)
        .list("points", points);
    if let Some(s) = p.steady_state {
        result.quantity("steady_state", s.to_measure(Unit::McgPerMl)?);
    }
    if let Some(t) = p.time_to_90_percent {
        result.quantity("time_to_90_percent", t.to_measure(Unit::Hour)?);
    }
    Ok(Outcome {
        result,
        findings: p.findings,
    })
}
