"""Suite-wide setup: the golden-fixture plugin, pytester, and the hypothesis profiles.

Profiles (docs/testing.md), all with no example database, so nothing a run finds is replayed
by the next one: "dev" is fast and the default; "ci" is thorough; both are derandomized (the
same examples on every run, so the README's test command gives the same verdict in every
clone). "explore" is opt-in: new random examples on each run, to look for new failures.
``TRIVIAPARSE_HYPOTHESIS_PROFILE`` chooses one (so does hypothesis's own
``--hypothesis-profile``); unset, ``CI=true`` chooses "ci".
"""

from __future__ import annotations

import os
from typing import Any

pytest_plugins = ["triviaparse.testing", "pytester"]

#: The fewest examples a property runs under each profile (the profile's ``max_examples``).
#: Cheap properties run a multiple of it: ``examples(scale)`` in tests/test_properties.py.
#: "ci" is sized so that the whole suite stays within CI's 15 minutes on two cores on a slow
#: day (3,000 took 18 minutes on this project's VM on 2026-12-07).
EXAMPLES = {"dev": 60, "ci": 2000, "explore": 600}


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

    return settings(
        max_examples=settings.default.max_examples * scale,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


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
    # derandomize and no database: a profile's verdict depends on the code only, never on the
    # machine, the run or what an earlier run found; a red run reproduces with the same command.
    settings.register_profile(
        "dev",
        parent=_base,
        max_examples=EXAMPLES["dev"],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile(
        "ci",
        parent=_base,
        max_examples=EXAMPLES["ci"],
        deadline=None,
        print_blob=True,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    # Random exploration, opt-in: other examples on every run. A failure prints the example
    # and a @reproduce_failure blob; it is not stored, so turn it into an example test.
    settings.register_profile(
        "explore",
        parent=_base,
        max_examples=EXAMPLES["explore"],
        deadline=None,
        print_blob=True,
        derandomize=False,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    settings.load_profile(hypothesis_profile())


def pytest_report_header(config: Any) -> str | None:
    """Name the profile in the header of every run (hypothesis's own line needs ``-v``)."""
    try:
        from hypothesis import settings
    except ImportError:
        return None
    name = config.getoption("--hypothesis-profile", None) or hypothesis_profile()
    current = settings.default
    order = "derandomized" if current.derandomize else "random"
    return (
        f"triviaparse hypothesis profile: {name!r} "
        f"({current.max_examples} examples per property at least, {order})"
    )
