"""deploy/follow-install runs docs/install.md as written: the script it
would run holds every command of sections 1 to 9, in order, with the
reader's values in place of every example, and is valid bash."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = (ROOT / "docs" / "install.md").read_text()


def _printed(*extra):
    made = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "follow-install"), "--print"]
        + ["--domain", "derechos.gob.example", "--smtp-server", "smtp.gob.example:587"]
        + ["--mail-from", "portal@gob.example", "--country", "URY", "--languages", "es pt en"]
        + [
            "--admin-email",
            "admin@gob.example",
            "--institutions",
            str(ROOT / "ckanext/simore/data/institutions-template.csv"),
        ]
        + list(extra),
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    return made.stdout


def test_every_command_of_the_document_is_run_in_order():
    script = _printed("--self-signed")
    headings = re.findall(r"^echo '### (\d)\.", script, flags=re.M)
    assert headings == [str(n) for n in range(1, 10)]
    # the commands that need no value of the reader's are the document's, verbatim
    for command in (
        "python3 -m venv /opt/simore/venv",
        "/opt/simore/venv/bin/pip install /opt/simore/src",
        'sudo -u ckan "${ckan[@]}" db upgrade -p simore',
        "systemctl enable --now simore-web simore-worker simore-reminders.timer",
        'sudo -u ckan "${ckan[@]}" simore doctor',
    ):
        assert command in DOCUMENT and command in script
    positions = [script.index(c) for c in ("db init", "setup-country", "systemctl enable", "nginx -t", "simore doctor")]
    assert positions == sorted(positions)
    subprocess.run(["bash", "-n"], input=script, text=True, check=True)


def test_the_readers_values_replace_every_example():
    script = _printed("--recommendations", str(ROOT / "README.md"), "--mechanisms", "UPR,CEDAW")
    examples = ("YOUR-ORGANIZATION", "PASSWORD", "SECRET", "derechos.example.gov", "mail.example.gov", "@example.gov")
    for example in examples + ("institutions.xlsx", "uhri-export.xlsx"):
        assert example not in script, example
    assert "--site-url https://derechos.gob.example" in script
    assert "--country URY --languages 'es pt en'" in script
    assert "--mechanisms UPR,CEDAW" in script and "--recommendations " + str(ROOT / "README.md") in script
    assert "certbot certonly --nginx -d derechos.gob.example" in script
    # no recommendations file: the option is left out
    assert "--recommendations" not in _printed()
