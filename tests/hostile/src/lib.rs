//! Hostile input, the same cases through every Rust-hosted front end: the Rust protocol
//! (`tests/protocol.rs`), the C library's `itb_eval_json` (`tests/c_abi.rs`) and the `itb eval`
//! command (`cli/tests/hostile.rs`, which includes this file with
//! `#[path = "../../tests/hostile/src/lib.rs"] #[macro_use] mod hostile;`). Python has its own
//! copy of the ideas in `tests/python/test_hostile.py`.
//!
//! Every hostile request must get either a correct answer or a clean protocol error: the right
//! code, the right field, a message of at most [`MAX_MESSAGE_BYTES`] with no Rust panic text in
//! it, and a response of bounded size (no request may make the library echo megabytes back).
//! Nothing may crash, and nothing may hang: each request runs under [`HANG_GUARD`].
//!
//! A front end is a function from request bytes to response text ([`Eval`]); the topics below
//! take one, and [`hostile_tests!`] writes one `#[test]` per topic for it. A topic that shows a
//! library bug documents the behaviour expected and is `#[ignore = "bug: ..."]` until the
//! library is fixed: `cargo test -p itb-hostile-tests -- --ignored` shows what is still wrong.
#![allow(dead_code)] // cli/tests/hostile.rs includes this file and need not use all of it

use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

/// The hang guard: a request still unanswered after this long is reported as a hang. It is not
/// a speed check (every case here answers within a few seconds even in a debug build, the
/// 10 MB ones included); it is generous so that a slow or loaded machine never fails a test.
pub const HANG_GUARD: Duration = Duration::from_secs(60);

/// The longest error message allowed: a message names the field, the value (cut short when
/// long) and what is allowed, never the whole of a hostile value.
pub const MAX_MESSAGE_BYTES: usize = 2_000;

/// The largest error response allowed: the message, a short field, the envelope.
pub const MAX_ERROR_RESPONSE_BYTES: usize = 4_096;

/// The largest answer allowed to the large requests here (1,000 PK points, 1,440 flex steps
/// are about 200 kB): bounded, never a multiple of a hostile input.
pub const MAX_ANSWER_BYTES: usize = 1 << 20;

/// Text that means a Rust panic (or an unwrap) reached the response.
pub const PANIC_TEXT: [&str; 5] = [
    "panicked at",
    "called `Result::unwrap()`",
    "called `Option::unwrap()`",
    "RUST_BACKTRACE",
    "stack backtrace",
];

/// 10 MB, the size of the hostile strings.
pub const TEN_MB: usize = 10_000_000;

/// One front end: the request bytes in, the response text out. It may panic on a broken
/// front-end contract (a C status, an exit code); [`send`] reports the panic as a failure.
pub type Eval = fn(&[u8]) -> String;

/// What the `field` of an error response must be.
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    /// `null`: no single field is at fault (the text itself).
    Null,
    /// Exactly this path.
    Is(&'a str),
    /// A path starting with this (a hostile key is part of the path).
    StartsWith(&'a str),
}

/// Sends one request through `eval` on a thread of its own and waits at most [`HANG_GUARD`]
/// for the response. `Err` for a hang or a panic of the front end.
pub fn send(eval: Eval, request: Vec<u8>) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("hostile request".into())
        .spawn(move || {
            let response = eval(&request);
            // The receiver is gone only after a hang was reported.
            let _ = tx.send(response);
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    match rx.recv_timeout(HANG_GUARD) {
        Ok(response) => {
            let _ = worker.join();
            Ok(response)
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "hang guard: no response within {} s (a hang, not a slow answer)",
            HANG_GUARD.as_secs()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let panic = worker.join().err().map_or_else(String::new, |p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            });
            Err(format!("the front end panicked: {}", short(&panic)))
        }
    }
}

/// The start of a long text, for failure messages: never megabytes in a test report.
pub fn short(text: &str) -> String {
    const KEEP: usize = 300;
    if text.len() <= KEEP {
        return text.to_owned();
    }
    let mut end = KEEP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &text[..end], text.len())
}

/// The request text of a JSON value.
pub fn text(request: &Value) -> Vec<u8> {
    request.to_string().into_bytes()
}

/// Checks an error response: ok false, the code, the field, a bounded message without panic
/// text, a bounded response. Returns the response.
pub fn check_error(response: &str, code: &str, field: Field<'_>) -> Result<Value, String> {
    let value: Value = serde_json::from_str(response)
        .map_err(|e| format!("not JSON ({e}): {}", short(response)))?;
    let error = &value["error"];
    let got = (
        value["ok"].as_bool(),
        error["code"].as_str(),
        short(&error["field"].to_string()),
    );
    let field_ok = match (field, &error["field"]) {
        (Field::Null, Value::Null) => true,
        (Field::Is(want), Value::String(f)) => f == want,
        (Field::StartsWith(want), Value::String(f)) => f.starts_with(want),
        _ => false,
    };
    if got.0 != Some(false) || got.1 != Some(code) || !field_ok {
        return Err(format!(
            "expected {code} on {field:?}, got ok {:?}, code {:?}, field {}; message {}",
            got.0,
            got.1,
            got.2,
            short(error["message"].as_str().unwrap_or(response)),
        ));
    }
    let message = error["message"]
        .as_str()
        .ok_or_else(|| format!("no message: {}", short(response)))?;
    if message.is_empty() || message.len() > MAX_MESSAGE_BYTES {
        return Err(format!(
            "a message of {} bytes (allowed: 1 to {MAX_MESSAGE_BYTES}): {}",
            message.len(),
            short(message)
        ));
    }
    if response.len() > MAX_ERROR_RESPONSE_BYTES {
        return Err(format!(
            "an error response of {} bytes (allowed: at most {MAX_ERROR_RESPONSE_BYTES}): {}",
            response.len(),
            short(response)
        ));
    }
    no_panic_text(response)?;
    if !(value["op"].is_null() || value["op"].is_string()) {
        return Err(format!(
            "op is neither null nor a text: {}",
            short(response)
        ));
    }
    Ok(value)
}

/// Checks an answer: ok true, at most `max_bytes`, no panic text. Returns the response.
pub fn check_answer(response: &str, max_bytes: usize) -> Result<Value, String> {
    let value: Value = serde_json::from_str(response)
        .map_err(|e| format!("not JSON ({e}): {}", short(response)))?;
    if value["ok"] != true {
        return Err(format!("expected an answer, got {}", short(response)));
    }
    if response.len() > max_bytes {
        return Err(format!(
            "an answer of {} bytes (allowed: at most {max_bytes})",
            response.len()
        ));
    }
    no_panic_text(response)?;
    Ok(value)
}

