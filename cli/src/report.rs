//! The readable report every human subcommand prints, and the error block for rejected
//! requests.
//!
//! A report is a title line, aligned label/value lines, an optional table, then the findings
//! block. Every value shown comes from the protocol response's `text` fields (or from the core's
//! own formatting of an input), so units are never dropped and the ISMP spelling is the core's.
//!
//! ```text
//! Daily volume
//!   daily dose      500 mcg/day
//!   concentration   2,000 mcg/mL
//!   flow            0.25 mL/day (0.01042 mL/h)
//! No findings.
//! ```

use std::fmt::Write;

use serde_json::Value;

/// Spaces between a label column and its value.
const GAP: &str = "   ";
/// Spaces between table columns.
const COLUMN_GAP: &str = "  ";
/// Indent of lines under a title.
const INDENT: &str = "  ";

/// A report under construction.
///
/// ```
/// use itb_cli::report::Report;
/// use serde_json::json;
///
/// let response = json!({"ok": true, "allowed": true, "findings": []});
/// let text = Report::new("Dilution")
///     .line("stock volume", "4 mL")
///     .line("drug amount", "8,000 mcg")
///     .findings(&response)
///     .render();
/// assert_eq!(text, "Dilution\n  stock volume   4 mL\n  drug amount    8,000 mcg\nNo findings.\n");
/// ```
#[derive(Debug, Default)]
pub struct Report {
    title: String,
    lines: Vec<(String, String)>,
    table: Option<Table>,
    notes: Vec<String>,
    findings: Vec<FindingLine>,
    not_allowed: bool,
}

impl Report {
    /// An empty report with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Report {
            title: title.into(),
            ..Report::default()
        }
    }

    /// Adds a `label   value` line.
    pub fn line(mut self, label: &str, value: impl Into<String>) -> Self {
        self.lines.push((label.to_owned(), value.into()));
        self
    }

    /// Adds a table, printed after the lines.
    pub fn table(mut self, table: Table) -> Self {
        self.table = Some(table);
        self
    }

    /// Adds a note line, printed after the lines and the table.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Takes the findings and the `allowed` flag of a success response.
    pub fn findings(mut self, response: &Value) -> Self {
        let list = response["findings"].as_array().map(Vec::as_slice);
        self.findings = list
            .unwrap_or_default()
            .iter()
            .map(FindingLine::from)
            .collect();
        // Hard first: the finding that forbids the result must be read before the others.
        self.findings.sort_by_key(|f| f.rank);
        self.not_allowed = response["allowed"] == false;
        self
    }

    /// The report as text, one line per line, ending with a newline.
    pub fn render(&self) -> String {
        let mut out = format!("{}\n", self.title);
        out.push_str(&aligned(&self.lines));
        if let Some(table) = &self.table {
            out.push_str(&table.render());
        }
        for note in &self.notes {
            let _ = writeln!(out, "{note}");
        }
        out.push_str(&self.render_findings());
        out
    }

    fn render_findings(&self) -> String {
        let mut out = String::new();
        if self.not_allowed {
            out.push_str(
                "NOT ALLOWED: a hard limit is crossed; do not use this result as it stands.\n",
            );
        }
        if self.findings.is_empty() {
            out.push_str("No findings.\n");
            return out;
        }
        out.push_str("Findings:\n");
        for f in &self.findings {
            let _ = writeln!(out, "{INDENT}{:<4}  {}: {}", f.mark, f.code, f.message);
            let _ = writeln!(out, "{INDENT}      source: {}", f.source);
        }
        out
    }
}

/// A finding as printed: `SOFT  code: message` and its source.
#[derive(Debug)]
struct FindingLine {
    rank: u8,
    mark: String,
    code: String,
    message: String,
    source: String,
}

impl From<&Value> for FindingLine {
    fn from(f: &Value) -> Self {
        let field = |k: &str| f[k].as_str().unwrap_or("?").to_owned();
        let severity = field("severity");
        let rank = match severity.as_str() {
            "hard" => 0,
            "soft" => 1,
            "info" => 2,
            _ => 3,
        };
        FindingLine {
            rank,
            mark: severity.to_uppercase(),
            code: field("code"),
            message: field("message"),
            source: field("source"),
        }
    }
}

/// Columns of text under a header row, aligned; a cell the source leaves empty shows `-`.
#[derive(Debug)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headings.
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (one cell per heading).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn render(&self) -> String {
        let all: Vec<&Vec<String>> = std::iter::once(&self.header).chain(&self.rows).collect();
        let columns = self.header.len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                all.iter()
                    .map(|r| cell(r, c).chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in all {
            let cells: Vec<String> = (0..columns)
                .map(|c| format!("{:<w$}", cell(row, c), w = widths[c]))
                .collect();
            let _ = writeln!(out, "{INDENT}{}", cells.join(COLUMN_GAP).trim_end());
        }
        out
    }
}

