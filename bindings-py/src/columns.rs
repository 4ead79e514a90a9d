//! Column functions: the core's typed operations over whole columns of records, for
//! `itb.columns` and `itb.pandas`.
//!
//! Each row is one call of the core's typed function, with the row's values read exactly as the
//! scalar Python function reads them, so a column gives the scalar function's numbers, row by
//! row. Nothing here computes a clinical number: this module reads columns, runs the rows without
//! the GIL (a long table split over the cores), and writes the results into numpy arrays in the
//! fixed units their names give (`flow_rate_ml_per_day`).
//!
//! A bad row either stops the call (the first bad row's error, naming its column and index:
//! `daily_dose[3]`) or, when coercing, leaves NaN in that row's numbers and its error code and
//! message in two more columns; the good rows are computed as usual. A missing value (NaN, or a
//! None text) is a bad row, never a zero.

use std::collections::HashMap;

use numpy::ndarray::ArrayView1;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use itb::bolus::{self, BridgeRequest};
use itb::finding::{Code, Findings};
use itb::profile::{Origin, Phase};
use itb::programming::{self, ProgrammingRequest};
use itb::pump::{PumpInput, PumpModel};
use itb::refill::{self, Delivery, Programmed, ReconcileRequest, RefillRequest};
use itb::schedule::{self, DailyVolumeRequest};
use itb::titration::{self, TitrateRequest};
use itb::units::{ClinicalQuantity, Duration, Given, Input};
use itb::{Error, ErrorKind, Measure, Unit, pump};

use crate::typed::choice;
use crate::{Failure, PumpGiven, check, number, parse_unit, pump_of, quote};

/// One cell of a text column: a quantity text (`"2 mg/mL"`), a pump id, or nothing.
#[derive(Clone)]
pub(crate) enum Cell {
    Text(String),
    /// A missing value (None, NaN or pandas NA on the Python side).
    Missing,
    /// A `str` that is no text (a lone surrogate).
    BadText,
    /// Something else (a number in a column of texts): the column is refused, never cast.
    Other(String),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Cell {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Ok(text
                .to_cow()
                .map_or(Cell::BadText, |t| Cell::Text(t.into_owned())));
        }
        if obj.is_none() || obj.extract::<f64>().is_ok_and(f64::is_nan) {
            return Ok(Cell::Missing);
        }
        let kind = obj.get_type().name()?.to_string();
        // pandas' missing-value markers, by name: pandas is optional.
        if kind == "NAType" || kind == "NaTType" {
            return Ok(Cell::Missing);
        }
        Ok(Cell::Other(format!("{} ({kind})", obj.repr()?)))
    }
}

/// A column of texts holds texts and missing values only: a number among them is refused with
/// its index, never read as something else.
fn only_texts<'c>(name: &str, cells: impl Iterator<Item = &'c Cell>) -> Result<(), Failure> {
    for (i, cell) in cells.enumerate() {
        if let Cell::Other(shown) = cell {
            return Err(mixed(name, i, shown));
        }
    }
    Ok(())
}

/// The error of a column of texts holding something else at row `i`.
fn mixed(name: &str, i: usize, shown: &str) -> Failure {
    let message = format!(
        "{} in a column of texts; a column holds texts, or numbers with one unit, never both",
        quote(shown)
    );
    Failure::new(ErrorKind::InvalidValue, &format!("{name}[{i}]"), message)
}

