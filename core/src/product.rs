//! The catalogue of baclofen products, and how many containers a preparation takes.
//!
//! Every line of seed 000's "Available Strengths" is here with its text as the label, plus the
//! label presentation that seed 000 does not list (10 mg/5 mL: \[LIO-HCP\]; \[UK-PROD\]). A field
//! the source does not state (the volume of a tablet, of the refill kit) is `None`, never guessed.
//! Oral products are listed so that they can be recognised and refused: an oral product is
//! never accepted where an intrathecal one is needed.
//!
//! ```
//! use itb::product::{self, Route};
//! let p = product::find("itb_500mcg_20ml").unwrap();
//! assert_eq!(p.route, Route::Intrathecal);
//! assert_eq!(p.label, "Baclofen 10mg/20 Inj, 20ml");
//! ```

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::units::{ClinicalQuantity, Concentration, Input, Mass, Measure, Unit, Volume};

/// How a product is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// Into the cerebrospinal fluid: a screening bolus or an implanted pump.
    Intrathecal,
    /// By mouth.
    Oral,
}

impl Route {
    /// `"intrathecal"` or `"oral"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Route::Intrathecal => "intrathecal",
            Route::Oral => "oral",
        }
    }
}

/// What a product is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Use {
    /// Screening (test) bolus, 50 mcg/mL (\[DRUGS-DOSE\]).
    Screening,
    /// Pump fills and refills.
    Refill,
    /// Oral therapy.
    Oral,
}

impl Use {
    /// `"screening"`, `"refill"` or `"oral"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Use::Screening => "screening",
            Use::Refill => "refill",
            Use::Oral => "oral",
        }
    }
}

/// One product presentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Product {
    /// Stable id (`itb_500mcg_20ml`).
    pub id: &'static str,
    /// The same, NUL-terminated (for the C ABI).
    pub c_id: &'static core::ffi::CStr,
    /// The presentation as its source writes it.
    pub label: &'static str,
    /// Intrathecal or oral.
    pub route: Route,
    /// Screening, refill or oral.
    pub use_: Use,
    /// Where the presentation comes from.
    pub source: Source,
    stated: Stated,
}

/// The quantities a source states for a product, in clinical units; `None` when not stated.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stated {
    concentration_mcg_per_ml: Option<f64>,
    volume_ml: Option<f64>,
    amount_mcg: Option<f64>,
}

const fn stated(
    concentration_mcg_per_ml: Option<f64>,
    volume_ml: Option<f64>,
    amount_mcg: Option<f64>,
) -> Stated {
    Stated {
        concentration_mcg_per_ml,
        volume_ml,
        amount_mcg,
    }
}

impl Product {
    /// The labelled concentration, when the source states one.
    pub fn concentration(&self) -> Option<Concentration> {
        self.stated
            .concentration_mcg_per_ml
            .and_then(|v| Concentration::from_unit(v, Unit::McgPerMl))
    }

    /// The volume of one container, when the source states it.
    pub fn volume(&self) -> Option<Volume> {
        self.stated
            .volume_ml
            .and_then(|v| Volume::from_unit(v, Unit::Milliliter))
    }

    /// The amount of baclofen in one container or tablet, when the source states it.
    pub fn amount(&self) -> Option<Mass> {
        self.stated
            .amount_mcg
            .and_then(|v| Mass::from_unit(v, Unit::Microgram))
    }
}

const S0: Source = Source(&c"000 Available Forms & Alternatives/Available Strengths");

const fn product(
    id: &'static core::ffi::CStr,
    label: &'static str,
    route: Route,
    use_: Use,
    source: Source,
    stated: Stated,
) -> Product {
    Product {
        id: crate::finding::text(id),
        c_id: id,
        label,
        route,
        use_,
        source,
        stated,
    }
}

const fn tablet(id: &'static core::ffi::CStr, label: &'static str, mg: f64) -> Product {
    product(
        id,
        label,
        Route::Oral,
        Use::Oral,
        S0,
        stated(None, None, Some(mg * 1000.0)),
    )
}

