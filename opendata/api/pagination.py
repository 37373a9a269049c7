"""Page-number pagination in a stable order: every list ends its ordering with the id.

`page` counts from 1 (a page past the end is a 404); `page_size` is 1 to PAGE_SIZE_MAX
(PAGE_SIZE when absent). A `page_size` that is not such a number is a 400, not ignored."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
PAGE_SIZE_MAX = 100


class ApiPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX

    def get_page_size(self, request) -> int:
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[-1]
        if len(values) > 1 or not value.isascii() or not value.isdigit():
            raise ValidationError({self.page_size_query_param: [_("Expected one whole number.")]})
        size = int(value)
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Expected 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = _("Page number, from 1; a page past the end is a 404.")
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = _(
                    "Results per page: 1 to %(max)s, %(default)s by default."
                ) % {"max": self.max_page_size, "default": self.page_size}
        return parameters
