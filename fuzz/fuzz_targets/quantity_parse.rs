//! Arbitrary text as a quantity: `itb::units::Measure::parse` (and `Unit::parse`) must never
//! panic; a measure read is converted to every unit of its dimension (no panic; a converted
//! value is finite and in the unit asked for) and formatted; the same text as a `convert`
//! request keeps the protocol's invariants.
#![no_main]

use itb::units::{Measure, Unit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = Measure::parse(text);
    assert_eq!(
        parsed,
        Measure::parse(text),
        "parsing is not deterministic: {text:?}"
    );
    let _ = Unit::parse(text);
    if let Ok(measure) = parsed {
        assert!(
            measure.value.is_finite(),
            "{text:?} parsed to a non-finite {measure:?}"
        );
        let _ = measure.to_string();
        for to in Unit::ALL {
            if to.dimension() != measure.unit.dimension() {
                continue;
            }
            if let Ok(converted) = measure.convert(to) {
                assert!(
                    converted.value.is_finite() && converted.unit == to,
                    "{text:?} ({measure:?}) converted to {to:?} gave {converted:?}"
                );
                let _ = converted.to_string();
            }
        }
        // Through the protocol, into its canonical unit and into each unit of its dimension.
        for to in Unit::ALL
            .iter()
            .filter(|u| u.dimension() == measure.unit.dimension())
        {
            let request = serde_json::json!({"op": "convert", "quantity": text, "to": to.symbol()});
            itb_fuzz::evaluate_checked(&request.to_string());
        }
    } else {
        let request = serde_json::json!({"op": "convert", "quantity": text, "to": "mcg"});
        itb_fuzz::evaluate_checked(&request.to_string());
    }
});
