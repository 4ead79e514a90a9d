//! Refills: how long the drug lasts, when the alarm sounds, when to book the refill, and
//! whether what came out of the pump matches what should have (domain.md §6.4–6.9).

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity};
use crate::product::check_concentration;
use crate::pump::{Pump, check_alarm_below_reservoir, check_pump};
use crate::schedule::{check_daily_dose, require_daily_dose, require_positive_concentration};
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, FlowRate, Mass, Measure, Ratio, Unit,
    Volume, snap,
};

/// The manufacturer-recommended low-reservoir alarm volume, mL (\[RESID-2004\]).
pub const RECOMMENDED_ALARM_ML: f64 = 2.0;
/// The default largest time in the pump, days (\[STAB-2023\]: refill within 180 days).
pub const DEFAULT_MAX_RESIDENCE_DAYS: f64 = 180.0;
/// The default lead time before the alarm date, days: clinics refill 3–5 days before it
/// (\[GILLETTE\]) and patients are told to book a week early (\[MDT-PT\]; domain.md §6.5).
pub const DEFAULT_LEAD_TIME_DAYS: f64 = 7.0;
/// The default residual-discrepancy threshold, mL (\[ASRA-2017\]).
pub const DEFAULT_THRESHOLD_ML: f64 = 2.0;

/// What a refill plan needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefillRequest {
    /// The pump.
    pub pump: Pump,
    /// The concentration in the reservoir.
    pub concentration: Concentration,
    /// The daily dose (a flex schedule's total).
    pub daily_dose: DoseRate,
    /// The number of flex steps a day (1 for continuous delivery).
    pub steps: u32,
    /// The volume filled (at most the reservoir).
    pub fill_volume: Volume,
    /// The alarm volume (the pump's unless overridden).
    pub alarm_volume: Volume,
    /// The largest time in the pump.
    pub max_residence: Duration,
    /// How long before the alarm date to refill.
    pub lead_time: Duration,
}

/// A refill plan. Durations count from the refill.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefillPlan {
    /// Daily volume.
    pub flow_rate: FlowRate,
    /// max(0, (fill − alarm) / flow).
    pub days_to_alarm: Duration,
    /// fill / flow.
    pub days_to_empty: Duration,
    /// min(days_to_alarm − lead_time, max_residence); negative when already late.
    pub refill_due: Duration,
    /// fill × concentration.
    pub drug_amount: Mass,
    /// See [`refill_plan`].
    pub findings: Findings,
}

