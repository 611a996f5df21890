"""What a person gets when they select a whole saved page in a browser and copy it.

A small emulation of the DOM's ``innerText`` (block elements start new lines, ``<br>``
breaks a line, ``<p>`` leaves a blank line, whitespace collapses, scripts and form fields
vanish), plus the dumps of the real text-mode browsers w3m and lynx when they are installed.
Tests use it to check that a page read as raw text gives the items the HTML gives.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import lxml.html

_SKIP = {
    "script",
    "style",
    "noscript",
    "head",
    "title",
    "meta",
    "link",
    "iframe",
    "select",
    "option",
    "input",
    "textarea",
    "svg",
    "template",
    "object",
    "embed",
}
_BLOCK = {
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "form",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "hr",
    "main",
    "aside",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tbody",
    "thead",
}
_PARAGRAPH = {"p"}
_SPACE = re.compile(r"[ \t\r\n\f]+")


def inner_text(html: bytes | str) -> str:
    """The text a browser copies from the whole page (an approximation of innerText).

    As in the DOM's algorithm, a block boundary asks for one line break and a ``<p>`` for
    two; neighbouring requests collapse into the largest, and a ``<br>`` already at the end of
    a line satisfies one.
    """
    root = lxml.html.fromstring(html)
    out: list[str | int] = []  # text, or the number of line breaks a boundary asks for

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not isinstance(el.tag, str):
            if el.tail:
                out.append(_SPACE.sub(" ", el.tail))
            return
        if tag == "br":
            out.append("\n")
        elif tag in _BLOCK:
            out.append(1)
        elif tag in _PARAGRAPH:
            out.append(2)
        if tag == "img" and el.get("alt"):
            out.append(el.get("alt", ""))
        if el.text:
            out.append(_SPACE.sub(" ", el.text))
        for child in el:
            walk(child)
        if tag in _BLOCK:
            out.append(1)
        elif tag in _PARAGRAPH:
            out.append(2)
        if el.tail:
            out.append(_SPACE.sub(" ", el.tail))

    walk(root)
    return _join(out)


def _join(out: list[str | int]) -> str:
    """The walk's pieces as text: each run of boundaries gives its largest number of breaks."""
    text: list[str] = []
    pending = 0
    for piece in out:
        if isinstance(piece, int):
            pending = max(pending, piece)
            continue
        if not piece.strip(" ") and piece != "\n":
            if not pending:
                text.append(piece)
            continue
        if pending:
            ends_with_break = "".join(text[-1:]).endswith("\n")
            text.append("\n" * (pending - ends_with_break))
            pending = 0
        text.append(piece)
    lines = [line.strip(" ") for line in "".join(text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def text_browser_dump(html: bytes, browser: str, width: int) -> str | None:
    """``w3m -dump`` or ``lynx -dump`` of ``html`` at ``width`` columns; None if not installed."""
    exe = shutil.which(browser)
    if exe is None:
        return None
    if browser == "w3m":
        cmd = [exe, "-dump", "-T", "text/html", "-cols", str(width), "-O", "UTF-8"]
    else:
        cmd = [
            exe,
            "-dump",
            "-nolist",
            f"-width={width}",
            "-assume_charset=utf-8",
            "-display_charset=utf-8",
            "-stdin",
        ]
    proc = subprocess.run(cmd, input=html, capture_output=True, timeout=120, check=True)
    return proc.stdout.decode("utf-8", "replace")
