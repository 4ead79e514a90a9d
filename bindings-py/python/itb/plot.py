"""Pictures with matplotlib: :func:`reservoir`, the reservoir over a refill interval, and
:func:`dose_history`, a patient's daily dose over the refill visits with the steps the labels
allow.

Needs matplotlib (``pip install itb-baclofen[plot]``). Imported on demand (``import
itb.plot``), never by ``import itb``. Each function draws on ``ax`` (a new figure's when None)
and returns it; every number drawn is the package's, every axis says its unit.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

try:
    import matplotlib.dates
    from matplotlib.axes import Axes
except ImportError as _missing:  # the optional extra is not installed
    raise ImportError("itb.plot needs matplotlib: pip install itb-baclofen[plot]") from _missing

from ._dosing import Origin, Phase, Profile, titration_schedule
from ._errors import error_for
from ._pumps import RefillPlan, _after
from ._quantities import Duration, Volume, read, show

if TYPE_CHECKING:
    import pandas as pd

# matplotlib.dates has no type hints (its locators and formatters are untyped calls).
_mdates: Any = matplotlib.dates

__all__ = ["dose_history", "reservoir"]

_BLUE, _RED = "#1f5fa8", "#c0392b"
# The events of a refill plan: name, the plan's field, colour.
_EVENTS = (
    ("earliest alarm", "earliest_alarm", "#d9822b"),
    ("refill due", "refill_due", "#2e8b3e"),
    ("alarm", "days_to_alarm", _RED),
    ("empty", "days_to_empty", "#333333"),
)


class _Event(NamedTuple):
    name: str
    days: float  # from the refill
    text: str  # its date, or its count of days
    colour: str


def reservoir(
    plan: RefillPlan,
    *,
    fill_volume: Volume | str,
    alarm_volume: Volume | str,
    refill_at: dt.date | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The reservoir over the refill interval of ``plan`` (an :func:`itb.refill_plan`): the
    volume in mL falling from ``fill_volume`` at the plan's ``flow_rate`` until the reservoir is
    empty, ``alarm_volume`` as a horizontal line, and a marker at each of the plan's earliest
    alarm, refill due, alarm and empty days, labelled with its date and count of days.

    ``fill_volume`` and ``alarm_volume`` are those the plan was made with, with their units
    (``"20 mL"`` or :class:`itb.Volume`; the pump's when the plan was given none): a plan
    carries durations, not volumes. A fill or alarm volume the plan's flow and days disagree
    with raises :class:`itb.InputError` naming it; a bare number, :class:`itb.UnitError`.

    ``refill_at``: the refill's date (or datetime): the time axis is then dates, and the labels
    are dates as :func:`itb.refill_plan` books them (whole days, rounded down; the plan's own
    ``alarm_at`` and ``due_at`` when it has them, which must agree). Without it: days since the
    refill.
    """
    if not isinstance(plan, RefillPlan):
        message = f"plan: {show(plan)} is not a refill plan; expected the result of itb.refill_plan"
        raise error_for("invalid_value", message, "plan")
    fill_ml = _millilitres(fill_volume, "fill_volume")
    alarm_ml = _millilitres(alarm_volume, "alarm_volume")
    _check_volumes(plan, fill_ml, alarm_ml)
    events = _events(plan, _refill_date(plan, refill_at))
    ax = _axes(ax)
    x = _time_axis(refill_at)
    days = [0.0, plan.days_to_empty.to("day")]
    span = (min(0.0, *(e.days for e in events)), max(*days, *(e.days for e in events)) * 1.1 + 1.0)
    # The volume: the fill, less the plan's flow for each day, to empty; then empty.
    volume = [fill_ml, fill_ml - plan.flow_rate.to("mL/day") * days[1]]
    ax.plot(x(days), volume, color=_BLUE, lw=2, label=f"reservoir, falling at {plan.flow_rate}")
    ax.fill_between(x(days), volume, color=_BLUE, alpha=0.08, lw=0)
    ax.plot(x([days[1], span[1]]), [0.0, 0.0], color=_BLUE, lw=2, ls=":")
    ax.axhline(alarm_ml, color=_RED, ls="--", lw=1.2, label=f"alarm volume, {_text(alarm_volume)}")
    _draw_events(ax, x, events, fill_ml, span)
    ax.set_xlim(x([span[0] - 0.02 * (span[1] - span[0])])[0], x([span[1]])[0])
    ax.set_ylabel("Reservoir volume (mL)")
    when = "" if refill_at is None else f" of {_date_text(refill_at)}"
    ax.set_title(f"Reservoir after the refill{when}: {_text(fill_volume)}, {plan.flow_rate}")
    if refill_at is None:
        ax.set_xlabel("Time since the refill (days)")
    else:
        ax.set_xlabel(f"Date (refill on {_date_text(refill_at)})")
        _date_ticks(ax, refill_at)
    ax.legend(loc="lower left", fontsize=9, framealpha=0.9, edgecolor="none")
    ax.grid(True, color="#dddddd", lw=0.6)
    return ax


