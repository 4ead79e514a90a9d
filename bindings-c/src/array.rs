//! Arrays of results in caller-owned memory: a pointer and its capacity, the count the result
//! needs reported in the result struct (`step_count`, `point_count`, `item_count`...).
//!
//! The protocol of every such function: the array argument may be NULL only with a capacity
//! of 0 (a count query). The inputs are checked and the result computed first; then `*out` is
//! written whole, and when the capacity is below the count needed the call returns
//! `ITB_STATUS_BUFFER_TOO_SMALL` without writing a single item (`*out` then holds the count to
//! allocate). Otherwise the items are written and the call returns `ITB_STATUS_OK`. A function
//! with two arrays (`itb_signs`, `itb_interactions`) checks both capacities (`check_capacity`)
//! before it writes an item to either.

use crate::status::{Failure, ItbStatus};

/// Refuses a NULL array with a capacity above 0, before anything is computed.
pub(crate) fn check_array<T>(
    items: *mut T,
    capacity: usize,
    name: &str,
    capacity_name: &str,
) -> Result<(), Failure> {
    if items.is_null() && capacity > 0 {
        let message = format!(
            "{name} is NULL with {capacity_name} {capacity}; allowed: a valid pointer, or NULL \
             only with {capacity_name} 0 (a count query)"
        );
        return Err(Failure::new(ItbStatus::NullPointer, name, message));
    }
    Ok(())
}

/// Converts every item once, writing nothing: the conversions that can fail fail here, before
/// `*out` is written, so a failed call writes nothing.
pub(crate) fn check_items<T>(
    mut items: impl Iterator<Item = Result<T, Failure>>,
) -> Result<(), Failure> {
    items.try_for_each(|item| item.map(drop))
}

/// `ITB_STATUS_BUFFER_TOO_SMALL` naming `capacity_name` when `capacity` is below `count`. A
/// function with two arrays checks both before it writes an item to either.
pub(crate) fn check_capacity(
    count: usize,
    capacity: usize,
    capacity_name: &str,
    count_name: &str,
) -> Result<(), Failure> {
    if capacity < count {
        let message = format!(
            "{capacity_name} {capacity} is too small; allowed: {count} or more (out->{count_name} \
             holds the count needed)"
        );
        return Err(Failure::new(
            ItbStatus::BufferTooSmall,
            capacity_name,
            message,
        ));
    }
    Ok(())
}

/// Writes the `count` items into the caller's array of `capacity`, or, when it is too small,
/// nothing and `ITB_STATUS_BUFFER_TOO_SMALL` naming `capacity_name`. Call after `check_items`
/// on the same items and after writing `*out`, whose `count_name` holds `count`.
///
/// # Safety
/// `items_out` was checked by `check_array` and is valid for writes of `capacity` items.
pub(crate) unsafe fn write_items<T>(
    items: impl Iterator<Item = Result<T, Failure>>,
    count: usize,
    items_out: *mut T,
    capacity: usize,
    capacity_name: &str,
    count_name: &str,
) -> Result<(), Failure> {
    check_capacity(count, capacity, capacity_name, count_name)?;
    // Checked by check_items: every conversion succeeds, and there are `count` of them.
    for (i, item) in items.take(count).enumerate() {
        if let Ok(item) = item {
            // SAFETY: i < count <= capacity, so `items_out` is non-NULL (check_array) and the
            // slot is within the caller's array by the contract.
            unsafe { items_out.add(i).write(item) };
        }
    }
    Ok(())
}
