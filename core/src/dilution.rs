//! Admixture recipes: diluting a stock solution to a target concentration.
//!
//! `V_stock = V_final × C_target / C_stock`, the rest is diluent (derived: the inverse
//! of C_final = V_stock × C_stock / (V_stock + V_diluent)). The diluent is preservative-free
//! 0.9 % sodium chloride: the US label dilutes with sterile preservative-free sodium chloride
//! (\[LIO-HCP\]) and constant-flow pumps only with sterile 0.9 % saline (\[ARCHIMEDES\]).

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Findings};
use crate::product::check_concentration;
use crate::schedule::require_positive_concentration;
use crate::units::{
    ClinicalQuantity, Concentration, Duration, FlowRate, Input, Mass, Measure, Unit, Volume,
    difference,
};

/// The only diluent itb recommends (\[LIO-HCP\]; \[ARCHIMEDES\]).
pub const DILUENT: &str = crate::finding::text(DILUENT_C);
/// The same, NUL-terminated (for the C ABI).
pub const DILUENT_C: &core::ffi::CStr = c"preservative-free 0.9 % sodium chloride";

/// A dilution recipe.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Dilution {
    /// Stock solution to draw.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub stock_volume: Volume,
    /// Diluent to add ([`DILUENT`]).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub diluent_volume: Volume,
    /// Baclofen in the final volume.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub drug_amount: Mass,
    /// Findings on the stock concentration (nonstandard, above commercial).
    pub findings: Findings,
}

/// The request of [`dilution`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DilutionRequest {
    /// The stock solution, above zero.
    pub stock: Input<Concentration>,
    /// The concentration wanted, above zero and no higher than the stock.
    pub target: Input<Concentration>,
    /// The volume to make, above zero.
    pub final_volume: Input<Volume>,
}

/// How to make a final volume at a target concentration from a stock.
///
/// ```
/// use itb::dilution::{dilution, DilutionRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let d = dilution(&DilutionRequest {
///     stock: Input::new(2000.0, Unit::McgPerMl),
///     target: Input::new(400.0, Unit::McgPerMl),
///     final_volume: Input::new(20.0, Unit::Milliliter),
/// })?;
/// assert_eq!(d.stock_volume.value_in(Unit::Milliliter)?, 4.0);
/// assert_eq!(d.diluent_volume.value_in(Unit::Milliliter)?, 16.0);
/// assert_eq!(d.drug_amount.value_in(Unit::Microgram)?, 8000.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn dilution(r: &DilutionRequest) -> Result<Dilution, Error> {
    let stock = r.stock.read("stock")?;
    let target = r.target.read("target")?;
    let final_volume = r.final_volume.read("final_volume")?;
    recipe(stock, target, final_volume)
}

fn recipe(
    stock: Concentration,
    target: Concentration,
    final_volume: Volume,
) -> Result<Dilution, Error> {
    require_positive_concentration(stock, "stock")?;
    require_positive_concentration(target, "target")?;
    if final_volume.canonical() <= 0.0 {
        return Err(Error::new(
            ErrorKind::Zero,
            "final_volume",
            Some(Measure::new(final_volume.canonical(), Unit::Milliliter)),
            "a final volume above 0 mL",
        ));
    }
    if target.canonical() > stock.canonical() {
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "target",
            Some(Measure::new(target.canonical(), Unit::McgPerMl)),
            "a target no higher than the stock concentration (dilution cannot concentrate)",
        ));
    }
    let drug_amount: Mass = final_volume * target;
    let stock_volume: Volume = drug_amount / stock;
    let diluent_volume = difference(final_volume, stock_volume);
    let mut findings = Findings::new();
    check_concentration(stock, &mut findings);
    Ok(Dilution {
        stock_volume,
        diluent_volume,
        drug_amount,
        findings,
    })
}

/// A fill for a constant-flow (gas-driven) pump, whose dose is set by the concentration.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConstantFlowFill {
    /// reservoir / flow.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub running_time: Duration,
    /// daily dose / flow.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub concentration: Concentration,
    /// Baclofen in the reservoir (overage excluded): reservoir × concentration.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub drug_amount: Mass,
    /// Stock to draw for reservoir + priming overage.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub stock_volume: Volume,
    /// Diluent for reservoir + priming overage ([`DILUENT`]).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub diluent_volume: Volume,
    /// `concentration_above_commercial` on the concentration and `daily_dose_above_1000`
    /// (not `nonstandard_concentration`: a constant-flow fill is always a custom dilution).
    pub findings: Findings,
}

