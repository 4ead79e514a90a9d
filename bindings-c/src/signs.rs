//! The signs of overdose, withdrawal and pump or catheter problems with what to do about each
//! (`itb_signs`), and a triage of observed signs into those lists (`itb_triage`): never a
//! diagnosis.
//!
//! Lists and signs cross as `uint32_t` codes (21xx lists, 22xx signs). Every text and source is
//! the core's static string: it lives as long as the program and is never freed.

use std::ffi::c_char;

use itb::signs::{self, Action, Match, Sign, SignCode, SignList, TriageRequest};

use crate::array::{check_array, check_capacity, write_items};
use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::profile::{Coded, decode};
use crate::status::{Failure, ItbError, ItbStatus};

/// The signs of an overdose (000 Overdose Information).
pub const ITB_SIGN_LIST_OVERDOSE: u32 = 2101;
/// The signs of withdrawal (002 Boxed Warning, 001, 000 Seek Immediate Medical Attention).
pub const ITB_SIGN_LIST_WITHDRAWAL: u32 = 2102;
/// The signs of a pump or catheter problem (000 Seek Immediate Medical Attention).
pub const ITB_SIGN_LIST_PUMP_PROBLEM: u32 = 2103;

/// `hypotonia`: profound muscle weakness (overdose).
pub const ITB_SIGN_HYPOTONIA: u32 = 2201;
/// `somnolence`: sleepiness, profound drowsiness (overdose).
pub const ITB_SIGN_SOMNOLENCE: u32 = 2202;
/// `lightheadedness` (overdose).
pub const ITB_SIGN_LIGHTHEADEDNESS: u32 = 2203;
/// `dizziness` (overdose).
pub const ITB_SIGN_DIZZINESS: u32 = 2204;
/// `respiratory_depression`: slow or shallow breathing (overdose).
pub const ITB_SIGN_RESPIRATORY_DEPRESSION: u32 = 2205;
/// `bradycardia`: a slow heart rate (overdose).
pub const ITB_SIGN_BRADYCARDIA: u32 = 2206;
/// `hypothermia`: a low body temperature (overdose).
pub const ITB_SIGN_HYPOTHERMIA: u32 = 2207;
/// `seizures` (overdose and withdrawal).
pub const ITB_SIGN_SEIZURES: u32 = 2208;
/// `coma`: loss of consciousness (overdose).
pub const ITB_SIGN_COMA: u32 = 2209;
/// `high_fever` (withdrawal).
pub const ITB_SIGN_HIGH_FEVER: u32 = 2210;
/// `altered_mental_status`: confusion (withdrawal).
pub const ITB_SIGN_ALTERED_MENTAL_STATUS: u32 = 2211;
/// `hallucinations` (withdrawal).
pub const ITB_SIGN_HALLUCINATIONS: u32 = 2212;
/// `rebound_spasticity`: spasticity returning exaggerated (withdrawal).
pub const ITB_SIGN_REBOUND_SPASTICITY: u32 = 2213;
/// `muscle_rigidity` (withdrawal).
pub const ITB_SIGN_MUSCLE_RIGIDITY: u32 = 2214;
/// `pruritus`: itching (withdrawal).
pub const ITB_SIGN_PRURITUS: u32 = 2215;
/// `hypotension`: low blood pressure (withdrawal).
pub const ITB_SIGN_HYPOTENSION: u32 = 2216;
/// `rhabdomyolysis`: muscle breakdown (withdrawal).
pub const ITB_SIGN_RHABDOMYOLYSIS: u32 = 2217;
/// `pump_site_pain` (pump problem).
pub const ITB_SIGN_PUMP_SITE_PAIN: u32 = 2218;
/// `pump_site_redness` (pump problem).
pub const ITB_SIGN_PUMP_SITE_REDNESS: u32 = 2219;
/// `pump_site_swelling` (pump problem).
pub const ITB_SIGN_PUMP_SITE_SWELLING: u32 = 2220;
/// `pump_site_warmth` (pump problem).
pub const ITB_SIGN_PUMP_SITE_WARMTH: u32 = 2221;
/// `pump_alarm` (pump problem).
pub const ITB_SIGN_PUMP_ALARM: u32 = 2222;
/// `sudden_return_of_spasticity` (pump problem).
pub const ITB_SIGN_SUDDEN_RETURN_OF_SPASTICITY: u32 = 2223;