def _draw_events(ax: Axes, x: Any, events: list[_Event], fill_ml: float, span: tuple[float, float]) -> None:
    """Each event: a vertical line from 0 mL up to its label, on a row of its own above the
    fill, the latest highest (so no line crosses a later label); a label left of its line,
    or right of it near the start."""
    row = fill_ml * 0.09
    for i, event in enumerate(events):
        top = fill_ml * 1.04 + row * i
        ax.plot(x([event.days, event.days]), [0.0, top + row * 0.55], color=event.colour, lw=1)
        left = event.days - span[0] > 0.35 * (span[1] - span[0])
        text = f"{event.name}: {event.text} " if left else f" {event.name}: {event.text}"
        where = "right" if left else "left"
        ax.text(x([event.days])[0], top, text, color=event.colour, ha=where, va="bottom", fontsize=9)
    ax.set_ylim(0.0, fill_ml * 1.06 + row * (len(events) + 0.5))


def _millilitres(value: object, field: str) -> float:
    """A volume argument in mL: a :class:`itb.Volume` or a text with its unit, read by the
    core (a bare number raises :class:`itb.UnitError` naming ``field``)."""
    number, unit, _, _ = read(value, None, "volume", field)
    return Volume(number, unit).to("mL")


def _text(volume: Volume | str) -> str:
    return str(volume if isinstance(volume, Volume) else Volume(volume))


def _check_volumes(plan: RefillPlan, fill_ml: float, alarm_ml: float) -> None:
    """The fill must be what empties at the plan's flow in its days to empty, and the alarm
    volume what is left at its alarm (when the alarm is not at once)."""
    flow = plan.flow_rate.to("mL/day")
    empty_ml = flow * plan.days_to_empty.to("day")
    if not math.isclose(empty_ml, fill_ml, rel_tol=1e-6, abs_tol=1e-9):
        message = (
            f"fill_volume: {fill_ml:g} mL is not the plan's fill ({plan.flow_rate} for "
            f"{plan.days_to_empty} empties {empty_ml:g} mL); give the fill the plan was made with"
        )
        raise error_for("invalid_value", message, "fill_volume")
    days_to_alarm = plan.days_to_alarm.to("day")
    left = fill_ml - flow * days_to_alarm
    if days_to_alarm > 0 and not math.isclose(left, alarm_ml, rel_tol=1e-6, abs_tol=1e-9):
        message = (
            f"alarm_volume: {alarm_ml:g} mL is not the plan's alarm volume ({left:g} mL is left "
            f"when its alarm sounds, after {plan.days_to_alarm}); give the pump's, or the one "
            "the plan was made with"
        )
        raise error_for("invalid_value", message, "alarm_volume")


