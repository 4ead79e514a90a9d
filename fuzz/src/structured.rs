//! Valid-shaped requests for every operation of `itb::protocol::OPS`, derived with `arbitrary`
//! from the fuzzer's bytes, so that the fuzzer reaches the clinical rules and not only the
//! parser.
//!
//! Each field gets a value of the kind `docs/PROTOCOL.md` gives it: a quantity is a number and a
//! unit spelling of the field's dimension (as text, `"2000 mcg/mL"`, or as an object,
//! `{"value": 2000, "unit": "mcg/mL"}`), numbers mostly clinical ones; an id one of its allowed
//! ids. Now and then (a few percent per field) a value is wrong: a bare number, a bad unit, a
//! unit of another dimension, a negative or non-finite number, an unknown id, a malformed time,
//! a field pair given both ways or neither, a field too many or too few.

use arbitrary::Arbitrary;
use serde_json::{Map, Number, Value};

/// One request: an operation with its fields, and perhaps a tweak of the whole object.
#[derive(Arbitrary, Debug, Clone)]
pub struct Request {
    /// The operation and its fields.
    pub op: Op,
    /// 0: an unknown field added; 1: a field removed; 2: a field set to `null`; else none.
    pub tweak: u8,
    /// Which field the tweak removes or nulls.
    pub tweak_at: u8,
}

impl Request {
    /// The request as a JSON object.
    pub fn to_json(&self) -> Value {
        let mut object = self.op.fields();
        let keys: Vec<String> = object.keys().filter(|k| *k != "op").cloned().collect();
        match self.tweak {
            0 => {
                object.insert("unexpected_field".into(), Value::from(1));
            }
            1 | 2 if !keys.is_empty() => {
                let key = &keys[usize::from(self.tweak_at) % keys.len()];
                if self.tweak == 1 {
                    object.shift_remove(key);
                } else {
                    object.insert(key.clone(), Value::Null);
                }
            }
            _ => {}
        }
        Value::Object(object)
    }

    /// The request as compact JSON text.
    pub fn to_text(&self) -> String {
        self.to_json().to_string()
    }
}

/// The physical dimension a quantity field needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    /// mcg, mg
    Mass,
    /// mL
    Volume,
    /// mcg/mL, mg/mL, container notation
    Concentration,
    /// mcg/day ... mg/min
    DoseRate,
    /// mL/day, mL/h, mL/min
    FlowRate,
    /// day, h, min
    Duration,
    /// cm
    Length,
    /// mL/cm
    VolumePerLength,
}

impl Dim {
    /// Every dimension a request can name.
    pub const ALL: [Dim; 8] = [
        Dim::Mass,
        Dim::Volume,
        Dim::Concentration,
        Dim::DoseRate,
        Dim::FlowRate,
        Dim::Duration,
        Dim::Length,
        Dim::VolumePerLength,
    ];

    /// Spellings of this dimension's units a quantity may carry (container notation included).
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            Dim::Mass => &[
                "mcg",
                "mg",
                "microgram",
                "micrograms",
                "ug",
                "\u{b5}g",
                "\u{3bc}g",
                "milligram",
                "Milligrams",
                "MCG",
            ],
            Dim::Volume => &["mL", "ml", "milliliter", "millilitres", "ML"],
            Dim::Concentration => &[
                "mcg/mL",
                "mg/mL",
                "mg/20 mL",
                "mg/5 mL",
                "mg/20mL",
                "mcg/1 mL",
                "mg/0.5 mL",
                "mcg per mL",
                "micrograms/ml",
            ],
            Dim::DoseRate => &[
                "mcg/day",
                "mg/day",
                "mcg/h",
                "mg/h",
                "mcg/min",
                "mg/min",
                "mcg/d",
                "mcg/24h",
                "mcg/24 h",
                "mcg per day",
                "micrograms per hour",
                "mg/hr",
            ],
            Dim::FlowRate => &["mL/day", "mL/h", "mL/min", "ml/d", "mL per day", "mL/24 h"],
            Dim::Duration => &["day", "days", "d", "h", "hr", "hours", "min", "minutes"],
            Dim::Length => &["cm", "centimeters", "centimetre"],
            Dim::VolumePerLength => &["mL/cm"],
        }
    }

    /// The plain unit symbols of this dimension (a `convert` request's `to`).
    pub fn units(self) -> &'static [&'static str] {
        match self {
            Dim::Mass => &["mcg", "mg", "micrograms", "\u{b5}g"],
            Dim::Volume => &["mL", "ml"],
            Dim::Concentration => &["mcg/mL", "mg/mL", "mcg per mL"],
            Dim::DoseRate => &["mcg/day", "mg/day", "mcg/h", "mg/h", "mcg/min", "mg/min"],
            Dim::FlowRate => &["mL/day", "mL/h", "mL/min"],
            Dim::Duration => &["day", "h", "min"],
            Dim::Length => &["cm"],
            Dim::VolumePerLength => &["mL/cm"],
        }
    }
}

