//! Python bindings for itb (in progress).
