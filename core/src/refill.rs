//! Refills: how long the drug lasts, when the alarm sounds, when to book the refill, and
//! whether what came out of the pump matches what should have (each rule and its source:
//! `docs/RULES.md`).

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::patient::{RISK_FACTOR_IDS, RiskFactors, check_risk_factors, for_risk};
use crate::product::{
    RefillContainers, check_pump_concentration, check_screening_strength, refill_containers,
};
use crate::pump::{Pump, PumpInput, alarm_not_below, check_pump};
use crate::schedule::{
    Steps, check_daily_dose, flex_steps, flow, require_daily_dose, require_positive_concentration,
};
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, FlowRate, Given, Input, Mass, Measure,
    Ratio, Unit, Volume, snap,
};

/// The manufacturer-recommended low-reservoir alarm volume, mL (\[RESID-2004\]).
pub const RECOMMENDED_ALARM_ML: f64 = 2.0;
/// The default largest time in the pump, days (\[STAB-2023\]: refill within 180 days).
pub const DEFAULT_MAX_RESIDENCE_DAYS: f64 = 180.0;
/// The default lead time before the alarm date, days: clinics refill 3–5 days before it
/// (\[GILLETTE\]) and patients are told to book a week early (\[MDT-PT\]).
pub const DEFAULT_LEAD_TIME_DAYS: f64 = 7.0;
/// The default residual-discrepancy threshold, mL (\[ASRA-2017\]).
pub const DEFAULT_THRESHOLD_ML: f64 = 2.0;

/// How the pump delivers: a constant daily dose, or a flex schedule.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read only with std: the steps are then owned (Cow); without it they are borrowed.
#[cfg_attr(feature = "std", derive(serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Delivery<'a> {
    /// A constant daily dose (one step a day), above zero.
    DailyDose(Input<DoseRate>),
    /// A flex schedule: its total is the daily dose, its steps are counted against the pump's.
    Steps(Steps<'a>),
}

/// The request of [`refill_plan`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read only with std: the steps are then owned (Cow); without it they are borrowed.
#[cfg_attr(feature = "std", derive(serde::Deserialize))]
pub struct RefillRequest<'a> {
    /// The pump.
    pub pump: PumpInput,
    /// The concentration in the reservoir, above zero.
    pub concentration: Input<Concentration>,
    /// The daily dose or the flex schedule.
    pub delivery: Delivery<'a>,
    /// The volume filled, above zero and at most the reservoir; `None`: the reservoir, full.
    pub fill_volume: Option<Input<Volume>>,
    /// The alarm volume, below the reservoir; `None`: the pump's.
    pub alarm_volume: Option<Input<Volume>>,
    /// The largest time in the pump, above zero; `None`: [`DEFAULT_MAX_RESIDENCE_DAYS`].
    pub max_residence: Option<Input<Duration>>,
    /// How long before the alarm date to refill; `None`: [`DEFAULT_LEAD_TIME_DAYS`].
    pub lead_time: Option<Input<Duration>>,
    /// The patient's withdrawal risk factors (002 Boxed Warning); empty when none is known.
    pub risk_factors: Given<RiskFactors>,
}

impl<'a> RefillRequest<'a> {
    /// A request with every optional input left to its default.
    pub fn new(
        pump: impl Into<PumpInput>,
        concentration: Input<Concentration>,
        delivery: Delivery<'a>,
    ) -> Self {
        RefillRequest {
            pump: pump.into(),
            concentration,
            delivery,
            fill_volume: None,
            alarm_volume: None,
            max_residence: None,
            lead_time: None,
            risk_factors: Given::new(RiskFactors::NONE),
        }
    }
}

/// A refill request once read: every input checked in the protocol's order, every default
/// resolved.
struct Refill {
    pump: Pump,
    concentration: Concentration,
    daily_dose: DoseRate,
    steps: usize,
    fill_volume: Volume,
    alarm_volume: Volume,
    max_residence: Duration,
    lead_time: Duration,
    risk_factors: RiskFactors,
}

