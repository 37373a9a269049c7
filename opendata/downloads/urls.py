"""The files of the open-data contract, under /data/ (no language prefix: the files are the same in
every language)."""

from django.urls import path, register_converter

from . import views


class FileNameConverter:
    regex = r"[a-z_]+\.(?:csv|json)"

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
