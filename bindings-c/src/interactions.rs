//! Drug interactions: a patient's other medications, by name, against the classes the labels
//! name (000 Drug Interactions, 001 Precautions and Warnings).
//!
//! The names cross as an array of NUL-terminated UTF-8 strings; the classes and severities come
//! back as `uint32_t` codes (23xx classes, 24xx severities) with the core's static names, and
//! every medication by its index in the caller's array (the library keeps no pointer to the
//! caller's strings).

use std::ffi::{CStr, c_char};

use itb::ErrorKind;
use itb::interactions::{
    self, DrugClass, Interaction, InteractionSeverity, InteractionsRequest, MAX_MEDICATIONS,
};

use crate::array::{check_array, check_capacity, check_items, write_items};
use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::quantity::Unread;
use crate::status::{Failure, ItbError, ItbStatus};

/// Opioids (major).
pub const ITB_DRUG_CLASS_OPIOID: u32 = 2301;
/// Benzodiazepines (major).
pub const ITB_DRUG_CLASS_BENZODIAZEPINE: u32 = 2302;
/// Sedatives (major).
pub const ITB_DRUG_CLASS_SEDATIVE: u32 = 2303;
/// Hypnotics (major).
pub const ITB_DRUG_CLASS_HYPNOTIC: u32 = 2304;
/// General anaesthetics (major).
pub const ITB_DRUG_CLASS_GENERAL_ANAESTHETIC: u32 = 2305;
/// Tricyclic antidepressants (major: hypotonia).
pub const ITB_DRUG_CLASS_TRICYCLIC_ANTIDEPRESSANT: u32 = 2306;
/// Alcohol (moderate).
pub const ITB_DRUG_CLASS_ALCOHOL: u32 = 2307;
/// Antihypertensives (moderate).
pub const ITB_DRUG_CLASS_ANTIHYPERTENSIVE: u32 = 2308;
/// Other intrathecal agents (moderate; 001 Precautions and Warnings).
pub const ITB_DRUG_CLASS_INTRATHECAL_AGENT: u32 = 2309;

/// A major interaction: CNS and respiratory depression, or hypotonia.
pub const ITB_INTERACTION_MAJOR: u32 = 2401;
/// A moderate interaction.
pub const ITB_INTERACTION_MODERATE: u32 = 2402;

/// The most medications one check takes (`medications_len`).
pub const ITB_INTERACTIONS_MAX_MEDICATIONS: usize = 100;

const _: () = assert!(
    ITB_INTERACTIONS_MAX_MEDICATIONS == MAX_MEDICATIONS,
    "ITB_INTERACTIONS_MAX_MEDICATIONS is the core's MAX_MEDICATIONS"
);

/// The `ITB_DRUG_CLASS_*` code of a class. Exhaustive: a class added to the core does not
/// compile here until it has its code.
const fn class_code(class: DrugClass) -> u32 {
    match class {
        DrugClass::Opioid => ITB_DRUG_CLASS_OPIOID,
        DrugClass::Benzodiazepine => ITB_DRUG_CLASS_BENZODIAZEPINE,
        DrugClass::Sedative => ITB_DRUG_CLASS_SEDATIVE,
        DrugClass::Hypnotic => ITB_DRUG_CLASS_HYPNOTIC,
        DrugClass::GeneralAnaesthetic => ITB_DRUG_CLASS_GENERAL_ANAESTHETIC,
        DrugClass::TricyclicAntidepressant => ITB_DRUG_CLASS_TRICYCLIC_ANTIDEPRESSANT,
        DrugClass::Alcohol => ITB_DRUG_CLASS_ALCOHOL,
        DrugClass::Antihypertensive => ITB_DRUG_CLASS_ANTIHYPERTENSIVE,
        DrugClass::IntrathecalAgent => ITB_DRUG_CLASS_INTRATHECAL_AGENT,
    }
}

