"""The printed PDF: no character, figure labels included, prints below 6 pt on the page.

pdfplumber reports each character's size as printed, after every scaling on the
way (a figure scaled down to the text width by LaTeX shrinks its labels with it).
"""

from __future__ import annotations

from collections import defaultdict

import pdfplumber
import pytest

MIN_PRINTED_PT = 6.0
TOLERANCE = 0.05  # rounding of the text and figure matrices


def small_characters(pdf_path, limit: float = MIN_PRINTED_PT) -> dict[int, list[tuple[str, float]]]:
    """page number -> (character, printed size) of every visible character below ``limit`` points."""
    small = defaultdict(list)
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for char in page.chars:
                if char["text"].strip() and char["size"] < limit - TOLERANCE:
                    small[number].append((char["text"], round(char["size"], 1)))
    return dict(small)


@pytest.mark.parametrize("edition", ["book.pdf", "book-en.pdf"])
def test_no_character_prints_below_6_pt(pdf_path, edition):
    small = small_characters(pdf_path.with_name(edition))
    report = "; ".join(
        f"p{page}: {len(chars)} chars, smallest {min(s for _, s in chars)} pt, e.g. "
        + "".join(c for c, _ in chars[:12])
        for page, chars in sorted(small.items())
    )
    assert not small, f"text printed below {MIN_PRINTED_PT} pt: {report}"
