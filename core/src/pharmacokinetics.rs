//! A one-compartment estimate of baclofen in the cerebrospinal fluid (CSF) after lumbar
//! intrathecal delivery, from the US label's mean figures (002 Clinical Pharmacology): a CSF
//! elimination half-life of 1.51 h and a CSF clearance of about 30 mL/h after a bolus in seven
//! patients, the same clearance on continuous infusion in ten, and a lumbar:cisternal gradient
//! of about 4:1 in five, whose "interpatient variability was great".
//!
//! k = ln 2 / half-life; the volume is clearance / k (about 65 mL). A bolus B at time 0:
//! C(t) = B / V × e^(−k t). An infusion at R from time 0: C(t) = R / clearance × (1 − e^(−k t)),
//! approaching R / clearance, and reaching 90 % of it at ln 10 / k. It is always an estimate,
//! flagged `model_estimate`, never a dosing rule.

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::schedule::require_daily_dose;
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, FlowRate, Input, Mass, Measure, Unit,
    Volume, snap,
};

/// The mean CSF elimination half-life after a lumbar bolus, h (002 Clinical Pharmacology).
pub const DEFAULT_HALF_LIFE_H: f64 = 1.51;
/// The mean CSF clearance, mL/h (002 Clinical Pharmacology).
pub const DEFAULT_CLEARANCE_ML_PER_H: f64 = 30.0;
/// The lumbar:cisternal concentration gradient during lumbar infusion (002 Clinical
/// Pharmacology: "about 4: 1").
pub const LUMBAR_TO_CISTERNAL: f64 = 4.0;
/// The most time points one profile computes.
pub const MAX_TIMES: usize = 1000;

/// The time points of a profile, borrowed (without `std`) or owned.
#[cfg(feature = "std")]
pub type Times<'a> = std::borrow::Cow<'a, [Input<Duration>]>;
/// The time points of a profile, borrowed (without `std`) or owned.
#[cfg(not(feature = "std"))]
pub type Times<'a> = &'a [Input<Duration>];

/// What is given: one bolus at time 0, or a continuous infusion from time 0.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Dosing {
    /// A lumbar bolus, above zero.
    Bolus(Input<Mass>),
    /// A continuous infusion at this daily dose, above zero.
    DailyDose(Input<DoseRate>),
}

/// The request of [`pk_profile`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read only with std: the times are then owned (Cow); without it they are borrowed.
#[cfg_attr(feature = "std", derive(serde::Deserialize))]
pub struct PkRequest<'a> {
    /// The bolus or the infusion.
    pub dosing: Dosing,
    /// The times to estimate, from 1 to [`MAX_TIMES`], each 0 or more.
    pub times: Times<'a>,
    /// The CSF half-life, above zero; `None`: [`DEFAULT_HALF_LIFE_H`].
    pub half_life: Option<Input<Duration>>,
    /// The CSF clearance, above zero; `None`: [`DEFAULT_CLEARANCE_ML_PER_H`].
    pub clearance: Option<Input<FlowRate>>,
}

/// One estimated point: the CSF concentrations at a time.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PkPoint {
    /// Time since the bolus or the start of the infusion.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub time: Duration,
    /// The lumbar CSF concentration.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub lumbar: Concentration,
    /// The cisternal CSF concentration: lumbar / 4.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub cisternal: Concentration,
}

/// A CSF profile: the model's volume, its points, and for an infusion its steady state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PkProfile<'a> {
    /// The distribution volume: clearance / k.
    pub volume: Volume,
    /// An infusion's steady state: rate / clearance.
    pub steady_state: Option<Concentration>,
    /// An infusion's time to 90 % of the steady state: ln 10 / k.
    pub time_to_90_percent: Option<Duration>,
    /// `model_estimate` (info), always.
    pub findings: Findings,
    times: &'a [Input<Duration>],
    model: Model,
}

/// The model once read: mcg, mL and h.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Model {
    k_per_h: f64,
    volume_ml: f64,
    clearance_ml_per_h: f64,
    bolus_mcg: Option<f64>,
    rate_mcg_per_h: f64,
}

impl Model {
    /// The lumbar concentration at `t_h`, mcg/mL.
    fn lumbar(&self, t_h: f64) -> f64 {
        let decay = libm::exp(-self.k_per_h * t_h);
        match self.bolus_mcg {
            Some(b) => b / self.volume_ml * decay,
            None => self.rate_mcg_per_h / self.clearance_ml_per_h * (1.0 - decay),
        }
    }
}

