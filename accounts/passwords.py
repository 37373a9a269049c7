"""The password rules in the project's own words, numbers in the reader's digits.

Django's validators do the checking; only what they say is replaced, so the Persian sign-up
page reads as the rest of the site does (ZWNJ where Persian needs it, Persian digits) instead
of the stock catalogue's mixed wording.
"""

from django.contrib.auth import password_validation as stock
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civic.i18n import localize_digits


class MinimumLengthValidator(stock.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It needs at least %(min)s character.",
            "This password is too short. It needs at least %(min)s characters.",
            self.min_length,
        ) % {"min": localize_digits(self.min_length)}

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min)s character.",
            "At least %(min)s characters.",
            self.min_length,
        ) % {"min": localize_digits(self.min_length)}


class UserAttributeSimilarityValidator(stock.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        # The stock message names a field ("%(verbose_name)s"); the project's says it plainly.
        return _("This password is too much like your e-mail address or name.")

    def get_help_text(self) -> str:
        return _("Not like your e-mail address or name.")


class CommonPasswordValidator(stock.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is too common. Please choose one that is harder to guess.")

    def get_help_text(self) -> str:
        return _("Not a commonly used password.")


class NumericPasswordValidator(stock.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password has only digits. Please add letters or other characters.")

    def get_help_text(self) -> str:
        return _("Not only digits.")
