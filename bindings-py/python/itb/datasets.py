"""Synthetic data for docs, tests and benchmarks: :func:`refill_visits`, a table of pump refill
visits that looks like a clinic's records, with a few data-entry errors to find.

Needs pandas (``pip install itb-baclofen[pandas]``). Imported on demand (``import
itb.datasets``), never by ``import itb``. The numbers are made up: no patient is behind them.
"""

from __future__ import annotations

import numbers
from typing import Final, NamedTuple

import numpy as np
from numpy.typing import NDArray

try:
    import pandas as pd
except ImportError as _missing:  # the optional extra is not installed
    raise ImportError("itb.datasets needs pandas: pip install itb-baclofen[pandas]") from _missing

from . import _native
from ._dosing import daily_volume_array
from ._errors import error_for
from ._products import products
from ._pumps import PumpModel, days_to_alarm_array, refill_plan
from ._quantities import show

__all__ = ["BAD_ROW_KINDS", "BAD_ROW_SHARE", "COLUMNS", "DOSE_RANGE_MCG_PER_DAY", "PUMPS", "refill_visits"]

#: The columns of :func:`refill_visits`, in order.
COLUMNS: Final = (
    "patient_id",
    "pump",
    "concentration_mcg_per_ml",
    "daily_dose_mcg_per_day",
    "fill_volume_ml",
    "refill_date",
    "aspirated_volume_ml",
)
#: The patients' pumps (:data:`itb.PumpModel` ids).
PUMPS: Final[tuple[PumpModel, ...]] = ("synchromed_ii_20", "synchromed_ii_40", "prometra_ii_20", "prometra_ii_40")
#: Every good row's daily dose is within this range, mcg/day: the labels' adult maintenance
#: range for cerebral spasticity, inside the spinal one (12–2003).
DOSE_RANGE_MCG_PER_DAY: Final = (22.0, 1400.0)
#: The share of rows carrying one data-entry error each: exactly round(n × share) rows.
BAD_ROW_SHARE: Final = 0.005
#: The kinds of data-entry error, one per bad row, equally likely.
BAD_ROW_KINDS: Final = ("dose_missing", "concentration_zero", "dose_in_mg", "fill_above_reservoir", "negative_volume")

_PUMP_SHARES = (0.40, 0.30, 0.15, 0.15)  # the share of patients with each pump
_VISITS_PER_PATIENT = 100  # on average: n / 100 patients
_DOSE_MEDIAN = 330.0  # mcg/day, the patients' maintenance doses: log-normal,
_DOSE_SIGMA = 0.55  # ... this spread,
_DOSE_Z = (-2.5, 2.0)  # ... cut here (83 to 991 mcg/day)
_CHANGE_SHARE = 0.06  # visits where the dose is titrated, at the patient's own dose,
_INCREASE = (1.10, 1.30)  # ... up 10–30 % (spinal),
_DECREASE = (0.80, 0.90)  # ... or down 10–20 % (side effects),
_REVERSION = 4.0  # ... more often away from the patient's own dose, and towards it
_ESCALATION_SHARE = 0.002  # visits with a sudden escalation,
_ESCALATION = (1.60, 2.00)  # ... of 60–100 %
_WANTED_DAYS = 45.0  # a strength is chosen to keep the alarm this far after a full fill,
_SHORTEST_DAYS = 30.0  # ... raised as little as keeps it this far when a dose rises
_HIGHER_STRENGTH_SHARE = 0.25  # patients started one strength higher than needed
_FRESH_STRENGTH_SHARE = 0.003  # visits where the strength is chosen afresh
_PARTIAL_FILL_SHARE = 0.15  # fills below the reservoir,
_PARTIAL_FILL = (0.50, 0.95)  # ... this share of it, to 0.5 mL
_JITTER_DAYS = (-5, 2)  # a visit's day around its due date, inclusive
_LATE_SHARE = 0.02  # visits after the alarm,
_VERY_LATE_SHARE = 0.005  # ... of them, after the reservoir ran empty,
_LATE_DAYS = (1, 14)  # ... by this many days
_RESIDUAL_NOISE = 0.03  # the relative noise of an aspirated volume
_DISCREPANCY_SHARE = 0.01  # visits with a large discrepancy,
_DISCREPANCY_ML = (3.0, 8.0)  # ... this much more or less left
_HISTORY = (0.2, 1.0)  # a patient's history, a share of the longest
_LAST_VISITS = (np.datetime64("2025-01-01"), 365)  # each patient's last visit: a day of 2025
_OVERFILL_ML = (0.5, 5.0)  # a fill above the reservoir, by this much


