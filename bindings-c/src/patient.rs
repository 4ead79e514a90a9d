//! The patient across the boundary: the withdrawal risk factors of the US boxed warning (002
//! Boxed Warning), a `uint32_t` set of `ITB_RISK_*` flags, and the patient-level cautions of the
//! labels (`itb_patient_check`).
//!
//! 0 is no known risk factor, so a zeroed request field keeps the protocol's default (an empty
//! list). A bit that is no flag is refused (`ITB_STATUS_INVALID_ARGUMENT` naming
//! `risk_factors`, as any other unknown code) when the core reaches the field, after every
//! other field of the request. Routes are `uint32_t` codes (25xx); the inputs a check read come
//! back as `ITB_CHECKED_*` flags.

use itb::ErrorKind;
use itb::patient::{self, Checked, PatientRequest, RiskFactor, RiskFactors, Route};
use itb::profile::Profile;
use itb::units::Given;

use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::profile::{Coded, decode};
use crate::quantity::Unread;
use crate::status::{Failure, ItbError, ItbStatus};

/// A spinal cord injury at T6 or above (`"sci_t6_or_above"` in the protocol).
pub const ITB_RISK_SCI_T6_OR_ABOVE: u32 = 1;
/// Difficulty communicating: the patient may not report early signs
/// (`"communication_difficulty"`).
pub const ITB_RISK_COMMUNICATION_DIFFICULTY: u32 = 2;
/// Withdrawal symptoms before, from oral or intrathecal baclofen (`"prior_withdrawal"`).
pub const ITB_RISK_PRIOR_WITHDRAWAL: u32 = 4;

/// The flag of each core risk factor. Exhaustive: a factor added to the core does not compile
/// here until it has its flag.
const fn flag(factor: RiskFactor) -> u32 {
    match factor {
        RiskFactor::SciT6OrAbove => ITB_RISK_SCI_T6_OR_ABOVE,
        RiskFactor::CommunicationDifficulty => ITB_RISK_COMMUNICATION_DIFFICULTY,
        RiskFactor::PriorWithdrawal => ITB_RISK_PRIOR_WITHDRAWAL,
    }
}

/// The core's set of a `uint32_t` of `ITB_RISK_*` flags; a bit that is no flag is unreadable and
/// reported as `ITB_STATUS_INVALID_ARGUMENT` on `risk_factors` when the core reaches it.
pub(crate) fn risk_factors(bits: u32, unread: &mut Unread) -> Given<RiskFactors> {
    let known = RiskFactor::ALL.iter().fold(0, |all, r| all | flag(*r));
    if bits & !known == 0 {
        let set = RiskFactor::ALL
            .into_iter()
            .filter(|r| bits & flag(*r) != 0)
            .collect();
        return Given::new(set);
    }
    let allowed: Vec<String> = RiskFactor::ALL
        .iter()
        .map(|r| format!("{} ({})", flag(*r), r.id()))
        .collect();
    let message = format!(
        "risk_factors: {bits:#x} holds bits {:#x} that are no ITB_RISK_* flag; allowed: 0 (none \
         known) or any of {} combined with |",
        bits & !known,
        allowed.join(", ")
    );
    let failure = Failure::new(ItbStatus::InvalidArgument, "risk_factors", message);
    unread.keep("risk_factors", ErrorKind::InvalidValue, failure);
    Given::unreadable(ErrorKind::InvalidValue)
}

/// Into the cerebrospinal fluid: the only route of intrathecal baclofen.
pub const ITB_ROUTE_INTRATHECAL: u32 = 2501;
/// Into a vein.
pub const ITB_ROUTE_INTRAVENOUS: u32 = 2502;
/// Into a muscle.
pub const ITB_ROUTE_INTRAMUSCULAR: u32 = 2503;
/// Under the skin.
pub const ITB_ROUTE_SUBCUTANEOUS: u32 = 2504;
/// Into the epidural space.
pub const ITB_ROUTE_EPIDURAL: u32 = 2505;
/// By mouth.
pub const ITB_ROUTE_ORAL: u32 = 2506;

