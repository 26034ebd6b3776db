"""SmSearch for Flow Launcher (JSON-RPC, Python plugin).

Flow runs this with one argument, a JSON request: {"method": "query",
"parameters": [QUESTION]} while the user types, and {"method": "open",
"parameters": [ID]} when a result is picked. A query's answer is what
`smsearch --format=flow` prints; an open is `smsearch --open ID`.
"""
import json
import subprocess
import sys

SMSEARCH = "smsearch"


def answer(request):
    """What to print for the request (a JSON string, or "" for none)."""
    method, params = request.get("method"), request.get("parameters") or [""]
    if method == "query":
        question = str(params[0]).strip()
        if not question:
            return json.dumps({"result": []})
        out = subprocess.run([SMSEARCH, "--format=flow", "--partial", "-n", "20", "--",
                              question], capture_output=True, text=True).stdout
        return out.strip() or json.dumps({"result": []})
    if method == "open":
        subprocess.Popen([SMSEARCH, "--open", str(params[0])])
    return ""


if __name__ == "__main__":
    reply = answer(json.loads(sys.argv[1]) if len(sys.argv) > 1 else {})
    if reply:
        print(reply)
