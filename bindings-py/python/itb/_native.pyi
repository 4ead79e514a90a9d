"""The native half of the itb package (Rust, over the itb core). Use ``itb``, not this module."""

from typing import Any, Union

import numpy as np
from numpy.typing import NDArray

from itb import (
    Bridge,
    CatheterVolume,
    ConstantFlowFill,
    Containers,
    DailyVolume,
    Dilution,
    FlexDose,
    InitialDose,
    InteractionCheck,
    MonitoringPlan,
    NightBoost,
    PatientCheck,
    PkProfile,
    Products,
    ProgrammingCheck,
    Quantity,
    Reconciliation,
    RefillPlan,
    ScreeningPlan,
    SignList,
    TaperSchedule,
    Titration,
    TitrationSchedule,
    Triage,
)

#: A quantity argument: a text (``"2 mg/mL"``), ``(value, unit)``, or a bare number (refused).
_Arg = Union[str, tuple[float, str], float]
_Pump = Union[str, tuple[float, float, float, bool]]

__all__ = [
    "CATHETERS",
    "DEFAULT_ACCURACY_PERCENT",
    "DEFAULT_LEAD_TIME_H",
    "DEFAULT_MAX_RESIDENCE_DAYS",
    "DEFAULT_PRIMING_OVERAGE_ML",
    "DEFAULT_PROGRAMMABLE",
    "DEFAULT_PUMP_PROGRAMMABLE",
    "DEFAULT_REFILL_LEAD_TIME_DAYS",
    "DEFAULT_START_DOSE_MCG",
    "DEFAULT_THRESHOLD_ML",
    "DRUG_CLASSES",
    "MONITORING_PHASES",
    "PUMP_MODELS",
    "RISK_FACTORS",
    "ROUTES",
    "SCREENING_MCG_PER_ML",
    "SIGN_CODES",
    "SIGN_LISTS",
    "bridge_bolus",
    "catheter_volume",
    "constant_flow_fill",
    "containers",
    "convert",
    "convert_column",
    "convert_quantity",
    "custom_pump",
    "daily_volume",
    "bridge_bolus_columns",
    "change_percent_columns",
    "daily_volume_array",
    "daily_volume_columns",
    "days_to_alarm_array",
    "dilution",
    "evaluate",
    "flex_daily_dose",
    "initial_daily_dose",
    "interactions",
    "monitoring_plan",
    "night_boost",
    "patient_check",
    "pk_profile",
    "products",
    "programming_check",
    "programming_check_columns",
    "quantity",
    "reconcile",
    "reconcile_columns",
    "refill_plan",
    "refill_plan_columns",
    "result_quantity",
    "screening_plan",
    "signs",
    "taper_schedule",
    "text",
    "titrate",
    "titrate_columns",
    "titration_schedule",
    "triage",
    "whole_days",
    "__version__",
]

__version__: str
#: The core's catalogued pump model ids.
PUMP_MODELS: tuple[str, ...]
#: The core's catalogued catheter ids.
CATHETERS: tuple[str, ...]
#: The core's withdrawal risk factor ids.
RISK_FACTORS: tuple[str, ...]
#: The core's sign codes, in list order (overdose, withdrawal, pump problem; seizures once).
SIGN_CODES: tuple[str, ...]
#: The core's sign list ids.
SIGN_LISTS: tuple[str, ...]
#: The core's route ids.
ROUTES: tuple[str, ...]
#: The core's monitoring phase ids.
MONITORING_PHASES: tuple[str, ...]
#: The core's drug class ids.
DRUG_CLASSES: tuple[str, ...]
#: The accuracy of a user-defined pump when none is given, ± percent.
DEFAULT_ACCURACY_PERCENT: float
#: Whether a user-defined pump is programmable when not told.
DEFAULT_PROGRAMMABLE: bool
#: Whether a pump is programmable when titrate is not told.
DEFAULT_PUMP_PROGRAMMABLE: bool
#: How long before the desired effect a night boost is programmed, in hours.
DEFAULT_LEAD_TIME_H: float
#: The residual discrepancy a reconciliation reports above, in mL.
DEFAULT_THRESHOLD_ML: float
#: The longest a refill may stay in the pump (stability), in days.
DEFAULT_MAX_RESIDENCE_DAYS: float
#: How long before the alarm a refill is due, in days.
DEFAULT_REFILL_LEAD_TIME_DAYS: float
#: The first screening bolus, in mcg.
DEFAULT_START_DOSE_MCG: float
#: The screening solution's concentration, in mcg/mL.
SCREENING_MCG_PER_ML: float
#: The priming overage of a constant-flow fill, in mL.
DEFAULT_PRIMING_OVERAGE_ML: float