fn no_panic_text(response: &str) -> Result<(), String> {
    match PANIC_TEXT.iter().find(|p| response.contains(*p)) {
        Some(p) => Err(format!("panic text {p:?} in {}", short(response))),
        None => Ok(()),
    }
}

/// The cases of one topic through one front end; every failure is collected, so that a run
/// lists all of them at once.
pub struct Batch {
    eval: Eval,
    failures: Vec<String>,
    cases: usize,
}

impl Batch {
    /// A batch sent through `eval`.
    pub fn new(eval: Eval) -> Batch {
        Batch {
            eval,
            failures: Vec::new(),
            cases: 0,
        }
    }

    fn run(
        &mut self,
        what: &str,
        request: Vec<u8>,
        check: impl FnOnce(&str) -> Result<Value, String>,
    ) -> Option<Value> {
        self.cases += 1;
        let outcome = send(self.eval, request).and_then(|response| check(&response));
        match outcome {
            Ok(value) => Some(value),
            Err(e) => {
                self.failures.push(format!("{what}: {e}"));
                None
            }
        }
    }

    /// `request` must be refused with `code` on `field` (see [`check_error`]).
    pub fn refused(
        &mut self,
        what: &str,
        request: Vec<u8>,
        code: &str,
        field: Field<'_>,
    ) -> Option<Value> {
        self.run(what, request, |r| check_error(r, code, field))
    }

    /// `request` must be answered in at most `max_bytes` (see [`check_answer`]).
    pub fn answered(&mut self, what: &str, request: Vec<u8>, max_bytes: usize) -> Option<Value> {
        self.run(what, request, |r| check_answer(r, max_bytes))
    }

    /// Records a failure of a check made on a response.
    pub fn fail(&mut self, what: &str, message: String) {
        self.failures.push(format!("{what}: {message}"));
    }

    /// Panics listing every failure.
    pub fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "{} of {} hostile cases failed:\n  {}",
            self.failures.len(),
            self.cases,
            self.failures.join("\n  ")
        );
    }
}

/// `{"op": "daily_volume", "daily_dose": dose, "concentration": "2 mg/mL"}`.
fn daily_volume(dose: Value) -> Vec<u8> {
    text(&json!({"op": "daily_volume", "daily_dose": dose, "concentration": "2 mg/mL"}))
}

/// `{"op": "convert", "quantity": quantity, "to": to}`.
fn convert(quantity: Value, to: &str) -> Vec<u8> {
    text(&json!({"op": "convert", "quantity": quantity, "to": to}))
}

/// A `titrate` request with every required field, `change` merged in.
fn titrate(change: Value) -> Vec<u8> {
    let mut request = json!({
        "op": "titrate", "profile": "us", "current_daily_dose": "200 mcg/day",
        "change_percent": 10, "origin": "spinal", "phase": "titration",
    });
    merge(&mut request, change);
    text(&request)
}

/// A `refill_plan` request (SynchroMed II 20 mL, 2000 mcg/mL, 500 mcg/day), `change` merged in
/// (a `null` removes a field).
fn refill(change: Value) -> Vec<u8> {
    let mut request = json!({
        "op": "refill_plan", "pump": "synchromed_ii_20",
        "concentration": "2000 mcg/mL", "daily_dose": "500 mcg/day",
    });
    merge(&mut request, change);
    text(&request)
}

fn merge(request: &mut Value, change: Value) {
    if let (Some(map), Value::Object(change)) = (request.as_object_mut(), change) {
        for (k, v) in change {
            if v.is_null() {
                map.remove(&k);
            } else {
                map.insert(k, v);
            }
        }
    }
}

/// The start of minute `i` of the day, `"HH:MM"`, going round the clock.
pub fn minute(i: usize) -> String {
    format!("{:02}:{:02}", i / 60 % 24, i % 60)
}

/// `count` flex steps starting at minute 0, 1, 2... of the day (round the clock past 1,440).
pub fn flex_steps(count: usize, rate: &str) -> Value {
    Value::Array(
        (0..count)
            .map(|i| json!({"start": minute(i), "rate": rate}))
            .collect(),
    )
}

/// The value of `result[key]` in its unit.
fn result_value(response: &Value, key: &str) -> Option<f64> {
    response["result"][key]["value"].as_f64()
}

/// `result[key]` is `want` within a relative 1e-9 (a sum of 1,440 steps carries float noise in
/// its twelfth digit: 480.000000001).
fn result_near(response: &Value, key: &str, want: f64) -> bool {
    result_value(response, key).is_some_and(|v| (v - want).abs() <= 1e-9 * want.abs().max(1.0))
}

// ----- the topics -----

