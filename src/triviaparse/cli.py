"""The ``triviaparse`` command line. ``main(argv) -> int`` is testable in-process."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence

from . import __version__, _docs
from .api import FORMATS, parse, parse_file
from .errors import TriviaparseError
from .model import TriviaPage
from .serialize import to_dict

__all__ = ["main", "run"]

#: What is said of a URL given where a saved page is expected (exit status 2).
URL_MESSAGE = "triviaparse reads saved pages; save the page first"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _url_argument(args: Sequence[str], prog: str) -> bool:
    """Say so (one line) and return True when an argument is a URL, not a saved file."""
    for arg in args:
        if _URL.match(arg) and not os.path.lexists(arg):
            print(f"{prog}: {URL_MESSAGE}: {arg}", file=sys.stderr)
            return True
    return False


class _OutputFailed(Exception):
    """Writing standard output failed (a closed pipe, a full disk…)."""


def _emit(text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to standard output as ``encoding`` (what cannot be encoded is
    replaced, lone surrogates by U+FFFD); a failed write raises :class:`_OutputFailed`."""
    from .batch.formats import encodable
    from .batch.output import write_all

    data = encodable(text).encode(encoding, "replace")
    try:
        sys.stdout.flush()
        raw = getattr(sys.stdout, "buffer", None)
        if raw is not None:
            write_all(raw, data)
        else:
            sys.stdout.write(data.decode(encoding))
        sys.stdout.flush()
    except OSError as exc:
        raise _OutputFailed(exc.strerror or str(exc)) from exc


def _read_page(args: argparse.Namespace, **kw: object) -> TriviaPage:
    if args.file == "-":
        return parse(sys.stdin.buffer.read(), source="<stdin>", **kw)  # type: ignore[arg-type]
    return parse_file(args.file, **kw)  # type: ignore[arg-type]


def _not_a_page(page: TriviaPage) -> tuple[str, str] | None:
    """(code, message) when ``convert`` would write this page as an error record."""
    from .batch.convert import _failure  # the one rule of what counts as failed

    return _failure(page)


def _cmd_parse(args: argparse.Namespace) -> int:
    if _url_argument([args.file], "triviaparse"):
        return 2
    try:
        page = _read_page(args, format=args.format, strict=args.strict)
    except (TriviaparseError, OSError) as exc:
        print(f"triviaparse: {exc}", file=sys.stderr)
        return 1
    failed = _not_a_page(page)
    if failed is not None:
        name = "<stdin>" if args.file == "-" else args.file
        print(f"triviaparse: {name}: {failed[1]} ({failed[0]})", file=sys.stderr)
        return 1
    _emit(json.dumps(to_dict(page), ensure_ascii=False, indent=2 if args.pretty else None) + "\n")
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from .batch import ConvertOptions, run_convert  # keeps `parse` startup light
    from .batch.engine import DEFAULT_PAGE_TIMEOUT

    if _url_argument(args.inputs, "triviaparse convert"):
        return 2
    if args.output == "-":
        args.output = None
    fmt = _output_format(args)
    usage = _convert_usage_error(args, fmt)
    if usage is not None:
        print(f"triviaparse convert: {usage}", file=sys.stderr)
        return 2
    jobs = args.jobs if args.jobs is not None else _cores()
    timeout = DEFAULT_PAGE_TIMEOUT if args.page_timeout is None else args.page_timeout
    opts = ConvertOptions(
        inputs=args.inputs,
        output=args.output,
        fmt=fmt,
        jobs=jobs,
        strict=args.strict,
        resume=args.resume,
        fail_fast=args.fail_fast,
        quiet=args.quiet,
        verbose=args.verbose,
        page_timeout=timeout or None,
    )
    with _term_as_interrupt():
        try:
            summary = run_convert(opts)
        except KeyboardInterrupt:  # before the first record (e.g. while resuming)
            print("triviaparse convert: interrupted", file=sys.stderr)
            return 130
    if summary.interrupted and args.output is None:
        try:
            sys.stdout.flush()
        except OSError:
            _silence_stdout()
        if summary.write_error is not None:
            _silence_stdout()  # what is still buffered can never be written
    return summary.exit_code


def _output_format(args: argparse.Namespace) -> str:
    """``--format``, or the one the output's extension names (JSON Lines by default)."""
    if args.format is not None:
        return str(args.format)
    ext = os.path.splitext(args.output or "")[1].lower()
    return {".csv": "csv", ".json": "json", ".parquet": "parquet"}.get(ext, "jsonl")