impl Coded for Route {
    const ALL: &'static [Self] = &Route::ALL;
    const CODES: &'static str = "ITB_ROUTE_*";
    fn code(self) -> u32 {
        match self {
            Route::Intrathecal => ITB_ROUTE_INTRATHECAL,
            Route::Intravenous => ITB_ROUTE_INTRAVENOUS,
            Route::Intramuscular => ITB_ROUTE_INTRAMUSCULAR,
            Route::Subcutaneous => ITB_ROUTE_SUBCUTANEOUS,
            Route::Epidural => ITB_ROUTE_EPIDURAL,
            Route::Oral => ITB_ROUTE_ORAL,
        }
    }
    fn id(self) -> &'static str {
        Route::id(self)
    }
}

/// `age_years` was checked (`ItbPatientCheck.checked`).
pub const ITB_CHECKED_AGE_YEARS: u32 = 1;
/// `pregnant` was checked.
pub const ITB_CHECKED_PREGNANT: u32 = 2;
/// `breastfeeding` was checked.
pub const ITB_CHECKED_BREASTFEEDING: u32 = 4;
/// `infection` was checked.
pub const ITB_CHECKED_INFECTION: u32 = 8;
/// `months_since_head_injury` was checked.
pub const ITB_CHECKED_MONTHS_SINCE_HEAD_INJURY: u32 = 16;
/// `route` was checked.
pub const ITB_CHECKED_ROUTE: u32 = 32;
/// `risk_factors` was checked.
pub const ITB_CHECKED_RISK_FACTORS: u32 = 64;

/// The flag of each input the core checks. Exhaustive: an input added to the core does not
/// compile here until it has its flag.
const fn checked_flag(input: Checked) -> u32 {
    match input {
        Checked::AgeYears => ITB_CHECKED_AGE_YEARS,
        Checked::Pregnant => ITB_CHECKED_PREGNANT,
        Checked::Breastfeeding => ITB_CHECKED_BREASTFEEDING,
        Checked::Infection => ITB_CHECKED_INFECTION,
        Checked::MonthsSinceHeadInjury => ITB_CHECKED_MONTHS_SINCE_HEAD_INJURY,
        Checked::Route => ITB_CHECKED_ROUTE,
        Checked::RiskFactors => ITB_CHECKED_RISK_FACTORS,
    }
}

/// What is known about a patient (the input of `itb_patient_check`): every input optional,
/// given by its `has_*` flag (a member whose flag is false is not read). At least one must be
/// given; a zeroed struct gives none and is refused.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbPatientRequest {
    /// True when `profile` holds the labelling profile; needed with `age_years`.
    pub has_profile: bool,
    /// `ITB_PROFILE_US` or `ITB_PROFILE_UK`: it decides the under-4 finding.
    pub profile: u32,
    /// True when `age_years` holds the age.
    pub has_age: bool,
    /// The age in years, 0 to 150.
    pub age_years: f64,
    /// True when `pregnant` is known.
    pub has_pregnant: bool,
    /// Pregnant.
    pub pregnant: bool,
    /// True when `breastfeeding` is known.
    pub has_breastfeeding: bool,
    /// Breastfeeding.
    pub breastfeeding: bool,
    /// True when `infection` is known.
    pub has_infection: bool,
    /// A current infection.
    pub infection: bool,
    /// True when `months_since_head_injury` holds the time since a head injury.
    pub has_months_since_head_injury: bool,
    /// The months since a head injury, 0 or more.
    pub months_since_head_injury: f64,
    /// True when `route` holds the route the drug is to be given by.
    pub has_route: bool,
    /// An `ITB_ROUTE_*` code.
    pub route: u32,
    /// True when `risk_factors` holds the withdrawal risk factors known (0: none).
    pub has_risk_factors: bool,
    /// `ITB_RISK_*` flags combined with `|`.
    pub risk_factors: u32,
}

/// The cautions that apply to a patient (`itb_patient_check`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbPatientCheck {
    /// The inputs checked, `ITB_CHECKED_*` flags combined with `|`: those given, the profile
    /// aside (a `false` given is checked too).
    pub checked: u32,
    /// False exactly when a finding is hard (under 4 years in the UK, a route not intrathecal).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The core's route of a code; an unknown code is unreadable and reported as
