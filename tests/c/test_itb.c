/*
 * The C API through C: built with -std=c99 -Wall -Wextra -Wpedantic -Werror against
 * include/itb.h, linked once against libitb.a and once against libitb.so, and run by
 * bindings-c/tests/c_api.rs (cargo test -p itb-c). Expected values are worked out by hand in the
 * comments. Prints "ok <test>" per test; exits non-zero when any check fails.
 */
#include "itb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not in the header: a hook that panics on purpose, to test the panic boundary. */
ItbStatus itb_test_panic(ItbError *error);

static const char *current_test = "";
static int failures = 0;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            failures++;                                                                \
            fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__,      \
                    current_test, #cond);                                              \
        }                                                                              \
    } while (0)

#define CHECK_STATUS(call, expected)                                                   \
    do {                                                                               \
        ItbStatus got_ = (call);                                                       \
        if (got_ != (expected)) {                                                      \
            failures++;                                                                \
            fprintf(stderr, "%s:%d: %s: %s gave %u (%s), expected %s\n", __FILE__,     \
                    __LINE__, current_test, #call, (unsigned)got_, itb_status_str(got_), \
                    #expected);                                                        \
        }                                                                              \
    } while (0)

static int starts_with(const char *text, const char *prefix) {
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Equal within 1e-12 relative: the library snaps results to 12 significant digits. */
static int near(double got, double want) {
    return fabs(got - want) <= 1e-12 * fmax(1.0, fabs(want));
}

static const ItbDoseRate DOSE_500_MCG_PER_DAY = {500.0, ITB_UNIT_MCG_PER_DAY};
static const ItbConcentration CONC_2_MG_PER_ML = {2.0, ITB_UNIT_MG_PER_ML};

/* ---- version and static strings ------------------------------------------------------- */

static void test_version_matches_header_macros(void) {
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", ITB_VERSION_MAJOR, ITB_VERSION_MINOR,
             ITB_VERSION_PATCH);
    CHECK(strcmp(itb_version(), expected) == 0);
    CHECK(strcmp(itb_version(), ITB_VERSION) == 0);
    CHECK(ITB_VERSION_NUMBER ==
          ((ITB_VERSION_MAJOR << 16) | (ITB_VERSION_MINOR << 8) | ITB_VERSION_PATCH));
}

static void test_status_str(void) {
    CHECK(strcmp(itb_status_str(ITB_STATUS_OK), "ok") == 0);
    CHECK(starts_with(itb_status_str(ITB_STATUS_UNIT_MISMATCH), "unit_mismatch: "));
    CHECK(starts_with(itb_status_str(ITB_STATUS_PANIC), "panic: "));
    CHECK(strcmp(itb_status_str(12345u), "unknown status") == 0);
    CHECK(strcmp(itb_status_str(0xFFFFFFFFu), "unknown status") == 0);
}

static void test_unit_symbol(void) {
    const char *symbol = NULL;
    CHECK_STATUS(itb_unit_symbol(ITB_UNIT_MCG_PER_ML, &symbol), ITB_STATUS_OK);
    CHECK(symbol != NULL && strcmp(symbol, "mcg/mL") == 0);
    CHECK_STATUS(itb_unit_symbol(ITB_UNIT_ML_PER_HOUR, &symbol), ITB_STATUS_OK);
    CHECK(strcmp(symbol, "mL/h") == 0);
    symbol = "untouched";
    CHECK_STATUS(itb_unit_symbol(0u, &symbol), ITB_STATUS_INVALID_UNIT);
    CHECK_STATUS(itb_unit_symbol(999u, &symbol), ITB_STATUS_INVALID_UNIT);
    CHECK(strcmp(symbol, "untouched") == 0);
    CHECK_STATUS(itb_unit_symbol(ITB_UNIT_MG, NULL), ITB_STATUS_NULL_POINTER);
}

/* ---- typed functions: happy paths ------------------------------------------------------ */

static void test_daily_volume_500_mcg_per_day_at_2_mg_per_ml(void) {
    /* 2 mg/mL = 2000 mcg/mL; 500 mcg/day / 2000 mcg/mL = 0.25 mL/day; / 24 = 0.0104166... mL/h */
    ItbDailyVolume dv;
    CHECK_STATUS(itb_daily_volume(DOSE_500_MCG_PER_DAY, CONC_2_MG_PER_ML, &dv, NULL),
                 ITB_STATUS_OK);
    CHECK(dv.flow_rate.value == 0.25);
    CHECK(dv.flow_rate.unit == ITB_UNIT_ML_PER_DAY);
    CHECK(near(dv.hourly_flow.value, 0.25 / 24.0));
    CHECK(dv.hourly_flow.unit == ITB_UNIT_ML_PER_HOUR);
    CHECK(dv.allowed);
    CHECK(dv.findings_len == 0);
}

static void test_daily_volume_findings_and_messages(void) {
    /* 1500 mcg/day at 3000 mcg/mL: 0.5 mL/day. 3000 is not labelled (info), above the
     * 2000 mcg/mL commercial top (soft); 1500 mcg/day is above 1000 (soft). No hard finding. */
    ItbDoseRate dose = {1.5, ITB_UNIT_MG_PER_DAY};
    ItbConcentration conc = {3000.0, ITB_UNIT_MCG_PER_ML};
    ItbDailyVolume dv;
    size_t i, needed = 0, written = 0;
    int seen = 0;
    CHECK_STATUS(itb_daily_volume(dose, conc, &dv, NULL), ITB_STATUS_OK);
    CHECK(dv.flow_rate.value == 0.5);
    CHECK(dv.allowed);
    CHECK(dv.findings_len == 3);
    for (i = 0; i < dv.findings_len && i < ITB_FINDINGS_CAPACITY; i++) {
        const ItbFinding *f = &dv.findings[i];
        if (f->code == ITB_FINDING_NONSTANDARD_CONCENTRATION) {
            seen |= 1;
            CHECK(f->severity == ITB_SEVERITY_INFO);
            CHECK(strcmp(f->code_name, "nonstandard_concentration") == 0);
            CHECK(f->subject.value == 3000.0 && f->subject.unit == ITB_UNIT_MCG_PER_ML);
        } else if (f->code == ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL) {
            seen |= 2;
            CHECK(f->severity == ITB_SEVERITY_SOFT);
            CHECK(strcmp(f->source, "[MOBERG]") == 0);
        } else if (f->code == ITB_FINDING_DAILY_DOSE_ABOVE_1000) {
            char *message;
            seen |= 4;
            CHECK(f->severity == ITB_SEVERITY_SOFT);
            CHECK(strcmp(f->code_name, "daily_dose_above_1000") == 0);
            CHECK(f->subject.value == 1500.0 && f->subject.unit == ITB_UNIT_MCG_PER_DAY);
            CHECK_STATUS(itb_finding_message(f, NULL, 0, &needed), ITB_STATUS_BUFFER_TOO_SMALL);
            message = malloc(needed);
            CHECK(message != NULL);
            if (message != NULL) {
                CHECK_STATUS(itb_finding_message(f, message, needed, &written), ITB_STATUS_OK);
                CHECK(written == needed && strlen(message) + 1 == needed);
                CHECK(starts_with(message, "1,500 mcg/day is above 1,000 mcg/day: "));
                free(message);
            }
        }
    }
    CHECK(seen == 7);
    {
        /* A finding the library did not write: an unknown code, an unknown subject unit. */
        ItbFinding forged = dv.findings[0];
        char buf[64];
        forged.code = 9999u;
        CHECK_STATUS(itb_finding_message(&forged, buf, sizeof buf, &written),
                     ITB_STATUS_INVALID_ARGUMENT);
        forged = dv.findings[0];
        forged.subject.unit = 7u;
        CHECK_STATUS(itb_finding_message(&forged, buf, sizeof buf, &written),
                     ITB_STATUS_INVALID_UNIT);
    }
    /* Unused slots are empty, never garbage. */
    CHECK(dv.findings[3].code == 0 && strcmp(dv.findings[3].code_name, "") == 0);
}

static void test_convert(void) {
    /* 10 mg in 20 mL = 0.5 mg/mL = 500 mcg/mL; 0.1 mg = 100 mcg exactly; 1 day = 24 h. */
    ItbQuantity ten_mg_in_20_ml = {10.0 / 20.0, ITB_UNIT_MG_PER_ML};
    ItbQuantity tenth_mg = {0.1, ITB_UNIT_MG};
    ItbQuantity day = {1.0, ITB_UNIT_DAY};
    ItbQuantity out;
    CHECK_STATUS(itb_convert(ten_mg_in_20_ml, ITB_UNIT_MCG_PER_ML, &out, NULL), ITB_STATUS_OK);
    CHECK(out.value == 500.0 && out.unit == ITB_UNIT_MCG_PER_ML);
    CHECK_STATUS(itb_convert(tenth_mg, ITB_UNIT_MCG, &out, NULL), ITB_STATUS_OK);
    CHECK(out.value == 100.0 && out.unit == ITB_UNIT_MCG);
    CHECK_STATUS(itb_convert(day, ITB_UNIT_HOUR, &out, NULL), ITB_STATUS_OK);
    CHECK(out.value == 24.0 && out.unit == ITB_UNIT_HOUR);
}

static void test_dilution_400_in_20_ml_from_2000(void) {
    /* 20 mL x 400 mcg/mL = 8000 mcg; 8000 mcg / 2000 mcg/mL = 4 mL of stock; 20 - 4 = 16 mL. */
    ItbConcentration stock = {2000.0, ITB_UNIT_MCG_PER_ML};
    ItbConcentration target = {400.0, ITB_UNIT_MCG_PER_ML};
    ItbVolume final_volume = {20.0, ITB_UNIT_ML};
    ItbDilution d;
    CHECK_STATUS(itb_dilution(stock, target, final_volume, &d, NULL), ITB_STATUS_OK);
    CHECK(d.stock_volume.value == 4.0 && d.stock_volume.unit == ITB_UNIT_ML);
    CHECK(d.diluent_volume.value == 16.0 && d.diluent_volume.unit == ITB_UNIT_ML);
    CHECK(d.drug_amount.value == 8000.0 && d.drug_amount.unit == ITB_UNIT_MCG);
    CHECK(strcmp(d.diluent, "preservative-free 0.9 % sodium chloride") == 0);
    CHECK(d.allowed && d.findings_len == 0);
}

/* ---- typed functions: bad input --------------------------------------------------------- */

static void test_null_pointers(void) {
    ItbError error;
    ItbQuantity q = {1.0, ITB_UNIT_MG};
    ItbConcentration c = {2000.0, ITB_UNIT_MCG_PER_ML};
    ItbVolume v = {20.0, ITB_UNIT_ML};
    ItbFinding finding;
    size_t written = 0;
    char buf[16];
    CHECK_STATUS(itb_daily_volume(DOSE_500_MCG_PER_DAY, CONC_2_MG_PER_ML, NULL, &error),
                 ITB_STATUS_NULL_POINTER);
    CHECK(error.status == ITB_STATUS_NULL_POINTER && strcmp(error.field, "out") == 0);
    CHECK_STATUS(itb_daily_volume(DOSE_500_MCG_PER_DAY, CONC_2_MG_PER_ML, NULL, NULL),
                 ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_convert(q, ITB_UNIT_MCG, NULL, NULL), ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_dilution(c, c, v, NULL, NULL), ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_eval_json(NULL, buf, sizeof buf, &written), ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_eval_json("{}", buf, sizeof buf, NULL), ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_eval_json("{}", NULL, 10, &written), ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_finding_message(NULL, buf, sizeof buf, &written), ITB_STATUS_NULL_POINTER);
    memset(&finding, 0, sizeof finding);
    CHECK_STATUS(itb_finding_message(&finding, buf, sizeof buf, NULL), ITB_STATUS_NULL_POINTER);
}

static void test_unknown_unit_codes(void) {
    ItbError error;
    ItbDailyVolume dv;
    ItbQuantity q = {1.0, ITB_UNIT_MG};
    ItbQuantity out;
    ItbDoseRate dose = {500.0, 0u};
    CHECK_STATUS(itb_daily_volume(dose, CONC_2_MG_PER_ML, &dv, &error), ITB_STATUS_INVALID_UNIT);
    CHECK(strcmp(error.field, "daily_dose.unit") == 0);
    CHECK(strstr(error.message, "401 (mcg/day)") != NULL); /* the message lists what is allowed */
    dose.unit = 0xFFFFFFFFu;
    CHECK_STATUS(itb_daily_volume(dose, CONC_2_MG_PER_ML, &dv, NULL), ITB_STATUS_INVALID_UNIT);
    CHECK_STATUS(itb_convert(q, 12345u, &out, &error), ITB_STATUS_INVALID_UNIT);
    CHECK(strcmp(error.field, "to_unit") == 0);
    q.unit = 100u; /* the first code of the mass hundred, never assigned */
    CHECK_STATUS(itb_convert(q, ITB_UNIT_MCG, &out, &error), ITB_STATUS_INVALID_UNIT);
    CHECK(strcmp(error.field, "quantity.unit") == 0);
}

static void test_unit_of_the_wrong_dimension(void) {
    ItbError error;
    ItbDailyVolume dv;
    ItbDoseRate a_mass = {500.0, ITB_UNIT_MCG};
    ItbConcentration a_dose_rate = {2.0, ITB_UNIT_MG_PER_DAY};
    ItbQuantity mg = {1.0, ITB_UNIT_MG};
    ItbQuantity out;
    CHECK_STATUS(itb_daily_volume(a_mass, CONC_2_MG_PER_ML, &dv, &error), ITB_STATUS_UNIT_MISMATCH);
    CHECK(error.status == ITB_STATUS_UNIT_MISMATCH);
    CHECK(strcmp(error.field, "daily_dose") == 0);
    CHECK_STATUS(itb_daily_volume(DOSE_500_MCG_PER_DAY, a_dose_rate, &dv, &error),
                 ITB_STATUS_UNIT_MISMATCH);
    CHECK(strcmp(error.field, "concentration") == 0);
    CHECK_STATUS(itb_convert(mg, ITB_UNIT_ML, &out, &error), ITB_STATUS_UNIT_MISMATCH);
    CHECK(strcmp(error.field, "to_unit") == 0);
}

static void test_nan_infinity_negative_zero(void) {
    ItbError error;
    ItbDailyVolume dv, before;
    ItbDoseRate dose = {0.0, ITB_UNIT_MCG_PER_DAY};
    ItbConcentration stock = {2000.0, ITB_UNIT_MCG_PER_ML};
    ItbConcentration target = {400.0, ITB_UNIT_MCG_PER_ML};
    ItbVolume zero_ml = {0.0, ITB_UNIT_ML};
    ItbDilution d;
    memset(&dv, 0xAB, sizeof dv);
    memcpy(&before, &dv, sizeof dv);
    dose.value = NAN;
    CHECK_STATUS(itb_daily_volume(dose, CONC_2_MG_PER_ML, &dv, &error), ITB_STATUS_NOT_FINITE);
    CHECK(strcmp(error.field, "daily_dose") == 0);
    dose.value = INFINITY;
    CHECK_STATUS(itb_daily_volume(dose, CONC_2_MG_PER_ML, &dv, &error), ITB_STATUS_NOT_FINITE);
    dose.value = 1e308; /* mcg/day: finite, but not in every unit of its dimension */
    dose.unit = ITB_UNIT_MG_PER_DAY;
    CHECK_STATUS(itb_daily_volume(dose, CONC_2_MG_PER_ML, &dv, &error), ITB_STATUS_NOT_FINITE);
    dose.value = -1.0;
    dose.unit = ITB_UNIT_MCG_PER_DAY;
    CHECK_STATUS(itb_daily_volume(dose, CONC_2_MG_PER_ML, &dv, &error), ITB_STATUS_NEGATIVE);
    CHECK(strstr(error.message, "-1 mcg/day") != NULL);
    dose.value = 0.0;
    CHECK_STATUS(itb_daily_volume(dose, CONC_2_MG_PER_ML, &dv, &error), ITB_STATUS_ZERO);
    /* Nothing was written to *out by any failed call. */
    CHECK(memcmp(&dv, &before, sizeof dv) == 0);
    CHECK_STATUS(itb_dilution(stock, target, zero_ml, &d, &error), ITB_STATUS_ZERO);
    CHECK(strcmp(error.field, "final_volume") == 0);
    CHECK_STATUS(itb_dilution(target, stock, (ItbVolume){20.0, ITB_UNIT_ML}, &d, &error),
                 ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "target") == 0);
}

