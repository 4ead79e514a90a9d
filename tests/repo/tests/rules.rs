//! docs/RULES.md cannot go stale: every row's code location and golden vector exist, every
//! finding row matches its vector exactly, every finding the vectors expect has a row, and every
//! row quotes its source in a short phrase.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

struct Row {
    rule: String,
    finding: Option<(String, String)>,
    source: String,
    quote: String,
    file: String,
    function: String,
    vector: (String, String),
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The text between the first pair of backticks in a cell.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("docs/RULES.md")).unwrap();
    let mut rows = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Rule") && !l.starts_with("|---"))
    {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        // Rule | Finding | Source | Quote | Code | Golden vector
        assert_eq!(cells.len(), 6, "{line}");
        let finding = ticked(cells[1]).first().map(|code| {
            let severity = cells[1]
                .split('(')
                .nth(1)
                .unwrap()
                .trim_end_matches(')')
                .to_owned();
            (code.clone(), severity)
        });
        let code = ticked(cells[4]);
        let vector = ticked(cells[5]);
        let (file, case) = vector[0].split_once(": ").unwrap();
        rows.push(Row {
            rule: cells[0].to_owned(),
            finding,
            source: cells[2].to_owned(),
            quote: cells[3].to_owned(),
            file: code[0].clone(),
            function: code[1].clone(),
            vector: (file.to_owned(), case.to_owned()),
        });
    }
    assert!(rows.len() >= 30, "only {} rows", rows.len());
    rows
}

/// The words of a quote: whitespace-separated, an ellipsis (`…`, words left out) counting as none.
fn words(quote: &str) -> usize {
    quote.split_whitespace().filter(|w| *w != "…").count()
}

/// The longest quote, in words, of the Quote column.
const MAX_QUOTE_WORDS: usize = 20;

fn golden_case(file: &str, name: &str) -> Option<Value> {
    let text = std::fs::read_to_string(root().join("tests/golden").join(file)).ok()?;
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"]
        .as_array()?
        .iter()
        .find(|c| c["name"] == name)
        .cloned()
}

fn expected_findings(case: &Value) -> BTreeSet<(String, String, String)> {
    let list = case["expect"]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    list.iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (s("code"), s("severity"), s("source"))
        })
        .collect()
}

#[test]
fn every_row_points_at_real_code_and_a_real_vector() {
    for row in rows() {
        let code = std::fs::read_to_string(root().join(&row.file))
            .unwrap_or_else(|e| panic!("{}: {}: {e}", row.rule, row.file));
        assert!(
            code.contains(&format!("fn {}(", row.function))
                || code.contains(&format!("fn {}<", row.function)),
            "{}: no fn {} in {}",
            row.rule,
            row.function,
            row.file
        );
        let case = golden_case(&row.vector.0, &row.vector.1).unwrap_or_else(|| {
            panic!(
                "{}: no golden case {}: {}",
                row.rule, row.vector.0, row.vector.1
            )
        });
        assert!(!row.source.is_empty(), "{}: no source", row.rule);
        if let Some((finding, severity)) = &row.finding {
            let want = (finding.clone(), severity.clone(), row.source.clone());
            assert!(
                expected_findings(&case).contains(&want),
                "{}: {}: {} does not expect {want:?}",
                row.rule,
                row.vector.0,
                row.vector.1
            );
        }
    }
}

#[test]
fn every_finding_code_has_a_row() {
    let rows = rows();
    for code in itb::Code::ALL {
        assert!(
            rows.iter()
                .any(|r| r.finding.as_ref().is_some_and(|(c, _)| c == code.as_str())),
            "no row for {}",
            code.as_str()
        );
    }
}

#[test]
fn every_finding_the_vectors_expect_has_a_row() {
    let rows: BTreeSet<(String, String, String)> = rows()
        .into_iter()
        .filter_map(|r| r.finding.map(|(c, s)| (c, s, r.source)))
        .collect();
    for entry in std::fs::read_dir(root().join("tests/golden")).unwrap() {
        let path = entry.unwrap().path();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            for f in expected_findings(case) {
                assert!(
                    rows.contains(&f),
                    "{}: {}: {f:?} has no row in docs/RULES.md",
                    path.display(),
                    case["name"]
                );
            }
        }
    }
}

#[test]
fn every_row_quotes_its_source_in_at_most_20_words() {
    for row in rows() {
        let inner = row
            .quote
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap_or_else(|| {
                panic!(
                    "{}: quote {:?} is not in double quotes",
                    row.rule, row.quote
                )
            });
        assert!(
            !inner.contains('"'),
            "{}: quote {:?} is not one quotation (use single quotes inside)",
            row.rule,
            row.quote
        );
        assert!(words(inner) > 0, "{}: empty quote", row.rule);
        assert!(
            words(inner) <= MAX_QUOTE_WORDS,
            "{}: quote of {} words, more than {MAX_QUOTE_WORDS}: {}",
            row.rule,
            words(inner),
            row.quote
        );
    }
}

#[test]
fn an_ellipsis_is_no_word() {
    assert_eq!(words("Children under 4 years"), 4);
    assert_eq!(words("a prolonged effect … lasting more than 12 hours"), 8);
    assert_eq!(words(" … "), 0);
}
