"""The API keeps its own OpenAPI schema: schemathesis sends generated requests (valid and
invalid) to every operation and checks each answer (no 5xx, documented status, content type
and headers, bodies that match the schema, invalid input refused with a 4xx)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import settings

from consultations.models import Department
from tests.factories import (
    AreaFactory,
    make_consultation,
    make_proposal,
    make_response,
    translate_consultation,
)

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(SCHEMA)
application = get_wsgi_application()
EXAMPLES = 12


@pytest.fixture
def api_data(db):
    """A little of everything, so that 200 answers have rows to check."""
    area = AreaFactory(name="North", name_fa="شمال", slug="north")
    consultation = make_consultation(title="Park renewal")
    consultation.areas.add(area)
    consultation.topics.add("trees")
    consultation.department = Department.objects.create(name="Parks", name_fa="پارک‌ها")  # noqa: RUF001
    consultation.save_revision().publish()
    translate_consultation(consultation, title="نوسازی پارک")
    proposal = make_proposal(consultation, area=area, latitude=35.7, longitude=51.4)
    proposal.topics.add("trees")
    make_response(proposal, cost_estimate=1250)
    make_proposal(consultation, state="hidden", public_reason="Spam")
    make_proposal(consultation, state="withdrawn")


def test_the_schema_covers_every_endpoint():
    assert set(SCHEMA["paths"]) == {
        "/api/v1/consultations/",
        "/api/v1/consultations/{id}/",
        "/api/v1/proposals/",
        "/api/v1/proposals/{id}/",
        "/api/v1/responses/",
        "/api/v1/topics/",
        "/api/v1/areas/",
    }
    assert {method for path in SCHEMA["paths"].values() for method in path} == {"get"}


@pytest.fixture
def in_test_transaction():
    """Requests go straight to the WSGI application, as in production; like Django's test
    client, keep its end-of-request hook from closing the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES)
def test_the_api_conforms_to_its_schema(case, api_data, in_test_transaction):
    case.call_and_validate(app=application)


@pytest.mark.django_db
def test_the_schema_is_served_as_json_too(client):
    answer = client.get("/api/v1/schema/?format=json")
    assert answer.status_code == 200
    assert set(answer.json()["paths"]) == set(SCHEMA["paths"])
