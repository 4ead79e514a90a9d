//! The labels' knowledge at the command line: `itb signs` (and its wallet `--card`),
//! `itb triage`, `itb interactions`, `itb patient`, `itb monitoring`. Expectations are worked by
//! hand from docs/PROTOCOL.md (`signs`, `triage`, `interactions`, `patient_check`,
//! `monitoring_plan`) and the labels' sections; `--json` is the protocol response; bad input.

mod common;

use common::{assert_rejected, assert_usage_error, computed, finding_marks, itb_args, json, marks};

/// The report's table row that starts with `first` (after the indent), split on runs of two or
/// more spaces into its cells.
fn row<'a>(out: &'a str, first: &str) -> Vec<&'a str> {
    let line = out
        .lines()
        .find(|l| l.strip_prefix("  ").is_some_and(|l| l.starts_with(first)))
        .unwrap_or_else(|| panic!("no row {first:?} in:\n{out}"));
    line.trim()
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// itb signs

#[test]
fn signs_lists_the_three_lists_in_order_with_codes_sources_and_actions() {
    let out = computed(&["signs"]);
    let headings: Vec<&str> = out
        .lines()
        .filter(|l| l.ends_with(": signs") || l.ends_with(": what to do"))
        .collect();
    assert_eq!(
        headings,
        [
            "Overdose: signs",
            "Overdose: what to do",
            "Withdrawal: signs",
            "Withdrawal: what to do",
            "Pump or catheter problem: signs",
            "Pump or catheter problem: what to do",
        ]
    );
    // Each sign with its words, its code and the section that names it (000 Overdose
    // Information; the 002 Boxed Warning; 000 Seek Immediate Medical Attention).
    assert_eq!(
        row(&out, "a slow heart rate"),
        [
            "a slow heart rate (bradycardia)",
            "bradycardia",
            "000 Overdose Information"
        ]
    );
    assert_eq!(
        row(&out, "a high fever"),
        ["a high fever", "high_fever", "002 Boxed Warning"]
    );
    assert_eq!(
        row(&out, "a pump alarm"),
        [
            "a pump alarm",
            "pump_alarm",
            "000 Seek Immediate Medical Attention"
        ]
    );
    // Seizures are on two lists: two rows, each with its list's source.
    let seizures: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  seizures "))
        .collect();
    assert_eq!(seizures.len(), 2, "{out}");
    assert!(seizures[0].ends_with("000 Overdose Information"), "{out}");
    assert!(
        seizures[1].ends_with("001 Side Effects/Withdrawal Symptoms and Signs"),
        "{out}"
    );
    // What to do for an overdose: no induced vomiting (000 Overdose Information).
    assert_eq!(
        row(&out, "Do not induce vomiting."),
        ["Do not induce vomiting.", "000 Overdose Information"]
    );
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn every_sign_code_of_the_protocol_is_listed_once_per_list() {
    // docs/PROTOCOL.md `signs`: 9 overdose, 9 withdrawal and 6 pump problem signs; seizures is
    // on the first two lists.
    let out = computed(&["signs"]);
    let codes = [
        ("hypotonia", 1),
        ("somnolence", 1),
        ("lightheadedness", 1),
        ("dizziness", 1),
        ("respiratory_depression", 1),
        ("bradycardia", 1),
        ("hypothermia", 1),
        ("seizures", 2),
        ("coma", 1),
        ("high_fever", 1),
        ("altered_mental_status", 1),
        ("hallucinations", 1),
        ("rebound_spasticity", 1),
        ("muscle_rigidity", 1),
        ("pruritus", 1),
        ("hypotension", 1),
        ("rhabdomyolysis", 1),
        ("pump_site_pain", 1),
        ("pump_site_redness", 1),
        ("pump_site_swelling", 1),
        ("pump_site_warmth", 1),
        ("pump_alarm", 1),
        ("sudden_return_of_spasticity", 1),
    ];
    for (code, times) in codes {
        let found = out
            .lines()
            .filter(|l| l.split("  ").any(|cell| cell.trim() == code))
            .count();
        assert_eq!(found, times, "{code}:\n{out}");
    }
}

#[test]
fn signs_of_one_list() {
    let out = computed(&["signs", "--list", "withdrawal"]);
    assert!(
        out.starts_with("Signs: withdrawal\nWithdrawal: signs\n"),
        "{out}"
    );
    assert!(!out.contains("Overdose"), "{out}");
    assert!(!out.contains("pump_site_pain"), "{out}");
    // The boxed warning's instruction: restore intrathecal delivery.
    assert!(
        out.contains("\n  Restore intrathecal delivery: check"),
        "{out}"
    );
}

#[test]
fn an_unknown_list_is_the_protocol_error_listing_the_lists() {
    let run = itb_args(&["signs", "--list", "allergy"]);
    assert_rejected(
        &run,
        "invalid_value",
        "list (--list)",
        &["\"allergy\"", "overdose, withdrawal, pump_problem"],
    );
}

// ---------------------------------------------------------------------------------------------
// itb signs --card

/// The short words of the signs, worked by hand from the lists (the text before its first
/// comma, parenthesis or colon, without "a"): withdrawal (002 Boxed Warning, 000, 001), then
/// overdose (000 Overdose Information).
const WITHDRAWAL_WORDS: [&str; 9] = [
    "high fever",
    "confusion",
    "hallucinations",
    "spasticity returning exaggerated",
    "muscle rigidity",
    "itching",
    "low blood pressure",
    "seizures",
    "muscle breakdown",
];
const OVERDOSE_WORDS: [&str; 9] = [
    "profound muscle weakness",
    "sleepiness",
    "lightheadedness",
    "dizziness",
    "slow or shallow breathing",
    "slow heart rate",
    "low body temperature",
    "seizures",
    "loss of consciousness",
];

#[test]
fn the_card_fits_a_wallet() {
    let card = computed(&["signs", "--card"]);
    let lines: Vec<&str> = card.lines().collect();
    assert!(
        (20..=25).contains(&lines.len()),
        "{} lines:\n{card}",
        lines.len()
    );
    for line in &lines {
        assert!(line.chars().count() <= 60, "{line:?} is wider than 60");
    }
    // A frame of exactly 60 columns to cut along.
    let rule = format!("+{}+", "-".repeat(58));
    assert_eq!(lines[0], rule);
    let bottom = lines.iter().rposition(|l| *l == rule).expect("bottom rule");
    assert!(bottom > 0);
    for line in &lines[1..bottom] {
        assert_eq!(line.chars().count(), 60, "{line:?}");
        assert!(line.starts_with("| ") && line.ends_with(" |"), "{line:?}");
    }
}

#[test]
fn the_card_says_the_pump_the_signs_and_what_to_do() {
    let card = computed(&["signs", "--card"]);
    // 000 Lifestyle & Tips: carry a card saying so.
    assert!(
        card.starts_with(&format!(
            "+{}+\n| I have an intrathecal baclofen pump.",
            "-".repeat(58)
        )),
        "{card}"
    );
    let withdrawal = card.find("WITHDRAWAL signs").expect("withdrawal heading");
    let overdose = card.find("OVERDOSE signs").expect("overdose heading");
    assert!(withdrawal < overdose, "withdrawal first:\n{card}");
    // Each sign whole on one line: the card fills whole signs, never breaking one.
    for word in WITHDRAWAL_WORDS {
        let at = card.find(word).unwrap_or_else(|| panic!("{word}:\n{card}"));
        assert!(at > withdrawal, "{word}");
    }
    for word in OVERDOSE_WORDS {
        let at = card
            .rfind(word)
            .unwrap_or_else(|| panic!("{word}:\n{card}"));
        assert!(at > overdose, "{word}");
    }
    // Not the pump-site signs, and not the long forms.
    assert!(!card.contains("pump site"), "{card}");
    assert!(!card.contains("bradycardia"), "{card}");
    // What to do (000 Lifestyle & Tips): help at once; no missed refill; an abrupt stop can
    // be life-threatening.
    assert!(card.contains("SEEK MEDICAL HELP AT ONCE"), "{card}");
    assert!(card.contains("Do not miss a pump refill"), "{card}");
    assert!(card.contains("life-threatening"), "{card}");
    for blank in ["| Pump:   ____", "| Clinic: ____", "| Phone:  ____"] {
        assert!(card.contains(blank), "{blank}:\n{card}");
    }
    let sources = card.split_once("\nSources: ").expect("sources").1;
    for s in ["000 Lifestyle & Tips", "002 Boxed Warning", "000 Overdose"] {
        assert!(sources.contains(s), "{s}: {sources}");
    }
}

#[test]
fn the_card_takes_its_words_from_the_core_lists() {
    // No second copy of the sign texts: every sign of the core's withdrawal and overdose lists,
    // shortened, is on the card, and the shortening gives the words worked by hand above.
    use itb::signs::SignList;
    use itb_cli::commands::signs::short;
    let card = computed(&["signs", "--card"]);
    let words =
        |list: SignList| -> Vec<&str> { list.signs().iter().map(|s| short(s.text())).collect() };
    assert_eq!(words(SignList::Withdrawal), WITHDRAWAL_WORDS);
    assert_eq!(words(SignList::Overdose), OVERDOSE_WORDS);
    for list in [SignList::Withdrawal, SignList::Overdose] {
        for s in list.signs() {
            assert!(card.contains(short(s.text())), "{:?}", s.code);
        }
    }
}

#[test]
fn the_card_is_plain_text_only() {
    assert_usage_error(&["signs", "--card", "--json"]);
    assert_usage_error(&["signs", "--card", "--list", "overdose"]);
}

// ---------------------------------------------------------------------------------------------
// itb triage

#[test]
fn seizures_are_on_the_overdose_and_the_withdrawal_list() {
    // seizures is on both lists: one match each, a tie, so overdose first; both hard, and
    // signs_overlap (info, 000 Clinical Pearls: overdose can mimic withdrawal).
    let out = computed(&["triage", "seizures"]);
    assert!(
        out.starts_with(
            "Triage: the sign lists the observed signs are on\n  observed   seizures\n"
        ),
        "{out}"
    );
    assert_eq!(
        row(&out, "overdose"),
        ["overdose", "1 of 9 signs", "seizures"]
    );
    assert_eq!(
        row(&out, "withdrawal"),
        ["withdrawal", "1 of 9 signs", "seizures"]
    );
    let overdose = out.find("\n  overdose ").expect("overdose row");
    let withdrawal = out.find("\n  withdrawal ").expect("withdrawal row");
    assert!(overdose < withdrawal, "{out}");
    assert!(
        out.contains("\nSEEK MEDICAL HELP AT ONCE: signs on the overdose or the withdrawal list"),
        "{out}"
    );
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("HARD", "overdose_signs"),
            ("HARD", "withdrawal_signs"),
            ("INFO", "signs_overlap"),
        ])
    );
    assert!(
        out.contains("        source: 000 Clinical Pearls\n"),
        "{out}"
    );
}