const fn intrathecal(
    id: &'static core::ffi::CStr,
    label: &'static str,
    use_: Use,
    source: Source,
    mg: f64,
    ml: f64,
) -> Product {
    product(
        id,
        label,
        Route::Intrathecal,
        use_,
        source,
        stated(Some(mg * 1000.0 / ml), Some(ml), Some(mg * 1000.0)),
    )
}

const fn suspension(id: &'static core::ffi::CStr, label: &'static str, ml: f64) -> Product {
    // 25 mg/5 mL = 5 mg/mL = 5000 mcg/mL; the amount follows from the stated bottle volume.
    product(
        id,
        label,
        Route::Oral,
        Use::Oral,
        S0,
        stated(Some(5000.0), Some(ml), Some(5000.0 * ml)),
    )
}

/// Every product: seed 000's "Available Strengths" in seed order, then the label presentation
/// it does not list (\[LIO-HCP\]; \[UK-PROD\]).
pub const CATALOGUE: [Product; 14] = [
    tablet(c"oral_10mg_tablet", "Baclofen 10mg Tablets", 10.0),
    tablet(c"oral_20mg_tablet", "Baclofen 20mg Tablets", 20.0),
    intrathecal(
        c"itb_2000mcg_20ml",
        "Baclofen 40mg/20ml Inj, 20ml",
        Use::Refill,
        S0,
        40.0,
        20.0,
    ),
    tablet(c"oral_5mg_tablet", "Baclofen 5mg Tablets", 5.0),
    intrathecal(
        c"itb_1000mcg_20ml",
        "Baclofen 20mg/20ml Inj 20ml",
        Use::Refill,
        S0,
        20.0,
        20.0,
    ),
    intrathecal(
        c"itb_500mcg_20ml",
        "Baclofen 10mg/20 Inj, 20ml",
        Use::Refill,
        S0,
        10.0,
        20.0,
    ),
    // 5 mg/5 mL = 1 mg/mL; the bottle volume is not stated.
    product(
        c"oral_5mg_5ml_solution",
        "Baclofen 5mg/5ml Solution",
        Route::Oral,
        Use::Oral,
        S0,
        stated(Some(1000.0), None, None),
    ),
    intrathecal(
        c"itb_50mcg_1ml",
        "Baclofen 50mcg/ml Pf Syr, 1ml",
        Use::Screening,
        S0,
        0.05,
        1.0,
    ),
    suspension(
        c"oral_25mg_5ml_susp_300ml",
        "Baclofen 25mg/5ml Oral Susp 300ml",
        300.0,
    ),
    suspension(
        c"oral_25mg_5ml_susp_120ml",
        "Baclofen 25mg/5ml Oral Susp 120ml",
        120.0,
    ),
    tablet(c"oral_15mg_tablet", "Baclofen 15mg Tablets", 15.0),
    suspension(
        c"oral_25mg_5ml_susp_250ml",
        "Baclofen 25mg/5ml Oral Susp 250ml",
        250.0,
    ),
    // The kit's ampoule volume is not stated in seed 000, so it cannot be counted in containers.
    product(
        c"itb_2000mcg_refill_kit",
        "Baclofen 2000mcg Inj Refill Kit",
        Route::Intrathecal,
        Use::Refill,
        S0,
        stated(Some(2000.0), None, None),
    ),
    intrathecal(
        c"itb_2000mcg_5ml",
        "Baclofen 10 mg/5 mL intrathecal injection (2,000 mcg/mL)",
        Use::Refill,
        Source(&c"[LIO-HCP]; [UK-PROD]"),
        10.0,
        5.0,
    ),
];

/// The ids of the intrathecal products, for error messages.
pub const INTRATHECAL_IDS: &str = "itb_50mcg_1ml, itb_500mcg_20ml, itb_1000mcg_20ml, itb_2000mcg_5ml, itb_2000mcg_20ml, itb_2000mcg_refill_kit";