/// Units itb does not know, or spellings it must refuse.
const BAD_UNITS: [&str; 14] = [
    "",
    "kg",
    "g",
    "L",
    "mcg/kg",
    "units",
    "mcg/mL/day",
    "%",
    "year",
    "step",
    "mg/0 mL",
    "mg/-5 mL",
    "mg / / mL",
    "mcg/ mL per",
];

/// Numbers a clinician would write, and the edges of the rules.
const TYPICAL: [f64; 56] = [
    0.0, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.51, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0,
    11.0, 12.0, 13.0, 14.0, 14.5, 15.0, 17.0, 18.0, 20.0, 22.0, 23.0, 24.0, 25.0, 30.0, 40.0, 48.0,
    50.0, 60.0, 65.0, 72.0, 75.0, 90.0, 100.0, 101.0, 110.0, 150.0, 180.0, 199.0, 200.0, 250.0,
    365.0, 500.0, 703.0, 800.0, 1000.0, 1199.0, 1400.0, 2000.0, 2003.0,
];

/// Numbers at the edges of f64 and of the protocol.
const EXTREME: [f64; 16] = [
    f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    1e308,
    1e300,
    1e200,
    1e100,
    1e15,
    4294967295.0,
    4294967296.0,
    1e-12,
    1e-300,
    -0.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

/// A number: mostly a clinical one, sometimes scaled, fractional, negative or extreme.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Num {
    kind: u8,
    a: u16,
    b: u8,
}

impl Num {
    /// The number.
    pub fn value(self) -> f64 {
        let a = usize::from(self.a);
        match self.kind {
            0..=7 => -TYPICAL[a % TYPICAL.len()] - f64::from(self.b) / 8.0,
            8..=15 => EXTREME[a % EXTREME.len()],
            // 0.00001 to 9,999,000: the plausible ranges and a little past them.
            16..=63 => f64::from(self.a % 10_000) * 10f64.powi(i32::from(self.b % 9) - 5),
            64..=95 => f64::from(self.a % 2048) + f64::from(self.b) / 256.0,
            _ => TYPICAL[a % TYPICAL.len()],
        }
    }

    /// As text: Rust's shortest decimal, or its exponent form.
    fn text(self) -> String {
        let v = self.value();
        if self.b & 0x80 != 0 {
            format!("{v:e}")
        } else {
            format!("{v}")
        }
    }

    /// As a JSON number (an integer when it is whole); `null` when not finite.
    pub fn json(self) -> Value {
        let v = self.value();
        if self.b & 1 == 0 && v.fract() == 0.0 && v.abs() < 9e15 {
            // Exact: |v| < 2^53.
            #[allow(clippy::cast_possible_truncation)]
            return Value::from(v as i64);
        }
        Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// A quantity of the dimension its field needs.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Qty {
    num: Num,
    unit: u8,
    form: u8,
}

impl Qty {
    /// The quantity for a field of dimension `dim`.
    pub fn json(self, dim: Dim) -> Value {
        let spellings = dim.spellings();
        let unit = spellings[usize::from(self.unit) % spellings.len()];
        let space = if self.form & 0x10 != 0 { "" } else { " " };
        match self.form {
            // A bare JSON number: unit_required.
            0 => self.num.json(),
            // Text without a unit: unit_required.
            1 => Value::from(self.num.text()),
            // A unit itb refuses.
            2 => {
                let bad = BAD_UNITS[usize::from(self.unit) % BAD_UNITS.len()];
                Value::from(format!("{} {bad}", self.num.text()))
            }
            // A unit of another dimension: unit_mismatch.
            3 => {
                let other = Dim::ALL[usize::from(self.unit) % Dim::ALL.len()];
                let spellings = other.spellings();
                let unit = spellings[usize::from(self.unit / 8) % spellings.len()];
                Value::from(format!("{} {unit}", self.num.text()))
            }
            // An object without its unit or with a string value.
            4 => object([("value", self.num.json())]),
            5 => object([
                ("value", Value::from(self.num.text())),
                ("unit", Value::from(unit)),
            ]),
            6..=63 => object([("value", self.num.json()), ("unit", Value::from(unit))]),
            _ => Value::from(format!("{}{space}{unit}", self.num.text())),
        }
    }
}

/// A quantity of any dimension (`convert`), with the unit to convert to.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct AnyQty {
    dim: u8,
    qty: Qty,
    to: u8,
    to_dim: u8,
}

