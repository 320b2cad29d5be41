"""The import graph of pipelines/, dashboards/, reports/ and demo/: no circles, and no layer reaching up.

Layers, bottom to top:
    readers     pipelines/sources, pipelines/warehouse.py, pipelines/privacy.py, pipelines/config.py
    runtime     the rest of pipelines/ (assets, checks, run, sensors, definitions)
    dashboards  reads the published snapshot; of the runtime only pipelines.config
    demo        the synthetic-region generator, its own package; of the runtime only pipelines.config
    reports     council reports: read the snapshot through dashboards.data, as the council's dashboard does;
                of the runtime only the readers (config, privacy, warehouse)
    cli         pipelines/cli.py: the top, the only runtime module that may reach dashboards and demo;
                it and the Dagster wiring of reports (pipelines/rapporten.py) may call reports, and of
                the dashboards only the page scripts (views/) may

Every import counts, also one inside a function or under ``if TYPE_CHECKING``: a lazy import
hides a circle from the interpreter, not from a reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipelines", "dashboards", "reports", "demo")

READERS = ("pipelines.sources", "pipelines.warehouse", "pipelines.privacy", "pipelines.config")
ABOVE_READERS = (
    "pipelines.assets",
    "pipelines.definitions",
    "pipelines.sensors",
    "pipelines.cli",
    "pipelines.run",
    "dashboards",
    "reports",
    "demo",
)
CLI = "pipelines.cli"
REPORT_CALLERS = (CLI, "pipelines.rapporten", "dashboards.views")
# The gate's verdict names (a leaf of constants): the report schedule waits for a passed gate.
REPORTS_MAY_USE = (*READERS, "pipelines.gate.staten")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "__pycache__" not in path.parts
    }


MODULES = _modules()


def _within(module: str, prefixes: tuple[str, ...] | str) -> bool:
    prefixes = (prefixes,) if isinstance(prefixes, str) else prefixes
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    """The absolute module of a ``from ... import`` (relative imports too)."""
    if not node.level:
        return node.module or ""
    is_package = MODULES[importer].name == "__init__.py"
    base = importer.split(".")[: len(importer.split(".")) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported module of ours, line, inside a function) for every import in ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"), filename=str(MODULES[module]))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno, in_function) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            for alias in node.names:
                # `from pkg import name` imports the module pkg.name when there is one.
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in MODULES else target, node.lineno, in_function))
        for child in ast.iter_child_nodes(node):
            visit(child, in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visit(tree, False)
    return [(target, line, lazy) for target, line, lazy in found if _within(target, PACKAGES) and target != module]


GRAPH = {module: _imports(module) for module in MODULES}


def _edges(source_filter, target_filter, allow=lambda source, target: False) -> list[str]:
    return [
        f"{MODULES[source].relative_to(ROOT)}:{line} imports {target}"
        for source, imports in sorted(GRAPH.items())
        if source_filter(source)
        for target, line, _ in imports
        if target_filter(target) and not allow(source, target)
    ]


def _circles() -> list[tuple[str, ...]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    graph = {m: sorted({t for t, _, _ in GRAPH[m] if t in MODULES}) for m in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[tuple[str, ...]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(tuple(sorted(component)))
    return sorted(out)


def test_the_scan_sees_the_packages():
    for module in ("pipelines.cli", "pipelines.sources.base", "dashboards", "demo", "demo.writers"):
        assert module in MODULES
    assert any(target == "demo" for target, _, _ in GRAPH[CLI])


def test_no_import_circles():
    assert _circles() == []


def test_readers_do_not_import_upward():
    assert _edges(lambda s: _within(s, READERS), lambda t: _within(t, ABOVE_READERS)) == []


def test_dashboards_use_only_the_config_of_the_runtime():
    assert (
        _edges(
            lambda s: _within(s, "dashboards"), lambda t: _within(t, "pipelines") and not _within(t, "pipelines.config")
        )
        == []
    )


def test_reports_use_only_the_readers_and_the_gate_verdicts_of_the_runtime():
    assert (
        _edges(lambda s: _within(s, "reports"), lambda t: _within(t, "pipelines") and not _within(t, REPORTS_MAY_USE))
        == []
    )


def test_only_the_cli_the_report_job_and_page_scripts_call_reports():
    assert _edges(lambda s: not _within(s, ("reports", *REPORT_CALLERS)), lambda t: _within(t, "reports")) == []


def test_runtime_does_not_import_demo_or_dashboards():
    assert _edges(lambda s: _within(s, "pipelines") and s != CLI, lambda t: _within(t, ("demo", "dashboards"))) == []


def test_cli_loads_the_generator_only_when_asked():
    """`stuurwiel load` and `serve` never import the generator: the CLI imports it inside a command."""
    assert [line for target, line, lazy in GRAPH[CLI] if _within(target, "demo") and not lazy] == []


def test_demo_uses_only_the_config_of_the_runtime():
    assert (
        _edges(
            lambda s: _within(s, "demo"),
            lambda t: _within(t, ("pipelines", "dashboards")) and not _within(t, "pipelines.config"),
        )
        == []
    )
