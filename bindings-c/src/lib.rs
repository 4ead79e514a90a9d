//! C ABI for itb (in progress).
