//! Findings across the boundary: a fixed-capacity array in every result struct.

use std::ffi::{CStr, c_char};

use itb_core::units::Measure;
use itb_core::{Code, Finding, Findings, Severity};

use crate::quantity::{ItbQuantity, code_of, invalid_unit, unit_of};
use crate::status::{Failure, ItbStatus};
use crate::text::write_text;

/// The number of findings a result struct can hold. Part of the ABI (it sets the size of the
/// result structs); a result never holds more, because each finding code is raised at most once
/// per call and a compile-time check keeps the number of codes within it.
pub const ITB_FINDINGS_CAPACITY: usize = 32;

const _: () = assert!(
    Code::ALL.len() <= ITB_FINDINGS_CAPACITY,
    "more finding codes than ITB_FINDINGS_CAPACITY"
);

/// A label limit: the result is not allowed as it stands.
pub const ITB_SEVERITY_HARD: u32 = 1;
/// A guideline a clinician may override with a reason.
pub const ITB_SEVERITY_SOFT: u32 = 2;
/// Worth knowing.
pub const ITB_SEVERITY_INFO: u32 = 3;

/// `nonstandard_concentration` (info): not a labelled concentration (50, 500, 1000, 2000 mcg/mL).
pub const ITB_FINDING_NONSTANDARD_CONCENTRATION: u32 = 1;
/// `concentration_above_commercial` (soft): above 2000 mcg/mL, a compounded product.
pub const ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL: u32 = 2;
/// `daily_dose_above_1000` (soft): above 1000 mcg/day, limited clinical experience.
pub const ITB_FINDING_DAILY_DOSE_ABOVE_1000: u32 = 3;
/// `screening_dose_above_max` (hard): a screening bolus above 100 mcg.
pub const ITB_FINDING_SCREENING_DOSE_ABOVE_MAX: u32 = 4;
/// `screening_concentration` (soft): a screening solution other than 50 mcg/mL.
pub const ITB_FINDING_SCREENING_CONCENTRATION: u32 = 5;
/// `age_below_4_years` (US soft, UK hard): a patient under 4 years.
pub const ITB_FINDING_AGE_BELOW_4_YEARS: u32 = 6;
/// `step_above_guideline` (soft): an increase above the profile's largest step.
pub const ITB_FINDING_STEP_ABOVE_GUIDELINE: u32 = 7;
/// `sudden_escalation` (info): a substantial escalation in maintenance; check catheter and pump.
pub const ITB_FINDING_SUDDEN_ESCALATION: u32 = 8;
/// `decrease_above_guideline` (soft): a decrease of more than 20 %.
pub const ITB_FINDING_DECREASE_ABOVE_GUIDELINE: u32 = 9;
/// `increase_in_first_24h` (hard): an increase in the first 24 h of infusion.
pub const ITB_FINDING_INCREASE_IN_FIRST_24H: u32 = 10;
/// `adjustment_too_soon` (soft): a change sooner than the minimum interval.
pub const ITB_FINDING_ADJUSTMENT_TOO_SOON: u32 = 11;
/// `outside_maintenance_range` (soft): a maintenance dose outside its range.
pub const ITB_FINDING_OUTSIDE_MAINTENANCE_RANGE: u32 = 12;
/// `large_step_at_high_dose` (soft): above 20 % from a dose above the usual top.
pub const ITB_FINDING_LARGE_STEP_AT_HIGH_DOSE: u32 = 13;
/// `pump_not_labelled_for_baclofen` (info): a Prometra pump, whose US instructions are written for morphine.
pub const ITB_FINDING_PUMP_NOT_LABELLED_FOR_BACLOFEN: u32 = 14;
/// `refill_interval_capped_by_stability` (info): the refill date is set by the 180-day stability limit.
pub const ITB_FINDING_REFILL_INTERVAL_CAPPED_BY_STABILITY: u32 = 15;
/// `alarm_volume_below_recommended` (soft): a low-reservoir alarm below 2 mL.
pub const ITB_FINDING_ALARM_VOLUME_BELOW_RECOMMENDED: u32 = 16;
/// `refill_due_now` (hard): the refill is due now or overdue.
pub const ITB_FINDING_REFILL_DUE_NOW: u32 = 17;
/// `too_many_steps` (soft): more flex steps than the pump allows.
pub const ITB_FINDING_TOO_MANY_STEPS: u32 = 18;
/// `residual_discrepancy` (soft): aspirated and expected residual differ by more than the threshold.
pub const ITB_FINDING_RESIDUAL_DISCREPANCY: u32 = 19;
/// `over_delivery` (soft): delivery above the pump's accuracy.
pub const ITB_FINDING_OVER_DELIVERY: u32 = 20;
/// `under_delivery` (soft): delivery below the pump's accuracy.
pub const ITB_FINDING_UNDER_DELIVERY: u32 = 21;
/// `reservoir_expected_empty` (hard): at the programmed rate the reservoir should be empty.
pub const ITB_FINDING_RESERVOIR_EXPECTED_EMPTY: u32 = 22;

