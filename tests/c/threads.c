/*
 * Every function of include/itb.h from many threads at once. Built with -std=c99 -Wall -Wextra
 * -Wpedantic -Werror and -pthread against libitb.so.1 and run by bindings-c/tests/threads.rs
 * (cargo test -p itb-c; scripts/harden for longer, and under valgrind).
 *
 * The typed cases below call every typed function at least once on a success and, for most, on
 * a failure too (the ItbError's status, field and message); itb_finding_message on every
 * finding they return; itb_eval_json on every request read from stdin (the golden requests,
 * each ended by a NUL byte). Each case is first run once on the main thread: its answer, every
 * field of every result struct written out in order (numbers bit for bit as %a, codes, the
 * text behind each string pointer) or the response bytes of itb_eval_json, is the reference.
 * Then THREADS threads run every case over and over, each from its own starting point, for
 * SECONDS seconds (each thread finishes at least one full round), and compare each answer with
 * the reference. The threads share nothing but the read-only references.
 *
 * Usage: threads THREADS SECONDS < requests
 * Prints one line: "threads T seconds S typed_cases K json_requests J rounds R calls N
 * calls_per_second C mismatches M"; the first mismatches in full on stderr. Exits 0 when every
 * answer matched and every case succeeded or failed as it did the first time, 1 otherwise.
 */
#define _POSIX_C_SOURCE 200809L

#include "itb.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- an answer written out field by field ------------------------------------------------ */

typedef struct {
    char *text;
    size_t len, cap;
    unsigned long calls; /* library calls made while writing it */
    int broken;          /* out of memory, or a call that should not fail did */
} Dump;

static void dump_reset(Dump *d) {
    d->len = 0;
    d->calls = 0;
    d->broken = 0;
    if (d->text != NULL) d->text[0] = '\0';
}

static void put(Dump *d, const char *fmt, ...) {
    va_list args;
    int n;
    for (;;) {
        size_t room = d->cap - d->len;
        va_start(args, fmt);
        n = d->cap == 0 ? -1 : vsnprintf(d->text + d->len, room, fmt, args);
        va_end(args);
        if (n >= 0 && (size_t)n < room) {
            d->len += (size_t)n;
            return;
        }
        {
            size_t cap = d->cap == 0 ? 4096 : d->cap * 2;
            char *bigger;
            if (n >= 0 && cap < d->len + (size_t)n + 1) cap = d->len + (size_t)n + 1;
            bigger = realloc(d->text, cap);
            if (bigger == NULL) {
                d->broken = 1;
                return;
            }
            d->text = bigger;
            d->cap = cap;
        }
    }
}

/* Counts a library call. */
#define CALL(d, call) ((d)->calls++, (call))

static void put_text(Dump *d, const char *name, const char *s) {
    put(d, "%s=\"%s\" ", name, s == NULL ? "(null)" : s);
}

static void put_num(Dump *d, const char *name, double x) { put(d, "%s=%a ", name, x); }

/* Every quantity struct is {double value; uint32_t unit}. */
#define PUT_Q(d, name, q) put((d), "%s=%a[%u] ", (name), (q).value, (unsigned)(q).unit)

static void put_finding(Dump *d, const ItbFinding *f) {
    char message[1024];
    size_t needed = 0, written = 0;
    ItbStatus s;
    put(d, "{code=%u severity=%u ", (unsigned)f->code, (unsigned)f->severity);
    put_text(d, "code_name", f->code_name);
    put_text(d, "source", f->source);
    PUT_Q(d, "subject", f->subject);
    PUT_Q(d, "limit", f->limit);
    put(d, "withdrawal_signs=%d ", (int)f->withdrawal_signs);
    /* The message, with a size query first. */
    s = CALL(d, itb_finding_message(f, NULL, 0, &needed));
    put(d, "size_query=%u needed=%lu ", (unsigned)s, (unsigned long)needed);
    if (needed <= sizeof message) {
        s = CALL(d, itb_finding_message(f, message, needed, &written));
        put(d, "status=%u written=%lu ", (unsigned)s, (unsigned long)written);
        if (s == ITB_STATUS_OK) put_text(d, "message", message);
    } else {
        d->broken = 1;
    }
    put(d, "}\n");
}

static void put_findings(Dump *d, bool allowed, size_t len, const ItbFinding *findings) {
    size_t i;
    put(d, "allowed=%d findings_len=%lu\n", (int)allowed, (unsigned long)len);
    if (len > ITB_FINDINGS_CAPACITY) {
        d->broken = 1;
        return;
    }
    for (i = 0; i < len; i++) put_finding(d, &findings[i]);
}

/* The status, and on failure the error report. Returns whether the call succeeded. */
static int put_status(Dump *d, const char *call, ItbStatus s, const ItbError *error) {
    put(d, "%s: status=%u\n", call, (unsigned)s);
    if (s != ITB_STATUS_OK && error != NULL) {
        put(d, "error.status=%u ", (unsigned)error->status);
        put_text(d, "field", error->field);
        put_text(d, "message", error->message);
        put(d, "\n");
    }
    return s == ITB_STATUS_OK;
}

/* ---- requests ------------------------------------------------------------------------------ */

static const ItbDoseRate DOSE_500 = {500.0, ITB_UNIT_MCG_PER_DAY};
static const ItbConcentration CONC_2000 = {2000.0, ITB_UNIT_MCG_PER_ML};
static const ItbMass MCG_50 = {50.0, ITB_UNIT_MCG};
static const ItbConcentration SCREENING_SOLUTION = {50.0, ITB_UNIT_MCG_PER_ML};

static ItbPump pump_model(uint32_t model) {
    ItbPump p;
    memset(&p, 0, sizeof p);
    p.model = model;
    return p;
}

