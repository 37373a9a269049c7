"""The client's address behind the site's own proxies, and the log-in limits that use it."""

import ipaddress

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from civic.client import client_ip
from civic.settings import base
from tests.factories import DEFAULT_PASSWORD, UserFactory

PROXY = "10.0.0.1"


def request_from(remote: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/en/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("192.0.2.5", "203.0.113.7")) == "192.0.2.5"


def test_one_trusted_proxy_vouches_for_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, "203.0.113.7")) == "203.0.113.7"


def test_an_entry_the_client_wrote_itself_changes_nothing(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, "198.51.100.99, 203.0.113.7")) == "203.0.113.7"


def test_two_trusted_proxies_skip_the_inner_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = "198.51.100.99, 203.0.113.7, 10.0.0.2"
    assert client_ip(request_from(PROXY, forwarded)) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "203.0.113.7"])
def test_a_request_that_bypassed_the_proxies_falls_back_to_the_socket(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2 if forwarded == "203.0.113.7" else 1
    assert client_ip(request_from("192.0.2.5", forwarded)) == "192.0.2.5"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [("203.0.113.7:5123", "203.0.113.7"), ("[2001:db8::1]:443", "2001:db8::1")],
)
def test_ports_added_by_a_proxy_are_dropped(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, forwarded)) == expected


addresses = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).map(str)


@given(spoofed=st.lists(st.text(alphabet=st.characters(exclude_characters=",")), max_size=5),
       real=addresses)  # fmt: skip
def test_whatever_the_client_prepends_the_vouched_address_wins(spoofed, real):
    from django.test import override_settings

    with override_settings(TRUSTED_PROXY_COUNT=1):
        found = client_ip(request_from(PROXY, ", ".join([*spoofed, real])))
    assert found == str(ipaddress.ip_address(real))


def test_the_environment_variable_sets_both_readings(monkeypatch):
    import importlib

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
    reloaded = importlib.reload(base)
    try:
        assert reloaded.TRUSTED_PROXY_COUNT == 2
        assert reloaded.ALLAUTH_TRUSTED_PROXY_COUNT == 2
    finally:
        monkeypatch.delenv("TRUSTED_PROXY_COUNT")
        importlib.reload(base)


# --- the log-in limits behind a proxy (the production limits, the real cache) --------------


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS


def log_in(client, email: str, password: str, address: str):
    return client.post(
        "/en/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
def test_failed_log_ins_from_many_addresses_do_not_lock_out_another_citizen(
    behind_one_proxy, client
):
    citizen = UserFactory()
    for n in range(40):
        log_in(client, f"stranger{n}@example.org", "wrong password", f"203.0.113.{n + 1}")
    response = log_in(client, citizen.email, DEFAULT_PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


@pytest.mark.django_db
def test_spoofed_entries_do_not_give_an_attacker_a_fresh_allowance(behind_one_proxy, client):
    attempts = [
        log_in(client, f"stranger{n}@example.org", "wrong", f"192.0.2.{n + 1}, 203.0.113.9")
        for n in range(31)
    ]
    assert attempts[0].status_code == 200
    assert "Too many failed login attempts" in attempts[-1].content.decode()


@pytest.mark.django_db
def test_an_account_is_protected_whatever_address_the_guesses_come_from(behind_one_proxy, client):
    citizen = UserFactory()
    for n in range(5):
        log_in(client, citizen.email, "wrong password", f"203.0.113.{n + 1}")
    response = log_in(client, citizen.email, DEFAULT_PASSWORD, "198.51.100.20")
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
