"""Suite-wide setup: the golden-fixture plugin, pytester, and the hypothesis profiles.

Profiles (docs/testing.md): "dev" is fast and the default; "ci" is thorough (thousands of
examples on the cheap properties, ``deadline=None``). ``TRIVIAPARSE_HYPOTHESIS_PROFILE``
chooses one; unset, ``CI=true`` chooses "ci".
"""

from __future__ import annotations

import os

pytest_plugins = ["triviaparse.testing", "pytester"]

#: How many examples a property runs under each profile; the property tests scale their own
#: ``max_examples`` from this (expensive properties take a fraction of it).
EXAMPLES = {"dev": 60, "ci": 3000}


def hypothesis_profile() -> str:
    """The profile this run uses: the env var, else "ci" on CI, else "dev"."""
    chosen = os.environ.get("TRIVIAPARSE_HYPOTHESIS_PROFILE", "").strip()
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI", "").strip().lower() == "true" else "dev"


try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the suite's property tests skip themselves without hypothesis
    pass
else:
    settings.register_profile(
        "dev", max_examples=EXAMPLES["dev"], deadline=None,
        suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile(
        "ci", max_examples=EXAMPLES["ci"], deadline=None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.load_profile(hypothesis_profile())