static ItbRefillRequest synchromed_500(void) {
    ItbRefillRequest r;
    memset(&r, 0, sizeof r);
    r.pump = pump_model(ITB_PUMP_SYNCHROMED_II_20);
    r.concentration = CONC_2000;
    r.daily_dose = DOSE_500;
    r.max_residence.value = ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS;
    r.max_residence.unit = ITB_UNIT_DAY;
    r.lead_time.value = ITB_REFILL_DEFAULT_LEAD_TIME_DAYS;
    r.lead_time.unit = ITB_UNIT_DAY;
    return r;
}

static ItbReconcileRequest visit_60_days(void) {
    ItbReconcileRequest r;
    memset(&r, 0, sizeof r);
    r.fill_volume.value = 20.0;
    r.fill_volume.unit = ITB_UNIT_ML;
    r.elapsed.value = 60.0;
    r.elapsed.unit = ITB_UNIT_DAY;
    r.has_daily_dose = false;
    r.flow_rate.value = 0.25;
    r.flow_rate.unit = ITB_UNIT_ML_PER_DAY;
    r.aspirated_volume.value = 1.0;
    r.aspirated_volume.unit = ITB_UNIT_ML;
    r.threshold.value = ITB_RECONCILE_DEFAULT_THRESHOLD_ML;
    r.threshold.unit = ITB_UNIT_ML;
    return r;
}

static ItbDoseChange uk_200_spinal_maintenance_plus_45(void) {
    ItbDoseChange c;
    memset(&c, 0, sizeof c);
    c.profile = ITB_PROFILE_UK;
    c.current_daily_dose.value = 200.0;
    c.current_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    c.change_percent = 45.0;
    c.origin = ITB_ORIGIN_SPINAL;
    c.phase = ITB_PHASE_MAINTENANCE;
    c.pump_programmable = true;
    c.has_hours_since_last_change = true;
    c.hours_since_last_change = 48.0;
    return c;
}

/* ---- the typed cases: one or more calls each, every result written out ------------------- */

static void case_version_status_units(Dump *d) {
    static const uint32_t statuses[] = {0u, 100u, 101u, 102u, 103u, 200u, 206u, 211u, 900u, 12345u};
    static const uint32_t units[] = {ITB_UNIT_MCG, ITB_UNIT_MG_PER_ML, ITB_UNIT_ML_PER_HOUR,
                                     ITB_UNIT_PERCENT, ITB_UNIT_STEP, 0u, 999u};
    size_t i;
    put_text(d, "version", CALL(d, itb_version()));
    for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        put_text(d, "status_str", CALL(d, itb_status_str(statuses[i])));
    for (i = 0; i < sizeof units / sizeof units[0]; i++) {
        const char *symbol = "untouched";
        ItbStatus s = CALL(d, itb_unit_symbol(units[i], &symbol));
        put(d, "unit %u: status=%u ", (unsigned)units[i], (unsigned)s);
        put_text(d, "symbol", symbol);
    }
}

static void case_convert(Dump *d) {
    ItbQuantity q = {10.0 / 20.0, ITB_UNIT_MG_PER_ML}, out;
    ItbError error;
    if (put_status(d, "convert", CALL(d, itb_convert(q, ITB_UNIT_MCG_PER_ML, &out, &error)),
                   &error))
        PUT_Q(d, "out", out);
    /* The wrong dimension. */
    put_status(d, "convert", CALL(d, itb_convert(q, ITB_UNIT_MG, &out, &error)), &error);
}

static void case_daily_volume(Dump *d) {
    ItbDoseRate dose = {1.5, ITB_UNIT_MG_PER_DAY};
    ItbConcentration conc = {3000.0, ITB_UNIT_MCG_PER_ML};
    ItbDailyVolume dv;
    ItbError error;
    if (put_status(d, "daily_volume", CALL(d, itb_daily_volume(dose, conc, &dv, &error)),
                   &error)) {
        PUT_Q(d, "flow_rate", dv.flow_rate);
        PUT_Q(d, "hourly_flow", dv.hourly_flow);
        put_findings(d, dv.allowed, dv.findings_len, dv.findings);
    }
    conc.value = NAN;
    put_status(d, "daily_volume", CALL(d, itb_daily_volume(dose, conc, &dv, &error)), &error);
}

static void case_dilution(Dump *d) {
    ItbConcentration target = {400.0, ITB_UNIT_MCG_PER_ML};
    ItbVolume final_volume = {20.0, ITB_UNIT_ML};
    ItbDilution out;
    ItbError error;
    if (put_status(d, "dilution",
                   CALL(d, itb_dilution(CONC_2000, target, final_volume, &out, &error)), &error)) {
        PUT_Q(d, "stock_volume", out.stock_volume);
        PUT_Q(d, "diluent_volume", out.diluent_volume);
        PUT_Q(d, "drug_amount", out.drug_amount);
        put_text(d, "diluent", out.diluent);
        put_findings(d, out.allowed, out.findings_len, out.findings);
    }
    target.value = 4000.0; /* above the stock */
    put_status(d, "dilution", CALL(d, itb_dilution(CONC_2000, target, final_volume, &out, &error)),
               &error);
}

static void put_screening(Dump *d, const ItbScreeningPlan *p) {
    size_t i;
    put(d, "doses_len=%lu ", (unsigned long)p->doses_len);
    for (i = 0; i < p->doses_len && i < ITB_SCREENING_MAX_DOSES; i++) {
        PUT_Q(d, "dose", p->doses[i].dose);
        PUT_Q(d, "volume", p->doses[i].volume);
    }
    PUT_Q(d, "min_interval", p->min_interval);
    PUT_Q(d, "max_dose", p->max_dose);
    put_findings(d, p->allowed, p->findings_len, p->findings);
}

