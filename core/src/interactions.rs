//! Drug interactions: the classes the labels name, and a lexicon of their common members.
//!
//! 000 Drug Interactions: CNS depressants (opioids, benzodiazepines, sedatives, hypnotics,
//! general anaesthetics) "may potentiate CNS depression, including respiratory depression and
//! sedation"; tricyclic antidepressants "may potentiate hypotonia" (major); alcohol has
//! "additive CNS depressant effects", antihypertensives "may cause additive hypotensive
//! effects" (moderate). 001 Precautions and Warnings: "The co-administration of other
//! intrathecal agents with intrathecal baclofen is not recommended".
//!
//! The lexicon's members are common drugs of each class (their class is standard pharmacology,
//! the project's; the interaction is the label's). A name is matched without regard to case,
//! surrounding whitespace, or runs of spaces, `_` and `-` inside it; the class names match too
//! (`opioid`, `opioids`, `general_anaesthetic`). A name not in the lexicon is reported as not
//! checked, never dropped.

use core::ffi::CStr;

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source, text};
use crate::units::{Measure, Unit};

/// How much an interaction matters (000 Drug Interactions: major or moderate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum InteractionSeverity {
    /// Major: CNS and respiratory depression, or hypotonia.
    Major,
    /// Moderate.
    Moderate,
}

impl InteractionSeverity {
    /// `"major"` or `"moderate"`.
    pub const fn as_str(self) -> &'static str {
        text(self.as_c_str())
    }

    /// The same, NUL-terminated.
    pub const fn as_c_str(self) -> &'static CStr {
        match self {
            InteractionSeverity::Major => c"major",
            InteractionSeverity::Moderate => c"moderate",
        }
    }
}

/// A class of drugs the labels name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DrugClass {
    /// Opioids.
    Opioid,
    /// Benzodiazepines.
    Benzodiazepine,
    /// Sedatives.
    Sedative,
    /// Hypnotics.
    Hypnotic,
    /// General anaesthetics.
    GeneralAnaesthetic,
    /// Tricyclic antidepressants.
    TricyclicAntidepressant,
    /// Alcohol.
    Alcohol,
    /// Antihypertensives.
    Antihypertensive,
    /// Other intrathecal agents.
    IntrathecalAgent,
}

const INTERACTIONS_000: Source = Source(&c"000 Drug Interactions");
const CNS: &CStr = c"may potentiate CNS depression, including respiratory depression and sedation";

impl DrugClass {
    /// Every class.
    pub const ALL: [DrugClass; 9] = [
        DrugClass::Opioid,
        DrugClass::Benzodiazepine,
        DrugClass::Sedative,
        DrugClass::Hypnotic,
        DrugClass::GeneralAnaesthetic,
        DrugClass::TricyclicAntidepressant,
        DrugClass::Alcohol,
        DrugClass::Antihypertensive,
        DrugClass::IntrathecalAgent,
    ];

    /// The protocol's id.
    pub const fn id(self) -> &'static str {
        text(self.c_id())
    }

    /// The same, NUL-terminated.
    pub const fn c_id(self) -> &'static CStr {
        match self {
            DrugClass::Opioid => c"opioid",
            DrugClass::Benzodiazepine => c"benzodiazepine",
            DrugClass::Sedative => c"sedative",
            DrugClass::Hypnotic => c"hypnotic",
            DrugClass::GeneralAnaesthetic => c"general_anaesthetic",
            DrugClass::TricyclicAntidepressant => c"tricyclic_antidepressant",
            DrugClass::Alcohol => c"alcohol",
            DrugClass::Antihypertensive => c"antihypertensive",
            DrugClass::IntrathecalAgent => c"intrathecal_agent",
        }
    }

    /// Major or moderate.
    pub const fn severity(self) -> InteractionSeverity {
        match self {
            DrugClass::Alcohol | DrugClass::Antihypertensive | DrugClass::IntrathecalAgent => {
                InteractionSeverity::Moderate
            }
            _ => InteractionSeverity::Major,
        }
    }

    /// What the interaction does, in the project's words.
    pub const fn effect(self) -> &'static CStr {
        match self {
            DrugClass::TricyclicAntidepressant => c"may potentiate hypotonia",
            DrugClass::Alcohol => c"additive CNS depressant effects",
            DrugClass::Antihypertensive => c"may cause additive hypotensive effects",
            DrugClass::IntrathecalAgent => {
                c"other intrathecal agents with intrathecal baclofen are not recommended"
            }
            _ => CNS,
        }
    }

    /// The section that states it.
    pub const fn source(self) -> Source {
        match self {
            DrugClass::IntrathecalAgent => Source(&c"001 Precautions and Warnings"),
            _ => INTERACTIONS_000,
        }
    }
}

