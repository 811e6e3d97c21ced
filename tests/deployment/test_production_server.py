"""The production configuration, served as production serves it: the ini
from deploy/make-config, gunicorn with deploy/gunicorn.conf.py on a
loopback port, CKAN's jobs worker beside it; ``ckan simore doctor`` finds
nothing to fix, and the portal answers through gunicorn."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import builders
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, dict(response.headers), response.read().decode()


def _wait_until_served(url, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("gunicorn stopped: " + process.stdout.read().decode())
        try:
            return _get(url)
        except OSError:
            time.sleep(0.5)
    pytest.fail("gunicorn did not answer within {} s".format(seconds))


@pytest.fixture
def production_ini(ckan_config, mailbox, tmp_path):
    port = _free_port()
    smtp = ckan_config["smtp.server"]
    ini = tmp_path / "simore.ini"
    made = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "make-config")]
        + ["--site-url", "http://127.0.0.1:{}".format(port), "--database-url", ckan_config["sqlalchemy.url"]]
        + ["--redis-url", ckan_config["ckan.redis.url"], "--storage-path", str(tmp_path / "storage")]
        + ["--smtp-server", smtp, "--smtp-starttls", "false", "--mail-from", "portal@example.gov"]
        + ["--coordination", "coordinacion", "--site-title", "SIMORE 100%", "--site-id", ckan_config["ckan.site_id"]],
        capture_output=True,
        text=True,
        check=True,
    )
    ini.write_text(made.stdout)
    (tmp_path / "storage").mkdir()
    return ini, port


@pytest.fixture
def served(production_ini):
    ini, port = production_ini
    env = dict(os.environ, CKAN_INI=str(ini))
    processes = [
        subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
            + ["--bind", "127.0.0.1:{}".format(port), "--workers", "2"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [str(BIN / "ckan"), "-c", str(ini), "jobs", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        yield ini, "http://127.0.0.1:{}".format(port), processes[0]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_gunicorn_serves_the_portal_and_the_doctor_finds_nothing_to_fix(served):
    ini, base, gunicorn = served
    coordination = builders.institution(name="coordinacion")
    recommendation = builders.recommendation(
        coordination["name"], builders.mechanism(coordination["id"], code="CEDAW")["name"]
    )
    status, headers, body = _wait_until_served(base + "/", gunicorn)
    assert status == 200 and "SIMORE 100%" in body
    assert headers["Server"].startswith("gunicorn")
    status, _, body = _get(base + "/api/3/action/package_search?q=*:*&facet.field=%5B%22dataset_type%22%5D")
    found = json.loads(body)["result"]
    assert status == 200 and found["count"] == 2, found
    status, _, body = _get(base + "/recommendation/")
    assert status == 200 and 'href="/recommendation/{}"'.format(recommendation["name"]) in body
    # the worker registers with Redis once it has started
    deadline = time.monotonic() + 60
    while True:
        doctor = subprocess.run(
            [str(BIN / "ckan"), "-c", str(ini), "simore", "doctor"], capture_output=True, text=True, timeout=120
        )
        if doctor.returncode == 0 or time.monotonic() > deadline or "background worker" not in doctor.stdout:
            break
        time.sleep(1)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert doctor.stdout.rstrip().endswith("checks passed.")


def _make_config(*arguments):
    return subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "make-config")]
        + ["--site-url", "https://derechos.example.gov", "--database-url", "postgresql://ckan:x@localhost/simore"]
        + ["--storage-path", "/var/lib/ckan", "--smtp-server", "mail.example.gov:587"]
        + ["--mail-from", "portal@example.gov", *arguments],
        capture_output=True,
        text=True,
    )


def test_the_configuration_offers_the_portals_languages_as_ckans_locales():
    made = _make_config("--languages", "zh es en fr ar ru pt")
    assert made.returncode == 0, made.stderr
    lines = made.stdout.splitlines()
    assert "ckan.locale_default = zh_Hans_CN" in lines
    assert "ckan.locales_offered = zh_Hans_CN es en fr ar ru pt_BR" in lines
    assert "ckanext.simore.languages = zh es en fr ar ru pt" in lines
    assert "ckanext.simore.required_languages = zh" in lines


def test_a_locale_is_not_a_language_code():
    made = _make_config("--languages", "es pt_BR")
    assert made.returncode != 0 and "--languages" in made.stderr and made.stdout == ""
