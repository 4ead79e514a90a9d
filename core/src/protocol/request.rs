//! Reading a request's fields into the core's typed inputs.
//!
//! Only JSON's own questions are answered here: is the field known, present, not `null`, of
//! the JSON type it needs (a string, a number, an object)? A quantity that cannot be read at
//! all (`"abc mcg"`, a bare number, `{"value": 5}`) becomes an unreadable
//! [`Input`](crate::units::Input), and its message waits here until the core reaches that
//! field ([`Request::fail`]): an earlier field's error still comes first.

use std::cell::RefCell;

use serde_json::{Map, Value};

use super::ProtocolError;
use super::envelope::field_of;
use crate::error::{Error, ErrorKind, Quoted};
use crate::patient::{RiskFactor, RiskFactors};
use crate::pump::{CustomPump, PumpInput, PumpModel};
use crate::schedule::{FlexStep, TimeOfDay};
use crate::units::{ClinicalQuantity, Given, Input, Measure, ParseError, Unit};

/// The fields of one request object (the request itself, a pump object, a flex step).
pub(super) struct Request<'a> {
    map: &'a Map<String, Value>,
    /// Unreadable quantities by their field path, with the error to report for each.
    deferred: RefCell<Vec<(String, ProtocolError)>>,
}

impl<'a> Request<'a> {
    pub fn new(map: &'a Map<String, Value>) -> Self {
        Request {
            map,
            deferred: RefCell::new(Vec::new()),
        }
    }

    /// True when the request has this field.
    pub fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// The protocol error for an error of the core: the waiting message of an unreadable
    /// field, or the core's own.
    pub fn fail(&self, e: Error) -> ProtocolError {
        let path = field_of(&e);
        let deferred = self.deferred.borrow();
        let waiting = deferred
            .iter()
            .find(|(p, d)| Some(p) == path.as_ref() && d.kind == e.kind);
        match waiting {
            Some((_, d)) => d.clone(),
            None => e.into(),
        }
    }

    /// Checks for unknown fields (the first in alphabetical order) and then for missing
    /// required ones (in the order given).
    pub fn fields(&self, allowed: &[&str], required: &[&str]) -> Result<(), ProtocolError> {
        let mut unknown: Vec<&String> = self
            .map
            .keys()
            .filter(|k| *k != "op" && !allowed.contains(&k.as_str()))
            .collect();
        unknown.sort();
        if let Some(name) = unknown.first() {
            let list = if allowed.is_empty() {
                "none".to_owned()
            } else {
                allowed.join(", ")
            };
            return Err(ProtocolError::at(
                ErrorKind::UnknownField,
                name,
                format!("unknown field; allowed: {list}"),
            ));
        }
        match required.iter().find(|n| !self.has(n)) {
            Some(name) => Err(ProtocolError::at(ErrorKind::MissingField, name, "required")),
            None => Ok(()),
        }
    }