#[test]
fn the_list_with_most_matches_comes_first() {
    // pruritus, high_fever: withdrawal; pump_alarm: pump problem; hypotonia: overdose. Withdrawal
    // has 2 (first), then the tie of 1 and 1 in the order overdose, pump_problem.
    let out = computed(&[
        "triage",
        "pump_alarm",
        "pruritus",
        "hypotonia",
        "high_fever",
    ]);
    let order: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter_map(|l| l.split("  ").next())
        .filter(|c| ["overdose", "withdrawal", "pump_problem"].contains(c))
        .collect();
    assert_eq!(order, ["withdrawal", "overdose", "pump_problem"]);
    // The signs of a list in the list's order (high fever before itching), not as observed.
    assert_eq!(
        row(&out, "withdrawal"),
        ["withdrawal", "2 of 9 signs", "high_fever, pruritus"]
    );
    assert_eq!(
        row(&out, "pump_problem"),
        ["pump_problem", "1 of 6 signs", "pump_alarm"]
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("HARD", "withdrawal_signs"),
            ("HARD", "overdose_signs"),
            ("SOFT", "pump_problem_signs"),
            ("INFO", "signs_overlap"),
        ])
    );
}

#[test]
fn a_pump_problem_alone_is_soft() {
    // pump_site_redness is only on the pump problem list: soft, allowed, no call to act at once
    // above the findings.
    let out = computed(&["triage", "pump_site_redness"]);
    assert_eq!(
        finding_marks(&out),
        marks(&[("SOFT", "pump_problem_signs")])
    );
    assert!(!out.contains("SEEK MEDICAL HELP AT ONCE"), "{out}");
    assert!(
        out.contains("        source: 000 Seek Immediate Medical Attention\n"),
        "{out}"
    );
}

