"""The explorer page in a real browser: headless Chromium, driven by Playwright.

For the isolated SME, the clustered SME and a model file, the page written by
``gametheory-cluster explore`` is opened offline; a slider is moved with the keyboard
and with the mouse, as a student would, and the δ* the page displays must equal the
engine's exact value at the point the sliders show, to 1e-9. The page may request
nothing but its own file.

Needs Debian's ``chromium`` (``/usr/bin/chromium``; ``.ci/run`` installs it) and the
``playwright`` package; without them the tests are skipped with the reason.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import gametheory_cluster as gc
from gametheory_cluster.cli import main
from gametheory_cluster.explorer import DerivedConditions
from gametheory_cluster.explorer.browser import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
MODEL_FILE = ROOT / "docs" / "howto" / "exit_cost_model.toml"
CHROMIUM = chromium_path()

pytest.importorskip("bokeh", reason="the explorer page needs bokeh (the [explore] extra)")
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
if CHROMIUM is None:
    pytest.skip("browser tests need Chromium (apt-get install chromium chromium-driver)",
                allow_module_level=True)

#: case -> (command-line options, the model, the slider moved by keys, the slider dragged)
CASES = {
    "isolated": ([], lambda: gc.RepeatedLending(), "R", "Y"),
    "clustered": (["--exit-cost", "--cluster-rent"],
                  lambda: gc.RepeatedLending(exit_cost=True, cluster_rent=True), "C", "s"),
    "model-file": (["--model", str(MODEL_FILE)], lambda: gc.load_model(MODEL_FILE), "C", "R"),
    # no closed form in delta: the page finds δ* by its scan and bisection of the slacks
    "exclusion": (["--punishment", "exclusion"],
                  lambda: gc.RepeatedLending(punishment="exclusion"), "T", "Y"),
}


@pytest.fixture
def browser():  # one per test: Playwright's sync API cannot nest (see the screenshot test)
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        except Exception as err:  # a broken install: say so, do not fail obscurely
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(err).splitlines()[0]}")
        yield b
        b.close()


def shown(page) -> tuple[str, float | None, dict[str, float]]:
    """(status, δ*, point) as the page displays them."""
    out = page.locator("#delta-star")
    value = out.get_attribute("data-value")
    point = json.loads(page.locator("#point").get_attribute("data-json"))
    return out.get_attribute("data-status"), float(value) if value else None, point


def engine(model, point: dict[str, float]) -> float:
    """The engine's exact δ* at the point (each float read as the exact number it is)."""
    exact = {k: Fraction(v) for k, v in point.items() if k != "delta"}
    return float(model.threshold("delta", **exact).value)


def moved(page, before: dict[str, float]) -> dict[str, float]:
    page.wait_for_function(
        "before => document.getElementById('point').dataset.json !== before",
        arg=json.dumps(before, separators=(",", ":")),
    )
    return shown(page)[2]


@pytest.mark.parametrize("case", list(CASES))
def test_slider_moves_delta_star_to_the_engines_value(case, browser, tmp_path):
    options, make_model, keyed, dragged = CASES[case]
    path = tmp_path / f"{case}.html"
    assert main(["explore", "--out", str(path), *options]) == 0
    model = make_model()
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("document.getElementById('delta-star').dataset.status !== ''")
    status, star, point = shown(page)
    assert status == "threshold" and abs(star - engine(model, point)) <= 1e-9

    names = [s.name for s in DerivedConditions(model).sliders]
    handles = page.locator(".noUi-handle")
    assert handles.count() == len(names)
    # a student presses → five times on one slider ...
    handle = handles.nth(names.index(keyed))
    handle.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    after = moved(page, point)
    assert after[keyed] != point[keyed] and {k: v for k, v in after.items() if k != keyed} == {
        k: v for k, v in point.items() if k != keyed
    }
    status, star, point = shown(page)
    assert status == "threshold" and abs(star - engine(model, point)) <= 1e-9
    # ... and drags another with the mouse
    box = handles.nth(names.index(dragged)).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 25, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    after = moved(page, point)
    assert after[dragged] != point[dragged]
    status, star, point = shown(page)
    assert status == "threshold" and abs(star - engine(model, point)) <= 1e-9
    # the curve is redrawn at the new point and passes through δ* at the current x
    x = DerivedConditions(model).x
    xs = page.evaluate("Bokeh.documents[0].get_model_by_name('curve').data.x")
    ys = page.evaluate("Bokeh.documents[0].get_model_by_name('curve').data.y")
    if point[x] in xs:
        assert ys[xs.index(point[x])] == pytest.approx(star, abs=1e-9)
    assert not errors
    assert requests and all(u.startswith(("file:", "data:")) for u in requests), requests
    context.close()


def test_screenshot_of_the_page(tmp_path):
    """The command the docs' gallery runs: the page and its picture, taken by the same browser."""
    png = tmp_path / "explorer.png"
    assert main(["explore", "--out", str(tmp_path / "explorer.html"), "--exit-cost",
                 "--cluster-rent", "--screenshot", str(png)]) == 0
    header = png.read_bytes()[:24]
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and width == 1280 and height > 600