/// The `ITB_INTERACTION_*` code of a severity.
const fn severity_code(severity: InteractionSeverity) -> u32 {
    match severity {
        InteractionSeverity::Major => ITB_INTERACTION_MAJOR,
        InteractionSeverity::Moderate => ITB_INTERACTION_MODERATE,
    }
}

/// One recognised medication. The strings are static (never freed).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbInteraction {
    /// Its index in the caller's `medications`.
    pub index: usize,
    /// An `ITB_DRUG_CLASS_*` code.
    pub drug_class: u32,
    /// The protocol's id of the class (`"opioid"`).
    pub drug_class_name: *const c_char,
    /// `ITB_INTERACTION_MAJOR` or `ITB_INTERACTION_MODERATE`.
    pub severity: u32,
    /// `"major"` or `"moderate"`.
    pub severity_name: *const c_char,
    /// What the interaction does (`"may potentiate hypotonia"`).
    pub effect: *const c_char,
    /// The section that states it (`"000 Drug Interactions"`).
    pub source: *const c_char,
}

/// A check of medications (`itb_interactions`); the interactions and the indices of the names
/// not recognised are in the caller's arrays.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbInteractionCheck {
    /// The number of recognised medications: the number the interactions array needs.
    pub interaction_count: usize,
    /// The number of names the lexicon does not know (not checked): the number the
    /// unrecognised array needs.
    pub unrecognised_count: usize,
    /// False exactly when a finding is hard (none is).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// Stands for more than `ITB_INTERACTIONS_MAX_MEDICATIONS` names, which are not read: the core
/// refuses a list this long before it reads a name.
const TOO_MANY: [&str; MAX_MEDICATIONS + 1] = ["-"; MAX_MEDICATIONS + 1];

/// The names of `medications`, each checked in its turn: a NULL element is
/// `ITB_STATUS_NULL_POINTER` and one that is not UTF-8 `ITB_STATUS_INVALID_VALUE`, naming it
/// (`medications[3]`). More than `ITB_INTERACTIONS_MAX_MEDICATIONS` are not read at all: a list
/// one over the limit stands for them, which the core refuses, reported with the caller's
/// count.
///
/// # Safety
/// `medications` is valid for reads of `len` pointers, each NUL-terminated, when `len` is 1 to
/// `ITB_INTERACTIONS_MAX_MEDICATIONS` and `medications` is not NULL; the strings outlive `'a`.
unsafe fn names<'a>(
    medications: *const *const c_char,
    len: usize,
    read: &'a mut [&'a str; MAX_MEDICATIONS],
    unread: &mut Unread,
) -> Result<&'a [&'a str], Failure> {
    if len > MAX_MEDICATIONS {
        let message = format!(
            "medications: medications_len {len} is above ITB_INTERACTIONS_MAX_MEDICATIONS; \
             allowed: 1 to 100 medications"
        );
        let failure = Failure::new(ItbStatus::OutOfRange, "medications", message);
        unread.keep("medications", ErrorKind::OutOfRange, failure);
        return Ok(&TOO_MANY);
    }
    if len == 0 {
        return Ok(&[]); // the core refuses an empty list
    }
    if medications.is_null() {
        let message = format!(
            "medications is NULL with medications_len {len}; allowed: a valid pointer, or NULL \
             only with medications_len 0"
        );
        return Err(Failure::new(ItbStatus::NullPointer, "medications", message));
    }
    // SAFETY: non-NULL, and the caller promises `len` readable pointers.
    let given = unsafe { std::slice::from_raw_parts(medications, len) };
    for (i, (slot, name)) in read.iter_mut().zip(given).enumerate() {
        let field = format!("medications[{i}]");
        if name.is_null() {
            return Err(Failure::null(&field));
        }
        // SAFETY: non-NULL, and the caller promises a NUL-terminated string that outlives 'a.
        let text: &'a CStr = unsafe { CStr::from_ptr(*name) };
        *slot = text.to_str().map_err(|e| {
            let message = format!(
                "{field} is not valid UTF-8 (invalid from byte {}); allowed: a \
                 NUL-terminated UTF-8 name",
                e.valid_up_to()
            );
            Failure::new(ItbStatus::InvalidValue, &field, message)
        })?;
    }
    Ok(&read[..len])
}

