//! `dilution`, `constant_flow_fill`.

use serde_json::json;

use super::super::envelope::{Outcome, obj, quantity};
use super::super::request::Request;
use super::ProtocolError;
use crate::dilution::{self, ConstantFlowFillRequest, DILUENT, DilutionRequest};
use crate::units::{ClinicalQuantity, Unit, Volume};

fn ml(v: Volume) -> Result<serde_json::Value, ProtocolError> {
    Ok(quantity(v.to_measure(Unit::Milliliter)?))
}

pub(super) fn dilution(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = ["stock", "target", "final_volume"];
    req.fields(&names, &names)?;
    let request = DilutionRequest {
        stock: req.quantity("stock"),
        target: req.quantity("target"),
        final_volume: req.quantity("final_volume"),
    };
    let d = dilution::dilution(&request).map_err(|e| req.fail(e))?;
    let result = obj([
        ("stock_volume", ml(d.stock_volume)?),
        ("diluent_volume", ml(d.diluent_volume)?),
        (
            "drug_amount",
            quantity(d.drug_amount.to_measure(Unit::Microgram)?),
        ),
        ("diluent", json!(DILUENT)),
    ]);
    Ok(Outcome {
        result,
        findings: d.findings,
    })
}

pub(super) fn constant_flow_fill(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let required = ["reservoir", "flow_rate", "daily_dose", "stock"];
    let allowed = [
        "reservoir",
        "flow_rate",
        "daily_dose",
        "stock",
        "priming_overage",
    ];
    req.fields(&allowed, &required)?;
    let request = ConstantFlowFillRequest {
        reservoir: req.quantity("reservoir"),
        flow_rate: req.quantity("flow_rate"),
        daily_dose: req.quantity("daily_dose"),
        stock: req.quantity("stock"),
        priming_overage: req.optional("priming_overage"),
    };
    let fill = dilution::constant_flow_fill(&request).map_err(|e| req.fail(e))?;
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
        ("stock_volume", ml(fill.stock_volume)?),
        ("diluent_volume", ml(fill.diluent_volume)?),
        ("diluent", json!(DILUENT)),
    ]);
    Ok(Outcome {
        result,
        findings: fill.findings,
    })
}
