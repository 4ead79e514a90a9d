//! `include/itb.h` is generated from this crate by the pinned cbindgen and committed; this test
//! regenerates it in memory and fails when the committed file differs. With
//! `ITB_WRITE_HEADER=1` (what `scripts/gen-header` sets) it writes the file instead.

use std::path::{Path, PathBuf};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn header_path() -> PathBuf {
    manifest_dir().join("..").join("include").join("itb.h")
}

/// The version macros, from Cargo.toml: injected at generation, never written by hand.
fn version_macros() -> String {
    let part = |s: &str| -> u32 { s.parse().expect("a numeric version part") };
    let (major, minor, patch) = (
        part(env!("CARGO_PKG_VERSION_MAJOR")),
        part(env!("CARGO_PKG_VERSION_MINOR")),
        part(env!("CARGO_PKG_VERSION_PATCH")),
    );
    let packed = (major << 16) | (minor << 8) | patch;
    format!(
        "\n\n/** The version of this header; itb_version() gives the library's. */\n\
         #define ITB_VERSION \"{}\"\n\
         #define ITB_VERSION_MAJOR {major}\n\
         #define ITB_VERSION_MINOR {minor}\n\
         #define ITB_VERSION_PATCH {patch}\n\
         /** (MAJOR << 16) | (MINOR << 8) | PATCH, for #if comparisons. */\n\
         #define ITB_VERSION_NUMBER 0x{packed:06X}",
        env!("CARGO_PKG_VERSION"),
    )
}

/// The protocol's defaults: the binding's constants are the core's, which cbindgen cannot read
/// through a path, so their values are written here, at generation, from those constants.
fn default_macros() -> String {
    use itb_c::{dilution, dosing, pharmacokinetics, pump, refill, schedule, taper};
    let defaults = [
        (
            "ITB_CONSTANT_FLOW_DEFAULT_PRIMING_OVERAGE_ML",
            dilution::ITB_CONSTANT_FLOW_DEFAULT_PRIMING_OVERAGE_ML,
        ),
        (
            "ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS",
            schedule::ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS,
        ),
        (
            "ITB_PK_DEFAULT_CLEARANCE_ML_PER_HOUR",
            pharmacokinetics::ITB_PK_DEFAULT_CLEARANCE_ML_PER_HOUR,
        ),
        (
            "ITB_PK_DEFAULT_HALF_LIFE_HOURS",
            pharmacokinetics::ITB_PK_DEFAULT_HALF_LIFE_HOURS,
        ),
        (
            "ITB_PUMP_DEFAULT_ACCURACY_PERCENT",
            pump::ITB_PUMP_DEFAULT_ACCURACY_PERCENT,
        ),
        (
            "ITB_RECONCILE_DEFAULT_THRESHOLD_ML",
            refill::ITB_RECONCILE_DEFAULT_THRESHOLD_ML,
        ),
        (
            "ITB_REFILL_DEFAULT_LEAD_TIME_DAYS",
            refill::ITB_REFILL_DEFAULT_LEAD_TIME_DAYS,
        ),
        (
            "ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS",
            refill::ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS,
        ),
        (
            "ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML",
            dosing::ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML,
        ),
        (
            "ITB_SCREENING_DEFAULT_START_DOSE_MCG",
            dosing::ITB_SCREENING_DEFAULT_START_DOSE_MCG,
        ),
        (
            "ITB_TAPER_DEFAULT_INTERVAL_DAYS",
            taper::ITB_TAPER_DEFAULT_INTERVAL_DAYS,
        ),
    ];
    let mut out = String::from(
        "\n\n/** The protocol's defaults, for C to pass (the core's constants; units in the names). */",
    );
    for (name, value) in defaults {
        out += &format!("\n#define {name} {value:?}");
    }
    out
}

fn generate() -> String {
    let mut config = cbindgen::Config::from_file(manifest_dir().join("cbindgen.toml"))
        .expect("read cbindgen.toml");
    let after = config.after_includes.take().unwrap_or_default();
    config.after_includes = Some(after + &version_macros() + &default_macros());
    let bindings = cbindgen::Builder::new()
        .with_crate(manifest_dir())
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
#[cfg_attr(miri, ignore = "runs cbindgen over the source files")]
fn committed_header_is_current() {
    let fresh = generate();
    let path = header_path();
    if std::env::var_os("ITB_WRITE_HEADER").is_some_and(|v| v == "1") {
        std::fs::write(&path, &fresh).expect("write include/itb.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b);
        let line = line.map_or(committed.lines().count().min(fresh.lines().count()), |i| i) + 1;
        panic!(
            "{} is out of date (first difference at line {line}); run scripts/gen-header and commit it",
            path.display()
        );
    }
}

/// Reads `#define NAME value` from the committed header.
fn define(header: &str, name: &str) -> String {
    let prefix = format!("#define {name} ");
    let line = header.lines().find_map(|l| l.strip_prefix(&prefix));
    line.unwrap_or_else(|| panic!("{name} is not defined in include/itb.h"))
        .trim()
        .to_owned()
}

#[test]
#[cfg_attr(miri, ignore = "reads include/itb.h (Miri isolates the file system)")]
fn version_macros_match_cargo_toml() {
    let header = std::fs::read_to_string(header_path()).expect("read include/itb.h");
    let version = env!("CARGO_PKG_VERSION");
    let parts: Vec<u32> = version
        .split('.')
        .map(|p| p.parse().expect("numeric"))
        .collect();
    assert_eq!(define(&header, "ITB_VERSION"), format!("\"{version}\""));
    assert_eq!(define(&header, "ITB_VERSION_MAJOR"), parts[0].to_string());
    assert_eq!(define(&header, "ITB_VERSION_MINOR"), parts[1].to_string());
    assert_eq!(define(&header, "ITB_VERSION_PATCH"), parts[2].to_string());
    let packed = define(&header, "ITB_VERSION_NUMBER");
    let packed = u32::from_str_radix(packed.trim_start_matches("0x"), 16).expect("hex");
    assert_eq!(packed, parts[0] * 65536 + parts[1] * 256 + parts[2]);
}
