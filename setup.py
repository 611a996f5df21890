"""Ships docs/*.md inside the package (triviaparse/docs/) so `triviaparse docs` works from a
wheel; everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithDocs(build_py):
    """build_py, plus a copy of the user docs into the built package."""

    def run(self) -> None:
        super().run()
        docs = Path(__file__).resolve().parent / "docs"
        if not docs.is_dir():  # building from an sdist that has no docs/
            return
        target = Path(self.build_lib) / "triviaparse" / "docs"
        target.mkdir(parents=True, exist_ok=True)
        for page in sorted(docs.glob("*.md")):
            shutil.copyfile(page, target / page.name)


setup(cmdclass={"build_py": BuildWithDocs})
