//! Findings: a result was computed, and crosses a clinical limit worth reporting.
//!
//! Modelled on the dose-error-reduction systems of smart infusion pumps (\[GUARDRAILS\]): a
//! `hard` finding is a label limit that must not be exceeded (the result is not allowed),
//! `soft` a guideline a clinician may override with a reason, `info` worth knowing.
//! Every finding has a stable code, a message, and the source of its rule.
//!
//! Findings go into [`Findings`], a fixed-capacity list that needs no allocator: it holds one
//! finding per [`Code`], up to [`Findings::CAPACITY`], more than any operation raises.

use core::ffi::CStr;
use core::fmt;

use crate::units::Measure;

/// Where a rule comes from: seed file and section (`001 Dosage/Maintenance`) or a reference
/// tag (`[STAB-2023]`), written `Source(&c"[STAB-2023]")`. Held as a C string, so the C ABI
/// hands the core's own text out as is, behind one thin pointer, so a finding stays small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Source(pub &'static &'static CStr);

impl Source {
    /// The text.
    pub const fn as_str(self) -> &'static str {
        text(self.0)
    }

    /// The text, NUL-terminated.
    pub const fn as_c_str(self) -> &'static CStr {
        self.0
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text of a static C string (every one in this crate is ASCII).
pub(crate) const fn text(c: &'static CStr) -> &'static str {
    match c.to_str() {
        Ok(s) => s,
        Err(_) => "",
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// A label limit: the result is not allowed.
    Hard,
    /// A guideline a clinician may override with a reason.
    Soft,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `"hard"`, `"soft"` or `"info"`.
    pub const fn as_str(self) -> &'static str {
        text(self.as_c_str())
    }

    /// The same, NUL-terminated.
    pub const fn as_c_str(self) -> &'static CStr {
        match self {
            Severity::Hard => c"hard",
            Severity::Soft => c"soft",
            Severity::Info => c"info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stable code of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A concentration that is not a labelled one (50, 500, 1000, 2000 mcg/mL).
    NonstandardConcentration,
    /// A concentration above 2000 mcg/mL: compounded, often off its labelled strength.
    ConcentrationAboveCommercial,
    /// A daily dose above 1000 mcg/day: limited clinical experience.
    DailyDoseAbove1000,
    /// A screening bolus above 100 mcg.
    ScreeningDoseAboveMax,
    /// A screening solution other than 50 mcg/mL.
    ScreeningConcentration,
    /// A patient under 4 years (per profile: soft in the US, hard in the UK).
    AgeBelow4Years,
    /// An increase above the profile's largest step for the origin and phase.
    StepAboveGuideline,
    /// A substantial escalation in maintenance: check the catheter and the pump.
    SuddenEscalation,
    /// A decrease of more than 20 %.
    DecreaseAboveGuideline,
    /// An increase in the first 24 h of continuous infusion.
    IncreaseInFirst24h,
    /// A change sooner than the profile's minimum interval.
    AdjustmentTooSoon,
    /// A maintenance dose outside the range for the origin and age.
    OutsideMaintenanceRange,
    /// An increase above 20 % from a dose above the usual top for the origin.
    LargeStepAtHighDose,
    /// A pump whose instructions are not written for baclofen (Prometra).
    PumpNotLabelledForBaclofen,
    /// The refill date is set by the 180-day in-pump stability limit, not the alarm.
    RefillIntervalCappedByStability,
    /// A low-reservoir alarm below 2 mL.
    AlarmVolumeBelowRecommended,
    /// The refill is due now or overdue.
    RefillDueNow,
    /// More flex steps than the pump allows.
    TooManySteps,
    /// Aspirated and expected residual differ by more than the threshold.
    ResidualDiscrepancy,
    /// The pump delivered more than its accuracy allows.
    OverDelivery,
    /// The pump delivered less than its accuracy allows.
    UnderDelivery,
    /// By the programmed rate the reservoir should be empty.
    ReservoirExpectedEmpty,
    /// The 50 mcg/mL screening strength in a pump: it is meant for single test boluses.
    ScreeningStrengthInPump,
    /// A first screening bolus other than 25 or 50 mcg.
    ScreeningStartDose,
    /// A screening bolus less than 24 h after the previous one.
    ScreeningIntervalTooShort,
    /// A pump running fast at the edge of its accuracy alarms before the refill is due.
    AlarmBeforeDue,
    /// Close monitoring follows every change of the dosing rate or the concentration.
    MonitorAfterChange,
    /// A withdrawal risk factor: keep refills on time and teach the early signs.
    WithdrawalRisk,
    /// The pump is programmed for another concentration than the one in its reservoir.
    ConcentrationMismatch,
    /// A taper shorter than the 2 to 4 weeks of the label.
    TaperFasterThanLabel,
    /// After a taper to zero, baclofen is resumed at the initial infusion dose, in hospital.
    ResumeAtInitialDose,
    /// A model estimate from a few patients' mean parameters, never a dosing rule.
    ModelEstimate,
    /// Observed signs of overdose: seek medical help at once.
    OverdoseSigns,
    /// Observed signs of withdrawal: seek medical help at once.
    WithdrawalSigns,
    /// Observed signs of a pump or catheter problem.
    PumpProblemSigns,
    /// The signs fit both overdose and withdrawal.
    SignsOverlap,
    /// A medication with a major interaction (CNS and respiratory depression, hypotonia).
    MajorInteraction,
    /// A medication with a moderate interaction.
    ModerateInteraction,
    /// Medication names the lexicon does not know: not checked.
    UnrecognisedMedication,
    /// A patient of 65 or older.
    Elderly,
    /// A pregnant patient.
    Pregnancy,
    /// A breastfeeding patient.
    Breastfeeding,
    /// A current infection.
    Infection,
    /// Less than a year since a head injury.
    HeadInjuryUnder1Year,
    /// A route other than intrathecal.
    RouteNotIntrathecal,
    /// A daily dose below the lowest of every label range (12 mcg/day).
    DailyDoseBelowLabelRange,
    /// A flow that empties the full reservoir in less than a day.
    ReservoirEmptyWithinADay,
}

impl Code {
    /// Every code.
    pub const ALL: [Code; 47] = [
        Code::NonstandardConcentration,
        Code::ConcentrationAboveCommercial,
        Code::DailyDoseAbove1000,
        Code::ScreeningDoseAboveMax,
        Code::ScreeningConcentration,
        Code::AgeBelow4Years,
        Code::StepAboveGuideline,
        Code::SuddenEscalation,
        Code::DecreaseAboveGuideline,
        Code::IncreaseInFirst24h,
        Code::AdjustmentTooSoon,
        Code::OutsideMaintenanceRange,
        Code::LargeStepAtHighDose,
        Code::PumpNotLabelledForBaclofen,
        Code::RefillIntervalCappedByStability,
        Code::AlarmVolumeBelowRecommended,
        Code::RefillDueNow,
        Code::TooManySteps,
        Code::ResidualDiscrepancy,
        Code::OverDelivery,
        Code::UnderDelivery,
        Code::ReservoirExpectedEmpty,
        Code::ScreeningStrengthInPump,
        Code::ScreeningStartDose,
        Code::ScreeningIntervalTooShort,
        Code::AlarmBeforeDue,
        Code::MonitorAfterChange,
        Code::WithdrawalRisk,
        Code::ConcentrationMismatch,
        Code::TaperFasterThanLabel,
        Code::ResumeAtInitialDose,
        Code::ModelEstimate,
        Code::OverdoseSigns,
        Code::WithdrawalSigns,
        Code::PumpProblemSigns,
        Code::SignsOverlap,
        Code::MajorInteraction,
        Code::ModerateInteraction,
        Code::UnrecognisedMedication,
        Code::Elderly,
        Code::Pregnancy,
        Code::Breastfeeding,
        Code::Infection,
        Code::HeadInjuryUnder1Year,
        Code::RouteNotIntrathecal,
        Code::DailyDoseBelowLabelRange,
        Code::ReservoirEmptyWithinADay,
    ];

    /// The protocol's snake_case code.
    pub const fn as_str(self) -> &'static str {
        text(self.as_c_str())
    }

    /// The same, NUL-terminated.
    pub const fn as_c_str(self) -> &'static CStr {
        match self {
            Code::NonstandardConcentration => c"nonstandard_concentration",
            Code::ConcentrationAboveCommercial => c"concentration_above_commercial",
            Code::DailyDoseAbove1000 => c"daily_dose_above_1000",
            Code::ScreeningDoseAboveMax => c"screening_dose_above_max",
            Code::ScreeningConcentration => c"screening_concentration",
            Code::AgeBelow4Years => c"age_below_4_years",
            Code::StepAboveGuideline => c"step_above_guideline",
            Code::SuddenEscalation => c"sudden_escalation",
            Code::DecreaseAboveGuideline => c"decrease_above_guideline",
            Code::IncreaseInFirst24h => c"increase_in_first_24h",
            Code::AdjustmentTooSoon => c"adjustment_too_soon",
            Code::OutsideMaintenanceRange => c"outside_maintenance_range",
            Code::LargeStepAtHighDose => c"large_step_at_high_dose",
            Code::PumpNotLabelledForBaclofen => c"pump_not_labelled_for_baclofen",
            Code::RefillIntervalCappedByStability => c"refill_interval_capped_by_stability",
            Code::AlarmVolumeBelowRecommended => c"alarm_volume_below_recommended",
            Code::RefillDueNow => c"refill_due_now",
            Code::TooManySteps => c"too_many_steps",
            Code::ResidualDiscrepancy => c"residual_discrepancy",
            Code::OverDelivery => c"over_delivery",
            Code::UnderDelivery => c"under_delivery",
            Code::ReservoirExpectedEmpty => c"reservoir_expected_empty",
            Code::ScreeningStrengthInPump => c"screening_strength_in_pump",
            Code::ScreeningStartDose => c"screening_start_dose",
            Code::ScreeningIntervalTooShort => c"screening_interval_too_short",
            Code::AlarmBeforeDue => c"alarm_before_due",
            Code::MonitorAfterChange => c"monitor_after_change",
            Code::WithdrawalRisk => c"withdrawal_risk",
            Code::ConcentrationMismatch => c"concentration_mismatch",
            Code::TaperFasterThanLabel => c"taper_faster_than_label",
            Code::ResumeAtInitialDose => c"resume_at_initial_dose",
            Code::ModelEstimate => c"model_estimate",
            Code::OverdoseSigns => c"overdose_signs",
            Code::WithdrawalSigns => c"withdrawal_signs",
            Code::PumpProblemSigns => c"pump_problem_signs",
            Code::SignsOverlap => c"signs_overlap",
            Code::MajorInteraction => c"major_interaction",
            Code::ModerateInteraction => c"moderate_interaction",
            Code::UnrecognisedMedication => c"unrecognised_medication",
            Code::Elderly => c"elderly",
            Code::Pregnancy => c"pregnancy",
            Code::Breastfeeding => c"breastfeeding",
            Code::Infection => c"infection",
            Code::HeadInjuryUnder1Year => c"head_injury_under_1_year",
            Code::RouteNotIntrathecal => c"route_not_intrathecal",
            Code::DailyDoseBelowLabelRange => c"daily_dose_below_label_range",
            Code::ReservoirEmptyWithinADay => c"reservoir_empty_within_a_day",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: its code, severity, the source of its rule, and the value that raised it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finding {
    /// Stable code.
    pub code: Code,
    /// How serious.
    pub severity: Severity,
    /// The seed file and section (`001 Dosage/Maintenance`) or reference tag.
    pub source: Source,
    /// The value that raised the finding, in its clinical unit.
    pub subject: Measure,
    /// The limit it crossed, when the message names one (`30 %`, `24 h`, `2,003 mcg/day`).
    pub limit: Option<Measure>,
    /// The patient has a withdrawal risk factor (002 Boxed Warning): the message of a late
    /// refill or an empty reservoir then names the early signs of withdrawal.
    pub withdrawal_signs: bool,
}

impl Finding {
    /// A finding.
    pub const fn new(code: Code, severity: Severity, source: Source, subject: Measure) -> Self {
        Finding {
            code,
            severity,
            source,
            subject,
            limit: None,
            withdrawal_signs: false,
        }
    }

    /// The same finding, naming the limit it crossed.
    pub const fn with_limit(mut self, limit: Measure) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The same finding, its message naming the early signs of withdrawal.
    pub const fn with_withdrawal_signs(mut self) -> Self {
        self.withdrawal_signs = true;
        self
    }

    /// The message a clinician reads (the `Display` text, as a value usable without an
    /// allocator).
    pub fn message(&self) -> Message<'_> {
        Message(self)
    }
}

/// The message of a [`Finding`]; implements `Display`.
pub struct Message<'a>(&'a Finding);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0.subject;
        match self.0.code {
            Code::NonstandardConcentration => write!(
                f,
                "{s} is not a labelled baclofen concentration (50, 500, 1,000 or 2,000 mcg/mL): \
                 a custom or compounded solution; double-check the prescription and the pump programming"
            ),
            Code::ConcentrationAboveCommercial => write!(
                f,
                "{s} is above the highest commercial concentration (2,000 mcg/mL): a compounded \
                 product, often off its labelled strength"
            ),
            Code::DailyDoseAbove1000 => write!(
                f,
                "{s} is above 1,000 mcg/day: doses above 1,000 micrograms a day have limited clinical experience"
            ),
            Code::ScreeningDoseAboveMax => write!(
                f,
                "{s} is above the 100 mcg maximum screening bolus: a patient who does not respond to \
                 100 mcg should not be given further increments nor a continuous infusion"
            ),
            Code::ScreeningConcentration => write!(
                f,
                "{s} is not the 50 mcg/mL screening solution (50 micrograms in 1 mL): check the \
                 product and the volume drawn"
            ),
            Code::AgeBelow4Years => write!(
                f,
                "age {s} is under 4 years: safety and effectiveness are not established (US label) \
                 and intrathecal baclofen is contraindicated (UK SmPC)"
            ),
            Code::StepAboveGuideline => {
                write!(f, "a {s} increase is above the ")?;
                write_limit(f, self.0.limit, "recommended")?;
                f.write_str(" largest step for this origin and phase")
            }
            Code::SuddenEscalation => write!(
                f,
                "a sudden need for a substantial escalation ({s}) points to a catheter complication \
                 (kink, dislodgement) or a pump malfunction: check both before escalating further"
            ),
            Code::DecreaseAboveGuideline => write!(
                f,
                "a {s} decrease is more than the 20 % guideline (reduce by 10 to 20 % for side \
                 effects); never stop abruptly: withdrawal can kill"
            ),
            Code::IncreaseInFirst24h => write!(
                f,
                "an increase {s} after continuous infusion began: do not increase the dose in the \
                 first 24 h (the full effect takes 24 to 48 h)"
            ),
            Code::AdjustmentTooSoon => {
                write!(f, "{s} since the last change is less than the ")?;
                write_limit(f, self.0.limit, "profile's")?;
                f.write_str(" minimum interval between dose changes")
            }
            Code::OutsideMaintenanceRange => {
                let below = self.0.limit.is_some_and(|l| s.value < l.value);
                let side = if below { "below" } else { "above" };
                write!(
                    f,
                    "{s} is {side} the maintenance range for this origin and age ("
                )?;
                write_limit(f, self.0.limit, "its limit")?;
                f.write_str(if below {
                    " is its lowest dose)"
                } else {
                    " is its highest dose)"
                })
            }
            Code::PumpNotLabelledForBaclofen => f.write_str(
                "this pump's US instructions are written for intrathecal morphine, not baclofen: \
                 the US label allows only pumps approved for intrathecal baclofen",
            ),
            Code::RefillIntervalCappedByStability => {
                write!(
                    f,
                    "the alarm is far off ({s} after the lead time), so the refill is set by "
                )?;
                write_limit(f, self.0.limit, "the")?;
                f.write_str(" in-pump stability limit of the drug")
            }
            Code::AlarmVolumeBelowRecommended => write!(
                f,
                "a {s} low-reservoir alarm is below the 2 mL the manufacturer recommends; some \
                 patients develop withdrawal above 2 mL"
            ),
            Code::RefillDueNow => {
                write!(
                    f,
                    "the refill is due now ({s}): book it at once; abrupt withdrawal of intrathecal \
                     baclofen can kill"
                )?;
                write_withdrawal_signs(f, self.0.withdrawal_signs)
            }
            Code::TooManySteps => {
                write!(f, "{s} a day is more than this pump allows (")?;
                write_limit(f, self.0.limit, "its limit")?;
                f.write_str(")")
            }
            Code::ResidualDiscrepancy => {
                write!(
                    f,
                    "the aspirated volume differs from the expected residual by {s}, more than "
                )?;
                write_limit(f, self.0.limit, "the threshold")?;
                f.write_str(": check for a pocket fill, an overinfusing or stalled pump, or a catheter problem")
            }
            Code::OverDelivery => {
                write!(
                    f,
                    "the pump delivered {s} more than programmed, beyond its "
                )?;
                write_limit(f, self.0.limit, "labelled")?;
                f.write_str(" accuracy: suspect overinfusion; the alarm is computed from the programmed rate and may not sound")
            }
            Code::UnderDelivery => {
                write!(
                    f,
                    "the pump delivered {s} less than programmed, beyond its "
                )?;
                write_limit(f, self.0.limit, "labelled")?;
                f.write_str(
                    " accuracy: suspect an obstruction, a stalled pump or a catheter problem",
                )
            }
            Code::ReservoirExpectedEmpty => {
                write!(
                    f,
                    "at the programmed rate the reservoir should have been empty (expected {s}): the \
                     patient may have been without drug; check for withdrawal"
                )?;
                write_withdrawal_signs(f, self.0.withdrawal_signs)
            }
            Code::ScreeningStrengthInPump => write!(
                f,
                "{s} is the screening strength, meant for single bolus test injections: a pump \
                 is filled with a pump strength (500 or 2,000 mcg/mL, or a dilution made for it)"
            ),
            Code::ScreeningStartDose => write!(
                f,
                "a first screening bolus of {s}: the test dose starts at 25 or 50 mcg"
            ),
            Code::ScreeningIntervalTooShort => {
                write!(f, "{s} since the last screening bolus is less than ")?;
                write_limit(f, self.0.limit, "24 h")?;
                f.write_str(": screening boluses are given at least 24 h apart")
            }
            Code::AlarmBeforeDue => {
                write!(
                    f,
                    "a pump running fast at the edge of its accuracy alarms after {s}, before the refill is due ("
                )?;
                write_limit(f, self.0.limit, "its due date")?;
                f.write_str("): the alarm is computed from the programmed rate, so book the refill earlier or watch for the alarm")
            }
            Code::MonitorAfterChange => write!(
                f,
                "the daily dose or the concentration changes ({s}): monitor the patient closely \
                 until the response is acceptable and stable"
            ),
            Code::WithdrawalRisk => f.write_str(
                "this patient is at particular risk of withdrawal (spinal cord injury at T6 or \
                 above, communication difficulty, or earlier withdrawal): keep refills on time and \
                 teach the early signs of withdrawal",
            ),
            Code::ConcentrationMismatch => {
                let ratio = self.0.limit.map_or(f64::NAN, |l| s.value / l.value);
                let what = if ratio > 1.0 {
                    "an overdose"
                } else {
                    "too little drug: a risk of withdrawal"
                };
                write!(f, "the pump will deliver {s} instead of ")?;
                write_limit(f, self.0.limit, "the programmed dose")?;
                f.write_str(", ")?;
                crate::units::write_number(f, ratio)?;
                write!(
                    f,
                    " times the programmed dose ({what}): program the concentration that is \
                     in the reservoir"
                )
            }
            Code::TaperFasterThanLabel => {
                write!(f, "a taper over {s} is faster than ")?;
                write_limit(f, self.0.limit, "the 2 to 4 weeks")?;
                f.write_str(": the label reduces gradually over 2 to 4 weeks; never stop abruptly")
            }
            Code::ResumeAtInitialDose => f.write_str(
                "after a taper to zero, resume intrathecal baclofen at the initial continuous \
                 infusion dose, in a hospital unit",
            ),
            Code::ModelEstimate => f.write_str(
                "an estimate from a one-compartment model with the mean parameters of 7 and 10 \
                 patients, whose variability was great: never a dosing rule",
            ),
            Code::OverdoseSigns => {
                write_count(f, s, "sign", "signs")?;
                f.write_str(
                    " of overdose: seek medical help at once (call the emergency number); keep \
                     the airway open and watch the breathing",
                )
            }
            Code::WithdrawalSigns => {
                write_count(f, s, "sign", "signs")?;
                f.write_str(
                    " of withdrawal: seek medical help at once and restore intrathecal delivery \
                     (check the pump, its programming, the refill and the catheter); withdrawal \
                     can kill",
                )
            }
            Code::PumpProblemSigns => {
                write_count(f, s, "sign", "signs")?;
                f.write_str(
                    " of a pump or catheter problem: seek medical help; have the pump and the \
                     catheter checked",
                )
            }
            Code::SignsOverlap => f.write_str(
                "the signs fit both overdose and withdrawal, and overdose can mimic withdrawal: \
                 tell them apart carefully before acting",
            ),
            Code::MajorInteraction => {
                write_count(f, s, "medication", "medications")?;
                f.write_str(
                    " with a major interaction (CNS and respiratory depression, or hypotonia): \
                     monitor breathing and sedation closely",
                )
            }
            Code::ModerateInteraction => {
                write_count(f, s, "medication", "medications")?;
                f.write_str(
                    " with a moderate interaction (alcohol, antihypertensives, other intrathecal \
                     agents)",
                )
            }
            Code::UnrecognisedMedication => {
                write_count(f, s, "medication name", "medication names")?;
                f.write_str(" not in the lexicon, so NOT checked: check them by hand")
            }
            Code::Elderly => write!(
                f,
                "age {s} is 65 or more: use with caution, start low and titrate slowly (more \
                 sensitive to sedation and weakness)"
            ),
            Code::Pregnancy => f.write_str(
                "pregnancy: use with caution, at the lowest dose possible; the newborn may show \
                 withdrawal and should be monitored",
            ),
            Code::Breastfeeding => f.write_str(
                "breastfeeding: use with caution; watch the infant for sedation or unusual \
                 drowsiness",
            ),
            Code::Infection => f.write_str(
                "a current infection: the patient should be infection-free before screening and \
                 pump implantation (surgical complications, an inaccurate screening, a harder dose \
                 adjustment)",
            ),
            Code::HeadInjuryUnder1Year => {
                crate::units::write_number(f, s.value * 12.0)?;
                f.write_str(
                    " months since the head injury: wait at least a year before long-term \
                     intrathecal baclofen, for the spasticity to stabilise",
                )
            }
            Code::DailyDoseBelowLabelRange => {
                write!(f, "{s} is below ")?;
                write_limit(f, self.0.limit, "12 mcg/day")?;
                f.write_str(
                    ", the lowest maintenance dose of any label range: check the dose and its unit \
                     (a mcg/mg or per-hour/per-day slip?)",
                )
            }
            Code::ReservoirEmptyWithinADay => {
                write!(
                    f,
                    "at this flow the full reservoir is empty in {s}, less than "
                )?;
                write_limit(f, self.0.limit, "a day")?;
                f.write_str(
                    ": no implanted pump is refilled daily; check the concentration and the dose \
                     (a mcg/mg slip?)",
                )
            }
            Code::RouteNotIntrathecal => f.write_str(
                "intrathecal baclofen is for intrathecal use only: never intravenous, \
                 intramuscular, subcutaneous, epidural or by mouth",
            ),
            Code::LargeStepAtHighDose => {
                write!(f, "a {s} increase from a dose above ")?;
                write_limit(f, self.0.limit, "the usual maintenance top")?;
                f.write_str(": at higher doses an increase of more than 20 % may be excessive")
            }
        }
    }
}

