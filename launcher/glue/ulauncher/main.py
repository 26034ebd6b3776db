"""SmSearch for Ulauncher (extension API 2): passages of health articles.

Copy or link this folder to ~/.local/share/ulauncher/extensions/smsearch.
Type "sm " and a question; Enter opens the passage (`smsearch --open ID`).
"""
import json
import subprocess

from ulauncher.api.client.EventListener import EventListener
from ulauncher.api.client.Extension import Extension
from ulauncher.api.shared.action.ExtensionCustomAction import ExtensionCustomAction
from ulauncher.api.shared.action.RenderResultListAction import RenderResultListAction
from ulauncher.api.shared.event import ItemEnterEvent, KeywordQueryEvent
from ulauncher.api.shared.item.ExtensionResultItem import ExtensionResultItem

SMSEARCH = "smsearch"


def search(question, limit=8):
    """The results of smsearch --format=json for the question ([] if none)."""
    out = subprocess.run([SMSEARCH, "--format=json", "--partial", "-n", str(limit), "--",
                          question], capture_output=True, text=True, timeout=5).stdout
    return json.loads(out)["results"] if out.strip() else []


class Query(EventListener):
    def on_event(self, event, extension):
        question = (event.get_argument() or "").strip()
        hits = search(question) if question else []
        return RenderResultListAction([ExtensionResultItem(
            icon="system-search", name=h["article"]["title"], description=h["snippet"],
            on_enter=ExtensionCustomAction(h["id"])) for h in hits])


class Enter(EventListener):
    def on_event(self, event, extension):
        subprocess.Popen([SMSEARCH, "--open", event.get_data()])


class SmSearch(Extension):
    def __init__(self):
        super().__init__()
        self.subscribe(KeywordQueryEvent, Query())
        self.subscribe(ItemEnterEvent, Enter())


if __name__ == "__main__":
    SmSearch().run()
