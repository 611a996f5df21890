"""The testing kit: golden files (:mod:`.golden`), renderings (:mod:`.render`), hypothesis
strategies (:mod:`.strategies`) and the opt-in pytest plugin (:mod:`.plugin`).

``render`` and ``golden`` need neither pytest nor hypothesis, ``strategies`` needs hypothesis
only; importing any of them never imports pytest. Under pytest, this package is also the
plugin's short name: ``pytest -p triviaparse.testing`` or
``pytest_plugins = ["triviaparse.testing"]`` registers the hooks of :mod:`.plugin`.
"""

from __future__ import annotations

import sys

__all__: list[str] = []

if sys.modules.get("pytest") is not None:  # loaded by pytest: expose the plugin's hooks
    from .plugin import GoldenChecker as GoldenChecker
    from .plugin import GoldenMismatch as GoldenMismatch
    from .plugin import pytest_addoption as pytest_addoption
    from .plugin import pytest_collect_file as pytest_collect_file
    from .plugin import pytest_configure as pytest_configure
    from .plugin import pytest_terminal_summary as pytest_terminal_summary
    from .plugin import trivia_golden as trivia_golden

    __all__ = ["GoldenChecker", "GoldenMismatch", "trivia_golden"]