impl PkProfile<'_> {
    /// The point at each time of the request, in its order.
    pub fn points(&self) -> impl Iterator<Item = PkPoint> + '_ {
        self.times.iter().map(|t| {
            // Every time was read and checked by pk_profile.
            let time = t.read("times").unwrap_or_default();
            let lumbar = snap(
                self.model
                    .lumbar(time.value_in(Unit::Hour).unwrap_or(f64::NAN)),
            );
            let mcg_per_ml =
                |v: f64| Concentration::from_unit(v, Unit::McgPerMl).unwrap_or_default();
            PkPoint {
                time,
                lumbar: mcg_per_ml(lumbar),
                cisternal: mcg_per_ml(snap(lumbar / LUMBAR_TO_CISTERNAL)),
            }
        })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PkProfile<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::units::serial::{Canonical, Seq};
        use serde::ser::SerializeStruct;
        let mut f = s.serialize_struct("PkProfile", 5)?;
        f.serialize_field("volume", &Canonical(self.volume))?;
        f.serialize_field("points", &Seq(|| self.points()))?;
        f.serialize_field("steady_state", &self.steady_state.map(Canonical))?;
        f.serialize_field(
            "time_to_90_percent",
            &self.time_to_90_percent.map(Canonical),
        )?;
        f.serialize_field("findings", &self.findings)?;
        f.end()
    }
}

/// The estimated lumbar and cisternal CSF concentrations at the request's times, after a bolus
/// or during an infusion. Always `model_estimate` (info; 002 Clinical Pharmacology).
///
/// ```
/// use itb::pharmacokinetics::{pk_profile, Dosing, PkRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let times = [Input::new(0.0, Unit::Hour), Input::new(1.51, Unit::Hour)];
/// let request = PkRequest {
///     dosing: Dosing::Bolus(Input::new(100.0, Unit::Microgram)),
///     times: (&times[..]).into(),
///     half_life: None,
///     clearance: None,
/// };
/// let p = pk_profile(&request)?; // the points borrow the request's times
/// // Worked by hand: V = 30 × 1.51 / ln 2 = 65.35 mL; 100 / 65.35 = 1.530 mcg/mL, half of it
/// // one half-life later.
/// let lumbar: Vec<f64> = p.points().map(|x| x.lumbar.value_in(Unit::McgPerMl).unwrap()).collect();
/// assert!((lumbar[0] - 1.5301).abs() < 1e-4 && (lumbar[1] - lumbar[0] / 2.0).abs() < 1e-12);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn pk_profile<'a>(r: &'a PkRequest<'_>) -> Result<PkProfile<'a>, Error> {
    let (bolus_mcg, rate_mcg_per_h) = match r.dosing {
        Dosing::Bolus(b) => (Some(positive_bolus(b.read("bolus")?)?), 0.0),
        Dosing::DailyDose(d) => {
            let dose = d.read("daily_dose")?;
            require_daily_dose(dose, "daily_dose")?;
            (None, dose.value_in(Unit::McgPerHour)?)
        }
    };
    let times = AsRef::<[Input<Duration>]>::as_ref(&r.times);
    check_times(times)?;
    let half_life_h = match r.half_life {
        Some(h) => positive(
            h.read("half_life")?.value_in(Unit::Hour)?,
            Unit::Hour,
            "half_life",
        )?,
        None => DEFAULT_HALF_LIFE_H,
    };
    let clearance_ml_per_h = match r.clearance {
        Some(c) => {
            let ml_per_h = c.read("clearance")?.value_in(Unit::MlPerHour)?;
            positive(ml_per_h, Unit::MlPerHour, "clearance")?
        }
        None => DEFAULT_CLEARANCE_ML_PER_H,
    };
    let k_per_h = core::f64::consts::LN_2 / half_life_h;
    let model = Model {
        k_per_h,
        volume_ml: clearance_ml_per_h / k_per_h,
        clearance_ml_per_h,
        bolus_mcg,
        rate_mcg_per_h,
    };
    let infusion = bolus_mcg.is_none();
    let steady = snap(rate_mcg_per_h / clearance_ml_per_h);
    let to_90_h = snap(core::f64::consts::LN_10 / k_per_h);
    let mut findings = Findings::new();
    findings.push(Finding::new(
        Code::ModelEstimate,
        Severity::Info,
        Source(&c"002 Clinical Pharmacology"),
        Measure::new(half_life_h, Unit::Hour),
    ));
    Ok(PkProfile {
        volume: Volume::from_measure(
            Measure::new(snap(model.volume_ml), Unit::Milliliter),
            "clearance",
        )?,
        steady_state: infusion
            .then(|| {
                Concentration::from_measure(Measure::new(steady, Unit::McgPerMl), "daily_dose")
            })
            .transpose()?,
        time_to_90_percent: infusion
            .then(|| Duration::from_measure(Measure::new(to_90_h, Unit::Hour), "half_life"))
            .transpose()?,
        findings,
        times,
        model,
    })
}