/// A name the lexicon knows, and its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drug {
    /// The name, lower case, words separated by one space.
    pub name: &'static str,
    /// Its class.
    pub class: DrugClass,
}

const fn drug(name: &'static str, class: DrugClass) -> Drug {
    Drug { name, class }
}

use DrugClass::{
    Alcohol as Alc, Antihypertensive as Ahy, Benzodiazepine as Bzd, GeneralAnaesthetic as Ga,
    Hypnotic as Hyp, IntrathecalAgent as Ita, Opioid as Opi, Sedative as Sed,
    TricyclicAntidepressant as Tca,
};

/// The lexicon: the class names (singular, plural, usual spellings) and common members.
pub const LEXICON: &[Drug] = &[
    // The classes themselves.
    drug("opioid", Opi),
    drug("opioids", Opi),
    drug("opiate", Opi),
    drug("opiates", Opi),
    drug("benzodiazepine", Bzd),
    drug("benzodiazepines", Bzd),
    drug("sedative", Sed),
    drug("sedatives", Sed),
    drug("hypnotic", Hyp),
    drug("hypnotics", Hyp),
    drug("general anaesthetic", Ga),
    drug("general anaesthetics", Ga),
    drug("general anesthetic", Ga),
    drug("general anesthetics", Ga),
    drug("tricyclic antidepressant", Tca),
    drug("tricyclic antidepressants", Tca),
    drug("tca", Tca),
    drug("tcas", Tca),
    drug("alcohol", Alc),
    drug("ethanol", Alc),
    drug("antihypertensive", Ahy),
    drug("antihypertensives", Ahy),
    drug("intrathecal agent", Ita),
    drug("intrathecal agents", Ita),
    // Opioids.
    drug("morphine", Opi),
    drug("diamorphine", Opi),
    drug("codeine", Opi),
    drug("dihydrocodeine", Opi),
    drug("fentanyl", Opi),
    drug("oxycodone", Opi),
    drug("hydromorphone", Opi),
    drug("hydrocodone", Opi),
    drug("methadone", Opi),
    drug("buprenorphine", Opi),
    drug("tramadol", Opi),
    drug("tapentadol", Opi),
    drug("pethidine", Opi),
    drug("meperidine", Opi),
    drug("oxymorphone", Opi),
    drug("remifentanil", Opi),
    drug("sufentanil", Opi),
    drug("alfentanil", Opi),
    // Benzodiazepines.
    drug("diazepam", Bzd),
    drug("lorazepam", Bzd),
    drug("midazolam", Bzd),
    drug("clonazepam", Bzd),
    drug("alprazolam", Bzd),
    drug("temazepam", Bzd),
    drug("nitrazepam", Bzd),
    drug("oxazepam", Bzd),
    drug("chlordiazepoxide", Bzd),
    drug("clobazam", Bzd),
    // Sedatives (barbiturates and other sedating drugs).
    drug("phenobarbital", Sed),
    drug("phenobarbitone", Sed),
    drug("pentobarbital", Sed),
    drug("chloral hydrate", Sed),
    drug("dexmedetomidine", Sed),
    drug("hydroxyzine", Sed),
    drug("promethazine", Sed),
    // Hypnotics.
    drug("zolpidem", Hyp),
    drug("zopiclone", Hyp),
    drug("eszopiclone", Hyp),
    drug("zaleplon", Hyp),
    // General anaesthetics.
    drug("propofol", Ga),
    drug("ketamine", Ga),
    drug("sevoflurane", Ga),
    drug("desflurane", Ga),
    drug("isoflurane", Ga),
    drug("thiopental", Ga),
    drug("etomidate", Ga),
    drug("nitrous oxide", Ga),
    // Tricyclic antidepressants.
    drug("amitriptyline", Tca),
    drug("nortriptyline", Tca),
    drug("imipramine", Tca),
    drug("clomipramine", Tca),
    drug("doxepin", Tca),
    drug("desipramine", Tca),
    drug("dosulepin", Tca),
    drug("trimipramine", Tca),
    drug("lofepramine", Tca),
    // Antihypertensives.
    drug("amlodipine", Ahy),
    drug("nifedipine", Ahy),
    drug("lisinopril", Ahy),
    drug("ramipril", Ahy),
    drug("enalapril", Ahy),
    drug("perindopril", Ahy),
    drug("losartan", Ahy),
    drug("valsartan", Ahy),
    drug("candesartan", Ahy),
    drug("irbesartan", Ahy),
    drug("atenolol", Ahy),
    drug("bisoprolol", Ahy),
    drug("metoprolol", Ahy),
    drug("propranolol", Ahy),
    drug("hydrochlorothiazide", Ahy),
    drug("indapamide", Ahy),
    drug("doxazosin", Ahy),
    drug("clonidine", Ahy),
    drug("methyldopa", Ahy),
    drug("hydralazine", Ahy),
    drug("diltiazem", Ahy),
    drug("verapamil", Ahy),
    // Other intrathecal agents.
    drug("ziconotide", Ita),
    drug("intrathecal morphine", Ita),
    drug("intrathecal hydromorphone", Ita),
    drug("intrathecal fentanyl", Ita),
    drug("intrathecal clonidine", Ita),
    drug("intrathecal bupivacaine", Ita),
];

