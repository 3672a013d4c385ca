"""A writer that the durability test kills with SIGKILL in the middle of its work.

    python -m tests.stress.killed edit URL      # label words one by one; print each span id once stored
    python -m tests.stress.killed import URL N  # import N articles in small chunks; print "chunk" per commit
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

from desktop.db import open_store, writes
from desktop.domain.model import Article, ArticleMeta, Document
from desktop.services import build_services
from tests.stress.writers import NoEngine


def edit(url: str) -> None:
    sv = build_services(open_store(url), NoEngine(), annotator="durable")  # type: ignore[arg-type]
    for i in range(400):
        span = sv.spans.add("a-stress", i * 9, i * 9 + 7, "ORG")
        print(span.id, flush=True)  # the call returned: the edit must survive a kill from now on


def imports(url: str, n: int) -> None:
    writes.CHUNK_ROWS = 20  # many short transactions, so the kill lands between two of them
    store = open_store(url)

    def docs() -> Iterator[Document]:
        for i in range(n):
            if i and i % 20 == 0:  # the chunk before this document is committed: say so, then read on slowly
                print("chunk", flush=True)
                time.sleep(0.3)
            yield Document(Article(f"a-k{i:06d}", f"Article number {i} of the killed import.",
                                   ArticleMeta(title=str(i))))  # fmt: skip

    store.add_documents(docs())
    print("finished", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "edit":
        edit(sys.argv[2])
    else:
        imports(sys.argv[2], int(sys.argv[3]))
