"""`kg serve`'s query page in a real browser (Debian's headless Chromium through Playwright):
it makes no request outside its own server, offers the named queries as examples with the
project prefixes declared, and runs one into a results table."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route, sync_playwright

from kg.build import BuildResult
from kg.paths import ProjectPaths, project_paths
from kg.queries import list_queries
from kg.server import Server, start_server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def page_server(built: BuildResult, repo_paths: ProjectPaths, tmp_path_factory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("served-page")
    for name in ("ontology", "seeds"):
        shutil.copytree(repo_paths.root / name, root / name)
    (root / "build").mkdir()
    for name in ("kg.trig", "kg.ttl", "manifest.json"):
        shutil.copy2(repo_paths.build / name, root / "build" / name)
    handle = start_server(project_paths(root), port=0)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_the_query_page_runs_an_example_without_leaving_the_machine(
    page_server: Server, browser: Browser
) -> None:
    origin = page_server.url.rstrip("/")
    outside: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url.startswith(origin + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page = browser.new_page()
    page.route("**/*", guard)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_server.url)
    names = page.eval_on_selector_all("#examples .example", "nodes => nodes.map(n => n.dataset.name)")
    assert names == [q.name for q in list_queries()]
    page.click('#examples .example[data-name="direct-transfers"]')
    text = page.input_value("#query")
    assert (
        "PREFIX kg: <https://w3id.org/rnku-kg/ontology#>" in text and "VALUES (?supplier ?recipient)" in text
    )
    page.click("#run")
    page.wait_for_selector(
        '#results:is([data-state="done"], [data-state="error"])', state="attached", timeout=30_000
    )
    assert page.get_attribute("#results", "data-state") == "done", page.text_content("#status")
    cells = page.eval_on_selector_all("#results td", "nodes => nodes.map(n => n.textContent)")
    assert any("Koksan" in cell for cell in cells)
    assert page.text_content("#status").endswith(" ms") and "rows" in page.text_content("#status")
    page.fill("#query", "SELECT ?s WHERE { ?s a kg:State } LIMIT 3")  # prefixes need no declaration
    page.press("#query", "Control+Enter")
    page.wait_for_selector('#results[data-state="done"]', state="attached", timeout=30_000)
    assert page.eval_on_selector_all("#results tbody tr", "rows => rows.length") == 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-query-page.png"), full_page=True)
    page.close()
    assert outside == [], f"the page asked for {outside}"
    assert errors == []
