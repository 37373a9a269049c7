"""A citizen with something in every table that can hold their data, for the privacy tests."""

from dataclasses import dataclass

from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.log_actions import log

from accounts.models import User
from proposals import services
from proposals.models import Comment, Proposal
from proposals.moderation import services as moderation
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

EMAIL = "zephyrine.quill@example.net"
SECOND_EMAIL = "zq-second@example.net"
NAME = "Zephyrine Quillfeather"


@dataclass
class World:
    person: User
    proposal: Proposal
    comment: Comment
    supported: Proposal
    moderator: User


def build_world() -> World:
    from allauth.account.models import EmailAddress

    person = UserFactory(email=EMAIL, display_name=NAME)
    EmailAddress.objects.create(user=person, email=SECOND_EMAIL, verified=False, primary=False)
    collecting = make_consultation(title="Park renewal", phase="collecting")
    voting = make_consultation(title="Bike lanes", phase="voting")
    moderator = UserFactory(display_name="Moderator Mo")
    grant_role(moderator, "moderator", collecting)
    admin = UserFactory(display_name="Admin Ada", is_staff=True, is_superuser=True)

    proposal = make_proposal(collecting, author=person, title="A fountain for the square")
    other = make_proposal(collecting, title="Benches in the park")
    comment = services.comment_post(author=person, proposal=other, body="Yes, more benches.")
    if comment.state == "pending":
        moderation.moderate(action="publish", item=comment, moderator=moderator)
    services.report_file(reporter=person, proposal=other, reason="spam")
    services.follow(follower=person, consultation=collecting)
    supported = make_proposal(voting, title="A lane on Main Street")
    services.support_cast(citizen=person, proposal=supported)
    # A moderation decision on their proposal notifies them (an inbox row).
    moderation.moderate(action="hide", item=proposal, moderator=moderator, reason="off_topic")
    services.resident_confirm(user=person, verified_by=admin)

    # Staff edited the account: both audit logs name it.
    log(instance=person, action="wagtail.edit", user=admin)
    AdminLogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f"Changed e-mail to {EMAIL}",
    )
    return World(person, proposal, comment, supported, moderator)


def rows_mentioning(*needles: str) -> list[tuple[str, str]]:
    """(table, column) of every value, in every table of the database, containing a needle."""
    wanted = [needle.lower() for needle in needles]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, memoryview | bytes):
                        text = bytes(value).decode("utf-8", "replace")
                    else:
                        text = str(value)
                    if any(needle in text.lower() for needle in wanted):
                        found.append((table, column))
    return found
