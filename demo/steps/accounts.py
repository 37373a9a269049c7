"""Demo accounts, one per role (DESIGN.md §8), and a crowd of citizens."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User

from ..bulk import insert

ROLE_ACCOUNTS = {
    "citizen": ("citizen@example.org", "Sara (citizen)"),
    "moderator": ("moderator@example.org", "Moe (moderator)"),
    "official": ("official@example.org", "Olivia (official)"),
    "approver": ("approver@example.org", "Arash (approver)"),
    "editor": ("editor@example.org", "Elena (editor)"),
    "admin": ("admin@example.org", "Ada (administrator)"),
}
CITIZEN_NAMES = [
    "Maryam",
    "Daniel",
    "Reza",
    "Lena",
    "Omid",
    "Hana",
    "Kian",
    "Nora",
    "Parisa",
    "Tom",
    "Shirin",
    "Jonas",
    "Leila",
    "Amir",
    "Eva",
    "Babak",
    "Mina",
    "Lucas",
    "Niloofar",
    "Yusuf",
]


def _account(email: str, name: str, password_hash: str, **flags) -> User:
    user, _created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "password": password_hash, **flags}
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def seed(ctx) -> None:
    # One hash for every demo account: hashing is deliberately slow, once is enough.
    password_hash = make_password(ctx.password)
    for role, (email, name) in ROLE_ACCOUNTS.items():
        flags = {}
        if role in {"moderator", "official", "approver", "editor"}:
            flags["is_staff"] = True
        if role == "admin":
            flags.update(is_staff=True, is_superuser=True)
        ctx.accounts[role] = _account(email, name, password_hash, **flags)
    citizens = _citizens(ctx.citizens, password_hash)
    ctx.created["citizens"] = citizens
    ctx.log(f"accounts: {len(ROLE_ACCOUNTS)} role accounts, {len(citizens)} citizens")


def _citizens(count: int, password_hash: str) -> list[User]:
    """resident1@… to resident<count>@…, each with a verified address: the ones missing are
    inserted in bulk (a city has 200,000; one query each would take most of the seed)."""
    wanted = {
        f"resident{n + 1}@example.org": f"{CITIZEN_NAMES[n % len(CITIZEN_NAMES)]} {n + 1}"
        for n in range(count)
    }
    ours = {"email__startswith": "resident", "email__endswith": "@example.org"}
    existing = {user.email: user for user in User.objects.filter(**ours) if user.email in wanted}
    fresh = [
        User(email=email, display_name=name, password=password_hash)
        for email, name in wanted.items()
        if email not in existing
    ]
    insert(User, fresh)
    if any(user.pk is None for user in fresh):  # a database that returns no keys
        fresh = list(User.objects.filter(email__in=[user.email for user in fresh]))
    by_email = {**existing, **{user.email: user for user in fresh}}
    verified = set(EmailAddress.objects.filter(**ours).values_list("email", flat=True))
    insert(
        EmailAddress,
        [
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in by_email.values()
            if user.email not in verified
        ],
        ignore_conflicts=True,
    )
    return [by_email[email] for email in wanted]
