"""Rate limits on citizen actions: counted per account (per address when anonymous), answered
with a 429 page in the site's look and Retry-After, and out of the way when Redis is down."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import resolve, reverse

from civic.ratelimit import LIMITED_VIEWS, Rate, parse_rates
from civic.settings import base
from proposals.models import Comment, Follow
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db

# 10 seconds into a minute, so a per-minute window has 50 seconds left; close to the real
# time, because the consultations the fixtures make are open around it.
MOMENT = (datetime.now(UTC) + timedelta(minutes=2)).replace(second=10, microsecond=0)


@pytest.fixture
def proposal():
    return make_proposal(make_consultation())


def follow(client, proposal, **extra):
    return client.post(reverse("proposals:follow", args=[proposal.pk]), **extra)


def test_rates_are_read_from_their_short_form():
    assert parse_rates("5/h, 20/d") == [Rate(5, 3600), Rate(20, 86400)]
    assert parse_rates("3/15m") == [Rate(3, 900)]
    assert parse_rates("") == []
    with pytest.raises(ValueError, match="Not a rate"):
        parse_rates("five a minute")


def test_every_default_limit_names_a_known_action_and_parses():
    for action in set(LIMITED_VIEWS.values()):
        assert parse_rates(base.RATE_LIMITS[action])


def test_every_limited_view_is_a_url_of_the_site():
    arguments = {"budgets:ballot": ["park", 1]}  # a consultation's slug and a heading
    for view_name in LIMITED_VIEWS:
        argument = "park" if view_name.endswith("_consultation") else 1
        args = arguments.get(view_name, [argument])
        assert resolve(reverse(view_name, args=args)).view_name == view_name


@time_machine.travel(MOMENT, tick=False)
def test_a_citizen_over_the_limit_gets_the_429_page_and_retry_after(settings, client, proposal):
    settings.RATE_LIMITS = {"comment": base.RATE_LIMITS["comment"]}  # 10 a minute
    client.force_login(UserFactory())
    url = reverse("proposals:comment", args=[proposal.pk])
    answers = [client.post(url, {"body": f"Comment {n}", "token": f"t{n}"}) for n in range(11)]
    assert {answer.status_code for answer in answers[:10]} == {302}
    limited = answers[10]
    assert limited.status_code == 429
    assert limited["Retry-After"] == "50"
    html = limited.content.decode()
    assert 'class="site-header"' in html
    assert "Please slow down" in html
    assert Comment.objects.count() == 10


def test_the_429_page_speaks_persian(settings, client, proposal):
    settings.RATE_LIMITS = {"follow": "1/m"}
    client.force_login(UserFactory())
    url = reverse("proposals:follow", args=[proposal.pk]).replace("/en/", "/fa/")
    client.post(url)
    html = client.post(url).content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "لطفاً کمی آهسته‌تر" in html
    assert "لطفاً یک دقیقه صبر کنید" in html


def test_people_sharing_one_address_are_counted_apart(settings, client, proposal):
    settings.RATE_LIMITS = {"follow": "2/m"}
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    assert [follow(client, proposal).status_code for _ in range(3)] == [302, 302, 429]
    client.force_login(second)
    assert follow(client, proposal).status_code == 302
    assert Follow.objects.filter(follower=second).exists()


def test_anonymous_requests_are_counted_per_client_address(settings, client, proposal):
    settings.RATE_LIMITS = {"follow": "2/m"}
    office = {"REMOTE_ADDR": "192.0.2.10"}
    assert [follow(client, proposal, **office).status_code for _ in range(3)] == [302, 302, 429]
    assert follow(client, proposal, REMOTE_ADDR="192.0.2.11").status_code == 302


def test_the_limit_frees_up_when_its_window_ends(settings, client, proposal):
    settings.RATE_LIMITS = {"follow": "1/m"}
    client.force_login(UserFactory())
    with time_machine.travel(MOMENT, tick=False) as clock:
        assert follow(client, proposal).status_code == 302
        assert follow(client, proposal).status_code == 429
        clock.shift(50)
        assert follow(client, proposal).status_code == 302


def test_reading_pages_is_never_limited(settings, client, proposal):
    settings.RATE_LIMITS = {"follow": "1/m"}
    client.force_login(UserFactory())
    follow(client, proposal)
    assert follow(client, proposal).status_code == 429
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 200


def test_allauth_limits_answer_with_the_same_page(settings, client):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    data = {"email": "a@example.org", "display_name": "A", "password1": "x", "password2": "y"}
    client.post("/en/accounts/signup/", data)
    limited = client.post("/en/accounts/signup/", data)
    assert limited.status_code == 429
    assert limited["Retry-After"] == str(settings.RATE_LIMIT_RETRY_AFTER)
    assert "Please slow down" in limited.content.decode()


# --- Redis unreachable ---------------------------------------------------------------------


@pytest.fixture
def redis_unreachable(settings):
    """The production cache settings pointed at a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True


def test_without_redis_citizen_actions_go_through_and_say_so_in_the_log(
    redis_unreachable, settings, client, proposal, caplog
):
    settings.RATE_LIMITS = {"follow": "1/m"}
    client.force_login(UserFactory())
    with caplog.at_level(logging.WARNING, logger="civic.ratelimit"):
        answers = [follow(client, proposal).status_code for _ in range(3)]
    assert answers == [302, 302, 302]
    assert Follow.objects.exists()
    assert "Rate limit not checked: the cache is unreachable" in caplog.text


def test_without_redis_pages_still_serve(redis_unreachable, client, proposal):
    client.force_login(UserFactory())
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 200


def test_without_redis_allauth_refuses_log_ins_rather_than_drop_its_limits(
    redis_unreachable, settings, client
):
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    citizen = UserFactory()
    response = client.post("/en/accounts/login/", {"login": citizen.email, "password": "x"})
    assert response.status_code == 429
    assert "Please slow down" in response.content.decode()


@time_machine.travel(MOMENT, tick=False)
def test_usage_reports_the_rate_with_fewest_requests_left(settings, rf):
    from civic.ratelimit import usage

    settings.RATE_LIMITS = {"api": "10/m,3/h"}
    request = rf.get("/")
    request.user = UserFactory.build()
    request.user.pk = 7
    counted = usage(request, "api")
    hour_ends = (int(MOMENT.timestamp()) // 3600 + 1) * 3600
    assert (counted.limit, counted.remaining, counted.reset, counted.wait) == (3, 2, hour_ends, 0)


@time_machine.travel(MOMENT, tick=False)
def test_usage_reports_the_refusing_rate_and_the_wait(settings, rf):
    from civic.ratelimit import usage

    settings.RATE_LIMITS = {"api": "2/m,100/h"}
    request = rf.get("/", REMOTE_ADDR="192.0.2.9")
    for _ in range(2):
        usage(request, "api")
    counted = usage(request, "api")
    assert (counted.limit, counted.remaining, counted.wait) == (2, 0, 50)
