"""python manage.py grant_role {moderator|official} <consultation-id> <email>"""

from django.core.management.base import CommandError

from consultations.roles import RoleError, grant_role

from ._roles import RoleCommand


class Command(RoleCommand):
    help = "Make a staff member moderator or official of one consultation."

    def handle(self, *args, **options) -> None:
        consultation, user, role = self.resolve(options)
        try:
            changed = grant_role(consultation=consultation, user=user, role=role)
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
        if changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{user.email} is now {role.value} of “{consultation.title}” "
                    f"(id {consultation.pk})."
                )
            )
        else:
            self.stdout.write(
                f"{user.email} already is {role.value} of “{consultation.title}”; nothing changed."
            )