impl Refill {
    fn read(r: &RefillRequest<'_>) -> Result<Refill, Error> {
        let pump = r.pump.read()?;
        let concentration = r.concentration.read("concentration")?;
        require_positive_concentration(concentration, "concentration")?;
        let (daily_dose, steps) = match &r.delivery {
            Delivery::DailyDose(dose) => (dose.read("daily_dose")?, 1),
            Delivery::Steps(steps) => {
                let flex = flex_steps(steps)?;
                (flex.daily_dose, steps.len())
            }
        };
        let or = |given: Option<Input<Volume>>, field, default| match given {
            Some(v) => v.read(field),
            None => Ok(default),
        };
        let fill_volume = or(r.fill_volume, "fill_volume", pump.reservoir)?;
        let alarm_volume = or(r.alarm_volume, "alarm_volume", pump.low_alarm)?;
        let days = |given: Option<Input<Duration>>, field, default| match given {
            Some(d) => d.read(field),
            None => Ok(Duration::from_unit(default, Unit::Day).unwrap_or_default()),
        };
        Ok(Refill {
            pump,
            concentration,
            daily_dose,
            steps,
            fill_volume,
            alarm_volume,
            max_residence: days(r.max_residence, "max_residence", DEFAULT_MAX_RESIDENCE_DAYS)?,
            lead_time: days(r.lead_time, "lead_time", DEFAULT_LEAD_TIME_DAYS)?,
            risk_factors: r.risk_factors.read("risk_factors", RISK_FACTOR_IDS)?,
        })
    }
}

/// A refill plan. Durations count from the refill.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RefillPlan {
    /// Daily volume.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub flow_rate: FlowRate,
    /// max(0, (fill − alarm) / flow).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub days_to_alarm: Duration,
    /// max(0, (fill − alarm) / (flow × (1 + accuracy))): the alarm of a pump running fast at
    /// the edge of its accuracy.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub earliest_alarm: Duration,
    /// fill / flow.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub days_to_empty: Duration,
    /// min(days_to_alarm − lead_time, max_residence); negative when already late.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub refill_due: Duration,
    /// fill × concentration.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub drug_amount: Mass,
    /// The daily dose (a flex schedule's total).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub daily_dose: DoseRate,
    /// The refill products of exactly this concentration, and what the fill takes of each.
    pub containers: RefillContainers,
    /// See [`refill_plan`].
    pub findings: Findings,
}

