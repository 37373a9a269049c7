"""The inbox, and one-click unsubscribe from notification e-mails (RFC 8058).

Unsubscribe: GET shows a confirmation page with one button (so link scanners never
unsubscribe anyone); POST, from that button or from a mail client's List-Unsubscribe-Post,
sets the preference to "never". The signed token is the authorisation, so POST needs no CSRF token.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import User
from proposals.models import Notification
from proposals.notifications.services import notifications_mark_read, user_id_from_token

INBOX_PER_PAGE = 25


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_id = user_id_from_token(token)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        User.objects.filter(pk=user.pk).update(email_notifications=User.Notify.NEVER)
        done = True
    return render(
        request, "notifications/unsubscribe.html", {"done": done, "token": token, "invalid": False}
    )


@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        ids = request.POST.getlist("id")
        chosen = [int(value) for value in ids if value.isdigit()] if ids else None
        count = notifications_mark_read(recipient=request.user, ids=chosen)
        if count:
            messages.success(request, _("Marked as read."))
        return redirect("notifications:inbox")
    rows = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    page_obj = Paginator(rows, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page_obj,
            "notifications": list(page_obj.object_list),
            "unread": Notification.objects.filter(recipient=request.user).unread().count(),
        },
    )
