"""Write weft subprocess extensions in Python (standard library only, one file).

    from weft_extension import Extension

    ext = Extension("guard", version="1.0")

    @ext.intercept("tool_call")
    def guard(event):
        command = event["tool_args"].get("command", "")
        if event["tool_name"] == "bash" and "rm -rf" in command:
            return {"block": True, "reason": "destructive command refused"}

    @ext.tool("shout", "Upper-cases text", {"type": "object", "properties": {"text": {"type": "string"}}})
    def shout(args, call):
        return args.get("text", "").upper()

    ext.run()

weft puts this file's folder on PYTHONPATH for the extensions it starts, so
`import weft_extension` works without installing anything; you can also copy
the file next to your extension. The protocol is described in
docs/subprocess-extensions.md. Requests are handled one at a time, in the
order they arrive, on the main thread; a handler may block on a dialog
(`ext.ui.confirm(...)`) while weft's answer is read in the background.
`print()` goes to stderr (weft's log for the extension), so it cannot corrupt
the protocol. A handler that raises is logged to stderr: a tool or command
answers with the error; an intercept is left unanswered, so weft's deadline
and policy decide (a failing tool_call guard blocks the call unless the user
configured it to fail open).
"""

import json
import os
import queue
import sys
import threading
import traceback

__all__ = ["Extension"]

_EOF = object()


