"""A select-all copy of a React-era page, as a browser makes it: the suite's innerText emulation
and headless Chromium's own ``innerText``.

The saved fixtures carry none of IMDb's style sheets, and without them a browser runs the vote
counts and a heading's count into the text before them ("1.2K34", "Uncategorized5"). On the
live site IMDb's layout makes the title, the voting widget and the card's actions flex
containers, whose children a browser lays out (and copies) as blocks; both copies here apply
that one rule (``IMDB_LAYOUT_CSS``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import lxml.html

from .browser_text import inner_text

#: The part of IMDb's layout that decides where a copy breaks lines.
FLEX_CLASSES = ("ipc-title__text", "ipc-voting", "ipc-list-card__actions")
IMDB_LAYOUT_CSS = ",".join(f".{c}" for c in FLEX_CLASSES) + "{display:flex}"


def emulated_copy(html: str) -> str:
    """``inner_text`` of ``html`` laid out with ``IMDB_LAYOUT_CSS``: the children of a flex
    container (and its text, an anonymous flex item) are blocks."""
    root = lxml.html.document_fromstring(html)
    for cls in FLEX_CLASSES:
        for el in root.xpath(
            f'//*[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]'
        ):
            if el.text and el.text.strip():
                anon = lxml.html.Element("div")
                anon.text, el.text = el.text, None
                el.insert(0, anon)
            for child in list(el):
                if isinstance(child.tag, str):
                    child.tag = "div"
                    if child.tail and child.tail.strip():
                        anon = lxml.html.Element("div")
                        anon.text, child.tail = child.tail, None
                        child.addnext(anon)
    return inner_text(lxml.html.tostring(root, encoding="unicode"))


def chromium() -> str | None:
    """The headless Chromium executable, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


_GRAB = (
    "<script>document.documentElement.setAttribute('data-inner-text', "
    "document.body.innerText);</script>"
)


def chromium_copy(html: str) -> str | None:
    """``document.body.innerText`` of ``html`` (with ``IMDB_LAYOUT_CSS``) in headless
    Chromium; None where Chromium is not installed."""
    exe = chromium()
    if exe is None:
        return None
    page = html.replace("</head>", f"<style>{IMDB_LAYOUT_CSS}</style></head>", 1)
    page = page.replace("</body>", _GRAB + "</body>", 1) if "</body>" in page else page + _GRAB
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        profile = Path(tmp) / "profile"
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            path.as_uri(),
        ]
        env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
        proc = subprocess.run(cmd, capture_output=True, timeout=120, check=True, env=env)
    root = lxml.html.document_fromstring(proc.stdout.decode("utf-8"))
    text = root.get("data-inner-text")
    if text is None:
        raise RuntimeError("Chromium gave no innerText: " + proc.stderr.decode()[-500:])
    return str(text)