static void test_panic_is_caught(void) {
    ItbError error;
    fprintf(stderr, "(a panic message from itb_test_panic is expected here)\n");
    CHECK_STATUS(itb_test_panic(&error), ITB_STATUS_PANIC);
    CHECK(error.status == ITB_STATUS_PANIC);
    CHECK(strstr(error.message, "deliberate panic") != NULL);
    CHECK_STATUS(itb_test_panic(NULL), ITB_STATUS_PANIC);
}

/* ---- dosing rules ------------------------------------------------------------------------ */

static const ItbMass MCG_50 = {50.0, ITB_UNIT_MCG};
static const ItbConcentration SCREENING_SOLUTION = {50.0, ITB_UNIT_MCG_PER_ML};

/* The finding with this code, or NULL. */
static const ItbFinding *find(const ItbFinding *findings, size_t len, uint32_t code) {
    size_t i;
    for (i = 0; i < len && i < ITB_FINDINGS_CAPACITY; i++) {
        if (findings[i].code == code) return &findings[i];
    }
    return NULL;
}

/* UK, 200 mcg/day of spinal origin, +30 % in titration; age and hours not known. */
static ItbDoseChange uk_200_spinal_plus_30(void) {
    ItbDoseChange c = {
        .profile = ITB_PROFILE_UK,
        .current_daily_dose = {200.0, ITB_UNIT_MCG_PER_DAY},
        .change_percent = 30.0,
        .origin = ITB_ORIGIN_SPINAL,
        .phase = ITB_PHASE_TITRATION,
        .has_age = false,
        .pump_programmable = true,
        .has_hours_since_last_change = false,
        .has_hours_since_start = false,
    };
    return c;
}

static void test_screening_plan_50_mcg_at_50_mcg_per_ml(void) {
    /* [DRUGS-DOSE]: 50, 75, 100 mcg at 50 mcg/mL are 1, 1.5 and 2 mL; 24 h apart; max 100.
     * The default constants are the protocol's defaults: 50 mcg, 50 mcg/mL. */
    ItbMass start = {ITB_SCREENING_DEFAULT_START_DOSE_MCG, ITB_UNIT_MCG};
    ItbConcentration conc = {ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML, ITB_UNIT_MCG_PER_ML};
    ItbScreeningPlan p;
    CHECK(ITB_SCREENING_DEFAULT_START_DOSE_MCG == 50.0);
    CHECK(ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML == 50.0);
    CHECK(ITB_SCREENING_MAX_DOSES == 4);
    CHECK_STATUS(itb_screening_plan(ITB_PROFILE_US, false, 0.0, start, conc, false, 0.0, &p, NULL),
                 ITB_STATUS_OK);
    CHECK(p.doses_len == 3);
    CHECK(p.doses[0].dose.value == 50.0 && p.doses[0].dose.unit == ITB_UNIT_MCG);
    CHECK(p.doses[0].volume.value == 1.0 && p.doses[0].volume.unit == ITB_UNIT_ML);
    CHECK(p.doses[1].dose.value == 75.0 && p.doses[1].volume.value == 1.5);
    CHECK(p.doses[2].dose.value == 100.0 && p.doses[2].volume.value == 2.0);
    CHECK(p.doses[3].dose.unit == 0 && p.doses[3].volume.unit == 0); /* an unused slot */
    CHECK(p.min_interval.value == 24.0 && p.min_interval.unit == ITB_UNIT_HOUR);
    CHECK(p.max_dose.value == 100.0 && p.max_dose.unit == ITB_UNIT_MCG);
    CHECK(p.allowed && p.findings_len == 0);
}

static void test_screening_plan_from_60_mcg(void) {
    /* 60, then 60 + 25 = 85; 85 + 25 = 110 is above 100, so the plan stops. 0.06 mg = 60 mcg;
     * at 50 mcg/mL: 60 / 50 = 1.2 mL, 85 / 50 = 1.7 mL. Age 30: no age finding. 60 mcg is not
     * the label's 25 or 50 mcg start (soft). The last bolus 23 h ago: under 24 h (hard). */
    ItbMass start = {0.06, ITB_UNIT_MG};
    ItbScreeningPlan p;
    CHECK_STATUS(itb_screening_plan(ITB_PROFILE_UK, true, 30.0, start, SCREENING_SOLUTION, false,
                                    0.0, &p, NULL),
                 ITB_STATUS_OK);
    CHECK(p.doses_len == 2);
    CHECK(p.doses[0].dose.value == 60.0 && p.doses[0].volume.value == 1.2);
    CHECK(p.doses[1].dose.value == 85.0 && p.doses[1].volume.value == 1.7);
    CHECK(p.allowed && p.findings_len == 1);
    CHECK(p.findings[0].code == ITB_FINDING_SCREENING_START_DOSE);
    CHECK(p.findings[0].severity == ITB_SEVERITY_SOFT);
    CHECK(p.findings[0].subject.value == 60.0 && p.findings[0].subject.unit == ITB_UNIT_MCG);
    CHECK_STATUS(itb_screening_plan(ITB_PROFILE_UK, true, 30.0, start, SCREENING_SOLUTION, true,
                                    23.0, &p, NULL),
                 ITB_STATUS_OK);
    CHECK(!p.allowed && p.findings_len == 2);
    CHECK(find(p.findings, p.findings_len, ITB_FINDING_SCREENING_INTERVAL_TOO_SHORT) != NULL);
}

