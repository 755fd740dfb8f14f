"""Digests of what a template is given, by what the values hold rather than where they sit in memory.

A value is pickled and the bytes hashed, with a short stand-in for the things
that would make that slow or unstable:

- a post (or page) given to a template as a variable of its own (`article` on
  the post's page) stands for the digest of the object as it was read from its
  file (kept by the content model's object cache, which also knows the file is
  unchanged) and of what the build added to it since: related posts, status,
  neighbours, structured data;
- a post inside any other value (a listing's list, a related entry, a
  neighbour) stands for what was read from its file and its status: listings
  show what the files say. A template showing what the build added to a post
  it reaches that way (the related posts of a related post) would show
  something its key does not hold.
- a tag, category or author stands for its class, name and slug;
- the settings and the build's shared context stand for a token: the site's
  part of a page's key holds the settings;
- an object whose class has a `page_key()` method stands for what it returns:
  a class can say what of it a page can show (plugins/related: a pick).

A post that the object cache did not keep (its file has a problem, or caching is
off), or any value that cannot be pickled, has no digest: the page is rendered.
"""

from __future__ import annotations

import hashlib
import io
import pickle

from content_model.object_cache import KEPT_AS
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

# A post's fields that the build changes after reading it (it only adds the others)
REJUDGED = ("_status", "translations", "in_default_lang")
PLAIN = frozenset({str, int, float, bool, type(None)})


def plain(value):
    """A string, number or None as it is; a tag, category or author as its class, name and slug."""
    if isinstance(value, URLWrapper):
        return (type(value).__qualname__, value.name, value.slug)
    return value


class Undescribable(Exception):
    """A value with no stable digest: a page given it is always rendered."""


def token(*parts):
    """What a pickled description holds in place of a post, a tag or a shared object."""
    return parts


class Describer:
    """The digests of one build's values, each worked out once (values are kept alive here)."""

    def __init__(self, settings: dict, context: dict):
        self.context = context
        self.unread = {id(settings), id(context)}  # the site's part of a key holds them
        self.link_pattern = Content._get_intrasite_link_regex(_WithSettings(settings))
        self.links: bytes | None = None
        self.values: dict[int, tuple[object, bytes]] = {}
        self.posts: dict[int, tuple[object, bytes]] = {}

    def value(self, value) -> bytes:
        """The digest of one variable a template is given."""
        found = self.values.get(id(value))
        if found is None:
            if isinstance(value, Content):
                digest = self.post(value)
            elif type(value) in PLAIN or isinstance(value, URLWrapper):  # the most common: no pickler
                digest = hashlib.blake2b(repr(plain(value)).encode(), digest_size=16).digest()
            elif is_list_of_posts(value):  # a listing's: no pickler either
                digest = hashlib.blake2b(b"".join(map(listed, value)), digest_size=16).digest()
            else:
                digest = self.digest(value)
            found = self.values[id(value)] = (value, digest)
        return found[1]

    def post(self, post) -> bytes:
        """A post's digest: as read from its file, plus what the build added to it."""
        found = self.posts.get(id(post))
        if found is None:
            kept = getattr(post, KEPT_AS, None)
            if kept is None:
                raise Undescribable(f"{post!r} was not kept by the object cache")
            added = {
                name: field
                for name, field in vars(post).items()
                if (name not in kept.fields or name in REJUDGED) and name != KEPT_AS
            }
            digest = kept.digest + self.digest(added)
            if self.link_pattern.search(post._content or ""):
                digest += self.link_table()
            found = self.posts[id(post)] = (post, digest)
        return found[1]

    def link_table(self) -> bytes:
        """Where every file a post's {filename}, {static} or {attach} link may name is published."""
        if self.links is None:  # once per build, for the posts that have such links
            self.links = self.digest(
                sorted(
                    (path, str(getattr(item, "url", "")))
                    for table in ("generated_content", "static_content")
                    for path, item in (self.context.get(table) or {}).items()
                )
            )
        return self.links

    def digest(self, value) -> bytes:
        """The digest of `value` pickled with stand-ins (see DescribingPickler)."""
        buffer = io.BytesIO()
        try:
            DescribingPickler(buffer, self.unread).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as failure:
            raise Undescribable(str(failure)) from failure
        return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()


def is_list_of_posts(value) -> bool:
    return type(value) is list and all(isinstance(item, Content) for item in value)


def listed(post) -> bytes:
    """A post inside another value (a list, a related entry): what was read from its file, and its status."""
    kept = getattr(post, KEPT_AS, None)
    if kept is None:
        raise Undescribable(f"{post!r} was not kept by the object cache")
    return kept.digest + post.status.encode()


class DescribingPickler(pickle.Pickler):
    """Pickles without a memo ("fast" mode): the bytes then depend on what values hold, not on
    which of them happen to be one object (a string shared by two posts read fresh, but not
    by the same posts unpickled from the object cache)."""

    def __init__(self, file, unread: set[int]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True
        self.unread = unread

    def reducer_override(self, value):
        """Called for every value but numbers, strings, bytes and None."""
        if isinstance(value, Content):
            return token, ("post", listed(value))
        if isinstance(value, URLWrapper):
            return token, plain(value)
        if isinstance(value, dict) and id(value) in self.unread:
            return token, ("unread",)
        page_key = getattr(type(value), "page_key", None)
        if page_key is not None:
            return token, (type(value).__qualname__, page_key(value))
        return NotImplemented


class _WithSettings:
    """Enough of a post for Pelican's link pattern, which reads only the settings."""

    def __init__(self, settings: dict):
        self.settings = settings
