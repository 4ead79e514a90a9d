"""itb.plot: the reservoir of a refill plan and a patient's dose history, drawn with the Agg
backend and saved as PNG and SVG (text kept as text, so the SVG can be searched).

Worked by hand (as in test_pumps.py): synchromed_ii_20 (20 mL, alarm at 2 mL, ±14.5 %) at 2000
mcg/mL and 500 mcg/day runs 0.25 mL/day: the alarm after 18 / 0.25 = 72 days, empty after
20 / 0.25 = 80, due 7 days before the alarm, 65, and the earliest alarm after 18 / (0.25 ×
1.145) = 62.88 days. Refilled on 2026-01-01 (January 31 days, February 28): the earliest
alarm 2026-01-01 + 62 = 2026-03-04, due + 65 = 2026-03-07, alarm + 72 = 2026-03-14, empty
+ 80 = 2026-03-22.

The dose band: the largest step the labels allow (titrate's limits): us spinal maintenance up
40 %, down 20 %; so from 100 mcg/day the next dose is 80 to 140 mcg/day.

Skipped without matplotlib (the ``[plot]`` extra); the dose history needs pandas too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import itb  # noqa: E402
from itb import plot  # noqa: E402

REFILL = dt.date(2026, 1, 1)
NEXT_DAY = dt.date(2026, 1, 2)  # not the plan's refill date


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture
def plan() -> itb.RefillPlan:
    return itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", refill_at=REFILL)


def xs(line: Any) -> NDArray[np.float64]:
    """A line's x data as numbers: days (matplotlib's date numbers when they are dates)."""
    values = np.asarray(line.get_xdata())
    return np.asarray(matplotlib.dates.date2num(values) if values.dtype == object else values, dtype=np.float64)


def ys(line: Any) -> NDArray[np.float64]:
    return np.asarray(line.get_ydata(), dtype=np.float64)


def saved(ax: Any, tmp_path: Path, name: str) -> tuple[Path, str]:
    """Saves the figure as PNG and SVG (text as text); the PNG's path and the SVG's text. An
    empty axes gives about 10 kB of PNG and 9 kB of SVG."""
    png, svg = tmp_path / f"{name}.png", tmp_path / f"{name}.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        ax.figure.savefig(png, dpi=100)
        ax.figure.savefig(svg)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000, png.stat().st_size
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and len(text) > 12_000, len(text)
    return png, text


def test_reservoir_with_dates_worked_by_hand(plan: itb.RefillPlan, tmp_path: Path) -> None:
    ax = plot.reservoir(plan, fill_volume="20 mL", alarm_volume="2 mL", refill_at=REFILL)
    assert isinstance(ax, matplotlib.axes.Axes)
    _, svg = saved(ax, tmp_path, "reservoir")
    hand = [("2026-03-04", "62.88"), ("2026-03-07", "65"), ("2026-03-14", "72"), ("2026-03-22", "80")]
    for date, days in hand:
        assert f"{date} ({days} days)" in svg, date
    for name in ("earliest alarm", "refill due", "alarm", "empty"):
        assert f"{name}: 2026-03-" in svg
    assert "Reservoir volume (mL)" in svg and "Date (refill on 2026-01-01)" in svg
    assert "0.25 mL/day" in svg and "alarm volume, 2 mL" in svg
    # The reservoir line: 20 mL at the refill, 0 mL at the empty day (the plan's 80 days).
    x, y = xs(ax.lines[0]), ys(ax.lines[0])
    assert list(y) == [20.0, 0.0]
    assert x[1] - x[0] == pytest.approx(80.0)
    assert x[0] == matplotlib.dates.date2num(dt.datetime(2026, 1, 1))
    assert ax.get_ylim()[0] == 0.0 and ax.get_ylim()[1] > 20


def test_reservoir_in_days_without_a_refill_date(plan: itb.RefillPlan, tmp_path: Path) -> None:
    ax = plot.reservoir(plan, fill_volume=itb.Volume("20 mL"), alarm_volume=itb.Volume(2, "mL"))
    _, svg = saved(ax, tmp_path, "days")
    assert "Time since the refill (days)" in svg and "Reservoir volume (mL)" in svg
    for text in ("earliest alarm: 62.88 days", "refill due: 65 days", "alarm: 72 days", "empty: 80 days"):
        assert text in svg
    assert "2026-" not in "".join(t.get_text() for t in ax.texts)
    # The markers stand at the plan's days (after the reservoir, its empty tail, the alarm line).
    markers = [xs(line)[0] for line in ax.lines[3:]]
    assert markers == [plan.earliest_alarm.to("day"), 65.0, 72.0, 80.0]


def test_reservoir_of_a_partial_fill_an_overdue_plan_and_a_given_axes(tmp_path: Path) -> None:
    # 10 mL at 2.8 mL/day: alarm after 8 / 2.8 = 2.857 days, due 7 days before: overdue.
    overdue = itb.refill_plan("synchromed_ii_20", "500 mcg/mL", "1400 mcg/day", fill_volume="10 mL")
    assert overdue.refill_due.to("day") < 0
    _, ax = plt.subplots()
    drawn = plot.reservoir(overdue, fill_volume="10 mL", alarm_volume="2 mL", refill_at=REFILL, ax=ax)
    assert drawn is ax
    _, svg = saved(ax, tmp_path, "overdue")
    assert "refill due: 2025-12-27 (-4.143 days)" in svg  # 2026-01-01 − 4.143 days, rounded down
    # The marker at the exact moment, 4.143 days before the refill, inside the axes.
    due = matplotlib.dates.date2num(dt.datetime(2026, 1, 1)) + overdue.refill_due.to("day")
    assert any(xs(line)[0] == pytest.approx(due) for line in ax.lines)
    assert ax.get_xlim()[0] < due


def test_reservoir_with_an_aware_datetime_labels_moments_in_its_zone(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    at = dt.datetime(2026, 3, 27, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    plan = itb.refill_plan("prometra_ii_40", "500 mcg/mL", "400 mcg/day", fill_volume="30 mL", refill_at=at)
    ax = plot.reservoir(plan, fill_volume="30 mL", alarm_volume="3 mL", refill_at=at)
    _, svg = saved(ax, tmp_path, "aware")
    # 27 mL at 0.8 mL/day: the alarm 33.75 days later, across the change to summer time.
    assert plan.alarm_at is not None
    assert f"alarm: {plan.alarm_at:%Y-%m-%d %H:%M} BST (33.75 days)" in svg
    assert "refill on 2026-03-27 10:00 GMT" in svg


@pytest.mark.parametrize(
    ("arguments", "error", "field"),
    [
        ({"fill_volume": 20.0, "alarm_volume": "2 mL"}, itb.UnitError, "fill_volume"),
        ({"fill_volume": "20 mL", "alarm_volume": 2}, itb.UnitError, "alarm_volume"),
        ({"fill_volume": "20 mg", "alarm_volume": "2 mL"}, itb.UnitError, "fill_volume"),
        ({"fill_volume": "18 mL", "alarm_volume": "2 mL"}, itb.InputError, "fill_volume"),
        ({"fill_volume": "20 mL", "alarm_volume": "3 mL"}, itb.InputError, "alarm_volume"),
        ({"fill_volume": "20 mL", "alarm_volume": "2 mL", "refill_at": "2026-01-01"}, itb.InputError, "refill_at"),
        ({"fill_volume": "20 mL", "alarm_volume": "2 mL", "refill_at": NEXT_DAY}, itb.InputError, "refill_at"),
        ({"fill_volume": "20 mL", "alarm_volume": "2 mL", "ax": "axes"}, itb.InputError, "ax"),
    ],
)
def test_reservoir_refuses_bad_input_naming_the_argument(
    plan: itb.RefillPlan, arguments: dict[str, Any], error: type[itb.ItbError], field: str
) -> None:
    with pytest.raises(error, match=rf"^{field}: ") as caught:
        plot.reservoir(plan, **arguments)
    assert caught.value.field == field


def test_reservoir_refuses_what_is_not_a_plan() -> None:
    daily = itb.daily_volume("500 mcg/day", "2000 mcg/mL")
    with pytest.raises(itb.InputError, match=r"^plan: .* not a refill plan") as caught:
        plot.reservoir(daily, fill_volume="20 mL", alarm_volume="2 mL")  # type: ignore[arg-type]
    assert caught.value.field == "plan"


# --- dose history ---------------------------------------------------------------------------


def visit_frame(doses: list[float], patient: str = "P000007") -> Any:
    pandas = pytest.importorskip("pandas")
    dates = pandas.date_range("2025-01-06", periods=len(doses), freq="35D")
    return pandas.DataFrame(
        {"patient_id": patient, "refill_date": dates, "daily_dose_mcg_per_day": np.array(doses, dtype=np.float64)}
    )


def test_dose_history_of_a_synthetic_patient(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    from itb import datasets

    visits = datasets.refill_visits(3000, seed=4)
    ax = plot.dose_history(visits, "P000002")
    png, svg = saved(ax, tmp_path, "dose")
    assert "Daily dose (mcg/day)" in svg and "Refill date" in svg
    assert "+40 % / −20 %" in svg and "P000002: daily dose" in svg
    mine = visits[visits["patient_id"] == "P000002"]
    doses = ys(ax.lines[1])  # the points, in date order
    assert list(doses) == list(mine["daily_dose_mcg_per_day"].dropna())


def test_the_band_is_the_next_dose_the_labels_allow_and_changes_beyond_it_are_marked(tmp_path: Path) -> None:
    # 100 → 140 (+40 %: the limit) → 200 (+42.9 %: beyond) → 159 (−20.5 %: beyond) →
    # 128 (−19.5 %) → NaN (left out) → 128.
    visits = visit_frame([100, 140, 200, 159, 128, float("nan"), 128])
    ax = plot.dose_history(visits, "P000007")
    _, svg = saved(ax, tmp_path, "band")
    band = np.asarray(ax.collections[0].get_paths()[0].vertices, dtype=np.float64)[:, 1]
    assert {80.0, 140.0} <= set(np.round(band, 9).tolist())  # from 100 mcg/day: 80 to 140
    assert list(ys(ax.lines[2])) == [200.0, 159.0]
    assert "change beyond the limits" in svg
    assert "1 visit without a dose left out" in svg


def test_no_change_beyond_the_limits_marks_nothing() -> None:
    ax = plot.dose_history(visit_frame([400, 440, 352, 352]), "P000007")
    assert len(ax.lines) == 2  # the steps and the points
    ax = plot.dose_history(visit_frame([400]), "P000007")  # one visit: no band to leave
    assert len(ax.lines) == 2 and list(ys(ax.lines[1])) == [400.0]


@pytest.mark.parametrize(
    ("profile", "origin", "phase"),
    list(itertools.product(["us", "uk"], ["spinal", "cerebral"], ["titration", "maintenance"])),
)
def test_the_band_limits_are_titrates(profile: Any, origin: Any, phase: Any) -> None:
    up, down = plot._step_limits(profile, origin, phase)
    # titrate raises its step findings just past them, not at them.
    def codes(change: float) -> set[str]:
        return {f.code for f in itb.titrate(profile, "100 mcg/day", change, origin, phase).findings}

    assert "step_above_guideline" not in codes(up) and "step_above_guideline" in codes(up + 0.01)
    assert "decrease_above_guideline" not in codes(-down) and "decrease_above_guideline" in codes(-down - 0.01)
    limits = itb.titrate(profile, "100 mcg/day", 999, origin, phase).findings
    assert next(f.limit for f in limits if f.code == "step_above_guideline") == itb.Ratio(up, "%")


def test_dose_history_refuses_bad_input_naming_the_argument() -> None:
    pandas = pytest.importorskip("pandas")
    visits = visit_frame([100, 120])
    with pytest.raises(itb.InputError, match=r"^patient_id: 'P999999' has no visit in visits; e\.g\. P0+7") as caught:
        plot.dose_history(visits, "P999999")
    assert caught.value.field == "patient_id"
    with pytest.raises(itb.InputError, match=r"^patient_id: 7 is not a text"):
        plot.dose_history(visits, 7)  # type: ignore[arg-type]
    with pytest.raises(itb.InputError, match=r"^visits: .* not a pandas DataFrame") as caught:
        plot.dose_history(visits.to_dict(), "P000007")
    assert caught.value.field == "visits"
    with pytest.raises(itb.InputError, match=r"^visits: no column 'daily_dose_mcg_per_day'") as caught:
        plot.dose_history(visits.drop(columns="daily_dose_mcg_per_day"), "P000007")
    assert caught.value.field == "visits"
    with pytest.raises(itb.InputError, match=r"^patient_id: 'P000001' has no visit in visits; the frame has no visits"):
        plot.dose_history(visits.iloc[:0], "P000001")
    with pytest.raises(itb.InputError) as caught:
        plot.dose_history(visits, "P000007", profile="US")  # type: ignore[arg-type]
    assert caught.value.field == "profile"
    assert isinstance(pandas.DataFrame(), pandas.DataFrame)


def test_without_matplotlib_the_import_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "itb.plot")
    with pytest.raises(ImportError, match=r"pip install itb-baclofen\[plot\]"):
        importlib.import_module("itb.plot")
