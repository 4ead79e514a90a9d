//! Nothing here: the package holds the repository's own tests (`tests/repo/tests`), which read
//! the documents and vectors around the crates and so cannot ship in the core crate's package.
#![no_std]
