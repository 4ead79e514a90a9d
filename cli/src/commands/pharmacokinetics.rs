//! `itb pk`: a one-compartment estimate of baclofen in the cerebrospinal fluid (CSF) after a
//! lumbar bolus or during an infusion, from the US label's mean figures; with `--chart FILE`
//! also an SVG line chart of it ([`crate::chart`]). Always an estimate (`model_estimate`),
//! never a dosing rule.

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use itb::ErrorKind;
use itb::pharmacokinetics::{DEFAULT_CLEARANCE_ML_PER_H, DEFAULT_HALF_LIFE_H, MAX_TIMES};
use itb::units::{Duration, Input, Measure, Unit, snap};
use serde_json::{Map, Value, json};

use super::{Arguments, Output, Refusal, echo};
use crate::Status;
use crate::chart::{Chart, Point};
use crate::report::{Report, Table, text};

/// Shown under `itb pk --help`.
pub const EXAMPLES: &str = "\
Examples (k = ln 2 / 1.51 h = 0.459 /h; volume = 30 mL/h / k = 65.35 mL; a 100 mcg bolus is
100 / 65.35 = 1.53 mcg/mL lumbar at 0 h, a quarter of it, 0.3825 mcg/mL, cisternal. An infusion
of 500 mcg/day = 20.83 mcg/h approaches 20.83 / 30 = 0.6944 mcg/mL, 90 % of it after
ln 10 / k = 5.016 h):
  itb pk --bolus \"100 mcg\" --times \"0 h,1 h,2 h,4 h\"
  itb pk --daily-dose \"500 mcg/day\" --every \"30 min\" --until \"12 h\" --chart infusion.svg
  itb pk --bolus \"50 mcg\" --time \"0 h\" --time \"90 min\" --half-life \"2 h\"
Times take h, min or day, each 0 or more, at most 1000 of them.";

const OP: &str = "pk_profile";

const ARGUMENTS: Arguments = &[
    ("bolus", "--bolus"),
    ("daily_dose", "--daily-dose"),
    ("times", "--times, --time or --every with --until"),
    ("half_life", "--half-life"),
    ("clearance", "--clearance"),
    ("every", "--every"),
    ("until", "--until"),
];

/// The arguments of `itb pk`: a bolus or a daily dose, and the times.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("dosing").args(["bolus", "daily_dose"]).required(true)))]
#[command(group(ArgGroup::new("when").args(["times", "time", "every"]).required(true)))]
pub struct Pk {
    /// One lumbar bolus at time 0, with its unit: "100 mcg", "0.05 mg". Or --daily-dose.
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    bolus: Option<String>,
    /// A continuous infusion from time 0 at this daily dose: "500 mcg/day". Or --bolus.
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    daily_dose: Option<String>,
    /// The times to estimate, comma-separated, each with its unit: "0 h,1 h,90 min".
    #[arg(
        long,
        value_name = "TIME,...",
        allow_hyphen_values = true,
        conflicts_with = "time"
    )]
    times: Option<String>,
    /// One time to estimate ("2 h"); repeat it for each time.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    time: Vec<String>,
    /// Or times on a grid: from 0 every this long ("30 min"), with --until.
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "until",
        conflicts_with_all = ["times", "time"]
    )]
    every: Option<String>,
    /// With --every: the last time of the grid ("8 h"), included when the grid reaches it.
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "every"
    )]
    until: Option<String>,
    /// The CSF elimination half-life: "1.51 h" (the default, the US label's mean).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    half_life: Option<String>,
    /// The CSF clearance: "30 mL/h" (the default, the US label's mean).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    clearance: Option<String>,
    /// Also write an SVG line chart of the lumbar and cisternal concentrations to FILE.
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
}

