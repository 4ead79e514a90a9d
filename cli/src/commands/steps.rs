//! Flex steps on the command line, for `itb flex` and `itb refill`: `--steps "07:00=20 mcg/h,
//! 22:00=30 mcg/h"`, or `--step 07:00=20mcg/h` repeated. Each step becomes
//! `{"start": "07:00", "rate": "20 mcg/h"}` and the protocol checks the time and the rate; only
//! an item that is not `HH:MM=RATE` at all is refused here.

use clap::Args;
use itb::ErrorKind;
use itb::units::Unit;
use serde_json::{Value, json};

use super::{Refusal, echo};

/// What a step looks like, for `--help` and messages.
const FORM: &str = "HH:MM=RATE, e.g. 07:00=20 mcg/h";

/// The flex-step arguments. Which of them a command requires is the command's group.
#[derive(Args, Debug)]
pub struct StepArgs {
    /// Flex steps, comma-separated, each HH:MM=RATE, in order of start:
    /// "07:00=20 mcg/h,22:00=30 mcg/h". Each rate holds until the next start; the last until
    /// the first start of the next day.
    #[arg(
        long,
        value_name = "HH:MM=RATE,...",
        allow_hyphen_values = true,
        conflicts_with = "step"
    )]
    pub steps: Option<String>,
    /// One flex step, HH:MM=RATE ("07:00=20 mcg/h"); repeat it for each step, in order of
    /// start.
    #[arg(long, value_name = "HH:MM=RATE", allow_hyphen_values = true)]
    pub step: Vec<String>,
}

impl StepArgs {
    /// The steps as given, one text each.
    fn items(&self) -> Vec<&str> {
        match &self.steps {
            // A comma inside a rate ("1,000 mcg/h") splits it; the half without `=` is then
            // refused, with a hint, rather than read as another number.
            Some(list) => list.split(',').collect(),
            None => self.step.iter().map(String::as_str).collect(),
        }
    }

    /// Whether any step was given.
    pub fn given(&self) -> bool {
        self.steps.is_some() || !self.step.is_empty()
    }

    /// The protocol's `steps` array.
    pub fn json(&self) -> Result<Value, Refusal> {
        let mut list = Vec::new();
        for (i, item) in self.items().into_iter().enumerate() {
            let (start, rate) = split(i, item)?;
            list.push(json!({"start": start, "rate": rate}));
        }
        Ok(Value::Array(list))
    }

    /// `07:00 20 mcg/h, 22:00 30 mcg/h`: the steps as the core read them (after the protocol
    /// accepted them), rates in mcg/h.
    pub fn echo(&self) -> String {
        let shown: Vec<String> = self
            .items()
            .into_iter()
            .enumerate()
            .map(|(i, item)| match split(i, item) {
                Ok((start, rate)) => format!("{start} {}", echo(rate, Unit::McgPerHour)),
                Err(_) => item.trim().to_owned(),
            })
            .collect();
        shown.join(", ")
    }

    /// How many steps were given.
    pub fn count(&self) -> usize {
        self.items().len()
    }
}

/// `07:00=20 mcg/h` → (`07:00`, `20 mcg/h`).
fn split(index: usize, item: &str) -> Result<(&str, &str), Refusal> {
    match item.split_once('=') {
        Some((start, rate)) => Ok((start.trim(), rate.trim())),
        None => {
            let field = format!("steps[{index}]");
            let message = format!(
                "{field}: {item:?} is not a step; allowed: {FORM} (steps are separated by \
                 commas; numbers have no thousands separators)"
            );
            Err(Refusal {
                kind: ErrorKind::InvalidValue,
                field,
                message,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str) -> StepArgs {
        StepArgs {
            steps: Some(text.to_owned()),
            step: Vec::new(),
        }
    }

    fn repeated(items: &[&str]) -> StepArgs {
        StepArgs {
            steps: None,
            step: items.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_list_and_repeated_steps_give_the_same_array() {
        let expected = json!([
            {"start": "07:00", "rate": "20 mcg/h"},
            {"start": "22:00", "rate": "30 mcg/h"},
        ]);
        assert_eq!(
            list("07:00=20 mcg/h, 22:00 = 30 mcg/h").json(),
            Ok(expected.clone())
        );
        assert_eq!(
            repeated(&["07:00=20 mcg/h", "22:00=30 mcg/h"]).json(),
            Ok(expected)
        );
        assert_eq!(list("07:00=20 mcg/h,22:00=30 mcg/h").count(), 2);
    }

    #[test]
    fn times_and_rates_are_left_to_the_protocol() {
        // 25:00 and "20" are passed on as written: the protocol names what is wrong with them.
        assert_eq!(
            list("25:00=20").json(),
            Ok(json!([{"start": "25:00", "rate": "20"}]))
        );
    }

    #[test]
    fn an_item_without_equals_is_invalid_value_naming_its_index() {
        for (args, field, item) in [
            (list("07:00=1,000 mcg/h"), "steps[1]", "000 mcg/h"),
            (list("07:00=20 mcg/h,"), "steps[1]", ""),
            (list(""), "steps[0]", ""),
            (repeated(&["07:00 20 mcg/h"]), "steps[0]", "07:00 20 mcg/h"),
        ] {
            let e = args.json().expect_err(field);
            assert_eq!(e.kind, ErrorKind::InvalidValue);
            assert_eq!(e.field, field);
            assert!(
                e.message
                    .starts_with(&format!("{field}: {item:?} is not a step"))
            );
            assert!(e.message.contains("HH:MM=RATE"), "{}", e.message);
        }
    }

    #[test]
    fn steps_echo_their_rates_in_mcg_per_h() {
        assert_eq!(
            list("07:00=0.02 mg/h,22:00=30 mcg/h").echo(),
            "07:00 20 mcg/h, 22:00 30 mcg/h"
        );
    }
}