static void case_screening_plan(Dump *d) {
    ItbScreeningPlan p;
    ItbError error;
    ItbMass sixty = {60.0, ITB_UNIT_MCG};
    if (put_status(d, "screening_plan",
                   CALL(d, itb_screening_plan(ITB_PROFILE_US, false, 0.0, MCG_50,
                                              SCREENING_SOLUTION, false, 0.0, &p, &error)),
                   &error))
        put_screening(d, &p);
    /* UK, 3 years, 60 mcg, 12 h after the last bolus: soft and hard findings. */
    if (put_status(d, "screening_plan",
                   CALL(d, itb_screening_plan(ITB_PROFILE_UK, true, 3.0, sixty,
                                              SCREENING_SOLUTION, true, 12.0, &p, &error)),
                   &error))
        put_screening(d, &p);
    put_status(d, "screening_plan",
               CALL(d, itb_screening_plan(7u, false, 0.0, MCG_50, SCREENING_SOLUTION, false, 0.0,
                                          &p, &error)),
               &error);
}

static void case_initial_daily_dose(Dump *d) {
    static const uint32_t profiles[] = {ITB_PROFILE_US, ITB_PROFILE_UK, ITB_ORIGIN_SPINAL};
    ItbDuration ten_hours = {10.0, ITB_UNIT_HOUR};
    ItbInitialDose out;
    ItbError error;
    size_t i;
    for (i = 0; i < 3; i++) {
        if (put_status(d, "initial_daily_dose",
                       CALL(d, itb_initial_daily_dose(profiles[i], MCG_50, ten_hours, &out,
                                                      &error)),
                       &error)) {
            PUT_Q(d, "daily_dose", out.daily_dose);
            put(d, "rule=%u ", (unsigned)out.rule);
            put_text(d, "rule_source", out.rule_source);
            put_findings(d, out.allowed, out.findings_len, out.findings);
        }
    }
}

static void case_titrate(Dump *d) {
    ItbDoseChange c = uk_200_spinal_maintenance_plus_45();
    ItbTitration t;
    ItbError error;
    if (put_status(d, "titrate", CALL(d, itb_titrate(&c, &t, &error)), &error)) {
        PUT_Q(d, "new_daily_dose", t.new_daily_dose);
        put_findings(d, t.allowed, t.findings_len, t.findings);
    }
    c.has_age = true;
    c.age_years = 3.0;
    if (put_status(d, "titrate", CALL(d, itb_titrate(&c, &t, &error)), &error)) {
        PUT_Q(d, "new_daily_dose", t.new_daily_dose);
        put_findings(d, t.allowed, t.findings_len, t.findings);
    }
    c.change_percent = -100.0;
    put_status(d, "titrate", CALL(d, itb_titrate(&c, &t, &error)), &error);
}

static void put_steps(Dump *d, const ItbDoseStep *steps, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        PUT_Q(d, "at", steps[i].at);
        PUT_Q(d, "daily_dose", steps[i].daily_dose);
    }
    put(d, "\n");
}

static void case_titration_schedule(Dump *d) {
    ItbTitrationScheduleRequest r;
    ItbTitrationSchedule s;
    ItbDoseStep steps[16];
    ItbError error;
    memset(&r, 0, sizeof r);
    r.profile = ITB_PROFILE_UK;
    r.origin = ITB_ORIGIN_SPINAL;
    r.phase = ITB_PHASE_TITRATION;
    r.current_daily_dose.value = 100.0;
    r.current_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    r.target_daily_dose.value = 400.0;
    r.target_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    r.pump_programmable = true;
    /* The count first, then the steps. */
    put_status(d, "titration_schedule",
               CALL(d, itb_titration_schedule(&r, NULL, 0, &s, &error)), &error);
    put(d, "step_count=%lu\n", (unsigned long)s.step_count);
    if (put_status(d, "titration_schedule",
                   CALL(d, itb_titration_schedule(&r, steps, 16, &s, &error)), &error)) {
        put(d, "step_count=%lu ", (unsigned long)s.step_count);
        put_num(d, "step_percent", s.step_percent);
        PUT_Q(d, "interval", s.interval);
        PUT_Q(d, "days_to_target", s.days_to_target);
        put_findings(d, s.allowed, s.findings_len, s.findings);
        if (s.step_count <= 16) put_steps(d, steps, s.step_count);
    }
    r.has_step_percent = true;
    r.step_percent = 0.0;
    put_status(d, "titration_schedule", CALL(d, itb_titration_schedule(&r, steps, 16, &s, &error)),
               &error);
}

static void case_taper_schedule(Dump *d) {
    ItbTaperRequest r;
    ItbTaperSchedule t;
    ItbDoseStep steps[16];
    ItbError error;
    memset(&r, 0, sizeof r);
    r.current_daily_dose.value = 350.0;
    r.current_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    r.target_daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    r.duration.value = 15.0;
    r.duration.unit = ITB_UNIT_DAY;
    r.has_interval = true;
    r.interval.value = 2.0;
    r.interval.unit = ITB_UNIT_DAY;
    put_status(d, "taper_schedule", CALL(d, itb_taper_schedule(&r, steps, 3, &t, &error)), &error);
    put(d, "step_count=%lu\n", (unsigned long)t.step_count);
    if (put_status(d, "taper_schedule", CALL(d, itb_taper_schedule(&r, steps, 16, &t, &error)),
                   &error)) {
        put(d, "step_count=%lu ", (unsigned long)t.step_count);
        PUT_Q(d, "interval", t.interval);
        put_findings(d, t.allowed, t.findings_len, t.findings);
        if (t.step_count <= 16) put_steps(d, steps, t.step_count);
    }
    r.target_daily_dose.value = 350.0;
    put_status(d, "taper_schedule", CALL(d, itb_taper_schedule(&r, steps, 16, &t, &error)), &error);
}