/// `1 sign`, `3 signs`: a count in words.
fn write_count(f: &mut fmt::Formatter<'_>, count: &Measure, one: &str, many: &str) -> fmt::Result {
    crate::units::write_number(f, count.value)?;
    f.write_str(" ")?;
    f.write_str(if count.value == 1.0 { one } else { many })
}

fn write_withdrawal_signs(f: &mut fmt::Formatter<'_>, named: bool) -> fmt::Result {
    if !named {
        return Ok(());
    }
    f.write_str(
        "; this patient is at risk of withdrawal: watch for itching, low blood pressure, fever, \
         a change of mental state, returning spasticity and muscle rigidity",
    )
}

fn write_limit(f: &mut fmt::Formatter<'_>, limit: Option<Measure>, fallback: &str) -> fmt::Result {
    match limit {
        Some(l) => write!(f, "{l}"),
        None => f.write_str(fallback),
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.severity, self.code, self.message())
    }
}

/// A fixed-capacity list of findings, one per [`Code`] at most, in the order raised.
///
/// It holds [`Findings::CAPACITY`] findings: more than any operation can raise (refill_plan
/// and titrate raise at most 8 codes at once), and small enough that a result is cheap to
/// return (a result is copied whole; 12 findings are a few hundred bytes).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Findings {
    items: [Option<Finding>; Findings::CAPACITY],
    len: usize,
}

