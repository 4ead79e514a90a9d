//! The readable report every human subcommand prints, and the error block for rejected
//! requests.
//!
//! A report is a title line, aligned label/value lines, optional tables (each under its own
//! heading when there are several), notes, then the findings block. Every value shown comes from the protocol response's `text` fields (or from the core's
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
    tables: Vec<(Option<String>, Table)>,
    notes: Vec<String>,
    findings: Vec<FindingLine>,
    not_allowed: bool,
    /// What `allowed: false` means for this report, when not the default [`NOT_ALLOWED`].
    not_allowed_text: Option<String>,
}

/// What a report says when a hard finding makes the result not allowed.
pub const NOT_ALLOWED: &str =
    "NOT ALLOWED: a hard limit is crossed; do not use this result as it stands.";

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

    /// Adds a table, printed after the lines (and after the tables added before it).
    pub fn table(mut self, table: Table) -> Self {
        self.tables.push((None, table));
        self
    }

    /// Adds a table under a heading line of its own (`Overdose signs`), for a report of several
    /// tables.
    pub fn section(mut self, heading: impl Into<String>, table: Table) -> Self {
        self.tables.push((Some(heading.into()), table));
        self
    }

    /// Replaces the line said when a hard finding makes the result not allowed, for a report
    /// whose hard findings mean something else than a refused computation (a triage: act now).
    pub fn when_not_allowed(mut self, text: impl Into<String>) -> Self {
        self.not_allowed_text = Some(text.into());
        self
    }

    /// Adds a note line, printed after the lines and the tables.
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
        for (heading, table) in &self.tables {
            if let Some(heading) = heading {
                let _ = writeln!(out, "{heading}");
            }
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
            let text = self.not_allowed_text.as_deref().unwrap_or(NOT_ALLOWED);
            let _ = writeln!(out, "{text}");
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
///
/// A column may be given a width ([`Table::wrap`]): its cells are then filled onto as many lines
/// as they need, and when any row takes more than one line the rows are parted by an empty
/// line, so a long text never runs into the next row.
#[derive(Debug)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    wrap: Vec<Option<usize>>,
}

impl Table {
    /// A table with these column headings.
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
            wrap: vec![None; header.len()],
        }
    }

    /// Fills the cells of `column` onto lines of at most `width` characters (a single word
    /// longer than that keeps its own line whole).
    pub fn wrap(mut self, column: usize, width: usize) -> Self {
        if let Some(w) = self.wrap.get_mut(column) {
            *w = Some(width);
        }
        self
    }

    /// Adds a row (one cell per heading).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text: the header row, then each row, indented.
    pub fn render(&self) -> String {
        let columns = self.header.len();
        // Each row (the header first) as its lines, each line as its cells.
        let rows: Vec<Vec<Vec<String>>> = std::iter::once(vec![self.header.clone()])
            .chain(self.rows.iter().map(|r| self.lines_of(r)))
            .collect();
        let all: Vec<&Vec<String>> = rows.iter().flatten().collect();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                all.iter()
                    .map(|r| cell(r, c).chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let parted = rows.iter().any(|r| r.len() > 1);
        let mut out = String::new();
        for (i, row) in rows.iter().enumerate() {
            if parted && i > 1 {
                out.push('\n');
            }
            for line in row {
                let cells: Vec<String> = (0..columns)
                    .map(|c| format!("{:<w$}", cell(line, c), w = widths[c]))
                    .collect();
                let _ = writeln!(out, "{INDENT}{}", cells.join(COLUMN_GAP).trim_end());
            }
        }
        out
    }

    /// A row as the lines it takes: wrapped cells filled onto lines, the others on the first.
    fn lines_of(&self, row: &[String]) -> Vec<Vec<String>> {
        let columns = self.header.len();
        let filled: Vec<Vec<String>> = (0..columns)
            .map(|c| match self.wrap[c] {
                Some(width) if row.get(c).is_some() => fill(cell(row, c).split_whitespace(), width),
                _ => vec![cell(row, c).to_owned()],
            })
            .collect();
        let height = filled.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (0..height)
            .map(|l| {
                (0..columns)
                    .map(|c| match filled[c].get(l) {
                        Some(text) => text.clone(),
                        // Below a cell's last line: blank, not the dash of a missing cell.
                        None => String::new(),
                    })
                    .collect()
            })
            .collect()
    }
}

/// Fills words onto lines of at most `width` characters, a space between words; a word longer
/// than `width` has a line of its own. No words: one empty line.
///
/// ```
/// use itb_cli::report::fill;
/// assert_eq!(fill("a bb ccc dddd".split(' '), 6), ["a bb", "ccc", "dddd"]);
/// ```
pub fn fill<'a>(words: impl IntoIterator<Item = &'a str>, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in words {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
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
    fn wrapped_cells_fill_their_column_and_rows_are_parted() {
        let mut t = Table::new(&["what", "source"]).wrap(0, 10);
        t.row(vec!["spasticity and function".into(), "000".into()]);
        t.row(vec!["vitals".into(), "001 a b".into()]);
        // "spasticity and" is 14 > 10: "spasticity" (10), "and" + " function" = 12 > 10.
        let expected =
            "  what        source\n  spasticity  000\n  and\n  function\n\n  vitals      001 a b\n";
        assert_eq!(t.render(), expected);
    }

    #[test]
    fn a_table_that_fits_keeps_its_rows_together() {
        let mut t = Table::new(&["a", "b"]).wrap(1, 40);
        t.row(vec!["1".into(), "one line".into()]);
        t.row(vec!["2".into()]);
        assert_eq!(t.render(), "  a  b\n  1  one line\n  2  -\n");
    }

    #[test]
    fn fill_keeps_words_whole() {
        assert_eq!(fill("a bb ccc dddd".split(' '), 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(fill(["overlongword", "x"], 4), ["overlongword", "x"]);
        assert_eq!(fill([], 4), [""]);
    }

    #[test]
    fn sections_print_their_heading_above_their_table() {
        let table = |cell: &str| {
            let mut t = Table::new(&["h"]);
            t.row(vec![cell.to_owned()]);
            t
        };
        let text = Report::new("T")
            .section("First", table("1"))
            .section("Second", table("2"))
            .findings(&json!({"allowed": true, "findings": []}))
            .render();
        assert_eq!(text, "T\nFirst\n  h\n  1\nSecond\n  h\n  2\nNo findings.\n");
    }

    #[test]
    fn a_report_may_say_what_not_allowed_means_for_it() {
        let response = json!({"allowed": false, "findings": [finding("c_hard", "hard")]});
        let text = Report::new("T")
            .when_not_allowed("ACT NOW.")
            .findings(&response)
            .render();
        assert!(text.starts_with("T\nACT NOW.\nFindings:\n"), "{text}");
        assert!(!text.contains("NOT ALLOWED"), "{text}");
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