/// The index of a name the core hands back in the caller's list: the same string, so the same
/// address and length.
fn index_of(list: &[&str], name: &str) -> Result<usize, Failure> {
    list.iter()
        .position(|n| std::ptr::eq(*n, name))
        .ok_or_else(|| {
            let message = format!("{name:?} is not one of the medications given");
            Failure::new(ItbStatus::Internal, "", message)
        })
}

fn interaction(i: &Interaction<'_>, list: &[&str]) -> Result<ItbInteraction, Failure> {
    Ok(ItbInteraction {
        index: index_of(list, i.medication)?,
        drug_class: class_code(i.class),
        drug_class_name: i.class.c_id().as_ptr(),
        severity: severity_code(i.class.severity()),
        severity_name: i.class.severity().as_c_str().as_ptr(),
        effect: i.class.effect().as_ptr(),
        source: i.class.source().as_c_str().as_ptr(),
    })
}

/// Checks a patient's other medications against the interaction classes of the labels: each
/// name (case, surrounding whitespace and runs of spaces, `_` and `-` inside it do not matter)
/// is looked up in the core's lexicon of class names and common members. Worked by hand:
/// `"Morphine"`, `" amLODipine "`, `"aspirin"`: morphine an opioid (major), amlodipine an
/// antihypertensive (moderate), aspirin not recognised.
///
/// `medications` holds `medications_len` NUL-terminated UTF-8 names (1 to
/// `ITB_INTERACTIONS_MAX_MEDICATIONS`). Each recognised one goes into `interactions` (its index
/// in `medications`, class, severity, effect, source), in the order given; the index of each
/// name not recognised (not checked) into `unrecognised`, in the order given. Both arrays are
/// caller-owned, under the protocol of `itb_taper_schedule`: `*out` is written whenever the
/// request is valid, with `interaction_count` and `unrecognised_count`; when either capacity
/// is below its count the call returns `ITB_STATUS_BUFFER_TOO_SMALL` (field
/// `interactions_capacity`, else `unrecognised_capacity`) and writes no item to either. Either
/// array may be NULL only with a capacity of 0; arrays of `medications_len` items always do.
///
/// Findings: `ITB_FINDING_MAJOR_INTERACTION` (soft), `ITB_FINDING_MODERATE_INTERACTION` (info),
/// each with the number of such medications, and `ITB_FINDING_UNRECOGNISED_MEDICATION` (info)
/// with the number of names not checked.
/// Errors: `out` NULL, `medications` NULL with a `medications_len`, an element NULL (field
/// `medications[i]`), or an array NULL with a capacity → `ITB_STATUS_NULL_POINTER`; a name that
/// is not UTF-8 → `ITB_STATUS_INVALID_VALUE` naming it (`medications[i]`); `medications_len` 0
/// → `ITB_STATUS_INVALID_VALUE`, above `ITB_INTERACTIONS_MAX_MEDICATIONS` →
/// `ITB_STATUS_OUT_OF_RANGE` (field `medications`; the names are then not read); a blank name,
/// or a name given twice as the lexicon compares names → `ITB_STATUS_INVALID_VALUE` naming it;
/// a too small array → `ITB_STATUS_BUFFER_TOO_SMALL`.
///
/// # Safety
/// `medications` is NULL or valid for reads of `medications_len` pointers, each NULL or a
/// NUL-terminated string (when `medications_len` is 1 to `ITB_INTERACTIONS_MAX_MEDICATIONS`;
/// they are not read otherwise); `interactions` is NULL or valid for writes of
/// `interactions_capacity` `ItbInteraction`s; `unrecognised` is NULL or valid for writes of
/// `unrecognised_capacity` `size_t`s; `out` is NULL or valid for a write of an
/// `ItbInteractionCheck`; `error` is NULL or valid for a write of an `ItbError`; none overlap.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out and the arrays were written"]
#[allow(clippy::too_many_arguments)] // two caller-owned arrays, each with its capacity
pub unsafe extern "C" fn itb_interactions(
    medications: *const *const c_char,
    medications_len: usize,
    interactions: *mut ItbInteraction,
    interactions_capacity: usize,
    unrecognised: *mut usize,
    unrecognised_capacity: usize,
    out: *mut ItbInteractionCheck,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        check_array(
            interactions,
            interactions_capacity,
            "interactions",
            "interactions_capacity",
        )?;
        check_array(
            unrecognised,
            unrecognised_capacity,
            "unrecognised",
            "unrecognised_capacity",
        )?;
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let mut read = [""; MAX_MEDICATIONS];
        // SAFETY: the caller's contract on `medications` is `names`'s; the strings outlive
        // this call, which ends the borrow.
        let list = unsafe { names(medications, medications_len, &mut read, &mut unread)? };
        let computed = interactions::interactions(&InteractionsRequest { medications: list });
        let check = unread.check(&computed)?;
        let found = || check.interactions().map(|i| interaction(&i, list));
        let missed = || check.unrecognised().map(|m| index_of(list, m));
        check_items(found())?;
        check_items(missed())?;
        let findings = CFindings::of(&check.findings)?;
        let (interaction_count, unrecognised_count) = (found().count(), missed().count());
        write_result!(
            out,
            findings,
            ItbInteractionCheck {
                interaction_count,
                unrecognised_count,
            }
        );
        check_capacity(
            interaction_count,
            interactions_capacity,
            "interactions_capacity",
            "interaction_count",
        )?;
        check_capacity(
            unrecognised_count,
            unrecognised_capacity,
            "unrecognised_capacity",
            "unrecognised_count",
        )?;
        // SAFETY: `interactions` was checked by check_array; the caller's contract covers the
        // rest.
        unsafe {
            write_items(
                found(),
                interaction_count,
                interactions,
                interactions_capacity,
                "interactions_capacity",
                "interaction_count",
            )?;
        }
        // SAFETY: as above, for `unrecognised`.
        unsafe {
            write_items(
                missed(),
                unrecognised_count,
                unrecognised,
                unrecognised_capacity,
                "unrecognised_capacity",
                "unrecognised_count",
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CString;
    use std::mem::MaybeUninit;
    use std::ptr::{null, null_mut};

    use super::*;
    use crate::finding::*;
    use crate::quantity::ITB_UNIT_STEP;
    use crate::test_support::{error_field as field, static_str, zeroed_error};

    #[test]
    fn codes_are_fixed() {
        // By hand: these numbers are the ABI and are never renumbered.
        assert_eq!(
            DrugClass::ALL.map(class_code),
            [2301, 2302, 2303, 2304, 2305, 2306, 2307, 2308, 2309]
        );
        assert_eq!(
            [InteractionSeverity::Major, InteractionSeverity::Moderate].map(severity_code),
            [2401, 2402]
        );
    }

    const UNSET: ItbInteraction = ItbInteraction {
        index: usize::MAX,
        drug_class: 0,
        drug_class_name: null(),
        severity: 0,
        severity_name: null(),
        effect: null(),
        source: null(),
    };

    struct Checked {
        status: ItbStatus,
        check: Option<ItbInteractionCheck>,
        interactions: Vec<ItbInteraction>,
        unrecognised: Vec<usize>,
        field: String,
    }

    /// Calls with raw name pointers and arrays of the capacities given.
    fn check_raw(names: &[*const c_char], capacities: [usize; 2]) -> Checked {
        let mut interactions = vec![UNSET; capacities[0]];
        let mut unrecognised = vec![usize::MAX; capacities[1]];
        let mut out = MaybeUninit::<ItbInteractionCheck>::uninit();
        let mut error = zeroed_error();
        let i = match capacities[0] {
            0 => null_mut(),
            _ => interactions.as_mut_ptr(),
        };
        let u = match capacities[1] {
            0 => null_mut(),
            _ => unrecognised.as_mut_ptr(),
        };
        let list = match names.len() {
            0 => null(),
            _ => names.as_ptr(),
        };
        // SAFETY: `names` holds valid strings or NULL; each array holds its capacity.
        let status = unsafe {
            itb_interactions(
                list,
                names.len(),
                i,
                capacities[0],
                u,
                capacities[1],
                out.as_mut_ptr(),
                &mut error,
            )
        };
        let written = matches!(status, ItbStatus::Ok | ItbStatus::BufferTooSmall);
        Checked {
            status,
            // SAFETY: the library writes the whole struct on success and on BUFFER_TOO_SMALL.
            check: written.then(|| unsafe { out.assume_init() }),
            interactions,
            unrecognised,
            field: field(&error).to_owned(),
        }
    }

    /// Calls with the names and arrays as long as the list.
    fn check(names: &[&str]) -> Checked {
        let owned: Vec<CString> = names.iter().map(|n| CString::new(*n).unwrap()).collect();
        let pointers: Vec<*const c_char> = owned.iter().map(|c| c.as_ptr()).collect();
        check_raw(&pointers, [names.len(), names.len()])
    }

    /// The findings as (code, severity, count of medications).
    fn found(c: &ItbInteractionCheck) -> Vec<(u32, u32, f64)> {
        c.findings[..c.findings_len]
            .iter()
            .map(|f| {
                assert_eq!(f.subject.unit, ITB_UNIT_STEP);
                (f.code, f.severity, f.subject.value)
            })
            .collect()
    }

    #[test]
    fn morphine_amlodipine_and_aspirin() {
        // Case and surrounding spaces do not matter: morphine is an opioid (major: CNS
        // depression), amlodipine an antihypertensive (moderate); aspirin is not in the
        // lexicon, so not checked.
        let c = check(&["Morphine", " amLODipine ", "aspirin"]);
        assert_eq!(c.status, ItbStatus::Ok);
        let r = c.check.unwrap();
        assert_eq!((r.interaction_count, r.unrecognised_count), (2, 1));
        let [morphine, amlodipine, _] = [c.interactions[0], c.interactions[1], c.interactions[2]];
        assert_eq!(
            (
                morphine.index,
                morphine.drug_class,
                static_str(morphine.drug_class_name),
                morphine.severity,
                static_str(morphine.severity_name),
            ),
            (
                0,
                ITB_DRUG_CLASS_OPIOID,
                "opioid",
                ITB_INTERACTION_MAJOR,
                "major"
            )
        );
        assert_eq!(
            static_str(morphine.effect),
            "may potentiate CNS depression, including respiratory depression and sedation"
        );
        assert_eq!(static_str(morphine.source), "000 Drug Interactions");
        assert_eq!(
            (
                amlodipine.index,
                amlodipine.drug_class,
                amlodipine.severity,
                static_str(amlodipine.effect)
            ),
            (
                1,
                ITB_DRUG_CLASS_ANTIHYPERTENSIVE,
                ITB_INTERACTION_MODERATE,
                "may cause additive hypotensive effects"
            )
        );
        assert_eq!(c.interactions[2].index, UNSET.index, "not written");
        assert_eq!(c.unrecognised[..1], [2]);
        assert_eq!(
            found(&r),
            [
                (ITB_FINDING_MAJOR_INTERACTION, ITB_SEVERITY_SOFT, 1.0),
                (ITB_FINDING_MODERATE_INTERACTION, ITB_SEVERITY_INFO, 1.0),
                (ITB_FINDING_UNRECOGNISED_MEDICATION, ITB_SEVERITY_INFO, 1.0)
            ]
        );
        assert!(r.allowed);
        let sources: Vec<&str> = r.findings[..3]
            .iter()
            .map(|f| static_str(f.source))
            .collect();
        assert_eq!(
            sources,
            [
                "000 Drug Interactions",
                "000 Drug Interactions",
                "000 Before Using This Medicine"
            ]
        );
    }

    #[test]
    fn classes_by_name_and_their_own_effects() {
        // A tricyclic potentiates hypotonia (major); another intrathecal agent is moderate,
        // from 001 Precautions and Warnings; the class names match with '_' and '-'.
        let c = check(&[
            "amitriptyline",
            "ziconotide",
            "general_anaesthetic",
            "Tricyclic-Antidepressants",
        ]);
        assert_eq!(c.status, ItbStatus::Ok);
        let r = c.check.unwrap();
        assert_eq!((r.interaction_count, r.unrecognised_count), (4, 0));
        let row = |i: &ItbInteraction| (i.index, i.drug_class, i.severity);
        assert_eq!(
            c.interactions.iter().map(row).collect::<Vec<_>>(),
            [
                (
                    0,
                    ITB_DRUG_CLASS_TRICYCLIC_ANTIDEPRESSANT,
                    ITB_INTERACTION_MAJOR
                ),
                (
                    1,
                    ITB_DRUG_CLASS_INTRATHECAL_AGENT,
                    ITB_INTERACTION_MODERATE
                ),
                (2, ITB_DRUG_CLASS_GENERAL_ANAESTHETIC, ITB_INTERACTION_MAJOR),
                (
                    3,
                    ITB_DRUG_CLASS_TRICYCLIC_ANTIDEPRESSANT,
                    ITB_INTERACTION_MAJOR
                ),
            ]
        );
        assert_eq!(
            static_str(c.interactions[0].effect),
            "may potentiate hypotonia"
        );
        assert_eq!(
            static_str(c.interactions[1].source),
            "001 Precautions and Warnings"
        );
        assert_eq!(
            found(&r),
            [
                (ITB_FINDING_MAJOR_INTERACTION, ITB_SEVERITY_SOFT, 3.0),
                (ITB_FINDING_MODERATE_INTERACTION, ITB_SEVERITY_INFO, 1.0)
            ]
        );
    }

    #[test]
    #[cfg_attr(miri, ignore = "too slow under Miri: 100 names compared pairwise")]
    fn a_hundred_names_are_allowed_and_a_hundred_and_one_are_not() {
        let names: Vec<String> = (0..101).map(|i| format!("drug {i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let c = check(&refs[..100]);
        assert_eq!(c.status, ItbStatus::Ok);
        let r = c.check.unwrap();
        assert_eq!((r.interaction_count, r.unrecognised_count), (0, 100));
        assert_eq!(c.unrecognised, (0..100).collect::<Vec<_>>());
        assert_eq!(
            found(&r),
            [(
                ITB_FINDING_UNRECOGNISED_MEDICATION,
                ITB_SEVERITY_INFO,
                100.0
            )]
        );
        let c = check(&refs);
        assert_eq!(
            (c.status, c.field.as_str()),
            (ItbStatus::OutOfRange, "medications")
        );
        assert!(c.check.is_none());
        // Over the limit the names are not read at all.
        let c = check_raw(&[null(); 101], [0, 0]);
        assert_eq!(c.status, ItbStatus::OutOfRange);
    }

    #[test]
    fn bad_lists_are_refused_naming_the_medication() {
        let refused = |names: &[&str]| {
            let c = check(names);
            assert!(c.check.is_none());
            (c.status, c.field)
        };
        let invalid = |f: &str| (ItbStatus::InvalidValue, f.to_owned());
        assert_eq!(refused(&[]), invalid("medications"));
        assert_eq!(refused(&["morphine", "  "]), invalid("medications[1]"));
        assert_eq!(
            refused(&["morphine", "aspirin", " MORPHINE"]),
            invalid("medications[2]")
        );
        // Not UTF-8, and NULL: named, and found before the core's checks (a repeat earlier).
        let bad = c"mor\xffphine";
        let good = c"morphine";
        let c = check_raw(&[good.as_ptr(), good.as_ptr(), bad.as_ptr()], [3, 3]);
        let mut error = zeroed_error();
        let list = [bad.as_ptr()];
        let mut out = MaybeUninit::<ItbInteractionCheck>::uninit();
        // SAFETY: valid pointers; the name is NUL-terminated.
        let status = unsafe {
            itb_interactions(
                list.as_ptr(),
                1,
                null_mut(),
                0,
                null_mut(),
                0,
                out.as_mut_ptr(),
                &mut error,
            )
        };
        assert_eq!(status, ItbStatus::InvalidValue);
        // SAFETY: the library NUL-terminates the message.
        let message = unsafe { CStr::from_ptr(error.message.as_ptr()) };
        assert_eq!(
            message.to_str().unwrap(),
            "medications[0] is not valid UTF-8 (invalid from byte 3); allowed: a \
             NUL-terminated UTF-8 name"
        );
        assert_eq!(
            (c.status, c.field.as_str()),
            (ItbStatus::InvalidValue, "medications[2]")
        );
        let c = check_raw(&[good.as_ptr(), null()], [2, 2]);
        assert_eq!(
            (c.status, c.field.as_str()),
            (ItbStatus::NullPointer, "medications[1]")
        );
        let mut error = zeroed_error();
        let mut out = MaybeUninit::<ItbInteractionCheck>::uninit();
        // SAFETY: a NULL list with a length is refused before it is read.
        let status = unsafe {
            itb_interactions(
                null(),
                2,
                null_mut(),
                0,
                null_mut(),
                0,
                out.as_mut_ptr(),
                &mut error,
            )
        };
        assert_eq!(
            (status, field(&error)),
            (ItbStatus::NullPointer, "medications")
        );
        let names = [good.as_ptr()];
        // SAFETY: a NULL array with a capacity, and a NULL `out`, are refused.
        let status = unsafe {
            itb_interactions(
                names.as_ptr(),
                1,
                null_mut(),
                1,
                null_mut(),
                0,
                out.as_mut_ptr(),
                &mut error,
            )
        };
        assert_eq!(
            (status, field(&error)),
            (ItbStatus::NullPointer, "interactions")
        );
        // SAFETY: as above.
        let status = unsafe {
            itb_interactions(
                names.as_ptr(),
                1,
                null_mut(),
                0,
                null_mut(),
                0,
                null_mut(),
                &mut error,
            )
        };
        assert_eq!((status, field(&error)), (ItbStatus::NullPointer, "out"));
    }

    #[test]
    fn a_count_query_or_a_short_array_writes_the_counts_and_no_item() {
        let owned = [c"diazepam", c"aspirin", c"ibuprofen"];
        let names: Vec<*const c_char> = owned.iter().map(|c| c.as_ptr()).collect();
        let c = check_raw(&names, [0, 0]);
        assert_eq!(
            (c.status, c.field.as_str()),
            (ItbStatus::BufferTooSmall, "interactions_capacity")
        );
        let r = c.check.unwrap();
        assert_eq!((r.interaction_count, r.unrecognised_count), (1, 2));
        assert_eq!(r.findings_len, 2);
        // Room for the interaction, one index too few: neither array is written.
        let c = check_raw(&names, [1, 1]);
        assert_eq!(
            (c.status, c.field.as_str()),
            (ItbStatus::BufferTooSmall, "unrecognised_capacity")
        );
        assert_eq!(c.interactions[0].index, UNSET.index);
        assert_eq!(c.unrecognised, [usize::MAX]);
        let c = check_raw(&names, [1, 2]);
        assert_eq!(c.status, ItbStatus::Ok);
        assert_eq!(
            (c.interactions[0].drug_class, c.unrecognised.as_slice()),
            (ITB_DRUG_CLASS_BENZODIAZEPINE, &[1, 2][..])
        );
    }
}
