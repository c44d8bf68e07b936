"""A minimal FastAPI WhatsApp webhook: verification GET, signature check over the raw bytes, fast 200."""
import hashlib
import hmac
import json
import os

from fastapi import FastAPI, Request, Response

VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN", "my-verify-token")
APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET", "test-app-secret-0123456789abcdef")

app = FastAPI()
received = []  # what the bot would act on; the tests read it


@app.get("/api/v1/webhooks/whatsapp")
def verify(request: Request):
    q = request.query_params
    if q.get("hub.mode") == "subscribe" and q.get("hub.verify_token") == VERIFY_TOKEN:
        return Response(q.get("hub.challenge", ""), media_type="text/plain")
    return Response("forbidden", status_code=403)


@app.post("/api/v1/webhooks/whatsapp")
async def receive(request: Request):
    raw = await request.body()  # the exact bytes: never re-serialize before hashing
    expected = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
        return Response("bad signature", status_code=401)
    payload = json.loads(raw)
    for entry in payload.get("entry", []):
        for change in entry.get("changes", []):
            if change.get("field") != "messages":
                continue
            # Status events have no "messages" and no "contacts[].profile": use .get, never [0] blindly.
            received.extend(change["value"].get("messages", []))
    return Response("EVENT_RECEIVED")
