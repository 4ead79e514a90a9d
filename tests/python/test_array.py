"""itb.daily_volume_array: the core's daily-volume rule over numpy arrays, for analysts.

Worked by hand: flow (mL/day) = daily dose (mcg/day) / concentration (mcg/mL); mL/h = / 24.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import itb


def test_hand_worked_values() -> None:
    # 500/2000 = 0.25, 1000/2000 = 0.5, 100/500 = 0.2, 50/50 = 1
    flows = itb.daily_volume_array(
        np.array([500.0, 1000.0, 100.0, 50.0]), "mcg/day", np.array([2000.0, 2000.0, 500.0, 50.0]), "mcg/mL", "mL/day"
    )
    assert flows.dtype == np.float64
    assert flows.tolist() == [0.25, 0.5, 0.2, 1.0]


def test_units_are_explicit_and_respected() -> None:
    # 0.5 mg/day at 2 mg/mL = 0.25 mL/day = 0.25/24 mL/h, rounded to 12 digits by the core
    assert itb.daily_volume_array([0.5], "mg/day", [2], "mg/mL", "mL/day").tolist() == [0.25]
    assert itb.daily_volume_array([0.5], "mg/day", [2], "mg/mL", "mL/h").tolist() == [0.0104166666667]
    # 24 mcg/h = 576 mcg/day; at 2000 mcg/mL = 0.288 mL/day
    assert itb.daily_volume_array([24], "mcg/h", [2000], "mcg/mL", "mL/day").tolist() == [0.288]


def test_one_concentration_for_every_dose() -> None:
    flows = itb.daily_volume_array([100, 200, 300], "mcg/day", 500, "mcg/mL", "mL/day")
    assert flows.tolist() == [0.2, 0.4, 0.6]


def test_ints_strided_and_big_endian_input() -> None:
    table = np.array([[500, 2000], [0, 0], [1000, 2000]], dtype=np.int64)
    rows = table[::2]  # strided: every other row, a non-contiguous view
    flows = itb.daily_volume_array(rows[:, 0], "mcg/day", rows[:, 1].astype(">f8"), "mcg/mL", "mL/day")
    assert flows.tolist() == [0.25, 0.5]


def test_empty_input_gives_an_empty_array() -> None:
    flows = itb.daily_volume_array([], "mcg/day", [], "mcg/mL", "mL/day")
    assert flows.shape == (0,) and flows.dtype == np.float64


def test_a_million_records() -> None:
    doses = np.full(1_000_000, 500.0)
    flows = itb.daily_volume_array(doses, "mcg/day", 2000.0, "mcg/mL", "mL/day")
    assert flows.shape == (1_000_000,)
    assert (flows == 0.25).all()


@pytest.mark.parametrize("bad", [[10], [250_000, 700_000], [999_999], [400_000, 10]])
def test_a_long_column_reports_its_first_bad_row(bad: list[int]) -> None:
    # Long columns are split over the cores: the error is still the first bad row's.
    doses = np.full(1_000_000, 500.0)
    fills = np.full(1_000_000, 20.0)
    doses[bad] = -1.0
    first = min(bad)
    with pytest.raises(itb.InputError) as info:
        itb.daily_volume_array(doses, "mcg/day", 2000, "mcg/mL", "mL/day")
    assert info.value.field == f"daily_dose[{first}]"
    with pytest.raises(itb.InputError) as info:
        itb.days_to_alarm_array("synchromed_ii_20", fills, doses, 2000)
    assert info.value.field == f"daily_dose_mcg_per_day[{first}]"
    doses[bad] = 500.0
    assert np.array_equal(itb.days_to_alarm_array("synchromed_ii_20", fills, doses, 2000), np.full(1_000_000, 72.0))


def test_threads_share_the_function() -> None:
    # The loop runs without the GIL; concurrent calls must each get their own right answer.
    from concurrent.futures import ThreadPoolExecutor

    def run(k: int) -> bool:
        doses = np.full(200_000, 100.0 * k)  # 100k mcg/day at 500 mcg/mL = k/5 mL/day
        flows = itb.daily_volume_array(doses, "mcg/day", 500.0, "mcg/mL", "mL/day")
        return bool((flows == k / 5).all())

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(run, range(1, 9)))


@pytest.mark.parametrize(
    ("doses", "concentrations", "code", "field", "fragments"),
    [
        ([500, -5, 100], 2000, "negative", "daily_dose[1]", ("-5 mcg/day", "allowed: 0 or more")),
        ([500, 100, np.nan], 2000, "not_finite", "daily_dose[2]", ("NaN mcg/day",)),
        ([500, np.inf], 2000, "not_finite", "daily_dose[1]", ("inf mcg/day",)),
        ([500, 0], 2000, "zero", "daily_dose[1]", ("0 mcg/day",)),
        ([500, 100], [2000, 0], "zero", "concentration[1]", ("0 mcg/mL",)),
        ([500, 100], [2000, -1], "negative", "concentration[1]", ("-1 mcg/mL",)),
        # Absurd but finite: refused with the plausible range, never computed.
        ([1e300], [1e-300], "out_of_range", "daily_dose[0]", ("1e300 mcg/day", "1,000,000 mcg/day")),
    ],
)
def test_a_bad_element_raises_naming_its_index_and_value(
    doses: list[float], concentrations: object, code: str, field: str, fragments: tuple[str, ...]
) -> None:
    with pytest.raises(itb.InputError) as info:
        itb.daily_volume_array(doses, "mcg/day", concentrations, "mcg/mL", "mL/day")  # type: ignore[arg-type]
    assert (info.value.code, info.value.field) == (code, field)
    message = str(info.value)
    assert message.startswith(field)
    for fragment in fragments:
        assert fragment in message, message


@pytest.mark.parametrize(
    ("call", "cls", "code", "field"),
    [
        (lambda: itb.daily_volume_array([1], "mcg/mL", [1], "mcg/mL", "mL/day"), itb.UnitError, "unit_mismatch", "daily_dose_unit"),
        (lambda: itb.daily_volume_array([1], "mcg/day", [1], "mcg", "mL/day"), itb.UnitError, "unit_mismatch", "concentration_unit"),
        (lambda: itb.daily_volume_array([1], "mcg/day", [1], "mcg/mL", "mcg/day"), itb.UnitError, "unit_mismatch", "flow_rate_unit"),
        (lambda: itb.daily_volume_array([1], "drops", [1], "mcg/mL", "mL/day"), itb.UnitError, "unit_unknown", "daily_dose_unit"),
        (lambda: itb.daily_volume_array([1], "", [1], "mcg/mL", "mL/day"), itb.UnitError, "unit_required", "daily_dose_unit"),
        (lambda: itb.daily_volume_array([1], None, [1], "mcg/mL", "mL/day"), itb.InputError, "invalid_value", "daily_dose_unit"),  # type: ignore[arg-type]
        (lambda: itb.daily_volume_array([1, 2, 3], "mcg/day", [1, 2], "mcg/mL", "mL/day"), itb.InputError, "invalid_value", "concentration"),
        (lambda: itb.daily_volume_array([True], "mcg/day", [1], "mcg/mL", "mL/day"), itb.InputError, "invalid_value", "daily_dose"),
        (lambda: itb.daily_volume_array(["500"], "mcg/day", [1], "mcg/mL", "mL/day"), itb.InputError, "invalid_value", "daily_dose"),
        (lambda: itb.daily_volume_array([1], "mcg/day", [None], "mcg/mL", "mL/day"), itb.InputError, "invalid_value", "concentration"),  # type: ignore[arg-type]
        (lambda: itb.daily_volume_array([[1, 2]], "mcg/day", 1, "mcg/mL", "mL/day"), itb.InputError, "invalid_value", "daily_dose"),
    ],
)  # fmt: skip
def test_bad_arguments(call: object, cls: type[itb.ItbError], code: str, field: str) -> None:
    with pytest.raises(cls) as info:
        call()  # type: ignore[operator]
    assert (info.value.code, info.value.field) == (code, field)
    assert str(info.value).startswith(field)


positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
# Concentrations in mg/mL within the plausible range (at most 100 mg/mL).
mg_per_ml = st.floats(min_value=1e-3, max_value=100, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
# Found by this test: a 17-digit concentration sent as a JSON number was parsed one unit in the
# last place off by serde_json; the functions now send quantities as text.
@example([(0.125, 90.0720789160553)], "mL/h")
@given(st.lists(st.tuples(positive, mg_per_ml), min_size=1, max_size=30), st.sampled_from(["mL/day", "mL/h"]))
def test_vectorised_equals_scalar(pairs: list[tuple[float, float]], flow_unit: str) -> None:
    doses = np.array([d for d, _ in pairs])
    concentrations = np.array([c for _, c in pairs])
    flows = itb.daily_volume_array(doses, "mcg/day", concentrations, "mg/mL", flow_unit)
    for i, (d, c) in enumerate(pairs):
        scalar = itb.daily_volume(itb.DoseRate(d, "mcg/day"), itb.Concentration(c, "mg/mL"))
        # The scalar result's own number in that unit: converting it again (mL/day to mL/h)
        # would round twice.
        flow = scalar.flow_rate if flow_unit == "mL/day" else scalar.hourly_flow
        assert flow.unit == flow_unit
        assert flows[i] == flow.value


# --- days_to_alarm_array --------------------------------------------------------------------------
# Worked by hand: days = max(0, (fill − alarm) / (daily dose / concentration)).


def test_days_to_alarm_hand_worked_values() -> None:
    # synchromed_ii_20, alarm 2 mL: 500/2000 = 0.25 → 18/0.25 = 72; 250/2000 = 0.125 → 8/0.125
    # = 64; 0.25 → 2/0.25 = 8; a fill of 1.5 mL, below the alarm → 0
    days = itb.days_to_alarm_array("synchromed_ii_20", [20, 10, 4, 1.5], [500, 250, 500, 500], 2000)
    assert days.dtype == np.float64
    assert days.tolist() == [72, 64, 8, 0]


def test_days_to_alarm_with_alarm_volumes_and_other_pumps() -> None:
    # alarms 2, 4, 1 mL: 18/0.25 = 72, 16/0.25 = 64, 19/0.25 = 76
    days = itb.days_to_alarm_array("synchromed_ii_20", 20, 500, [2000, 2000, 2000], alarm_volume_ml=[2, 4, 1])
    assert days.tolist() == [72, 64, 76]
    # Prometra: refill basis 3 mL: 17/0.25 = 68
    assert itb.days_to_alarm_array("prometra_ii_20", [20], [500], [2000]).tolist() == [68]
    # a custom pump, object or dict: 150/500 = 0.3 mL/day; (30 − 3)/0.3 = 90
    pump = itb.CustomPump("30 mL", "3 mL")
    assert itb.days_to_alarm_array(pump, [30], [150], [500]).tolist() == [90]
    assert itb.days_to_alarm_array({"reservoir": "30 mL", "low_alarm": "3 mL"}, [30], [150], [500]).tolist() == [90]


def test_days_to_alarm_empty_input() -> None:
    days = itb.days_to_alarm_array("synchromed_ii_40", [], [], [])
    assert days.shape == (0,) and days.dtype == np.float64


@pytest.mark.parametrize(
    ("fills", "doses", "alarms", "code", "field", "fragments"),
    [
        ([20, 25], [500, 500], None, "out_of_range", "fill_volume_ml[1]", ("25 mL", "no larger than the pump's reservoir")),
        ([20, 0], [500, 500], None, "zero", "fill_volume_ml[1]", ("0 mL",)),
        ([20, -1], [500, 500], None, "negative", "fill_volume_ml[1]", ("-1 mL",)),
        ([20, 20], [500, 0], None, "zero", "daily_dose_mcg_per_day[1]", ("0 mcg/day",)),
        ([20, 20, 20], [500, 500, np.nan], None, "not_finite", "daily_dose_mcg_per_day[2]", ("NaN mcg/day",)),
        ([20, 20], [500, 500], [2, 20], "out_of_range", "alarm_volume_ml[1]", ("20 mL", "below the reservoir")),
        ([20], [1e300], None, "out_of_range", "daily_dose_mcg_per_day[0]", ("1e300 mcg/day", "1,000,000 mcg/day")),
    ],
)  # fmt: skip
def test_days_to_alarm_a_bad_record_raises_naming_its_index_and_value(
    fills: list[float], doses: list[float], alarms: list[float] | None, code: str, field: str, fragments: tuple[str, ...]
) -> None:
    concentration = 1e-300 if doses == [1e300] else 2000
    with pytest.raises(itb.InputError) as info:
        itb.days_to_alarm_array("synchromed_ii_20", fills, doses, concentration, alarm_volume_ml=alarms)
    assert (info.value.code, info.value.field) == (code, field)
    message = str(info.value)
    assert message.startswith(field)
    for fragment in fragments:
        assert fragment in message, message


@pytest.mark.parametrize(
    ("call", "cls", "code", "field"),
    [
        (lambda: itb.days_to_alarm_array("synchromed", [20], [500], [2000]), itb.InputError, "invalid_value", "pump"),  # type: ignore[arg-type]
        (lambda: itb.days_to_alarm_array(itb.CustomPump("20 mL", "2 mL"), [25], [500], [2000]), itb.InputError, "out_of_range", "fill_volume_ml[0]"),
        (lambda: itb.days_to_alarm_array({"reservoir": "20 mL", "low_alarm": "20 mL"}, [20], [500], [2000]), itb.InputError, "out_of_range", "pump.low_alarm"),
        (lambda: itb.days_to_alarm_array("synchromed_ii_20", [20, 20, 20], [500, 500], [2000]), itb.InputError, "invalid_value", "daily_dose_mcg_per_day"),
        (lambda: itb.days_to_alarm_array("synchromed_ii_20", [20, 20, 20], [500], [2000], alarm_volume_ml=[2, 3]), itb.InputError, "invalid_value", "alarm_volume_ml"),
        (lambda: itb.days_to_alarm_array("synchromed_ii_20", ["20 mL"], [500], [2000]), itb.InputError, "invalid_value", "fill_volume_ml"),
        (lambda: itb.days_to_alarm_array("synchromed_ii_20", [20], [True], [2000]), itb.InputError, "invalid_value", "daily_dose_mcg_per_day"),
        (lambda: itb.days_to_alarm_array("synchromed_ii_20", [20], [500], [[2000]]), itb.InputError, "invalid_value", "concentration_mcg_per_ml"),
    ],
)  # fmt: skip
def test_days_to_alarm_bad_arguments(call: object, cls: type[itb.ItbError], code: str, field: str) -> None:
    with pytest.raises(cls) as info:
        call()  # type: ignore[operator]
    assert (info.value.code, info.value.field) == (code, field)
    assert str(info.value).startswith(field)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(min_value=0.5, max_value=40), positive, st.sampled_from([50.0, 500.0, 1000.0, 2000.0, 1500.0])),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(["synchromed_ii_40", "prometra_ii_40"]),
)
def test_days_to_alarm_vectorised_equals_refill_plan(records: list[tuple[float, float, float]], pump: itb.PumpModel) -> None:
    fills, doses, concentrations = (np.array(column) for column in zip(*records))
    days = itb.days_to_alarm_array(pump, fills, doses, concentrations)
    for i, (fill, dose, concentration) in enumerate(records):
        plan = itb.refill_plan(pump, itb.Concentration(concentration, "mcg/mL"), itb.DoseRate(dose, "mcg/day"), fill_volume=itb.Volume(fill, "mL"))
        assert days[i] == plan.days_to_alarm.to("day")
