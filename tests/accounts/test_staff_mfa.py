"""Staff accounts: two-factor before anything else (when required), idle sign-out."""

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from accounts.door import has_staff_role
from consultations.site_structure import APPROVERS_GROUP, EDITORS_GROUP
from tests.civic.test_settings import run_manage
from tests.factories import DEFAULT_PASSWORD, UserFactory, grant_role, make_consultation

pytestmark = pytest.mark.django_db

ACTIVATE_URL = "/en/accounts/2fa/totp/activate/"
NOTICE = "Two-factor authentication for staff is switched off on this site"


def authenticator_code(secret: str, at: float | None = None) -> str:
    """What a phone's authenticator app shows for `secret` (RFC 6238, 30 s, 6 digits)."""
    counter = int((at or time.time()) // 30)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def in_group(name):
    def make():
        user = UserFactory()
        user.groups.add(Group.objects.get(name=name))
        return user

    return make


def with_role(role):
    def make():
        user = UserFactory()
        grant_role(user, role, make_consultation())
        return user

    return make


STAFF = {
    "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    "editor": in_group(EDITORS_GROUP),
    "approver": in_group(APPROVERS_GROUP),
    "moderator": with_role("moderator"),
    "official": with_role("official"),
}


@pytest.fixture
def required(settings):
    settings.CIVIC_STAFF_MFA_REQUIRED = True


def log_in(client, user) -> None:
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def confirm_password(client) -> None:
    """allauth asks for the password again before two-factor settings change."""
    response = client.post("/en/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def enrol(client) -> str:
    """Set up the authenticator app from the activation page; returns the secret."""
    response = client.get(ACTIVATE_URL)
    if response.status_code == 302:
        assert response["Location"].startswith("/en/accounts/reauthenticate/")
        confirm_password(client)
        response = client.get(ACTIVATE_URL)
    html = response.content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1)
    response = client.post(ACTIVATE_URL, {"code": authenticator_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


@pytest.mark.parametrize("role", sorted(STAFF))
def test_every_staff_role_counts_as_staff(role):
    assert has_staff_role(STAFF[role]())


def test_a_citizen_is_not_staff():
    assert not has_staff_role(UserFactory())


@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_without_two_factor_are_sent_to_set_it_up(client, required, role):
    client.force_login(STAFF[role]())
    for url in ["/admin/", "/en/moderation/", "/en/responses/", "/en/profile/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == ACTIVATE_URL
    page = client.get(ACTIVATE_URL, follow=True)
    assert page.status_code == 200
    assert "Staff accounts need two-factor authentication." in page.content.decode()


def test_a_staff_action_posted_without_two_factor_does_nothing(client, required):
    staff = STAFF["superuser"]()
    client.force_login(staff)
    response = client.post(
        "/en/profile/",
        {"display_name": "Changed", "language": "en", "email_notifications": "never"},
    )
    assert response["Location"] == ACTIVATE_URL
    staff.refresh_from_db()
    assert staff.display_name != "Changed"


def test_citizens_are_never_asked_for_two_factor(client, required):
    client.force_login(UserFactory())
    assert client.get("/en/profile/").status_code == 200


def test_with_the_requirement_off_staff_reach_the_admin_with_a_password(client, settings):
    settings.CIVIC_STAFF_MFA_REQUIRED = False
    staff = STAFF["superuser"]()
    log_in(client, staff)
    assert client.get("/admin/").status_code == 200


def test_enrolment_then_every_log_in_asks_for_the_code(client, required):
    staff = STAFF["moderator"]()
    log_in(client, staff)
    assert client.get("/admin/")["Location"] == ACTIVATE_URL

    secret = enrol(client)
    codes_page = client.get("/en/accounts/2fa/recovery-codes/").content.decode()
    recovery_codes = re.search(r'<textarea id="recovery_codes"[^>]*>([^<]+)</textarea>', codes_page)
    recovery_codes = recovery_codes.group(1).split()
    assert len(recovery_codes) == 10
    assert client.get("/admin/").status_code == 200

    client.post("/en/accounts/logout/")
    response = client.post(
        "/en/accounts/login/", {"login": staff.email, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    client.post("/en/accounts/2fa/authenticate/", {"code": authenticator_code(secret)})
    assert "_auth_user_id" in client.session
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_replaces_a_lost_phone_once(client, required):
    staff = STAFF["superuser"]()
    log_in(client, staff)
    enrol(client)
    codes_page = client.get("/en/accounts/2fa/recovery-codes/").content.decode()
    code = re.search(r'<textarea id="recovery_codes"[^>]*>([^<\s]+)', codes_page).group(1)

    for attempt in ("first", "second"):
        client.post("/en/accounts/logout/")
        log_in(client, staff)
        client.post("/en/accounts/2fa/authenticate/", {"code": code})
        assert ("_auth_user_id" in client.session) == (attempt == "first")


def test_staff_cannot_turn_two_factor_off_while_it_is_required(client, required):
    staff = STAFF["superuser"]()
    log_in(client, staff)
    enrol(client)
    response = client.post("/en/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_staff_are_signed_out_after_the_idle_time(client, settings):
    settings.CIVIC_STAFF_IDLE_MINUTES = 30
    client.force_login(STAFF["superuser"]())
    with time_machine.travel(time.time(), tick=False) as clock:
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity." in page


def test_citizens_are_not_signed_out_after_the_staff_idle_time(client, settings):
    settings.CIVIC_STAFF_IDLE_MINUTES = 30
    client.force_login(UserFactory())
    with time_machine.travel(time.time(), tick=False) as clock:
        assert client.get("/en/profile/").status_code == 200
        clock.shift(timedelta(minutes=90))
        assert client.get("/en/profile/").status_code == 200


def test_the_log_in_page_says_when_staff_two_factor_is_off(client, settings):
    settings.CIVIC_STAFF_MFA_REQUIRED = False
    assert NOTICE in client.get("/en/accounts/login/").content.decode()
    settings.CIVIC_STAFF_MFA_REQUIRED = True
    assert NOTICE not in client.get("/en/accounts/login/").content.decode()


@pytest.mark.parametrize(
    ("module", "expected"), [("civic.settings.production", "True"), ("civic.settings.dev", "False")]
)
def test_production_requires_staff_two_factor_and_the_demo_does_not(module, expected):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CIVIC_STAFF_MFA_REQUIRED)",
        DJANGO_SETTINGS_MODULE=module,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


@pytest.mark.parametrize(
    "url",
    [
        "/en/accounts/2fa/",
        ACTIVATE_URL,
        "/fa/accounts/2fa/totp/activate/",
        "/en/accounts/2fa/recovery-codes/",
        "/en/accounts/2fa/recovery-codes/generate/",
        "/en/accounts/2fa/totp/deactivate/",
    ],
)
def test_two_factor_pages_use_the_site_layout_with_labelled_fields(client, required, url):
    staff = STAFF["superuser"]()
    log_in(client, staff)
    if "activate/" not in url or "deactivate" in url:
        enrol(client)
    else:
        confirm_password(client)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="panel' in html
    assert html.count("<h1>") == 1
    assert "<script>" not in html  # no inline scripts under the Content Security Policy
    for field_id in re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id
    for image in re.findall(r"<img[^>]*>", html):
        assert " alt=" in image
        if "data:image" in image:  # the QR code carries information: it is described
            assert re.search(r'alt="[^"]+"', image)


def test_two_factor_pages_speak_persian(client, required):
    staff = STAFF["superuser"]()
    log_in(client, staff)
    enrol(client)
    html = client.get("/fa/accounts/2fa/").content.decode()
    assert "<h1>احراز هویت دومرحله‌ای</h1>" in html
    ten = "\u06f1\u06f0"  # 10 in Persian digits
    assert f"{ten} کد بازیابی از {ten} کد باقی مانده است." in html
    assert "Recovery codes" not in html
