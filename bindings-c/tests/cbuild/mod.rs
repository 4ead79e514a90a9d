//! Building the C programs of `tests/c` against the freshly built library, installed by its C
//! names (`libitb.a`, `libitb.so` -> `libitb.so.1`) in a scratch lib directory, with the system
//! C and C++ compilers. A missing compiler or library fails the test: it is
//! never a skip.
#![allow(dead_code)] // each test binary uses part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

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
/// there (all its crate types: rlib, `libitb_c.a`, `libitb_c.so`) before any integration test,
/// because the tests depend on it; it copies them up to `target/<profile>` only on
/// `cargo build`, so the copies there may be stale during `cargo test`.
pub fn build_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    exe.parent()
        .expect("the test executable's directory")
        .to_path_buf()
}

/// The shared library as cargo builds it (`libitb_c.so`, SONAME `libitb.so.1`).
pub fn built_shared_library() -> PathBuf {
    built("libitb_c.so")
}

fn built(name: &str) -> PathBuf {
    let path = build_dir().join(name);
    assert!(
        path.is_file(),
        "{} is missing: cargo builds it with the itb-c library",
        path.display()
    );
    path
}

/// The SONAME of the shared library, `libitb.so.<ABI major>`: the first number of the ABI
/// version in `[package.metadata.capi.library]` (build.rs sets it from there).
pub fn soname() -> String {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("Cargo.toml");
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[package.metadata.capi.library]";
        } else if in_table && line.starts_with("version ") {
            let value = line.split('"').nth(1).expect("a quoted version");
            let major = value.split('.').next().expect("a major part");
            return format!("libitb.so.{major}");
        }
    }
    panic!("Cargo.toml has no version in [package.metadata.capi.library]")
}

/// A lib directory with the library by the names `scripts/install-c` installs (`libitb.a`,
/// `libitb.so.1`, the SONAME, and the link `libitb.so` to it), made once per test executable from cargo's fresh `libitb_c.a` and `libitb_c.so`: the C tests link what C users
/// link, by the names they use.
pub fn library_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test executable's path");
        let stem = exe
            .file_stem()
            .expect("the test executable's name")
            .to_string_lossy()
            .into_owned();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("lib-{stem}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove the old lib directory");
        }
        std::fs::create_dir_all(&dir).expect("create the lib directory");
        std::fs::copy(built("libitb_c.a"), dir.join("libitb.a")).expect("copy libitb_c.a");
        let soname = soname();
        std::fs::copy(built_shared_library(), dir.join(&soname)).expect("copy libitb_c.so");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&soname, dir.join("libitb.so")).expect("link libitb.so");
        dir
    })
    .clone()
}

fn library(name: &str) -> PathBuf {
    let path = library_dir().join(name);
    assert!(path.exists(), "{} is missing", path.display());
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
