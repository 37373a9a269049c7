"""Verified residents from a census: staff upload it, a citizen verifies once, staff confirm."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from wagtail.models import ModelLogEntry

from accounts.models import User
from accounts.residents.models import AttemptTally, CensusEntry, CensusUpload, ResidentClaim
from accounts.residents.services import census_upload, resident_verify
from proposals import services as proposal_services
from proposals.exceptions import VerificationRequired
from proposals.models import ResidentVerification, Support
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db

CENSUS_URL = "/admin/residents/census/"
VERIFY_URL = "/en/profile/resident/"
# Distinctive values, so that a search of the whole database cannot find them by chance.
IDENTIFIER = "QX-7731-9042-KL"
OTHER_IDENTIFIER = "ZR-5510-2288-PM"
CENSUS = f"identifier,birth_year\n{IDENTIFIER},1984\n{OTHER_IDENTIFIER},1961\n"


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def census(admin_user):
    return census_upload(
        binary_file=io.BytesIO(CENSUS.encode()), mode="replace", uploaded_by=admin_user
    )


@pytest.fixture
def citizen(client):
    user = UserFactory()
    client.force_login(user)
    return user


def upload(client, text: str, mode: str = "replace"):
    census_file = SimpleUploadedFile("census.csv", text.encode(), content_type="text/csv")
    return client.post(CENSUS_URL, {"action": "upload", "census_file": census_file, "mode": mode})


def verify(client, identifier: str = IDENTIFIER, factor: str = "1984"):
    return client.post(VERIFY_URL, {"identifier": identifier, "factor": factor})


# --- upload ------------------------------------------------------------------------------


def test_the_census_page_documents_the_columns(admin_client):
    page = admin_client.get(CENSUS_URL).content.decode()
    assert "identifier,birth_year" in page
    assert "identifier,postcode" in page


def test_uploading_a_census_stores_one_hashed_entry_per_resident(admin_client):
    response = upload(admin_client, CENSUS)
    assert response.status_code == 302
    assert CensusEntry.objects.count() == 2
    page = admin_client.get(CENSUS_URL).content.decode()
    assert "it now lists 2 residents (0 before)" in page


def test_a_replacing_upload_drops_the_residents_it_does_not_list(admin_client, census):
    upload(admin_client, "identifier,birth_year\nNEW-1,1990\n")
    assert CensusEntry.objects.count() == 1
    assert CensusUpload.objects.first().removed == 2


def test_an_adding_upload_keeps_the_census_and_counts_new_and_known(admin_client, census):
    upload(admin_client, f"identifier,birth_year\nNEW-1,1990\n{IDENTIFIER},1985\n", mode="add")
    assert CensusEntry.objects.count() == 3
    latest = CensusUpload.objects.first()
    assert (latest.rows, latest.added, latest.updated, latest.removed) == (2, 1, 1, 0)


def test_an_upload_is_in_the_audit_log_with_counts_only(admin_client, admin_user):
    upload(admin_client, CENSUS)
    entry = ModelLogEntry.objects.get(action="residents.census.upload")
    assert entry.user_id == admin_user.pk
    assert entry.data == {
        "mode": "replace",
        "second_factor": "birth_year",
        "rows": 2,
        "added": 2,
        "updated": 0,
        "removed": 0,
    }


def test_a_bad_file_changes_nothing_and_lists_every_problem(admin_client, census):
    before = set(CensusEntry.objects.values_list("identifier_hash", flat=True))
    response = upload(admin_client, "identifier,birth_year\nA-1,1990\nA-1,1990\nB-2,19\n")
    assert response.status_code == 400
    page = response.content.decode()
    assert "the census is unchanged" in page
    assert "Line 3 repeats the identifier of an earlier line." in page
    assert "Line 4: The year of birth must be four digits" in page
    assert set(CensusEntry.objects.values_list("identifier_hash", flat=True)) == before
    assert CensusUpload.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The submitted file is empty."),
        ("name,year\nA,1990\n", "The first line must be the header"),
    ],
)
def test_an_empty_file_or_a_wrong_header_is_explained(admin_client, text, message):
    response = upload(admin_client, text)
    assert message in response.content.decode()
    assert not CensusEntry.objects.exists()


def test_a_census_larger_than_one_batch_is_streamed_from_a_temporary_file(admin_client, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # larger uploads go to disk, not memory
    rows = "".join(f"ID{n:06d},{1930 + n % 90}\n" for n in range(4500))
    upload(admin_client, "identifier,birth_year\n" + rows)
    assert CensusEntry.objects.count() == 4500


def test_staff_without_the_permission_cannot_reach_the_census(client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(CENSUS_URL).status_code in {302, 403}
    assert "Census of residents" not in client.get("/admin/").content.decode()


def test_a_group_with_the_census_permission_may_upload(client):
    group = Group.objects.create(name="Census office")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="upload_census"),
    )
    clerk = UserFactory(is_staff=True)
    clerk.groups.add(group)
    client.force_login(clerk)
    assert "Census of residents" in client.get("/admin/").content.decode()
    assert upload(client, CENSUS).status_code == 302
    assert CensusEntry.objects.count() == 2


# --- the citizen verifies ------------------------------------------------------------------


def test_the_profile_links_to_the_verification(client, citizen):
    assert VERIFY_URL in client.get("/en/profile/").content.decode()


def test_verification_page_needs_a_login(client):
    assert client.get(VERIFY_URL).status_code == 302


def test_without_a_census_the_page_points_to_staff(client, citizen):
    page = client.get(VERIFY_URL).content.decode()
    assert "can confirm your residence in person" in page
    assert "<form" not in page.split("<main", 1)[1]


def test_the_form_asks_for_the_census_second_factor(client, citizen, census):
    page = client.get(VERIFY_URL).content.decode()
    assert '<label for="id_factor">Year of birth' in page
    assert 'aria-describedby="id_identifier_helptext"' in page


def test_a_citizen_verifies_with_identifier_and_birth_year(client, citizen, census):
    response = verify(client, identifier=" qx 7731 9042 kl ", factor="۱۹۸۴")
    assert response.status_code == 302
    verification = ResidentVerification.objects.get(user=citizen)
    assert verification.method == "census"
    assert AttemptTally.objects.get(outcome="verified").count == 1
    assert "You are a verified resident" in client.get(VERIFY_URL).content.decode()


def test_a_wrong_second_factor_is_refused(client, citizen, census):
    response = verify(client, factor="1985")
    assert response.status_code == 400
    assert "We found no resident with this identifier and second factor" in (
        response.content.decode()
    )
    assert not ResidentVerification.objects.exists()
    assert AttemptTally.objects.get(outcome="no_match").count == 1


def test_an_unknown_identifier_is_refused_the_same_way(client, citizen, census):
    response = verify(client, identifier="NOT-LISTED")
    assert "We found no resident" in response.content.decode()


def test_a_malformed_year_is_a_field_error_and_no_attempt(client, citizen, census):
    response = verify(client, factor="84")
    assert "four digits" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not AttemptTally.objects.exists()


def test_attempts_are_limited_per_account(client, citizen, census, settings):
    settings.RESIDENT_VERIFY_ATTEMPTS = 3
    for _attempt in range(3):
        assert verify(client, factor="1900").status_code == 400
    response = verify(client)  # even the right answer, once over the limit
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts" in response.content.decode()
    assert not ResidentVerification.objects.exists()
    assert AttemptTally.objects.get(outcome="limited").count == 1


def test_with_the_cache_unreachable_verification_waits_rather_than_runs_unlimited(
    client, citizen, census, settings
):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1},
        }
    }
    response = verify(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert not ResidentVerification.objects.exists()


def test_the_limit_of_one_account_does_not_stop_another(client, citizen, census, settings):
    settings.RESIDENT_VERIFY_ATTEMPTS = 1
    verify(client, factor="1900")
    client.force_login(UserFactory())
    assert verify(client).status_code == 302


def test_one_identifier_verifies_one_account_only(client, citizen, census):
    verify(client)
    client.force_login(UserFactory())
    response = verify(client)
    assert response.status_code == 409
    assert "already used to verify another account" in response.content.decode()
    assert ResidentVerification.objects.count() == 1
    assert AttemptTally.objects.get(outcome="already_used").count == 1


def test_the_database_refuses_a_second_claim_of_an_identifier(citizen, census):
    from django.db import IntegrityError

    resident_verify(user=citizen, identifier=IDENTIFIER, factor="1984")
    claim = ResidentClaim.objects.get()
    with pytest.raises(IntegrityError):
        ResidentClaim.objects.create(identifier_hash=claim.identifier_hash, user=UserFactory())


def test_replacing_the_census_does_not_free_a_used_identifier(client, citizen, census, admin_user):
    verify(client)
    census_upload(binary_file=io.BytesIO(CENSUS.encode()), mode="replace", uploaded_by=admin_user)
    client.force_login(UserFactory())
    assert verify(client).status_code == 409


def test_a_postcode_census_asks_for_the_postcode(client, citizen, admin_user):
    census_upload(
        binary_file=io.BytesIO(f"identifier,postcode\n{IDENTIFIER},1A 2B3C\n".encode()),
        mode="replace",
        uploaded_by=admin_user,
    )
    assert '<label for="id_factor">Postcode' in client.get(VERIFY_URL).content.decode()
    assert verify(client, factor="1a2b3c").status_code == 302


def test_the_page_speaks_persian(client, citizen, census):
    page = client.get("/fa/profile/resident/").content.decode()
    assert "تأیید سکونت" in page


# --- staff confirmation stays the fallback ----------------------------------------------------


def test_staff_confirm_a_resident_the_census_misses(admin_client, admin_user):
    person = UserFactory(email="sara@example.org")
    response = admin_client.post(CENSUS_URL, {"action": "confirm", "email": "Sara@example.org"})
    assert response.status_code == 302
    verification = ResidentVerification.objects.get(user=person)
    assert (verification.method, verification.verified_by) == ("staff", admin_user)
    assert ModelLogEntry.objects.filter(action="residents.staff.confirm").count() == 1


def test_staff_confirmation_of_an_unknown_address_is_explained(admin_client):
    response = admin_client.post(CENSUS_URL, {"action": "confirm", "email": "nobody@example.org"})
    assert "No account has this e-mail address." in response.content.decode()


def test_a_staff_confirmed_resident_needs_no_census(client, citizen, admin_user):
    proposal_services.resident_confirm(user=citizen, verified_by=admin_user)
    assert "You are a verified resident" in client.get(VERIFY_URL).content.decode()


# --- what verification unlocks -------------------------------------------------------------


def test_a_consultation_for_residents_lets_a_verified_resident_support(client, citizen, census):
    consultation = make_consultation(phase="voting", requires_verified_resident=True)
    proposal = make_proposal(consultation)
    with pytest.raises(VerificationRequired):
        proposal_services.support_cast(citizen=citizen, proposal=proposal)
    verify(client)
    next_request_user = User.objects.get(pk=citizen.pk)
    proposal_services.support_cast(citizen=next_request_user, proposal=proposal)
    assert Support.objects.filter(citizen=citizen, proposal=proposal).exists()


# --- nothing in clear -----------------------------------------------------------------------


def _tables_containing(needle: str) -> list[str]:
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 (names from introspection)
                    f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s",
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def test_no_identifier_is_stored_in_clear_anywhere(admin_client, client):
    upload(admin_client, CENSUS)
    citizen = UserFactory()
    client.force_login(citizen)
    assert verify(client, identifier="qx 7731 9042 kl").status_code == 302
    verify(client, identifier=OTHER_IDENTIFIER, factor="1900")
    assert ResidentVerification.objects.filter(user=citizen).exists()
    # The search works: the citizen's e-mail address is found where it is stored.
    assert _tables_containing(citizen.email)
    for needle in (
        IDENTIFIER,
        "QX77319042KL",
        "7731-9042",
        "77319042",
        OTHER_IDENTIFIER,
        "55102288",
    ):
        assert _tables_containing(needle) == [], needle


# --- one account per identifier under real concurrency (PostgreSQL) ----------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_claims_of_one_identifier_verify_exactly_one_account(admin_user):
    import threading

    from accounts.residents.services import IdentifierAlreadyUsed

    census_upload(binary_file=io.BytesIO(CENSUS.encode()), mode="replace", uploaded_by=admin_user)
    people = [UserFactory() for _ in range(8)]
    gate = threading.Barrier(len(people))
    outcomes: list[str] = []

    def claim(person) -> None:
        try:
            gate.wait()
            resident_verify(user=person, identifier=IDENTIFIER, factor="1984")
            outcomes.append("verified")
        except IdentifierAlreadyUsed:
            outcomes.append("already used")
        except Exception as exc:  # anything else fails the test below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already used"] * 7 + ["verified"]
    assert ResidentClaim.objects.count() == 1
    assert ResidentVerification.objects.count() == 1