/// One of a list of allowed ids; rarely (about 3 %) one that is not.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Pick(u8);

impl Pick {
    fn json(self, allowed: &[&str]) -> Value {
        match self.0 {
            248 => Value::from("bogus"),
            249 => Value::from(""),
            250 => Value::from(allowed[0].to_uppercase()),
            251 => Value::from(1),
            252 => Value::Bool(true),
            253 => Value::Array(vec![]),
            254 => Value::from(format!(" {}", allowed[0])),
            255 => Value::from(format!("{}x", allowed[allowed.len() - 1])),
            i => Value::from(allowed[usize::from(i) % allowed.len()]),
        }
    }
}

/// A boolean; rarely not one.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Flag(u8);

impl Flag {
    fn json(self) -> Value {
        match self.0 {
            255 => Value::from("yes"),
            254 => Value::from(1),
            b => Value::Bool(b & 1 == 1),
        }
    }
}

/// A plain number; rarely a string or a bool.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Plain {
    num: Num,
    form: u8,
}

impl Plain {
    fn json(self) -> Value {
        match self.form {
            255 => Value::from(self.num.text()),
            254 => Value::Bool(false),
            _ => self.num.json(),
        }
    }
}

/// A time of day `"HH:MM"`; sometimes past 23:59, rarely malformed.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Time {
    h: u8,
    m: u8,
    shape: u8,
}

impl Time {
    fn json(self) -> Value {
        const BAD: [&str; 8] = [
            "7:5", "noon", "12:00:00", "", " 12:00", "1200", "12-00", "-1:00",
        ];
        match self.shape {
            0..=7 => Value::from(BAD[usize::from(self.shape)]),
            8 => Value::from(u32::from(self.h)),
            _ => Value::from(format!("{:02}:{:02}", self.h % 25, self.m % 61)),
        }
    }
}

/// Exactly one of two ways to give an input, usually; sometimes both or neither.
#[derive(Arbitrary, Debug, Clone)]
pub struct Either<A, B> {
    sel: u8,
    a: A,
    b: B,
}

impl<A, B> Either<A, B> {
    /// Which of the two are given.
    fn given(&self) -> (Option<&A>, Option<&B>) {
        match self.sel {
            0..=5 => (Some(&self.a), Some(&self.b)),
            6..=11 => (None, None),
            s if s & 1 == 0 => (Some(&self.a), None),
            _ => (None, Some(&self.b)),
        }
    }
}

/// A flex step `{"start", "rate"}`; rarely not an object or with a field too many.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Step {
    start: Time,
    rate: Qty,
    shape: u8,
}

impl Step {
    fn json(self) -> Value {
        let mut step = Map::new();
        if self.shape != 1 {
            step.insert("start".into(), self.start.json());
        }
        if self.shape != 2 {
            step.insert("rate".into(), self.rate.json(Dim::DoseRate));
        }
        match self.shape {
            0 => Value::from("00:00"),
            3 => {
                step.insert("duration".into(), Value::from("1 h"));
                Value::Object(step)
            }
            _ => Value::Object(step),
        }
    }
}

/// A flex schedule of up to 16 steps (starts sorted by the fuzzer's choice, or not).
#[derive(Arbitrary, Debug, Clone)]
pub struct Steps {
    steps: Vec<Step>,
    sorted: bool,
}

impl Steps {
    fn json(&self) -> Value {
        let mut steps: Vec<Step> = self.steps.iter().take(16).copied().collect();
        if self.sorted {
            steps.sort_by_key(|s| (s.start.h % 25, s.start.m % 61));
        }
        Value::Array(steps.into_iter().map(Step::json).collect())
    }
}

/// A pump: a catalogued id or a custom one.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Pump {
    /// `synchromed_ii_20` ...
    Id(Pick),
    /// `{"reservoir", "low_alarm", "accuracy_percent"?, "programmable"?}`
    Custom {
        reservoir: Qty,
        low_alarm: Qty,
        accuracy_percent: Option<Plain>,
        programmable: Option<Flag>,
    },
}

const PUMPS: [&str; 5] = [
    "synchromed_ii_20",
    "synchromed_ii_40",
    "prometra_20",
    "prometra_ii_20",
    "prometra_ii_40",
];

