//! The patient: what about them changes the care a computation calls for, and the
//! patient-level cautions of the labels ([`patient_check`]).
//!
//! Seed 002 Boxed Warning names the patients at particular risk of withdrawal: "spinal cord
//! injuries at T-6 or above, communication difficulties, history of withdrawal symptoms from
//! oral or intrathecal baclofen". A late refill or an empty reservoir is then spelt out with
//! the early signs of withdrawal, and `withdrawal_risk` is raised.

use core::ffi::CStr;

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source, text};
use crate::profile::{Profile, age_of, check_age};
use crate::units::{Given, Measure, Unit};

/// A withdrawal risk factor of the US boxed warning (002 Boxed Warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RiskFactor {
    /// A spinal cord injury at T6 or above.
    SciT6OrAbove,
    /// Difficulty communicating (the patient may not report early signs).
    CommunicationDifficulty,
    /// Withdrawal symptoms before, from oral or intrathecal baclofen.
    PriorWithdrawal,
}

/// The ids of the risk factors, for messages.
pub const RISK_FACTOR_IDS: &str = "sci_t6_or_above, communication_difficulty, prior_withdrawal";

impl RiskFactor {
    /// Every risk factor.
    pub const ALL: [RiskFactor; 3] = [
        RiskFactor::SciT6OrAbove,
        RiskFactor::CommunicationDifficulty,
        RiskFactor::PriorWithdrawal,
    ];

    /// The protocol's id.
    pub const fn id(self) -> &'static str {
        match self {
            RiskFactor::SciT6OrAbove => "sci_t6_or_above",
            RiskFactor::CommunicationDifficulty => "communication_difficulty",
            RiskFactor::PriorWithdrawal => "prior_withdrawal",
        }
    }

    /// The risk factor of an id (case-sensitive).
    pub fn parse(id: &str) -> Option<RiskFactor> {
        RiskFactor::ALL.into_iter().find(|r| r.id() == id)
    }

    const fn bit(self) -> u8 {
        match self {
            RiskFactor::SciT6OrAbove => 1,
            RiskFactor::CommunicationDifficulty => 2,
            RiskFactor::PriorWithdrawal => 4,
        }
    }
}

/// A set of withdrawal risk factors (empty: none known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RiskFactors(u8);

impl RiskFactors {
    /// No known risk factor.
    pub const NONE: RiskFactors = RiskFactors(0);

    /// The set with `factor` added.
    pub const fn with(self, factor: RiskFactor) -> RiskFactors {
        RiskFactors(self.0 | factor.bit())
    }

    /// True when `factor` is in the set.
    pub const fn contains(self, factor: RiskFactor) -> bool {
        self.0 & factor.bit() != 0
    }

    /// True when no factor is known.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The factors, in [`RiskFactor::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = RiskFactor> {
        RiskFactor::ALL
            .into_iter()
            .filter(move |r| self.contains(*r))
    }

    /// The number of factors.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
}