static void case_pk_profile(Dump *d) {
    ItbDuration times[4] = {
        {0.0, ITB_UNIT_HOUR}, {1.51, ITB_UNIT_HOUR}, {6.0, ITB_UNIT_HOUR}, {2.0, ITB_UNIT_DAY}};
    ItbPkRequest r;
    ItbPkProfile p;
    ItbPkPoint points[4];
    ItbError error;
    size_t i, k;
    memset(&r, 0, sizeof r);
    r.bolus.value = 100.0;
    r.bolus.unit = ITB_UNIT_MCG;
    r.daily_dose = DOSE_500;
    r.times = times;
    r.times_len = 4;
    for (k = 0; k < 2; k++) {
        r.kind = k == 0 ? ITB_PK_BOLUS : ITB_PK_INFUSION;
        if (put_status(d, "pk_profile", CALL(d, itb_pk_profile(&r, points, 4, &p, &error)),
                       &error)) {
            put(d, "point_count=%lu ", (unsigned long)p.point_count);
            PUT_Q(d, "volume", p.volume);
            put(d, "has_steady_state=%d ", (int)p.has_steady_state);
            PUT_Q(d, "steady_state", p.steady_state);
            put(d, "has_time_to_90_percent=%d ", (int)p.has_time_to_90_percent);
            PUT_Q(d, "time_to_90_percent", p.time_to_90_percent);
            put_findings(d, p.allowed, p.findings_len, p.findings);
            for (i = 0; i < p.point_count && i < 4; i++) {
                PUT_Q(d, "time", points[i].time);
                PUT_Q(d, "lumbar", points[i].lumbar);
                PUT_Q(d, "cisternal", points[i].cisternal);
            }
            put(d, "\n");
        }
    }
    times[2].unit = ITB_UNIT_ML;
    put_status(d, "pk_profile", CALL(d, itb_pk_profile(&r, points, 4, &p, &error)), &error);
}

static void case_flex_and_night_boost(Dump *d) {
    ItbFlexStep steps[2] = {{{4, 0}, {24.0, ITB_UNIT_MCG_PER_HOUR}},
                            {{20, 0}, {28.8, ITB_UNIT_MCG_PER_HOUR}}};
    ItbDuration durations[2];
    ItbFlexDose flex;
    ItbDoseRate base = {576.0, ITB_UNIT_MCG_PER_DAY};
    ItbTimeOfDay start = {22, 0}, end = {6, 0};
    ItbDuration lead = {ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS, ITB_UNIT_HOUR};
    ItbNightBoost nb;
    ItbError error;
    size_t i;
    if (put_status(d, "flex_daily_dose",
                   CALL(d, itb_flex_daily_dose(steps, 2, durations, 2, &flex, &error)), &error)) {
        PUT_Q(d, "daily_dose", flex.daily_dose);
        PUT_Q(d, "durations[0]", durations[0]);
        PUT_Q(d, "durations[1]", durations[1]);
        put_findings(d, flex.allowed, flex.findings_len, flex.findings);
    }
    steps[1].start.hour = 3; /* out of order */
    put_status(d, "flex_daily_dose",
               CALL(d, itb_flex_daily_dose(steps, 2, durations, 2, &flex, &error)), &error);
    if (put_status(d, "night_boost",
                   CALL(d, itb_night_boost(base, 20.0, start, end, lead, &nb, &error)), &error)) {
        for (i = 0; i < 2; i++) {
            put(d, "start=%u:%u ", (unsigned)nb.steps[i].start.hour,
                (unsigned)nb.steps[i].start.minute);
            PUT_Q(d, "rate", nb.steps[i].rate);
            PUT_Q(d, "duration", nb.steps[i].duration);
        }
        PUT_Q(d, "daily_dose", nb.daily_dose);
        put_findings(d, nb.allowed, nb.findings_len, nb.findings);
    }
    start.hour = 24;
    put_status(d, "night_boost", CALL(d, itb_night_boost(base, 20.0, start, end, lead, &nb, &error)),
               &error);
}

static void put_refill_plan(Dump *d, const ItbRefillPlan *p) {
    size_t i;
    int64_t days = 0;
    ItbStatus s;
    PUT_Q(d, "flow_rate", p->flow_rate);
    PUT_Q(d, "days_to_alarm", p->days_to_alarm);
    PUT_Q(d, "earliest_alarm", p->earliest_alarm);
    PUT_Q(d, "days_to_empty", p->days_to_empty);
    PUT_Q(d, "refill_due", p->refill_due);
    PUT_Q(d, "drug_amount", p->drug_amount);
    PUT_Q(d, "daily_dose", p->daily_dose);
    put(d, "containers_len=%lu\n", (unsigned long)p->containers_len);
    for (i = 0; i < p->containers_len && i < ITB_REFILL_MAX_CONTAINERS; i++) {
        put_text(d, "product", p->containers[i].product);
        put(d, "count=%u ", (unsigned)p->containers[i].count);
        PUT_Q(d, "drawn_volume", p->containers[i].drawn_volume);
        PUT_Q(d, "waste", p->containers[i].waste);
        put(d, "\n");
    }
    put_findings(d, p->allowed, p->findings_len, p->findings);
    s = CALL(d, itb_date_offset_days(p->refill_due, &days, NULL));
    put(d, "date_offset_days(refill_due): status=%u days=%lld\n", (unsigned)s, (long long)days);
}

