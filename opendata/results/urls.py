"""Results pages, "You said, we did" and embeds (inside the language prefix)."""

app_name = "results"

urlpatterns: list = []
