"""``import triviaparse`` is light: its public names are imported on first use (PEP 562)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import triviaparse


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def test_importing_the_package_loads_none_of_its_modules_nor_attrs() -> None:
    loaded = _modules_after("import triviaparse")
    assert "triviaparse" in loaded
    heavy = {"attrs", "attr", "typing", "lxml", "bs4", "pathlib", "datetime"}
    assert sorted(m for m in loaded if m.startswith("triviaparse.")) == []
    assert sorted(loaded & heavy) == []


def test_first_use_of_parse_loads_no_reader_it_does_not_need() -> None:
    loaded = _modules_after(
        "import triviaparse\ntriviaparse.parse('A fact.\\n1 of 1 found this interesting')"
    )
    assert "triviaparse.readers.text" in loaded
    assert "triviaparse.readers.classic" not in loaded
    assert "triviaparse.readers.datafile" not in loaded
    assert "lxml" not in loaded


@pytest.mark.parametrize("name", triviaparse.__all__)
def test_every_public_name_resolves_and_is_listed(name: str) -> None:
    assert getattr(triviaparse, name) is not None
    assert name in dir(triviaparse)


def test_a_public_name_is_the_object_of_its_home_module() -> None:
    from triviaparse.api import parse
    from triviaparse.model import TriviaPage

    assert triviaparse.parse is parse
    assert triviaparse.TriviaPage is TriviaPage


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        triviaparse.nope  # noqa: B018
