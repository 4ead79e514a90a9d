//! The SVG picture of `itb refill --chart FILE`: the reservoir volume falling from the fill to
//! empty at the plan's flow, the alarm volume, and the dates of the earliest alarm, the refill
//! due, the alarm and the empty reservoir. A refill is booked from dates, and a picture shows
//! at a glance how close they are to each other and to empty.
//!
//! Drawn with `plotters` (its SVG backend only, no fonts: text is written as SVG text), so the
//! axes, ticks and layout are a library's. The numbers are the plan's, never recomputed: the
//! flow and the day counts are the core's response, the fill and alarm volumes the request as
//! the core read it. Every text says its unit; the dates are the refill date plus whole days,
//! rounded down, as the report prints them ([`crate::dates`]).

use std::io;

use itb::units::{Measure, Unit};
use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::dates;

/// Size of the drawing, px.
const WIDTH: u32 = 960;
const HEIGHT: u32 = 560;
/// Space above the plot for the title and subtitle, px.
const HEADER: u32 = 70;
/// Height of one row of marker labels, px.
const ROW: i32 = 20;
/// Text sizes, px.
const TITLE_PX: f64 = 17.0;
const TEXT_PX: f64 = 14.0;
/// How many date ticks the time axis has at most.
const MAX_TICKS: usize = 8;

const RESERVOIR_COLOUR: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
const GRID_COLOUR: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// The moments marked on the time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The alarm of a pump running fast at the edge of its accuracy.
    EarliestAlarm,
    /// When the refill should be done.
    RefillDue,
    /// The low-reservoir alarm at the programmed flow.
    Alarm,
    /// The reservoir runs dry.
    Empty,
}

impl Event {
    fn name(self) -> &'static str {
        match self {
            Event::EarliestAlarm => "earliest alarm",
            Event::RefillDue => "refill due",
            Event::Alarm => "alarm",
            Event::Empty => "empty",
        }
    }

    fn colour(self) -> RGBColor {
        match self {
            Event::EarliestAlarm => RGBColor(0xe6, 0x7e, 0x22),
            Event::RefillDue => RGBColor(0x2e, 0x7d, 0x32),
            Event::Alarm => RGBColor(0xc0, 0x39, 0x2b),
            Event::Empty => BLACK,
        }
    }
}

/// A marked moment: days after the refill, as the response counts them.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// What happens then.
    pub event: Event,
    /// Days after the refill (negative: before it, a refill overdue).
    pub days: f64,
    /// The response's text of the count: `72 days`.
    pub days_text: String,
}

/// What the picture shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Reservoir<'a> {
    /// The title: pump, concentration and daily dose, with units.
    pub title: &'a str,
    /// The day of this refill, day 0 of the time axis.
    pub refill_date: Date,
    /// The volume filled, mL.
    pub fill_ml: f64,
    /// The volume at which the alarm sounds, mL.
    pub alarm_ml: f64,
    /// The plan's flow, mL/day.
    pub flow_ml_per_day: f64,
    /// The moments to mark, in any order.
    pub markers: &'a [Marker],
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), DrawingAreaErrorKind<io::Error>>;

