//! Findings across the boundary: a fixed-capacity array in every result struct.

use std::ffi::c_char;

use itb::finding::Source;
use itb::units::Measure;
use itb::{Code, Finding, Findings, Severity};

use crate::quantity::{ItbQuantity, code_of, invalid_unit, unit_of};
use crate::status::{Failure, ItbStatus};
use crate::text::write_text;

/// The number of findings a result struct can hold. Part of the ABI (it sets the size of the
/// result structs); a result never holds more, because a core result holds at most
/// `Findings::CAPACITY` (12) findings, and a compile-time check keeps that within it.
pub const ITB_FINDINGS_CAPACITY: usize = 32;

const _: () = assert!(
    itb::Findings::CAPACITY <= ITB_FINDINGS_CAPACITY,
    "a core result can hold more findings than ITB_FINDINGS_CAPACITY"
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
/// `screening_strength_in_pump` (soft): the 50 mcg/mL screening strength in a pump; it is meant
/// for single test boluses.
pub const ITB_FINDING_SCREENING_STRENGTH_IN_PUMP: u32 = 23;
/// `screening_start_dose` (soft): a first screening bolus other than 25 or 50 mcg.
pub const ITB_FINDING_SCREENING_START_DOSE: u32 = 24;
/// `screening_interval_too_short` (hard): a screening bolus less than 24 h after the previous one.
pub const ITB_FINDING_SCREENING_INTERVAL_TOO_SHORT: u32 = 25;
/// `alarm_before_due` (info): a pump running fast at the edge of its accuracy alarms before the
/// refill is due.
pub const ITB_FINDING_ALARM_BEFORE_DUE: u32 = 26;
/// `monitor_after_change` (info): close monitoring follows every change of the dosing rate or
/// the concentration.
pub const ITB_FINDING_MONITOR_AFTER_CHANGE: u32 = 27;
/// `withdrawal_risk` (soft): a withdrawal risk factor (`ITB_RISK_*`); keep refills on time and
/// teach the early signs.
pub const ITB_FINDING_WITHDRAWAL_RISK: u32 = 28;
/// `concentration_mismatch` (hard): the pump is programmed for another concentration than the
/// one in its reservoir.
pub const ITB_FINDING_CONCENTRATION_MISMATCH: u32 = 29;
/// `taper_faster_than_label` (soft): a taper shorter than the 2 to 4 weeks of the label.
pub const ITB_FINDING_TAPER_FASTER_THAN_LABEL: u32 = 30;
/// `resume_at_initial_dose` (info): after a taper to zero, baclofen is resumed at the initial
/// infusion dose, in hospital.
pub const ITB_FINDING_RESUME_AT_INITIAL_DOSE: u32 = 31;
/// `model_estimate` (info): a model estimate from a few patients' mean parameters, never a
/// dosing rule.
pub const ITB_FINDING_MODEL_ESTIMATE: u32 = 32;
/// `overdose_signs` (hard): observed signs of overdose; seek medical help at once.
pub const ITB_FINDING_OVERDOSE_SIGNS: u32 = 33;
/// `withdrawal_signs` (hard): observed signs of withdrawal; seek medical help at once and
/// restore intrathecal delivery.
pub const ITB_FINDING_WITHDRAWAL_SIGNS: u32 = 34;
/// `pump_problem_signs` (soft): observed signs of a pump or catheter problem.
pub const ITB_FINDING_PUMP_PROBLEM_SIGNS: u32 = 35;
/// `signs_overlap` (info): the signs fit both overdose and withdrawal, and overdose can mimic
/// withdrawal.
pub const ITB_FINDING_SIGNS_OVERLAP: u32 = 36;
/// `major_interaction` (soft): a medication with a major interaction (CNS and respiratory
/// depression, or hypotonia).
pub const ITB_FINDING_MAJOR_INTERACTION: u32 = 37;
/// `moderate_interaction` (info): a medication with a moderate interaction (alcohol,
/// antihypertensives, other intrathecal agents).
pub const ITB_FINDING_MODERATE_INTERACTION: u32 = 38;
/// `unrecognised_medication` (info): medication names the lexicon does not know, so not checked.
pub const ITB_FINDING_UNRECOGNISED_MEDICATION: u32 = 39;
/// `elderly` (info): a patient of 65 or older.
pub const ITB_FINDING_ELDERLY: u32 = 40;
/// `pregnancy` (soft): a pregnant patient.
pub const ITB_FINDING_PREGNANCY: u32 = 41;
/// `breastfeeding` (info): a breastfeeding patient.
pub const ITB_FINDING_BREASTFEEDING: u32 = 42;
/// `infection` (soft): a current infection; infection-free before screening and implantation.
pub const ITB_FINDING_INFECTION: u32 = 43;
/// `head_injury_under_1_year` (soft): less than a year since a head injury.
pub const ITB_FINDING_HEAD_INJURY_UNDER_1_YEAR: u32 = 44;
/// `route_not_intrathecal` (hard): a route other than intrathecal; intrathecal baclofen is for
/// intrathecal use only.
pub const ITB_FINDING_ROUTE_NOT_INTRATHECAL: u32 = 45;
/// `daily_dose_below_label_range` (soft): a daily dose below 12 mcg/day, the lowest maintenance
/// dose of any label range.
pub const ITB_FINDING_DAILY_DOSE_BELOW_LABEL_RANGE: u32 = 46;
/// `reservoir_empty_within_a_day` (hard): a flow that empties the full reservoir in less than a
/// day (a concentration or unit error).
pub const ITB_FINDING_RESERVOIR_EMPTY_WITHIN_A_DAY: u32 = 47;

/// Every finding code with its `ITB_FINDING_*` number (the names are the core's:
/// `Code::as_c_str`).
const CODES: [(Code, u32); 47] = [
    (
        Code::NonstandardConcentration,
        ITB_FINDING_NONSTANDARD_CONCENTRATION,
    ),
    (
        Code::ConcentrationAboveCommercial,
        ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL,
    ),
    (Code::DailyDoseAbove1000, ITB_FINDING_DAILY_DOSE_ABOVE_1000),
    (
        Code::ScreeningDoseAboveMax,
        ITB_FINDING_SCREENING_DOSE_ABOVE_MAX,
    ),
    (
        Code::ScreeningConcentration,
        ITB_FINDING_SCREENING_CONCENTRATION,
    ),
    (Code::AgeBelow4Years, ITB_FINDING_AGE_BELOW_4_YEARS),
    (Code::StepAboveGuideline, ITB_FINDING_STEP_ABOVE_GUIDELINE),
    (Code::SuddenEscalation, ITB_FINDING_SUDDEN_ESCALATION),
    (
        Code::DecreaseAboveGuideline,
        ITB_FINDING_DECREASE_ABOVE_GUIDELINE,
    ),
    (Code::IncreaseInFirst24h, ITB_FINDING_INCREASE_IN_FIRST_24H),
    (Code::AdjustmentTooSoon, ITB_FINDING_ADJUSTMENT_TOO_SOON),
    (
        Code::OutsideMaintenanceRange,
        ITB_FINDING_OUTSIDE_MAINTENANCE_RANGE,
    ),
    (
        Code::LargeStepAtHighDose,
        ITB_FINDING_LARGE_STEP_AT_HIGH_DOSE,
    ),
    (
        Code::PumpNotLabelledForBaclofen,
        ITB_FINDING_PUMP_NOT_LABELLED_FOR_BACLOFEN,
    ),
    (
        Code::RefillIntervalCappedByStability,
        ITB_FINDING_REFILL_INTERVAL_CAPPED_BY_STABILITY,
    ),
    (
        Code::AlarmVolumeBelowRecommended,
        ITB_FINDING_ALARM_VOLUME_BELOW_RECOMMENDED,
    ),
    (Code::RefillDueNow, ITB_FINDING_REFILL_DUE_NOW),
    (Code::TooManySteps, ITB_FINDING_TOO_MANY_STEPS),
    (Code::ResidualDiscrepancy, ITB_FINDING_RESIDUAL_DISCREPANCY),
    (Code::OverDelivery, ITB_FINDING_OVER_DELIVERY),
    (Code::UnderDelivery, ITB_FINDING_UNDER_DELIVERY),
    (
        Code::ReservoirExpectedEmpty,
        ITB_FINDING_RESERVOIR_EXPECTED_EMPTY,
    ),
    (
        Code::ScreeningStrengthInPump,
        ITB_FINDING_SCREENING_STRENGTH_IN_PUMP,
    ),
    (Code::ScreeningStartDose, ITB_FINDING_SCREENING_START_DOSE),
    (
        Code::ScreeningIntervalTooShort,
        ITB_FINDING_SCREENING_INTERVAL_TOO_SHORT,
    ),
    (Code::AlarmBeforeDue, ITB_FINDING_ALARM_BEFORE_DUE),
    (Code::MonitorAfterChange, ITB_FINDING_MONITOR_AFTER_CHANGE),
    (Code::WithdrawalRisk, ITB_FINDING_WITHDRAWAL_RISK),
    (
        Code::ConcentrationMismatch,
        ITB_FINDING_CONCENTRATION_MISMATCH,
    ),
    (
        Code::TaperFasterThanLabel,
        ITB_FINDING_TAPER_FASTER_THAN_LABEL,
    ),
    (
        Code::ResumeAtInitialDose,
        ITB_FINDING_RESUME_AT_INITIAL_DOSE,
    ),
    (Code::ModelEstimate, ITB_FINDING_MODEL_ESTIMATE),
    (Code::OverdoseSigns, ITB_FINDING_OVERDOSE_SIGNS),
    (Code::WithdrawalSigns, ITB_FINDING_WITHDRAWAL_SIGNS),
    (Code::PumpProblemSigns, ITB_FINDING_PUMP_PROBLEM_SIGNS),
    (Code::SignsOverlap, ITB_FINDING_SIGNS_OVERLAP),
    (Code::MajorInteraction, ITB_FINDING_MAJOR_INTERACTION),
    (Code::ModerateInteraction, ITB_FINDING_MODERATE_INTERACTION),
    (
        Code::UnrecognisedMedication,
        ITB_FINDING_UNRECOGNISED_MEDICATION,
    ),
    (Code::Elderly, ITB_FINDING_ELDERLY),
    (Code::Pregnancy, ITB_FINDING_PREGNANCY),
    (Code::Breastfeeding, ITB_FINDING_BREASTFEEDING),
    (Code::Infection, ITB_FINDING_INFECTION),
    (
        Code::HeadInjuryUnder1Year,
        ITB_FINDING_HEAD_INJURY_UNDER_1_YEAR,
    ),
    (Code::RouteNotIntrathecal, ITB_FINDING_ROUTE_NOT_INTRATHECAL),
    (
        Code::DailyDoseBelowLabelRange,
        ITB_FINDING_DAILY_DOSE_BELOW_LABEL_RANGE,
    ),
    (
        Code::ReservoirEmptyWithinADay,
        ITB_FINDING_RESERVOIR_EMPTY_WITHIN_A_DAY,
    ),
];

/// The `ITB_FINDING_*` number of a core code, or `ITB_STATUS_INTERNAL` for a code added to
/// the core but not here (never a made-up number).
fn code_number(code: Code) -> Result<u32, Failure> {
    match CODES.iter().find(|(c, _)| *c == code) {
        Some((_, n)) => Ok(*n),
        None => {
            let message = format!("finding {code:?} has no ITB_FINDING_* code in this binding");
            Err(Failure::new(ItbStatus::Internal, "", message))
        }
    }
}

/// The `ITB_SEVERITY_*` number of a severity.
fn severity_code(severity: Severity) -> u32 {
    match severity {
        Severity::Hard => ITB_SEVERITY_HARD,
        Severity::Soft => ITB_SEVERITY_SOFT,
        Severity::Info => ITB_SEVERITY_INFO,
    }
}

/// One finding: the result was computed and crosses a clinical limit.
///
/// The strings are static (never freed). `itb_finding_message` formats the message a clinician
/// reads, from `code`, `subject`, `limit` and `withdrawal_signs`.
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
    /// True when the message names the early signs of withdrawal: a late refill
    /// (`ITB_FINDING_REFILL_DUE_NOW`) or an empty reservoir
    /// (`ITB_FINDING_RESERVOIR_EXPECTED_EMPTY`) of a patient with a withdrawal risk factor
    /// (`ITB_RISK_*`). `itb_finding_message` reads it.
    pub withdrawal_signs: bool,
}