static void test_initial_daily_dose_by_profile(void) {
    /* [SKY-NURSE]; 001: 50 mcg effective for 10 h. US threshold 8 h: 10 > 8, the bolus unchanged,
     * 50 mcg/day. UK threshold 12 h: 10 is not > 12, twice the bolus, 100 mcg/day. */
    ItbDuration ten_hours = {10.0, ITB_UNIT_HOUR};
    ItbInitialDose us, uk;
    CHECK_STATUS(itb_initial_daily_dose(ITB_PROFILE_US, MCG_50, ten_hours, &us, NULL),
                 ITB_STATUS_OK);
    CHECK(us.daily_dose.value == 50.0 && us.daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    CHECK(us.rule == ITB_RULE_SAME_AS_BOLUS);
    CHECK(strcmp(us.rule_source, "[SKY-NURSE]; [SAULINO-DOSE]") == 0);
    CHECK(us.allowed && us.findings_len == 0);
    CHECK_STATUS(itb_initial_daily_dose(ITB_PROFILE_UK, MCG_50, ten_hours, &uk, NULL),
                 ITB_STATUS_OK);
    CHECK(uk.daily_dose.value == 100.0 && uk.daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    CHECK(uk.rule == ITB_RULE_DOUBLE_BOLUS);
    CHECK(strcmp(uk.rule_source, "001 Dosage/Dose-Titration Phase") == 0);
}

static void test_titrate_worked_examples(void) {
    /* 001 (titration): 200 x 1.30 = 260 mcg/day, exactly the 30 % spinal top: no guideline
     * finding, only the monitoring every change calls for (info, 002 Warnings).
     * 200 x 1.15 = 230 mcg/day, cerebral in titration, exactly the 15 % top: the same. */
    ItbDoseChange c = uk_200_spinal_plus_30();
    ItbTitration t;
    CHECK_STATUS(itb_titrate(&c, &t, NULL), ITB_STATUS_OK);
    CHECK(t.new_daily_dose.value == 260.0 && t.new_daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    CHECK(t.allowed && t.findings_len == 1);
    CHECK(t.findings[0].code == ITB_FINDING_MONITOR_AFTER_CHANGE);
    CHECK(t.findings[0].severity == ITB_SEVERITY_INFO);
    CHECK(strcmp(t.findings[0].source, "002 Warnings") == 0);
    c.origin = ITB_ORIGIN_CEREBRAL;
    c.change_percent = 15.0;
    CHECK_STATUS(itb_titrate(&c, &t, NULL), ITB_STATUS_OK);
    CHECK(t.new_daily_dose.value == 230.0);
    CHECK(t.allowed && t.findings_len == 1);
}

static void test_titrate_finding_with_a_limit_and_its_message(void) {
    /* UK, spinal, maintenance, 200 mcg/day + 45 %: 290 mcg/day. 45 % is above the UK's 30 %
     * (soft), and in maintenance a sudden escalation (info); a change to monitor (info). 290 is
     * inside 12-2003 mcg/day. */
    ItbDoseChange c = uk_200_spinal_plus_30();
    ItbTitration t;
    const ItbFinding *step;
    char message[256];
    size_t written = 0;
    c.phase = ITB_PHASE_MAINTENANCE;
    c.change_percent = 45.0;
    CHECK_STATUS(itb_titrate(&c, &t, NULL), ITB_STATUS_OK);
    CHECK(t.new_daily_dose.value == 290.0);
    CHECK(t.allowed && t.findings_len == 3);
    CHECK(find(t.findings, t.findings_len, ITB_FINDING_SUDDEN_ESCALATION) != NULL);
    CHECK(find(t.findings, t.findings_len, ITB_FINDING_MONITOR_AFTER_CHANGE) != NULL);
    step = find(t.findings, t.findings_len, ITB_FINDING_STEP_ABOVE_GUIDELINE);
    CHECK(step != NULL);
    if (step == NULL) return;
    CHECK(step->severity == ITB_SEVERITY_SOFT);
    CHECK(strcmp(step->source, "001 Administration/Delivery regimen") == 0);
    CHECK(step->subject.value == 45.0 && step->subject.unit == ITB_UNIT_PERCENT);
    CHECK(step->limit.value == 30.0 && step->limit.unit == ITB_UNIT_PERCENT);
    CHECK_STATUS(itb_finding_message(step, message, sizeof message, &written), ITB_STATUS_OK);
    CHECK(strcmp(message,
                 "a 45 % increase is above the 30 % largest step for this origin and phase") == 0);
    CHECK(written == strlen(message) + 1);
}

static void test_uk_under_4_is_a_hard_finding(void) {
    /* Age 3 < 4: contraindicated in the UK (hard: not allowed), not established in the US
     * (soft: allowed). The same change is otherwise clean (260 mcg/day, above; a change to
     * monitor, info). */
    ItbDoseChange c = uk_200_spinal_plus_30();
    ItbTitration t;
    ItbScreeningPlan p;
    const ItbFinding *age;
    c.has_age = true;
    c.age_years = 3.0;
    CHECK_STATUS(itb_titrate(&c, &t, NULL), ITB_STATUS_OK);
    CHECK(t.new_daily_dose.value == 260.0);
    CHECK(!t.allowed && t.findings_len == 2);
    age = find(t.findings, t.findings_len, ITB_FINDING_AGE_BELOW_4_YEARS);
    CHECK(age != NULL && age->severity == ITB_SEVERITY_HARD);
    CHECK(age != NULL && strcmp(age->source, "001 Contraindications") == 0);
    CHECK(age != NULL && age->subject.value == 3.0 && age->subject.unit == ITB_UNIT_YEAR);
    c.profile = ITB_PROFILE_US;
    CHECK_STATUS(itb_titrate(&c, &t, NULL), ITB_STATUS_OK);
    age = find(t.findings, t.findings_len, ITB_FINDING_AGE_BELOW_4_YEARS);
    CHECK(t.allowed && t.findings_len == 2 && age != NULL && age->severity == ITB_SEVERITY_SOFT);
    CHECK_STATUS(
        itb_screening_plan(ITB_PROFILE_UK, true, 3.0, MCG_50, SCREENING_SOLUTION, false, 0.0, &p,
                           NULL),
        ITB_STATUS_OK);
    CHECK(!p.allowed && p.findings_len == 1);
    CHECK(p.findings[0].code == ITB_FINDING_AGE_BELOW_4_YEARS);
}

static void test_dosing_bad_input(void) {
    ItbError error;
    ItbDoseChange c = uk_200_spinal_plus_30();
    ItbTitration t, before;
    ItbScreeningPlan p;
    ItbInitialDose d;
    ItbDuration ten_hours = {10.0, ITB_UNIT_HOUR};
    memset(&t, 0xAB, sizeof t);
    memcpy(&before, &t, sizeof t);
    /* Stopping is not a titration step: -100 % is out of range. */
    c.change_percent = -100.0;
    CHECK_STATUS(itb_titrate(&c, &t, &error), ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "change_percent") == 0);
    CHECK(strstr(error.message, "-100 %") != NULL);
    c.change_percent = NAN;
    CHECK_STATUS(itb_titrate(&c, &t, &error), ITB_STATUS_NOT_FINITE);
    CHECK(strcmp(error.field, "change_percent") == 0);
    c = uk_200_spinal_plus_30();
    c.has_age = true;
    c.age_years = -1.0;
    CHECK_STATUS(itb_titrate(&c, &t, &error), ITB_STATUS_NEGATIVE);
    CHECK(strcmp(error.field, "age_years") == 0);
    /* Unknown codes, and a code of another enumeration, name the field and the codes allowed. */
    c = uk_200_spinal_plus_30();
    c.profile = 0;
    CHECK_STATUS(itb_titrate(&c, &t, &error), ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "profile") == 0);
    CHECK(strstr(error.message, "11 (us), 12 (uk)") != NULL);
    c = uk_200_spinal_plus_30();
    c.origin = ITB_PHASE_TITRATION;
    CHECK_STATUS(itb_titrate(&c, &t, &error), ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "origin") == 0);
    CHECK(strstr(error.message, "21 (spinal), 22 (cerebral)") != NULL);
    c = uk_200_spinal_plus_30();
    c.phase = 0xFFFFFFFFu;
    CHECK_STATUS(itb_titrate(&c, &t, &error), ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "phase") == 0);
    CHECK(strstr(error.message, "31 (titration), 32 (maintenance)") != NULL);
    /* Nothing was written to *out by any failed call. */
    CHECK(memcmp(&t, &before, sizeof t) == 0);
    CHECK_STATUS(itb_screening_plan(7u, false, 0.0, MCG_50, SCREENING_SOLUTION, false, 0.0, &p,
                                    &error),
                 ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "profile") == 0);
    CHECK_STATUS(
        itb_screening_plan(ITB_PROFILE_US, true, -2.0, MCG_50, SCREENING_SOLUTION, false, 0.0, &p,
                           &error),
        ITB_STATUS_NEGATIVE);
    CHECK(strcmp(error.field, "age_years") == 0);
    CHECK_STATUS(itb_screening_plan(ITB_PROFILE_US, false, 0.0, MCG_50, SCREENING_SOLUTION, true,
                                    -1.0, &p, &error),
                 ITB_STATUS_NEGATIVE);
    CHECK(strcmp(error.field, "hours_since_last_dose") == 0);
    CHECK_STATUS(itb_initial_daily_dose(ITB_ORIGIN_SPINAL, MCG_50, ten_hours, &d, &error),
                 ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "profile") == 0);
    /* NULL pointers. */
    CHECK_STATUS(itb_titrate(NULL, &t, &error), ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "change") == 0);
    c = uk_200_spinal_plus_30();
    CHECK_STATUS(itb_titrate(&c, NULL, &error), ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "out") == 0);
    CHECK_STATUS(
        itb_screening_plan(ITB_PROFILE_US, false, 0.0, MCG_50, SCREENING_SOLUTION, false, 0.0, NULL,
                           NULL),
        ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_initial_daily_dose(ITB_PROFILE_US, MCG_50, ten_hours, NULL, &error),
                 ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "out") == 0);
}

/* ---- pumps and refills ------------------------------------------------------------------ */

static const ItbConcentration CONC_2000_MCG_PER_ML = {2000.0, ITB_UNIT_MCG_PER_ML};

/* A catalogued pump: its custom fields are not read, so they hold values that would fail. */
static ItbPump pump_model(uint32_t model) {
    ItbPump p;
    p.model = model;
    p.reservoir.value = NAN;
    p.reservoir.unit = 0u;
    p.low_alarm = p.reservoir;
    p.accuracy_percent = -1.0;
    p.programmable = false;
    return p;
}

/* Worked by hand: 500 mcg/day at 2000 mcg/mL in a full SynchroMed II 20 mL; the protocol's
 * 180-day stability cap and 7-day lead time. */
static ItbRefillRequest synchromed_500(void) {
    ItbRefillRequest r;
    memset(&r, 0, sizeof r);
    r.pump = pump_model(ITB_PUMP_SYNCHROMED_II_20);
    r.concentration = CONC_2000_MCG_PER_ML;
    r.daily_dose = DOSE_500_MCG_PER_DAY;
    r.steps = NULL; /* steps_len 0: continuous delivery of daily_dose */
    r.steps_len = 0;
    r.has_fill_volume = false;
    r.has_alarm_volume = false;
    r.max_residence.value = ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS;
    r.max_residence.unit = ITB_UNIT_DAY;
    r.lead_time.value = ITB_REFILL_DEFAULT_LEAD_TIME_DAYS;
    r.lead_time.unit = ITB_UNIT_DAY;
    return r;
}

/* Worked by hand: 20 mL filled, 60 days at 0.25 mL/day, 3 mL aspirated; no pump given. */
static ItbReconcileRequest visit_60_days(void) {
    ItbReconcileRequest r;
    memset(&r, 0, sizeof r);
    r.fill_volume.value = 20.0;
    r.fill_volume.unit = ITB_UNIT_ML;
    r.elapsed.value = 60.0;
    r.elapsed.unit = ITB_UNIT_DAY;
    r.has_daily_dose = false; /* programmed as a flow */
    r.flow_rate.value = 0.25;
    r.flow_rate.unit = ITB_UNIT_ML_PER_DAY;
    r.aspirated_volume.value = 3.0;
    r.aspirated_volume.unit = ITB_UNIT_ML;
    r.threshold.value = ITB_RECONCILE_DEFAULT_THRESHOLD_ML;
    r.threshold.unit = ITB_UNIT_ML;
    r.has_pump = false;
    r.pump = pump_model(0u); /* not read */
    return r;
}

