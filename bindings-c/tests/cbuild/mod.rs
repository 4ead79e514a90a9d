//! Building the C programs of `tests/c` against the freshly built `libitb.a` and `libitb.so`
//! with the system C and C++ compilers. A missing compiler or library fails the test: it is
//! never a skip.
#![allow(dead_code)] // each test binary uses part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Strict C: the flags the C API promises to compile cleanly under.
pub const C_FLAGS: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror"];
/// Strict C++.
pub const CXX_FLAGS: &[&str] = &["-std=c++17", "-Wall", "-Wextra", "-Wpedantic", "-Werror"];
/// What a Rust static library needs from the system.
pub const STATIC_SYSTEM_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm"];

/// How to link the library.
#[derive(Clone, Copy, Debug)]
pub enum Link {
    /// `libitb.a` and the system libraries it needs.
    Static,
    /// `libitb.so`, found at run time through an rpath.
    Shared,
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `target/<profile>/deps`: this test executable's directory. Cargo builds the itb-c library
/// there (all its crate types: rlib, `libitb.a`, `libitb.so`) before any integration test,
/// because the tests depend on it; it copies them up to `target/<profile>` only on
/// `cargo build`, so the copies there may be stale during `cargo test`.
pub fn library_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    exe.parent()
        .expect("the test executable's directory")
        .to_path_buf()
}

fn library(name: &str) -> PathBuf {
    let path = library_dir().join(name);
    assert!(
        path.is_file(),
        "{} is missing: cargo builds it with the itb-c library",
        path.display()
    );
    path
}

/// Compiles `source` (under `tests/c`) into an executable in cargo's scratch directory for
/// integration tests, linked as asked, with extra flags (sanitizers...). Panics with the
/// compiler's output on any error or warning.
pub fn build(source: &str, link: Link, extra: &[&str]) -> PathBuf {
    let cxx = source.ends_with(".cpp");
    let (compiler_var, default, flags) = if cxx {
        ("CXX", "c++", CXX_FLAGS)
    } else {
        ("CC", "cc", C_FLAGS)
    };
    let compiler = std::env::var(compiler_var).unwrap_or_else(|_| default.to_owned());
    let stem = source.rsplit_once('.').map_or(source, |(s, _)| s);
    let tag = extra.join("").replace(['-', '=', ','], "");
    let exe =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{stem}-{link:?}{tag}").to_lowercase());
    let mut cmd = Command::new(&compiler);
    cmd.args(flags)
        .args(extra)
        .arg("-I")
        .arg(root().join("include"));
    cmd.arg(root().join("tests").join("c").join(source))
        .arg("-o")
        .arg(&exe);
    match link {
        Link::Static => {
            cmd.arg(library("libitb.a")).args(STATIC_SYSTEM_LIBS);
        }
        Link::Shared => {
            let so = library("libitb.so");
            let dir = so.parent().expect("the library's directory");
            // `-l:libitb.so` names the shared library exactly, never the static one beside it.
            cmd.arg("-L")
                .arg(dir)
                .arg("-l:libitb.so")
                .arg(format!("-Wl,-rpath,{}", dir.display()));
            cmd.arg("-lm"); // for the test programs themselves (fabs, fmax)
        }
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run the compiler `{compiler}` ({e}); install gcc and g++ (or set {compiler_var})"));
    assert!(
        out.status.success(),
        "{compiler} failed on {source}:\n{}",
        text(&out)
    );
    exe
}

/// Compiles `source` (under `tests/c`) with the strict C flags and no linking, and returns
/// the compiler's output whether it succeeded or not (for programs that must not compile).
pub fn syntax_check(source: &str) -> Output {
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let mut cmd = Command::new(&compiler);
    cmd.args(C_FLAGS)
        .arg("-fsyntax-only")
        .arg("-I")
        .arg(root().join("include"));
    cmd.arg(root().join("tests").join("c").join(source));
    cmd.output().unwrap_or_else(|e| {
        panic!("cannot run the compiler `{compiler}` ({e}); install gcc (or set CC)")
    })
}

/// Runs an executable and returns its output; panics with that output unless it exits 0.
pub fn run(exe: &Path) -> Output {
    let out = command(exe)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    assert!(
        out.status.success(),
        "{} failed ({}):\n{}",
        exe.display(),
        out.status,
        text(&out)
    );
    out
}

/// A command for a built executable. Without cargo's `LD_LIBRARY_PATH`, which lists
/// `target/<profile>` (where a stale `libitb.so` may lie) and would override the executable's
/// runpath to the fresh one.
pub fn command(exe: &Path) -> Command {
    let mut cmd = Command::new(exe);
    cmd.env_remove("LD_LIBRARY_PATH");
    cmd
}

/// stdout and stderr, for messages.
pub fn text(out: &Output) -> String {
    format!(
        "--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