/// A bolus above zero, in mcg.
fn positive_bolus(bolus: Mass) -> Result<f64, Error> {
    let mcg = bolus.canonical();
    if mcg > 0.0 {
        return Ok(mcg);
    }
    let value = Some(Measure::new(mcg, Unit::Microgram));
    Err(Error::new(
        ErrorKind::OutOfRange,
        "bolus",
        value,
        "a bolus above 0 mcg",
    ))
}

/// A model parameter above zero.
fn positive(value: f64, unit: Unit, field: &'static str) -> Result<f64, Error> {
    if value > 0.0 {
        return Ok(value);
    }
    let given = Some(Measure::new(value, unit));
    Err(Error::new(ErrorKind::Zero, field, given, "a value above 0"))
}

/// From 1 to [`MAX_TIMES`] times, each readable and 0 or more (an error names its element).
fn check_times(times: &[Input<Duration>]) -> Result<(), Error> {
    if times.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "times",
            None,
            "a list of 1 to 1,000 times",
        ));
    }
    if times.len() > MAX_TIMES {
        let value = Some(Measure::new(times.len() as f64, Unit::Step));
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "times",
            value,
            "at most 1,000 times",
        ));
    }
    for (i, t) in times.iter().enumerate() {
        t.read("times").map_err(|e| e.in_element(i))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(dosing: Dosing, hours: &[f64]) -> Vec<f64> {
        let times: Vec<Input<Duration>> =
            hours.iter().map(|h| Input::new(*h, Unit::Hour)).collect();
        let r = PkRequest {
            dosing,
            times: (&times[..]).into(),
            half_life: None,
            clearance: None,
        };
        let p = pk_profile(&r).unwrap();
        p.points()
            .map(|x| x.lumbar.value_in(Unit::McgPerMl).unwrap())
            .collect()
    }

    #[test]
    fn an_infusion_reaches_ninety_percent_of_its_steady_state_at_ln10_over_k() {
        // 720 mcg/day = 30 mcg/h; / 30 mL/h = 1 mcg/mL at steady state; ln 10 / (ln 2 / 1.51)
        // = 1.51 × 3.32193 = 5.0161 h.
        let times = [Input::new(
            1.51 * core::f64::consts::LN_10 / core::f64::consts::LN_2,
            Unit::Hour,
        )];
        let r = PkRequest {
            dosing: Dosing::DailyDose(Input::new(720.0, Unit::McgPerDay)),
            times: (&times[..]).into(),
            half_life: None,
            clearance: None,
        };
        let p = pk_profile(&r).unwrap();
        let f = p.findings.iter().next().unwrap();
        assert_eq!((f.code, f.severity), (Code::ModelEstimate, Severity::Info));
        assert_eq!(
            p.steady_state.unwrap().value_in(Unit::McgPerMl).unwrap(),
            1.0
        );
        let t90 = p.time_to_90_percent.unwrap().value_in(Unit::Hour).unwrap();
        assert!((t90 - 5.0161).abs() < 1e-4, "{t90}");
        let point = p.points().next().unwrap();
        assert!((point.lumbar.value_in(Unit::McgPerMl).unwrap() - 0.9).abs() < 1e-9);
        assert!((point.cisternal.value_in(Unit::McgPerMl).unwrap() - 0.225).abs() < 1e-9);
    }

    #[test]
    fn a_bolus_halves_each_half_life_and_an_infusion_starts_at_zero() {
        let c = profile(
            Dosing::Bolus(Input::new(50.0, Unit::Microgram)),
            &[0.0, 1.51, 3.02],
        );
        assert!((c[1] - c[0] / 2.0).abs() < 1e-12 && (c[2] - c[0] / 4.0).abs() < 1e-12);
        let i = profile(
            Dosing::DailyDose(Input::new(500.0, Unit::McgPerDay)),
            &[0.0],
        );
        assert_eq!(i, [0.0]);
    }

    #[test]
    fn times_are_counted_and_each_is_checked_by_its_index() {
        let r = |times: Vec<Input<Duration>>| {
            let r = PkRequest {
                dosing: Dosing::Bolus(Input::new(50.0, Unit::Microgram)),
                times: (&times[..]).into(),
                half_life: None,
                clearance: None,
            };
            pk_profile(&r).map(|_| ()).unwrap_err()
        };
        assert_eq!(r(vec![]).kind, ErrorKind::InvalidValue);
        assert_eq!(
            r(vec![Input::new(1.0, Unit::Hour); 1001]).kind,
            ErrorKind::OutOfRange
        );
        let e = r(vec![
            Input::new(1.0, Unit::Hour),
            Input::new(-1.0, Unit::Hour),
        ]);
        assert_eq!(
            (e.kind, e.path().to_string()),
            (ErrorKind::Negative, "times[1]".to_owned())
        );
    }
}
