"""A real loopback HTTP server speaking the OpenAI chat-completions protocol, with scripted replies."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: text, or an HTTP error status, optionally after a delay.

    `endless`: a model that never stops on its own: it repeats `text` until the request's token budget
    (one character per token) and says finish_reason "length"; without a budget it runs until the client
    gives up. `echo`: answers with the request's own last user message.
    """

    text: str = ""
    status: int = 200
    delay: float = 0.0
    endless: bool = False
    echo: bool = False


def _budget(body: dict[str, Any]) -> int | None:
    """The request's token budget (OpenAI's two names for it)."""
    value = body.get("max_completion_tokens") or body.get("max_tokens")
    return int(value) if value else None


def _answer(reply: Reply, body: dict[str, Any]) -> tuple[str, str]:
    """The scripted text and finish reason for a request."""
    if reply.echo:
        return [m["content"] for m in body["messages"] if m["role"] == "user"][-1], "stop"
    if reply.endless:
        budget = _budget(body)
        if budget is None:
            time.sleep(3600)  # runs until the client's timeout
        return (reply.text * (budget // max(1, len(reply.text)) + 1))[:budget], "length"
    return reply.text, "stop"


@dataclass
class FakeChatServer:
    """Serves POST /v1/chat/completions on 127.0.0.1 from a queue of replies; records every request."""

    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                """Keep test output quiet."""

            def do_POST(self) -> None:
                """Answer one chat-completions request with the next scripted reply."""
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append(body)
                reply = server.replies.pop(0) if server.replies else Reply("（脚本已用完）")
                time.sleep(reply.delay)
                if reply.status != 200:
                    payload = {"error": {"message": "scripted failure", "type": "server_error", "code": reply.status}}
                else:
                    text, finish = _answer(reply, body)
                    payload = {
                        "id": f"chatcmpl-{len(server.requests)}", "object": "chat.completion", "created": 0,
                        "model": body.get("model", "fake"),
                        "choices": [{"index": 0, "finish_reason": finish,
                                     "message": {"role": "assistant", "content": text}}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    }
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL of the server."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def script(self, *replies: Reply | str) -> None:
        """Queue replies (plain strings are successful answers)."""
        self.replies.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)

    def __enter__(self) -> FakeChatServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def user_prompts(self) -> list[str]:
        """The last user message of every request received."""
        return [[m["content"] for m in r["messages"] if m["role"] == "user"][-1] for r in self.requests]