/// The C code and NUL-terminated name of a finding code. Exhaustive on purpose: a code added
/// to the core does not compile here until it has its C code.
fn code_parts(code: Code) -> (u32, &'static CStr) {
    match code {
        Code::NonstandardConcentration => (
            ITB_FINDING_NONSTANDARD_CONCENTRATION,
            c"nonstandard_concentration",
        ),
        Code::ConcentrationAboveCommercial => (
            ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL,
            c"concentration_above_commercial",
        ),
        Code::DailyDoseAbove1000 => (ITB_FINDING_DAILY_DOSE_ABOVE_1000, c"daily_dose_above_1000"),
        Code::ScreeningDoseAboveMax => (
            ITB_FINDING_SCREENING_DOSE_ABOVE_MAX,
            c"screening_dose_above_max",
        ),
        Code::ScreeningConcentration => (
            ITB_FINDING_SCREENING_CONCENTRATION,
            c"screening_concentration",
        ),
        Code::AgeBelow4Years => (ITB_FINDING_AGE_BELOW_4_YEARS, c"age_below_4_years"),
        Code::StepAboveGuideline => (ITB_FINDING_STEP_ABOVE_GUIDELINE, c"step_above_guideline"),
        Code::SuddenEscalation => (ITB_FINDING_SUDDEN_ESCALATION, c"sudden_escalation"),
        Code::DecreaseAboveGuideline => (
            ITB_FINDING_DECREASE_ABOVE_GUIDELINE,
            c"decrease_above_guideline",
        ),
        Code::IncreaseInFirst24h => (ITB_FINDING_INCREASE_IN_FIRST_24H, c"increase_in_first_24h"),
        Code::AdjustmentTooSoon => (ITB_FINDING_ADJUSTMENT_TOO_SOON, c"adjustment_too_soon"),
        Code::OutsideMaintenanceRange => (
            ITB_FINDING_OUTSIDE_MAINTENANCE_RANGE,
            c"outside_maintenance_range",
        ),
        Code::LargeStepAtHighDose => (
            ITB_FINDING_LARGE_STEP_AT_HIGH_DOSE,
            c"large_step_at_high_dose",
        ),
        Code::PumpNotLabelledForBaclofen => (
            ITB_FINDING_PUMP_NOT_LABELLED_FOR_BACLOFEN,
            c"pump_not_labelled_for_baclofen",
        ),
        Code::RefillIntervalCappedByStability => (
            ITB_FINDING_REFILL_INTERVAL_CAPPED_BY_STABILITY,
            c"refill_interval_capped_by_stability",
        ),
        Code::AlarmVolumeBelowRecommended => (
            ITB_FINDING_ALARM_VOLUME_BELOW_RECOMMENDED,
            c"alarm_volume_below_recommended",
        ),
        Code::RefillDueNow => (ITB_FINDING_REFILL_DUE_NOW, c"refill_due_now"),
        Code::TooManySteps => (ITB_FINDING_TOO_MANY_STEPS, c"too_many_steps"),
        Code::ResidualDiscrepancy => (ITB_FINDING_RESIDUAL_DISCREPANCY, c"residual_discrepancy"),
        Code::OverDelivery => (ITB_FINDING_OVER_DELIVERY, c"over_delivery"),
        Code::UnderDelivery => (ITB_FINDING_UNDER_DELIVERY, c"under_delivery"),
        Code::ReservoirExpectedEmpty => (
            ITB_FINDING_RESERVOIR_EXPECTED_EMPTY,
            c"reservoir_expected_empty",
        ),
    }
}

