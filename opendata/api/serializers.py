"""What the API shows of each thing: public fields only (never an e-mail, an account, an
address or a staff member), times in UTC, ids that never change."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.models import Area
from proposals.models import ModerationState, Outcome

NULLABLE_TEXT = {"type": "string", "nullable": True}
NULLABLE_NUMBER = {"type": "number", "format": "double", "nullable": True}


class UtcDateTimeField(serializers.DateTimeField):
    """ISO 8601 in UTC (`…Z`), whatever the site's TIME_ZONE."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", datetime.UTC)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


def _page_url(request, name: str, *args) -> str:
    with translation.override("en"):
        path = reverse(name, args=args)
    return request.build_absolute_uri(path) if request is not None else path


class CountsSerializer(serializers.Serializer):
    proposals = serializers.IntegerField(help_text=_("Published proposals."))
    supports = serializers.IntegerField(help_text=_("Live supports of published proposals."))
    comments = serializers.IntegerField()
    responses = serializers.IntegerField(help_text=_("Published official responses."))


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    canonical_id = serializers.IntegerField(
        source="canonical_pk",
        read_only=True,
        help_text=_("Id of the default-language version: proposals and responses name this id."),
    )
    language = serializers.CharField(
        source="locale.language_code", read_only=True, help_text=_("Language of title and summary.")
    )
    title = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    phase = serializers.CharField(source="current_phase", read_only=True)
    proposals_open = UtcDateTimeField()
    proposals_close = UtcDateTimeField()
    voting_open = UtcDateTimeField()
    voting_close = UtcDateTimeField()
    responses_due = UtcDateTimeField()
    first_published_at = UtcDateTimeField(allow_null=True)
    last_published_at = UtcDateTimeField(allow_null=True)
    topics = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    counts = CountsSerializer(read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page) -> str:
        request = self.context.get("request")
        # Relative on a one-site install (absolute on several), on this request's host.
        url = page.get_url()
        return request.build_absolute_uri(url) if request is not None else url

    def get_topics(self, page) -> list[str]:
        """Slugs of the consultation's topics (see /topics/)."""
        return sorted(item.tag.slug for item in page.tagged_topics.all())

    def get_areas(self, page) -> list[str]:
        """Slugs of the areas concerned (see /areas/)."""
        return sorted(area.slug for area in page.areas.all())

    @extend_schema_field(NULLABLE_TEXT)
    def get_department(self, page) -> str | None:
        """Name of the responsible department, in the consultation's language."""
        if page.department is None:
            return None
        if page.locale.language_code == "fa" and page.department.name_fa:
            return page.department.name_fa
        return page.department.name


class ProposalSerializer(serializers.Serializer):
    """Rejected and hidden proposals show their number, state and public reason only: their
    content fields are null, as on the site."""

    id = serializers.IntegerField(read_only=True)
    consultation = serializers.IntegerField(source="consultation_id", read_only=True)
    url = serializers.SerializerMethodField()
    state = serializers.ChoiceField(
        choices=[
            ModerationState.PUBLISHED,
            ModerationState.WITHDRAWN,
            ModerationState.REJECTED,
            ModerationState.HIDDEN,
        ],
        read_only=True,
    )
    public_reason = serializers.CharField(read_only=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, read_only=True)
    merged_into = serializers.IntegerField(source="merged_into_id", read_only=True, allow_null=True)
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    area = serializers.SerializerMethodField()
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    support_count = serializers.IntegerField(read_only=True)
    comment_count = serializers.IntegerField(read_only=True)
    published_at = UtcDateTimeField(allow_null=True)
    edited_at = UtcDateTimeField(allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, proposal) -> str:
        return _page_url(self.context.get("request"), "proposals:detail", proposal.pk)

    @extend_schema_field(NULLABLE_TEXT)
    def get_title(self, proposal) -> str | None:
        return proposal.title if proposal.shows_content else None

    @extend_schema_field(NULLABLE_TEXT)
    def get_body(self, proposal) -> str | None:
        """Plain text, as the citizen wrote it."""
        return proposal.body if proposal.shows_content else None

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "nullable": True})
    def get_topics(self, proposal) -> list[str] | None:
        if not proposal.shows_content:
            return None
        return sorted(tag.slug for tag in proposal.topics.all())

    @extend_schema_field(NULLABLE_TEXT)
    def get_area(self, proposal) -> str | None:
        """Slug of the area (see /areas/)."""
        if not proposal.shows_content or proposal.area is None:
            return None
        return proposal.area.slug

    @extend_schema_field(NULLABLE_NUMBER)
    def get_latitude(self, proposal) -> float | None:
        if not proposal.shows_content or proposal.latitude is None:
            return None
        return float(proposal.latitude)

    @extend_schema_field(NULLABLE_NUMBER)
    def get_longitude(self, proposal) -> float | None:
        if not proposal.shows_content or proposal.longitude is None:
            return None
        return float(proposal.longitude)


class ResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    proposal = serializers.IntegerField(source="proposal_id", read_only=True)
    consultation = serializers.IntegerField(source="proposal.consultation_id", read_only=True)
    url = serializers.SerializerMethodField()
    outcome = serializers.ChoiceField(choices=Outcome.choices, read_only=True)
    merged_into = serializers.IntegerField(source="merged_into_id", read_only=True, allow_null=True)
    text = serializers.CharField(read_only=True)
    cost_estimate = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True, coerce_to_string=True
    )
    timeline = serializers.CharField(read_only=True)
    department = serializers.SerializerMethodField()
    first_published_at = UtcDateTimeField(allow_null=True)
    last_published_at = UtcDateTimeField(allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, response) -> str:
        return _page_url(self.context.get("request"), "proposals:detail", response.proposal_id)

    @extend_schema_field(NULLABLE_TEXT)
    def get_department(self, response) -> str | None:
        return response.department.name if response.department is not None else None


class TopicSerializer(serializers.Serializer):
    """One topic concept: the id, slug and (English) name that filters use in every language,
    and its Persian name (empty when it has none yet)."""

    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_fa = serializers.CharField(read_only=True)


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "slug", "name", "name_fa"]
        read_only_fields = fields
