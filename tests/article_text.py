"""The article's text cut into sections and paragraphs, by the counting rules of data/README.md.

The reference text (``../shared/reference/``, outside this repository) is a
conversion of the printed article: blank lines separate blocks, and a page
break leaves a paragraph split into two blocks, the first ending mid-sentence.
The rules:

* the body runs from the first block after the DOI line to the heading 参考文献;
  the abstract (内容摘要) is one paragraph of its own;
* a heading is a block that starts with ``#`` or with the article's own
  numbering (一、 / (一) / （一） / 1.); the blocks before the first heading
  belong to the introduction;
* the funding and author notes printed at the foot of the first page
  ([课题信息], [作者信息]) are not paragraphs;
* a block that does not end a sentence (。！？ or a closing quote or bracket
  after one) is continued by the next block: the two are one paragraph.

Headings appear in the order of sections.csv, so the n-th heading is the n-th
section after the introduction.
"""

from __future__ import annotations

import re
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference"
ARTICLE = REFERENCE_DIR / "000_5efef07e54d96fc0.txt"

_HEADING = re.compile(r"^(#+\s*|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+\.\s)")
_FOOTNOTE = re.compile(r"^\[(课题信息|作者信息)\]")
_SENTENCE_END = re.compile(r"[。！？][”’)）]?$")


def _blocks(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", text)
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()]


def heading_and_paragraphs(
    body_sections: list[str], path: Path = ARTICLE
) -> dict[str, tuple[str, list[str]]]:
    """{section id: (heading text, [paragraph, ...])} for ``abstract``, ``intro`` and every body section.

    ``body_sections`` lists the ids of the headed sections in reading order
    (``s1``, ``s1.1`` ...); the k-th heading of the text is given the k-th id.
    """
    blocks = _blocks(path.read_text(encoding="utf-8"))
    abstract = next(b for b in blocks if b.startswith("**内容摘要"))
    start = next(i for i, b in enumerate(blocks) if b.startswith("DOI")) + 1
    end = next(i for i, b in enumerate(blocks) if b.lstrip("# ").startswith("参考文献"))
    sections: dict[str, tuple[str, list[str]]] = {"abstract": ("", [abstract]), "intro": ("", [])}
    ids = iter(body_sections)
    current = "intro"
    for block in blocks[start:end]:
        if _FOOTNOTE.match(block):
            continue
        if _HEADING.match(block):
            current = next(ids, f"heading-{len(sections)}")
            sections[current] = (block, [])
            continue
        paragraphs = sections[current][1]
        if paragraphs and not _SENTENCE_END.search(paragraphs[-1]):
            paragraphs[-1] += block
        else:
            paragraphs.append(block)
    return sections
