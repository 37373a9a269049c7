"""python manage.py revoke_role {moderator|official} <consultation-id> <email>"""

from django.core.management.base import CommandError

from consultations.roles import RoleError, revoke_role

from ._roles import RoleCommand


class Command(RoleCommand):
    help = "Take the moderator or official role of one consultation away from a staff member."

    def handle(self, *args, **options) -> None:
        consultation, user, role = self.resolve(options)
        try:
            changed = revoke_role(consultation=consultation, user=user, role=role)
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
        if not changed:
            raise CommandError(
                f"{user.email} is not {role.value} of “{consultation.title}”; nothing to revoke."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.email} is no longer {role.value} of “{consultation.title}” "
                f"(id {consultation.pk})."
            )
        )