impl Findings {
    /// An empty list.
    pub const fn new() -> Self {
        Findings {
            items: [None; Findings::CAPACITY],
            len: 0,
        }
    }

    /// The most findings one evaluation holds.
    pub const CAPACITY: usize = 12;

    /// Adds a finding. A second finding with the same code replaces nothing and is not added:
    /// each rule reports once per evaluation.
    pub fn push(&mut self, finding: Finding) {
        if self.contains(finding.code) {
            return;
        }
        // No operation raises more codes than the capacity; a rule added past it fails here in
        // every debug build and test, long before a release.
        debug_assert!(
            self.len < Findings::CAPACITY,
            "more findings than Findings::CAPACITY"
        );
        if self.len == Findings::CAPACITY {
            return;
        }
        self.items[self.len] = Some(finding);
        self.len += 1;
    }

    /// Adds every finding of `other`.
    pub fn extend(&mut self, other: &Findings) {
        for f in other.iter() {
            self.push(*f);
        }
    }

    /// True when a finding with this code was raised.
    pub fn contains(&self, code: Code) -> bool {
        self.iter().any(|f| f.code == code)
    }

    /// The number of findings.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// True when there are none.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// False exactly when a finding is hard: the result must not be used as it stands.
    pub fn allowed(&self) -> bool {
        !self.iter().any(|f| f.severity == Severity::Hard)
    }

