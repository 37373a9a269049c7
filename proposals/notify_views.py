"""One-click unsubscribe from notification e-mails (RFC 8058).

GET shows a confirmation page with one button (so link scanners never unsubscribe anyone);
POST, from that button or from a mail client's List-Unsubscribe-Post, sets the preference
to "never". The signed token is the authorisation, so POST needs no CSRF token.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import User

from .notify import user_id_from_token


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
