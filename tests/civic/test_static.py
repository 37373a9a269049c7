"""Static files as production collects them: hashed, compressed, every reference resolved."""

import json
import shutil

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings

from civic.health import page_assets
from civic.settings import base

PRODUCTION_STORAGES = {**base.STORAGES}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """`collectstatic` with the production storage, once for this module."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def manifest_paths(root) -> dict:
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def test_production_storage_is_the_hashed_one_whitenoise_serves():
    # The test settings use plain storage; this module checks the one production runs.
    assert PRODUCTION_STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_collectstatic_resolves_every_reference_in_css_and_js(collected):
    # A script naming a missing source map, or a stylesheet a missing image, stops
    # collectstatic with MissingFileError before the fixture returns.
    paths = manifest_paths(collected)
    assert paths["vendor/leaflet/leaflet.js"].startswith("vendor/leaflet/leaflet.")
    assert (collected / paths["vendor/leaflet/leaflet.js"]).exists()


def test_the_vendored_map_script_names_no_source_map():
    leaflet = finders.find("vendor/leaflet/leaflet.js")
    with open(leaflet, encoding="utf-8") as script:
        assert "sourceMappingURL" not in script.read()


def test_stylesheets_point_at_the_hashed_images(collected):
    paths = manifest_paths(collected)
    css = (collected / paths["vendor/leaflet/leaflet.css"]).read_text()
    assert paths["vendor/leaflet/images/layers.png"].rsplit("/", 1)[-1] in css


def test_every_file_a_template_names_is_shipped(collected):
    assert "css/civic.css" in page_assets()
    assert "vendor/leaflet/leaflet.js" in page_assets()
    paths = manifest_paths(collected)
    assert [name for name in page_assets() if name not in paths] == []


def test_collected_files_are_also_compressed_for_whitenoise(collected):
    hashed = manifest_paths(collected)["css/civic.css"]
    assert (collected / f"{hashed}.gz").exists()


@pytest.fixture
def production_static(settings, collected):
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATIC_ROOT = collected
    return collected


@pytest.mark.django_db
def test_healthz_reports_the_static_manifest(client, production_static):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    static = response.json()["static"]
    assert static["ok"] is True
    assert static["manifest"] is True
    assert static["entries"] == len(manifest_paths(production_static))


@pytest.mark.django_db
def test_healthz_fails_when_collectstatic_never_ran(client, settings, tmp_path):
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATIC_ROOT = tmp_path
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["static"] == {"ok": False, "manifest": False, "error": "static manifest missing"}


@pytest.mark.django_db
def test_healthz_names_a_page_asset_missing_from_the_manifest(
    client, settings, tmp_path, collected
):
    root = tmp_path / "static"
    shutil.copytree(collected, root)
    manifest = json.loads((root / "staticfiles.json").read_text())
    del manifest["paths"]["css/civic.css"]
    (root / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATIC_ROOT = root
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["static"]["missing"] == ["css/civic.css"]


@pytest.mark.django_db
def test_healthz_names_a_page_asset_whose_hashed_file_is_gone(
    client, settings, tmp_path, collected
):
    root = tmp_path / "static"
    shutil.copytree(collected, root)
    (root / manifest_paths(root)["js/civic.js"]).unlink()
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATIC_ROOT = root
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["static"]["missing"] == ["js/civic.js"]


@pytest.mark.django_db
def test_healthz_without_hashed_storage_reports_no_manifest(client):
    # Development and the test suite serve the source folders: nothing to check.
    assert client.get("/healthz").json()["static"] == {"ok": True, "manifest": False}
