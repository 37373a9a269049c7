"""The files of the open-data contract, under /data/ (no language prefix: the files are the same in
every language)."""

app_name = "data"

urlpatterns: list = []