def quantity(
    value: str | float, unit: str | None, dimension: str | None, field: str
) -> tuple[float, str, str, float]:
    """Reads and checks a quantity: ``value`` is a text (``unit`` None) or a number with its
    ``unit``; ``dimension`` is the one required (None: any). Returns the value, the canonical unit
    symbol, the dimension name and the value in the dimension's canonical unit."""

def result_quantity(value: float, unit: str, dimension: str | None) -> tuple[float, str, str, float]:
    """Reads a quantity of a protocol response, which may be negative: the value, the canonical
    unit symbol, the dimension name and the signed value in the dimension's canonical unit."""

def convert(value: float, unit: str, to: str, field: str) -> float:
    """The value of ``value`` ``unit`` in the unit ``to``, to 12 significant digits."""

def whole_days(value: float, unit: str, field: str) -> int:
    """The whole days of the duration ``value`` ``unit``, rounded down after the snap (the
    core's rule for a date booked from a duration); beyond a 64-bit integer, out_of_range."""

def text(value: float, unit: str) -> str:
    """The quantity as people should read it (ISMP safe writing)."""

def evaluate(request: bytes) -> str:
    """One protocol request (UTF-8 JSON) in, the response text out."""

def custom_pump(reservoir: _Arg, low_alarm: _Arg, accuracy_percent: float, programmable: bool) -> None:
    """Checks a user-defined pump as the core does; raises when it is not one."""

def daily_volume_array(
    daily_dose: NDArray[np.float64],
    daily_dose_unit: str,
    concentration: NDArray[np.float64],
    concentration_unit: str,
    flow_rate_unit: str,
) -> NDArray[np.float64]:
    """The core's daily volume for each pair of daily dose and concentration, in
    ``flow_rate_unit``."""

def days_to_alarm_array(
    pump: str | tuple[float, float, float, bool],
    fill_volume_ml: NDArray[np.float64],
    daily_dose_mcg_per_day: NDArray[np.float64],
    concentration_mcg_per_ml: NDArray[np.float64],
    alarm_volume_ml: NDArray[np.float64] | None,
) -> NDArray[np.float64]:
    """The core's days to the low-reservoir alarm of each refill record in ``pump`` (a model id,
    or ``(reservoir_ml, low_alarm_ml, accuracy_percent, programmable)``)."""

# The column functions (itb.columns): the core's typed operation on every row, without the GIL.
# A column is (float64 numbers, unit), plain float64 numbers, or a list of texts (None: missing).
# They return the named float64 columns, ``findings`` (object: str), ``allowed`` (bool) and,
# coercing, ``error_code`` and ``error`` (object: str or None).

_Column = Union[tuple[NDArray[np.float64], str], NDArray[np.float64], list[object]]
_PumpColumn = Union[str, tuple[float, float, float, bool], tuple[NDArray[np.int64], list[object]], list[object]]
_Columns = dict[str, Any]

def change_percent_columns(current_daily_dose: _Column, new_daily_dose: _Column, coerce: bool) -> _Columns: ...
def convert_column(values: _Column, to: str, field: str, coerce: bool) -> _Columns: ...
def daily_volume_columns(daily_dose: _Column, concentration: _Column, coerce: bool) -> _Columns: ...
def refill_plan_columns(
    pump: _PumpColumn,
    concentration: _Column,
    daily_dose: _Column,
    fill_volume: _Column | None,
    alarm_volume: _Column | None,
    max_residence: _Column | None,
    lead_time: _Column | None,
    refill_date: NDArray[np.int64] | None,
    coerce: bool,
) -> _Columns: ...
def reconcile_columns(
    fill_volume: _Column,
    elapsed: _Column,
    aspirated_volume: _Column,
    daily_dose: _Column | None,
    concentration: _Column | None,
    flow_rate: _Column | None,
    threshold: _Column | None,
    pump: _PumpColumn | None,
    coerce: bool,
) -> _Columns: ...
def bridge_bolus_columns(
    old_concentration: _Column,
    new_concentration: _Column,
    daily_dose: _Column,
    dead_space: _Column,
    coerce: bool,
) -> _Columns: ...
def titrate_columns(
    profile: str,
    current_daily_dose: _Column,
    change_percent: _Column,
    origin: object,
    phase: object,
    age_years: _Column | None,
    pump_programmable: bool | None,
    hours_since_last_change: _Column | None,
    hours_since_start: _Column | None,
    coerce: bool,
) -> _Columns: ...
def programming_check_columns(
    programmed_daily_dose: _Column,
    programmed_concentration: _Column,
    reservoir_concentration: _Column,
    coerce: bool,
) -> _Columns: ...

# The typed operations: the core's function on its typed request; the result object built
# directly. Defaults left as None are the core's.

def daily_volume(daily_dose: _Arg, concentration: _Arg) -> DailyVolume:
    """The core's daily volume."""

