"""SmSearch for Albert: passages of health articles (Albert's Python API 4).

Copy or link this folder to Albert's python plugin folder (for example
~/.local/share/albert/python/plugins/smsearch). Type "sm " and a question.
The plugin only runs `smsearch --format=json`; opening a passage is
`smsearch --open ID`.
"""
import json
import subprocess

from albert import (Action, PluginInstance, StandardItem,  # noqa: F401
                    TriggerQueryHandler, makeThemeIcon)

md_iid = "4.0"
md_version = "1.0"
md_name = "SmSearch"
md_description = "Search health articles passage by passage"
md_bin_dependencies = ["smsearch"]

SMSEARCH = "smsearch"


def search(question, limit=20):
    """The results of smsearch --format=json for the question ([] if none)."""
    out = subprocess.run([SMSEARCH, "--format=json", "-n", str(limit), "--", question],
                         capture_output=True, text=True, timeout=5).stdout
    return json.loads(out)["results"] if out.strip() else []


def open_passage(pid):
    subprocess.Popen([SMSEARCH, "--open", pid])


class Plugin(PluginInstance, TriggerQueryHandler):
    def __init__(self):
        PluginInstance.__init__(self)
        TriggerQueryHandler.__init__(self)

    def defaultTrigger(self):
        return "sm "

    def handleTriggerQuery(self, query):
        question = query.string.strip()
        if len(question) < 3:
            return
        hits = search(question)
        if not query.isValid:  # the user typed on
            return
        query.add([StandardItem(
            id=h["id"], text=h["article"]["title"], subtext=h["snippet"],
            icon_factory=lambda: makeThemeIcon("text-x-generic"),
            actions=[Action("open", "Open passage", lambda i=h["id"]: open_passage(i))])
            for h in hits])
