"""The package's layers, enforced: a module imports only from its own layer or the layers below it.

Every import counts, at module level or inside a function (a deferred import still is a dependency). In
``experiments/`` the package's modules are imported at module level, so that the first lines of a file show
its real graph; a deferred one needs a reason (an import cycle, a heavy optional dependency) in a
``# deferred: ...`` comment on its line.
The layers, bottom to top, are written down in docs/DESIGN.md; a new module must be added here, so a
contributor has to decide where it belongs.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "resnet_lessons"

# bottom to top; a name is a top-level module of the package or a subpackage (its modules share the layer)
LAYERS = (
    ("i18n", "validate", "utils", "citations", "course", "__init__"),  # strings, checks, the package's front door
    ("cache", "blocks"),  # the one cache folder; the residual blocks students read
    ("models", "mlp", "data", "device_data", "distributed"),  # nets and data
    ("summary", "train", "transfer", "debugging"),  # tools on nets: tables, the training loop, transfer, bugs
    ("experiments", "results"),  # config -> result as plain data; the results shipped with the package
    ("plots", "quiz"),  # result -> figure; the quiz's facts (its answer read from the results)
    ("checks", "exercises"),  # exercise checks with hint / solution
    ("widgets", "cli", "__main__"),  # the UIs: notebooks and the command line
)
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def unit(module):
    """The layer unit of ``resnet_lessons.a.b``: the subpackage ``a`` or the module ``a``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path):
    """Every resnet_lessons unit that the file at ``path`` imports, with the line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "resnet_lessons":
            if node.module == "resnet_lessons":  # from resnet_lessons import x: x is a unit or a name of __init__
                for alias in node.names:
                    name = alias.name
                    is_unit = (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists()
                    yield (name if is_unit else "__init__"), node.lineno
            else:
                yield unit(node.module), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "resnet_lessons":
                    yield unit(alias.name), node.lineno


FILES = sorted(PACKAGE.rglob("*.py"))


def own_unit(path):
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def test_every_module_has_a_layer():
    missing = sorted({own_unit(p) for p in FILES} - set(LAYER))
    assert not missing, f"add these to LAYERS in tests/test_layers.py and to docs/DESIGN.md: {missing}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_down_the_layers(path):
    mine = own_unit(path)
    upward = [(target, line) for target, line in imports(path)
              if target in LAYER and LAYER[target] > LAYER[mine]]
    assert not upward, (f"{path.relative_to(PACKAGE.parent)} (layer {LAYER[mine]}, {mine}) imports from a higher "
                        f"layer: " + ", ".join(f"{t} (layer {LAYER[t]}) at line {n}" for t, n in upward))


def test_the_checker_sees_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from resnet_lessons.widgets.quiz import quiz\n")
    assert list(imports(bad)) == [("widgets", 2)]


def deferred_imports(path):
    """The lines of ``path`` that import from resnet_lessons inside a function or class, with no
    ``# deferred: reason`` comment."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for top in ast.parse(source).body:
        if isinstance(top, (ast.Import, ast.ImportFrom)):
            continue
        for node in ast.walk(top):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if any(n.split(".")[0] == "resnet_lessons" for n in names) and \
                    "# deferred:" not in lines[node.lineno - 1]:
                found.append(node.lineno)
    return found


EXPERIMENT_FILES = sorted((PACKAGE / "experiments").glob("*.py"))


@pytest.mark.parametrize("path", EXPERIMENT_FILES, ids=lambda p: p.name)
def test_experiments_import_the_package_at_module_level(path):
    lines = deferred_imports(path)
    assert not lines, (f"{path.relative_to(PACKAGE.parent)}: move the imports at lines {lines} to the top of the file "
                       f"(or say why not in a '# deferred: ...' comment)")


def test_the_checker_sees_a_deferred_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import torch\nfrom resnet_lessons.i18n import t\n\n\ndef f():\n"
                   "    from resnet_lessons.models import cifar_resnet\n"
                   "    from resnet_lessons.mlp import residual_mlp  # deferred: a test\n")
    assert deferred_imports(bad) == [6]



def test_plot_modules_share_code_only_through_common_style_and_layout():
    # a plot module takes what it shares from plots/common.py, style.py or layout.py, never from a sibling plot;
    # recap.py alone is the figure made of the other plots' panels, so it may call them
    shared = {"resnet_lessons.plots", "resnet_lessons.plots.common", "resnet_lessons.plots.style",
              "resnet_lessons.plots.layout"}
    found = []
    for path in sorted((PACKAGE / "plots").glob("*.py")):
        if path.name == "recap.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            found += [f"{path.name}:{node.lineno} {name}" for name in names
                      if name.startswith("resnet_lessons.plots") and name not in shared]
    assert not found, f"plot modules importing from a sibling plot module: {found}"
