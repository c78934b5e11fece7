"""Command line: ``python -m brimech validate [DIR]``.

Each subcommand is one ``add_<name>`` function registering a subparser whose
``run`` default returns the exit code, so adding a subcommand (e.g. ``figures``)
means writing one more such function and listing it in SUBCOMMANDS.
"""

from __future__ import annotations

import argparse
import sys

from brimech import paths


def add_validate(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="check data/ against datapackage.json and project rules")
    parser.add_argument("directory", nargs="?", default=paths.DATA,
                        help="folder holding datapackage.json (default: the project's data/)")

    def run(args) -> int:
        from brimech.data import main_validate

        return main_validate(args.directory)

    parser.set_defaults(run=run)


SUBCOMMANDS = [add_validate]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brimech")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS:
        add(subparsers)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