fn severity_code(severity: Severity) -> u32 {
    match severity {
        Severity::Hard => ITB_SEVERITY_HARD,
        Severity::Soft => ITB_SEVERITY_SOFT,
        Severity::Info => ITB_SEVERITY_INFO,
    }
}

/// The sources the core cites, NUL-terminated: of every finding, and of the initial-dose rule.
/// The core's are Rust strings without a NUL, and the library hands out only static strings, so
/// each needs its C twin here. A test raises every finding code under every profile, origin,
/// phase and pump, and checks that the sources raised are exactly these.
const SOURCES: [&CStr; 26] = [
    c"002 Description; [GAB-LABEL]",
    c"[MOBERG]",
    c"001 Dosage/Dose-Titration Phase",
    c"001 Dosage/Screening Phase (Test Dose); [DRUGS-DOSE]",
    c"001 Additional Dosage Information/Screening Phase; [DRUGS-DOSE]",
    c"000 Special Patient Groups/Pediatric Use",
    c"001 Contraindications",
    c"[SKY-NURSE]; [SAULINO-DOSE]",
    c"[SUMMARY-IT]; [SKY-NURSE]",
    c"001 Administration/Delivery regimen",
    c"001 Administration/Delivery regimen; 002 Warnings",
    c"001 Administration/Delivery regimen; [SKY-NURSE]",
    c"001 Dosage/Dose-Titration Phase; [SKY-NURSE]",
    c"[SAULINO-DOSE]",
    c"001 Dosage/Maintenance",
    c"[MEDSCAPE-ITB]; [GAB-MPR]",
    c"001 Dosage/Children aged 4 to 18 years/Maintenance",
    c"[PROM-II]",
    c"[STAB-2023]",
    c"[RESID-2004]",
    c"002 Boxed Warning; [MDT-PT]",
    c"[MDT-UK]",
    c"[ASRA-2017]",
    c"[MDT-FSN14]",
    c"[MDT-FSN14]; [SGOUROS]",
    c"[MDT-FSN16]",
];

pub(crate) fn source_of(source: &str) -> Result<&'static CStr, Failure> {
    match SOURCES.iter().find(|s| s.to_bytes() == source.as_bytes()) {
        Some(s) => Ok(s),
        None => Err(Failure::new(
            ItbStatus::Internal,
            "",
            format!("finding source {source:?} is not known to this version of the C binding"),
        )),
    }
}

/// One finding: the result was computed and crosses a clinical limit.
///
/// The strings are static (never freed). `itb_finding_message` formats the message a clinician
/// reads, from `code`, `subject` and `limit`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbFinding {
    /// An `ITB_FINDING_*` code.
    pub code: u32,
    /// `ITB_SEVERITY_HARD`, `ITB_SEVERITY_SOFT` or `ITB_SEVERITY_INFO`.
    pub severity: u32,
    /// The protocol's snake_case code (`"daily_dose_above_1000"`).
    pub code_name: *const c_char,
    /// The seed file and section, or the reference tag, of the rule (`"[MOBERG]"`).
    pub source: *const c_char,
    /// The value that raised the finding, in its clinical unit (`1500 mcg/day`).
    pub subject: ItbQuantity,
    /// The limit it crossed (`30 %`, `24 h`), or unit 0 when the finding names none.
    pub limit: ItbQuantity,
}

impl ItbFinding {
    /// An unused slot: code 0, empty strings, no subject.
    const EMPTY: ItbFinding = ItbFinding {
        code: 0,
        severity: 0,
        code_name: c"".as_ptr(),
        source: c"".as_ptr(),
        subject: ItbQuantity {
            value: 0.0,
            unit: 0,
        },
        limit: ItbQuantity {
            value: 0.0,
            unit: 0,
        },
    };

    fn of(f: &Finding) -> Result<ItbFinding, Failure> {
        let (code, code_name) = code_parts(f.code);
        Ok(ItbFinding {
            code,
            severity: severity_code(f.severity),
            code_name: code_name.as_ptr(),
            source: source_of(f.source)?.as_ptr(),
            subject: ItbQuantity {
                value: f.subject.value,
                unit: code_of(f.subject.unit)?,
            },
            limit: match f.limit {
                Some(l) => ItbQuantity {
                    value: l.value,
                    unit: code_of(l.unit)?,
                },
                None => ItbQuantity {
                    value: 0.0,
                    unit: 0,
                },
            },
        })
    }
}

