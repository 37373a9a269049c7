"""Once-only form submissions: a double click or a resent form never writes twice.

Each form carries a random token. The first POST with a token claims it (an atomic
`cache.add`), calls the service, then records what it created; a second POST with the same
token finds the claim and is sent to the first result instead of calling the service again.
A refused submission releases its token so the corrected form can be sent, and so does one
that failed in any other way. A claim still in flight expires after IN_FLIGHT_TTL, so even a
request that never finished (a killed worker) cannot block its form for hours.
"""

import secrets
from dataclasses import dataclass

from django.core.cache import cache

TOKEN_TTL = 60 * 60 * 6
IN_FLIGHT_TTL = 120
IN_FLIGHT = "in-flight"


def new_token() -> str:
    return secrets.token_urlsafe(18)


def _key(kind: str, user_id: int, token: str) -> str:
    return f"civic:once:{kind}:{user_id}:{token}"


@dataclass
class Claim:
    key: str
    fresh: bool
    previous: str | None  # what the first submission recorded (e.g. an id), or IN_FLIGHT

    def done(self, result: object) -> None:
        cache.set(self.key, str(result), TOKEN_TTL)

    def release(self) -> None:
        cache.delete(self.key)

    def __enter__(self) -> "Claim":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        # Anything that escapes the submission (not a refusal the view shows) frees the token.
        if exc_type is not None and self.fresh:
            self.release()


def claim(kind: str, user_id: int, token: str) -> Claim:
    """Claim a submission token. `fresh` is False when it was used (or is being used)."""
    token = (token or "")[:64]
    if not token:
        # No token (an old form, a script): nothing to guard with; let it through.
        return Claim(key=_key(kind, user_id, new_token()), fresh=True, previous=None)
    key = _key(kind, user_id, token)
    if cache.add(key, IN_FLIGHT, IN_FLIGHT_TTL):
        return Claim(key=key, fresh=True, previous=None)
    return Claim(key=key, fresh=False, previous=cache.get(key))
