"""The cache keys of the proposal list's parts (civic/fragments.py): each proposal's card, the
filter form, the page links and the map's table, made of everything they show, so a change to
any of it is a new key."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page
from django.http import HttpRequest

from civic import fragments

from . import rules
from .models import Proposal

FILTER_FIELDS = ("q", "topic", "area", "outcome", "state", "sort")


def card_key(proposal: Proposal, actions: rules.ProposalActions, *, supported: bool) -> str | None:
    """The key of the card templates/proposals/includes/card.html draws; None for a card with
    the reader's own buttons or badge (a form carries their CSRF token)."""
    if (
        supported
        or actions.support.allowed
        or actions.withdraw_support.allowed
        or actions.edit.allowed
    ):
        return None
    area = proposal.area
    return fragments.key(
        "proposal-card",
        proposal.pk,
        proposal.state,
        proposal.outcome,
        proposal.title,
        proposal.body,
        proposal.public_reason,
        proposal.support_count,
        proposal.comment_count,
        proposal.author_name,
        proposal.published_at,
        (area.name, area.name_fa) if area is not None else None,
        tuple((topic.name, topic.name_fa) for topic in proposal.topics.all()),
    )


def filters_key(request: HttpRequest, topics, areas) -> str:
    """The key of the list's filter form: what was asked, and the topics and areas offered."""
    return fragments.key(
        "proposal-filters",
        request.path,
        bool(request.GET),
        tuple((name, tuple(request.GET.getlist(name))) for name in FILTER_FIELDS),
        tuple((topic.slug, topic.name, topic.name_fa) for topic in topics),
        tuple((area.slug, area.name, area.name_fa) for area in areas),
    )


def pages_key(request: HttpRequest, page_obj: Page) -> str:
    """The key of the page links: each keeps every parameter of the query string."""
    return fragments.key(
        "proposal-pages",
        request.path,
        tuple(sorted(request.GET.lists())),
        page_obj.number,
        page_obj.paginator.num_pages,
    )


def map_key(located: list[dict]) -> str | None:
    """The key of the map and its table of the page's located proposals (None: no map)."""
    if not located:
        return None
    return fragments.key(
        "proposal-map",
        settings.MAP_TILE_URL,
        settings.MAP_TILE_ATTRIBUTION,
        tuple(tuple(sorted(row.items())) for row in located),
    )