/// The findings part of a result struct: the array (unused slots empty), its length, and
/// whether the result is allowed (no hard finding).
pub(crate) struct CFindings {
    pub items: [ItbFinding; ITB_FINDINGS_CAPACITY],
    pub len: usize,
    pub allowed: bool,
}

impl CFindings {
    pub(crate) fn of(findings: &Findings) -> Result<CFindings, Failure> {
        if findings.len() > ITB_FINDINGS_CAPACITY {
            // Cannot happen while each code is raised once (see the assertion above); if it
            // ever did, a truncated list would hide a finding, so refuse instead.
            let message = format!(
                "{} findings; the C result holds {ITB_FINDINGS_CAPACITY}",
                findings.len()
            );
            return Err(Failure::new(ItbStatus::Internal, "", message));
        }
        let mut items = [ItbFinding::EMPTY; ITB_FINDINGS_CAPACITY];
        for (slot, f) in items.iter_mut().zip(findings.iter()) {
            *slot = ItbFinding::of(f)?;
        }
        Ok(CFindings {
            items,
            len: findings.len(),
            allowed: findings.allowed(),
        })
    }
}

/// Writes the message of a finding, the one the request protocol gives (`"1,500 mcg/day is
/// above 1,000 mcg/day: ..."`), into the caller's buffer as a NUL-terminated string.
///
/// Buffers follow the library's convention: `*written` receives the size of the message with
/// its NUL; when `out_len` is smaller, nothing is written to `out` and the call returns
/// `ITB_STATUS_BUFFER_TOO_SMALL` (pass `out = NULL, out_len = 0` to ask for the size).
/// An unknown `code` is `ITB_STATUS_INVALID_ARGUMENT`, an unknown subject unit
/// `ITB_STATUS_INVALID_UNIT`.
///
/// # Safety
/// `finding` is NULL or points at a readable `ItbFinding`; `written` is NULL or valid for a
/// write; `out` is NULL (then `out_len` must be 0) or valid for writes of `out_len` bytes.
#[unsafe(no_mangle)]
#[must_use = "the status says whether the message was written"]
pub unsafe extern "C" fn itb_finding_message(
    finding: *const ItbFinding,
    out: *mut c_char,
    out_len: usize,
    written: *mut usize,
) -> ItbStatus {
    ffi_panic_boundary!(std::ptr::null_mut(), {
        let finding = try_ref!(finding, "finding");
        let written = try_out!(written, "written");
        let Some(code) = Code::ALL
            .into_iter()
            .find(|c| code_parts(*c).0 == finding.code)
        else {
            let codes: Vec<String> = Code::ALL
                .iter()
                .map(|c| code_parts(*c).0.to_string())
                .collect();
            let message = format!(
                "finding.code: {} is not an ITB_FINDING_* code; allowed: {}",
                finding.code,
                codes.join(", ")
            );
            return Err(Failure::new(
                ItbStatus::InvalidArgument,
                "finding.code",
                message,
            ));
        };
        let unit = unit_of(finding.subject.unit)
            .ok_or_else(|| invalid_unit("finding.subject.unit", finding.subject.unit, None))?;
        // The message depends on the code, subject and limit; severity and source are not read.
        let mut core = Finding::new(
            code,
            Severity::Info,
            "",
            Measure::new(finding.subject.value, unit),
        );
        if finding.limit.unit != 0 {
            let limit_unit = unit_of(finding.limit.unit)
                .ok_or_else(|| invalid_unit("finding.limit.unit", finding.limit.unit, None))?;
            core = core.with_limit(Measure::new(finding.limit.value, limit_unit));
        }
        // SAFETY: the caller's contract on `out`, `out_len` and `written` is `write_text`'s.
        unsafe { write_text(&core.message().to_string(), out, out_len, written) }
    })
}

#[cfg(test)]
mod tests {
    use itb_core::dilution::dilution;
    use itb_core::profile::{Origin, Phase, Profile};
    use itb_core::schedule::daily_volume;
    use itb_core::screening::screening_plan;
    use itb_core::titration::{DoseChange, initial_daily_dose, titrate};
    use itb_core::units::{
        ClinicalQuantity, Concentration, DoseRate, Duration, Mass, Ratio, Unit, Volume,
    };

