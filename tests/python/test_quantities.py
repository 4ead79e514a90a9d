"""Quantity classes: construction, canonical units, conversion, text, equality, immutability.

Expected values are worked by hand: 1 mg = 1000 mcg, 1 day = 24 h = 1440 min, and the core
rounds what leaves a quantity to 12 significant digits.
"""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import itb
from itb import Concentration, DoseRate, Duration, FlowRate, Length, Mass, Volume, VolumePerLength


@pytest.mark.parametrize(
    ("quantity", "value", "unit"),
    [
        (Mass("0.5 mg"), 0.5, "mg"),
        (Mass(500, "mcg"), 500.0, "mcg"),
        (Volume("20 mL"), 20.0, "mL"),
        (Concentration("2 mg/mL"), 2.0, "mg/mL"),
        (Concentration(2000, "mcg/mL"), 2000.0, "mcg/mL"),
        (DoseRate("500 mcg/day"), 500.0, "mcg/day"),
        (FlowRate(0.25, "mL/day"), 0.25, "mL/day"),
        (Duration("90 min"), 90.0, "min"),
        (Length("110 cm"), 110.0, "cm"),
        (VolumePerLength("0.0026 mL/cm"), 0.0026, "mL/cm"),
        (Volume("0 mL"), 0.0, "mL"),  # zero is a quantity; rules that divide refuse it
    ],
)
def test_value_and_unit(quantity: itb.Quantity, value: float, unit: str) -> None:
    assert quantity.value == value
    assert quantity.unit == unit


def test_container_notation_is_amount_per_volume() -> None:
    # 10 mg in 20 mL = 0.5 mg/mL = 500 mcg/mL
    c = Concentration("10 mg/20 mL")
    assert (c.value, c.unit) == (0.5, "mg/mL")
    assert c.to("mcg/mL") == 500.0
    assert Concentration("40 mg/20 mL").to("mcg/mL") == 2000.0


@pytest.mark.parametrize(
    ("text", "cls", "value", "unit"),
    [
        ("2 MG/ML", Concentration, 2.0, "mg/mL"),
        ("50 \u00b5g", Mass, 50.0, "mcg"),  # micro sign
        ("50 \u03bcg", Mass, 50.0, "mcg"),  # Greek mu
        ("5 micrograms", Mass, 5.0, "mcg"),
        ("500 micrograms per day", DoseRate, 500.0, "mcg/day"),
        ("0.5 mg/24 h", DoseRate, 0.5, "mg/day"),
        ("0.5 ml/hr", FlowRate, 0.5, "mL/h"),
        ("3 days", Duration, 3.0, "day"),
        ("1 hour", Duration, 1.0, "h"),
        ("2.5e-1 mg", Mass, 0.25, "mg"),
    ],
)
def test_spellings_read_to_the_canonical_unit(text: str, cls: type[itb.Quantity], value: float, unit: str) -> None:
    q = cls(text)
    assert (q.value, q.unit) == (value, unit)
    assert cls(value, text.split(" ", 1)[1]) == q  # the same unit given apart


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        (Mass("0.5 mg"), "mcg", 500.0),
        (Mass("250 mcg"), "mg", 0.25),
        (Concentration("2 mg/mL"), "mcg/mL", 2000.0),
        (DoseRate("1 mg/day"), "mcg/day", 1000.0),
        (DoseRate("24 mcg/h"), "mcg/day", 576.0),  # 24 × 24
        (DoseRate("500 mcg/day"), "mcg/h", 20.8333333333),  # 500 / 24, 12 digits
        (FlowRate("1 mL/h"), "mL/day", 24.0),
        (FlowRate("0.25 mL/day"), "mL/h", 0.0104166666667),  # 0.25 / 24, 12 digits
        (Duration("90 min"), "h", 1.5),
        (Duration("2 day"), "h", 48.0),
        (Duration("36 h"), "day", 1.5),
        (Volume("20 mL"), "ml", 20.0),
    ],
)
def test_to(quantity: itb.Quantity, unit: str, expected: float) -> None:
    assert quantity.to(unit) == expected


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (Volume("0.5 mL"), "0.5 mL"),  # leading zero
        (Mass(2.0, "mg"), "2 mg"),  # no trailing zero
        (Concentration(2000, "mcg/mL"), "2,000 mcg/mL"),  # thousands separator
        (Mass(12345, "mcg"), "12,345 mcg"),  # integer digits never rounded away
        (FlowRate(0.28333333, "mL/day"), "0.2833 mL/day"),  # 4 significant figures
        (Duration(126.66666, "day"), "126.7 days"),
        (Duration(1, "day"), "1 day"),
        (Mass("50 \u00b5g"), "50 mcg"),  # mcg, never µg
    ],
)
def test_str_is_ismp_safe_text(quantity: itb.Quantity, text: str) -> None:
    assert str(quantity) == text


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (Concentration("2 mg/mL"), "Concentration('2 mg/mL')"),
        (Concentration("10 mg/20 mL"), "Concentration('0.5 mg/mL')"),
        (DoseRate(1 / 3, "mg/day"), "DoseRate('0.3333333333333333 mg/day')"),
        (Mass(1e20, "mcg"), "Mass('1e+20 mcg')"),
        (Duration(1e-7, "h"), "Duration('1e-07 h')"),
    ],
)
def test_repr_shows_the_exact_value_and_unit_and_round_trips(quantity: itb.Quantity, text: str) -> None:
    assert repr(quantity) == text
    again = eval(text, vars(itb))
    assert type(again) is type(quantity)
    assert (again.value, again.unit) == (quantity.value, quantity.unit)


