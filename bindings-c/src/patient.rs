//! The patient across the boundary: the withdrawal risk factors of the US boxed warning (002
//! Boxed Warning), a `uint32_t` set of `ITB_RISK_*` flags.
//!
//! 0 is no known risk factor, so a zeroed request field keeps the protocol's default (an empty
//! list). A bit that is no flag is refused (`ITB_STATUS_INVALID_ARGUMENT` naming
//! `risk_factors`, as any other unknown code) when the core reaches the field, after every
//! other field of the request.

use itb::ErrorKind;
use itb::patient::{RiskFactor, RiskFactors};
use itb::units::Given;

use crate::quantity::Unread;
use crate::status::{Failure, ItbStatus};

/// A spinal cord injury at T6 or above (`"sci_t6_or_above"` in the protocol).
pub const ITB_RISK_SCI_T6_OR_ABOVE: u32 = 1;
/// Difficulty communicating: the patient may not report early signs
/// (`"communication_difficulty"`).
pub const ITB_RISK_COMMUNICATION_DIFFICULTY: u32 = 2;
/// Withdrawal symptoms before, from oral or intrathecal baclofen (`"prior_withdrawal"`).
pub const ITB_RISK_PRIOR_WITHDRAWAL: u32 = 4;

/// The flag of each core risk factor. Exhaustive: a factor added to the core does not compile
/// here until it has its flag.
const fn flag(factor: RiskFactor) -> u32 {
    match factor {
        RiskFactor::SciT6OrAbove => ITB_RISK_SCI_T6_OR_ABOVE,
        RiskFactor::CommunicationDifficulty => ITB_RISK_COMMUNICATION_DIFFICULTY,
        RiskFactor::PriorWithdrawal => ITB_RISK_PRIOR_WITHDRAWAL,
    }
}

/// The core's set of a `uint32_t` of `ITB_RISK_*` flags; a bit that is no flag is unreadable and
/// reported as `ITB_STATUS_INVALID_ARGUMENT` on `risk_factors` when the core reaches it.
pub(crate) fn risk_factors(bits: u32, unread: &mut Unread) -> Given<RiskFactors> {
    let known = RiskFactor::ALL.iter().fold(0, |all, r| all | flag(*r));
    if bits & !known == 0 {
        let set = RiskFactor::ALL
            .into_iter()
            .filter(|r| bits & flag(*r) != 0)
            .collect();
        return Given::new(set);
    }
    let allowed: Vec<String> = RiskFactor::ALL
        .iter()
        .map(|r| format!("{} ({})", flag(*r), r.id()))
        .collect();
    let message = format!(
        "risk_factors: {bits:#x} holds bits {:#x} that are no ITB_RISK_* flag; allowed: 0 (none \
         known) or any of {} combined with |",
        bits & !known,
        allowed.join(", ")
    );
    let failure = Failure::new(ItbStatus::InvalidArgument, "risk_factors", message);
    unread.keep("risk_factors", ErrorKind::InvalidValue, failure);
    Given::unreadable(ErrorKind::InvalidValue)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bits: u32) -> Result<RiskFactors, Failure> {
        let mut unread = Unread::default();
        let given = risk_factors(bits, &mut unread);
        given
            .read("risk_factors", itb::patient::RISK_FACTOR_IDS)
            .map_err(|e| unread.fail(e))
    }

    #[test]
    fn flags_are_fixed_and_name_every_core_factor() {
        // By hand: the ABI numbers, one bit each.
        assert_eq!(RiskFactor::ALL.map(flag), [1, 2, 4]);
    }

    #[test]
    fn zero_is_none_and_each_combination_is_its_set() {
        assert_eq!(read(0), Ok(RiskFactors::NONE));
        let two = read(ITB_RISK_SCI_T6_OR_ABOVE | ITB_RISK_PRIOR_WITHDRAWAL).unwrap();
        let ids: Vec<&str> = two.iter().map(RiskFactor::id).collect();
        assert_eq!(ids, ["sci_t6_or_above", "prior_withdrawal"]);
        assert_eq!(read(7).unwrap().len(), 3);
    }

    #[test]
    fn an_unknown_bit_is_refused_with_the_flags_allowed() {
        for bits in [8, 9, 0x80, 0x8000_0000, u32::MAX] {
            let e = read(bits).unwrap_err();
            assert_eq!(
                (e.status, e.field.as_str()),
                (ItbStatus::InvalidArgument, "risk_factors"),
                "{bits}"
            );
        }
        assert_eq!(
            read(9).unwrap_err().message,
            "risk_factors: 0x9 holds bits 0x8 that are no ITB_RISK_* flag; allowed: 0 (none \
             known) or any of 1 (sci_t6_or_above), 2 (communication_difficulty), 4 \
             (prior_withdrawal) combined with |"
        );
    }
}
