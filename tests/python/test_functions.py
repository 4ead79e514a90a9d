"""convert, daily_volume, dilution, containers, products: hand-worked values, findings,
result objects and their to_dict().

Worked by hand: flow = daily dose / concentration ([ARCHIMEDES]), hourly = flow / 24;
dilution stock volume = final volume × target / stock, diluent = final − stock; containers =
amount / amount per container, rounded up; drawn = amount / concentration; waste = count ×
container volume − drawn.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import pytest

import itb
from itb import Concentration, DoseRate, Duration, FlowRate, Mass, Volume

# --- convert -------------------------------------------------------------------------------


def test_convert_container_notation_to_mcg_per_ml() -> None:
    # 10 mg / 20 mL = 0.5 mg/mL = 500 mcg/mL
    c = itb.convert("10 mg/20 mL", "mcg/mL")
    assert type(c) is Concentration
    assert (c.value, c.unit) == (500.0, "mcg/mL")


@pytest.mark.parametrize(
    ("quantity", "to", "cls", "value", "unit"),
    [
        (Mass("0.5 mg"), "mcg", Mass, 500.0, "mcg"),
        ("1 day", "h", Duration, 24.0, "h"),
        ("2 mg", "MCG", Mass, 2000.0, "mcg"),
        (DoseRate("1 mg/h"), "mcg/day", DoseRate, 24000.0, "mcg/day"),
        ("0.5 mL/h", "mL/day", FlowRate, 12.0, "mL/day"),
    ],
)
def test_convert_returns_a_quantity_of_the_same_class(
    quantity: itb.Quantity | str, to: str, cls: type[itb.Quantity], value: float, unit: str
) -> None:
    q = itb.convert(quantity, to)
    assert type(q) is cls
    assert (q.value, q.unit) == (value, unit)


# --- daily_volume --------------------------------------------------------------------------


def test_daily_volume_published_example() -> None:
    # derived from [ARCHIMEDES]: 500 mcg/day at 2000 mcg/mL → 0.25 mL/day; / 24 → 0.0104166666667 mL/h
    dv = itb.daily_volume("500 mcg/day", "2000 mcg/mL")
    assert dv.flow_rate.to("mL/day") == 0.25
    assert dv.hourly_flow.to("mL/h") == 0.0104166666667
    assert str(dv.flow_rate) == "0.25 mL/day"
    assert str(dv.hourly_flow) == "0.01042 mL/h"
    assert dv.findings == ()
    assert dv.allowed is True


def test_daily_volume_mg_and_mcg_inputs_agree() -> None:
    mg = itb.daily_volume(DoseRate(0.5, "mg/day"), Concentration(2, "mg/mL"))
    mcg = itb.daily_volume(DoseRate(500, "mcg/day"), Concentration(2000, "mcg/mL"))
    assert mg.flow_rate == mcg.flow_rate == FlowRate("0.25 mL/day")


def test_daily_volume_container_notation() -> None:
    # 10 mg/20 mL = 500 mcg/mL; 100 / 500 = 0.2 mL/day
    assert itb.daily_volume("100 mcg/day", "10 mg/20 mL").flow_rate.to("mL/day") == 0.2


def test_daily_volume_findings() -> None:
    # 1200 / 3000 = 0.4 mL/day. 3000 mcg/mL is not a labelled strength (info) and is above
    # 2000 (soft); 1200 mcg/day is above 1000 (soft). No hard finding: allowed.
    dv = itb.daily_volume("1200 mcg/day", "3000 mcg/mL")
    assert dv.flow_rate.to("mL/day") == 0.4
    assert {(f.code, f.severity) for f in dv.findings} == {
        ("nonstandard_concentration", "info"),
        ("concentration_above_commercial", "soft"),
        ("daily_dose_above_1000", "soft"),
    }
    assert all(f.message and f.source for f in dv.findings)
    assert dv.allowed is True


def test_daily_volume_thresholds_are_strict() -> None:
    # exactly 1000 mcg/day is not above 1000; 2000 mcg/mL is labelled. 1000 / 2000 = 0.5
    dv = itb.daily_volume("1000 mcg/day", "2 mg/mL")
    assert dv.flow_rate.to("mL/day") == 0.5
    assert dv.findings == ()


@pytest.mark.parametrize("concentration", ["50 mcg/mL", "0.05 mg/mL", Concentration("0.5 mg/10 mL")])
def test_the_screening_strength_in_a_pump_is_soft(concentration: Concentration | str) -> None:
    # 001 Administration: 50 mcg/mL is for single bolus test injections, not a pump. It is a
    # labelled strength, so not nonstandard. 100 / 50 = 2 mL/day
    dv = itb.daily_volume("100 mcg/day", concentration)
    assert dv.flow_rate.to("mL/day") == 2
    ((code, severity, source, subject),) = [(f.code, f.severity, f.source, f.subject) for f in dv.findings]
    assert (code, severity, source, subject) == ("screening_strength_in_pump", "soft", "001 Administration", Concentration("50 mcg/mL"))
    assert dv.allowed is True


# --- dilution ------------------------------------------------------------------------------


def test_dilution_recipe() -> None:
    # 20 mL × 400 mcg/mL = 8000 mcg; 8000 / 2000 = 4 mL of stock; 20 − 4 = 16 mL diluent
    d = itb.dilution("2000 mcg/mL", "400 mcg/mL", "20 mL")
    assert d.stock_volume.to("mL") == 4.0
    assert d.diluent_volume.to("mL") == 16.0
    assert d.drug_amount.to("mg") == 8.0
    assert d.diluent == "preservative-free 0.9 % sodium chloride"
    assert (d.findings, d.allowed) == ((), True)


def test_dilution_with_quantity_objects() -> None:
    # 40 mL × 0.5 mg/mL = 20 mg; 20 / 2 = 10 mL of stock; 30 mL diluent
    d = itb.dilution(Concentration("2 mg/mL"), Concentration("0.5 mg/mL"), Volume("40 mL"))
    assert (d.stock_volume.to("mL"), d.diluent_volume.to("mL"), d.drug_amount.to("mcg")) == (10.0, 30.0, 20000.0)


def test_dilution_of_a_compounded_stock_reports_it() -> None:
    # 20 mL × 1500 = 30000 mcg; 30000 / 3000 = 10 mL stock, 10 mL diluent
    d = itb.dilution("3000 mcg/mL", "1500 mcg/mL", "20 mL")
    assert d.stock_volume.to("mL") == 10.0
    assert {f.code for f in d.findings} == {"nonstandard_concentration", "concentration_above_commercial"}


# --- containers ----------------------------------------------------------------------------


def test_containers_for_an_amount() -> None:
    # itb_500mcg_20ml holds 10 mg in 20 mL: 30 mg → 3 ampoules, 60 mL drawn, nothing left
    c = itb.containers("itb_500mcg_20ml", "30 mg")
    assert (c.product, c.count) == ("itb_500mcg_20ml", 3)
    assert c.amount == Mass("30 mg")
    assert c.drawn_volume.to("mL") == 60.0
    assert c.waste.to("mL") == 0.0


def test_containers_round_up() -> None:
    # itb_2000mcg_5ml holds 10 mg in 5 mL: 15 mg → 1.5 → 2 ampoules; 15 mg / 2 mg/mL = 7.5 mL
    # drawn; 2 × 5 − 7.5 = 2.5 mL left
    c = itb.containers("itb_2000mcg_5ml", Mass("15 mg"))
    assert c.count == 2
    assert (c.drawn_volume.to("mL"), c.waste.to("mL")) == (7.5, 2.5)


def test_containers_for_a_volume_at_a_lower_concentration() -> None:
    # 20 mL at 1000 mcg/mL = 20000 mcg = 20 mg, from 40 mg/20 mL (2000 mcg/mL): 1 ampoule,
    # 20000 / 2000 = 10 mL drawn, 10 mL left
    c = itb.containers("itb_2000mcg_20ml", volume="20 mL", concentration="1000 mcg/mL")
    assert (c.count, c.amount.to("mg"), c.drawn_volume.to("mL"), c.waste.to("mL")) == (1, 20.0, 10.0, 10.0)


def test_containers_take_a_product_object() -> None:
    product = next(p for p in itb.products().products if p.id == "itb_500mcg_20ml")
    assert itb.containers(product, "10 mg").count == 1


# --- products ------------------------------------------------------------------------------


def test_products_catalogue() -> None:
    listed = {p.id: p for p in itb.products().products}
    # 000 Available Strengths lists 13 strengths; [LIO-HCP] and [UK-PROD] add 10 mg/5 mL
    assert len(listed) == 14
    assert {i for i, p in listed.items() if p.route == "intrathecal"} == {
        "itb_50mcg_1ml",
        "itb_500mcg_20ml",
        "itb_1000mcg_20ml",
        "itb_2000mcg_5ml",
        "itb_2000mcg_20ml",
        "itb_2000mcg_refill_kit",
    }
    ampoule = listed["itb_500mcg_20ml"]  # 10 mg/20 mL
    assert (ampoule.concentration, ampoule.volume, ampoule.amount) == (
        Concentration("500 mcg/mL"),
        Volume("20 mL"),
        Mass("10 mg"),
    )
    assert (ampoule.use, ampoule.label) == ("refill", "Baclofen 10mg/20 Inj, 20ml")
    tablet = listed["oral_10mg_tablet"]
    assert (tablet.route, tablet.use, tablet.amount) == ("oral", "oral", Mass("10 mg"))
    assert tablet.volume is None and tablet.concentration is None  # not stated, never guessed
    assert listed["itb_2000mcg_refill_kit"].volume is None
    assert listed["itb_50mcg_1ml"].use == "screening"


# --- result objects ------------------------------------------------------------------------

REQUESTS = [
    (lambda: itb.daily_volume("500 mcg/day", "2 mg/mL"), {"op": "daily_volume", "daily_dose": "500 mcg/day", "concentration": "2 mg/mL"}),
    (lambda: itb.dilution("2 mg/mL", "0.4 mg/mL", "20 mL"), {"op": "dilution", "stock": "2 mg/mL", "target": "0.4 mg/mL", "final_volume": "20 mL"}),
    (lambda: itb.containers("itb_500mcg_20ml", "30 mg"), {"op": "containers", "product": "itb_500mcg_20ml", "amount": "30 mg"}),
    (itb.products, {"op": "products"}),
]


@pytest.mark.parametrize(("call", "request_"), REQUESTS)
def test_to_dict_is_the_protocol_response(call: Callable[[], Any], request_: dict[str, Any]) -> None:
    result = call()
    assert result.to_dict() == itb.evaluate(request_)
    assert result.to_dict()["ok"] is True


def test_to_dict_is_a_copy() -> None:
    dv = itb.daily_volume("500 mcg/day", "2 mg/mL")
    dv.to_dict()["result"]["flow_rate"]["value"] = 99
    assert dv.to_dict()["result"]["flow_rate"]["value"] == 0.25


def test_results_are_frozen_and_readable() -> None:
    dv = itb.daily_volume("1200 mcg/day", "2 mg/mL")
    with pytest.raises(dataclasses.FrozenInstanceError):
        dv.allowed = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        dv.findings[0].severity = "info"  # type: ignore[misc]
    text = repr(dv)
    # every number shows its unit; the raw response stays out of the repr
    assert text.startswith("DailyVolume(flow_rate=FlowRate('0.6 mL/day'), hourly_flow=FlowRate('0.025 mL/h')")
    assert "Finding(code='daily_dose_above_1000', severity='soft'" in text
    assert "_response" not in text
    assert dv == itb.daily_volume("1.2 mg/day", "2000 mcg/mL")
    assert hash(dv) == hash(itb.daily_volume("1.2 mg/day", "2000 mcg/mL"))
