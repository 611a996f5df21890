"""Wrap a page the way the Wayback Machine replays it and the way Chrome saves it as one file.

``wayback(html)`` rewrites every URL as the archive does (``/web/<stamp>/http://…`` for
root-relative links, ``https://web.archive.org/web/<stamp>/…`` for absolute ones, ``im_``,
``js_`` and ``cs_`` for images, scripts and style sheets), inserts the archive's head scripts,
its toolbar after ``<body>`` and the closing "FILE ARCHIVED ON" comment. ``mhtml(html)`` is a
``multipart/related`` message with the page as a quoted-printable ``text/html`` part, followed
by a style sheet and an image, as Chrome's "Webpage, Single File" writes. Both are written
for these tests from the archive's and Chrome's published formats.
"""

from __future__ import annotations

import base64
import quopri
import re
from datetime import datetime
from urllib.parse import urljoin

STAMP = "20160226052332"
PAGE_URL = "http://www.imdb.com/title/tt9900001/trivia"
CAPTURED = "2016-02-26T05:23:32Z"

_ATTR_URL = re.compile(
    r"""(<(?P<tag>[a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?\s(?P<attr>href|src)=)"""
    r"""(?P<q>["'])(?P<url>[^"'<>]*)(?P=q)"""
)
_BODY = re.compile(r"<body\b[^<>]*>", re.I)
_HEAD = re.compile(r"<head\b[^<>]*>", re.I)