/// The product with this id (case-sensitive).
pub fn find(id: &str) -> Option<&'static Product> {
    CATALOGUE.iter().find(|p| p.id == id)
}

/// An intrathecal product that can be counted in containers: refuses unknown ids, oral
/// products, and products whose container volume is not stated.
pub fn intrathecal_container(id: &str) -> Result<&'static Product, ProductError> {
    let p = find(id).ok_or(ProductError::Unknown)?;
    if p.route != Route::Intrathecal {
        return Err(ProductError::Oral);
    }
    if p.stated.volume_ml.is_none() || p.stated.concentration_mcg_per_ml.is_none() {
        return Err(ProductError::VolumeNotStated);
    }
    Ok(p)
}

/// Why a product id was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductError {
    /// No product has this id.
    Unknown,
    /// An oral product where an intrathecal one is needed.
    Oral,
    /// The source does not state the container volume.
    VolumeNotStated,
}

impl ProductError {
    /// A message naming what is allowed.
    pub const fn reason(self) -> &'static str {
        match self {
            ProductError::Unknown => "unknown product",
            ProductError::Oral => "an oral product can never be used intrathecally",
            ProductError::VolumeNotStated => {
                "the container volume of this product is not stated by its source, so containers cannot be counted"
            }
        }
    }
}

/// What a preparation takes from one product.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Containers {
    /// The drug needed.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub amount: Mass,
    /// Whole containers to open (rounded up).
    pub count: u32,
    /// The volume drawn from them.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub drawn_volume: Volume,
    /// What is left in the opened containers: count × container volume − drawn.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub waste: Volume,
}

/// Containers of `product` needed for `amount` of drug.
///
/// The count is taken on snapped values, so 10 mg from a 10 mg ampoule is exactly one.
///
/// ```
/// use itb::product::{containers, intrathecal_container};
/// use itb::units::{ClinicalQuantity, Mass, Unit};
/// let ampoule = intrathecal_container("itb_500mcg_20ml").unwrap(); // 10 mg/20 mL
/// let c = containers(ampoule, Mass::from_unit(30.0, Unit::Milligram).unwrap(), "amount")?;
/// assert_eq!(c.count, 3);
/// assert_eq!(c.drawn_volume.value_in(Unit::Milliliter)?, 60.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn containers(
    product: &Product,
    amount: Mass,
    field: &'static str,
) -> Result<Containers, Error> {
    // The stated numbers are exact clinical values (mcg, mL, mcg/mL): used as they are.
    let stated = product.stated;
    let (Some(per_container_mcg), Some(volume_ml), Some(mcg_per_ml)) = (
        stated.amount_mcg,
        stated.volume_ml,
        stated.concentration_mcg_per_ml,
    ) else {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "product",
            None,
            ProductError::VolumeNotStated.reason(),
        ));
    };
    let amount_mcg = amount.canonical();
    if amount_mcg <= 0.0 {
        return Err(Error::new(
            ErrorKind::Zero,
            field,
            Some(Measure::new(amount_mcg, Unit::Microgram)),
            "more than 0 mcg",
        ));
    }
    let exact = crate::units::snap(amount_mcg / per_container_mcg);
    if exact > f64::from(u32::MAX) {
        return Err(Error::new(
            ErrorKind::OutOfRange,
            field,
            Some(Measure::new(amount_mcg, Unit::Microgram)),
            "an amount that fits in at most 4,294,967,295 containers",
        ));
    }
    // Whole containers: the count rounded up (exact is positive and fits in a u32 here).
    let whole = exact as u32;
    let count = if f64::from(whole) < exact {
        whole + 1
    } else {
        whole
    };
    let drawn_ml = crate::units::snap(amount_mcg / mcg_per_ml);
    let waste_ml = crate::units::snap(volume_ml * f64::from(count) - drawn_ml);
    let ml = |v: f64| Volume::from_unit(v, Unit::Milliliter).unwrap_or_default();
    let (drawn_volume, waste) = (ml(drawn_ml), ml(waste_ml));
    Ok(Containers {
        amount,
        count,
        drawn_volume,
        waste,
    })
}

