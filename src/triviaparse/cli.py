"""The ``triviaparse`` command line. ``main(argv) -> int`` is testable in-process."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .api import FORMATS, parse, parse_file
from .errors import TriviaparseError
from .serialize import to_dict

__all__ = ["main", "run"]


def _cmd_parse(args: argparse.Namespace) -> int:
    try:
        if args.file == "-":
            page = parse(sys.stdin.buffer.read(), format=args.format, strict=args.strict,
                         source="<stdin>")
        else:
            page = parse_file(args.file, format=args.format, strict=args.strict)
    except TriviaparseError as exc:
        print(f"triviaparse: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"triviaparse: {exc}", file=sys.stderr)
        return 1
    json.dump(to_dict(page), sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="triviaparse",
        description="Turn IMDb trivia pages (raw text or saved HTML) into typed records.",
        epilog="example: triviaparse parse tests/fixtures/text/seedlike.txt --pretty",
    )
    parser.add_argument("--version", action="version", version=f"triviaparse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse one page and print it as JSON",
                       description="Parse one page and print it as JSON.",
                       epilog="examples:\n  triviaparse parse page.html --pretty\n"
                              "  cat page.txt | triviaparse parse - --format text",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help="the page (a path, or - for standard input)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="force a layout instead of detecting it")
    p.add_argument("--strict", action="store_true", help="fail on the first problem")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.set_defaults(func=_cmd_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv``; returns the exit code (2 on a usage error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    code: int = args.func(args)
    return code


def run() -> None:
    """Entry point of the console script."""
    sys.exit(main())