/// Plans the next refill: `days_to_alarm = max(0, (fill − alarm) / flow)` (derived; the pump
/// computes its alarm from the programmed flow the same way, \[MDT-FSN16\]),
/// due `lead_time` before the alarm, never later than `max_residence` (\[STAB-2023\]), and the
/// containers of the refill products that hold the fill's drug.
/// The earliest alarm is that of a pump running fast at the edge of its accuracy: the alarm is
/// computed from the programmed rate (\[MDT-FSN16\]), and a SynchroMed may overinfuse by up to
/// 14.5 % (\[MDT-FSN14\]).
/// Findings: `refill_interval_capped_by_stability` (info), `alarm_volume_below_recommended`
/// (soft, \[RESID-2004\]), `refill_due_now` (hard), `alarm_before_due` (info), `too_many_steps`
/// (soft, \[MDT-UK\]), `withdrawal_risk` (soft, 002 Boxed Warning), the daily-volume findings and
/// the pump's.
///
/// ```
/// use itb::pump::PumpModel;
/// use itb::refill::{refill_plan, Delivery, RefillRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let plan = refill_plan(&RefillRequest::new(
///     PumpModel::SynchromedIi20,
///     Input::new(2000.0, Unit::McgPerMl),
///     Delivery::DailyDose(Input::new(500.0, Unit::McgPerDay)),
/// ))?;
/// // Worked by hand: 0.25 mL/day; alarm in (20 − 2) / 0.25 = 72 days; empty in 80 days.
/// assert_eq!(plan.days_to_alarm.value_in(Unit::Day)?, 72.0);
/// assert_eq!(plan.refill_due.value_in(Unit::Day)?, 65.0);
/// assert_eq!(plan.containers.len(), 2); // 40 mg/20 mL and 10 mg/5 mL
/// # Ok::<(), itb::Error>(())
/// ```
pub fn refill_plan(request: &RefillRequest<'_>) -> Result<RefillPlan, Error> {
    let r = Refill::read(request)?;
    let t = Timing::of(&r)?;
    let (fill_ml, alarm_ml) = (t.fill_ml, t.alarm_ml);
    let (alarm_days, flow_ml_day, flow_rate) = (t.alarm_days, t.flow_ml_day, t.flow_rate);
    let max_residence_days = t.max_residence_days;
    let before_alarm_days = snap(alarm_days - r.lead_time.value_in(Unit::Day)?);
    let due_days = before_alarm_days.min(max_residence_days);
    let day = |v: f64| Duration::from_unit(v, Unit::Day).unwrap_or_default();
    let drug_amount = r.fill_volume * r.concentration;
    let accuracy = r.pump.accuracy.canonical();
    let above_alarm_ml = snap(fill_ml - alarm_ml).max(0.0);
    let earliest_days = snap(above_alarm_ml / (flow_ml_day * (1.0 + accuracy / 100.0)));
    let mut plan = RefillPlan {
        flow_rate,
        days_to_alarm: day(alarm_days),
        earliest_alarm: day(earliest_days),
        days_to_empty: day(snap(fill_ml / flow_ml_day)),
        refill_due: day(due_days),
        drug_amount,
        daily_dose: r.daily_dose,
        containers: refill_containers(r.concentration, drug_amount)?,
        findings: Findings::new(),
    };
    let days = |v: f64| Measure::new(v, Unit::Day);
    if before_alarm_days > max_residence_days {
        let f = Finding::new(
            Code::RefillIntervalCappedByStability,
            Severity::Info,
            Source(&c"[STAB-2023]"),
            days(before_alarm_days),
        );
        plan.findings.push(f.with_limit(days(max_residence_days)));
    }
    if alarm_ml < RECOMMENDED_ALARM_ML {
        let f = Finding::new(
            Code::AlarmVolumeBelowRecommended,
            Severity::Soft,
            Source(&c"[RESID-2004]"),
            Measure::new(alarm_ml, Unit::Milliliter),
        );
        plan.findings
            .push(f.with_limit(Measure::new(RECOMMENDED_ALARM_ML, Unit::Milliliter)));
    }
    if due_days <= 0.0 {
        let f = Finding::new(
            Code::RefillDueNow,
            Severity::Hard,
            Source(&c"002 Boxed Warning; [MDT-PT]"),
            days(due_days),
        );
        plan.findings.push(for_risk(f, r.risk_factors));
    }
    let reservoir_days = snap(r.pump.reservoir.canonical() / flow_ml_day);
    if reservoir_days < 1.0 {
        // Refills come every 4 to 12 weeks ([MEDSCAPE-ITB]): a reservoir gone in a day is a
        // concentration or unit error, not a plan.
        let h = |d: f64| Measure::new(snap(d * 24.0), Unit::Hour);
        let f = Finding::new(
            Code::ReservoirEmptyWithinADay,
            Severity::Hard,
            Source(&c"[MEDSCAPE-ITB]"),
            h(reservoir_days),
        );
        plan.findings.push(f.with_limit(h(1.0)));
    }
    if earliest_days < due_days {
        let f = Finding::new(
            Code::AlarmBeforeDue,
            Severity::Info,
            Source(&c"[MDT-FSN16]; [MDT-FSN14]"),
            days(earliest_days),
        );
        plan.findings.push(f.with_limit(days(due_days)));
    }
    let steps = u32::try_from(r.steps).unwrap_or(u32::MAX);
    if let Some(max) = r.pump.max_steps.filter(|max| steps > *max) {
        let count = |n: u32| Measure::new(f64::from(n), Unit::Step);
        plan.findings.push(
            Finding::new(
                Code::TooManySteps,
                Severity::Soft,
                Source(&c"[MDT-UK]"),
                count(steps),
            )
            .with_limit(count(max)),
        );
    }
    check_pump_concentration(r.concentration, &mut plan.findings);
    check_daily_dose(r.daily_dose, &mut plan.findings);
    check_pump(&r.pump, &mut plan.findings);
    check_risk_factors(r.risk_factors, &mut plan.findings);
    Ok(plan)
}

/// The days to the low-reservoir alarm alone: [`refill_plan`]'s `days_to_alarm`, by the same
/// reading and checks of the pump, concentration, dose, fill, alarm volume and maximum
/// residence too), without its containers and findings: what a column of refill records
/// needs, row after row. A record [`refill_plan`] refuses, this refuses with the same error.
///
/// ```
/// use itb::pump::PumpModel;
/// use itb::refill::{days_to_alarm, Delivery, RefillRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let request = RefillRequest::new(
///     PumpModel::SynchromedIi20,
///     Input::new(2000.0, Unit::McgPerMl),
///     Delivery::DailyDose(Input::new(500.0, Unit::McgPerDay)),
/// );
/// assert_eq!(days_to_alarm(&request)?.value_in(Unit::Day)?, 72.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn days_to_alarm(request: &RefillRequest<'_>) -> Result<Duration, Error> {
    let t = Timing::of(&Refill::read(request)?)?;
    Ok(Duration::from_unit(t.alarm_days, Unit::Day).unwrap_or_default())
}