impl Pk {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let response = super::answer(OP, self.request());
        // A chart only of a computed estimate; a rejected request writes nothing.
        if let (Some(path), true) = (&self.chart, response["ok"] == true)
            && let Err(e) = std::fs::write(path, self.chart(&response))
        {
            crate::write_stderr(&format!(
                "itb pk: cannot write the chart to {}: {e}\n",
                path.display()
            ));
            return Status::Failed;
        }
        super::respond(&response, &self.output, ARGUMENTS, |r| self.report(r))
    }

    /// The fields in the protocol's order, so the first bad one is reported first.
    fn request(&self) -> Result<Value, Refusal> {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        if let Some(bolus) = &self.bolus {
            request.insert("bolus".into(), json!(bolus));
        }
        if let Some(dose) = &self.daily_dose {
            request.insert("daily_dose".into(), json!(dose));
        }
        request.insert("times".into(), self.times_json()?);
        // Absent quantities stay absent: the defaults are the protocol's.
        let optional = [
            ("half_life", &self.half_life),
            ("clearance", &self.clearance),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                request.insert(name.into(), json!(v));
            }
        }
        Ok(Value::Object(request))
    }

    /// The protocol's `times` list: the texts given, or the grid of `--every` and `--until`.
    fn times_json(&self) -> Result<Value, Refusal> {
        if let (Some(every), Some(until)) = (&self.every, &self.until) {
            return grid(every, until);
        }
        let items: Vec<&str> = match &self.times {
            // A comma inside a number ("1,000 min") splits it; the protocol then refuses the
            // half that has no unit, naming its index.
            Some(list) => list.split(',').map(str::trim).collect(),
            None => self.time.iter().map(|t| t.trim()).collect(),
        };
        Ok(json!(items))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let mut report = Report::new("CSF concentration, a model estimate")
            .line("dosing", self.dosing_text())
            .line("half-life", with_default(self.half_life()))
            .line("clearance", with_default(self.clearance()))
            .line("volume", text(&result["volume"]));
        if self.daily_dose.is_some() {
            report = report
                .line("steady state", text(&result["steady_state"]))
                .line(
                    "90 % of it",
                    format!("after {}", text(&result["time_to_90_percent"])),
                );
        }
        let mut table = Table::new(&["time", "lumbar", "cisternal"]);
        for p in points(result) {
            table.row(vec![
                text(&p["time"]),
                text(&p["lumbar"]),
                text(&p["cisternal"]),
            ]);
        }
        report = report.table(table);
        if let Some(path) = &self.chart {
            report = report.note(format!("Chart written to {}.", path.display()));
        }
        // The model_estimate finding, always raised, says what the numbers are worth.
        report.findings(response)
    }

    /// `a 100 mcg bolus at 0 h` or `500 mcg/day by infusion from 0 h`.
    fn dosing_text(&self) -> String {
        match (&self.bolus, &self.daily_dose) {
            (Some(b), _) => format!("a {} bolus at 0 h", echo(b, Unit::Microgram)),
            (None, Some(d)) => format!("{} by infusion from 0 h", echo(d, Unit::McgPerDay)),
            (None, None) => "(none)".to_owned(),
        }
    }

    /// The half-life used, and whether it is the default.
    fn half_life(&self) -> (String, bool) {
        parameter(self.half_life.as_deref(), Unit::Hour, DEFAULT_HALF_LIFE_H)
    }

    /// The clearance used, and whether it is the default.
    fn clearance(&self) -> (String, bool) {
        parameter(
            self.clearance.as_deref(),
            Unit::MlPerHour,
            DEFAULT_CLEARANCE_ML_PER_H,
        )
    }

    /// The chart of a computed response.
    fn chart(&self, response: &Value) -> String {
        let result = &response["result"];
        let points: Vec<Point> = points(result)
            .iter()
            .filter_map(|p| {
                Some(Point {
                    hours: value_in(&p["time"], "h")?,
                    lumbar: value_in(&p["lumbar"], "mcg/mL")?,
                    cisternal: value_in(&p["cisternal"], "mcg/mL")?,
                })
            })
            .collect();
        let dosing = match (&self.bolus, &self.daily_dose) {
            (Some(b), _) => format!("a {} bolus", echo(b, Unit::Microgram)),
            (None, Some(d)) => format!("{} by infusion", echo(d, Unit::McgPerDay)),
            (None, None) => "(no dosing)".to_owned(),
        };
        let model = format!(
            "half-life {}, clearance {}",
            self.half_life().0,
            self.clearance().0
        );
        Chart {
            dosing: &dosing,
            model: &model,
            points: &points,
            steady_state: value_in(&result["steady_state"], "mcg/mL"),
        }
        .svg()
    }
}

/// A model parameter as read (`--half-life "90 min"` → `1.5 h`), or the default; and whether
/// it is the default.
fn parameter(given: Option<&str>, unit: Unit, default: f64) -> (String, bool) {
    match given {
        Some(text) => (echo(text, unit), false),
        None => (Measure::new(default, unit).to_string(), true),
    }
}

/// `1.51 h (default, the US label's mean)`.
fn with_default((shown, default): (String, bool)) -> String {
    if default {
        format!("{shown} (default, the US label's mean)")
    } else {
        shown
    }
}