/// The signs of the longest list (9): `ItbSignMatch.signs` holds this many, and an array of
/// this many holds the signs of any list.
pub const ITB_SIGN_LIST_MAX_SIGNS: usize = 9;
/// The actions of the longest list (4): an array of this many holds the actions of any list.
pub const ITB_SIGN_LIST_MAX_ACTIONS: usize = 4;
/// The number of lists, the most matches a triage has (`ItbTriage.matches`).
pub const ITB_TRIAGE_MAX_MATCHES: usize = 3;

// The C constants are the core's list lengths: the longest list of signs and of actions, and
// the number of lists.
const _: () = {
    let (mut signs, mut actions, mut i) = (0, 0, 0);
    while i < SignList::ALL.len() {
        let list = SignList::ALL[i];
        if list.signs().len() > signs {
            signs = list.signs().len();
        }
        if list.actions().len() > actions {
            actions = list.actions().len();
        }
        i += 1;
    }
    assert!(
        signs == ITB_SIGN_LIST_MAX_SIGNS
            && actions == ITB_SIGN_LIST_MAX_ACTIONS
            && SignList::ALL.len() == ITB_TRIAGE_MAX_MATCHES,
        "the C constants are the core's list lengths"
    );
};

impl Coded for SignList {
    const ALL: &'static [Self] = &SignList::ALL;
    const CODES: &'static str = "ITB_SIGN_LIST_*";
    fn code(self) -> u32 {
        match self {
            SignList::Overdose => ITB_SIGN_LIST_OVERDOSE,
            SignList::Withdrawal => ITB_SIGN_LIST_WITHDRAWAL,
            SignList::PumpProblem => ITB_SIGN_LIST_PUMP_PROBLEM,
        }
    }
    fn id(self) -> &'static str {
        SignList::id(self)
    }
}

impl Coded for SignCode {
    const ALL: &'static [Self] = &SignCode::ALL;
    const CODES: &'static str = "ITB_SIGN_*";
    fn code(self) -> u32 {
        match self {
            SignCode::Hypotonia => ITB_SIGN_HYPOTONIA,
            SignCode::Somnolence => ITB_SIGN_SOMNOLENCE,
            SignCode::Lightheadedness => ITB_SIGN_LIGHTHEADEDNESS,
            SignCode::Dizziness => ITB_SIGN_DIZZINESS,
            SignCode::RespiratoryDepression => ITB_SIGN_RESPIRATORY_DEPRESSION,
            SignCode::Bradycardia => ITB_SIGN_BRADYCARDIA,
            SignCode::Hypothermia => ITB_SIGN_HYPOTHERMIA,
            SignCode::Seizures => ITB_SIGN_SEIZURES,
            SignCode::Coma => ITB_SIGN_COMA,
            SignCode::HighFever => ITB_SIGN_HIGH_FEVER,
            SignCode::AlteredMentalStatus => ITB_SIGN_ALTERED_MENTAL_STATUS,
            SignCode::Hallucinations => ITB_SIGN_HALLUCINATIONS,
            SignCode::ReboundSpasticity => ITB_SIGN_REBOUND_SPASTICITY,
            SignCode::MuscleRigidity => ITB_SIGN_MUSCLE_RIGIDITY,
            SignCode::Pruritus => ITB_SIGN_PRURITUS,
            SignCode::Hypotension => ITB_SIGN_HYPOTENSION,
            SignCode::Rhabdomyolysis => ITB_SIGN_RHABDOMYOLYSIS,
            SignCode::PumpSitePain => ITB_SIGN_PUMP_SITE_PAIN,
            SignCode::PumpSiteRedness => ITB_SIGN_PUMP_SITE_REDNESS,
            SignCode::PumpSiteSwelling => ITB_SIGN_PUMP_SITE_SWELLING,
            SignCode::PumpSiteWarmth => ITB_SIGN_PUMP_SITE_WARMTH,
            SignCode::PumpAlarm => ITB_SIGN_PUMP_ALARM,
            SignCode::SuddenReturnOfSpasticity => ITB_SIGN_SUDDEN_RETURN_OF_SPASTICITY,
        }
    }
    fn id(self) -> &'static str {
        SignCode::as_str(self)
    }
}

/// A sign of a list. The strings are static (never freed).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbSign {
    /// An `ITB_SIGN_*` code.
    pub code: u32,
    /// The protocol's code (`"seizures"`).
    pub code_name: *const c_char,
    /// What it looks like, in plain words (`"a slow heart rate (bradycardia)"`).
    pub text: *const c_char,
    /// The section that names it (`"000 Overdose Information"`).
    pub source: *const c_char,
}

