"""The Albert, Ulauncher and Flow Launcher shims of launcher/glue, against
stubs of those launchers' Python APIs and the real smsearch on PATH.
Usage: test_shims.py GLUE_DIR  (SMSEARCH_DB names an index of the fixtures)
"""
import importlib.util
import json
import subprocess
import sys
import types
import unittest

GLUE = sys.argv.pop(1)


def stub(name, **attrs):
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    sys.modules[name] = mod
    return mod


class Record:
    """A stand-in class that keeps what it was built with."""
    def __init__(self, *args, **kw):
        self.args, self.kw = args, kw


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Popens:
    """Records subprocess.Popen calls instead of running them."""
    def __enter__(self):
        self.calls, self.real = [], subprocess.Popen
        subprocess.Popen = lambda argv, *a, **k: self.calls.append(argv)
        return self

    def __exit__(self, *exc):
        subprocess.Popen = self.real


class Albert(unittest.TestCase):
    def setUp(self):
        class Base:
            def __init__(self, *a, **k):
                pass

        class Handler:
            def __init__(self, *a, **k):
                pass
        stub("albert", PluginInstance=Base, TriggerQueryHandler=Handler, StandardItem=Record,
             Action=Record, makeThemeIcon=lambda name: name)
        self.mod = load(f"{GLUE}/albert/__init__.py", "albert_smsearch")

    def query(self, text):
        q = types.SimpleNamespace(string=text, isValid=True, items=[])
        q.add = q.items.extend
        self.mod.Plugin().handleTriggerQuery(q)
        return q.items

    def test_items_and_opening(self):
        items = self.query("melatonin")
        self.assertEqual(items[0].kw["id"], "sleep#5")
        self.assertEqual(items[0].kw["text"], "Sleep After Surgery")
        self.assertIn("Melatonin can help", items[0].kw["subtext"])
        action = items[0].kw["actions"][0]
        with Popens() as p:
            action.args[2]()
        self.assertEqual(p.calls, [["smsearch", "--open", "sleep#5"]])

    def test_short_and_unknown(self):
        self.assertEqual(self.query("me"), [])
        self.assertEqual(self.query("zzzzzz"), [])
        self.assertEqual(self.mod.Plugin().defaultTrigger(), "sm ")


class Ulauncher(unittest.TestCase):
    def setUp(self):
        class Extension:
            def __init__(self):
                self.subs = {}

            def subscribe(self, event, listener):
                self.subs[event] = listener
        stub("ulauncher")
        for m in ("api", "api.client", "api.shared", "api.shared.action", "api.shared.item"):
            stub("ulauncher." + m)
        stub("ulauncher.api.client.Extension", Extension=Extension)
        stub("ulauncher.api.client.EventListener", EventListener=object)
        stub("ulauncher.api.shared.event", KeywordQueryEvent="kw", ItemEnterEvent="enter")
        stub("ulauncher.api.shared.item.ExtensionResultItem", ExtensionResultItem=Record)
        stub("ulauncher.api.shared.action.RenderResultListAction", RenderResultListAction=Record)
        stub("ulauncher.api.shared.action.ExtensionCustomAction", ExtensionCustomAction=Record)
        self.ext = load(f"{GLUE}/ulauncher/main.py", "ulauncher_smsearch").SmSearch()

    def test_search_as_you_type_and_enter(self):
        event = types.SimpleNamespace(get_argument=lambda: "melat")
        items = self.ext.subs["kw"].on_event(event, self.ext).args[0]
        self.assertEqual(items[0].kw["name"], "Sleep After Surgery")
        self.assertIn("Melatonin", items[0].kw["description"])
        data = items[0].kw["on_enter"].args[0]
        self.assertEqual(data, "sleep#5")
        with Popens() as p:
            self.ext.subs["enter"].on_event(types.SimpleNamespace(get_data=lambda: data), self.ext)
        self.assertEqual(p.calls, [["smsearch", "--open", "sleep#5"]])

    def test_empty_query(self):
        event = types.SimpleNamespace(get_argument=lambda: None)
        self.assertEqual(self.ext.subs["kw"].on_event(event, self.ext).args[0], [])

    def test_manifest(self):
        with open(f"{GLUE}/ulauncher/manifest.json") as f:
            m = json.load(f)
        self.assertEqual(m["required_api_version"], "2")
        self.assertEqual(m["preferences"][0]["type"], "keyword")


class Flow(unittest.TestCase):
    def run_plugin(self, request):
        out = subprocess.run([sys.executable, f"{GLUE}/flow/main.py", json.dumps(request)],
                             capture_output=True, text=True, check=True)
        self.assertEqual(out.stderr, "")  # Flow counts stderr as an error
        return out.stdout

    def test_query(self):
        res = json.loads(self.run_plugin({"method": "query", "parameters": ["melat"]}))["result"]
        self.assertEqual(res[0]["ContextData"], ["sleep#5"])
        self.assertEqual(res[0]["JsonRPCAction"]["method"], "open")
        self.assertEqual(json.loads(self.run_plugin({"method": "query", "parameters": ["zzzzzz"]})),
                         {"result": []})
        self.assertEqual(json.loads(self.run_plugin({"method": "query", "parameters": [""]})),
                         {"result": []})

    def test_open(self):
        flow = load(f"{GLUE}/flow/main.py", "flow_smsearch")
        with Popens() as p:
            self.assertEqual(flow.answer({"method": "open", "parameters": ["W1#0"]}), "")
        self.assertEqual(p.calls, [["smsearch", "--open", "W1#0"]])

    def test_manifest(self):
        with open(f"{GLUE}/flow/plugin.json") as f:
            m = json.load(f)
        self.assertEqual((m["Language"], m["ExecuteFileName"]), ("python", "main.py"))


if __name__ == "__main__":
    unittest.main(verbosity=0)