    use super::*;

    /// A finding and the profile it was raised under (`None`: an operation without one).
    struct Raised {
        profile: Option<Profile>,
        finding: Finding,
    }

    fn raised(profile: Option<Profile>, findings: &Findings) -> impl Iterator<Item = Raised> {
        findings.iter().map(move |f| Raised {
            profile,
            finding: *f,
        })
    }

    fn dose(mcg_per_day: f64) -> DoseRate {
        DoseRate::from_unit(mcg_per_day, Unit::McgPerDay).unwrap()
    }

    fn conc(mcg_per_ml: f64) -> Concentration {
        Concentration::from_unit(mcg_per_ml, Unit::McgPerMl).unwrap()
    }

    fn mcg(v: f64) -> Mass {
        Mass::from_unit(v, Unit::Microgram).unwrap()
    }

    fn hours(h: f64) -> Duration {
        Duration::from_unit(h, Unit::Hour).unwrap()
    }

    /// Every operation that raises findings, over every profile, origin, phase and pump, with
    /// inputs chosen to cross each limit: the sources of every variant of every rule.
    fn raised_everywhere() -> Vec<Raised> {
        // 1500 mcg/day at 3000 mcg/mL: nonstandard, above commercial, above 1000 mcg/day.
        let dv = daily_volume(dose(1500.0), conc(3000.0)).unwrap();
        let ml = Volume::from_unit(20.0, Unit::Milliliter).unwrap();
        let d = dilution(conc(3000.0), conc(400.0), ml).unwrap();
        let mut all: Vec<Raised> = raised(None, &dv.findings)
            .chain(raised(None, &d.findings))
            .collect();
        let years = |y: f64| Duration::from_unit(y, Unit::Year);
        for profile in Profile::ALL {
            // 110 mcg at 500 mcg/mL, age 3: above the 100 mcg maximum, not the screening
            // solution, under 4.
            let plan = screening_plan(profile, years(3.0), mcg(110.0), conc(500.0)).unwrap();
            all.extend(raised(Some(profile), &plan.findings));
            let initial = initial_daily_dose(profile, mcg(110.0), hours(10.0)).unwrap();
            all.extend(raised(Some(profile), &initial.findings));
            for change in dose_changes(profile) {
                all.extend(raised(Some(profile), &titrate(&change).unwrap().findings));
            }
        }
        all.extend(refill_findings());
        all.extend(schedule_and_fill_findings());
        all
    }

    /// The other operations of the refill visit that raise findings: a flex schedule and a
    /// night boost above 1000 mcg/day, a constant-flow fill above the commercial 2000 mcg/mL.
    fn schedule_and_fill_findings() -> Vec<Raised> {
        use itb_core::dilution::constant_flow_fill;
        use itb_core::schedule::{FlexStep, TimeOfDay, flex_daily_dose, night_boost};
        use itb_core::units::FlowRate;
        let at = |t| TimeOfDay::parse(t, "start").unwrap();
        let per_h = |v| DoseRate::from_unit(v, Unit::McgPerHour).unwrap();
        let steps = [FlexStep {
            start: at("08:00"),
            rate: per_h(50.0),
        }];
        let flex = flex_daily_dose(&steps).unwrap();
        let boost = Ratio::from_unit(20.0, Unit::Percent).unwrap();
        let nb = night_boost(dose(1200.0), boost, at("22:00"), at("06:00"), hours(2.0)).unwrap();
        let ml = |v| Volume::from_unit(v, Unit::Milliliter).unwrap();
        let flow = FlowRate::from_unit(0.5, Unit::MlPerDay).unwrap();
        let fill = constant_flow_fill(ml(30.0), flow, dose(1200.0), conc(4000.0), ml(0.0)).unwrap();
        raised(None, &flex.findings)
            .chain(raised(None, &nb.findings))
            .chain(raised(None, &fill.findings))
            .collect()
    }

