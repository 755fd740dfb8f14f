"""The address a production build is made for (sitebuild/siteurl.py): a real http(s) address, no example."""

from __future__ import annotations

import runpy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitebuild.siteurl import UnsafeSiteURL, check_siteurl, siteurl_problem
from tests.conftest import REPO, SITEURL


@pytest.mark.parametrize(
    "value",
    [
        "https://www.your-association.org.uk",
        "https://acsd.org.uk/site",
        "http://127.0.0.1:8123",  # a production build served locally, as the browser tests do
        "http://[::1]:8000",
        "https://www.example.org.uk",  # only the reserved names are examples
        SITEURL,
    ],
)
def test_a_real_address_is_accepted(value):
    assert siteurl_problem(value) == ""
    check_siteurl(value)


REFUSED = {
    "": "SITEURL is empty",
    "   ": "SITEURL is empty",
    "https://www.example.org": "an example address",
    "https://example.com": "an example address",
    "HTTPS://WWW.EXAMPLE.NET": "an example address",
    "https://www.example.org.:443": "an example address",
    "https://acsd.example": "an example address",
    "www.acsd.org.uk": "is not an absolute address starting with https://",
    "/site": "is not an absolute address starting with https://",
    "//www.acsd.org.uk": "is not an absolute address starting with https://",
    "ftp://www.acsd.org.uk": "is not an absolute address starting with https://",
    "javascript:alert(1)": "is not an absolute address starting with https://",
    "https:/www.acsd.org.uk": "is not an absolute address starting with https://",
    "https://": "names no valid host",
    "https://acsd_org.uk": "names no valid host",
    "https://www.acsd.org.uk/": "ends with '/'",
    "https://www.acsd.org.uk:99999": "has a port that is not a number",
    "https://user:secret@www.acsd.org.uk": "carries a user name",
    "https://www.acsd.org.uk/?utm=1": "a query (?)",
    "https://www.acsd.org.uk\n": "holds spaces or control characters",
    "https://www.acsd.org.uk/a site": "holds spaces or control characters",
}


@pytest.mark.parametrize("value", REFUSED)
def test_an_example_empty_or_broken_address_is_refused_saying_how_to_set_it(value):
    with pytest.raises(UnsafeSiteURL) as refusal:
        check_siteurl(value)
    message = str(refusal.value)
    assert message.startswith("Refusing to build for production: ") and REFUSED[value] in message
    assert "Set the SITEURL environment variable to the site's address" in message


def test_publishconf_falls_back_to_the_example_address_which_is_refused(monkeypatch):
    monkeypatch.delenv("SITEURL", raising=False)
    fallback = runpy.run_path(str(REPO / "publishconf.py"))["SITEURL"]
    assert "an example address" in siteurl_problem(fallback)


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https", "HTTPS"]),
    below=st.lists(st.sampled_from(["www", "news", "a-b", "x1"]), max_size=3),
    domain=st.sampled_from(["example.org", "example.com", "example.net", "acsd.example", "EXAMPLE.ORG"]),
    port=st.sampled_from(["", ":443", ":8080"]),
    path=st.sampled_from(["", "/site", "/a/b"]),
)
def test_no_spelling_of_an_example_domain_is_accepted(scheme, below, domain, port, path):
    host = ".".join([*below, domain])
    assert siteurl_problem(f"{scheme}://{host}{port}{path}") != ""
