/*
 * MUST NOT COMPILE: a mass where a concentration belongs. Each dimension is its own struct
 * type, so a C compiler refuses the call; bindings-c/tests/c_api.rs checks that it does, and
 * that it fails for this reason (the line is marked), not for another.
 */
#include "itb.h"

int main(void) {
    ItbDoseRate dose = {500.0, ITB_UNIT_MCG_PER_DAY};
    ItbMass two_mg = {2.0, ITB_UNIT_MG};
    ItbDailyVolume out;
    return (int)itb_daily_volume(dose, two_mg, &out, NULL); /* MASS_AS_CONCENTRATION */
}