impl Pump {
    fn json(self) -> Value {
        match self {
            Pump::Id(p) => p.json(&PUMPS),
            Pump::Custom {
                reservoir,
                low_alarm,
                accuracy_percent,
                programmable,
            } => {
                let mut o = Map::new();
                o.insert("reservoir".into(), reservoir.json(Dim::Volume));
                o.insert("low_alarm".into(), low_alarm.json(Dim::Volume));
                if let Some(a) = accuracy_percent {
                    o.insert("accuracy_percent".into(), a.json());
                }
                if let Some(p) = programmable {
                    o.insert("programmable".into(), p.json());
                }
                Value::Object(o)
            }
        }
    }
}

/// A list of ids (risk factors, signs), up to 8, repeats allowed; rarely not a list.
#[derive(Arbitrary, Debug, Clone)]
pub struct IdList {
    ids: Vec<Pick>,
    not_a_list: bool,
}

impl IdList {
    fn json(&self, allowed: &[&str]) -> Value {
        if self.not_a_list && self.ids.first().is_some_and(|p| p.0 > 240) {
            return Value::from(allowed[0]);
        }
        Value::Array(self.ids.iter().take(8).map(|p| p.json(allowed)).collect())
    }
}

/// A medication name: one the lexicon knows (in some spelling), or any text.
#[derive(Arbitrary, Debug, Clone)]
pub enum Medication {
    /// A name of the lexicon, a class name, or a spelling to normalise.
    Known(u8),
    /// Whatever the fuzzer writes.
    Other(String),
}

const MEDICATIONS: [&str; 32] = [
    "morphine",
    "Morphine",
    " amLODipine ",
    "aspirin",
    "fentanyl",
    "diazepam",
    "midazolam",
    "zolpidem",
    "propofol",
    "amitriptyline",
    "amlodipine",
    "ziconotide",
    "alcohol",
    "opioid",
    "opioids",
    "benzodiazepine",
    "sedative",
    "hypnotic",
    "general_anaesthetic",
    "general-anaesthetic",
    "GENERAL  anaesthetic",
    "tricyclic_antidepressant",
    "tca",
    "antihypertensive",
    "intrathecal_agent",
    "intrathecal agent",
    "ethanol",
    "ketamine",
    "paracetamol",
    "",
    "   ",
    "_-_",
];

/// The medications of an `interactions` request; rarely 100 or 101 of them.
#[derive(Arbitrary, Debug, Clone)]
pub struct Medications {
    names: Vec<Medication>,
    many: u8,
}

impl Medications {
    fn json(&self) -> Value {
        let count = match self.many {
            255 => 101,
            254 => 100,
            _ => 0,
        };
        if count > 0 {
            return Value::Array(
                (0..count)
                    .map(|i| Value::from(format!("drug {i}")))
                    .collect(),
            );
        }
        Value::Array(
            self.names
                .iter()
                .take(12)
                .map(|m| match m {
                    Medication::Known(i) => Value::from(MEDICATIONS[usize::from(*i) % 32]),
                    Medication::Other(s) => Value::from(s.as_str()),
                })
                .collect(),
        )
    }
}

/// The `times` of a `pk_profile` request; rarely 1,000 or 1,001 of them.
#[derive(Arbitrary, Debug, Clone)]
pub struct Times {
    times: Vec<Qty>,
    many: u8,
}

impl Times {
    fn json(&self) -> Value {
        let mut times: Vec<Value> = self
            .times
            .iter()
            .take(24)
            .map(|t| t.json(Dim::Duration))
            .collect();
        let count = match self.many {
            255 => 1001,
            254 => 1000,
            _ => times.len(),
        };
        if times.is_empty() && count > 0 {
            times.push(Value::from("1 h"));
        }
        Value::Array(times.iter().cycle().take(count).cloned().collect())
    }
}

const PROFILES: [&str; 2] = ["us", "uk"];
const ORIGINS: [&str; 2] = ["spinal", "cerebral"];
const PHASES: [&str; 2] = ["titration", "maintenance"];
const MONITORING_PHASES: [&str; 4] = ["screening", "titration", "maintenance", "after_change"];
const CATHETERS: [&str; 1] = ["prometra_ii"];
const RISK_FACTORS: [&str; 3] = [
    "sci_t6_or_above",
    "communication_difficulty",
    "prior_withdrawal",
];
const ROUTES: [&str; 6] = [
    "intrathecal",
    "intravenous",
    "intramuscular",
    "subcutaneous",
    "epidural",
    "oral",
];
const SIGN_LISTS: [&str; 3] = ["overdose", "withdrawal", "pump_problem"];
const SIGNS: [&str; 24] = [
    "hypotonia",
    "somnolence",
    "lightheadedness",
    "dizziness",
    "respiratory_depression",
    "bradycardia",
    "hypothermia",
    "seizures",
    "coma",
    "high_fever",
    "altered_mental_status",
    "hallucinations",
    "rebound_spasticity",
    "muscle_rigidity",
    "pruritus",
    "hypotension",
    "seizures",
    "rhabdomyolysis",
    "pump_site_pain",
    "pump_site_redness",
    "pump_site_swelling",
    "pump_site_warmth",
    "pump_alarm",
    "sudden_return_of_spasticity",
];
const PRODUCTS: [&str; 9] = [
    "itb_50mcg_1ml",
    "itb_500mcg_20ml",
    "itb_1000mcg_20ml",
    "itb_2000mcg_5ml",
    "itb_2000mcg_20ml",
    "itb_2000mcg_20ml",
    "itb_2000mcg_refill_kit",
    "oral_10mg_tablet",
    "oral_5mg_5ml_solution",
];