static void case_refill_plan(Dump *d) {
    ItbRefillRequest r = synchromed_500();
    ItbRefillPlan p;
    ItbError error;
    ItbFlexStep steps[2] = {{{4, 0}, {24.0, ITB_UNIT_MCG_PER_HOUR}},
                            {{20, 0}, {28.8, ITB_UNIT_MCG_PER_HOUR}}};
    if (put_status(d, "refill_plan", CALL(d, itb_refill_plan(&r, &p, &error)), &error))
        put_refill_plan(d, &p);
    /* Late, with a risk factor (withdrawal signs named), a flex schedule, a custom pump. */
    r.lead_time.value = 75.0;
    r.risk_factors = ITB_RISK_SCI_T6_OR_ABOVE | ITB_RISK_PRIOR_WITHDRAWAL;
    r.steps = steps;
    r.steps_len = 2;
    r.pump.model = ITB_PUMP_CUSTOM;
    r.pump.reservoir.value = 30.0;
    r.pump.reservoir.unit = ITB_UNIT_ML;
    r.pump.low_alarm.value = 3.0;
    r.pump.low_alarm.unit = ITB_UNIT_ML;
    r.pump.accuracy_percent = ITB_PUMP_DEFAULT_ACCURACY_PERCENT;
    r.pump.programmable = true;
    r.concentration.value = 500.0;
    if (put_status(d, "refill_plan", CALL(d, itb_refill_plan(&r, &p, &error)), &error))
        put_refill_plan(d, &p);
    r.pump.model = 56u;
    put_status(d, "refill_plan", CALL(d, itb_refill_plan(&r, &p, &error)), &error);
}

static void case_date_offset_days(Dump *d) {
    static const double values[] = {72.9, -0.5, 47.0, 1e300};
    ItbDuration duration;
    ItbError error;
    size_t i;
    for (i = 0; i < 4; i++) {
        int64_t days = 99;
        duration.value = values[i];
        duration.unit = i == 2 ? ITB_UNIT_HOUR : ITB_UNIT_DAY;
        if (put_status(d, "date_offset_days",
                       CALL(d, itb_date_offset_days(duration, &days, &error)), &error))
            put(d, "days=%lld\n", (long long)days);
    }
}

static void case_reconcile(Dump *d) {
    ItbReconcileRequest r = visit_60_days();
    ItbReconciliation rec;
    ItbError error;
    size_t k;
    for (k = 0; k < 2; k++) {
        if (k == 1) {
            r.has_daily_dose = true;
            r.daily_dose = DOSE_500;
            r.concentration = CONC_2000;
            r.has_pump = true;
            r.pump = pump_model(ITB_PUMP_PROMETRA_II_20);
            r.risk_factors = ITB_RISK_COMMUNICATION_DIFFICULTY;
        }
        if (put_status(d, "reconcile", CALL(d, itb_reconcile(&r, &rec, &error)), &error)) {
            PUT_Q(d, "flow_rate", rec.flow_rate);
            PUT_Q(d, "expected_volume", rec.expected_volume);
            PUT_Q(d, "discrepancy", rec.discrepancy);
            PUT_Q(d, "implied_flow_rate", rec.implied_flow_rate);
            PUT_Q(d, "delivery_error", rec.delivery_error);
            put_findings(d, rec.allowed, rec.findings_len, rec.findings);
        }
    }
    r.elapsed.value = 0.0;
    put_status(d, "reconcile", CALL(d, itb_reconcile(&r, &rec, &error)), &error);
}

static void case_bridge_and_catheters(Dump *d) {
    ItbConcentration old_c = {500.0, ITB_UNIT_MCG_PER_ML};
    ItbDoseRate dose = {400.0, ITB_UNIT_MCG_PER_DAY};
    ItbVolume dead_space = {0.2, ITB_UNIT_ML};
    ItbLength trimmed = {10.0, ITB_UNIT_CM}, implanted = {50.0, ITB_UNIT_CM};
    ItbVolumePerLength per_cm = {0.0026, ITB_UNIT_ML_PER_CM};
    ItbBridge b;
    ItbVolume v;
    ItbError error;
    if (put_status(d, "bridge_bolus",
                   CALL(d, itb_bridge_bolus(old_c, CONC_2000, dose, dead_space, &b, &error)),
                   &error)) {
        put(d, "required=%d ", (int)b.required);
        PUT_Q(d, "old_flow_rate", b.old_flow_rate);
        PUT_Q(d, "new_flow_rate", b.new_flow_rate);
        PUT_Q(d, "bridge_duration", b.bridge_duration);
        PUT_Q(d, "unbridged_daily_dose", b.unbridged_daily_dose);
        PUT_Q(d, "unbridged_duration", b.unbridged_duration);
        put_findings(d, b.allowed, b.findings_len, b.findings);
    }
    old_c.value = 0.0;
    put_status(d, "bridge_bolus",
               CALL(d, itb_bridge_bolus(old_c, CONC_2000, dose, dead_space, &b, &error)), &error);
    if (put_status(d, "trimmed_catheter_volume",
                   CALL(d, itb_trimmed_catheter_volume(ITB_CATHETER_PROMETRA_II, trimmed, &v,
                                                       &error)),
                   &error))
        PUT_Q(d, "volume", v);
    trimmed.value = 110.5;
    put_status(d, "trimmed_catheter_volume",
               CALL(d, itb_trimmed_catheter_volume(ITB_CATHETER_PROMETRA_II, trimmed, &v, &error)),
               &error);
    if (put_status(d, "catheter_volume",
                   CALL(d, itb_catheter_volume(implanted, per_cm, &v, &error)), &error))
        PUT_Q(d, "volume", v);
    per_cm.unit = ITB_UNIT_ML;
    put_status(d, "catheter_volume", CALL(d, itb_catheter_volume(implanted, per_cm, &v, &error)),
               &error);
}