/// An input column as the Python side hands it over (`itb/columns.py` has refused every other
/// shape): numbers with their unit, plain numbers whose argument name says their unit
/// (`change_percent`), or texts. One value is broadcast to every row.
#[derive(FromPyObject)]
pub(crate) enum ColumnGiven<'py> {
    Measures(PyReadonlyArray1<'py, f64>, String),
    Numbers(PyReadonlyArray1<'py, f64>),
    Texts(Vec<Cell>),
}

/// A column read for the rows: borrowed numbers, or owned texts.
enum Values<'a> {
    Measures(ArrayView1<'a, f64>, Unit),
    Numbers(ArrayView1<'a, f64>),
    Texts(&'a [Cell]),
}

/// An input column and the argument that gave it, for messages (`daily_dose[3]`).
struct Column<'a> {
    name: &'a str,
    values: Values<'a>,
    len: usize,
}

impl<'a> Column<'a> {
    fn read(name: &'a str, given: &'a ColumnGiven<'_>, dimension: &str) -> Result<Self, Failure> {
        let values = match given {
            ColumnGiven::Measures(values, unit) => {
                Values::Measures(values.as_array(), parse_unit(unit, name, dimension)?)
            }
            ColumnGiven::Numbers(values) => Values::Numbers(values.as_array()),
            ColumnGiven::Texts(cells) => {
                only_texts(name, cells.iter())?;
                Values::Texts(cells)
            }
        };
        let len = match &values {
            Values::Measures(v, _) | Values::Numbers(v) => v.len(),
            Values::Texts(cells) => cells.len(),
        };
        Ok(Column { name, values, len })
    }

    /// The row's cell index: one value serves every row.
    fn at(&self, i: usize) -> usize {
        if self.len == 1 { 0 } else { i }
    }

    fn field(&self, i: usize) -> String {
        format!("{}[{i}]", self.name)
    }

    fn missing(&self, i: usize) -> Failure {
        let message = "missing (NaN, None or NA); every row needs a value";
        Failure::new(ErrorKind::MissingField, &self.field(i), message)
    }

    /// The row's quantity, as the scalar function reads it.
    fn measure(&self, i: usize) -> Result<Measure, Failure> {
        let j = self.at(i);
        match &self.values {
            Values::Measures(values, _) if values[j].is_nan() => Err(self.missing(i)),
            Values::Measures(values, unit) => Ok(Measure::new(values[j], *unit)),
            Values::Numbers(values) => Err(Failure::new(
                ErrorKind::UnitRequired,
                &self.field(i),
                format!(
                    "{} has no unit; a bare number is never a dose",
                    number(values[j])
                ),
            )),
            Values::Texts(cells) => match &cells[j] {
                Cell::Text(text) => Measure::parse(text).map_err(|e| {
                    Failure::new(
                        e.kind,
                        &self.field(i),
                        format!("{}: {}", quote(text), e.reason),
                    )
                }),
                Cell::Missing | Cell::Other(_) => Err(self.missing(i)),
                Cell::BadText => Err(bad_text(&self.field(i))),
            },
        }
    }

    /// The row's plain number (a percent, years, hours: the argument's name says which).
    fn number(&self, i: usize) -> Result<f64, Failure> {
        match &self.values {
            Values::Numbers(values) if values[self.at(i)].is_nan() => Err(self.missing(i)),
            // As the scalar functions refuse it, before the core reads anything.
            Values::Numbers(values) if values[self.at(i)].is_infinite() => Err(Failure::new(
                ErrorKind::NotFinite,
                &self.field(i),
                format!("{} is not a finite number", number(values[self.at(i)])),
            )),
            Values::Numbers(values) => Ok(values[self.at(i)]),
            _ => Err(Failure::new(
                ErrorKind::InvalidValue,
                self.name,
                "a column of plain numbers is required here (the name says the unit)",
            )),
        }
    }
}

/// An optional input column.
fn optional<'a>(
    name: &'static str,
    given: &'a Option<ColumnGiven<'_>>,
    dimension: &str,
) -> Result<Option<Column<'a>>, Failure> {
    given
        .as_ref()
        .map(|g| Column::read(name, g, dimension))
        .transpose()
}

/// The row's plain number of an optional column.
fn number_of(column: &Option<Column<'_>>, i: usize) -> Result<Option<f64>, Failure> {
    column.as_ref().map(|c| c.number(i)).transpose()
}

fn bad_text(field: &str) -> Failure {
    Failure::new(
        ErrorKind::InvalidValue,
        field,
        "not a valid text (lone surrogate)",
    )
}

/// A cell of a column of pump ids, read once with the GIL: a catalogued model (no text kept),
/// or what the row's error will name.
#[derive(Clone)]
pub(crate) enum PumpCell {
    Model(PumpModel),
    Unknown(String),
    Other(Cell),
}

impl<'a, 'py> FromPyObject<'a, 'py> for PumpCell {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(text) = obj.cast::<PyString>()
            && let Ok(id) = text.to_cow()
        {
            return Ok(match PumpModel::parse(&id) {
                Some(model) => PumpCell::Model(model),
                None => PumpCell::Unknown(id.into_owned()),
            });
        }
        Ok(PumpCell::Other(Cell::extract(obj)?))
    }
}

/// The pump of each row: one for all, a column of catalogued pump ids, or the ids coded (a
/// code per row into a list of ids, −1 for a missing one: what pandas' `factorize` gives).
#[derive(FromPyObject)]
pub(crate) enum PumpColumnGiven<'py> {
    One(PumpGiven),
    Coded(PyReadonlyArray1<'py, i64>, Vec<PumpCell>),
    Ids(Vec<PumpCell>),
}

enum PumpColumn<'a> {
    One(PumpInput),
    Ids(Vec<PumpCell>),
    Coded(ArrayView1<'a, i64>, Vec<PumpCell>),
}

impl<'a> PumpColumn<'a> {
    fn read(given: &'a PumpColumnGiven<'_>) -> Result<Self, Failure> {
        Ok(match given {
            PumpColumnGiven::One(one) => PumpColumn::One(pump_of(one.clone())?),
            PumpColumnGiven::Coded(codes, ids) => {
                let codes = codes.as_array();
                // Named by its first row: the list of ids is pandas', not the caller's.
                let other = ids.iter().enumerate().find_map(|(k, c)| match c {
                    PumpCell::Other(Cell::Other(shown)) => Some((k, shown)),
                    _ => None,
                });
                if let Some((k, shown)) = other {
                    let row = codes.iter().position(|c| *c == k as i64).unwrap_or(0);
                    return Err(mixed("pump", row, shown));
                }
                PumpColumn::Coded(codes, ids.clone())
            }
            PumpColumnGiven::Ids(ids) => {
                // A text that is no id stays for its row's error; anything else ends here.
                let placeholder = Cell::Missing;
                only_texts(
                    "pump",
                    ids.iter().map(|c| match c {
                        PumpCell::Other(cell) => cell,
                        _ => &placeholder,
                    }),
                )?;
                PumpColumn::Ids(ids.clone())
            }
        })
    }

