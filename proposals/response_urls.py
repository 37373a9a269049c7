"""Public-site URLs of the staff response pages (mounted under the language prefix)."""

app_name = "response"
urlpatterns: list = []
