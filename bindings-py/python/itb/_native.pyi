"""The native half of the itb package (Rust, over the itb core). Use ``itb``, not this module."""

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "convert",
    "daily_volume_array",
    "evaluate",
    "initial_daily_dose_limits",
    "quantity",
    "screening_plan_limits",
    "text",
    "titrate_limits",
    "__version__",
]

__version__: str

def quantity(
    value: str | float, unit: str | None, dimension: str | None, field: str
) -> tuple[float, str, str, float]:
    """Reads and checks a quantity: ``value`` is a text (``unit`` None) or a number with its
    ``unit``; ``dimension`` is the one required (None: any). Returns the value, the canonical unit
    symbol, the dimension name and the value in the dimension's canonical unit."""

def convert(value: float, unit: str, to: str, field: str) -> float:
    """The value of ``value`` ``unit`` in the unit ``to``, to 12 significant digits."""

def text(value: float, unit: str) -> str:
    """The quantity as people should read it (ISMP safe writing)."""

def evaluate(request: bytes) -> str:
    """One protocol request (UTF-8 JSON) in, the response text out."""

def daily_volume_array(
    daily_dose: NDArray[np.float64],
    daily_dose_unit: str,
    concentration: NDArray[np.float64],
    concentration_unit: str,
    flow_rate_unit: str,
) -> NDArray[np.float64]:
    """The core's daily volume for each pair of daily dose and concentration, in
    ``flow_rate_unit``."""

#: A finding's code and the limit it crossed: ``(value, unit, dimension name)`` or None.
_Limit = tuple[str, tuple[float, str, str] | None]

def screening_plan_limits(request: dict[str, Any]) -> list[_Limit]:
    """The limits named by the findings of a ``screening_plan`` request the protocol accepted,
    in the order of its findings."""

def initial_daily_dose_limits(request: dict[str, Any]) -> list[_Limit]:
    """The limits named by the findings of an ``initial_daily_dose`` request the protocol
    accepted, in the order of its findings."""

def titrate_limits(request: dict[str, Any]) -> list[_Limit]:
    """The limits named by the findings of a ``titrate`` request the protocol accepted, in the
    order of its findings."""