    fn len(&self) -> usize {
        match self {
            PumpColumn::One(_) => 1,
            PumpColumn::Ids(ids) => ids.len(),
            PumpColumn::Coded(codes, _) => codes.len(),
        }
    }

    fn at(&self, i: usize) -> Result<PumpInput, Failure> {
        let missing = PumpCell::Other(Cell::Missing);
        let cell = match self {
            PumpColumn::One(pump) => return Ok(*pump),
            PumpColumn::Ids(ids) => &ids[if ids.len() == 1 { 0 } else { i }],
            PumpColumn::Coded(codes, ids) => {
                let code = codes[if codes.len() == 1 { 0 } else { i }];
                usize::try_from(code)
                    .ok()
                    .and_then(|c| ids.get(c))
                    .unwrap_or(&missing)
            }
        };
        let field = || format!("pump[{i}]");
        match cell {
            PumpCell::Model(model) => Ok(PumpInput::Model(*model)),
            PumpCell::Unknown(id) => {
                let message = format!(
                    "{} is not a pump; allowed (case-sensitive): {}",
                    quote(id),
                    pump::MODEL_IDS
                );
                Err(Failure::new(ErrorKind::InvalidValue, &field(), message))
            }
            PumpCell::Other(Cell::BadText) => Err(bad_text(&field())),
            PumpCell::Other(_) => Err(Failure::new(
                ErrorKind::MissingField,
                &field(),
                "missing (None or NA); every row needs a pump",
            )),
        }
    }
}

/// The rows: as many as each column of more or fewer than one value has (every such column
/// has as many); a column of one value serves every row.
fn rows(columns: &[(&str, usize)]) -> Result<usize, Failure> {
    let n = columns
        .iter()
        .map(|(_, len)| *len)
        .find(|len| *len != 1)
        .unwrap_or(1);
    for (name, len) in columns {
        if *len != 1 && *len != n {
            let message = format!("{len} values; allowed: one, or one per row ({n})");
            return Err(Failure::new(ErrorKind::InvalidValue, name, message));
        }
    }
    Ok(n)
}

/// A core error of row `i`: its field as the column's argument with the row (`fill_volume[3]`).
/// The core names its own fields, which are the column functions' argument names.
fn row_error(e: Error, i: usize) -> Failure {
    let field = if e.field.is_empty() {
        format!("row {i}")
    } else {
        format!("{}[{i}]", e.field)
    };
    Failure::core(e, &field)
}

/// The unreadable values of one row, each waiting for the core to reach its field: so a row
/// with two bad values reports the one the scalar function reports (the first in the
/// operation's order), as `typed::Args` does for a scalar call.
#[derive(Default)]
struct Waits<'c> {
    list: Vec<(&'c str, Failure)>,
}

impl<'c> Waits<'c> {
    /// The row's input of a column; an unreadable one waits.
    fn input<Q: ClinicalQuantity>(&mut self, column: &Column<'c>, i: usize) -> Input<Q> {
        match column.measure(i) {
            Ok(m) => Input::measure(m),
            Err(f) => {
                let kind = f.kind;
                self.list.push((column.name, f));
                Input::unreadable(kind)
            }
        }
    }

    /// The row's input of an optional column.
    fn optional<Q: ClinicalQuantity>(
        &mut self,
        column: &Option<Column<'c>>,
        i: usize,
    ) -> Option<Input<Q>> {
        column.as_ref().map(|c| self.input(c, i))
    }

    /// The error of the row: the waiting message of an unreadable field the core reached, or
    /// the core's own.
    fn fail(&self, e: Error, i: usize) -> Failure {
        let waiting = self
            .list
            .iter()
            .find(|(name, f)| *name == e.field && f.kind == e.kind);
        match waiting {
            Some((_, f)) => f.clone(),
            None => row_error(e, i),
        }
    }
}

/// The findings of a row in the order raised, as one number: each code's declaration index
/// plus one, seven bits each (a [`Findings`] holds at most 12, and there are fewer than 127
/// codes), the first in the lowest bits.
fn finding_key(findings: &Findings) -> u128 {
    findings.iter().enumerate().fold(0, |key, (k, f)| {
        key | (u128::from(f.code as u8) + 1) << (7 * k)
    })
}

const _: () = assert!(Code::ALL.len() < 127 && Findings::CAPACITY * 7 <= 128);

/// The codes of a finding key, comma-separated in the order raised.
fn finding_codes(mut key: u128) -> String {
    let mut codes: Vec<&str> = Vec::new();
    while key != 0 {
        let index = (key & 0x7f) as usize - 1;
        let code = Code::ALL.iter().find(|c| **c as usize == index);
        codes.push(code.map_or("?", |c| c.as_str()));
        key >>= 7;
    }
    codes.join(",")
}

/// One computed row: its numbers in the column order of the operation, its findings, and
/// whether nothing hard was found.
struct Row<const K: usize> {
    values: [f64; K],
    findings: u128,
    allowed: bool,
}

