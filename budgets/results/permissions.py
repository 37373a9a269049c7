"""Who may count a budget on demand ("allocate" in the permission matrix): the officials of
that consultation and administrators (superusers hold every role). Everyone else, staff of
another consultation included, may only read the published result."""

from consultations.roles import is_official


def may_count(user, consultation) -> bool:
    """Whether `user` may ask for a count of `consultation` (any language version of it)."""
    return is_official(user, consultation.canonical)