def _convert_usage_error(args: argparse.Namespace, fmt: str) -> str | None:
    """What is wrong with the options of ``convert`` (exit status 2), or None."""
    if fmt == "parquet" and (args.output in (None, "-") or args.resume):
        return (
            "--format parquet needs -o FILE and cannot --resume (a Parquet file is written whole)"
        )
    if args.resume and args.output is None:
        return "--resume needs -o OUTPUT"
    if args.jobs is not None and args.jobs < 1:
        return "-j needs a number of workers >= 1"
    if args.page_timeout is not None and not args.page_timeout >= 0:
        return "--page-timeout needs a number of seconds >= 0"
    return None


@contextlib.contextmanager
def _term_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C, so a terminated run still leaves its records flushed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _silence_stdout() -> None:
    """After a closed pipe (`| head`) or a failed write, send the rest to the null device so
    that exit stays quiet."""
    try:
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS says, else all)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _votes(page: TriviaPage, i: int) -> str:
    v = page.items[i].votes
    return f"{v.interested}/{v.total}" if v is not None else ""


def _cmd_show(args: argparse.Namespace) -> int:
    if _url_argument([args.file], "triviaparse"):
        return 2
    try:
        page = _read_page(args)
    except OSError as exc:
        print(f"triviaparse: {exc}", file=sys.stderr)
        return 1
    lines = _table(page)
    _emit(
        "".join(line + "\n" for line in lines),
        encoding=getattr(sys.stdout, "encoding", None) or "utf-8",
    )
    failed = _not_a_page(page)
    if failed is not None:
        name = "<stdin>" if args.file == "-" else args.file
        print(f"triviaparse: {name}: {failed[1]} ({failed[0]})", file=sys.stderr)
        return 1
    return 0