/// The computed columns, and the bad rows' errors (coercing).
struct Table<const K: usize> {
    values: [Vec<f64>; K],
    findings: Vec<u128>,
    allowed: Vec<bool>,
    errors: Vec<(usize, Failure)>,
}

impl<const K: usize> Table<K> {
    fn with_capacity(n: usize) -> Self {
        Table {
            values: std::array::from_fn(|_| Vec::with_capacity(n)),
            findings: Vec::with_capacity(n),
            allowed: Vec::with_capacity(n),
            errors: Vec::new(),
        }
    }

    fn push(&mut self, row: Row<K>) {
        for (column, v) in self.values.iter_mut().zip(row.values) {
            column.push(v);
        }
        self.findings.push(row.findings);
        self.allowed.push(row.allowed);
    }

    fn append(&mut self, mut other: Table<K>) {
        for (column, more) in self.values.iter_mut().zip(&mut other.values) {
            column.append(more);
        }
        self.findings.append(&mut other.findings);
        self.allowed.append(&mut other.allowed);
        self.errors.append(&mut other.errors);
    }
}

/// Rows below this many run on the calling thread: a thread costs more than they do.
const ROWS_PER_THREAD: usize = 1 << 14;

/// Runs `row` for rows `start..end`. Coercing, a bad row gets NaN and its error is kept; else
/// the first bad row's error ends the run.
fn run_range<const K: usize>(
    start: usize,
    end: usize,
    coerce: bool,
    row: &(impl Fn(usize) -> Result<Row<K>, Failure> + Sync),
) -> Result<Table<K>, Failure> {
    let mut table = Table::with_capacity(end - start);
    for i in start..end {
        match row(i) {
            Ok(r) => table.push(r),
            Err(f) if coerce => {
                table.push(Row {
                    values: [f64::NAN; K],
                    findings: 0,
                    allowed: false,
                });
                table.errors.push((i, f));
            }
            Err(f) => return Err(f),
        }
    }
    Ok(table)
}

/// Every row `0..n`, split over the machine's cores (the rows are independent; the GIL is
/// released by the caller). The error is the first bad row's, as one thread would report it.
fn run<const K: usize>(
    n: usize,
    coerce: bool,
    row: impl Fn(usize) -> Result<Row<K>, Failure> + Sync,
) -> Result<Table<K>, Failure> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let threads = cores.min(n / ROWS_PER_THREAD).max(1);
    if threads == 1 {
        return run_range(0, n, coerce, &row);
    }
    let chunk = n.div_ceil(threads);
    let row = &row;
    let parts: Vec<Result<Table<K>, Failure>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|k| {
                let (start, end) = (k * chunk, ((k + 1) * chunk).min(n));
                scope.spawn(move || run_range(start, end, coerce, row))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut table = Table::with_capacity(0);
    for part in parts {
        table.append(part?); // in row order: the first error is the first bad row's
    }
    Ok(table)
}

/// The table as a dict of numpy arrays: the numbers under `names`, `findings` (the codes of
/// each row, comma-separated in the order raised, as category codes into a list of texts),
/// `allowed`, and when coercing `error_code` (category codes, −1 on good rows, into the
/// protocol's error codes) and `error` (the message, None on good rows).
fn output<'py, const K: usize>(
    py: Python<'py>,
    names: [&str; K],
    table: Table<K>,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, column) in names.into_iter().zip(table.values) {
        dict.set_item(name, PyArray1::from_vec(py, column))?;
    }
    let (codes, names) = categories(&table.findings);
    dict.set_item("findings", (PyArray1::from_vec(py, codes), names))?;
    dict.set_item("allowed", PyArray1::from_vec(py, table.allowed))?;
    if coerce {
        let n = table.findings.len();
        let kinds = ErrorKind::ALL.map(ErrorKind::code);
        let mut codes = vec![-1_i32; n];
        let mut messages: Vec<Py<PyAny>> = (0..n).map(|_| py.None()).collect();
        for (i, f) in table.errors {
            codes[i] = ErrorKind::ALL
                .iter()
                .position(|k| *k == f.kind)
                .map_or(-1, |k| k as i32);
            messages[i] = PyString::new(py, &f.message).into_any().unbind();
        }
        dict.set_item(
            "error_code",
            (PyArray1::from_vec(py, codes), kinds.to_vec()),
        )?;
        dict.set_item("error", PyArray1::from_vec(py, messages))?;
    }
    Ok(dict)
}

/// Category codes (`i32`, one per row) into the distinct finding lists, in order of first
/// appearance: rows with the same findings share one text.
fn categories(keys: &[u128]) -> (Vec<i32>, Vec<String>) {
    let mut index: HashMap<u128, i32> = HashMap::new();
    let mut names = Vec::new();
    let codes = keys
        .iter()
        .map(|key| {
            *index.entry(*key).or_insert_with(|| {
                names.push(finding_codes(*key));
                names.len() as i32 - 1
            })
        })
        .collect();
    (codes, names)
}

/// A quantity of a result in its column's unit.
fn value<Q: ClinicalQuantity>(q: Q, unit: Unit) -> Result<f64, Error> {
    q.value_in(unit)
}

