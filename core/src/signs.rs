//! The signs of overdose, withdrawal and pump or catheter problems, what to do about each, and
//! a triage of observed signs into those lists (never a diagnosis).
//!
//! The lists are the labels': 000 Overdose Information and Seek Immediate Medical Attention,
//! the 002 Boxed Warning and the 001 withdrawal text. The texts are the project's short wording
//! of the sources' facts; each sign and action carries the section that states it.

use core::ffi::CStr;

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source, text};
use crate::units::{Measure, Unit};

/// A sign a patient, a carer or a clinician can observe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SignCode {
    /// Profound muscle weakness.
    Hypotonia,
    /// Sleepiness, profound drowsiness.
    Somnolence,
    /// Lightheadedness.
    Lightheadedness,
    /// Dizziness.
    Dizziness,
    /// Slow or shallow breathing.
    RespiratoryDepression,
    /// A slow heart rate.
    Bradycardia,
    /// A low body temperature.
    Hypothermia,
    /// Seizures (in overdose and in withdrawal).
    Seizures,
    /// Loss of consciousness, coma.
    Coma,
    /// A high fever.
    HighFever,
    /// Confusion, an altered mental state.
    AlteredMentalStatus,
    /// Hallucinations.
    Hallucinations,
    /// Spasticity returning exaggerated.
    ReboundSpasticity,
    /// Muscle rigidity.
    MuscleRigidity,
    /// Itching.
    Pruritus,
    /// Low blood pressure.
    Hypotension,
    /// Muscle breakdown.
    Rhabdomyolysis,
    /// Pain at the pump site.
    PumpSitePain,
    /// Redness at the pump site.
    PumpSiteRedness,
    /// Swelling at the pump site.
    PumpSiteSwelling,
    /// Warmth at the pump site.
    PumpSiteWarmth,
    /// A pump alarm.
    PumpAlarm,
    /// A sudden return of spasticity.
    SuddenReturnOfSpasticity,
}

impl SignCode {
    /// Every sign, in list order (overdose, withdrawal, pump problem; `seizures` once).
    pub const ALL: [SignCode; 23] = [
        SignCode::Hypotonia,
        SignCode::Somnolence,
        SignCode::Lightheadedness,
        SignCode::Dizziness,
        SignCode::RespiratoryDepression,
        SignCode::Bradycardia,
        SignCode::Hypothermia,
        SignCode::Seizures,
        SignCode::Coma,
        SignCode::HighFever,
        SignCode::AlteredMentalStatus,
        SignCode::Hallucinations,
        SignCode::ReboundSpasticity,
        SignCode::MuscleRigidity,
        SignCode::Pruritus,
        SignCode::Hypotension,
        SignCode::Rhabdomyolysis,
        SignCode::PumpSitePain,
        SignCode::PumpSiteRedness,
        SignCode::PumpSiteSwelling,
        SignCode::PumpSiteWarmth,
        SignCode::PumpAlarm,
        SignCode::SuddenReturnOfSpasticity,
    ];

    /// The protocol's code.
    pub const fn as_str(self) -> &'static str {
        text(self.as_c_str())
    }

    /// The same, NUL-terminated.
    pub const fn as_c_str(self) -> &'static CStr {
        match self {
            SignCode::Hypotonia => c"hypotonia",
            SignCode::Somnolence => c"somnolence",
            SignCode::Lightheadedness => c"lightheadedness",
            SignCode::Dizziness => c"dizziness",
            SignCode::RespiratoryDepression => c"respiratory_depression",
            SignCode::Bradycardia => c"bradycardia",
            SignCode::Hypothermia => c"hypothermia",
            SignCode::Seizures => c"seizures",
            SignCode::Coma => c"coma",
            SignCode::HighFever => c"high_fever",
            SignCode::AlteredMentalStatus => c"altered_mental_status",
            SignCode::Hallucinations => c"hallucinations",
            SignCode::ReboundSpasticity => c"rebound_spasticity",
            SignCode::MuscleRigidity => c"muscle_rigidity",
            SignCode::Pruritus => c"pruritus",
            SignCode::Hypotension => c"hypotension",
            SignCode::Rhabdomyolysis => c"rhabdomyolysis",
            SignCode::PumpSitePain => c"pump_site_pain",
            SignCode::PumpSiteRedness => c"pump_site_redness",
            SignCode::PumpSiteSwelling => c"pump_site_swelling",
            SignCode::PumpSiteWarmth => c"pump_site_warmth",
            SignCode::PumpAlarm => c"pump_alarm",
            SignCode::SuddenReturnOfSpasticity => c"sudden_return_of_spasticity",
        }
    }

    /// The sign of a code (case-sensitive).
    pub fn parse(code: &str) -> Option<SignCode> {
        SignCode::ALL.into_iter().find(|s| s.as_str() == code)
    }

    const fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// The sign codes as one literal, for the messages below.