/// 100,000 levels of arrays or objects, as the request or inside a field: `invalid_json`
/// (serde_json's recursion limit), never a stack overflow.
pub fn deep_nesting_is_invalid_json(eval: Eval) {
    const DEPTH: usize = 100_000;
    let mut b = Batch::new(eval);
    let open = |s: &str| s.repeat(DEPTH);
    let arrays = format!("{}{}", open("["), open("]"));
    b.refused(
        "100,000 nested arrays",
        arrays.clone().into_bytes(),
        "invalid_json",
        Field::Null,
    );
    let objects = format!("{}1{}", open(r#"{"a":"#), open("}"));
    b.refused(
        "100,000 nested objects",
        objects.into_bytes(),
        "invalid_json",
        Field::Null,
    );
    let in_field = format!(r#"{{"op":"convert","quantity":{arrays},"to":"mcg"}}"#);
    b.refused(
        "arrays 100,000 deep in a quantity",
        in_field.into_bytes(),
        "invalid_json",
        Field::Null,
    );
    let pump = format!("{}20{}", open(r#"{"reservoir":"#), open("}"));
    let in_pump = format!(
        r#"{{"op":"refill_plan","pump":{pump},"concentration":"2000 mcg/mL","daily_dose":"500 mcg/day"}}"#
    );
    b.refused(
        "objects 100,000 deep as the pump",
        in_pump.into_bytes(),
        "invalid_json",
        Field::Null,
    );
    let in_op = format!(r#"{{"op":{arrays}}}"#);
    b.refused(
        "arrays 100,000 deep as the op",
        in_op.into_bytes(),
        "invalid_json",
        Field::Null,
    );
    b.refused(
        "100,000 unclosed arrays",
        open("[").into_bytes(),
        "invalid_json",
        Field::Null,
    );
    let unclosed = format!(r#"{{"op":"convert","quantity":{}"#, open(r#"{"value":"#));
    b.refused(
        "100,000 unclosed objects",
        unclosed.into_bytes(),
        "invalid_json",
        Field::Null,
    );
    b.finish();
}

/// Nesting up to 127 levels is read as JSON (the value is then refused for what it is); 129
/// levels and more are `invalid_json`.
pub fn nesting_up_to_127_levels_is_read(eval: Eval) {
    let mut b = Batch::new(eval);
    // The request object is level 1; `n` arrays inside it make n + 1 levels.
    let nested = |n: usize| {
        format!(
            r#"{{"op":"convert","quantity":{}{},"to":"mcg"}}"#,
            "[".repeat(n),
            "]".repeat(n)
        )
        .into_bytes()
    };
    b.refused(
        "127 levels",
        nested(126),
        "invalid_value",
        Field::Is("quantity"),
    );
    b.refused("129 levels", nested(128), "invalid_json", Field::Null);
    b.refused("200 levels", nested(199), "invalid_json", Field::Null);
    b.finish();
}

/// docs/PROTOCOL.md, Requests, step 1: "nesting deeper than 128 levels → invalid_json", so
/// 128 levels are read. The code refuses them (serde_json counts its limit of 128 so that 127
/// levels are the most it reads).
/// docs/PROTOCOL.md: nesting of 128 levels or more (the request object is level 1) is
/// `invalid_json`.
pub fn nesting_of_128_levels_is_read_as_documented(eval: Eval) {
    let mut b = Batch::new(eval);
    let request = format!(
        r#"{{"op":"convert","quantity":{}{},"to":"mcg"}}"#,
        "[".repeat(127),
        "]".repeat(127)
    );
    b.refused(
        "128 levels",
        request.into_bytes(),
        "invalid_json",
        Field::Null,
    );
    b.finish();
}

/// 10 MB strings where the protocol reads a quantity, a unit, a time, a name, or no JSON at
/// all: the error quotes the value cut short.
pub fn ten_megabyte_strings_get_short_errors(eval: Eval) {
    let big = "x".repeat(TEN_MB);
    let mut b = Batch::new(eval);
    b.refused(
        "a 10 MB quantity",
        convert(json!(big), "mcg"),
        "invalid_value",
        Field::Is("quantity"),
    );
    b.refused(
        "a 10 MB unit text in a quantity",
        convert(json!(format!("1 {big}")), "mcg"),
        "unit_unknown",
        Field::Is("quantity"),
    );
    b.refused(
        "a 10 MB unit in a quantity object",
        convert(json!({"value": 1, "unit": big}), "mcg"),
        "unit_unknown",
        Field::Is("quantity"),
    );
    b.refused(
        "a 10 MB to",
        convert(json!("1 mg"), &big),
        "unit_unknown",
        Field::Is("to"),
    );
    b.refused(
        "a 10 MB daily dose unit",
        daily_volume(json!(format!("500 {big}"))),
        "unit_unknown",
        Field::Is("daily_dose"),
    );
    b.refused(
        "10 MB of digits",
        convert(json!(format!("{} mg", "1".repeat(TEN_MB))), "mcg"),
        "not_finite",
        Field::Is("quantity"),
    );
    let flex = json!({"op": "flex_daily_dose", "steps": [{"start": big, "rate": "10 mcg/h"}]});
    b.refused(
        "a 10 MB flex start",
        text(&flex),
        "invalid_value",
        Field::Is("steps[0].start"),
    );
    let pk = json!({"op": "pk_profile", "bolus": "50 mcg", "times": [big]});
    b.refused(
        "a 10 MB PK time",
        text(&pk),
        "invalid_value",
        Field::Is("times[0]"),
    );
    let meds = json!({"op": "interactions", "medications": ["morphine", big]});
    b.refused(
        "a 10 MB medication name",
        text(&meds),
        "invalid_value",
        Field::Is("medications[1]"),
    );
    let extra = json!({"op": "convert", "quantity": "1 mg", "to": "mcg", "extra": big});
    b.refused(
        "a 10 MB value of an unknown field",
        text(&extra),
        "unknown_field",
        Field::Is("extra"),
    );
    b.refused(
        "10 MB of text, no JSON",
        big.clone().into_bytes(),
        "invalid_json",
        Field::Null,
    );
    b.refused(
        "a 10 MB JSON string",
        text(&json!(big)),
        "invalid_json",
        Field::Null,
    );
    b.finish();
}

/// 10 MB ids and a 10 MB op: the message must quote the value cut short, as it does for a
/// quantity. Today each is quoted whole (a 10 MB message, a 10 MB response).
pub fn ten_megabyte_ids_get_short_errors(eval: Eval) {
    let big = "x".repeat(TEN_MB);
    let mut b = Batch::new(eval);
    let id = |b: &mut Batch, what: &str, request: Value, field: &str| {
        b.refused(what, text(&request), "invalid_value", Field::Is(field));
    };
    b.refused(
        "a 10 MB op",
        text(&json!({"op": big})),
        "unknown_op",
        Field::Is("op"),
    );
    id(
        &mut b,
        "a 10 MB profile",
        json!({"op": "screening_plan", "profile": big}),
        "profile",
    );
    let origin = json!({"op": "titrate", "profile": "us", "current_daily_dose": "200 mcg/day",
        "change_percent": 10, "origin": big, "phase": "titration"});
    id(&mut b, "a 10 MB origin", origin, "origin");
    let pump = json!({"op": "refill_plan", "pump": big, "concentration": "2000 mcg/mL",
        "daily_dose": "500 mcg/day"});
    id(&mut b, "a 10 MB pump id", pump, "pump");
    let product = json!({"op": "containers", "product": big, "amount": "10 mg"});
    id(&mut b, "a 10 MB product id", product, "product");
    let catheter = json!({"op": "catheter_volume", "catheter": big, "trimmed_length": "1 cm"});
    id(&mut b, "a 10 MB catheter id", catheter, "catheter");
    id(
        &mut b,
        "a 10 MB sign list",
        json!({"op": "signs", "list": big}),
        "list",
    );
    id(
        &mut b,
        "a 10 MB sign code",
        json!({"op": "triage", "signs": [big]}),
        "signs[0]",
    );
    id(
        &mut b,
        "a 10 MB phase",
        json!({"op": "monitoring_plan", "phase": big}),
        "phase",
    );
    id(
        &mut b,
        "a 10 MB route",
        json!({"op": "patient_check", "route": big}),
        "route",
    );
    let risk = json!({"op": "refill_plan", "pump": "synchromed_ii_20",
        "concentration": "2000 mcg/mL", "daily_dose": "500 mcg/day", "risk_factors": [big]});
    id(&mut b, "a 10 MB risk factor", risk, "risk_factors[0]");
    b.finish();
}

/// A 10 MB text where a plain number or a boolean belongs: the message must quote it cut
/// short. Today it is quoted whole.
pub fn ten_megabyte_text_for_a_number_gets_a_short_error(eval: Eval) {
    let big = "x".repeat(TEN_MB);
    let mut b = Batch::new(eval);
    b.refused(
        "a 10 MB change_percent",
        titrate(json!({"change_percent": big})),
        "invalid_value",
        Field::Is("change_percent"),
    );
    b.refused(
        "a 10 MB pump_programmable",
        titrate(json!({"pump_programmable": big})),
        "invalid_value",
        Field::Is("pump_programmable"),
    );
    b.finish();
}

/// A 10 MB unknown key: the error must stay small (message and field cut short, or the field
/// named by its position). Today the key is written whole into both the field and the message
/// (a 20 MB response).
pub fn ten_megabyte_unknown_keys_get_short_errors(eval: Eval) {
    let big = "x".repeat(TEN_MB);
    let mut b = Batch::new(eval);
    let mut top = json!({"op": "convert", "quantity": "1 mg", "to": "mcg"});
    merge(&mut top, json!({ big.clone(): 1 }));
    b.refused(
        "a 10 MB unknown key",
        text(&top),
        "unknown_field",
        Field::StartsWith("x"),
    );
    let pump = json!({"reservoir": "20 mL", "low_alarm": "2 mL", big.clone(): 1});
    b.refused(
        "a 10 MB key in a custom pump",
        refill(json!({"pump": pump})),
        "unknown_field",
        Field::StartsWith("pump."),
    );
    let quantity = json!({"value": 2000, "unit": "mcg/mL", big.clone(): 1});
    b.refused(
        "a 10 MB key in a quantity object",
        refill(json!({"concentration": quantity})),
        "unknown_field",
        Field::StartsWith("concentration."),
    );
    let step = json!({"start": "00:00", "rate": "10 mcg/h", big: 1});
    let flex = json!({"op": "flex_daily_dose", "steps": [step]});
    b.refused(
        "a 10 MB key in a flex step",
        text(&flex),
        "unknown_field",
        Field::StartsWith("steps[0]."),
    );
    b.finish();
}

/// Bytes that are not UTF-8 anywhere in the request: `invalid_json`.
pub fn invalid_utf8_is_invalid_json(eval: Eval) {
    let mut b = Batch::new(eval);
    let cases: [(&str, &[u8]); 8] = [
        (
            "0xFF 0xFE in a string",
            b"{\"op\":\"products\",\"x\":\"\xff\xfe\"}",
        ),
        (
            "a lone continuation byte in op",
            b"{\"op\":\"conv\x80ert\"}",
        ),
        (
            "an overlong slash",
            b"{\"op\":\"products\",\"x\":\"\xc0\xaf\"}",
        ),
        (
            "an encoded surrogate",
            b"{\"op\":\"products\",\"x\":\"\xed\xa0\x80\"}",
        ),
        (
            "a truncated sequence at the end",
            b"{\"op\":\"products\"}\xe2\x82",
        ),
        (
            "Latin-1 micro sign in a unit",
            b"{\"op\":\"convert\",\"quantity\":\"500 \xb5g\",\"to\":\"mcg\"}",
        ),
        (
            "UTF-16 with its BOM",
            b"\xff\xfe{\x00\"\x00o\x00p\x00\"\x00",
        ),
        ("only 0xFF", b"\xff"),
    ];
    for (what, request) in cases {
        b.refused(what, request.to_vec(), "invalid_json", Field::Null);
    }
    let mut big = vec![0xff_u8; TEN_MB];
    big[0] = b'{';
    b.refused("10 MB of 0xFF", big, "invalid_json", Field::Null);
    b.finish();
}

/// A UTF-8 byte-order mark before the request is ignored (docs/PROTOCOL.md, Requests); only
/// one, and only first.
pub fn a_byte_order_mark_is_accepted(eval: Eval) {
    let mut b = Batch::new(eval);
    let bom = "\u{feff}";
    b.answered(
        "BOM + products",
        format!(r#"{bom}{{"op":"products"}}"#).into_bytes(),
        64 * 1024,
    );
    let request = format!(
        r#"{bom}{{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg/mL"}}"#
    );
    if let Some(r) = b.answered("BOM + daily_volume", request.into_bytes(), 64 * 1024)
        && result_value(&r, "flow_rate") != Some(0.25)
    {
        b.fail(
            "BOM + daily_volume",
            format!("flow {}", r["result"]["flow_rate"]),
        );
    }
    let cases = [
        ("two BOMs", format!(r#"{bom}{bom}{{"op":"products"}}"#)),
        (
            "a space, then a BOM",
            format!(r#" {bom}{{"op":"products"}}"#),
        ),
        (
            "a BOM after the object",
            format!(r#"{{"op":"products"}}{bom}"#),
        ),
        ("a BOM alone", bom.to_owned()),
    ];
    for (what, request) in cases {
        b.refused(what, request.into_bytes(), "invalid_json", Field::Null);
    }
    b.finish();
}

/// `\u0000` escaped in JSON strings is a character like any other: refused where it makes a
/// value unknown, kept where any text is allowed.
pub fn escaped_nul_gets_a_clean_answer(eval: Eval) {
    let mut b = Batch::new(eval);
    let raw = |s: &str| s.as_bytes().to_vec();
    b.refused(
        "NUL inside a quantity",
        raw(r#"{"op":"convert","quantity":"1\u0000 mg","to":"mcg"}"#),
        "unit_unknown",
        Field::Is("quantity"),
    );
    b.refused(
        "NUL after a unit",
        raw(r#"{"op":"convert","quantity":"1 mg\u0000","to":"mcg"}"#),
        "unit_unknown",
        Field::Is("quantity"),
    );
    b.refused(
        "a quantity that is one NUL",
        raw(r#"{"op":"convert","quantity":"\u0000","to":"mcg"}"#),
        "invalid_value",
        Field::Is("quantity"),
    );
    b.refused(
        "NUL in a unit object",
        raw(r#"{"op":"convert","quantity":{"value":1,"unit":"mg\u0000"},"to":"mcg"}"#),
        "unit_unknown",
        Field::Is("quantity"),
    );
    b.refused(
        "NUL in op",
        raw(r#"{"op":"convert\u0000","quantity":"1 mg","to":"mcg"}"#),
        "unknown_op",
        Field::Is("op"),
    );
    b.refused(
        "NUL in a key",
        raw(r#"{"op":"convert","quantity":"1 mg","to\u0000":"mcg"}"#),
        "unknown_field",
        Field::Is("to\0"),
    );
    b.refused(
        "NUL in an id",
        raw(r#"{"op":"screening_plan","profile":"us\u0000"}"#),
        "invalid_value",
        Field::Is("profile"),
    );
    b.refused(
        "NUL in a time",
        raw(r#"{"op":"flex_daily_dose","steps":[{"start":"22:00\u0000","rate":"10 mcg/h"}]}"#),
        "invalid_value",
        Field::Is("steps[0].start"),
    );
    // Any text is a medication name: one the lexicon does not know, reported as given.
    let meds = raw(r#"{"op":"interactions","medications":["morphine\u0000"]}"#);
    if let Some(r) = b.answered("NUL in a medication name", meds, 64 * 1024)
        && r["result"]["unrecognised"] != json!(["morphine\u{0}"])
    {
        b.fail("NUL in a medication name", format!("{}", r["result"]));
    }
    b.finish();
}

/// Huge numbers, as text and as JSON numbers: `out_of_range` (the plausible range of the
/// dimension) when finite in every unit, `not_finite` when a unit of the dimension cannot hold
/// them (docs/PROTOCOL.md, Quantities).
pub fn huge_numbers_are_out_of_range_or_not_finite(eval: Eval) {
    let mut b = Batch::new(eval);
    let hundred_digits = format!("1{}", "0".repeat(99));
    let ten_thousand_digits = format!("1{}", "0".repeat(9_999));
    let out = |b: &mut Batch, what: &str, dose: Value| {
        b.refused(
            what,
            daily_volume(dose),
            "out_of_range",
            Field::Is("daily_dose"),
        );
    };
    out(&mut b, "1e300 mcg/day", json!("1e300 mcg/day"));
    out(&mut b, "1e308 mcg/day", json!("1e308 mcg/day"));
    out(
        &mut b,
        "1e308 as a JSON number",
        json!({"value": 1e308, "unit": "mcg/day"}),
    );
    out(&mut b, "1,000,001 mcg/day", json!("1000001 mcg/day"));
    out(
        &mut b,
        "a 100-digit dose in text",
        json!(format!("{hundred_digits} mcg/day")),
    );
    // A JSON integer of 100 digits is read as a float (1e99).
    let request = format!(
        r#"{{"op":"daily_volume","daily_dose":{{"value":{hundred_digits},"unit":"mcg/day"}},"concentration":"2 mg/mL"}}"#
    );
    b.refused(
        "a 100-digit JSON integer dose",
        request.into_bytes(),
        "out_of_range",
        Field::Is("daily_dose"),
    );
    let nf = |b: &mut Batch, what: &str, dose: Value| {
        b.refused(
            what,
            daily_volume(dose),
            "not_finite",
            Field::Is("daily_dose"),
        );
    };
    nf(
        &mut b,
        "1e308 mg/day (1e311 mcg/day)",
        json!("1e308 mg/day"),
    );
    nf(&mut b, "1e309 mcg/day in text", json!("1e309 mcg/day"));
    nf(
        &mut b,
        "a 10,000-digit dose in text",
        json!(format!("{ten_thousand_digits} mcg/day")),
    );
    nf(
        &mut b,
        "a 10,000-digit exponent",
        json!(format!("1e{} mcg/day", "9".repeat(10_000))),
    );
    nf(&mut b, "NaN in text", json!("NaN mcg/day"));
    nf(&mut b, "inf in text", json!("inf mcg/day"));
    nf(
        &mut b,
        "1.8e308 (f64::MAX) mg/min",
        json!(format!("{:e} mg/min", f64::MAX)),
    );
    // Raw NaN and infinity tokens are not JSON.
    for token in ["NaN", "Infinity", "-Infinity"] {
        let request = format!(
            r#"{{"op":"daily_volume","daily_dose":{{"value":{token},"unit":"mcg/day"}},"concentration":"2 mg/mL"}}"#
        );
        b.refused(token, request.into_bytes(), "invalid_json", Field::Null);
    }
    b.finish();
}

/// A JSON number beyond the range of an f64 (`1e309`, or 10,000 digits) cannot be read as a
/// number at all: serde_json refuses the text ("number out of range"), so the request is
/// `invalid_json`, as a raw `Infinity` is. docs/PROTOCOL.md does not name this case; `1e309`
/// written in a quantity's text is `not_finite` (above).
pub fn json_numbers_past_f64_are_invalid_json(eval: Eval) {
    let mut b = Batch::new(eval);
    let ten_thousand_digits = format!("1{}", "0".repeat(9_999));
    for (what, number) in [
        ("1e309", "1e309"),
        ("-1e309", "-1e309"),
        ("1e400 in a plain number", "1e400"),
        ("a 10,000-digit integer", ten_thousand_digits.as_str()),
    ] {
        let request = format!(
            r#"{{"op":"daily_volume","daily_dose":{{"value":{number},"unit":"mcg/day"}},"concentration":"2 mg/mL"}}"#
        );
        b.refused(what, request.into_bytes(), "invalid_json", Field::Null);
    }
    b.finish();
}

/// Plain numbers at the ends of f64, where the core computes with them.
pub fn huge_plain_numbers_get_a_clean_answer(eval: Eval) {
    let mut b = Batch::new(eval);
    b.refused(
        "age 1e300",
        titrate(json!({"age_years": 1e300})),
        "out_of_range",
        Field::Is("age_years"),
    );
    b.refused(
        "age 1e308",
        titrate(json!({"age_years": 1e308})),
        "not_finite",
        Field::Is("age_years"),
    );
    b.refused(
        "hours since the last change 1e308",
        titrate(json!({"hours_since_last_change": 1e308})),
        "not_finite",
        Field::Is("hours_since_last_change"),
    );
    b.refused(
        "change_percent 1e308",
        titrate(json!({"change_percent": 1e308})),
        "out_of_range",
        Field::Is("change_percent"),
    );
    b.refused(
        "change_percent -1e308",
        titrate(json!({"change_percent": -1e308})),
        "out_of_range",
        Field::Is("change_percent"),
    );
    if let Some(r) = b.answered(
        "change_percent 5e-324",
        titrate(json!({"change_percent": 5e-324})),
        64 * 1024,
    ) && result_value(&r, "new_daily_dose") != Some(200.0)
    {
        b.fail("change_percent 5e-324", format!("{}", r["result"]));
    }
    b.finish();
}

/// A percentage far past anything clinical: the dose it makes is past the plausible range of a
/// dose rate (1,000,000 mcg/day), so the request is refused `out_of_range`, naming the
/// percentage. Today `titrate` computes 2,000,000,000,200 mcg/day and allows it (soft findings
/// only), and `night_boost` names `steps[1].rate`, a field its request does not have.
pub fn absurd_percentages_are_out_of_range(eval: Eval) {
    let mut b = Batch::new(eval);
    b.refused(
        "titrate by +1e12 %",
        titrate(json!({"change_percent": 1e12})),
        "out_of_range",
        Field::Is("change_percent"),
    );
    let boost = json!({"op": "night_boost", "base_daily_dose": "500 mcg/day",
        "boost_percent": 1e12, "effect_start": "22:00", "effect_end": "06:00"});
    b.refused(
        "a night boost of +1e12 %",
        text(&boost),
        "out_of_range",
        Field::Is("boost_percent"),
    );
    b.finish();
}

/// Subnormal and tiny values given as non-zero are `out_of_range` (docs/PROTOCOL.md,
/// Quantities: "5e-320 mcg/day is not a zero dose"); below zero is `negative`.
pub fn subnormal_values_are_out_of_range(eval: Eval) {
    let mut b = Batch::new(eval);
    let dv = |b: &mut Batch, what: &str, dose: Value, code: &str| {
        b.refused(what, daily_volume(dose), code, Field::Is("daily_dose"));
    };
    dv(
        &mut b,
        "5e-320 mcg/day",
        json!("5e-320 mcg/day"),
        "out_of_range",
    );
    dv(
        &mut b,
        "5e-320 as a JSON number",
        json!({"value": 5e-320, "unit": "mcg/day"}),
        "out_of_range",
    );
    dv(
        &mut b,
        "4.9e-324 mcg/day",
        json!("4.9e-324 mcg/day"),
        "out_of_range",
    );
    dv(
        &mut b,
        "1e-7 mcg/day",
        json!("1e-7 mcg/day"),
        "out_of_range",
    );
    dv(
        &mut b,
        "-5e-320 mcg/day",
        json!("-5e-320 mcg/day"),
        "negative",
    );
    b.refused(
        "convert 5e-320 mcg",
        convert(json!("5e-320 mcg"), "mg"),
        "out_of_range",
        Field::Is("quantity"),
    );
    b.refused(
        "a 5e-320 mg/mL concentration",
        text(&json!({"op": "daily_volume", "daily_dose": "500 mcg/day", "concentration": "5e-320 mg/mL"})),
        "out_of_range",
        Field::Is("concentration"),
    );
    b.finish();
}

/// A value written as non-zero that underflows to 0.0 when read (`1e-400`, 400 zeros after the
/// point) is not a zero either: `out_of_range`, as `5e-320` is. Today it is read as 0: `convert`
/// answers "0 mcg" and `daily_volume` says "daily_dose is zero (0 mcg/day)".
pub fn values_that_underflow_are_out_of_range(eval: Eval) {
    let mut b = Batch::new(eval);
    let tiny = format!("0.{}1", "0".repeat(400));
    b.refused(
        "1e-400 mcg/day",
        daily_volume(json!("1e-400 mcg/day")),
        "out_of_range",
        Field::Is("daily_dose"),
    );
    b.refused(
        "convert 1e-400 mg",
        convert(json!("1e-400 mg"), "mcg"),
        "out_of_range",
        Field::Is("quantity"),
    );
    b.refused(
        "0.(400 zeros)1 mg",
        convert(json!(format!("{tiny} mg")), "mcg"),
        "out_of_range",
        Field::Is("quantity"),
    );
    b.refused(
        "1e-400 mg in 20 mL",
        convert(json!("1e-400 mg/20 mL"), "mcg/mL"),
        "out_of_range",
        Field::Is("quantity"),
    );
    b.finish();
}

/// Container notation whose volume is too large to hold (`10 mg/1e400 mL`) is `not_finite`, as
/// an amount too large to hold is (`1e400 mg/1e400 mL` is). Today the volume is read as
/// infinite and the concentration as 0: `convert` answers "0 mcg/mL".
pub fn container_volumes_too_large_are_not_finite(eval: Eval) {
    let mut b = Batch::new(eval);
    b.refused(
        "1e400 mg/1e400 mL (control: refused today)",
        convert(json!("1e400 mg/1e400 mL"), "mcg/mL"),
        "not_finite",
        Field::Is("quantity"),
    );
    b.refused(
        "10 mg/1e400 mL",
        convert(json!("10 mg/1e400 mL"), "mcg/mL"),
        "not_finite",
        Field::Is("quantity"),
    );
    b.refused(
        "10 mg/(400 digits) mL",
        convert(json!(format!("10 mg/{} mL", "2".repeat(400))), "mcg/mL"),
        "not_finite",
        Field::Is("quantity"),
    );
    let request = json!({"op": "daily_volume", "daily_dose": "500 mcg/day", "concentration": "10 mg/1e400 mL"});
    b.refused(
        "a concentration of 10 mg/1e400 mL",
        text(&request),
        "not_finite",
        Field::Is("concentration"),
    );
    b.finish();
}

/// µ (U+00B5 MICRO SIGN) and μ (U+03BC GREEK SMALL LETTER MU) before g are mcg
/// (docs/PROTOCOL.md, Quantities), in a text, a unit object and `to`.
pub fn micro_signs_are_mcg(eval: Eval) {
    let mut b = Batch::new(eval);
    for micro in ['\u{b5}', '\u{3bc}'] {
        let unit = format!("{micro}g");
        let cases = [
            (
                format!("500 {unit}"),
                convert(json!(format!("500 {unit}")), "mcg"),
                500.0,
            ),
            (
                format!("{{500, {unit}}}"),
                convert(json!({"value": 500, "unit": unit}), "mcg"),
                500.0,
            ),
            (
                format!("500 mcg to {unit}"),
                convert(json!("500 mcg"), &unit),
                500.0,
            ),
            (
                format!("0.5 mg to {unit}"),
                convert(json!("0.5 mg"), &unit),
                500.0,
            ),
            (
                format!("500 {unit}/mL"),
                convert(json!(format!("500 {unit}/mL")), "mcg/mL"),
                500.0,
            ),
        ];
        for (what, request, want) in cases {
            if let Some(r) = b.answered(&what, request, 64 * 1024) {
                let got = (
                    result_value(&r, "quantity"),
                    r["result"]["quantity"]["unit"].as_str(),
                );
                if got.0 != Some(want) || !got.1.is_some_and(|u| u.starts_with("mcg")) {
                    b.fail(&what, format!("{}", r["result"]));
                }
            }
        }
    }
    b.finish();
}

/// Characters that look like a unit or a digit but are not: `unit_unknown` for a unit,
/// `invalid_value` for a number. Never read as the unit or number they resemble.
pub fn unicode_look_alikes_are_refused(eval: Eval) {
    let mut b = Batch::new(eval);
    let units = [
        ("㎍ U+338D SQUARE MU G", "500 \u{338d}"),
        ("㎎ U+338E SQUARE MG", "500 \u{338e}"),
        ("㎖ U+3396 SQUARE ML", "500 \u{3396}"),
        ("ｍｇ fullwidth", "500 \u{ff4d}\u{ff47}"),
        ("ＭＣＧ fullwidth capitals", "500 \u{ff2d}\u{ff23}\u{ff27}"),
        ("мg Cyrillic em", "500 \u{43c}g"),
        ("ΜG Greek capital mu", "500 \u{39c}G"),
        ("mg and a zero-width space", "500 mg\u{200b}"),
        ("a right-to-left override", "500 \u{202e}mg"),
        ("mcg and a combining acute", "500 mcg\u{301}"),
        ("mℓ script small l", "500 m\u{2113}"),
        // The number ends at the separator: 5, then a unit that is no unit.
        ("5٫5 Arabic decimal separator", "5\u{66b}5 mcg"),
    ];
    for (what, quantity) in units {
        b.refused(
            what,
            convert(json!(quantity), "mcg"),
            "unit_unknown",
            Field::Is("quantity"),
        );
    }
    b.refused(
        "to ｍｇ",
        convert(json!("500 mcg"), "\u{ff4d}\u{ff47}"),
        "unit_unknown",
        Field::Is("to"),
    );
    let numbers = [
        ("５００ fullwidth digits", "\u{ff15}\u{ff10}\u{ff10} mcg"),
        ("٥٠٠ Arabic-Indic digits", "\u{665}\u{660}\u{660} mcg"),
        (
            "۵۰۰ Extended Arabic-Indic digits",
            "\u{6f5}\u{6f0}\u{6f0} mcg",
        ),
        ("५०० Devanagari digits", "\u{96b}\u{966}\u{966} mcg"),
        ("⁵⁰⁰ superscript digits", "\u{2075}\u{2070}\u{2070} mcg"),
        (
            "𝟓𝟎𝟎 mathematical bold digits",
            "\u{1d7d3}\u{1d7ce}\u{1d7ce} mcg",
        ),
        ("½ vulgar fraction", "\u{bd} mcg"),
    ];
    for (what, quantity) in numbers {
        b.refused(
            what,
            convert(json!(quantity), "mcg"),
            "invalid_value",
            Field::Is("quantity"),
        );
    }
    b.refused(
        "５００ mcg/day as a daily dose",
        daily_volume(json!("\u{ff15}\u{ff10}\u{ff10} mcg/day")),
        "invalid_value",
        Field::Is("daily_dose"),
    );
    b.finish();
}

/// 10,000 flex steps. The protocol sets no count for steps, but starts are `"HH:MM"` and must
/// increase strictly, so a day holds at most 1,440: step 1,440 (the first to come round the
/// clock) is `invalid_value`; 1,440 one-minute steps are answered, in `flex_daily_dose` and in
/// `refill_plan` (with `too_many_steps` for a SynchroMed II, whose limit is 13).
pub fn ten_thousand_flex_steps(eval: Eval) {
    let mut b = Batch::new(eval);
    let flex = |steps: Value| text(&json!({"op": "flex_daily_dose", "steps": steps}));
    let round_the_clock = flex_steps(10_000, "20 mcg/h");
    b.refused(
        "10,000 flex steps round the clock",
        flex(round_the_clock.clone()),
        "invalid_value",
        Field::Is("steps[1440].start"),
    );
    let same: Vec<Value> = (0..10_000)
        .map(|_| json!({"start": "00:00", "rate": "20 mcg/h"}))
        .collect();
    b.refused(
        "10,000 flex steps at 00:00",
        flex(json!(same)),
        "invalid_value",
        Field::Is("steps[1].start"),
    );
    let junk: Vec<Value> = (0..10_000).map(|i| json!(i)).collect();
    b.refused(
        "10,000 numbers as steps",
        flex(json!(junk)),
        "invalid_value",
        Field::Is("steps[0]"),
    );
    if let Some(r) = b.answered(
        "1,440 one-minute steps",
        flex(flex_steps(1_440, "20 mcg/h")),
        MAX_ANSWER_BYTES,
    ) {
        let steps = r["result"]["steps"].as_array().map_or(0, Vec::len);
        if !result_near(&r, "daily_dose", 480.0) || steps != 1_440 {
            b.fail(
                "1,440 one-minute steps",
                format!("{steps} steps, {}", r["result"]["daily_dose"]),
            );
        }
    }
    let plan = |steps: Value| refill(json!({"daily_dose": null, "steps": steps}));
    b.refused(
        "refill_plan with 10,000 steps",
        plan(round_the_clock),
        "invalid_value",
        Field::Is("steps[1440].start"),
    );
    if let Some(r) = b.answered(
        "refill_plan with 1,440 steps",
        plan(flex_steps(1_440, "20 mcg/h")),
        MAX_ANSWER_BYTES,
    ) {
        let codes: Vec<&str> = r["findings"]
            .as_array()
            .map(|f| f.iter().filter_map(|f| f["code"].as_str()).collect())
            .unwrap_or_default();
        if !codes.contains(&"too_many_steps") || !result_near(&r, "daily_dose", 480.0) {
            b.fail(
                "refill_plan with 1,440 steps",
                format!("{codes:?}, {}", r["result"]["daily_dose"]),
            );
        }
    }
    b.finish();
}

/// `pk_profile` takes 1 to 1,000 times (docs/PROTOCOL.md): 1,000 are answered, 1,001 and
/// 100,000 are `out_of_range` on `times`, before any element is read.
pub fn pk_time_points_are_limited(eval: Eval) {
    let mut b = Batch::new(eval);
    let times = |n: usize| -> Value { (0..n).map(|i| json!(format!("{i} min"))).collect() };
    let pk = |times: Value| text(&json!({"op": "pk_profile", "bolus": "50 mcg", "times": times}));
    if let Some(r) = b.answered("1,000 times", pk(times(1_000)), MAX_ANSWER_BYTES) {
        let points = r["result"]["points"].as_array().map_or(0, Vec::len);
        if points != 1_000 {
            b.fail("1,000 times", format!("{points} points"));
        }
    }
    b.refused(
        "1,001 times",
        pk(times(1_001)),
        "out_of_range",
        Field::Is("times"),
    );
    b.refused(
        "100,000 times",
        pk(times(100_000)),
        "out_of_range",
        Field::Is("times"),
    );
    let bare: Vec<Value> = (0..1_001).map(|i| json!(i)).collect();
    b.refused(
        "1,001 bare numbers",
        pk(json!(bare)),
        "out_of_range",
        Field::Is("times"),
    );
    let infusion = json!({"op": "pk_profile", "daily_dose": "500 mcg/day", "times": times(1_001)});
    b.refused(
        "1,001 times of an infusion",
        text(&infusion),
        "out_of_range",
        Field::Is("times"),
    );
    b.finish();
}

/// Long lists and objects of many keys: refused at their limit or their first bad element,
/// never slowly or by echoing the list.
pub fn long_lists_get_a_clean_error(eval: Eval) {
    let mut b = Batch::new(eval);
    let names: Vec<String> = (0..100_000).map(|i| format!("drug{i}")).collect();
    let meds = |n: usize| text(&json!({"op": "interactions", "medications": names[..n]}));
    b.refused(
        "100,000 medications",
        meds(100_000),
        "out_of_range",
        Field::Is("medications"),
    );
    b.refused(
        "101 medications",
        meds(101),
        "out_of_range",
        Field::Is("medications"),
    );
    b.answered("100 medications", meds(100), 64 * 1024);
    let signs = vec!["coma"; 100_000];
    b.refused(
        "100,000 repeated signs",
        text(&json!({"op": "triage", "signs": signs})),
        "invalid_value",
        Field::Is("signs[1]"),
    );
    let risks = vec!["prior_withdrawal"; 100_000];
    b.refused(
        "100,000 repeated risk factors",
        refill(json!({"risk_factors": risks})),
        "invalid_value",
        Field::Is("risk_factors[1]"),
    );
    let mut keys = json!({"op": "convert", "quantity": "1 mg", "to": "mcg"});
    merge(
        &mut keys,
        (0..100_000)
            .map(|i| (format!("k{i:06}"), json!(i)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    );
    b.refused(
        "100,000 unknown keys",
        text(&keys),
        "unknown_field",
        Field::Is("k000000"),
    );
    let repeated = format!(
        r#"{{"op":"products",{}}}"#,
        vec![r#""a":1"#; 100_000].join(",")
    );
    b.refused(
        "a key repeated 100,000 times",
        repeated.into_bytes(),
        "invalid_json",
        Field::Null,
    );
    b.finish();
}

/// Writes one `#[test]` per topic of this file for a front end: `hostile_tests!(lib, eval)`,
/// `lib` the name this file has where it is used (`hostile`), `eval` an [`Eval`]. Topics that
/// show a library bug are `#[ignore = "bug: ..."]`.
#[macro_export]
macro_rules! hostile_tests {
    ($lib:ident, $eval:expr) => {
        #[test]
        fn deep_nesting_is_invalid_json() {
            $lib::deep_nesting_is_invalid_json($eval);
        }
        #[test]
        fn nesting_up_to_127_levels_is_read() {
            $lib::nesting_up_to_127_levels_is_read($eval);
        }
        #[test]
        fn nesting_of_128_levels_is_read_as_documented() {
            $lib::nesting_of_128_levels_is_read_as_documented($eval);
        }
        #[test]
        fn ten_megabyte_strings_get_short_errors() {
            $lib::ten_megabyte_strings_get_short_errors($eval);
        }
        #[test]
        fn ten_megabyte_ids_get_short_errors() {
            $lib::ten_megabyte_ids_get_short_errors($eval);
        }
        #[test]
        fn ten_megabyte_text_for_a_number_gets_a_short_error() {
            $lib::ten_megabyte_text_for_a_number_gets_a_short_error($eval);
        }
        #[test]
        fn ten_megabyte_unknown_keys_get_short_errors() {
            $lib::ten_megabyte_unknown_keys_get_short_errors($eval);
        }
        #[test]
        fn invalid_utf8_is_invalid_json() {
            $lib::invalid_utf8_is_invalid_json($eval);
        }
        #[test]
        fn a_byte_order_mark_is_accepted() {
            $lib::a_byte_order_mark_is_accepted($eval);
        }
        #[test]
        fn escaped_nul_gets_a_clean_answer() {
            $lib::escaped_nul_gets_a_clean_answer($eval);
        }
        #[test]
        fn huge_numbers_are_out_of_range_or_not_finite() {
            $lib::huge_numbers_are_out_of_range_or_not_finite($eval);
        }
        #[test]
        fn json_numbers_past_f64_are_invalid_json() {
            $lib::json_numbers_past_f64_are_invalid_json($eval);
        }
        #[test]
        fn huge_plain_numbers_get_a_clean_answer() {
            $lib::huge_plain_numbers_get_a_clean_answer($eval);
        }
        #[test]
        fn absurd_percentages_are_out_of_range() {
            $lib::absurd_percentages_are_out_of_range($eval);
        }
        #[test]
        fn subnormal_values_are_out_of_range() {
            $lib::subnormal_values_are_out_of_range($eval);
        }
        #[test]
        fn values_that_underflow_are_out_of_range() {
            $lib::values_that_underflow_are_out_of_range($eval);
        }
        #[test]
        fn container_volumes_too_large_are_not_finite() {
            $lib::container_volumes_too_large_are_not_finite($eval);
        }
        #[test]
        fn micro_signs_are_mcg() {
            $lib::micro_signs_are_mcg($eval);
        }
        #[test]
        fn unicode_look_alikes_are_refused() {
            $lib::unicode_look_alikes_are_refused($eval);
        }
        #[test]
        fn ten_thousand_flex_steps() {
            $lib::ten_thousand_flex_steps($eval);
        }
        #[test]
        fn pk_time_points_are_limited() {
            $lib::pk_time_points_are_limited($eval);
        }
        #[test]
        fn long_lists_get_a_clean_error() {
            $lib::long_lists_get_a_clean_error($eval);
        }
    };
}
