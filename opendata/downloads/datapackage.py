"""`datapackage.json`: a Frictionless Data Package describing every site-wide file, built from
the same column descriptions as the /data/ page (dictionary.py)."""

from django.conf import settings
from django.utils import translation

from .dictionary import FILES, SCHEMA_VERSION, DataFile

PROPOSALS = FILES[0].slug  # proposals.csv, which the other files point at
DATE_FORMATS = {"datetime": "%Y-%m-%dT%H:%M:%SZ", "date": "%Y-%m-%d"}


def table_schema(data_file: DataFile) -> dict:
    json_file = data_file.format == "json"
    fields = []
    for column in data_file.columns:
        kind = column.type_in_json if json_file else column.type
        described = {"name": column.name, "type": kind, "description": str(column.description)}
        if kind in DATE_FORMATS:
            described["format"] = DATE_FORMATS[kind]
        if column.example:
            described["example"] = column.example
        fields.append(described)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if data_file.primary_key:
        schema["primaryKey"] = list(data_file.primary_key)
    if data_file.proposal_keys:
        schema["foreignKeys"] = [
            {"fields": key, "reference": {"resource": PROPOSALS, "fields": "id"}}
            for key in data_file.proposal_keys
        ]
    return schema


def resource(data_file: DataFile, base_url: str) -> dict:
    described = {
        "name": data_file.slug,
        "path": base_url + data_file.name,
        "title": str(data_file.title),
        "description": str(data_file.description),
        "format": data_file.format,
        "mediatype": data_file.media_type,
        "encoding": "utf-8",
        "profile": "tabular-data-resource" if data_file.format == "csv" else "data-resource",
        "schema": table_schema(data_file),
    }
    if data_file.format == "csv":
        described["dialect"] = {"delimiter": ",", "header": True, "lineTerminator": "\r\n"}
    return described


def describe(*, base_url: str) -> dict:
    """The package, in English whatever the reader's language (one description for tools)."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "profile": "data-package",
            "name": "civic-open-data",
            "title": "Civic open data",
            "version": SCHEMA_VERSION,
            "homepage": base_url,
            "licenses": [
                {
                    "name": settings.CONTENT_LICENCE.replace(" ", "-"),
                    "title": settings.CONTENT_LICENCE,
                    "path": settings.CONTENT_LICENCE_URL,
                }
            ],
            "resources": [resource(data_file, base_url) for data_file in FILES],
        }