impl ItbSign {
    /// An unused slot: code 0, empty strings.
    const EMPTY: ItbSign = ItbSign {
        code: 0,
        code_name: c"".as_ptr(),
        text: c"".as_ptr(),
        source: c"".as_ptr(),
    };

    fn of(s: &Sign) -> ItbSign {
        ItbSign {
            code: s.code.code(),
            code_name: s.code.as_c_str().as_ptr(),
            text: s.text.as_ptr(),
            source: s.source.as_c_str().as_ptr(),
        }
    }
}

/// What to do about the signs of a list. The strings are static (never freed).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbSignAction {
    /// The instruction (`"Do not induce vomiting."`).
    pub text: *const c_char,
    /// The section that gives it.
    pub source: *const c_char,
}

impl ItbSignAction {
    fn of(a: &Action) -> ItbSignAction {
        ItbSignAction {
            text: a.text.as_ptr(),
            source: a.source.as_c_str().as_ptr(),
        }
    }
}

/// One list (`itb_signs`); its signs and actions are in the caller's arrays.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbSignList {
    /// The `ITB_SIGN_LIST_*` code asked for.
    pub list: u32,
    /// The protocol's id of the list (`"overdose"`), static.
    pub list_name: *const c_char,
    /// The number of signs: the number the signs array needs.
    pub sign_count: usize,
    /// The number of actions: the number the actions array needs.
    pub action_count: usize,
}

/// The signs of one list and what to do about them, in the list's order: the core's tables.
/// The protocol's request without a `list` is three calls, in the order
/// `ITB_SIGN_LIST_OVERDOSE`, `ITB_SIGN_LIST_WITHDRAWAL`, `ITB_SIGN_LIST_PUMP_PROBLEM`.
///
/// The signs go into `signs` (`signs_capacity` items), the actions into `actions`
/// (`actions_capacity` items), under the protocol of `itb_taper_schedule`: `*out` is written
/// whenever `list` is a code, its `sign_count` and `action_count` the numbers needed; when
/// either capacity is below its count the call returns `ITB_STATUS_BUFFER_TOO_SMALL` (field
/// `signs_capacity`, else `actions_capacity`) and writes no item to either array. Either array
/// may be NULL only with a capacity of 0 (a count query). Arrays of
/// `ITB_SIGN_LIST_MAX_SIGNS` and `ITB_SIGN_LIST_MAX_ACTIONS` hold any list.
///
/// Raises no finding. Errors: `out` NULL, or an array NULL with a capacity →
/// `ITB_STATUS_NULL_POINTER`; `list` no `ITB_SIGN_LIST_*` code → `ITB_STATUS_INVALID_ARGUMENT`
/// (field `list`); a too small array → `ITB_STATUS_BUFFER_TOO_SMALL`.
///
/// # Safety
/// `signs` is NULL or valid for writes of `signs_capacity` `ItbSign`s; `actions` is NULL or
/// valid for writes of `actions_capacity` `ItbSignAction`s; `out` is NULL or valid for a write
/// of an `ItbSignList`; `error` is NULL or valid for a write of an `ItbError`; none overlap.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out and the arrays were written"]
pub unsafe extern "C" fn itb_signs(
    list: u32,
    signs: *mut ItbSign,
    signs_capacity: usize,
    actions: *mut ItbSignAction,
    actions_capacity: usize,
    out: *mut ItbSignList,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        check_array(signs, signs_capacity, "signs", "signs_capacity")?;
        check_array(actions, actions_capacity, "actions", "actions_capacity")?;
        let out = try_out!(out, "out");
        let list = decode::<SignList>(list, "list")?;
        let (sign_count, action_count) = (list.signs().len(), list.actions().len());
        let result = ItbSignList {
            list: list.code(),
            list_name: list.c_id().as_ptr(),
            sign_count,
            action_count,
        };
        // SAFETY: `out` is non-NULL and valid for a write by the caller's contract.
        unsafe { out.write(result) };
        check_capacity(sign_count, signs_capacity, "signs_capacity", "sign_count")?;
        check_capacity(
            action_count,
            actions_capacity,
            "actions_capacity",
            "action_count",
        )?;
        let all_signs = list.signs().iter().map(|s| Ok(ItbSign::of(s)));
        // SAFETY: `signs` was checked by check_array; the caller's contract covers the rest.
        unsafe {
            write_items(
                all_signs,
                sign_count,
                signs,
                signs_capacity,
                "signs_capacity",
                "sign_count",
            )?;
        }
        let all_actions = list.actions().iter().map(|a| Ok(ItbSignAction::of(a)));
        // SAFETY: as above, for `actions`.
        unsafe {
            write_items(
                all_actions,
                action_count,
                actions,
                actions_capacity,
                "actions_capacity",
                "action_count",
            )
        }
    })
}