#[test]
fn triage_never_names_a_diagnosis() {
    let cases: [&[&str]; 4] = [
        &["triage", "seizures"],
        &["triage", "pump_alarm", "coma", "hallucinations"],
        &["triage", "--help"],
        &["signs"],
    ];
    for args in cases {
        let out = computed(args).to_lowercase();
        assert!(!out.contains("diagnos"), "{args:?}:\n{out}");
    }
}

#[test]
fn an_unknown_sign_is_the_protocol_error_listing_the_codes() {
    let run = itb_args(&["triage", "seizures", "fever"]);
    assert_rejected(
        &run,
        "invalid_value",
        "signs[1] (SIGN)",
        &[
            "\"fever\"",
            "hypotonia",
            "high_fever",
            "sudden_return_of_spasticity",
        ],
    );
    let run = itb_args(&["triage", "Seizures"]);
    assert_rejected(
        &run,
        "invalid_value",
        "signs[0] (SIGN)",
        &["case-sensitive"],
    );
}

#[test]
fn a_repeated_sign_is_refused_and_no_sign_is_a_usage_error() {
    let run = itb_args(&["triage", "coma", "pruritus", "coma"]);
    assert_rejected(
        &run,
        "invalid_value",
        "signs[2] (SIGN)",
        &["each sign once"],
    );
    assert_usage_error(&["triage"]);
}

