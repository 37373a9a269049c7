"""The files of the open-data contract, under /data/ (no language prefix: the files are the same in
every language)."""

from django.urls import path, register_converter

from . import views


class FileNameConverter:
    # The files of DESIGN.md §6, and a budget's pabulib files (§9): budget.pb, budget-<id>.pb.
    regex = r"[a-z_]+\.(?:csv|json)|budget(?:-[0-9]+)?\.pb"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FileNameConverter, "datafile")

app_name = "data"

urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.datapackage_json, name="datapackage"),
    path("<datafile:filename>", views.data_file, name="file"),
    path(
        "consultations/<int:consultation_id>/<datafile:filename>",
        views.data_file,
        name="consultation_file",
    ),
]
