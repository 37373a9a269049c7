"""Voter tokens: a keyed hash of a citizen and a consultation (DESIGN.md §6, §7).

The same citizen gets the same token within one consultation (so anyone can check that no
one supported twice or beyond the limit in `ballots.csv`) and unrelated tokens across
consultations (so no one can link a person's ballots). The key is `VOTER_TOKEN_KEY` when
set, else derived from `SECRET_KEY`; changing it changes only tokens cast afterwards.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils.encoding import force_bytes


def _key() -> bytes:
    explicit = getattr(settings, "VOTER_TOKEN_KEY", "")
    if explicit:
        return force_bytes(explicit)
    return hashlib.sha256(b"civic.voter-token:" + force_bytes(settings.SECRET_KEY)).digest()


def voter_token(*, citizen_id: int, consultation_id: int) -> str:
    message = f"{consultation_id}:{citizen_id}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()