static void test_refill_plan_synchromed_20_ml_at_500_mcg_per_day(void) {
    /* 500 / 2000 = 0.25 mL/day; (20 - 2) / 0.25 = 72 days to the alarm; 20 / 0.25 = 80 days to
     * empty; due min(72 - 7, 180) = 65 days; 20 mL x 2000 mcg/mL = 40,000 mcg: one 40 mg/20 mL
     * ampoule (drawn 20 mL, nothing wasted) or four 10 mg/5 mL ones (4 x 5 - 20 = 0 wasted).
     * A SynchroMed II running 14.5 % fast alarms at 18 / (0.25 x 1.145) = 62.88 days, before the
     * 65 days of the due date (info). */
    ItbRefillRequest r = synchromed_500();
    ItbRefillPlan p;
    int64_t alarm_day = -1, due_day = -1;
    CHECK_STATUS(itb_refill_plan(&r, &p, NULL), ITB_STATUS_OK);
    CHECK(p.flow_rate.value == 0.25 && p.flow_rate.unit == ITB_UNIT_ML_PER_DAY);
    CHECK(p.days_to_alarm.value == 72.0 && p.days_to_alarm.unit == ITB_UNIT_DAY);
    CHECK(p.days_to_empty.value == 80.0 && p.days_to_empty.unit == ITB_UNIT_DAY);
    CHECK(p.refill_due.value == 65.0 && p.refill_due.unit == ITB_UNIT_DAY);
    CHECK(p.drug_amount.value == 40000.0 && p.drug_amount.unit == ITB_UNIT_MCG);
    CHECK(p.daily_dose.value == 500.0 && p.daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    CHECK(ITB_REFILL_MAX_CONTAINERS >= 2);
    CHECK(p.containers_len == 2);
    CHECK(strcmp(p.containers[0].product, "itb_2000mcg_20ml") == 0);
    CHECK(p.containers[0].count == 1);
    CHECK(p.containers[0].drawn_volume.value == 20.0 &&
          p.containers[0].drawn_volume.unit == ITB_UNIT_ML);
    CHECK(p.containers[0].waste.value == 0.0 && p.containers[0].waste.unit == ITB_UNIT_ML);
    CHECK(strcmp(p.containers[1].product, "itb_2000mcg_5ml") == 0);
    CHECK(p.containers[1].count == 4 && p.containers[1].waste.value == 0.0);
    CHECK(strcmp(p.containers[2].product, "") == 0 && p.containers[2].count == 0);
    CHECK(fabs(p.earliest_alarm.value - 62.882096) < 1e-6);
    CHECK(p.earliest_alarm.unit == ITB_UNIT_DAY);
    CHECK(p.allowed && p.findings_len == 1);
    CHECK(p.findings[0].code == ITB_FINDING_ALARM_BEFORE_DUE);
    CHECK(p.findings[0].limit.value == 65.0 && p.findings[0].limit.unit == ITB_UNIT_DAY);
    /* A clinic with only the refill date books the alarm on day +72 and the refill on +65. */
    CHECK_STATUS(itb_date_offset_days(p.days_to_alarm, &alarm_day, NULL), ITB_STATUS_OK);
    CHECK_STATUS(itb_date_offset_days(p.refill_due, &due_day, NULL), ITB_STATUS_OK);
    CHECK(alarm_day == 72 && due_day == 65);
    /* Filling the 20 mL explicitly is the same plan. */
    r.has_fill_volume = true;
    r.fill_volume.value = 20.0;
    r.fill_volume.unit = ITB_UNIT_ML;
    CHECK_STATUS(itb_refill_plan(&r, &p, NULL), ITB_STATUS_OK);
    CHECK(p.days_to_alarm.value == 72.0 && p.refill_due.value == 65.0);
}

static void test_refill_plan_40_ml_capped_at_180_days(void) {
    /* [STAB-2023]: 40 mL at 100 mcg/day from 2000 mcg/mL: 0.05 mL/day; (40 - 2) / 0.05 =
     * 760 days to the alarm; 760 - 7 = 753 is above 180, so the refill is due in 180 days, an
     * info finding naming 753 days and its 180-day limit. */
    ItbRefillRequest r = synchromed_500();
    ItbRefillPlan p;
    const ItbFinding *capped;
    char message[256];
    size_t written = 0;
    r.pump = pump_model(ITB_PUMP_SYNCHROMED_II_40);
    r.daily_dose.value = 100.0;
    CHECK_STATUS(itb_refill_plan(&r, &p, NULL), ITB_STATUS_OK);
    CHECK(p.flow_rate.value == 0.05);
    CHECK(p.days_to_alarm.value == 760.0 && p.days_to_empty.value == 800.0);
    CHECK(p.refill_due.value == 180.0);
    CHECK(p.drug_amount.value == 80000.0);
    CHECK(p.allowed && p.findings_len == 1);
    capped = find(p.findings, p.findings_len, ITB_FINDING_REFILL_INTERVAL_CAPPED_BY_STABILITY);
    CHECK(capped != NULL);
    if (capped == NULL) return;
    CHECK(capped->severity == ITB_SEVERITY_INFO);
    CHECK(strcmp(capped->code_name, "refill_interval_capped_by_stability") == 0);
    CHECK(strcmp(capped->source, "[STAB-2023]") == 0);
    CHECK(capped->subject.value == 753.0 && capped->subject.unit == ITB_UNIT_DAY);
    CHECK(capped->limit.value == 180.0 && capped->limit.unit == ITB_UNIT_DAY);
    CHECK_STATUS(itb_finding_message(capped, message, sizeof message, &written), ITB_STATUS_OK);
    CHECK(strstr(message, "753") != NULL && strstr(message, "180") != NULL);
}

static void test_refill_plan_custom_pump_and_late_refill(void) {
    /* A custom 30 mL pump, alarm 3 mL, at 150 mcg/day of 500 mcg/mL: 0.3 mL/day; (30 - 3) / 0.3
     * = 90 days to the alarm, 100 to empty, due 83; 30 x 500 = 15,000 mcg: 10 mg/20 mL ampoules
     * hold 10,000 mcg, so 2 of them, 30 mL drawn, 2 x 20 - 30 = 10 mL wasted. At +14.5 % the
     * alarm comes at 27 / (0.3 x 1.145) = 78.6 days, before the due 83 (info). */
    ItbRefillRequest r = synchromed_500();
    ItbRefillPlan p;
    r.pump.model = ITB_PUMP_CUSTOM;
    r.pump.reservoir.value = 30.0;
    r.pump.reservoir.unit = ITB_UNIT_ML;
    r.pump.low_alarm.value = 3.0;
    r.pump.low_alarm.unit = ITB_UNIT_ML;
    r.pump.accuracy_percent = ITB_PUMP_DEFAULT_ACCURACY_PERCENT;
    r.pump.programmable = true;
    r.concentration.value = 500.0;
    r.daily_dose.value = 150.0;
    CHECK_STATUS(itb_refill_plan(&r, &p, NULL), ITB_STATUS_OK);
    CHECK(p.flow_rate.value == 0.3);
    CHECK(p.days_to_alarm.value == 90.0 && p.days_to_empty.value == 100.0);
    CHECK(p.refill_due.value == 83.0 && p.drug_amount.value == 15000.0);
    CHECK(p.containers_len == 1 && strcmp(p.containers[0].product, "itb_500mcg_20ml") == 0);
    CHECK(p.containers[0].count == 2 && p.containers[0].drawn_volume.value == 30.0);
    CHECK(p.containers[0].waste.value == 10.0);
    CHECK(p.allowed && p.findings_len == 1);
    CHECK(p.findings[0].code == ITB_FINDING_ALARM_BEFORE_DUE);
    /* 4 mL filled in the SynchroMed: (4 - 2) / 0.25 = 8 days to the alarm; 8 - 7 = 1; a 10-day
     * lead makes it 8 - 10 = -2: overdue, a hard finding, not allowed. */
    r = synchromed_500();
    r.has_fill_volume = true;
    r.fill_volume.value = 4.0;
    r.fill_volume.unit = ITB_UNIT_ML;
    r.lead_time.value = 10.0;
    CHECK_STATUS(itb_refill_plan(&r, &p, NULL), ITB_STATUS_OK);
    CHECK(p.days_to_alarm.value == 8.0 && p.refill_due.value == -2.0);
    CHECK(!p.allowed && p.findings_len == 1);
    CHECK(p.findings[0].code == ITB_FINDING_REFILL_DUE_NOW);
    CHECK(p.findings[0].severity == ITB_SEVERITY_HARD);
}

static void test_date_offset_days_round_down(void) {
    /* A calendar date is never later than the exact moment: 72.9 days is day +72; half a day
     * overdue is the day before (-1); 47 h is 1.96 days, day +1. */
    int64_t days = 99;
    ItbError error;
    ItbDuration d = {72.9, ITB_UNIT_DAY};
    CHECK_STATUS(itb_date_offset_days(d, &days, NULL), ITB_STATUS_OK);
    CHECK(days == 72);
    d.value = -0.5;
    CHECK_STATUS(itb_date_offset_days(d, &days, NULL), ITB_STATUS_OK);
    CHECK(days == -1);
    d.value = 47.0;
    d.unit = ITB_UNIT_HOUR;
    CHECK_STATUS(itb_date_offset_days(d, &days, NULL), ITB_STATUS_OK);
    CHECK(days == 1);
    days = 99;
    d.value = NAN;
    CHECK_STATUS(itb_date_offset_days(d, &days, &error), ITB_STATUS_NOT_FINITE);
    CHECK(strcmp(error.field, "duration") == 0);
    d.value = 1e300;
    CHECK_STATUS(itb_date_offset_days(d, &days, &error), ITB_STATUS_OUT_OF_RANGE);
    CHECK(days == 99); /* untouched on failure */
    CHECK_STATUS(itb_date_offset_days(d, NULL, NULL), ITB_STATUS_NULL_POINTER);
}

static void test_reconcile_20_ml_60_days_3_ml_aspirated(void) {
    /* Worked by hand: 20 - 60 x 0.25 = 5 mL expected; 3 - 5 = -2 mL; (20 - 3) / 60 =
     * 0.28333 mL/day; 17 / 15 - 1 = +13.333 %. Exactly 2 mL is not above the 2 mL threshold and
     * 13.3 % is within 14.5 %: no finding. */
    ItbReconcileRequest r = visit_60_days();
    ItbReconciliation rec;
    const ItbFinding *f;
    CHECK_STATUS(itb_reconcile(&r, &rec, NULL), ITB_STATUS_OK);
    CHECK(rec.flow_rate.value == 0.25 && rec.flow_rate.unit == ITB_UNIT_ML_PER_DAY);
    CHECK(rec.expected_volume.value == 5.0 && rec.expected_volume.unit == ITB_UNIT_ML);
    CHECK(rec.discrepancy.value == -2.0 && rec.discrepancy.unit == ITB_UNIT_ML);
    /* Results are rounded to 12 significant digits: 0.283333333333 and 13.3333333333. */
    CHECK(rec.implied_flow_rate.value == 0.283333333333);
    CHECK(rec.implied_flow_rate.unit == ITB_UNIT_ML_PER_DAY);
    CHECK(rec.delivery_error.value == 13.3333333333);
    CHECK(rec.delivery_error.unit == ITB_UNIT_PERCENT);
    CHECK(rec.allowed && rec.findings_len == 0);
    /* The same pump programmed as 500 mcg/day at 2000 mcg/mL: the same 0.25 mL/day. */
    r.has_daily_dose = true;
    r.daily_dose = DOSE_500_MCG_PER_DAY;
    r.concentration = CONC_2000_MCG_PER_ML;
    r.flow_rate.unit = 0u; /* not read */
    CHECK_STATUS(itb_reconcile(&r, &rec, NULL), ITB_STATUS_OK);
    CHECK(rec.flow_rate.value == 0.25 && rec.discrepancy.value == -2.0);
    /* 1 mL aspirated: 1 - 5 = -4 mL, above 2 (soft); 19 mL delivered against 15: +26.7 %,
     * above 14.5 % (soft). */
    r.aspirated_volume.value = 1.0;
    CHECK_STATUS(itb_reconcile(&r, &rec, NULL), ITB_STATUS_OK);
    CHECK(rec.discrepancy.value == -4.0);
    CHECK(rec.allowed && rec.findings_len == 2);
    f = find(rec.findings, rec.findings_len, ITB_FINDING_RESIDUAL_DISCREPANCY);
    CHECK(f != NULL && f->severity == ITB_SEVERITY_SOFT);
    CHECK(f != NULL && f->subject.value == -4.0 && f->subject.unit == ITB_UNIT_ML);
    CHECK(f != NULL && f->limit.value == 2.0 && f->limit.unit == ITB_UNIT_ML);
    CHECK(find(rec.findings, rec.findings_len, ITB_FINDING_OVER_DELIVERY) != NULL);
    /* The 3 mL visit on a Prometra II 20 mL (its US instructions are written for morphine). */
    r = visit_60_days();
    r.has_pump = true;
    r.pump = pump_model(ITB_PUMP_PROMETRA_II_20);
    CHECK_STATUS(itb_reconcile(&r, &rec, NULL), ITB_STATUS_OK);
    CHECK(rec.allowed && rec.findings_len == 1);
    CHECK(rec.findings[0].code == ITB_FINDING_PUMP_NOT_LABELLED_FOR_BACLOFEN);
    CHECK(rec.findings[0].severity == ITB_SEVERITY_INFO);
}

static void test_flex_daily_dose_614_4(void) {
    /* Worked by hand: 24 mcg/h from 04:00 to 20:00 (16 h) and 28.8 mcg/h from 20:00 to 04:00
     * (8 h): 384 + 230.4 = 614.4 mcg/day. */
    ItbFlexStep steps[2];
    ItbDuration durations[2];
    ItbFlexDose d;
    steps[0].start.hour = 4;
    steps[0].start.minute = 0;
    steps[0].rate.value = 24.0;
    steps[0].rate.unit = ITB_UNIT_MCG_PER_HOUR;
    steps[1].start.hour = 20;
    steps[1].start.minute = 0;
    steps[1].rate.value = 28.8;
    steps[1].rate.unit = ITB_UNIT_MCG_PER_HOUR;
    CHECK_STATUS(itb_flex_daily_dose(steps, 2, durations, 2, &d, NULL), ITB_STATUS_OK);
    CHECK(d.daily_dose.value == 614.4 && d.daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    CHECK(durations[0].value == 16.0 && durations[0].unit == ITB_UNIT_HOUR);
    CHECK(durations[1].value == 8.0 && durations[1].unit == ITB_UNIT_HOUR);
    CHECK(d.allowed && d.findings_len == 0);
}

static void test_night_boost_plus_20_percent_on_576(void) {
    /* Worked by hand (001): 576 mcg/day = 24 mcg/h; +20 % = 28.8 mcg/h for 22:00-06:00, programmed
     * 2 h earlier: 24 mcg/h from 04:00 (16 h), 28.8 mcg/h from 20:00 (8 h); 614.4 mcg/day. */
    ItbDoseRate base = {576.0, ITB_UNIT_MCG_PER_DAY};
    ItbTimeOfDay start = {22, 0}, end = {6, 0};
    ItbDuration lead = {ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS, ITB_UNIT_HOUR};
    ItbNightBoost nb;
    CHECK(ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS == 2.0);
    CHECK_STATUS(itb_night_boost(base, 20.0, start, end, lead, &nb, NULL), ITB_STATUS_OK);
    CHECK(nb.steps[0].start.hour == 4 && nb.steps[0].start.minute == 0);
    CHECK(nb.steps[0].rate.value == 24.0 && nb.steps[0].rate.unit == ITB_UNIT_MCG_PER_HOUR);
    CHECK(nb.steps[0].duration.value == 16.0 && nb.steps[0].duration.unit == ITB_UNIT_HOUR);
    CHECK(nb.steps[1].start.hour == 20 && nb.steps[1].start.minute == 0);
    CHECK(nb.steps[1].rate.value == 28.8 && nb.steps[1].duration.value == 8.0);
    CHECK(nb.daily_dose.value == 614.4 && nb.daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    CHECK(nb.allowed && nb.findings_len == 0);
}

static void test_bridge_and_catheter_volumes(void) {
    /* 400 mcg/day from 500 to 2000 mcg/mL, 0.2 mL of dead space: 0.8 then 0.2 mL/day; the
     * bridge runs 0.2 / 0.8 = 0.25 day = 6 h; skipped, the patient gets 400 x 500 / 2000 =
     * 100 mcg/day for 0.2 / 0.2 = 1 day = 24 h. */
    ItbConcentration old_c = {500.0, ITB_UNIT_MCG_PER_ML};
    ItbDoseRate dose = {400.0, ITB_UNIT_MCG_PER_DAY};
    ItbVolume dead_space = {0.2, ITB_UNIT_ML};
    ItbLength trimmed = {10.0, ITB_UNIT_CM}, implanted = {50.0, ITB_UNIT_CM};
    ItbVolumePerLength per_cm = {0.0026, ITB_UNIT_ML_PER_CM};
    ItbBridge b;
    ItbVolume v;
    CHECK_STATUS(itb_bridge_bolus(old_c, CONC_2000_MCG_PER_ML, dose, dead_space, &b, NULL),
                 ITB_STATUS_OK);
    CHECK(b.required);
    CHECK(b.old_flow_rate.value == 0.8 && b.old_flow_rate.unit == ITB_UNIT_ML_PER_DAY);
    CHECK(b.new_flow_rate.value == 0.2 && b.new_flow_rate.unit == ITB_UNIT_ML_PER_DAY);
    CHECK(b.bridge_duration.value == 6.0 && b.bridge_duration.unit == ITB_UNIT_HOUR);
    CHECK(b.unbridged_daily_dose.value == 100.0);
    CHECK(b.unbridged_daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    CHECK(b.unbridged_duration.value == 24.0 && b.unbridged_duration.unit == ITB_UNIT_HOUR);
    CHECK_STATUS(itb_bridge_bolus(CONC_2000_MCG_PER_ML, CONC_2000_MCG_PER_ML, dose, dead_space,
                                  &b, NULL),
                 ITB_STATUS_OK);
    CHECK(!b.required);
    /* [PROM-II]: Prometra II trimmed by 10 cm: (110 - 10) x 0.0026 = 0.26 mL. */
    CHECK_STATUS(itb_trimmed_catheter_volume(ITB_CATHETER_PROMETRA_II, trimmed, &v, NULL),
                 ITB_STATUS_OK);
    CHECK(v.value == 0.26 && v.unit == ITB_UNIT_ML);
    /* 50 cm x 0.0026 mL/cm = 0.13 mL. */
    CHECK_STATUS(itb_catheter_volume(implanted, per_cm, &v, NULL), ITB_STATUS_OK);
    CHECK(v.value == 0.13 && v.unit == ITB_UNIT_ML);
}

static void test_constant_flow_fill_archimedes(void) {
    /* [ARCHIMEDES]: a 20 mL reservoir at 1 mL/day runs 20 days; 400 mcg/day / 1 mL/day =
     * 400 mcg/mL; 20 x 400 = 8000 mcg; 8000 / 2000 = 4 mL of stock and 16 mL of saline. With the
     * worksheet's 3 mL overage: 23 mL x 400 / 2000 = 4.6 mL of stock, 18.4 mL of saline. */
    ItbVolume reservoir = {20.0, ITB_UNIT_ML};
    ItbFlowRate flow = {1.0, ITB_UNIT_ML_PER_DAY};
    ItbDoseRate dose = {400.0, ITB_UNIT_MCG_PER_DAY};
    ItbVolume overage = {ITB_CONSTANT_FLOW_DEFAULT_PRIMING_OVERAGE_ML, ITB_UNIT_ML};
    ItbConstantFlowFill f;
    CHECK_STATUS(
        itb_constant_flow_fill(reservoir, flow, dose, CONC_2000_MCG_PER_ML, overage, &f, NULL),
        ITB_STATUS_OK);
    CHECK(f.running_time.value == 20.0 && f.running_time.unit == ITB_UNIT_DAY);
    CHECK(f.concentration.value == 400.0 && f.concentration.unit == ITB_UNIT_MCG_PER_ML);
    CHECK(f.drug_amount.value == 8000.0 && f.drug_amount.unit == ITB_UNIT_MCG);
    CHECK(f.stock_volume.value == 4.0 && f.stock_volume.unit == ITB_UNIT_ML);
    CHECK(f.diluent_volume.value == 16.0 && f.diluent_volume.unit == ITB_UNIT_ML);
    CHECK(strcmp(f.diluent, "preservative-free 0.9 % sodium chloride") == 0);
    CHECK(f.allowed && f.findings_len == 0);
    overage.value = 3.0;
    CHECK_STATUS(
        itb_constant_flow_fill(reservoir, flow, dose, CONC_2000_MCG_PER_ML, overage, &f, NULL),
        ITB_STATUS_OK);
    CHECK(f.stock_volume.value == 4.6 && f.diluent_volume.value == 18.4);
    CHECK(f.drug_amount.value == 8000.0);
}

static void test_pumps_and_refills_bad_input(void) {
    ItbError error;
    ItbRefillRequest r = synchromed_500();
    ItbRefillPlan p, before;
    ItbReconcileRequest rec = visit_60_days();
    ItbReconciliation reconciliation;
    ItbFlexStep steps[3];
    ItbDuration durations[3];
    ItbFlexDose flex;
    ItbNightBoost nb;
    ItbBridge b;
    ItbConstantFlowFill fill;
    ItbVolume v;
    ItbLength trimmed = {110.5, ITB_UNIT_CM};
    ItbDoseRate base = {576.0, ITB_UNIT_MCG_PER_DAY};
    ItbTimeOfDay start = {22, 0}, end = {6, 0};
    ItbDuration lead = {2.0, ITB_UNIT_HOUR};
    ItbVolume ml_20 = {20.0, ITB_UNIT_ML};
    ItbFlowRate ml_per_day = {1.0, ITB_UNIT_ML_PER_DAY};
    size_t i;
    memset(&p, 0xAB, sizeof p);
    memcpy(&before, &p, sizeof p);
    /* A fill above the 20 mL reservoir. */
    r.has_fill_volume = true;
    r.fill_volume.value = 20.5;
    r.fill_volume.unit = ITB_UNIT_ML;
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "fill_volume") == 0);
    CHECK(strstr(error.message, "20.5 mL") != NULL);
    /* An unknown pump code names the codes allowed. */
    r = synchromed_500();
    r.pump.model = 56u;
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "pump.model") == 0);
    CHECK(strstr(error.message, "51 (synchromed_ii_20)") != NULL);
    r.pump.model = ITB_CATHETER_PROMETRA_II; /* a code of another enumeration */
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_INVALID_ARGUMENT);
    /* NaN, a custom alarm not below its reservoir, no steps. */
    r = synchromed_500();
    r.concentration.value = NAN;
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_NOT_FINITE);
    CHECK(strcmp(error.field, "concentration") == 0);
    r = synchromed_500();
    r.pump.model = ITB_PUMP_CUSTOM;
    r.pump.reservoir = ml_20;
    r.pump.low_alarm = ml_20;
    r.pump.accuracy_percent = ITB_PUMP_DEFAULT_ACCURACY_PERCENT;
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "pump.low_alarm") == 0);
    r = synchromed_500();
    r.steps_len = 1; /* steps NULL */
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "request.steps") == 0);
    /* Flex steps out of order: the step is named, as by itb_flex_daily_dose. */
    steps[0].start.hour = 20;
    steps[0].start.minute = 0;
    steps[0].rate.value = 28.8;
    steps[0].rate.unit = ITB_UNIT_MCG_PER_HOUR;
    steps[1] = steps[0];
    steps[1].start.hour = 4;
    r.steps = steps;
    r.steps_len = 2;
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_INVALID_VALUE);
    CHECK(strcmp(error.field, "steps[1].start") == 0);
    CHECK(memcmp(&p, &before, sizeof p) == 0); /* nothing written by any failed call */
    /* An aspirated volume above the fill. */
    rec.aspirated_volume.value = 20.5;
    CHECK_STATUS(itb_reconcile(&rec, &reconciliation, &error), ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "aspirated_volume") == 0);
    rec = visit_60_days();
    rec.elapsed.value = 0.0;
    CHECK_STATUS(itb_reconcile(&rec, &reconciliation, &error), ITB_STATUS_ZERO);
    CHECK(strcmp(error.field, "elapsed") == 0);
    /* A trimmed length above the 110 cm catheter; a catheter code that is a pump's. */
    CHECK_STATUS(itb_trimmed_catheter_volume(ITB_CATHETER_PROMETRA_II, trimmed, &v, &error),
                 ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "trimmed_length") == 0);
    trimmed.value = 10.0;
    CHECK_STATUS(itb_trimmed_catheter_volume(ITB_PUMP_PROMETRA_II_20, trimmed, &v, &error),
                 ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "catheter") == 0);
    /* Flex: 25:00, then a start not after the one before. */
    for (i = 0; i < 3; i++) {
        steps[i].start.hour = (uint32_t)(8 + 6 * i);
        steps[i].start.minute = 0;
        steps[i].rate.value = 24.0;
        steps[i].rate.unit = ITB_UNIT_MCG_PER_HOUR;
    }
    steps[1].start.hour = 25;
    CHECK_STATUS(itb_flex_daily_dose(steps, 3, durations, 3, &flex, &error),
                 ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "steps[1].start") == 0);
    steps[1].start.hour = 20;
    steps[2].start.hour = 6;
    CHECK_STATUS(itb_flex_daily_dose(steps, 3, durations, 3, &flex, &error),
                 ITB_STATUS_INVALID_VALUE);
    CHECK(strcmp(error.field, "steps[2].start") == 0);
    steps[2].start.hour = 21;
    steps[2].rate.value = NAN;
    CHECK_STATUS(itb_flex_daily_dose(steps, 3, durations, 3, &flex, &error),
                 ITB_STATUS_NOT_FINITE);
    CHECK(strcmp(error.field, "steps[2].rate") == 0);
    CHECK_STATUS(itb_flex_daily_dose(steps, 0, durations, 3, &flex, &error),
                 ITB_STATUS_INVALID_VALUE);
    CHECK(strcmp(error.field, "steps") == 0);
    CHECK_STATUS(itb_flex_daily_dose(steps, 3, durations, 2, &flex, &error),
                 ITB_STATUS_BUFFER_TOO_SMALL);
    CHECK(strcmp(error.field, "durations_len") == 0);
    /* Night boost: NaN and -100 % boosts, 24:00. */
    CHECK_STATUS(itb_night_boost(base, NAN, start, end, lead, &nb, &error), ITB_STATUS_NOT_FINITE);
    CHECK(strcmp(error.field, "boost_percent") == 0);
    CHECK_STATUS(itb_night_boost(base, -100.0, start, end, lead, &nb, &error),
                 ITB_STATUS_OUT_OF_RANGE);
    start.hour = 24;
    CHECK_STATUS(itb_night_boost(base, 20.0, start, end, lead, &nb, &error),
                 ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "effect_start") == 0);
    /* NULL pointers. */
    CHECK_STATUS(itb_refill_plan(NULL, &p, &error), ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "request") == 0);
    r = synchromed_500();
    CHECK_STATUS(itb_refill_plan(&r, NULL, &error), ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "out") == 0);
    CHECK_STATUS(itb_reconcile(NULL, &reconciliation, NULL), ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_flex_daily_dose(NULL, 0, durations, 3, &flex, &error),
                 ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "steps") == 0);
    CHECK_STATUS(itb_flex_daily_dose(steps, 1, NULL, 1, &flex, &error), ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "durations") == 0);
    start.hour = 22;
    CHECK_STATUS(itb_night_boost(base, 20.0, start, end, lead, NULL, NULL),
                 ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_bridge_bolus(CONC_2000_MCG_PER_ML, CONC_2000_MCG_PER_ML,
                                  DOSE_500_MCG_PER_DAY, ml_20, NULL, NULL),
                 ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_trimmed_catheter_volume(ITB_CATHETER_PROMETRA_II, trimmed, NULL, NULL),
                 ITB_STATUS_NULL_POINTER);
    CHECK_STATUS(itb_constant_flow_fill(ml_20, ml_per_day, DOSE_500_MCG_PER_DAY,
                                        CONC_2000_MCG_PER_ML, ml_20, NULL, &error),
                 ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "out") == 0);
    /* The old concentration is refused before the new one is read; a zero stock. */
    CHECK_STATUS(itb_bridge_bolus((ItbConcentration){0.0, ITB_UNIT_MCG_PER_ML},
                                  (ItbConcentration){NAN, ITB_UNIT_MCG_PER_ML},
                                  DOSE_500_MCG_PER_DAY, ml_20, &b, &error),
                 ITB_STATUS_ZERO);
    CHECK(strcmp(error.field, "old_concentration") == 0);
    CHECK_STATUS(itb_constant_flow_fill(ml_20, ml_per_day, DOSE_500_MCG_PER_DAY,
                                        (ItbConcentration){0.0, ITB_UNIT_MG_PER_ML}, ml_20, &fill,
                                        &error),
                 ITB_STATUS_ZERO);
    CHECK(strcmp(error.field, "stock") == 0);
}