def _refill_date(plan: RefillPlan, refill_at: object) -> dt.date | None:
    """``refill_at``, checked: a date, agreeing with the plan's dates when it has them."""
    if refill_at is None:
        return None
    if not isinstance(refill_at, dt.date):
        message = f"refill_at: {show(refill_at)} is not a date or datetime"
        raise error_for("invalid_value", message, "refill_at")
    dates = [("alarm_at", plan.days_to_alarm, plan.alarm_at), ("due_at", plan.refill_due, plan.due_at)]
    for name, days, given in dates:
        booked = _after(refill_at, days, name)
        if given is not None and given != booked:
            message = f"refill_at: {refill_at} gives {name} {booked}, the plan's is {given}; give its refill date"
            raise error_for("invalid_value", message, "refill_at")
    return refill_at


def _events(plan: RefillPlan, refill_at: dt.date | None) -> list[_Event]:
    """The plan's earliest alarm, refill due, alarm and empty: days from the refill, and their
    date (as refill_plan books dates) or count of days."""
    events: list[_Event] = []
    for name, field, colour in _EVENTS:
        duration: Duration = getattr(plan, field)
        text = str(duration)
        if refill_at is not None:
            text = f"{_date_text(_after(refill_at, duration, name))} ({text})"
        events.append(_Event(name, duration.to("day"), text, colour))
    return sorted(events, key=lambda e: e.days)  # a row of labels each, the latest highest


def _date_text(when: dt.date | None) -> str:
    """A date as ISO ``2026-03-14``; a datetime to the minute, with its zone when it has one."""
    if isinstance(when, dt.datetime):
        return when.strftime("%Y-%m-%d %H:%M %Z").rstrip()
    return str(when)


def _time_axis(refill_at: dt.date | None) -> Any:
    """Days from the refill as the x coordinates: the days themselves, or datetimes."""
    if refill_at is None:
        return lambda days: list(days)
    start = refill_at if isinstance(refill_at, dt.datetime) else dt.datetime.combine(refill_at, dt.time())
    if start.utcoffset() is not None:  # elapsed time, across a daylight-saving change too
        start = start.astimezone(dt.timezone.utc)
    return lambda days: [start + dt.timedelta(days=float(d)) for d in days]


def _date_ticks(ax: Axes, refill_at: dt.date) -> None:
    zone = refill_at.tzinfo if isinstance(refill_at, dt.datetime) else None
    ax.xaxis.set_major_locator(_mdates.AutoDateLocator(maxticks=7, interval_multiples=False, tz=zone))
    ax.xaxis.set_major_formatter(_mdates.DateFormatter("%Y-%m-%d", tz=zone))


def _axes(ax: object) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        _, new = plt.subplots(figsize=(9, 5), layout="constrained")
        return new
    if not isinstance(ax, Axes):
        raise error_for("invalid_value", f"ax: {show(ax)} is not a matplotlib Axes", "ax")
    return ax


# --- a patient's dose history -----------------------------------------------------------------

_VISIT_COLUMNS = ("patient_id", "refill_date", "daily_dose_mcg_per_day")


