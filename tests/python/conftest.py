"""pytest set-up for the itb Python tests."""

from hypothesis import settings

# No example database: a run leaves no .hypothesis directory in the checkout, and every run
# draws afresh (a failure prints its example, which is how to reproduce it).
settings.register_profile("itb", database=None)
settings.load_profile("itb")