static void test_refill_plan_risk_factors_name_withdrawal_signs(void) {
    /* 002 Boxed Warning. synchromed_500 with a 75-day lead: due 72 - 75 = -3 days, late (hard);
     * a spinal cord injury at T6 (one risk factor): withdrawal_risk (soft, subject 1 step), and
     * the late refill's message names the early signs of withdrawal. An unknown bit is refused,
     * after every other member. */
    ItbRefillRequest r = synchromed_500();
    ItbRefillPlan p;
    ItbError error;
    const ItbFinding *late, *risk;
    char message[512];
    size_t written = 0;
    r.lead_time.value = 75.0;
    r.risk_factors = ITB_RISK_SCI_T6_OR_ABOVE;
    CHECK_STATUS(itb_refill_plan(&r, &p, NULL), ITB_STATUS_OK);
    CHECK(p.refill_due.value == -3.0 && !p.allowed && p.findings_len == 2);
    risk = find(p.findings, p.findings_len, ITB_FINDING_WITHDRAWAL_RISK);
    CHECK(risk != NULL && risk->severity == ITB_SEVERITY_SOFT);
    CHECK(risk != NULL && risk->subject.value == 1.0 && risk->subject.unit == ITB_UNIT_STEP);
    late = find(p.findings, p.findings_len, ITB_FINDING_REFILL_DUE_NOW);
    CHECK(late != NULL);
    if (late == NULL) return;
    CHECK(late->withdrawal_signs);
    CHECK_STATUS(itb_finding_message(late, message, sizeof message, &written), ITB_STATUS_OK);
    CHECK(strstr(message, "itching") != NULL && strstr(message, "fever") != NULL);
    r.risk_factors = 0u; /* none known: no withdrawal_risk, no signs */
    CHECK_STATUS(itb_refill_plan(&r, &p, NULL), ITB_STATUS_OK);
    CHECK(p.findings_len == 1 && p.findings[0].code == ITB_FINDING_REFILL_DUE_NOW);
    CHECK(!p.findings[0].withdrawal_signs);
    r.risk_factors = ITB_RISK_PRIOR_WITHDRAWAL | 8u;
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "risk_factors") == 0);
    CHECK(strstr(error.message, "4 (prior_withdrawal)") != NULL);
    r.lead_time.value = -1.0; /* read before the risk factors */
    CHECK_STATUS(itb_refill_plan(&r, &p, &error), ITB_STATUS_NEGATIVE);
    CHECK(strcmp(error.field, "lead_time") == 0);
}