impl Reservoir<'_> {
    /// The picture as an SVG document.
    pub fn svg(&self) -> Result<String, String> {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
            self.draw(&root).map_err(|e| e.to_string())?;
            root.present().map_err(|e| e.to_string())?;
        }
        Ok(out)
    }

    fn draw(&self, root: &Area) -> Drawn {
        root.fill(&WHITE)?;
        self.header(root)?;
        let (x_min, x_max) = self.time_range();
        let y_max = self.top_ml();
        let refill = self.refill_date;
        let date_label = move |d: &f64| match dates::after_whole_days(refill, *d) {
            Some(date) => date.to_string(),
            None => "past 9999-12-31".to_owned(),
        };
        let volume_label = |v: &f64| Measure::new(*v, Unit::Milliliter).to_string();

        let area = root.margin(HEADER, 10, 10, 40);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(50)
            .y_label_area_size(80)
            // Ticks a whole number of weeks apart, on the refill date's weekday.
            .build_cartesian_2d((x_min..x_max).step(7.0), 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_labels(MAX_TICKS)
            .bold_line_style(GRID_COLOUR)
            .light_line_style(TRANSPARENT)
            .x_desc("Date")
            .y_desc("Reservoir volume (mL)")
            .x_label_formatter(&date_label)
            .y_label_formatter(&volume_label)
            .label_style(font(TEXT_PX - 2.0))
            .axis_desc_style(font(TEXT_PX))
            .draw()?;

        // The reservoir: fill − flow × days after the refill (the response's flow), clipped at
        // 0 from the response's empty day on.
        let volume = |t: f64| (self.fill_ml - self.flow_ml_per_day * t).max(0.0);
        let empty = self.day_of(Event::Empty).unwrap_or(x_max);
        let line = [0.0, empty, x_max].map(|t| (t, volume(t)));
        chart.draw_series(LineSeries::new(line, RESERVOIR_COLOUR.stroke_width(3)))?;

        // The alarm volume, dashed across the whole time axis.
        let alarm = Event::Alarm.colour();
        chart.draw_series(DashedLineSeries::new(
            [(x_min, self.alarm_ml), (x_max, self.alarm_ml)],
            8,
            5,
            alarm.stroke_width(2),
        ))?;
        let at = |x: f64, y: f64| chart.backend_coord(&(x, y));
        let alarm_text = format!(
            "alarm volume: {}",
            Measure::new(self.alarm_ml, Unit::Milliliter)
        );
        let (ax, ay) = at(x_min, self.alarm_ml);
        self.markers(root, &at)?;
        label(root, &alarm_text, alarm, (ax + 6, ay - ROW), HPos::Left)
    }

    /// The title and, under it, the fill, the flow and how dates are counted.
    fn header(&self, root: &Area) -> Drawn {
        let centre = Pos::new(HPos::Center, VPos::Top);
        let middle = (WIDTH / 2) as i32;
        let bold = ("sans-serif", TITLE_PX * 1.24, FontStyle::Bold)
            .into_font()
            .into_text_style(root)
            .pos(centre);
        root.draw_text(self.title, &bold, (middle, 12))?;
        let subtitle = format!(
            "Refilled on {} with {}; the volume falls by the flow, {}. Dates: whole days, \
             rounded down.",
            dates::show(self.refill_date),
            Measure::new(self.fill_ml, Unit::Milliliter),
            Measure::new(self.flow_ml_per_day, Unit::MlPerDay),
        );
        root.draw_text(&subtitle, &font(TEXT_PX).pos(centre), (middle, 40))
    }

    /// Each marker: a vertical line up to its label, its name, date and count, on a row of its
    /// own at the top of the plot, the latest highest, so no line crosses a later label. The
    /// label is left of the line, or right of it where the left is too short.
    fn markers(&self, root: &Area, at: &dyn Fn(f64, f64) -> (i32, i32)) -> Drawn {
        let mut markers: Vec<&Marker> = self.markers.iter().collect();
        markers.sort_by(|a, b| b.days.total_cmp(&a.days));
        let (left, top) = at(self.time_range().0, self.top_ml());
        let rows = (0..).map(|row| top + 6 + ROW * row);
        for (m, y) in markers.iter().zip(rows.clone()) {
            let (x, bottom) = at(m.days, 0.0);
            let style = m.event.colour().stroke_width(2);
            root.draw(&PathElement::new([(x, bottom), (x, y)], style))?;
        }
        // The labels over every line: where a line must cross one, the label hides it.
        for (m, y) in markers.iter().zip(rows) {
            let text = self.marker_text(m);
            let (x, _) = at(m.days, 0.0);
            let (h, dx) = if x - text_width(&text) - 6 > left {
                (HPos::Right, -6)
            } else {
                (HPos::Left, 6)
            };
            label(root, &text, m.event.colour(), (x + dx, y), h)?;
        }
        Ok(())
    }

    /// `alarm: 2026-03-14 (Saturday), in 72 days`, or `..., overdue by 2.5 days`.
    fn marker_text(&self, m: &Marker) -> String {
        let date = match dates::after_whole_days(self.refill_date, m.days) {
            Some(date) => dates::show(date),
            None => "a date past the calendar (after 9999-12-31)".to_owned(),
        };
        let when = if m.days < 0.0 {
            format!("overdue by {}", Measure::new(-m.days, Unit::Day))
        } else {
            format!("in {}", m.days_text)
        };
        format!("{}: {date}, {when}", m.event.name())
    }

    fn day_of(&self, event: Event) -> Option<f64> {
        self.markers
            .iter()
            .find(|m| m.event == event)
            .map(|m| m.days)
    }

    /// The top of the volume axis, mL: room above the fill for the rows of marker labels.
    fn top_ml(&self) -> f64 {
        self.fill_ml.max(self.alarm_ml).max(0.1) * 1.3
    }

    /// Days shown: from the refill (or the whole week before it of an overdue date) to a little
    /// past the last marker.
    fn time_range(&self) -> (f64, f64) {
        let days = self.markers.iter().map(|m| m.days);
        let first = 7.0 * (days.clone().fold(0.0, f64::min) / 7.0).floor();
        let last = days.fold(1.0, f64::max);
        (first, last + 0.1 * (last - first))
    }
}

/// `text` in `colour` on a white box, so a line under it does not run through the letters;
/// `(x, y)` is the top of the text, at its start, middle or end (`h`).
fn label(root: &Area, text: &str, colour: RGBColor, (x, y): (i32, i32), h: HPos) -> Drawn {
    let width = text_width(text);
    let start = match h {
        HPos::Left => x,
        HPos::Center => x - width / 2,
        HPos::Right => x - width,
    };
    let background = Rectangle::new(
        [(start - 3, y - 1), (start + width + 3, y + ROW - 3)],
        WHITE.filled(),
    );
    root.draw(&background)?;
    let style = font(TEXT_PX).color(&colour).pos(Pos::new(h, VPos::Top));
    root.draw_text(text, &style, (x, y))
}

/// About the width of `text` in px: SVG text is measured only where it is shown, so this
/// takes 0.56 em a character, about the average of common sans-serif fonts' dates and words.
fn text_width(text: &str) -> i32 {
    (text.chars().count() as f64 * TEXT_PX * 0.56) as i32
}

/// Sans-serif text of `px` pixels (plotters writes a font size 1.24 times smaller than asked).
fn font(px: f64) -> TextStyle<'static> {
    ("sans-serif", px * 1.24).into_font().into()
}
