//! Admixture recipes: diluting a stock solution to a target concentration.
//!
//! `V_stock = V_final × C_target / C_stock`, the rest is diluent (domain.md §6.7, the inverse
//! of C_final = V_stock × C_stock / (V_stock + V_diluent)). The diluent is preservative-free
//! 0.9 % sodium chloride: the US label dilutes with sterile preservative-free sodium chloride
//! (\[LIO-HCP\]) and constant-flow pumps only with sterile 0.9 % saline (\[ARCHIMEDES\]).

use crate::error::{Error, ErrorKind};
use crate::finding::Findings;
use crate::product::check_concentration;
use crate::schedule::require_positive_concentration;
use crate::units::{ClinicalQuantity, Concentration, Mass, Measure, Unit, Volume, difference};

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
