//! The SVG line chart of `itb pk --chart FILE`: the estimated lumbar and cisternal CSF
//! concentrations against time, written as plain SVG text (no drawing library).
//!
//! Every axis names its quantity and unit and every tick label carries its unit, and the title
//! says the curves are a model estimate.

use std::fmt::Write;

use itb::units::{Measure, Unit};

/// Width and height of the drawing, px.
const WIDTH: f64 = 880.0;
const HEIGHT: f64 = 460.0;
/// The plot area inside the margins, px.
const LEFT: f64 = 110.0;
const RIGHT: f64 = 630.0;
const TOP: f64 = 70.0;
const BOTTOM: f64 = 390.0;
/// About how many intervals an axis is divided into.
const TICKS: f64 = 6.0;

/// A curve of the chart: its colour, its dash pattern (an SVG attribute, or nothing), its
/// legend and the value it draws.
struct Curve {
    colour: &'static str,
    dash: &'static str,
    label: &'static str,
    value: fn(&Point) -> f64,
}

/// The lumbar curve, solid, and the cisternal one, dashed (told apart without colour).
const CURVES: [Curve; 2] = [
    Curve {
        colour: "#1f5fa8",
        dash: "",
        label: "lumbar",
        value: |p| p.lumbar,
    },
    Curve {
        colour: "#c0392b",
        dash: r#" stroke-dasharray="7 4""#,
        label: "cisternal (lumbar / 4)",
        value: |p| p.cisternal,
    },
];

/// The steady state of an infusion: a dotted grey line.
const STEADY_COLOUR: &str = "#777777";
const STEADY_DASH: &str = r#" stroke-dasharray="2 4""#;

/// One estimated point: time in h, concentrations in mcg/mL.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Time since the bolus or the start of the infusion, h.
    pub hours: f64,
    /// Lumbar CSF concentration, mcg/mL.
    pub lumbar: f64,
    /// Cisternal CSF concentration, mcg/mL.
    pub cisternal: f64,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart<'a> {
    /// The dosing, for the title: `a 100 mcg bolus`, `500 mcg/day by infusion`.
    pub dosing: &'a str,
    /// The model's parameters, for the subtitle: `half-life 1.51 h, clearance 30 mL/h`.
    pub model: &'a str,
    /// The points, in any order (drawn in order of time).
    pub points: &'a [Point],
    /// An infusion's steady state, mcg/mL, drawn as a dashed line.
    pub steady_state: Option<f64>,
}

impl Chart<'_> {
    /// The chart as an SVG document.
    pub fn svg(&self) -> String {
        let mut points = self.points.to_vec();
        points.sort_by(|a, b| a.hours.total_cmp(&b.hours));
        let max_hours = points.iter().map(|p| p.hours).fold(0.0, f64::max);
        let max_conc = points
            .iter()
            .map(|p| p.lumbar)
            .chain(self.steady_state)
            .fold(0.0, f64::max);
        let x_axis = Axis::new(max_hours, 1.0);
        let y_axis = Axis::new(max_conc, 0.1);
        let x = |h: f64| LEFT + (RIGHT - LEFT) * h / x_axis.max;
        let y = |c: f64| BOTTOM - (BOTTOM - TOP) * c / y_axis.max;

        let mut out = String::new();
        let title = format!(
            "Baclofen in the CSF after {}: a model estimate, not a measurement",
            self.dosing
        );
        let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(out, "<title>{}</title>", escape(&title));
        let _ = writeln!(
            out,
            r#"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
        );
        let _ = writeln!(
            out,
            r#"<text x="{}" y="26" text-anchor="middle" font-size="15" font-weight="bold">{}</text>"#,
            WIDTH / 2.0,
            escape(&title)
        );
        let subtitle = format!(
            "One-compartment model from the US label's mean figures ({}); patients vary greatly.",
            self.model
        );
        let _ = writeln!(
            out,
            r#"<text x="{}" y="46" text-anchor="middle">{}</text>"#,
            WIDTH / 2.0,
            escape(&subtitle)
        );

        // Grid lines and tick labels, each label with its unit.
        for tick in x_axis.ticks() {
            let px = x(tick);
            let _ = writeln!(
                out,
                r##"<line x1="{px:.2}" y1="{TOP}" x2="{px:.2}" y2="{BOTTOM}" stroke="#dddddd"/>"##
            );
            let _ = writeln!(
                out,
                r#"<text x="{px:.2}" y="{}" text-anchor="middle">{}</text>"#,
                BOTTOM + 18.0,
                escape(&Measure::new(tick, Unit::Hour).to_string())
            );
        }
        for tick in y_axis.ticks() {
            let py = y(tick);
            let _ = writeln!(
                out,
                r##"<line x1="{LEFT}" y1="{py:.2}" x2="{RIGHT}" y2="{py:.2}" stroke="#dddddd"/>"##
            );
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{:.2}" text-anchor="end">{}</text>"#,
                LEFT - 6.0,
                py + 4.0,
                escape(&Measure::new(tick, Unit::McgPerMl).to_string())
            );
        }
        // The axes and their titles.
        let _ = writeln!(
            out,
            r#"<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="black"/>"#
        );
        let _ = writeln!(
            out,
            r#"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}" stroke="black"/>"#
        );
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">time since the dose began (h)</text>"#,
            (LEFT + RIGHT) / 2.0,
            BOTTOM + 42.0
        );
        let (yx, yy) = (24.0, (TOP + BOTTOM) / 2.0);
        let _ = writeln!(
            out,
            r#"<text x="{yx}" y="{yy}" text-anchor="middle" transform="rotate(-90 {yx} {yy})">CSF concentration (mcg/mL)</text>"#
        );

        // The steady state of an infusion.
        if let Some(s) = self.steady_state {
            let py = y(s);
            let _ = writeln!(
                out,
                r#"<line x1="{LEFT}" y1="{py:.2}" x2="{RIGHT}" y2="{py:.2}" stroke="{STEADY_COLOUR}"{STEADY_DASH}/>"#
            );
        }

        // The two curves, with a marker at each point (one point draws no line).
        for curve in CURVES {
            let coords: Vec<String> = points
                .iter()
                .map(|p| format!("{:.2},{:.2}", x(p.hours), y((curve.value)(p))))
                .collect();
            let _ = writeln!(
                out,
                r#"<polyline fill="none" stroke="{}" stroke-width="2"{} points="{}"/>"#,
                curve.colour,
                curve.dash,
                coords.join(" ")
            );
            for p in &points {
                let _ = writeln!(
                    out,
                    r#"<circle cx="{:.2}" cy="{:.2}" r="2.5" fill="{}"/>"#,
                    x(p.hours),
                    y((curve.value)(p)),
                    curve.colour
                );
            }
        }

        // The legend.
        let mut legend: Vec<(&str, &str, String)> = CURVES
            .iter()
            .map(|c| (c.colour, c.dash, c.label.to_owned()))
            .collect();
        if let Some(s) = self.steady_state {
            let shown = Measure::new(s, Unit::McgPerMl);
            legend.push((STEADY_COLOUR, STEADY_DASH, format!("steady state, {shown}")));
        }
        for (i, (colour, dash, label)) in legend.iter().enumerate() {
            let ly = TOP + 10.0 + 20.0 * i as f64;
            let _ = writeln!(
                out,
                r#"<line x1="{}" y1="{ly}" x2="{}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash}/>"#,
                RIGHT + 14.0,
                RIGHT + 40.0
            );
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}">{}</text>"#,
                RIGHT + 46.0,
                ly + 4.0,
                escape(label)
            );
        }
        let _ = writeln!(out, "</svg>");
        out
    }
}

