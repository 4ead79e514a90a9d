//! Strict JSON: serde_json, plus the refusal of repeated keys and of a top level that is not
//! an object.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::ProtocolError;
use crate::error::ErrorKind;

/// The request object, or `invalid_json`.
pub(super) fn parse_object(text: &str) -> Result<Map<String, Value>, ProtocolError> {
    match parse_strict(text)? {
        Value::Object(map) => Ok(map),
        _ => Err(invalid("the request must be a JSON object".into())),
    }
}

fn invalid(message: String) -> ProtocolError {
    ProtocolError::new(ErrorKind::InvalidJson, None, message)
}

fn parse_strict(text: &str) -> Result<Value, ProtocolError> {
    // RFC 8259 §8.1 lets a parser ignore a byte-order mark; editors on Windows write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = StrictValue::deserialize(&mut de).and_then(|v| de.end().map(|()| v.0));
    parsed.map_err(|e| invalid(format!("invalid JSON: {e}")))
}

struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number is not finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("repeated key {key:?}")));
            }
            let StrictValue(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A JSON number is read to the same f64 as its text: serde_json's `float_roundtrip`
        /// (without it, 900720.0789160553 was read one ulp off; found by a Python property test).
        #[test]
        fn json_numbers_parse_exactly(v in proptest::num::f64::POSITIVE | proptest::num::f64::NORMAL) {
            let text = format!("{v:?}");
            let parsed = parse_strict(&text).unwrap();
            prop_assert_eq!(parsed.as_f64().unwrap().to_bits(), v.to_bits(), "{}", text);
        }
    }

    #[test]
    fn the_number_that_was_misread() {
        let v = parse_strict("900720.0789160553").unwrap().as_f64().unwrap();
        assert_eq!(
            v.to_bits(),
            "900720.0789160553".parse::<f64>().unwrap().to_bits()
        );
    }

    #[test]
    fn repeated_keys_and_non_objects_are_invalid_json() {
        let kind = |t: &str| parse_object(t).unwrap_err().kind;
        assert_eq!(kind(r#"{"op":"a","op":"b"}"#), ErrorKind::InvalidJson);
        assert_eq!(kind("[1]"), ErrorKind::InvalidJson);
        assert_eq!(kind("NaN"), ErrorKind::InvalidJson);
    }
}
