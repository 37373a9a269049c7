"""Shared parsing for the grant_role and revoke_role commands."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from consultations.models import ConsultationPage
from consultations.roles import Role


class RoleCommand(BaseCommand):
    def add_arguments(self, parser) -> None:
        parser.add_argument("role", choices=Role.values, help="moderator or official")
        parser.add_argument("consultation_id", type=int, help="id of the consultation page")
        parser.add_argument("email", help="e-mail address of the staff member")

    def resolve(self, options) -> tuple[ConsultationPage, object, Role]:
        try:
            consultation = ConsultationPage.objects.get(pk=options["consultation_id"])
        except ConsultationPage.DoesNotExist:
            raise CommandError(
                f"No consultation has the id {options['consultation_id']}."
            ) from None
        User = get_user_model()
        try:
            user = User.objects.get(email__iexact=options["email"].strip())
        except User.DoesNotExist:
            raise CommandError(f"No account has the e-mail address {options['email']}.") from None
        return consultation.canonical, user, Role(options["role"])