/// An axis from 0 to a round maximum, divided in round steps (1, 2 or 5 times a power of ten).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Axis {
    max: f64,
    step: f64,
}

impl Axis {
    /// The axis for data up to `data_max`; `empty` is its maximum when the data is all zero.
    fn new(data_max: f64, empty: f64) -> Axis {
        let top = if data_max > 0.0 && data_max.is_finite() {
            data_max
        } else {
            empty
        };
        let raw = top / TICKS;
        let power = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * power)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * power);
        let intervals = (top / step - 1e-9).ceil().max(1.0);
        Axis {
            max: intervals * step,
            step,
        }
    }

    /// The tick values, from 0 to the maximum.
    fn ticks(self) -> impl Iterator<Item = f64> {
        let n = (self.max / self.step).round() as u32;
        (0..=n).map(move |i| f64::from(i) * self.step)
    }
}

/// Text safe inside an XML element or attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_a_round_number() {
        // 1.53 / 6 = 0.255 → steps of 0.5: 0, 0.5, 1, 1.5, 2.
        let a = Axis::new(1.53, 0.1);
        assert_eq!((a.max, a.step), (2.0, 0.5));
        assert_eq!(a.ticks().count(), 5);
        // 8 / 6 = 1.33 → steps of 2 up to 8 exactly; 12 / 6 = 2 → steps of 2 up to 12.
        assert_eq!(
            Axis::new(8.0, 1.0),
            Axis {
                max: 8.0,
                step: 2.0
            }
        );
        assert_eq!(
            Axis::new(12.0, 1.0),
            Axis {
                max: 12.0,
                step: 2.0
            }
        );
        // All zero: the empty range, 1 / 6 = 0.167 → 1 h in steps of 0.2 h.
        let zero = Axis::new(0.0, 1.0);
        assert_eq!(zero.max, 1.0);
        assert!((zero.step - 0.2).abs() < 1e-12);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"a < b & "c" > 'd'"#),
            "a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;"
        );
    }

    #[test]
    fn the_chart_names_its_axes_units_and_the_estimate() {
        let points = [
            Point {
                hours: 1.0,
                lumbar: 0.96,
                cisternal: 0.24,
            },
            Point {
                hours: 0.0,
                lumbar: 1.53,
                cisternal: 0.3825,
            },
        ];
        let svg = Chart {
            dosing: "a 100 mcg bolus",
            model: "half-life 1.51 h, clearance 30 mL/h",
            points: &points,
            steady_state: None,
        }
        .svg();
        assert!(svg.starts_with("<?xml"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
        assert!(svg.contains("a model estimate, not a measurement"), "{svg}");
        assert!(svg.contains("(h)</text>"), "{svg}");
        assert!(svg.contains("(mcg/mL)</text>"), "{svg}");
        assert!(svg.contains(">1.5 mcg/mL</text>"), "{svg}");
        // Drawn in order of time: the point at 0 h (x = LEFT) comes first.
        assert!(svg.contains(r#"points="110.00,"#), "{svg}");
    }
}