/// The observed signs one list holds.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbSignMatch {
    /// An `ITB_SIGN_LIST_*` code.
    pub list: u32,
    /// The protocol's id of the list (`"withdrawal"`), static.
    pub list_name: *const c_char,
    /// The number of signs in `signs`.
    pub sign_count: usize,
    /// `signs[0]` to `signs[sign_count - 1]`: the observed signs on this list, in the list's
    /// order, each with its text and source; later slots have code 0.
    pub signs: [ItbSign; ITB_SIGN_LIST_MAX_SIGNS],
}

impl ItbSignMatch {
    /// An unused slot: list 0, no sign.
    const EMPTY: ItbSignMatch = ItbSignMatch {
        list: 0,
        list_name: c"".as_ptr(),
        sign_count: 0,
        signs: [ItbSign::EMPTY; ITB_SIGN_LIST_MAX_SIGNS],
    };

    fn of(m: &Match) -> ItbSignMatch {
        let mut c = ItbSignMatch {
            list: m.list.code(),
            list_name: m.list.c_id().as_ptr(),
            ..ItbSignMatch::EMPTY
        };
        // At most the list's own signs: ITB_SIGN_LIST_MAX_SIGNS (checked at compile time).
        for (slot, sign) in c.signs.iter_mut().zip(m.signs()) {
            *slot = ItbSign::of(sign);
            c.sign_count += 1;
        }
        c
    }
}

/// A triage (`itb_triage`): the lists the observed signs fall in, and their findings.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbTriage {
    /// The number of lists with a match in `matches`.
    pub match_count: usize,
    /// `matches[0]` to `matches[match_count - 1]`: most matched signs first, ties in the order
    /// overdose, withdrawal, pump problem; later slots have list 0.
    pub matches: [ItbSignMatch; ITB_TRIAGE_MAX_MATCHES],
    /// False exactly when a finding is hard (signs of overdose or withdrawal).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The signs of `signs_len` codes, each read in its turn (an unknown one names `signs[i]`).
///
/// # Safety
/// `signs` is valid for reads of `signs_len` codes when it is not NULL.
unsafe fn observed(signs: *const u32, signs_len: usize) -> Result<Vec<SignCode>, Failure> {
    if signs_len == 0 {
        return Ok(Vec::new()); // the core refuses an empty list
    }
    if signs.is_null() {
        let message = format!(
            "signs is NULL with signs_len {signs_len}; allowed: a valid pointer, or NULL only \
             with signs_len 0"
        );
        return Err(Failure::new(ItbStatus::NullPointer, "signs", message));
    }
    // SAFETY: non-NULL, and the caller promises `signs_len` readable codes.
    let codes = unsafe { std::slice::from_raw_parts(signs, signs_len) };
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| decode::<SignCode>(*c, &format!("signs[{i}]")))
        .collect()
}