impl ItbFinding {
    /// An unused slot: code 0, empty strings, no subject.
    pub(crate) const EMPTY: ItbFinding = ItbFinding {
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
        withdrawal_signs: false,
    };

    fn of(f: &Finding) -> Result<ItbFinding, Failure> {
        Ok(ItbFinding {
            code: code_number(f.code)?,
            severity: severity_code(f.severity),
            code_name: f.code.as_c_str().as_ptr(),
            source: f.source.as_c_str().as_ptr(),
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
            withdrawal_signs: f.withdrawal_signs,
        })
    }
}

/// The findings of a result, checked: they fit and each converts. `write_to` then writes them
/// straight into the caller's result struct, unused slots empty, without building the array
/// (a result struct holds `ITB_FINDINGS_CAPACITY` findings: building and copying it costs more
/// than many of the computations).
pub(crate) struct CFindings<'a> {
    findings: &'a Findings,
    /// The number of findings.
    pub len: usize,
    /// No hard finding.
    pub allowed: bool,
}

impl<'a> CFindings<'a> {
    pub(crate) fn of(findings: &'a Findings) -> Result<CFindings<'a>, Failure> {
        if findings.len() > ITB_FINDINGS_CAPACITY {
            let message = format!(
                "{} findings; the C result holds {ITB_FINDINGS_CAPACITY}",
                findings.len()
            );
            return Err(Failure::new(ItbStatus::Internal, "", message));
        }
        for f in findings.iter() {
            ItbFinding::of(f)?;
        }
        Ok(CFindings {
            findings,
            len: findings.len(),
            allowed: findings.allowed(),
        })
    }

    /// Writes every slot of `items`: the findings, then empty slots.
    ///
    /// # Safety
    /// `items` is valid for writes of `ITB_FINDINGS_CAPACITY` findings.
    pub(crate) unsafe fn write_to(&self, items: *mut [ItbFinding; ITB_FINDINGS_CAPACITY]) {
        let items = items.cast::<ItbFinding>();
        let mut i = 0;
        for f in self.findings.iter() {
            // Checked in `of`: the conversion cannot fail.
            let item = ItbFinding::of(f).unwrap_or(ItbFinding::EMPTY);
            // SAFETY: i < len <= ITB_FINDINGS_CAPACITY, within `items` by the contract.
            unsafe { items.add(i).write(item) };
            i += 1;
        }
        while i < ITB_FINDINGS_CAPACITY {
            // SAFETY: as above.
            unsafe { items.add(i).write(ItbFinding::EMPTY) };
            i += 1;
        }
    }
}

/// Writes the message of a finding, the one the request protocol gives (`"1,500 mcg/day is
/// above 1,000 mcg/day: ..."`), into the caller's buffer as a NUL-terminated string. It is
/// formatted from `code`, `subject`, `limit` and `withdrawal_signs`.
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
        let Some((code, _)) = CODES.iter().find(|(_, n)| *n == finding.code) else {
            let codes: Vec<String> = CODES.iter().map(|(_, n)| n.to_string()).collect();
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
        // The message depends on the code, subject, limit and withdrawal signs; severity and
        // source are not read.
        let mut core = Finding::new(
            *code,
            Severity::Info,
            Source(&c""),
            Measure::new(finding.subject.value, unit),
        );
        if finding.limit.unit != 0 {
            let limit_unit = unit_of(finding.limit.unit)
                .ok_or_else(|| invalid_unit("finding.limit.unit", finding.limit.unit, None))?;
            core = core.with_limit(Measure::new(finding.limit.value, limit_unit));
        }
        if finding.withdrawal_signs {
            core = core.with_withdrawal_signs();
        }
        // SAFETY: the caller's contract on `out`, `out_len` and `written` is `write_text`'s.
        unsafe { write_text(&core.message().to_string(), out, out_len, written) }
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use itb::units::Unit;

    use super::*;

    fn finding(code: Code) -> Finding {
        let source = Source(&c"[TEST]");
        Finding::new(
            code,
            Severity::Soft,
            source,
            Measure::new(1500.0, Unit::McgPerDay),
        )
        .with_limit(Measure::new(1000.0, Unit::McgPerDay))
    }

    #[test]
    fn every_core_code_has_its_number_and_the_core_strings() {
        assert_eq!(CODES.len(), Code::ALL.len());
        for code in Code::ALL {
            let c = ItbFinding::of(&finding(code)).unwrap();
            assert_eq!(c.code_name, code.as_c_str().as_ptr());
            // SAFETY: ItbFinding::of stores static NUL-terminated strings.
            assert_eq!(unsafe { CStr::from_ptr(c.source) }, c"[TEST]");
            assert_eq!(c.severity, ITB_SEVERITY_SOFT);
        }
    }

    #[test]
    fn codes_follow_the_cores_order_from_1() {
        for (i, code) in Code::ALL.into_iter().enumerate() {
            assert_eq!(code_number(code).unwrap() as usize, i + 1, "{code:?}");
        }
    }

    #[test]
    fn codes_and_severities_are_fixed() {
        // By hand: the ABI numbers.
        assert_eq!(code_number(Code::NonstandardConcentration).unwrap(), 1);
        assert_eq!(code_number(Code::ConcentrationAboveCommercial).unwrap(), 2);
        assert_eq!(code_number(Code::DailyDoseAbove1000).unwrap(), 3);
        assert_eq!(code_number(Code::ReservoirExpectedEmpty).unwrap(), 22);
        assert_eq!(code_number(Code::ScreeningStrengthInPump).unwrap(), 23);
        assert_eq!(code_number(Code::ScreeningStartDose).unwrap(), 24);
        assert_eq!(code_number(Code::ScreeningIntervalTooShort).unwrap(), 25);
        assert_eq!(code_number(Code::AlarmBeforeDue).unwrap(), 26);
        assert_eq!(code_number(Code::MonitorAfterChange).unwrap(), 27);
        assert_eq!(code_number(Code::WithdrawalRisk).unwrap(), 28);
        assert_eq!(code_number(Code::ConcentrationMismatch).unwrap(), 29);
        assert_eq!(code_number(Code::TaperFasterThanLabel).unwrap(), 30);
        assert_eq!(code_number(Code::ResumeAtInitialDose).unwrap(), 31);
        assert_eq!(code_number(Code::ModelEstimate).unwrap(), 32);
        assert_eq!(code_number(Code::OverdoseSigns).unwrap(), 33);
        assert_eq!(code_number(Code::WithdrawalSigns).unwrap(), 34);
        assert_eq!(code_number(Code::PumpProblemSigns).unwrap(), 35);
        assert_eq!(code_number(Code::SignsOverlap).unwrap(), 36);
        assert_eq!(code_number(Code::MajorInteraction).unwrap(), 37);
        assert_eq!(code_number(Code::ModerateInteraction).unwrap(), 38);
        assert_eq!(code_number(Code::UnrecognisedMedication).unwrap(), 39);
        assert_eq!(code_number(Code::Elderly).unwrap(), 40);
        assert_eq!(code_number(Code::Pregnancy).unwrap(), 41);
        assert_eq!(code_number(Code::Breastfeeding).unwrap(), 42);
        assert_eq!(code_number(Code::Infection).unwrap(), 43);
        assert_eq!(code_number(Code::HeadInjuryUnder1Year).unwrap(), 44);
        assert_eq!(code_number(Code::RouteNotIntrathecal).unwrap(), 45);
        assert_eq!(
            [Severity::Hard, Severity::Soft, Severity::Info].map(severity_code),
            [1, 2, 3]
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
    fn message_is_the_core_message() {
        for code in Code::ALL {
            let f = finding(code);
            let (status, text) = message_of(&ItbFinding::of(&f).unwrap());
            assert_eq!(status, ItbStatus::Ok);
            assert_eq!(text, f.message().to_string());
            let signs = f.with_withdrawal_signs();
            let c = ItbFinding::of(&signs).unwrap();
            assert!(c.withdrawal_signs);
            assert_eq!(message_of(&c).1, signs.message().to_string());
        }
    }

    #[test]
    fn a_late_refill_names_the_signs_of_withdrawal_when_flagged() {
        // 002 Boxed Warning: the early symptoms (pruritus, hypotension, paresthesias...).
        let late = Finding::new(
            Code::RefillDueNow,
            Severity::Hard,
            Source(&c"[TEST]"),
            Measure::new(-3.0, itb::units::Unit::Day),
        );
        let plain = ItbFinding::of(&late).unwrap();
        let flagged = ItbFinding {
            withdrawal_signs: true,
            ..plain
        };
        let (with, without) = (message_of(&flagged).1, message_of(&plain).1);
        assert!(
            with.starts_with(&without) && with.len() > without.len(),
            "{with}"
        );
        assert!(with.contains("itching"), "{with}");
        assert!(!without.contains("itching"), "{without}");
    }

    #[test]
    fn message_refuses_unknown_codes_units_and_null() {
        let good = ItbFinding::of(&finding(Code::DailyDoseAbove1000)).unwrap();
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
