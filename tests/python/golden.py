"""The golden vectors (tests/golden/*.json), read and compared as tests/support/golden.rs does.

Format: ``{"op", "cases": [{"name", "worked", "request" | "request_text", "expect",
"tolerance"?}]}``. Comparison: ``ok``, ``op``, ``allowed`` exact; every key of
``expect.result`` present and equal (numbers within tolerance × max(1, |expected|)); findings
as an unordered set of (code, severity, source) with non-empty messages; errors by ``code`` and
``field``, with optional ``message_contains`` substrings.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"


@dataclass(frozen=True)
class Case:
    id: str  # "file.json: name"
    request: dict[str, Any] | str  # a dict ("request") or the exact text ("request_text")
    expect: dict[str, Any]
    tolerance: float


def load(directory: Path = GOLDEN_DIR) -> list[Case]:
    """Every case of every golden file, in file and case order."""
    files = sorted(directory.glob("*.json"))
    assert files, f"no golden files in {directory}"
    cases = []
    for file in files:
        doc = json.loads(file.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            has_request, has_text = "request" in case, "request_text" in case
            assert has_request != has_text, f"{file.name}: {case['name']}: one of request / request_text"
            cases.append(
                Case(
                    id=f"{file.name}: {case['name']}",
                    request=case["request"] if has_request else case["request_text"],
                    expect=case["expect"],
                    tolerance=case.get("tolerance", 1e-9),
                )
            )
    return cases


def plain(value: Any) -> Any:
    """A request value as a typed call's argument: a protocol quantity object is its text."""
    if isinstance(value, dict) and set(value) == {"value", "unit"}:
        return f"{value['value']} {value['unit']}"
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def typed_call(case: Case, functions: dict[str, Callable[..., Any]]) -> dict[str, Any] | None:
    """The keyword arguments of the typed call (one of ``functions``, by op) a golden request
    stands for, or None when no call can make that request (a missing or unknown argument; null
    for an optional one, which None leaves out)."""
    request = case.request
    if not isinstance(request, dict) or not isinstance(request.get("op"), str) or request["op"] not in functions:
        return None
    parameters = inspect.signature(functions[request["op"]]).parameters
    arguments = {k: v for k, v in request.items() if k != "op"}
    required = {name for name, p in parameters.items() if p.default is inspect.Parameter.empty}
    if not required <= arguments.keys() or not arguments.keys() <= parameters.keys():
        return None
    if any(v is None and parameters[k].default is None for k, v in arguments.items()):
        return None
    return {k: plain(v) for k, v in arguments.items()}


def compare_response(expect: dict[str, Any], actual: dict[str, Any], tol: float) -> list[str]:
    """One line per difference between a response and its expectation (none: it matches)."""
    problems: list[str] = []
    for key in ("ok", "op", "allowed"):
        if key in expect and not _same_json(actual.get(key, _MISSING), expect[key]):
            problems.append(f"{key}: expected {expect[key]!r}, got {actual.get(key, _MISSING)!r}")
    if "result" in expect:
        _compare_value("result", expect["result"], actual.get("result"), tol, problems)
    if "findings" in expect:
        _compare_findings(expect["findings"], actual.get("findings"), problems)
    if "error" in expect:
        _compare_error(expect["error"], actual.get("error"), problems)
    return problems


_MISSING = object()


def _is_number(x: object) -> bool:
    # JSON numbers: a bool is not one (True == 1 in Python, never in JSON).
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _same_json(a: object, b: object) -> bool:
    if _is_number(a) and _is_number(b):
        return a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _compare_value(path: str, e: Any, a: Any, tol: float, problems: list[str]) -> None:
    if _is_number(e) and _is_number(a):
        if not abs(e - a) <= tol * max(abs(e), 1.0):
            problems.append(f"{path}: expected {e}, got {a}")
    elif isinstance(e, dict) and isinstance(a, dict):
        for k, ev in e.items():
            if k in a:
                _compare_value(f"{path}.{k}", ev, a[k], tol, problems)
            else:
                problems.append(f"{path}.{k}: missing")
    elif isinstance(e, list) and isinstance(a, list):
        if len(e) != len(a):
            problems.append(f"{path}: expected {len(e)} items, got {len(a)}")
        for i, (ev, av) in enumerate(zip(e, a)):
            _compare_value(f"{path}[{i}]", ev, av, tol, problems)
    elif not _same_json(e, a):
        problems.append(f"{path}: expected {e!r}, got {a!r}")


def _finding_key(f: Any) -> tuple[str, str, str]:
    def text(k: str) -> str:
        v = f.get(k) if isinstance(f, dict) else None
        return v if isinstance(v, str) else ""

    return (text("code"), text("severity"), text("source"))


def _compare_findings(expect: Any, actual: Any, problems: list[str]) -> None:
    if not isinstance(expect, list) or not isinstance(actual, list):
        problems.append(f"findings: expected an array, got {actual!r}")
        return
    want = sorted(_finding_key(f) for f in expect)
    got = sorted(_finding_key(f) for f in actual)
    if want != got:
        problems.append(f"findings: expected {want}, got {got}")
    for f in actual:
        message = f.get("message") if isinstance(f, dict) else None
        if not isinstance(message, str) or not message:
            problems.append(f"finding {f!r} has no message")


def _compare_error(expect: dict[str, Any], actual: Any, problems: list[str]) -> None:
    actual = actual if isinstance(actual, dict) else {}
    for key in ("code", "field"):
        if key in expect and not _same_json(actual.get(key), expect[key]):
            problems.append(f"error.{key}: expected {expect[key]!r}, got {actual.get(key)!r}")
    message = actual.get("message")
    message = message if isinstance(message, str) else ""
    if not message:
        problems.append("error.message is empty")
    for needle in expect.get("message_contains", []):
        if needle not in message:
            problems.append(f"error.message lacks {needle!r}: {message}")