    /// A present field; an explicit `null` is not "absent" and is refused.
    fn value(&self, name: &str) -> Result<&'a Value, ProtocolError> {
        match self.map.get(name) {
            None => Err(ProtocolError::at(ErrorKind::MissingField, name, "required")),
            Some(Value::Null) => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                "null is not allowed; give a value or leave the field out",
            )),
            Some(v) => Ok(v),
        }
    }

    pub fn string(&self, name: &str) -> Result<&'a str, ProtocolError> {
        match self.value(name)? {
            Value::String(s) => Ok(s),
            other => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{other} is not a string"),
            )),
        }
    }

    /// A plain JSON number (a percentage, hours, an age). Strings and booleans are refused;
    /// the core checks the value.
    pub fn number(&self, name: &str) -> Result<f64, ProtocolError> {
        match self.value(name)? {
            Value::Number(n) => n.as_f64().filter(|v| v.is_finite()).ok_or_else(|| {
                let text = n.to_string();
                ProtocolError::at(
                    ErrorKind::NotFinite,
                    name,
                    format!(
                        "{} is a number too large to hold (more than about 1.8e308)",
                        Quoted(&text)
                    ),
                )
            }),
            other => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{other} is not a JSON number"),
            )),
        }
    }

    /// An optional plain number: absent is `None`.
    pub fn optional_number(&self, name: &str) -> Result<Option<f64>, ProtocolError> {
        self.has(name).then(|| self.number(name)).transpose()
    }

    /// An optional boolean: absent is `None`.
    pub fn optional_bool(&self, name: &str) -> Result<Option<bool>, ProtocolError> {
        if !self.has(name) {
            return Ok(None);
        }
        match self.value(name)? {
            Value::Bool(b) => Ok(Some(*b)),
            other => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{other} is not true or false"),
            )),
        }
    }

    /// One of a fixed set of ids, read when the core reaches it (an unreadable one waits).
    pub fn given<T: Copy>(
        &self,
        name: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Given<T> {
        self.deferrable(name, self.choice(name, parse, allowed))
    }

    /// A time of day, read when the core reaches it (an unreadable one waits).
    pub fn given_time(&self, name: &'static str) -> Given<TimeOfDay> {
        self.deferrable(name, self.time(name))
    }

    fn deferrable<T: Copy>(&self, path: &str, read: Result<T, ProtocolError>) -> Given<T> {
        match read {
            Ok(v) => Given::from(v),
            Err(e) => {
                let kind = e.kind;
                self.deferred.borrow_mut().push((path.to_owned(), e));
                Given::unreadable(kind)
            }
        }
    }

    /// One of a fixed set of ids (case-sensitive).
    pub fn choice<T>(
        &self,
        name: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Result<T, ProtocolError> {
        let id = self.string(name)?;
        parse(id).ok_or_else(|| {
            ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{id:?} is not allowed; allowed (case-sensitive): {allowed}"),
            )
        })
    }

    /// A quantity input of dimension `Q`: `"2000 mcg/mL"` or `{"value": 2000, "unit":
    /// "mcg/mL"}`. Checked by the core; unreadable ones wait under `path`.
    pub fn input<Q: ClinicalQuantity>(&self, name: &str, path: &str) -> Input<Q> {
        match self.measure(name, path, Some(Q::DIMENSION.describe())) {
            Ok(m) => Input::measure(m),
            Err(e) => {
                let kind = e.kind;
                self.deferred.borrow_mut().push((path.to_owned(), e));
                Input::unreadable(kind)
            }
        }
    }

    /// A top-level quantity input.
    pub fn quantity<Q: ClinicalQuantity>(&self, name: &str) -> Input<Q> {
        self.input(name, name)
    }

    /// An optional top-level quantity input: absent is `None`.
    pub fn optional<Q: ClinicalQuantity>(&self, name: &str) -> Option<Input<Q>> {
        self.has(name).then(|| self.quantity(name))
    }

    /// A quantity of any dimension (`convert`), read at once.
    pub fn any_measure(&self, name: &str) -> Result<Measure, ProtocolError> {
        self.measure(name, name, None)
    }

    fn measure(
        &self,
        name: &str,
        path: &str,
        expected: Option<&str>,
    ) -> Result<Measure, ProtocolError> {
        let allowed = expected.unwrap_or("a number with a unit, e.g. \"2 mg\"");
        let value = self.value(name).map_err(|e| renamed(e, name, path))?;
        measure_of(value, path, allowed)
    }

    /// A list of quantity inputs of dimension `Q` (`"times": ["0 h", "30 min"]`); each
    /// unreadable element waits under `name[i]`. Not a list: `invalid_value`.
    pub fn inputs<Q: ClinicalQuantity>(&self, name: &str) -> Result<Vec<Input<Q>>, ProtocolError> {
        let Value::Array(items) = self.value(name)? else {
            let message = format!("not a list of {}", Q::DIMENSION.describe());
            return Err(ProtocolError::at(ErrorKind::InvalidValue, name, message));
        };
        let allowed = Q::DIMENSION.describe();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{name}[{i}]");
            out.push(match measure_of(item, &path, allowed) {
                Ok(m) => Input::measure(m),
                Err(e) => {
                    let kind = e.kind;
                    self.deferred.borrow_mut().push((path, e));
                    Input::unreadable(kind)
                }
            });
        }
        Ok(out)
    }

    /// A time of day, `"HH:MM"`.
    pub fn time(&self, name: &'static str) -> Result<TimeOfDay, ProtocolError> {
        self.time_at(name, name)
    }

    fn time_at(&self, name: &'static str, path: &str) -> Result<TimeOfDay, ProtocolError> {
        let text = self.string(name).map_err(|e| renamed(e, name, path))?;
        TimeOfDay::parse(text, name).map_err(|e| {
            let e = renamed(e.into(), name, path);
            let shown: String = text.chars().take(20).collect();
            ProtocolError {
                message: format!("{} ({shown:?})", e.message),
                ..e
            }
        })
    }

    /// A list of strings (`"medications": ["morphine"]`): not a list, or an element that is
    /// not a string, is `invalid_value` naming it.
    pub fn strings(&self, name: &str, what: &str) -> Result<Vec<&'a str>, ProtocolError> {
        let Value::Array(items) = self.value(name)? else {
            let message = format!("not a list of {what}");
            return Err(ProtocolError::at(ErrorKind::InvalidValue, name, message));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().ok_or_else(|| {
                    let message = format!("{item} is not a string; expected {what}");
                    ProtocolError::at(ErrorKind::InvalidValue, &format!("{name}[{i}]"), message)
                })
            })
            .collect()
    }

    /// Withdrawal risk factors: a list of distinct ids, absent for none. Read when the core
    /// reaches it: an unreadable list waits under `name`, its error naming the element.
    pub fn risk_factors(&self, name: &str) -> Given<RiskFactors> {
        if !self.has(name) {
            return Given::new(RiskFactors::NONE);
        }
        self.deferrable(name, self.risk_factor_list(name))
    }

    fn risk_factor_list(&self, name: &str) -> Result<RiskFactors, ProtocolError> {
        let allowed = crate::patient::RISK_FACTOR_IDS;
        let Value::Array(items) = self.value(name)? else {
            let message = format!("not a list of risk factors; allowed: {allowed}");
            return Err(ProtocolError::at(ErrorKind::InvalidValue, name, message));
        };
        let mut set = RiskFactors::NONE;
        for (i, item) in items.iter().enumerate() {
            let path = format!("{name}[{i}]");
            let factor = item.as_str().and_then(RiskFactor::parse).ok_or_else(|| {
                let message =
                    format!("{item} is not a risk factor; allowed (case-sensitive): {allowed}");
                ProtocolError::at(ErrorKind::InvalidValue, &path, message)
            })?;
            if set.contains(factor) {
                let message =
                    format!("{item} is repeated; give each risk factor once, of: {allowed}");
                return Err(ProtocolError::at(ErrorKind::InvalidValue, &path, message));
            }
            set = set.with(factor);
        }
        Ok(set)
    }

    /// Flex steps: a non-empty array of `{"start": "HH:MM", "rate": <dose rate>}`.
    pub fn steps(&self, name: &str) -> Result<Vec<FlexStep>, ProtocolError> {
        let Value::Array(items) = self.value(name)? else {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                "not an array of {\"start\", \"rate\"} steps",
            ));
        };
        let mut steps = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{name}[{i}]");
            let Value::Object(map) = item else {
                return Err(ProtocolError::at(
                    ErrorKind::InvalidValue,
                    &path,
                    "not a {\"start\", \"rate\"} object",
                ));
            };
            let step = Request::new(map);
            step.fields(&["start", "rate"], &["start", "rate"])
                .map_err(|e| nested(e, &path))?;
            let start = step.time_at("start", &format!("{path}.start"))?;
            let rate = step.input("rate", &format!("{path}.rate"));
            self.deferred
                .borrow_mut()
                .append(&mut step.deferred.borrow_mut());
            steps.push(FlexStep { start, rate });
        }
        Ok(steps)
    }

    /// A pump: a catalogued id, or `{"reservoir", "low_alarm", "accuracy_percent"?,
    /// "programmable"?}`.
    pub fn pump(&self, name: &str) -> Result<PumpInput, ProtocolError> {
        match self.value(name)? {
            Value::String(id) => PumpModel::parse(id).map(PumpInput::Model).ok_or_else(|| {
                let allowed = crate::pump::MODEL_IDS;
                ProtocolError::at(
                    ErrorKind::InvalidValue,
                    name,
                    format!("{id:?} is not a pump; allowed (case-sensitive): {allowed}, or a custom pump object"),
                )
            }),
            Value::Object(map) => self.custom_pump(name, map).map(PumpInput::Custom),
            other => Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                name,
                format!("{other} is not a pump id or a pump object"),
            )),
        }
    }

    fn custom_pump(
        &self,
        name: &str,
        map: &Map<String, Value>,
    ) -> Result<CustomPump, ProtocolError> {
        let pump = Request::new(map);
        let allowed = ["reservoir", "low_alarm", "accuracy_percent", "programmable"];
        pump.fields(&allowed, &["reservoir", "low_alarm"])
            .map_err(|e| nested(e, name))?;
        let custom = CustomPump {
            reservoir: pump.input("reservoir", &format!("{name}.reservoir")),
            low_alarm: pump.input("low_alarm", &format!("{name}.low_alarm")),
            accuracy_percent: pump
                .optional_number("accuracy_percent")
                .map_err(|e| nested(e, name))?,
            programmable: pump
                .optional_bool("programmable")
                .map_err(|e| nested(e, name))?,
        };
        self.deferred
            .borrow_mut()
            .append(&mut pump.deferred.borrow_mut());
        Ok(custom)
    }
}