static void case_constant_flow_fill(Dump *d) {
    ItbVolume reservoir = {20.0, ITB_UNIT_ML};
    ItbFlowRate flow = {1.0, ITB_UNIT_ML_PER_DAY};
    ItbDoseRate dose = {400.0, ITB_UNIT_MCG_PER_DAY};
    ItbVolume overage = {3.0, ITB_UNIT_ML};
    ItbConstantFlowFill f;
    ItbError error;
    if (put_status(d, "constant_flow_fill",
                   CALL(d, itb_constant_flow_fill(reservoir, flow, dose, CONC_2000, overage, &f,
                                                  &error)),
                   &error)) {
        PUT_Q(d, "running_time", f.running_time);
        PUT_Q(d, "concentration", f.concentration);
        PUT_Q(d, "drug_amount", f.drug_amount);
        PUT_Q(d, "stock_volume", f.stock_volume);
        PUT_Q(d, "diluent_volume", f.diluent_volume);
        put_text(d, "diluent", f.diluent);
        put_findings(d, f.allowed, f.findings_len, f.findings);
    }
    flow.value = -1.0;
    put_status(d, "constant_flow_fill",
               CALL(d, itb_constant_flow_fill(reservoir, flow, dose, CONC_2000, overage, &f,
                                              &error)),
               &error);
}

static void case_programming_check(Dump *d) {
    ItbProgrammingRequest r;
    ItbProgrammingCheck c;
    ItbError error;
    memset(&r, 0, sizeof r);
    r.programmed_daily_dose = DOSE_500;
    r.programmed_concentration.value = 500.0;
    r.programmed_concentration.unit = ITB_UNIT_MCG_PER_ML;
    r.reservoir_concentration = CONC_2000;
    if (put_status(d, "programming_check", CALL(d, itb_programming_check(&r, &c, &error)),
                   &error)) {
        PUT_Q(d, "flow_rate", c.flow_rate);
        PUT_Q(d, "delivered_daily_dose", c.delivered_daily_dose);
        put_num(d, "dose_ratio", c.dose_ratio);
        put_findings(d, c.allowed, c.findings_len, c.findings);
    }
    r.reservoir_concentration.value = 0.0;
    put_status(d, "programming_check", CALL(d, itb_programming_check(&r, &c, &error)), &error);
}

static void put_sign(Dump *d, const ItbSign *s) {
    put(d, "{code=%u ", (unsigned)s->code);
    put_text(d, "code_name", s->code_name);
    put_text(d, "text", s->text);
    put_text(d, "source", s->source);
    put(d, "}\n");
}

static void case_signs(Dump *d) {
    static const uint32_t lists[] = {ITB_SIGN_LIST_OVERDOSE, ITB_SIGN_LIST_WITHDRAWAL,
                                     ITB_SIGN_LIST_PUMP_PROBLEM, ITB_SIGN_SEIZURES};
    ItbSign signs[ITB_SIGN_LIST_MAX_SIGNS];
    ItbSignAction actions[ITB_SIGN_LIST_MAX_ACTIONS];
    ItbSignList list;
    ItbError error;
    size_t i, k;
    for (k = 0; k < 4; k++) {
        if (put_status(d, "signs",
                       CALL(d, itb_signs(lists[k], signs, ITB_SIGN_LIST_MAX_SIGNS, actions,
                                         ITB_SIGN_LIST_MAX_ACTIONS, &list, &error)),
                       &error)) {
            put(d, "list=%u ", (unsigned)list.list);
            put_text(d, "list_name", list.list_name);
            put(d, "sign_count=%lu action_count=%lu\n", (unsigned long)list.sign_count,
                (unsigned long)list.action_count);
            for (i = 0; i < list.sign_count && i < ITB_SIGN_LIST_MAX_SIGNS; i++)
                put_sign(d, &signs[i]);
            for (i = 0; i < list.action_count && i < ITB_SIGN_LIST_MAX_ACTIONS; i++) {
                put_text(d, "action", actions[i].text);
                put_text(d, "source", actions[i].source);
                put(d, "\n");
            }
        }
    }
}

static void case_triage(Dump *d) {
    const uint32_t observed[4] = {ITB_SIGN_SEIZURES, ITB_SIGN_PRURITUS, ITB_SIGN_HIGH_FEVER,
                                  ITB_SIGN_PUMP_ALARM};
    const uint32_t repeated[3] = {ITB_SIGN_COMA, ITB_SIGN_PUMP_ALARM, ITB_SIGN_COMA};
    ItbTriage t;
    ItbError error;
    size_t i, j;
    if (put_status(d, "triage", CALL(d, itb_triage(observed, 4, &t, &error)), &error)) {
        put(d, "match_count=%lu\n", (unsigned long)t.match_count);
        for (i = 0; i < t.match_count && i < ITB_TRIAGE_MAX_MATCHES; i++) {
            put(d, "list=%u ", (unsigned)t.matches[i].list);
            put_text(d, "list_name", t.matches[i].list_name);
            put(d, "sign_count=%lu\n", (unsigned long)t.matches[i].sign_count);
            for (j = 0; j < t.matches[i].sign_count && j < ITB_SIGN_LIST_MAX_SIGNS; j++)
                put_sign(d, &t.matches[i].signs[j]);
        }
        put_findings(d, t.allowed, t.findings_len, t.findings);
    }
    put_status(d, "triage", CALL(d, itb_triage(repeated, 3, &t, &error)), &error);
}