/// The whole days of a duration (the core's rounding down), for dates.
fn whole(d: Duration, field: &'static str) -> Result<f64, Error> {
    // Within the plausible ranges the count is far below 2^53: exact as a float.
    refill::whole_days(d, field).map(|days| days as f64)
}

/// The core's `daily_volume` over columns.
#[pyfunction]
pub(crate) fn daily_volume_columns<'py>(
    py: Python<'py>,
    daily_dose: ColumnGiven<'py>,
    concentration: ColumnGiven<'py>,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let dose = Column::read("daily_dose", &daily_dose, "a daily dose")?;
    let conc = Column::read("concentration", &concentration, "a concentration")?;
    let n = rows(&[(dose.name, dose.len), (conc.name, conc.len)])?;
    let row = |i| -> Result<Row<1>, Failure> {
        let mut w = Waits::default();
        let request = DailyVolumeRequest {
            daily_dose: w.input(&dose, i),
            concentration: w.input(&conc, i),
        };
        let r = schedule::daily_volume(&request).map_err(|e| w.fail(e, i))?;
        let flow = value(r.flow_rate, Unit::MlPerDay).map_err(|e| row_error(e, i))?;
        Ok(Row {
            values: [flow],
            findings: finding_key(&r.findings),
            allowed: r.findings.allowed(),
        })
    };
    let table = py.detach(|| run(n, coerce, row))?;
    output(py, ["flow_rate_ml_per_day"], table, coerce)
}

/// The columns of [`refill_plan_columns`], in order.
const REFILL_COLUMNS: [&str; 11] = [
    "flow_rate_ml_per_day",
    "days_to_alarm",
    "earliest_alarm_days",
    "days_to_empty",
    "refill_due_days",
    "drug_amount_mcg",
    "daily_dose_mcg_per_day",
    "alarm_whole_days",
    "earliest_alarm_whole_days",
    "empty_whole_days",
    "due_whole_days",
];

/// The dates of a refill plan, in the order of the last four of [`REFILL_COLUMNS`].
const DATES: [&str; 4] = ["alarm", "earliest alarm", "empty", "due"];

/// A day (days since 1970-01-01) that numpy's `NaT` stands for: a missing date.
const NAT: i64 = i64::MIN;

/// The first and the last day the dates may hold (0001-01-01 and 9999-12-31, as Python's
/// `datetime.date` and the scalar `refill_plan`), in days since 1970-01-01.
const DAYS: core::ops::RangeInclusive<i64> = -719_162..=2_932_896;

/// `refill_day` + `whole_days` (the core's rounding down), as a day number; a missing refill
/// date or a date outside [`DAYS`] is the row's error.
fn date_after(refill_day: i64, whole_days: f64, what: &str, i: usize) -> Result<f64, Failure> {
    let field = format!("refill_date[{i}]");
    if refill_day == NAT {
        let message = "missing (NaT or None); every row needs a value";
        return Err(Failure::new(ErrorKind::MissingField, &field, message));
    }
    let day = refill_day as f64 + whole_days; // exact: both far below 2^53
    let in_calendar = (*DAYS.start() as f64..=*DAYS.end() as f64).contains(&day);
    if !DAYS.contains(&refill_day) || !in_calendar {
        let message = format!(
            "the {what} date, the refill date + {} days, is outside the calendar (0001-01-01 to 9999-12-31)",
            number(whole_days)
        );
        return Err(Failure::new(ErrorKind::OutOfRange, &field, message));
    }
    Ok(day)
}