/// Plans the next refill: `days_to_alarm = max(0, (fill − alarm) / flow)` (domain.md §6.4),
/// due `lead_time` before the alarm, never later than `max_residence` (\[STAB-2023\]).
/// Findings: `refill_interval_capped_by_stability` (info), `alarm_volume_below_recommended`
/// (soft, \[RESID-2004\]), `refill_due_now` (hard), `too_many_steps` (soft, \[MDT-UK\]), the
/// daily-volume findings and the pump's.
///
/// ```
/// use itb::pump;
/// use itb::refill::{refill_plan, RefillRequest};
/// use itb::units::{ClinicalQuantity, Concentration, DoseRate, Duration, Unit, Volume};
/// let p = pump::model("synchromed_ii_20").unwrap();
/// let plan = refill_plan(&RefillRequest {
///     pump: p,
///     concentration: Concentration::from_unit(2000.0, Unit::McgPerMl).unwrap(),
///     daily_dose: DoseRate::from_unit(500.0, Unit::McgPerDay).unwrap(),
///     steps: 1,
///     fill_volume: p.reservoir,
///     alarm_volume: p.low_alarm,
///     max_residence: Duration::from_unit(180.0, Unit::Day).unwrap(),
///     lead_time: Duration::from_unit(7.0, Unit::Day).unwrap(),
/// })?;
/// // domain.md §10.2: 0.25 mL/day; alarm in 72 days; empty in 80 days.
/// assert_eq!(plan.days_to_alarm.value_in(Unit::Day)?, 72.0);
/// assert_eq!(plan.refill_due.value_in(Unit::Day)?, 65.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn refill_plan(r: &RefillRequest) -> Result<RefillPlan, Error> {
    require_daily_dose(r.daily_dose, "daily_dose")?;
    require_positive_concentration(r.concentration, "concentration")?;
    if r.steps == 0 {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "steps",
            None,
            "at least one step a day",
        ));
    }
    check_fill(r.fill_volume, &r.pump)?;
    check_alarm_below_reservoir(r.alarm_volume, r.pump.reservoir, "alarm_volume")?;
    let max_residence_days = r.max_residence.value_in(Unit::Day)?;
    if max_residence_days <= 0.0 {
        let value = Some(Measure::new(max_residence_days, Unit::Day));
        return Err(Error::new(
            ErrorKind::Zero,
            "max_residence",
            value,
            "more than 0 days",
        ));
    }
    let flow_rate: FlowRate = r.daily_dose / r.concentration;
    crate::schedule::check_finite_flow(flow_rate, "daily_dose")?;
    let flow_ml_day = flow_rate.value_in(Unit::MlPerDay)?;
    let fill_ml = r.fill_volume.canonical();
    let above_alarm_ml = snap(fill_ml - r.alarm_volume.canonical()).max(0.0);
    let alarm_days = snap(above_alarm_ml / flow_ml_day);
    let before_alarm_days = snap(alarm_days - r.lead_time.value_in(Unit::Day)?);
    let due_days = before_alarm_days.min(max_residence_days);
    let day = |v: f64| Duration::from_unit(v, Unit::Day).unwrap_or_default();
    let mut plan = RefillPlan {
        flow_rate,
        days_to_alarm: day(alarm_days),
        days_to_empty: day(snap(fill_ml / flow_ml_day)),
        refill_due: day(due_days),
        drug_amount: r.fill_volume * r.concentration,
        findings: Findings::new(),
    };
    let days = |v: f64| Measure::new(v, Unit::Day);
    if before_alarm_days > max_residence_days {
        let f = Finding::new(
            Code::RefillIntervalCappedByStability,
            Severity::Info,
            "[STAB-2023]",
            days(before_alarm_days),
        );
        plan.findings.push(f.with_limit(days(max_residence_days)));
    }
    let alarm_ml = r.alarm_volume.canonical();
    if alarm_ml < RECOMMENDED_ALARM_ML {
        let f = Finding::new(
            Code::AlarmVolumeBelowRecommended,
            Severity::Soft,
            "[RESID-2004]",
            Measure::new(alarm_ml, Unit::Milliliter),
        );
        plan.findings
            .push(f.with_limit(Measure::new(RECOMMENDED_ALARM_ML, Unit::Milliliter)));
    }
    if due_days <= 0.0 {
        let f = Finding::new(
            Code::RefillDueNow,
            Severity::Hard,
            "002 Boxed Warning; [MDT-PT]",
            days(due_days),
        );
        plan.findings.push(f);
    }
    if let Some(max) = r.pump.max_steps.filter(|max| r.steps > *max) {
        let steps = |n: u32| Measure::new(f64::from(n), Unit::Step);
        plan.findings.push(
            Finding::new(
                Code::TooManySteps,
                Severity::Soft,
                "[MDT-UK]",
                steps(r.steps),
            )
            .with_limit(steps(max)),
        );
    }
    check_concentration(r.concentration, &mut plan.findings);
    check_daily_dose(r.daily_dose, &mut plan.findings);
    check_pump(&r.pump, &mut plan.findings);
    Ok(plan)
}

/// A fill must be above zero and at most the pump's reservoir.
pub fn check_fill(fill: Volume, pump: &Pump) -> Result<(), Error> {
    let fill_ml = fill.canonical();
    let value = Some(Measure::new(fill_ml, Unit::Milliliter));
    if fill_ml <= 0.0 {
        return Err(Error::new(
            ErrorKind::Zero,
            "fill_volume",
            value,
            "a fill above 0 mL",
        ));
    }
    if fill_ml > pump.reservoir.canonical() {
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "fill_volume",
            value,
            "a fill no larger than the pump's reservoir",
        ));
    }
    Ok(())
}