    /// Refill plans and reconciliations crossing every refill limit: a Prometra pump at
    /// 1 mL alarm, 14 flex steps on a SynchroMed, a plan capped at 180 days, one due now; an
    /// overinfusing, an underinfusing and an emptied pump.
    fn refill_findings() -> Vec<Raised> {
        use itb_core::pump;
        use itb_core::refill::{ReconcileRequest, RefillRequest, reconcile, refill_plan};
        let ml = |v: f64| Volume::from_unit(v, Unit::Milliliter).unwrap();
        let days = |v: f64| Duration::from_unit(v, Unit::Day).unwrap();
        let mut all = Vec::new();
        for (id, dose_mcg, steps, alarm_ml) in [
            ("prometra_ii_40", 100.0, 1, 1.0),
            ("synchromed_ii_20", 500.0, 14, 2.0),
            ("synchromed_ii_20", 10_000.0, 1, 2.0),
        ] {
            let p = pump::model(id).unwrap();
            let plan = refill_plan(&RefillRequest {
                pump: p,
                concentration: conc(2000.0),
                daily_dose: dose(dose_mcg),
                steps,
                fill_volume: p.reservoir,
                alarm_volume: ml(alarm_ml),
                max_residence: days(180.0),
                lead_time: days(7.0),
            })
            .unwrap();
            all.extend(raised(None, &plan.findings));
        }
        let flow = |v: f64| itb_core::units::FlowRate::from_unit(v, Unit::MlPerDay).unwrap();
        for (aspirated, elapsed) in [(1.0, 60.0), (15.0, 30.0), (1.0, 100.0)] {
            let r = reconcile(&ReconcileRequest {
                fill_volume: ml(20.0),
                elapsed: days(elapsed),
                flow_rate: flow(0.25),
                aspirated_volume: ml(aspirated),
                threshold: ml(2.0),
                pump: pump::model("prometra_ii_20"),
            })
            .unwrap();
            all.extend(raised(None, &r.findings));
        }
        all
    }

    /// 12 h after the last change, 10 h after the start (both too soon), for every origin,
    /// phase, pump and age group (adult, under 4, under 12, under 18), from 10 mcg/day + 1 %
    /// (below every maintenance range), 900 mcg/day + 45 % (above every step and the usual
    /// tops; 1305 mcg/day is above 1000 and the children's ranges), 900 − 25 % (a decrease
    /// above 20 %) and 1500 + 45 % (2175 mcg/day, above the adults' ranges).
    fn dose_changes(profile: Profile) -> Vec<DoseChange> {
        let mut changes = Vec::new();
        for origin in Origin::ALL {
            for phase in Phase::ALL {
                for pump_programmable in [true, false] {
                    for age in [None, Some(3.0), Some(10.0), Some(15.0)] {
                        for (current, pct) in
                            [(10.0, 1.0), (900.0, 45.0), (900.0, -25.0), (1500.0, 45.0)]
                        {
                            changes.push(DoseChange {
                                profile,
                                current_daily_dose: dose(current),
                                change: Ratio::from_unit(pct, Unit::Percent).unwrap(),
                                origin,
                                phase,
                                age: age.and_then(|y| Duration::from_unit(y, Unit::Year)),
                                pump_programmable,
                                since_last_change: Some(hours(12.0)),
                                since_start: Some(hours(10.0)),
                            });
                        }
                    }
                }
            }
        }
        changes
    }

