//! The golden vectors through the Rust protocol front end.

#[path = "../../support/golden.rs"]
mod golden;

#[test]
fn golden_vectors_through_rust_protocol() {
    let n = golden::run_all(
        &golden::golden_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")),
        itb::protocol::evaluate,
    );
    assert!(n > 0);
}