fn cell(row: &[String], column: usize) -> &str {
    row.get(column).map_or("-", String::as_str)
}

/// `label   value` lines with the values in one column.
fn aligned(lines: &[(String, String)]) -> String {
    let width = lines
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (label, value) in lines {
        let _ = writeln!(out, "{INDENT}{label:<width$}{GAP}{value}");
    }
    out
}

/// The `text` of a result quantity (`{"value", "unit", "text"}`): the number with its unit, as
/// the protocol writes it for people.
pub fn text(quantity: &Value) -> String {
    match quantity["text"].as_str() {
        Some(t) => t.to_owned(),
        // Only a core defect could get here; say so rather than print a bare number.
        None => format!("(no text in the response: {quantity})"),
    }
}

/// The error block for a rejected request: `error: <code>`, the field (and the command-line
/// argument that fed it, when `argument` knows one) and the message.
pub fn render_error(response: &Value, argument: impl Fn(&str) -> Option<&'static str>) -> String {
    let error = &response["error"];
    let code = error["code"].as_str().unwrap_or("?");
    let mut report = Report::new(format!("error: {code}"));
    if let Some(field) = error["field"].as_str() {
        let shown = match argument(field) {
            Some(arg) => format!("{field} ({arg})"),
            None => field.to_owned(),
        };
        report = report.line("field", shown);
    }
    report = report.line("message", error["message"].as_str().unwrap_or("?"));
    format!("{}\n{}", report.title, aligned(&report.lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn finding(code: &str, severity: &str) -> Value {
        json!({"code": code, "severity": severity, "message": format!("{code} message"), "source": "001 Dosage"})
    }

    #[test]
    fn lines_align_on_the_longest_label() {
        let r = Report::new("T")
            .line("a", "1 mL")
            .line("long label", "2 mL");
        let expected = "T\n  a            1 mL\n  long label   2 mL\nNo findings.\n";
        assert_eq!(
            r.findings(&json!({"findings": [], "allowed": true}))
                .render(),
            expected
        );
    }

    #[test]
    fn findings_are_marked_by_severity_hard_first() {
        let response = json!({
            "allowed": false,
            "findings": [finding("c_info", "info"), finding("c_soft", "soft"), finding("c_hard", "hard")],
        });
        let text = Report::new("T").findings(&response).render();
        let expected = "T\n\
            NOT ALLOWED: a hard limit is crossed; do not use this result as it stands.\n\
            Findings:\n\
            \x20 HARD  c_hard: c_hard message\n\
            \x20       source: 001 Dosage\n\
            \x20 SOFT  c_soft: c_soft message\n\
            \x20       source: 001 Dosage\n\
            \x20 INFO  c_info: c_info message\n\
            \x20       source: 001 Dosage\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn allowed_results_carry_no_refusal() {
        let response = json!({"allowed": true, "findings": [finding("c_soft", "soft")]});
        let text = Report::new("T").findings(&response).render();
        assert!(!text.contains("NOT ALLOWED"), "{text}");
        assert!(text.contains("  SOFT  c_soft: c_soft message\n"), "{text}");
    }

    #[test]
    fn table_columns_align_and_missing_cells_show_a_dash() {
        let mut t = Table::new(&["id", "volume", "label"]);
        t.row(vec!["a".into(), "20 mL".into(), "A".into()]);
        t.row(vec!["long_id".into(), "-".into(), "B".into()]);
        t.row(vec!["c".into()]);
        let expected = "  id       volume  label\n  a        20 mL   A\n  long_id  -       B\n  c        -       -\n";
        assert_eq!(t.render(), expected);
    }

    #[test]
    fn error_block_names_code_field_argument_and_message() {
        let response = json!({"ok": false, "op": "daily_volume", "error": {
            "code": "unit_required", "field": "daily_dose", "message": "daily_dose: \"500\": no unit"}});
        let text = render_error(&response, |f| (f == "daily_dose").then_some("--daily-dose"));
        let expected = "error: unit_required\n  field     daily_dose (--daily-dose)\n  message   daily_dose: \"500\": no unit\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn error_block_without_a_field_has_no_field_line() {
        let response = json!({"ok": false, "op": null, "error": {
            "code": "invalid_json", "field": null, "message": "invalid JSON"}});
        assert_eq!(
            render_error(&response, |_| None),
            "error: invalid_json\n  message   invalid JSON\n"
        );
    }

    #[test]
    fn a_quantity_without_text_is_never_shown_as_a_bare_number() {
        assert_eq!(text(&json!({"text": "0.25 mL/day"})), "0.25 mL/day");
        assert!(text(&json!({"value": 0.25})).starts_with("(no text"));
    }
}