/// `ITB_STATUS_INVALID_ARGUMENT` on `route` when the core reaches it.
fn route(code: u32, unread: &mut Unread) -> Given<Route> {
    match decode::<Route>(code, "route") {
        Ok(r) => Given::new(r),
        Err(failure) => {
            unread.keep("route", ErrorKind::InvalidValue, failure);
            Given::unreadable(ErrorKind::InvalidValue)
        }
    }
}

/// The patient-level cautions of the labels, for what is known about a patient.
///
/// Findings, in this order: `ITB_FINDING_AGE_BELOW_4_YEARS` (US soft, UK hard), `_ELDERLY`
/// (info; 65 or older), `_PREGNANCY` (soft), `_BREASTFEEDING` (info), `_INFECTION` (soft),
/// `_HEAD_INJURY_UNDER_1_YEAR` (soft; under 12 months, its subject in years),
/// `_ROUTE_NOT_INTRATHECAL` (hard; any route but `ITB_ROUTE_INTRATHECAL`), `_WITHDRAWAL_RISK`
/// (soft; any risk factor). Worked by hand: 65 years (US) is elderly; 3.9 years in the UK is
/// under 4, hard; 12 months after a head injury is a year, no finding.
/// Errors: `request` or `out` NULL → `ITB_STATUS_NULL_POINTER`; nothing given →
/// `ITB_STATUS_MISSING_FIELD` (field `""`); only the profile → `ITB_STATUS_MISSING_FIELD`
/// (`age_years`); an age without the profile → `ITB_STATUS_MISSING_FIELD` (`profile`); an
/// unknown profile, route or risk-factor bit → `ITB_STATUS_INVALID_ARGUMENT`; a negative age or
/// months → `ITB_STATUS_NEGATIVE`, NaN or infinite `ITB_STATUS_NOT_FINITE`, an age above 150
/// years `ITB_STATUS_OUT_OF_RANGE`. `ItbError.field` names the member; the profile is checked
/// first, the rest in the order of the struct.
///
/// # Safety
/// `request` is NULL or points at a readable `ItbPatientRequest`; `out` is NULL or valid for a
/// write of an `ItbPatientCheck`; `error` is NULL or valid for a write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_patient_check(
    request: *const ItbPatientRequest,
    out: *mut ItbPatientCheck,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let r = try_ref!(request, "request");
        let out = try_out!(out, "out");
        let profile = match r.has_profile {
            true => Some(decode::<Profile>(r.profile, "profile")?),
            false => None,
        };
        let mut unread = Unread::default();
        let request = PatientRequest {
            profile,
            age_years: r.has_age.then_some(r.age_years),
            pregnant: r.has_pregnant.then_some(r.pregnant),
            breastfeeding: r.has_breastfeeding.then_some(r.breastfeeding),
            infection: r.has_infection.then_some(r.infection),
            months_since_head_injury: r
                .has_months_since_head_injury
                .then_some(r.months_since_head_injury),
            route: r.has_route.then(|| route(r.route, &mut unread)),
            risk_factors: r
                .has_risk_factors
                .then(|| risk_factors(r.risk_factors, &mut unread)),
        };
        let computed = patient::patient_check(&request);
        let check = unread.check(&computed)?;
        let findings = CFindings::of(&check.findings)?;
        write_result!(
            out,
            findings,
            ItbPatientCheck {
                checked: check.checked().fold(0, |bits, c| bits | checked_flag(c)),
            }
        );
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bits: u32) -> Result<RiskFactors, Failure> {
        let mut unread = Unread::default();
        let given = risk_factors(bits, &mut unread);
        given
            .read("risk_factors", itb::patient::RISK_FACTOR_IDS)
            .map_err(|e| unread.fail(e))
    }

    #[test]
    fn flags_are_fixed_and_name_every_core_factor() {
        // By hand: the ABI numbers, one bit each.
        assert_eq!(RiskFactor::ALL.map(flag), [1, 2, 4]);
    }

    #[test]
    fn zero_is_none_and_each_combination_is_its_set() {
        assert_eq!(read(0), Ok(RiskFactors::NONE));
        let two = read(ITB_RISK_SCI_T6_OR_ABOVE | ITB_RISK_PRIOR_WITHDRAWAL).unwrap();
        let ids: Vec<&str> = two.iter().map(RiskFactor::id).collect();
        assert_eq!(ids, ["sci_t6_or_above", "prior_withdrawal"]);
        assert_eq!(read(7).unwrap().len(), 3);
    }

    #[test]
    fn an_unknown_bit_is_refused_with_the_flags_allowed() {
        for bits in [8, 9, 0x80, 0x8000_0000, u32::MAX] {
            let e = read(bits).unwrap_err();
            assert_eq!(
                (e.status, e.field.as_str()),
                (ItbStatus::InvalidArgument, "risk_factors"),
                "{bits}"
            );
        }
        assert_eq!(
            read(9).unwrap_err().message,
            "risk_factors: 0x9 holds bits 0x8 that are no ITB_RISK_* flag; allowed: 0 (none \
             known) or any of 1 (sci_t6_or_above), 2 (communication_difficulty), 4 \
             (prior_withdrawal) combined with |"
        );
    }

    use crate::finding::*;
    use crate::profile::{ITB_PROFILE_UK, ITB_PROFILE_US};
    use crate::quantity::{ITB_UNIT_STEP, ITB_UNIT_YEAR};
    use crate::test_support::{Reported, call, error_field, static_str, zeroed_error};

    #[test]
    fn route_and_checked_codes_are_fixed() {
        // By hand: these numbers are the ABI and are never renumbered.
        assert_eq!(
            Route::ALL.map(Coded::code),
            [2501, 2502, 2503, 2504, 2505, 2506]
        );
        assert_eq!(Checked::ALL.map(checked_flag), [1, 2, 4, 8, 16, 32, 64]);
    }

    /// Nothing given: every `has_*` false, the values not read.
    const NOTHING: ItbPatientRequest = ItbPatientRequest {
        has_profile: false,
        profile: 0,
        has_age: false,
        age_years: f64::NAN,
        has_pregnant: false,
        pregnant: false,
        has_breastfeeding: false,
        breastfeeding: false,
        has_infection: false,
        infection: false,
        has_months_since_head_injury: false,
        months_since_head_injury: f64::NAN,
        has_route: false,
        route: 0,
        has_risk_factors: false,
        risk_factors: 0,
    };

    fn aged(profile: u32, years: f64) -> ItbPatientRequest {
        ItbPatientRequest {
            has_profile: true,
            profile,
            has_age: true,
            age_years: years,
            ..NOTHING
        }
    }

    fn check(r: &ItbPatientRequest) -> Result<ItbPatientCheck, Reported> {
        // SAFETY: `r` is valid; `call` passes valid pointers.
        call(|out, e| unsafe { itb_patient_check(r, out, e) })
    }

    /// The findings as (code, severity).
    fn found(r: &ItbPatientRequest) -> Vec<(u32, u32)> {
        let c = check(r).unwrap();
        c.findings[..c.findings_len]
            .iter()
            .map(|f| (f.code, f.severity))
            .collect()
    }

    #[test]
    fn sixty_five_is_elderly_under_four_is_by_profile() {
        // 000 Geriatric Use: 65 or older; 64.9 is not.
        let c = check(&aged(ITB_PROFILE_US, 65.0)).unwrap();
        assert_eq!(
            (c.checked, c.allowed, c.findings_len),
            (ITB_CHECKED_AGE_YEARS, true, 1)
        );
        let f = c.findings[0];
        assert_eq!(
            (f.code, f.severity, static_str(f.source)),
            (
                ITB_FINDING_ELDERLY,
                ITB_SEVERITY_INFO,
                "000 Special Patient Groups/Geriatric Use"
            )
        );
        assert_eq!((f.subject.value, f.subject.unit), (65.0, ITB_UNIT_YEAR));
        assert_eq!((f.limit.value, f.limit.unit), (65.0, ITB_UNIT_YEAR));
        assert!(found(&aged(ITB_PROFILE_US, 64.9)).is_empty());
        // Under 4: soft in the US, hard (a contraindication) in the UK; exactly 4 is not under.
        assert_eq!(
            found(&aged(ITB_PROFILE_US, 3.9)),
            [(ITB_FINDING_AGE_BELOW_4_YEARS, ITB_SEVERITY_SOFT)]
        );
        let uk = check(&aged(ITB_PROFILE_UK, 3.9)).unwrap();
        assert!(!uk.allowed);
        assert_eq!(
            (uk.findings[0].code, uk.findings[0].severity),
            (ITB_FINDING_AGE_BELOW_4_YEARS, ITB_SEVERITY_HARD)
        );
        assert!(found(&aged(ITB_PROFILE_UK, 4.0)).is_empty());
    }

    #[test]
    fn each_caution_in_the_protocols_order() {
        // Everything given: findings in the order age, pregnancy, breastfeeding, infection,
        // head injury, route, risk factors.
        let r = ItbPatientRequest {
            pregnant: true,
            has_pregnant: true,
            has_breastfeeding: true,
            breastfeeding: true,
            has_infection: true,
            infection: true,
            has_months_since_head_injury: true,
            months_since_head_injury: 11.0,
            has_route: true,
            route: ITB_ROUTE_EPIDURAL,
            has_risk_factors: true,
            risk_factors: ITB_RISK_PRIOR_WITHDRAWAL,
            ..aged(ITB_PROFILE_UK, 70.0)
        };
        assert_eq!(
            found(&r),
            [
                (ITB_FINDING_ELDERLY, ITB_SEVERITY_INFO),
                (ITB_FINDING_PREGNANCY, ITB_SEVERITY_SOFT),
                (ITB_FINDING_BREASTFEEDING, ITB_SEVERITY_INFO),
                (ITB_FINDING_INFECTION, ITB_SEVERITY_SOFT),
                (ITB_FINDING_HEAD_INJURY_UNDER_1_YEAR, ITB_SEVERITY_SOFT),
                (ITB_FINDING_ROUTE_NOT_INTRATHECAL, ITB_SEVERITY_HARD),
                (ITB_FINDING_WITHDRAWAL_RISK, ITB_SEVERITY_SOFT),
            ]
        );
        let c = check(&r).unwrap();
        assert_eq!(c.checked, 127, "all seven inputs: 1 + 2 + ... + 64");
        assert!(!c.allowed, "a route not intrathecal is hard");
        let sources: Vec<&str> = c.findings[1..6]
            .iter()
            .map(|f| static_str(f.source))
            .collect();
        assert_eq!(
            sources,
            [
                "001 Pregnancy and Lactation/Pregnancy; 000 Special Patient Groups/Pregnancy",
                "000 Special Patient Groups/Lactation",
                "001 Precautions and Warnings",
                "001 Therapeutic Indications; 002 Indications and Usage",
                "002 Description; 002 Contraindications",
            ]
        );
        // 11 months is 11 / 12 year, against a year.
        let head = c.findings[4];
        assert_eq!(head.subject.unit, ITB_UNIT_YEAR);
        assert!((head.subject.value - 11.0 / 12.0).abs() < 1e-12);
        assert_eq!((head.limit.value, head.limit.unit), (1.0, ITB_UNIT_YEAR));
        assert_eq!(
            (c.findings[1].subject.value, c.findings[1].subject.unit),
            (1.0, ITB_UNIT_STEP)
        );
    }

    #[test]
    fn what_is_given_is_checked_even_when_false_or_empty() {
        // pregnant false, 12 months (a year: no finding), intrathecal, no risk factor: four
        // inputs checked, no finding.
        let r = ItbPatientRequest {
            has_pregnant: true,
            pregnant: false,
            has_months_since_head_injury: true,
            months_since_head_injury: 12.0,
            has_route: true,
            route: ITB_ROUTE_INTRATHECAL,
            has_risk_factors: true,
            risk_factors: 0,
            ..NOTHING
        };
        let c = check(&r).unwrap();
        assert_eq!(
            c.checked,
            ITB_CHECKED_PREGNANT
                | ITB_CHECKED_MONTHS_SINCE_HEAD_INJURY
                | ITB_CHECKED_ROUTE
                | ITB_CHECKED_RISK_FACTORS
        );
        assert_eq!((c.findings_len, c.allowed), (0, true));
        // The profile alone is not an input checked; with another input it is fine.
        let r = ItbPatientRequest {
            has_profile: true,
            profile: ITB_PROFILE_US,
            has_infection: true,
            infection: false,
            ..NOTHING
        };
        assert_eq!(check(&r).unwrap().checked, ITB_CHECKED_INFECTION);
        for route in [
            ITB_ROUTE_INTRAVENOUS,
            ITB_ROUTE_INTRAMUSCULAR,
            ITB_ROUTE_SUBCUTANEOUS,
            ITB_ROUTE_ORAL,
        ] {
            let r = ItbPatientRequest {
                has_route: true,
                route,
                ..NOTHING
            };
            assert_eq!(
                found(&r),
                [(ITB_FINDING_ROUTE_NOT_INTRATHECAL, ITB_SEVERITY_HARD)]
            );
        }
    }

    fn refused(r: &ItbPatientRequest) -> (ItbStatus, String) {
        check(r).map(|_| ()).unwrap_err()
    }

    #[test]
    fn bad_requests_name_the_member() {
        let at = |s: ItbStatus, f: &str| (s, f.to_owned());
        assert_eq!(refused(&NOTHING), at(ItbStatus::MissingField, ""));
        let profile_only = ItbPatientRequest {
            has_profile: true,
            profile: ITB_PROFILE_UK,
            ..NOTHING
        };
        assert_eq!(
            refused(&profile_only),
            at(ItbStatus::MissingField, "age_years")
        );
        let no_profile = ItbPatientRequest {
            has_profile: false,
            ..aged(ITB_PROFILE_US, 40.0)
        };
        assert_eq!(refused(&no_profile), at(ItbStatus::MissingField, "profile"));
        assert_eq!(
            refused(&aged(7, 40.0)),
            at(ItbStatus::InvalidArgument, "profile")
        );
        assert_eq!(
            refused(&aged(ITB_PROFILE_US, -1.0)),
            at(ItbStatus::Negative, "age_years")
        );
        assert_eq!(
            refused(&aged(ITB_PROFILE_US, 151.0)),
            at(ItbStatus::OutOfRange, "age_years")
        );
        assert_eq!(
            refused(&aged(ITB_PROFILE_US, f64::NAN)),
            at(ItbStatus::NotFinite, "age_years")
        );
        // An unknown route is reported in its turn: a negative months first.
        let r = ItbPatientRequest {
            has_route: true,
            route: ITB_PROFILE_US,
            ..NOTHING
        };
        assert_eq!(refused(&r), at(ItbStatus::InvalidArgument, "route"));
        let months = ItbPatientRequest {
            has_months_since_head_injury: true,
            months_since_head_injury: -2.0,
            ..r
        };
        assert_eq!(
            refused(&months),
            at(ItbStatus::Negative, "months_since_head_injury")
        );
        let bits = ItbPatientRequest {
            has_risk_factors: true,
            risk_factors: 8,
            ..NOTHING
        };
        assert_eq!(
            refused(&bits),
            at(ItbStatus::InvalidArgument, "risk_factors")
        );
        let mut error = zeroed_error();
        let mut out = std::mem::MaybeUninit::<ItbPatientCheck>::uninit();
        // SAFETY: NULL pointers are refused.
        let status = unsafe { itb_patient_check(std::ptr::null(), out.as_mut_ptr(), &mut error) };
        assert_eq!(
            (status, error_field(&error)),
            (ItbStatus::NullPointer, "request")
        );
        // SAFETY: as above.
        let status = unsafe { itb_patient_check(&NOTHING, std::ptr::null_mut(), &mut error) };
        assert_eq!(
            (status, error_field(&error)),
            (ItbStatus::NullPointer, "out")
        );
    }
}
