"""Offer the article's record (brimech.article) to MyST pages as substitutions.

``{{ article_doi_link }}`` and friends on the cover then come from the .bib
entry, so the DOI is written in one place only; ``{{ edition_* }}`` come from
CITATION.cff (brimech.citation).
"""

from brimech import escape
from brimech.article import load_article
from brimech.citation import edition_substitutions


def _add_substitutions(app, config):
    article = load_article()
    # Substitutions are read as Markdown: the record's strings go in as text.
    texts = {
        "article_title": article.title,
        "article_title_en": article.title_en,
        "article_authors": "、".join(article.authors),
        "article_journal": article.journal,
        "article_issue": f"{article.year} 年第 {article.number} 期",
        "article_doi": article.doi,
        "article_keywords": "；".join(article.keywords),
        "article_funding": article.funding,
        "article_affiliation": article.affiliation,
        "article_jel": article.jel,
        # The English edition's cover (book/en/index.md).
        "article_authors_en": " and ".join(article.authors_en),
        "article_journal_en": article.journal_en,
        "article_issue_en": f"{article.year}, no. {article.number}",
        "article_keywords_en": "; ".join(article.keywords_en),
        "article_funding_en": article.funding_en,
        "article_affiliation_en": article.affiliation_en,
    }
    config.myst_substitutions = {
        **(config.myst_substitutions or {}),
        **{key: escape.md_text(value) for key, value in texts.items()},
        "article_doi_link": escape.md_link(article.doi, article.doi_url),
        **edition_substitutions(),
    }


def setup(app):
    app.connect("config-inited", _add_substitutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
