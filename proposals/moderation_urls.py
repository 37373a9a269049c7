"""Public-site URLs of the staff moderation pages (mounted under the language prefix)."""

app_name = "moderation"
urlpatterns: list = []