/// The core's `refill_plan` over columns (a daily dose per row; no flex schedules, no risk
/// factors: the scalar function takes those). With refill dates (days since 1970-01-01, `NaT`
/// missing), the last four columns are the dates as day numbers, else whole days.
#[pyfunction]
#[pyo3(signature = (pump, concentration, daily_dose, fill_volume, alarm_volume, max_residence, lead_time, refill_date, coerce))]
#[allow(clippy::too_many_arguments)] // one per column of the operation
pub(crate) fn refill_plan_columns<'py>(
    py: Python<'py>,
    pump: PumpColumnGiven<'py>,
    concentration: ColumnGiven<'py>,
    daily_dose: ColumnGiven<'py>,
    fill_volume: Option<ColumnGiven<'py>>,
    alarm_volume: Option<ColumnGiven<'py>>,
    max_residence: Option<ColumnGiven<'py>>,
    lead_time: Option<ColumnGiven<'py>>,
    refill_date: Option<PyReadonlyArray1<'py, i64>>,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let pumps = PumpColumn::read(&pump)?;
    let dates = refill_date.as_ref().map(|d| d.as_array());
    let conc = Column::read("concentration", &concentration, "a concentration")?;
    let dose = Column::read("daily_dose", &daily_dose, "a daily dose")?;
    let fill = optional("fill_volume", &fill_volume, "a volume")?;
    let alarm = optional("alarm_volume", &alarm_volume, "a volume")?;
    let residence = optional("max_residence", &max_residence, "a duration")?;
    let lead = optional("lead_time", &lead_time, "a duration")?;
    let mut lengths = vec![
        ("pump", pumps.len()),
        (conc.name, conc.len),
        (dose.name, dose.len),
    ];
    lengths.extend(
        [&fill, &alarm, &residence, &lead]
            .into_iter()
            .flatten()
            .map(|c| (c.name, c.len)),
    );
    lengths.extend(dates.as_ref().map(|d| ("refill_date", d.len())));
    let n = rows(&lengths)?;
    let day = |i| dates.as_ref().map(|d| d[if d.len() == 1 { 0 } else { i }]);
    let row = |i| -> Result<Row<11>, Failure> {
        let mut w = Waits::default();
        let request = RefillRequest {
            pump: pumps.at(i)?,
            concentration: w.input(&conc, i),
            delivery: Delivery::DailyDose(w.input(&dose, i)),
            fill_volume: w.optional(&fill, i),
            alarm_volume: w.optional(&alarm, i),
            max_residence: w.optional(&residence, i),
            lead_time: w.optional(&lead, i),
            risk_factors: Given::default(),
        };
        let p = refill::refill_plan(&request).map_err(|e| w.fail(e, i))?;
        let mut values = (|| -> Result<[f64; 11], Error> {
            Ok([
                value(p.flow_rate, Unit::MlPerDay)?,
                value(p.days_to_alarm, Unit::Day)?,
                value(p.earliest_alarm, Unit::Day)?,
                value(p.days_to_empty, Unit::Day)?,
                value(p.refill_due, Unit::Day)?,
                value(p.drug_amount, Unit::Microgram)?,
                value(p.daily_dose, Unit::McgPerDay)?,
                whole(p.days_to_alarm, "days_to_alarm")?,
                whole(p.earliest_alarm, "earliest_alarm")?,
                whole(p.days_to_empty, "days_to_empty")?,
                whole(p.refill_due, "refill_due")?,
            ])
        })()
        .map_err(|e| row_error(e, i))?;
        if let Some(refill_day) = day(i) {
            for (slot, what) in values[7..].iter_mut().zip(DATES) {
                *slot = date_after(refill_day, *slot, what, i)?;
            }
        }
        Ok(Row {
            values,
            findings: finding_key(&p.findings),
            allowed: p.findings.allowed(),
        })
    };
    let table = py.detach(|| run(n, coerce, row))?;
    output(py, REFILL_COLUMNS, table, coerce)
}

/// The core's `reconcile` over columns: the programmed delivery as a daily dose and a
/// concentration, or as a flow rate (exactly one; `itb/columns.py` checks which).
#[pyfunction]
#[pyo3(signature = (fill_volume, elapsed, aspirated_volume, daily_dose, concentration, flow_rate, threshold, pump, coerce))]
#[allow(clippy::too_many_arguments)] // one per column of the operation
pub(crate) fn reconcile_columns<'py>(
    py: Python<'py>,
    fill_volume: ColumnGiven<'py>,
    elapsed: ColumnGiven<'py>,
    aspirated_volume: ColumnGiven<'py>,
    daily_dose: Option<ColumnGiven<'py>>,
    concentration: Option<ColumnGiven<'py>>,
    flow_rate: Option<ColumnGiven<'py>>,
    threshold: Option<ColumnGiven<'py>>,
    pump: Option<PumpColumnGiven<'py>>,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let fill = Column::read("fill_volume", &fill_volume, "a volume")?;
    let elapsed = Column::read("elapsed", &elapsed, "a duration")?;
    let aspirated = Column::read("aspirated_volume", &aspirated_volume, "a volume")?;
    let dose = optional("daily_dose", &daily_dose, "a daily dose")?;
    let conc = optional("concentration", &concentration, "a concentration")?;
    let flow = optional("flow_rate", &flow_rate, "a flow rate")?;
    let threshold = optional("threshold", &threshold, "a volume")?;
    let pumps = pump.as_ref().map(PumpColumn::read).transpose()?;
    let mut lengths = vec![
        (fill.name, fill.len),
        (elapsed.name, elapsed.len),
        (aspirated.name, aspirated.len),
    ];
    lengths.extend(
        [&dose, &conc, &flow, &threshold]
            .into_iter()
            .flatten()
            .map(|c| (c.name, c.len)),
    );
    lengths.extend(pumps.as_ref().map(|p| ("pump", p.len())));
    let n = rows(&lengths)?;
    let row = |i| -> Result<Row<5>, Failure> {
        let mut w = Waits::default();
        // The pump first, as the scalar function checks it before the core reads the rest.
        let pump = pumps.as_ref().map(|p| p.at(i)).transpose()?;
        let fill_volume = w.input(&fill, i);
        let elapsed = w.input(&elapsed, i);
        let programmed = match (&dose, &conc, &flow) {
            (Some(dose), Some(conc), None) => Programmed::Dose {
                daily_dose: w.input(dose, i),
                concentration: w.input(conc, i),
            },
            (None, None, Some(flow)) => Programmed::FlowRate(w.input(flow, i)),
            _ => {
                let message = "give flow_rate, or daily_dose and concentration";
                return Err(Failure::new(ErrorKind::InvalidValue, "flow_rate", message));
            }
        };
        let request = ReconcileRequest {
            fill_volume,
            elapsed,
            programmed,
            aspirated_volume: w.input(&aspirated, i),
            threshold: w.optional(&threshold, i),
            pump,
            risk_factors: Given::default(),
        };
        let r = refill::reconcile(&request).map_err(|e| w.fail(e, i))?;
        let values = (|| -> Result<[f64; 5], Error> {
            Ok([
                value(r.flow_rate, Unit::MlPerDay)?,
                value(r.expected_volume, Unit::Milliliter)?,
                value(r.discrepancy, Unit::Milliliter)?,
                value(r.implied_flow_rate, Unit::MlPerDay)?,
                value(r.delivery_error, Unit::Percent)?,
            ])
        })()
        .map_err(|e| row_error(e, i))?;
        Ok(Row {
            values,
            findings: finding_key(&r.findings),
            allowed: r.findings.allowed(),
        })
    };
    let table = py.detach(|| run(n, coerce, row))?;
    let names = [
        "flow_rate_ml_per_day",
        "expected_volume_ml",
        "discrepancy_ml",
        "implied_flow_rate_ml_per_day",
        "delivery_error_percent",
    ];
    output(py, names, table, coerce)
}