/// The request of [`constant_flow_fill`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConstantFlowFillRequest {
    /// The pump's reservoir, above zero.
    pub reservoir: Input<Volume>,
    /// The pump's fixed flow, above zero.
    pub flow_rate: Input<FlowRate>,
    /// The daily dose, above zero.
    pub daily_dose: Input<crate::units::DoseRate>,
    /// The stock solution, at least daily dose / flow.
    pub stock: Input<Concentration>,
    /// Extra volume prepared for priming; `None`: [`DEFAULT_PRIMING_OVERAGE_ML`].
    pub priming_overage: Option<Input<Volume>>,
}

/// No priming overage unless asked: the ARCHIMEDES worksheet's 3 mL is that pump's practice,
/// not a rule (`docs/PROTOCOL.md`, `constant_flow_fill`).
pub const DEFAULT_PRIMING_OVERAGE_ML: f64 = 0.0;

/// The ARCHIMEDES worksheet (\[ARCHIMEDES\] Appendix B): running time =
/// reservoir / flow; concentration = daily dose / flow; drug volume = amount / stock; saline
/// for the rest; prepare the priming overage extra (the worksheet's 3 mL).
///
/// ```
/// use itb::dilution::{constant_flow_fill, ConstantFlowFillRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let fill = constant_flow_fill(&ConstantFlowFillRequest {
///     reservoir: Input::new(20.0, Unit::Milliliter),
///     flow_rate: Input::new(1.0, Unit::MlPerDay),
///     daily_dose: Input::new(400.0, Unit::McgPerDay),
///     stock: Input::new(2000.0, Unit::McgPerMl),
///     priming_overage: None,
/// })?;
/// assert_eq!(fill.running_time.value_in(Unit::Day)?, 20.0);
/// assert_eq!(fill.stock_volume.value_in(Unit::Milliliter)?, 4.0);
/// assert_eq!(fill.diluent_volume.value_in(Unit::Milliliter)?, 16.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn constant_flow_fill(r: &ConstantFlowFillRequest) -> Result<ConstantFlowFill, Error> {
    let reservoir = r.reservoir.read("reservoir")?;
    let flow_rate = r.flow_rate.read("flow_rate")?;
    let daily_dose = r.daily_dose.read("daily_dose")?;
    let stock = r.stock.read("stock")?;
    let priming_overage = match r.priming_overage {
        Some(v) => v.read("priming_overage")?,
        None => Volume::from_unit(DEFAULT_PRIMING_OVERAGE_ML, Unit::Milliliter).unwrap_or_default(),
    };
    if reservoir.canonical() <= 0.0 {
        let value = Some(Measure::new(reservoir.canonical(), Unit::Milliliter));
        return Err(Error::new(
            ErrorKind::Zero,
            "reservoir",
            value,
            "a reservoir above 0 mL",
        ));
    }
    let flow_ml_day = flow_rate.canonical();
    if flow_ml_day <= 0.0 {
        let value = Some(Measure::new(flow_ml_day, Unit::MlPerDay));
        return Err(Error::new(
            ErrorKind::Zero,
            "flow_rate",
            value,
            "a flow above 0 mL/day",
        ));
    }
    crate::schedule::require_daily_dose(daily_dose, "daily_dose")?;
    require_positive_concentration(stock, "stock")?;
    let concentration: Concentration = (daily_dose / flow_rate).into();
    if !concentration
        .raw_in(Unit::MgPerMl)
        .is_some_and(f64::is_finite)
        || !concentration
            .raw_in(Unit::McgPerMl)
            .is_some_and(f64::is_finite)
    {
        let allowed = "a daily dose and flow whose ratio is a finite concentration";
        return Err(Error::new(
            ErrorKind::NotFinite,
            "daily_dose",
            None,
            allowed,
        ));
    }
    if concentration.canonical() > stock.canonical() {
        let value = Some(Measure::new(stock.canonical(), Unit::McgPerMl));
        let allowed =
            "a stock at least as concentrated as daily dose / flow (dilution cannot concentrate)";
        return Err(Error::new(ErrorKind::OutOfRange, "stock", value, allowed));
    }
    let prepared = reservoir + priming_overage;
    let recipe = recipe(stock, concentration, prepared)?;
    let mut findings = Findings::new();
    if concentration.canonical() > crate::product::MAX_COMMERCIAL_MCG_PER_ML {
        // The same rule as check_concentration, without the nonstandard finding.
        let mut all = Findings::new();
        check_concentration(concentration, &mut all);
        all.iter()
            .filter(|f| f.code == Code::ConcentrationAboveCommercial)
            .for_each(|f| findings.push(*f));
    }
    crate::schedule::check_daily_dose(daily_dose, &mut findings);
    Ok(ConstantFlowFill {
        running_time: reservoir / flow_rate,
        concentration,
        drug_amount: reservoir * concentration,
        stock_volume: recipe.stock_volume,
        diluent_volume: recipe.diluent_volume,
        findings,
    })
}