/// Sorts observed signs (`ITB_SIGN_*` codes) into the lists that hold them, most matches first
/// (ties: overdose, withdrawal, pump problem): never a diagnosis. `ITB_SIGN_SEIZURES` is on
/// both the overdose and the withdrawal list. Worked by hand: seizures alone match overdose
/// and withdrawal, one sign each, in that order.
///
/// Findings: one per matched list, `ITB_FINDING_OVERDOSE_SIGNS` (hard, 000 Overdose
/// Information), `ITB_FINDING_WITHDRAWAL_SIGNS` (hard, 002 Boxed Warning),
/// `ITB_FINDING_PUMP_PROBLEM_SIGNS` (soft, 000 Seek Immediate Medical Attention), and
/// `ITB_FINDING_SIGNS_OVERLAP` (info, 000 Clinical Pearls) when overdose and withdrawal both
/// match; each subject the number of signs matched (`ITB_UNIT_STEP`).
/// Errors: `out` NULL, or `signs` NULL with a `signs_len` → `ITB_STATUS_NULL_POINTER`; a code
/// that is no `ITB_SIGN_*` → `ITB_STATUS_INVALID_ARGUMENT` naming it (`signs[2]`); `signs_len` 0
/// → `ITB_STATUS_INVALID_VALUE` (field `signs`); a sign given twice →
/// `ITB_STATUS_INVALID_VALUE` naming the later one (`signs[1]`).
///
/// # Safety
/// `signs` is NULL or valid for reads of `signs_len` `uint32_t`s; `out` is NULL or valid for a
/// write of an `ItbTriage`; `error` is NULL or valid for a write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_triage(
    signs: *const u32,
    signs_len: usize,
    out: *mut ItbTriage,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        // SAFETY: the caller's contract on `signs` is `observed`'s.
        let codes = unsafe { observed(signs, signs_len)? };
        let computed = signs::triage(&TriageRequest {
            signs: codes.into(),
        });
        let t = match &computed {
            Ok(t) => t,
            Err(e) => return Err(Failure::from(*e)),
        };
        let findings = CFindings::of(&t.findings)?;
        let mut matches = [ItbSignMatch::EMPTY; ITB_TRIAGE_MAX_MATCHES];
        // At most one match per list: ITB_TRIAGE_MAX_MATCHES (checked at compile time).
        for (slot, m) in matches.iter_mut().zip(t.matches()) {
            *slot = ItbSignMatch::of(m);
        }
        write_result!(
            out,
            findings,
            ItbTriage {
                match_count: t.matches().len(),
                matches,
            }
        );
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::mem::MaybeUninit;
    use std::ptr::{null, null_mut};

    use super::*;
    use crate::finding::*;
    use crate::quantity::ITB_UNIT_STEP;
    use crate::test_support::{call, error_field as field, static_str, zeroed_error};

    #[test]
    fn codes_are_fixed() {
        // By hand: these numbers are the ABI and are never renumbered.
        assert_eq!(SignList::ALL.map(Coded::code), [2101, 2102, 2103]);
        assert_eq!(
            SignCode::ALL.map(Coded::code),
            [
                2201, 2202, 2203, 2204, 2205, 2206, 2207, 2208, 2209, 2210, 2211, 2212, 2213, 2214,
                2215, 2216, 2217, 2218, 2219, 2220, 2221, 2222, 2223
            ]
        );
        for s in SignCode::ALL {
            assert_eq!(decode::<SignCode>(s.code(), "signs[0]"), Ok(s));
        }
    }

    const UNSET_SIGN: ItbSign = ItbSign {
        code: 7,
        code_name: null(),
        text: null(),
        source: null(),
    };
    const UNSET_ACTION: ItbSignAction = ItbSignAction {
        text: null(),
        source: null(),
    };

    struct Listed {
        status: ItbStatus,
        list: Option<ItbSignList>,
        signs: Vec<ItbSign>,
        actions: Vec<ItbSignAction>,
        field: String,
    }

    fn signs_of(list: u32, signs_capacity: usize, actions_capacity: usize) -> Listed {
        let mut signs = vec![UNSET_SIGN; signs_capacity];
        let mut actions = vec![UNSET_ACTION; actions_capacity];
        let mut out = MaybeUninit::<ItbSignList>::uninit();
        let mut error = zeroed_error();
        let s = match signs_capacity {
            0 => null_mut(),
            _ => signs.as_mut_ptr(),
        };
        let a = match actions_capacity {
            0 => null_mut(),
            _ => actions.as_mut_ptr(),
        };
        // SAFETY: each array holds its capacity (NULL when 0); the other pointers are valid.
        let status = unsafe {
            itb_signs(
                list,
                s,
                signs_capacity,
                a,
                actions_capacity,
                out.as_mut_ptr(),
                &mut error,
            )
        };
        let written = matches!(status, ItbStatus::Ok | ItbStatus::BufferTooSmall);
        Listed {
            status,
            // SAFETY: the library writes the whole struct on success and on BUFFER_TOO_SMALL.
            list: written.then(|| unsafe { out.assume_init() }),
            signs,
            actions,
            field: field(&error).to_owned(),
        }
    }

    fn sign_codes(signs: &[ItbSign]) -> Vec<u32> {
        signs.iter().map(|s| s.code).collect()
    }

    #[test]
    fn the_overdose_list_in_full_with_the_cores_strings() {
        // 000 Overdose Information: nine signs, hypotonia to coma, and four actions.
        let c = signs_of(
            ITB_SIGN_LIST_OVERDOSE,
            ITB_SIGN_LIST_MAX_SIGNS,
            ITB_SIGN_LIST_MAX_ACTIONS,
        );
        assert_eq!(c.status, ItbStatus::Ok);
        let l = c.list.unwrap();
        assert_eq!(
            (
                l.list,
                static_str(l.list_name),
                l.sign_count,
                l.action_count
            ),
            (ITB_SIGN_LIST_OVERDOSE, "overdose", 9, 4)
        );
        assert_eq!(
            sign_codes(&c.signs),
            [
                ITB_SIGN_HYPOTONIA,
                ITB_SIGN_SOMNOLENCE,
                ITB_SIGN_LIGHTHEADEDNESS,
                ITB_SIGN_DIZZINESS,
                ITB_SIGN_RESPIRATORY_DEPRESSION,
                ITB_SIGN_BRADYCARDIA,
                ITB_SIGN_HYPOTHERMIA,
                ITB_SIGN_SEIZURES,
                ITB_SIGN_COMA
            ]
        );
        let bradycardia = c.signs[5];
        assert_eq!(
            (
                static_str(bradycardia.code_name),
                static_str(bradycardia.text),
                static_str(bradycardia.source)
            ),
            (
                "bradycardia",
                "a slow heart rate (bradycardia)",
                "000 Overdose Information"
            )
        );
        // No copies: the core's own static strings.
        let core = &SignList::Overdose.signs()[5];
        assert_eq!(bradycardia.text, core.text.as_ptr());
        assert_eq!(bradycardia.code_name, core.code.as_c_str().as_ptr());
        assert_eq!(static_str(c.actions[2].text), "Do not induce vomiting.");
        assert!(
            c.actions
                .iter()
                .all(|a| static_str(a.source) == "000 Overdose Information")
        );
    }

    #[test]
    fn seizures_are_a_withdrawal_sign_too_with_their_own_source() {
        let c = signs_of(ITB_SIGN_LIST_WITHDRAWAL, 9, 3);
        assert_eq!(c.status, ItbStatus::Ok);
        let l = c.list.unwrap();
        assert_eq!((l.sign_count, l.action_count), (9, 3));
        assert_eq!(c.signs[0].code, ITB_SIGN_HIGH_FEVER);
        let seizures = c.signs[7];
        assert_eq!(
            (seizures.code, static_str(seizures.source)),
            (
                ITB_SIGN_SEIZURES,
                "001 Side Effects/Withdrawal Symptoms and Signs"
            )
        );
        assert_eq!(c.signs[8].code, ITB_SIGN_RHABDOMYOLYSIS);
        assert_eq!(
            static_str(c.actions[2].source),
            "001 Precautions and Warnings"
        );
    }

    #[test]
    fn all_three_lists_are_three_calls() {
        // The protocol's request without a list: overdose, withdrawal, pump_problem; 9 + 9 + 6
        // signs, 4 + 3 + 2 actions.
        let lists = [
            ITB_SIGN_LIST_OVERDOSE,
            ITB_SIGN_LIST_WITHDRAWAL,
            ITB_SIGN_LIST_PUMP_PROBLEM,
        ];
        let counts = lists.map(|l| {
            let c = signs_of(l, ITB_SIGN_LIST_MAX_SIGNS, ITB_SIGN_LIST_MAX_ACTIONS);
            assert_eq!(c.status, ItbStatus::Ok);
            let l = c.list.unwrap();
            (static_str(l.list_name), l.sign_count, l.action_count)
        });
        assert_eq!(
            counts,
            [
                ("overdose", 9, 4),
                ("withdrawal", 9, 3),
                ("pump_problem", 6, 2)
            ]
        );
        let pump = signs_of(ITB_SIGN_LIST_PUMP_PROBLEM, 6, 2);
        assert_eq!(
            sign_codes(&pump.signs),
            [
                ITB_SIGN_PUMP_SITE_PAIN,
                ITB_SIGN_PUMP_SITE_REDNESS,
                ITB_SIGN_PUMP_SITE_SWELLING,
                ITB_SIGN_PUMP_SITE_WARMTH,
                ITB_SIGN_PUMP_ALARM,
                ITB_SIGN_SUDDEN_RETURN_OF_SPASTICITY
            ]
        );
    }

    #[test]
    fn a_count_query_or_a_short_array_writes_the_counts_and_no_item() {
        let c = signs_of(ITB_SIGN_LIST_OVERDOSE, 0, 0);
        assert_eq!(
            (c.status, c.field.as_str()),
            (ItbStatus::BufferTooSmall, "signs_capacity")
        );
        let l = c.list.unwrap();
        assert_eq!((l.sign_count, l.action_count), (9, 4));
        // Room for every sign, one action too few: neither array is written.
        let c = signs_of(ITB_SIGN_LIST_OVERDOSE, 9, 3);
        assert_eq!(
            (c.status, c.field.as_str()),
            (ItbStatus::BufferTooSmall, "actions_capacity")
        );
        assert!(c.signs.iter().all(|s| s.code == UNSET_SIGN.code));
        assert!(c.actions.iter().all(|a| a.text.is_null()));
        // More room than needed: the rest stays as it was.
        let c = signs_of(ITB_SIGN_LIST_PUMP_PROBLEM, 8, 3);
        assert_eq!(c.status, ItbStatus::Ok);
        assert_eq!(c.signs[6].code, UNSET_SIGN.code);
        assert!(c.actions[2].text.is_null());
    }

    #[test]
    fn an_unknown_list_or_a_null_pointer_is_refused() {
        for list in [0, 1, 81, ITB_SIGN_HYPOTONIA, 2104, u32::MAX] {
            let c = signs_of(list, 9, 4);
            assert_eq!(
                (c.status, c.field.as_str()),
                (ItbStatus::InvalidArgument, "list"),
                "{list}"
            );
            assert!(c.list.is_none());
        }
        let mut error = zeroed_error();
        let mut out = MaybeUninit::<ItbSignList>::uninit();
        // SAFETY: the NULL arrays come with a capacity and are refused before any write.
        let status = unsafe {
            itb_signs(
                ITB_SIGN_LIST_OVERDOSE,
                null_mut(),
                9,
                null_mut(),
                0,
                out.as_mut_ptr(),
                &mut error,
            )
        };
        assert_eq!((status, field(&error)), (ItbStatus::NullPointer, "signs"));
        // SAFETY: NULL `out` is refused.
        let status = unsafe {
            itb_signs(
                ITB_SIGN_LIST_OVERDOSE,
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

    fn triage(codes: &[u32]) -> Result<ItbTriage, (ItbStatus, String)> {
        let ptr = match codes.len() {
            0 => null(),
            _ => codes.as_ptr(),
        };
        // SAFETY: `codes` holds `codes.len()` codes; `call` passes valid pointers.
        call(|out, e| unsafe { itb_triage(ptr, codes.len(), out, e) })
    }

    /// The matches as (list, [sign codes]).
    fn matched(t: &ItbTriage) -> Vec<(u32, Vec<u32>)> {
        t.matches[..t.match_count]
            .iter()
            .map(|m| (m.list, sign_codes(&m.signs[..m.sign_count])))
            .collect()
    }

    /// The findings as (code, severity, subject value).
    fn found(t: &ItbTriage) -> Vec<(u32, u32, f64)> {
        t.findings[..t.findings_len]
            .iter()
            .map(|f| {
                assert_eq!(f.subject.unit, ITB_UNIT_STEP);
                (f.code, f.severity, f.subject.value)
            })
            .collect()
    }

    #[test]
    fn seizures_alone_are_overdose_and_withdrawal_and_they_overlap() {
        // Seizures are on both lists: one sign each, a tie kept in the order overdose,
        // withdrawal; both hard; both matched: signs_overlap (info) with the 2 lists.
        let t = triage(&[ITB_SIGN_SEIZURES]).unwrap();
        assert_eq!(
            matched(&t),
            [
                (ITB_SIGN_LIST_OVERDOSE, vec![ITB_SIGN_SEIZURES]),
                (ITB_SIGN_LIST_WITHDRAWAL, vec![ITB_SIGN_SEIZURES])
            ]
        );
        assert_eq!(
            found(&t),
            [
                (ITB_FINDING_OVERDOSE_SIGNS, ITB_SEVERITY_HARD, 1.0),
                (ITB_FINDING_WITHDRAWAL_SIGNS, ITB_SEVERITY_HARD, 1.0),
                (ITB_FINDING_SIGNS_OVERLAP, ITB_SEVERITY_INFO, 2.0)
            ]
        );
        assert!(!t.allowed);
        let sources: Vec<&str> = t.findings[..3]
            .iter()
            .map(|f| static_str(f.source))
            .collect();
        assert_eq!(
            sources,
            [
                "000 Overdose Information",
                "002 Boxed Warning",
                "000 Clinical Pearls"
            ]
        );
        let seizures = t.matches[1].signs[0];
        assert_eq!(
            static_str(seizures.source),
            "001 Side Effects/Withdrawal Symptoms and Signs"
        );
        assert_eq!(t.matches[2].list, 0, "unused slots are empty");
    }

    #[test]
    fn most_matches_first_signs_in_the_lists_order() {
        // Two pump signs against one overdose sign: pump_problem first (soft), then overdose.
        let t = triage(&[ITB_SIGN_COMA, ITB_SIGN_PUMP_ALARM, ITB_SIGN_PUMP_SITE_PAIN]).unwrap();
        assert_eq!(
            matched(&t),
            [
                (
                    ITB_SIGN_LIST_PUMP_PROBLEM,
                    vec![ITB_SIGN_PUMP_SITE_PAIN, ITB_SIGN_PUMP_ALARM]
                ),
                (ITB_SIGN_LIST_OVERDOSE, vec![ITB_SIGN_COMA])
            ]
        );
        assert_eq!(
            found(&t),
            [
                (ITB_FINDING_PUMP_PROBLEM_SIGNS, ITB_SEVERITY_SOFT, 2.0),
                (ITB_FINDING_OVERDOSE_SIGNS, ITB_SEVERITY_HARD, 1.0)
            ]
        );
        // A pump alarm alone: soft only, allowed.
        let t = triage(&[ITB_SIGN_PUMP_ALARM]).unwrap();
        assert!(t.allowed);
        assert_eq!(t.match_count, 1);
        assert_eq!(
            static_str(t.findings[0].source),
            "000 Seek Immediate Medical Attention"
        );
        // Itching then fever: the withdrawal list's order, fever first.
        let t = triage(&[ITB_SIGN_PRURITUS, ITB_SIGN_HIGH_FEVER]).unwrap();
        assert_eq!(
            matched(&t),
            [(
                ITB_SIGN_LIST_WITHDRAWAL,
                vec![ITB_SIGN_HIGH_FEVER, ITB_SIGN_PRURITUS]
            )]
        );
        assert_eq!(static_str(t.matches[0].list_name), "withdrawal");
    }

    fn refused(codes: &[u32]) -> (ItbStatus, String) {
        triage(codes).map(|_| ()).unwrap_err()
    }

    #[test]
    fn bad_signs_are_refused_in_the_protocols_order() {
        let invalid = |f: &str| (ItbStatus::InvalidValue, f.to_owned());
        assert_eq!(refused(&[]), invalid("signs"));
        assert_eq!(
            refused(&[ITB_SIGN_COMA, ITB_SIGN_SEIZURES, ITB_SIGN_COMA]),
            invalid("signs[2]")
        );
        // Every code is read before the core sees the list: an unknown one after a repeat is
        // reported first.
        assert_eq!(
            refused(&[ITB_SIGN_COMA, ITB_SIGN_COMA, ITB_SIGN_LIST_OVERDOSE]),
            (ItbStatus::InvalidArgument, "signs[2]".to_owned())
        );
        let mut error = zeroed_error();
        let codes = [ITB_SIGN_COMA, 0];
        let mut out = MaybeUninit::<ItbTriage>::uninit();
        // SAFETY: valid pointers; `out` is not written on failure.
        let status = unsafe { itb_triage(codes.as_ptr(), 2, out.as_mut_ptr(), &mut error) };
        assert_eq!(status, ItbStatus::InvalidArgument);
        // SAFETY: the library NUL-terminates the message.
        let message = unsafe { std::ffi::CStr::from_ptr(error.message.as_ptr()) };
        assert_eq!(
            message.to_str().unwrap(),
            "signs[1]: 0 is not an ITB_SIGN_* code; allowed: 2201 (hypotonia) to 2223 \
             (sudden_return_of_spasticity)"
        );
        // SAFETY: NULL with a length and NULL `out` are refused.
        let status = unsafe { itb_triage(null(), 2, out.as_mut_ptr(), &mut error) };
        assert_eq!((status, field(&error)), (ItbStatus::NullPointer, "signs"));
        // SAFETY: as above.
        let status = unsafe { itb_triage(codes.as_ptr(), 1, null_mut(), &mut error) };
        assert_eq!((status, field(&error)), (ItbStatus::NullPointer, "out"));
    }

    #[test]
    fn every_sign_at_once_matches_every_list() {
        // 23 signs: overdose 9, withdrawal 9 (seizures counted on both), pump 6; the tie of
        // 9 and 9 in list order.
        let all = SignCode::ALL.map(Coded::code);
        let t = triage(&all).unwrap();
        let counts: Vec<(u32, usize)> = t.matches[..t.match_count]
            .iter()
            .map(|m| (m.list, m.sign_count))
            .collect();
        assert_eq!(
            counts,
            [
                (ITB_SIGN_LIST_OVERDOSE, 9),
                (ITB_SIGN_LIST_WITHDRAWAL, 9),
                (ITB_SIGN_LIST_PUMP_PROBLEM, 6)
            ]
        );
        assert_eq!(t.findings_len, 4);
    }
}
