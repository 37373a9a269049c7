"""Demo accounts, one per role (DESIGN.md §8), and a crowd of citizens."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User

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
    citizens = []
    for n in range(ctx.citizens):
        base = CITIZEN_NAMES[n % len(CITIZEN_NAMES)]
        citizens.append(_account(f"resident{n + 1}@example.org", f"{base} {n + 1}", password_hash))
    ctx.created["citizens"] = citizens
    ctx.log(f"accounts: {len(ROLE_ACCOUNTS)} role accounts, {len(citizens)} citizens")