static void test_programming_check_500_programmed_2000_filled(void) {
    /* 002 Boxed Warning: 500 mcg/day programmed at 500 mcg/mL: 500 / 500 = 1 mL/day; the
     * reservoir holds 2000 mcg/mL: 1 x 2000 = 2000 mcg/day, 2000 / 500 = 4 times the dose
     * (hard), and above 1000 mcg/day (soft). */
    ItbProgrammingRequest r;
    ItbProgrammingCheck c;
    ItbError error;
    const ItbFinding *mismatch;
    memset(&r, 0, sizeof r);
    r.programmed_daily_dose = DOSE_500_MCG_PER_DAY;
    r.programmed_concentration.value = 500.0;
    r.programmed_concentration.unit = ITB_UNIT_MCG_PER_ML;
    r.reservoir_concentration = CONC_2000_MCG_PER_ML;
    CHECK_STATUS(itb_programming_check(&r, &c, NULL), ITB_STATUS_OK);
    CHECK(c.flow_rate.value == 1.0 && c.flow_rate.unit == ITB_UNIT_ML_PER_DAY);
    CHECK(c.delivered_daily_dose.value == 2000.0);
    CHECK(c.delivered_daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    CHECK(c.dose_ratio == 4.0);
    CHECK(!c.allowed && c.findings_len == 2);
    CHECK(find(c.findings, c.findings_len, ITB_FINDING_DAILY_DOSE_ABOVE_1000) != NULL);
    mismatch = find(c.findings, c.findings_len, ITB_FINDING_CONCENTRATION_MISMATCH);
    CHECK(mismatch != NULL && mismatch->severity == ITB_SEVERITY_HARD);
    CHECK(mismatch != NULL && strcmp(mismatch->source, "002 Boxed Warning") == 0);
    /* Filled with what it was programmed for: the dose, ratio 1, nothing to report. */
    r.reservoir_concentration = r.programmed_concentration;
    CHECK_STATUS(itb_programming_check(&r, &c, NULL), ITB_STATUS_OK);
    CHECK(c.delivered_daily_dose.value == 500.0 && c.dose_ratio == 1.0);
    CHECK(c.allowed && c.findings_len == 0);
    r.reservoir_concentration.value = 0.0;
    CHECK_STATUS(itb_programming_check(&r, &c, &error), ITB_STATUS_ZERO);
    CHECK(strcmp(error.field, "reservoir_concentration") == 0);
    CHECK_STATUS(itb_programming_check(NULL, &c, &error), ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "request") == 0);
}