#[test]
fn the_triage_help_lists_the_codes_by_list() {
    let help = computed(&["triage", "--help"]);
    assert!(
        help.contains("  withdrawal: high_fever, altered_mental_status,"),
        "{help}"
    );
    assert!(help.contains("sudden_return_of_spasticity"), "{help}");
}

// ---------------------------------------------------------------------------------------------
// itb interactions

#[test]
fn an_opioid_an_antihypertensive_and_a_name_not_in_the_lexicon() {
    // Morphine: an opioid, major (000 Drug Interactions: CNS depression). amlodipine, in any
    // case and with spaces around it: an antihypertensive, moderate. aspirin: not in the
    // lexicon, NOT CHECKED. Findings: major (soft), moderate (info), unrecognised (info).
    let out = computed(&["interactions", "Morphine", " amLODipine ", "aspirin"]);
    assert!(
        out.starts_with(
            "Interactions with intrathecal baclofen\n  names   3 given: 2 with an interaction, 1 \
             NOT CHECKED\n"
        ),
        "{out}"
    );
    assert_eq!(
        row(&out, "medication"),
        ["medication", "class", "severity", "effect", "source"]
    );
    assert_eq!(
        row(&out, "Morphine"),
        [
            "Morphine",
            "opioid",
            "major",
            "may potentiate CNS depression, including",
            "000 Drug Interactions"
        ]
    );
    assert_eq!(
        row(&out, "amLODipine"),
        [
            "amLODipine",
            "antihypertensive",
            "moderate",
            "may cause additive hypotensive effects",
            "000 Drug Interactions"
        ]
    );
    assert!(
        out.contains("\nNOT CHECKED (not in the lexicon; check them by hand): aspirin\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("SOFT", "major_interaction"),
            ("INFO", "moderate_interaction"),
            ("INFO", "unrecognised_medication"),
        ])
    );
}

#[test]
fn class_names_and_names_of_several_words_match() {
    // "Nitrous-Oxide" is nitrous oxide, a general anaesthetic; "tricyclic antidepressants" the
    // class (major: hypotonia); "intrathecal agents" the class 001 advises against (moderate).
    let out = computed(&[
        "interactions",
        "Nitrous-Oxide",
        "tricyclic antidepressants",
        "intrathecal agents",
    ]);
    assert_eq!(
        row(&out, "Nitrous-Oxide")[1..3],
        ["general_anaesthetic", "major"]
    );
    assert_eq!(
        row(&out, "tricyclic antidepressants")[1..4],
        [
            "tricyclic_antidepressant",
            "major",
            "may potentiate hypotonia"
        ]
    );
    let intrathecal = row(&out, "intrathecal agents");
    assert_eq!(intrathecal[1..3], ["intrathecal_agent", "moderate"]);
    // 001 Precautions and Warnings, filled onto two lines of its column.
    assert_eq!(intrathecal.last(), Some(&"001 Precautions and"));
    assert!(!out.contains("NOT CHECKED ("), "{out}");
    assert!(
        out.contains("  names   3 given: 3 with an interaction, 0 NOT CHECKED\n"),
        "{out}"
    );
}

