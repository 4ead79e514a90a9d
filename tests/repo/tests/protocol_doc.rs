//! docs/PROTOCOL.md cannot drift from the code: its tables of operations, finding codes and
//! error codes name exactly `itb::protocol::OPS`, `itb::Code::ALL` and `itb::ErrorKind::ALL`,
//! both ways, and every operation has its own section.
//!
//! The convention (stated in the doc): under the headings `## Operations`, `## Findings` and
//! `## Errors`, the rows of the first table that start with a code in backticks
//! (``| `refill_plan` | ...``) are the list; under `## Operations`, each operation has a
//! `` ### `name` `` section.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::path::Path;

fn doc() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/PROTOCOL.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The lines of the `## <heading>` section, up to the next `## ` heading.
fn section<'a>(doc: &'a str, heading: &str) -> Vec<&'a str> {
    let start = format!("## {heading}");
    let mut lines = doc.lines().skip_while(|l| l.trim_end() != start);
    assert!(lines.next().is_some(), "docs/PROTOCOL.md has no `{start}`");
    lines.take_while(|l| !l.starts_with("## ")).collect()
}

/// The first cell's code of each row of the section's list table (before any `###`), in order.
fn listed(doc: &str, heading: &str) -> Vec<String> {
    section(doc, heading)
        .into_iter()
        .take_while(|l| !l.starts_with("### "))
        .filter_map(|l| l.strip_prefix("| `"))
        .map(|rest| rest.split('`').next().unwrap().to_owned())
        .collect()
}

/// Checks a listed table against the code's list, both ways, with no repeats.
fn same(heading: &str, listed: &[String], code: &[&str]) {
    let set: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
    assert_eq!(set.len(), listed.len(), "`## {heading}` lists a code twice");
    for c in code {
        assert!(set.contains(c), "`## {heading}` does not list `{c}`");
    }
    for l in &set {
        assert!(
            code.contains(l),
            "`## {heading}` lists `{l}`, which the code does not have"
        );
    }
}

#[test]
fn every_operation_is_documented_and_every_documented_one_exists() {
    let doc = doc();
    same(
        "Operations",
        &listed(&doc, "Operations"),
        &itb::protocol::OPS,
    );
}

#[test]
fn every_operation_has_its_section() {
    let doc = doc();
    let sections: Vec<String> = section(&doc, "Operations")
        .into_iter()
        .filter_map(|l| l.strip_prefix("### `"))
        .map(|rest| rest.trim_end().trim_end_matches('`').to_owned())
        .collect();
    same("Operations` sections (`###", &sections, &itb::protocol::OPS);
}

#[test]
fn every_finding_code_is_documented_and_every_documented_one_exists() {
    let doc = doc();
    let codes: Vec<&str> = itb::Code::ALL.iter().map(|c| c.as_str()).collect();
    same("Findings", &listed(&doc, "Findings"), &codes);
}

#[test]
fn every_error_code_is_documented_and_every_documented_one_exists() {
    let doc = doc();
    let codes: Vec<&str> = itb::ErrorKind::ALL.iter().map(|k| k.code()).collect();
    same("Errors", &listed(&doc, "Errors"), &codes);
}

#[test]
fn the_parser_reads_the_convention() {
    let doc = "## Errors\n\n| Code | x |\n|---|---|\n| `zero` | z |\n| `negative` | n |\n\n## Next\n| `not_this` | |\n";
    assert_eq!(listed(doc, "Errors"), ["zero", "negative"]);
    let ops = "## Operations\n| `a` | |\n### `a`\n| `field` | |\n";
    assert_eq!(listed(ops, "Operations"), ["a"]);
}
