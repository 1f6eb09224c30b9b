"""Jupyter server configuration of ``make lab`` and ``make trainer`` (``python -m helpers.lab``
puts this folder on ``JUPYTER_CONFIG_PATH``; see ``helpers/lab.py``)."""
import sys
import warnings
from pathlib import Path

_PROJECT = Path(__file__).resolve().parents[2]
if not any(Path(p or ".").resolve() == _PROJECT for p in sys.path):
    sys.path.append(str(_PROJECT))      # helpers, also when the toolkit is not installed with pip

from helpers.lab import LAB_ROOT, pre_save_hook  # noqa: E402

c = get_config()  # noqa: F821 (given by Jupyter when it reads this file)

# A saved notebook holds no outputs, execution counts or widget state: the next session draws the
# forms again instead of showing "Error displaying widget: model not found".
c.FileContentsManager.pre_save_hook = pre_save_hook
# jupyter_server validates a configured hook twice while it starts and then warns that the hook
# replaces itself ("Overriding existing pre_save_hook"); nothing is replaced.
warnings.filterwarnings("ignore", message="Overriding existing pre_save_hook", category=UserWarning)

# The classroom stays offline: no Jupyter news, no update check.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"

# The workshop's own JupyterLab extension (plain JavaScript, no build step): lab/labextensions/.
c.LabServerApp.extra_labextensions_path = [str(LAB_ROOT / "labextensions")]

# The dashboard's uploads (group files) travel over the kernel's websocket, where tornado closes the
# connection on any message over 10 MiB: the upload button stayed stuck with no word and the next file
# got no answer. Messages up to 64 MiB pass; the dashboard refuses a file over its own limit
# (classroom.MAX_UPLOAD_BYTES) in words, and its page never sends more than classroom.SEND_LIMIT_BYTES
# (under tornado's default, for app mode) in one message: a larger file is refused in the browser.
c.ServerApp.tornado_settings = {"websocket_max_message_size": 64 * 1024 * 1024}
