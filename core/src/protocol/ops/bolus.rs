//! `bridge_bolus`, `catheter_volume`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::ProtocolError;
use crate::bolus::{self, BridgeRequest, CatheterModel, CatheterRequest};
use crate::error::ErrorKind;
use crate::units::{ClinicalQuantity, Unit};

pub(super) fn bridge_bolus(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = [
        "old_concentration",
        "new_concentration",
        "daily_dose",
        "dead_space",
    ];
    req.fields(&names, &names)?;
    let request = BridgeRequest {
        old_concentration: req.quantity("old_concentration"),
        new_concentration: req.quantity("new_concentration"),
        daily_dose: req.quantity("daily_dose"),
        dead_space: req.quantity("dead_space"),
    };
    let b = bolus::bridge_bolus(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .bool("required", b.required)
        .quantity("old_flow_rate", b.old_flow_rate.to_measure(Unit::MlPerDay)?)
        .quantity("new_flow_rate", b.new_flow_rate.to_measure(Unit::MlPerDay)?)
        .quantity("bridge_duration", b.bridge_duration.to_measure(Unit::Hour)?)
        .quantity(
            "unbridged_daily_dose",
            b.unbridged_daily_dose.to_measure(Unit::McgPerDay)?,
        )
        .quantity(
            "unbridged_duration",
            b.unbridged_duration.to_measure(Unit::Hour)?,
        );
    Ok(Outcome {
        result,
        findings: b.findings,
    })
}

pub(super) fn catheter_volume(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let direct = ["implanted_length", "volume_per_length"];
    let catalogued = ["catheter", "trimmed_length"];
    let all = [direct, catalogued].concat();
    req.fields(&all, &[])?;
    let given = |names: [&str; 2]| names.iter().any(|n| req.has(n));
    let request = match (given(direct), given(catalogued)) {
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
            req.fields(&direct, &direct)?;
            CatheterRequest::Implanted {
                implanted_length: req.quantity("implanted_length"),
                volume_per_length: req.quantity("volume_per_length"),
            }
        }
        (false, true) => {
            req.fields(&catalogued, &catalogued)?;
            CatheterRequest::Trimmed {
                catheter: req.choice("catheter", CatheterModel::parse, bolus::CATHETER_IDS)?,
                trimmed_length: req.quantity("trimmed_length"),
            }
        }
    };
    let v = bolus::catheter_volume(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result.quantity("volume", v.volume.to_measure(Unit::Milliliter)?);
    Ok(Outcome::plain(result))
}
