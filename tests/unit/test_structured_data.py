import json
from datetime import datetime, timezone

from structured_data.schema import as_script_text, breadcrumbs, event


def test_an_online_event_has_a_virtual_location_and_its_booking_offer():
    described = event(
        title="Webinar",
        address="https://x.org/events/w/",
        start=datetime(2026, 12, 1, 12, 30, tzinfo=timezone.utc),
        end=None,
        location="Online",
        booking="https://book.example.org/w",
        organiser="Assoc",
        description="About.",
    )
    assert described["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert described["location"] == {"@type": "VirtualLocation", "url": "https://book.example.org/w"}
    assert described["offers"]["url"] == "https://book.example.org/w" and "endDate" not in described


def test_script_text_cannot_close_its_script_element():
    text = as_script_text(
        breadcrumbs([("Home", "https://x.org/"), ("</script><script>alert(1)", "https://x.org/a/")])
    )
    assert "</script>" not in text
    graph = json.loads(text)["@graph"][0]
    assert graph["itemListElement"][1]["name"] == "</script><script>alert(1)"
    assert [item["position"] for item in graph["itemListElement"]] == [1, 2]
