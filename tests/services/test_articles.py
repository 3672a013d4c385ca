"""Articles managed from the window: pasted, fetched by URL, details edited, deleted and undeleted."""

from __future__ import annotations

import pytest

from desktop.domain.errors import InputError, NewsdeskError
from desktop.services import Services

from .conftest import TEXT_A

PAGE = b"""<html><head><title>Talks resume in Doha</title><meta property="og:site_name" content="Example News">
<meta name="date" content="2025-03-04"></head><body><nav>Home | World | Sport</nav>
<article><h1>Talks resume in Doha</h1>
<p>Negotiators from Israel and Hamas returned to Doha on Tuesday for a new round of talks on a ceasefire and the
release of the remaining hostages, officials from Qatar and Egypt said.</p>
<p>The talks follow weeks of pressure from Washington, where President Donald Trump said a deal was close.
Mediators said the gaps between the two sides remained wide, but both delegations had agreed to stay for at
least three days.</p></article><footer>Copyright Example News</footer></body></html>"""


def test_paste_an_article_with_its_details(services: Services) -> None:
    aid, added = services.corpus.add_text("Qatar said talks resume.\nMore text.", title=" Talks ",
                                          source="Reuters", published="2025-03-04")  # fmt: skip
    assert added
    meta = services.corpus.document(aid).article.meta
    assert (meta.title, meta.source, meta.published) == ("Talks", "Reuters", "2025-03-04")
    assert services.corpus.add_text("Qatar said talks resume.\nMore text.") == (aid, False)  # same text
    untitled, _ = services.corpus.add_text("First line becomes the title\nand more")
    assert services.corpus.document(untitled).article.meta.title == "First line becomes the title"
    with pytest.raises(InputError, match="not a date"):
        services.corpus.add_text("Other text", published="4 March")
    with pytest.raises(InputError, match="no text"):
        services.corpus.add_text("  \n")


def test_add_by_url_cleans_the_page_and_offline_says_so(services: Services) -> None:
    aid, added = services.corpus.add_url("https://news.example.org/doha", fetch=lambda _u, _t: PAGE)
    doc = services.corpus.document(aid)
    assert added and doc.article.meta.title == "Talks resume in Doha"
    assert doc.article.meta.url == "https://news.example.org/doha"
    assert "Negotiators from Israel" in doc.article.text and "Copyright" not in doc.article.text

    def offline(url: str, timeout: float) -> bytes:
        from desktop.services.corpus import _fetch

        return _fetch("http://127.0.0.1:9/nothing-listens-here", 2)

    with pytest.raises(NewsdeskError, match="are you offline"):
        services.corpus.add_url("http://127.0.0.1:9/x", fetch=offline)
    with pytest.raises(InputError, match="not a web address"):
        services.corpus.add_url("ftp://example.org/x")


def test_edit_details_and_delete_are_undoable(services: Services, ids) -> None:  # type: ignore[no-untyped-def]
    a, b = ids
    services.corpus.update_metadata(a, title="New title", source="AP", published="2025-07-11")
    meta = services.corpus.document(a).article.meta
    assert (meta.title, meta.source, meta.published) == ("New title", "AP", "2025-07-11")
    services.history.undo()
    assert services.corpus.document(a).article.meta.title == "A"

    services.annotator.run([a])
    claim = services.claims.mark(a, 0, 33)
    other = services.claims.mark(b, 0, 20)
    services.links.link(other.id, claim.id, "repeats")  # a link from another article into this one
    before = services.corpus.document(a)
    assert services.corpus.delete_article(a) == 1
    assert a not in {x.id for x in services.corpus.articles()}
    assert services.links.links_of(other.id) == []
    services.history.undo()
    after = services.corpus.document(a)
    assert (after.spans, after.claims, after.links) == (before.spans, before.claims, before.links)
    assert len(services.links.links_of(other.id)) == 1
    assert after.article.text == TEXT_A
