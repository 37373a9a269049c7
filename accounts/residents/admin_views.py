"""Wagtail admin screen: upload the census, confirm a resident in person, see the counts."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from proposals.exceptions import JourneyError

from .census import CensusFileError
from .forms import CensusUploadForm, StaffConfirmForm
from .models import AttemptOutcome, AttemptTally, CensusEntry, CensusUpload, UploadMode
from .services import can_upload_census, census_upload, resident_confirm_by_staff

RECENT_DAYS = 30


def _upload_message(upload: CensusUpload) -> str:
    if upload.mode == UploadMode.REPLACE:
        return ngettext(
            "The census was replaced: it now lists %(rows)d resident (%(removed)d before).",
            "The census was replaced: it now lists %(rows)d residents (%(removed)d before).",
            upload.rows,
        ) % {"rows": upload.rows, "removed": upload.removed}
    return ngettext(
        "%(rows)d line added to the census: %(added)d new, %(updated)d already listed.",
        "%(rows)d lines added to the census: %(added)d new, %(updated)d already listed.",
        upload.rows,
    ) % {"rows": upload.rows, "added": upload.added, "updated": upload.updated}


@require_http_methods(["GET", "POST"])
def census(request: HttpRequest) -> HttpResponse:
    if not can_upload_census(request.user):
        raise PermissionDenied
    url = reverse("residents_census")
    upload_form, confirm_form = CensusUploadForm(), StaffConfirmForm()
    problems: list[str] = []
    problem_count = 0
    if request.method == "POST" and request.POST.get("action") == "confirm":
        confirm_form = StaffConfirmForm(request.POST)
        if confirm_form.is_valid():
            email = confirm_form.cleaned_data["email"]
            user = get_user_model().objects.filter(email__iexact=email).first()
            if user is None:
                confirm_form.add_error("email", _("No account has this e-mail address."))
            else:
                try:
                    _verification, created = resident_confirm_by_staff(
                        user=user, confirmed_by=request.user
                    )
                except JourneyError as exc:
                    confirm_form.add_error("email", exc.message)
                else:
                    if created:
                        messages.success(
                            request,
                            _("%(user)s is now a verified resident.") % {"user": user.email},
                        )
                    else:
                        messages.info(request, _("This account was already a verified resident."))
                    return redirect(url)
    elif request.method == "POST":
        upload_form = CensusUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            uploaded = upload_form.cleaned_data["census_file"]
            try:
                upload = census_upload(
                    binary_file=uploaded.file,
                    mode=upload_form.cleaned_data["mode"],
                    uploaded_by=request.user,
                )
            except CensusFileError as exc:
                problems, problem_count = exc.problems, exc.total
            except JourneyError as exc:
                upload_form.add_error(None, exc.message)
            else:
                messages.success(request, _upload_message(upload))
                return redirect(url)
    since = timezone.localdate() - timedelta(days=RECENT_DAYS - 1)
    totals = dict(
        AttemptTally.objects.filter(day__gte=since)
        .values_list("outcome")
        .annotate(total=Sum("count"))
        .values_list("outcome", "total")
    )
    attempts = [(outcome.label, totals.get(outcome.value, 0)) for outcome in AttemptOutcome]
    return TemplateResponse(
        request,
        "residents/admin/census.html",
        {
            "upload_form": upload_form,
            "confirm_form": confirm_form,
            "problems": problems,
            "more_problems": problem_count - len(problems),
            "entry_count": CensusEntry.objects.count(),
            "uploads": CensusUpload.objects.select_related("uploaded_by")[:10],
            "attempts": attempts,
            "recent_days": RECENT_DAYS,
            "page_title": _("Census of residents"),
            "header_icon": "group",
        },
        status=400 if problems else 200,
    )
