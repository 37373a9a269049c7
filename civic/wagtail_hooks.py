"""The admin's share of what every app uses: one small stylesheet on every admin page."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def civic_admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