/// What a `containers` request asks for: an amount of drug, or a volume at a concentration.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Need {
    /// An amount of baclofen.
    Amount(Input<Mass>),
    /// A volume at a concentration no higher than the product's (lower: the product is
    /// diluted, and the amount is volume × concentration).
    Dilution {
        /// The volume to prepare, above zero.
        volume: Input<Volume>,
        /// Its concentration, above zero.
        concentration: Input<Concentration>,
    },
}

/// The request of [`containers_for`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ContainersRequest {
    /// An intrathecal product whose container volume is stated ([`intrathecal_container`]).
    #[cfg_attr(feature = "serde", serde(with = "product_id"))]
    pub product: &'static Product,
    /// What to prepare.
    pub need: Need,
}

/// Containers of a product for an amount, or for a volume at a concentration. A product is
/// diluted, never concentrated: a concentration above the product's is `out_of_range`.
///
/// ```
/// use itb::product::{containers_for, intrathecal_container, ContainersRequest, Need};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let c = containers_for(&ContainersRequest {
///     product: intrathecal_container("itb_2000mcg_20ml").unwrap(),
///     need: Need::Dilution {
///         volume: Input::new(20.0, Unit::Milliliter),
///         concentration: Input::new(500.0, Unit::McgPerMl), // 10,000 mcg, diluted
///     },
/// })?;
/// assert_eq!(c.count, 1);
/// assert_eq!(c.drawn_volume.value_in(Unit::Milliliter)?, 5.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn containers_for(r: &ContainersRequest) -> Result<Containers, Error> {
    let amount = match r.need {
        Need::Amount(amount) => amount.read("amount")?,
        Need::Dilution {
            volume,
            concentration,
        } => diluted_amount(r.product, volume, concentration)?,
    };
    containers(r.product, amount, "amount")
}

/// volume × concentration, for a concentration no higher than the product's.
fn diluted_amount(
    product: &Product,
    volume: Input<Volume>,
    concentration: Input<Concentration>,
) -> Result<Mass, Error> {
    let volume = volume.read("volume")?;
    let concentration = concentration.read("concentration")?;
    let above_zero = |v: f64, field, unit| {
        let value = Some(Measure::new(v, unit));
        (v > 0.0)
            .then_some(())
            .ok_or(Error::new(ErrorKind::Zero, field, value, "more than 0"))
    };
    above_zero(volume.canonical(), "volume", Unit::Milliliter)?;
    above_zero(concentration.canonical(), "concentration", Unit::McgPerMl)?;
    let product_mcg_per_ml = product.concentration().map_or(f64::NAN, |c| c.canonical());
    if concentration.canonical() > product_mcg_per_ml {
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "concentration",
            Some(Measure::new(concentration.canonical(), Unit::McgPerMl)),
            "a concentration no higher than the product's (a product can be diluted, never concentrated)",
        ));
    }
    Ok(volume * concentration)
}

/// The refill products of exactly this concentration whose container volume is stated, in
/// catalogue order: what a fill at that concentration can be drawn from.
pub fn refill_products(concentration: Concentration) -> impl Iterator<Item = &'static Product> {
    let wanted = concentration.canonical();
    // The stated numbers are exact clinical values: compared as they are, without building a
    // quantity for every product of the catalogue.
    CATALOGUE.iter().filter(move |p| {
        p.use_ == Use::Refill
            && p.stated.volume_ml.is_some()
            && p.stated.concentration_mcg_per_ml == Some(wanted)
    })
}

/// The number of refill products in the catalogue: the most a [`RefillContainers`] can hold.
pub const REFILL_PRODUCT_COUNT: usize = {
    let (mut i, mut n) = (0, 0);
    while i < CATALOGUE.len() {
        if matches!(CATALOGUE[i].use_, Use::Refill) {
            n += 1;
        }
        i += 1;
    }
    n
};