#[test]
fn nothing_recognised_prints_no_table_but_says_not_checked() {
    let out = computed(&["interactions", "aspirin", "paracetamol"]);
    assert!(!out.contains("medication  class"), "{out}");
    assert!(
        out.contains("  names   2 given: 0 with an interaction, 2 NOT CHECKED\n"),
        "{out}"
    );
    assert!(
        out.contains("check them by hand): aspirin, paracetamol\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[("INFO", "unrecognised_medication")])
    );
}

#[test]
fn a_repeated_or_blank_name_is_refused() {
    // " MORPHINE" is morphine as matching compares names: the second one is refused.
    let run = itb_args(&["interactions", "morphine", "aspirin", " MORPHINE"]);
    assert_rejected(
        &run,
        "invalid_value",
        "medications[2] (NAME)",
        &["each medication once"],
    );
    let run = itb_args(&["interactions", "morphine", "  "]);
    assert_rejected(&run, "invalid_value", "medications[1] (NAME)", &["letter"]);
    assert_usage_error(&["interactions"]);
}

#[test]
fn more_than_100_names_are_out_of_range() {
    let names: Vec<String> = (0..101).map(|i| format!("drug{i}")).collect();
    let mut args = vec!["interactions"];
    args.extend(names.iter().map(String::as_str));
    let run = itb_args(&args);
    assert_rejected(&run, "out_of_range", "medications (NAME)", &["at most 100"]);
}

// ---------------------------------------------------------------------------------------------
// itb patient

#[test]
fn under_4_years_is_hard_under_the_uk_smpc() {
    // 3.9 < 4 years: 001 Contraindications (UK), hard; the result is not allowed.
    let out = computed(&["patient", "--profile", "uk", "--age-years", "3.9"]);
    let head = "\
Patient check
  profile   uk (UK SmPC)
  age       3.9 years
  checked   age_years
Not checked, not given: --pregnant, --breastfeeding, --infection, --months-since-head-injury, --route, --risk-factor or --no-risk-factors.
NOT ALLOWED: a hard limit is crossed; do not use this result as it stands.
Findings:
  HARD  age_below_4_years: ";
    assert!(out.starts_with(head), "{out}");
    assert!(
        out.ends_with("        source: 001 Contraindications\n"),
        "{out}"
    );
}

#[test]
fn under_4_years_is_soft_under_the_us_label() {
    let out = computed(&["patient", "--profile", "us", "--age-years", "3.9"]);
    assert_eq!(finding_marks(&out), marks(&[("SOFT", "age_below_4_years")]));
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    assert!(
        out.contains("        source: 000 Special Patient Groups/Pediatric Use\n"),
        "{out}"
    );
}

#[test]
fn no_is_checked_and_raises_nothing() {
    // "checked and false": pregnant, breastfeeding and infection all no: three checked, none
    // raised, and the not-given note names only the rest.
    let out = computed(&[
        "patient",
        "--pregnant",
        "no",
        "--breastfeeding",
        "no",
        "--infection",
        "no",
    ]);
    let expected = "\
Patient check
  pregnant        no
  breastfeeding   no
  infection       no
  checked         pregnant, breastfeeding, infection
Not checked, not given: --age-years, --months-since-head-injury, --route, --risk-factor or --no-risk-factors.
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn each_caution_is_raised_by_its_input() {
    // 65 years: elderly (info, 65 or older); pregnant: soft; breastfeeding: info; an infection:
    // soft; 11 months since a head injury, under 12: soft; oral: not intrathecal, hard; a
    // withdrawal risk factor: soft. Printed hard first, then soft, then info.
    let out = computed(&[
        "patient",
        "--profile",
        "us",
        "--age-years",
        "65",
        "--pregnant",
        "yes",
        "--breastfeeding",
        "yes",
        "--infection",
        "yes",
        "--months-since-head-injury",
        "11",
        "--route",
        "oral",
        "--risk-factor",
        "prior_withdrawal",
    ]);
    assert!(out.contains("\n  since head injury   11 months\n"), "{out}");
    assert!(
        out.contains("\n  risk factors        prior_withdrawal\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "\n  checked             age_years, pregnant, breastfeeding, infection, \
             months_since_head_injury, route, risk_factors\n"
        ),
        "{out}"
    );
    assert!(!out.contains("Not checked"), "{out}");
    assert!(out.contains("\nNOT ALLOWED: "), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("HARD", "route_not_intrathecal"),
            ("SOFT", "pregnancy"),
            ("SOFT", "infection"),
            ("SOFT", "head_injury_under_1_year"),
            ("SOFT", "withdrawal_risk"),
            ("INFO", "elderly"),
            ("INFO", "breastfeeding"),
        ])
    );
}