/// What a refill visit found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReconcileRequest {
    /// The volume filled at the last refill.
    pub fill_volume: Volume,
    /// Time since that refill.
    pub elapsed: Duration,
    /// The programmed daily volume.
    pub flow_rate: FlowRate,
    /// The volume drawn out of the pump now.
    pub aspirated_volume: Volume,
    /// The discrepancy worth evaluating (default 2 mL, \[ASRA-2017\]).
    pub threshold: Volume,
    /// The pump, when known: its accuracy and reservoir (default ±14.5 %).
    pub pump: Option<Pump>,
}

/// Expected against aspirated residual.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reconciliation {
    /// max(0, fill − flow × elapsed).
    pub expected_volume: Volume,
    /// aspirated − expected (negative: less left than expected).
    pub discrepancy: Volume,
    /// (fill − aspirated) / elapsed.
    pub implied_flow_rate: FlowRate,
    /// (implied / programmed − 1) × 100.
    pub delivery_error: Ratio,
    /// See [`reconcile`].
    pub findings: Findings,
}

/// Reconciles a refill visit (domain.md §6.9): `residual_discrepancy` (soft, \[ASRA-2017\]),
/// `over_delivery` / `under_delivery` beyond the pump's accuracy (soft, \[MDT-FSN14\]),
/// `reservoir_expected_empty` (hard, \[MDT-FSN16\]; then the delivery error says nothing about
/// the pump, so neither over- nor under-delivery is raised), and the pump's findings.
///
/// ```
/// use itb::refill::{reconcile, ReconcileRequest};
/// use itb::units::{ClinicalQuantity, Duration, FlowRate, Unit, Volume};
/// let ml = |v| Volume::from_unit(v, Unit::Milliliter).unwrap();
/// // domain.md §10.2: 20 mL filled, 60 days at 0.25 mL/day, 3 mL aspirated.
/// let r = reconcile(&ReconcileRequest {
///     fill_volume: ml(20.0),
///     elapsed: Duration::from_unit(60.0, Unit::Day).unwrap(),
///     flow_rate: FlowRate::from_unit(0.25, Unit::MlPerDay).unwrap(),
///     aspirated_volume: ml(3.0),
///     threshold: ml(2.0),
///     pump: None,
/// })?;
/// assert_eq!(r.expected_volume.value_in(Unit::Milliliter)?, 5.0);
/// assert_eq!(r.discrepancy.value_in(Unit::Milliliter)?, -2.0);
/// assert!(r.findings.is_empty()); // exactly 2 mL is not above 2 mL; +13.3 % is within 14.5 %
/// # Ok::<(), itb::Error>(())
/// ```
pub fn reconcile(r: &ReconcileRequest) -> Result<Reconciliation, Error> {
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
            "[ASRA-2017]",
            ml(discrepancy_ml),
        );
        findings.push(f.with_limit(ml(threshold_ml)));
    }
    if left_ml <= 0.0 {
        findings.push(Finding::new(
            Code::ReservoirExpectedEmpty,
            Severity::Hard,
            "[MDT-FSN16]",
            ml(expected_ml),
        ));
    } else {
        let accuracy = r.pump.map_or(crate::pump::DEFAULT_ACCURACY_PERCENT, |p| {
            p.accuracy.canonical()
        });
        if error_pct > accuracy {
            findings.push(
                Finding::new(
                    Code::OverDelivery,
                    Severity::Soft,
                    "[MDT-FSN14]",
                    percent(error_pct),
                )
                .with_limit(percent(accuracy)),
            );
        } else if error_pct < -accuracy {
            let f = Finding::new(
                Code::UnderDelivery,
                Severity::Soft,
                "[MDT-FSN14]; [SGOUROS]",
                percent(-error_pct),
            );
            findings.push(f.with_limit(percent(accuracy)));
        }
    }
    if let Some(pump) = &r.pump {
        check_pump(pump, &mut findings);
    }
    let volume = |v: f64| Volume::from_unit(v, Unit::Milliliter).unwrap_or_default();
    Ok(Reconciliation {
        expected_volume: volume(expected_ml),
        discrepancy: volume(discrepancy_ml),
        implied_flow_rate: FlowRate::from_unit(implied_ml_day, Unit::MlPerDay).unwrap_or_default(),
        delivery_error: Ratio::from_unit(error_pct, Unit::Percent).unwrap_or_default(),
        findings,
    })
}
