//! Valid-shaped requests for every operation of `itb::protocol::OPS`
//! (`itb_fuzz::structured::Request`, derived with `arbitrary`), sent to
//! `itb::protocol::evaluate` so that the fuzzer reaches the clinical rules; every answer is
//! checked by `itb_fuzz::check_response` and evaluated twice.
#![no_main]

use itb_fuzz::structured::Request;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|request: Request| {
    let text = request.to_text();
    let response = itb_fuzz::evaluate_checked(&text);
    // The answer names the operation asked for, whatever went wrong after `op` was read.
    let value: serde_json::Value = serde_json::from_str(&response).expect("checked");
    assert_eq!(
        value["op"].as_str(),
        Some(request.op.name()),
        "the answer names another op\nrequest:  {text}\nresponse: {response}"
    );
});
