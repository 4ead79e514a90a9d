//! The C tests of `tests/c`, built against `include/itb.h` with strict warnings and run: once
//! linked against `libitb.a`, once against `libitb.so`, once under AddressSanitizer and
//! UndefinedBehaviorSanitizer, and the C++ translation unit that includes the header twice;
//! and a program passing a mass where a concentration belongs, which must not compile.

mod cbuild;

use cbuild::{Link, build, run};

/// Every test function of test_itb.c, in the order it runs them: a test that silently stopped
/// running would otherwise go unnoticed.
const C_TESTS: [&str; 40] = [
    "test_version_matches_header_macros",
    "test_status_str",
    "test_unit_symbol",
    "test_daily_volume_500_mcg_per_day_at_2_mg_per_ml",
    "test_daily_volume_findings_and_messages",
    "test_convert",
    "test_dilution_400_in_20_ml_from_2000",
    "test_null_pointers",
    "test_unknown_unit_codes",
    "test_unit_of_the_wrong_dimension",
    "test_nan_infinity_negative_zero",
    "test_panic_is_caught",
    "test_screening_plan_50_mcg_at_50_mcg_per_ml",
    "test_screening_plan_from_60_mcg",
    "test_initial_daily_dose_by_profile",
    "test_titrate_worked_examples",
    "test_titrate_finding_with_a_limit_and_its_message",
    "test_uk_under_4_is_a_hard_finding",
    "test_dosing_bad_input",
    "test_refill_plan_synchromed_20_ml_at_500_mcg_per_day",
    "test_refill_plan_40_ml_capped_at_180_days",
    "test_refill_plan_custom_pump_and_late_refill",
    "test_date_offset_days_round_down",
    "test_reconcile_20_ml_60_days_3_ml_aspirated",
    "test_flex_daily_dose_614_4",
    "test_night_boost_plus_20_percent_on_576",
    "test_bridge_and_catheter_volumes",
    "test_constant_flow_fill_archimedes",
    "test_pumps_and_refills_bad_input",
    "test_refill_plan_risk_factors_name_withdrawal_signs",
    "test_programming_check_500_programmed_2000_filled",
    "test_taper_schedule_capacity",
    "test_titration_schedule_and_pk_profile",
    "test_signs_and_triage_of_seizures",
    "test_interactions_patient_check_and_monitoring",
    "test_eval_json_answers",
    "test_eval_json_invalid_utf8",
    "test_eval_json_buffer_too_small",
    "test_eval_json_one_megabyte",
    "test_eval_json_nested_100000_deep",
];

fn run_c_tests(link: Link, extra: &[&str]) {
    let out = run(&build("test_itb.c", link, extra));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let passed: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ok "))
        .collect();
    assert_eq!(passed, C_TESTS, "\n{}", cbuild::text(&out));
    assert!(
        stdout.ends_with("0 failure(s)\n"),
        "\n{}",
        cbuild::text(&out)
    );
}

#[test]
#[cfg_attr(miri, ignore = "compiles C with cc and runs it")]
fn c_tests_against_the_static_library() {
    run_c_tests(Link::Static, &[]);
}

#[test]
#[cfg_attr(miri, ignore = "compiles C with cc and runs it")]
fn c_tests_against_the_shared_library() {
    run_c_tests(Link::Shared, &[]);
}

#[test]
#[cfg_attr(miri, ignore = "compiles C with cc and runs it")]
fn c_tests_under_address_and_undefined_behaviour_sanitizers() {
    run_c_tests(
        Link::Static,
        &[
            "-fsanitize=address,undefined",
            "-fno-sanitize-recover=all",
            "-g",
        ],
    );
}

#[test]
#[cfg_attr(miri, ignore = "compiles C with cc and runs it")]
fn header_included_twice_from_cpp() {
    let out = run(&build("double_include.cpp", Link::Static, &[]));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ok c++ double include\n"
    );
}

#[test]
#[cfg_attr(miri, ignore = "compiles C with cc and runs it")]
fn a_mass_where_a_concentration_belongs_does_not_compile() {
    let source = "compile_fail_mass_as_concentration.c";
    let out = cbuild::syntax_check(source);
    assert!(
        !out.status.success(),
        "{source} compiled:\n{}",
        cbuild::text(&out)
    );
    // The error is the marked call's argument type, not some other mistake in the file.
    let stderr = String::from_utf8_lossy(&out.stderr);
    // gcc: "incompatible type for argument 2"; clang: "passing 'ItbMass' to parameter of
    // incompatible type".
    let refused = stderr.lines().any(|l| {
        l.contains("incompatible type") && (l.contains("argument 2") || l.contains("ItbMass"))
    });
    assert!(
        refused && stderr.contains("MASS_AS_CONCENTRATION"),
        "{}",
        cbuild::text(&out)
    );
}

/// The dynamic section of an ELF file, as `readelf -d` prints it (binutils, beside gcc).
#[cfg(target_os = "linux")]
fn dynamic_section(path: &std::path::Path) -> String {
    let out = std::process::Command::new("readelf")
        .arg("-d")
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run readelf ({e}); install binutils"));
    assert!(out.status.success(), "{}", cbuild::text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(miri, ignore = "compiles C with cc and runs it")]
#[cfg(target_os = "linux")]
fn shared_library_has_its_soname_and_programs_need_it() {
    let soname = cbuild::soname();
    assert_eq!(
        soname, "libitb.so.1",
        "the SONAME of ABI 1 (protocol version 2 changed the structs)"
    );
    let library = dynamic_section(&cbuild::built_shared_library());
    assert!(
        library.contains(&format!("Library soname: [{soname}]")),
        "{library}"
    );
    let program = dynamic_section(&build("eval_filter.c", Link::Shared, &[]));
    assert!(
        program.contains(&format!("Shared library: [{soname}]")),
        "{program}"
    );
}