impl FromIterator<RiskFactor> for RiskFactors {
    fn from_iter<I: IntoIterator<Item = RiskFactor>>(iter: I) -> Self {
        iter.into_iter().fold(RiskFactors::NONE, RiskFactors::with)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for RiskFactors {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for RiskFactors {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Set;
        impl<'de> serde::de::Visitor<'de> for Set {
            type Value = RiskFactors;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "a list of distinct risk factors: {RISK_FACTOR_IDS}")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RiskFactors, A::Error> {
                let mut set = RiskFactors::NONE;
                while let Some(factor) = seq.next_element::<RiskFactor>()? {
                    if set.contains(factor) {
                        return Err(serde::de::Error::custom("a risk factor is repeated"));
                    }
                    set = set.with(factor);
                }
                Ok(set)
            }
        }
        d.deserialize_seq(Set)
    }
}

/// `withdrawal_risk` (soft; 002 Boxed Warning: "Special attention should be given to patients
/// at apparent risk") when any risk factor is known; the subject counts them.
pub fn check_risk_factors(factors: RiskFactors, findings: &mut Findings) {
    if factors.is_empty() {
        return;
    }
    findings.push(Finding::new(
        Code::WithdrawalRisk,
        Severity::Soft,
        Source(&c"002 Boxed Warning"),
        Measure::new(factors.len() as f64, Unit::Step),
    ));
}

/// A finding of a late refill or an empty reservoir, its message naming the early signs of
/// withdrawal when the patient has a risk factor (002 Boxed Warning: patients "should be
/// educated on the early symptoms of baclofen withdrawal").
pub const fn for_risk(finding: Finding, factors: RiskFactors) -> Finding {
    if factors.is_empty() {
        finding
    } else {
        finding.with_withdrawal_signs()
    }
}

/// How a drug is given. Intrathecal baclofen is for the intrathecal route only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Route {
    /// Into the cerebrospinal fluid: the only route of intrathecal baclofen.
    Intrathecal,
    /// Into a vein.
    Intravenous,
    /// Into a muscle.
    Intramuscular,
    /// Under the skin.
    Subcutaneous,
    /// Into the epidural space.
    Epidural,
    /// By mouth.
    Oral,
}

/// The ids of the routes, for messages.
pub const ROUTE_IDS: &str = "intrathecal, intravenous, intramuscular, subcutaneous, epidural, oral";

impl Route {
    /// Every route.
    pub const ALL: [Route; 6] = [
        Route::Intrathecal,
        Route::Intravenous,
        Route::Intramuscular,
        Route::Subcutaneous,
        Route::Epidural,
        Route::Oral,
    ];

    /// The protocol's id.
    pub const fn id(self) -> &'static str {
        match self {
            Route::Intrathecal => "intrathecal",
            Route::Intravenous => "intravenous",
            Route::Intramuscular => "intramuscular",
            Route::Subcutaneous => "subcutaneous",
            Route::Epidural => "epidural",
            Route::Oral => "oral",
        }
    }

    /// The route of an id (case-sensitive).
    pub fn parse(id: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// The age from which a patient is elderly, years (000 Special Patient Groups/Geriatric Use).
pub const ELDERLY_YEARS: f64 = 65.0;
/// The months to wait after a head injury (001 Therapeutic Indications: "at least one year").
pub const HEAD_INJURY_WAIT_MONTHS: f64 = 12.0;

/// The request of [`patient_check`]: every input optional, at least one given.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PatientRequest {
    /// The labelling profile: needed with `age_years` (it decides the under-4 finding).
    pub profile: Option<Profile>,
    /// The age in years, 0 to 150.
    pub age_years: Option<f64>,
    /// Pregnant.
    pub pregnant: Option<bool>,
    /// Breastfeeding.
    pub breastfeeding: Option<bool>,
    /// A current infection.
    pub infection: Option<bool>,
    /// Months since a head injury, 0 or more.
    pub months_since_head_injury: Option<f64>,
    /// The route the drug is to be given by.
    pub route: Option<Given<Route>>,
    /// The withdrawal risk factors known.
    pub risk_factors: Option<Given<RiskFactors>>,
}

/// An input of [`patient_check`] that was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Checked {
    /// `age_years`.
    AgeYears,
    /// `pregnant`.
    Pregnant,
    /// `breastfeeding`.
    Breastfeeding,
    /// `infection`.
    Infection,
    /// `months_since_head_injury`.
    MonthsSinceHeadInjury,
    /// `route`.
    Route,
    /// `risk_factors`.
    RiskFactors,
}

impl Checked {
    /// Every input, in the protocol's order.
    pub const ALL: [Checked; 7] = [
        Checked::AgeYears,
        Checked::Pregnant,
        Checked::Breastfeeding,
        Checked::Infection,
        Checked::MonthsSinceHeadInjury,
        Checked::Route,
        Checked::RiskFactors,
    ];

