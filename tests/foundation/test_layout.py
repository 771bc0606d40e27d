"""The layering the README promises, read from the source: who may import whom.

- prevent_site/ holds configuration only;
- core/ imports no app; no app and not core imports reports/ or bench/;
- the packages' import graph has no cycle.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = {"pages", "training", "referrals"}
PACKAGES = {"prevent_site", "core", "reports", "bench", *APPS}


def imported_packages(package):
    """{imported top-level project package: [file:line, ...]} for every .py file of `package`."""
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in PACKAGES and top != package:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(top, []).append(where)
    return found


def test_prevent_site_is_configuration_only():
    modules = {
        path.name for path in (ROOT / "prevent_site").iterdir() if path.name != "__pycache__"
    }
    assert modules == {"__init__.py", "settings.py", "urls.py", "wsgi.py", "asgi.py"}


def test_the_kernel_imports_no_app_and_nothing_imports_reports_or_bench():
    assert imported_packages("core") == {}
    for package in ("core", *APPS):
        found = imported_packages(package)
        assert "reports" not in found, found["reports"]
        assert "bench" not in found, found["bench"]
        assert "prevent_site" not in found, found["prevent_site"]


def test_the_packages_import_graph_has_no_cycle():
    graph = {package: set(imported_packages(package)) for package in PACKAGES - {"bench"}}
    # bench/settings.py and bench/urls.py build on the configuration, as the tests do.
    graph = {package: edges - {"bench"} for package, edges in graph.items()}
    visiting, done = set(), set()

    def visit(package, path):
        assert package not in visiting, "import cycle: " + " -> ".join([*path, package])
        if package in done:
            return
        visiting.add(package)
        for target in sorted(graph.get(package, ())):
            visit(target, [*path, package])
        visiting.discard(package)
        done.add(package)

    for package in sorted(graph):
        visit(package, [])