/// The core's `bridge_bolus` over columns. `required` is 1 or 0 (NaN on a bad row).
#[pyfunction]
pub(crate) fn bridge_bolus_columns<'py>(
    py: Python<'py>,
    old_concentration: ColumnGiven<'py>,
    new_concentration: ColumnGiven<'py>,
    daily_dose: ColumnGiven<'py>,
    dead_space: ColumnGiven<'py>,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let old = Column::read("old_concentration", &old_concentration, "a concentration")?;
    let new = Column::read("new_concentration", &new_concentration, "a concentration")?;
    let dose = Column::read("daily_dose", &daily_dose, "a daily dose")?;
    let dead = Column::read("dead_space", &dead_space, "a volume")?;
    let n = rows(&[
        (old.name, old.len),
        (new.name, new.len),
        (dose.name, dose.len),
        (dead.name, dead.len),
    ])?;
    let row = |i| -> Result<Row<6>, Failure> {
        let mut w = Waits::default();
        let request = BridgeRequest {
            old_concentration: w.input(&old, i),
            new_concentration: w.input(&new, i),
            daily_dose: w.input(&dose, i),
            dead_space: w.input(&dead, i),
        };
        let b = bolus::bridge_bolus(&request).map_err(|e| w.fail(e, i))?;
        let values = (|| -> Result<[f64; 6], Error> {
            Ok([
                if b.required { 1.0 } else { 0.0 },
                value(b.old_flow_rate, Unit::MlPerDay)?,
                value(b.new_flow_rate, Unit::MlPerDay)?,
                value(b.bridge_duration, Unit::Hour)?,
                value(b.unbridged_daily_dose, Unit::McgPerDay)?,
                value(b.unbridged_duration, Unit::Hour)?,
            ])
        })()
        .map_err(|e| row_error(e, i))?;
        Ok(Row {
            values,
            findings: finding_key(&b.findings),
            allowed: b.findings.allowed(),
        })
    };
    let table = py.detach(|| run(n, coerce, row))?;
    let names = [
        "required",
        "old_flow_rate_ml_per_day",
        "new_flow_rate_ml_per_day",
        "bridge_duration_hours",
        "unbridged_daily_dose_mcg_per_day",
        "unbridged_duration_hours",
    ];
    output(py, names, table, coerce)
}

/// The core's `titrate` over columns: the profile, origin, phase and pump programmability for
/// all rows; the dose, the change and the optional ages and hours per row.
#[pyfunction]
#[pyo3(signature = (profile, current_daily_dose, change_percent, origin, phase, age_years, pump_programmable, hours_since_last_change, hours_since_start, coerce))]
#[allow(clippy::too_many_arguments)] // one per column of the operation
pub(crate) fn titrate_columns<'py>(
    py: Python<'py>,
    profile: &str,
    current_daily_dose: ColumnGiven<'py>,
    change_percent: ColumnGiven<'py>,
    origin: Bound<'py, PyAny>,
    phase: Bound<'py, PyAny>,
    age_years: Option<ColumnGiven<'py>>,
    pump_programmable: Option<bool>,
    hours_since_last_change: Option<ColumnGiven<'py>>,
    hours_since_start: Option<ColumnGiven<'py>>,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let profile = crate::typed::profile_of(profile)?;
    let origin = choice(&origin, "origin", Origin::parse, "spinal, cerebral")?;
    let phase = choice(&phase, "phase", Phase::parse, "titration, maintenance")?;
    let dose = Column::read("current_daily_dose", &current_daily_dose, "a daily dose")?;
    let change = Column::read("change_percent", &change_percent, "a percent")?;
    let age = optional("age_years", &age_years, "a number")?;
    let since_change = optional(
        "hours_since_last_change",
        &hours_since_last_change,
        "a number",
    )?;
    let since_start = optional("hours_since_start", &hours_since_start, "a number")?;
    let mut lengths = vec![(dose.name, dose.len), (change.name, change.len)];
    lengths.extend(
        [&age, &since_change, &since_start]
            .into_iter()
            .flatten()
            .map(|c| (c.name, c.len)),
    );
    let n = rows(&lengths)?;
    let row = |i| -> Result<Row<1>, Failure> {
        // The plain numbers first, in order, as the scalar function checks them before the
        // core reads the dose.
        let change_percent = change.number(i)?;
        let age_years = number_of(&age, i)?;
        let hours_since_last_change = number_of(&since_change, i)?;
        let hours_since_start = number_of(&since_start, i)?;
        let mut w = Waits::default();
        let request = TitrateRequest {
            profile,
            current_daily_dose: w.input(&dose, i),
            change_percent,
            origin: Given::new(origin),
            phase: Given::new(phase),
            age_years,
            pump_programmable,
            hours_since_last_change,
            hours_since_start,
        };
        let t = titration::titrate(&request).map_err(|e| w.fail(e, i))?;
        let new = value(t.new_daily_dose, Unit::McgPerDay).map_err(|e| row_error(e, i))?;
        Ok(Row {
            values: [new],
            findings: finding_key(&t.findings),
            allowed: t.findings.allowed(),
        })
    };
    let table = py.detach(|| run(n, coerce, row))?;
    output(py, ["new_daily_dose_mcg_per_day"], table, coerce)
}

