//! Requests and results through serde (feature `serde`, on with `std`): every quantity keeps its
//! unit, a request read back is the request written, and a result can be stored.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use itb::pump::PumpModel;
use itb::refill::{Delivery, RefillRequest, refill_plan};
use itb::schedule::{FlexStep, TimeOfDay};
use itb::titration::TitrateRequest;
use itb::units::{Input, Unit};
use serde_json::{Value, json};

#[test]
fn a_refill_request_round_trips_with_its_units() {
    let steps = [
        FlexStep {
            start: TimeOfDay::from_hm(4, 0, "start").unwrap(),
            rate: Input::new(24.0, Unit::McgPerHour),
        },
        FlexStep {
            start: TimeOfDay::from_hm(20, 0, "start").unwrap(),
            rate: Input::new(28.8, Unit::McgPerHour),
        },
    ];
    let mut request = RefillRequest::new(
        PumpModel::SynchromedIi40,
        Input::new(2.0, Unit::MgPerMl),
        Delivery::Steps((&steps[..]).into()),
    );
    request.lead_time = Some(Input::new(5.0, Unit::Day));
    let written = serde_json::to_value(&request).unwrap();
    assert_eq!(written["pump"], json!({"model": "synchromed_ii_40"}));
    assert_eq!(
        written["concentration"],
        json!({"value": 2.0, "unit": "mg/mL"})
    );
    assert_eq!(written["delivery"]["steps"][1]["start"], "20:00");
    assert_eq!(
        written["delivery"]["steps"][1]["rate"],
        json!({"value": 28.8, "unit": "mcg/h"})
    );
    assert_eq!(written["fill_volume"], Value::Null);
    let read: RefillRequest<'_> = serde_json::from_value(written).unwrap();
    assert_eq!(read, request);
}

#[test]
fn a_result_is_written_with_units_and_findings() {
    let request = RefillRequest::new(
        PumpModel::Prometra20,
        Input::new(2000.0, Unit::McgPerMl),
        Delivery::DailyDose(Input::new(500.0, Unit::McgPerDay)),
    );
    let plan = serde_json::to_value(refill_plan(&request).unwrap()).unwrap();
    // Prometra 20 mL, refill basis 3 mL: (20 − 3) / 0.25 = 68 days; in hours, the canonical
    // unit of a duration: 1,632 h.
    assert_eq!(plan["days_to_alarm"], json!({"value": 1632.0, "unit": "h"}));
    assert_eq!(plan["flow_rate"], json!({"value": 0.25, "unit": "mL/day"}));
    assert_eq!(plan["containers"][0]["product"], "itb_2000mcg_20ml");
    // Running 15 % fast it alarms after 17 / (0.25 × 1.15) = 59.13 days, before day 61, when
    // the refill is due: alarm_before_due first, then the pump's finding.
    let codes: Vec<&str> = plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["alarm_before_due", "pump_not_labelled_for_baclofen"]
    );
    let pump = &plan["findings"][1];
    assert_eq!(pump["severity"], "info");
    assert!(pump["message"].as_str().unwrap().contains("morphine"));
}

#[test]
fn reading_refuses_what_the_protocol_refuses() {
    let mut bad = serde_json::to_value(TitrateRequest::new(
        itb::profile::Profile::Uk,
        Input::new(200.0, Unit::McgPerDay),
        30.0,
        itb::profile::Origin::Spinal,
        itb::profile::Phase::Titration,
    ))
    .unwrap();
    assert_eq!(bad["profile"], "uk");
    assert_eq!(bad["origin"], "spinal");
    bad["current_daily_dose"]["unit"] = json!("furlongs");
    assert!(serde_json::from_value::<TitrateRequest>(bad.clone()).is_err());
    bad["current_daily_dose"]["unit"] = json!("micrograms per day"); // any spelling is read
    let read: TitrateRequest = serde_json::from_value(bad.clone()).unwrap();
    assert_eq!(read.current_daily_dose, Input::new(200.0, Unit::McgPerDay));
    bad["origin"] = json!("Spinal"); // ids are case-sensitive
    assert!(serde_json::from_value::<TitrateRequest>(bad).is_err());
}

#[test]
fn version_2_requests_round_trip_and_their_results_are_written() {
    use itb::patient::{RiskFactor, RiskFactors};
    use itb::pharmacokinetics::{Dosing, PkRequest, pk_profile};
    use itb::taper::{TaperRequest, taper_schedule};
    let times = vec![Input::new(0.0, Unit::Hour), Input::new(90.0, Unit::Minute)];
    let pk = PkRequest {
        dosing: Dosing::Bolus(Input::new(100.0, Unit::Microgram)),
        times: times.into(),
        half_life: None,
        clearance: None,
    };
    let written = serde_json::to_value(&pk).unwrap();
    assert_eq!(
        written["dosing"]["bolus"],
        json!({"value": 100.0, "unit": "mcg"})
    );
    let read: PkRequest<'_> = serde_json::from_value(written).unwrap();
    assert_eq!(read, pk);
    // 100 mcg into V = 30 × 1.51 / ln 2 = 65.35 mL; points in canonical units, in order.
    let profile = serde_json::to_value(pk_profile(&pk).unwrap()).unwrap();
    assert_eq!(profile["points"].as_array().unwrap().len(), 2);
    assert_eq!(profile["steady_state"], Value::Null); // a bolus has none
    let taper = TaperRequest {
        current_daily_dose: Input::new(300.0, Unit::McgPerDay),
        target_daily_dose: Input::new(0.0, Unit::McgPerDay),
        duration: Input::new(3.0, Unit::Day),
        interval: None,
    };
    let read: TaperRequest = serde_json::from_value(serde_json::to_value(taper).unwrap()).unwrap();
    assert_eq!(read, taper);
    let written = serde_json::to_value(taper_schedule(&taper).unwrap()).unwrap();
    // 300 → 200, 100, 0 mcg/day on days 1, 2, 3.
    assert_eq!(written["step_count"], 3);
    assert_eq!(
        written["steps"][2]["daily_dose"],
        json!({"value": 0.0, "unit": "mcg/day"})
    );
    let mut refill = RefillRequest::new(
        PumpModel::SynchromedIi20,
        Input::new(2000.0, Unit::McgPerMl),
        Delivery::DailyDose(Input::new(500.0, Unit::McgPerDay)),
    );
    refill.risk_factors = RiskFactors::NONE.with(RiskFactor::PriorWithdrawal).into();
    let mut written = serde_json::to_value(&refill).unwrap();
    assert_eq!(written["risk_factors"], json!(["prior_withdrawal"]));
    let read: RefillRequest<'_> = serde_json::from_value(written.clone()).unwrap();
    assert_eq!(read, refill);
    written["risk_factors"] = json!(["prior_withdrawal", "prior_withdrawal"]);
    assert!(serde_json::from_value::<RefillRequest<'_>>(written).is_err());
}