    /// The input's field name.
    pub const fn field(self) -> &'static str {
        text(self.c_field())
    }

    /// The same, NUL-terminated.
    pub const fn c_field(self) -> &'static CStr {
        match self {
            Checked::AgeYears => c"age_years",
            Checked::Pregnant => c"pregnant",
            Checked::Breastfeeding => c"breastfeeding",
            Checked::Infection => c"infection",
            Checked::MonthsSinceHeadInjury => c"months_since_head_injury",
            Checked::Route => c"route",
            Checked::RiskFactors => c"risk_factors",
        }
    }
}

/// The cautions that apply to a patient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatientCheck {
    checked: [bool; 7],
    /// See [`patient_check`].
    pub findings: Findings,
}

impl PatientCheck {
    /// The inputs that were checked, in the protocol's order.
    pub fn checked(&self) -> impl Iterator<Item = Checked> + '_ {
        Checked::ALL
            .into_iter()
            .filter(|c| self.checked[*c as usize])
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PatientCheck {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut f = s.serialize_struct("PatientCheck", 2)?;
        f.serialize_field("checked", &crate::units::serial::Seq(|| self.checked()))?;
        f.serialize_field("findings", &self.findings)?;
        f.end()
    }
}

const SOURCE_ELDERLY: Source = Source(&c"000 Special Patient Groups/Geriatric Use");
const SOURCE_PREGNANCY: Source =
    Source(&c"001 Pregnancy and Lactation/Pregnancy; 000 Special Patient Groups/Pregnancy");
const SOURCE_LACTATION: Source = Source(&c"000 Special Patient Groups/Lactation");
const SOURCE_INFECTION: Source = Source(&c"001 Precautions and Warnings");
const SOURCE_HEAD_INJURY: Source =
    Source(&c"001 Therapeutic Indications; 002 Indications and Usage");
const SOURCE_ROUTE: Source = Source(&c"002 Description; 002 Contraindications");

/// The patient-level cautions of the labels.
///
/// Findings: `age_below_4_years` (per profile), `elderly` (info; 65 or older: 000 Geriatric
/// Use, "Start with lower doses and titrate slowly"), `pregnancy` (soft; 001, 000),
/// `breastfeeding` (info; 000 Lactation), `infection` (soft; 001: infection-free before
/// screening and implantation), `head_injury_under_1_year` (soft; below 12 months: 001, 002),
/// `route_not_intrathecal` (hard; 002: for intrathecal use only), `withdrawal_risk` (soft; 002
/// Boxed Warning). Errors: no input at all → `missing_field`; `age_years` without `profile` →
/// `missing_field` on `profile`.
///
/// ```
/// use itb::patient::{patient_check, PatientRequest};
/// use itb::profile::Profile;
/// let check = patient_check(&PatientRequest {
///     profile: Some(Profile::Us),
///     age_years: Some(65.0),
///     months_since_head_injury: Some(11.0),
///     ..PatientRequest::default()
/// })?;
/// let codes: Vec<&str> = check.findings.iter().map(|f| f.code.as_str()).collect();
/// assert_eq!(codes, ["elderly", "head_injury_under_1_year"]); // 65 is elderly; 11 < 12 months
/// # Ok::<(), itb::Error>(())
/// ```
pub fn patient_check(r: &PatientRequest) -> Result<PatientCheck, Error> {
    let given = [
        r.age_years.is_some(),
        r.pregnant.is_some(),
        r.breastfeeding.is_some(),
        r.infection.is_some(),
        r.months_since_head_injury.is_some(),
        r.route.is_some(),
        r.risk_factors.is_some(),
    ];
    if !given.contains(&true) && r.profile.is_none() {
        let allowed = "at least one of profile with age_years, pregnant, breastfeeding, infection, \
                       months_since_head_injury, route, risk_factors";
        return Err(Error::new(ErrorKind::MissingField, "", None, allowed));
    }
    let mut findings = Findings::new();
    if let Some(years) = r.age_years {
        let Some(profile) = r.profile else {
            let allowed = "a profile (us or uk) with age_years: it decides the under-4 finding";
            return Err(Error::new(
                ErrorKind::MissingField,
                "profile",
                None,
                allowed,
            ));
        };
        let age = age_of(Some(years), "age_years")?;
        check_age(profile, age, &mut findings);
        if years >= ELDERLY_YEARS {
            let f = Finding::new(
                Code::Elderly,
                Severity::Info,
                SOURCE_ELDERLY,
                years_of(years),
            );
            findings.push(f.with_limit(years_of(ELDERLY_YEARS)));
        }
    } else if r.profile.is_some() && !given.contains(&true) {
        let allowed = "age_years with the profile, or another input";
        return Err(Error::new(
            ErrorKind::MissingField,
            "age_years",
            None,
            allowed,
        ));
    }
    let yes = |b: Option<bool>| b == Some(true);
    let flag = Measure::new(1.0, Unit::Step);
    if yes(r.pregnant) {
        findings.push(Finding::new(
            Code::Pregnancy,
            Severity::Soft,
            SOURCE_PREGNANCY,
            flag,
        ));
    }
    if yes(r.breastfeeding) {
        let f = Finding::new(Code::Breastfeeding, Severity::Info, SOURCE_LACTATION, flag);
        findings.push(f);
    }
    if yes(r.infection) {
        findings.push(Finding::new(
            Code::Infection,
            Severity::Soft,
            SOURCE_INFECTION,
            flag,
        ));
    }
    if let Some(months) = r.months_since_head_injury {
        let m = months_of(months)?;
        if m < HEAD_INJURY_WAIT_MONTHS {
            // In years, the unit of ages: 11 months is 0.9167 year, against 1 year.
            let f = Finding::new(
                Code::HeadInjuryUnder1Year,
                Severity::Soft,
                SOURCE_HEAD_INJURY,
                years_of(m / 12.0),
            );
            findings.push(f.with_limit(years_of(1.0)));
        }
    }
    if let Some(route) = r.route {
        let route = route.read("route", ROUTE_IDS)?;
        if route != Route::Intrathecal {
            let f = Finding::new(
                Code::RouteNotIntrathecal,
                Severity::Hard,
                SOURCE_ROUTE,
                flag,
            );
            findings.push(f);
        }
    }
    if let Some(factors) = r.risk_factors {
        check_risk_factors(
            factors.read("risk_factors", RISK_FACTOR_IDS)?,
            &mut findings,
        );
    }
    Ok(PatientCheck {
        checked: given,
        findings,
    })
}