    /// The findings in the order raised.
    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.items[..self.len].iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Unit;

    fn finding(code: Code, severity: Severity) -> Finding {
        Finding::new(
            code,
            severity,
            Source(&c"[TEST]"),
            Measure::new(1.0, Unit::Milliliter),
        )
    }

    #[test]
    fn each_code_is_reported_once_and_a_hard_one_forbids() {
        let mut f = Findings::new();
        assert!(f.allowed() && f.is_empty());
        f.push(finding(Code::ResidualDiscrepancy, Severity::Soft));
        f.push(finding(Code::ResidualDiscrepancy, Severity::Hard)); // same code: not added
        assert_eq!(f.len(), 1);
        assert!(f.allowed());
        f.push(finding(Code::RefillDueNow, Severity::Hard));
        assert!(!f.allowed());
        let order: Vec<Code> = f.iter().map(|x| x.code).collect();
        assert_eq!(order, [Code::ResidualDiscrepancy, Code::RefillDueNow]);
    }

    #[test]
    fn codes_are_unique_snake_case_and_their_c_strings_agree() {
        for (i, c) in Code::ALL.iter().enumerate() {
            let s = c.as_str();
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
            assert_eq!(c.as_c_str().to_str().unwrap(), s);
            assert!(Code::ALL[i + 1..].iter().all(|d| d.as_str() != s), "{s}");
        }
        assert_eq!(Severity::Hard.as_c_str(), c"hard");
        assert_eq!(Source(&c"[STAB-2023]").as_str(), "[STAB-2023]");
    }