/// The core's `programming_check` over columns.
#[pyfunction]
pub(crate) fn programming_check_columns<'py>(
    py: Python<'py>,
    programmed_daily_dose: ColumnGiven<'py>,
    programmed_concentration: ColumnGiven<'py>,
    reservoir_concentration: ColumnGiven<'py>,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let dose = Column::read(
        "programmed_daily_dose",
        &programmed_daily_dose,
        "a daily dose",
    )?;
    let programmed = Column::read(
        "programmed_concentration",
        &programmed_concentration,
        "a concentration",
    )?;
    let reservoir = Column::read(
        "reservoir_concentration",
        &reservoir_concentration,
        "a concentration",
    )?;
    let n = rows(&[
        (dose.name, dose.len),
        (programmed.name, programmed.len),
        (reservoir.name, reservoir.len),
    ])?;
    let row = |i| -> Result<Row<3>, Failure> {
        let mut w = Waits::default();
        let request = ProgrammingRequest {
            programmed_daily_dose: w.input(&dose, i),
            programmed_concentration: w.input(&programmed, i),
            reservoir_concentration: w.input(&reservoir, i),
        };
        let c = programming::programming_check(&request).map_err(|e| w.fail(e, i))?;
        let values = (|| -> Result<[f64; 3], Error> {
            Ok([
                value(c.flow_rate, Unit::MlPerDay)?,
                value(c.delivered_daily_dose, Unit::McgPerDay)?,
                c.dose_ratio,
            ])
        })()
        .map_err(|e| row_error(e, i))?;
        Ok(Row {
            values,
            findings: finding_key(&c.findings),
            allowed: c.findings.allowed(),
        })
    };
    let table = py.detach(|| run(n, coerce, row))?;
    let names = [
        "flow_rate_ml_per_day",
        "delivered_daily_dose_mcg_per_day",
        "dose_ratio",
    ];
    output(py, names, table, coerce)
}

/// Every row's quantity in `to`, read and checked as a clinical input of `to`'s dimension (a
/// text's own unit, or the column's), then converted by the core.
#[pyfunction]
pub(crate) fn convert_column<'py>(
    py: Python<'py>,
    values: ColumnGiven<'py>,
    to: &str,
    field: &'py str,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let to = parse_unit(to, "to", "a unit")?;
    let column = Column::read(field, &values, to.dimension().describe())?;
    let n = rows(&[(column.name, column.len)])?;
    let row = |i| -> Result<Row<1>, Failure> {
        let m = column.measure(i)?;
        let field = column.field(i);
        if m.unit.dimension() != to.dimension() {
            let e = Error::unit_mismatch("", to.dimension(), m.unit);
            return Err(Failure::core(e, &field));
        }
        check(m, to.dimension()).map_err(|e| Failure::core(e, &field))?;
        let converted = m.convert(to).map_err(|e| Failure::core(e, &field))?;
        Ok(Row {
            values: [converted.value],
            findings: 0,
            allowed: true,
        })
    };
    let table = py.detach(|| run(n, coerce, row))?;
    output(py, ["value"], table, coerce)
}

/// The core's `titration::change_percent` of every row: from `current` to `new` daily dose.
#[pyfunction]
pub(crate) fn change_percent_columns<'py>(
    py: Python<'py>,
    current_daily_dose: ColumnGiven<'py>,
    new_daily_dose: ColumnGiven<'py>,
    coerce: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let current = Column::read("current_daily_dose", &current_daily_dose, "a daily dose")?;
    let new = Column::read("new_daily_dose", &new_daily_dose, "a daily dose")?;
    let n = rows(&[(current.name, current.len), (new.name, new.len)])?;
    let row = |i| -> Result<Row<1>, Failure> {
        let mut w = Waits::default();
        let (from, to) = (w.input(&current, i), w.input(&new, i));
        let change = titration::change_percent(from, to).map_err(|e| w.fail(e, i))?;
        Ok(Row {
            values: [change],
            findings: 0,
            allowed: true,
        })
    };
    let table = py.detach(|| run(n, coerce, row))?;
    output(py, ["change_percent"], table, coerce)
}
