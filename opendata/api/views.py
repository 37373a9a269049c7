"""The public read-only API: thin views over the domains' read functions.

Lists are paginated (`page`, `page_size` up to 100) in a stable order; every answer has an
ETag and Last-Modified (opendata/api/http.py) and counts against the "api" rate limit."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from consultations.models import Area
from consultations.queries import open_data_consultations, with_counts
from proposals.queries import open_data_proposal, open_data_proposals, open_data_topics
from proposals.responses.queries import open_data_responses

from . import serializers
from .filters import ID_MAX, ID_SCHEMA, ConsultationFilter, ProposalFilter, ResponseFilter
from .http import ApiHeadersMixin
from .pagination import ApiPagination

ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description=_("The error, as JSON."))
NOT_MODIFIED = OpenApiResponse(description=_("Not modified (conditional request)."))


ID_PARAMETER = OpenApiParameter("id", ID_SCHEMA, OpenApiParameter.PATH, description=_("Stable id."))


def documented(serializer, *, detail: bool = False) -> dict:
    answers = {
        200: serializer,
        304: NOT_MODIFIED,
        429: OpenApiResponse(OpenApiTypes.OBJECT, description=_("Rate limited; see Retry-After.")),
    }
    answers[404 if detail else 400] = ERROR
    if not detail:
        answers[404] = OpenApiResponse(OpenApiTypes.OBJECT, description=_("No such page."))
    return {"get": extend_schema(responses=answers, parameters=[ID_PARAMETER] if detail else [])}


class ApiListView(ApiHeadersMixin, generics.ListAPIView):
    renderer_classes = [JSONRenderer]
    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]


class ApiDetailView(ApiHeadersMixin, generics.RetrieveAPIView):
    renderer_classes = [JSONRenderer]

    def get_object(self):
        pk = self.kwargs["pk"]
        found = self.find(pk) if pk <= ID_MAX else None
        if found is None:
            raise Http404
        return found


class _Consultations:
    serializer_class = serializers.ConsultationSerializer

    def get_queryset(self):
        return open_data_consultations()

    def paginate_queryset(self, queryset):
        return with_counts(super().paginate_queryset(queryset), timezone.now())


@extend_schema_view(**documented(serializers.ConsultationSerializer(many=True)))
class ConsultationList(_Consultations, ApiListView):
    """Live consultations in every language, by id."""

    filterset_class = ConsultationFilter


@extend_schema_view(**documented(serializers.ConsultationSerializer, detail=True))
class ConsultationDetail(_Consultations, ApiDetailView):
    """One live consultation."""

    def find(self, pk):
        page = self.get_queryset().filter(pk=pk).first()
        return with_counts([page], timezone.now())[0] if page else None


@extend_schema_view(**documented(serializers.ProposalSerializer(many=True)))
class ProposalList(ApiListView):
    """Public proposals: published by default, or withdrawn, rejected or hidden (`state`);
    rejected and hidden ones without their content."""

    serializer_class = serializers.ProposalSerializer
    filterset_class = ProposalFilter

    def get_queryset(self):
        return open_data_proposals()


@extend_schema_view(**documented(serializers.ProposalSerializer, detail=True))
class ProposalDetail(ApiDetailView):
    """One public proposal."""

    serializer_class = serializers.ProposalSerializer

    def find(self, pk):
        return open_data_proposal(pk)


@extend_schema_view(**documented(serializers.ResponseSerializer(many=True)))
class ResponseList(ApiListView):
    """Published official responses, by id."""

    serializer_class = serializers.ResponseSerializer
    filterset_class = ResponseFilter

    def get_queryset(self):
        return open_data_responses()


@extend_schema_view(**documented(serializers.TopicSerializer(many=True)))
class TopicList(ApiListView):
    """Topics of live consultations and published proposals, by name."""

    serializer_class = serializers.TopicSerializer
    filter_backends = []

    def get_queryset(self):
        return open_data_topics()


@extend_schema_view(**documented(serializers.AreaSerializer(many=True)))
class AreaList(ApiListView):
    """Areas (districts, neighbourhoods), by name."""

    serializer_class = serializers.AreaSerializer
    filter_backends = []

    def get_queryset(self):
        return Area.objects.order_by("name", "id")


@extend_schema(exclude=True)
class NotFoundView(ApiHeadersMixin, APIView):
    """Any other path under /api/v1/: a JSON 404, like the API's own."""

    renderer_classes = [JSONRenderer]

    def get(self, request, *args, **kwargs):
        raise NotFound


class SchemaView(ApiHeadersMixin, SpectacularAPIView):
    """The OpenAPI 3 schema of this API."""


class DocsView(ApiHeadersMixin, SpectacularSwaggerSplitView):
    """Swagger UI, its files served by this site; its start script is a file of its own
    (`?script`), so the page runs under the site's CSP (no inline script or style)."""

    url_name = "api:schema"
    template_name = "opendata/api_docs.html"
