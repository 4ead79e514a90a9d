//! What to monitor, how often, and what to do, in each phase of the therapy
//! (`itb_monitoring_plan`): the core's tables (000 Monitoring, 001, 002 Warnings).
//!
//! The phase crosses as a `uint32_t` code (26xx; the dosing rules' `ITB_PHASE_*` are another
//! enumeration); every text and source is the core's static string, never freed.

use std::ffi::c_char;

use itb::monitoring::{self, MonitoringItem, MonitoringPhase, MonitoringRequest};

use crate::array::{check_array, write_items};
use crate::profile::{Coded, decode};
use crate::status::{ItbError, ItbStatus};

/// The screening (test) boluses.
pub const ITB_MONITORING_SCREENING: u32 = 2601;
/// The dose titration after implant.
pub const ITB_MONITORING_TITRATION: u32 = 2602;
/// Long-term maintenance.
pub const ITB_MONITORING_MAINTENANCE: u32 = 2603;
/// After a change of the dosing rate or the concentration.
pub const ITB_MONITORING_AFTER_CHANGE: u32 = 2604;

/// The items of the longest plan (6): an array of this many holds any phase's items.
pub const ITB_MONITORING_MAX_ITEMS: usize = 6;

const _: () = {
    let mut i = 0;
    let mut most = 0;
    while i < MonitoringPhase::ALL.len() {
        let n = MonitoringPhase::ALL[i].items().len();
        if n > most {
            most = n;
        }
        i += 1;
    }
    assert!(
        most == ITB_MONITORING_MAX_ITEMS,
        "ITB_MONITORING_MAX_ITEMS is the core's longest plan"
    );
};

impl Coded for MonitoringPhase {
    const ALL: &'static [Self] = &MonitoringPhase::ALL;
    const CODES: &'static str = "ITB_MONITORING_*";
    fn code(self) -> u32 {
        match self {
            MonitoringPhase::Screening => ITB_MONITORING_SCREENING,
            MonitoringPhase::Titration => ITB_MONITORING_TITRATION,
            MonitoringPhase::Maintenance => ITB_MONITORING_MAINTENANCE,
            MonitoringPhase::AfterChange => ITB_MONITORING_AFTER_CHANGE,
        }
    }
    fn id(self) -> &'static str {
        MonitoringPhase::id(self)
    }
}

/// One thing to monitor. The strings are static (never freed).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbMonitoringItem {
    /// What to watch (`"vital signs"`).
    pub what: *const c_char,
    /// How often (`"at each refill visit"`).
    pub frequency: *const c_char,
    /// What to do about it.
    pub action: *const c_char,
    /// The section that says so (`"000 Monitoring/Routine Monitoring"`).
    pub source: *const c_char,
}

impl ItbMonitoringItem {
    fn of(i: &MonitoringItem) -> ItbMonitoringItem {
        ItbMonitoringItem {
            what: i.what.as_ptr(),
            frequency: i.frequency.as_ptr(),
            action: i.action.as_ptr(),
            source: i.source.as_c_str().as_ptr(),
        }
    }
}

/// A monitoring plan (`itb_monitoring_plan`); its items are in the caller's array.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbMonitoringPlan {
    /// The `ITB_MONITORING_*` code asked for.
    pub phase: u32,
    /// The number of items: the number the items array needs.
    pub item_count: usize,
}

