/*
 * A refill plan from C against an installed libitb (scripts/install-c PREFIX, or cargo-c's
 * `cargo cinstall`): a SynchroMed II (20 mL) at 500 mcg/day of 2000 mcg/mL, with the
 * protocol's defaults. Build it with CMake (CMakeLists.txt) or make (Makefile), both through
 * pkg-config. Prints the flow, the alarm and due days, the containers of each product of this
 * concentration the fill takes, and the findings.
 * SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include <itb.h>

static int fail(const char *what, ItbStatus status, const ItbError *error) {
    fprintf(stderr, "%s: %s: %s\n", what, itb_status_str(status), error ? error->message : "");
    return 1;
}

int main(void) {
    ItbRefillRequest request = {
        .pump = {.model = ITB_PUMP_SYNCHROMED_II_20},
        .concentration = {2000.0, ITB_UNIT_MCG_PER_ML},
        .daily_dose = {500.0, ITB_UNIT_MCG_PER_DAY},
        .steps = NULL,
        .steps_len = 0,           /* continuous: the daily dose */
        .has_fill_volume = false, /* fill the reservoir */
        .has_alarm_volume = false,
        .max_residence = {ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS, ITB_UNIT_DAY},
        .lead_time = {ITB_REFILL_DEFAULT_LEAD_TIME_DAYS, ITB_UNIT_DAY},
    };
    ItbRefillPlan plan;
    ItbError error;
    int64_t alarm_day = 0, due_day = 0;
    ItbStatus status;

    /* A header and a library from different releases are caught here. */
    if (strcmp(itb_version(), ITB_VERSION) != 0) {
        fprintf(stderr, "libitb %s, header %s\n", itb_version(), ITB_VERSION);
        return 1;
    }
    status = itb_refill_plan(&request, &plan, &error);
    if (status != ITB_STATUS_OK) return fail("itb_refill_plan", status, &error);
    status = itb_date_offset_days(plan.days_to_alarm, &alarm_day, &error);
    if (status != ITB_STATUS_OK) return fail("itb_date_offset_days", status, &error);
    status = itb_date_offset_days(plan.refill_due, &due_day, &error);
    if (status != ITB_STATUS_OK) return fail("itb_date_offset_days", status, &error);

    printf("libitb %s\n", itb_version());
    printf("flow %g mL/day, alarm in %lld days, refill due in %lld days\n",
           plan.flow_rate.value, (long long)alarm_day, (long long)due_day);
    for (size_t i = 0; i < plan.containers_len; i++) {
        /* Each product of this concentration, and how many of it the fill takes. */
        printf("%s: %u container(s)\n", plan.containers[i].product,
               (unsigned)plan.containers[i].count);
    }
    for (size_t i = 0; i < plan.findings_len; i++) {
        char message[512];
        size_t written = 0;
        status = itb_finding_message(&plan.findings[i], message, sizeof message, &written);
        if (status != ITB_STATUS_OK) return fail("itb_finding_message", status, NULL);
        printf("finding %s: %s\n", plan.findings[i].code_name, message);
    }
    return 0;
}