/// What one refill product gives for a fill.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProductContainers {
    /// The product.
    #[cfg_attr(feature = "serde", serde(with = "product_id"))]
    pub product: &'static Product,
    /// How many of its containers, what is drawn and what is left.
    pub containers: Containers,
}

/// The refill products of a fill's concentration and what each gives, in catalogue order
/// (empty for a concentration no product has). Fixed capacity: no allocator.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RefillContainers {
    items: [Option<ProductContainers>; REFILL_PRODUCT_COUNT],
    len: usize,
}

impl RefillContainers {
    /// The products and their containers.
    pub fn iter(&self) -> impl Iterator<Item = &ProductContainers> {
        self.items[..self.len].iter().flatten()
    }

    /// How many products.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// True when no refill product has the concentration.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The containers of every refill product of `concentration` that hold `amount`.
pub fn refill_containers(
    concentration: Concentration,
    amount: Mass,
) -> Result<RefillContainers, Error> {
    let mut list = RefillContainers::default();
    for product in refill_products(concentration) {
        let containers = containers(product, amount, "drug_amount")?;
        if let Some(slot) = list.items.get_mut(list.len) {
            *slot = Some(ProductContainers {
                product,
                containers,
            });
            list.len += 1;
        }
    }
    Ok(list)
}

#[cfg(feature = "serde")]
impl serde::Serialize for RefillContainers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A catalogued product written and read as its id (`#[serde(with = "product_id")]`); reading
/// takes only an intrathecal product whose container volume is stated.
#[cfg(feature = "serde")]
pub mod product_id {
    use super::{Product, intrathecal_container};

    /// Writes the id.
    pub fn serialize<S: serde::Serializer>(p: &&'static Product, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(p.id)
    }

    /// Reads an id of [`intrathecal_container`].
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<&'static Product, D::Error> {
        struct Id;
        impl serde::de::Visitor<'_> for Id {
            type Value = &'static Product;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(super::INTRATHECAL_IDS)
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<Self::Value, E> {
                intrathecal_container(id).map_err(|e| E::custom(e.reason()))
            }
        }
        d.deserialize_str(Id)
    }
}

/// The labelled concentrations of intrathecal baclofen, mcg/mL: 50, 500, 1000 and 2000 (the
/// Gablofen label, \[GAB-LABEL\]; the US generic label, seed 002 Description, has 50, 500 and
/// 2000).
pub const LABELLED_CONCENTRATIONS_MCG_PER_ML: [f64; 4] = [50.0, 500.0, 1000.0, 2000.0];

/// The highest commercial concentration, 2000 mcg/mL (\[MOBERG\]: above it, compounded).
pub const MAX_COMMERCIAL_MCG_PER_ML: f64 = 2000.0;

/// Findings on a concentration a pump or preparation uses:
/// `nonstandard_concentration` (info; not 50, 500, 1000 or 2000 mcg/mL — \[GAB-LABEL\]) and `concentration_above_commercial` (soft; above 2000 mcg/mL,
/// compounded products were often off strength — \[MOBERG\]).
pub fn check_concentration(concentration: Concentration, findings: &mut Findings) {
    let mcg_per_ml = concentration.canonical();
    let subject = Measure::new(mcg_per_ml, Unit::McgPerMl);
    if !LABELLED_CONCENTRATIONS_MCG_PER_ML.contains(&mcg_per_ml) {
        findings.push(Finding::new(
            Code::NonstandardConcentration,
            Severity::Info,
            Source(&c"[GAB-LABEL]"),
            subject,
        ));
    }
    if mcg_per_ml > MAX_COMMERCIAL_MCG_PER_ML {
        findings.push(Finding::new(
            Code::ConcentrationAboveCommercial,
            Severity::Soft,
            Source(&c"[MOBERG]"),
            subject,
        ));
    }
}

/// The screening strength (50 mcg/mL), the one a pump is never filled with.
pub const SCREENING_STRENGTH_MCG_PER_ML: f64 = 50.0;