/// The flow and the days to the alarm of a read refill request, its volumes checked.
struct Timing {
    fill_ml: f64,
    alarm_ml: f64,
    max_residence_days: f64,
    flow_rate: FlowRate,
    flow_ml_day: f64,
    alarm_days: f64,
}

impl Timing {
    fn of(r: &Refill) -> Result<Timing, Error> {
        require_daily_dose(r.daily_dose, "daily_dose")?;
        // Each volume leaves its quantity once, snapped, for every check and sum below.
        let (fill_ml, alarm_ml) = (r.fill_volume.canonical(), r.alarm_volume.canonical());
        let reservoir_ml = r.pump.reservoir.canonical();
        fill_within(fill_ml, reservoir_ml)?;
        if alarm_ml >= reservoir_ml {
            return Err(alarm_not_below(alarm_ml, "alarm_volume"));
        }
        let max_residence_days = r.max_residence.value_in(Unit::Day)?;
        if max_residence_days <= 0.0 {
            let value = Some(Measure::new(max_residence_days, Unit::Day));
            let allowed = "more than 0 days";
            return Err(Error::new(ErrorKind::Zero, "max_residence", value, allowed));
        }
        let flow_rate = flow(r.daily_dose, r.concentration)?;
        let flow_ml_day = flow_rate.value_in(Unit::MlPerDay)?;
        let above_alarm_ml = snap(fill_ml - alarm_ml).max(0.0);
        Ok(Timing {
            fill_ml,
            alarm_ml,
            max_residence_days,
            flow_rate,
            flow_ml_day,
            alarm_days: snap(above_alarm_ml / flow_ml_day),
        })
    }
}

/// The whole days of a duration from a refill, rounded down: a date booked from it is never
/// later than the exact moment (an alarm in 72.9 days is booked on day 72; a refill half a day
/// overdue, −0.5 days, on day −1). Snapped first, so 71.99999999999999 days of binary noise is
/// the 72 days it means. More days than an `i64` holds is `out_of_range` on `field`.
///
/// ```
/// use itb::refill::whole_days;
/// use itb::units::{ClinicalQuantity, Duration, Unit};
/// let days = |v| whole_days(Duration::from_unit(v, Unit::Day).unwrap(), "duration");
/// assert_eq!(days(72.9)?, 72);
/// assert_eq!(days(-0.5)?, -1);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn whole_days(duration: Duration, field: &'static str) -> Result<i64, Error> {
    let days = duration.value_in(Unit::Day)?;
    // 2^63 is exact in f64: from −2^63 and below 2^63 the count fits. Checked before rounding
    // down, so that the subtraction below cannot overflow (−1e19 days saturates to i64::MIN).
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !(-LIMIT..LIMIT).contains(&days) {
        let value = Some(Measure::new(days, Unit::Day));
        let allowed = "a number of days that fits in a 64-bit integer";
        return Err(Error::new(ErrorKind::OutOfRange, field, value, allowed));
    }
    let truncated = days as i64; // in range here; NaN was refused above
    let whole = if (truncated as f64) > days {
        truncated - 1
    } else {
        truncated
    };
    Ok(whole)
}

/// A fill must be above zero and at most the pump's reservoir.
pub fn check_fill(fill: Volume, pump: &Pump) -> Result<(), Error> {
    fill_within(fill.canonical(), pump.reservoir.canonical())
}

/// [`check_fill`] on volumes in mL.
fn fill_within(fill_ml: f64, reservoir_ml: f64) -> Result<(), Error> {
    let value = Some(Measure::new(fill_ml, Unit::Milliliter));
    if fill_ml <= 0.0 {
        return Err(Error::new(
            ErrorKind::Zero,
            "fill_volume",
            value,
            "a fill above 0 mL",
        ));
    }
    if fill_ml > reservoir_ml {
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "fill_volume",
            value,
            "a fill no larger than the pump's reservoir",
        ));
    }
    Ok(())
}

