// The header from C++17: included twice (the include guard makes the second a no-op), its
// declarations inside extern "C", linked against libitb.a and run. Built with
// -std=c++17 -Wall -Wextra -Wpedantic -Werror by bindings-c/tests/c_api.rs.
#include "itb.h"
#include "itb.h"

#include <cstdio>
#include <cstring>

static_assert(sizeof(ItbStatus) == 4, "ItbStatus is a uint32_t on the wire");

int main() {
    const ItbDoseRate dose = {500.0, ITB_UNIT_MCG_PER_DAY};
    const ItbConcentration concentration = {2000.0, ITB_UNIT_MCG_PER_ML};
    ItbDailyVolume out;
    const ItbStatus status = itb_daily_volume(dose, concentration, &out, nullptr);
    // 500 mcg/day / 2000 mcg/mL = 0.25 mL/day.
    if (status != ITB_STATUS_OK || out.flow_rate.value != 0.25 || out.flow_rate.unit != ITB_UNIT_ML_PER_DAY) {
        std::fprintf(stderr, "itb_daily_volume: %s\n", itb_status_str(status));
        return 1;
    }
    if (std::strcmp(itb_version(), ITB_VERSION) != 0) {
        std::fprintf(stderr, "library %s, header %s\n", itb_version(), ITB_VERSION);
        return 1;
    }
    std::puts("ok c++ double include");
    return 0;
}