static void case_interactions(Dump *d) {
    const char *names[4] = {"Morphine", " amLODipine ", "aspirin", "diazepam"};
    const char *not_utf8[2] = {"morphine", "mor\xFFphine"};
    ItbInteraction found[4];
    size_t missed[4];
    ItbInteractionCheck c;
    ItbError error;
    size_t i;
    if (put_status(d, "interactions",
                   CALL(d, itb_interactions(names, 4, found, 4, missed, 4, &c, &error)), &error)) {
        put(d, "interaction_count=%lu unrecognised_count=%lu\n",
            (unsigned long)c.interaction_count, (unsigned long)c.unrecognised_count);
        for (i = 0; i < c.interaction_count && i < 4; i++) {
            put(d, "{index=%lu drug_class=%u ", (unsigned long)found[i].index,
                (unsigned)found[i].drug_class);
            put_text(d, "drug_class_name", found[i].drug_class_name);
            put(d, "severity=%u ", (unsigned)found[i].severity);
            put_text(d, "severity_name", found[i].severity_name);
            put_text(d, "effect", found[i].effect);
            put_text(d, "source", found[i].source);
            put(d, "}\n");
        }
        for (i = 0; i < c.unrecognised_count && i < 4; i++)
            put(d, "unrecognised=%lu ", (unsigned long)missed[i]);
        put_findings(d, c.allowed, c.findings_len, c.findings);
    }
    put_status(d, "interactions",
               CALL(d, itb_interactions(not_utf8, 2, found, 4, missed, 4, &c, &error)), &error);
}

static void case_patient_check(Dump *d) {
    ItbPatientRequest p;
    ItbPatientCheck pc;
    ItbError error;
    size_t k;
    memset(&p, 0, sizeof p);
    p.has_profile = true;
    p.profile = ITB_PROFILE_UK;
    p.has_age = true;
    p.age_years = 3.9;
    for (k = 0; k < 2; k++) {
        if (k == 1) {
            p.profile = ITB_PROFILE_US;
            p.age_years = 70.0;
            p.has_pregnant = true;
            p.pregnant = true;
            p.has_breastfeeding = true;
            p.breastfeeding = true;
            p.has_infection = true;
            p.infection = true;
            p.has_months_since_head_injury = true;
            p.months_since_head_injury = 6.0;
            p.has_route = true;
            p.route = ITB_ROUTE_EPIDURAL;
            p.has_risk_factors = true;
            p.risk_factors = ITB_RISK_PRIOR_WITHDRAWAL;
        }
        if (put_status(d, "patient_check", CALL(d, itb_patient_check(&p, &pc, &error)), &error)) {
            put(d, "checked=%u ", (unsigned)pc.checked);
            put_findings(d, pc.allowed, pc.findings_len, pc.findings);
        }
    }
    p.route = ITB_PHASE_TITRATION;
    put_status(d, "patient_check", CALL(d, itb_patient_check(&p, &pc, &error)), &error);
}

static void case_monitoring_plan(Dump *d) {
    static const uint32_t phases[] = {ITB_MONITORING_SCREENING, ITB_MONITORING_TITRATION,
                                      ITB_MONITORING_MAINTENANCE, ITB_MONITORING_AFTER_CHANGE,
                                      ITB_PHASE_TITRATION};
    ItbMonitoringItem items[ITB_MONITORING_MAX_ITEMS];
    ItbMonitoringPlan plan;
    ItbError error;
    size_t i, k;
    for (k = 0; k < 5; k++) {
        if (put_status(d, "monitoring_plan",
                       CALL(d, itb_monitoring_plan(phases[k], items, ITB_MONITORING_MAX_ITEMS,
                                                   &plan, &error)),
                       &error)) {
            put(d, "phase=%u item_count=%lu\n", (unsigned)plan.phase,
                (unsigned long)plan.item_count);
            for (i = 0; i < plan.item_count && i < ITB_MONITORING_MAX_ITEMS; i++) {
                put_text(d, "what", items[i].what);
                put_text(d, "frequency", items[i].frequency);
                put_text(d, "action", items[i].action);
                put_text(d, "source", items[i].source);
                put(d, "\n");
            }
        }
    }
}

typedef struct {
    const char *name;
    void (*run)(Dump *);
} TypedCase;

static const TypedCase TYPED[] = {
    {"version, status_str, unit_symbol", case_version_status_units},
    {"convert", case_convert},
    {"daily_volume (and finding_message)", case_daily_volume},
    {"dilution", case_dilution},
    {"screening_plan", case_screening_plan},
    {"initial_daily_dose", case_initial_daily_dose},
    {"titrate", case_titrate},
    {"titration_schedule", case_titration_schedule},
    {"taper_schedule", case_taper_schedule},
    {"pk_profile", case_pk_profile},
    {"flex_daily_dose, night_boost", case_flex_and_night_boost},
    {"refill_plan", case_refill_plan},
    {"date_offset_days", case_date_offset_days},
    {"reconcile", case_reconcile},
    {"bridge_bolus, trimmed_catheter_volume, catheter_volume", case_bridge_and_catheters},
    {"constant_flow_fill", case_constant_flow_fill},
    {"programming_check", case_programming_check},
    {"signs", case_signs},
    {"triage", case_triage},
    {"interactions", case_interactions},
    {"patient_check", case_patient_check},
    {"monitoring_plan", case_monitoring_plan},
};
#define TYPED_LEN (sizeof TYPED / sizeof TYPED[0])

/* ---- itb_eval_json ------------------------------------------------------------------------ */

/* The response to a request, as eval_filter gets it: a size query, then exactly that size. */
static void eval(Dump *d, const char *request) {
    size_t needed = 0, written = 0;
    char *out;
    ItbStatus s = CALL(d, itb_eval_json(request, NULL, 0, &needed));
    if (s != ITB_STATUS_BUFFER_TOO_SMALL || needed == 0) {
        d->broken = 1;
        return;
    }
    out = malloc(needed);
    if (out == NULL) {
        d->broken = 1;
        return;
    }
    s = CALL(d, itb_eval_json(request, out, needed, &written));
    if (s != ITB_STATUS_OK || written != needed || out[needed - 1] != '\0') {
        d->broken = 1;
    } else {
        put(d, "%s", out);
    }
    free(out);
}

/* ---- the run ----------------------------------------------------------------------------- */