def refill_visits(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` synthetic refill visits of implanted baclofen pumps, one row each, sorted by
    patient then date: the same frame for the same ``n`` and ``seed`` (numpy Generators seeded
    from it). Vectorised: a million rows take a few seconds.

    About n / 100 patients (at least one), ~100 visits each: more when the refills are close
    together, as each history covers 20 to 100 % of the longest (some 25 years). Columns:

    - ``patient_id`` (str): ``"P000001"``, ``"P000002"``... (wider past 999,999 patients:
      the ids sort as their numbers).
    - ``pump`` (str): the patient's pump, one of :data:`PUMPS` (:data:`itb.PumpModel` ids).
      Its reservoir and alarm volume are the package's (read from :func:`itb.refill_plan`).
    - ``concentration_mcg_per_ml`` (float64, mcg/mL): a marketed refill strength of
      :func:`itb.products` (500, 1000, 2000), chosen so the alarm comes 45 days or more after a
      full fill (a quarter of patients one strength higher), raised as little as keeps it 30
      days away when the dose rises, and at 0.3 % of visits chosen afresh.
    - ``daily_dose_mcg_per_day`` (float64, mcg/day): programmed at this visit. Each patient has
      a maintenance dose, log-normal with median 330 (83 to 991). At about 10 % of visits
      the dose is titrated by the labels' steps, up 10–30 % (spinal) or down 10–20 % (side
      effects): more often the further it is from the patient's own, and more often towards
      it. At 0.2 % of visits it escalates suddenly by 60–100 %. To 0.1 mcg/day, within
      :data:`DOSE_RANGE_MCG_PER_DAY` (22 to 1400).
    - ``fill_volume_ml`` (float64, mL): filled at this visit: the reservoir, or at 15 % of
      visits 50 to 95 % of it (to 0.5 mL).
    - ``refill_date`` (datetime64[ns], a day): the next visit is booked from this row's refill
      plan, on its due day (:func:`itb.refill_plan`'s ``refill_due``, by the core's rule: the
      lead time before the alarm, at most the longest residence; 7 and 180 days) from 5 days
      before to 2 after. 2 % of visits come 1 to 14 days after the alarm, a quarter of them
      1 to 14 days after the reservoir ran empty (and others too, where it empties soon after
      its alarm). Each patient's last visit is a day of 2025.
    - ``aspirated_volume_ml`` (float64, mL): the residual drawn out at this visit, before the
      refill. NaN at a patient's first visit; else what the previous row leaves (its fill −
      its flow × the days elapsed, at least 0), with 3 % noise, and at 1 % of visits 3 to 8 mL
      more or less (under- or over-delivery); to 0.1 mL, never above the previous fill.

    Bad rows: exactly round(n × 0.005) rows (:data:`BAD_ROW_SHARE`) carry one data-entry error
    each, of one of :data:`BAD_ROW_KINDS`, equally likely: a missing daily dose (NaN), a
    concentration of 0, a daily dose entered in mg/day (1000 times too small: 0.4), a fill
    0.5 to 5 mL above the pump's reservoir, or a negative volume (the aspirated volume; the
    fill where nothing was aspirated). The visits themselves follow the true values. Every
    other row is good: :func:`itb.refill_plan` takes it.

    ``n`` or ``seed`` below 0, or not a whole number, raises :class:`itb.InputError` naming
    it; ``n`` = 0 gives an empty frame with the columns.
    """
    count = _whole(n, "n", "a whole number of rows, 0 or more")
    seeds = np.random.SeedSequence(_whole(seed, "seed", "a whole number, 0 or more")).spawn(3)
    pumps = _Pumps.from_catalogue()
    patients = _patients(np.random.default_rng(seeds[0]), count, pumps)
    walk = _kept(_walk(np.random.default_rng(seeds[1]), _pool(count, patients), patients, pumps), count, patients)
    rng = np.random.default_rng(seeds[2])
    day = _days(rng, walk)
    aspirated = _aspirated(rng, walk)
    concentration = pumps.strengths[walk.strength]
    _spoil(rng, walk.dose, concentration, walk.fill, aspirated, pumps.reservoir[walk.pump])
    return pd.DataFrame(
        {
            "patient_id": _patient_ids(patients.own.size)[walk.patient],
            "pump": np.array(PUMPS)[walk.pump],
            "concentration_mcg_per_ml": concentration,
            "daily_dose_mcg_per_day": walk.dose,
            "fill_volume_ml": walk.fill,
            "refill_date": (_LAST_VISITS[0] + day).astype("datetime64[ns]"),
            "aspirated_volume_ml": aspirated,
        },
        columns=list(COLUMNS),
    )


def _whole(value: object, field: str, allowed: str) -> int:
    """A whole number, 0 or more (a bool is not one)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise error_for("invalid_value", f"{field}: {show(value)} is not allowed; allowed: {allowed}", field)
    if value < 0:
        raise error_for("negative", f"{field}: {value} is negative; allowed: {allowed}", field)
    return int(value)


class _Pumps(NamedTuple):
    """The catalogue's numbers: the refill strengths (mcg/mL, lowest first) and, per pump of
    :data:`PUMPS`, the reservoir and the volume above the alarm (mL)."""

    strengths: NDArray[np.float64]
    reservoir: NDArray[np.float64]
    usable: NDArray[np.float64]

    @classmethod
    def from_catalogue(cls) -> _Pumps:
        strengths = np.array(
            sorted(
                {
                    p.concentration.to("mcg/mL")
                    for p in products().products
                    if p.route == "intrathecal" and p.use == "refill" and p.concentration is not None
                }
            )
        )
        volumes = np.array([_pump_volumes(pump, strengths[0]) for pump in PUMPS]).reshape(-1, 2)
        return cls(strengths, volumes[:, 0], volumes[:, 0] - volumes[:, 1])


def _pump_volumes(pump: PumpModel, strength: float) -> tuple[float, float]:
    """A catalogued pump's reservoir and alarm volume, mL, read from its refill plan at 1
    mL/day: the reservoir runs empty at the flow, the alarm sounds at the alarm volume."""
    plan = refill_plan(pump, f"{strength} mcg/mL", f"{strength} mcg/day")
    flow = plan.flow_rate.to("mL/day")
    reservoir = flow * plan.days_to_empty.to("day")
    return reservoir, reservoir - flow * plan.days_to_alarm.to("day")


class _Patients(NamedTuple):
    pump: NDArray[np.int64]  # an index into PUMPS
    own: NDArray[np.float64]  # the maintenance dose, mcg/day
    dose: NDArray[np.float64]  # at the first visit, mcg/day
    strength: NDArray[np.int64]  # at the first visit, an index into the strengths
    days_apart: NDArray[np.float64]  # from the first visit to the alarm after a full fill
    history: NDArray[np.float64]  # the history's share of the longest


def _patients(rng: np.random.Generator, n: int, pumps: _Pumps) -> _Patients:
    """About n / 100 patients (at least one; none when n is 0)."""
    count = max(1, round(n / _VISITS_PER_PATIENT)) if n else 0
    pump = rng.choice(len(PUMPS), size=count, p=_PUMP_SHARES)
    own = _DOSE_MEDIAN * np.exp(_DOSE_SIGMA * np.clip(rng.normal(size=count), *_DOSE_Z))
    dose = _dose(own * np.exp(rng.normal(0.0, 0.1, count)))
    usable = pumps.usable[pump]
    higher = rng.random(count) < _HIGHER_STRENGTH_SHARE
    strength = np.minimum(_strength(dose, usable, pumps.strengths, _WANTED_DAYS) + higher, pumps.strengths.size - 1)
    apart = np.clip(usable * pumps.strengths[strength] / dose, 1.0, _native.DEFAULT_MAX_RESIDENCE_DAYS)
    return _Patients(pump, own, dose, strength, apart, rng.uniform(*_HISTORY, count))


def _pool(n: int, patients: _Patients) -> NDArray[np.int64]:
    """Visits to walk per patient: twice the share of n its history and days between refills
    would give it (more than it keeps, but for a few whose walk refills faster), and 20."""
    weights = patients.history / patients.days_apart
    share = weights / weights.sum() if weights.size else weights
    return np.ceil(2 * n * share).astype(np.int64) + 20


class _Walk(NamedTuple):
    """The visits, one per row, with their true values."""

    patient: NDArray[np.int64]
    first: NDArray[np.int64]  # each patient's first row
    pump: NDArray[np.int64]
    fill: NDArray[np.float64]  # mL
    dose: NDArray[np.float64]  # mcg/day
    strength: NDArray[np.int64]
    flow: NDArray[np.float64]  # mL/day
    gap: NDArray[np.int64]  # whole days to the next visit; 0 after a patient's last


def _walk(rng: np.random.Generator, visits: NDArray[np.int64], patients: _Patients, pumps: _Pumps) -> _Walk:
    """Each patient's visits: the doses and strengths, the fills, and the days between."""
    patient = np.repeat(np.arange(visits.size), visits)
    first = np.cumsum(visits) - visits
    pump = patients.pump[patient]
    reservoir = pumps.reservoir[pump]
    partial = rng.random(patient.size) < _PARTIAL_FILL_SHARE
    part = np.round(reservoir * rng.uniform(*_PARTIAL_FILL, patient.size) * 2) / 2
    fill = np.where(partial, part, reservoir)
    dose, strength = _doses(rng, visits, first, patients, pumps)
    concentration = pumps.strengths[strength]
    flow = daily_volume_array(dose, "mcg/day", concentration, "mcg/mL", "mL/day")
    gap = _gaps(rng, _days_to_alarm(pump, fill, dose, concentration), fill / flow)
    gap[first + visits - 1] = 0
    return _Walk(patient, first, pump, fill, dose, strength, flow, gap)


def _kept(pool: _Walk, n: int, patients: _Patients) -> _Walk:
    """The n visits whose days from the patient's first visit are fewest against the patient's
    history share: each patient keeps its first visits (its history up to a common time, scaled
    by its share), and its first visit always (n is at least the number of patients)."""
    since_first = _since_first(pool.gap, pool.first, pool.patient)
    score = since_first / patients.history[pool.patient]
    rows = np.sort(np.argpartition(score, n - 1)[:n]) if n else np.zeros(0, dtype=np.int64)
    patient = pool.patient[rows]
    visits = np.bincount(patient, minlength=patients.own.size)
    first = np.cumsum(visits) - visits
    gap = pool.gap[rows]
    gap[first + visits - 1] = 0
    kept = (pool.pump[rows], pool.fill[rows], pool.dose[rows], pool.strength[rows], pool.flow[rows])
    return _Walk(patient, first, *kept, gap)


def _since_first(gap: NDArray[np.int64], first: NDArray[np.int64], patient: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each row's days from its patient's first visit: the gaps before it added up."""
    before = np.cumsum(gap) - gap
    return before - before[first][patient]


def _doses(
    rng: np.random.Generator,
    visits: NDArray[np.int64],
    first: NDArray[np.int64],
    patients: _Patients,
    pumps: _Pumps,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Each row's daily dose (mcg/day) and strength (an index into the strengths): a walk per
    patient from the first visit's, one visit number at a time over all patients."""
    n = int(visits.sum())
    # Every random number a row needs, drawn at once.
    changes, ups = rng.random(n), rng.random(n)
    increases, decreases = rng.uniform(*_INCREASE, n), rng.uniform(*_DECREASE, n)
    escalations = np.where(rng.random(n) < _ESCALATION_SHARE, rng.uniform(*_ESCALATION, n), 1.0)
    fresh = rng.random(n) < _FRESH_STRENGTH_SHARE
    dose, strength = np.empty(n), np.empty(n, dtype=np.int64)
    dose[first], strength[first] = patients.dose, patients.strength
    usable = pumps.usable[patients.pump]
    for k in range(1, int(visits.max(initial=0))):
        alive = visits > k
        rows = first[alive] + k
        before, kept, room = dose[rows - 1], strength[rows - 1], usable[alive]
        # Titrated more often away from the patient's own dose, and towards it: up more often
        # than down below it (even odds at it).
        away = np.log(before / patients.own[alive])
        change = changes[rows] < _CHANGE_SHARE * (1 + _REVERSION * np.abs(away))
        up = ups[rows] < 1 / (1 + np.exp(_REVERSION * away))
        step = np.where(change, np.where(up, increases[rows], decreases[rows]), 1.0)
        dose[rows] = _dose(before * step * escalations[rows])
        enough = _strength(dose[rows], room, pumps.strengths, _SHORTEST_DAYS)
        wanted = _strength(dose[rows], room, pumps.strengths, _WANTED_DAYS)
        strength[rows] = np.where(fresh[rows], wanted, np.maximum(kept, enough))
    return dose, strength


def _dose(mcg_per_day: NDArray[np.float64]) -> NDArray[np.float64]:
    """A programmed daily dose: to 0.1 mcg/day, within the range."""
    low, high = DOSE_RANGE_MCG_PER_DAY
    return np.clip(mcg_per_day, low, high).round(1)


def _strength(
    dose: NDArray[np.float64], usable: NDArray[np.float64], strengths: NDArray[np.float64], days: float
) -> NDArray[np.int64]:
    """The lowest strength whose alarm comes ``days`` or more after a full fill (the highest
    when none does)."""
    lasts = usable[:, None] * strengths[None, :] / dose[:, None] >= days
    return np.where(lasts.any(axis=1), lasts.argmax(axis=1), strengths.size - 1).astype(np.int64)


def _days_to_alarm(
    pump: NDArray[np.int64], fill: NDArray[np.float64], dose: NDArray[np.float64], concentration: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Days from each refill to its alarm, by the core's refill rule: one call per pump."""
    alarm = np.empty(fill.size)
    for i, model in enumerate(PUMPS):
        rows = pump == i
        if rows.any():
            alarm[rows] = days_to_alarm_array(model, fill[rows], dose[rows], concentration[rows])
    return alarm


def _gaps(rng: np.random.Generator, alarm: NDArray[np.float64], empty: NDArray[np.float64]) -> NDArray[np.int64]:
    """Whole days from each visit to the next: around the due day (the core's rule, as
    refill_plan's ``refill_due``), or late: after the alarm, a few after the empty day."""
    n = alarm.size
    due = np.minimum(alarm - _native.DEFAULT_REFILL_LEAD_TIME_DAYS, _native.DEFAULT_MAX_RESIDENCE_DAYS)
    on_time = np.floor(due) + rng.integers(_JITTER_DAYS[0], _JITTER_DAYS[1] + 1, n)
    late, after = rng.random(n), rng.integers(_LATE_DAYS[0], _LATE_DAYS[1] + 1, n)
    gap = np.where(late < _LATE_SHARE, np.floor(alarm) + after, on_time)
    gap = np.where(late < _VERY_LATE_SHARE, np.ceil(empty) + after, gap)
    return np.maximum(gap, 1).astype(np.int64)


def _days(rng: np.random.Generator, walk: _Walk) -> NDArray[np.int64]:
    """Each visit's day, counted from 2025-01-01: the last visit of each patient on a day of
    2025, the others the gaps before it."""
    since_first = _since_first(walk.gap, walk.first, walk.patient)
    last: NDArray[np.int64] = rng.integers(0, _LAST_VISITS[1], walk.first.size)
    last_row = np.append(walk.first[1:], walk.patient.size)[: walk.first.size] - 1
    day: NDArray[np.int64] = (last - since_first[last_row])[walk.patient] + since_first
    return day


def _aspirated(rng: np.random.Generator, walk: _Walk) -> NDArray[np.float64]:
    """The residual drawn out at each visit, mL, from the previous row's fill, flow and days
    elapsed, with noise and a few large discrepancies; NaN at first visits."""
    fill, flow, gap, first = walk.fill, walk.flow, walk.gap, walk.first
    n = fill.size
    aspirated = np.full(n, np.nan)
    if n < 2:
        return aspirated
    fill_before = fill[:-1]
    expected = np.maximum(fill_before - flow[:-1] * gap[:-1], 0.0)
    noisy = expected * (1 + rng.normal(0.0, _RESIDUAL_NOISE, n - 1))
    off = rng.random(n - 1) < _DISCREPANCY_SHARE
    sign = np.where(rng.random(n - 1) < 0.5, -1.0, 1.0)
    noisy = np.where(off, noisy + sign * rng.uniform(*_DISCREPANCY_ML, n - 1), noisy)
    aspirated[1:] = np.clip(np.round(noisy, 1), 0.0, fill_before)
    aspirated[first] = np.nan
    return aspirated


def _spoil(
    rng: np.random.Generator,
    dose: NDArray[np.float64],
    concentration: NDArray[np.float64],
    fill: NDArray[np.float64],
    aspirated: NDArray[np.float64],
    reservoir: NDArray[np.float64],
) -> None:
    """Gives round(n × BAD_ROW_SHARE) rows one data-entry error each, in place."""
    rows = rng.choice(dose.size, size=round(dose.size * BAD_ROW_SHARE), replace=False)
    kind = rng.integers(0, len(BAD_ROW_KINDS), rows.size)
    dose[rows[kind == 0]] = np.nan
    concentration[rows[kind == 1]] = 0.0
    dose[rows[kind == 2]] /= 1000  # mg/day taken for mcg/day
    over = rows[kind == 3]
    fill[over] = reservoir[over] + np.round(rng.uniform(*_OVERFILL_ML, over.size) * 2) / 2
    negative = rows[kind == 4]
    drawn = aspirated[negative] > 0
    aspirated[negative[drawn]] *= -1
    fill[negative[~drawn]] *= -1


def _patient_ids(patients: int) -> NDArray[np.str_]:
    """``"P000001"``...: one per patient, wide enough to sort as the numbers."""
    width = max(6, len(str(patients)))
    return np.array([f"P{i:0{width}d}" for i in range(1, patients + 1)], dtype=str)
