//! Admixture recipes: diluting a stock solution to a target concentration.
//!
//! `V_stock = V_final × C_target / C_stock`, the rest is diluent (domain.md §6.7, the inverse
//! of C_final = V_stock × C_stock / (V_stock + V_diluent)). The diluent is preservative-free
//! 0.9 % sodium chloride: the US label dilutes with sterile preservative-free sodium chloride
//! (\[LIO-HCP\]) and constant-flow pumps only with sterile 0.9 % saline (\[ARCHIMEDES\]).

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Findings};
use crate::product::check_concentration;
use crate::schedule::require_positive_concentration;
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, FlowRate, Mass, Measure, Unit, Volume,
    difference,
};

/// The only diluent itb recommends (domain.md §1.2).
pub const DILUENT: &str = "preservative-free 0.9 % sodium chloride";

/// A dilution recipe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dilution {
    /// Stock solution to draw.
    pub stock_volume: Volume,
    /// Diluent to add ([`DILUENT`]).
    pub diluent_volume: Volume,
    /// Baclofen in the final volume.
    pub drug_amount: Mass,
    /// Findings on the stock concentration (nonstandard, above commercial).
    pub findings: Findings,
}

/// How to make `final_volume` at `target` from `stock`.
///
/// ```
/// use itb::dilution::dilution;
/// use itb::units::{ClinicalQuantity, Concentration, Volume, Unit};
/// let stock = Concentration::from_unit(2000.0, Unit::McgPerMl).unwrap();
/// let target = Concentration::from_unit(400.0, Unit::McgPerMl).unwrap();
/// let d = dilution(stock, target, Volume::from_unit(20.0, Unit::Milliliter).unwrap())?;
/// assert_eq!(d.stock_volume.value_in(Unit::Milliliter)?, 4.0);
/// assert_eq!(d.diluent_volume.value_in(Unit::Milliliter)?, 16.0);
/// assert_eq!(d.drug_amount.value_in(Unit::Microgram)?, 8000.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn dilution(
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
pub struct ConstantFlowFill {
    /// reservoir / flow.
    pub running_time: Duration,
    /// daily dose / flow.
    pub concentration: Concentration,
    /// Baclofen in the reservoir (overage excluded): reservoir × concentration.
    pub drug_amount: Mass,
    /// Stock to draw for reservoir + priming overage.
    pub stock_volume: Volume,
    /// Diluent for reservoir + priming overage ([`DILUENT`]).
    pub diluent_volume: Volume,
    /// `concentration_above_commercial` on the concentration and `daily_dose_above_1000`
    /// (not `nonstandard_concentration`: a constant-flow fill is always a custom dilution).
    pub findings: Findings,
}

/// The ARCHIMEDES worksheet (domain.md §6.6, \[ARCHIMEDES\] Appendix B): running time =
/// reservoir / flow; concentration = daily dose / flow; drug volume = amount / stock; saline
/// for the rest; prepare `priming_overage` extra (the worksheet's 3 mL).
///
/// ```
/// use itb::dilution::constant_flow_fill;
/// use itb::units::{ClinicalQuantity, Concentration, DoseRate, FlowRate, Unit, Volume};
/// let ml = |v| Volume::from_unit(v, Unit::Milliliter).unwrap();
/// let fill = constant_flow_fill(ml(20.0), FlowRate::from_unit(1.0, Unit::MlPerDay).unwrap(),
///     DoseRate::from_unit(400.0, Unit::McgPerDay).unwrap(),
///     Concentration::from_unit(2000.0, Unit::McgPerMl).unwrap(), ml(0.0))?;
/// assert_eq!(fill.running_time.value_in(Unit::Day)?, 20.0);
/// assert_eq!(fill.stock_volume.value_in(Unit::Milliliter)?, 4.0);
/// assert_eq!(fill.diluent_volume.value_in(Unit::Milliliter)?, 16.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn constant_flow_fill(
    reservoir: Volume,
    flow_rate: FlowRate,
    daily_dose: DoseRate,
    stock: Concentration,
    priming_overage: Volume,
) -> Result<ConstantFlowFill, Error> {
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
    let recipe = dilution(stock, concentration, prepared)?;
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
