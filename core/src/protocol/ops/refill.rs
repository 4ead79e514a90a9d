//! `refill_plan`, `reconcile`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::{ProtocolError, one_of};
use crate::error::ErrorKind;
use crate::product::RefillContainers;
use crate::refill::{self, Delivery, Programmed, ReconcileRequest, RefillRequest};
use crate::units::{ClinicalQuantity, Unit};

pub(super) fn refill_plan(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let allowed = [
        "pump",
        "concentration",
        "daily_dose",
        "steps",
        "fill_volume",
        "alarm_volume",
        "max_residence",
        "lead_time",
        "risk_factors",
    ];
    req.fields(&allowed, &["pump", "concentration"])?;
    let by_dose = one_of(req, "daily_dose", "steps")?;
    let pump = req.pump("pump")?;
    let concentration = req.quantity("concentration");
    let delivery = if by_dose {
        Delivery::DailyDose(req.quantity("daily_dose"))
    } else {
        Delivery::Steps(req.steps("steps")?.into())
    };
    let request = RefillRequest {
        pump,
        concentration,
        delivery,
        fill_volume: req.optional("fill_volume"),
        alarm_volume: req.optional("alarm_volume"),
        max_residence: req.optional("max_residence"),
        lead_time: req.optional("lead_time"),
        risk_factors: req.risk_factors("risk_factors"),
    };
    let plan = refill::refill_plan(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .quantity("flow_rate", plan.flow_rate.to_measure(Unit::MlPerDay)?)
        .quantity("days_to_alarm", plan.days_to_alarm.to_measure(Unit::Day)?)
        .quantity("earliest_alarm", plan.earliest_alarm.to_measure(Unit::Day)?)
        .quantity("days_to_empty", plan.days_to_empty.to_measure(Unit::Day)?)
        .quantity("refill_due", plan.refill_due.to_measure(Unit::Day)?)
        .quantity("drug_amount", plan.drug_amount.to_measure(Unit::Microgram)?)
        .quantity("daily_dose", plan.daily_dose.to_measure(Unit::McgPerDay)?)
        .list("containers", containers_json(&plan.containers)?);
    Ok(Outcome {
        result,
        findings: plan.findings,
    })
}

fn containers_json(list: &RefillContainers) -> Result<Vec<Obj>, ProtocolError> {
    let mut out = Vec::new();
    for p in list.iter() {
        let c = &p.containers;
        let mut o = Obj::new();
        o.str("product", p.product.id)
            .count("count", c.count)
            .quantity("drawn_volume", c.drawn_volume.to_measure(Unit::Milliliter)?)
            .quantity("waste", c.waste.to_measure(Unit::Milliliter)?);
        out.push(o);
    }
    Ok(out)
}

pub(super) fn reconcile(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let allowed = [
        "fill_volume",
        "elapsed",
        "daily_dose",
        "concentration",
        "flow_rate",
        "aspirated_volume",
        "threshold",
        "pump",
        "risk_factors",
    ];
    req.fields(&allowed, &["fill_volume", "elapsed"])?;
    let by_flow = programmed_by_flow(req)?;
    // aspirated_volume comes after the flow in the protocol's order, so it is required only now.
    req.fields(&allowed, &["fill_volume", "elapsed", "aspirated_volume"])?;
    let fill_volume = req.quantity("fill_volume");
    let elapsed = req.quantity("elapsed");
    let programmed = if by_flow {
        Programmed::FlowRate(req.quantity("flow_rate"))
    } else {
        Programmed::Dose {
            daily_dose: req.quantity("daily_dose"),
            concentration: req.quantity("concentration"),
        }
    };
    let request = ReconcileRequest {
        fill_volume,
        elapsed,
        programmed,
        aspirated_volume: req.quantity("aspirated_volume"),
        threshold: req.optional("threshold"),
        pump: req.has("pump").then(|| req.pump("pump")).transpose()?,
        risk_factors: req.risk_factors("risk_factors"),
    };
    let r = refill::reconcile(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .quantity("flow_rate", r.flow_rate.to_measure(Unit::MlPerDay)?)
        .quantity(
            "expected_volume",
            r.expected_volume.to_measure(Unit::Milliliter)?,
        )
        .quantity("discrepancy", r.discrepancy.to_measure(Unit::Milliliter)?)
        .quantity(
            "implied_flow_rate",
            r.implied_flow_rate.to_measure(Unit::MlPerDay)?,
        )
        .quantity(
            "delivery_error_percent",
            r.delivery_error.to_measure(Unit::Percent)?,
        );
    Ok(Outcome {
        result,
        findings: r.findings,
    })
}

/// True for `flow_rate`, false for `daily_dose` + `concentration`; the protocol's error when
/// the request gives neither, both, or half of the pair.
fn programmed_by_flow(req: &Request<'_>) -> Result<bool, ProtocolError> {
    let (dose, concentration) = (req.has("daily_dose"), req.has("concentration"));
    if req.has("flow_rate") {
        if dose || concentration {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                "flow_rate",
                "give flow_rate, or daily_dose and concentration, not both",
            ));
        }
        return Ok(true);
    }
    match (dose, concentration) {
        (true, true) => Ok(false),
        (true, false) => Err(ProtocolError::at(
            ErrorKind::MissingField,
            "concentration",
            "required with daily_dose",
        )),
        _ => Err(ProtocolError::at(
            ErrorKind::MissingField,
            "daily_dose",
            "required: daily_dose and concentration, or flow_rate",
        )),
    }
}
