"""What renews the cached pages of a consultation (civic/pagecache.py): every write to what
they show, heard through signals of the rows each service writes, so no service has to
remember it.

- a support cast or withdrawn: `Support` created or deleted (`post_save`, `post_delete`);
- a comment or reply: `Comment` created or changed (`post_save`, `post_delete`);
- a proposal submitted or edited: `Proposal` saved (`post_save`, `post_delete`);
- a moderation decision (hide, reject, restore, withdraw, appeal, auto-hide):
  `ModerationDecision` created (`post_save`);
- an official response published or unpublished: Wagtail's `published`, `unpublished`.

Each renews the consultation's pages and the site-wide ones (they count it), once the
transaction commits. Publishing pages is consultations/pagecache.py's (it renews every page).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import published, unpublished

from civic.pagecache import consultation_changed

from .models import Comment, Proposal, Support
from .moderation.models import ModerationDecision
from .responses.models import OfficialResponse


def _consultation_of(instance) -> int | None:
    """The consultation of a row that belongs to a proposal, without a query when the row
    was written with its proposal in hand (as the services do)."""
    field = type(instance)._meta.get_field("proposal")
    if field.is_cached(instance):
        return instance.proposal.consultation_id
    return (
        Proposal.objects.filter(pk=instance.proposal_id)
        .values_list("consultation_id", flat=True)
        .first()
    )


def _proposal_row_changed(sender, instance, **kwargs) -> None:
    consultation_changed(_consultation_of(instance))


def _proposal_changed(sender, instance: Proposal, **kwargs) -> None:
    consultation_changed(instance.consultation_id)


def _decision_made(sender, instance: ModerationDecision, created: bool = False, **kwargs) -> None:
    if created:
        consultation_changed(instance.consultation_id)


def connect() -> None:
    for model in (Support, Comment):
        post_save.connect(_proposal_row_changed, sender=model, dispatch_uid=f"pagecache-{model}")
    # A response's drafts show nowhere: only publishing, unpublishing and deleting count.
    for model in (Support, Comment, OfficialResponse):
        post_delete.connect(
            _proposal_row_changed, sender=model, dispatch_uid=f"pagecache-del-{model}"
        )
    for signal in (published, unpublished):
        signal.connect(
            _proposal_row_changed,
            sender=OfficialResponse,
            dispatch_uid=f"pagecache-response-{id(signal)}",
        )
    post_save.connect(_proposal_changed, sender=Proposal, dispatch_uid="pagecache-proposal")
    post_delete.connect(_proposal_changed, sender=Proposal, dispatch_uid="pagecache-del-proposal")
    post_save.connect(_decision_made, sender=ModerationDecision, dispatch_uid="pagecache-decision")
