"""The proposal list's map with many located proposals close together, as in the demo's
bike-lanes consultation: every marker is a target of at least 24x24 px, none overlaps
another, each has a name, and a group of markers opens by keyboard."""

import random
from decimal import Decimal

import pytest

from tests.factories import make_consultation, make_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Twelve proposals (one list page) around two street corners, spread like the demo's
# (a Gaussian of 0.008 degrees), and two of them at the very same place.
CENTRES = ((35.7000, 51.4000), (35.7150, 51.4200))


@pytest.fixture
def dense_consultation():
    consultation = make_consultation(title="Protected bike lanes", phase="voting")
    rng = random.Random(7)
    for i in range(10):
        lat, lon = CENTRES[i % 2]
        make_proposal(
            consultation,
            title=f"Bike lane crossing {i + 1}",
            latitude=Decimal(f"{lat + rng.gauss(0, 0.008):.6f}"),
            longitude=Decimal(f"{lon + rng.gauss(0, 0.008):.6f}"),
        )
    for i in range(2):
        make_proposal(
            consultation,
            title=f"Bike parking at the station {i + 1}",
            latitude=Decimal("35.705000"),
            longitude=Decimal("51.410000"),
        )
    return consultation


MARKERS = ".proposal-map__map .leaflet-marker-icon"


def marker_boxes(page) -> list[dict]:
    return page.eval_on_selector_all(
        MARKERS,
        """els => els.map(el => {
            const r = el.getBoundingClientRect();
            return {x: r.x, y: r.y, w: r.width, h: r.height,
                    name: el.getAttribute('aria-label'), role: el.getAttribute('role'),
                    tabindex: el.tabIndex};
        })""",
    )


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            if not apart:
                pairs.append((a["name"], b["name"]))
    return pairs


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "fa"])
def test_dense_markers_are_large_separate_named_targets(
    page, axe, screenshot, dense_consultation, language, width
):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"/{language}/consultations/{dense_consultation.slug}/proposals/")
    page.locator(MARKERS).first.wait_for()
    page.locator(".proposal-map").scroll_into_view_if_needed()
    boxes = marker_boxes(page)
    assert boxes
    assert all(box["w"] >= 24 and box["h"] >= 24 for box in boxes)
    assert overlapping(boxes) == []
    assert all(box["name"] and box["role"] == "button" and box["tabindex"] == 0 for box in boxes)
    # Twelve proposals cannot all show apart at this zoom: at least one group says how many.
    groups = page.locator(f"{MARKERS}.map-marker--group")
    assert groups.count() >= 1
    if language == "fa":
        assert any("\u06f0" <= char <= "\u06f9" for char in groups.first.inner_text())
    shot = screenshot(page, f"proposal-map-dense-{language}-{width}")
    page.locator(".proposal-map__map").screenshot(path=str(shot.with_name(f"map-{shot.name}")))
    axe(page, f"dense proposal map at {width} px")


def test_a_group_opens_by_keyboard_until_its_proposals_are_listed(page, axe, dense_consultation):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/en/consultations/{dense_consultation.slug}/proposals/")
    page.locator(MARKERS).first.wait_for()
    # The two proposals at the same place never separate: activating their group keeps
    # zooming in, then lists both as links, the first one focused.
    for _ in range(20):
        group = page.locator(f"{MARKERS}.map-marker--group").first
        if page.locator(".proposal-map__list").count():
            break
        group.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
    listed = page.locator(".proposal-map__list")
    listed.wait_for()
    links = listed.get_by_role("link")
    assert links.count() >= 2
    assert {links.nth(i).inner_text() for i in range(links.count())} >= {
        "Bike parking at the station 1",
        "Bike parking at the station 2",
    }
    assert page.evaluate("document.activeElement.closest('.proposal-map__list') !== null")
    boxes = marker_boxes(page)
    assert overlapping(boxes) == []
    axe(page, "dense proposal map, a group listed")


def test_a_single_marker_opens_its_proposal_link(page, dense_consultation):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/en/consultations/{dense_consultation.slug}/proposals/")
    page.locator(MARKERS).first.wait_for()
    single = page.locator(f"{MARKERS}:not(.map-marker--group)")
    single.first.wait_for()
    name = single.first.get_attribute("aria-label")
    single.first.focus()
    page.keyboard.press(" ")
    link = page.locator(".leaflet-popup-content").get_by_role("link", name=name)
    link.wait_for()
    assert page.evaluate("document.activeElement.closest('.leaflet-popup-content') !== null")