/// The programmed delivery at a refill visit: a daily dose at a concentration, or a flow.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Programmed {
    /// The daily dose (above zero) and the concentration (above zero): flow = dose / concentration.
    Dose {
        /// The programmed daily dose.
        daily_dose: Input<DoseRate>,
        /// The concentration in the reservoir.
        concentration: Input<Concentration>,
    },
    /// The programmed daily volume, above zero.
    FlowRate(Input<FlowRate>),
}

/// The request of [`reconcile`]: what a refill visit found.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ReconcileRequest {
    /// The volume filled at the last refill.
    pub fill_volume: Input<Volume>,
    /// Time since that refill, above zero.
    pub elapsed: Input<Duration>,
    /// The programmed delivery.
    pub programmed: Programmed,
    /// The volume drawn out of the pump now, at most the fill.
    pub aspirated_volume: Input<Volume>,
    /// The discrepancy worth evaluating; `None`: [`DEFAULT_THRESHOLD_ML`] (\[ASRA-2017\]).
    pub threshold: Option<Input<Volume>>,
    /// The pump, when known: its accuracy and reservoir (`None`: ±
    /// [`DEFAULT_ACCURACY_PERCENT`](crate::pump::DEFAULT_ACCURACY_PERCENT), no reservoir check).
    pub pump: Option<PumpInput>,
    /// The patient's withdrawal risk factors (002 Boxed Warning); empty when none is known.
    pub risk_factors: Given<RiskFactors>,
}

/// Expected against aspirated residual.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Reconciliation {
    /// The programmed daily volume (dose / concentration when a dose was given).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub flow_rate: FlowRate,
    /// max(0, fill − flow × elapsed).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub expected_volume: Volume,
    /// aspirated − expected (negative: less left than expected).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub discrepancy: Volume,
    /// (fill − aspirated) / elapsed.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub implied_flow_rate: FlowRate,
    /// (implied / programmed − 1) × 100.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub delivery_error: Ratio,
    /// See [`reconcile`].
    pub findings: Findings,
}