/// The most medications one check takes.
pub const MAX_MEDICATIONS: usize = 100;
/// The longest name a check reads, in bytes: every drug and class name is far shorter, and a
/// longer text is a paste gone wrong (and each lookup would read all of it).
pub const MAX_NAME_BYTES: usize = 100;

/// The characters of a name as the lexicon writes names: lower case, runs of whitespace, `_`
/// and `-` as one space, none at either end.
fn normalized(name: &str) -> impl Iterator<Item = char> + '_ {
    let separator = |c: char| c.is_whitespace() || c == '_' || c == '-';
    name.split(separator)
        .filter(|w| !w.is_empty())
        .enumerate()
        .flat_map(|(i, w)| (i > 0).then_some(' ').into_iter().chain(w.chars()))
        .flat_map(char::to_lowercase)
}

/// True when two names are the same name.
fn same(a: &str, b: &str) -> bool {
    normalized(a).eq(normalized(b))
}

/// The lexicon's entry for a name.
pub fn lookup(name: &str) -> Option<&'static Drug> {
    LEXICON.iter().find(|d| same(name, d.name))
}

/// The request of [`interactions`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InteractionsRequest<'a> {
    /// The patient's other medications, names or class names: 1 to [`MAX_MEDICATIONS`], each
    /// once.
    pub medications: &'a [&'a str],
}

/// One medication checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interaction<'a> {
    /// The name as given.
    pub medication: &'a str,
    /// Its class.
    pub class: DrugClass,
}

/// The interactions of a list of medications, and the names not checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InteractionCheck<'a> {
    medications: &'a [&'a str],
    /// `major_interaction`, `moderate_interaction`, `unrecognised_medication`.
    pub findings: Findings,
}

impl<'a> InteractionCheck<'a> {
    /// The medications the lexicon knows, with their class, in the order given.
    pub fn interactions(&self) -> impl Iterator<Item = Interaction<'a>> + 'a {
        self.medications.iter().filter_map(|m| {
            lookup(m).map(|d| Interaction {
                medication: m,
                class: d.class,
            })
        })
    }

    /// The names the lexicon does not know, in the order given: not checked.
    pub fn unrecognised(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.medications
            .iter()
            .copied()
            .filter(|m| lookup(m).is_none())
    }
}

/// Checks a patient's medications against the interaction classes of the labels.
///
/// Findings: `major_interaction` (soft), `moderate_interaction` (info; its source is that of the
/// first moderate class found: 001 for another intrathecal agent), `unrecognised_medication`
/// (info; those names were not checked). An empty list, an empty name, a name longer than
/// [`MAX_NAME_BYTES`], a name given twice (as the lexicon compares names) → `invalid_value`;
/// more than [`MAX_MEDICATIONS`] → `out_of_range`.
///
/// ```
/// use itb::interactions::{interactions, DrugClass, InteractionsRequest};
/// let check = interactions(&InteractionsRequest { medications: &["Morphine", "  amLODipine ", "aspirin"] })?;
/// let classes: Vec<DrugClass> = check.interactions().map(|i| i.class).collect();
/// assert_eq!(classes, [DrugClass::Opioid, DrugClass::Antihypertensive]);
/// assert_eq!(check.unrecognised().collect::<Vec<_>>(), ["aspirin"]);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn interactions<'a>(r: &InteractionsRequest<'a>) -> Result<InteractionCheck<'a>, Error> {
    let list = r.medications;
    if list.is_empty() {
        let allowed = "a list of at least one medication name";
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "medications",
            None,
            allowed,
        ));
    }
    if list.len() > MAX_MEDICATIONS {
        let value = Some(Measure::new(list.len() as f64, Unit::Step));
        let allowed = "at most 100 medications";
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "medications",
            value,
            allowed,
        ));
    }
    for (i, name) in list.iter().enumerate() {
        let invalid = |allowed| Error::new(ErrorKind::InvalidValue, "medications", None, allowed);
        if name.len() > MAX_NAME_BYTES {
            return Err(invalid("a name of at most 100 bytes").in_element(i));
        }
        if normalized(name).next().is_none() {
            return Err(invalid("a name with at least one letter").in_element(i));
        }
        if list[..i].iter().any(|earlier| same(earlier, name)) {
            return Err(invalid("each medication once").in_element(i));
        }
    }
    let check = InteractionCheck {
        medications: list,
        findings: Findings::new(),
    };
    Ok(with_findings(check))
}

