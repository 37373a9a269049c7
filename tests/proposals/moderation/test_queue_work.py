"""A moderator working through the queue: read each item in its row, act from the row, go on
to the next waiting item, and never apply an action nobody chose."""

import pytest
from django.urls import reverse
from django.utils import translation

from proposals.models import ModerationReason, Proposal
from tests.factories import make_consultation, make_proposal, translate_consultation
from tests.proposals.staff import english, moderator_of, staff_admin_backend  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]


@pytest.fixture
def consultation():
    return make_consultation(phase="collecting", moderation="pre")


@pytest.fixture
def moderator(consultation):
    return moderator_of(consultation)


def queue_url(consultation, **params):
    url = reverse("moderation:queue", args=[consultation.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def act_url(consultation, proposal):
    return reverse("moderation:act", args=[consultation.pk, "proposal", proposal.pk])


def item_url(consultation, proposal):
    return reverse("moderation:item", args=[consultation.pk, "proposal", proposal.pk])


def test_each_row_shows_the_text_so_most_decisions_need_no_click(client, consultation, moderator):
    make_proposal(
        consultation, state="pending", title="Benches", body="Three benches by the pond, please."
    )
    client.force_login(moderator)
    page = client.get(queue_url(consultation)).content.decode()
    assert "Three benches by the pond, please." in page


def test_a_long_text_is_cut_in_the_row(client, consultation, moderator):
    make_proposal(consultation, state="pending", body="word " * 400)
    client.force_login(moderator)
    page = client.get(queue_url(consultation)).content.decode()
    assert ("word " * 100) not in page
    assert "…" in page


def test_the_bulk_menu_starts_on_choose_an_action(client, consultation, moderator):
    make_proposal(consultation, state="pending")
    client.force_login(moderator)
    response = client.get(queue_url(consultation))
    form = response.context["action_form"]
    assert form.fields["action"].choices[0] == ("", "Choose an action")
    page = response.content.decode()
    assert '<option value="" selected>Choose an action</option>' in page


def test_bulk_without_a_chosen_action_changes_nothing_and_says_why(client, consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:bulk", args=[consultation.pk]),
        {"items": [f"proposal:{proposal.pk}"], "action": ""},
        follow=True,
    )
    proposal.refresh_from_db()
    assert proposal.state == "pending"
    assert "Choose the action to apply." in response.content.decode()


def test_publish_from_the_row_goes_back_to_the_queue(client, consultation, moderator):
    first = make_proposal(consultation, state="pending", title="First waiting")
    second = make_proposal(consultation, state="pending", title="Second waiting")
    client.force_login(moderator)
    page = client.get(queue_url(consultation)).content.decode()
    assert f'form="act-proposal-{first.pk}" name="action" value="publish"' in page
    response = client.post(
        act_url(consultation, first), {"action": "publish", "next": queue_url(consultation)}
    )
    assert response.status_code == 302
    assert response["Location"] == queue_url(consultation)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("published", "pending")


def test_actions_needing_a_reason_lead_to_the_item_page_from_the_row(
    client, consultation, moderator
):
    proposal = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    page = client.get(queue_url(consultation)).content.decode()
    assert f'href="{item_url(consultation, proposal)}">Reject…' in page
    assert 'value="reject"' not in page.split("</form>")[-1]  # no row button rejects unexplained


def test_deciding_on_the_item_page_goes_on_to_the_next_waiting_item(
    client, consultation, moderator
):
    oldest = make_proposal(consultation, state="pending", title="Oldest")
    newer = make_proposal(consultation, state="pending", title="Newer")
    Proposal.objects.filter(pk=oldest.pk).update(created_at=newer.created_at.replace(year=2020))
    client.force_login(moderator)
    response = client.post(act_url(consultation, oldest), {"action": "publish"}, follow=True)
    assert response.redirect_chain[-1][0] == item_url(consultation, newer)
    assert "Publish: done. Here is the next item waiting." in response.content.decode()


def test_after_the_last_item_the_queue_says_nothing_waits(client, consultation, moderator):
    only = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    response = client.post(act_url(consultation, only), {"action": "publish"}, follow=True)
    assert response.redirect_chain[-1][0] == queue_url(consultation)
    assert "Nothing else waits for a moderator." in response.content.decode()


def test_the_reason_label_says_when_it_is_required(client, consultation, moderator):
    pending = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    bulk = client.get(queue_url(consultation)).context["action_form"]
    assert bulk.fields["reason"].required is False  # publishing needs none
    assert bulk.fields["reason"].required_when == "required to reject"
    page = client.get(queue_url(consultation)).content.decode()
    assert 'Public reason <span class="field__condition">(required to reject)</span>' in page
    item = client.get(item_url(consultation, pending)).context["action_form"]
    assert item.fields["reason"].required_when == "required to reject"


def test_rejecting_without_a_reason_names_the_missing_reason(client, consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    response = client.post(act_url(consultation, proposal), {"action": "reject"})
    assert response.status_code == 400
    assert response.content.decode().count("Choose the public reason for rejecting or hiding.") == 1
    proposal.refresh_from_db()
    assert proposal.state == "pending"
    assert ModerationReason.objects.exists()


def test_the_persian_queue_shows_the_persian_title(client, consultation, moderator):
    translate_consultation(consultation, "fa", title="نوسازی پارک")
    make_proposal(consultation, state="pending")
    client.force_login(moderator)
    with translation.override("fa"):
        url = queue_url(consultation)
        index = reverse("moderation:index")
    page = client.get(url).content.decode()
    breadcrumb = page.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert "نوسازی پارک" in breadcrumb
    assert consultation.title not in page.split("<main", 1)[1]
    assert "نوسازی پارک" in client.get(index).content.decode()
