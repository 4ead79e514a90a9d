//! `programming_check`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::ProtocolError;
use crate::programming::{self, ProgrammingRequest};
use crate::units::{ClinicalQuantity, Unit};

pub(super) fn programming_check(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = [
        "programmed_daily_dose",
        "programmed_concentration",
        "reservoir_concentration",
    ];
    req.fields(&names, &names)?;
    let request = ProgrammingRequest {
        programmed_daily_dose: req.quantity("programmed_daily_dose"),
        programmed_concentration: req.quantity("programmed_concentration"),
        reservoir_concentration: req.quantity("reservoir_concentration"),
    };
    let c = programming::programming_check(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .quantity("flow_rate", c.flow_rate.to_measure(Unit::MlPerDay)?)
        .quantity(
            "delivered_daily_dose",
            c.delivered_daily_dose.to_measure(Unit::McgPerDay)?,
        )
        .number("dose_ratio", c.dose_ratio);
    Ok(Outcome {
        result,
        findings: c.findings,
    })
}