/// One finding per severity found (its source: the class of the first medication of that
/// severity, so an intrathecal agent cites 001), and one for the names not checked.
fn with_findings(mut check: InteractionCheck<'_>) -> InteractionCheck<'_> {
    let count = |n: usize| Measure::new(n as f64, Unit::Step);
    let kinds = [
        (
            InteractionSeverity::Major,
            Code::MajorInteraction,
            Severity::Soft,
        ),
        (
            InteractionSeverity::Moderate,
            Code::ModerateInteraction,
            Severity::Info,
        ),
    ];
    for (kind, code, severity) in kinds {
        let mut of_kind = check.interactions().filter(|i| i.class.severity() == kind);
        if let Some(first) = of_kind.next() {
            let n = 1 + of_kind.count();
            let f = Finding::new(code, severity, first.class.source(), count(n));
            check.findings.push(f);
        }
    }
    let unrecognised = check.unrecognised().count();
    if unrecognised > 0 {
        let f = Finding::new(
            Code::UnrecognisedMedication,
            Severity::Info,
            Source(&c"000 Before Using This Medicine"),
            count(unrecognised),
        );
        check.findings.push(f);
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_without_regard_to_case_and_spacing() {
        assert_eq!(
            lookup("  Nitrous   Oxide ").unwrap().class,
            DrugClass::GeneralAnaesthetic
        );
        assert_eq!(
            lookup("general_anaesthetic").unwrap().class,
            DrugClass::GeneralAnaesthetic
        );
        assert_eq!(
            lookup("Tricyclic-Antidepressants").unwrap().class,
            DrugClass::TricyclicAntidepressant
        );
        assert!(lookup("morphin").is_none());
        assert!(lookup("").is_none());
    }

    #[test]
    fn every_class_id_and_lexicon_name_is_known_once() {
        for c in DrugClass::ALL {
            assert_eq!(lookup(c.id()).unwrap().class, c, "{}", c.id());
        }
        for (i, d) in LEXICON.iter().enumerate() {
            assert!(
                normalized(d.name).eq(d.name.chars()),
                "{} is not written normalized",
                d.name
            );
            assert!(
                LEXICON[..i].iter().all(|e| e.name != d.name),
                "{} twice",
                d.name
            );
        }
    }

    #[test]
    fn severities_follow_the_label() {
        let codes = |names: &[&str]| {
            let c = interactions(&InteractionsRequest { medications: names }).unwrap();
            c.findings
                .iter()
                .map(|f| (f.code, f.severity))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&["diazepam"]),
            [(Code::MajorInteraction, Severity::Soft)]
        );
        assert_eq!(
            codes(&["alcohol"]),
            [(Code::ModerateInteraction, Severity::Info)]
        );
        assert_eq!(
            codes(&["ziconotide"]),
            [(Code::ModerateInteraction, Severity::Info)]
        );
        assert_eq!(
            codes(&["baclofen tablets"]),
            [(Code::UnrecognisedMedication, Severity::Info)]
        );
    }

    #[test]
    fn a_list_is_non_empty_and_names_each_medication_once() {
        let err =
            |names: &[&str]| interactions(&InteractionsRequest { medications: names }).unwrap_err();
        assert_eq!(err(&[]).kind, ErrorKind::InvalidValue);
        assert_eq!(
            err(&["morphine", " Morphine"]).path().to_string(),
            "medications[1]"
        );
        assert_eq!(err(&["  "]).path().to_string(), "medications[0]");
        assert_eq!(err(&["x"; 101]).kind, ErrorKind::OutOfRange);
        let long = "m".repeat(101);
        assert_eq!(
            err(&["morphine", &long]).path().to_string(),
            "medications[1]"
        );
        assert!(
            interactions(&InteractionsRequest {
                medications: &[&"m".repeat(100)]
            })
            .is_ok()
        );
    }
}