/// A plain number of months: finite and 0 or more (months have no unit of their own, so the
/// message names them in its words).
fn months_of(months: f64) -> Result<f64, Error> {
    let field = "months_since_head_injury";
    if !months.is_finite() {
        return Err(Error::new(
            ErrorKind::NotFinite,
            field,
            None,
            "a finite number of months",
        ));
    }
    if months < 0.0 {
        return Err(Error::new(
            ErrorKind::Negative,
            field,
            None,
            "0 or more months",
        ));
    }
    Ok(months)
}

fn years_of(v: f64) -> Measure {
    Measure::new(v, Unit::Year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: &PatientRequest) -> Vec<(Code, Severity)> {
        let c = patient_check(r).unwrap();
        c.findings.iter().map(|f| (f.code, f.severity)).collect()
    }

    fn aged(profile: Profile, years: f64) -> PatientRequest {
        PatientRequest {
            profile: Some(profile),
            age_years: Some(years),
            ..PatientRequest::default()
        }
    }

    #[test]
    fn age_boundaries_under_each_profile() {
        assert!(codes(&aged(Profile::Us, 64.9)).is_empty());
        assert_eq!(
            codes(&aged(Profile::Us, 65.0)),
            [(Code::Elderly, Severity::Info)]
        );
        assert_eq!(
            codes(&aged(Profile::Us, 3.9)),
            [(Code::AgeBelow4Years, Severity::Soft)]
        );
        assert_eq!(
            codes(&aged(Profile::Uk, 3.9)),
            [(Code::AgeBelow4Years, Severity::Hard)]
        );
        assert!(codes(&aged(Profile::Uk, 4.0)).is_empty()); // exactly 4 is not under 4
        let no_profile = PatientRequest {
            age_years: Some(40.0),
            ..PatientRequest::default()
        };
        let e = patient_check(&no_profile).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::MissingField, "profile"));
    }

    #[test]
    fn a_year_after_a_head_injury_and_not_before() {
        let months = |m| PatientRequest {
            months_since_head_injury: Some(m),
            ..PatientRequest::default()
        };
        let c = patient_check(&months(11.0)).unwrap();
        let f = c.findings.iter().next().unwrap();
        assert_eq!(
            (f.code, f.severity),
            (Code::HeadInjuryUnder1Year, Severity::Soft)
        );
        assert!(
            f.message().to_string().starts_with("11 months"),
            "{}",
            f.message()
        );
        assert!(codes(&months(12.0)).is_empty()); // "at least one year"
        let e = patient_check(&months(-1.0)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Negative);
    }

    #[test]
    fn flags_routes_and_risk_factors() {
        let r = PatientRequest {
            pregnant: Some(true),
            breastfeeding: Some(false),
            infection: Some(true),
            route: Some(Route::Epidural.into()),
            risk_factors: Some(RiskFactors::NONE.with(RiskFactor::SciT6OrAbove).into()),
            ..PatientRequest::default()
        };
        assert_eq!(
            codes(&r),
            [
                (Code::Pregnancy, Severity::Soft),
                (Code::Infection, Severity::Soft),
                (Code::RouteNotIntrathecal, Severity::Hard),
                (Code::WithdrawalRisk, Severity::Soft),
            ]
        );
        let checked: Vec<&str> = patient_check(&r)
            .unwrap()
            .checked()
            .map(Checked::field)
            .collect();
        assert_eq!(
            checked,
            [
                "pregnant",
                "breastfeeding",
                "infection",
                "route",
                "risk_factors"
            ]
        );
        let intrathecal = PatientRequest {
            route: Some(Route::Intrathecal.into()),
            ..PatientRequest::default()
        };
        assert!(codes(&intrathecal).is_empty());
    }

    #[test]
    fn nothing_to_check_is_refused() {
        let e = patient_check(&PatientRequest::default()).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::MissingField, ""));
        assert!(e.to_string().starts_with("no input given"), "{e}");
    }

    #[test]
    fn a_set_holds_each_factor_once_in_a_fixed_order() {
        let set: RiskFactors = [RiskFactor::PriorWithdrawal, RiskFactor::SciT6OrAbove]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 2);
        let order: Vec<&str> = set.iter().map(RiskFactor::id).collect();
        assert_eq!(order, ["sci_t6_or_above", "prior_withdrawal"]);
        assert_eq!(set.with(RiskFactor::SciT6OrAbove), set);
        assert!(RiskFactors::NONE.is_empty());
    }

    #[test]
    fn ids_parse_case_sensitively() {
        for r in RiskFactor::ALL {
            assert_eq!(RiskFactor::parse(r.id()), Some(r));
            assert!(RISK_FACTOR_IDS.contains(r.id()));
        }
        assert_eq!(RiskFactor::parse("Prior_withdrawal"), None);
    }

    #[test]
    fn any_factor_raises_withdrawal_risk_and_names_the_signs() {
        let mut none = Findings::new();
        check_risk_factors(RiskFactors::NONE, &mut none);
        assert!(none.is_empty());
        let one = RiskFactors::NONE.with(RiskFactor::CommunicationDifficulty);
        let mut f = Findings::new();
        check_risk_factors(one, &mut f);
        let w = f.iter().next().unwrap();
        assert_eq!((w.code, w.severity), (Code::WithdrawalRisk, Severity::Soft));
        let late = Finding::new(
            Code::RefillDueNow,
            Severity::Hard,
            Source(&c"[TEST]"),
            Measure::new(0.0, Unit::Day),
        );
        let text = for_risk(late, one).message().to_string();
        assert!(text.contains("itching") && text.contains("fever"), "{text}");
        assert!(
            !for_risk(late, RiskFactors::NONE)
                .message()
                .to_string()
                .contains("itching")
        );
    }
}
