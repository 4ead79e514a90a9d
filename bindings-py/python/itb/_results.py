"""What every result shares: its findings, and ``to_dict()``, the protocol's response written
from its fields."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, ClassVar, cast

from ._quantities import Quantity


@dataclasses.dataclass(frozen=True)
class Finding:
    """A clinical limit the result crosses. ``severity``: ``"hard"`` (a label limit: the result
    is not allowed), ``"soft"`` (a guideline a clinician may override with a reason) or
    ``"info"``; ``source`` names the label section or reference tag the rule comes from
    (defined in docs/SOURCES.md).

    ``subject`` is the value that raised the finding, in its clinical unit (``Volume(-2.1,
    'mL')`` for a residual discrepancy, ``Count(14, 'step')`` for too many flex steps);
    ``limit`` the limit it crossed when the rule names one (``Ratio(30, "%")``,
    ``Duration('24 h')``, ``DoseRate('800 mcg/day')``), else None. Both come from the
    protocol's response.
    """

    code: str
    severity: str
    message: str
    source: str
    subject: Quantity
    limit: Quantity | None = None


class Result:
    """What every result has besides its fields: ``to_dict()``, the protocol's response.

    The native module builds a result's fields straight from the core's typed result; the
    response is written from them only when asked.
    """

    #: The protocol operation.
    _op: ClassVar[str] = ""
    #: The protocol's name of a field, where it differs from the field's.
    _keys: ClassVar[dict[str, str]] = {}
    #: Fields computed in Python, not part of the response (a refill plan's dates).
    _python_only: ClassVar[tuple[str, ...]] = ()
    #: Fields the response leaves out when they are None (an infusion's steady state).
    _omitted_when_none: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """The protocol response: ``{"ok", "op", "allowed", "result", "findings"}``, the same
        dict :func:`evaluate` returns for this request."""
        skip = ("findings", "allowed", *self._python_only)
        names = [f.name for f in dataclasses.fields(cast(Any, self)) if f.name not in skip]
        names = [n for n in names if not (n in self._omitted_when_none and getattr(self, n) is None)]
        findings: tuple[Finding, ...] = getattr(self, "findings")
        return {
            "ok": True,
            "op": self._op,
            "allowed": getattr(self, "allowed"),
            "result": {self._keys.get(name, name): _plain(getattr(self, name)) for name in names},
            "findings": [_finding_dict(f) for f in findings],
        }


def _plain(value: object) -> Any:
    """A result's field as the protocol writes it: a quantity as ``{"value", "unit", "text"}``,
    a tuple as a list, an enum member (``itb.SignCode.COMA``) as its id, a record as a dict of
    its fields given (a product's unstated fields are left out) under the protocol's names (its
    ``_keys``: an interaction's ``drug_class`` is ``class``)."""
    if isinstance(value, Quantity):
        return {"value": value.value, "unit": value.unit, "text": str(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        keys: dict[str, str] = getattr(value, "_keys", {})
        given = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return {keys.get(name, name): _plain(v) for name, v in given if v is not None}
    return value


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "source": f.source,
        "subject": _plain(f.subject),
        "limit": None if f.limit is None else _plain(f.limit),
    }