static void test_taper_schedule_capacity(void) {
    /* 001 Administration/Delivery regimen: 350 mcg/day to 0 over 15 days every 2 days:
     * floor(15 / 2) = 7 steps of 350 / 7 = 50 mcg/day, on days 2, 4, ... 14: 300, 250, 200,
     * 150, 100, 50, 0. Not under 14 days; to zero: resume at the initial dose (info). Asked
     * first for the count, then with one item too few (nothing written), then in full. */
    ItbTaperRequest r;
    ItbTaperSchedule t;
    ItbError error;
    ItbDoseStep few[6], untouched[6];
    ItbDoseStep *steps;
    size_t i;
    memset(&r, 0, sizeof r);
    r.current_daily_dose.value = 350.0;
    r.current_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    r.target_daily_dose.value = 0.0;
    r.target_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    r.duration.value = 15.0;
    r.duration.unit = ITB_UNIT_DAY;
    r.has_interval = true;
    r.interval.value = 2.0;
    r.interval.unit = ITB_UNIT_DAY;
    CHECK_STATUS(itb_taper_schedule(&r, NULL, 0, &t, &error), ITB_STATUS_BUFFER_TOO_SMALL);
    CHECK(strcmp(error.field, "steps_capacity") == 0);
    CHECK(t.step_count == 7 && t.step_count <= ITB_TAPER_MAX_STEPS);
    memset(few, 0xAB, sizeof few);
    memcpy(untouched, few, sizeof few);
    CHECK_STATUS(itb_taper_schedule(&r, few, 6, &t, &error), ITB_STATUS_BUFFER_TOO_SMALL);
    CHECK(t.step_count == 7);
    CHECK(memcmp(few, untouched, sizeof few) == 0);
    steps = malloc(t.step_count * sizeof *steps);
    CHECK(steps != NULL);
    if (steps == NULL) return;
    CHECK_STATUS(itb_taper_schedule(&r, steps, t.step_count, &t, &error), ITB_STATUS_OK);
    CHECK(t.interval.value == 2.0 && t.interval.unit == ITB_UNIT_DAY);
    for (i = 0; i < t.step_count; i++) {
        CHECK(steps[i].at.value == 2.0 * (double)(i + 1) && steps[i].at.unit == ITB_UNIT_DAY);
        CHECK(steps[i].daily_dose.value == 300.0 - 50.0 * (double)i);
        CHECK(steps[i].daily_dose.unit == ITB_UNIT_MCG_PER_DAY);
    }
    CHECK(t.allowed && t.findings_len == 1);
    CHECK(t.findings[0].code == ITB_FINDING_RESUME_AT_INITIAL_DOSE);
    free(steps);
    /* NULL with a capacity is refused; so is a target at the current dose. */
    CHECK_STATUS(itb_taper_schedule(&r, NULL, 7, &t, &error), ITB_STATUS_NULL_POINTER);
    CHECK(strcmp(error.field, "steps") == 0);
    r.target_daily_dose.value = 350.0;
    CHECK_STATUS(itb_taper_schedule(&r, few, 6, &t, &error), ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "target_daily_dose") == 0);
}

static void test_titration_schedule_and_pk_profile(void) {
    /* 001 Dosage/Dose-Titration Phase, UK spinal titration, 100 -> 200 mcg/day at the default
     * 30 %: 130, 169, then 219.7 is past 200: 200 on day 3.
     * 002 Clinical Pharmacology, a 100 mcg bolus: V = 30 mL/h x 1.51 h / ln 2 = 65.354 mL;
     * C(0) = 100 / 65.354 = 1.5301 mcg/mL, half of it one half-life (1.51 h) later. */
    ItbTitrationScheduleRequest tr;
    ItbTitrationSchedule s;
    ItbDoseStep steps[8];
    ItbPkRequest pr;
    ItbPkProfile p;
    ItbPkPoint points[2];
    ItbDuration times[2] = {{0.0, ITB_UNIT_HOUR}, {1.51, ITB_UNIT_HOUR}};
    ItbError error;
    memset(&tr, 0, sizeof tr);
    tr.profile = ITB_PROFILE_UK;
    tr.origin = ITB_ORIGIN_SPINAL;
    tr.phase = ITB_PHASE_TITRATION;
    tr.current_daily_dose.value = 100.0;
    tr.current_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    tr.target_daily_dose.value = 200.0;
    tr.target_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    tr.has_step_percent = false;
    tr.pump_programmable = true;
    CHECK_STATUS(itb_titration_schedule(&tr, steps, 8, &s, &error), ITB_STATUS_OK);
    CHECK(s.step_count == 3 && s.step_percent == 30.0);
    CHECK(s.days_to_target.value == 3.0 && s.days_to_target.unit == ITB_UNIT_DAY);
    CHECK(steps[0].daily_dose.value == 130.0 && steps[1].daily_dose.value == 169.0);
    CHECK(steps[2].daily_dose.value == 200.0 && steps[2].at.value == 3.0);
    CHECK(s.allowed && s.findings_len == 0);
    memset(&pr, 0, sizeof pr);
    pr.kind = ITB_PK_BOLUS;
    pr.bolus = MCG_50;
    pr.bolus.value = 100.0;
    pr.times = times;
    pr.times_len = 2;
    CHECK_STATUS(itb_pk_profile(&pr, points, 2, &p, &error), ITB_STATUS_OK);
    CHECK(p.point_count == 2);
    CHECK(fabs(p.volume.value - 65.354) < 1e-3 && p.volume.unit == ITB_UNIT_ML);
    CHECK(fabs(points[0].lumbar.value - 1.5301) < 1e-4);
    CHECK(points[0].lumbar.unit == ITB_UNIT_MCG_PER_ML);
    CHECK(near(points[1].lumbar.value, points[0].lumbar.value / 2.0));
    CHECK(near(points[0].cisternal.value, points[0].lumbar.value / 4.0));
    CHECK(points[1].time.value == 1.51 && points[1].time.unit == ITB_UNIT_HOUR);
    CHECK(!p.has_steady_state && !p.has_time_to_90_percent);
    CHECK(p.allowed && p.findings_len == 1);
    CHECK(p.findings[0].code == ITB_FINDING_MODEL_ESTIMATE);
    /* What is given must be a code; more than ITB_PK_MAX_TIMES times are refused unread. */
    pr.kind = 0u;
    CHECK_STATUS(itb_pk_profile(&pr, points, 2, &p, &error), ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "kind") == 0);
    pr.kind = ITB_PK_BOLUS;
    pr.times = NULL;
    pr.times_len = ITB_PK_MAX_TIMES + 1;
    CHECK_STATUS(itb_pk_profile(&pr, points, 2, &p, &error), ITB_STATUS_OUT_OF_RANGE);
    CHECK(strcmp(error.field, "times") == 0);
}

/* ---- the JSON protocol ------------------------------------------------------------------ */

/* Evaluates with a size query, then a buffer of exactly that size. Returns a malloc'd string. */
static char *eval(const char *request) {
    size_t needed = 0, written = 0;
    char *out;
    CHECK_STATUS(itb_eval_json(request, NULL, 0, &needed), ITB_STATUS_BUFFER_TOO_SMALL);
    out = malloc(needed);
    if (out == NULL) {
        failures++;
        return NULL;
    }
    CHECK_STATUS(itb_eval_json(request, out, needed, &written), ITB_STATUS_OK);
    CHECK(written == needed && strlen(out) + 1 == needed);
    return out;
}

static void check_response(const char *request, const char *must_contain) {
    char *response = eval(request);
    if (response == NULL) return;
    if (strstr(response, must_contain) == NULL) {
        failures++;
        fprintf(stderr, "%s: response lacks %s: %.300s\n", current_test, must_contain, response);
    }
    free(response);
}

static void test_signs_and_triage_of_seizures(void) {
    /* 000 Overdose Information: nine signs and four actions; asked for the counts first, then
     * in full. Seizures alone are on the overdose and the withdrawal lists: two matches of one
     * sign each (a tie: overdose first), both hard, and signs_overlap (info). */
    ItbSign signs[ITB_SIGN_LIST_MAX_SIGNS];
    ItbSignAction actions[ITB_SIGN_LIST_MAX_ACTIONS];
    ItbSignList list;
    ItbTriage t;
    ItbError error;
    const uint32_t seizures[1] = {ITB_SIGN_SEIZURES};
    const uint32_t repeated[3] = {ITB_SIGN_COMA, ITB_SIGN_PUMP_ALARM, ITB_SIGN_COMA};
    const uint32_t unknown[2] = {ITB_SIGN_COMA, ITB_SIGN_LIST_OVERDOSE};
    CHECK_STATUS(itb_signs(ITB_SIGN_LIST_OVERDOSE, NULL, 0, NULL, 0, &list, &error),
                 ITB_STATUS_BUFFER_TOO_SMALL);
    CHECK(list.sign_count == 9 && list.action_count == 4);
    CHECK_STATUS(itb_signs(ITB_SIGN_LIST_OVERDOSE, signs, ITB_SIGN_LIST_MAX_SIGNS, actions,
                           ITB_SIGN_LIST_MAX_ACTIONS, &list, &error),
                 ITB_STATUS_OK);
    CHECK(strcmp(list.list_name, "overdose") == 0);
    CHECK(signs[0].code == ITB_SIGN_HYPOTONIA && signs[8].code == ITB_SIGN_COMA);
    CHECK(strcmp(signs[5].text, "a slow heart rate (bradycardia)") == 0);
    CHECK(strcmp(signs[5].source, "000 Overdose Information") == 0);
    CHECK(strcmp(actions[2].text, "Do not induce vomiting.") == 0);
    CHECK_STATUS(itb_signs(ITB_SIGN_SEIZURES, signs, 9, actions, 4, &list, &error),
                 ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "list") == 0);

    CHECK_STATUS(itb_triage(seizures, 1, &t, &error), ITB_STATUS_OK);
    CHECK(t.match_count == 2 && !t.allowed);
    CHECK(t.matches[0].list == ITB_SIGN_LIST_OVERDOSE && t.matches[0].sign_count == 1);
    CHECK(t.matches[1].list == ITB_SIGN_LIST_WITHDRAWAL && t.matches[1].sign_count == 1);
    CHECK(t.matches[1].signs[0].code == ITB_SIGN_SEIZURES);
    CHECK(strcmp(t.matches[1].signs[0].code_name, "seizures") == 0);
    CHECK(t.matches[2].list == 0);
    CHECK(t.findings_len == 3);
    CHECK(t.findings[0].code == ITB_FINDING_OVERDOSE_SIGNS);
    CHECK(t.findings[0].severity == ITB_SEVERITY_HARD);
    CHECK(t.findings[1].code == ITB_FINDING_WITHDRAWAL_SIGNS);
    CHECK(t.findings[2].code == ITB_FINDING_SIGNS_OVERLAP);
    CHECK(t.findings[2].severity == ITB_SEVERITY_INFO);
    CHECK_STATUS(itb_triage(repeated, 3, &t, &error), ITB_STATUS_INVALID_VALUE);
    CHECK(strcmp(error.field, "signs[2]") == 0);
    CHECK_STATUS(itb_triage(unknown, 2, &t, &error), ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "signs[1]") == 0);
    CHECK_STATUS(itb_triage(NULL, 0, &t, &error), ITB_STATUS_INVALID_VALUE);
    CHECK(strcmp(error.field, "signs") == 0);
}

