"""The itb JSON protocol, spoken directly: :func:`evaluate`."""

from __future__ import annotations

import json
import numbers
from typing import Any

import numpy as np

from . import _native
from ._quantities import Quantity


def evaluate(request: dict[str, Any] | str | bytes) -> dict[str, Any]:
    """One request of the itb JSON protocol in, its response out, as the Rust, C and command
    line front ends give it. A bad request is an error response (``{"ok": False, ...}``), never
    an exception.

    A dict is written with ``json.dumps``; quantity objects in it are written as
    ``{"value", "unit"}``. A dict holding NaN or infinity, an object JSON cannot hold, or nesting
    too deep to write gives an ``invalid_json`` response, as the raw ``NaN`` token does in text:
    JSON has no NaN, and the request is refused whole rather than guessed at.
    """
    if isinstance(request, dict):
        try:
            text = json.dumps(request, allow_nan=False, default=_jsonable)
        except ValueError as e:
            # json.dumps says "Out of range float values..." for NaN and infinity, and
            # "Circular reference detected" for a dict or list that holds itself.
            why = " (JSON has no NaN or infinity)" if "float" in str(e) else ""
            return _invalid_json(f"{e}{why}")
        except (TypeError, RecursionError) as e:
            return _invalid_json(str(e))
        data = text.encode()
    elif isinstance(request, str):
        # Lone surrogates pass through as invalid UTF-8, which the core answers invalid_json.
        data = request.encode("utf-8", "surrogatepass")
    elif isinstance(request, bytes):
        data = request
    else:
        raise TypeError(f"request must be a dict, str or bytes, not {type(request).__name__}")
    response: dict[str, Any] = json.loads(_native.evaluate(data))
    return response


def _jsonable(value: object) -> Any:
    """What ``json.dumps`` cannot write by itself: quantities, numpy numbers and bools."""
    if isinstance(value, Quantity):
        return {"value": value.value, "unit": value.unit}
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _invalid_json(reason: str) -> dict[str, Any]:
    # The protocol's response for a request that is not JSON (op is unknown, hence null).
    message = f"invalid JSON: the request cannot be written as JSON: {reason}"
    return {"ok": False, "op": None, "error": {"code": "invalid_json", "message": message, "field": None}}