def test_equal_when_the_same_amount_in_any_unit() -> None:
    assert Mass("1 mg") == Mass("1000 mcg")
    assert hash(Mass("1 mg")) == hash(Mass("1000 mcg"))
    assert len({Mass("1 mg"), Mass("1000 mcg"), Mass("2 mg")}) == 2
    assert Concentration("10 mg/20 mL") == Concentration(500, "mcg/mL")
    assert Mass("1 mg") != Mass("1.001 mg")


def test_not_equal_across_dimensions_or_to_plain_values() -> None:
    assert Mass("1 mg") != Volume("1 mL")
    assert Mass("1 mg") != "1 mg"
    assert Mass("1 mg") != 1.0


def test_immutable() -> None:
    c = Concentration("2 mg/mL")
    with pytest.raises(AttributeError):
        c.value = 3.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        c.colour = "red"  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        del c.unit
    assert c == Concentration("2 mg/mL")


def test_pickle_and_copy_keep_class_value_and_unit() -> None:
    c = Concentration("10 mg/20 mL")
    for again in (pickle.loads(pickle.dumps(c)), copy.copy(c), copy.deepcopy(c)):
        assert type(again) is Concentration
        assert (again.value, again.unit) == (0.5, "mg/mL")


def test_built_from_a_quantity_of_its_own_class() -> None:
    c = Concentration("2 mg/mL")
    assert Concentration(c) == c


def test_numpy_numbers_are_numbers() -> None:
    # Any real number is accepted at run time; the stubs promise float (np.float64 is one).
    assert Concentration(np.float64(2), "mg/mL").value == 2.0
    assert Concentration(np.int64(2), "mg/mL").value == 2.0  # type: ignore[arg-type]
    assert Mass(np.float32(0.5), "mg").to("mcg") == 500.0  # type: ignore[arg-type]


def test_dimension_names() -> None:
    names = [c.dimension for c in (Mass, Volume, Concentration, DoseRate, FlowRate, Duration, Length, VolumePerLength)]
    assert names == ["mass", "volume", "concentration", "dose_rate", "flow_rate", "duration", "length", "volume_per_length"]


def test_quantity_itself_has_no_dimension() -> None:
    with pytest.raises(TypeError):
        itb.Quantity("2 mg")
