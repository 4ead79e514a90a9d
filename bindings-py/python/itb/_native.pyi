"""The native half of the itb package (Rust, over the itb core). Use ``itb``, not this module."""

from typing import Any, Union

import numpy as np
from numpy.typing import NDArray

#: A quantity argument: a text (``"2 mg/mL"``), ``(value, unit)``, or a bare number (refused).
_Arg = Union[str, tuple[float, str], float]
_Pump = Union[str, tuple[float, float, float, bool]]

__all__ = [
    "CATHETERS",
    "DEFAULT_ACCURACY_PERCENT",
    "PUMP_MODELS",
    "convert",
    "custom_pump",
    "daily_volume",
    "daily_volume_array",
    "days_to_alarm_array",
    "evaluate",
    "quantity",
    "refill_plan",
    "result_quantity",
    "text",
    "__version__",
]

__version__: str
#: The core's catalogued pump model ids.
PUMP_MODELS: tuple[str, ...]
#: The core's catalogued catheter ids.
CATHETERS: tuple[str, ...]
#: The accuracy of a user-defined pump when none is given, ± percent.
DEFAULT_ACCURACY_PERCENT: float

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

def text(value: float, unit: str) -> str:
    """The quantity as people should read it (ISMP safe writing)."""

def evaluate(request: bytes) -> str:
    """One protocol request (UTF-8 JSON) in, the response text out."""

def custom_pump(reservoir_ml: float, low_alarm_ml: float, accuracy_percent: float, programmable: bool) -> None:
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

def daily_volume(daily_dose: _Arg, concentration: _Arg) -> dict[str, Any]:
    """The core's daily volume, as the protocol's response."""

def refill_plan(
    pump: _Pump,
    concentration: _Arg,
    daily_dose: _Arg | None,
    steps: list[tuple[str, _Arg]] | None,
    fill_volume: _Arg | None,
    alarm_volume: _Arg | None,
    max_residence: _Arg | None,
    lead_time: _Arg | None,
) -> dict[str, Any]:
    """The core's refill plan, as the protocol's response (defaults are the core's)."""
