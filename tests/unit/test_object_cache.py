"""The object cache's pickling: a kept content object comes back as it stood when it was read."""

from __future__ import annotations

import io
from copy import deepcopy

from content_model.object_cache import TokenPickler, TokenUnpickler
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag


def kept_and_taken(content, settings: dict, context: dict):
    """`content` pickled as the object cache keeps it, then unpickled in a later build's settings."""
    buffer = io.BytesIO()
    TokenPickler(buffer, {"settings": settings, "context": context}).dump(content)
    later = {"settings": deepcopy(settings), "context": {}}
    return TokenUnpickler(io.BytesIO(buffer.getvalue()), later).load(), later


def test_a_tag_category_or_author_the_object_refers_to_twice_comes_back_as_one_object():
    settings = deepcopy(DEFAULT_CONFIG)
    metadata = {
        "title": "Peer challenge in the North West",
        "category": Category("Blog", settings),
        "authors": [Author("Ada Okafor", settings), Author("Sam Reid", settings)],
        "tags": [Tag("peer challenge", settings), Tag("inspection", settings)],
    }
    read = Article("<p>Text.</p>", metadata=metadata, settings=settings, context={})
    assert read.category is read.metadata["category"]  # as Pelican reads it

    taken, later = kept_and_taken(read, settings, {})

    assert taken.category is taken.metadata["category"]
    assert all(a is b for a, b in zip(taken.authors, taken.metadata["authors"], strict=True))
    assert all(a is b for a, b in zip(taken.tags, taken.metadata["tags"], strict=True))
    assert len({id(author) for author in taken.authors}) == 2  # two authors stay two
    assert [author.name for author in taken.authors] == ["Ada Okafor", "Sam Reid"]
    assert taken.category.settings is later["settings"]  # this build's settings, not a copy of the last
    assert taken.settings is later["settings"]
