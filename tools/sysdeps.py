"""Check (and, as root on Debian, install) the system packages the PDF and the figures need.

Runs with the system python3 before the virtual environment exists, so it uses
the standard library only: ``python3 -m tools.sysdeps [--install] [--tests]``
(``--tests`` adds what only the test suite needs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# Debian packages, each with the check that tells whether it is present.
DEBIAN_PACKAGES = {
    "texlive-xetex": ("command", "xelatex"),
    "latexmk": ("command", "latexmk"),
    "texlive-lang-chinese": ("tex", "ctex.sty"),
    "texlive-latex-extra": ("tex", "tabulary.sty"),
    "texlive-fonts-recommended": ("tex", "pzdr.tfm"),
    "fonts-noto-cjk": ("font", "Noto Sans CJK SC"),
    "fonts-freefont-otf": ("font", "FreeSerif"),
    "fonts-dejavu-core": ("font", "DejaVu Sans"),  # glyphs the other fonts lack: figures and PDF emoji
    "poppler-utils": ("command", "pdffonts"),
}
# Only the tests need these: a real browser, and node for the search-splitting test.
TEST_PACKAGES = {
    "chromium": ("command", "chromium"),
    "nodejs": ("command", "node"),
}


def _present(check: tuple[str, str]) -> bool:
    kind, name = check
    if kind == "command":
        return shutil.which(name) is not None
    if kind == "tex":
        if shutil.which("kpsewhich") is None:
            return False
        found = subprocess.run(["kpsewhich", name], capture_output=True, text=True)
        return bool(found.stdout.strip())
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", name], capture_output=True, text=True)
    return bool(found.stdout.strip())


def missing_packages(for_tests: bool = False) -> list[str]:
    wanted = {**DEBIAN_PACKAGES, **(TEST_PACKAGES if for_tests else {})}
    return [pkg for pkg, check in wanted.items() if not _present(check)]


def install_command(packages: list[str]) -> str:
    return "apt-get update && apt-get install -y --no-install-recommends " + " ".join(packages)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    install, for_tests = "--install" in args, "--tests" in args
    missing = missing_packages(for_tests)
    if not missing:
        print("system packages: all present")
        return 0
    print("system packages missing: " + ", ".join(missing))
    can_install = install and os.geteuid() == 0 and shutil.which("apt-get")
    if not can_install:
        print("Install them (as root, on Debian/Ubuntu) and run the command again:\n  " + install_command(missing))
        return 1
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing], check=True, env=env)
    still = missing_packages(for_tests)
    if still:
        print("still missing after apt-get install: " + ", ".join(still))
        return 1
    print("system packages: installed " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
