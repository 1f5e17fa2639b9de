#!/usr/bin/env python3
"""server.py - a protocol-faithful model server for canopy's live tests.

Speaks, on 127.0.0.1 only, the wire formats of ../shared/docs/live-models.md:
OpenAI-compatible /v1/completions and /v1/chat/completions (SSE, vLLM's
stop_reason, native n), /v1/models, llama.cpp's /completion (SSE without
[DONE], n>1 refused on /v1 as llama.cpp does), Ollama's /api/generate
(NDJSON) and /api/tags. Outputs are scripted and deterministic.

A fault is chosen by the URL: a base URL of http://127.0.0.1:PORT/f/NAME
makes every request under it misbehave as NAME says (see FAULTS). A name
may carry a tag after a dot (429once.a) so that each test has its own
counter. Every request is appended as one JSON line to PORTFILE.log.

Usage: server.py PORTFILE. The port is written to PORTFILE once the socket
listens. The server stops by itself after LIFETIME seconds.
"""
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LIFETIME = 300
MODEL = "test-model"
COUNTS = {}
LOCK = threading.Lock()
INFLIGHT = [0]      # requests being answered now (logged with each one)

FAULTS = {
    "slow-first": "no byte for 3 s",
    "idle": "two tokens, then silence for 5 s",
    "disconnect": "two tokens, then the connection closes mid-chunk",
    "no-done": "a clean end without the terminator",
    "429once": "429 Retry-After: 1 the first time, then a good answer",
    "429always": "429 Retry-After: 1, always",
    "429hour": "429 Retry-After: 3600",
    "503once": "the family's 503 body the first time, then an answer",
    "500-openai": "500, OpenAI error envelope",
    "500-vllm-old": "500, old vLLM envelope",
    "503-ollama": "503, Ollama 'server busy'",
    "503-llamacpp": "503, llama.cpp 'Loading model'",
    "502-html": "502 HTML page from a proxy",
    "500-empty": "500 with an empty body",
    "401": "401 {\"error\":\"Unauthorized\"}",
    "error-event": "a 200 stream with an error event after two tokens",
    "split": "the stream one byte per write, CRLF, comments, multi-line data",
    "huge": "a stream of 2 MB",
    "bad-utf8": "raw invalid UTF-8 bytes and control bytes in the text",
    "nomodel": "the model list names another model",
    "no-n": "n > 1 refused with llama.cpp's 500, as its /v1 endpoints do",
    "rows": "/pooling returns one row fewer than there are step tags",
    "drip": "a long answer (150 tokens), one token every 10 ms (benchmarks)",
    "slow50": "every answer 50 ms late (benchmarks)",
    "plain-json": "stream: true answered with the family's plain JSON"
                  " (application/json, not a stream)",
}


def answer(i, full):
    """The scripted text of answer i (0-based)."""
    text = "Rerun answer %d: x = %d." % (i + 1, i + 1)
    if full:
        text += "\n\nSo the answer is %d." % (i + 1)
    return text


