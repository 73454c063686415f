"""Tests of weft_extension over pipes: run with `python3 -m unittest discover -s sdk/python`."""

import contextlib
import io
import json
import os
import threading
import unittest

from weft_extension import Extension


class Wire:
    """An extension running in a thread, with its stdin and stdout as pipes."""

    def __init__(self, ext):
        read_in, self._write_in = os.pipe()
        self._read_out, write_out = os.pipe()
        ext._stdin = os.fdopen(read_in, "rb")
        ext._stdout = os.fdopen(write_out, "wb")
        self._ext_side = (ext._stdin, ext._stdout)
        self._to_ext = os.fdopen(self._write_in, "wb")
        self._from_ext = os.fdopen(self._read_out, "rb")
        self._pending = []
        self.thread = threading.Thread(target=ext.run, daemon=True)
        self.thread.start()

    def send(self, frame):
        self._to_ext.write((json.dumps(frame) + "\n").encode())
        self._to_ext.flush()

    def next(self, kind):
        for i, frame in enumerate(self._pending):
            if frame["type"] == kind:
                return self._pending.pop(i)
        while True:
            frame = json.loads(self._from_ext.readline())
            if frame["type"] == kind:
                return frame
            self._pending.append(frame)

    def frames_until(self, kind):
        seen = []
        while True:
            frame = json.loads(self._from_ext.readline())
            seen.append(frame)
            if frame["type"] == kind:
                return seen

    def close(self):
        if not self._to_ext.closed:
            self._to_ext.close()
        self.thread.join(5)
        for stream in (self._from_ext, *self._ext_side):
            stream.close()


