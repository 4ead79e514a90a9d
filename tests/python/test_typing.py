"""The type stubs refuse a unit mistake before the code runs: a mass where a dose rate
belongs is a mypy error, as it is a compile error in Rust; so is a misspelt profile, origin,
phase, pump or catheter (Literal types), and a text where a plain number of percent belongs. (scripts/test-python also runs
stubtest and `mypy --strict` on typed_usage.py, which must pass.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

MISTAKES = """\
import itb
itb.daily_volume(itb.Mass("2 mg"), "2 mg/mL")
itb.dilution(itb.Concentration("2 mg/mL"), "1 mg/mL", itb.Mass("20 mg"))
c: itb.Concentration = itb.convert(itb.Mass("1 mg"), "mcg")
itb.Concentration("2 mg/mL").to(2)
itb.screening_plan("US")
itb.titrate("us", "200 mcg/day", 30, "Spinal", "titration")
itb.titrate("uk", "200 mcg/day", "30", "spinal", "maintenance")
itb.initial_daily_dose("uk", itb.DoseRate("50 mcg/day"), "10 h")
rule: itb.InitialRule = "twice_bolus"
itb.refill_plan("SynchroMed_II_20", "2000 mcg/mL", "500 mcg/day")
itb.refill_plan("synchromed_ii_20", itb.Mass("2 mg"), "500 mcg/day")
itb.catheter_volume(catheter="ascenda", trimmed_length="10 cm")
itb.night_boost("576 mcg/day", "20 %", "22:00", "06:00")
itb.taper_schedule(itb.Mass("400 mcg"), "0 mcg/day", "14 day")
itb.pk_profile([itb.Volume("1 mL")], bolus="100 mcg")
itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", risk_factors=["fever"])
itb.reconcile("20 mL", "60 day", "3 mL", flow_rate="0.25 mL/day", risk_factors=itb.RiskFactor.PRIOR_WITHDRAWAL)
itb.programming_check("500 mcg/day", "500 mcg/mL", itb.DoseRate("2000 mcg/day"))
itb.triage(["fever"])
itb.triage("seizures")
itb.signs("overdoses")
itb.patient_check(route="Oral")
itb.patient_check(profile="us", age_years="65")
itb.monitoring_plan("weekly")
"""


def test_mypy_refuses_unit_mistakes(tmp_path: Path) -> None:
    source = tmp_path / "mistakes.py"
    source.write_text(MISTAKES)
    cache = os.environ.get("MYPY_CACHE_DIR") or str(tmp_path / "cache")
    out, err, status = mypy_api.run(["--strict", "--cache-dir", cache, str(source)])
    assert status == 1, out + err
    lines = {int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line}
    assert lines == set(range(2, 26)), out
    assert '"Mass"; expected "DoseRate | str"' in out
    # the ids are Literal types: a misspelt profile, origin or rule is refused before running
    assert "\"screening_plan\" has incompatible type \"Literal['US']\"; expected \"Literal['us', 'uk']\"" in out
    assert "\"Literal['Spinal']\"; expected \"Literal['spinal', 'cerebral']\"" in out
    assert 'Argument 3 to "titrate" has incompatible type "str"; expected "float"' in out
    # a pump or catheter id is a Literal too; a mass is not a concentration
    assert "\"refill_plan\" has incompatible type \"Literal['SynchroMed_II_20']\"" in out
    assert '"Mass"; expected "Concentration | str"' in out
    assert "\"Literal['ascenda']\"; expected \"Literal['prometra_ii'] | None\"" in out
    # version 2: a mass is not a daily dose, a volume not a time; a risk factor is one of the
    # ids, and a list of them (a text or a single member is not one)
    assert '"Mass"; expected "DoseRate | str"' in out
    assert 'List item 0 has incompatible type "Volume"' in out
    assert "List item 0 has incompatible type \"Literal['fever']\"" in out
    assert '"risk_factors" to "reconcile" has incompatible type "RiskFactor"; expected "Sequence[' in out
    assert '"DoseRate"; expected "Concentration | str"' in out
    # the knowledge operations: a sign, a list, a route and a phase are ids; signs are a list of
    # them (a text is not one); an age is a plain number
    assert "List item 0 has incompatible type \"Literal['fever']\"; expected \"Literal['hypotonia', " in out
    assert 'Argument 1 to "triage" has incompatible type "str"; expected "Sequence[' in out
    assert "\"signs\" has incompatible type \"Literal['overdoses']\"" in out
    assert "\"route\" to \"patient_check\" has incompatible type \"Literal['Oral']\"" in out
    assert '"age_years" to "patient_check" has incompatible type "str"' in out
    assert "\"monitoring_plan\" has incompatible type \"Literal['weekly']\"" in out
