//! `signs`, `triage`, `interactions`, `patient_check`, `monitoring_plan`: the labels' knowledge
//! that is not a formula (core modules `signs`, `interactions`, `patient`, `monitoring`).

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::ProtocolError;
use crate::error::ErrorKind;
use crate::finding::Findings;
use crate::interactions::{self, InteractionsRequest};
use crate::monitoring::{self, MonitoringPhase, MonitoringRequest};
use crate::patient::{self, PatientRequest, Route};
use crate::profile::Profile;
use crate::signs::{self, SIGN_CODES, SignCode, SignList, SignsRequest, TriageRequest};

pub(super) fn signs(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&["list"], &[])?;
    let allowed = crate::signs::SIGN_LIST_IDS;
    let list = match req.has("list") {
        true => Some(req.choice("list", SignList::parse, allowed)?),
        false => None,
    };
    let mut lists = Vec::new();
    for l in signs::signs(&SignsRequest { list }) {
        let mut signs = Vec::new();
        for s in l.signs() {
            let mut o = Obj::new();
            o.str("code", s.code.as_str())
                .str("text", s.text())
                .str("source", s.source.as_str());
            signs.push(o);
        }
        let mut actions = Vec::new();
        for a in l.actions() {
            let mut o = Obj::new();
            o.str("text", a.text()).str("source", a.source.as_str());
            actions.push(o);
        }
        let mut o = Obj::new();
        o.str("list", l.id())
            .list("signs", signs)
            .list("actions", actions);
        lists.push(o);
    }
    let mut result = Obj::new();
    result.list("lists", lists);
    Ok(Outcome::plain(result))
}

pub(super) fn triage(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&["signs"], &["signs"])?;
    let mut codes = Vec::new();
    for (i, text) in req.strings("signs", "sign codes")?.into_iter().enumerate() {
        let code = SignCode::parse(text).ok_or_else(|| {
            let message =
                format!("{text:?} is not a sign code; allowed (case-sensitive): {SIGN_CODES}");
            ProtocolError::at(ErrorKind::InvalidValue, &format!("signs[{i}]"), message)
        })?;
        codes.push(code);
    }
    let request = TriageRequest {
        signs: codes.into(),
    };
    let t = signs::triage(&request).map_err(|e| req.fail(e))?;
    let mut matches = Vec::new();
    for m in t.matches() {
        let mut o = Obj::new();
        o.str("list", m.list.id())
            .strings("signs", m.signs().map(|s| s.code.as_str()));
        matches.push(o);
    }
    let mut result = Obj::new();
    result.list("matches", matches);
    Ok(Outcome {
        result,
        findings: t.findings,
    })
}

pub(super) fn interactions(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&["medications"], &["medications"])?;
    let names = req.strings("medications", "medication names")?;
    let check = interactions::interactions(&InteractionsRequest {
        medications: &names,
    })
    .map_err(|e| req.fail(e))?;
    let mut list = Vec::new();
    for i in check.interactions() {
        let mut o = Obj::new();
        o.str("medication", i.medication)
            .str("class", i.class.id())
            .str("severity", i.class.severity().as_str())
            .str("effect", crate::finding::text(i.class.effect()))
            .str("source", i.class.source().as_str());
        list.push(o);
    }
    let mut result = Obj::new();
    result
        .list("interactions", list)
        .strings("unrecognised", check.unrecognised());
    Ok(Outcome {
        result,
        findings: check.findings,
    })
}

pub(super) fn patient_check(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    let allowed = [
        "profile",
        "age_years",
        "pregnant",
        "breastfeeding",
        "infection",
        "months_since_head_injury",
        "route",
        "risk_factors",
    ];
    req.fields(&allowed, &[])?;
    let profile = match req.has("profile") {
        true => Some(req.choice("profile", Profile::parse, "us, uk")?),
        false => None,
    };
    let request = PatientRequest {
        profile,
        age_years: req.optional_number("age_years")?,
        pregnant: req.optional_bool("pregnant")?,
        breastfeeding: req.optional_bool("breastfeeding")?,
        infection: req.optional_bool("infection")?,
        months_since_head_injury: req.optional_number("months_since_head_injury")?,
        route: req
            .has("route")
            .then(|| req.given("route", Route::parse, patient::ROUTE_IDS)),
        risk_factors: req
            .has("risk_factors")
            .then(|| req.risk_factors("risk_factors")),
    };
    let check = patient::patient_check(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result.strings("checked", check.checked().map(|c| c.field()));
    Ok(Outcome {
        result,
        findings: check.findings,
    })
}

pub(super) fn monitoring_plan(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&["phase"], &["phase"])?;
    let allowed = monitoring::MONITORING_PHASE_IDS;
    let phase = req.given("phase", MonitoringPhase::parse, allowed);
    let items =
        monitoring::monitoring_plan(&MonitoringRequest { phase }).map_err(|e| req.fail(e))?;
    let mut list = Vec::new();
    for i in items {
        let mut o = Obj::new();
        o.str("what", i.what())
            .str("frequency", i.frequency())
            .str("action", i.action())
            .str("source", i.source.as_str());
        list.push(o);
    }
    let mut result = Obj::new();
    if let Ok(p) = phase.given() {
        result.str("phase", p.id());
    }
    result.list("items", list);
    Ok(Outcome {
        result,
        findings: Findings::new(),
    })
}
