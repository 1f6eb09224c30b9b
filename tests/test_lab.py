"""``make lab``: the save hook that keeps outputs and widget state out of saved notebooks, and the
configuration JupyterLab starts with (helpers/lab.py, lab/)."""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat
import pytest

from helpers import lab

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _saved_with_widgets() -> dict:
    """A notebook as JupyterLab sends it to the server after a participant filled in a form: the
    project's step 1 with widget views as outputs, execution counts and the widget state."""
    nb = json.loads((ROOT / "notebooks" / "nl" / "01-doelgroep.ipynb").read_text(encoding="utf-8"))
    for i, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = i + 1
        cell["outputs"] = [
            {"output_type": "display_data", "metadata": {},
             "data": {WIDGET_VIEW: {"model_id": f"m{i}", "version_major": 2, "version_minor": 0},
                      "text/plain": "VBox(children=(...))"}},
            {"output_type": "stream", "name": "stdout", "text": "opgeslagen\n"},
            {"output_type": "execute_result", "execution_count": i + 1, "metadata": {},
             "data": {"text/plain": "42"}},
        ]
    nb["metadata"]["widgets"] = {WIDGET_STATE: {"state": {"m0": {"model_name": "VBoxModel"}},
                                                "version_major": 2, "version_minor": 0}}
    return nb


def test_a_notebook_is_saved_without_outputs_counts_or_widget_state():
    nb = _saved_with_widgets()
    before = copy.deepcopy(nb)
    model = {"type": "notebook", "format": "json", "content": nb}
    lab.pre_save_hook(model=model, path="nl/01-doelgroep.ipynb", contents_manager=None)

    assert "widgets" not in nb["metadata"]
    assert nb["metadata"]["kernelspec"] == before["metadata"]["kernelspec"]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    # what the lesson is made of stays: text, code, the cells' metadata (collapsed, tags), their order
    for cell, old in zip(nb["cells"], before["cells"], strict=True):
        assert (cell["cell_type"], cell["source"], cell["metadata"]) == (old["cell_type"], old["source"], old["metadata"])
    assert [c for c in nb["cells"] if c["cell_type"] != "code"] == \
           [c for c in before["cells"] if c["cell_type"] != "code"]
    nbformat.validate(nbformat.from_dict(nb))
    # the clean notebook is the one in git: saving it changes nothing
    assert nb == json.loads((ROOT / "notebooks" / "nl" / "01-doelgroep.ipynb").read_text(encoding="utf-8"))


def test_a_clean_notebook_is_left_as_it_is():
    nb = _saved_with_widgets()
    assert lab.strip_notebook(nb) is True
    again = copy.deepcopy(nb)
    assert lab.strip_notebook(again) is False
    assert again == nb


@pytest.mark.parametrize("model", [
    {"type": "file", "format": "text", "content": '{"cells": [{"cell_type": "code", "outputs": [1]}]}'},
    {"type": "file", "format": "base64", "content": "aGFsbG8="},
    {"type": "directory", "content": None},
    {"type": "notebook", "content": None},                   # a rename or a model without content
    {"type": "file", "format": "json", "content": {"cells": [{"cell_type": "code", "outputs": [1]}],
                                                   "metadata": {"widgets": {}}}},
])
def test_other_files_are_untouched(model):
    before = copy.deepcopy(model)
    lab.pre_save_hook(model=model, path="data/notes.json", contents_manager=None)
    assert model == before


def _server_config(lang: str = "nl"):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("jupyter_server_config.py", path=str(lab.LAB_ROOT / "config")).load_config()


def test_the_server_configuration_sets_the_hook_and_stays_offline():
    config = _server_config()
    assert config.FileContentsManager.pre_save_hook is lab.pre_save_hook
    assert config.LabApp.news_url is None
    assert config.LabApp.check_for_updates_class == "jupyterlab.NeverCheckForUpdate"
    assert config.LabServerApp.extra_labextensions_path == [str(lab.LAB_ROOT / "labextensions")]


