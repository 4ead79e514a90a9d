//! `dilution`, `constant_flow_fill`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::ProtocolError;
use crate::dilution::{self, ConstantFlowFillRequest, DILUENT, DilutionRequest};
use crate::units::{ClinicalQuantity, Unit};

pub(super) fn dilution(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = ["stock", "target", "final_volume"];
    req.fields(&names, &names)?;
    let request = DilutionRequest {
        stock: req.quantity("stock"),
        target: req.quantity("target"),
        final_volume: req.quantity("final_volume"),
    };
    let d = dilution::dilution(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .quantity("stock_volume", d.stock_volume.to_measure(Unit::Milliliter)?)
        .quantity(
            "diluent_volume",
            d.diluent_volume.to_measure(Unit::Milliliter)?,
        )
        .quantity("drug_amount", d.drug_amount.to_measure(Unit::Microgram)?)
        .str("diluent", DILUENT);
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
    let mut result = Obj::new();
    result
        .quantity("running_time", fill.running_time.to_measure(Unit::Day)?)
        .quantity(
            "concentration",
            fill.concentration.to_measure(Unit::McgPerMl)?,
        )
        .quantity("drug_amount", fill.drug_amount.to_measure(Unit::Microgram)?)
        .quantity(
            "stock_volume",
            fill.stock_volume.to_measure(Unit::Milliliter)?,
        )
        .quantity(
            "diluent_volume",
            fill.diluent_volume.to_measure(Unit::Milliliter)?,
        )
        .str("diluent", DILUENT);
    Ok(Outcome {
        result,
        findings: fill.findings,
    })
}