macro_rules! sign_codes {
    () => {
        "hypotonia, somnolence, lightheadedness, dizziness, respiratory_depression, bradycardia, \
         hypothermia, seizures, coma, high_fever, altered_mental_status, hallucinations, \
         rebound_spasticity, muscle_rigidity, pruritus, hypotension, rhabdomyolysis, \
         pump_site_pain, pump_site_redness, pump_site_swelling, pump_site_warmth, pump_alarm, \
         sudden_return_of_spasticity"
    };
}

/// The codes of every sign, for messages.
pub const SIGN_CODES: &str = sign_codes!();

/// What a repeated sign is told.
const EACH_ONCE: &str = concat!("each sign once, of: ", sign_codes!());

/// A sign of a list: its code, the project's wording and the section that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sign {
    /// The code.
    pub code: SignCode,
    /// What it looks like, in plain words.
    pub text: &'static CStr,
    /// Where the label names it.
    pub source: Source,
}

impl Sign {
    /// The text.
    pub const fn text(&self) -> &'static str {
        text(self.text)
    }
}

/// What to do: the project's wording of a label's instruction, with its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    /// The instruction.
    pub text: &'static CStr,
    /// Where the label gives it.
    pub source: Source,
}

impl Action {
    /// The text.
    pub const fn text(&self) -> &'static str {
        text(self.text)
    }
}

const OVERDOSE: Source = Source(&c"000 Overdose Information");
const SEEK: Source = Source(&c"000 Seek Immediate Medical Attention");
const BOXED: Source = Source(&c"002 Boxed Warning");
const WITHDRAWAL_001: Source = Source(&c"001 Side Effects/Withdrawal Symptoms and Signs");

const fn sign(code: SignCode, text: &'static CStr, source: Source) -> Sign {
    Sign { code, text, source }
}

const fn action(text: &'static CStr, source: Source) -> Action {
    Action { text, source }
}

const OVERDOSE_SIGNS: [Sign; 9] = [
    sign(
        SignCode::Hypotonia,
        c"profound muscle weakness (hypotonia)",
        OVERDOSE,
    ),
    sign(
        SignCode::Somnolence,
        c"sleepiness, profound drowsiness",
        OVERDOSE,
    ),
    sign(SignCode::Lightheadedness, c"lightheadedness", OVERDOSE),
    sign(SignCode::Dizziness, c"dizziness", OVERDOSE),
    sign(
        SignCode::RespiratoryDepression,
        c"slow or shallow breathing (respiratory depression)",
        OVERDOSE,
    ),
    sign(
        SignCode::Bradycardia,
        c"a slow heart rate (bradycardia)",
        OVERDOSE,
    ),
    sign(
        SignCode::Hypothermia,
        c"a low body temperature (hypothermia)",
        OVERDOSE,
    ),
    sign(SignCode::Seizures, c"seizures", OVERDOSE),
    sign(SignCode::Coma, c"loss of consciousness, coma", OVERDOSE),
];

const OVERDOSE_ACTIONS: [Action; 4] = [
    action(
        c"Seek medical help at once: call the emergency number.",
        OVERDOSE,
    ),
    action(
        c"Supportive care: keep the airway open, assist breathing if needed, watch the vital signs.",
        OVERDOSE,
    ),
    action(c"Do not induce vomiting.", OVERDOSE),
    action(
        c"Physostigmine only by specialists: its use to reverse the effects is controversial.",
        OVERDOSE,
    ),
];

