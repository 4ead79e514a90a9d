//! docs/SOURCES.md defines every source tag the repository cites: every bracketed tag
//! (`[STAB-2023]`, written `\[STAB-2023\]` in rustdoc) in the code, the header, the docs and the
//! golden vectors is defined there, every tag it defines is cited somewhere, and every label
//! section a rule's `Source` names is listed under its document.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Bracketed words that are not source tags: a placeholder source in unit tests, and a rustc
/// error code in a doctest.
const NOT_TAGS: [&str; 2] = ["TEST", "E0277"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sources() -> String {
    std::fs::read_to_string(root().join("docs/SOURCES.md")).unwrap()
}

/// The tags SOURCES.md defines: the first cell of its rows, a tag in brackets and backticks.
fn defined(doc: &str) -> BTreeSet<String> {
    doc.lines()
        .filter_map(|l| l.strip_prefix("| `["))
        .map(|rest| rest.split(']').next().unwrap().to_owned())
        .collect()
}

/// Every tag in a text, bracketed plain or with escaped brackets (rustdoc): an upper-case letter,
/// then upper-case letters, digits and hyphens.
fn tags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('[') {
        let rest = &text[i + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let closed = after.starts_with(']') || after.starts_with("\\]");
        if closed && word.starts_with(|c: char| c.is_ascii_uppercase()) && word.len() > 1 {
            out.push(word.to_owned());
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| {
            ["rs", "md", "json", "h", "c", "txt", "py", "pyi"]
                .iter()
                .any(|x| e == *x)
        }) {
            out.push(path);
        }
    }
}

/// The files that cite sources.
fn citing_files() -> Vec<PathBuf> {
    let root = root();
    let mut out = vec![root.join("README.md")];
    for dir in [
        "core/src",
        "core/tests",
        "tests/repo",
        "cli/src",
        "cli/tests",
        "bindings-c/src",
        "bindings-c/README.md",
        "bindings-py/src",
        "bindings-py/python",
        "bindings-py/README.md",
        "include",
        "docs",
        "tests/golden",
        "tests/c",
        "tests/python",
    ] {
        let path = root.join(dir);
        if path.is_dir() {
            files(&path, &mut out);
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn every_cited_tag_is_defined() {
    let defined = defined(&sources());
    assert!(defined.len() >= 20, "only {} tags defined", defined.len());
    for path in citing_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for tag in tags(&text) {
            assert!(
                defined.contains(&tag) || NOT_TAGS.contains(&tag.as_str()),
                "{}: [{tag}] is not defined in docs/SOURCES.md",
                path.display()
            );
        }
    }
}

#[test]
fn every_defined_tag_is_cited() {
    let mut cited = BTreeSet::new();
    for path in citing_files() {
        if path.ends_with("docs/SOURCES.md") {
            continue;
        }
        cited.extend(tags(&std::fs::read_to_string(&path).unwrap()));
    }
    for tag in defined(&sources()) {
        assert!(cited.contains(&tag), "[{tag}] is defined but cited nowhere");
    }
}

/// Every `000 …`, `001 …`, `002 …` part of a `Source(c"…")` (or `Source(&c"…")`) in the core names a section that
/// SOURCES.md lists for that document.
#[test]
fn every_label_section_a_rule_cites_is_listed() {
    let doc = sources().to_lowercase();
    let row = |id: &str| {
        doc.lines()
            .find(|l| l.starts_with(&format!("| `{id}` |")))
            .unwrap_or_else(|| panic!("docs/SOURCES.md has no row for document {id}"))
            .to_owned()
    };
    let mut sources_in_code = Vec::new();
    let mut paths = Vec::new();
    files(&root().join("core/src"), &mut paths);
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        // `Source(c"…")` or `Source(&c"…")`.
        for (i, _) in text.match_indices("Source(") {
            let after = &text[i + 7..];
            let Some(rest) = after
                .strip_prefix("c\"")
                .or_else(|| after.strip_prefix("&c\""))
            else {
                continue;
            };
            sources_in_code.push(rest[..rest.find('"').unwrap()].to_owned());
        }
    }
    assert!(
        sources_in_code.len() >= 20,
        "only {} sources found",
        sources_in_code.len()
    );
    for source in &sources_in_code {
        for part in source.split("; ") {
            let Some((id, section)) = part.split_once(' ') else {
                continue;
            };
            if ["000", "001", "002"].contains(&id) {
                let listed = row(id);
                assert!(
                    listed.contains(&format!("`{}`", section.to_lowercase())),
                    "{source}: section {section:?} of {id} is not listed in docs/SOURCES.md"
                );
            }
        }
    }
}

#[test]
fn the_tag_scanner_reads_both_spellings() {
    assert_eq!(
        tags("a [STAB-2023] b \\[MDT-FSN14\\] c [x] [T; 2] [A]"),
        ["STAB-2023", "MDT-FSN14"]
    );
}