/// Reconciles a refill visit (expected = max(0, fill − flow × elapsed), derived): `residual_discrepancy` (soft, \[ASRA-2017\]),
/// `over_delivery` / `under_delivery` beyond the pump's accuracy (soft, \[MDT-FSN14\]),
/// `reservoir_expected_empty` (hard, \[MDT-FSN16\]; then the delivery error says nothing about
/// the pump, so neither over- nor under-delivery is raised), the pump's findings,
/// `screening_strength_in_pump` (soft, 001 Administration; when a concentration is given) and
/// `withdrawal_risk` (soft, 002 Boxed Warning).
///
/// ```
/// use itb::refill::{reconcile, Programmed, ReconcileRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// // Worked by hand: 20 mL filled, 60 days at 500 mcg/day of 2000 mcg/mL, 3 mL aspirated.
/// let r = reconcile(&ReconcileRequest {
///     fill_volume: Input::new(20.0, Unit::Milliliter),
///     elapsed: Input::new(60.0, Unit::Day),
///     programmed: Programmed::Dose {
///         daily_dose: Input::new(500.0, Unit::McgPerDay),
///         concentration: Input::new(2000.0, Unit::McgPerMl),
///     },
///     aspirated_volume: Input::new(3.0, Unit::Milliliter),
///     threshold: None,
///     pump: None,
///     risk_factors: Default::default(),
/// })?;
/// assert_eq!(r.flow_rate.value_in(Unit::MlPerDay)?, 0.25);
/// assert_eq!(r.expected_volume.value_in(Unit::Milliliter)?, 5.0);
/// assert_eq!(r.discrepancy.value_in(Unit::Milliliter)?, -2.0);
/// assert!(r.findings.is_empty()); // exactly 2 mL is not above 2 mL; +13.3 % is within 14.5 %
/// # Ok::<(), itb::Error>(())
/// ```
pub fn reconcile(request: &ReconcileRequest) -> Result<Reconciliation, Error> {
    let r = Visit::read(request)?;
    if let Some(pump) = &r.pump {
        check_fill(r.fill_volume, pump)?;
    }
    let elapsed_days = r.elapsed.value_in(Unit::Day)?;
    if elapsed_days <= 0.0 {
        return Err(Error::new(
            ErrorKind::Zero,
            "elapsed",
            Some(Measure::new(elapsed_days, Unit::Day)),
            "more than 0 days",
        ));
    }
    let flow_ml_day = r.flow_rate.value_in(Unit::MlPerDay)?;
    if flow_ml_day <= 0.0 {
        return Err(Error::new(
            ErrorKind::Zero,
            "flow_rate",
            Some(Measure::new(flow_ml_day, Unit::MlPerDay)),
            "more than 0 mL/day",
        ));
    }
    let fill_ml = r.fill_volume.canonical();
    let aspirated_ml = r.aspirated_volume.canonical();
    if aspirated_ml > fill_ml {
        let value = Some(Measure::new(aspirated_ml, Unit::Milliliter));
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "aspirated_volume",
            value,
            "no more than the volume filled",
        ));
    }
    let left_ml = snap(fill_ml - snap(flow_ml_day * elapsed_days));
    let expected_ml = left_ml.max(0.0);
    let discrepancy_ml = snap(aspirated_ml - expected_ml);
    let delivered_ml = snap(fill_ml - aspirated_ml);
    let implied_ml_day = snap(delivered_ml / elapsed_days);
    let error_pct = snap((delivered_ml / snap(flow_ml_day * elapsed_days) - 1.0) * 100.0);
    let ml = |v: f64| Measure::new(v, Unit::Milliliter);
    let percent = |v: f64| Measure::new(v, Unit::Percent);
    let mut findings = Findings::new();
    let threshold_ml = r.threshold.canonical();
    if discrepancy_ml.abs() > threshold_ml {
        let f = Finding::new(
            Code::ResidualDiscrepancy,
            Severity::Soft,
            Source(&c"[ASRA-2017]"),
            ml(discrepancy_ml),
        );
        findings.push(f.with_limit(ml(threshold_ml)));
    }
    if left_ml <= 0.0 {
        let f = Finding::new(
            Code::ReservoirExpectedEmpty,
            Severity::Hard,
            Source(&c"[MDT-FSN16]"),
            ml(expected_ml),
        );
        findings.push(for_risk(f, r.risk_factors));
    } else {
        let accuracy = r.pump.map_or(crate::pump::DEFAULT_ACCURACY_PERCENT, |p| {
            p.accuracy.canonical()
        });
        if error_pct > accuracy {
            findings.push(
                Finding::new(
                    Code::OverDelivery,
                    Severity::Soft,
                    Source(&c"[MDT-FSN14]"),
                    percent(error_pct),
                )
                .with_limit(percent(accuracy)),
            );
        } else if error_pct < -accuracy {
            let f = Finding::new(
                Code::UnderDelivery,
                Severity::Soft,
                Source(&c"[SGOUROS]; [MDT-FSN14]"),
                percent(-error_pct),
            );
            findings.push(f.with_limit(percent(accuracy)));
        }
    }
    if let Some(pump) = &r.pump {
        check_pump(pump, &mut findings);
    }
    if let Some(concentration) = r.concentration {
        check_screening_strength(concentration, &mut findings);
    }
    check_risk_factors(r.risk_factors, &mut findings);
    let volume = |v: f64| Volume::from_unit(v, Unit::Milliliter).unwrap_or_default();
    Ok(Reconciliation {
        flow_rate: r.flow_rate,
        expected_volume: volume(expected_ml),
        discrepancy: volume(discrepancy_ml),
        implied_flow_rate: FlowRate::from_unit(implied_ml_day, Unit::MlPerDay).unwrap_or_default(),
        delivery_error: Ratio::from_unit(error_pct, Unit::Percent).unwrap_or_default(),
        findings,
    })
}

/// A reconcile request once read, in the protocol's order: fill, elapsed, the programmed flow
/// (a dose is checked above zero, then its concentration, then their ratio), aspirated,
/// threshold, pump, risk factors.
struct Visit {
    fill_volume: Volume,
    elapsed: Duration,
    flow_rate: FlowRate,
    concentration: Option<Concentration>,
    aspirated_volume: Volume,
    threshold: Volume,
    pump: Option<Pump>,
    risk_factors: RiskFactors,
}