/// What to monitor in a phase of the therapy, how often, and what to do, in the core's order.
///
/// The items go into `items`, a caller-owned array of `items_capacity` items, under the
/// protocol of `itb_taper_schedule`: `*out` is written whenever `phase` is a code, its
/// `item_count` the number of items; a capacity below it is `ITB_STATUS_BUFFER_TOO_SMALL`
/// (field `items_capacity`) with no item written; `items` may be NULL only with
/// `items_capacity` 0 (a count query). An array of `ITB_MONITORING_MAX_ITEMS` holds any plan.
///
/// Raises no finding. Errors: `out` NULL, or `items` NULL with a capacity →
/// `ITB_STATUS_NULL_POINTER`; `phase` no `ITB_MONITORING_*` code →
/// `ITB_STATUS_INVALID_ARGUMENT` (field `phase`); a too small array →
/// `ITB_STATUS_BUFFER_TOO_SMALL`.
///
/// # Safety
/// `items` is NULL or valid for writes of `items_capacity` `ItbMonitoringItem`s; `out` is NULL
/// or valid for a write of an `ItbMonitoringPlan`; `error` is NULL or valid for a write of an
/// `ItbError`; none overlap.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out and items were written"]
pub unsafe extern "C" fn itb_monitoring_plan(
    phase: u32,
    items: *mut ItbMonitoringItem,
    items_capacity: usize,
    out: *mut ItbMonitoringPlan,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        check_array(items, items_capacity, "items", "items_capacity")?;
        let out = try_out!(out, "out");
        let phase = decode::<MonitoringPhase>(phase, "phase")?;
        let plan = monitoring::monitoring_plan(&MonitoringRequest {
            phase: phase.into(),
        })?;
        let result = ItbMonitoringPlan {
            phase: phase.code(),
            item_count: plan.len(),
        };
        // SAFETY: `out` is non-NULL and valid for a write by the caller's contract.
        unsafe { out.write(result) };
        let all = plan.iter().map(|i| Ok(ItbMonitoringItem::of(i)));
        // SAFETY: `items` was checked by check_array; the caller's contract covers the rest.
        unsafe {
            write_items(
                all,
                plan.len(),
                items,
                items_capacity,
                "items_capacity",
                "item_count",
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use std::mem::MaybeUninit;
    use std::ptr::{null, null_mut};

    use super::*;
    use crate::profile::ITB_PHASE_TITRATION;
    use crate::test_support::{error_field as field, static_str, zeroed_error};

    #[test]
    fn codes_are_fixed() {
        // By hand: these numbers are the ABI and are never renumbered.
        assert_eq!(
            MonitoringPhase::ALL.map(Coded::code),
            [2601, 2602, 2603, 2604]
        );
    }

    const UNSET: ItbMonitoringItem = ItbMonitoringItem {
        what: null(),
        frequency: null(),
        action: null(),
        source: null(),
    };

    struct Planned {
        status: ItbStatus,
        plan: Option<ItbMonitoringPlan>,
        items: Vec<ItbMonitoringItem>,
        field: String,
        message: String,
    }

    fn plan(phase: u32, capacity: usize) -> Planned {
        let mut items = vec![UNSET; capacity];
        let mut out = MaybeUninit::<ItbMonitoringPlan>::uninit();
        let mut error = zeroed_error();
        let ptr = match capacity {
            0 => null_mut(),
            _ => items.as_mut_ptr(),
        };
        // SAFETY: `items` holds `capacity` items (NULL when 0); the other pointers are valid.
        let status =
            unsafe { itb_monitoring_plan(phase, ptr, capacity, out.as_mut_ptr(), &mut error) };
        let written = matches!(status, ItbStatus::Ok | ItbStatus::BufferTooSmall);
        Planned {
            status,
            // SAFETY: the library writes the whole struct on success and on BUFFER_TOO_SMALL.
            plan: written.then(|| unsafe { out.assume_init() }),
            items,
            field: field(&error).to_owned(),
            // SAFETY: the library NUL-terminates the message (all zeros when not written).
            message: unsafe { std::ffi::CStr::from_ptr(error.message.as_ptr()) }
                .to_string_lossy()
                .into_owned(),
        }
    }

    #[test]
    fn after_a_change_monitor_closely_and_watch_for_overdose_and_withdrawal() {
        // 002 Warnings: close monitoring after every change; 000: the signs of overdose and
        // withdrawal. Two items.
        let p = plan(ITB_MONITORING_AFTER_CHANGE, ITB_MONITORING_MAX_ITEMS);
        assert_eq!(p.status, ItbStatus::Ok);
        let plan = p.plan.unwrap();
        assert_eq!(
            (plan.phase, plan.item_count),
            (ITB_MONITORING_AFTER_CHANGE, 2)
        );
        let first = p.items[0];
        assert_eq!(static_str(first.what), "the patient's response");
        assert!(static_str(first.frequency).contains("after each change"));
        assert_eq!(static_str(first.source), "002 Warnings");
        assert_eq!(
            (static_str(p.items[1].what), static_str(p.items[1].source)),
            (
                "signs of overdose and of withdrawal",
                "000 Seek Immediate Medical Attention"
            )
        );
        assert!(p.items[2].what.is_null(), "not written");
        // No copies: the core's own static strings.
        assert_eq!(
            first.what,
            MonitoringPhase::AfterChange.items()[0].what.as_ptr()
        );
    }

    #[test]
    fn each_phase_has_its_items() {
        // Screening 5, titration 5, maintenance 6, after a change 2.
        let counts = [
            ITB_MONITORING_SCREENING,
            ITB_MONITORING_TITRATION,
            ITB_MONITORING_MAINTENANCE,
            ITB_MONITORING_AFTER_CHANGE,
        ]
        .map(|phase| plan(phase, 0).plan.unwrap().item_count);
        assert_eq!(counts, [5, 5, 6, 2]);
        let p = plan(ITB_MONITORING_SCREENING, 5);
        assert_eq!(static_str(p.items[1].what), "infection");
        assert_eq!(
            static_str(p.items[1].source),
            "001 Additional Dosage Information/Screening Phase"
        );
    }

    #[test]
    fn a_count_query_or_a_short_array_writes_the_count_and_no_item() {
        let p = plan(ITB_MONITORING_MAINTENANCE, 0);
        assert_eq!(
            (p.status, p.field.as_str()),
            (ItbStatus::BufferTooSmall, "items_capacity")
        );
        assert_eq!(p.plan.unwrap().item_count, 6);
        let p = plan(ITB_MONITORING_MAINTENANCE, 5);
        assert_eq!(p.status, ItbStatus::BufferTooSmall);
        assert!(p.items.iter().all(|i| i.what.is_null()));
    }

    #[test]
    fn an_unknown_phase_or_a_null_pointer_is_refused() {
        // A dosing phase is another enumeration.
        let p = plan(ITB_PHASE_TITRATION, 6);
        assert_eq!(
            (p.status, p.field.as_str(), p.message.as_str()),
            (
                ItbStatus::InvalidArgument,
                "phase",
                "phase: 31 is not an ITB_MONITORING_* code; allowed: 2601 (screening), 2602 \
                 (titration), 2603 (maintenance), 2604 (after_change)"
            )
        );
        assert!(p.plan.is_none());
        for phase in [0, 2600, 2605, u32::MAX] {
            assert_eq!(plan(phase, 6).status, ItbStatus::InvalidArgument, "{phase}");
        }
        let mut error = zeroed_error();
        let mut out = MaybeUninit::<ItbMonitoringPlan>::uninit();
        // SAFETY: a NULL array with a capacity and a NULL `out` are refused.
        let status = unsafe {
            itb_monitoring_plan(
                ITB_MONITORING_SCREENING,
                null_mut(),
                5,
                out.as_mut_ptr(),
                &mut error,
            )
        };
        assert_eq!((status, field(&error)), (ItbStatus::NullPointer, "items"));
        // SAFETY: as above.
        let status = unsafe {
            itb_monitoring_plan(
                ITB_MONITORING_SCREENING,
                null_mut(),
                0,
                null_mut(),
                &mut error,
            )
        };
        assert_eq!((status, field(&error)), (ItbStatus::NullPointer, "out"));
    }
}