def tokens(text):
    """The text cut into word tokens that keep their spaces."""
    out, cur = [], ""
    for ch in text:
        cur += ch
        if ch == " ":
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    # ---- plumbing ----

    def split_path(self):
        """(fault, count, rest of the path) of this request."""
        path = self.path
        fault = ""
        if path.startswith("/f/"):
            seg, _, rest = path[3:].partition("/")
            fault, path = seg, "/" + rest
        with LOCK:
            COUNTS[fault] = COUNTS.get(fault, 0) + 1
            count = COUNTS[fault]
        return fault.split(".")[0], count, path

    def record(self, body):
        rec = {"method": self.command, "path": self.path,
               "auth": self.headers.get("Authorization"),
               "accept": self.headers.get("Accept"), "body": body,
               "inflight": INFLIGHT[0], "t": time.time()}
        with LOCK:
            with open(LOGFILE, "a") as f:
                f.write(json.dumps(rec) + "\n")

    def send_json(self, status, obj, headers=None, raw=None, indent=None):
        self.answered()
        data = raw if raw is not None else json.dumps(
            obj, indent=indent).encode()
        ctype = "text/html" if raw is not None else "application/json"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def start_stream(self, ndjson):
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson" if ndjson
                         else "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()

    def chunk(self, data):
        if isinstance(data, str):
            data = data.encode()
        if self.fault == "split":
            for b in data:
                self.wfile.write(b"1\r\n" + bytes([b]) + b"\r\n")
                self.wfile.flush()
                time.sleep(0.0005)
            return
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        self.close_connection = True

    def cut(self):
        """Closes the socket in the middle of the chunked body."""
        self.wfile.write(b"40\r\npartial")
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    # ---- errors of each family ----

    def family_error(self, status, family):
        if self.fault == "502-html":
            return self.send_json(502, None, raw=b"<html><head><title>502"
                                  b" Bad Gateway</title></head><body>nginx"
                                  b"</body></html>")
        if self.fault == "500-empty":
            return self.send_json(500, None, raw=b"")
        if self.fault == "500-vllm-old":
            return self.send_json(500, {"object": "error", "message":
                                        "vLLM engine died", "type":
                                        "InternalServerError", "param": None,
                                        "code": 500})
        if family == "ollama" or self.fault == "503-ollama":
            return self.send_json(status, {"error": "server busy, please"
                                           " try again.  maximum pending"
                                           " requests exceeded"})
        if family == "llamacpp" or self.fault == "503-llamacpp":
            return self.send_json(status, {"error": {
                "code": status, "message": "Loading model",
                "type": "unavailable_error"}})
        return self.send_json(status, {"error": {
            "message": "The server had an error while processing your"
            " request", "type": "server_error", "param": None,
            "code": None}})

    def pre_faults(self, family, count):
        """Faults before any byte; True when the request is answered."""
        f = self.fault
        if f == "slow50":
            time.sleep(0.05)
            return False
        if f == "slow-first":
            time.sleep(3)
            return False
        if f == "401":
            self.send_json(401, {"error": "Unauthorized"})
            return True
        if f == "429once" and count == 1 or f == "429always":
            self.send_json(429, {"error": {"message": "Rate limit reached",
                                           "type": "requests", "code":
                                           "rate_limit_exceeded"}},
                           {"Retry-After": "1"})
            return True
        if f == "429hour":
            self.send_json(429, {"error": {"message": "Rate limit reached",
                                           "type": "requests"}},
                           {"Retry-After": "3600"})
            return True
        if f == "503once" and count == 1:
            self.family_error(503, family)
            return True
        if f in ("500-openai", "500-vllm-old", "502-html", "500-empty"):
            self.family_error(500, family)
            return True
        if f == "503-ollama":
            self.family_error(503, "ollama")
            return True
        if f == "503-llamacpp":
            self.family_error(503, "llamacpp")
            return True
        return False

    # ---- requests ----

    def do_GET(self):
        self.fault, count, path = self.split_path()
        self.record(None)
        if self.pre_faults("openai", count):
            return
        name = "other-model" if self.fault == "nomodel" else MODEL
        if path == "/v1/models":
            return self.send_json(200, {"object": "list", "data": [
                {"id": name, "object": "model", "owned_by": "test"}]})
        if path == "/api/tags":
            return self.send_json(200, {"models": [
                {"name": name + ":latest", "model": name + ":latest"}]})
        if path == "/get_reward":
            return self.send_json(405, {"detail": "Method Not Allowed"})
        if path == "/health":
            return self.send_json(200, {"status": "ok"})
        return self.send_json(404, {"detail": "Not Found"})

    def do_POST(self):
        with LOCK:
            INFLIGHT[0] += 1
        self.counted = True
        try:
            self.post()
        finally:
            self.answered()

    def answered(self):
        """The request is no longer in flight once its answer starts:
        the client may send the next one before this thread is done."""
        if getattr(self, "counted", False):
            self.counted = False
            with LOCK:
                INFLIGHT[0] -= 1

    def post(self):
        self.fault, count, path = self.split_path()
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        try:
            body = json.loads(raw)
        except ValueError:
            self.record(raw.decode("utf-8", "replace"))
            return self.send_json(400, {"error": {"message": "bad JSON"}})
        self.record(body)
        if path in ("/pooling", "/get_reward", "/classify"):
            if self.pre_faults("openai", count):
                return
            return self.reward(path, body)
        family = {"/v1/completions": "openai", "/v1/chat/completions":
                  "openai", "/completion": "llamacpp",
                  "/api/generate": "ollama"}.get(path)
        if family is None:
            return self.send_json(404, {"detail": "Not Found"})
        if self.pre_faults(family, count):
            return
        if self.fault == "no-n" and int(body.get("n") or 1) > 1:
            return self.send_json(500, {"error": {
                "code": 500, "message": "Only one completion choice is"
                " allowed", "type": "server_error"}})
        if self.fault == "plain-json":
            return self.plain(path, family, body)
        full = "\n\n" not in (body.get("stop") or
                              body.get("options", {}).get("stop") or [])
        if family == "openai":
            return self.openai(path, body, full)
        if family == "llamacpp":
            return self.llamacpp(full)
        return self.ollama(full)

    def reward(self, path, body):
        """PRM rows per step tag (0.9, 0.8, ... good), or one reward."""
        if path == "/get_reward":
            return self.send_json(200, {"rewards": [
                round(len(body["query"][0]) / 100.0, 2)]})
        if path == "/classify":
            # A sequence RM: [bad, good], good = the text's length / 1000.
            good = round(len(body["input"][0]) / 1000.0, 3)
            return self.send_json(200, {
                "id": "classify-1", "object": "list", "created": 1,
                "model": body.get("model"), "data": [{
                    "index": 0, "label": "Default", "probs":
                    [round(1 - good, 3), good], "num_classes": 2}],
                "usage": {"prompt_tokens": 9, "total_tokens": 9}})
        tags = body["input"].count("<extra_0>")
        if self.fault == "rows":
            tags -= 1
        rows = [[round(0.1 + 0.1 * i, 2), round(0.9 - 0.1 * i, 2)]
                for i in range(tags)]
        return self.send_json(200, {"id": "pool-1", "object": "list",
                                    "data": [{"index": 0, "object":
                                              "pooling", "data": rows}]})

    def texts(self, k, full):
        if self.fault == "bad-utf8":
            return [b"Bad \xff\xfe bytes \x1b[31mred\x1b[0m \xc2\x9b end."]
        if self.fault == "huge":
            return [("word " * 400000).encode()]
        if self.fault == "drip":
            return [" ".join("w%d.%d" % (i, j) for j in range(150)).encode()
                    for i in range(k)]
        return [answer(i, full).encode() for i in range(k)]

    def pieces(self, text):
        """Tokens of text as JSON string bodies (bytes, raw inside)."""
        if self.fault == "huge":
            word = b"word " * 1000
            return [word] * (len(text) // len(word))
        if self.fault == "bad-utf8":
            # Raw bytes inside the JSON string, as a broken server sends.
            return [text.replace(b"\x1b", b"\\u001b")]
        return [json.dumps(t)[1:-1].encode() for t in
                tokens(text.decode())]

    def stalls(self, sent):
        """Mid-stream faults after `sent` tokens; True if the stream ends."""
        if sent != 2:
            return False
        if self.fault == "idle":
            time.sleep(5)
            self.close_connection = True
            return True
        if self.fault == "disconnect":
            self.cut()
            return True
        return False

    def openai(self, path, body, full):
        chat = path.endswith("chat/completions")
        k = int(body.get("n") or 1)
        self.start_stream(False)
        if self.fault == "split":
            self.chunk(b": ping\r\n\r\n")
        obj = "chat.completion.chunk" if chat else "text_completion"
        texts = self.texts(k, full)
        toks = [self.pieces(t) for t in texts]
        sent = 0
        for j in range(max(len(t) for t in toks)):
            for i, tl in enumerate(toks):
                if j >= len(tl):
                    continue
                if chat:
                    choice = b'{"index":%d,"delta":{"content":"%s"},' \
                             b'"finish_reason":null}' % (i, tl[j])
                else:
                    choice = b'{"index":%d,"text":"%s",' \
                             b'"finish_reason":null}' % (i, tl[j])
                ev = b'{"id":"cmpl-1","object":"%s","model":"%s",' \
                     b'"choices":[%s]}' % (obj.encode(), MODEL.encode(),
                                           choice)
                if self.fault == "split":
                    # One event in two data lines, CRLF ends.
                    cut = ev.index(b'"choices"')
                    self.chunk(b"data: " + ev[:cut] + b"\r\ndata: " +
                               ev[cut:] + b"\r\n\r\n")
                else:
                    self.chunk(b"data: " + ev + b"\n\n")
                if self.fault == "drip":
                    time.sleep(0.01)
                sent += 1
                if self.stalls(sent):
                    return
                if self.fault == "error-event" and sent == 2:
                    self.chunk('data: {"error":{"message":"CUDA out of'
                               ' memory","type":"InternalServerError",'
                               '"code":500}}\n\ndata: [DONE]\n\n')
                    return self.end_stream()
        for i in range(k):
            fin = {"index": i, "finish_reason": "stop",
                   "stop_reason": None if full else "\n\n"}
            if chat:
                fin["delta"] = {}
            else:
                fin["text"] = ""
            self.chunk("data: " + json.dumps({"id": "cmpl-1", "object": obj,
                                              "choices": [fin]}) + "\n\n")
        self.chunk("data: " + json.dumps({
            "id": "cmpl-1", "object": obj, "choices": [],
            "usage": {"prompt_tokens": 42, "completion_tokens": 7 * k,
                      "total_tokens": 42 + 7 * k}}) + "\n\n")
        if self.fault != "no-done":
            self.chunk("data: [DONE]\n\n")
        self.end_stream()

    def plain(self, path, family, body):
        """The answer a server gives when it ignores stream: true."""
        full = "\n\n" not in (body.get("stop") or
                              body.get("options", {}).get("stop") or [])
        k = int(body.get("n") or 1) if family == "openai" else 1
        texts = [answer(i, full) for i in range(k)]
        if family == "llamacpp":
            return self.send_json(200, {
                "content": texts[0], "stop": True, "stop_type":
                "eos" if full else "word", "tokens_predicted": 7,
                "tokens_evaluated": 42})
        if family == "ollama":
            return self.send_json(200, {
                "model": MODEL, "response": texts[0], "done": True,
                "done_reason": "stop", "prompt_eval_count": 42,
                "eval_count": 7})
        chat = path.endswith("chat/completions")
        choices = []
        for i, t in enumerate(texts):
            c = {"index": i, "finish_reason": "stop",
                 "stop_reason": None if full else "\n\n"}
            if chat:
                c["message"] = {"role": "assistant", "content": t}
            else:
                c["text"] = t
            choices.append(c)
        # Pretty-printed, as some proxies do: no line is a JSON value.
        return self.send_json(200, {
            "id": "cmpl-1", "object": "chat.completion" if chat else
            "text_completion", "model": MODEL, "choices": choices,
            "usage": {"prompt_tokens": 42, "completion_tokens": 7 * k,
                      "total_tokens": 42 + 7 * k}}, indent=1)

    def single(self, full, ndjson, piece, error, last):
        """One answer streamed a token a chunk: piece(token) is its chunk,
        error the error event, last(tokens) the closing chunk."""
        self.start_stream(ndjson)
        toks = self.pieces(self.texts(1, full)[0])
        for sent, t in enumerate(toks, 1):
            self.chunk(piece(t))
            if self.stalls(sent):
                return
            if self.fault == "error-event" and sent == 2:
                self.chunk(error)
                return self.end_stream()
        if self.fault != "no-done":
            self.chunk(last(len(toks)))
        self.end_stream()

    def llamacpp(self, full):
        # The error event as llama.cpp before PR 16109: a bare `error:`.
        self.single(
            full, False,
            lambda t: b'data: {"content":"%s","stop":false}\n\n' % t,
            'error: {"code":500,"message":"slot crashed",'
            '"type":"server_error"}\n\n',
            lambda n: "data: " + json.dumps({
                "content": "", "stop": True, "stop_type":
                "eos" if full else "word", "stopping_word":
                "" if full else "\n\n", "tokens_predicted": n,
                "tokens_evaluated": 42}) + "\n\n")

    def ollama(self, full):
        self.single(
            full, True,
            lambda t: b'{"model":"%s","response":"%s","done":false}\n'
            % (MODEL.encode(), t),
            '{"error":"an error was encountered while'
            ' running the model"}\n',
            lambda n: json.dumps({
                "model": MODEL, "response": "", "done": True,
                "done_reason": "stop", "prompt_eval_count": 42,
                "eval_count": n}) + "\n")


def main():
    global LOGFILE
    portfile = sys.argv[1]
    LOGFILE = portfile + ".log"
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Timer(LIFETIME, lambda: os._exit(0)).start()
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