impl Visit {
    fn read(r: &ReconcileRequest) -> Result<Visit, Error> {
        let fill_volume = r.fill_volume.read("fill_volume")?;
        let elapsed = r.elapsed.read("elapsed")?;
        let (flow_rate, concentration) = match r.programmed {
            Programmed::FlowRate(f) => (f.read("flow_rate")?, None),
            Programmed::Dose {
                daily_dose,
                concentration,
            } => {
                let daily_dose = daily_dose.read("daily_dose")?;
                require_daily_dose(daily_dose, "daily_dose")?;
                let concentration = concentration.read("concentration")?;
                require_positive_concentration(concentration, "concentration")?;
                (flow(daily_dose, concentration)?, Some(concentration))
            }
        };
        let aspirated_volume = r.aspirated_volume.read("aspirated_volume")?;
        let threshold = match r.threshold {
            Some(t) => t.read("threshold")?,
            None => Volume::from_unit(DEFAULT_THRESHOLD_ML, Unit::Milliliter).unwrap_or_default(),
        };
        let pump = r.pump.as_ref().map(PumpInput::read).transpose()?;
        Ok(Visit {
            fill_volume,
            elapsed,
            flow_rate,
            concentration,
            aspirated_volume,
            threshold,
            pump,
            risk_factors: r.risk_factors.read("risk_factors", RISK_FACTOR_IDS)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pump::PumpModel;
    use crate::schedule::{FlexStep, TimeOfDay};

    fn plan_for(concentration: f64, dose: f64) -> RefillRequest<'static> {
        RefillRequest::new(
            PumpModel::SynchromedIi20,
            Input::new(concentration, Unit::McgPerMl),
            Delivery::DailyDose(Input::new(dose, Unit::McgPerDay)),
        )
    }

    fn codes(f: &Findings) -> Vec<Code> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn domain_example_with_its_containers() {
        // 500 / 2000 = 0.25 mL/day; (20 − 2) / 0.25 = 72 days; 20 / 0.25 = 80; 72 − 7 = 65;
        // 20 mL × 2000 mcg/mL = 40,000 mcg: one 40 mg/20 mL ampoule, or four 10 mg/5 mL.
        let plan = refill_plan(&plan_for(2000.0, 500.0)).unwrap();
        assert_eq!(plan.flow_rate.value_in(Unit::MlPerDay).unwrap(), 0.25);
        assert_eq!(plan.days_to_alarm.value_in(Unit::Day).unwrap(), 72.0);
        assert_eq!(plan.days_to_empty.value_in(Unit::Day).unwrap(), 80.0);
        assert_eq!(plan.refill_due.value_in(Unit::Day).unwrap(), 65.0);
        assert_eq!(
            plan.drug_amount.value_in(Unit::Microgram).unwrap(),
            40_000.0
        );
        let c: Vec<(&str, u32, f64)> = plan
            .containers
            .iter()
            .map(|p| {
                (
                    p.product.id,
                    p.containers.count,
                    p.containers.waste.canonical(),
                )
            })
            .collect();
        assert_eq!(
            c,
            [("itb_2000mcg_20ml", 1, 0.0), ("itb_2000mcg_5ml", 4, 0.0)]
        );
        // Running 14.5 % fast, the alarm comes after 18 / (0.25 × 1.145) = 62.88 days, before
        // the refill due on day 65.
        let early = plan.earliest_alarm.value_in(Unit::Day).unwrap();
        assert!((early - 62.882_096).abs() < 1e-6, "{early}");
        assert_eq!(codes(&plan.findings), [Code::AlarmBeforeDue]);
    }

    #[test]
    fn a_slow_pump_is_capped_by_stability() {
        // 100 / 2000 = 0.05 mL/day; 18 / 0.05 = 360 days; 360 − 7 = 353 > 180.
        let plan = refill_plan(&plan_for(2000.0, 100.0)).unwrap();
        assert_eq!(plan.refill_due.value_in(Unit::Day).unwrap(), 180.0);
        let f = plan.findings.iter().next().unwrap();
        assert_eq!(f.code, Code::RefillIntervalCappedByStability);
        assert_eq!(f.subject, Measure::new(353.0, Unit::Day));
        assert_eq!(f.limit, Some(Measure::new(180.0, Unit::Day)));
    }

    #[test]
    fn a_short_fill_is_due_now_and_not_allowed() {
        // (3.5 − 2) / 0.25 = 6 days to the alarm, 6 − 7 = −1: due a day ago.
        let mut request = plan_for(2000.0, 500.0);
        request.fill_volume = Some(Input::new(3.5, Unit::Milliliter));
        let plan = refill_plan(&request).unwrap();
        assert_eq!(plan.refill_due.value_in(Unit::Day).unwrap(), -1.0);
        assert_eq!(codes(&plan.findings), [Code::RefillDueNow]);
        assert!(!plan.findings.allowed());
    }

    #[test]
    fn fourteen_flex_steps_are_one_too_many_for_a_synchromed() {
        // 14 hourly steps from 00:00 at 20 mcg/h; the last runs 13:00 → 24:00 (11 h):
        // 13 × 20 + 11 × 20 = 480 mcg/day.
        let steps: Vec<FlexStep> = (0..14)
            .map(|h| FlexStep {
                start: TimeOfDay::from_hm(h, 0, "start").unwrap(),
                rate: Input::new(20.0, Unit::McgPerHour),
            })
            .collect();
        let mut request = plan_for(2000.0, 1.0);
        request.delivery = Delivery::Steps((&steps[..]).into());
        let plan = refill_plan(&request).unwrap();
        assert_eq!(plan.daily_dose.value_in(Unit::McgPerDay).unwrap(), 480.0);
        let f = plan.findings.iter().find(|f| f.code == Code::TooManySteps);
        let f = f.unwrap();
        assert_eq!((f.subject.value, f.limit.unwrap().value), (14.0, 13.0));
    }

    #[test]
    fn fields_are_checked_in_the_protocols_order() {
        let mut request = plan_for(2000.0, 500.0);
        request.fill_volume = Some(Input::new(21.0, Unit::Milliliter));
        let e = refill_plan(&request).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::OutOfRange, "fill_volume"));
        request.fill_volume = None;
        request.alarm_volume = Some(Input::new(20.0, Unit::Milliliter));
        let e = refill_plan(&request).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::OutOfRange, "alarm_volume"));
        // An unreadable concentration is reported before a zero daily dose read after it.
        let mut request = plan_for(2000.0, 0.0);
        request.concentration = Input::unreadable(ErrorKind::UnitUnknown);
        let e = refill_plan(&request).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::UnitUnknown, "concentration"));
    }

    #[test]
    fn whole_days_round_down_after_the_snap() {
        let days = |v: f64, u| whole_days(Duration::from_unit(v, u).unwrap(), "d");
        assert_eq!(days(72.0, Unit::Day), Ok(72));
        assert_eq!(days(71.999_999_999_999_99, Unit::Day), Ok(72)); // noise, not a day less
        assert_eq!(days(-2.5, Unit::Day), Ok(-3));
        assert_eq!(days(47.0, Unit::Hour), Ok(1));
        let e = days(1e19, Unit::Day).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::OutOfRange, "d"));
    }

    fn visit(aspirated: f64, elapsed_days: f64) -> ReconcileRequest {
        ReconcileRequest {
            fill_volume: Input::new(20.0, Unit::Milliliter),
            elapsed: Input::new(elapsed_days, Unit::Day),
            programmed: Programmed::FlowRate(Input::new(0.25, Unit::MlPerDay)),
            aspirated_volume: Input::new(aspirated, Unit::Milliliter),
            threshold: None,
            pump: None,
            risk_factors: Default::default(),
        }
    }

    #[test]
    fn an_overinfusing_pump_is_found() {
        // 30 days at 0.25 mL/day: 12.5 mL expected; 10 mL drawn: −2.5 mL, beyond 2 mL.
        // Delivered 10 mL where 7.5 mL was programmed: +33.33 %, beyond ±14.5 %.
        let r = reconcile(&visit(10.0, 30.0)).unwrap();
        assert_eq!(r.expected_volume.value_in(Unit::Milliliter).unwrap(), 12.5);
        assert_eq!(r.discrepancy.value_in(Unit::Milliliter).unwrap(), -2.5);
        assert_eq!(
            r.delivery_error.value_in(Unit::Percent).unwrap(),
            snap(100.0 / 3.0)
        );
        assert_eq!(
            codes(&r.findings),
            [Code::ResidualDiscrepancy, Code::OverDelivery]
        );
    }

    #[test]
    fn an_expected_empty_reservoir_says_nothing_about_the_pump() {
        // 100 days at 0.25 mL/day is 25 mL from a 20 mL fill: expected 0, not −5.
        let r = reconcile(&visit(0.0, 100.0)).unwrap();
        assert_eq!(r.expected_volume.value_in(Unit::Milliliter).unwrap(), 0.0);
        assert_eq!(codes(&r.findings), [Code::ReservoirExpectedEmpty]);
        assert!(!r.findings.allowed());
        let e = reconcile(&visit(21.0, 10.0)).unwrap_err();
        assert_eq!(
            (e.kind, e.field),
            (ErrorKind::OutOfRange, "aspirated_volume")
        );
    }
}