    #[test]
    fn a_message_names_its_value_and_its_limit() {
        let f = Finding::new(
            Code::AdjustmentTooSoon,
            Severity::Soft,
            Source(&c"[TEST]"),
            Measure::new(30.0, Unit::Hour),
        )
        .with_limit(Measure::new(48.0, Unit::Hour));
        let text = f.message().to_string();
        assert!(text.starts_with("30 h since the last change"), "{text}");
        assert!(text.contains("48 h"), "{text}");
    }
}

/// Findings as a list of `{"code", "severity", "source", "message", "subject", "limit"}`.
#[cfg(feature = "serde")]
mod serial {
    use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

    use super::{Code, Finding, Findings, Severity, Source};

    impl Serialize for Code {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    impl Serialize for Severity {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    impl Serialize for Source {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    impl Serialize for Finding {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut f = s.serialize_struct("Finding", 6)?;
            f.serialize_field("code", &self.code)?;
            f.serialize_field("severity", &self.severity)?;
            f.serialize_field("source", &self.source)?;
            f.serialize_field("message", &Text(self))?;
            f.serialize_field("subject", &self.subject)?;
            f.serialize_field("limit", &self.limit)?;
            f.end()
        }
    }

    /// The message, written straight into the serializer (no allocation).
    struct Text<'a>(&'a Finding);

    impl Serialize for Text<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(&self.0.message())
        }
    }

    impl Serialize for Findings {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut list = s.serialize_seq(Some(self.len()))?;
            for f in self.iter() {
                list.serialize_element(f)?;
            }
            list.end()
        }
    }
}