def test_the_jupyter_server_writes_a_clean_notebook(tmp_path):
    """Jupyter server's own contents manager, configured by lab/config, saving what JupyterLab sends."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    manager = FileContentsManager(config=_server_config(), root_dir=str(tmp_path))
    manager.save({"type": "notebook", "format": "json", "content": _saved_with_widgets()}, "step.ipynb")
    saved = json.loads((tmp_path / "step.ipynb").read_text(encoding="utf-8"))
    assert "widgets" not in saved["metadata"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in saved["cells"] if c["cell_type"] == "code")
    manager.save({"type": "file", "format": "text", "content": "outputs stay\n"}, "notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "outputs stay\n"


def _overrides(folder: Path) -> dict:
    return json.loads((folder / "labconfig" / "default_setting_overrides.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang, locale", [("nl", "nl_NL"), ("en", "en")])
def test_jupyterlab_speaks_the_workshop_language(lang, locale):
    from jupyterlab_server.translation_utils import get_language_pack, is_valid_locale

    env = lab.environment(lang, base={"JUPYTER_CONFIG_PATH": "/elsewhere"})
    paths = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert paths == [str(lab.LAB_ROOT / lang), str(lab.LAB_ROOT / "config"), "/elsewhere"]
    assert "WORKSHOP_LANG" not in env             # each notebook's folder tells the kernel its language
    assert _overrides(lab.LAB_ROOT / lang)["@jupyterlab/translation-extension:plugin"] == {"locale": locale}
    assert lab.LOCALES[lang] == locale and is_valid_locale(locale)
    if lang == "nl":
        data, message = get_language_pack(locale)   # jupyterlab-language-pack-nl-NL is installed
        assert data and not message, message
        assert data["jupyterlab"]["menu\x04File"] == ["Bestand"]   # gettext: context "menu", message "File"


def test_every_workshop_language_has_its_settings():
    from helpers.i18n import LANGUAGES

    assert set(lab.LOCALES) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert lab.config_path(lang)[0].is_dir()
    with pytest.raises(ValueError):
        lab.config_path("de")


def test_restarting_asks_nothing_and_widget_state_is_never_saved():
    settings = _overrides(lab.LAB_ROOT / "config")
    assert settings["@jupyterlab/apputils-extension:sessionDialogs"] == {"skipKernelRestartDialog": True}
    assert settings["@jupyter-widgets/jupyterlab-manager:plugin"] == {"saveState": False}
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_make_lab_and_make_trainer_lab_start_jupyterlab_through_helpers_lab():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "trainer-lab"):
        recipe = makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
        assert "-m helpers.lab --lang $(LANG_DIR)" in recipe, recipe
        assert "jupyter lab" not in recipe, recipe


def test_the_command_line_passes_jupyterlabs_own_options(monkeypatch):
    started = {}
    monkeypatch.setattr(os, "execve", lambda exe, argv, env: started.update(exe=exe, argv=argv, env=env))
    lab.main(["--lang", "en", "--ServerApp.root_dir=.", "notebooks/en/00-check-in.ipynb"])
    assert started["argv"][1:] == ["-m", "jupyterlab", "--ServerApp.root_dir=.", "notebooks/en/00-check-in.ipynb"]
    assert started["env"]["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(lab.LAB_ROOT / "en")


# --------------------------------------------------------------------------------------------------
# The workshop's JupyterLab extension (lab/labextensions/workshop-lab: plain JavaScript, no build)

EXTENSION = lab.LAB_ROOT / "labextensions" / "workshop-lab"


def test_jupyterlab_finds_the_extension_and_its_file():
    import hashlib

    from jupyterlab_server.config import get_federated_extensions

    found = get_federated_extensions([str(EXTENSION.parent)])
    assert list(found) == ["workshop-lab"]
    build = found["workshop-lab"]["jupyterlab"]["_build"]
    assert build["extension"] == "./extension"
    entry = EXTENSION / build["load"]
    assert entry.is_file(), f"package.json loads {build['load']}, which is not there"
    assert [p.name for p in (EXTENSION / "static").iterdir()] == [entry.name], "an old remoteEntry file is left"
    # The file name carries its content's hash, so a browser never runs a cached older version:
    # after editing the file, rename it to remoteEntry.<first 16 hex digits of its sha256>.js and
    # update "load" in package.json.
    digest = hashlib.sha256(entry.read_bytes()).hexdigest()[:16]
    assert entry.name == f"remoteEntry.{digest}.js"


def test_the_extension_is_plain_javascript_that_parses():
    import shutil
    import subprocess

    source = next((EXTENSION / "static").glob("remoteEntry.*.js")).read_text(encoding="utf-8")
    assert "window._JUPYTERLAB[NAME] = container" in source and "var NAME = 'workshop-lab'" in source
    assert "var TAG = 'helpers'" in source
    assert "http" not in source.replace("https://", "http://").split("*/", 1)[1]   # fetches nothing
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the syntax check needs it (the extension itself does not)")
    out = subprocess.run([node, "-e", "new Function(require('fs').readFileSync(process.argv[1], 'utf8'))",
                          str(next((EXTENSION / "static").glob("remoteEntry.*.js")))],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_every_workshop_page_is_one_the_extension_runs():
    """The extension runs a notebook when opened only if every code cell carries the tag
    ``helpers``: all lesson pages and the trainer's dashboards do."""
    pages = sorted([*(ROOT / "notebooks").glob("*/*.ipynb"), *(ROOT / "workshop").glob("dashboard.*.ipynb")])
    assert len(pages) >= 16
    for path in pages:
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert code and all("helpers" in c.metadata.get("tags", []) for c in code), path.name