const WITHDRAWAL_SIGNS: [Sign; 9] = [
    sign(SignCode::HighFever, c"a high fever", BOXED),
    sign(
        SignCode::AlteredMentalStatus,
        c"confusion, an altered mental state",
        BOXED,
    ),
    sign(SignCode::Hallucinations, c"hallucinations", SEEK),
    sign(
        SignCode::ReboundSpasticity,
        c"spasticity returning exaggerated, a severe increase in stiffness or spasms",
        BOXED,
    ),
    sign(SignCode::MuscleRigidity, c"muscle rigidity", BOXED),
    sign(SignCode::Pruritus, c"itching (pruritus)", SEEK),
    sign(
        SignCode::Hypotension,
        c"low blood pressure (hypotension)",
        SEEK,
    ),
    sign(SignCode::Seizures, c"seizures", WITHDRAWAL_001),
    sign(
        SignCode::Rhabdomyolysis,
        c"muscle breakdown (rhabdomyolysis): dark urine, muscle pain",
        BOXED,
    ),
];

const WITHDRAWAL_ACTIONS: [Action; 3] = [
    action(
        c"Seek medical help at once: withdrawal can progress to muscle breakdown, organ failure and death.",
        Source(&c"000 Seek Immediate Medical Attention; 002 Boxed Warning"),
    ),
    action(
        c"Restore intrathecal delivery: check the pump's programming, the refill and its date, the alarms, the pump and the catheter.",
        BOXED,
    ),
    action(
        c"Never stop intrathecal baclofen abruptly: reduce it gradually.",
        Source(&c"001 Precautions and Warnings"),
    ),
];

const PUMP_PROBLEM_SIGNS: [Sign; 6] = [
    sign(SignCode::PumpSitePain, c"pain at the pump site", SEEK),
    sign(SignCode::PumpSiteRedness, c"redness at the pump site", SEEK),
    sign(
        SignCode::PumpSiteSwelling,
        c"swelling at the pump site",
        SEEK,
    ),
    sign(SignCode::PumpSiteWarmth, c"warmth at the pump site", SEEK),
    sign(SignCode::PumpAlarm, c"a pump alarm", SEEK),
    sign(
        SignCode::SuddenReturnOfSpasticity,
        c"a sudden return of spasticity",
        SEEK,
    ),
];

const PUMP_PROBLEM_ACTIONS: [Action; 2] = [
    action(c"Seek medical help at once.", SEEK),
    action(
        c"Have the pump function and the catheter's patency checked.",
        Source(&c"001 Dosage/Dose-Titration Phase"),
    ),
];

/// A list of signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SignList {
    /// Overdose.
    Overdose,
    /// Withdrawal.
    Withdrawal,
    /// A pump or catheter problem.
    PumpProblem,
}

/// The ids of the lists, for messages.
pub const SIGN_LIST_IDS: &str = "overdose, withdrawal, pump_problem";

impl SignList {
    /// Every list, in the order of ties in a triage.
    pub const ALL: [SignList; 3] = [
        SignList::Overdose,
        SignList::Withdrawal,
        SignList::PumpProblem,
    ];

    /// The protocol's id.
    pub const fn id(self) -> &'static str {
        text(self.c_id())
    }

    /// The same, NUL-terminated.
    pub const fn c_id(self) -> &'static CStr {
        match self {
            SignList::Overdose => c"overdose",
            SignList::Withdrawal => c"withdrawal",
            SignList::PumpProblem => c"pump_problem",
        }
    }

    /// The list of an id (case-sensitive).
    pub fn parse(id: &str) -> Option<SignList> {
        SignList::ALL.into_iter().find(|l| l.id() == id)
    }

    /// Its signs.
    pub const fn signs(self) -> &'static [Sign] {
        match self {
            SignList::Overdose => &OVERDOSE_SIGNS,
            SignList::Withdrawal => &WITHDRAWAL_SIGNS,
            SignList::PumpProblem => &PUMP_PROBLEM_SIGNS,
        }
    }

    /// What to do.
    pub const fn actions(self) -> &'static [Action] {
        match self {
            SignList::Overdose => &OVERDOSE_ACTIONS,
            SignList::Withdrawal => &WITHDRAWAL_ACTIONS,
            SignList::PumpProblem => &PUMP_PROBLEM_ACTIONS,
        }
    }

    /// True when `code` is on this list.
    pub fn contains(self, code: SignCode) -> bool {
        self.signs().iter().any(|s| s.code == code)
    }

    /// The finding a match raises: hard for overdose and withdrawal (seek immediate medical
    /// attention), soft for a pump problem.
    const fn finding(self) -> (Code, Severity, Source) {
        match self {
            SignList::Overdose => (Code::OverdoseSigns, Severity::Hard, OVERDOSE),
            SignList::Withdrawal => (Code::WithdrawalSigns, Severity::Hard, BOXED),
            SignList::PumpProblem => (Code::PumpProblemSigns, Severity::Soft, SEEK),
        }
    }
}