/// Findings on the concentration in a pump's reservoir: those of [`check_concentration`] and
/// of [`check_screening_strength`].
pub fn check_pump_concentration(concentration: Concentration, findings: &mut Findings) {
    check_concentration(concentration, findings);
    check_screening_strength(concentration, findings);
}

/// `screening_strength_in_pump` (soft) at exactly 50 mcg/mL in a pump (001 Administration:
/// 50 mcg/mL "is intended for administration in single bolus test injections"; the pump
/// strengths are others).
pub fn check_screening_strength(concentration: Concentration, findings: &mut Findings) {
    let mcg_per_ml = concentration.canonical();
    if mcg_per_ml == SCREENING_STRENGTH_MCG_PER_ML {
        findings.push(Finding::new(
            Code::ScreeningStrengthInPump,
            Severity::Soft,
            Source(&c"001 Administration"),
            Measure::new(mcg_per_ml, Unit::McgPerMl),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screening_strength_in_a_pump_is_flagged_and_only_it() {
        let codes = |mcg_per_ml: f64| {
            let mut f = Findings::new();
            let c = Concentration::from_unit(mcg_per_ml, Unit::McgPerMl).unwrap();
            check_pump_concentration(c, &mut f);
            f.iter().map(|x| (x.code, x.severity)).collect::<Vec<_>>()
        };
        // 50 mcg/mL is labelled (no nonstandard finding) but meant for test boluses only.
        assert_eq!(
            codes(50.0),
            [(Code::ScreeningStrengthInPump, Severity::Soft)]
        );
        assert!(codes(500.0).is_empty() && codes(2000.0).is_empty());
        assert_eq!(
            codes(50.5),
            [(Code::NonstandardConcentration, Severity::Info)]
        );
    }

    #[test]
    fn every_seed_000_strength_is_catalogued_with_its_text() {
        // The 13 lines of 000 Available Forms & Alternatives/Available Strengths, verbatim.
        let fixture = include_str!("../tests/fixtures/available_strengths.txt");
        let lines: Vec<&str> = fixture
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.strip_prefix("- ").unwrap())
            .collect();
        assert_eq!(lines.len(), 13);
        for (line, p) in lines.iter().zip(CATALOGUE.iter()) {
            assert_eq!(*line, p.label);
        }
    }

    #[test]
    fn ids_are_unique() {
        for (i, a) in CATALOGUE.iter().enumerate() {
            assert!(CATALOGUE[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
        }
    }

    #[test]
    fn container_concentrations_match_their_labels() {
        // Worked from the labels: 10 mg/20 mL = 500, 20 mg/20 mL = 1000, 40 mg/20 mL = 2000,
        // 10 mg/5 mL = 2000, 0.05 mg/1 mL = 50 mcg/mL.
        let expect = [
            ("itb_500mcg_20ml", 500.0, 20.0),
            ("itb_1000mcg_20ml", 1000.0, 20.0),
            ("itb_2000mcg_20ml", 2000.0, 20.0),
            ("itb_2000mcg_5ml", 2000.0, 5.0),
            ("itb_50mcg_1ml", 50.0, 1.0),
        ];
        for (id, c, v) in expect {
            let p = intrathecal_container(id).unwrap();
            assert_eq!(p.concentration().unwrap().canonical(), c, "{id}");
            assert_eq!(p.volume().unwrap().canonical(), v, "{id}");
        }
    }

    #[test]
    fn oral_and_volumeless_products_are_refused() {
        assert_eq!(
            intrathecal_container("oral_10mg_tablet"),
            Err(ProductError::Oral)
        );
        assert_eq!(
            intrathecal_container("oral_5mg_5ml_solution"),
            Err(ProductError::Oral)
        );
        assert_eq!(
            intrathecal_container("itb_2000mcg_refill_kit"),
            Err(ProductError::VolumeNotStated)
        );
        assert_eq!(
            intrathecal_container("ITB_500MCG_20ML"),
            Err(ProductError::Unknown)
        );
    }
}