def _when(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%d%H%M%S")


def _rewrite(m: re.Match[str], stamp: str, page_url: str) -> str:
    url = m.group("url")
    if not url or url.startswith(("#", "javascript:", "data:", "mailto:")):
        return m.group(0)
    tag = m.group("tag").lower()
    mod = {"img": "im_", "script": "js_", "link": "cs_" if "stylesheet" in m.group(0) else ""}
    prefix = f"/web/{stamp}{mod.get(tag, '')}/"
    absolute = url.startswith(("http://", "https://", "//"))
    target = urljoin(page_url, url)
    rewritten = f"https://web.archive.org{prefix}{target}" if absolute else f"{prefix}{target}"
    q = m.group("q")
    return f"{m.group(1)}{q}{rewritten}{q}"


def _head_scripts(stamp: str, page_url: str) -> str:
    return (
        '<script src="//archive.org/includes/athena.js" type="text/javascript"></script>\n'
        '<script type="text/javascript">window.addEventListener("DOMContentLoaded",function()'
        "{var v=archive_analytics.values;v.service='wb';v.server_name='wwwb-app220';"
        "v.server_ms=402;archive_analytics.send_pageview({});});</script>\n"
        '<script type="text/javascript" src="/_static/js/bundle-playback.js?v=1" '
        'charset="utf-8"></script>\n'
        '<script type="text/javascript" src="/_static/js/wombat.js?v=1" charset="utf-8">'
        "</script>\n"
        '<script type="text/javascript">\n  __wm.init("https://web.archive.org/web");\n'
        f'  __wm.wombat("{page_url}","{stamp}","https://web.archive.org/","web",'
        '"/_static/",\n              "1456464212");\n</script>\n'
        '<link rel="stylesheet" type="text/css" href="/_static/css/banner-styles.css?v=1" />\n'
        '<link rel="stylesheet" type="text/css" href="/_static/css/iconochive.css?v=1" />\n'
        "<!-- End Wayback Rewrite JS Include -->\n"
    )


def toolbar(stamp: str = STAMP, page_url: str = PAGE_URL) -> str:
    """The archive's toolbar, as it stands after ``<body>``."""
    when = _when(stamp)
    here = when.strftime("%H:%M:%S %b %d, %Y")
    month = when.strftime("%b").upper()
    other = f"https://web.archive.org/web/{int(stamp[:8]) - 100}000000/{page_url}"
    return (
        "<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n<script>__wm.rw(0);</script>\n"
        '<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;">'
        '<div id="wm-ipp" style="position:fixed;left:0;top:0;right:0;">'
        '<div id="wm-ipp-inside"><div id="wm-toolbar">'
        '<div id="wm-logo"><a href="/web/" title="Wayback Machine home page">'
        '<img src="/_static/images/toolbar/wayback-toolbar-logo-200.png" '
        'alt="Wayback Machine" /></a></div>'
        '<div class="c"><form class="u" target="_top" method="get" action="/web/submit" '
        f'name="wmtb" id="wmtb"><input type="text" name="url" id="wmtbURL" value="{page_url}"'
        f' /><input type="hidden" name="date" value="{stamp}" />'
        '<input type="submit" value="Go" /></form>'
        '<div class="s" id="wm-nav-captures">'
        f'<a class="t" href="/web/{stamp}*/{page_url}" title="See a list of every capture">'
        "1,234 captures</a>"
        f'<div class="r" title="Timespan">16 Jun 2000 - {when:%d %b %Y}</div></div></div>'
        '<div class="n"><table><tbody>'
        f'<tr class="m"><td class="b"><a href="{other}"><strong>Jan</strong></a></td>'
        f'<td class="c" id="displayMonthEl" title="You are here: {here}">{month}</td>'
        '<td class="f"><a href="/web/20160326000000/' + page_url + '"><strong>Mar</strong>'
        "</a></td></tr>"
        f'<tr class="d"><td class="b"><a href="{other}"><img src="/_static/images/toolbar/'
        'wm_tb_prv_on.png" alt="Previous capture" /></a></td>'
        f'<td class="c" id="displayDayEl" title="You are here: {here}">{when.day}</td>'
        '<td class="f"><img src="/_static/images/toolbar/wm_tb_nxt_off.png" '
        'alt="Next capture" /></td></tr>'
        f'<tr class="y"><td class="b"><a href="{other}"><strong>{when.year - 1}</strong></a>'
        f'</td><td class="c" id="displayYearEl">{when.year}</td>'
        f'<td class="f"><strong>{when.year + 1}</strong></td></tr>'
        "</tbody></table></div>"
        '<div class="r"><div id="wm-btns"><a href="#close" id="wm-tb-close" '
        'title="Close the toolbar"><img src="/_static/images/toolbar/wm_tb_close.png" '
        'alt="Close the toolbar" /></a><a href="#help" id="wm-tb-help">'
        '<img src="/_static/images/toolbar/wm_tb_help.png" alt="Help" /></a></div></div>'
        "</div></div>"
        '<div id="wm-capinfo" style="display:none">'
        '<div id="wm-capinfo-collected-by"><div>COLLECTED BY</div>'
        '<div>Organization: <a href="https://archive.org/details/alexacrawls">'
        "Alexa Crawls</a><div>Starting in 1996, Alexa Internet has been donating their "
        "crawl data to the Internet Archive.</div></div></div>"
        '<div id="wm-capinfo-timestamps"><div>TIMESTAMPS</div>'
        '<div id="wm-capresources-loading"><img src="/_static/images/loading.gif" '
        'alt="loading" /></div></div></div></div></div>'
        f'<div id="wm-ipp-print">The Wayback Machine - https://web.archive.org/web/{stamp}/'
        f"{page_url}</div>\n"
        '<script type="text/javascript">//<![CDATA[\n'
        f'__wm.bt(725,27,25,2,"web","{page_url}","{stamp}",1996,"/_static/",'
        '["/_static/css/banner-styles.css?v=1"]);\n  __wm.rw(1);\n//]]></script>\n'
        "<!-- END WAYBACK TOOLBAR INSERT -->\n"
    )


def closing_comment(stamp: str = STAMP) -> str:
    """The comment the archive appends after the page."""
    return (
        "\n<!--\n     FILE ARCHIVED ON "
        f"{_when(stamp):%H:%M:%S %b %d, %Y} AND RETRIEVED FROM THE\n"
        "     INTERNET ARCHIVE ON 10:11:12 Dec 05, 2026.\n"
        "     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.\n\n"
        "     ALL OTHER CONTENT MAY ALSO BE PROTECTED BY COPYRIGHT (17 U.S.C.\n"
        "     SECTION 108(a)(3)).\n-->\n<!--\nplayback timings (ms):\n"
        "  captures_list: 0.61\n  exclusion.robots: 0.02\n  load_resource: 113.2\n-->"
    )


def wayback(html: str, *, stamp: str = STAMP, page_url: str = PAGE_URL) -> str:
    """``html`` as the Wayback Machine replays a capture of ``page_url`` taken at ``stamp``."""
    out = _ATTR_URL.sub(lambda m: _rewrite(m, stamp, page_url), html)
    head = _HEAD.search(out)
    if head is None:
        raise ValueError("the page has no <head>")
    out = out[: head.end()] + _head_scripts(stamp, page_url) + out[head.end() :]
    body = _BODY.search(out)
    if body is None:
        raise ValueError("the page has no <body>")
    out = out[: body.end()] + toolbar(stamp, page_url) + out[body.end() :]
    return out.rstrip("\n") + closing_comment(stamp) + "\n"


def toolbar_text(stamp: str = STAMP, page_url: str = PAGE_URL) -> str:
    """The toolbar's lines in a browser's select-all copy of a replayed page."""
    when = _when(stamp)
    return (
        "\n".join(
            [
                f"The Wayback Machine - https://web.archive.org/web/{stamp}/{page_url}",
                "Go",
                "1,234 captures",
                f"16 Jun 2000 - {when:%d %b %Y}",
                "",
                f"Jan\t{when:%b}\tMar".upper(),
                "",
                "",
                f"{when.day}",
                "",
                f"{when.year - 1}\t{when.year}\t{when.year + 1}",
                "",
                "success",
                "fail",
                "",
                "About this capture",
                "COLLECTED BY",
                "Organization: Alexa Crawls",
                "Starting in 1996, Alexa Internet has been donating their crawl data to the "
                "Internet Archive.",
                "Collection: Alexa Crawls DE",
                "TIMESTAMPS",
                "loading",
                "",
            ]
        )
        + "\n"
    )


BOUNDARY = "----MultipartBoundary--Xq2mjkJY4NwKFaTNqvZoz1h0kI3vbhYvLg46kWkHgG----"
SAVED = "Fri, 26 Feb 2016 05:23:32 -0000"


def mhtml(html: str, *, url: str = PAGE_URL, date: str = SAVED) -> bytes:
    """``html`` (UTF-8) as Chrome's "Webpage, Single File" saves it: MIME headers, the page as
    quoted-printable ``text/html``, then a style sheet and an image part."""
    body = quopri.encodestring(html.encode("utf-8")).decode("ascii")
    image = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(range(64))).decode("ascii")
    parts = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {url}",
        "Subject: =?utf-8?Q?The=20Lantern=20Keeper=20(2024)=20-=20Trivia=20-=20IMDb?=",
        f"Date: {date}",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{BOUNDARY}"',
        "",
        "",
        f"--{BOUNDARY}",
        "Content-Type: text/html",
        "Content-ID: <frame-6A0FC2A1B2C3D4E5F6A7B8C9D0E1F2A3@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {url}",
        "",
        body.rstrip("\n").replace("\n", "\r\n"),
        f"--{BOUNDARY}",
        "Content-Type: text/css",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: cid:css-0a1b2c3d@mhtml.blink",
        "",
        "@charset =22utf-8=22;=0A.ipc-title__text { font-weight: 600; }",
        f"--{BOUNDARY}",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-Location: https://m.media-amazon.com/images/G/01/imdb/images/logo.png",
        "",
        image.rstrip("\n").replace("\n", "\r\n"),
        f"--{BOUNDARY}--",
        "",
    ]
    return "\r\n".join(parts).encode("ascii")