/// The request of [`signs`]: one list, or all three.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SignsRequest {
    /// The list; `None`: all three, in [`SignList::ALL`] order.
    pub list: Option<SignList>,
}

/// The lists asked for.
pub fn signs(r: &SignsRequest) -> &'static [SignList] {
    match r.list {
        None => &SignList::ALL,
        Some(SignList::Overdose) => &[SignList::Overdose],
        Some(SignList::Withdrawal) => &[SignList::Withdrawal],
        Some(SignList::PumpProblem) => &[SignList::PumpProblem],
    }
}

/// The observed signs of a triage, borrowed (without `std`) or owned.
#[cfg(feature = "std")]
pub type Observed<'a> = std::borrow::Cow<'a, [SignCode]>;
/// The observed signs of a triage, borrowed (without `std`) or owned.
#[cfg(not(feature = "std"))]
pub type Observed<'a> = &'a [SignCode];

/// The request of [`triage`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read only with std: the signs are then owned (Cow); without it they are borrowed.
#[cfg_attr(feature = "std", derive(serde::Deserialize))]
pub struct TriageRequest<'a> {
    /// The signs observed: at least one, each once.
    pub signs: Observed<'a>,
}

/// A set of signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SignSet(u32);

impl SignSet {
    /// True when `code` is in the set.
    pub const fn contains(self, code: SignCode) -> bool {
        self.0 & code.bit() != 0
    }

    /// The number of signs.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// True when empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    const fn with(self, code: SignCode) -> SignSet {
        SignSet(self.0 | code.bit())
    }
}

/// The signs observed that one list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// The list.
    pub list: SignList,
    /// The observed signs it holds.
    pub signs: SignSet,
}

impl Match {
    /// The matched signs, in the list's order.
    pub fn signs(&self) -> impl Iterator<Item = &'static Sign> + '_ {
        self.list
            .signs()
            .iter()
            .filter(|s| self.signs.contains(s.code))
    }
}

/// The lists the observed signs fall in: never a diagnosis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Triage {
    matches: [Match; 3],
    len: usize,
    /// `overdose_signs`, `withdrawal_signs`, `pump_problem_signs`, `signs_overlap`.
    pub findings: Findings,
}

impl Triage {
    /// Every list with a match, most matches first, ties in [`SignList::ALL`] order.
    pub fn matches(&self) -> &[Match] {
        &self.matches[..self.len]
    }
}