def dose_history(
    visits: pd.DataFrame,
    patient_id: str,
    *,
    profile: Profile = "us",
    origin: Origin = "spinal",
    phase: Phase = "maintenance",
    ax: Axes | None = None,
) -> Axes:
    """The daily dose of ``patient_id`` (mcg/day) at each of its ``visits`` (a DataFrame with
    the columns of :func:`itb.datasets.refill_visits`: ``patient_id``, ``refill_date``,
    ``daily_dose_mcg_per_day``), as steps and points over the refill date.

    The band after each visit is the range of the next dose the labels allow from that visit's:
    down by the decrease guideline to up by the largest increase for ``profile``, ``origin`` and
    ``phase`` (both read from :func:`itb.titration_schedule`, whose default steps are these
    limits: us spinal maintenance, +40 % and −20 %). A next dose outside it is marked. Visits
    without a dose (NaN) are left out, and the title counts them.

    Raises :class:`itb.InputError` naming ``visits`` (not a DataFrame, or a column missing),
    ``patient_id`` (not one of the frame's), or ``profile``, ``origin``, ``phase`` (an unknown
    id).
    """
    up, down = _step_limits(profile, origin, phase)
    rows = _patient_rows(visits, patient_id)
    dates = rows["refill_date"].to_numpy(dtype="datetime64[ns]")
    doses = rows["daily_dose_mcg_per_day"].to_numpy(dtype=np.float64)
    known = np.isfinite(doses)
    dates, doses = dates[known], doses[known]
    # The next dose allowed from each: titrate's new dose, current × (100 ± step) / 100.
    low, high = doses * (100 - down) / 100, doses * (100 + up) / 100
    beyond = np.zeros(doses.size, dtype=bool)
    beyond[1:] = (doses[1:] > high[:-1] * (1 + 1e-9)) | (doses[1:] < low[:-1] * (1 - 1e-9))
    ax = _axes(ax)
    limits = f"+{up:g} % / −{down:g} %"
    band = f"next dose the labels allow ({limits})"
    ax.fill_between(dates, low, high, step="post", color=_BLUE, alpha=0.15, lw=0, label=band)
    ax.step(dates, doses, where="post", color=_BLUE, lw=1.5)
    ax.plot(dates, doses, "o", color=_BLUE, ms=3.5, label="daily dose at the visit")
    if beyond.any():
        label = "change beyond the limits"
        ax.plot(dates[beyond], doses[beyond], "o", mfc="none", mec=_RED, ms=9, mew=1.6, label=label)
    left_out = int((~known).sum())
    note = f"; {left_out} visit{'s' if left_out != 1 else ''} without a dose left out" if left_out else ""
    within = f"{profile}, {origin}, {phase}: the next dose within {limits}{note}"
    title = f"{patient_id}: daily dose at each refill visit\n{within}"
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("Refill date")
    ax.set_ylabel("Daily dose (mcg/day)")
    ax.set_ylim(bottom=0.0)
    locator = _mdates.AutoDateLocator(maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_mdates.ConciseDateFormatter(locator))
    ax.legend(loc="best", fontsize=9, framealpha=0.9, edgecolor="none")
    ax.grid(True, color="#dddddd", lw=0.6)
    return ax


def _step_limits(profile: Profile, origin: Origin, phase: Phase) -> tuple[float, float]:
    """The largest increase and decrease of one titration step, percent: the default steps of
    :func:`itb.titration_schedule` up and down (the doses only set the direction)."""
    up = titration_schedule(profile, origin, phase, "100 mcg/day", "200 mcg/day").step_percent
    down = titration_schedule(profile, origin, phase, "200 mcg/day", "100 mcg/day").step_percent
    return up, down


def _patient_rows(visits: object, patient_id: object) -> Any:
    """The patient's rows of ``visits``, by refill date."""
    try:
        import pandas as pd
    except ImportError as error:  # a frame cannot have been given, but say what is needed
        raise ImportError("itb.plot.dose_history needs pandas: pip install itb-baclofen[pandas]") from error
    if not isinstance(visits, pd.DataFrame):
        message = f"visits: {show(visits)} is not a pandas DataFrame; expected one row per refill visit"
        raise error_for("invalid_value", message, "visits")
    missing = [c for c in _VISIT_COLUMNS if c not in visits.columns]
    if missing:
        message = f"visits: no column {missing[0]!r}; needed: {', '.join(_VISIT_COLUMNS)}"
        raise error_for("missing_field", message, "visits")
    if not isinstance(patient_id, str):
        raise error_for("invalid_value", f"patient_id: {show(patient_id)} is not a text", "patient_id")
    rows = visits[visits["patient_id"] == patient_id]
    if rows.empty:
        known: NDArray[Any] = visits["patient_id"].drop_duplicates().to_numpy()[:3]
        some = f"e.g. {', '.join(map(str, known))}" if known.size else "the frame has no visits"
        message = f"patient_id: {patient_id!r} has no visit in visits; {some}"
        raise error_for("invalid_value", message, "patient_id")
    return rows.sort_values("refill_date", kind="stable")