/// The points of a response.
fn points(result: &Value) -> &[Value] {
    result["points"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// A result quantity's value, when it is in `unit` (the protocol's output unit).
fn value_in(quantity: &Value, unit: &str) -> Option<f64> {
    (quantity["unit"] == unit)
        .then(|| quantity["value"].as_f64())
        .flatten()
}

/// The times 0, every, 2 x every, ... up to `until`, as quantities in the unit of `every`.
/// `every` must be a duration above zero and `until` one of 0 or more; the grid holds at most
/// [`MAX_TIMES`] times.
fn grid(every: &str, until: &str) -> Result<Value, Refusal> {
    let step = duration("every", every)?;
    if step.value == 0.0 {
        return Err(Refusal {
            kind: ErrorKind::Zero,
            field: "every".to_owned(),
            message: format!("every: {every:?} is zero; expected a duration above zero"),
        });
    }
    let last = duration("until", until)?;
    let refuse = |message: String| Refusal {
        kind: ErrorKind::OutOfRange,
        field: "every".to_owned(),
        message,
    };
    let Ok(last) = last.convert(step.unit) else {
        return Err(refuse(format!(
            "every: cannot compare {every:?} with {until:?}"
        )));
    };
    // The snap keeps 0.3 / 0.1 at 3, not 2.9999999999999996.
    let intervals = snap(last.value / step.value).floor();
    if !intervals.is_finite() || intervals >= MAX_TIMES as f64 {
        return Err(refuse(format!(
            "every: {every:?} up to {until:?} is more than {MAX_TIMES} times; \
             allowed: at most {MAX_TIMES} times, so a longer interval or an earlier --until"
        )));
    }
    // Below MAX_TIMES, so the count is exact.
    let times: Vec<Value> = (0..=intervals as u32)
        .map(|k| json!({"value": snap(f64::from(k) * step.value), "unit": step.unit.symbol()}))
        .collect();
    Ok(Value::Array(times))
}

/// A duration argument of the grid, checked as every clinical duration is (a time unit, finite,
/// not negative), or refused naming `field`.
fn duration(field: &'static str, given: &str) -> Result<Measure, Refusal> {
    let allowed = "a duration, e.g. 30 min or 8 h";
    let measure = Measure::parse(given).map_err(|e| Refusal {
        kind: e.kind,
        field: field.to_owned(),
        message: format!("{field}: {given:?}: {e}; expected {allowed}"),
    })?;
    match Input::<Duration>::measure(measure).read(field) {
        Ok(_) => Ok(measure),
        Err(e) => Err(Refusal {
            kind: e.kind,
            field: field.to_owned(),
            message: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &Value) -> Vec<(f64, String)> {
        v.as_array()
            .expect("a list")
            .iter()
            .map(|t| {
                (
                    t["value"].as_f64().expect("value"),
                    t["unit"].as_str().expect("unit").to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn a_grid_runs_from_0_to_until_in_the_unit_of_every() {
        // 8 h = 480 min; 480 / 30 = 16 intervals: 17 times, 0 to 480 min.
        let g = values(&grid("30 min", "8 h").expect("grid"));
        assert_eq!(g.len(), 17);
        assert_eq!(g[0], (0.0, "min".to_owned()));
        assert_eq!(g[16], (480.0, "min".to_owned()));
        // 0.3 h / 0.1 h is 3 intervals once snapped: 0, 0.1, 0.2, 0.3 h.
        let g = values(&grid("0.1 h", "0.3 h").expect("grid"));
        let hours: Vec<f64> = g.iter().map(|(v, _)| *v).collect();
        assert_eq!(hours, [0.0, 0.1, 0.2, 0.3]);
        // until short of the next step: 0 and 1 h only; until 0: one time.
        assert_eq!(values(&grid("1 h", "90 min").expect("grid")).len(), 2);
        assert_eq!(values(&grid("1 h", "0 h").expect("grid")).len(), 1);
    }

    #[test]
    fn a_grid_of_1000_times_is_allowed_and_1001_refused() {
        // 999 intervals of 1 min: 1000 times.
        assert_eq!(values(&grid("1 min", "999 min").expect("grid")).len(), 1000);
        let e = grid("1 min", "1000 min").expect_err("1001 times");
        assert_eq!((e.kind, e.field.as_str()), (ErrorKind::OutOfRange, "every"));
        assert!(e.message.contains("at most 1000"), "{}", e.message);
    }

    #[test]
    fn grid_arguments_are_checked_as_durations() {
        let cases = [
            ("0 min", "8 h", ErrorKind::Zero, "every"),
            ("-30 min", "8 h", ErrorKind::Negative, "every"),
            ("30", "8 h", ErrorKind::UnitRequired, "every"),
            ("30 mL", "8 h", ErrorKind::UnitMismatch, "every"),
            ("30 min", "-1 h", ErrorKind::Negative, "until"),
            ("30 min", "8 mcg", ErrorKind::UnitMismatch, "until"),
            ("30 min", "NaN h", ErrorKind::NotFinite, "until"),
        ];
        for (every, until, kind, field) in cases {
            let e = grid(every, until).expect_err(every);
            assert_eq!((e.kind, e.field.as_str()), (kind, field), "{every} {until}");
            assert!(e.message.starts_with(field), "{}", e.message);
        }
    }
}