/// Sorts observed signs into the lists that hold them, most matches first (ties: overdose,
/// withdrawal, pump problem). Each matched list raises its finding (hard for overdose and
/// withdrawal: seek immediate medical attention; soft for a pump problem); both overdose and
/// withdrawal raise `signs_overlap` (info; 000 Clinical Pearls: "Overdose symptoms can mimic
/// withdrawal symptoms"). An empty list or a repeated sign is `invalid_value`.
///
/// ```
/// use itb::signs::{triage, SignCode, SignList, TriageRequest};
/// let observed = [SignCode::Pruritus, SignCode::HighFever, SignCode::Seizures];
/// let t = triage(&TriageRequest { signs: (&observed[..]).into() })?;
/// // Worked by hand: all three are withdrawal signs; seizures is an overdose sign too.
/// let lists: Vec<SignList> = t.matches().iter().map(|m| m.list).collect();
/// assert_eq!(lists, [SignList::Withdrawal, SignList::Overdose]);
/// assert!(!t.findings.allowed());
/// # Ok::<(), itb::Error>(())
/// ```
pub fn triage(r: &TriageRequest<'_>) -> Result<Triage, Error> {
    let observed = AsRef::<[SignCode]>::as_ref(&r.signs);
    if observed.is_empty() {
        let allowed = "a list of at least one sign code";
        return Err(Error::new(ErrorKind::InvalidValue, "signs", None, allowed));
    }
    let mut set = SignSet::default();
    for (i, code) in observed.iter().enumerate() {
        if set.contains(*code) {
            let e = Error::new(ErrorKind::InvalidValue, "signs", None, EACH_ONCE);
            return Err(e.in_element(i));
        }
        set = set.with(*code);
    }
    let mut t = Triage {
        matches: [Match {
            list: SignList::Overdose,
            signs: SignSet::default(),
        }; 3],
        len: 0,
        findings: Findings::new(),
    };
    for list in SignList::ALL {
        let signs = observed
            .iter()
            .filter(|c| list.contains(**c))
            .fold(SignSet::default(), |s, c| s.with(*c));
        if !signs.is_empty() {
            t.matches[t.len] = Match { list, signs };
            t.len += 1;
        }
    }
    // An insertion sort (stable, and no allocator): ties keep the order of SignList::ALL.
    for i in 1..t.len {
        let mut j = i;
        while j > 0 && t.matches[j - 1].signs.len() < t.matches[j].signs.len() {
            t.matches.swap(j - 1, j);
            j -= 1;
        }
    }
    for m in t.matches {
        if m.signs.is_empty() {
            continue;
        }
        let (code, severity, source) = m.list.finding();
        let count = Measure::new(m.signs.len() as f64, Unit::Step);
        t.findings.push(Finding::new(code, severity, source, count));
    }
    let matched = |list| t.matches().iter().any(|m| m.list == list);
    if matched(SignList::Overdose) && matched(SignList::Withdrawal) {
        let count = Measure::new(2.0, Unit::Step);
        let source = Source(&c"000 Clinical Pearls");
        t.findings.push(Finding::new(
            Code::SignsOverlap,
            Severity::Info,
            source,
            count,
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_holds_exactly_the_protocol_codes() {
        let codes = |l: SignList| {
            l.signs()
                .iter()
                .map(|s| s.code.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(SignList::Overdose),
            [
                "hypotonia",
                "somnolence",
                "lightheadedness",
                "dizziness",
                "respiratory_depression",
                "bradycardia",
                "hypothermia",
                "seizures",
                "coma"
            ]
        );
        assert_eq!(
            codes(SignList::Withdrawal),
            [
                "high_fever",
                "altered_mental_status",
                "hallucinations",
                "rebound_spasticity",
                "muscle_rigidity",
                "pruritus",
                "hypotension",
                "seizures",
                "rhabdomyolysis"
            ]
        );
        assert_eq!(codes(SignList::PumpProblem).len(), 6);
        for c in SignCode::ALL {
            assert_eq!(SignCode::parse(c.as_str()), Some(c));
            assert!(SIGN_CODES.contains(c.as_str()));
            assert!(SignList::ALL.iter().any(|l| l.contains(c)), "{c:?}");
        }
        for l in SignList::ALL {
            assert!(!l.actions().is_empty());
        }
    }

    fn lists(observed: &[SignCode]) -> Vec<(SignList, usize)> {
        let t = triage(&TriageRequest {
            signs: observed.into(),
        })
        .unwrap();
        t.matches()
            .iter()
            .map(|m| (m.list, m.signs.len()))
            .collect()
    }

    #[test]
    fn most_matches_first_and_ties_in_list_order() {
        use SignCode::*;
        assert_eq!(
            lists(&[PumpAlarm, Somnolence]),
            [(SignList::Overdose, 1), (SignList::PumpProblem, 1)]
        );
        assert_eq!(
            lists(&[PumpAlarm, PumpSitePain, Coma]),
            [(SignList::PumpProblem, 2), (SignList::Overdose, 1)]
        );
    }

    #[test]
    fn overdose_and_withdrawal_together_overlap() {
        let t = triage(&TriageRequest {
            signs: (&[SignCode::Seizures][..]).into(),
        })
        .unwrap();
        let codes: Vec<Code> = t.findings.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [
                Code::OverdoseSigns,
                Code::WithdrawalSigns,
                Code::SignsOverlap
            ]
        );
    }

    #[test]
    fn an_empty_or_repeated_list_is_refused() {
        let e = triage(&TriageRequest {
            signs: (&[][..]).into(),
        })
        .unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::InvalidValue, "signs"));
        let e = triage(&TriageRequest {
            signs: (&[SignCode::Coma, SignCode::Coma][..]).into(),
        })
        .unwrap_err();
        assert_eq!(e.path().to_string(), "signs[1]");
    }
}