/// Every operation of `itb::protocol::OPS`, with its fields (docs/PROTOCOL.md).
#[allow(missing_docs)]
#[derive(Arbitrary, Debug, Clone)]
pub enum Op {
    Convert(AnyQty),
    DailyVolume {
        daily_dose: Qty,
        concentration: Qty,
    },
    Products,
    Containers {
        product: Pick,
        way: Either<Qty, (Qty, Qty)>,
    },
    Dilution {
        stock: Qty,
        target: Qty,
        final_volume: Qty,
    },
    ConstantFlowFill {
        reservoir: Qty,
        flow_rate: Qty,
        daily_dose: Qty,
        stock: Qty,
        priming_overage: Option<Qty>,
    },
    ScreeningPlan {
        profile: Pick,
        age_years: Option<Plain>,
        start_dose: Option<Qty>,
        concentration: Option<Qty>,
        hours_since_last_dose: Option<Plain>,
    },
    InitialDailyDose {
        profile: Pick,
        effective_bolus: Qty,
        effect_duration: Qty,
    },
    Titrate {
        profile: Pick,
        current_daily_dose: Qty,
        change_percent: Plain,
        origin: Pick,
        phase: Pick,
        age_years: Option<Plain>,
        pump_programmable: Option<Flag>,
        hours_since_last_change: Option<Plain>,
        hours_since_start: Option<Plain>,
    },
    FlexDailyDose {
        steps: Steps,
    },
    NightBoost {
        base_daily_dose: Qty,
        boost_percent: Plain,
        effect_start: Time,
        effect_end: Time,
        lead_time: Option<Qty>,
    },
    RefillPlan {
        pump: Pump,
        concentration: Qty,
        delivery: Either<Qty, Steps>,
        fill_volume: Option<Qty>,
        alarm_volume: Option<Qty>,
        max_residence: Option<Qty>,
        lead_time: Option<Qty>,
        risk_factors: Option<IdList>,
    },
    Reconcile {
        fill_volume: Qty,
        elapsed: Qty,
        way: Either<(Qty, Qty), Qty>,
        aspirated_volume: Qty,
        threshold: Option<Qty>,
        pump: Option<Pump>,
        risk_factors: Option<IdList>,
    },
    BridgeBolus {
        old_concentration: Qty,
        new_concentration: Qty,
        daily_dose: Qty,
        dead_space: Qty,
    },
    CatheterVolume {
        way: Either<(Qty, Qty), (Pick, Qty)>,
    },
    ProgrammingCheck {
        programmed_daily_dose: Qty,
        programmed_concentration: Qty,
        reservoir_concentration: Qty,
    },
    TitrationSchedule {
        profile: Pick,
        origin: Pick,
        phase: Pick,
        current_daily_dose: Qty,
        target_daily_dose: Qty,
        step_percent: Option<Plain>,
        pump_programmable: Option<Flag>,
        age_years: Option<Plain>,
    },
    TaperSchedule {
        current_daily_dose: Qty,
        target_daily_dose: Qty,
        duration: Qty,
        interval: Option<Qty>,
    },
    PkProfile {
        dose: Either<Qty, Qty>,
        times: Times,
        half_life: Option<Qty>,
        clearance: Option<Qty>,
    },
    Signs {
        list: Option<Pick>,
    },
    Triage {
        signs: IdList,
    },
    Interactions {
        medications: Medications,
    },
    PatientCheck {
        profile: Option<Pick>,
        age_years: Option<Plain>,
        pregnant: Option<Flag>,
        breastfeeding: Option<Flag>,
        infection: Option<Flag>,
        months_since_head_injury: Option<Plain>,
        route: Option<Pick>,
        risk_factors: Option<IdList>,
    },
    MonitoringPlan {
        phase: Pick,
    },
}

/// A JSON object of a few fields.
fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// Builds the fields of one request, in the order of the operation's table.
struct Fields(Map<String, Value>);

