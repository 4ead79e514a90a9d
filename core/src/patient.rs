//! The patient: what about them changes the care a computation calls for.
//!
//! Seed 002 Boxed Warning names the patients at particular risk of withdrawal: "spinal cord
//! injuries at T-6 or above, communication difficulties, history of withdrawal symptoms from
//! oral or intrathecal baclofen". A late refill or an empty reservoir is then spelt out with
//! the early signs of withdrawal, and `withdrawal_risk` is raised.

use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::units::{Measure, Unit};

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

#[cfg(test)]
mod tests {
    use super::*;

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
