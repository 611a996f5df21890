"""Suite-wide setup: the golden-fixture plugin, pytester, and the hypothesis profiles.

Profiles (docs/testing.md): "dev" is fast and the default; "ci" is thorough and repeatable:
every property runs at least 3,000 examples, the cheap ones two or three times that, the
same examples on every run. ``TRIVIAPARSE_HYPOTHESIS_PROFILE`` chooses one (so does
hypothesis's own ``--hypothesis-profile``); unset, ``CI=true`` chooses "ci".
"""

from __future__ import annotations

import os
from typing import Any

pytest_plugins = ["triviaparse.testing", "pytester"]

#: The fewest examples a property runs under each profile (the profile's ``max_examples``).
#: Cheap properties run a multiple of it: ``examples(scale)`` in tests/test_properties.py.
EXAMPLES = {"dev": 60, "ci": 3000}


def hypothesis_profile() -> str:
    """The profile this run uses: the env var, else "ci" on CI, else "dev"."""
    chosen = os.environ.get("TRIVIAPARSE_HYPOTHESIS_PROFILE", "").strip()
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI", "").strip().lower() == "true" else "dev"


def examples(scale: int = 1) -> Any:
    """Settings for a property: ``scale`` times the loaded profile's ``max_examples`` (cheap
    properties take more; none takes fewer). Read when the test module is imported, after the
    profile is loaded, so ``--hypothesis-profile`` counts too."""
    from hypothesis import HealthCheck, settings

    return settings(max_examples=settings.default.max_examples * scale,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the suite's property tests skip themselves without hypothesis
    pass
else:
    # Both start from hypothesis's "default" profile, so a profile means the same whichever
    # way it is chosen: hypothesis loads its own "ci" profile when it sees CI=true, and a
    # profile registered on top of that would inherit its settings there only.
    settings.load_profile("default")
    _base = settings.default
    settings.register_profile(
        "dev", parent=_base, max_examples=EXAMPLES["dev"], deadline=None,
        suppress_health_check=[HealthCheck.too_slow])
    # derandomize: every ci run (on CI or here) tries the same examples, so a red CI
    # reproduces; nothing is written to the example database.
    settings.register_profile(
        "ci", parent=_base, max_examples=EXAMPLES["ci"], deadline=None, print_blob=True,
        derandomize=True, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.load_profile(hypothesis_profile())
