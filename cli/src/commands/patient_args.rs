//! The patient's withdrawal risk factors on the command line, for `itb refill`,
//! `itb reconcile` and `itb patient`: `--risk-factor sci_t6_or_above`, repeated for each one. They become the
//! protocol's `risk_factors` list; the protocol checks each id (an unknown or repeated one is
//! `invalid_value` at `risk_factors[i]`, its message listing the allowed ids).

use clap::Args;
use serde_json::{Value, json};

/// The protocol field the risk-factor arguments feed, for error messages.
pub const ARGUMENT: (&str, &str) = ("risk_factors", "--risk-factor");

/// The risk-factor arguments.
#[derive(Args, Debug)]
pub struct RiskFactorArgs {
    /// A withdrawal risk factor of the patient (002 Boxed Warning); repeat it for each one:
    /// sci_t6_or_above (a spinal cord injury at T6 or above), communication_difficulty,
    /// prior_withdrawal (withdrawal symptoms before, from oral or intrathecal baclofen).
    /// Without it no risk factor is known.
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub risk_factor: Vec<String>,
}

impl RiskFactorArgs {
    /// The protocol's `risk_factors` list, as given; `None` when none was given (the protocol's
    /// default: no known risk factor).
    pub fn json(&self) -> Option<Value> {
        (!self.risk_factor.is_empty()).then(|| json!(self.risk_factor))
    }

    /// The risk factors as a report names them: the ids given, or that none was.
    pub fn line(&self) -> String {
        if self.risk_factor.is_empty() {
            "none given (--risk-factor)".to_owned()
        } else {
            self.risk_factor.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(ids: &[&str]) -> RiskFactorArgs {
        RiskFactorArgs {
            risk_factor: ids.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn none_given_is_an_absent_field() {
        assert_eq!(args(&[]).json(), None);
        assert_eq!(args(&[]).line(), "none given (--risk-factor)");
    }

    #[test]
    fn ids_pass_to_the_protocol_as_given_in_order() {
        let given = args(&["prior_withdrawal", "sci_t6_or_above"]);
        assert_eq!(
            given.json(),
            Some(json!(["prior_withdrawal", "sci_t6_or_above"]))
        );
        assert_eq!(given.line(), "prior_withdrawal, sci_t6_or_above");
        // Unknown ids are the protocol's to refuse, with the allowed list.
        assert_eq!(args(&["asthma"]).json(), Some(json!(["asthma"])));
    }
}
