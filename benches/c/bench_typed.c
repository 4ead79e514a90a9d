/*
 * The cost of a typed C call, measured as a vendor calls it: compiled with -O2 against
 * include/itb.h and the release static library (target/release/libitb.a). Its twin,
 * bindings-c/benches/typed_direct.rs, times the direct Rust calls these functions wrap with the
 * same scheme; scripts/bench runs both and prints the ratio.
 *
 * Scheme: BATCHES batches of ITERATIONS calls each, timed with clock_gettime(CLOCK_MONOTONIC)
 * after a warm-up batch; the figure is the median batch, in ns per call. Each result goes to a
 * volatile sink so that no call is optimised away.
 *
 * Output: one line per function, "<name> <ns per call>", after a '#' comment line.
 * Usage: bench_typed [iterations per batch, default 200000]
 */
#define _POSIX_C_SOURCE 199309L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "itb.h"

#define BATCHES 15

static volatile double sink;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void fail(const char *call, ItbStatus status, const ItbError *error) {
    fprintf(stderr, "%s: status %d (%s): %s\n", call, (int)status, error->field, error->message);
    exit(1);
}

/* 500 mcg/day at 2 mg/mL. */
static void daily_volume_batch(long iterations) {
    ItbDailyVolume out;
    ItbError error;
    for (long i = 0; i < iterations; i++) {
        ItbDoseRate dose = {500.0, ITB_UNIT_MCG_PER_DAY};
        ItbConcentration concentration = {2.0, ITB_UNIT_MG_PER_ML};
        ItbStatus status = itb_daily_volume(dose, concentration, &out, &error);
        if (status != ITB_STATUS_OK) fail("itb_daily_volume", status, &error);
        sink = out.flow_rate.value;
    }
}

/* A SynchroMed II 20 mL, 500 mcg/day of 2000 mcg/mL: every optional input unset, the protocol's
 * defaults for the rest. */
static void refill_plan_batch(long iterations) {
    ItbRefillPlan out;
    ItbError error;
    ItbRefillRequest request;
    memset(&request, 0, sizeof request);
    request.pump.model = ITB_PUMP_SYNCHROMED_II_20;
    request.concentration.value = 2000.0;
    request.concentration.unit = ITB_UNIT_MCG_PER_ML;
    request.daily_dose.value = 500.0;
    request.daily_dose.unit = ITB_UNIT_MCG_PER_DAY;
    request.steps = NULL;
    request.steps_len = 0;
    request.has_fill_volume = false;
    request.has_alarm_volume = false;
    request.max_residence.value = ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS;
    request.max_residence.unit = ITB_UNIT_DAY;
    request.lead_time.value = ITB_REFILL_DEFAULT_LEAD_TIME_DAYS;
    request.lead_time.unit = ITB_UNIT_DAY;
    for (long i = 0; i < iterations; i++) {
        ItbStatus status = itb_refill_plan(&request, &out, &error);
        if (status != ITB_STATUS_OK) fail("itb_refill_plan", status, &error);
        sink = out.refill_due.value;
    }
}

/* The median batch, in ns per call. */
static double measure(void (*batch)(long), long iterations) {
    double per_call[BATCHES];
    batch(iterations); /* warm-up */
    for (int b = 0; b < BATCHES; b++) {
        double start = now_ns();
        batch(iterations);
        per_call[b] = (now_ns() - start) / (double)iterations;
    }
    qsort(per_call, BATCHES, sizeof per_call[0], by_value);
    return per_call[BATCHES / 2];
}

int main(int argc, char **argv) {
    long iterations = argc > 1 ? strtol(argv[1], NULL, 10) : 200000;
    if (iterations <= 0) {
        fprintf(stderr, "usage: bench_typed [iterations per batch]\n");
        return 2;
    }
    printf("# C (-O2, libitb.a release): median of %d batches of %ld calls, ns per call\n",
           BATCHES, iterations);
    printf("daily_volume %.1f\n", measure(daily_volume_batch, iterations));
    printf("refill_plan %.1f\n", measure(refill_plan_batch, iterations));
    return 0;
}
