//! Arbitrary bytes as a request of the JSON protocol: `itb::protocol::evaluate` on the text
//! (invalid UTF-8 is `evaluate_bytes`' and the C target's), checked by
//! `itb_fuzz::check_response` and evaluated twice (the same bytes both times).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let response = itb_fuzz::evaluate_checked(text);
    // The bytes entry point answers valid UTF-8 exactly as the text one.
    assert_eq!(itb::protocol::evaluate_bytes(data), response);
});
