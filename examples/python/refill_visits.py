"""A pandas walk-through on the sample dataset: the refill plan of every visit, what each
interval between two visits shows, and one patient's dose history as a picture.

    pip install "itb-baclofen[pandas,plot]"
    python examples/python/refill_visits.py dose-history.png
"""

import sys

import matplotlib

matplotlib.use("Agg")  # files only, no window

import itb.datasets
import itb.pandas
import itb.plot

# 50,000 synthetic refill visits of 500 patients, with 0.5 % data-entry errors.
visits = itb.datasets.refill_visits(50_000, seed=7)

# Every visit's refill plan and, from a patient's second visit on, the interval since the last.
# errors="coerce": a bad row gets NaN and its error; every good row is computed.
history = itb.pandas.refill_history(visits, errors="coerce")

print("Bad rows, by error:")
counts = history["error_code"].value_counts()
print(counts[counts > 0].to_string())

late = history["late_after_alarm"].mean()  # booleans with NA on first visits: NA is skipped
print(f"\nVisits after the low-reservoir alarm: {late:.1%}")

under = history["reconcile_findings"].str.contains("under_delivery", na=False)
print(f"Intervals with under-delivery beyond the pump's accuracy: {under.sum():,}")

escalated = history[history["escalation"].fillna(False)]
print(f"Sudden dose escalations (look for a catheter or pump problem): {len(escalated):,}")
print(escalated[["patient_id", "refill_date", "dose_change_percent"]].head(3).to_string())

patient = escalated["patient_id"].iloc[0]
axes = itb.plot.dose_history(visits, patient)
axes.figure.savefig(sys.argv[1] if len(sys.argv) > 1 else "dose-history.png", dpi=100)
