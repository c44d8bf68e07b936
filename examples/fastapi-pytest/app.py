"""A minimal FastAPI WhatsApp webhook: verification GET, signature check over the raw bytes, fast 200."""
import hashlib
import hmac
import json
import os

import httpx
from fastapi import BackgroundTasks, FastAPI, Request, Response

VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN", "my-verify-token")
APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET", "test-app-secret-0123456789abcdef")
# Replies go through the Graph API; `wa-hook test` points WA_HOOK_GRAPH_URL at its local WhatsApp.
GRAPH_URL = os.environ.get("WA_HOOK_GRAPH_URL", "https://graph.facebook.com/v24.0")
ACCESS_TOKEN = os.environ.get("WHATSAPP_ACCESS_TOKEN")
PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID")

app = FastAPI()
received = []  # what the bot would act on; the tests read it


@app.get("/api/v1/webhooks/whatsapp")
def verify(request: Request):
    q = request.query_params
    if q.get("hub.mode") == "subscribe" and q.get("hub.verify_token") == VERIFY_TOKEN:
        return Response(q.get("hub.challenge", ""), media_type="text/plain")
    return Response("forbidden", status_code=403)


def reply_for(message):
    """What the bot answers: a greeting with two buttons, the choice echoed, anything else repeated."""
    if message.get("type") == "interactive":
        choice = message["interactive"].get("button_reply") or message["interactive"].get("list_reply")
        return {"type": "text", "text": {"body": f"You picked {choice['title']}"}}
    text = message.get("text", {}).get("body", "")
    if text.strip().lower() in ("hi", "hello"):
        buttons = [{"type": "reply", "reply": {"id": id_, "title": title}} for id_, title in (("menu", "Menu"), ("help", "Help"))]
        return {"type": "interactive", "interactive": {"type": "button", "body": {"text": "Hi! How can I help?"}, "action": {"buttons": buttons}}}
    return {"type": "text", "text": {"body": f"You said: {text}"}}


async def answer(messages):
    async with httpx.AsyncClient(timeout=10) as graph:
        for message in messages:
            body = {"messaging_product": "whatsapp", "to": message["from"], **reply_for(message)}
            await graph.post(f"{GRAPH_URL}/{PHONE_NUMBER_ID}/messages", json=body, headers={"Authorization": f"Bearer {ACCESS_TOKEN}"})


@app.post("/api/v1/webhooks/whatsapp")
async def receive(request: Request, background: BackgroundTasks):
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
            messages = change["value"].get("messages", [])
            received.extend(messages)
            if messages and ACCESS_TOKEN and PHONE_NUMBER_ID:
                background.add_task(answer, messages)  # answer Meta at once, reply after
    return Response("EVENT_RECEIVED")


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")), log_level="warning")
