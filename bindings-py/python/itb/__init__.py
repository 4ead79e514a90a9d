"""itb: unit-safe intrathecal baclofen (ITB) computations.

Every number carries its unit, every limit crossed comes back as a finding, and every bad input
raises an error that names the field, the value and what is allowed::

    >>> import itb
    >>> dv = itb.daily_volume("500 mcg/day", itb.Concentration("10 mg/5 mL"))
    >>> dv.flow_rate.to("mL/day")
    0.25
    >>> str(dv.flow_rate)
    '0.25 mL/day'
    >>> itb.Concentration(2)
    Traceback (most recent call last):
    itb.UnitError: concentration: 2 has no unit; a bare number is never a dose. ...

How it is built: the computations are the Rust core's. Quantities are read, checked, converted
and formatted by the core (``itb._native``). Every function that returns a result object calls
the core's typed operation directly (no JSON): the core checks every argument in the protocol's
order and resolves every default left as None, and the native module builds the result object
from the core's typed result. A function gives exactly the protocol's numbers, findings (with
the value that raised each and the limit it crossed) and errors; its ``to_dict()`` writes the
protocol's response from its fields, equal to :func:`evaluate`'s, which speaks the protocol
itself. :func:`daily_volume_array` and :func:`days_to_alarm_array` run the core's rules over
numpy arrays. Pumps and refills: :func:`flex_daily_dose`, :func:`night_boost`,
:func:`refill_plan` (with alarm and due dates), :func:`reconcile`, :func:`bridge_bolus`,
:func:`catheter_volume`, :func:`constant_flow_fill`, :func:`programming_check`. Schedules:
:func:`titration_schedule`, :func:`taper_schedule`. CSF estimates: :func:`pk_profile`. The
labels' knowledge: :func:`signs` (the signs of overdose, withdrawal and pump problems, with what
to do) and :func:`triage`, :func:`interactions`, :func:`patient_check`, :func:`monitoring_plan`.
"""

from __future__ import annotations

from . import _native
from . import columns as columns
from ._dosing import (
    DailyVolume,
    DoseStep,
    InitialDose,
    InitialRule,
    Origin,
    Phase,
    Profile,
    ScreeningDose,
    ScreeningPlan,
    TaperSchedule,
    Titration,
    TitrationSchedule,
    daily_volume,
    daily_volume_array,
    initial_daily_dose,
    screening_plan,
    taper_schedule,
    titrate,
    titration_schedule,
)
from ._errors import InputError, ItbError, RequestError, UnitError
from ._interactions import DrugClass, Interaction, InteractionCheck, InteractionSeverity, interactions
from ._monitoring import MonitoringItem, MonitoringPhase, MonitoringPlan, monitoring_plan
from ._patient import PatientCheck, RiskFactor, Route, patient_check
from ._pharmacokinetics import PkPoint, PkProfile, pk_profile
from ._products import Containers, Dilution, Product, Products, containers, dilution, products
from ._protocol import evaluate
from ._pumps import (
    Bridge,
    CatheterVolume,
    ConstantFlowFill,
    CustomPump,
    FlexDose,
    FlexStep,
    NightBoost,
    ProgrammingCheck,
    Pump,
    PumpModel,
    Reconciliation,
    RefillContainers,
    RefillPlan,
    Step,
    bridge_bolus,
    catheter_volume,
    constant_flow_fill,
    days_to_alarm_array,
    flex_daily_dose,
    night_boost,
    programming_check,
    reconcile,
    refill_plan,
)
from ._quantities import (
    Concentration,
    Count,
    DoseRate,
    Duration,
    FlowRate,
    Length,
    Mass,
    Quantity,
    Ratio,
    Volume,
    VolumePerLength,
    convert,
)
from ._results import Finding
from ._signs import Action, Match, Sign, SignCode, SignList, SignListId, Triage, signs, triage

__version__: str = _native.__version__

__all__ = [
    "Action",
    "Bridge",
    "CatheterVolume",
    "Concentration",
    "ConstantFlowFill",
    "Containers",
    "Count",
    "CustomPump",
    "DailyVolume",
    "Dilution",
    "DoseRate",
    "DoseStep",
    "DrugClass",
    "Duration",
    "Finding",
    "FlexDose",
    "FlexStep",
    "FlowRate",
    "InitialDose",
    "InitialRule",
    "InputError",
    "Interaction",
    "InteractionCheck",
    "InteractionSeverity",
    "ItbError",
    "Length",
    "Mass",
    "Match",
    "MonitoringItem",
    "MonitoringPhase",
    "MonitoringPlan",
    "NightBoost",
    "Origin",
    "PatientCheck",
    "Phase",
    "PkPoint",
    "PkProfile",
    "Product",
    "Products",
    "Profile",
    "ProgrammingCheck",
    "Pump",
    "PumpModel",
    "Quantity",
    "Ratio",
    "Reconciliation",
    "RefillContainers",
    "RefillPlan",
    "RequestError",
    "RiskFactor",
    "Route",
    "ScreeningDose",
    "ScreeningPlan",
    "Sign",
    "SignCode",
    "SignList",
    "SignListId",
    "Step",
    "TaperSchedule",
    "Titration",
    "TitrationSchedule",
    "Triage",
    "UnitError",
    "Volume",
    "VolumePerLength",
    "__version__",
    "bridge_bolus",
    "catheter_volume",
    "constant_flow_fill",
    "containers",
    "convert",
    "daily_volume",
    "daily_volume_array",
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
    "reconcile",
    "refill_plan",
    "screening_plan",
    "signs",
    "taper_schedule",
    "titrate",
    "titration_schedule",
    "triage",
]
