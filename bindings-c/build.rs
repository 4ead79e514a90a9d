//! Gives the shared library its SONAME on Linux, `libitb.so.<ABI major>` (`libitb.so.1`), from
//! the ABI version in `[package.metadata.capi.library]` of Cargo.toml, the one place it is kept
//! (cargo-c and scripts/install-c read it there too). Programs linked against it record that
//! name, so an installed `libitb.so.1` serves them until the ABI changes incompatibly.

use std::path::Path;

fn main() {
    let manifest =
        Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(&manifest).expect("Cargo.toml is readable");
    let version = abi_version(&text);
    let major = version
        .split('.')
        .next()
        .expect("a version has a first part");
    assert!(
        !major.is_empty() && major.bytes().all(|b| b.is_ascii_digit()),
        "the ABI version {version:?} in [package.metadata.capi.library] starts with a number"
    );
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libitb.so.{major}");
    }
}

/// The `version = "..."` line of the `[package.metadata.capi.library]` table.
fn abi_version(manifest: &str) -> &str {
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[package.metadata.capi.library]";
        } else if in_table
            && let Some(value) = line
                .strip_prefix("version")
                .and_then(|rest| rest.trim_start().strip_prefix('='))
        {
            return value.trim().trim_matches('"');
        }
    }
    panic!("Cargo.toml has no version in [package.metadata.capi.library]")
}