#[test]
fn the_edges_raise_nothing() {
    // 64 years is not elderly, 4 is not under 4; 12 months is the year, not under it;
    // intrathecal is the route; no known risk factor is checked all the same.
    let out = computed(&[
        "patient",
        "--profile",
        "uk",
        "--age-years",
        "4",
        "--months-since-head-injury",
        "12",
        "--route",
        "intrathecal",
        "--no-risk-factors",
    ]);
    assert!(out.ends_with("No findings.\n"), "{out}");
    assert!(
        out.contains("\n  risk factors        none known (--no-risk-factors)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  checked             age_years, months_since_head_injury, route, risk_factors\n"
        ),
        "{out}"
    );
    let out = computed(&["patient", "--profile", "us", "--age-years", "64.9"]);
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn patient_bad_input() {
    // Nothing at all: the protocol's missing_field, with no field to name.
    let run = itb_args(&["patient"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("error: missing_field\n  message   no input given"),
        "{}",
        run.stderr
    );
    let run = itb_args(&["patient", "--age-years", "7"]);
    assert_rejected(&run, "missing_field", "profile (--profile)", &["under-4"]);
    let run = itb_args(&["patient", "--profile", "us"]);
    assert_rejected(&run, "missing_field", "age_years (--age-years)", &[]);
    let run = itb_args(&["patient", "--profile", "us", "--age-years", "151"]);
    assert_rejected(&run, "out_of_range", "age_years (--age-years)", &[]);
    let run = itb_args(&["patient", "--months-since-head-injury", "-1"]);
    assert_rejected(
        &run,
        "negative",
        "months_since_head_injury (--months-since-head-injury)",
        &["0 or more"],
    );
    let run = itb_args(&["patient", "--months-since-head-injury", "six"]);
    assert_rejected(
        &run,
        "invalid_value",
        "months_since_head_injury (--months-since-head-injury)",
        &["\"six\"", "a number of months"],
    );
    let run = itb_args(&["patient", "--months-since-head-injury", "inf"]);
    assert_rejected(
        &run,
        "not_finite",
        "months_since_head_injury (--months-since-head-injury)",
        &[],
    );
    let run = itb_args(&["patient", "--route", "nasal"]);
    assert_rejected(
        &run,
        "invalid_value",
        "route (--route)",
        &[
            "\"nasal\"",
            "intrathecal, intravenous, intramuscular, subcutaneous, epidural, oral",
        ],
    );
    let run = itb_args(&["patient", "--risk-factor", "asthma"]);
    assert_rejected(
        &run,
        "invalid_value",
        "risk_factors[0] (--risk-factor)",
        &["prior_withdrawal"],
    );
    // A yes-or-no is one of the two, said.
    assert_usage_error(&["patient", "--pregnant", "maybe"]);
    assert_usage_error(&["patient", "--pregnant"]);
    assert_usage_error(&[
        "patient",
        "--no-risk-factors",
        "--risk-factor",
        "prior_withdrawal",
    ]);
}

// ---------------------------------------------------------------------------------------------
// itb monitoring

#[test]
fn after_a_change_monitor_closely_and_watch_for_the_signs() {
    // 002 Warnings: close monitoring after every change of the dosing rate or the
    // concentration; 000 Seek Immediate Medical Attention: the signs of overdose and withdrawal.
    let out = computed(&["monitoring", "after_change"]);
    assert!(
        out.starts_with(
            "Monitoring plan\n  phase   after_change (after a change of the dosing rate or the \
             concentration)\n"
        ),
        "{out}"
    );
    assert_eq!(
        row(&out, "what "),
        ["what", "how often", "what to do", "source"]
    );
    assert_eq!(
        row(&out, "the patient's response"),
        [
            "the patient's response",
            "closely, after each change of",
            // The column holds 36: "keep the patient under close medical" is 36 exactly.
            "keep the patient under close medical",
            "002 Warnings"
        ]
    );
    assert_eq!(
        row(&out, "signs of overdose and of"),
        [
            "signs of overdose and of",
            "after each change",
            // 33 columns; " appear" would make 40.
            "seek medical help at once if they",
            "000 Seek Immediate"
        ]
    );
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn each_phase_has_its_plan() {
    // 001 Screening Phase: respiratory and cardiac function; 000 Routine Monitoring: spasticity
    // daily during titration, monthly to quarterly in maintenance.
    let out = computed(&["monitoring", "screening"]);
    assert!(out.contains("\n  respiratory and cardiac"), "{out}");
    let out = computed(&["monitoring", "titration"]);
    assert_eq!(
        row(&out, "spasticity and function")[1],
        "daily during titration"
    );
    let out = computed(&["monitoring", "maintenance"]);
    assert_eq!(
        row(&out, "spasticity and function")[1],
        "regularly: monthly to quarterly,"
    );
}

#[test]
fn an_unknown_phase_is_the_protocol_error_listing_the_phases() {
    let run = itb_args(&["monitoring", "implant"]);
    assert_rejected(
        &run,
        "invalid_value",
        "phase (PHASE)",
        &[
            "\"implant\"",
            "screening, titration, maintenance, after_change",
        ],
    );
    assert_usage_error(&["monitoring"]);
}

// ---------------------------------------------------------------------------------------------
// --json

#[test]
fn json_is_the_protocol_response_to_the_same_request() {
    let cases: [(&[&str], &str); 11] = [
        (&["signs"], r#"{"op":"signs"}"#),
        (
            &["signs", "--list", "overdose"],
            r#"{"op":"signs","list":"overdose"}"#,
        ),
        (&["signs", "--list", "x"], r#"{"op":"signs","list":"x"}"#),
        (
            &["triage", "seizures"],
            r#"{"op":"triage","signs":["seizures"]}"#,
        ),
        (
            &["triage", "coma", "nope"],
            r#"{"op":"triage","signs":["coma","nope"]}"#,
        ),
        (
            &["interactions", "Morphine", " amLODipine ", "aspirin"],
            r#"{"op":"interactions","medications":["Morphine"," amLODipine ","aspirin"]}"#,
        ),
        (
            &["patient", "--profile", "uk", "--age-years", "3.9"],
            r#"{"op":"patient_check","profile":"uk","age_years":3.9}"#,
        ),
        (
            &[
                "patient",
                "--pregnant",
                "no",
                "--infection",
                "yes",
                "--no-risk-factors",
            ],
            r#"{"op":"patient_check","pregnant":false,"infection":true,"risk_factors":[]}"#,
        ),
        (
            &[
                "patient",
                "--months-since-head-injury",
                "11",
                "--route",
                "epidural",
                "--risk-factor",
                "sci_t6_or_above",
            ],
            r#"{"op":"patient_check","months_since_head_injury":11,"route":"epidural","risk_factors":["sci_t6_or_above"]}"#,
        ),
        (&["patient"], r#"{"op":"patient_check"}"#),
        (
            &["monitoring", "after_change"],
            r#"{"op":"monitoring_plan","phase":"after_change"}"#,
        ),
    ];
    for (args, request) in cases {
        let args = [args, &["--json"]].concat();
        let run = itb_args(&args);
        let response = itb::protocol::evaluate(request);
        let ok = response.contains(r#""ok":true"#);
        assert_eq!(run.code, Some(if ok { 0 } else { 1 }), "{args:?}");
        assert_eq!(run.stdout, format!("{response}\n"), "{args:?}");
    }
    // Worked by hand in the JSON: "checked and false" is checked.
    let run = itb_args(&["patient", "--pregnant", "no", "--json"]);
    let response = json(&run);
    assert_eq!(
        response["result"]["checked"],
        serde_json::json!(["pregnant"])
    );
    assert_eq!(response["findings"], serde_json::json!([]));
}

#[test]
fn the_new_commands_have_help_man_pages_and_completions() {
    for command in ["signs", "triage", "interactions", "patient", "monitoring"] {
        let help = computed(&[command, "--help"]);
        assert!(help.contains("Examples"), "{command}: {help}");
        assert!(help.contains("--json"), "{command}: {help}");
        let page = computed(&["man", command]);
        assert!(page.contains(&format!(".TH itb-{command} 1 ")), "{page}");
        let bash = computed(&["completions", "bash"]);
        assert!(bash.contains(command), "{command}");
    }
    let help = computed(&["patient", "--help"]);
    assert!(help.contains("Routes: intrathecal, intravenous,"), "{help}");
    assert!(help.contains("--no-risk-factors"), "{help}");
    let help = computed(&["interactions", "--help"]);
    assert!(help.contains("Classes, moderate: alcohol,"), "{help}");
}
