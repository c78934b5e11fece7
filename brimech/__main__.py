"""Command line: ``python -m brimech validate [DIR]`` and ``python -m brimech figures``.

Each subcommand is one ``add_<name>`` function registering a subparser whose
``run`` default returns the exit code, so adding a subcommand (e.g. ``figures``)
means writing one more such function and listing it in SUBCOMMANDS.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brimech import paths


def add_validate(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="check data/ against datapackage.json and project rules")
    parser.add_argument("directory", nargs="?", default=paths.DATA,
                        help="folder holding datapackage.json (default: the project's data/)")

    def run(args) -> int:
        from brimech.data import main_validate

        return main_validate(args.directory)

    parser.set_defaults(run=run)


def add_figures(subparsers) -> None:
    parser = subparsers.add_parser("figures", help="write every figure of the book to files (or list them)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="names and labels in Chinese or English")
    parser.add_argument("--format", choices=("svg", "pdf", "png"), default="svg", dest="fmt")
    parser.add_argument("--out", type=Path, default=Path("figures"), help="folder to write to (default: figures/)")
    parser.add_argument("--list", action="store_true",
                        help="only list the registered figures: name, label, chapter, drawing function")

    def run(args) -> int:
        from brimech.figures import registry, write_all

        if args.list:
            for figure in registry().values():
                print("\t".join([figure.name, figure.label, figure.chapter, figure.qualified_name]))
            return 0
        for path in write_all(args.out, lang=args.lang, fmt=args.fmt):
            print(path)
        return 0

    parser.set_defaults(run=run)


SUBCOMMANDS = [add_validate, add_figures]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brimech")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS:
        add(subparsers)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