typedef struct {
    size_t len;
    char *text;
} Reference;

static Reference *references; /* TYPED_LEN typed, then one per request */
static char **requests;
static size_t requests_len, cases_len;
static double deadline;

typedef struct {
    size_t index;
    unsigned long rounds, calls, mismatches, broken;
} Worker;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void run_case(Dump *d, size_t i) {
    dump_reset(d);
    if (i < TYPED_LEN) {
        TYPED[i].run(d);
    } else {
        eval(d, requests[i - TYPED_LEN]);
    }
}

static const char *case_name(size_t i) {
    return i < TYPED_LEN ? TYPED[i].name : requests[i - TYPED_LEN];
}

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long reported = 0;

static void *work(void *arg) {
    Worker *w = arg;
    Dump d = {NULL, 0, 0, 0, 0};
    /* Each thread starts at its own place in the list, so different functions overlap. */
    size_t start = (w->index * 7919u) % cases_len;
    do {
        size_t k;
        for (k = 0; k < cases_len; k++) {
            size_t i = (start + k) % cases_len;
            run_case(&d, i);
            w->calls += d.calls;
            if (d.broken) w->broken++;
            if (d.broken || d.len != references[i].len ||
                memcmp(d.text, references[i].text, d.len) != 0) {
                w->mismatches++;
                pthread_mutex_lock(&report_lock);
                if (reported++ < 3)
                    fprintf(stderr,
                            "MISMATCH in thread %lu, case %.200s%s\n--- first answer:\n%.4000s\n"
                            "--- this answer:\n%.4000s\n",
                            (unsigned long)w->index, case_name(i), d.broken ? " (broken)" : "",
                            references[i].text, d.len ? d.text : "");
                pthread_mutex_unlock(&report_lock);
            }
        }
        w->rounds++;
    } while (now() < deadline);
    free(d.text);
    return NULL;
}

/* Reads stdin whole and splits it at each NUL. */
static int read_requests(void) {
    size_t cap = 1 << 16, len = 0, n, i, start, count = 0;
    char *all = malloc(cap);
    if (all == NULL) return 0;
    while ((n = fread(all + len, 1, cap - len, stdin)) > 0) {
        len += n;
        if (len == cap) {
            char *bigger = realloc(all, cap * 2);
            if (bigger == NULL) return 0;
            all = bigger;
            cap *= 2;
        }
    }
    if (len > 0 && all[len - 1] != '\0') {
        fprintf(stderr, "threads: the last request is not ended by a NUL\n");
        return 0;
    }
    for (i = 0; i < len; i++) count += all[i] == '\0';
    requests = malloc((count + 1) * sizeof *requests);
    if (requests == NULL) return 0;
    for (i = 0, start = 0; i < len; i++) {
        if (all[i] == '\0') {
            requests[requests_len++] = all + start;
            start = i + 1;
        }
    }
    requests[requests_len] = all; /* kept to free it */
    return 1;
}

int main(int argc, char **argv) {
    long threads;
    double seconds, began, elapsed;
    size_t i;
    pthread_t *ids;
    Worker *workers;
    unsigned long rounds = 0, calls = 0, mismatches = 0, broken = 0;
    Dump d = {NULL, 0, 0, 0, 0};
    if (argc != 3 || (threads = strtol(argv[1], NULL, 10)) < 1 || threads > 256 ||
        (seconds = strtod(argv[2], NULL)) < 0.0) {
        fprintf(stderr, "usage: threads THREADS SECONDS < requests (each ended by a NUL)\n");
        return 2;
    }
    if (!read_requests()) {
        fprintf(stderr, "threads: cannot read the requests\n");
        return 1;
    }
    cases_len = TYPED_LEN + requests_len;
    /* The reference answers, on this thread alone. */
    references = calloc(cases_len, sizeof *references);
    if (references == NULL) return 1;
    for (i = 0; i < cases_len; i++) {
        run_case(&d, i);
        if (d.broken) {
            fprintf(stderr, "threads: case %.200s failed on the main thread:\n%.4000s\n",
                    case_name(i), d.len ? d.text : "");
            return 1;
        }
        references[i].len = d.len;
        references[i].text = malloc(d.len + 1);
        if (references[i].text == NULL) return 1;
        memcpy(references[i].text, d.text, d.len + 1);
    }
    free(d.text);
    ids = calloc((size_t)threads, sizeof *ids);
    workers = calloc((size_t)threads, sizeof *workers);
    if (ids == NULL || workers == NULL) return 1;
    began = now();
    deadline = began + seconds;
    for (i = 0; i < (size_t)threads; i++) {
        workers[i].index = i;
        if (pthread_create(&ids[i], NULL, work, &workers[i]) != 0) {
            fprintf(stderr, "threads: cannot start thread %lu\n", (unsigned long)i);
            return 1;
        }
    }
    for (i = 0; i < (size_t)threads; i++) {
        pthread_join(ids[i], NULL);
        rounds += workers[i].rounds;
        calls += workers[i].calls;
        mismatches += workers[i].mismatches;
        broken += workers[i].broken;
    }
    elapsed = now() - began;
    printf("threads %ld seconds %.1f typed_cases %lu json_requests %lu rounds %lu calls %lu "
           "calls_per_second %.0f mismatches %lu\n",
           threads, elapsed, (unsigned long)TYPED_LEN, (unsigned long)requests_len, rounds, calls,
           elapsed > 0.0 ? (double)calls / elapsed : 0.0, mismatches);
    for (i = 0; i < cases_len; i++) free(references[i].text);
    free(references);
    if (requests_len > 0 || requests != NULL) free(requests[requests_len]);
    free(requests);
    free(ids);
    free(workers);
    return mismatches == 0 && broken == 0 ? 0 : 1;
}