impl Fields {
    fn new(op: &str) -> Self {
        let mut map = Map::new();
        map.insert("op".into(), Value::from(op));
        Fields(map)
    }
    fn put(&mut self, key: &str, value: Value) -> &mut Self {
        self.0.insert(key.into(), value);
        self
    }
    fn opt(&mut self, key: &str, value: Option<Value>) -> &mut Self {
        if let Some(v) = value {
            self.0.insert(key.into(), v);
        }
        self
    }
    fn qty(&mut self, key: &str, q: Qty, dim: Dim) -> &mut Self {
        self.put(key, q.json(dim))
    }
    fn opt_qty(&mut self, key: &str, q: Option<Qty>, dim: Dim) -> &mut Self {
        self.opt(key, q.map(|q| q.json(dim)))
    }
}

impl Op {
    /// The operation's id, as in `itb::protocol::OPS`.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Convert(_) => "convert",
            Op::DailyVolume { .. } => "daily_volume",
            Op::Products => "products",
            Op::Containers { .. } => "containers",
            Op::Dilution { .. } => "dilution",
            Op::ConstantFlowFill { .. } => "constant_flow_fill",
            Op::ScreeningPlan { .. } => "screening_plan",
            Op::InitialDailyDose { .. } => "initial_daily_dose",
            Op::Titrate { .. } => "titrate",
            Op::FlexDailyDose { .. } => "flex_daily_dose",
            Op::NightBoost { .. } => "night_boost",
            Op::RefillPlan { .. } => "refill_plan",
            Op::Reconcile { .. } => "reconcile",
            Op::BridgeBolus { .. } => "bridge_bolus",
            Op::CatheterVolume { .. } => "catheter_volume",
            Op::ProgrammingCheck { .. } => "programming_check",
            Op::TitrationSchedule { .. } => "titration_schedule",
            Op::TaperSchedule { .. } => "taper_schedule",
            Op::PkProfile { .. } => "pk_profile",
            Op::Signs { .. } => "signs",
            Op::Triage { .. } => "triage",
            Op::Interactions { .. } => "interactions",
            Op::PatientCheck { .. } => "patient_check",
            Op::MonitoringPlan { .. } => "monitoring_plan",
        }
    }

    /// The request object: `op` and the fields, in the order of the operation's table.
    pub fn fields(&self) -> Map<String, Value> {
        use Dim::*;
        let mut f = Fields::new(self.name());
        match self {
            Op::Convert(AnyQty {
                dim,
                qty,
                to,
                to_dim,
            }) => {
                let dim = Dim::ALL[usize::from(*dim) % Dim::ALL.len()];
                // Mostly a unit of the quantity's dimension; now and then another or none.
                let to_value = match *to_dim {
                    0..=7 => Pick(*to).json(&BAD_UNITS),
                    8..=15 => {
                        let other = Dim::ALL[usize::from(*to_dim) % Dim::ALL.len()];
                        Value::from(other.units()[usize::from(*to) % other.units().len()])
                    }
                    _ => Value::from(dim.units()[usize::from(*to) % dim.units().len()]),
                };
                f.qty("quantity", *qty, dim).put("to", to_value);
            }
            Op::DailyVolume {
                daily_dose,
                concentration,
            } => {
                f.qty("daily_dose", *daily_dose, DoseRate).qty(
                    "concentration",
                    *concentration,
                    Concentration,
                );
            }
            Op::Products => {}
            Op::Containers { product, way } => {
                f.put("product", product.json(&PRODUCTS));
                let (amount, by_volume) = way.given();
                f.opt("amount", amount.map(|q| q.json(Mass)));
                if let Some((volume, concentration)) = by_volume {
                    f.qty("volume", *volume, Volume).qty(
                        "concentration",
                        *concentration,
                        Concentration,
                    );
                }
            }
            Op::Dilution {
                stock,
                target,
                final_volume,
            } => {
                f.qty("stock", *stock, Concentration)
                    .qty("target", *target, Concentration)
                    .qty("final_volume", *final_volume, Volume);
            }
            Op::ConstantFlowFill {
                reservoir,
                flow_rate,
                daily_dose,
                stock,
                priming_overage,
            } => {
                f.qty("reservoir", *reservoir, Volume)
                    .qty("flow_rate", *flow_rate, FlowRate)
                    .qty("daily_dose", *daily_dose, DoseRate)
                    .qty("stock", *stock, Concentration)
                    .opt_qty("priming_overage", *priming_overage, Volume);
            }
            Op::ScreeningPlan {
                profile,
                age_years,
                start_dose,
                concentration,
                hours_since_last_dose,
            } => {
                f.put("profile", profile.json(&PROFILES))
                    .opt("age_years", age_years.map(Plain::json))
                    .opt_qty("start_dose", *start_dose, Mass)
                    .opt_qty("concentration", *concentration, Concentration)
                    .opt(
                        "hours_since_last_dose",
                        hours_since_last_dose.map(Plain::json),
                    );
            }
            Op::InitialDailyDose {
                profile,
                effective_bolus,
                effect_duration,
            } => {
                f.put("profile", profile.json(&PROFILES))
                    .qty("effective_bolus", *effective_bolus, Mass)
                    .qty("effect_duration", *effect_duration, Duration);
            }
            Op::Titrate {
                profile,
                current_daily_dose,
                change_percent,
                origin,
                phase,
                age_years,
                pump_programmable,
                hours_since_last_change,
                hours_since_start,
            } => {
                f.put("profile", profile.json(&PROFILES))
                    .qty("current_daily_dose", *current_daily_dose, DoseRate)
                    .put("change_percent", change_percent.json())
                    .put("origin", origin.json(&ORIGINS))
                    .put("phase", phase.json(&PHASES))
                    .opt("age_years", age_years.map(Plain::json))
                    .opt("pump_programmable", pump_programmable.map(Flag::json))
                    .opt(
                        "hours_since_last_change",
                        hours_since_last_change.map(Plain::json),
                    )
                    .opt("hours_since_start", hours_since_start.map(Plain::json));
            }
            Op::FlexDailyDose { steps } => {
                f.put("steps", steps.json());
            }
            Op::NightBoost {
                base_daily_dose,
                boost_percent,
                effect_start,
                effect_end,
                lead_time,
            } => {
                f.qty("base_daily_dose", *base_daily_dose, DoseRate)
                    .put("boost_percent", boost_percent.json())
                    .put("effect_start", effect_start.json())
                    .put("effect_end", effect_end.json())
                    .opt_qty("lead_time", *lead_time, Duration);
            }
            Op::RefillPlan {
                pump,
                concentration,
                delivery,
                fill_volume,
                alarm_volume,
                max_residence,
                lead_time,
                risk_factors,
            } => {
                let (daily_dose, steps) = delivery.given();
                f.put("pump", pump.json())
                    .qty("concentration", *concentration, Concentration)
                    .opt("daily_dose", daily_dose.map(|q| q.json(DoseRate)))
                    .opt("steps", steps.map(Steps::json))
                    .opt_qty("fill_volume", *fill_volume, Volume)
                    .opt_qty("alarm_volume", *alarm_volume, Volume)
                    .opt_qty("max_residence", *max_residence, Duration)
                    .opt_qty("lead_time", *lead_time, Duration)
                    .opt(
                        "risk_factors",
                        risk_factors.as_ref().map(|r| r.json(&RISK_FACTORS)),
                    );
            }
            Op::Reconcile {
                fill_volume,
                elapsed,
                way,
                aspirated_volume,
                threshold,
                pump,
                risk_factors,
            } => {
                f.qty("fill_volume", *fill_volume, Volume)
                    .qty("elapsed", *elapsed, Duration);
                let (by_dose, flow_rate) = way.given();
                if let Some((daily_dose, concentration)) = by_dose {
                    f.qty("daily_dose", *daily_dose, DoseRate).qty(
                        "concentration",
                        *concentration,
                        Concentration,
                    );
                }
                f.opt("flow_rate", flow_rate.map(|q| q.json(FlowRate)))
                    .qty("aspirated_volume", *aspirated_volume, Volume)
                    .opt_qty("threshold", *threshold, Volume)
                    .opt("pump", pump.map(Pump::json))
                    .opt(
                        "risk_factors",
                        risk_factors.as_ref().map(|r| r.json(&RISK_FACTORS)),
                    );
            }
            Op::BridgeBolus {
                old_concentration,
                new_concentration,
                daily_dose,
                dead_space,
            } => {
                f.qty("old_concentration", *old_concentration, Concentration)
                    .qty("new_concentration", *new_concentration, Concentration)
                    .qty("daily_dose", *daily_dose, DoseRate)
                    .qty("dead_space", *dead_space, Volume);
            }
            Op::CatheterVolume { way } => {
                let (by_length, catalogued) = way.given();
                if let Some((length, per_length)) = by_length {
                    f.qty("implanted_length", *length, Length).qty(
                        "volume_per_length",
                        *per_length,
                        VolumePerLength,
                    );
                }
                if let Some((catheter, trimmed)) = catalogued {
                    f.put("catheter", catheter.json(&CATHETERS)).qty(
                        "trimmed_length",
                        *trimmed,
                        Length,
                    );
                }
            }
            Op::ProgrammingCheck {
                programmed_daily_dose,
                programmed_concentration,
                reservoir_concentration,
            } => {
                f.qty("programmed_daily_dose", *programmed_daily_dose, DoseRate)
                    .qty(
                        "programmed_concentration",
                        *programmed_concentration,
                        Concentration,
                    )
                    .qty(
                        "reservoir_concentration",
                        *reservoir_concentration,
                        Concentration,
                    );
            }
            Op::TitrationSchedule {
                profile,
                origin,
                phase,
                current_daily_dose,
                target_daily_dose,
                step_percent,
                pump_programmable,
                age_years,
            } => {
                f.put("profile", profile.json(&PROFILES))
                    .put("origin", origin.json(&ORIGINS))
                    .put("phase", phase.json(&PHASES))
                    .qty("current_daily_dose", *current_daily_dose, DoseRate)
                    .qty("target_daily_dose", *target_daily_dose, DoseRate)
                    .opt("step_percent", step_percent.map(Plain::json))
                    .opt("pump_programmable", pump_programmable.map(Flag::json))
                    .opt("age_years", age_years.map(Plain::json));
            }
            Op::TaperSchedule {
                current_daily_dose,
                target_daily_dose,
                duration,
                interval,
            } => {
                f.qty("current_daily_dose", *current_daily_dose, DoseRate)
                    .qty("target_daily_dose", *target_daily_dose, DoseRate)
                    .qty("duration", *duration, Duration)
                    .opt_qty("interval", *interval, Duration);
            }
            Op::PkProfile {
                dose,
                times,
                half_life,
                clearance,
            } => {
                let (bolus, daily_dose) = dose.given();
                f.opt("bolus", bolus.map(|q| q.json(Mass)))
                    .opt("daily_dose", daily_dose.map(|q| q.json(DoseRate)))
                    .put("times", times.json())
                    .opt_qty("half_life", *half_life, Duration)
                    .opt_qty("clearance", *clearance, FlowRate);
            }
            Op::Signs { list } => {
                f.opt("list", list.map(|l| l.json(&SIGN_LISTS)));
            }
            Op::Triage { signs } => {
                f.put("signs", signs.json(&SIGNS));
            }
            Op::Interactions { medications } => {
                f.put("medications", medications.json());
            }
            Op::PatientCheck {
                profile,
                age_years,
                pregnant,
                breastfeeding,
                infection,
                months_since_head_injury,
                route,
                risk_factors,
            } => {
                f.opt("profile", profile.map(|p| p.json(&PROFILES)))
                    .opt("age_years", age_years.map(Plain::json))
                    .opt("pregnant", pregnant.map(Flag::json))
                    .opt("breastfeeding", breastfeeding.map(Flag::json))
                    .opt("infection", infection.map(Flag::json))
                    .opt(
                        "months_since_head_injury",
                        months_since_head_injury.map(Plain::json),
                    )
                    .opt("route", route.map(|r| r.json(&ROUTES)))
                    .opt(
                        "risk_factors",
                        risk_factors.as_ref().map(|r| r.json(&RISK_FACTORS)),
                    );
            }
            Op::MonitoringPlan { phase } => {
                f.put("phase", phase.json(&MONITORING_PHASES));
            }
        }
        f.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arbitrary::Unstructured;
    use std::collections::BTreeMap;

    /// A small deterministic generator (xorshift), so the test needs no crate of its own.
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    /// Every operation of OPS is generated, and a good share of the requests succeed: the
    /// fuzzer reaches the rules. Prints the share per operation (`cargo test -- --nocapture`).
    #[test]
    fn every_op_is_generated_and_often_succeeds() {
        let mut seen: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        for seed in 0..20_000 {
            let data = bytes(seed, 512);
            let Ok(request) = Request::arbitrary(&mut Unstructured::new(&data)) else {
                continue;
            };
            let text = request.to_text();
            let response = crate::evaluate_checked(&text);
            let value: serde_json::Value = serde_json::from_str(&response).expect("checked");
            let ok = value["ok"] == serde_json::Value::Bool(true);
            let entry = seen.entry(request.op.name()).or_default();
            entry.0 += 1;
            entry.1 += u32::from(ok);
        }
        let names: Vec<&str> = seen.keys().copied().collect();
        let mut ops = itb::protocol::OPS.to_vec();
        ops.sort_unstable();
        assert_eq!(names, ops, "the ops generated are not OPS");
        for (op, (n, ok)) in &seen {
            println!("{op:>20}: {ok:>5} of {n:>5} succeed");
        }
    }
}