class ExtensionTests(unittest.TestCase):
    def test_announces_registrations_subscriptions_then_ready(self):
        ext = Extension("demo", version="2.0")
        ext.tool("t", "T", {"type": "object", "properties": {"a": {"type": "string"}}})(lambda args, call: "")
        ext.command("c", "C")(lambda args: None)
        ext.shortcut("ctrl+k", "K")(lambda: None)
        ext.on("turn_end")(lambda event: None)
        ext.intercept("tool_call")(lambda event: None)
        wire = Wire(ext)
        self.assertEqual(wire.frames_until("ready"), [
            {"type": "hello", "name": "demo", "version": "2.0", "capabilities": [], "protocol": 2},
            {"type": "register_tool", "name": "t", "description": "T", "schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
            {"type": "register_command", "name": "c", "description": "C"},
            {"type": "register_shortcut", "key": "ctrl+k", "description": "K"},
            {"type": "subscribe", "events": ["turn_end"], "intercept": ["tool_call"]},
            {"type": "ready"},
        ])
        wire.close()

    def test_answers_tool_calls_with_blocks_errors_and_progress(self):
        ext = Extension("demo")

        @ext.tool("echo", "E")
        def echo(args, call):
            call.update("working")
            return {"content": [{"type": "text", "text": args["text"]}, {"type": "image", "data": "AA==", "mime_type": "image/png"}]}

        @ext.tool("boom", "B")
        def boom(args, call):
            raise RuntimeError("kaput")

        wire = Wire(ext)
        quiet = contextlib.redirect_stderr(io.StringIO())
        quiet.__enter__()
        self.addCleanup(quiet.__exit__, None, None, None)
        wire.send({"type": "tool_call", "id": "t1", "name": "echo", "args": {"text": "hi"}})
        self.assertEqual(wire.next("tool_update"), {"type": "tool_update", "id": "t1", "content": [{"type": "text", "text": "working"}]})
        self.assertEqual(wire.next("tool_result"), {
            "type": "tool_result", "id": "t1", "is_error": False,
            "content": [{"type": "text", "text": "hi"}, {"type": "image", "data": "AA==", "mime_type": "image/png"}],
        })
        wire.send({"type": "tool_call", "id": "t2", "name": "boom", "args": {}})
        self.assertEqual(wire.next("tool_result"), {"type": "tool_result", "id": "t2", "content": [{"type": "text", "text": "kaput"}], "is_error": True})
        wire.close()

    def test_answers_commands_with_the_action_their_reply_implies(self):
        ext = Extension("demo")
        replies = {"say": "said", "ask": {"prompt": "question"}, "panel": {"open_panel": {"id": "p"}}, "none": None}

        @ext.command("c", "C")
        def c(args):
            if args == "bad":
                raise ValueError("no such thing")
            return replies[args]

        wire = Wire(ext)
        results = []
        quiet = contextlib.redirect_stderr(io.StringIO())
        quiet.__enter__()
        self.addCleanup(quiet.__exit__, None, None, None)
        for args in ("say", "ask", "panel", "none", "bad"):
            wire.send({"type": "command_invoked", "id": args, "name": "c", "args": args})
            frame = wire.next("command_response")
            del frame["type"], frame["id"]
            results.append(frame)
        self.assertEqual(results, [
            {"action": "display", "display": "said"},
            {"action": "prompt", "prompt": "question"},
            {"action": "open_panel", "open_panel": {"id": "p"}},
            {"action": "noop"},
            {"action": "noop", "error": "no such thing"},
        ])
        wire.close()

    def test_maps_intercept_replies_and_leaves_a_failing_one_unanswered(self):
        ext = Extension("demo", protocol=1)
        events = []
        ext.on("turn_start")(events.append)

        @ext.intercept("tool_call")
        def guard(event):
            if event["tool_name"] == "bash":
                return {"block": True, "reason": "no shell"}
            if event["tool_name"] == "write":
                return {"args": {"path": "/safe"}}
            if event["tool_name"] == "broken":
                raise RuntimeError("bug")
            return None

        wire = Wire(ext)
        wire.send({"type": "event", "event": "turn_start", "step": 3})
        answers = []
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            for i, tool in enumerate(("bash", "write", "read", "broken", "read")):
                wire.send({"type": "event_intercept", "id": "i%d" % i, "event": "tool_call", "tool_name": tool, "tool_args": {}})
            for _ in range(4):
                answers.append(wire.next("event_intercept_response"))
        self.assertIn("intercept tool_call failed", stderr.getvalue())
        self.assertEqual(answers, [
            {"type": "event_intercept_response", "id": "i0", "block": True, "reason": "no shell"},
            {"type": "event_intercept_response", "id": "i1", "block": False, "modified_args": {"path": "/safe"}},
            {"type": "event_intercept_response", "id": "i2", "block": False},
            {"type": "event_intercept_response", "id": "i4", "block": False},
        ])
        self.assertEqual(events, [{"event": "turn_start", "step": 3}])
        wire.close()

    def test_dialogs_block_until_answered_and_cancelled_is_none(self):
        ext = Extension("demo")
        answers = []

        @ext.command("ask")
        def ask(args):
            answers.append(ext.ui.confirm("Deploy?", "to prod"))
            answers.append(ext.ui.select("Which?", ["a", "b"]))
            return "asked"

        wire = Wire(ext)
        wire.send({"type": "command_invoked", "id": "c1", "name": "ask", "args": ""})
        request = wire.next("ui_request")
        self.assertEqual(request, {"type": "ui_request", "id": "u1", "method": "confirm", "params": {"title": "Deploy?", "message": "to prod"}})
        wire.send({"type": "ui_response", "id": "u1", "value": True})
        wire.send({"type": "ui_response", "id": wire.next("ui_request")["id"], "cancelled": True})
        self.assertEqual(wire.next("command_response")["display"], "asked")
        self.assertEqual(answers, [True, None])
        wire.close()

    def test_a_tool_reply_may_end_the_run_and_labels_are_set_and_read(self):
        ext = Extension("demo")
        seen = []
        ext.tool("final", "F")(lambda args, call: {"content": "the answer", "terminate": True})

        @ext.command("mark")
        def mark(args):
            ext.set_label("e1", "checkpoint")
            seen.append(ext.get_label("e1"))
            try:
                ext.set_label("nope", "x")
            except RuntimeError as error:
                seen.append(str(error))
            return "marked"

        wire = Wire(ext)
        wire.send({"type": "tool_call", "id": "t1", "name": "final", "args": {}})
        self.assertEqual(wire.next("tool_result"), {
            "type": "tool_result", "id": "t1", "content": [{"type": "text", "text": "the answer"}], "is_error": False, "terminate": True,
        })
        wire.send({"type": "command_invoked", "id": "c1", "name": "mark", "args": ""})
        request = wire.next("ui_request")
        self.assertEqual(request, {"type": "ui_request", "id": "u1", "method": "set_label", "params": {"entry_id": "e1", "label": "checkpoint"}})
        wire.send({"type": "ui_response", "id": "u1", "value": None})
        request = wire.next("ui_request")
        self.assertEqual((request["method"], request["params"]), ("get_label", {"entry_id": "e1"}))
        wire.send({"type": "ui_response", "id": request["id"], "value": "checkpoint"})
        request = wire.next("ui_request")
        wire.send({"type": "ui_response", "id": request["id"], "cancelled": True, "error": "no such entry"})
        self.assertEqual(wire.next("command_response")["display"], "marked")
        self.assertEqual(seen, ["checkpoint", "no such entry"])
        wire.close()

    def test_shutdown_runs_handlers_and_acknowledges(self):
        ext = Extension("demo")
        order = []
        ext.on_shutdown(lambda: order.append("cleanup"))
        wire = Wire(ext)
        wire.send({"type": "shutdown"})
        self.assertEqual(wire.next("shutdown_ack"), {"type": "shutdown_ack"})
        wire.thread.join(5)
        self.assertFalse(wire.thread.is_alive())
        self.assertEqual(order, ["cleanup"])
        wire.close()

    def test_v1_has_no_protocol_field_and_v2_calls_say_what_they_need(self):
        ext = Extension("demo", protocol=1, stdout=io.BytesIO())
        with self.assertRaisesRegex(RuntimeError, "needs protocol 2"):
            ext.send_message("hi")
        with self.assertRaisesRegex(RuntimeError, "needs protocol 2"):
            ext.ui.confirm("x")
        with self.assertRaisesRegex(RuntimeError, "needs protocol 2"):
            ext.set_label("e1", "x")
        wire = Wire(ext)
        self.assertEqual(wire.next("hello"), {"type": "hello", "name": "demo", "version": "0.0.0", "capabilities": []})
        wire.close()


if __name__ == "__main__":
    unittest.main()
