//! `screening_plan`, `initial_daily_dose`, `titrate`: the dosing rules.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::{ProtocolError, dose_steps};
use crate::profile::{Origin, Phase, Profile};
use crate::screening::{self, ScreeningRequest};
use crate::titration::{self, InitialDoseRequest, TitrateRequest, TitrationScheduleRequest};
use crate::units::{ClinicalQuantity, Unit};

fn profile(req: &Request<'_>) -> Result<Profile, ProtocolError> {
    req.choice("profile", Profile::parse, "us, uk")
}

pub(super) fn screening_plan(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let allowed = [
        "profile",
        "age_years",
        "start_dose",
        "concentration",
        "hours_since_last_dose",
    ];
    req.fields(&allowed, &["profile"])?;
    let request = ScreeningRequest {
        profile: profile(req)?,
        age_years: req.optional_number("age_years")?,
        start_dose: req.optional("start_dose"),
        concentration: req.optional("concentration"),
        hours_since_last_dose: req.optional_number("hours_since_last_dose")?,
    };
    let plan = screening::screening_plan(&request).map_err(|e| req.fail(e))?;
    let mut doses = Vec::new();
    for d in plan.doses() {
        let mut o = Obj::new();
        o.quantity("dose", d.dose.to_measure(Unit::Microgram)?)
            .quantity("volume", d.volume.to_measure(Unit::Milliliter)?);
        doses.push(o);
    }
    let mut result = Obj::new();
    result
        .list("doses", doses)
        .quantity("min_interval", plan.min_interval.to_measure(Unit::Hour)?)
        .quantity("max_dose", plan.max_dose.to_measure(Unit::Microgram)?);
    Ok(Outcome {
        result,
        findings: plan.findings,
    })
}

pub(super) fn initial_daily_dose(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let names = ["profile", "effective_bolus", "effect_duration"];
    req.fields(&names, &names)?;
    let request = InitialDoseRequest {
        profile: profile(req)?,
        effective_bolus: req.quantity("effective_bolus"),
        effect_duration: req.quantity("effect_duration"),
    };
    let d = titration::initial_daily_dose(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .quantity("daily_dose", d.daily_dose.to_measure(Unit::McgPerDay)?)
        .str("rule", d.rule.id())
        .str("rule_source", d.source.as_str());
    Ok(Outcome {
        result,
        findings: d.findings,
    })
}

pub(super) fn titrate(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let required = [
        "profile",
        "current_daily_dose",
        "change_percent",
        "origin",
        "phase",
    ];
    let optional = [
        "age_years",
        "pump_programmable",
        "hours_since_last_change",
        "hours_since_start",
    ];
    let allowed: Vec<&str> = required.iter().chain(optional.iter()).copied().collect();
    req.fields(&allowed, &required)?;
    let profile = profile(req)?;
    let current_daily_dose = req.quantity("current_daily_dose");
    let request = TitrateRequest {
        profile,
        current_daily_dose,
        change_percent: req.number("change_percent")?,
        origin: req.given("origin", Origin::parse, "spinal, cerebral"),
        phase: req.given("phase", Phase::parse, "titration, maintenance"),
        age_years: req.optional_number("age_years")?,
        pump_programmable: req.optional_bool("pump_programmable")?,
        hours_since_last_change: req.optional_number("hours_since_last_change")?,
        hours_since_start: req.optional_number("hours_since_start")?,
    };
    let t = titration::titrate(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result.quantity(
        "new_daily_dose",
        t.new_daily_dose.to_measure(Unit::McgPerDay)?,
    );
    Ok(Outcome {
        result,
        findings: t.findings,
    })
}

pub(super) fn titration_schedule(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let required = [
        "profile",
        "origin",
        "phase",
        "current_daily_dose",
        "target_daily_dose",
    ];
    let optional = ["step_percent", "pump_programmable", "age_years"];
    let allowed: Vec<&str> = required.iter().chain(optional.iter()).copied().collect();
    req.fields(&allowed, &required)?;
    let request = TitrationScheduleRequest {
        profile: profile(req)?,
        origin: req.given("origin", Origin::parse, "spinal, cerebral"),
        phase: req.given("phase", Phase::parse, "titration, maintenance"),
        current_daily_dose: req.quantity("current_daily_dose"),
        target_daily_dose: req.quantity("target_daily_dose"),
        step_percent: req.optional_number("step_percent")?,
        pump_programmable: req.optional_bool("pump_programmable")?,
        age_years: req.optional_number("age_years")?,
    };
    let s = titration::titration_schedule(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .list("steps", dose_steps(s.steps())?)
        .count("step_count", s.step_count)
        .quantity("days_to_target", s.days_to_target.to_measure(Unit::Day)?)
        .number("step_percent", s.step_percent)
        .quantity("interval", s.interval.to_measure(Unit::Day)?);
    Ok(Outcome {
        result,
        findings: s.findings,
    })
}
