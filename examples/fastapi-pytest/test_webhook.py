"""pytest against fixtures made by wa-hook (see README.md here):

    npx wa-hook send-sample --all --out fixtures --seed 1 --app-secret test-app-secret-0123456789abcdef
"""
import json
import pathlib

import pytest
from fastapi.testclient import TestClient

from app import app, received

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
client = TestClient(app)


def load(name):
    body = (FIXTURES / f"{name}.json").read_bytes()  # bytes, exactly as Meta sends them
    headers = json.loads((FIXTURES / f"{name}.headers.json").read_text())
    return body, headers


def test_verification_get_answers_the_bare_challenge():
    r = client.get("/api/v1/webhooks/whatsapp", params={"hub.mode": "subscribe", "hub.verify_token": "my-verify-token", "hub.challenge": "1158201444"})
    assert r.status_code == 200 and r.text == "1158201444"


def test_text_message_reaches_the_bot():
    body, headers = load("text")
    r = client.post("/api/v1/webhooks/whatsapp", content=body, headers=headers)
    assert r.status_code == 200
    assert received[-1]["type"] == "text"


@pytest.mark.parametrize("name", sorted(p.name[:-5] for p in FIXTURES.glob("*.json") if not p.name.endswith(".headers.json")))
def test_every_sample_is_accepted(name):
    body, headers = load(name)
    assert client.post("/api/v1/webhooks/whatsapp", content=body, headers=headers).status_code == 200


def test_a_tampered_body_is_refused():
    body, headers = load("text")
    r = client.post("/api/v1/webhooks/whatsapp", content=body.replace(b"Hola", b"Hole"), headers=headers)
    assert r.status_code == 401
