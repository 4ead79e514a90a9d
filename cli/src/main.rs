//! The itb command (in progress).
fn main() {}