def _table(page: TriviaPage) -> list[str]:
    """What ``show`` prints: a heading, the counts, the problems and the items' table."""
    import shutil  # only `show` needs it

    out: list[str] = []
    width = max(shutil.get_terminal_size((100, 24)).columns, 60)
    title = page.title or "(untitled)"
    year = f" ({page.year})" if page.year else ""
    out.append(f"{title}{year}  {page.imdb_id or ''}".rstrip())
    spoilers = sum(1 for i in page.items if i.is_spoiler)
    categories = len({i.category for i in page.items})
    declared = f", {page.declared_total} declared" if page.declared_total is not None else ""
    out.append(
        f"{page.page_kind} page read from {page.source_format}: "
        f"{_n(len(page.items), 'item')}{declared}, {_n(spoilers, 'spoiler')}, "
        f"{_n(categories, 'category', 'categories')}, {_n(len(page.problems), 'problem')}"
    )
    for p in page.problems:
        out.append(f"  problem {p.code}: {p.message}")
    if page.items:
        cat_w = min(max(len("category"), *(len(i.category) for i in page.items)), 24)
        votes_w = max(len("votes"), *(len(_votes(page, n)) for n in range(len(page.items))))
        num_w = len(str(len(page.items)))
        text_w = max(width - (num_w + cat_w + 7 + votes_w + 4 * 2) - 1, 20)
        out.append(f"{'#':>{num_w}}  {'category':<{cat_w}}  spoiler  {'votes':>{votes_w}}  text")
        for n, item in enumerate(page.items):
            text = " ".join(item.text.split())
            if len(text) > text_w:
                text = text[: text_w - 1] + "…"
            spoiler = "yes" if item.is_spoiler else ""
            out.append(
                f"{n + 1:>{num_w}}  {item.category[:cat_w]:<{cat_w}}  "
                f"{spoiler:<7}  {_votes(page, n):>{votes_w}}  {text}"
            )
    return out


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="triviaparse",
        description="Turn IMDb trivia pages (raw text or saved HTML) into typed records.",
        epilog="examples:\n"
        "  triviaparse parse tests/fixtures/text/browser_copy.txt --pretty\n"
        "  triviaparse show tests/fixtures/text/browser_copy.txt\n"
        "  triviaparse convert saved_pages/ crawl.warc.gz -o trivia.jsonl\n"
        "run 'triviaparse COMMAND --help' for each command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"triviaparse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "parse",
        help="parse one page and print it as JSON",
        description="Parse one page and print it as JSON. Exit status 1, with "
        "one line on standard error and nothing printed, when the "
        "file is not a trivia page or has no items (what convert "
        "writes as an error record); 2 for a URL.",
        epilog="examples:\n  triviaparse parse page.html --pretty\n"
        "  cat page.txt | triviaparse parse - --format text",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="the page (a path, or - for standard input)")
    p.add_argument(
        "--format", choices=FORMATS, default=None, help="force a layout instead of detecting it"
    )
    p.add_argument("--strict", action="store_true", help="fail on the first problem")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.set_defaults(func=_cmd_parse)

    c = sub.add_parser(
        "convert",
        help="convert many pages (folders, archives, WARC) to JSON Lines, JSON or CSV",
        description="Convert every page in INPUT... to one record each: the page, or an error "
        "record saying why it could not be read. Folders are walked (pages chosen "
        "by content), archives and WARC files read as streams.",
        epilog="examples:\n"
        "  triviaparse convert saved_pages/ -o trivia.jsonl\n"
        "  triviaparse convert 'pages/**/*.html' from_colleague.zip -o trivia.csv\n"
        "  triviaparse convert crawl-*.warc.gz -o trivia.jsonl -j 8\n"
        "  triviaparse convert pages.tar.gz --format json > trivia.json\n"
        "  cat page.html.gz | triviaparse convert -\n"
        "  triviaparse convert saved_pages/ -o trivia.jsonl --resume   # after Ctrl-C\n"
        "exit status: 0 every input converted; 1 some failed (all others converted), "
        "--fail-fast stopped, or the output could not be written (closed pipe, full "
        "disk); 2 usage error (a URL, -o a folder or one of the inputs); "
        "130 interrupted.\n"
        "The record format, every error code and the options at length: "
        "'triviaparse docs batch'.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a file, folder, glob pattern, - (standard input), .gz/.bz2/.xz file, "
        ".zip/.tar/.tar.gz archive or .warc/.warc.gz crawl",
    )
    c.add_argument(
        "-o",
        "--output",
        default=None,
        help="the output file (default, or -: standard output); a file is written "
        "as OUTPUT.partial and renamed when complete, through a symbolic link "
        "to its target; a FIFO or device is written directly",
    )
    c.add_argument(
        "--format",
        choices=("jsonl", "json", "csv", "parquet"),
        default=None,
        help="jsonl: one page per line (default); json: one document; "
        "csv: one item per row; parquet: one typed item per row, needs "
        "pyarrow (default from the -o suffix)",
    )
    c.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default: the number of cores); output order is "
        "the input order whatever N is",
    )
    c.add_argument(
        "--strict", action="store_true", help="any problem on a page makes it an error record"
    )
    c.add_argument(
        "--page-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="a page that takes longer becomes a 'timeout' error record and its "
        "worker is replaced (default: 60; 0: no limit, and with -j 1 pages "
        "are then converted in the main process)",
    )
    c.add_argument(
        "--resume", action="store_true", help="continue an interrupted run from OUTPUT.partial"
    )
    c.add_argument(
        "--fail-fast",
        action="store_true",
        help="stop at the first input that fails (its error record is written)",
    )
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    c.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list each file or member skipped as not a page, and why",
    )
    c.set_defaults(func=_cmd_convert)

    sh = sub.add_parser(
        "show",
        help="print one page for a person: title, counts, items",
        description="Print one page as a table: title, counts, and each item's "
        "category, spoiler flag, votes and text.",
        epilog="examples:\n  triviaparse show page.html\n"
        "  triviaparse show saved/tt1334260-trivia.txt | less -S",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sh.add_argument("file", help="the page (a path, or - for standard input)")
    sh.set_defaults(func=_cmd_show)

    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of the records",
        description="Print the JSON Schema (draft 2020-12) of a convert record "
        "(default) or of one page as 'parse' prints it.",
    )
    sc.add_argument(
        "--kind",
        choices=("record", "page"),
        default="record",
        help="record: one line of 'convert' output; page: 'parse' output",
    )
    sc.set_defaults(func=_cmd_schema)

    dc = sub.add_parser(
        "docs",
        help="print the documentation that ships with triviaparse",
        description="Print one page of the user documentation (Markdown).",
    )
    dc.add_argument(
        "topic", nargs="?", default=None, choices=_docs.TOPICS, help="which page (none: the list)"
    )
    dc.set_defaults(func=_cmd_docs)
    return parser


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import json_schema

    sys.stdout.write(json.dumps(json_schema(args.kind), indent=2) + "\n")
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    if args.topic is None:
        sys.stdout.write("".join(f"  triviaparse docs {t}\n" for t in _docs.TOPICS))
        return 0
    text = _docs.read(args.topic)
    if text is None:
        print(
            f"triviaparse: the '{args.topic}' documentation is not installed here", file=sys.stderr
        )
        return 1
    sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv``; returns the exit code (2 on a usage error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        code: int = args.func(args)
    except _OutputFailed as exc:
        _silence_stdout()
        print(f"triviaparse: cannot write standard output: {exc}", file=sys.stderr)
        return 1
    return code


def run() -> None:
    """Entry point of the console script."""
    sys.exit(main())
