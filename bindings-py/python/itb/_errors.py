"""The exceptions of itb: every one a ``ValueError`` carrying the protocol's error code.

The native module raises these too (through :func:`error_for`), so the table from protocol
code to exception class exists once, here.
"""

from __future__ import annotations


class ItbError(ValueError):
    """A request itb cannot compute: malformed, or physically impossible.

    ``code`` is the protocol's error code (``"negative"``, ``"unit_mismatch"``...), ``field``
    the offending argument or request field (``"daily_dose"``, ``"daily_dose[3]"``) or None;
    the message names the field, the value and what is allowed.
    """

    code: str
    field: str | None

    def __init__(self, message: str, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field

    def __reduce__(self) -> tuple[type[ItbError], tuple[str, str, str | None]]:
        # Rebuilt with its code and field, so errors survive pickling (multiprocessing).
        return (type(self), (str(self), self.code, self.field))


class UnitError(ItbError):
    """A unit is missing (a bare number), unknown, or of the wrong dimension.

    Codes: ``unit_required``, ``unit_unknown``, ``unit_mismatch``.
    """


class InputError(ItbError):
    """A value is not allowed: not finite, negative, zero where a rule divides by it, out of
    range, missing, or malformed.

    Codes: ``not_finite``, ``negative``, ``zero``, ``out_of_range``, ``invalid_value``,
    ``missing_field``.
    """


class RequestError(ItbError):
    """A protocol request is malformed as a whole.

    Codes: ``invalid_json``, ``unknown_op``, ``unknown_field``. :func:`itb.evaluate` returns
    these as error responses. The typed functions build their requests themselves: they raise
    only ``unknown_field``, for a dict given as a pump or a flex step with a key the protocol
    does not know.
    """


_CLASSES: dict[str, type[ItbError]] = {
    "unit_required": UnitError,
    "unit_unknown": UnitError,
    "unit_mismatch": UnitError,
    "not_finite": InputError,
    "negative": InputError,
    "zero": InputError,
    "out_of_range": InputError,
    "invalid_value": InputError,
    "missing_field": InputError,
    "invalid_json": RequestError,
    "unknown_op": RequestError,
    "unknown_field": RequestError,
}

for _cls in (ItbError, UnitError, InputError, RequestError):
    _cls.__module__ = "itb"  # shown as itb.UnitError in tracebacks, where users catch it


def error_for(code: str, message: str, field: str | None = None) -> ItbError:
    """The exception for a protocol error code (an unknown code gives the base class)."""
    return _CLASSES.get(code, ItbError)(message, code, field)
