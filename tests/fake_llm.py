"""A small OpenAI-compatible chat server on loopback, scripted per test: what it replies, how slowly, with which status."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Script:
    """The next replies: ``content`` as the model's text, or a raw ``body`` / error ``status``, after ``delay`` s."""

    content: str = ""
    status: int = 200
    body: bytes | None = None
    delay: float = 0.0


@dataclass
class FakeLLM:
    script: Script = field(default_factory=Script)
    requests: list[dict] = field(default_factory=list)  # {"path", "headers", "json"} of every request received
    url: str = ""

    def reply_with(self, content: str = "", status: int = 200, body: bytes | None = None, delay: float = 0.0) -> None:
        self.script = Script(content, status, body, delay)


def start_fake_llm() -> tuple[FakeLLM, ThreadingHTTPServer]:
    """The fake and its running server (``server.shutdown()`` stops it); the fake's ``url`` is its /v1 base."""
    fake = FakeLLM()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the http.server API)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            fake.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(raw or b"null")})
            script = fake.script
            if script.delay:
                time.sleep(script.delay)
            if script.body is not None:
                payload = script.body
            else:
                payload = json.dumps({
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": script.content}, "finish_reason": "stop"}],
                }).encode()
            try:
                self.send_response(script.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test): nothing left to do

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    return fake, server
