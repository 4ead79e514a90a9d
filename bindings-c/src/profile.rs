//! Labelling profiles, origins and phases across the boundary: `uint32_t` codes, validated.
//!
//! The tens digit of a code is its enumeration (1x profile, 2x origin, 3x phase, 4x initial-dose
//! rule), as the hundreds digit of a unit code is its dimension: an origin passed where a phase
//! belongs is refused instead of being read as another phase. 0 is never a code, so a zeroed
//! struct names no profile. Codes are never renumbered.
//!
//! The enumerations of the knowledge functions (sign lists, signs, drug classes, interaction
//! severities, routes, monitoring phases) have codes of 2000 and above, the hundreds digit
//! naming the enumeration (21xx to 26xx), clear of every unit code (101 to 1001).

use itb::profile::{Origin, Phase, Profile};

use crate::status::{Failure, ItbStatus};

/// The US label family (seed 002 and its restatements): `"us"` in the protocol.
pub const ITB_PROFILE_US: u32 = 11;
/// The UK SmPC (seed 001): `"uk"` in the protocol.
pub const ITB_PROFILE_UK: u32 = 12;
/// Spasticity of spinal origin (spinal cord injury, multiple sclerosis).
pub const ITB_ORIGIN_SPINAL: u32 = 21;
/// Spasticity of cerebral origin (cerebral palsy, brain injury).
pub const ITB_ORIGIN_CEREBRAL: u32 = 22;
/// The dose-titration phase after implant.
pub const ITB_PHASE_TITRATION: u32 = 31;
/// Maintenance therapy.
pub const ITB_PHASE_MAINTENANCE: u32 = 32;

/// A core enumeration that crosses the boundary as a `uint32_t` code.
pub(crate) trait Coded: Copy + 'static {
    /// Every value, from the core.
    const ALL: &'static [Self];
    /// `"ITB_PROFILE_*"`, for messages.
    const CODES: &'static str;
    /// The C code. Exhaustive matches: a value added to the core does not compile here until
    /// it has its code.
    fn code(self) -> u32;
    /// The protocol's id (`"us"`).
    fn id(self) -> &'static str;
}

impl Coded for Profile {
    const ALL: &'static [Self] = &Profile::ALL;
    const CODES: &'static str = "ITB_PROFILE_*";
    fn code(self) -> u32 {
        match self {
            Profile::Us => ITB_PROFILE_US,
            Profile::Uk => ITB_PROFILE_UK,
        }
    }
    fn id(self) -> &'static str {
        Profile::id(self)
    }
}

impl Coded for Origin {
    const ALL: &'static [Self] = &Origin::ALL;
    const CODES: &'static str = "ITB_ORIGIN_*";
    fn code(self) -> u32 {
        match self {
            Origin::Spinal => ITB_ORIGIN_SPINAL,
            Origin::Cerebral => ITB_ORIGIN_CEREBRAL,
        }
    }
    fn id(self) -> &'static str {
        Origin::id(self)
    }
}

impl Coded for Phase {
    const ALL: &'static [Self] = &Phase::ALL;
    const CODES: &'static str = "ITB_PHASE_*";
    fn code(self) -> u32 {
        match self {
            Phase::Titration => ITB_PHASE_TITRATION,
            Phase::Maintenance => ITB_PHASE_MAINTENANCE,
        }
    }
    fn id(self) -> &'static str {
        Phase::id(self)
    }
}

/// The most codes a message lists one by one; a longer enumeration of consecutive codes (the
/// 23 signs) is given as its first and last, so the message fits `ItbError.message`.
const LISTED: usize = 9;

/// The value of a code, or `ITB_STATUS_INVALID_ARGUMENT` naming the field, the code and the
/// codes allowed: `"origin: 31 is not an ITB_ORIGIN_* code; allowed: 21 (spinal), 22
/// (cerebral)"`, `"signs[0]: 7 is not an ITB_SIGN_* code; allowed: 2201 (hypotonia) to 2223
/// (sudden_return_of_spasticity)"`.
pub(crate) fn decode<T: Coded>(code: u32, field: &str) -> Result<T, Failure> {
    if let Some(value) = T::ALL.iter().find(|v| v.code() == code) {
        return Ok(*value);
    }
    let named = |v: &T| format!("{} ({})", v.code(), v.id());
    let consecutive = T::ALL.windows(2).all(|w| w[1].code() == w[0].code() + 1);
    let allowed = match (T::ALL.first(), T::ALL.last()) {
        (Some(first), Some(last)) if T::ALL.len() > LISTED && consecutive => {
            format!("{} to {}", named(first), named(last))
        }
        _ => T::ALL.iter().map(named).collect::<Vec<_>>().join(", "),
    };
    let message = format!(
        "{field}: {code} is not an {} code; allowed: {allowed}",
        T::CODES
    );
    Err(Failure::new(ItbStatus::InvalidArgument, field, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_fixed() {
        // By hand: these numbers are the ABI and are never renumbered.
        assert_eq!(Profile::ALL.map(Coded::code), [11, 12]);
        assert_eq!(Origin::ALL.map(Coded::code), [21, 22]);
        assert_eq!(Phase::ALL.map(Coded::code), [31, 32]);
    }

    #[test]
    fn every_code_decodes_to_its_value() {
        for p in Profile::ALL {
            assert_eq!(decode::<Profile>(p.code(), "profile"), Ok(p));
        }
        for o in Origin::ALL {
            assert_eq!(decode::<Origin>(o.code(), "origin"), Ok(o));
        }
        for p in Phase::ALL {
            assert_eq!(decode::<Phase>(p.code(), "phase"), Ok(p));
        }
    }

    #[test]
    fn an_unknown_code_names_the_field_and_the_allowed_codes() {
        let e = decode::<Origin>(ITB_PHASE_TITRATION, "origin").unwrap_err();
        assert_eq!(
            (e.status, e.field.as_str(), e.message.as_str()),
            (
                ItbStatus::InvalidArgument,
                "origin",
                "origin: 31 is not an ITB_ORIGIN_* code; allowed: 21 (spinal), 22 (cerebral)"
            )
        );
        for code in [0, 1, 2, 13, u32::MAX] {
            let e = decode::<Profile>(code, "profile").unwrap_err();
            assert_eq!(e.status, ItbStatus::InvalidArgument, "{code}");
            assert!(e.message.ends_with("allowed: 11 (us), 12 (uk)"), "{e:?}");
        }
        let e = decode::<Phase>(0, "phase").unwrap_err();
        assert!(
            e.message
                .ends_with("allowed: 31 (titration), 32 (maintenance)"),
            "{e:?}"
        );
    }
}
