"""How long something waited, or how late it is, in words and the reader's digits."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civic.i18n import localize_digits

register = template.Library()


def _span(earlier: datetime, later: datetime) -> str:
    seconds = max(0, int((later - earlier).total_seconds()))
    days, hours = seconds // 86400, seconds // 3600
    if days:
        text = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    elif hours:
        text = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    else:
        text = _("less than an hour")
    return localize_digits(text)


@register.filter
def waiting_for(since: datetime | None, now: datetime | None = None) -> str:
    """ "waiting 3 days" since `since`."""
    if since is None:
        return ""
    return _("waiting %(span)s") % {"span": _span(since, now or timezone.now())}


@register.filter
def late_by(due: datetime | None, now: datetime | None = None) -> str:
    """ "3 days late" after `due`; "due in 2 days" before it."""
    if due is None:
        return ""
    now = now or timezone.now()
    if due < now:
        return _("%(span)s late") % {"span": _span(due, now)}
    return _("due in %(span)s") % {"span": _span(now, due)}