class Extension:
    def __init__(self, name, version="0.0.0", capabilities=(), protocol=2, stdin=None, stdout=None):
        if not name:
            raise ValueError("Extension needs a name")
        self.name = name
        self.version = version
        self.capabilities = list(capabilities)
        self.protocol = protocol
        #: What weft said in hello_ack (a dict), once the handshake is done.
        self.host = None
        self._stdin = stdin
        self._stdout = stdout
        self._tools = {}
        self._commands = {}
        self._listeners = {}
        self._interceptors = {}
        self._shortcuts = {}
        self._hooks = {"start": [], "panel_key": [], "panel_close": [], "shutdown": []}
        self._waiting = {}
        self._next_id = 1
        self._lock = threading.Lock()
        self.ui = _UI(self)

    # ——— registration (decorators) ———

    def tool(self, name, description, schema=None):
        """handler(args, call) -> str | {"content": str or blocks, "is_error": bool, "terminate": bool (v2)} | None"""
        def register(handler):
            self._tools[name] = (description, schema or {"type": "object", "properties": {}}, handler)
            return handler
        return register

    def command(self, name, description=""):
        """handler(args) -> str (a note) | {"prompt"|"insert"|"display"|"open_panel": ..., "error": ...} | None"""
        def register(handler):
            self._commands[name] = (description, handler)
            return handler
        return register

    def on(self, event):
        """Observes an event: handler(event) with the frame's fields (v2: also event["payload"])."""
        def register(handler):
            self._listeners.setdefault(event, []).append(handler)
            return handler
        return register

    def intercept(self, event):
        """handler(event) -> None | {"block", "reason", "args", "text", "hide", "result" (v2)}"""
        def register(handler):
            self._interceptors[event] = handler
            return handler
        return register

    def shortcut(self, key, description=""):
        """v2: handler() runs when the key is pressed."""
        self._needs_v2("shortcut")

        def register(handler):
            self._shortcuts[key] = (description, handler)
            return handler
        return register

    def on_start(self, handler):
        """handler(host) after the handshake."""
        self._hooks["start"].append(handler)
        return handler

    def on_panel_key(self, handler):
        """handler(panel_id, key, text)"""
        self._hooks["panel_key"].append(handler)
        return handler

    def on_panel_close(self, handler):
        """handler(panel_id)"""
        self._hooks["panel_close"].append(handler)
        return handler

    def on_shutdown(self, handler):
        self._hooks["shutdown"].append(handler)
        return handler

    # ——— things to tell weft ———

    def render_panel(self, panel_id, title="", lines=(), footer=""):
        self._send({"type": "panel_render", "panel_id": panel_id, "title": title, "lines": list(lines), "footer": footer})

    def close_panel(self, panel_id):
        self._send({"type": "panel_close", "panel_id": panel_id})

    def notify(self, message, level="info"):
        self._send({"type": "notify", "level": level, "message": message})

    def log(self, message, level="info"):
        """A line in the extension's log (v1: written to stderr, which goes to the same log)."""
        if self.protocol >= 2:
            self._send({"type": "log", "level": level, "message": message})
        else:
            sys.stderr.write("%s: %s\n" % (level, message))

    def send_message(self, text, deliver="follow_up", trigger_turn=True, custom_type=None, display=True):
        """v2: a message into the conversation; queued per `deliver` while the agent works."""
        self._needs_v2("send_message")
        frame = {"type": "send_message", "text": text, "deliver": deliver, "trigger_turn": trigger_turn, "display": display}
        if custom_type:
            frame["custom_type"] = custom_type
        self._send(frame)

    def set_label(self, entry_id, label=None):
        """v2: labels a session entry (an id from an event's payload); None clears it. Raises with weft's reason."""
        frame = self._call("set_label", {"entry_id": entry_id, "label": label}, "set_label")
        if frame.get("cancelled"):
            raise RuntimeError(frame.get("error") or 'weft did not label entry "%s"' % entry_id)

    def get_label(self, entry_id):
        """v2: the entry's label, or None."""
        return self._call("get_label", {"entry_id": entry_id}, "get_label").get("value")

    @property
    def data_dir(self):
        return (self.host or {}).get("data_dir")

    # ——— running ———

    def run(self):
        """Handshake, registrations, then requests until weft says shutdown or closes stdin."""
        source = self._stdin if self._stdin is not None else sys.stdin.buffer
        if self._stdout is None:
            self._stdout = sys.stdout.buffer
            sys.stdout = sys.stderr  # print() must not write into the protocol
        hello = {"type": "hello", "name": self.name, "version": self.version, "capabilities": self.capabilities}
        if self.protocol >= 2:
            hello["protocol"] = self.protocol
        self._send(hello)
        for name, (description, schema, _) in self._tools.items():
            self._send({"type": "register_tool", "name": name, "description": description, "schema": schema})
        for name, (description, _) in self._commands.items():
            self._send({"type": "register_command", "name": name, "description": description})
        for key, (description, _) in self._shortcuts.items():
            self._send({"type": "register_shortcut", "key": key, "description": description})
        if self._listeners or self._interceptors:
            self._send({"type": "subscribe", "events": list(self._listeners), "intercept": list(self._interceptors)})
        self._send({"type": "ready"})
        inbox = queue.Queue()
        reader = threading.Thread(target=self._read, args=(source, inbox), daemon=True)
        reader.start()
        while True:
            frame = inbox.get()
            if frame is _EOF or frame.get("type") == "shutdown":
                break
            self._dispatch(frame)
        self._shutdown()

    def _read(self, source, inbox):
        for line in _lines(source):
            try:
                frame = json.loads(line.decode("utf-8"))
            except ValueError:
                continue
            if not isinstance(frame, dict):
                continue
            if frame.get("type") == "ui_response":
                waiter = self._waiting.pop(frame.get("id"), None)
                if waiter:
                    waiter.put(frame)
                continue
            inbox.put(frame)
        # weft is gone: nobody will answer an open dialog.
        for waiter in list(self._waiting.values()):
            waiter.put({"cancelled": True})
        inbox.put(_EOF)

    def _dispatch(self, frame):
        kind = frame.get("type")
        if kind == "hello_ack":
            self.host = frame
            for hook in self._hooks["start"]:
                self._guard("on_start", hook, frame)
        elif kind == "tool_call":
            self._answer_tool(frame)
        elif kind == "command_invoked":
            self._answer_command(frame)
        elif kind == "event":
            for listener in self._listeners.get(frame.get("event"), []):
                self._guard("on %s" % frame.get("event"), listener, _event_of(frame))
        elif kind == "event_intercept":
            self._answer_intercept(frame)
        elif kind == "panel_key":
            for hook in self._hooks["panel_key"]:
                self._guard("on_panel_key", hook, frame.get("panel_id"), frame.get("key"), frame.get("text", ""))
        elif kind == "panel_close":
            for hook in self._hooks["panel_close"]:
                self._guard("on_panel_close", hook, frame.get("panel_id"))
        elif kind == "shortcut_invoked":
            entry = self._shortcuts.get(frame.get("key"))
            if entry:
                self._guard("shortcut %s" % frame.get("key"), entry[1])

    def _answer_tool(self, frame):
        entry = self._tools.get(frame.get("name"))
        call = _ToolCall(self, frame.get("id"), frame.get("name"))
        try:
            if entry is None:
                raise LookupError('no tool named "%s"' % frame.get("name"))
            reply = entry[2](frame.get("args") or {}, call)
            is_error = terminate = False
            if isinstance(reply, dict):
                is_error = bool(reply.get("is_error", reply.get("isError", False)))
                terminate = bool(reply.get("terminate"))
                if terminate:
                    self._needs_v2("terminate")
                reply = reply.get("content")
            content = [] if reply is None or reply == "" else _blocks(reply)
        except Exception as error:  # noqa: BLE001 — any failure of the author's code becomes an error result
            self._report("tool %s" % frame.get("name"))
            content, is_error, terminate = _blocks(str(error)), True, False
        result = {"type": "tool_result", "id": frame.get("id"), "content": content, "is_error": is_error}
        self._send(dict(result, terminate=True) if terminate else result)

    def _answer_command(self, frame):
        entry = self._commands.get(frame.get("name"))
        response = {"type": "command_response", "id": frame.get("id")}
        try:
            if entry is None:
                raise LookupError('no command named "%s"' % frame.get("name"))
            response.update(_command_response(entry[1](frame.get("args", ""))))
        except Exception as error:  # noqa: BLE001
            self._report("command %s" % frame.get("name"))
            response.update({"action": "noop", "error": str(error)})
        self._send(response)

    def _answer_intercept(self, frame):
        handler = self._interceptors.get(frame.get("event"))
        try:
            reply = handler(_event_of(frame)) if handler else None
        except Exception:  # noqa: BLE001 — left unanswered: weft's deadline and policy decide
            self._report("intercept %s" % frame.get("event"))
            return
        reply = reply or {}
        response = {"type": "event_intercept_response", "id": frame.get("id"), "block": bool(reply.get("block") or reply.get("hide"))}
        if reply.get("reason") is not None:
            response["reason"] = reply["reason"]
        if reply.get("args") is not None:
            response["modified_args"] = reply["args"]
        if reply.get("text") is not None:
            response["replace_text"] = reply["text"]
        if reply.get("result") is not None:
            response["result"] = reply["result"]
        self._send(response)

    def _shutdown(self):
        for hook in self._hooks["shutdown"]:
            self._guard("on_shutdown", hook)
        self._send({"type": "shutdown_ack"})

    def _request(self, method, params, wait):
        frame = self._call(method, params, "ui.%s" % method, wait)
        return None if frame is None or frame.get("cancelled") else frame.get("value")

    def _call(self, method, params, what, wait=True):
        """One ui_request; when `wait`, its whole ui_response (`error` says why weft could not)."""
        self._needs_v2(what)
        with self._lock:
            request_id = "u%d" % self._next_id
            self._next_id += 1
        answer = queue.Queue(maxsize=1)
        self._waiting[request_id] = answer
        self._send({"type": "ui_request", "id": request_id, "method": method, "params": params})
        return answer.get() if wait else None

    def _send(self, frame):
        data = (json.dumps(frame, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            try:
                self._stdout.write(data)
                self._stdout.flush()
            except (BrokenPipeError, ValueError):
                pass  # weft has gone away; the read loop ends on its own

    def _needs_v2(self, what):
        if self.protocol < 2:
            raise RuntimeError("%s needs protocol 2 (Extension(..., protocol=2))" % what)

    def _guard(self, where, fn, *args):
        try:
            fn(*args)
        except Exception:  # noqa: BLE001
            self._report(where)

    def _report(self, where):
        sys.stderr.write("%s: %s failed:\n%s" % (self.name, where, traceback.format_exc()))
        sys.stderr.flush()


class _ToolCall:
    def __init__(self, ext, call_id, name):
        self._ext = ext
        self.id = call_id
        self.name = name

    def update(self, partial):
        """v2: streams partial output while the tool runs."""
        self._ext._needs_v2("update")
        self._ext._send({"type": "tool_update", "id": self.id, "content": _blocks(partial)})


class _UI:
    """v2: the host's UI. Dialogs block until answered; None (confirm: False) when cancelled or where nobody can answer."""

    def __init__(self, ext):
        self._ext = ext

    def select(self, title, items):
        return self._ext._request("select", {"title": title, "items": list(items)}, True)

    def multi_select(self, title, items):
        return self._ext._request("multi_select", {"title": title, "items": list(items)}, True)

    def confirm(self, title, message=None):
        return self._ext._request("confirm", {"title": title, "message": message}, True) is True

    def input(self, title, placeholder=None, initial=None):
        return self._ext._request("input", {"title": title, "placeholder": placeholder, "initial": initial}, True)

    def editor(self, title, initial=None):
        return self._ext._request("editor", {"title": title, "initial": initial}, True)

    def notify(self, message, level="info"):
        self._ext._request("notify", {"message": message, "level": level}, False)

    def set_status(self, status_id, text):
        self._ext._request("set_status", {"id": status_id, "text": text}, False)

    def set_widget(self, widget_id, lines, placement="above"):
        self._ext._request("set_widget", {"id": widget_id, "lines": list(lines), "placement": placement}, False)

    def remove_widget(self, widget_id):
        self._ext._request("remove_widget", {"id": widget_id}, False)

    def set_header(self, lines):
        self._ext._request("set_header", {"lines": None if lines is None else list(lines)}, False)

    def set_footer(self, lines):
        self._ext._request("set_footer", {"lines": None if lines is None else list(lines)}, False)


def _lines(source):
    """Lines split on LF only. A real file is read with os.read, not through its buffered reader:
    a daemon thread blocked inside the buffered reader holds its lock, and the interpreter would
    then abort at exit waiting for it."""
    try:
        fd = source.fileno()
    except (AttributeError, OSError, ValueError):
        yield from iter(source.readline, b"")
        return
    parts = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            if parts:
                yield b"".join(parts)
            return
        start = 0
        newline = chunk.find(b"\n")
        while newline >= 0:
            parts.append(chunk[start:newline + 1])
            yield b"".join(parts)
            parts = []
            start = newline + 1
            newline = chunk.find(b"\n", start)
        if start < len(chunk):
            parts.append(chunk[start:])


def _event_of(frame):
    return {key: value for key, value in frame.items() if key not in ("type", "id")}


def _blocks(content):
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    blocks = []
    for block in content:
        if isinstance(block, str):
            blocks.append({"type": "text", "text": block})
        elif block.get("type") == "image":
            blocks.append({"type": "image", "data": block["data"], "mime_type": block.get("mime_type") or block.get("mimeType")})
        else:
            blocks.append({"type": "text", "text": block.get("text", "")})
    return blocks


def _command_response(reply):
    if reply is None:
        return {"action": "noop"}
    if isinstance(reply, str):
        return {"action": "display", "display": reply}
    out = {"error": reply["error"]} if reply.get("error") else {}
    for action in ("prompt", "insert", "open_panel", "display"):
        if reply.get(action) is not None:
            out.update({"action": action, action: reply[action]})
            return out
    out["action"] = reply.get("action", "noop")
    return out