/// An error on a field of a nested object (`rate`), named by its full path (`steps[2].rate`).
fn nested(e: ProtocolError, parent: &str) -> ProtocolError {
    match e.field.clone() {
        Some(inner) => renamed(e, &inner, &format!("{parent}.{inner}")),
        None => e,
    }
}

/// The error of field `name`, named `path` in its field and at the head of its message.
fn renamed(mut e: ProtocolError, name: &str, path: &str) -> ProtocolError {
    if name == path {
        return e;
    }
    if let Some(rest) = e.message.strip_prefix(name) {
        e.message = format!("{path}{rest}");
    }
    e.field = Some(path.to_owned());
    e
}

fn measure_object(
    path: &str,
    obj: &Map<String, Value>,
    allowed: &str,
) -> Result<Measure, ProtocolError> {
    let mut extra: Vec<&String> = obj
        .keys()
        .filter(|k| *k != "value" && *k != "unit")
        .collect();
    extra.sort();
    if let Some(k) = extra.first() {
        return Err(ProtocolError::at(
            ErrorKind::UnknownField,
            &format!("{path}.{k}"),
            "unknown field; allowed: value, unit",
        ));
    }
    let value = match obj.get("value") {
        None => {
            let field = format!("{path}.value");
            return Err(ProtocolError::at(
                ErrorKind::MissingField,
                &field,
                "required",
            ));
        }
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(other) => {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                path,
                format!("value {other} is not a JSON number"),
            ));
        }
    };
    let unit = match obj.get("unit") {
        None => {
            return Err(ProtocolError::at(
                ErrorKind::UnitRequired,
                path,
                format!("{value} has no unit; expected {allowed}"),
            ));
        }
        Some(Value::String(s)) => Unit::parse(s).map_err(|e| parse_error(path, s, e, allowed))?,
        Some(other) => {
            return Err(ProtocolError::at(
                ErrorKind::InvalidValue,
                path,
                format!("unit {other} is not a string"),
            ));
        }
    };
    Ok(Measure::new(value, unit))
}

/// A text that is not a quantity or a unit, quoted ([`Quoted`]: a 1 MB string stays out of
/// the message).
pub(super) fn parse_error(path: &str, text: &str, e: ParseError, allowed: &str) -> ProtocolError {
    let message = format!("{}: {}; expected {allowed}", Quoted(text), e.reason);
    ProtocolError::at(e.kind, path, message)
}

/// A quantity from a JSON value: a string or a `{"value", "unit"}` object.
fn measure_of(value: &Value, path: &str, allowed: &str) -> Result<Measure, ProtocolError> {
    let at = |kind, message: String| ProtocolError::at(kind, path, message);
    match value {
        Value::String(s) => Measure::parse(s).map_err(|e| parse_error(path, s, e, allowed)),
        Value::Number(n) => Err(at(
            ErrorKind::UnitRequired,
            format!("{n} has no unit; a bare number is never a dose. Expected {allowed}"),
        )),
        Value::Object(obj) => measure_object(path, obj, allowed),
        other => Err(at(
            ErrorKind::InvalidValue,
            format!("{other} is not a quantity; expected {allowed}"),
        )),
    }
}
