"""plugins/content_model/translations.py: Pelican's translation pass, answered at once for originals."""

from __future__ import annotations

from types import SimpleNamespace

from content_model.translations import process_translations
from pelican.utils import process_translations as pelicans


def test_translations_are_pelicans_own_when_every_item_is_an_original():
    """plugins/content_model/translations.py: the quick answer and Pelican's pass agree."""

    def items(*slugs):
        return [
            SimpleNamespace(
                slug=slug,
                metadata={},
                lang="en",
                in_default_lang=True,
                source_path=f"{n}.md",
                translations=None,
            )
            for n, slug in enumerate(slugs)
        ]

    unique = items("c", "a", "b")
    expected = items("c", "a", "b")
    index, translations = process_translations(unique, "slug")
    expected_index, expected_translations = pelicans(expected, "slug")
    assert [item.slug for item in index] == [item.slug for item in expected_index] == ["a", "b", "c"]
    assert translations == expected_translations == []
    assert all(item.translations == [] for item in index)
    shared = items("a", "a", "b")  # two items with one slug: Pelican's own pass, which keeps both
    index, translations = process_translations(shared, "slug")
    assert [item.slug for item in index] == ["a", "a", "b"] and translations == []
    assert [len(item.translations) for item in index] == [1, 1, 0]