static void test_interactions_patient_check_and_monitoring(void) {
    /* Morphine (an opioid: major) and amlodipine (an antihypertensive: moderate), whatever
     * the case and spaces; aspirin is not in the lexicon: not checked. */
    const char *names[3] = {"Morphine", " amLODipine ", "aspirin"};
    const char *not_utf8[2] = {"morphine", "mor\xFFphine"};
    ItbInteraction found[3];
    size_t missed[3];
    ItbInteractionCheck c;
    ItbPatientRequest p;
    ItbPatientCheck pc;
    ItbMonitoringItem items[ITB_MONITORING_MAX_ITEMS];
    ItbMonitoringPlan plan;
    ItbError error;
    CHECK_STATUS(itb_interactions(names, 3, found, 3, missed, 3, &c, &error), ITB_STATUS_OK);
    CHECK(c.interaction_count == 2 && c.unrecognised_count == 1);
    CHECK(found[0].index == 0 && found[0].drug_class == ITB_DRUG_CLASS_OPIOID);
    CHECK(found[0].severity == ITB_INTERACTION_MAJOR);
    CHECK(strcmp(found[0].severity_name, "major") == 0);
    CHECK(found[1].index == 1 && found[1].drug_class == ITB_DRUG_CLASS_ANTIHYPERTENSIVE);
    CHECK(strcmp(found[1].drug_class_name, "antihypertensive") == 0);
    CHECK(strcmp(found[1].effect, "may cause additive hypotensive effects") == 0);
    CHECK(missed[0] == 2);
    CHECK(c.allowed && c.findings_len == 3);
    CHECK(c.findings[0].code == ITB_FINDING_MAJOR_INTERACTION);
    CHECK(c.findings[1].code == ITB_FINDING_MODERATE_INTERACTION);
    CHECK(c.findings[2].code == ITB_FINDING_UNRECOGNISED_MEDICATION);
    CHECK_STATUS(itb_interactions(not_utf8, 2, found, 3, missed, 3, &c, &error),
                 ITB_STATUS_INVALID_VALUE);
    CHECK(strcmp(error.field, "medications[1]") == 0);

    /* 65 years under the US profile is elderly (info); 3.9 years in the UK is under 4, hard. */
    memset(&p, 0, sizeof p);
    CHECK_STATUS(itb_patient_check(&p, &pc, &error), ITB_STATUS_MISSING_FIELD);
    p.has_profile = true;
    p.profile = ITB_PROFILE_US;
    p.has_age = true;
    p.age_years = 65.0;
    CHECK_STATUS(itb_patient_check(&p, &pc, &error), ITB_STATUS_OK);
    CHECK(pc.checked == ITB_CHECKED_AGE_YEARS && pc.allowed && pc.findings_len == 1);
    CHECK(pc.findings[0].code == ITB_FINDING_ELDERLY);
    CHECK(pc.findings[0].subject.value == 65.0 && pc.findings[0].subject.unit == ITB_UNIT_YEAR);
    p.profile = ITB_PROFILE_UK;
    p.age_years = 3.9;
    p.has_route = true;
    p.route = ITB_ROUTE_INTRATHECAL;
    CHECK_STATUS(itb_patient_check(&p, &pc, &error), ITB_STATUS_OK);
    CHECK(pc.checked == (ITB_CHECKED_AGE_YEARS | ITB_CHECKED_ROUTE) && !pc.allowed);
    CHECK(pc.findings_len == 1 && pc.findings[0].code == ITB_FINDING_AGE_BELOW_4_YEARS);
    CHECK(pc.findings[0].severity == ITB_SEVERITY_HARD);
    p.route = ITB_PHASE_TITRATION;
    CHECK_STATUS(itb_patient_check(&p, &pc, &error), ITB_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(error.field, "route") == 0);

    /* After a change of rate or concentration: two items, close monitoring first. */
    CHECK_STATUS(itb_monitoring_plan(ITB_MONITORING_AFTER_CHANGE, items,
                                     ITB_MONITORING_MAX_ITEMS, &plan, &error),
                 ITB_STATUS_OK);
    CHECK(plan.phase == ITB_MONITORING_AFTER_CHANGE && plan.item_count == 2);
    CHECK(strcmp(items[0].source, "002 Warnings") == 0);
    CHECK(strstr(items[0].frequency, "after each change") != NULL);
    CHECK_STATUS(itb_monitoring_plan(ITB_MONITORING_MAINTENANCE, items, 5, &plan, &error),
                 ITB_STATUS_BUFFER_TOO_SMALL);
    CHECK(plan.item_count == 6 && strcmp(error.field, "items_capacity") == 0);
}

static void test_eval_json_answers(void) {
    check_response("{\"op\":\"daily_volume\",\"daily_dose\":\"500 mcg/day\",\"concentration\":\"2 mg/mL\"}",
                   "\"text\":\"0.25 mL/day\"");
    check_response("{\"op\":\"convert\",\"quantity\":\"10 mg/20 mL\",\"to\":\"mcg/mL\"}",
                   "\"text\":\"500 mcg/mL\"");
    /* An error response is still a response: ITB_STATUS_OK. */
    check_response("{\"op\":\"no_such_op\"}", "\"code\":\"unknown_op\"");
}

static void test_eval_json_invalid_utf8(void) {
    check_response("{\"op\":\"\xff\xfe\"}", "\"code\":\"invalid_json\"");
    check_response("\xc3", "\"code\":\"invalid_json\"");
}

static void test_eval_json_buffer_too_small(void) {
    const char *request = "{\"op\":\"convert\",\"quantity\":\"0.5 mg\",\"to\":\"mcg\"}";
    size_t needed = 0, written = 0;
    char small[8];
    char *out;
    CHECK_STATUS(itb_eval_json(request, NULL, 0, &needed), ITB_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed > sizeof small);
    memset(small, '#', sizeof small);
    CHECK_STATUS(itb_eval_json(request, small, sizeof small, &written), ITB_STATUS_BUFFER_TOO_SMALL);
    CHECK(written == needed);
    CHECK(small[0] == '#' && small[7] == '#'); /* nothing written to out */
    out = malloc(needed);
    if (out == NULL) {
        failures++;
        return;
    }
    memset(out, '#', needed);
    CHECK_STATUS(itb_eval_json(request, out, needed - 1, &written), ITB_STATUS_BUFFER_TOO_SMALL);
    CHECK(out[0] == '#');
    CHECK_STATUS(itb_eval_json(request, out, needed, &written), ITB_STATUS_OK);
    CHECK(written == needed && out[needed - 1] == '\0');
    CHECK(strstr(out, "\"text\":\"500 mcg\"") != NULL);
    free(out);
}

static void test_eval_json_one_megabyte(void) {
    /* 1 MiB of 'a' inside a quantity string, and 1 MiB of bare 'x': error responses, no crash. */
    const char *head = "{\"op\":\"convert\",\"to\":\"mcg\",\"quantity\":\"";
    const char *tail = "\"}";
    size_t n = (size_t)1 << 20, h = strlen(head);
    char *request = malloc(h + n + strlen(tail) + 1);
    if (request == NULL) {
        failures++;
        return;
    }
    memcpy(request, head, h);
    memset(request + h, 'a', n);
    strcpy(request + h + n, tail);
    check_response(request, "\"ok\":false");
    memset(request, 'x', n);
    request[n] = '\0';
    check_response(request, "\"code\":\"invalid_json\"");
    free(request);
}

static void test_eval_json_nested_100000_deep(void) {
    const char *head = "{\"op\":\"products\",\"x\":";
    size_t depth = 100000, i, h = strlen(head);
    char *request = malloc(2 * depth + 1);
    if (request == NULL) {
        failures++;
        return;
    }
    for (i = 0; i < depth; i++) {
        request[i] = '[';
        request[depth + i] = ']';
    }
    request[2 * depth] = '\0';
    check_response(request, "\"code\":\"invalid_json\"");
    /* The same depth of objects inside an otherwise valid request. */
    free(request);
    request = malloc(h + 6 * depth + 2);
    if (request == NULL) {
        failures++;
        return;
    }
    memcpy(request, head, h);
    for (i = 0; i < depth; i++) {
        memcpy(request + h + 5 * i, "{\"a\":", 5);
        request[h + 5 * depth + i] = '}';
    }
    strcpy(request + h + 6 * depth, "}");
    check_response(request, "\"code\":\"invalid_json\"");
    free(request);
}

#define RUN(test)                                                                      \
    do {                                                                               \
        int before_ = failures;                                                        \
        current_test = #test;                                                          \
        test();                                                                        \
        printf("%s %s\n", failures == before_ ? "ok" : "FAILED", #test);               \
    } while (0)

int main(void) {
    RUN(test_version_matches_header_macros);
    RUN(test_status_str);
    RUN(test_unit_symbol);
    RUN(test_daily_volume_500_mcg_per_day_at_2_mg_per_ml);
    RUN(test_daily_volume_findings_and_messages);
    RUN(test_convert);
    RUN(test_dilution_400_in_20_ml_from_2000);
    RUN(test_null_pointers);
    RUN(test_unknown_unit_codes);
    RUN(test_unit_of_the_wrong_dimension);
    RUN(test_nan_infinity_negative_zero);
    RUN(test_panic_is_caught);
    RUN(test_screening_plan_50_mcg_at_50_mcg_per_ml);
    RUN(test_screening_plan_from_60_mcg);
    RUN(test_initial_daily_dose_by_profile);
    RUN(test_titrate_worked_examples);
    RUN(test_titrate_finding_with_a_limit_and_its_message);
    RUN(test_uk_under_4_is_a_hard_finding);
    RUN(test_dosing_bad_input);
    RUN(test_refill_plan_synchromed_20_ml_at_500_mcg_per_day);
    RUN(test_refill_plan_40_ml_capped_at_180_days);
    RUN(test_refill_plan_custom_pump_and_late_refill);
    RUN(test_date_offset_days_round_down);
    RUN(test_reconcile_20_ml_60_days_3_ml_aspirated);
    RUN(test_flex_daily_dose_614_4);
    RUN(test_night_boost_plus_20_percent_on_576);
    RUN(test_bridge_and_catheter_volumes);
    RUN(test_constant_flow_fill_archimedes);
    RUN(test_pumps_and_refills_bad_input);
    RUN(test_refill_plan_risk_factors_name_withdrawal_signs);
    RUN(test_programming_check_500_programmed_2000_filled);
    RUN(test_taper_schedule_capacity);
    RUN(test_titration_schedule_and_pk_profile);
    RUN(test_signs_and_triage_of_seizures);
    RUN(test_interactions_patient_check_and_monitoring);
    RUN(test_eval_json_answers);
    RUN(test_eval_json_invalid_utf8);
    RUN(test_eval_json_buffer_too_small);
    RUN(test_eval_json_one_megabyte);
    RUN(test_eval_json_nested_100000_deep);
    printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