def refill_plan(
    pump: _Pump,
    concentration: _Arg,
    daily_dose: _Arg | None,
    steps: list[tuple[str, _Arg]] | None,
    fill_volume: _Arg | None,
    alarm_volume: _Arg | None,
    max_residence: _Arg | None,
    lead_time: _Arg | None,
    risk_factors: object,
) -> RefillPlan:
    """The core's refill plan (no dates); the risk factors (a list of ids) are read in their
    turn."""

def titrate(
    profile: str,
    current_daily_dose: _Arg,
    change_percent: float,
    origin: object,
    phase: object,
    age_years: float | None,
    pump_programmable: bool | None,
    hours_since_last_change: float | None,
    hours_since_start: float | None,
) -> Titration:
    """The core's titration step; origin and phase are read in their turn."""

def titration_schedule(
    profile: str,
    origin: object,
    phase: object,
    current_daily_dose: _Arg,
    target_daily_dose: _Arg,
    step_percent: float | None,
    pump_programmable: bool | None,
    age_years: float | None,
) -> TitrationSchedule:
    """The core's titration schedule; origin and phase are read in their turn."""

def taper_schedule(
    current_daily_dose: _Arg, target_daily_dose: _Arg, duration: _Arg, interval: _Arg | None
) -> TaperSchedule:
    """The core's taper schedule."""

def screening_plan(
    profile: str,
    age_years: float | None,
    start_dose: _Arg | None,
    concentration: _Arg | None,
    hours_since_last_dose: float | None,
) -> ScreeningPlan:
    """The core's screening plan."""

def initial_daily_dose(profile: str, effective_bolus: _Arg, effect_duration: _Arg) -> InitialDose:
    """The core's initial daily dose."""

def flex_daily_dose(steps: list[tuple[str, _Arg]]) -> FlexDose:
    """The core's flex daily dose."""

def night_boost(
    base_daily_dose: _Arg, boost_percent: float, effect_start: object, effect_end: object, lead_time: _Arg | None
) -> NightBoost:
    """The core's night boost; the times are read in their turn."""

def reconcile(
    fill_volume: _Arg,
    elapsed: _Arg,
    aspirated_volume: _Arg,
    daily_dose: _Arg | None,
    concentration: _Arg | None,
    flow_rate: _Arg | None,
    threshold: _Arg | None,
    pump: _Pump | None,
    risk_factors: object,
) -> Reconciliation:
    """The core's reconciliation of a refill visit; the risk factors are read in their turn."""

def bridge_bolus(old_concentration: _Arg, new_concentration: _Arg, daily_dose: _Arg, dead_space: _Arg) -> Bridge:
    """The core's bridge at a concentration change."""

def programming_check(
    programmed_daily_dose: _Arg, programmed_concentration: _Arg, reservoir_concentration: _Arg
) -> ProgrammingCheck:
    """The core's check of the concentration programmed into a pump."""

def pk_profile(
    bolus: _Arg | None, daily_dose: _Arg | None, times: object, half_life: _Arg | None, clearance: _Arg | None
) -> PkProfile:
    """The core's CSF profile (exactly one of bolus and daily_dose); times is a list of quantity
    arguments, each read in its turn."""

def catheter_volume(
    implanted_length: _Arg | None, volume_per_length: _Arg | None, catheter: object, trimmed_length: _Arg | None
) -> CatheterVolume:
    """The core's catheter volume."""

def constant_flow_fill(
    reservoir: _Arg, flow_rate: _Arg, daily_dose: _Arg, stock: _Arg, priming_overage: _Arg | None
) -> ConstantFlowFill:
    """The core's constant-flow fill."""

def dilution(stock: _Arg, target: _Arg, final_volume: _Arg) -> Dilution:
    """The core's dilution recipe."""

def containers(product: str, amount: _Arg | None, volume: _Arg | None, concentration: _Arg | None) -> Containers:
    """The core's containers of a product."""

def products() -> Products:
    """The core's product catalogue."""

def convert_quantity(quantity: _Arg, to: str) -> Quantity:
    """The core's conversion, as the quantity class of its dimension."""

# The labels' knowledge. A list argument is a list (anything else is refused as not a list);
# ids are read by the core's parsers, in the protocol's order.

def signs(list: object) -> tuple[SignList, ...]:
    """The core's sign lists: the one asked for (an id), or all three (None)."""

def triage(signs: object) -> Triage:
    """The core's triage of a list of sign codes."""

def interactions(medications: object) -> InteractionCheck:
    """The core's interaction check of a list of medication names."""

def patient_check(
    profile: str | None,
    age_years: float | None,
    pregnant: bool | None,
    breastfeeding: bool | None,
    infection: bool | None,
    months_since_head_injury: float | None,
    route: object,
    risk_factors: object,
) -> PatientCheck:
    """The core's patient check (None: not given); the route and the risk factors (a list of
    ids) are read in their turn."""

def monitoring_plan(phase: object) -> MonitoringPlan:
    """The core's monitoring plan of a phase (an id), read in its turn."""