    /// The sources of the initial-dose rule: both rules under every profile (6 h and 14 h).
    fn rule_sources() -> Vec<&'static str> {
        let mut sources = Vec::new();
        for profile in Profile::ALL {
            for effect in [6.0, 14.0] {
                sources.push(
                    initial_daily_dose(profile, mcg(50.0), hours(effect))
                        .unwrap()
                        .source,
                );
            }
        }
        sources
    }

    /// Every source the profile parameters cite, over every profile, origin, phase and pump.
    fn parameter_sources() -> Vec<&'static str> {
        let mut sources = Vec::new();
        for p in Profile::ALL {
            sources.extend([
                p.prolonged_response_hours().1,
                p.under_four().1,
                p.child_maintenance_mcg_per_day().1,
            ]);
            sources.extend([true, false].map(|programmable| p.min_interval_hours(programmable).1));
            for o in Origin::ALL {
                sources.push(o.adult_maintenance_mcg_per_day().1);
                sources.extend(Phase::ALL.map(|phase| p.max_increase_percent(o, phase).1));
            }
        }
        sources
    }

    #[test]
    fn every_finding_code_converts_with_its_static_strings() {
        let raised = raised_everywhere();
        for r in &raised {
            let f = &r.finding;
            let c = ItbFinding::of(f).unwrap();
            // SAFETY: ItbFinding::of stores static NUL-terminated strings.
            let (name, source) = unsafe { (CStr::from_ptr(c.code_name), CStr::from_ptr(c.source)) };
            assert_eq!(name.to_str().unwrap(), f.code.as_str());
            assert_eq!(source.to_str().unwrap(), f.source);
        }
        for code in Code::ALL {
            let profiles: Vec<Option<Profile>> = raised
                .iter()
                .filter(|r| r.finding.code == code)
                .map(|r| r.profile)
                .collect();
            assert!(!profiles.is_empty(), "{code:?} not raised");
            // A rule raised under one profile is raised under each: every variant is seen.
            if profiles.iter().any(Option::is_some) {
                for p in Profile::ALL {
                    assert!(
                        profiles.contains(&Some(p)),
                        "{code:?} not raised under {p:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_sources_listed_are_exactly_those_the_core_cites() {
        let mut cited: Vec<&str> = raised_everywhere()
            .iter()
            .map(|r| r.finding.source)
            .collect();
        cited.extend(rule_sources());
        for source in parameter_sources() {
            // A profile parameter whose source no input above raised would go unchecked.
            assert!(cited.contains(&source), "{source:?} cited but never raised");
        }
        cited.sort_unstable();
        cited.dedup();
        let mut listed: Vec<&str> = SOURCES.iter().map(|s| s.to_str().unwrap()).collect();
        listed.sort_unstable();
        assert_eq!(listed, cited);
    }

    #[test]
    fn codes_and_severities_are_fixed() {
        // By hand: the ABI numbers.
        assert_eq!(code_parts(Code::NonstandardConcentration).0, 1);
        assert_eq!(code_parts(Code::ConcentrationAboveCommercial).0, 2);
        assert_eq!(code_parts(Code::DailyDoseAbove1000).0, 3);
        assert_eq!(
            [Severity::Hard, Severity::Soft, Severity::Info].map(severity_code),
            [1, 2, 3]
        );
    }

    #[test]
    fn an_unknown_source_is_an_internal_failure_not_a_made_up_string() {
        assert_eq!(
            source_of("no such section").unwrap_err().status,
            ItbStatus::Internal
        );
    }

    fn message_of(f: &ItbFinding) -> (ItbStatus, String) {
        let mut buf = [0 as c_char; 512];
        let mut written = 0usize;
        // SAFETY: all pointers are valid; the buffer is 512 bytes.
        let status = unsafe { itb_finding_message(f, buf.as_mut_ptr(), buf.len(), &mut written) };
        // SAFETY: the buffer is NUL-filled beyond whatever the library wrote.
        let text = unsafe { CStr::from_ptr(buf.as_ptr()) }
            .to_str()
            .unwrap()
            .to_owned();
        (status, text)
    }

    #[test]
    fn message_is_the_protocol_message() {
        for f in raised_everywhere().iter().map(|r| r.finding) {
            let (status, text) = message_of(&ItbFinding::of(&f).unwrap());
            assert_eq!(status, ItbStatus::Ok);
            assert_eq!(text, f.message().to_string());
        }
    }

    #[test]
    fn message_refuses_unknown_codes_units_and_null() {
        let good = ItbFinding::of(&raised_everywhere()[0].finding).unwrap();
        assert_eq!(
            message_of(&ItbFinding { code: 0, ..good }).0,
            ItbStatus::InvalidArgument
        );
        assert_eq!(
            message_of(&ItbFinding { code: 9999, ..good }).0,
            ItbStatus::InvalidArgument
        );
        let bad_unit = ItbFinding {
            subject: ItbQuantity {
                value: 1.0,
                unit: 7,
            },
            ..good
        };
        assert_eq!(message_of(&bad_unit).0, ItbStatus::InvalidUnit);
        let mut written = 0usize;
        // SAFETY: NULL pointers are allowed and refused.
        let status =
            unsafe { itb_finding_message(std::ptr::null(), std::ptr::null_mut(), 0, &mut written) };
        assert_eq!(status, ItbStatus::NullPointer);
        // SAFETY: as above.
        let status =
            unsafe { itb_finding_message(&good, std::ptr::null_mut(), 0, std::ptr::null_mut()) };
        assert_eq!(status, ItbStatus::NullPointer);
    }
}
