//! The unit vocabulary: every unit itb knows, its symbol and its dimension.

use core::fmt;

/// The physical dimension of a [`Unit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// mcg, mg
    Mass,
    /// mL
    Volume,
    /// mcg/mL, mg/mL
    Concentration,
    /// mcg/day, mg/day, mcg/h, mg/h, mcg/min, mg/min
    DoseRate,
    /// mL/day, mL/h, mL/min
    FlowRate,
    /// day, h, min
    Duration,
    /// cm
    Length,
    /// mL/cm
    VolumePerLength,
    /// % (a change, a delivery error): output only, never parsed from a quantity string.
    Ratio,
    /// A count of flex steps: output only.
    Count,
}

impl Dimension {
    /// A short description for error messages, naming the units allowed.
    pub const fn describe(self) -> &'static str {
        match self {
            Dimension::Mass => "a mass (mcg or mg)",
            Dimension::Volume => "a volume (mL)",
            Dimension::Concentration => {
                "a concentration (mcg/mL, mg/mL or amount/volume like 10 mg/20 mL)"
            }
            Dimension::DoseRate => "a dose rate (mcg/day, mg/day, mcg/h, mg/h, mcg/min or mg/min)",
            Dimension::FlowRate => "a flow rate (mL/day, mL/h or mL/min)",
            Dimension::Duration => "a duration (day, h or min)",
            Dimension::Length => "a length (cm)",
            Dimension::VolumePerLength => "a volume per length (mL/cm)",
            Dimension::Ratio => "a percentage (%)",
            Dimension::Count => "a count of steps",
        }
    }
}

/// Every unit itb accepts. The canonical spelling is [`Unit::symbol`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// microgram, `mcg`
    Microgram,
    /// milligram, `mg`
    Milligram,
    /// millilitre, `mL`
    Milliliter,
    /// `mcg/mL`
    McgPerMl,
    /// `mg/mL`
    MgPerMl,
    /// `mcg/day`
    McgPerDay,
    /// `mg/day`
    MgPerDay,
    /// `mcg/h`
    McgPerHour,
    /// `mg/h`
    MgPerHour,
    /// `mcg/min`
    McgPerMinute,
    /// `mg/min`
    MgPerMinute,
    /// `mL/day`
    MlPerDay,
    /// `mL/h`
    MlPerHour,
    /// `mL/min`
    MlPerMinute,
    /// `day`
    Day,
    /// `h`
    Hour,
    /// `min`
    Minute,
    /// `cm`
    Centimeter,
    /// `mL/cm`
    MlPerCm,
    /// `year` (365 days): an age. Output only; ages come in as `age_years` numbers.
    Year,
    /// `%`: a change or an error. Output only; percentages come in as plain numbers.
    Percent,
    /// `step`: a count of flex steps. Output only.
    Step,
}

impl Unit {
    /// Every unit, in a fixed order.
    pub const ALL: [Unit; 22] = [
        Unit::Microgram,
        Unit::Milligram,
        Unit::Milliliter,
        Unit::McgPerMl,
        Unit::MgPerMl,
        Unit::McgPerDay,
        Unit::MgPerDay,
        Unit::McgPerHour,
        Unit::MgPerHour,
        Unit::McgPerMinute,
        Unit::MgPerMinute,
        Unit::MlPerDay,
        Unit::MlPerHour,
        Unit::MlPerMinute,
        Unit::Day,
        Unit::Hour,
        Unit::Minute,
        Unit::Centimeter,
        Unit::MlPerCm,
        Unit::Year,
        Unit::Percent,
        Unit::Step,
    ];

    /// The canonical ASCII symbol: `mcg`, `mg/mL`, `mL/day`...
    pub const fn symbol(self) -> &'static str {
        crate::finding::text(self.c_symbol())
    }

    /// The same, NUL-terminated.
    pub const fn c_symbol(self) -> &'static core::ffi::CStr {
        match self {
            Unit::Microgram => c"mcg",
            Unit::Milligram => c"mg",
            Unit::Milliliter => c"mL",
            Unit::McgPerMl => c"mcg/mL",
            Unit::MgPerMl => c"mg/mL",
            Unit::McgPerDay => c"mcg/day",
            Unit::MgPerDay => c"mg/day",
            Unit::McgPerHour => c"mcg/h",
            Unit::MgPerHour => c"mg/h",
            Unit::McgPerMinute => c"mcg/min",
            Unit::MgPerMinute => c"mg/min",
            Unit::MlPerDay => c"mL/day",
            Unit::MlPerHour => c"mL/h",
            Unit::MlPerMinute => c"mL/min",
            Unit::Day => c"day",
            Unit::Hour => c"h",
            Unit::Minute => c"min",
            Unit::Centimeter => c"cm",
            Unit::MlPerCm => c"mL/cm",
            Unit::Year => c"year",
            Unit::Percent => c"%",
            Unit::Step => c"step",
        }
    }

    /// The dimension this unit measures.
    pub const fn dimension(self) -> Dimension {
        match self {
            Unit::Microgram | Unit::Milligram => Dimension::Mass,
            Unit::Milliliter => Dimension::Volume,
            Unit::McgPerMl | Unit::MgPerMl => Dimension::Concentration,
            Unit::McgPerDay
            | Unit::MgPerDay
            | Unit::McgPerHour
            | Unit::MgPerHour
            | Unit::McgPerMinute
            | Unit::MgPerMinute => Dimension::DoseRate,
            Unit::MlPerDay | Unit::MlPerHour | Unit::MlPerMinute => Dimension::FlowRate,
            Unit::Day | Unit::Hour | Unit::Minute | Unit::Year => Dimension::Duration,
            Unit::Centimeter => Dimension::Length,
            Unit::MlPerCm => Dimension::VolumePerLength,
            Unit::Percent => Dimension::Ratio,
            Unit::Step => Dimension::Count,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}
