"""Inputs that once broke pages: control characters in feeds, image bombs, image metadata.

Every image here is a real file made by Pillow in the test.
"""

import struct
import zlib
from io import BytesIO
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, PngImagePlugin

from proposals.models import Proposal
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def collecting():
    return make_consultation(title="Park renewal", moderation="post")


def create_url(consultation) -> str:
    return reverse("proposals:create", kwargs={"slug": consultation.slug})


def proposal_data(**overrides) -> dict:
    return {"title": "A bench by the pond", "body": "Somewhere to rest.", **overrides}


def feed_titles(client, consultation, language: str) -> list[str]:
    with translation.override(language):
        url = reverse("proposals:feed", kwargs={"slug": consultation.slug})
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def bomb_png(side: int = 20000) -> bytes:
    """A valid PNG of a few dozen KB that declares side by side pixels (1-bit, all black)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\0" + b"\0" * (side // 8)
    pixels = zlib.compress(row * side, 9)
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam Inc"  # Make
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 22.0), 3: "E", 4: (51.0, 23.0, 22.0)}  # GPS
    out = BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        out, "JPEG", comment=b"home address: 12 Secret Lane", exif=exif.tobytes()
    )
    return out.getvalue()


def png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "home address: 12 Secret Lane")
    out = BytesIO()
    Image.new("RGBA", (32, 32), (0, 90, 0, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


# --- feeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fa"])
def test_feed_renders_a_stored_title_and_name_with_control_characters(client, language):
    consultation = make_consultation(title="Bike lanes")
    author = UserFactory(display_name="Sara\x08\x1b")
    make_proposal(consultation, author=author, title="Safer\x01 crossing\x0b", body="Bell\x07")
    assert feed_titles(client, consultation, language) == ["Safer crossing"]


def test_feed_of_consultations_renders_a_summary_with_control_characters(client):
    make_consultation(title="Bike lanes", summary="Where\x01 to ride")
    response = client.get("/en/consultations/feed/")
    assert response.status_code == 200
    assert b"Where to ride" in response.content


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_control_character_sent_in_a_title_is_not_stored_and_the_feed_renders(
    client, collecting, language
):
    client.force_login(UserFactory())
    client.post(create_url(collecting), proposal_data(title="Bench\x1b[31m by the pond\u202e"))
    assert Proposal.objects.get().title == "Bench[31m by the pond"
    assert feed_titles(client, collecting, language) == ["Bench[31m by the pond"]


# --- image bombs and the once-only token ----------------------------------------------------


def test_an_image_declaring_twenty_thousand_pixels_a_side_is_refused(client, collecting):
    client.force_login(UserFactory())
    bomb = SimpleUploadedFile("bomb.png", bomb_png(), content_type="image/png")
    response = client.post(
        create_url(collecting),
        proposal_data(image=bomb, image_alt="A map", token="bomb-token"),
    )
    assert response.status_code == 400
    assert "The image has too many pixels." in response.content.decode()
    assert not Proposal.objects.exists()


def test_after_a_refused_image_bomb_the_same_form_can_be_sent_again(client, collecting):
    client.force_login(UserFactory())
    bomb = SimpleUploadedFile("bomb.png", bomb_png(), content_type="image/png")
    client.post(create_url(collecting), proposal_data(image=bomb, image_alt="A map", token="tok-1"))
    response = client.post(create_url(collecting), proposal_data(token="tok-1"))
    assert response.status_code == 302
    assert Proposal.objects.count() == 1


def test_a_submission_that_fails_unexpectedly_frees_its_token(client, collecting, monkeypatch):
    from proposals import services

    client.force_login(UserFactory())
    real_submit = services.proposal_submit

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "proposal_submit", broken)
    client.raise_request_exception = False
    assert client.post(create_url(collecting), proposal_data(token="tok-2")).status_code == 500
    monkeypatch.setattr(services, "proposal_submit", real_submit)
    response = client.post(create_url(collecting), proposal_data(token="tok-2"))
    assert response.status_code == 302
    assert Proposal.objects.count() == 1


def test_a_claim_in_flight_expires_within_minutes():
    from django.core.cache import cache

    from proposals import submissions

    claim = submissions.claim("proposal", 1, "abc")
    assert claim.fresh
    assert submissions.IN_FLIGHT_TTL <= 300
    cache.delete(claim.key)  # what the cache does once the in-flight time is over
    assert submissions.claim("proposal", 1, "abc").fresh


# --- metadata -------------------------------------------------------------------------------


def stored_image(client, consultation, data: bytes, name: str, content_type: str) -> bytes:
    client.force_login(UserFactory())
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = client.post(
        create_url(consultation), proposal_data(image=upload, image_alt="A red square")
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    with proposal.image.open("rb") as stored:
        return stored.read()


def test_jpeg_comment_exif_and_gps_do_not_survive_re_encoding(
    client, collecting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    source = jpeg_with_metadata()
    assert b"Secret Lane" in source and b"SecretCam" in source
    stored = stored_image(client, collecting, source, "photo.jpg", "image/jpeg")
    assert b"Secret Lane" not in stored
    assert b"SecretCam" not in stored
    image = Image.open(BytesIO(stored))
    assert "comment" not in image.info
    assert "exif" not in image.info
    assert not image.getexif()
    assert image.size == (64, 48)


def test_png_text_chunks_do_not_survive_re_encoding(client, collecting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stored = stored_image(client, collecting, png_with_metadata(), "pic.png", "image/png")
    assert b"Secret Lane" not in stored
    image = Image.open(BytesIO(stored))
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0)) == (0, 90, 0, 128)
