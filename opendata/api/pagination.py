"""Page-number pagination in a stable order: every list ends its ordering with the id."""

from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
PAGE_SIZE_MAX = 100


class ApiPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX
